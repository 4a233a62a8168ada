// Copyright 2026 The jwtv Authors.
//
// The crypto library of the build (the backend jwtv links: BoringSSL or
// OpenSSL 3), for tests, benchmarks and fuzzers that sign tokens or compare
// with the library. It includes the library's headers; with OpenSSL it also
// supplies, under their BoringSSL names, the few BoringSSL functions and
// types the tests use that OpenSSL lacks (bssl::UniquePtr, ED25519_*,
// RSA_*_pss_mgf1, RSA_sign_raw, BN_bn2bin_padded, EVP_DecodeBase64, ...),
// built on OpenSSL's own primitives with the same contracts. Test code only:
// nothing here is fast or part of jwtv.

#ifndef JWTV_TESTS_TESTING_CRYPTO_TESTING_H_
#define JWTV_TESTS_TESTING_CRYPTO_TESTING_H_

#if defined(JWTV_CRYPTO_OPENSSL)

// The tests use the low-level RSA/EC_KEY/HMAC_CTX functions OpenSSL 3
// deprecates (they exist in every 3.x).
#ifndef OPENSSL_SUPPRESS_DEPRECATED
#define OPENSSL_SUPPRESS_DEPRECATED 1
#endif
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace bssl {

template <typename T>
struct Deleter;
#define JWTV_TESTING_DELETER(type, fn)        \
  template <>                                 \
  struct Deleter<type> {                      \
    void operator()(type* p) const { fn(p); } \
  };
JWTV_TESTING_DELETER(BIGNUM, BN_free)
JWTV_TESTING_DELETER(BN_CTX, BN_CTX_free)
JWTV_TESTING_DELETER(ECDSA_SIG, ECDSA_SIG_free)
JWTV_TESTING_DELETER(EC_GROUP, EC_GROUP_free)
JWTV_TESTING_DELETER(EC_KEY, EC_KEY_free)
JWTV_TESTING_DELETER(EC_POINT, EC_POINT_free)
JWTV_TESTING_DELETER(EVP_MD_CTX, EVP_MD_CTX_free)
JWTV_TESTING_DELETER(EVP_PKEY, EVP_PKEY_free)
JWTV_TESTING_DELETER(HMAC_CTX, HMAC_CTX_free)
JWTV_TESTING_DELETER(RSA, RSA_free)
#undef JWTV_TESTING_DELETER

template <typename T>
using UniquePtr = std::unique_ptr<T, Deleter<T>>;

class ScopedHMAC_CTX {
 public:
  ScopedHMAC_CTX() : ctx_(HMAC_CTX_new()) {}
  ~ScopedHMAC_CTX() { HMAC_CTX_free(ctx_); }
  ScopedHMAC_CTX(const ScopedHMAC_CTX&) = delete;
  ScopedHMAC_CTX& operator=(const ScopedHMAC_CTX&) = delete;
  HMAC_CTX* get() { return ctx_; }

 private:
  HMAC_CTX* ctx_;
};

}  // namespace bssl

inline int HMAC_CTX_copy_ex(HMAC_CTX* dst, const HMAC_CTX* src) {
  return HMAC_CTX_copy(dst, const_cast<HMAC_CTX*>(src));
}

// 1 iff `in` fits in len bytes, written big-endian and zero-padded.
inline int BN_bn2bin_padded(uint8_t* out, size_t len, const BIGNUM* in) {
  return BN_bn2binpad(in, out, static_cast<int>(len)) == static_cast<int>(len);
}

// Padded standard base64 of in_len bytes (a multiple of 4) into out.
inline int EVP_DecodeBase64(uint8_t* out, size_t* out_len, size_t max_out,
                            const uint8_t* in, size_t in_len) {
  if (in_len % 4 != 0 || in_len / 4 * 3 > max_out) return 0;
  const int n = EVP_DecodeBlock(out, in, static_cast<int>(in_len));
  if (n < 0) return 0;
  size_t pad = 0;
  if (in_len > 0 && in[in_len - 1] == '=') ++pad;
  if (in_len > 1 && in[in_len - 2] == '=') ++pad;
  *out_len = static_cast<size_t>(n) - pad;
  return 1;
}

// BoringSSL's Ed25519 private key: the 32-byte seed then the public key.
inline void ED25519_keypair_from_seed(uint8_t out_public_key[32],
                                      uint8_t out_private_key[64],
                                      const uint8_t seed[32]) {
  bssl::UniquePtr<EVP_PKEY> pkey(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed, 32));
  size_t len = 32;
  if (pkey == nullptr ||
      !EVP_PKEY_get_raw_public_key(pkey.get(), out_public_key, &len)) {
    std::abort();
  }
  std::memcpy(out_private_key, seed, 32);
  std::memcpy(out_private_key + 32, out_public_key, 32);
}

inline int ED25519_sign(uint8_t out_sig[64], const uint8_t* message,
                        size_t message_len, const uint8_t private_key[64]) {
  bssl::UniquePtr<EVP_PKEY> pkey(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, private_key, 32));
  bssl::UniquePtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  size_t len = 64;
  return pkey != nullptr && ctx != nullptr &&
         EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) ==
             1 &&
         EVP_DigestSign(ctx.get(), out_sig, &len, message, message_len) == 1 &&
         len == 64;
}

