// Copyright 2026 The jwtv Authors.
//
// What the files of jwtv_bench share: the issuer and audience the fixtures
// (bench/fixtures, made by bench/make_fixtures.py) are signed for, reading a
// fixture, and stopping the run when the setup is wrong. Setup only: nothing
// here runs inside a timed loop.

#ifndef JWTV_BENCH_BENCH_FIXTURES_H_
#define JWTV_BENCH_BENCH_FIXTURES_H_

#include <cstdio>
#include <cstdlib>
#include <string>

#include "testing/test_util.h"

namespace jwtv_bench {

// The Shopify-style iss and aud of the fixture tokens.
inline constexpr char kIssuer[] = "https://bench-shop.myshopify.com/admin";
inline constexpr char kApiKey[] = "3f0c9a1e7d5b4c2a8e6f1d0b9a7c5e3f";

// Prints `message` and aborts: a fixture or a setup step is not what a
// benchmark needs, so its figures would mean nothing.
[[noreturn]] inline void Die(const std::string& message) {
  std::fprintf(stderr, "jwtv_bench: %s\n", message.c_str());
  std::abort();
}

// The whole file bench/fixtures/<name>; aborts if it cannot be read.
inline std::string ReadFixture(const std::string& name) {
  return jwtv::testing::ReadFile(std::string(JWTV_BENCH_FIXTURES_DIR) + "/" +
                                 name);
}

// ReadFixture without the line ends at the file's end: a token, a secret or
// a JSON document on one line.
inline std::string ReadFixtureLine(const std::string& name) {
  std::string s = ReadFixture(name);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace jwtv_bench

#endif  // JWTV_BENCH_BENCH_FIXTURES_H_
