// Copyright 2026 The jwtv Authors.
//
// Typed claim access (jwtv/claims.h) on a VerifiedToken: paths into nested
// objects, string arrays, numbers, booleans, scopes; absent (NotFound)
// against another type (FailedPrecondition); escaped and non-ASCII strings
// at any depth as views into the token, across moves, reuse and the
// verified-token cache.

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/config.h"
#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "jwtv/claims.h"
#include "jwtv/validator.h"
#include "jwtv/verified_cache.h"
#include "jwtv/verified_token.h"
#include "testing/validator_test_util.h"

namespace jwtv {
namespace {

using validator_testing::Hs256;
using validator_testing::kHeader;
using validator_testing::MakeValidator;
using validator_testing::Payload;

using Strings = std::vector<std::string_view>;

// Validates a token of Payload(members) and returns the result.
Result Verified(std::string_view members) {
  static const Validator* const validator = new Validator(MakeValidator());
  Result r = validator->Validate(Hs256(kHeader, Payload(members)));
  EXPECT_TRUE(r.ok()) << r.code_name() << " for " << members;
  return r;
}

bool Absent(const absl::Status& s) { return absl::IsNotFound(s); }
bool IsOtherType(const absl::Status& s) {
  return absl::IsFailedPrecondition(s);
}

// True iff `s` lies within the token's storage: the payload or the
// unescaped strings it holds (both outlive any single accessor call).
bool PointsInto(const VerifiedToken& t, std::string_view s) {
  const std::string_view payload = t.payload_json();
  return s.data() >= payload.data() &&
         s.data() + s.size() <= payload.data() + payload.size();
}

TEST(TypedClaimsTest, KeycloakRolesByPath) {
  Result r = Verified(
      R"(,"realm_access":{"roles":["admin","user"]},)"
      R"("resource_access":{"api":{"roles":["read"]},"web":{"roles":[]}})");
  ASSERT_TRUE(r.ok());
  absl::StatusOr<StringList> roles =
      r->GetStringArray({"realm_access", "roles"});
  ASSERT_TRUE(roles.ok()) << roles.status();
  EXPECT_EQ(*roles, (Strings{"admin", "user"}));
  // Zero-copy: the roles without escapes are views into the payload.
  for (std::string_view role : *roles) EXPECT_TRUE(PointsInto(*r, role));
  EXPECT_EQ(*r->GetStringArray({"resource_access", "api", "roles"}),
            Strings{"read"});
  // An empty array is a list of none, not an error.
  absl::StatusOr<StringList> none =
      r->GetStringArray({"resource_access", "web", "roles"});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  // Absent anywhere along the path.
  EXPECT_TRUE(Absent(r->GetStringArray({"realm_access", "groups"}).status()));
  EXPECT_TRUE(Absent(r->GetStringArray({"nope", "roles"}).status()));
  EXPECT_TRUE(
      Absent(r->GetStringArray({"resource_access", "db", "roles"}).status()));
  // A step through something that is not an object finds nothing.
  EXPECT_TRUE(
      Absent(r->GetStringArray({"realm_access", "roles", "0"}).status()));
  EXPECT_TRUE(Absent(r->Find({"exp", "x"}).RawJson().status()));
  // Present with another type.
  EXPECT_TRUE(IsOtherType(r->GetStringArray("realm_access").status()));
  EXPECT_TRUE(IsOtherType(r->GetStringArray("exp").status()));
  // The empty path names nothing.
  EXPECT_FALSE(
      r->Find(ClaimPath(absl::Span<const std::string_view>())).found());
}

TEST(TypedClaimsTest, NamespacedClaimNamesHoldSlashesAndDots) {
  Result r = Verified(
      R"(,"https://example.com/claims":{"tenant":"t-1","a.b":{"c":7}},)"
      R"("https:\/\/escaped.example\/x":{"k\u0065y":"v"})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r->Find({"https://example.com/claims", "tenant"}).String(), "t-1");
  EXPECT_EQ(*r->Find({"https://example.com/claims", "a.b", "c"}).Integer(), 7);
  // Escaped names at the top level and nested are matched unescaped.
  EXPECT_EQ(*r->Find({"https://escaped.example/x", "key"}).String(), "v");
  EXPECT_FALSE(r->Find({"https:\\/\\/escaped.example\\/x"}).found());
  // A dotted string is one name, not a path.
  EXPECT_FALSE(r->Find("https://example.com/claims.tenant").found());
  // Runtime paths.
  const std::vector<std::string_view> path = {"https://example.com/claims",
                                              "tenant"};
  EXPECT_EQ(*r->Find(ClaimPath(path)).String(), "t-1");
  const std::string name = "https://example.com/claims";
  EXPECT_EQ(r->Find(name).kind(), JsonKind::kObject);
}

TEST(TypedClaimsTest, EscapedAndUnicodeStringsAtAnyDepth) {
  Result r = Verified(
      R"(,"groups":["plain","a\"b","caf\u00e9","\ud83d\ude00","\u0000x",)"
      R"("tab\there","é直"],)"
      R"("o":{"deep":{"s":"line\nbreak","u":"\u65e5\u672c"}},)"
      R"("top":"x\\y")");
  ASSERT_TRUE(r.ok());
  absl::StatusOr<StringList> groups = r->GetStringArray("groups");
  ASSERT_TRUE(groups.ok()) << groups.status();
  EXPECT_EQ(*groups,
            (Strings{"plain", "a\"b", "caf\xc3\xa9", "\xf0\x9f\x98\x80",
                     std::string_view("\0x", 2), "tab\there", "é直"}));
  EXPECT_EQ(*r->Find({"o", "deep", "s"}).String(), "line\nbreak");
  EXPECT_EQ(*r->Find({"o", "deep", "u"}).String(), "日本");
  EXPECT_EQ(*r->Find("top").String(), "x\\y");
  // Raw JSON is the text as signed.
  EXPECT_EQ(*r->Find({"o", "deep", "s"}).RawJson(), R"("line\nbreak")");
}

TEST(TypedClaimsTest, MixedArraysAreAnotherType) {
  Result r =
      Verified(R"(,"m1":["a",1],"m2":[null],"m3":[["a"]],"m4":[{"a":"b"}],)"
               R"("m5":["a",true],"n":[1,2])");
  ASSERT_TRUE(r.ok());
  for (std::string_view name : {"m1", "m2", "m3", "m4", "m5", "n"}) {
    EXPECT_TRUE(IsOtherType(r->GetStringArray(name).status())) << name;
    EXPECT_EQ(r->Find(name).kind(), JsonKind::kArray) << name;
  }
}

TEST(TypedClaimsTest, ScalarsAbsentAndOtherType) {
  Result r = Verified(
      R"(,"o":{"i":42,"neg":-7,"f":1.5,"e":1e3,"one":1.0,"t":true,"b":false,)"
      R"("n":null,"s":"str","big":9007199254740993,)"
      R"("max":9223372036854775807,"over":9223372036854775808,)"
      R"("min":-9223372036854775808,"huge":1e400},"top_big":9007199254740993)");
  ASSERT_TRUE(r.ok());
  const ClaimView o = r->Find("o");
  ASSERT_TRUE(o.found());
  EXPECT_EQ(*o.Member("i").Integer(), 42);
  EXPECT_EQ(*o.Member("neg").Integer(), -7);
  EXPECT_EQ(*o.Member("i").Number(), 42.0);
  EXPECT_EQ(*o.Member("f").Number(), 1.5);
  EXPECT_TRUE(IsOtherType(o.Member("f").Integer().status()));
  EXPECT_EQ(*o.Member("e").Integer(), 1000);
  EXPECT_EQ(*o.Member("one").Integer(), 1);
  // Integers are read exactly, not through a double (2^53 + 1).
  EXPECT_EQ(*o.Member("big").Integer(), int64_t{9007199254740993});
  EXPECT_EQ(r->GetInteger("top_big"), int64_t{9007199254740993});
  EXPECT_EQ(*r->Find("top_big").Integer(), int64_t{9007199254740993});
  EXPECT_EQ(*o.Member("max").Integer(), INT64_MAX);
  EXPECT_EQ(*o.Member("min").Integer(), INT64_MIN);
  EXPECT_TRUE(IsOtherType(o.Member("over").Integer().status()));
  EXPECT_TRUE(IsOtherType(o.Member("huge").Integer().status()));
  EXPECT_EQ(*o.Member("t").Bool(), true);
  EXPECT_EQ(*o.Member("b").Bool(), false);
  EXPECT_EQ(o.Member("n").kind(), JsonKind::kNull);
  // Each typed read of a value of another kind.
  EXPECT_TRUE(IsOtherType(o.Member("s").Integer().status()));
  EXPECT_TRUE(IsOtherType(o.Member("s").Number().status()));
  EXPECT_TRUE(IsOtherType(o.Member("s").Bool().status()));
  EXPECT_TRUE(IsOtherType(o.Member("i").String().status()));
  EXPECT_TRUE(IsOtherType(o.Member("n").String().status()));
  EXPECT_TRUE(IsOtherType(o.String().status()));
  // Absent: every typed read says NotFound; kind() is nullopt.
  const ClaimView absent = o.Member("zzz");
  EXPECT_FALSE(absent.found());
  EXPECT_FALSE(absent.kind().has_value());
  EXPECT_TRUE(Absent(absent.String().status()));
  EXPECT_TRUE(Absent(absent.Integer().status()));
  EXPECT_TRUE(Absent(absent.Number().status()));
  EXPECT_TRUE(Absent(absent.Bool().status()));
  EXPECT_TRUE(Absent(absent.StringArray().status()));
  EXPECT_TRUE(Absent(absent.RawJson().status()));
  EXPECT_FALSE(absent.Member("x").found());
  // The messages are fixed: no token content.
  EXPECT_EQ(o.Member("s").Integer().status().message().find("str"),
            std::string_view::npos);
}

TEST(TypedClaimsTest, TopLevelMatchesTheNameAccessors) {
  Result r =
      Verified(R"(,"s":"a\u00e9","i":3,"f":2.5,"t":true,"aud":["x","y\/z"])");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r->Find("s").String(), *r->GetString("s"));
  EXPECT_EQ(*r->Find("i").Integer(), *r->GetInteger("i"));
  EXPECT_EQ(*r->Find("f").Number(), *r->GetNumber("f"));
  EXPECT_EQ(*r->Find("t").Bool(), *r->GetBool("t"));
  EXPECT_EQ(*r->Find("exp").RawJson(), *r->GetRawJson("exp"));
  // aud as a string array agrees with audiences(), escapes included.
  absl::StatusOr<StringList> aud = r->GetStringArray("aud");
  ASSERT_TRUE(aud.ok()) << aud.status();
  EXPECT_EQ(*aud, (Strings{"x", "y/z"}));
  EXPECT_EQ(*aud, Strings(r->audiences().begin(), r->audiences().end()));
}

TEST(TypedClaimsTest, Scopes) {
  Result r = Verified(
      R"(,"scope":"openid  profile email:read a\u0020b","scp":["r","w"],)"
      R"("bad":[1],"num":5,"empty":"")");
  ASSERT_TRUE(r.ok());
  absl::StatusOr<StringList> scopes = r->Scopes();
  ASSERT_TRUE(scopes.ok());
  // Split at spaces (an escaped space too: it is a space once unescaped);
  // runs of spaces make no empty scope.
  EXPECT_EQ(*scopes, (Strings{"openid", "profile", "email:read", "a", "b"}));
  EXPECT_TRUE(r->HasScope("openid"));
  EXPECT_TRUE(r->HasScope("email:read"));
  EXPECT_TRUE(r->HasScope("b"));
  EXPECT_FALSE(r->HasScope("open"));   // a prefix of a scope
  EXPECT_FALSE(r->HasScope("email"));  // a prefix up to ':'
  EXPECT_FALSE(r->HasScope("read"));   // a suffix
  EXPECT_FALSE(r->HasScope(""));
  EXPECT_FALSE(r->HasScope("openid profile"));  // two scopes are not one
  // An array claim (scp).
  EXPECT_EQ(*r->Scopes("scp"), (Strings{"r", "w"}));
  EXPECT_TRUE(r->HasScope("w", "scp"));
  EXPECT_FALSE(r->HasScope("x", "scp"));
  // Absent, another type, empty.
  EXPECT_TRUE(Absent(r->Scopes("nope").status()));
  EXPECT_FALSE(r->HasScope("r", "nope"));
  EXPECT_TRUE(IsOtherType(r->Scopes("bad").status()));
  EXPECT_TRUE(IsOtherType(r->Scopes("num").status()));
  EXPECT_FALSE(r->HasScope("5", "num"));
  EXPECT_TRUE(r->Scopes("empty")->empty());
}

TEST(TypedClaimsTest, ViewsSurviveMovesAndReuseResets) {
  const std::string members =
      R"(,"o":{"s":"caf\u00e9","l":["x\ny"]},"flat":"a\u00e9")";
  Result r = Verified(members);
  ASSERT_TRUE(r.ok());
  const std::string_view nested = *r->Find({"o", "s"}).String();
  const std::string_view element = (*r->GetStringArray({"o", "l"}))[0];
  const ClaimView view = r->Find("o");
  VerifiedToken moved = std::move(r.value());
  EXPECT_EQ(nested, "caf\xc3\xa9");
  EXPECT_EQ(element, "x\ny");
  EXPECT_EQ(*view.Member("s").String(), "caf\xc3\xa9");
  EXPECT_EQ(*moved.Find({"o", "s"}).String(), "caf\xc3\xa9");
  // A token reused for one without nested escapes holds none of the old.
  const Validator v = MakeValidator();
  ASSERT_EQ(
      v.Validate(Hs256(kHeader, Payload(R"(,"o":{"s":"plain"})")), &moved),
      ErrorCode::kOk);
  EXPECT_EQ(*moved.Find({"o", "s"}).String(), "plain");
}

// A ClaimView of a top-level claim reads the token's storage, not the
// VerifiedToken object: moving the token (its claims live inline in the
// object) and reusing the moved-from object leave the view's answers as
// they were.
TEST(TypedClaimsTest, TopLevelViewsSurviveAMoveOfTheirToken) {
  Result r = Verified(R"(,"role":"admin","level":7)");
  ASSERT_TRUE(r.ok());
  const ClaimView role = r->Find("role");
  const ClaimView level = r->Find("level");
  VerifiedToken moved = std::move(r.value());
  const Validator v = MakeValidator();
  ASSERT_EQ(v.Validate(Hs256(kHeader, Payload(R"(,"role":"guest","level":1)")),
                       &r.value()),
            ErrorCode::kOk);
  EXPECT_EQ(*role.String(), "admin");
  EXPECT_EQ(*level.Number(), 7);
  EXPECT_EQ(*level.Integer(), 7);
  EXPECT_EQ(*moved.Find("role").String(), "admin");
}

TEST(TypedClaimsTest, CachedTokensKeepNestedStrings) {
  const Validator v = MakeValidator();
  VerifiedTokenCache cache;
  const std::string token =
      Hs256(kHeader, Payload(R"(,"o":{"s":"caf\u00e9","l":["\u0041"]})"));
  for (int i = 0; i < 3; ++i) {  // a miss, then hits (copies of the entry)
    Result r = cache.Validate(v, token);
    ASSERT_TRUE(r.ok()) << r.code_name();
    EXPECT_EQ(*r->Find({"o", "s"}).String(), "caf\xc3\xa9");
    EXPECT_EQ(*r->GetStringArray({"o", "l"}), Strings{"A"});
  }
  EXPECT_GE(cache.stats().hits, 2u);
}

#ifdef ABSL_HAVE_ADDRESS_SANITIZER
// A view of an unescaped nested string read after its token was reused is
// reported (the strings' storage is freed), not read as another token's.
TEST(TypedClaimsDeathTest, NestedStringReadAfterReuseIsReported) {
  const Validator v = MakeValidator();
  VerifiedToken t;
  ASSERT_EQ(
      v.Validate(Hs256(kHeader, Payload(R"(,"o":{"s":"caf\u00e9 au lait"})")),
                 &t),
      ErrorCode::kOk);
  const std::string_view stale = *t.Find({"o", "s"}).String();
  ASSERT_EQ(v.Validate(Hs256(kHeader, Payload(R"(,"o":{"s":"x"})")), &t),
            ErrorCode::kOk);
  EXPECT_DEATH(
      {
        const std::string copy(stale);
        std::fprintf(stderr, "read '%s'\n", copy.c_str());
      },
      "heap-use-after-free");
}
#endif

}  // namespace
}  // namespace jwtv
