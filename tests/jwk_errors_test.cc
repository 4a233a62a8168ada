// Copyright 2026 The jwtv Authors.
//
// Tests for JWK / JWKS loading (src/jwk): what is skipped and reported, what
// fails the whole document, HMAC secret lengths and oct keys in a published
// set.

#include <simdjson.h>

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "base64url/base64url.h"
#include "crypto/prepared_key.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jwk/jwk.h"
#include "jwtv/algorithm.h"
#include "jwtv/key_set.h"
#include "key_set/key_set_data.h"
#include "testing/jwk_test_util.h"

namespace jwtv::internal {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// --- Skipped and reported --------------------------------------------------

TEST(JwkSkipTest, UnknownKtyIsSkippedAndReported) {
  Loaded l = Load(Set(R"({"kty":"foo","kid":"x"},)" + Oct() +
                      R"(,{"kty":"rsa","n":"AQAB","e":"AQAB"})"));
  ASSERT_TRUE(l.status.ok()) << l.status;
  EXPECT_EQ(l.data->entries().size(), 1u);
  ASSERT_EQ(l.data->skipped().size(), 2u);
  EXPECT_EQ(l.data->skipped()[0], R"(keys[0] (kid "x"): unknown kty "foo")");
  EXPECT_EQ(l.data->skipped()[1], R"(keys[2]: unknown kty "rsa")");
}

TEST(JwkSkipTest, UnsupportedCurvesAreSkippedAndReported) {
  Loaded l = Load(
      Set(Okp(R"(,"kid":"x")", "X25519") + "," + Okp("", "Ed448") + "," +
          R"({"kty":"EC","crv":"secp256k1","x":"AQ","y":"AQ"},)" + Ec256()));
  ASSERT_TRUE(l.status.ok()) << l.status;
  EXPECT_EQ(l.data->entries().size(), 1u);
  ASSERT_EQ(l.data->skipped().size(), 3u);
  EXPECT_THAT(l.data->skipped()[0],
              AllOf(HasSubstr("keys[0] (kid \"x\")"), HasSubstr("X25519")));
  EXPECT_THAT(l.data->skipped()[1],
              AllOf(HasSubstr("keys[1]"), HasSubstr("Ed448")));
  EXPECT_THAT(l.data->skipped()[2],
              AllOf(HasSubstr("keys[2]"), HasSubstr("secp256k1")));
}

TEST(JwkSkipTest, UseOtherThanSigIsSkipped) {
  Loaded l = Load(Set(Ec256(R"(,"use":"enc","kid":"e")") + "," +
                      Oct(R"(,"use":"sig")") + "," + Oct(R"(,"use":"SIG")")));
  ASSERT_TRUE(l.status.ok()) << l.status;
  EXPECT_EQ(l.data->entries().size(), 1u);
  ASSERT_EQ(l.data->skipped().size(), 2u);
  EXPECT_THAT(l.data->skipped()[0],
              AllOf(HasSubstr("keys[0] (kid \"e\")"), HasSubstr("\"enc\"")));
  EXPECT_THAT(l.data->skipped()[1], HasSubstr("keys[2]"));
}

TEST(JwkSkipTest, KeyOpsWithoutVerifyIsSkipped) {
  Loaded l =
      Load(Set(Oct(R"(,"key_ops":["sign"])") + "," + Oct(R"(,"key_ops":[])") +
               "," + Oct(R"(,"key_ops":["sign","verify"])") + "," +
               Oct(R"(,"key_ops":["encrypt","Verify"])")));
  ASSERT_TRUE(l.status.ok()) << l.status;
  EXPECT_EQ(l.data->entries().size(), 1u);
  ASSERT_EQ(l.data->skipped().size(), 3u);
  EXPECT_THAT(l.data->skipped()[0], HasSubstr("key_ops"));
  EXPECT_THAT(l.data->skipped()[2], HasSubstr("keys[3]"));
}

TEST(JwkSkipTest, UnknownAlgIsSkipped) {
  Loaded l = Load(Set(Rsa(kRfc7517A1RsaN, R"(,"alg":"RSA-OAEP","kid":"r")") +
                      "," + Oct(R"(,"alg":"none")") + "," +
                      Oct(R"(,"alg":"hs256")") + "," + Oct()));
  ASSERT_TRUE(l.status.ok()) << l.status;
  EXPECT_EQ(l.data->entries().size(), 1u);
  ASSERT_EQ(l.data->skipped().size(), 3u);
  EXPECT_THAT(l.data->skipped()[0],
              AllOf(HasSubstr("keys[0] (kid \"r\")"), HasSubstr("RSA-OAEP")));
  EXPECT_THAT(l.data->skipped()[1], HasSubstr("\"none\""));
}

TEST(JwkSkipTest, SkipReportEscapesAndBoundsDocumentStrings) {
  std::string long_kty(200, 'z');
  Loaded l = Load(
      Set(R"({"kty":"a\nb","kid":"k\"\u0001"},{"kty":")" + long_kty + R"("})"));
  ASSERT_TRUE(l.status.ok()) << l.status;
  ASSERT_EQ(l.data->skipped().size(), 2u);
  EXPECT_THAT(l.data->skipped()[0], Not(HasSubstr("\n")));
  EXPECT_THAT(l.data->skipped()[0], HasSubstr(R"(\n)"));
  EXPECT_LT(l.data->skipped()[1].size(), 120u);
}

TEST(JwkSkipTest, CertificateMembersAreIgnored) {
  Loaded l = Load(Set(Ec256(
      R"(,"x5c":["not a certificate"],"x5u":"http://127.0.0.1:1/x","x5t":"AA")")));
  ASSERT_TRUE(l.status.ok()) << l.status;
  EXPECT_EQ(l.data->entries().size(), 1u);
}

// --- Errors that fail the document -----------------------------------------

TEST(JwkErrorTest, AlgThatDisagreesWithTheKeyFails) {
  EXPECT_THAT(LoadError(Set(Rsa(kRfc7517A1RsaN, R"(,"alg":"ES256")"))),
              AllOf(HasSubstr("keys[0]"), HasSubstr("ES256")));
  LoadError(Set(Rsa(kRfc7517A1RsaN, R"(,"alg":"HS256")")));
  LoadError(Set(Rsa(kRfc7517A1RsaN, R"(,"alg":"EdDSA")")));
  LoadError(Set(Ec256(R"(,"alg":"ES384")")));
  LoadError(Set(Ec256(R"(,"alg":"RS256")")));
  LoadError(Set(Ec256(R"(,"alg":"HS256")")));
  LoadError(Set(Okp(R"(,"alg":"ES256")")));
  LoadError(Set(Oct(R"(,"alg":"RS256")")));
  LoadError(Set(Oct(R"(,"alg":"EdDSA")")));
}

TEST(JwkErrorTest, RsaAlgorithmsEachAgreeWithAnRsaKey) {
  for (std::string_view alg :
       {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}) {
    Loaded l =
        Load(Set(Rsa(kRfc7517A1RsaN, R"(,"alg":")" + std::string(alg) + "\"")));
    ASSERT_TRUE(l.status.ok()) << alg << " " << l.status;
    EXPECT_EQ(l.data->entries()[0].algorithms,
              AlgorithmSet{*ParseAlgorithm(alg)});
  }
}

TEST(JwkErrorTest, Rsa1024Fails) {
  constexpr std::string_view n1024 =
      "qB76qlCcYX60EdSrLdCGEtRM9dE9YI9gO3usdweUR8Rlt_rGmUFNrqt8_CW6u3BhSVXXwEOy"
      "CkNqa4GDjY2kbuEW9a00aPe6QK4TKd0El5YuIaUx5y_uFbJdrE3E4K21hmkDwjO-8250-tdd"
      "Ir85IufNaEFdfBFggoaWj-MPCzE";
  std::string msg = LoadError(Set(Oct() + "," + Rsa(n1024)));
  EXPECT_THAT(msg, HasSubstr("keys[1]"));
  EXPECT_THAT(msg, Not(HasSubstr(std::string(n1024.substr(0, 16)))));
}

TEST(JwkErrorTest, RsaBadExponentFails) {
  LoadError(Set(R"({"kty":"RSA","n":")" + std::string(kRfc7517A1RsaN) +
                R"(","e":"AQ"})"));  // e = 1
  LoadError(Set(R"({"kty":"RSA","n":")" + std::string(kRfc7517A1RsaN) +
                R"(","e":"AQAA"})"));  // even
}

TEST(JwkErrorTest, RsaLeadingZeroBytesAreAccepted) {
  // n with a leading 0x00 byte: 'AA' + the rest re-encoded.
  std::vector<uint8_t> n = B64(kRfc7517A1RsaN);
  n.insert(n.begin(), 0);
  std::string padded_n = Base64UrlEncode(
      std::string(reinterpret_cast<const char*>(n.data()), n.size()));
  Loaded l = Load(Set(Rsa(padded_n)));
  ASSERT_TRUE(l.status.ok()) << l.status;
  EXPECT_EQ(l.data->entries()[0].key->bits(), 2048);
}

TEST(JwkErrorTest, EcPointOffCurveFails) {
  std::string y(kRfc7515A3Y);
  y.back() = 'A';  // still canonical base64url, no longer on the curve
  EXPECT_THAT(LoadError(Set(Ec256("", kRfc7515A3X, y))), HasSubstr("keys[0]"));
  // The point at infinity / all zero.
  std::string zero(43, 'A');
  LoadError(Set(Ec256("", zero, zero)));
}

TEST(JwkErrorTest, EcCoordinateOfWrongLengthFails) {
  // 31 bytes of x.
  std::vector<uint8_t> x = B64(kRfc7515A3X);
  std::string x31 = Base64UrlEncode(
      std::string(reinterpret_cast<const char*>(x.data()) + 1, 31));
  LoadError(Set(Ec256("", x31, kRfc7515A3Y)));
  // 33 bytes (a leading zero).
  std::string x33 =
      Base64UrlEncode(std::string(1, '\0') +
                      std::string(reinterpret_cast<const char*>(x.data()), 32));
  LoadError(Set(Ec256("", x33, kRfc7515A3Y)));
  // P-384 with P-256 coordinates.
  LoadError(Set(R"({"kty":"EC","crv":"P-384","x":")" +
                std::string(kRfc7515A3X) + R"(","y":")" +
                std::string(kRfc7515A3Y) + "\"}"));
}

