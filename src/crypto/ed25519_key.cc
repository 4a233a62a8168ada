// Copyright 2026 The jwtv Authors.
//
// EdDSA with Ed25519 (RFC 8037).

#include <openssl/curve25519.h>

#include <cstring>

#include "absl/status/status.h"
#include "crypto/prepared_key.h"

namespace jwtv::internal {
namespace {

constexpr size_t kPublicKeyBytes = 32;
constexpr size_t kSignatureBytes = 64;

class Ed25519Key final : public PreparedKey {
 public:
  explicit Ed25519Key(Bytes x)
      : PreparedKey(KeyType::kOkp, Curve::kEd25519, 256) {
    std::memcpy(public_key_, x.data(), kPublicKeyBytes);
  }

  bool Verify(Algorithm alg, std::string_view signing_input,
              Bytes signature) const override {
    if (alg != Algorithm::kEdDSA) return false;
    if (signature.size() != kSignatureBytes) return false;
    return ED25519_verify(
               reinterpret_cast<const uint8_t*>(signing_input.data()),
               signing_input.size(), signature.data(), public_key_) == 1;
  }

 private:
  uint8_t public_key_[kPublicKeyBytes];
};

}  // namespace

absl::StatusOr<std::unique_ptr<PreparedKey>> MakeEd25519Key(Bytes x) {
  if (x.size() != kPublicKeyBytes) {
    return absl::InvalidArgumentError("Ed25519 public key is not 32 bytes");
  }
  return std::make_unique<Ed25519Key>(x);
}

}  // namespace jwtv::internal
