// Copyright 2026 The jwtv Authors.
//
// ES256/384/512: ECDSA over P-256/P-384/P-521 with the JWS fixed-width r||s
// signature (RFC 7518 3.4); DER signatures are never accepted. P-256 keys
// verify with jwtv's own P256PublicKey (crypto/p256.h; docs/ARCHITECTURE.md
// says why), P-384 and P-521 keys with the backend's EcdsaVerifier.

#include <cstring>

#include "absl/status/status.h"
#include "crypto/backend.h"
#include "crypto/p256.h"
#include "crypto/prepared_key.h"

namespace jwtv::internal {
namespace {

struct CurveInfo {
  size_t field_bytes;
  int bits;
  Algorithm alg;
};

bool GetCurveInfo(Curve curve, CurveInfo* info) {
  switch (curve) {
    case Curve::kP256:
      *info = {32, 256, Algorithm::kES256};
      return true;
    case Curve::kP384:
      *info = {48, 384, Algorithm::kES384};
      return true;
    case Curve::kP521:
      *info = {66, 521, Algorithm::kES512};
      return true;
    default:
      return false;
  }
}

// 0 < v < order, both big-endian of n bytes.
bool InRange(const uint8_t* v, const uint8_t* order, size_t n) {
  bool zero = true;
  for (size_t i = 0; i < n; ++i) zero &= v[i] == 0;
  return !zero && std::memcmp(v, order, n) < 0;
}

// Hashes the signing input for ES384 (SHA-384) or ES512 (SHA-512) into
// `digest` (room for kSha512DigestBytes); returns the digest length.
size_t Digest(Algorithm alg, std::string_view signing_input, uint8_t* digest) {
  const auto* in = reinterpret_cast<const uint8_t*>(signing_input.data());
  if (alg == Algorithm::kES384) {
    Sha384(in, signing_input.size(), digest);
    return kSha384DigestBytes;
  }
  Sha512(in, signing_input.size(), digest);
  return kSha512DigestBytes;
}

// A P-256 key: jwtv's own verifier (crypto/p256.h), no library state.
class P256Key final : public PreparedKey {
 public:
  explicit P256Key(std::unique_ptr<P256PublicKey> key)
      : PreparedKey(KeyType::kEc, Curve::kP256, 256), key_(std::move(key)) {}

  bool Verify(Algorithm alg, std::string_view signing_input,
              Bytes signature) const override {
    // The curve fixes the hash: ES384 on a P-256 key is a confusion, not a
    // signature.
    if (alg != Algorithm::kES256 || signature.size() != 64) return false;
    uint8_t digest[kSha256DigestBytes];
    Sha256(reinterpret_cast<const uint8_t*>(signing_input.data()),
           signing_input.size(), digest);
    // P256PublicKey::Verify checks 0 < r, s < n itself.
    return key_->Verify(digest, signature.data());
  }

 private:
  std::unique_ptr<P256PublicKey> key_;
};

// A P-384 or P-521 key, verified by the backend.
class LibraryEcKey final : public PreparedKey {
 public:
  LibraryEcKey(Curve curve, const CurveInfo& info,
               std::unique_ptr<EcdsaVerifier> verifier)
      : PreparedKey(KeyType::kEc, curve, info.bits),
        verifier_(std::move(verifier)),
        field_bytes_(info.field_bytes),
        alg_(info.alg) {}

  bool Verify(Algorithm alg, std::string_view signing_input,
              Bytes signature) const override {
    // The curve fixes the hash: ES256 on a P-384 key is a confusion, not a
    // signature.
    if (alg != alg_) return false;
    if (signature.size() != 2 * field_bytes_) return false;
    uint8_t digest[kSha512DigestBytes];
    const size_t digest_len = Digest(alg, signing_input, digest);
    const uint8_t* r = signature.data();
    const uint8_t* s = r + field_bytes_;
    // 0 < r, s < n (SEC 1 4.1.4 step 1). The backends check this too, but a
    // missing range check is exactly CVE-2022-21449, so it is stated here.
    const uint8_t* order = verifier_->order();
    if (!InRange(r, order, field_bytes_) || !InRange(s, order, field_bytes_)) {
      return false;
    }
    return verifier_->Verify(digest, digest_len, r, s);
  }

 private:
  std::unique_ptr<EcdsaVerifier> verifier_;
  size_t field_bytes_;
  Algorithm alg_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<PreparedKey>> MakeEcKey(Curve curve, Bytes x,
                                                       Bytes y) {
  CurveInfo info;
  if (!GetCurveInfo(curve, &info)) {
    return absl::InvalidArgumentError("unsupported EC curve");
  }
  // RFC 7518 6.2.1.2: the coordinates are exactly the field size, so a
  // shortened or padded coordinate is a malformed key.
  if (x.size() != info.field_bytes || y.size() != info.field_bytes) {
    return absl::InvalidArgumentError(
        "EC coordinate is not the curve's field size");
  }
  if (curve == Curve::kP256) {
    // Create refuses coordinates >= p and points not on the curve
    // (invalid-curve attacks); infinity has no affine coordinates.
    std::unique_ptr<P256PublicKey> key =
        P256PublicKey::Create(x.data(), y.data());
    if (key == nullptr) {
      return absl::InvalidArgumentError("EC point is not on the curve");
    }
    return std::make_unique<P256Key>(std::move(key));
  }
  // The backend refuses coordinates >= p, points not on the curve and
  // infinity.
  absl::StatusOr<std::unique_ptr<EcdsaVerifier>> verifier =
      PrepareEcdsaVerifier(curve, x, y);
  if (!verifier.ok()) return verifier.status();
  return std::make_unique<LibraryEcKey>(curve, info, *std::move(verifier));
}

}  // namespace jwtv::internal
