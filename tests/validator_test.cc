// Copyright 2026 The jwtv Authors.
//
// The Validator's options and API: each policy option, missing claims,
// Result/Status mapping, error names, VerifiedToken accessors, storage
// reuse, the Shopify session-token profile, and a thread-safety smoke test.
// Tokens are built byte for byte and signed with HS256 via BoringSSL.

#include "jwtv/validator.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base64url/base64url.h"
#include "crypto_testing.h"
#include "gtest/gtest.h"
#include "jwtv/error.h"
#include "jwtv/key_set.h"
#include "jwtv/shopify.h"

namespace jwtv {
namespace {

constexpr int64_t kNow = 1700000000;
// 64 bytes: long enough for every HS algorithm (RFC 7518 section 3.2).
constexpr std::string_view kSecret =
    "validator-test-secret-0123456789abcdef0123456789abcdef0123456789";

std::string B64(std::string_view s) { return internal::Base64UrlEncode(s); }

std::string Sign(const EVP_MD* md, std::string_view header,
                 std::string_view payload, std::string_view key = kSecret) {
  std::string input = B64(header) + "." + B64(payload);
  uint8_t out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(md, key.data(), key.size(),
       reinterpret_cast<const uint8_t*>(input.data()), input.size(), out, &len);
  return input + "." + B64(std::string_view(reinterpret_cast<char*>(out), len));
}

std::string Hs256(std::string_view header, std::string_view payload,
                  std::string_view key = kSecret) {
  return Sign(EVP_sha256(), header, payload, key);
}

constexpr std::string_view kHeader = R"({"alg":"HS256"})";

std::string At(int64_t delta) { return std::to_string(kNow + delta); }

// A payload with exp an hour ahead plus `members` (each starting with ',').
std::string Payload(std::string_view members = {}) {
  return R"({"exp":)" + At(3600) + std::string(members) + "}";
}

ValidatorOptions Options() {
  ValidatorOptions o;
  o.clock = [] { return kNow; };
  return o;
}

Validator MakeValidator(ValidatorOptions o = Options()) {
  auto keys = KeySet::FromHmacSecrets({std::string(kSecret)});
  EXPECT_TRUE(keys.ok());
  return Validator(*keys, std::move(o));
}

std::string Code(const Validator& v, std::string_view token) {
  return std::string(v.Validate(token).code_name());
}

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
    EXPECT_EQ(Code(v, Sign(EVP_sha384(), R"({"alg":"HS384")" + kid_member + "}",
                           Payload(), secret)),
              "alg_not_allowed");
    EXPECT_EQ(Code(v, Sign(EVP_sha512(), R"({"alg":"HS512")" + kid_member + "}",
                           Payload(), secret)),
              "alg_not_allowed");
  }
  KeySetOptions legacy;
  legacy.allow_short_hmac_secrets = true;
  auto keys = KeySet::FromHmacSecrets({secret}, legacy);
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(Code(Validator(*keys, Options()),
                 Sign(EVP_sha512(), R"({"alg":"HS512"})", Payload(), secret)),
            "ok");
}