TEST(JwkErrorTest, Ed25519KeyOfWrongLengthFails) {
  std::vector<uint8_t> x = B64(kEd25519X);
  std::string x31 =
      Base64UrlEncode(std::string(reinterpret_cast<const char*>(x.data()), 31));
  EXPECT_THAT(LoadError(Set(Okp("", "Ed25519", x31))), HasSubstr("keys[0]"));
  std::string x33 = Base64UrlEncode(
      std::string(reinterpret_cast<const char*>(x.data()), 32) + "x");
  LoadError(Set(Okp("", "Ed25519", x33)));
}

TEST(JwkErrorTest, MissingMembersFail) {
  LoadError(Set(R"({"kid":"a"})"));               // kty
  LoadError(Set(R"({"kty":"RSA","e":"AQAB"})"));  // n
  LoadError(
      Set(R"({"kty":"RSA","n":")" + std::string(kRfc7517A1RsaN) + "\"}"));  // e
  LoadError(Set(R"({"kty":"EC","x":"AQ","y":"AQ"})"));  // crv
  LoadError(Set(R"({"kty":"EC","crv":"P-256","x":")" +
                std::string(kRfc7515A3X) + "\"}"));              // y
  LoadError(Set(R"({"kty":"OKP","crv":"Ed25519"})"));            // x
  LoadError(Set(R"({"kty":"oct"})"));                            // k
  EXPECT_THAT(LoadError(Set(Oct("", ""))), HasSubstr("empty"));  // k = ""
}

