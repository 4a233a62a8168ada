// Copyright 2026 The jwtv Authors.
//
// The Validator's options and API: each policy option, missing claims,
// Result/Status mapping, error names, and a thread-safety smoke test.
// VerifiedToken's accessors are in validator_token_test.cc, the Shopify
// profile in validator_shopify_test.cc.

#include "jwtv/validator.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "jwtv/error.h"
#include "jwtv/key_set.h"
#include "testing/validator_test_util.h"

namespace jwtv {
namespace {

using validator_testing::At;
using validator_testing::Code;
using validator_testing::Hs256;
using validator_testing::kHeader;
using validator_testing::kSecret;
using validator_testing::MakeValidator;
using validator_testing::Options;
using validator_testing::Payload;
using validator_testing::Sign;

TEST(ValidatorOptionsTest, Issuers) {
  ValidatorOptions o = Options();
  o.issuers = {"https://a.example", "https://b.example"};
  Validator v = MakeValidator(o);
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"iss":"https://a.example")"))),
            "ok");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"iss":"https://b.example")"))),
            "ok");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"iss":"https://c.example")"))),
            "bad_issuer");
  // Exact comparison: no prefix, suffix or case folding.
  for (std::string_view iss :
       {"https://a.example/", "https://A.example", "https://a.example.evil",
        "https://a.exampl", ""}) {
    EXPECT_EQ(Code(v, Hs256(kHeader,
                            Payload(R"(,"iss":")" + std::string(iss) + "\""))),
              "bad_issuer")
        << iss;
  }
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload())), "missing_claim");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"iss":1)"))), "bad_claim");
  // Escaped form of an allowed issuer compares after unescaping.
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"iss":"https:\/\/a.example")"))),
            "ok");
  // Unchecked when the list is empty.
  EXPECT_EQ(Code(MakeValidator(),
                 Hs256(kHeader, Payload(R"(,"iss":"https://c.example")"))),
            "ok");
}

TEST(ValidatorOptionsTest, Audiences) {
  ValidatorOptions o = Options();
  o.audiences = {"api-1", "api-2"};
  Validator v = MakeValidator(o);
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"aud":"api-1")"))), "ok");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"aud":"api-2")"))), "ok");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"aud":"api-3")"))),
            "bad_audience");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"aud":["x","api-2"])"))), "ok");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"aud":["x","y"])"))),
            "bad_audience");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"aud":[])"))), "bad_audience");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"aud":"API-1")"))),
            "bad_audience");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload())), "missing_claim");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"aud":["api-1",1])"))),
            "bad_claim");
  // Unchecked when empty.
  EXPECT_EQ(
      Code(MakeValidator(), Hs256(kHeader, Payload(R"(,"aud":["x","y"])"))),
      "ok");
}

TEST(ValidatorOptionsTest, Subject) {
  ValidatorOptions o = Options();
  o.subject = "user-1";
  Validator v = MakeValidator(o);
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"sub":"user-1")"))), "ok");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"sub":"user-2")"))),
            "bad_subject");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"sub":"user-1 ")"))),
            "bad_subject");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload())), "missing_claim");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"sub":["user-1"])"))),
            "bad_claim");
}

TEST(ValidatorOptionsTest, Type) {
  ValidatorOptions o = Options();
  o.type = "JWT";
  Validator v = MakeValidator(o);
  for (std::string_view typ : {"JWT", "jwt", "Jwt", "application/jwt",
                               "APPLICATION/JWT", "Application/JWT"}) {
    EXPECT_EQ(
        Code(v, Hs256(R"({"alg":"HS256","typ":")" + std::string(typ) + "\"}",
                      Payload())),
        "ok")
        << typ;
  }
  for (std::string_view typ :
       {"at+jwt", "JWS", "application/at+jwt", "text/jwt", "JWT ", "",
        "application/", "jwt/application"}) {
    EXPECT_EQ(
        Code(v, Hs256(R"({"alg":"HS256","typ":")" + std::string(typ) + "\"}",
                      Payload())),
        "bad_type")
        << typ;
  }
  // Absent typ is bad_type when a type is expected.
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload())), "bad_type");
  // The prefix on the expectation side is ignored too.
  o.type = "application/at+jwt";
  Validator at = MakeValidator(o);
  EXPECT_EQ(Code(at, Hs256(R"({"alg":"HS256","typ":"at+JWT"})", Payload())),
            "ok");
  EXPECT_EQ(Code(at, Hs256(R"({"alg":"HS256","typ":"JWT"})", Payload())),
            "bad_type");
  // Unchecked when unset.
  EXPECT_EQ(Code(MakeValidator(),
                 Hs256(R"({"alg":"HS256","typ":"whatever"})", Payload())),
            "ok");
}

