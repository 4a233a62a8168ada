// Copyright 2026 The jwtv Authors.
//
// The policy's clock (policy.h): the coarse-clock bracket, the exact
// decision where a time boundary falls inside it, and end-to-end checks at
// the system clock's second boundaries that a coarse clock alone would get
// wrong.

#include "policy/policy.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "base64url/base64url.h"
#include "gtest/gtest.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"
#include "testing/test_util.h"

namespace jwtv::internal {
namespace {

constexpr std::string_view kSecret = "policy-test-secret-0123456789abcdef";
// After every time in these tests.
constexpr int64_t kLater = 5000000000;

std::string B64(std::string_view s) { return Base64UrlEncode(s); }

std::string Hs256(std::string_view payload) {
  return jwtv::testing::Hs256Token(R"({"alg":"HS256"})", payload, kSecret);
}

Validator MakeValidator(ValidatorOptions o) {
  auto keys = KeySet::FromHmacSecrets({std::string(kSecret)});
  EXPECT_TRUE(keys.ok());
  return Validator(*keys, std::move(o));
}

// A verified token with these claims, validated at time `at`.
VerifiedToken Verified(std::string_view payload, int64_t at = 0) {
  ValidatorOptions o;
  o.clock = [at] { return at; };
  o.require_exp = false;
  Validator v = MakeValidator(o);
  VerifiedToken out;
  EXPECT_EQ(v.Validate(Hs256(payload), &out), ErrorCode::kOk) << payload;
  return out;
}

ErrorCode Check(const VerifiedToken& token, TimeBracket now) {
  ValidatorOptions o;
  o.require_exp = false;
  return CheckPolicy(o, JoseHeader(), token, true, now);
}

TEST(TimeBracketTest, ExactBracketDecidesAtTheBoundaries) {
  const VerifiedToken exp = Verified(R"({"exp":1000})");
  EXPECT_EQ(Check(exp, {999, 999}), ErrorCode::kOk);
  EXPECT_EQ(Check(exp, {1000, 1000}), ErrorCode::kExpired);
  const VerifiedToken nbf = Verified(R"({"nbf":1000})", kLater);
  EXPECT_EQ(Check(nbf, {999, 999}), ErrorCode::kNotYetValid);
  EXPECT_EQ(Check(nbf, {1000, 1000}), ErrorCode::kOk);
  const VerifiedToken iat = Verified(R"({"iat":1000})", kLater);
  EXPECT_EQ(Check(iat, {999, 999}), ErrorCode::kIatInFuture);
  EXPECT_EQ(Check(iat, {1000, 1000}), ErrorCode::kOk);
}

// Where lo and hi disagree, the precise clock decides: a boundary in 1970
// is past, one in 2100 is ahead, whatever the bracket says.
TEST(TimeBracketTest, BoundaryInsideTheBracketAsksThePreciseClock) {
  EXPECT_EQ(Check(Verified(R"({"exp":1000})"), {999, 1000}),
            ErrorCode::kExpired);
  EXPECT_EQ(Check(Verified(R"({"exp":4102444800})"), {4102444799, 4102444800}),
            ErrorCode::kOk);
  EXPECT_EQ(Check(Verified(R"({"nbf":1000})", kLater), {999, 1000}),
            ErrorCode::kOk);
  EXPECT_EQ(Check(Verified(R"({"nbf":4102444800})", kLater),
                  {4102444799, 4102444800}),
            ErrorCode::kNotYetValid);
  // No boundary inside: the bracket alone decides (the precise clock would
  // say otherwise here, so this shows it was not read).
  EXPECT_EQ(Check(Verified(R"({"exp":4102444800})"), {4102444800, 4102444801}),
            ErrorCode::kExpired);
  EXPECT_EQ(Check(Verified(R"({"exp":1000})"), {998, 999}), ErrorCode::kOk);
}

TEST(TimeBracketTest, NowIsExactWithAClockAndBracketsTheSystemClock) {
  ValidatorOptions o;
  o.clock = [] { return int64_t{1234}; };
  const TimeBracket fixed = Now(o);
  EXPECT_EQ(fixed.lo, 1234);
  EXPECT_EQ(fixed.hi, 1234);

  ValidatorOptions system;
  for (int i = 0; i < 100000; ++i) {
    const int64_t before = PreciseNowSeconds();
    const TimeBracket now = Now(system);
    const int64_t after = PreciseNowSeconds();
    ASSERT_LE(now.lo, after);
    ASSERT_GE(now.hi, before);
    ASSERT_TRUE(now.hi == now.lo || now.hi == now.lo + 1);
  }
}

// Around second boundaries of the system clock, each validation decides as
// the precise clock read around it allows. A coarse clock alone lags the
// precise one by milliseconds, so just after a boundary it would still
// accept a token whose exp is the new second, and still refuse one whose
// nbf is.
TEST(TimeBracketTest, SystemClockBoundariesAreExact) {
  ValidatorOptions o;
  o.require_exp = false;
  Validator v = MakeValidator(o);
  auto token = [](std::string_view claim, int64_t t) {
    return Hs256("{\"" + std::string(claim) + "\":" + std::to_string(t) + "}");
  };
  // Right after two boundaries: wait for the clock to turn, then validate.
  for (int i = 0; i < 2; ++i) {
    const int64_t second = PreciseNowSeconds();
    const std::string expiring = token("exp", second + 1);
    const std::string starting = token("nbf", second + 1);
    while (PreciseNowSeconds() == second) {
    }
    EXPECT_EQ(v.Validate(expiring).code(), ErrorCode::kExpired);
    EXPECT_EQ(v.Validate(starting).code(), ErrorCode::kOk);
  }
  // And densely for half a second: a token whose exp is a second already
  // read is expired; one whose nbf is the next second is not yet valid if
  // the clock read after validating has not reached it.
  const auto end =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  int checked = 0;
  while (std::chrono::steady_clock::now() < end) {
    const int64_t second = PreciseNowSeconds();
    const std::string expired = token("exp", second);
    const std::string next = token("nbf", second + 1);
    ASSERT_EQ(v.Validate(expired).code(), ErrorCode::kExpired);
    const ErrorCode code = v.Validate(next).code();
    if (PreciseNowSeconds() == second) {
      ASSERT_EQ(code, ErrorCode::kNotYetValid);
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

}  // namespace
}  // namespace jwtv::internal
