// Copyright 2026 The jwtv Authors.
//
// The crypto backend on OpenSSL >= 3.0 (see crypto/backend.h).
//
// OpenSSL 3 reaches most algorithms through providers: every EVP_MD,
// EVP_MAC, signature or key object is fetched from a shared store under a
// lock, and 3.0 contends on that lock between threads. So nothing here
// fetches per token: SHA-2 runs through the low-level SHA256_* / SHA512_*
// functions (crypto/sha2.cc, shared with BoringSSL), the RSA public operation
// through BN_mod_exp_mont with the key's Montgomery context and a per-thread
// BN_CTX, and ECDSA through ECDSA_do_verify on an EC_KEY built once (P-256
// and Ed25519 are jwtv's own, crypto/p256.h and crypto/ed25519.h). The
// low-level functions are deprecated in OpenSSL 3 but present in every 3.x.
//
// HS*, RS*, PS*, ES256 and EdDSA then take no lock and no OpenSSL allocation
// per token. ES384 and ES512 still lock inside OpenSSL 3.0 itself, out of
// jwtv's reach and the same for any caller: ECDSA verification draws a random
// blinding value for its field inversion (the DRBG and RAND method locks).

#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "crypto/backend.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstring>
#include <vector>

#include "absl/status/status.h"
#include "crypto/prepared_key.h"

#if !defined(OPENSSL_VERSION_MAJOR) || OPENSSL_VERSION_MAJOR < 3
#error "JWTV_CRYPTO=openssl needs OpenSSL 3.0 or later"
#endif

namespace jwtv::internal {
namespace {

struct BnDeleter {
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(BN_CTX* p) const { BN_CTX_free(p); }
  void operator()(BN_MONT_CTX* p) const { BN_MONT_CTX_free(p); }
  void operator()(EC_KEY* p) const { EC_KEY_free(p); }
  void operator()(EC_POINT* p) const { EC_POINT_free(p); }
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(RSA* p) const { RSA_free(p); }
};
template <typename T>
using Ptr = std::unique_ptr<T, BnDeleter>;

}  // namespace

namespace {

// ---- RSA --------------------------------------------------------------------

// Per-thread big-number scratch for the public operation, allocated on a
// thread's first verify and reused after.
struct BnScratch {
  Ptr<BN_CTX> ctx{BN_CTX_new()};
  Ptr<BIGNUM> s{BN_new()};
  Ptr<BIGNUM> m{BN_new()};
  bool ok() const { return ctx && s && m; }
};

BnScratch& ThreadBnScratch() {
  thread_local BnScratch scratch;
  return scratch;
}

class OpensslRsaPublicOp final : public RsaPublicOp {
 public:
  OpensslRsaPublicOp(Ptr<BIGNUM> n, Ptr<BIGNUM> e, Ptr<BN_MONT_CTX> mont)
      : RsaPublicOp(BN_num_bytes(n.get())),
        n_(std::move(n)),
        e_(std::move(e)),
        mont_(std::move(mont)) {}

  bool Apply(Bytes signature, uint8_t* em) const override {
    BnScratch& b = ThreadBnScratch();
    const bool ok =
        signature.size() == size() && b.ok() &&
        BN_bin2bn(signature.data(), static_cast<int>(signature.size()),
                  b.s.get()) != nullptr &&
        BN_ucmp(b.s.get(), n_.get()) < 0 &&
        BN_mod_exp_mont(b.m.get(), b.s.get(), e_.get(), n_.get(), b.ctx.get(),
                        mont_.get()) &&
        BN_bn2binpad(b.m.get(), em, static_cast<int>(size())) ==
            static_cast<int>(size());
    if (!ok) ERR_clear_error();
    return ok;
  }

