// Copyright 2026 The jwtv Authors.
//
// Tests for JWK / JWKS loading (src/jwk): every key kind, the RFC examples
// and the document's shapes. What is skipped and reported, and what fails
// the whole document: jwk_errors_test.cc.

#include "jwk/jwk.h"

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
#include "jwtv/algorithm.h"
#include "jwtv/key_set.h"
#include "key_set/key_set_data.h"
#include "testing/jwk_test_util.h"

namespace jwtv::internal {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// --- Fixtures: every kind loads and verifies -------------------------------

TEST(JwkFixtureTest, EveryKindLoadsWithItsAlgorithms) {
  Loaded l = Load(ReadFile("jwks.json"));
  ASSERT_TRUE(l.status.ok()) << l.status;
  EXPECT_EQ(l.data->entries().size(), 8u);
  EXPECT_TRUE(l.data->skipped().empty());

  struct Want {
    std::string_view kid;
    KeyType type;
    Curve curve;
    int bits;
    AlgorithmSet algs;
  };
  const Want wants[] = {
      {"rsa-1", KeyType::kRsa, Curve::kNone, 2048, {Algorithm::kRS256}},
      {"rsa-2", KeyType::kRsa, Curve::kNone, 2048, AlgorithmSet::Rsa()},
      {"ec-p256", KeyType::kEc, Curve::kP256, 256, {Algorithm::kES256}},
      {"ec-p384", KeyType::kEc, Curve::kP384, 384, {Algorithm::kES384}},
      {"ec-p521", KeyType::kEc, Curve::kP521, 521, {Algorithm::kES512}},
      {"ed25519", KeyType::kOkp, Curve::kEd25519, 256, {Algorithm::kEdDSA}},
      {"hmac-1", KeyType::kOct, Curve::kNone, 256, {Algorithm::kHS256}},
      {"hmac-2", KeyType::kOct, Curve::kNone, 512, AlgorithmSet::Hmac()},
  };
  for (const Want& w : wants) {
    SCOPED_TRACE(w.kid);
    const KeyEntry* e = l.Find(w.kid);
    ASSERT_NE(e, nullptr);
    ASSERT_NE(e->key, nullptr);
    EXPECT_EQ(e->key->type(), w.type);
    EXPECT_EQ(e->key->curve(), w.curve);
    EXPECT_EQ(e->key->bits(), w.bits);
    EXPECT_EQ(e->algorithms, w.algs);
  }
}

TEST(JwkFixtureTest, LoadedKeysVerifyKnownGoodSignatures) {
  Loaded l = Load(ReadFile("jwks.json"));
  ASSERT_TRUE(l.status.ok()) << l.status;

  const std::string sigs_json = ReadFile("signatures.json");
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(sigs_json).get(root), simdjson::SUCCESS);
  std::string_view message;
  ASSERT_EQ(root["message"].get_string().get(message), simdjson::SUCCESS);
  simdjson::dom::array sigs;
  ASSERT_EQ(root["signatures"].get_array().get(sigs), simdjson::SUCCESS);

  int checked = 0;
  for (simdjson::dom::element s : sigs) {
    std::string_view kid, alg_name, sig_b64;
    ASSERT_EQ(s["kid"].get_string().get(kid), simdjson::SUCCESS);
    ASSERT_EQ(s["alg"].get_string().get(alg_name), simdjson::SUCCESS);
    ASSERT_EQ(s["signature"].get_string().get(sig_b64), simdjson::SUCCESS);
    SCOPED_TRACE(kid);
    std::optional<Algorithm> alg = ParseAlgorithm(alg_name);
    ASSERT_TRUE(alg.has_value());
    const KeyEntry* e = l.Find(kid);
    ASSERT_NE(e, nullptr);
    EXPECT_TRUE(e->algorithms.Contains(*alg));
    std::vector<uint8_t> sig = B64(sig_b64);
    EXPECT_TRUE(e->key->Verify(*alg, message, sig));
    // A changed message or signature does not verify.
    std::string other(message);
    other.back() ^= 1;
    EXPECT_FALSE(e->key->Verify(*alg, other, sig));
    sig[sig.size() / 2] ^= 0x01;
    EXPECT_FALSE(e->key->Verify(*alg, message, sig));
    ++checked;
  }
  EXPECT_EQ(checked, 8);
}