TEST(JwkErrorTest, MembersOfTheWrongTypeFail) {
  LoadError(Set(R"({"kty":1})"));
  LoadError(Set(R"({"kty":null})"));
  LoadError(Set(Oct(R"(,"use":1)")));
  LoadError(Set(Oct(R"(,"use":null)")));
  LoadError(Set(Oct(R"(,"key_ops":"verify")")));
  LoadError(Set(Oct(R"(,"key_ops":["verify",1])")));
  LoadError(Set(Oct(R"(,"alg":["HS256"])")));
  LoadError(Set(R"({"kty":"oct","k":123})"));
  LoadError(Set(R"({"kty":"EC","crv":256,"x":"AQ","y":"AQ"})"));
  // Type errors win over skipping: an unknown kty with a bad kid fails.
  LoadError(Set(R"({"kty":"foo","kid":7})"));
}

TEST(JwkErrorTest, KidMustBeAString) {
  EXPECT_THAT(LoadError(Set(Oct(R"(,"kid":1)"))),
              AllOf(HasSubstr("keys[0]"), HasSubstr("kid")));
  LoadError(Set(Oct(R"(,"kid":null)")));
  LoadError(Set(Oct(R"(,"kid":["a"])")));
}

TEST(JwkErrorTest, KidLengthLimit) {
  std::string kid1024(1024, 'k');
  Loaded l = Load(Set(Oct(R"(,"kid":")" + kid1024 + "\"")));
  ASSERT_TRUE(l.status.ok()) << l.status;
  EXPECT_EQ(l.data->entries()[0].kid, kid1024);
  LoadError(Set(Oct(R"(,"kid":")" + kid1024 + "k\"")));
}

