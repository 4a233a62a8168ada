// Copyright 2026 The jwtv Authors.
//
// The few key operations of jwtv::testing (include/jwtv/testing/
// token_signer.h) whose API differs between the crypto backends, written
// once per backend (src/testing/boringssl/, src/testing/openssl/): private
// keys from and to their big-endian components, and an EC key's curve.
// Everything else (PEM, key generation, signing) uses the EVP API both
// libraries share, in token_signer.cc and key_pair.cc.

#ifndef JWTV_SRC_TESTING_SIGNER_BACKEND_H_
#define JWTV_SRC_TESTING_SIGNER_BACKEND_H_

#include <openssl/evp.h>

#include <memory>
#include <string>

namespace jwtv::testing_internal {

struct PkeyDeleter {
  void operator()(EVP_PKEY* pkey) const { EVP_PKEY_free(pkey); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

// An RSA private key's members (RFC 7518 6.3), big-endian without sign.
struct RsaParts {
  std::string n, e, d, p, q, dp, dq, qi;
};

// An EC private key: the affine public point and the scalar, each as long
// as the curve's field (32, 48 or 66 bytes).
struct EcParts {
  std::string x, y, d;
};

// The key of `parts` after the library's consistency check; null if the
// library refuses it.
Pkey RsaKeyFromParts(const RsaParts& parts);
// The members of an RSA private key; false if `pkey` is not one.
bool RsaPartsOf(const EVP_PKEY* pkey, RsaParts* parts);

// The key on the curve `nid` (NID_X9_62_prime256v1, NID_secp384r1,
// NID_secp521r1) of `parts`, whose point must be d times the generator;
// null otherwise.
Pkey EcKeyFromParts(int nid, const EcParts& parts);
// The members of an EC private key, padded to `field_bytes`; false if
// `pkey` is not one.
bool EcPartsOf(const EVP_PKEY* pkey, size_t field_bytes, EcParts* parts);
// The NID of an EC key's curve; NID_undef for any other key.
int EcCurveNid(const EVP_PKEY* pkey);

}  // namespace jwtv::testing_internal

#endif  // JWTV_SRC_TESTING_SIGNER_BACKEND_H_