TEST(JwkFixtureTest, KeySetFromJwksReportsKeyInfo) {
  absl::StatusOr<KeySet> ks = KeySet::FromJwks(ReadFile("jwks.json"));
  ASSERT_TRUE(ks.ok()) << ks.status();
  EXPECT_EQ(ks->size(), 8u);
  std::vector<KeyInfo> keys = ks->keys();
  ASSERT_EQ(keys.size(), 8u);
  EXPECT_EQ(keys[0].kid, "rsa-1");
  EXPECT_EQ(keys[0].kty, "RSA");
  EXPECT_EQ(keys[0].bits, 2048);
  EXPECT_EQ(keys[2].kty, "EC");
  EXPECT_EQ(keys[5].kty, "OKP");
  EXPECT_EQ(keys[6].kty, "oct");
}

// --- RFC examples ----------------------------------------------------------

TEST(JwkRfcTest, Rfc7517A1ExamplePublicKeys) {
  // The EC key of the example says "use":"enc": it is reported, not loaded.
  Loaded l = Load(Set(std::string(kRfc7517A1Ec) + "," + Rfc7517A1Rsa()));
  ASSERT_TRUE(l.status.ok()) << l.status;
  ASSERT_EQ(l.data->entries().size(), 1u);
  const KeyEntry* rsa = l.Find("2011-04-29");
  ASSERT_NE(rsa, nullptr);
  EXPECT_EQ(rsa->key->type(), KeyType::kRsa);
  EXPECT_EQ(rsa->key->bits(), 2048);
  EXPECT_EQ(rsa->algorithms, AlgorithmSet{Algorithm::kRS256});
  ASSERT_EQ(l.data->skipped().size(), 1u);
  EXPECT_THAT(l.data->skipped()[0],
              AllOf(HasSubstr("keys[0] (kid \"1\")"), HasSubstr("enc")));

  // The same EC key for signatures loads as an ES256 key.
  std::string ec_sig(kRfc7517A1Ec);
  ec_sig.replace(ec_sig.find("\"enc\""), 5, "\"sig\"");
  l = Load(Set(ec_sig + "," + Rfc7517A1Rsa()));
  ASSERT_TRUE(l.status.ok()) << l.status;
  ASSERT_EQ(l.data->entries().size(), 2u);
  const KeyEntry* ec = l.Find("1");
  ASSERT_NE(ec, nullptr);
  EXPECT_EQ(ec->key->type(), KeyType::kEc);
  EXPECT_EQ(ec->key->curve(), Curve::kP256);
  EXPECT_EQ(ec->algorithms, AlgorithmSet{Algorithm::kES256});
  EXPECT_TRUE(l.data->skipped().empty());
}

TEST(JwkRfcTest, Rfc7515A2RsaKeyVerifiesTheExample) {
  Loaded l = Load(Rsa(kRfc7515A2N, R"(,"kid":"2010-12-29")"));
  ASSERT_TRUE(l.status.ok()) << l.status;
  ASSERT_EQ(l.data->entries().size(), 1u);
  const KeyEntry& e = l.data->entries()[0];
  EXPECT_EQ(e.kid, "2010-12-29");
  EXPECT_EQ(e.algorithms, AlgorithmSet::Rsa());
  EXPECT_TRUE(e.key->Verify(Algorithm::kRS256, kRfc7515A2SigningInput,
                            B64(kRfc7515A2Sig)));
  EXPECT_FALSE(e.key->Verify(Algorithm::kRS384, kRfc7515A2SigningInput,
                             B64(kRfc7515A2Sig)));
}

TEST(JwkRfcTest, Rfc7515A3EcKeyVerifiesTheExample) {
  Loaded l = Load(Ec256());
  ASSERT_TRUE(l.status.ok()) << l.status;
  ASSERT_EQ(l.data->entries().size(), 1u);
  const KeyEntry& e = l.data->entries()[0];
  EXPECT_FALSE(e.kid.has_value());
  EXPECT_EQ(e.algorithms, AlgorithmSet{Algorithm::kES256});
  EXPECT_TRUE(e.key->Verify(Algorithm::kES256, kRfc7515A3SigningInput,
                            B64(kRfc7515A3Sig)));
}

TEST(JwkRfcTest, Rfc8037Ed25519Key) {
  Loaded l = Load(Set(Okp(R"(,"kid":"ed")")));
  ASSERT_TRUE(l.status.ok()) << l.status;
  ASSERT_EQ(l.data->entries().size(), 1u);
  EXPECT_EQ(l.data->entries()[0].algorithms, AlgorithmSet{Algorithm::kEdDSA});
}

// --- Document shapes -------------------------------------------------------

TEST(JwkShapeTest, SingleJwkObjectIsAccepted) {
  Loaded l = Load(Oct(R"(,"kid":"k1","alg":"HS384")"));
  ASSERT_TRUE(l.status.ok()) << l.status;
  ASSERT_EQ(l.data->entries().size(), 1u);
  EXPECT_EQ(l.data->entries()[0].algorithms, AlgorithmSet{Algorithm::kHS384});
}