TEST(JwkErrorTest, PaddedOrNonUrlBase64Fails) {
  // "abcd" padded.
  EXPECT_THAT(LoadError(Set(Oct("", "YWJjZA=="))),
              AllOf(HasSubstr("keys[0]"), HasSubstr("base64url"),
                    Not(HasSubstr("YWJj"))));
  LoadError(Set(Oct("", "YWJjZA=")));
  LoadError(Set(Oct("", "YWJjZA%3D%3D")));
  LoadError(Set(Oct("", "+/+/")));     // standard alphabet
  LoadError(Set(Oct("", "YWJj ZA")));  // whitespace
  LoadError(Set(Oct("", "YWJjZB")));   // non-canonical trailing bits
  LoadError(Set(Oct("", "YWJjZ")));    // length % 4 == 1
  LoadError(Set(R"({"kty":"RSA","n":")" + std::string(kRfc7517A1RsaN) +
                R"(","e":"AQAB="})"));
}

TEST(JwkErrorTest, PrivateMembersFail) {
  constexpr std::string_view kD = "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI";
  std::string msg =
      LoadError(Set(Ec256(R"(,"kid":"leak","d":")" + std::string(kD) + "\"")));
  EXPECT_THAT(msg, AllOf(HasSubstr("keys[0] (kid \"leak\")"),
                         HasSubstr("private"), Not(HasSubstr("jpsQ"))));
  for (std::string_view m : {"p", "q", "dp", "dq", "qi", "oth"}) {
    LoadError(
        Set(Rsa(kRfc7517A1RsaN, R"(,")" + std::string(m) + R"(":"AQAB")")));
  }
  LoadError(Set(Okp(R"(,"d":"AQAB")")));
  // Even on a key that would otherwise be skipped.
  LoadError(Set(Ec256(R"(,"use":"enc","d":"AQAB")")));
}

TEST(JwkErrorTest, ErrorNamesTheFailingKeyIndex) {
  std::string msg = LoadError(
      Set(Oct() + "," + Oct() + "," + Oct(R"(,"kid":"third","d":"AQ")")));
  EXPECT_THAT(msg, HasSubstr("keys[2] (kid \"third\")"));
}

