// Copyright 2026 The jwtv Authors.
//
// ES256/384/512: ECDSA over P-256/P-384/P-521 with the JWS fixed-width r||s
// signature (RFC 7518 3.4); DER signatures are never accepted. P-256 keys
// verify with jwtv's own P256PublicKey (3.4x faster than Debian's BoringSSL
// over distinct signatures, which has no assembly P-256); P-384 and P-521
// with the backend's EcdsaVerifier.

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

class EcKey final : public PreparedKey {
 public:
  EcKey(Curve curve, const CurveInfo& info,
        std::unique_ptr<EcdsaVerifier> verifier,
        std::unique_ptr<P256PublicKey> p256)
      : PreparedKey(KeyType::kEc, curve, info.bits),
        verifier_(std::move(verifier)),
        p256_(std::move(p256)),
        field_bytes_(info.field_bytes),
        alg_(info.alg) {}

  bool Verify(Algorithm alg, std::string_view signing_input,
              Bytes signature) const override {
    // The curve fixes the hash: ES256 on a P-384 key is a confusion, not a
    // signature.
    if (alg != alg_) return false;
    if (signature.size() != 2 * field_bytes_) return false;
    uint8_t digest[kSha512DigestBytes];
    size_t digest_len;
    const auto* in = reinterpret_cast<const uint8_t*>(signing_input.data());
    switch (alg) {
      case Algorithm::kES256:
        Sha256(in, signing_input.size(), digest);
        digest_len = kSha256DigestBytes;
        break;
      case Algorithm::kES384:
        Sha384(in, signing_input.size(), digest);
        digest_len = kSha384DigestBytes;
        break;
      default:
        Sha512(in, signing_input.size(), digest);
        digest_len = kSha512DigestBytes;
        break;
    }
    if (p256_ != nullptr) return p256_->Verify(digest, signature.data());

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
  std::unique_ptr<EcdsaVerifier> verifier_;  // P-384 and P-521 keys only
  std::unique_ptr<P256PublicKey> p256_;      // P-256 keys only
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
  // The backend refuses coordinates >= p, points not on the curve
  // (invalid-curve attacks) and infinity, for every curve.
  absl::StatusOr<std::unique_ptr<EcdsaVerifier>> verifier =
      PrepareEcdsaVerifier(curve, x, y);
  if (!verifier.ok()) return verifier.status();
  std::unique_ptr<P256PublicKey> p256;
  if (curve == Curve::kP256) {
    // The backend has checked the point above; P256PublicKey checks it
    // again, and verifies instead of the backend.
    p256 = P256PublicKey::Create(x.data(), y.data());
    if (p256 == nullptr) {
      return absl::InvalidArgumentError("EC point is not on the curve");
    }
    verifier->reset();
  }
  return std::make_unique<EcKey>(curve, info, *std::move(verifier),
                                 std::move(p256));
}

}  // namespace jwtv::internal