 private:
  // Read-only after construction.
  Ptr<BIGNUM> n_;
  Ptr<BIGNUM> e_;
  Ptr<BN_MONT_CTX> mont_;
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

class OpensslEcdsaVerifier final : public EcdsaVerifier {
 public:
  OpensslEcdsaVerifier(Ptr<EC_KEY> key, size_t field_bytes)
      : key_(std::move(key)), field_bytes_(field_bytes) {
    BN_bn2binpad(EC_GROUP_get0_order(EC_KEY_get0_group(key_.get())), order_,
                 static_cast<int>(field_bytes_));
  }

  bool Verify(const uint8_t* digest, size_t digest_len, const uint8_t* r,
              const uint8_t* s) const override {
    Ptr<ECDSA_SIG> sig(ECDSA_SIG_new());
    Ptr<BIGNUM> br(BN_bin2bn(r, static_cast<int>(field_bytes_), nullptr));
    Ptr<BIGNUM> bs(BN_bin2bn(s, static_cast<int>(field_bytes_), nullptr));
    if (sig == nullptr || br == nullptr || bs == nullptr ||
        !ECDSA_SIG_set0(sig.get(), br.get(), bs.get())) {
      ERR_clear_error();
      return false;
    }
    // sig owns br and bs.
    static_cast<void>(br.release());
    static_cast<void>(bs.release());
    if (ECDSA_do_verify(digest, static_cast<int>(digest_len), sig.get(),
                        key_.get()) != 1) {
      ERR_clear_error();
      return false;
    }
    return true;
  }

  const uint8_t* order() const override { return order_; }

