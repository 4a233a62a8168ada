// Copyright 2026 The jwtv Authors.
//
// The policy's clock (policy.h): the coarse-clock bracket, the exact
// decision where a time boundary falls inside it, and the verdicts at
// second boundaries, with simulated clocks, that a coarse clock alone would
// get wrong.

#include "policy/policy.h"

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
  o.clock = [at] { return FromUnixSeconds(at); };
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
  o.clock = [] { return FromUnixSeconds(1234); };
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

// The precise clock CheckPolicy reads in the test below.
int64_t fake_precise_seconds = 0;
int64_t FakePreciseNow() { return fake_precise_seconds; }

// Around second boundaries, each verdict is the one the exact time gives
// when the bracket comes from a coarse clock reading that lags the exact
// time by anything up to the margin Now allows for. A coarse clock alone
// lags by milliseconds, so just after a boundary it would still accept a
// token whose exp is the new second, and still refuse one whose nbf is.
// The clocks are simulated: every (exact time, lag) pair is checked, with
// no dependence on when the test runs.
TEST(TimeBracketTest, SystemClockBoundariesAreExact) {
  constexpr int64_t kBillion = 1'000'000'000;
  constexpr int64_t kBoundary = 1'700'000'001;  // the second that begins
  constexpr int64_t kMargin = 24'000'000;       // six ticks of 4 ms
  const VerifiedToken expiring =
      Verified("{\"exp\":" + std::to_string(kBoundary) + "}");
  const VerifiedToken starting =
      Verified("{\"nbf\":" + std::to_string(kBoundary) + "}", kLater);
  ValidatorOptions o;
  o.require_exp = false;
  auto check = [&](const VerifiedToken& token, TimeBracket now) {
    return CheckPolicy(o, JoseHeader(), token, true, now, FakePreciseNow);
  };

  const int64_t offsets[] = {
      -2 * kMargin, -kMargin - 1, -kMargin,    -1'000'000, -1,         0, 1,
      1'000'000,    4'000'000,    kMargin - 1, kMargin,    2 * kMargin};
  const int64_t lags[] = {0, 1, 1'000'000, 4'000'000, 7'000'000, kMargin - 1};
  int coarse_wrong = 0;
  for (int64_t offset : offsets) {
    for (int64_t lag : lags) {
      const int64_t exact_ns = kBoundary * kBillion + offset;
      const int64_t coarse_ns = exact_ns - lag;
      const TimeBracket now = BracketFromCoarse(coarse_ns / kBillion,
                                                coarse_ns % kBillion, kMargin);
      fake_precise_seconds = exact_ns / kBillion;
      SCOPED_TRACE("offset " + std::to_string(offset) + " ns, lag " +
                   std::to_string(lag) + " ns");
      ASSERT_LE(now.lo, fake_precise_seconds);
      ASSERT_GE(now.hi, fake_precise_seconds);
      ASSERT_TRUE(now.hi == now.lo || now.hi == now.lo + 1);
      const bool begun = fake_precise_seconds >= kBoundary;
      EXPECT_EQ(check(expiring, now),
                begun ? ErrorCode::kExpired : ErrorCode::kOk);
      EXPECT_EQ(check(starting, now),
                begun ? ErrorCode::kOk : ErrorCode::kNotYetValid);
      if (now.lo != fake_precise_seconds) ++coarse_wrong;
    }
  }
  // The cases where the coarse second alone decides wrongly were among them.
  EXPECT_GT(coarse_wrong, 0);
}

}  // namespace
}  // namespace jwtv::internal
