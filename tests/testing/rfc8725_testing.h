// Copyright 2026 The jwtv Authors.
//
// What the RFC 8725 tests (rfc8725_*_test.cc) share: a fixed clock and
// secret, HS256 tokens built byte for byte (header and payload JSON as
// written), and a check of a token against the public Validator.

#ifndef JWTV_TESTS_TESTING_RFC8725_TESTING_H_
#define JWTV_TESTS_TESTING_RFC8725_TESTING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "gtest/gtest.h"
#include "jwtv/error.h"
#include "jwtv/key_set.h"
#include "jwtv/testing/token_signer.h"
#include "jwtv/validator.h"
#include "testing/test_util.h"

namespace jwtv::rfc8725 {

inline constexpr int64_t kNow = 1700000000;
// 64 bytes: long enough for every HS algorithm (RFC 7518 section 3.2).
inline constexpr std::string_view kSecret =
    "rfc8725-test-secret-0123456789abcdef-0123456789abcdef-0123456789";

inline std::string B64(std::string_view s) {
  return testing::Base64UrlEncode(s);
}

// Signs `signing_input` (the token text up to the second '.') with HS256.
inline std::string SignInput(std::string_view signing_input,
                             std::string_view key = kSecret) {
  return testing::SignHs256Input(signing_input, key);
}

inline std::string Hs256(std::string_view header, std::string_view payload,
                         std::string_view key = kSecret) {
  return testing::Hs256Token(header, payload, key);
}

inline constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT"})";

inline std::string Exp(int64_t seconds_from_now) {
  return R"({"exp":)" + std::to_string(kNow + seconds_from_now) + "}";
}

inline KeySet SecretKeys(std::string_view kid = {}) {
  KeySet::Builder b;
  EXPECT_TRUE(b.AddHmacSecret(kSecret, kid).ok());
  return std::move(b).Build();
}

inline ValidatorOptions Options() {
  ValidatorOptions o;
  o.clock = [] { return FromUnixSeconds(kNow); };
  return o;
}

inline ErrorCode Check(std::string_view token, ValidatorOptions o = Options(),
                       KeySet keys = SecretKeys()) {
  return Validator(std::move(keys), std::move(o)).Validate(token).code();
}

inline std::string Name(ErrorCode c) { return std::string(ErrorCodeName(c)); }

}  // namespace jwtv::rfc8725

// Compares by name, so a failure prints the codes' names.
#define EXPECT_CODE(expr, code) \
  EXPECT_EQ(::jwtv::rfc8725::Name(expr), ::jwtv::rfc8725::Name(code))

#endif  // JWTV_TESTS_TESTING_RFC8725_TESTING_H_