 private:
  Ptr<EC_KEY> key_;
  size_t field_bytes_;
  uint8_t order_[66] = {};
};

// ---- DER public keys --------------------------------------------------------

std::vector<uint8_t> BnBytes(const BIGNUM* bn, size_t width = 0) {
  std::vector<uint8_t> out(width != 0 ? width : BN_num_bytes(bn));
  if (BN_bn2binpad(bn, out.data(), static_cast<int>(out.size())) < 0) {
    out.clear();
  }
  return out;
}

absl::StatusOr<PublicKeyMaterial> RsaMaterial(const BIGNUM* n,
                                              const BIGNUM* e) {
  if (n == nullptr || e == nullptr) {
    return absl::InvalidArgumentError("RSA key without n or e");
  }
  PublicKeyMaterial m;
  m.type = KeyType::kRsa;
  m.a = BnBytes(n);
  m.b = BnBytes(e);
  return m;
}

absl::StatusOr<PublicKeyMaterial> EcMaterial(const EVP_PKEY* pkey) {
  char group[64] = {};
  size_t group_len = 0;
  if (!EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                      sizeof(group), &group_len)) {
    ERR_clear_error();
    return absl::InvalidArgumentError("unsupported EC curve");
  }
  PublicKeyMaterial m;
  m.type = KeyType::kEc;
  size_t field_bytes;
  switch (OBJ_sn2nid(group)) {
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
  BIGNUM* x = nullptr;
  BIGNUM* y = nullptr;
  const bool got = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_X, &x) &&
                   EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, &y);
  Ptr<BIGNUM> px(x), py(y);
  if (!got) {
    ERR_clear_error();
    return absl::InvalidArgumentError("EC point is invalid");
  }
  m.a = BnBytes(x, field_bytes);
  m.b = BnBytes(y, field_bytes);
  if (m.a.empty() || m.b.empty()) {
    return absl::InvalidArgumentError("EC point is invalid");
  }
  return m;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RsaPublicOp>> PrepareRsaPublicOp(Bytes n_bytes,
                                                                Bytes e_bytes) {
  Ptr<BIGNUM> n(
      BN_bin2bn(n_bytes.data(), static_cast<int>(n_bytes.size()), nullptr));
  Ptr<BIGNUM> e(
      BN_bin2bn(e_bytes.data(), static_cast<int>(e_bytes.size()), nullptr));
  Ptr<BN_CTX> ctx(BN_CTX_new());
  Ptr<BN_MONT_CTX> mont(BN_MONT_CTX_new());
  if (n == nullptr || e == nullptr || ctx == nullptr || mont == nullptr) {
    ERR_clear_error();
    return absl::ResourceExhaustedError("out of memory");
  }
  if (!BN_MONT_CTX_set(mont.get(), n.get(), ctx.get())) {
    ERR_clear_error();
    return absl::InvalidArgumentError("RSA key rejected by OpenSSL");
  }
  return std::make_unique<OpensslRsaPublicOp>(std::move(n), std::move(e),
                                              std::move(mont));
}

absl::StatusOr<std::unique_ptr<EcdsaVerifier>> PrepareEcdsaVerifier(Curve curve,
                                                                    Bytes x,
                                                                    Bytes y) {
  const int nid = CurveNid(curve);
  if (nid == NID_undef) {
    return absl::InvalidArgumentError("unsupported EC curve");
  }
  Ptr<EC_KEY> key(EC_KEY_new_by_curve_name(nid));
  Ptr<BIGNUM> bx(BN_bin2bn(x.data(), static_cast<int>(x.size()), nullptr));
  Ptr<BIGNUM> by(BN_bin2bn(y.data(), static_cast<int>(y.size()), nullptr));
  if (key == nullptr || bx == nullptr || by == nullptr) {
    ERR_clear_error();
    return absl::ResourceExhaustedError("out of memory");
  }
  const EC_GROUP* group = EC_KEY_get0_group(key.get());
  Ptr<EC_POINT> point(EC_POINT_new(group));
  if (point == nullptr) {
    ERR_clear_error();
    return absl::ResourceExhaustedError("out of memory");
  }
  // OpenSSL reduces coordinates mod p, so x + p would pass for x: a
  // coordinate must be a field element.
  Ptr<BIGNUM> p(BN_new());
  if (p == nullptr ||
      !EC_GROUP_get_curve(group, p.get(), nullptr, nullptr, nullptr)) {
    ERR_clear_error();
    return absl::ResourceExhaustedError("out of memory");
  }
  if (BN_cmp(bx.get(), p.get()) >= 0 || BN_cmp(by.get(), p.get()) >= 0) {
    return absl::InvalidArgumentError("EC coordinate is not below p");
  }
  // Fails for points not on the curve (invalid-curve attacks).
  if (!EC_POINT_set_affine_coordinates(group, point.get(), bx.get(), by.get(),
                                       nullptr)) {
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
  return std::make_unique<OpensslEcdsaVerifier>(std::move(key), x.size());
}

absl::StatusOr<PublicKeyMaterial> ParseSubjectPublicKeyInfo(Bytes der) {
  const uint8_t* p = der.data();
  Ptr<EVP_PKEY> pkey(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
  if (pkey == nullptr || p != der.data() + der.size()) {
    ERR_clear_error();
    return absl::InvalidArgumentError(
        "PUBLIC KEY is not a valid SubjectPublicKeyInfo");
  }
  switch (EVP_PKEY_get_base_id(pkey.get())) {
    case EVP_PKEY_RSA: {
      BIGNUM* n = nullptr;
      BIGNUM* e = nullptr;
      const bool got =
          EVP_PKEY_get_bn_param(pkey.get(), OSSL_PKEY_PARAM_RSA_N, &n) &&
          EVP_PKEY_get_bn_param(pkey.get(), OSSL_PKEY_PARAM_RSA_E, &e);
      Ptr<BIGNUM> pn(n), pe(e);
      if (!got) ERR_clear_error();
      return RsaMaterial(n, e);
    }
    case EVP_PKEY_EC:
      return EcMaterial(pkey.get());
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
  const uint8_t* p = der.data();
  Ptr<RSA> rsa(d2i_RSAPublicKey(nullptr, &p, static_cast<long>(der.size())));
  if (rsa == nullptr || p != der.data() + der.size()) {
    ERR_clear_error();
    return absl::InvalidArgumentError(
        "RSA PUBLIC KEY is not a valid PKCS#1 RSAPublicKey");
  }
  return RsaMaterial(RSA_get0_n(rsa.get()), RSA_get0_e(rsa.get()));
}

}  // namespace jwtv::internal
