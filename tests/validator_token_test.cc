// Copyright 2026 The jwtv Authors.
//
// The VerifiedToken a Validator fills: header and claim accessors, string
// and array audiences, escaped names, storage reuse across tokens and moves.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "jwtv/error.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"
#include "jwtv/verified_token.h"
#include "testing/validator_test_util.h"

namespace jwtv {
namespace {

using validator_testing::At;
using validator_testing::Hs256;
using validator_testing::kHeader;
using validator_testing::kNow;
using validator_testing::kSecret;
using validator_testing::MakeValidator;
using validator_testing::Options;
using validator_testing::Payload;

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

}  // namespace
}  // namespace jwtv
