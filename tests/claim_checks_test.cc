// Copyright 2026 The jwtv Authors.
//
// ValidatorOptions::claim_checks (each kind passing and failing, a missing
// claim against one of another type, their place in the error order) and
// Result::failed_claim (the claim each rejection by the policy names, in
// Validate and in ValidateBatch).

#include "policy/claim_checks.h"

#include <atomic>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "jwtv/shopify.h"
#include "jwtv/validator.h"
#include "jwtv/verified_cache.h"
#include "testing/validator_test_util.h"

namespace jwtv {
namespace {

using validator_testing::At;
using validator_testing::Hs256;
using validator_testing::kHeader;
using validator_testing::MakeValidator;
using validator_testing::Options;
using validator_testing::Payload;

// The code name and failed claim of `members` (appended to Payload()) under
// a validator with `checks`, as "code/claim".
std::string Verdict(const std::vector<ClaimCheck>& checks,
                    std::string_view members, ValidatorOptions o = Options()) {
  o.claim_checks = checks;
  const Validator v = MakeValidator(std::move(o));
  const Result r = v.Validate(Hs256(kHeader, Payload(members)));
  return std::string(r.code_name()) + "/" + std::string(r.failed_claim());
}

TEST(ClaimCheckTest, EqualsString) {
  const std::vector<ClaimCheck> c = {ClaimCheck::Equals("tenant", "acme")};
  EXPECT_EQ(Verdict(c, R"(,"tenant":"acme")"), "ok/");
  // Compared after unescaping.
  EXPECT_EQ(Verdict(c, R"(,"tenant":"\u0061cme")"), "ok/");
  EXPECT_EQ(Verdict(c, R"(,"tenant":"Acme")"), "bad_claim/tenant");
  EXPECT_EQ(Verdict(c, R"(,"tenant":"acme ")"), "bad_claim/tenant");
  EXPECT_EQ(Verdict(c, R"(,"tenant":["acme"])"), "bad_claim/tenant");
  EXPECT_EQ(Verdict(c, R"(,"tenant":null)"), "bad_claim/tenant");
  EXPECT_EQ(Verdict(c, ""), "missing_claim/tenant");
  // A std::string value is a string too.
  EXPECT_EQ(Verdict({ClaimCheck::Equals("tenant", std::string("acme"))},
                    R"(,"tenant":"acme")"),
            "ok/");
}

TEST(ClaimCheckTest, EqualsInteger) {
  const std::vector<ClaimCheck> c = {ClaimCheck::Equals("level", 3)};
  EXPECT_EQ(Verdict(c, R"(,"level":3)"), "ok/");
  EXPECT_EQ(Verdict(c, R"(,"level":4)"), "bad_claim/level");
  EXPECT_EQ(Verdict(c, R"(,"level":-3)"), "bad_claim/level");
  // Written as an integer only: no fraction or exponent.
  EXPECT_EQ(Verdict(c, R"(,"level":3.0)"), "bad_claim/level");
  EXPECT_EQ(Verdict(c, R"(,"level":3e0)"), "bad_claim/level");
  EXPECT_EQ(Verdict(c, R"(,"level":"3")"), "bad_claim/level");
  EXPECT_EQ(Verdict(c, R"(,"level":true)"), "bad_claim/level");
  EXPECT_EQ(Verdict(c, ""), "missing_claim/level");
  EXPECT_EQ(Verdict({ClaimCheck::Equals("n", int64_t{-7})}, R"(,"n":-7)"),
            "ok/");
  // Exact beyond 2^53, where doubles would round both to 2^53.
  const std::vector<ClaimCheck> big = {
      ClaimCheck::Equals("id", int64_t{9007199254740993})};
  EXPECT_EQ(Verdict(big, R"(,"id":9007199254740993)"), "ok/");
  EXPECT_EQ(Verdict(big, R"(,"id":9007199254740992)"), "bad_claim/id");
  // Outside int64.
  EXPECT_EQ(Verdict({ClaimCheck::Equals("id", INT64_MAX)},
                    R"(,"id":9223372036854775808)"),
            "bad_claim/id");
}

TEST(ClaimCheckTest, EqualsBool) {
  const std::vector<ClaimCheck> c = {
      ClaimCheck::Equals("email_verified", true)};
  EXPECT_EQ(Verdict(c, R"(,"email_verified":true)"), "ok/");
  EXPECT_EQ(Verdict(c, R"(,"email_verified":false)"),
            "bad_claim/email_verified");
  EXPECT_EQ(Verdict(c, R"(,"email_verified":1)"), "bad_claim/email_verified");
  EXPECT_EQ(Verdict(c, R"(,"email_verified":"true")"),
            "bad_claim/email_verified");
  EXPECT_EQ(Verdict(c, ""), "missing_claim/email_verified");
  EXPECT_EQ(Verdict({ClaimCheck::Equals("admin", false)}, R"(,"admin":false)"),
            "ok/");
}

TEST(ClaimCheckTest, ContainsInAnArrayOfStrings) {
  const std::vector<ClaimCheck> c = {ClaimCheck::Contains("roles", "admin")};
  EXPECT_EQ(Verdict(c, R"(,"roles":["user","admin"])"), "ok/");
  EXPECT_EQ(Verdict(c, R"(,"roles":[ "admin" ])"), "ok/");
  EXPECT_EQ(Verdict(c, R"(,"roles":["us\"er","\u0061dmin"])"), "ok/");
  EXPECT_EQ(Verdict(c, R"(,"roles":["user","Admin","admins"])"),
            "bad_claim/roles");
  EXPECT_EQ(Verdict(c, R"(,"roles":[])"), "bad_claim/roles");
  // Another element than a string: the claim is not an array of strings.
  EXPECT_EQ(Verdict(c, R"(,"roles":["admin",1])"), "bad_claim/roles");
  EXPECT_EQ(Verdict(c, R"(,"roles":[["admin"]])"), "bad_claim/roles");
  EXPECT_EQ(Verdict(c, R"(,"roles":{"admin":true})"), "bad_claim/roles");
  EXPECT_EQ(Verdict(c, R"(,"roles":null)"), "bad_claim/roles");
  EXPECT_EQ(Verdict(c, ""), "missing_claim/roles");
  // More strings than the claims reader's fast path keeps.
  std::string many = R"(,"roles":[)";
  for (int i = 0; i < 40; ++i) many += "\"r" + std::to_string(i) + "\",";
  EXPECT_EQ(Verdict(c, many + R"("admin"])"), "ok/");
  EXPECT_EQ(Verdict(c, many + R"("x"])"), "bad_claim/roles");
}

TEST(ClaimCheckTest, ContainsInAScopeString) {
  const std::vector<ClaimCheck> c = {ClaimCheck::Contains("scope", "write")};
  EXPECT_EQ(Verdict(c, R"(,"scope":"read write")"), "ok/");
  EXPECT_EQ(Verdict(c, R"(,"scope":"write")"), "ok/");
  EXPECT_EQ(Verdict(c, R"(,"scope":"write  read")"), "ok/");
  EXPECT_EQ(Verdict(c, R"(,"scope":"read writes")"), "bad_claim/scope");
  EXPECT_EQ(Verdict(c, R"(,"scope":"read wri")"), "bad_claim/scope");
  // Only the space separates items.
  EXPECT_EQ(Verdict(c, R"(,"scope":"read,write")"), "bad_claim/scope");
  EXPECT_EQ(Verdict(c, R"(,"scope":"read\twrite")"), "bad_claim/scope");
  EXPECT_EQ(Verdict(c, R"(,"scope":"")"), "bad_claim/scope");
  EXPECT_EQ(Verdict(c, R"(,"scope":1)"), "bad_claim/scope");
  // An item holds no space, so a value with one is never found.
  EXPECT_EQ(Verdict({ClaimCheck::Contains("scope", "read write")},
                    R"(,"scope":"read write")"),
            "bad_claim/scope");
}

TEST(ClaimCheckTest, SpaceSeparatedContains) {
  using internal::SpaceSeparatedContains;
  EXPECT_TRUE(SpaceSeparatedContains("a b c", "c"));
  EXPECT_TRUE(SpaceSeparatedContains(" a ", "a"));
  EXPECT_FALSE(SpaceSeparatedContains("a b c", "b c"));
  EXPECT_FALSE(SpaceSeparatedContains("", "a"));
  EXPECT_FALSE(SpaceSeparatedContains("  ", ""));
}

TEST(ClaimCheckTest, OneOf) {
  const std::vector<ClaimCheck> c = {
      ClaimCheck::OneOf("plan", {"pro", "enterprise"})};
  EXPECT_EQ(Verdict(c, R"(,"plan":"pro")"), "ok/");
  EXPECT_EQ(Verdict(c, R"(,"plan":"enterprise")"), "ok/");
  EXPECT_EQ(Verdict(c, R"(,"plan":"free")"), "bad_claim/plan");
  EXPECT_EQ(Verdict(c, R"(,"plan":["pro"])"), "bad_claim/plan");
  EXPECT_EQ(Verdict(c, ""), "missing_claim/plan");
}

TEST(ClaimCheckTest, Satisfies) {
  const std::vector<ClaimCheck> c = {
      ClaimCheck::Satisfies("tenant", [](const VerifiedToken& t) {
        const auto tenant = t.GetString("tenant");
        return tenant && tenant->starts_with("acme-");
      })};
  EXPECT_EQ(Verdict(c, R"(,"tenant":"acme-eu")"), "ok/");
  EXPECT_EQ(Verdict(c, R"(,"tenant":"other")"), "bad_claim/tenant");
  EXPECT_EQ(Verdict(c, R"(,"tenant":7)"), "bad_claim/tenant");
  // The claim must be present whatever the predicate says.
  EXPECT_EQ(Verdict({ClaimCheck::Satisfies(
                        "tenant", [](const VerifiedToken&) { return true; })},
                    ""),
            "missing_claim/tenant");
}

TEST(ClaimCheckTest, ChecksApplyInOrderAndTheFirstFailureIsReported) {
  const std::vector<ClaimCheck> c = {ClaimCheck::Equals("a", "1"),
                                     ClaimCheck::Contains("b", "x")};
  EXPECT_EQ(Verdict(c, R"(,"a":"1","b":["x"])"), "ok/");
  EXPECT_EQ(Verdict(c, R"(,"a":"2")"), "bad_claim/a");
  EXPECT_EQ(Verdict(c, R"(,"b":["y"])"), "missing_claim/a");
  EXPECT_EQ(Verdict(c, R"(,"a":"1")"), "missing_claim/b");
  EXPECT_EQ(Verdict(c, R"(,"a":"1","b":["y"])"), "bad_claim/b");
  // The order of the checks, not of the codes: a bad_claim before a
  // missing_claim when its check comes first.
  const std::vector<ClaimCheck> reversed = {ClaimCheck::Contains("b", "x"),
                                            ClaimCheck::Equals("a", "1")};
  EXPECT_EQ(Verdict(reversed, R"(,"b":["y"])"), "bad_claim/b");
}

// The checks come after every other check: each of these tokens fails a
// check too, and the earlier code is reported; the predicate never sees a
// token jwtv itself rejects.
TEST(ClaimCheckTest, ChecksComeAfterTheRegisteredClaimsAndCrit) {
  std::atomic<int> calls{0};
  const std::vector<ClaimCheck> c = {
      ClaimCheck::Satisfies("role", [&calls](const VerifiedToken&) {
        ++calls;
        return false;
      })};
  ValidatorOptions o = Options();
  o.issuers = {"https://issuer.example"};
  o.required_claims = {"tenant"};
  o.claim_checks = c;
  const Validator v = MakeValidator(o);
  auto verdict = [&v](std::string_view header, std::string_view payload) {
    const Result r = v.Validate(Hs256(header, payload));
    return std::string(r.code_name()) + "/" + std::string(r.failed_claim());
  };
  const std::string iss = R"(,"iss":"https://issuer.example")";
  const std::string full = iss + R"(,"tenant":"t","role":"r")";
  EXPECT_EQ(verdict(kHeader, R"({"exp":)" + At(-1) + full + "}"),
            "expired/exp");
  EXPECT_EQ(verdict(kHeader, Payload(R"(,"iss":"https://evil","role":"r")")),
            "bad_issuer/iss");
  EXPECT_EQ(verdict(kHeader, Payload(iss + R"(,"role":"r")")),
            "missing_claim/tenant");
  EXPECT_EQ(verdict(kHeader, Payload(R"(,"iss":1,"role":"r")")),
            "bad_claim/iss");
  EXPECT_EQ(verdict(R"({"alg":"HS256","crit":["x"]})", Payload(full)),
            "unknown_crit/crit");
  EXPECT_EQ(calls.load(), 0);
  EXPECT_EQ(verdict(kHeader, Payload(full)), "bad_claim/role");
  EXPECT_EQ(calls.load(), 1);
}

// The claim each rejection by the policy names.
TEST(FailedClaimTest, EachRegisteredClaimFailureNamesItsClaim) {
  ValidatorOptions o = Options();
  EXPECT_EQ(Verdict({}, ""), "ok/");
  EXPECT_EQ(Verdict({}, R"(,"iss":1)"), "bad_claim/iss");
  EXPECT_EQ(Verdict({}, R"(,"sub":1)"), "bad_claim/sub");
  EXPECT_EQ(Verdict({}, R"(,"jti":1)"), "bad_claim/jti");
  EXPECT_EQ(Verdict({}, R"(,"nbf":"1")"), "bad_claim/nbf");
  EXPECT_EQ(Verdict({}, R"(,"iat":"1")"), "bad_claim/iat");
  EXPECT_EQ(Verdict({}, R"(,"aud":1)"), "bad_claim/aud");
  EXPECT_EQ(Verdict({}, R"(,"aud":["a",1])"), "bad_claim/aud");
  EXPECT_EQ(Verdict({}, R"(,"aud":["a",1],"sub":2)"), "bad_claim/sub");
  EXPECT_EQ(Verdict({}, R"(,"nbf":)" + At(10)), "not_yet_valid/nbf");
  EXPECT_EQ(Verdict({}, R"(,"iat":)" + At(10)), "iat_in_future/iat");
  o.max_age_seconds = 60;
  EXPECT_EQ(Verdict({}, R"(,"iat":)" + At(-61), o), "too_old/iat");
  EXPECT_EQ(Verdict({}, "", o), "missing_claim/iat");
  o = Options();
  o.issuers = {"i"};
  EXPECT_EQ(Verdict({}, R"(,"iss":"j")", o), "bad_issuer/iss");
  EXPECT_EQ(Verdict({}, "", o), "missing_claim/iss");
  o = Options();
  o.audiences = {"a"};
  EXPECT_EQ(Verdict({}, R"(,"aud":"b")", o), "bad_audience/aud");
  EXPECT_EQ(Verdict({}, "", o), "missing_claim/aud");
  o = Options();
  o.subject = "s";
  EXPECT_EQ(Verdict({}, R"(,"sub":"t")", o), "bad_subject/sub");
  EXPECT_EQ(Verdict({}, "", o), "missing_claim/sub");
  o = Options();
  o.type = "at+jwt";
  EXPECT_EQ(Verdict({}, "", o), "bad_type/typ");
  o = Options();
  o.required_claims = {"tenant", "org"};
  EXPECT_EQ(Verdict({}, R"(,"tenant":1)", o), "missing_claim/org");

  const Validator v = MakeValidator();
  auto named = [&v](std::string_view payload) {
    const Result r = v.Validate(Hs256(kHeader, payload));
    return std::string(r.code_name()) + "/" + std::string(r.failed_claim());
  };
  EXPECT_EQ(named(R"({"exp":)" + At(0) + "}"), "expired/exp");
  EXPECT_EQ(named(R"({"exp":"1"})"), "bad_claim/exp");
  EXPECT_EQ(named("{}"), "missing_claim/exp");
  EXPECT_EQ(named("[]"), "bad_json/");
  // Before the policy: no claim.
  EXPECT_EQ(std::string(v.Validate("a.b").failed_claim()), "");
  EXPECT_EQ(std::string(v.Validate(Hs256(kHeader, Payload(),
                                         "other-key-"
                                         "0123456789abcdef0"
                                         "123456789abcdef"))
                            .failed_claim()),
            "");
}

TEST(FailedClaimTest, ShopifyDestIsNamed) {
  ValidatorOptions o = ShopifyValidatorOptions("api-key");
  o.clock = Options().clock;
  const std::string base = R"(,"aud":"api-key")";
  EXPECT_EQ(Verdict({}, base + R"(,"dest":"https://a.myshopify.com")", o),
            "ok/");
  EXPECT_EQ(Verdict({}, base + R"(,"dest":"https://a.example.com")", o),
            "bad_claim/dest");
  EXPECT_EQ(Verdict({}, base, o), "missing_claim/dest");
  EXPECT_EQ(Verdict({},
                    base + R"(,"dest":"https://a.myshopify.com")" +
                        R"(,"iss":"https://b.myshopify.com")",
                    o),
            "bad_issuer/iss");
}

TEST(FailedClaimTest, StatusNamesTheClaimAndNoTokenContent) {
  ValidatorOptions o = Options();
  o.claim_checks = {ClaimCheck::Equals("tenant", "acme")};
  const Validator v = MakeValidator(o);
  const Result bad = v.Validate(Hs256(kHeader, Payload(R"(,"tenant":"evil")")));
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(bad.status().message(), "bad_claim (claim tenant)");
  const Result expired =
      v.Validate(Hs256(kHeader, R"({"exp":)" + At(-5) + "}"));
  EXPECT_EQ(expired.status().message(), "expired (claim exp)");
  EXPECT_EQ(v.Validate("x").status().message(), "malformed");
  EXPECT_TRUE(
      v.Validate(Hs256(kHeader, Payload(R"(,"tenant":"acme")"))).status().ok());
}

// A batch gives each Result the failed claim Validate gives, also into
// reused Results that named another claim before.
TEST(FailedClaimTest, BatchResultsNameTheSameClaims) {
  ValidatorOptions o = Options();
  o.claim_checks = {ClaimCheck::Contains("scope", "read")};
  const Validator v = MakeValidator(o);
  const std::vector<std::string> tokens = {
      Hs256(kHeader, Payload(R"(,"scope":"read")")),
      Hs256(kHeader, Payload(R"(,"scope":"write")")),
      Hs256(kHeader, Payload()),
      Hs256(kHeader, R"({"exp":)" + At(-5) + R"(,"scope":"read"})"),
      "not-a-token",
      Hs256(kHeader, Payload(R"(,"scope":"write")")),
  };
  const std::vector<std::string_view> views(tokens.begin(), tokens.end());
  std::vector<Result> out(tokens.size());
  for (int round = 0; round < 2; ++round) {
    v.ValidateBatch(views, std::span<Result>(out));
    for (size_t i = 0; i < tokens.size(); ++i) {
      const Result one = v.Validate(tokens[i]);
      EXPECT_EQ(out[i].code(), one.code()) << i;
      EXPECT_EQ(out[i].failed_claim(), one.failed_claim()) << i;
    }
    // Reversed, every Result is reused for another token.
    std::vector<std::string_view> reversed(views.rbegin(), views.rend());
    v.ValidateBatch(reversed, std::span<Result>(out));
    for (size_t i = 0; i < tokens.size(); ++i) {
      EXPECT_EQ(out[i].failed_claim(), v.Validate(reversed[i]).failed_claim())
          << i;
    }
  }
  EXPECT_EQ(out[0].failed_claim(), "scope");
  EXPECT_EQ(out[2].failed_claim(), "exp");
  EXPECT_EQ(out[5].failed_claim(), "");
}

// A VerifiedTokenCache's Result names the claim as Validate's does, on a
// miss and on a hit that the policy no longer accepts.
TEST(FailedClaimTest, CacheResultsNameTheClaim) {
  int64_t now = validator_testing::kNow;
  ValidatorOptions o = Options();
  o.clock = [&now] { return FromUnixSeconds(now); };
  o.claim_checks = {ClaimCheck::Contains("scope", "read")};
  const Validator v = MakeValidator(std::move(o));
  VerifiedTokenCache cache;
  const std::string good = Hs256(kHeader, Payload(R"(,"scope":"read")"));
  const std::string bad = Hs256(kHeader, Payload(R"(,"scope":"write")"));
  Result r = cache.Validate(v, bad);
  EXPECT_EQ(r.code(), ErrorCode::kBadClaim);
  EXPECT_EQ(r.failed_claim(), "scope");
  r = cache.Validate(v, good);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.failed_claim(), "");
  r = cache.Validate(v, good);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(cache.stats().hits, 1u);
  now += 3600;  // exp is reached: the cached token is now expired
  r = cache.Validate(v, good);
  EXPECT_EQ(r.code(), ErrorCode::kExpired);
  EXPECT_EQ(r.failed_claim(), "exp");
}

}  // namespace
}  // namespace jwtv
