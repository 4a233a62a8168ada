// Copyright 2026 The jwtv Authors.
//
// Test helper for the batch, verified-cache and allocation tests: freshly
// generated keys of every kind, a JWKS of their public halves, and a signer
// for JWS compact tokens with every algorithm jwtv verifies.

#ifndef JWTV_TESTS_TESTING_BATCH_TEST_UTIL_H_
#define JWTV_TESTS_TESTING_BATCH_TEST_UTIL_H_

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base64url/base64url.h"
#include "jwtv/algorithm.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"
#include "testing/crypto_testing.h"

namespace jwtv::testing {

inline constexpr int64_t kNow = 1700000000;

inline std::string B64(std::string_view s) {
  return internal::Base64UrlEncode(s);
}
inline std::string B64(const std::vector<uint8_t>& v) {
  return B64(
      std::string_view(reinterpret_cast<const char*>(v.data()), v.size()));
}

inline std::vector<uint8_t> BnBytes(const BIGNUM* bn, size_t len = 0) {
  if (len == 0) len = BN_num_bytes(bn);
  std::vector<uint8_t> out(len);
  if (!BN_bn2bin_padded(out.data(), len, bn)) std::abort();
  return out;
}

inline const EVP_MD* HashOf(Algorithm alg) {
  switch (alg) {
    case Algorithm::kHS384:
    case Algorithm::kRS384:
    case Algorithm::kPS384:
    case Algorithm::kES384:
      return EVP_sha384();
    case Algorithm::kHS512:
    case Algorithm::kRS512:
    case Algorithm::kPS512:
    case Algorithm::kES512:
      return EVP_sha512();
    default:
      return EVP_sha256();
  }
}

// Keys: two HMAC secrets without kid (rotation), one with kid "hk", RSA-2048
// "rsa", EC "p256"/"p384"/"p521", Ed25519 "ed".
class TestKeys {
 public:
  TestKeys() {
    // 64 bytes or more: long enough for every HS algorithm.
    secret_a_ =
        "first secret, used verbatim: 0123456789abcdef0123456789abcdef0123";
    secret_b_ =
        "second secret (rotation): 0123456789abcdef0123456789abcdef0123456";
    secret_k_ =
        "kid-bound secret: 0123456789abcdef0123456789abcdef0123456789abcd";
    rsa_ = RSA_new();
    BIGNUM* e = BN_new();
    BN_set_word(e, 65537);
    if (!RSA_generate_key_ex(rsa_, 2048, e, nullptr)) std::abort();
    BN_free(e);
    ec256_ = MakeEc(NID_X9_62_prime256v1);
    ec384_ = MakeEc(NID_secp384r1);
    ec521_ = MakeEc(NID_secp521r1);
    uint8_t seed[32];
    for (int i = 0; i < 32; ++i) seed[i] = static_cast<uint8_t>(i * 7 + 1);
    ED25519_keypair_from_seed(ed_pub_, ed_priv_, seed);
  }
  ~TestKeys() {
    RSA_free(rsa_);
    EC_KEY_free(ec256_);
    EC_KEY_free(ec384_);
    EC_KEY_free(ec521_);
  }
  TestKeys(const TestKeys&) = delete;
  TestKeys& operator=(const TestKeys&) = delete;

  const std::string& secret_a() const { return secret_a_; }
  const std::string& secret_b() const { return secret_b_; }

  // The JWKS of every key (HMAC ones as oct keys).
  std::string Jwks(bool include_rsa = true) const {
    std::string j = "{\"keys\":[";
    j += Oct(secret_a_, "");
    j += "," + Oct(secret_b_, "");
    j += "," + Oct(secret_k_, "hk");
    if (include_rsa) {
      j += ",{\"kty\":\"RSA\",\"kid\":\"rsa\",\"n\":\"" +
           B64(BnBytes(RSA_get0_n(rsa_))) + "\",\"e\":\"" +
           B64(BnBytes(RSA_get0_e(rsa_))) + "\"}";
    }
    j += "," + EcJwk(ec256_, "P-256", "p256", 32);
    j += "," + EcJwk(ec384_, "P-384", "p384", 48);
    j += "," + EcJwk(ec521_, "P-521", "p521", 66);
    j += ",{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"ed\",\"x\":\"" +
         B64(std::string_view(reinterpret_cast<const char*>(ed_pub_), 32)) +
         "\"}";
    j += "]}";
    return j;
  }