TEST(ValidatorOptionsTest, Algorithms) {
  ValidatorOptions o = Options();
  o.algorithms = {Algorithm::kHS512};
  auto keys = KeySet::FromHmacSecrets({std::string(kSecret)});
  ASSERT_TRUE(keys.ok());
  Validator v(*keys, o);
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload())), "alg_not_allowed");
  EXPECT_EQ(Code(v, Sign(EVP_sha512(), R"({"alg":"HS512"})", Payload())), "ok");
  EXPECT_EQ(Code(v, Sign(EVP_sha384(), R"({"alg":"HS384"})", Payload())),
            "alg_not_allowed");
  // An empty set allows nothing.
  o.algorithms = AlgorithmSet();
  EXPECT_EQ(Code(Validator(*keys, o), Hs256(kHeader, Payload())),
            "alg_not_allowed");
  // The default allows what the key permits; HS* via a secret.
  Validator all = MakeValidator();
  EXPECT_EQ(Code(all, Sign(EVP_sha384(), R"({"alg":"HS384"})", Payload())),
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

TEST(ValidatorTest, EmptyKeySetIsKeyNotFound) {
  Validator v(KeySet(), Options());
  EXPECT_EQ(Code(v, Hs256(kHeader, Payload())), "key_not_found");
  EXPECT_EQ(Code(v, Hs256(R"({"alg":"HS256","kid":"a"})", Payload())),
            "key_not_found");
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
  EXPECT_EQ(std::string(expired.status().message()), "expired");
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

TEST(VerifiedTokenTest, HeaderAccessors) {
  auto keys = KeySet::Builder();
  ASSERT_TRUE(keys.AddHmacSecret(kSecret, "key-7").ok());
  Validator v(std::move(keys).Build(), Options());
  Result r = v.Validate(
      Hs256(R"({"alg":"HS256","kid":"key-7","typ":"at+jwt"})", Payload()));
  ASSERT_TRUE(r.ok()) << r.code_name();
  EXPECT_EQ(r->alg(), Algorithm::kHS256);
  EXPECT_EQ(r->kid(), "key-7");
  EXPECT_EQ(r->typ(), "at+jwt");
  // Escaped header strings are unescaped.
  Result e = v.Validate(Hs256(
      R"({"alg":"HS256","kid":"key-\u0037","typ":"a\/b\"c"})", Payload()));
  ASSERT_TRUE(e.ok()) << e.code_name();
  EXPECT_EQ(e->kid(), "key-7");
  EXPECT_EQ(e->typ(), "a/b\"c");
  Result none = MakeValidator().Validate(Hs256(kHeader, Payload()));
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->kid().has_value());
  EXPECT_FALSE(none->typ().has_value());
}

TEST(VerifiedTokenTest, ClaimAccessors) {
  const std::string payload =
      R"({ "exp" : )" + At(3600) +
      R"( , "iss":"https://i.example", "sub":"s", "jti":"j-1",
  "aud":["a","b"], "nbf":)" +
      At(-10) + R"(, "iat":)" + At(-20) +
      R"(,
  "frac": 1.5, "big": 1e20, "neg": -3, "int": 42, "t": true, "f": false,
  "n": null, "esc": "a\"b\u00e9\n\\\/", "obj": {"x": [1, {"y": "z"}], "e": {}},
  "arr": [ 1 , "two" , null ], "empty": "" })";
  Result r = MakeValidator().Validate(Hs256(kHeader, payload));
  ASSERT_TRUE(r.ok()) << r.code_name();
  EXPECT_EQ(r->issuer(), "https://i.example");
  EXPECT_EQ(r->subject(), "s");
  EXPECT_EQ(r->jwt_id(), "j-1");
  ASSERT_EQ(r->audiences().size(), 2u);
  EXPECT_EQ(r->audiences()[0], "a");
  EXPECT_EQ(r->audiences()[1], "b");
  EXPECT_EQ(r->expiration(), static_cast<double>(kNow + 3600));
  EXPECT_EQ(r->not_before(), static_cast<double>(kNow - 10));
  EXPECT_EQ(r->issued_at(), static_cast<double>(kNow - 20));

  EXPECT_EQ(r->GetNumber("frac"), 1.5);
  EXPECT_EQ(r->GetInteger("frac"), std::nullopt);
  EXPECT_EQ(r->GetNumber("big"), 1e20);
  EXPECT_EQ(r->GetInteger("big"), std::nullopt);  // outside int64
  EXPECT_EQ(r->GetInteger("neg"), -3);
  EXPECT_EQ(r->GetInteger("int"), 42);
  EXPECT_EQ(r->GetInteger("exp"), kNow + 3600);
  EXPECT_EQ(r->GetBool("t"), true);
  EXPECT_EQ(r->GetBool("f"), false);
  EXPECT_EQ(r->GetBool("n"), std::nullopt);
  EXPECT_EQ(r->ClaimKind("n"), JsonKind::kNull);
  EXPECT_TRUE(r->HasClaim("n"));
  EXPECT_FALSE(r->HasClaim("missing"));
  EXPECT_EQ(r->ClaimKind("missing"), std::nullopt);
  EXPECT_EQ(r->GetString("esc"), "a\"b\xc3\xa9\n\\/");
  EXPECT_EQ(r->GetRawJson("esc"), R"("a\"b\u00e9\n\\\/")");
  EXPECT_EQ(r->GetString("empty"), "");
  // Wrong-kind access is nullopt, not a conversion.
  EXPECT_EQ(r->GetString("int"), std::nullopt);
  EXPECT_EQ(r->GetNumber("esc"), std::nullopt);
  EXPECT_EQ(r->GetInteger("t"), std::nullopt);
  EXPECT_EQ(r->GetBool("int"), std::nullopt);
  EXPECT_EQ(r->GetString("obj"), std::nullopt);
  // Raw JSON of nested values: the exact text, whitespace inside kept.
  // LIBRARY BUG (reported): object values lose their closing '}' (see
  // json_reader_test RawJsonOfObjectValues); the first check fails today.
  EXPECT_EQ(r->ClaimKind("obj"), JsonKind::kObject);
  EXPECT_EQ(r->GetRawJson("obj"), R"({"x": [1, {"y": "z"}], "e": {}})");
  EXPECT_EQ(r->ClaimKind("arr"), JsonKind::kArray);
  EXPECT_EQ(r->GetRawJson("arr"), R"([ 1 , "two" , null ])");
  EXPECT_EQ(r->GetRawJson("int"), "42");
  EXPECT_EQ(r->GetRawJson("n"), "null");
  EXPECT_EQ(r->GetRawJson("empty"), R"("")");
  // Claim names in payload order.
  std::vector<std::string> names;
  for (size_t i = 0; i < r->claim_count(); ++i) {
    names.emplace_back(r->claim_name(i));
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"exp", "iss", "sub", "jti", "aud", "nbf",
                                      "iat", "frac", "big", "neg", "int", "t",
                                      "f", "n", "esc", "obj", "arr", "empty"}));
  // payload_json is exactly what was signed; ClaimsJson is compact.
  EXPECT_EQ(r->payload_json(), payload);
  EXPECT_EQ(
      r->ClaimsJson(),
      R"({"exp":)" + At(3600) +
          R"(,"iss":"https://i.example","sub":"s","jti":"j-1","aud":["a","b"],"nbf":)" +
          At(-10) + R"(,"iat":)" + At(-20) +
          R"(,"frac":1.5,"big":1e20,"neg":-3,"int":42,"t":true,"f":false,"n":null,"esc":"a\"b\u00e9\n\\\/","obj":{"x":[1,{"y":"z"}],"e":{}},"arr":[1,"two",null],"empty":""})");
}

