// Copyright 2026 The jwtv Authors.
//
// jwtv::testing's key components on OpenSSL 3: EVP_PKEY_fromdata and
// EVP_PKEY_get_*_param (the RSA and EC_KEY objects are deprecated there).

#include "testing/signer_backend.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>

#include <cstdint>
#include <memory>
#include <string>

namespace jwtv::testing_internal {
namespace {

struct BnDeleter {
  void operator()(BIGNUM* bn) const { BN_clear_free(bn); }
};
using Bn = std::unique_ptr<BIGNUM, BnDeleter>;

struct ParamBldDeleter {
  void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamsDeleter {
  void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};
struct CtxDeleter {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};

Bn ToBn(const std::string& bytes) {
  return Bn(BN_bin2bn(reinterpret_cast<const uint8_t*>(bytes.data()),
                      static_cast<int>(bytes.size()), nullptr));
}

// The big-endian bytes of the key's BIGNUM parameter `name`, padded to
// `len` (0: its own length); empty if it has none.
std::string BnParam(const EVP_PKEY* pkey, const char* name, size_t len = 0) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) return {};
  const Bn bn(raw);
  if (len == 0) len = BN_num_bytes(bn.get());
  std::string out(len, '\0');
  if (BN_bn2binpad(bn.get(), reinterpret_cast<uint8_t*>(out.data()),
                   static_cast<int>(len)) != static_cast<int>(len)) {
    return {};
  }
  return out;
}

// The key of type `type` ("RSA", "EC") built from `bld`'s parameters, if
// the library's pairwise check accepts it.
Pkey FromData(const char* type, OSSL_PARAM_BLD* bld) {
  const std::unique_ptr<OSSL_PARAM, ParamsDeleter> params(
      OSSL_PARAM_BLD_to_param(bld));
  const std::unique_ptr<EVP_PKEY_CTX, CtxDeleter> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (params == nullptr || ctx == nullptr ||
      EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_KEYPAIR, params.get()) != 1) {
    return nullptr;
  }
  Pkey pkey(raw);
  const std::unique_ptr<EVP_PKEY_CTX, CtxDeleter> check(
      EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  if (check == nullptr || EVP_PKEY_pairwise_check(check.get()) != 1) {
    return nullptr;
  }
  return pkey;
}

const char* CurveName(int nid) {
  switch (nid) {
    case NID_X9_62_prime256v1:
      return "P-256";
    case NID_secp384r1:
      return "P-384";
    case NID_secp521r1:
      return "P-521";
    default:
      return nullptr;
  }
}

}  // namespace

Pkey RsaKeyFromParts(const RsaParts& parts) {
  const std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(
      OSSL_PARAM_BLD_new());
  const Bn n = ToBn(parts.n), e = ToBn(parts.e), d = ToBn(parts.d),
           p = ToBn(parts.p), q = ToBn(parts.q), dp = ToBn(parts.dp),
           dq = ToBn(parts.dq), qi = ToBn(parts.qi);
  if (bld == nullptr || !n || !e || !d || !p || !q || !dp || !dq || !qi ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_D, d.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR1,
                              p.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR2,
                              q.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1,
                              dp.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2,
                              dq.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
                              qi.get())) {
    return nullptr;
  }
  return FromData("RSA", bld.get());
}

bool RsaPartsOf(const EVP_PKEY* pkey, RsaParts* parts) {
  if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA) return false;
  *parts = {BnParam(pkey, OSSL_PKEY_PARAM_RSA_N),
            BnParam(pkey, OSSL_PKEY_PARAM_RSA_E),
            BnParam(pkey, OSSL_PKEY_PARAM_RSA_D),
            BnParam(pkey, OSSL_PKEY_PARAM_RSA_FACTOR1),
            BnParam(pkey, OSSL_PKEY_PARAM_RSA_FACTOR2),
            BnParam(pkey, OSSL_PKEY_PARAM_RSA_EXPONENT1),
            BnParam(pkey, OSSL_PKEY_PARAM_RSA_EXPONENT2),
            BnParam(pkey, OSSL_PKEY_PARAM_RSA_COEFFICIENT1)};
  return !parts->n.empty() && !parts->d.empty();
}

Pkey EcKeyFromParts(int nid, const EcParts& parts) {
  const char* curve = CurveName(nid);
  const std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(
      OSSL_PARAM_BLD_new());
  const Bn d = ToBn(parts.d);
  std::string point = "\x04" + parts.x + parts.y;
  if (curve == nullptr || bld == nullptr || d == nullptr ||
      !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                       curve, 0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                        point.data(), point.size()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get())) {
    return nullptr;
  }
  return FromData("EC", bld.get());
}

bool EcPartsOf(const EVP_PKEY* pkey, size_t field_bytes, EcParts* parts) {
  if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_EC) return false;
  *parts = {BnParam(pkey, OSSL_PKEY_PARAM_EC_PUB_X, field_bytes),
            BnParam(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, field_bytes),
            BnParam(pkey, OSSL_PKEY_PARAM_PRIV_KEY, field_bytes)};
  return !parts->x.empty() && !parts->y.empty() && !parts->d.empty();
}

int EcCurveNid(const EVP_PKEY* pkey) {
  if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_EC) return NID_undef;
  char name[64];
  size_t len = 0;
  if (EVP_PKEY_get_group_name(pkey, name, sizeof(name), &len) != 1) {
    return NID_undef;
  }
  int nid = OBJ_sn2nid(name);
  if (nid == NID_undef) nid = EC_curve_nist2nid(name);
  return nid;
}

}  // namespace jwtv::testing_internal
