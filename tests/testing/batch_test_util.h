// Copyright 2026 The jwtv Authors.
//
// Test helper for the batch, verified-cache and allocation tests: freshly
// generated keys of every kind, a JWKS of their public halves, and a signer
// for JWS compact tokens with every algorithm jwtv verifies (through
// jwtv::testing, include/jwtv/testing/token_signer.h).

#ifndef JWTV_TESTS_TESTING_BATCH_TEST_UTIL_H_
#define JWTV_TESTS_TESTING_BATCH_TEST_UTIL_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "base64url/base64url.h"
#include "jwtv/algorithm.h"
#include "jwtv/key_set.h"
#include "jwtv/testing/token_signer.h"
#include "jwtv/validator.h"

namespace jwtv::testing {

inline constexpr int64_t kNow = 1700000000;

inline std::string B64(std::string_view s) {
  return internal::Base64UrlEncode(s);
}
inline std::string B64(const std::vector<uint8_t>& v) {
  return B64(
      std::string_view(reinterpret_cast<const char*>(v.data()), v.size()));
}

// Keys: two HMAC secrets without kid (rotation), one with kid "hk", RSA-2048
// "rsa", EC "p256"/"p384"/"p521", Ed25519 "ed"; none of their JWKs names an
// alg. Signed by jwtv::testing::TokenSigner.
class TestKeys {
 public:
  TestKeys()
      : rsa_(Generate(Algorithm::kRS256, "rsa")),
        ec256_(Generate(Algorithm::kES256, "p256")),
        ec384_(Generate(Algorithm::kES384, "p384")),
        ec521_(Generate(Algorithm::kES512, "p521")),
        ed_(Generate(Algorithm::kEdDSA, "ed")) {
    // 64 bytes or more: long enough for every HS algorithm.
    secret_a_ =
        "first secret, used verbatim: 0123456789abcdef0123456789abcdef0123";
    secret_b_ =
        "second secret (rotation): 0123456789abcdef0123456789abcdef0123456";
    secret_k_ =
        "kid-bound secret: 0123456789abcdef0123456789abcdef0123456789abcd";
    for (int i = 0; i < kAlgorithmCount; ++i) {
      const auto alg = static_cast<Algorithm>(i);
      if (AlgorithmSet::Hmac().Contains(alg)) continue;
      signers_[i] = std::make_unique<TokenSigner>(
          OrDie(TokenSigner::FromJwk(alg, PairOf(alg).private_jwk)));
    }
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
    if (include_rsa) j += "," + rsa_.public_jwk;
    j += "," + ec256_.public_jwk;
    j += "," + ec384_.public_jwk;
    j += "," + ec521_.public_jwk;
    j += "," + ed_.public_jwk;
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
    if (AlgorithmSet::Hmac().Contains(alg)) {
      const std::string& k = which == 0   ? secret_a_
                             : which == 1 ? secret_b_
                                          : secret_k_;
      return OrDie(OrDie(TokenSigner::FromSecret(alg, k)).Signature(input));
    }
    return OrDie(signers_[static_cast<int>(alg)]->Signature(input));
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
  template <typename T>
  static T OrDie(absl::StatusOr<T> v) {
    if (!v.ok()) {
      std::fprintf(stderr, "%s\n", v.status().ToString().c_str());
      std::abort();
    }
    return *std::move(v);
  }
  // A key pair whose JWKs name no alg: the RSA key signs RS* and PS*.
  static KeyPair Generate(Algorithm alg, std::string_view kid) {
    return OrDie(GenerateKeyPair(alg, kid, {.write_alg = false}));
  }
  const KeyPair& PairOf(Algorithm alg) const {
    switch (alg) {
      case Algorithm::kES256:
        return ec256_;
      case Algorithm::kES384:
        return ec384_;
      case Algorithm::kES512:
        return ec521_;
      case Algorithm::kEdDSA:
        return ed_;
      default:
        return rsa_;
    }
  }
  static std::string Oct(const std::string& secret, std::string_view kid) {
    std::string j = "{\"kty\":\"oct\",\"k\":\"" + B64(secret) + "\"";
    if (!kid.empty()) j += ",\"kid\":\"" + std::string(kid) + "\"";
    return j + "}";
  }

  std::string secret_a_, secret_b_, secret_k_;
  KeyPair rsa_, ec256_, ec384_, ec521_, ed_;
  // The signer of every algorithm but HS*, by Algorithm value.
  std::unique_ptr<TokenSigner> signers_[kAlgorithmCount];
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
