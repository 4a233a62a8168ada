// Copyright 2026 The jwtv Authors.
//
// EdDSA with Ed25519 (RFC 8037), through the backend's Ed25519Verifier.

#include "absl/status/status.h"
#include "crypto/backend.h"
#include "crypto/prepared_key.h"

namespace jwtv::internal {
namespace {

constexpr size_t kPublicKeyBytes = 32;
constexpr size_t kSignatureBytes = 64;

class Ed25519Key final : public PreparedKey {
 public:
  explicit Ed25519Key(std::unique_ptr<Ed25519Verifier> verifier)
      : PreparedKey(KeyType::kOkp, Curve::kEd25519, 256),
        verifier_(std::move(verifier)) {}

  bool Verify(Algorithm alg, std::string_view signing_input,
              Bytes signature) const override {
    if (alg != Algorithm::kEdDSA) return false;
    if (signature.size() != kSignatureBytes) return false;
    return verifier_->Verify(signing_input, signature.data());
  }

 private:
  std::unique_ptr<Ed25519Verifier> verifier_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<PreparedKey>> MakeEd25519Key(Bytes x) {
  if (x.size() != kPublicKeyBytes) {
    return absl::InvalidArgumentError("Ed25519 public key is not 32 bytes");
  }
  absl::StatusOr<std::unique_ptr<Ed25519Verifier>> verifier =
      PrepareEd25519Verifier(x);
  if (!verifier.ok()) return verifier.status();
  return std::make_unique<Ed25519Key>(*std::move(verifier));
}

}  // namespace jwtv::internal
