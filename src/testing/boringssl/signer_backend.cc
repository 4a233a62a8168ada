// Copyright 2026 The jwtv Authors.
//
// jwtv::testing's key components on BoringSSL: the RSA and EC_KEY objects.

#include "testing/signer_backend.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/nid.h>
#include <openssl/rsa.h>

#include <cstdint>
#include <string>

namespace jwtv::testing_internal {
namespace {

BIGNUM* Bn(const std::string& bytes) {
  return BN_bin2bn(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                   nullptr);
}

std::string Bytes(const BIGNUM* bn, size_t len) {
  std::string out(len, '\0');
  if (bn == nullptr ||
      !BN_bn2bin_padded(reinterpret_cast<uint8_t*>(out.data()), len, bn)) {
    return {};
  }
  return out;
}

std::string Bytes(const BIGNUM* bn) {
  return bn == nullptr ? std::string() : Bytes(bn, BN_num_bytes(bn));
}

}  // namespace

Pkey RsaKeyFromParts(const RsaParts& parts) {
  bssl::UniquePtr<RSA> rsa(RSA_new());
  if (rsa == nullptr) return nullptr;
  BIGNUM* n = Bn(parts.n);
  BIGNUM* e = Bn(parts.e);
  BIGNUM* d = Bn(parts.d);
  if (!RSA_set0_key(rsa.get(), n, e, d)) {
    BN_free(n);
    BN_free(e);
    BN_free(d);
    return nullptr;
  }
  BIGNUM* p = Bn(parts.p);
  BIGNUM* q = Bn(parts.q);
  if (!RSA_set0_factors(rsa.get(), p, q)) {
    BN_free(p);
    BN_free(q);
    return nullptr;
  }
  BIGNUM* dp = Bn(parts.dp);
  BIGNUM* dq = Bn(parts.dq);
  BIGNUM* qi = Bn(parts.qi);
  if (!RSA_set0_crt_params(rsa.get(), dp, dq, qi)) {
    BN_free(dp);
    BN_free(dq);
    BN_free(qi);
    return nullptr;
  }
  Pkey pkey(EVP_PKEY_new());
  if (pkey == nullptr || !RSA_check_key(rsa.get()) ||
      !EVP_PKEY_set1_RSA(pkey.get(), rsa.get())) {
    return nullptr;
  }
  return pkey;
}

bool RsaPartsOf(const EVP_PKEY* pkey, RsaParts* parts) {
  const RSA* rsa = EVP_PKEY_get0_RSA(pkey);
  if (rsa == nullptr) return false;
  const BIGNUM *n, *e, *d, *p, *q, *dp, *dq, *qi;
  RSA_get0_key(rsa, &n, &e, &d);
  RSA_get0_factors(rsa, &p, &q);
  RSA_get0_crt_params(rsa, &dp, &dq, &qi);
  *parts = {Bytes(n), Bytes(e),  Bytes(d),  Bytes(p),
            Bytes(q), Bytes(dp), Bytes(dq), Bytes(qi)};
  return !parts->n.empty() && !parts->d.empty();
}

Pkey EcKeyFromParts(int nid, const EcParts& parts) {
  bssl::UniquePtr<EC_KEY> ec(EC_KEY_new_by_curve_name(nid));
  bssl::UniquePtr<BIGNUM> x(Bn(parts.x));
  bssl::UniquePtr<BIGNUM> y(Bn(parts.y));
  bssl::UniquePtr<BIGNUM> d(Bn(parts.d));
  Pkey pkey(EVP_PKEY_new());
  if (ec == nullptr || x == nullptr || y == nullptr || d == nullptr ||
      pkey == nullptr || !EC_KEY_set_private_key(ec.get(), d.get()) ||
      !EC_KEY_set_public_key_affine_coordinates(ec.get(), x.get(), y.get()) ||
      !EC_KEY_check_key(ec.get()) ||
      !EVP_PKEY_set1_EC_KEY(pkey.get(), ec.get())) {
    return nullptr;
  }
  return pkey;
}

bool EcPartsOf(const EVP_PKEY* pkey, size_t field_bytes, EcParts* parts) {
  const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(pkey);
  if (ec == nullptr || EC_KEY_get0_public_key(ec) == nullptr) return false;
  bssl::UniquePtr<BIGNUM> x(BN_new());
  bssl::UniquePtr<BIGNUM> y(BN_new());
  if (x == nullptr || y == nullptr ||
      !EC_POINT_get_affine_coordinates_GFp(EC_KEY_get0_group(ec),
                                           EC_KEY_get0_public_key(ec), x.get(),
                                           y.get(), nullptr)) {
    return false;
  }
  *parts = {Bytes(x.get(), field_bytes), Bytes(y.get(), field_bytes),
            Bytes(EC_KEY_get0_private_key(ec), field_bytes)};
  return !parts->x.empty() && !parts->y.empty() && !parts->d.empty();
}

int EcCurveNid(const EVP_PKEY* pkey) {
  const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(pkey);
  if (ec == nullptr) return NID_undef;
  return EC_GROUP_get_curve_name(EC_KEY_get0_group(ec));
}

}  // namespace jwtv::testing_internal
