// Copyright 2026 The jwtv Authors.
//
// Known-answer tests through the public Validator API, with the JWS examples
// of RFC 7515 appendix A (A.1 HS256, A.2 RS256, A.3 ES256, A.4 ES512),
// RFC 7520 section 4 (4.1 RS256, 4.2 PS384, 4.3 ES512, 4.4 HS256, all with
// compact serialization) and RFC 8037 appendix A.4 (Ed25519).
//
// The vectors live in tests/data/rfc/rfc_vectors.json (public keys only) and
// were checked independently with Python `cryptography` by
// tests/data/rfc/verify_rfc_vectors.py. Several payloads are not JWT claims
// sets (RFC 7520's "It's a dangerous business..." text, RFC 7515 A.4's
// "Payload", RFC 8037's "Example of Ed25519 signing"): for those the test
// asserts that the signature layer accepts the token (Validate gets past
// bad_signature and reports bad_json for the payload) and that a tampered
// signature is bad_signature.

#include <simdjson.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"
#include "testing/test_util.h"

namespace jwtv {
namespace {

using ::jwtv::testing::ReadFile;

struct Vector {
  std::string name;
  std::string section;
  std::string jwk;  // JSON text of a single public JWK
  std::string token;
  std::string alg;
  std::string payload;
  bool payload_is_claims_set = false;
};

std::vector<Vector> LoadVectors() {
  std::vector<Vector> out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  const std::string text =
      ReadFile(std::string(JWTV_TEST_DATA_DIR) + "/rfc/rfc_vectors.json");
  if (parser.parse(text).get(doc)) {
    ADD_FAILURE() << "cannot parse rfc_vectors.json";
    return out;
  }
  for (simdjson::dom::element v : doc["vectors"].get_array()) {
    Vector vec;
    vec.name = std::string(std::string_view(v["name"]));
    vec.section = std::string(std::string_view(v["section"]));
    vec.jwk = simdjson::to_string(v["jwk"]);
    vec.token = std::string(std::string_view(v["token"]));
    vec.alg = std::string(std::string_view(v["alg"]));
    vec.payload = std::string(std::string_view(v["payload"]));
    vec.payload_is_claims_set = bool(v["payload_is_claims_set"]);
    out.push_back(std::move(vec));
  }
  return out;
}

const std::vector<Vector>& Vectors() {
  static const std::vector<Vector>* v = new std::vector<Vector>(LoadVectors());
  return *v;
}

const Vector& Get(std::string_view name) {
  for (const Vector& v : Vectors()) {
    if (v.name == name) return v;
  }
  ADD_FAILURE() << "no vector " << name;
  static const Vector* empty = new Vector();
  return *empty;
}

// RFC 7515 A.1-A.3 claims set: {"iss":"joe","exp":1300819380,
// "http://example.com/is_root":true}.
constexpr int64_t kA1Exp = 1300819380;

Validator MakeValidator(const Vector& v, int64_t now) {
  absl::StatusOr<KeySet> keys = KeySet::FromJwks(v.jwk);
  EXPECT_TRUE(keys.ok()) << v.name << ": " << keys.status();
  ValidatorOptions options;
  options.clock = [now] { return FromUnixSeconds(now); };
  return Validator(keys.ok() ? *std::move(keys) : KeySet(), std::move(options));
}

// Replaces the character at `pos` with another base64url character whose
// low bits are unchanged where they matter: '+1' within A-Z keeps validity
// for positions that are not the last one of the segment.
std::string Tamper(std::string token, size_t pos) {
  char& c = token[pos];
  c = (c == 'A') ? 'B' : 'A';
  return token;
}

size_t SignatureStart(const std::string& token) { return token.rfind('.') + 1; }

TEST(RfcVectorsTest, AllVectorsLoaded) {
  ASSERT_EQ(Vectors().size(), 9u);
  for (const Vector& v : Vectors()) {
    EXPECT_FALSE(v.token.empty()) << v.name;
    EXPECT_FALSE(v.jwk.empty()) << v.name;
  }
}

TEST(RfcVectorsTest, EveryKeyLoadsWithExpectedAlgorithm) {
  for (const Vector& v : Vectors()) {
    SCOPED_TRACE(v.section);
    absl::StatusOr<KeySet> keys = KeySet::FromJwks(v.jwk);
    ASSERT_TRUE(keys.ok()) << keys.status();
    ASSERT_EQ(keys->size(), 1u);
    std::optional<Algorithm> alg = ParseAlgorithm(v.alg);
    ASSERT_TRUE(alg.has_value());
    EXPECT_TRUE(keys->keys()[0].algorithms.Contains(*alg));
  }
}

// The signature layer accepts every vector: a claims-set payload validates
// (before its exp), any other payload is bad_json, which is reported only
// after the signature holds.
TEST(RfcVectorsTest, SignatureLayerAcceptsEveryVector) {
  for (const Vector& v : Vectors()) {
    SCOPED_TRACE(v.section);
    Validator validator = MakeValidator(v, kA1Exp - 10);
    Result r = validator.Validate(v.token);
    if (v.payload_is_claims_set) {
      EXPECT_EQ(r.code(), ErrorCode::kOk) << r.code_name();
    } else {
      EXPECT_EQ(r.code(), ErrorCode::kBadJson) << r.code_name();
    }
  }
}

TEST(RfcVectorsTest, TamperedSignatureIsBadSignature) {
  for (const Vector& v : Vectors()) {
    SCOPED_TRACE(v.section);
    Validator validator = MakeValidator(v, kA1Exp - 10);
    const size_t s = SignatureStart(v.token);
    for (size_t pos : {s, s + 7, (s + v.token.size()) / 2}) {
      EXPECT_EQ(validator.Validate(Tamper(v.token, pos)).code(),
                ErrorCode::kBadSignature)
          << "pos " << pos;
    }
  }
}

TEST(RfcVectorsTest, TamperedPayloadIsBadSignature) {
  for (const Vector& v : Vectors()) {
    SCOPED_TRACE(v.section);
    Validator validator = MakeValidator(v, kA1Exp - 10);
    const size_t p = v.token.find('.') + 1;
    EXPECT_EQ(validator.Validate(Tamper(v.token, p + 2)).code(),
              ErrorCode::kBadSignature);
  }
}

TEST(RfcVectorsTest, TruncatedSignatureIsBadSignature) {
  for (const Vector& v : Vectors()) {
    SCOPED_TRACE(v.section);
    Validator validator = MakeValidator(v, kA1Exp - 10);
    // Keep whole 4-character quanta only, minus one: still canonical
    // base64url, but the signature has the wrong length.
    const size_t s = SignatureStart(v.token);
    const size_t len = v.token.size() - s;
    std::string t = v.token.substr(0, s + len - len % 4 - 4);
    EXPECT_EQ(validator.Validate(t).code(), ErrorCode::kBadSignature);
  }
}

// A signature valid under one vector's key does not verify under another
// key of the same kind.
TEST(RfcVectorsTest, WrongKeyIsRejected) {
  // RFC 7520 4.1 token (kid bilbo) against the RFC 7515 A.2 key (no kid):
  // the kid-less key is a candidate for any kid and does not verify.
  Validator a2 = MakeValidator(Get("rfc7515_a2_rs256"), kA1Exp - 10);
  EXPECT_EQ(a2.Validate(Get("rfc7520_4_1_rs256").token).code(),
            ErrorCode::kBadSignature);
  // RFC 7515 A.2 token (no kid) against the RFC 7520 RSA key.
  Validator bilbo = MakeValidator(Get("rfc7520_4_1_rs256"), kA1Exp - 10);
  EXPECT_EQ(bilbo.Validate(Get("rfc7515_a2_rs256").token).code(),
            ErrorCode::kBadSignature);
  // RFC 7520 4.4 HS256 against the RFC 7515 A.1 oct key.
  Validator a1 = MakeValidator(Get("rfc7515_a1_hs256"), kA1Exp - 10);
  EXPECT_EQ(a1.Validate(Get("rfc7520_4_4_hs256").token).code(),
            ErrorCode::kBadSignature);
}

// RFC 7515 A.1: HS256 with the oct JWK of A.1; the claims set has exp
// 1300819380.
TEST(RfcVectorsTest, Rfc7515A1ClaimsBeforeExp) {
  const Vector& v = Get("rfc7515_a1_hs256");
  Validator validator = MakeValidator(v, 1300819370);
  Result r = validator.Validate(v.token);
  ASSERT_TRUE(r.ok()) << r.code_name();
  EXPECT_EQ(r->alg(), Algorithm::kHS256);
  EXPECT_EQ(r->typ(), "JWT");
  EXPECT_FALSE(r->kid().has_value());
  EXPECT_EQ(r->issuer(), "joe");
  EXPECT_EQ(r->GetString("iss"), "joe");
  EXPECT_EQ(r->expiration(), 1300819380.0);
  EXPECT_EQ(r->GetInteger("exp"), int64_t{1300819380});
  EXPECT_EQ(r->GetBool("http://example.com/is_root"), true);
  EXPECT_EQ(r->claim_count(), 3u);
  EXPECT_EQ(r->claim_name(0), "iss");
  EXPECT_EQ(r->claim_name(1), "exp");
  EXPECT_EQ(r->claim_name(2), "http://example.com/is_root");
  // The payload exactly as signed, CR LF and all.
  EXPECT_EQ(r->payload_json(), v.payload);
  EXPECT_EQ(
      r->ClaimsJson(),
      R"({"iss":"joe","exp":1300819380,"http://example.com/is_root":true})");
}

TEST(RfcVectorsTest, Rfc7515A1AtAndAfterExp) {
  const Vector& v = Get("rfc7515_a1_hs256");
  EXPECT_EQ(MakeValidator(v, kA1Exp - 1).Validate(v.token).code(),
            ErrorCode::kOk);
  EXPECT_EQ(MakeValidator(v, kA1Exp).Validate(v.token).code(),
            ErrorCode::kExpired);
  EXPECT_EQ(MakeValidator(v, kA1Exp + 3600).Validate(v.token).code(),
            ErrorCode::kExpired);
  // With the system clock the 2011 token is long expired.
  absl::StatusOr<KeySet> keys = KeySet::FromJwks(v.jwk);
  ASSERT_TRUE(keys.ok());
  Validator system_clock(*keys, ValidatorOptions());
  EXPECT_EQ(system_clock.Validate(v.token).code(), ErrorCode::kExpired);
}

TEST(RfcVectorsTest, Rfc7515A2AndA3Claims) {
  for (std::string_view name : {"rfc7515_a2_rs256", "rfc7515_a3_es256"}) {
    SCOPED_TRACE(name);
    const Vector& v = Get(name);
    Result r = MakeValidator(v, 1300819370).Validate(v.token);
    ASSERT_TRUE(r.ok()) << r.code_name();
    EXPECT_EQ(r->issuer(), "joe");
    EXPECT_EQ(r->GetBool("http://example.com/is_root"), true);
    EXPECT_FALSE(r->typ().has_value());
    EXPECT_EQ(MakeValidator(v, kA1Exp).Validate(v.token).code(),
              ErrorCode::kExpired);
  }
  EXPECT_EQ(MakeValidator(Get("rfc7515_a2_rs256"), 0)
                .Validate(Get("rfc7515_a2_rs256").token)
                ->alg(),
            Algorithm::kRS256);
}

// The key decides: an RS256 vector's key may not verify the same signing
// input when the header claims another RSA algorithm (the header is signed,
// so changing it is detected) and the allowed list is honoured.
TEST(RfcVectorsTest, AllowedAlgorithmsApplyToVectors) {
  const Vector& v = Get("rfc7515_a2_rs256");
  absl::StatusOr<KeySet> keys = KeySet::FromJwks(v.jwk);
  ASSERT_TRUE(keys.ok());
  ValidatorOptions options;
  options.clock = [] { return FromUnixSeconds(1300819370); };
  options.algorithms = {Algorithm::kPS256};
  Validator validator(*keys, options);
  EXPECT_EQ(validator.Validate(v.token).code(), ErrorCode::kAlgNotAllowed);
}

// RFC 7520 4.1-4.4 carry kid "bilbo.baggins@hobbiton.example" (4.4:
// "018c0ae5-..."): a KeySet whose key has another kid does not find it.
TEST(RfcVectorsTest, Rfc7520KidMustMatch) {
  for (std::string_view name : {"rfc7520_4_1_rs256", "rfc7520_4_2_ps384",
                                "rfc7520_4_3_es512", "rfc7520_4_4_hs256"}) {
    SCOPED_TRACE(name);
    const Vector& v = Get(name);
    std::string jwk = v.jwk;
    const std::string kid_member = "\"kid\":\"";
    size_t at = jwk.find(kid_member);
    ASSERT_NE(at, std::string::npos);
    jwk.insert(at + kid_member.size(), "other-");
    absl::StatusOr<KeySet> keys = KeySet::FromJwks(jwk);
    ASSERT_TRUE(keys.ok()) << keys.status();
    Validator validator(*keys, ValidatorOptions());
    EXPECT_EQ(validator.Validate(v.token).code(), ErrorCode::kKeyNotFound);
  }
}

// RFC 7520 4.2: PS384 signatures are randomized; the given one must still
// verify, and the same key also verifies 4.1's RS256 token (an RSA JWK
// without alg permits RS* and PS*).
TEST(RfcVectorsTest, Rfc7520SameRsaKeyVerifiesRs256AndPs384) {
  const Vector& rs = Get("rfc7520_4_1_rs256");
  const Vector& ps = Get("rfc7520_4_2_ps384");
  ASSERT_EQ(rs.jwk, ps.jwk);
  Validator validator = MakeValidator(rs, 0);
  EXPECT_EQ(validator.Validate(rs.token).code(), ErrorCode::kBadJson);
  EXPECT_EQ(validator.Validate(ps.token).code(), ErrorCode::kBadJson);
}

// RFC 7520 4.4's oct JWK says alg HS256: the same secret must not verify a
// token that claims HS512.
TEST(RfcVectorsTest, Rfc7520HmacKeyBoundToHs256) {
  const Vector& v = Get("rfc7520_4_4_hs256");
  Validator validator = MakeValidator(v, 0);
  // {"alg":"HS512","kid":"018c0ae5-4d9b-471b-bfd6-eef314bc7037"}
  const std::string hs512_header =
      "eyJhbGciOiJIUzUxMiIsImtpZCI6IjAxOGMwYWU1LTRkOWItNDcxYi1iZmQ2LWVlZjMxNG"
      "JjNzAzNyJ9";
  std::string t = hs512_header + v.token.substr(v.token.find('.'));
  EXPECT_EQ(validator.Validate(t).code(), ErrorCode::kAlgNotAllowed);
}

}  // namespace
}  // namespace jwtv
