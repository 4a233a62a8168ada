// Copyright 2026 The jwtv Authors.
//
// The RFC 8725 (JWT Best Current Practices) checklist against the public
// Validator, second part: the time checks at their exact boundaries, claim
// types, the kid-less key search bound, crit, and the order in which
// failures are reported (DESIGN.md). rfc8725_test.cc has the first part.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base64url/base64url.h"
#include "gtest/gtest.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"
#include "testing/crypto_testing.h"
#include "testing/rfc8725_testing.h"
#include "testing/test_util.h"

namespace jwtv::rfc8725 {
namespace {

std::string Claims(std::string_view members) {
  return "{" + std::string(members) + "}";
}

std::string At(int64_t delta) { return std::to_string(kNow + delta); }

// RFC 7519 4.1.4-4.1.6 with leeway L = 30 (DESIGN.md): expired iff
// now >= exp + L; not_yet_valid iff now < nbf - L; iat_in_future iff
// iat > now + L.
TEST(Rfc8725Test, TimeBoundariesAroundLeeway) {
  ValidatorOptions o = Options();
  o.leeway_seconds = 30;
  auto check = [&](std::string members) {
    return Check(Hs256(kHeader, Claims(members)), o);
  };
  EXPECT_CODE(check(R"("exp":)" + At(-30)), ErrorCode::kExpired);
  EXPECT_CODE(check(R"("exp":)" + At(-29)), ErrorCode::kOk);
  EXPECT_CODE(check(R"("exp":)" + At(-31)), ErrorCode::kExpired);
  const std::string exp = R"("exp":)" + At(3600) + ",";
  EXPECT_CODE(check(exp + R"("nbf":)" + At(30)), ErrorCode::kOk);
  EXPECT_CODE(check(exp + R"("nbf":)" + At(31)), ErrorCode::kNotYetValid);
  EXPECT_CODE(check(exp + R"("nbf":)" + At(-1000)), ErrorCode::kOk);
  EXPECT_CODE(check(exp + R"("iat":)" + At(30)), ErrorCode::kOk);
  EXPECT_CODE(check(exp + R"("iat":)" + At(31)), ErrorCode::kIatInFuture);
  EXPECT_CODE(check(exp + R"("iat":)" + At(-100000)), ErrorCode::kOk);

  // Without leeway the boundaries are exact.
  o.leeway_seconds = 0;
  EXPECT_CODE(check(R"("exp":)" + At(0)), ErrorCode::kExpired);
  EXPECT_CODE(check(R"("exp":)" + At(1)), ErrorCode::kOk);
  EXPECT_CODE(check(exp + R"("nbf":)" + At(0)), ErrorCode::kOk);
  EXPECT_CODE(check(exp + R"("nbf":)" + At(1)), ErrorCode::kNotYetValid);
  EXPECT_CODE(check(exp + R"("iat":)" + At(0)), ErrorCode::kOk);
  EXPECT_CODE(check(exp + R"("iat":)" + At(1)), ErrorCode::kIatInFuture);
}

TEST(Rfc8725Test, MaxAgeBoundaries) {
  ValidatorOptions o = Options();
  o.leeway_seconds = 30;
  o.max_age_seconds = 100;
  auto check = [&](std::string members) {
    return Check(Hs256(kHeader, Claims(R"("exp":)" + At(3600) + members)), o);
  };
  EXPECT_CODE(check(R"(,"iat":)" + At(-130)), ErrorCode::kOk);
  EXPECT_CODE(check(R"(,"iat":)" + At(-131)), ErrorCode::kTooOld);
  EXPECT_CODE(check(R"(,"iat":)" + At(0)), ErrorCode::kOk);
  EXPECT_CODE(check(R"(,"iat":)" + At(31)), ErrorCode::kIatInFuture);
  // max_age needs iat.
  EXPECT_CODE(check(""), ErrorCode::kMissingClaim);
  EXPECT_CODE(check(R"(,"iat":"recent")"), ErrorCode::kBadClaim);
}

TEST(Rfc8725Test, NumericDateEdgeValues) {
  auto check = [&](std::string exp) {
    return Check(Hs256(kHeader, R"({"exp":)" + exp + "}"));
  };
  EXPECT_CODE(check(At(0) + ".5"), ErrorCode::kOk);
  EXPECT_CODE(check(At(-1) + ".5"), ErrorCode::kExpired);
  EXPECT_CODE(check("1e300"), ErrorCode::kOk);
  EXPECT_CODE(check("-1e300"), ErrorCode::kExpired);
  EXPECT_CODE(check("99999999999999999999999"), ErrorCode::kOk);
  EXPECT_CODE(check("-99999999999999999999999"), ErrorCode::kExpired);
  EXPECT_CODE(check("18446744073709551616"), ErrorCode::kOk);  // 2^64
  EXPECT_CODE(check("9223372036854775808"), ErrorCode::kOk);   // 2^63
  // Out of double range: +-infinity, still compared as numbers.
  EXPECT_CODE(check("1e400"), ErrorCode::kOk);
  EXPECT_CODE(check("-1e400"), ErrorCode::kExpired);
  EXPECT_CODE(check("0"), ErrorCode::kExpired);
  EXPECT_CODE(check("-0"), ErrorCode::kExpired);
  EXPECT_CODE(check("1.7e9"), ErrorCode::kExpired);  // 1700000000 == now
  EXPECT_CODE(check("1.7000000001e9"), ErrorCode::kOk);
  // nbf far in the future / past.
  EXPECT_CODE(Check(Hs256(kHeader, R"({"exp":1e300,"nbf":1e300})")),
              ErrorCode::kNotYetValid);
  EXPECT_CODE(Check(Hs256(kHeader, R"({"exp":1e300,"nbf":-1e300})")),
              ErrorCode::kOk);
}

TEST(Rfc8725Test, RegisteredClaimTypes) {
  const std::string exp = R"("exp":)" + At(60);
  for (std::string members :
       {std::string(R"("exp":")") + At(60) + "\"", std::string(R"("exp":null)"),
        std::string(R"("exp":true)"), std::string(R"("exp":[1])"),
        exp + R"(,"nbf":"0")", exp + R"(,"iat":{})", exp + R"(,"iss":1)",
        exp + R"(,"sub":null)", exp + R"(,"jti":[])", exp + R"(,"aud":5)",
        exp + R"(,"aud":["a",5])", exp + R"(,"aud":[null])",
        exp + R"(,"aud":{"a":1})", exp + R"(,"aud":["a",["b"]])",
        exp + R"(,"aud":null)"}) {
    SCOPED_TRACE(members);
    EXPECT_CODE(Check(Hs256(kHeader, Claims(members))), ErrorCode::kBadClaim);
  }
  // Well-typed values are fine, including an empty aud array.
  for (std::string members :
       {exp + R"(,"aud":"a")", exp + R"(,"aud":["a","b"])",
        exp + R"(,"aud":[])", exp + R"(,"iss":"","sub":"","jti":"")"}) {
    SCOPED_TRACE(members);
    EXPECT_CODE(Check(Hs256(kHeader, Claims(members))), ErrorCode::kOk);
  }
}

// A token without kid is tried against at most max_keys_without_kid keys.
TEST(Rfc8725Test, KidlessSearchIsBounded) {
  KeySet::Builder b;
  std::vector<std::string> secrets;
  for (int i = 0; i < 10; ++i) {
    secrets.push_back("secret-number-" + std::to_string(i) +
                      "-0123456789abcdef0123456789");
    ASSERT_TRUE(b.AddHmacSecret(secrets.back()).ok());
  }
  KeySet keys = std::move(b).Build();
  const std::string by_sixth = Hs256(kHeader, Exp(60), secrets[5]);
  const std::string by_first = Hs256(kHeader, Exp(60), secrets[0]);
  const std::string by_fourth = Hs256(kHeader, Exp(60), secrets[3]);
  const std::string by_fifth = Hs256(kHeader, Exp(60), secrets[4]);
  ValidatorOptions o = Options();
  EXPECT_EQ(o.max_keys_without_kid, 4);
  EXPECT_CODE(Check(by_sixth, o, keys), ErrorCode::kBadSignature);
  EXPECT_CODE(Check(by_first, o, keys), ErrorCode::kOk);
  EXPECT_CODE(Check(by_fourth, o, keys), ErrorCode::kOk);
  EXPECT_CODE(Check(by_fifth, o, keys), ErrorCode::kBadSignature);
  o.max_keys_without_kid = 8;
  EXPECT_CODE(Check(by_sixth, o, keys), ErrorCode::kOk);
  EXPECT_CODE(Check(Hs256(kHeader, Exp(60), secrets[9]), o, keys),
              ErrorCode::kBadSignature);
  o.max_keys_without_kid = 10;
  EXPECT_CODE(Check(Hs256(kHeader, Exp(60), secrets[9]), o, keys),
              ErrorCode::kOk);
}

// RFC 7515 4.1.11: jwtv understands no extension, so any crit is rejected;
// so is a malformed crit.
TEST(Rfc8725Test, CritIsUnknownCrit) {
  for (std::string_view header :
       {R"({"alg":"HS256","crit":["exp"],"exp":1})",
        R"({"alg":"HS256","crit":["b64"],"b64":false})",
        R"({"alg":"HS256","crit":["x"]})", R"({"alg":"HS256","crit":[]})",
        R"({"alg":"HS256","crit":"exp"})", R"({"alg":"HS256","crit":[1]})",
        R"({"alg":"HS256","crit":null})", R"({"alg":"HS256","crit":{}})",
        R"({"alg":"HS256","crit":["a",2]})"}) {
    SCOPED_TRACE(header);
    EXPECT_CODE(Check(Hs256(header, Exp(60))), ErrorCode::kUnknownCrit);
  }
}

// DESIGN.md: checks apply in order, the first failure wins; the payload is
// only read once the signature holds.
TEST(Rfc8725Test, ErrorOrder) {
  ValidatorOptions o = Options();
  o.issuers = {"https://good.example"};
  o.audiences = {"api"};
  // expired + bad iss -> expired.
  EXPECT_CODE(
      Check(Hs256(kHeader,
                  Claims(R"("iss":"https://evil.example","exp":)" + At(-10))),
            o),
      ErrorCode::kExpired);
  // bad signature + expired -> bad_signature.
  EXPECT_CODE(Check(Hs256(kHeader, Exp(-10), "wrong-secret"), o),
              ErrorCode::kBadSignature);
  // bad signature + payload not JSON -> bad_signature.
  EXPECT_CODE(Check(Hs256(kHeader, "not json", "wrong-secret"), o),
              ErrorCode::kBadSignature);
  // payload not JSON with a good signature -> bad_json.
  EXPECT_CODE(Check(Hs256(kHeader, "not json"), o), ErrorCode::kBadJson);
  // bad_claim before expired.
  EXPECT_CODE(
      Check(Hs256(kHeader, Claims(R"("exp":)" + At(-10) + R"(,"sub":5)")), o),
      ErrorCode::kBadClaim);
  // expired before not_yet_valid before iat_in_future.
  EXPECT_CODE(Check(Hs256(kHeader, Claims(R"("exp":)" + At(-10) + R"(,"nbf":)" +
                                          At(100) + R"(,"iat":)" + At(100))),
                    o),
              ErrorCode::kExpired);
  EXPECT_CODE(
      Check(Hs256(kHeader, Claims(R"("exp":)" + At(1000) + R"(,"nbf":)" +
                                  At(100) + R"(,"iat":)" + At(100))),
            o),
      ErrorCode::kNotYetValid);
  // bad issuer before bad audience before missing claim and crit.
  EXPECT_CODE(
      Check(Hs256(R"({"alg":"HS256","crit":["x"]})",
                  Claims(R"("exp":)" + At(60) +
                         R"(,"iss":"https://evil.example","aud":"other")")),
            o),
      ErrorCode::kBadIssuer);
  EXPECT_CODE(
      Check(Hs256(R"({"alg":"HS256","crit":["x"]})",
                  Claims(R"("exp":)" + At(60) +
                         R"(,"iss":"https://good.example","aud":"other")")),
            o),
      ErrorCode::kBadAudience);
  EXPECT_CODE(Check(Hs256(R"({"alg":"HS256","crit":["x"]})",
                          Claims(R"("exp":)" + At(60) +
                                 R"(,"iss":"https://good.example")")),
                    o),
              ErrorCode::kMissingClaim);
  // unsupported_alg before a bad-JSON payload; malformed before everything.
  EXPECT_CODE(Check(Hs256(R"({"alg":"none"})", "not json"), o),
              ErrorCode::kUnsupportedAlg);
  EXPECT_CODE(Check(Hs256("not json", "not json"), o), ErrorCode::kBadJson);
  EXPECT_CODE(Check(Hs256(R"({"alg":"none"})", Exp(-10)) + "=", o),
              ErrorCode::kMalformed);
  // alg_not_allowed before key_not_found.
  ValidatorOptions only384 = Options();
  only384.algorithms = {Algorithm::kHS384};
  EXPECT_CODE(Check(Hs256(R"({"alg":"HS256","kid":"nope"})", Exp(60)), only384,
                    SecretKeys("k")),
              ErrorCode::kAlgNotAllowed);
  EXPECT_CODE(Check(Hs256(R"({"alg":"HS256","kid":"nope"})", Exp(60)),
                    Options(), SecretKeys("k")),
              ErrorCode::kKeyNotFound);
}

// A header that is not a JSON object.
TEST(Rfc8725Test, HeaderMustBeJsonObject) {
  for (std::string_view header :
       {"[]", "\"alg\"", "null", "1", "{", R"({"alg":"HS256"} x)",
        R"({"alg":"HS256",})", R"({'alg':'HS256'})",
        R"({"alg":"HS256","kid":1})", R"({"alg":"HS256","typ":null})", ""}) {
    SCOPED_TRACE(header);
    ErrorCode c = Check(Hs256(header, Exp(60)));
    if (header.empty()) {
      EXPECT_CODE(c, ErrorCode::kMalformed);  // empty segment
    } else {
      EXPECT_CODE(c, ErrorCode::kBadJson);
    }
  }
}

}  // namespace
}  // namespace jwtv::rfc8725