TEST(ValidatorOptionsTest, RequiredClaims) {
  ValidatorOptions o = Options();
  o.required_claims = {"sub", "tenant"};
  Validator v = MakeValidator(o);
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"sub":"a","tenant":null)"))),
            "ok");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"sub":"a")"))), "missing_claim");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"tenant":{})"))),
            "missing_claim");
  // A name matches after unescaping.
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"sub":"a","t\u0065nant":1)"))),
            "ok");
  // Nested members do not count.
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"sub":"a","x":{"tenant":1})"))),
            "missing_claim");
}

TEST(ValidatorOptionsTest, RequireExp) {
  Validator strict = MakeValidator();
  EXPECT_EQ(Code(strict, Hs256(kHeader, R"({"sub":"a"})")), "missing_claim");
  EXPECT_EQ(Code(strict, Hs256(kHeader, "{}")), "missing_claim");
  ValidatorOptions o = Options();
  o.require_exp = false;
  Validator lax = MakeValidator(o);
  EXPECT_EQ(Code(lax, Hs256(kHeader, R"({"sub":"a"})")), "ok");
  EXPECT_EQ(Code(lax, Hs256(kHeader, "{}")), "ok");
  // exp is still checked when present.
  EXPECT_EQ(Code(lax, Hs256(kHeader, R"({"exp":)" + At(-1) + "}")), "expired");
  EXPECT_EQ(Code(lax, Hs256(kHeader, R"({"exp":"soon"})")), "bad_claim");
}

TEST(ValidatorOptionsTest, Leeway) {
  ValidatorOptions o = Options();
  const std::string expired_5s = R"({"exp":)" + At(-5) + "}";
  EXPECT_EQ(Code(MakeValidator(o), Hs256(kHeader, expired_5s)), "expired");
  o.leeway_seconds = 5;
  EXPECT_EQ(Code(MakeValidator(o), Hs256(kHeader, expired_5s)), "expired");
  o.leeway_seconds = 6;
  EXPECT_EQ(Code(MakeValidator(o), Hs256(kHeader, expired_5s)), "ok");
}

TEST(ValidatorOptionsTest, MaxAge) {
  ValidatorOptions o = Options();
  o.max_age_seconds = 60;
  Validator v = MakeValidator(o);
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"iat":)" + At(-60)))), "ok");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload(R"(,"iat":)" + At(-61)))),
            "too_old");
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload())), "missing_claim");
  // Without max_age an old iat is fine.
  EXPECT_EQ(Code(MakeValidator(), Hs256(kHeader, Payload(R"(,"iat":0)"))),
            "ok");
}

// RFC 7518 section 3.2: a 40-byte secret verifies HS256 only; an HS384 or
// HS512 token signed with it is answered as for any key that does not permit
// the token's alg (alg_not_allowed), with or without a kid. The legacy
// opt-out restores all three.
TEST(ValidatorTest, SecretVerifiesOnlyTheAlgorithmsItsLengthCovers) {
  const std::string secret(40, 'z');
  for (std::string_view kid : {"", "k"}) {
    KeySet::Builder b;
    ASSERT_TRUE(b.AddHmacSecret(secret, kid).ok());
    Validator v(std::move(b).Build(), Options());
    const std::string kid_member =
        kid.empty() ? "" : R"(,"kid":")" + std::string(kid) + "\"";
    EXPECT_EQ(Code(v, Hs256(R"({"alg":"HS256")" + kid_member + "}", Payload(),
                            secret)),
              "ok");
    EXPECT_EQ(
        Code(v, Sign(Algorithm::kHS384, R"({"alg":"HS384")" + kid_member + "}",
                     Payload(), secret)),
        "alg_not_allowed");
    EXPECT_EQ(
        Code(v, Sign(Algorithm::kHS512, R"({"alg":"HS512")" + kid_member + "}",
                     Payload(), secret)),
        "alg_not_allowed");
  }
  KeySetOptions legacy;
  legacy.allow_short_hmac_secrets = true;
  auto keys = KeySet::FromHmacSecrets({secret}, legacy);
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(
      Code(Validator(*keys, Options()),
           Sign(Algorithm::kHS512, R"({"alg":"HS512"})", Payload(), secret)),
      "ok");
}

