// Copyright 2026 The jwtv Authors.
//
// DecodeUnverified: the header and claims of a token read without
// verifying it, under the shape, base64url and strict JSON rules a
// Validator applies; its claim accessors agree with a VerifiedToken's.

#include "jwtv/unverified_token.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "jwtv/validator.h"
#include "testing/validator_test_util.h"

namespace jwtv {
namespace {

using validator_testing::B64;
using validator_testing::Hs256;
using validator_testing::kHeader;
using validator_testing::MakeValidator;
using validator_testing::Payload;

// The error message of DecodeUnverified(token); empty when it succeeds.
std::string Error(std::string_view token) {
  absl::StatusOr<UnverifiedToken> t = DecodeUnverified(token);
  if (t.ok()) return "";
  EXPECT_TRUE(absl::IsInvalidArgument(t.status())) << t.status();
  return std::string(t.status().message());
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

TEST(UnverifiedTokenTest, Header) {
  absl::StatusOr<UnverifiedToken> t = DecodeUnverified(
      Hs256(R"({"alg":"HS256", "kid":"k\u002d1","typ":"at+jwt","x":[1]})",
            Payload()));
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->alg(), "HS256");
  EXPECT_EQ(t->algorithm(), Algorithm::kHS256);
  EXPECT_EQ(t->kid(), "k-1");
  EXPECT_EQ(t->typ(), "at+jwt");
  EXPECT_EQ(t->header_json(),
            R"({"alg":"HS256", "kid":"k\u002d1","typ":"at+jwt","x":[1]})");
  EXPECT_EQ(t->CompactHeaderJson(),
            R"({"alg":"HS256","kid":"k\u002d1","typ":"at+jwt","x":[1]})");
}

TEST(UnverifiedTokenTest, AnyAlgIsReportedNotJudged) {
  // alg none with an empty signature (an unsecured JWT, RFC 7519 section 6).
  absl::StatusOr<UnverifiedToken> none =
      DecodeUnverified(B64(R"({"alg":"none"})") + "." + B64(Payload()) + ".");
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(none->alg(), "none");
  EXPECT_FALSE(none->algorithm().has_value());
  absl::StatusOr<UnverifiedToken> unknown =
      DecodeUnverified(Hs256(R"({"alg":"X\u0059Z"})", Payload()));
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->alg(), "XYZ");
  EXPECT_FALSE(unknown->algorithm().has_value());
  for (std::string_view header : {R"({"typ":"JWT"})", R"({"alg":7})"}) {
    absl::StatusOr<UnverifiedToken> t =
        DecodeUnverified(Hs256(header, Payload()));
    ASSERT_TRUE(t.ok()) << header;
    EXPECT_FALSE(t->alg().has_value()) << header;
    EXPECT_FALSE(t->kid().has_value());
  }
}

TEST(UnverifiedTokenTest, ClaimsAgreeWithTheVerifiedToken) {
  const std::string token = Hs256(
      kHeader,
      Payload(R"(,"iss":"https://i.example","sub":"s","aud":["a","b\/c"],)"
              R"("scope":"read write","n":2.5,"big":9007199254740993,)"
              R"("realm_access":{"roles":["r\u00e9"]},"t":true)"));
  absl::StatusOr<UnverifiedToken> u = DecodeUnverified(token);
  ASSERT_TRUE(u.ok()) << u.status();
  const Result v = MakeValidator().Validate(token);
  ASSERT_TRUE(v.ok()) << v.code_name();
  EXPECT_EQ(u->payload_json(), v->payload_json());
  EXPECT_EQ(u->ClaimsJson(), v->ClaimsJson());
  EXPECT_EQ(u->issuer(), v->issuer());
  EXPECT_EQ(u->subject(), v->subject());
  EXPECT_EQ(u->expiration(), v->expiration());
  EXPECT_EQ(std::vector<std::string_view>(u->audiences().begin(),
                                          u->audiences().end()),
            (std::vector<std::string_view>{"a", "b/c"}));
  ASSERT_EQ(u->claim_count(), v->claim_count());
  for (size_t i = 0; i < u->claim_count(); ++i) {
    EXPECT_EQ(u->claim_name(i), v->claim_name(i));
    EXPECT_EQ(u->ClaimKind(u->claim_name(i)), v->ClaimKind(v->claim_name(i)));
  }
  EXPECT_EQ(u->GetNumber("n"), 2.5);
  EXPECT_EQ(u->GetInteger("big"), v->GetInteger("big"));
  EXPECT_EQ(u->GetBool("t"), true);
  EXPECT_EQ(*u->GetStringArray({"realm_access", "roles"}),
            *v->GetStringArray({"realm_access", "roles"}));
  EXPECT_EQ(*u->Scopes(), *v->Scopes());
  EXPECT_TRUE(u->HasScope("write"));
  EXPECT_TRUE(
      absl::IsNotFound(u->Find({"realm_access", "x"}).String().status()));
  // Views survive a move of the token.
  const std::string_view role =
      (*u->GetStringArray({"realm_access", "roles"}))[0];
  const std::string_view iss = *u->issuer();
  UnverifiedToken moved = std::move(*u);
  EXPECT_EQ(role, "r\xc3\xa9");
  EXPECT_EQ(iss, "https://i.example");
  EXPECT_EQ(moved.alg(), "HS256");
}

TEST(UnverifiedTokenTest, ExpiredAndBadSignatureTokensAreRead) {
  // Nothing is checked beyond the encoding: an expired token signed with
  // another key is read.
  absl::StatusOr<UnverifiedToken> t = DecodeUnverified(
      Hs256(kHeader, R"({"exp":1,"sub":"x"})",
            "another-secret-entirely-0123456789abcdef0123456789abcdef0123"));
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->subject(), "x");
  EXPECT_EQ(t->expiration(), 1.0);
}