TEST(VerifiedTokenTest, StringAudIsListOfOne) {
  Result r = MakeValidator().Validate(Hs256(kHeader, Payload(R"(,"aud":"x")")));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->audiences().size(), 1u);
  EXPECT_EQ(r->audiences()[0], "x");
  Result none = MakeValidator().Validate(Hs256(kHeader, Payload()));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->audiences().empty());
  EXPECT_FALSE(none->issuer().has_value());
  EXPECT_FALSE(none->not_before().has_value());
}

TEST(VerifiedTokenTest, EscapedNamesAndAudiences) {
  Result r = MakeValidator().Validate(Hs256(
      kHeader,
      Payload(R"(,"n\u00e4me":"v","aud":["\u0061pi","b\"c"],"s\u0075b":"x")")));
  ASSERT_TRUE(r.ok()) << r.code_name();
  EXPECT_EQ(r->GetString("n\xc3\xa4me"), "v");
  ASSERT_EQ(r->audiences().size(), 2u);
  EXPECT_EQ(r->audiences()[0], "api");
  EXPECT_EQ(r->audiences()[1], "b\"c");
  EXPECT_EQ(r->subject(), "x");
}

TEST(VerifiedTokenTest, ReuseAcrossTokensOfDifferentSizes) {
  Validator v = MakeValidator();
  VerifiedToken token;
  const std::vector<std::string> payloads = {
      Payload(R"(,"sub":"short")"),
      Payload(R"(,"sub":")" + std::string(3000, 'L') + R"(","x":"\u00e9")"),
      Payload(R"(,"sub":"mid-)" + std::string(100, 'm') + "\"}"),
      Payload(R"(,"sub":"s2","aud":["a","b","c","d"])"),
      Payload(),
  };
  for (int round = 0; round < 2; ++round) {
    for (const std::string& p : payloads) {
      SCOPED_TRACE(p.substr(0, 60));
      const std::string t = Hs256(kHeader, p);
      ErrorCode c = v.Validate(t, &token);
      if (p.ends_with("\"}}")) {
        // The third payload is deliberately not JSON.
        EXPECT_EQ(c, ErrorCode::kBadJson);
        continue;
      }
      ASSERT_EQ(c, ErrorCode::kOk);
      EXPECT_EQ(token.payload_json(), p);
      Result fresh = v.Validate(t);
      ASSERT_TRUE(fresh.ok());
      EXPECT_EQ(token.subject(), fresh->subject());
      EXPECT_EQ(token.claim_count(), fresh->claim_count());
      EXPECT_EQ(token.audiences().size(), fresh->audiences().size());
      EXPECT_EQ(token.ClaimsJson(), fresh->ClaimsJson());
      EXPECT_EQ(token.GetString("x"), fresh->GetString("x"));
    }
  }
  // A failure in between, then success: stale claims are not left over.
  ASSERT_EQ(
      v.Validate(Hs256(kHeader, Payload(R"(,"sub":"a","iss":"i")")), &token),
      ErrorCode::kOk);
  EXPECT_EQ(v.Validate("x.y.z", &token), ErrorCode::kMalformed);
  ASSERT_EQ(v.Validate(Hs256(kHeader, Payload()), &token), ErrorCode::kOk);
  EXPECT_FALSE(token.subject().has_value());
  EXPECT_FALSE(token.issuer().has_value());
  EXPECT_EQ(token.claim_count(), 1u);
}