TEST(ValidatorOptionsTest, Algorithms) {
  ValidatorOptions o = Options();
  o.algorithms = {Algorithm::kHS512};
  auto keys = KeySet::FromHmacSecrets({std::string(kSecret)});
  ASSERT_TRUE(keys.ok());
  Validator v(*keys, o);
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload())), "alg_not_allowed");
  EXPECT_EQ(Code(v, Sign(Algorithm::kHS512, R"({"alg":"HS512"})", Payload())),
            "ok");
  EXPECT_EQ(Code(v, Sign(Algorithm::kHS384, R"({"alg":"HS384"})", Payload())),
            "alg_not_allowed");
  // An empty set is a configuration error (validator_options_test.cc).
  // The default allows what the key permits; HS* via a secret.
  Validator all = MakeValidator();
  EXPECT_EQ(Code(all, Sign(Algorithm::kHS384, R"({"alg":"HS384"})", Payload())),
            "ok");
  EXPECT_EQ(Code(all, Hs256(R"({"alg":"RS256"})", Payload())),
            "alg_not_allowed");
}

TEST(ValidatorTest, KidLessSecretStandsInForAnUnknownKid) {
  Validator v = MakeValidator();
  EXPECT_EQ(Code(v, Hs256(R"({"alg":"HS256","kid":"any"})", Payload())), "ok");
  // A key with that kid decides alone: the kid-less secret does not stand in.
  KeySet::Builder b;
  ASSERT_TRUE(b.AddHmacSecret(kSecret).ok());
  ASSERT_TRUE(
      b.AddHmacSecret("other-secret-0123456789abcdef0123456789", "k1").ok());
  Validator with_kid(std::move(b).Build(), Options());
  EXPECT_EQ(Code(with_kid, Hs256(R"({"alg":"HS256","kid":"k1"})", Payload())),
            "bad_signature");
  EXPECT_EQ(Code(with_kid, Hs256(R"({"alg":"HS256","kid":"k2"})", Payload())),
            "ok");
  // A kid-less secret never verifies another family.
  EXPECT_EQ(Code(v, Hs256(R"({"alg":"ES256","kid":"any"})", Payload())),
            "alg_not_allowed");
}

TEST(ValidatorTest, KeySetWithoutAnAllowedKeyIsRefused) {
  EXPECT_FALSE(Validator::Create(KeySet(), Options()).ok());
  auto keys = KeySet::FromHmacSecrets({std::string(kSecret)});
  ASSERT_TRUE(keys.ok());
  ValidatorOptions o = Options();
  o.algorithms = {Algorithm::kRS256, Algorithm::kES256};
  EXPECT_FALSE(Validator::Create(*keys, o).ok());
}

TEST(ValidatorTest, ResultStatus) {
  Validator v = MakeValidator();
  Result ok = v.Validate(Hs256(kHeader, Payload()));
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok.status().ok());
  EXPECT_EQ(ok.code_name(), "ok");

  Result malformed = v.Validate("a.b");
  EXPECT_EQ(malformed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(malformed.status().message()), "malformed");
  Result bad_json = v.Validate(Hs256("[]", Payload()));
  EXPECT_EQ(bad_json.code(), ErrorCode::kBadJson);
  EXPECT_EQ(bad_json.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(bad_json.status().message()), "bad_json");
  Result expired = v.Validate(Hs256(kHeader, R"({"exp":1})"));
  EXPECT_EQ(expired.status().code(), absl::StatusCode::kUnauthenticated);
  // The claim's name follows the code's (failed_claim()).
  EXPECT_EQ(std::string(expired.status().message()), "expired (claim exp)");
  Result bad_sig = v.Validate(Hs256(kHeader, Payload(), "other"));
  EXPECT_EQ(bad_sig.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(std::string(bad_sig.status().message()), "bad_signature");
  // A default Result is not ok.
  EXPECT_FALSE(Result().ok());
  EXPECT_FALSE(Result(ErrorCode::kExpired).ok());
  EXPECT_EQ(Result(ErrorCode::kExpired).code_name(), "expired");
}

