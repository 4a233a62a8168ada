// Copyright 2026 The jwtv Authors.
//
// Tests for JWK / JWKS loading (src/jwk): every key kind, the RFC examples,
// what is skipped and reported, and what fails the whole document.

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
#include "testing/test_util.h"

namespace jwtv::internal {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

std::string ReadFile(const std::string& name) {
  return ::jwtv::testing::ReadTestData("jwks/" + name);
}

std::vector<uint8_t> B64(std::string_view in) {
  std::vector<uint8_t> out(Base64UrlDecodedSize(in.size()));
  std::optional<size_t> n = Base64UrlDecode(in, out.data(), out.size());
  EXPECT_TRUE(n.has_value()) << in;
  out.resize(n.value_or(0));
  return out;
}

std::string Message(const absl::Status& s) { return std::string(s.message()); }

// Loads `json` into a fresh KeySetData.
struct Loaded {
  absl::Status status;
  std::unique_ptr<KeySetData> data = std::make_unique<KeySetData>();
  const KeyEntry* Find(std::string_view kid) const {
    for (const KeyEntry& e : data->entries()) {
      if (e.kid.has_value() && *e.kid == kid) return &e;
    }
    return nullptr;
  }
};

Loaded Load(std::string_view json, const KeySetOptions& options = {}) {
  Loaded l;
  l.status = AddJwks(json, options, l.data.get());
  return l;
}

std::string Set(std::string_view key) {
  return "{\"keys\":[" + std::string(key) + "]}";
}

// Asserts that `json` fails and returns the message.
std::string LoadError(std::string_view json) {
  Loaded l = Load(json);
  EXPECT_FALSE(l.status.ok()) << json.substr(0, 300);
  EXPECT_EQ(l.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(l.data->entries().empty());
  EXPECT_TRUE(l.data->skipped().empty());
  return Message(l.status);
}

// --- RFC examples ----------------------------------------------------------

// RFC 7517 Appendix A.1.
constexpr std::string_view kRfc7517A1Ec =
    R"({"kty":"EC","crv":"P-256",
        "x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
        "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
        "use":"enc","kid":"1"})";
constexpr std::string_view kRfc7517A1RsaN =
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPF"
    "FxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93l"
    "qt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHz"
    "u6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPks"
    "INHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

std::string Rfc7517A1Rsa() {
  return R"({"kty":"RSA","n":")" + std::string(kRfc7517A1RsaN) +
         R"(","e":"AQAB","alg":"RS256","kid":"2011-04-29"})";
}

// RFC 7515 Appendix A.2 (RS256) and A.3 (ES256): public parts of the keys and
// the examples' signatures over their signing input.
constexpr std::string_view kRfc7515A2N =
    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qP"
    "CJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47s"
    "oMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2"
    "R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoud"
    "F8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
constexpr std::string_view kRfc7515A2SigningInput =
    "eyJhbGciOiJSUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNv"
    "bS9pc19yb290Ijp0cnVlfQ";
constexpr std::string_view kRfc7515A2Sig =
    "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4B"
    "h-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZ"
    "LgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_d"
    "O--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6"
    "LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
constexpr std::string_view kRfc7515A3X =
    "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
constexpr std::string_view kRfc7515A3Y =
    "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
constexpr std::string_view kRfc7515A3SigningInput =
    "eyJhbGciOiJFUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNv"
    "bS9pc19yb290Ijp0cnVlfQ";
constexpr std::string_view kRfc7515A3Sig =
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKT"
    "UJqPP3-Kg6NU1Q";

std::string Rsa(std::string_view n, std::string_view extra = "") {
  return R"({"kty":"RSA","n":")" + std::string(n) + R"(","e":"AQAB")" +
         std::string(extra) + "}";
}

std::string Ec256(std::string_view extra = "", std::string_view x = kRfc7515A3X,
                  std::string_view y = kRfc7515A3Y) {
  return R"({"kty":"EC","crv":"P-256","x":")" + std::string(x) + R"(","y":")" +
         std::string(y) + "\"" + std::string(extra) + "}";
}

// An Ed25519 public key (RFC 8037 Appendix A.2).
constexpr std::string_view kEd25519X =
    "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

std::string Okp(std::string_view extra = "", std::string_view crv = "Ed25519",
                std::string_view x = kEd25519X) {
  return R"({"kty":"OKP","crv":")" + std::string(crv) + R"(","x":")" +
         std::string(x) + "\"" + std::string(extra) + "}";
}

// k = "secret-secret-secret-secret-1234secret-secret-secret-secret-5678" (64
// bytes: long enough for HS512).
constexpr std::string_view kOctK =
    "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzRzZWNyZXQtc2VjcmV0LXNlY3JldC1zZW"
    "NyZXQtNTY3OA";

std::string Oct(std::string_view extra = "", std::string_view k = kOctK) {
  return R"({"kty":"oct","k":")" + std::string(k) + "\"" + std::string(extra) +
         "}";
}

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