  KeySet MakeKeySet(bool include_rsa = true) const {
    auto ks = KeySet::FromJwks(Jwks(include_rsa));
    if (!ks.ok()) std::abort();
    return *std::move(ks);
  }

  // The kid a token signed with `alg` names by default ("" for the HMAC
  // secrets without kid).
  static std::string DefaultKid(Algorithm alg) {
    switch (alg) {
      case Algorithm::kHS256:
      case Algorithm::kHS384:
      case Algorithm::kHS512:
        return "";
      case Algorithm::kES256:
        return "p256";
      case Algorithm::kES384:
        return "p384";
      case Algorithm::kES512:
        return "p521";
      case Algorithm::kEdDSA:
        return "ed";
      default:
        return "rsa";
    }
  }

  // Signs signing_input with alg; for HMAC, `which` picks secret a (0), b
  // (1) or the kid-bound one (2).
  std::string Sign(Algorithm alg, std::string_view input, int which = 0) const {
    const EVP_MD* md = HashOf(alg);
    uint8_t digest[EVP_MAX_MD_SIZE];
    unsigned digest_len = 0;
    EVP_Digest(input.data(), input.size(), digest, &digest_len, md, nullptr);
    switch (alg) {
      case Algorithm::kHS256:
      case Algorithm::kHS384:
      case Algorithm::kHS512: {
        const std::string& k = which == 0   ? secret_a_
                               : which == 1 ? secret_b_
                                            : secret_k_;
        uint8_t mac[EVP_MAX_MD_SIZE];
        unsigned len = 0;
        HMAC(md, k.data(), k.size(),
             reinterpret_cast<const uint8_t*>(input.data()), input.size(), mac,
             &len);
        return std::string(reinterpret_cast<char*>(mac), len);
      }
      case Algorithm::kRS256:
      case Algorithm::kRS384:
      case Algorithm::kRS512: {
        std::string sig(RSA_size(rsa_), '\0');
        unsigned len = 0;
        if (!RSA_sign(EVP_MD_type(md), digest, digest_len,
                      reinterpret_cast<uint8_t*>(sig.data()), &len, rsa_)) {
          std::abort();
        }
        sig.resize(len);
        return sig;
      }
      case Algorithm::kPS256:
      case Algorithm::kPS384:
      case Algorithm::kPS512: {
        std::string sig(RSA_size(rsa_), '\0');
        size_t len = 0;
        if (!RSA_sign_pss_mgf1(rsa_, &len,
                               reinterpret_cast<uint8_t*>(sig.data()),
                               sig.size(), digest, digest_len, md, md, -1)) {
          std::abort();
        }
        sig.resize(len);
        return sig;
      }
      case Algorithm::kES256:
      case Algorithm::kES384:
      case Algorithm::kES512: {
        EC_KEY* key = alg == Algorithm::kES256   ? ec256_
                      : alg == Algorithm::kES384 ? ec384_
                                                 : ec521_;
        const size_t n = alg == Algorithm::kES256   ? 32
                         : alg == Algorithm::kES384 ? 48
                                                    : 66;
        ECDSA_SIG* s = ECDSA_do_sign(digest, digest_len, key);
        if (s == nullptr) std::abort();
        const BIGNUM *r, *ss;
        ECDSA_SIG_get0(s, &r, &ss);
        std::vector<uint8_t> out = BnBytes(r, n);
        std::vector<uint8_t> second = BnBytes(ss, n);
        out.insert(out.end(), second.begin(), second.end());
        ECDSA_SIG_free(s);
        return std::string(out.begin(), out.end());
      }
      case Algorithm::kEdDSA: {
        uint8_t sig[64];
        ED25519_sign(sig, reinterpret_cast<const uint8_t*>(input.data()),
                     input.size(), ed_priv_);
        return std::string(reinterpret_cast<char*>(sig), 64);
      }
    }
    std::abort();
  }