TEST(VerifiedTokenTest, MoveKeepsViewsValid) {
  Result r =
      MakeValidator().Validate(Hs256(kHeader, Payload(R"(,"sub":"moved")")));
  ASSERT_TRUE(r.ok());
  VerifiedToken moved = std::move(r.value());
  EXPECT_EQ(moved.subject(), "moved");
  EXPECT_EQ(moved.GetString("sub"), "moved");
}

// ---------------------------------------------------------------- Shopify

constexpr std::string_view kApiKey = "shopify-api-key";
// Shaped like Shopify client secrets ("shpss_" and 32 hex digits).
constexpr std::string_view kShopSecret =
    "shpss_0123456789abcdef0123456789abcdef";
constexpr std::string_view kOldSecret =
    "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";

Validator Shopify(std::vector<std::string> secrets = {
                      std::string(kShopSecret)}) {
  ShopifyOptions o;
  o.api_key = std::string(kApiKey);
  o.secrets = std::move(secrets);
  o.clock = [] { return kNow; };
  auto v = MakeShopifyValidator(std::move(o));
  EXPECT_TRUE(v.ok()) << v.status();
  return std::move(*v);
}

std::string ShopPayload(std::string_view dest, std::string_view extra = {}) {
  return R"({"iss":"https://my-shop.myshopify.com/admin","dest":")" +
         std::string(dest) + R"(","aud":")" + std::string(kApiKey) +
         R"(","sub":"42","exp":)" + At(60) + R"(,"nbf":)" + At(-60) +
         R"(,"iat":)" + At(-60) +
         R"(,"jti":"f8912129-1af6-4cad-9ca3-76b0f7621087","sid":"aaea182f2732d44c23057c0fea584021a4485b2bd25d3eb7fd349313ad24c685")" +
         std::string(extra) + "}";
}

std::string ShopToken(std::string_view payload,
                      std::string_view secret = kShopSecret) {
  return Hs256(R"({"alg":"HS256","typ":"JWT"})", payload, secret);
}

TEST(ShopifyTest, AcceptsSessionTokenAndExposesTypedView) {
  Validator v = Shopify();
  Result r =
      v.Validate(ShopToken(ShopPayload("https://my-shop.myshopify.com")));
  ASSERT_TRUE(r.ok()) << r.code_name();
  std::optional<ShopifySession> s = ShopifySession::From(*r);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->shop_domain(), "my-shop.myshopify.com");
  EXPECT_EQ(s->user_id(), "42");
  EXPECT_EQ(s->session_id(),
            "aaea182f2732d44c23057c0fea584021a4485b2bd25d3eb7fd349313ad24c685");
  EXPECT_EQ(s->token_id(), "f8912129-1af6-4cad-9ca3-76b0f7621087");
  EXPECT_EQ(s->expiry(), static_cast<double>(kNow + 60));
}

TEST(ShopifyTest, OptionalClaimsAbsent) {
  Validator v = Shopify();
  const std::string p = R"({"dest":"https://a1.myshopify.com","aud":")" +
                        std::string(kApiKey) + R"(","exp":)" + At(60) + "}";
  Result r = v.Validate(ShopToken(p));
  ASSERT_TRUE(r.ok()) << r.code_name();
  auto s = ShopifySession::From(*r);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->shop_domain(), "a1.myshopify.com");
  EXPECT_FALSE(s->user_id().has_value());
  EXPECT_FALSE(s->session_id().has_value());
  EXPECT_FALSE(s->token_id().has_value());
}

