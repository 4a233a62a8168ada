// Copyright 2026 The jwtv Authors.
//
// Helpers shared by the tests, benchmarks and fuzzers (the jwtv_test_util
// library): reading files, HMAC signing shortcuts over
// jwtv::testing::TokenSigner (include/jwtv/testing/token_signer.h, which also
// has the base64url encoder independent of jwtv's, Base64UrlEncode), and the
// crypto library's own HMAC for known-answer tests.
// Test code only: nothing here is fast, and failures to read a file abort.

#ifndef JWTV_TESTS_TESTING_TEST_UTIL_H_
#define JWTV_TESTS_TESTING_TEST_UTIL_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "jwtv/algorithm.h"

namespace jwtv::testing {

// The whole file at `path`; prints the path and aborts if it cannot be read.
std::string ReadFile(const std::string& path);

// The file at `relative` under tests/data/, as ReadFile.
std::string ReadTestData(std::string_view relative);

// The HMAC tag of `data` under `key` for HS256, HS384 or HS512
// (TokenSigner::Signature); aborts for any other algorithm.
std::string HmacTag(Algorithm alg, std::string_view key, std::string_view data);

// `signing_input` + "." + the base64url HS256 tag of it under `key`.
std::string SignHs256Input(std::string_view signing_input,
                           std::string_view key);

// The compact JWS of the JSON texts `header` and `payload` (encoded
// unchanged) under `key` with `alg` (HS256, HS384 or HS512); aborts for any
// other algorithm.
std::string HmacToken(Algorithm alg, std::string_view header,
                      std::string_view payload, std::string_view key);

// HmacToken with HS256.
std::string Hs256Token(std::string_view header, std::string_view payload,
                       std::string_view key);

// True iff `tag` is the crypto library's HMAC of `data` under `key` with
// `alg` (HS256, HS384, HS512; false for any other): the one-shot primitive
// the known-answer tests compare jwtv's HMAC key with.
bool RawHmacEquals(Algorithm alg, std::span<const uint8_t> key,
                   std::string_view data, std::span<const uint8_t> tag);

}  // namespace jwtv::testing

#endif  // JWTV_TESTS_TESTING_TEST_UTIL_H_