  // header JSON and payload JSON -> signed compact token.
  std::string Token(Algorithm alg, std::string_view header_json,
                    std::string_view payload_json, int which = 0) const {
    std::string input = B64(header_json) + "." + B64(payload_json);
    return input + "." + B64(Sign(alg, input, which));
  }

  // A typical token: {"alg","typ":"JWT"[,"kid"]} and claims with exp.
  std::string Typical(Algorithm alg, std::string_view kid, int64_t exp,
                      std::string_view extra_claims = "", int which = 0) const {
    std::string h =
        "{\"alg\":\"" + std::string(AlgorithmName(alg)) + "\",\"typ\":\"JWT\"";
    if (!kid.empty()) h += ",\"kid\":\"" + std::string(kid) + "\"";
    h += "}";
    std::string p =
        "{\"iss\":\"https://issuer.example\",\"aud\":\"api\","
        "\"sub\":\"user-1\",\"exp\":" +
        std::to_string(exp) + ",\"iat\":" + std::to_string(kNow - 10);
    if (!extra_claims.empty()) p += "," + std::string(extra_claims);
    p += "}";
    return Token(alg, h, p, which);
  }

 private:
  static EC_KEY* MakeEc(int nid) {
    EC_KEY* k = EC_KEY_new_by_curve_name(nid);
    if (k == nullptr || !EC_KEY_generate_key(k)) std::abort();
    return k;
  }
  static std::string Oct(const std::string& secret, std::string_view kid) {
    std::string j = "{\"kty\":\"oct\",\"k\":\"" + B64(secret) + "\"";
    if (!kid.empty()) j += ",\"kid\":\"" + std::string(kid) + "\"";
    return j + "}";
  }
  static std::string EcJwk(const EC_KEY* k, std::string_view crv,
                           std::string_view kid, size_t n) {
    BIGNUM* x = BN_new();
    BIGNUM* y = BN_new();
    EC_POINT_get_affine_coordinates_GFp(
        EC_KEY_get0_group(k), EC_KEY_get0_public_key(k), x, y, nullptr);
    std::string j = "{\"kty\":\"EC\",\"crv\":\"" + std::string(crv) +
                    "\",\"kid\":\"" + std::string(kid) + "\",\"x\":\"" +
                    B64(BnBytes(x, n)) + "\",\"y\":\"" + B64(BnBytes(y, n)) +
                    "\"}";
    BN_free(x);
    BN_free(y);
    return j;
  }

  std::string secret_a_, secret_b_, secret_k_;
  RSA* rsa_ = nullptr;
  EC_KEY *ec256_ = nullptr, *ec384_ = nullptr, *ec521_ = nullptr;
  uint8_t ed_pub_[32], ed_priv_[64];
};

// One TestKeys per test binary (key generation is slow).
inline const TestKeys& Keys() {
  static const TestKeys* keys = new TestKeys;
  return *keys;
}

// The options the batch, cache and allocation tests validate with: issuer
// and audience of TestKeys' tokens, and `clock` (kNow when empty).
inline ValidatorOptions Options(Clock clock = {}) {
  ValidatorOptions o;
  o.issuers = {"https://issuer.example"};
  o.audiences = {"api"};
  o.clock = clock ? std::move(clock) : [] { return FromUnixSeconds(kNow); };
  return o;
}

}  // namespace jwtv::testing

#endif  // JWTV_TESTS_TESTING_BATCH_TEST_UTIL_H_