TEST(ShopifyTest, Dest) {
  Validator v = Shopify();
  // The bare host is accepted.
  Result bare = v.Validate(ShopToken(ShopPayload("my-shop.myshopify.com")));
  ASSERT_TRUE(bare.ok()) << bare.code_name();
  EXPECT_EQ(ShopifySession::From(*bare)->shop_domain(),
            "my-shop.myshopify.com");
  for (std::string_view dest :
       {"https://my-shop.myshopify.com/admin", "https://my-shop.myshopify.com/",
        "https://evil.com", "https://my-shop.evil.com",
        "https://my-shop.myshopify.com.evil.com",
        "http://my-shop.myshopify.com", "https://my_shop.myshopify.com",
        "https://my.shop.myshopify.com", "https://.myshopify.com",
        "myshopify.com", "", "https://my-shop.myshopify.com:443",
        "HTTPS://my-shop.myshopify.com"}) {
    SCOPED_TRACE(dest);
    EXPECT_EQ(Code(v, ShopToken(ShopPayload(dest))), "bad_claim");
  }
  // dest not a string.
  std::string p = ShopPayload("x");
  p.replace(p.find(R"("x")"), 3, "42");
  EXPECT_EQ(Code(v, ShopToken(p)), "bad_claim");
  // Missing dest.
  const std::string no_dest =
      R"({"aud":")" + std::string(kApiKey) + R"(","exp":)" + At(60) + "}";
  EXPECT_EQ(Code(v, ShopToken(no_dest)), "missing_claim");
}

TEST(ShopifyTest, Issuer) {
  Validator v = Shopify();
  auto with_iss = [](std::string_view iss) {
    std::string p = ShopPayload("https://my-shop.myshopify.com");
    const std::string old = "https://my-shop.myshopify.com/admin";
    p.replace(p.find(old), old.size(), iss);
    return ShopToken(p);
  };
  EXPECT_EQ(Code(v, with_iss("https://my-shop.myshopify.com/admin")), "ok");
  EXPECT_EQ(Code(v, with_iss("https://my-shop.myshopify.com")), "ok");
  EXPECT_EQ(Code(v, with_iss("https://my-shop.myshopify.com/checkouts/x")),
            "ok");
  for (std::string_view iss :
       {"https://other.myshopify.com/admin",
        "https://my-shop.myshopify.com.evil.com",
        "https://my-shop.myshopify.com.evil.com/admin",
        "https://my-shop.myshopify.comx", "http://my-shop.myshopify.com/admin",
        "my-shop.myshopify.com", "https://evil.com/my-shop.myshopify.com"}) {
    SCOPED_TRACE(iss);
    EXPECT_EQ(Code(v, with_iss(iss)), "bad_issuer");
  }
  // iss is optional.
  std::string p = ShopPayload("https://my-shop.myshopify.com");
  const std::string member = R"("iss":"https://my-shop.myshopify.com/admin",)";
  p.erase(p.find(member), member.size());
  EXPECT_EQ(Code(v, ShopToken(p)), "ok");
}

TEST(ShopifyTest, AudienceAlgorithmsAndTime) {
  Validator v = Shopify();
  std::string p = ShopPayload("https://my-shop.myshopify.com");
  std::string wrong_aud = p;
  wrong_aud.replace(wrong_aud.find(kApiKey), kApiKey.size(), "other-app");
  EXPECT_EQ(Code(v, ShopToken(wrong_aud)), "bad_audience");
  // HS384 (and anything but HS256) is refused, even with the right secret.
  EXPECT_EQ(Code(v, Sign(EVP_sha384(), R"({"alg":"HS384"})", p, kShopSecret)),
            "alg_not_allowed");
  EXPECT_EQ(Code(v, Sign(EVP_sha512(), R"({"alg":"HS512"})", p, kShopSecret)),
            "alg_not_allowed");
  // Wrong secret.
  EXPECT_EQ(Code(v, ShopToken(p, "not-the-secret")), "bad_signature");
  // nbf 9 s ahead (browser clock) passes the default 10 s leeway; 11 s not.
  auto with_nbf = [&](int64_t delta) {
    std::string q = p;
    const std::string old = R"("nbf":)" + At(-60);
    q.replace(q.find(old), old.size(), R"("nbf":)" + At(delta));
    return ShopToken(q);
  };
  EXPECT_EQ(Code(v, with_nbf(9)), "ok");
  EXPECT_EQ(Code(v, with_nbf(10)), "ok");
  EXPECT_EQ(Code(v, with_nbf(11)), "not_yet_valid");
  // exp within the leeway.
  auto with_exp = [&](int64_t delta) {
    std::string q = p;
    const std::string old = R"("exp":)" + At(60);
    q.replace(q.find(old), old.size(), R"("exp":)" + At(delta));
    return ShopToken(q);
  };
  EXPECT_EQ(Code(v, with_exp(-9)), "ok");
  EXPECT_EQ(Code(v, with_exp(-10)), "expired");
  // exp required.
  std::string no_exp = p;
  const std::string exp_member = R"("exp":)" + At(60) + ",";
  no_exp.erase(no_exp.find(exp_member), exp_member.size());
  EXPECT_EQ(Code(v, ShopToken(no_exp)), "missing_claim");
}

