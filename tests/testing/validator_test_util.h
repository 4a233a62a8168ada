// Copyright 2026 The jwtv Authors.
//
// Test helpers for the Validator tests (validator_test.cc,
// validator_token_test.cc, validator_shopify_test.cc): tokens built byte for
// byte and signed with HMAC by jwtv::testing::TokenSigner, a fixed
// clock, and a Validator over one HMAC secret.

#ifndef JWTV_TESTS_VALIDATOR_TEST_UTIL_H_
#define JWTV_TESTS_VALIDATOR_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "base64url/base64url.h"
#include "gtest/gtest.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"
#include "testing/test_util.h"

namespace jwtv::validator_testing {

inline constexpr int64_t kNow = 1700000000;
// 64 bytes: long enough for every HS algorithm (RFC 7518 section 3.2).
inline constexpr std::string_view kSecret =
    "validator-test-secret-0123456789abcdef0123456789abcdef0123456789";

inline std::string B64(std::string_view s) {
  return internal::Base64UrlEncode(s);
}

// The compact JWS of `header` and `payload` with the HMAC tag for `alg`
// (HS256, HS384 or HS512) under `key`.
inline std::string Sign(Algorithm alg, std::string_view header,
                        std::string_view payload,
                        std::string_view key = kSecret) {
  return ::jwtv::testing::HmacToken(alg, header, payload, key);
}

inline std::string Hs256(std::string_view header, std::string_view payload,
                         std::string_view key = kSecret) {
  return Sign(Algorithm::kHS256, header, payload, key);
}

inline constexpr std::string_view kHeader = R"({"alg":"HS256"})";

inline std::string At(int64_t delta) { return std::to_string(kNow + delta); }

// A payload with exp an hour ahead plus `members` (each starting with ',').
inline std::string Payload(std::string_view members = {}) {
  return R"({"exp":)" + At(3600) + std::string(members) + "}";
}

inline ValidatorOptions Options() {
  ValidatorOptions o;
  o.clock = [] { return FromUnixSeconds(kNow); };
  return o;
}

inline Validator MakeValidator(ValidatorOptions o = Options()) {
  auto keys = KeySet::FromHmacSecrets({std::string(kSecret)});
  EXPECT_TRUE(keys.ok());
  return Validator(*keys, std::move(o));
}

inline std::string Code(const Validator& v, std::string_view token) {
  return std::string(v.Validate(token).code_name());
}

}  // namespace jwtv::validator_testing

#endif  // JWTV_TESTS_VALIDATOR_TEST_UTIL_H_
