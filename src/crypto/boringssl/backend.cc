// Copyright 2026 The jwtv Authors.
//
// The crypto backend on BoringSSL (see crypto/backend.h).

#include "crypto/backend.h"

#include <openssl/bn.h>
#include <openssl/bytestring.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/nid.h>
#include <openssl/rsa.h>

#include <cstring>
#include <vector>

#include "absl/status/status.h"
#include "crypto/prepared_key.h"

namespace jwtv::internal {

namespace {

// ---- RSA --------------------------------------------------------------------

// Per-thread big-number scratch for the public operation, allocated on a
// thread's first verify and reused after.
struct BnScratch {
  bssl::UniquePtr<BN_CTX> ctx{BN_CTX_new()};
  bssl::UniquePtr<BIGNUM> s{BN_new()};
  bssl::UniquePtr<BIGNUM> m{BN_new()};
  bool ok() const { return ctx && s && m; }
};

BnScratch& ThreadBnScratch() {
  thread_local BnScratch scratch;
  return scratch;
}

class BoringRsaPublicOp final : public RsaPublicOp {
 public:
  explicit BoringRsaPublicOp(bssl::UniquePtr<RSA> rsa)
      : RsaPublicOp(RSA_size(rsa.get())), rsa_(std::move(rsa)) {}

  bool Apply(Bytes signature, uint8_t* em) const override {
    BnScratch& b = ThreadBnScratch();
    const bool ok =
        signature.size() == size() && b.ok() &&
        BN_bin2bn(signature.data(), signature.size(), b.s.get()) != nullptr &&
        BN_ucmp(b.s.get(), RSA_get0_n(rsa_.get())) < 0 &&
        BN_mod_exp_mont(b.m.get(), b.s.get(), RSA_get0_e(rsa_.get()),
                        RSA_get0_n(rsa_.get()), b.ctx.get(), mont_.get()) &&
        BN_bn2bin_padded(em, size(), b.m.get());
    if (!ok) ERR_clear_error();
    return ok;
  }

  // Builds the Montgomery context of n, and has BoringSSL's own public
  // operation check the key once.
  bool Prepare() {
    bssl::UniquePtr<BN_CTX> ctx(BN_CTX_new());
    if (ctx == nullptr) return false;
    mont_.reset(BN_MONT_CTX_new_for_modulus(RSA_get0_n(rsa_.get()), ctx.get()));
    if (mont_ == nullptr) {
      ERR_clear_error();
      return false;
    }
    std::vector<uint8_t> in(size(), 0), out(size());
    in.back() = 1;
    size_t out_len = 0;
    const bool ok = RSA_verify_raw(rsa_.get(), &out_len, out.data(), out.size(),
                                   in.data(), in.size(), RSA_NO_PADDING) == 1;
    ERR_clear_error();
    return ok;
  }

 private:
  // Read-only after Prepare.
  bssl::UniquePtr<RSA> rsa_;
  bssl::UniquePtr<BN_MONT_CTX> mont_;
};

// ---- ECDSA ------------------------------------------------------------------

// The curves the backend verifies (P-256 is crypto/p256.h's).
int CurveNid(Curve curve) {
  switch (curve) {
    case Curve::kP384:
      return NID_secp384r1;
    case Curve::kP521:
      return NID_secp521r1;
    default:
      return NID_undef;
  }
}

class BoringEcdsaVerifier final : public EcdsaVerifier {
 public:
  BoringEcdsaVerifier(bssl::UniquePtr<EC_KEY> key, size_t field_bytes)
      : key_(std::move(key)), field_bytes_(field_bytes) {
    BN_bn2bin_padded(order_, field_bytes_,
                     EC_GROUP_get0_order(EC_KEY_get0_group(key_.get())));
  }

  bool Verify(const uint8_t* digest, size_t digest_len, const uint8_t* r,
              const uint8_t* s) const override {
    bssl::UniquePtr<ECDSA_SIG> sig(ECDSA_SIG_new());
    if (sig == nullptr || BN_bin2bn(r, field_bytes_, sig->r) == nullptr ||
        BN_bin2bn(s, field_bytes_, sig->s) == nullptr ||
        ECDSA_do_verify(digest, digest_len, sig.get(), key_.get()) != 1) {
      ERR_clear_error();
      return false;
    }
    return true;
  }

  const uint8_t* order() const override { return order_; }