TEST(ShopifyTest, AudMustBeTheApiKeyAsAString) {
  Validator v = Shopify();
  std::string p = ShopPayload("https://my-shop.myshopify.com");
  const std::string aud = R"("aud":")" + std::string(kApiKey) + "\"";
  std::string as_array = p;
  as_array.replace(as_array.find(aud), aud.size(),
                   R"("aud":[")" + std::string(kApiKey) + "\"]");
  EXPECT_EQ(Code(v, ShopToken(as_array)), "bad_audience");
  std::string absent = p;
  absent.replace(absent.find(aud) - 1, aud.size() + 1, "");
  EXPECT_EQ(Code(v, ShopToken(absent)), "missing_claim");
}

TEST(ShopifyTest, SecretRotation) {
  Validator both = Shopify({std::string(kShopSecret), std::string(kOldSecret)});
  const std::string p = ShopPayload("https://my-shop.myshopify.com");
  EXPECT_EQ(Code(both, ShopToken(p, kShopSecret)), "ok");
  EXPECT_EQ(Code(both, ShopToken(p, kOldSecret)), "ok");
  EXPECT_EQ(Code(both, ShopToken(p, "third")), "bad_signature");
  Validator current = Shopify();
  EXPECT_EQ(Code(current, ShopToken(p, kOldSecret)), "bad_signature");
}

TEST(ShopifyTest, ConstructionErrors) {
  ShopifyOptions o;
  o.secrets = {std::string(kShopSecret)};
  EXPECT_FALSE(MakeShopifyValidator(o).ok());  // no api key
  o.api_key = "k";
  o.secrets = {};
  EXPECT_FALSE(MakeShopifyValidator(o).ok());  // no secret
  o.secrets = {std::string(kShopSecret), ""};
  EXPECT_FALSE(MakeShopifyValidator(o).ok());  // an empty secret
  o.secrets = {std::string(kShopSecret)};
  EXPECT_TRUE(MakeShopifyValidator(o).ok());
  // RFC 7518 section 3.2: HS256 needs 32 bytes; a shorter secret (here next
  // to a good one) is refused with a status that says so.
  o.secrets = {std::string(kShopSecret), std::string(31, 's')};
  absl::StatusOr<Validator> short_secret = MakeShopifyValidator(o);
  EXPECT_EQ(short_secret.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(short_secret.status().message().find("31 bytes"), std::string::npos)
      << short_secret.status();
  EXPECT_NE(short_secret.status().message().find("RFC 7518 section 3.2"),
            std::string::npos)
      << short_secret.status();
  EXPECT_EQ(short_secret.status().message().find("sss"), std::string::npos);
  o.secrets = {std::string(32, 's')};
  EXPECT_TRUE(MakeShopifyValidator(o).ok());
  ValidatorOptions vo = ShopifyValidatorOptions("key");
  EXPECT_EQ(vo.algorithms, AlgorithmSet({Algorithm::kHS256}));
  EXPECT_EQ(vo.audiences, std::vector<std::string>{"key"});
  EXPECT_EQ(vo.leeway_seconds, 10);
  EXPECT_TRUE(vo.require_exp);
  EXPECT_NE(vo.profile, nullptr);
}

TEST(ShopifyTest, SessionFromNonShopifyToken) {
  Result r = MakeValidator().Validate(Hs256(kHeader, Payload()));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(ShopifySession::From(*r).has_value());
  Result bad = MakeValidator().Validate(
      Hs256(kHeader, Payload(R"(,"dest":"https://x.example")")));
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(ShopifySession::From(*bad).has_value());
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