TEST(ErrorCodeTest, NamesStatusAndRoundTrip) {
  const std::vector<std::pair<ErrorCode, std::string_view>> all = {
      {ErrorCode::kOk, "ok"},
      {ErrorCode::kMalformed, "malformed"},
      {ErrorCode::kBadJson, "bad_json"},
      {ErrorCode::kUnsupportedAlg, "unsupported_alg"},
      {ErrorCode::kAlgNotAllowed, "alg_not_allowed"},
      {ErrorCode::kKeyNotFound, "key_not_found"},
      {ErrorCode::kBadSignature, "bad_signature"},
      {ErrorCode::kBadClaim, "bad_claim"},
      {ErrorCode::kExpired, "expired"},
      {ErrorCode::kNotYetValid, "not_yet_valid"},
      {ErrorCode::kIatInFuture, "iat_in_future"},
      {ErrorCode::kTooOld, "too_old"},
      {ErrorCode::kBadIssuer, "bad_issuer"},
      {ErrorCode::kBadAudience, "bad_audience"},
      {ErrorCode::kBadSubject, "bad_subject"},
      {ErrorCode::kBadType, "bad_type"},
      {ErrorCode::kMissingClaim, "missing_claim"},
      {ErrorCode::kUnknownCrit, "unknown_crit"},
  };
  ASSERT_EQ(all.size(), 18u);
  for (size_t i = 0; i < all.size(); ++i) {
    const auto [code, name] = all[i];
    SCOPED_TRACE(name);
    // The enum order is the check order of DESIGN.md.
    EXPECT_EQ(static_cast<size_t>(code), i);
    EXPECT_EQ(ErrorCodeName(code), name);
    ErrorCode parsed = ErrorCode::kOk;
    ASSERT_TRUE(ParseErrorCode(name, &parsed));
    EXPECT_EQ(parsed, code);
    absl::Status s = ToStatus(code);
    if (code == ErrorCode::kOk) {
      EXPECT_TRUE(s.ok());
    } else {
      EXPECT_EQ(std::string(s.message()), name);
      EXPECT_EQ(s.code(),
                code == ErrorCode::kMalformed || code == ErrorCode::kBadJson
                    ? absl::StatusCode::kInvalidArgument
                    : absl::StatusCode::kUnauthenticated);
    }
  }
  ErrorCode untouched = ErrorCode::kExpired;
  for (std::string_view bad :
       {"", "OK", "Expired", "expired ", "unknown", "bad-json", "none"}) {
    EXPECT_FALSE(ParseErrorCode(bad, &untouched)) << bad;
  }
  EXPECT_EQ(untouched, ErrorCode::kExpired);
  EXPECT_EQ(ErrorCodeName(static_cast<ErrorCode>(200)), "unknown");
}

// ---------------------------------------------------------- concurrency

TEST(ValidatorTest, ConcurrentValidationIsConsistent) {
  ValidatorOptions o = Options();
  o.audiences = {"api"};
  Validator v = MakeValidator(o);
  std::vector<std::string> tokens;
  std::vector<std::string> expected;
  for (int i = 0; i < 40; ++i) {
    std::string p = Payload(
        R"(,"aud":")" + std::string(i % 3 == 0 ? "api" : "nope") + R"(","i":)" +
        std::to_string(i) + R"(,"pad":")" + std::string(i * 17, 'x') + "\"");
    tokens.push_back(Hs256(kHeader, p, i % 5 == 0 ? "bad" : kSecret));
    Result r = v.Validate(tokens.back());
    expected.push_back(std::string(r.code_name()) +
                       (r.ok() ? r->ClaimsJson() : ""));
  }
  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      VerifiedToken reused;
      for (int round = 0; round < 50; ++round) {
        for (size_t i = 0; i < tokens.size(); ++i) {
          const size_t k = (i + t * 7) % tokens.size();
          ErrorCode c = v.Validate(tokens[k], &reused);
          std::string s = std::string(ErrorCodeName(c)) +
                          (c == ErrorCode::kOk ? reused.ClaimsJson() : "");
          if (round == 49) {
            got[t].push_back(std::to_string(k) + ":" + s);
          } else if (s != expected[k]) {
            got[t].push_back("MISMATCH " + std::to_string(k));
          }
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) {
    ASSERT_EQ(got[t].size(), tokens.size()) << "thread " << t;
    for (size_t i = 0; i < tokens.size(); ++i) {
      const size_t k = (i + t * 7) % tokens.size();
      EXPECT_EQ(got[t][i], std::to_string(k) + ":" + expected[k]);
    }
  }
  int ok = 0;
  for (const std::string& e : expected) ok += e.starts_with("ok");
  EXPECT_GT(ok, 5);
  EXPECT_LT(ok, 40);
}

}  // namespace
}  // namespace jwtv