 private:
  bssl::UniquePtr<EC_KEY> key_;
  size_t field_bytes_;
  uint8_t order_[66] = {};
};

// ---- DER public keys --------------------------------------------------------

std::vector<uint8_t> BnBytes(const BIGNUM* bn) {
  std::vector<uint8_t> out(BN_num_bytes(bn));
  BN_bn2bin(bn, out.data());
  return out;
}

absl::StatusOr<PublicKeyMaterial> FromRsa(const RSA* rsa) {
  const BIGNUM* n = RSA_get0_n(rsa);
  const BIGNUM* e = RSA_get0_e(rsa);
  if (n == nullptr || e == nullptr) {
    return absl::InvalidArgumentError("RSA key without n or e");
  }
  PublicKeyMaterial m;
  m.type = KeyType::kRsa;
  m.a = BnBytes(n);
  m.b = BnBytes(e);
  return m;
}

absl::StatusOr<PublicKeyMaterial> FromEc(const EC_KEY* ec) {
  const EC_GROUP* group = EC_KEY_get0_group(ec);
  const EC_POINT* point = EC_KEY_get0_public_key(ec);
  if (group == nullptr || point == nullptr) {
    return absl::InvalidArgumentError("EC key without a public point");
  }
  PublicKeyMaterial m;
  m.type = KeyType::kEc;
  size_t field_bytes;
  switch (EC_GROUP_get_curve_name(group)) {
    case NID_X9_62_prime256v1:
      m.curve = Curve::kP256;
      field_bytes = 32;
      break;
    case NID_secp384r1:
      m.curve = Curve::kP384;
      field_bytes = 48;
      break;
    case NID_secp521r1:
      m.curve = Curve::kP521;
      field_bytes = 66;
      break;
    default:
      return absl::InvalidArgumentError("unsupported EC curve");
  }
  bssl::UniquePtr<BIGNUM> x(BN_new()), y(BN_new());
  if (x == nullptr || y == nullptr) {
    ERR_clear_error();
    return absl::ResourceExhaustedError("out of memory");
  }
  if (!EC_POINT_get_affine_coordinates_GFp(group, point, x.get(), y.get(),
                                           nullptr)) {
    ERR_clear_error();
    return absl::InvalidArgumentError("EC point is invalid");
  }
  m.a.resize(field_bytes);
  m.b.resize(field_bytes);
  if (!BN_bn2bin_padded(m.a.data(), m.a.size(), x.get()) ||
      !BN_bn2bin_padded(m.b.data(), m.b.size(), y.get())) {
    ERR_clear_error();
    return absl::InvalidArgumentError("EC point is invalid");
  }
  return m;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RsaPublicOp>> PrepareRsaPublicOp(Bytes n_bytes,
                                                                Bytes e_bytes) {
  bssl::UniquePtr<BIGNUM> n(BN_bin2bn(n_bytes.data(), n_bytes.size(), nullptr));
  bssl::UniquePtr<BIGNUM> e(BN_bin2bn(e_bytes.data(), e_bytes.size(), nullptr));
  bssl::UniquePtr<RSA> rsa(RSA_new());
  if (n == nullptr || e == nullptr || rsa == nullptr ||
      !RSA_set0_key(rsa.get(), n.get(), e.get(), nullptr)) {
    ERR_clear_error();
    return absl::ResourceExhaustedError("out of memory");
  }
  // rsa owns n and e.
  static_cast<void>(n.release());
  static_cast<void>(e.release());
  auto op = std::make_unique<BoringRsaPublicOp>(std::move(rsa));
  if (!op->Prepare()) {
    return absl::InvalidArgumentError("RSA key rejected by BoringSSL");
  }
  return op;
}

absl::StatusOr<std::unique_ptr<EcdsaVerifier>> PrepareEcdsaVerifier(Curve curve,
                                                                    Bytes x,
                                                                    Bytes y) {
  const int nid = CurveNid(curve);
  if (nid == NID_undef) {
    return absl::InvalidArgumentError("unsupported EC curve");
  }
  bssl::UniquePtr<EC_KEY> key(EC_KEY_new_by_curve_name(nid));
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
  return std::make_unique<BoringEcdsaVerifier>(std::move(key), x.size());
}

absl::StatusOr<PublicKeyMaterial> ParseSubjectPublicKeyInfo(Bytes der) {
  CBS cbs;
  CBS_init(&cbs, der.data(), der.size());
  bssl::UniquePtr<EVP_PKEY> pkey(EVP_parse_public_key(&cbs));
  if (pkey == nullptr || CBS_len(&cbs) != 0) {
    ERR_clear_error();
    return absl::InvalidArgumentError(
        "PUBLIC KEY is not a valid SubjectPublicKeyInfo");
  }
  switch (EVP_PKEY_id(pkey.get())) {
    case EVP_PKEY_RSA:
      return FromRsa(EVP_PKEY_get0_RSA(pkey.get()));
    case EVP_PKEY_EC:
      return FromEc(EVP_PKEY_get0_EC_KEY(pkey.get()));
    case EVP_PKEY_ED25519: {
      PublicKeyMaterial m;
      m.type = KeyType::kOkp;
      m.curve = Curve::kEd25519;
      m.a.resize(32);
      size_t len = m.a.size();
      if (!EVP_PKEY_get_raw_public_key(pkey.get(), m.a.data(), &len) ||
          len != 32) {
        ERR_clear_error();
        return absl::InvalidArgumentError("Ed25519 key is invalid");
      }
      return m;
    }
    default:
      return absl::InvalidArgumentError("unsupported public key type");
  }
}

absl::StatusOr<PublicKeyMaterial> ParseRsaPublicKey(Bytes der) {
  CBS cbs;
  CBS_init(&cbs, der.data(), der.size());
  bssl::UniquePtr<RSA> rsa(RSA_parse_public_key(&cbs));
  if (rsa == nullptr || CBS_len(&cbs) != 0) {
    ERR_clear_error();
    return absl::InvalidArgumentError(
        "RSA PUBLIC KEY is not a valid PKCS#1 RSAPublicKey");
  }
  return FromRsa(rsa.get());
}

}  // namespace jwtv::internal
