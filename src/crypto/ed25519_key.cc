// Copyright 2026 The jwtv Authors.
//
// EdDSA with Ed25519 (RFC 8037), through jwtv's own verifier
// (crypto/ed25519.h; docs/ARCHITECTURE.md says why) on every backend.

#include "absl/status/status.h"
#include "crypto/ed25519.h"
#include "crypto/prepared_key.h"

namespace jwtv::internal {
namespace {

constexpr size_t kPublicKeyBytes = 32;
constexpr size_t kSignatureBytes = 64;

class Ed25519Key final : public PreparedKey {
 public:
  explicit Ed25519Key(std::unique_ptr<Ed25519PublicKey> key)
      : PreparedKey(KeyType::kOkp, Curve::kEd25519, 256),
        key_(std::move(key)) {}

  bool Verify(Algorithm alg, std::string_view signing_input,
              Bytes signature) const override {
    if (alg != Algorithm::kEdDSA) return false;
    if (signature.size() != kSignatureBytes) return false;
    return key_->Verify(signing_input, signature.data());
  }

 private:
  std::unique_ptr<Ed25519PublicKey> key_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<PreparedKey>> MakeEd25519Key(Bytes x) {
  if (x.size() != kPublicKeyBytes) {
    return absl::InvalidArgumentError("Ed25519 public key is not 32 bytes");
  }
  std::unique_ptr<Ed25519PublicKey> key = Ed25519PublicKey::Create(x.data());
  if (key == nullptr) {
    return absl::InvalidArgumentError(
        "Ed25519 public key does not decode to a curve point");
  }
  return std::make_unique<Ed25519Key>(std::move(key));
}

}  // namespace jwtv::internal
