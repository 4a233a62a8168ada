// Copyright 2026 The jwtv Authors.
//
// ES256/384/512: ECDSA over P-256/P-384/P-521 with the JWS fixed-width r||s
// signature (RFC 7518 3.4); DER signatures are never accepted. P-256 keys
// verify with jwtv's own P256PublicKey (3.4x faster than Debian's BoringSSL
// over distinct signatures, which has no assembly P-256); P-384 and P-521
// with BoringSSL.

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/nid.h>
#include <openssl/sha.h>

#include "absl/status/status.h"
#include "crypto/p256.h"
#include "crypto/prepared_key.h"

namespace jwtv::internal {
namespace {

struct CurveInfo {
  int nid;
  size_t field_bytes;
  int bits;
  Algorithm alg;
};

bool GetCurveInfo(Curve curve, CurveInfo* info) {
  switch (curve) {
    case Curve::kP256:
      *info = {NID_X9_62_prime256v1, 32, 256, Algorithm::kES256};
      return true;
    case Curve::kP384:
      *info = {NID_secp384r1, 48, 384, Algorithm::kES384};
      return true;
    case Curve::kP521:
      *info = {NID_secp521r1, 66, 521, Algorithm::kES512};
      return true;
    default:
      return false;
  }
}

class EcKey final : public PreparedKey {
 public:
  EcKey(Curve curve, const CurveInfo& info, bssl::UniquePtr<EC_KEY> key,
        std::unique_ptr<P256PublicKey> p256)
      : PreparedKey(KeyType::kEc, curve, info.bits),
        key_(std::move(key)),
        p256_(std::move(p256)),
        order_(EC_GROUP_get0_order(EC_KEY_get0_group(key_.get()))),
        field_bytes_(info.field_bytes),
        alg_(info.alg) {}

  bool Verify(Algorithm alg, std::string_view signing_input,
              Bytes signature) const override {
    // The curve fixes the hash: ES256 on a P-384 key is a confusion, not a
    // signature.
    if (alg != alg_) return false;
    if (signature.size() != 2 * field_bytes_) return false;
    uint8_t digest[SHA512_DIGEST_LENGTH];
    size_t digest_len;
    const auto* in = reinterpret_cast<const uint8_t*>(signing_input.data());
    switch (alg) {
      case Algorithm::kES256:
        SHA256(in, signing_input.size(), digest);
        digest_len = SHA256_DIGEST_LENGTH;
        break;
      case Algorithm::kES384:
        SHA384(in, signing_input.size(), digest);
        digest_len = SHA384_DIGEST_LENGTH;
        break;
      default:
        SHA512(in, signing_input.size(), digest);
        digest_len = SHA512_DIGEST_LENGTH;
        break;
    }
    if (p256_ != nullptr) return p256_->Verify(digest, signature.data());

    bssl::UniquePtr<ECDSA_SIG> sig(ECDSA_SIG_new());
    if (sig == nullptr) {
      ERR_clear_error();
      return false;
    }
    bssl::UniquePtr<BIGNUM> r(
        BN_bin2bn(signature.data(), field_bytes_, nullptr));
    bssl::UniquePtr<BIGNUM> s(
        BN_bin2bn(signature.data() + field_bytes_, field_bytes_, nullptr));
    if (r == nullptr || s == nullptr) {
      ERR_clear_error();
      return false;
    }
    // 0 < r, s < n (SEC 1 4.1.4 step 1). BoringSSL checks this too, but a
    // missing range check is exactly CVE-2022-21449, so it is stated here.
    if (BN_is_zero(r.get()) || BN_is_zero(s.get()) ||
        BN_cmp(r.get(), order_) >= 0 || BN_cmp(s.get(), order_) >= 0) {
      return false;
    }
    if (!ECDSA_SIG_set0(sig.get(), r.get(), s.get())) {
      ERR_clear_error();
      return false;
    }
    r.release();  // Owned by sig now.
    s.release();
    if (ECDSA_do_verify(digest, digest_len, sig.get(), key_.get()) != 1) {
      ERR_clear_error();
      return false;
    }
    return true;
  }

 private:
  bssl::UniquePtr<EC_KEY> key_;
  std::unique_ptr<P256PublicKey> p256_;  // P-256 keys only
  const BIGNUM* order_;                  // Owned by the (static) group.
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
  bssl::UniquePtr<EC_KEY> key(EC_KEY_new_by_curve_name(info.nid));
  bssl::UniquePtr<BIGNUM> bx(BN_bin2bn(x.data(), x.size(), nullptr));
  bssl::UniquePtr<BIGNUM> by(BN_bin2bn(y.data(), y.size(), nullptr));
  if (key == nullptr || bx == nullptr || by == nullptr) {
    ERR_clear_error();
    return absl::ResourceExhaustedError("out of memory");
  }
  const EC_GROUP* group = EC_KEY_get0_group(key.get());
  bssl::UniquePtr<EC_POINT> point(EC_POINT_new(group));
  if (point == nullptr) {
    ERR_clear_error();
    return absl::ResourceExhaustedError("out of memory");
  }
  // Fails for coordinates >= p and for points not on the curve (invalid-curve
  // attacks).
  if (!EC_POINT_set_affine_coordinates_GFp(group, point.get(), bx.get(),
                                           by.get(), nullptr)) {
    ERR_clear_error();
    return absl::InvalidArgumentError("EC point is not on the curve");
  }
  if (EC_POINT_is_at_infinity(group, point.get())) {
    return absl::InvalidArgumentError("EC point is the point at infinity");
  }
  if (!EC_KEY_set_public_key(key.get(), point.get()) ||
      !EC_KEY_check_key(key.get())) {
    ERR_clear_error();
    return absl::InvalidArgumentError("EC public key rejected");
  }
  std::unique_ptr<P256PublicKey> p256;
  if (curve == Curve::kP256) {
    // BoringSSL has checked the point above; P256PublicKey checks it again.
    p256 = P256PublicKey::Create(x.data(), y.data());
    if (p256 == nullptr) {
      return absl::InvalidArgumentError("EC point is not on the curve");
    }
  }
  return std::make_unique<EcKey>(curve, info, std::move(key), std::move(p256));
}

}  // namespace jwtv::internal