TEST(JwkErrorTest, ErrorMessagesNeverQuoteSecrets) {
  // Every failure below involves the oct secret kOctK; none may echo it.
  const std::string secret_prefix(kOctK.substr(0, 12));
  for (const std::string& json :
       {Set(Oct(R"(,"alg":"RS256")")), Set(Oct(R"(,"d":"x")")),
        Set(Oct(R"(,"kid":5)")), Set(Oct("", std::string(kOctK) + "=")),
        Set(Oct(R"(,"use":7)"))}) {
    EXPECT_THAT(LoadError(json), Not(HasSubstr(secret_prefix))) << json;
  }
}

TEST(JwkErrorTest, FailingDocumentAddsNothing) {
  KeySetData data;
  ASSERT_TRUE(AddJwks(Set(Oct(R"(,"kid":"before")")), {}, &data).ok());
  ASSERT_EQ(data.entries().size(), 1u);
  // A valid key, a skipped key, then a bad one: nothing of it is added.
  EXPECT_FALSE(
      AddJwks(Set(Oct() + R"(,{"kty":"foo"},)" + Oct(R"(,"kid":1)")), {}, &data)
          .ok());
  EXPECT_EQ(data.entries().size(), 1u);
  EXPECT_TRUE(data.skipped().empty());
}

// --- HMAC secret length (RFC 7518 section 3.2) -----------------------------

// An oct JWK with a k of `bytes` bytes and the given extra members.
std::string OctOfSize(size_t bytes, std::string_view extra) {
  return Oct(extra, Base64UrlEncode(std::string(bytes, 'k')));
}

// Each HS algorithm at its boundary: one byte short is skipped (and
// reported, naming the length and the rule), the hash size loads.
TEST(JwkHmacLengthTest, OctKeyBoundariesPerAlgorithm) {
  struct Case {
    Algorithm alg;
    size_t min_bytes;
  };
  for (Case c : {Case{Algorithm::kHS256, 32}, Case{Algorithm::kHS384, 48},
                 Case{Algorithm::kHS512, 64}}) {
    const std::string alg(AlgorithmName(c.alg));
    Loaded l = Load(Set(
        OctOfSize(c.min_bytes - 1, R"(,"kid":"short","alg":")" + alg + "\"") +
        "," + OctOfSize(c.min_bytes, R"(,"kid":"long","alg":")" + alg + "\"")));
    ASSERT_TRUE(l.status.ok()) << l.status;
    ASSERT_EQ(l.data->entries().size(), 1u) << alg;
    EXPECT_EQ(*l.data->entries()[0].kid, "long");
    EXPECT_EQ(l.data->entries()[0].algorithms, AlgorithmSet{c.alg});
    ASSERT_EQ(l.data->skipped().size(), 1u) << alg;
    const std::string& why = l.data->skipped()[0];
    EXPECT_THAT(why, HasSubstr("keys[0] (kid \"short\")"));
    EXPECT_THAT(why, HasSubstr(std::to_string(c.min_bytes - 1) + " bytes"));
    EXPECT_THAT(why, HasSubstr("too short for " + alg));
    EXPECT_THAT(why, HasSubstr("RFC 7518 section 3.2"));
    EXPECT_THAT(why, Not(HasSubstr("kkkk")));
    EXPECT_TRUE(l.data->ignored_symmetric().empty());
  }
}

// Without an alg, an oct key verifies the HS algorithms its length covers;
// under 32 bytes it verifies none and is skipped.
TEST(JwkHmacLengthTest, OctKeyWithoutAlgGetsWhatItsLengthCovers) {
  const AlgorithmSet hs256{Algorithm::kHS256};
  const AlgorithmSet hs256_384{Algorithm::kHS256, Algorithm::kHS384};
  struct Case {
    size_t bytes;
    AlgorithmSet want;  // empty: skipped
  } cases[] = {{1, {}},
               {31, {}},
               {32, hs256},
               {47, hs256},
               {48, hs256_384},
               {63, hs256_384},
               {64, AlgorithmSet::Hmac()},
               {200, AlgorithmSet::Hmac()}};
  for (const Case& c : cases) {
    Loaded l = Load(Set(OctOfSize(c.bytes, "")));
    ASSERT_TRUE(l.status.ok()) << l.status;
    if (c.want.empty()) {
      EXPECT_TRUE(l.data->entries().empty()) << c.bytes;
      ASSERT_EQ(l.data->skipped().size(), 1u) << c.bytes;
      EXPECT_THAT(l.data->skipped()[0],
                  HasSubstr(std::to_string(c.bytes) + " bytes"));
    } else {
      ASSERT_EQ(l.data->entries().size(), 1u) << c.bytes;
      EXPECT_EQ(l.data->entries()[0].algorithms, c.want) << c.bytes;
      EXPECT_TRUE(l.data->skipped().empty()) << c.bytes;
    }
  }
}