inline int ED25519_verify(const uint8_t* message, size_t message_len,
                          const uint8_t signature[64],
                          const uint8_t public_key[32]) {
  bssl::UniquePtr<EVP_PKEY> pkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key, 32));
  bssl::UniquePtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  const int ok =
      pkey != nullptr && ctx != nullptr &&
      EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) ==
          1 &&
      EVP_DigestVerify(ctx.get(), signature, 64, message, message_len) == 1;
  ERR_clear_error();
  return ok;
}

// in (in_len == RSA_size) through the private key without padding.
inline int RSA_sign_raw(RSA* rsa, size_t* out_len, uint8_t* out, size_t max_out,
                        const uint8_t* in, size_t in_len, int padding) {
  const int k = RSA_size(rsa);
  if (max_out < static_cast<size_t>(k)) return 0;
  const int n =
      RSA_private_encrypt(static_cast<int>(in_len), in, out, rsa, padding);
  if (n < 0) return 0;
  *out_len = static_cast<size_t>(n);
  return 1;
}

// in (in_len == RSA_size) through the public key without padding.
inline int RSA_verify_raw(RSA* rsa, size_t* out_len, uint8_t* out,
                          size_t max_out, const uint8_t* in, size_t in_len,
                          int padding) {
  const int k = RSA_size(rsa);
  if (max_out < static_cast<size_t>(k) || in_len != static_cast<size_t>(k)) {
    return 0;
  }
  const int n =
      RSA_public_decrypt(static_cast<int>(in_len), in, out, rsa, padding);
  if (n < 0) return 0;
  *out_len = static_cast<size_t>(n);
  return 1;
}

// salt_len -1: as long as the digest (BoringSSL's and OpenSSL's meaning).
inline int RSA_sign_pss_mgf1(RSA* rsa, size_t* out_len, uint8_t* out,
                             size_t max_out, const uint8_t* digest,
                             size_t digest_len, const EVP_MD* md,
                             const EVP_MD* mgf1_md, int salt_len) {
  const size_t k = RSA_size(rsa);
  if (max_out < k || digest_len != static_cast<size_t>(EVP_MD_get_size(md))) {
    return 0;
  }
  std::vector<uint8_t> em(k);
  if (!RSA_padding_add_PKCS1_PSS_mgf1(rsa, em.data(), digest, md, mgf1_md,
                                      salt_len)) {
    return 0;
  }
  return RSA_sign_raw(rsa, out_len, out, max_out, em.data(), k, RSA_NO_PADDING);
}

inline int RSA_verify_pss_mgf1(RSA* rsa, const uint8_t* digest,
                               size_t digest_len, const EVP_MD* md,
                               const EVP_MD* mgf1_md, int salt_len,
                               const uint8_t* sig, size_t sig_len) {
  const size_t k = RSA_size(rsa);
  if (sig_len != k || digest_len != static_cast<size_t>(EVP_MD_get_size(md))) {
    return 0;
  }
  std::vector<uint8_t> em(k);
  const int ok =
      RSA_public_decrypt(static_cast<int>(sig_len), sig, em.data(), rsa,
                         RSA_NO_PADDING) == static_cast<int>(k) &&
      RSA_verify_PKCS1_PSS_mgf1(rsa, digest, md, mgf1_md, em.data(),
                                salt_len) == 1;
  ERR_clear_error();
  return ok;
}

// A DER SubjectPublicKeyInfo with nothing after it, or null.
inline EVP_PKEY* ParsePublicKeyDer(const uint8_t* der, size_t len) {
  const uint8_t* p = der;
  EVP_PKEY* pkey = d2i_PUBKEY(nullptr, &p, static_cast<long>(len));
  if (pkey != nullptr && p != der + len) {
    EVP_PKEY_free(pkey);
    pkey = nullptr;
  }
  ERR_clear_error();
  return pkey;
}

#elif defined(JWTV_CRYPTO_BORINGSSL)

#include <openssl/base64.h>
#include <openssl/bn.h>
#include <openssl/bytestring.h>
#include <openssl/curve25519.h>
#include <openssl/digest.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

// A DER SubjectPublicKeyInfo with nothing after it, or null.
inline EVP_PKEY* ParsePublicKeyDer(const uint8_t* der, size_t len) {
  CBS cbs;
  CBS_init(&cbs, der, len);
  EVP_PKEY* pkey = EVP_parse_public_key(&cbs);
  if (pkey != nullptr && CBS_len(&cbs) != 0) {
    EVP_PKEY_free(pkey);
    pkey = nullptr;
  }
  ERR_clear_error();
  return pkey;
}

#else
#error "build with JWTV_CRYPTO_BORINGSSL or JWTV_CRYPTO_OPENSSL defined"
#endif

#endif  // JWTV_TESTS_TESTING_CRYPTO_TESTING_H_