TEST(UnverifiedTokenTest, MalformedTokensAsTheValidatorSeesThem) {
  const std::string good = Hs256(kHeader, Payload());
  const size_t dot1 = good.find('.');
  const size_t dot2 = good.find('.', dot1 + 1);
  const std::string h = good.substr(0, dot1);
  const std::string p = good.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string s = good.substr(dot2 + 1);
  ASSERT_EQ(Error(good), "");
  const Validator v = MakeValidator();
  struct Case {
    std::string token;
    std::string_view error;  // the start of the message
  };
  const std::vector<Case> cases = {
      {"", "malformed: not three"},
      {"abc", "malformed: not three"},
      {h + "." + p, "malformed: not three"},
      {good + ".x", "malformed: not three"},
      {"." + p + "." + s, "malformed: empty header"},
      {h + ".." + s, "malformed: empty payload"},
      {h + ".*." + s, "malformed: not three"},
      // Padding, as lenient decoders accept.
      {B64(R"({"alg":"HS256","x":1})") + "=." + p + "." + s,
       "malformed: not three"},
      // Non-canonical trailing bits ("e30" is "{}"; "e31" decodes alike).
      {h + ".e31." + s, "malformed: not three"},
      {B64("[1]") + "." + p + "." + s, "bad_json: the header"},
      {B64("nope") + "." + p + "." + s, "bad_json: the header"},
      {B64(R"({"alg":"HS256","kid":1})") + "." + p + "." + s,
       "bad_json: the header"},
      // Signed, so that the validator reads the payload too.
      {Hs256(kHeader, "[1]"), "bad_json: the payload"},
      {Hs256(kHeader, R"({"a":1,"a":2})"), "bad_json: the payload"},
      {Hs256(kHeader, R"({"o":{"a":1,"\u0061":2}})"), "bad_json: the payload"},
      {Hs256(kHeader, "{\"a\":\"\xff\"}"), "bad_json: the payload"},
      {Hs256(kHeader,
             R"({"a":)" + std::string(40, '[') + std::string(40, ']') + "}"),
       "bad_json: the payload"},
      {B64(R"({"alg":"HS256","p":")" + std::string(9000, 'x') + "\"}") + "." +
           p + "." + s,
       "malformed: header longer"},
      {h + "." + B64(R"({"p":")" + std::string(20000, 'x') + "\"}") + "." + s,
       "malformed: longer than 16384"},
  };
  for (const Case& c : cases) {
    const std::string error = Error(c.token);
    EXPECT_TRUE(StartsWith(error, c.error))
        << "'" << error << "' for a token of " << c.token.size() << " bytes";
    // The validator rejects each for the same reason (malformed or bad_json).
    const std::string_view code = v.Validate(c.token).code_name();
    EXPECT_TRUE(StartsWith(error, code)) << code << " vs " << error;
    // No token content in the message.
    if (c.token.size() > 8) {
      EXPECT_EQ(error.find(c.token.substr(0, 8)), std::string::npos) << error;
    }
  }
  // The cap is the caller's to set.
  const std::string big =
      h + "." + B64(R"({"p":")" + std::string(20000, 'x') + "\"}") + "." + s;
  EXPECT_TRUE(DecodeUnverified(big, size_t{64} * 1024).ok());
  EXPECT_TRUE(
      StartsWith(std::string(DecodeUnverified(good, 10).status().message()),
                 "malformed: longer than 10 bytes"));
}

}  // namespace
}  // namespace jwtv