// The legacy escape hatch loads short oct keys for every algorithm asked for.
TEST(JwkHmacLengthTest, AllowShortHmacSecretsLoadsShortKeys) {
  KeySetOptions legacy;
  legacy.allow_short_hmac_secrets = true;
  Loaded l = Load(Set(OctOfSize(3, R"(,"kid":"a")") + "," +
                      OctOfSize(47, R"(,"kid":"b","alg":"HS512")")),
                  legacy);
  ASSERT_TRUE(l.status.ok()) << l.status;
  ASSERT_EQ(l.data->entries().size(), 2u);
  EXPECT_EQ(l.data->entries()[0].algorithms, AlgorithmSet::Hmac());
  EXPECT_EQ(l.data->entries()[1].algorithms, AlgorithmSet{Algorithm::kHS512});
  EXPECT_TRUE(l.data->skipped().empty());
}

// A published JWKS never provides oct keys: every one is skipped, reported
// and listed, whatever its length or other members; other keys load.
TEST(JwkSymmetricTest, IgnoreSymmetricKeysLeavesOutEveryOctKey) {
  KeySetOptions published;
  published.ignore_symmetric_keys = true;
  Loaded l = Load(ReadFile("jwks.json"), published);
  ASSERT_TRUE(l.status.ok()) << l.status;
  EXPECT_EQ(l.data->entries().size(), 6u);
  for (const KeyEntry& e : l.data->entries()) {
    EXPECT_NE(e.key->type(), KeyType::kOct) << *e.kid;
  }
  ASSERT_EQ(l.data->ignored_symmetric().size(), 2u);
  EXPECT_EQ(l.data->ignored_symmetric()[0].kid, "hmac-1");
  EXPECT_EQ(l.data->ignored_symmetric()[0].kty, "oct");
  EXPECT_EQ(l.data->ignored_symmetric()[0].bits, 256);
  EXPECT_TRUE(l.data->ignored_symmetric()[0].algorithms.empty());
  EXPECT_EQ(l.data->ignored_symmetric()[1].kid, "hmac-2");
  EXPECT_EQ(l.data->ignored_symmetric()[1].bits, 512);
  ASSERT_EQ(l.data->skipped().size(), 2u);
  EXPECT_THAT(l.data->skipped()[0], HasSubstr("keys[6] (kid \"hmac-1\")"));
  EXPECT_THAT(l.data->skipped()[0], HasSubstr("published JWKS ignored"));

  // Short, kid-less, or with members that would otherwise be errors: still
  // ignored, never loaded.
  l = Load(Set(OctOfSize(3, "") + "," + Oct(R"(,"alg":"RS256")") + "," +
               Oct("", "") + "," + Ec256()),
           published);
  ASSERT_TRUE(l.status.ok()) << l.status;
  ASSERT_EQ(l.data->entries().size(), 1u);
  EXPECT_EQ(l.data->entries()[0].key->type(), KeyType::kEc);
  ASSERT_EQ(l.data->ignored_symmetric().size(), 3u);
  EXPECT_EQ(l.data->ignored_symmetric()[0].kid, "");
  EXPECT_EQ(l.data->ignored_symmetric()[0].bits, 24);
  EXPECT_EQ(l.data->skipped().size(), 3u);
}

}  // namespace
}  // namespace jwtv::internal