TEST(JwkShapeTest, EmptyKeySetIsValidAndEmpty) {
  Loaded l = Load(R"({"keys":[]})");
  ASSERT_TRUE(l.status.ok()) << l.status;
  EXPECT_TRUE(l.data->entries().empty());
}

TEST(JwkShapeTest, UnknownTopLevelMembersAreIgnored) {
  Loaded l = Load(R"({"keys":[)" + Oct() + R"(],"issuer":"x","n":[1,{}]})");
  ASSERT_TRUE(l.status.ok()) << l.status;
  EXPECT_EQ(l.data->entries().size(), 1u);
}

TEST(JwkShapeTest, InvalidJsonFails) {
  EXPECT_THAT(LoadError(R"({"keys":[)"), HasSubstr("invalid JSON"));
  LoadError("");
  LoadError(R"({"keys":[]} x)");
  LoadError(R"({"keys":[],})");
  LoadError("{\"keys\":[], \"a\":\"\xff\"}");  // invalid UTF-8
}

TEST(JwkShapeTest, DuplicateMemberFails) {
  EXPECT_THAT(LoadError(R"({"keys":[],"keys":[]})"),
              HasSubstr("duplicate member"));
  LoadError(Set(R"({"kty":"oct","k":"AQID","k":"BAUG"})"));
  LoadError(Set(R"({"kty":"oct","kty":"oct","k":"AQID"})"));
  // Names compare after unescaping.
  LoadError(Set(R"({"kty":"oct","k":"AQID","\u006b":"BAUG"})"));
}

TEST(JwkShapeTest, NotAnObjectFails) {
  EXPECT_THAT(LoadError(" []"), HasSubstr("not a JSON object"));
  LoadError(R"("keys")");
  LoadError("42");
  LoadError("null");
  LoadError(R"([{"kty":"oct","k":"AQID"}])");
}

TEST(JwkShapeTest, KeysNotAnArrayFails) {
  EXPECT_THAT(LoadError(R"({"keys":{}})"), HasSubstr("not an array"));
  LoadError(R"({"keys":"[]"})");
  LoadError(R"({"keys":null})");
  LoadError(R"({"keys":)" + Oct() + "}");
}

TEST(JwkShapeTest, NeitherKeySetNorKeyFails) {
  LoadError("{}");
  LoadError(R"({"Keys":[]})");
  // Both shapes at once is ambiguous.
  LoadError(R"({"keys":[],"kty":"oct","k":"AQID"})");
}

TEST(JwkShapeTest, KeyThatIsNotAnObjectFails) {
  EXPECT_THAT(LoadError(R"({"keys":[)" + Oct() + R"(,"oct"]})"),
              HasSubstr("keys[1]"));
  LoadError(R"({"keys":[null]})");
  LoadError(R"({"keys":[[]]})");
}

TEST(JwkShapeTest, TooLargeFails) {
  std::string json = R"({"keys":[],"pad":")";
  json.append(kMaxJwksBytes, 'a');
  json += "\"}";
  ASSERT_GT(json.size(), kMaxJwksBytes);
  EXPECT_THAT(LoadError(json), HasSubstr("larger than"));
}

TEST(JwkShapeTest, JustUnderTheSizeLimitLoads) {
  std::string head = R"({"keys":[)" + Oct() + R"(],"pad":")";
  std::string json = head;
  json.append(kMaxJwksBytes - head.size() - 2, 'a');
  json += "\"}";
  ASSERT_EQ(json.size(), kMaxJwksBytes);
  Loaded l = Load(json);
  ASSERT_TRUE(l.status.ok()) << l.status;
  EXPECT_EQ(l.data->entries().size(), 1u);
}

std::string ManyKeys(size_t n) {
  std::string json = R"({"keys":[)";
  for (size_t i = 0; i < n; ++i) {
    if (i) json += ",";
    json += Oct();
  }
  return json + "]}";
}

TEST(JwkShapeTest, KeyCountLimit) {
  Loaded l = Load(ManyKeys(kMaxJwksKeys));
  ASSERT_TRUE(l.status.ok()) << l.status;
  EXPECT_EQ(l.data->entries().size(), kMaxJwksKeys);
  EXPECT_THAT(LoadError(ManyKeys(kMaxJwksKeys + 1)), HasSubstr("more than"));
}

TEST(JwkShapeTest, SkippedKeysCountTowardsTheLimit) {
  std::string json = R"({"keys":[)";
  for (size_t i = 0; i <= kMaxJwksKeys; ++i) {
    if (i) json += ",";
    json += R"({"kty":"foo"})";
  }
  json += "]}";
  LoadError(json);
}
}  // namespace
}  // namespace jwtv::internal
