// Copyright 2026 The jwtv Authors.
//
// Interoperability with PyJWT: tokens made by PyJWT 2.6 + cryptography for
// every algorithm jwtv supports (tests/data/interop/make_interop.py; the
// outputs are committed) must validate with exactly the claims PyJWT signed,
// and tampered versions must fail with the right code.

#include <simdjson.h>

#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base64url/base64url.h"
#include "gtest/gtest.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"
#include "testing/test_util.h"

namespace jwtv {
namespace {

using ::jwtv::testing::ReadFile;

std::string DataPath(std::string_view name) {
  return std::string(JWTV_TEST_DATA_DIR) + "/interop/" + std::string(name);
}

struct Fixture {
  std::string name, alg, token, key;
  std::optional<std::string> kid;
  std::string claims_json;  // the claims PyJWT signed, compact JSON
};

std::vector<Fixture> LoadFixtures() {
  std::vector<Fixture> out;
  static simdjson::dom::parser* parser = new simdjson::dom::parser();
  static std::string* text = new std::string(ReadFile(DataPath("tokens.json")));
  simdjson::dom::element doc;
  if (parser->parse(*text).get(doc)) {
    ADD_FAILURE() << "cannot parse tokens.json";
    return out;
  }
  for (simdjson::dom::element t : doc["tokens"].get_array()) {
    Fixture f;
    f.name = std::string(std::string_view(t["name"]));
    f.alg = std::string(std::string_view(t["alg"]));
    f.token = std::string(std::string_view(t["token"]));
    f.key = std::string(std::string_view(t["key"]));
    if (!t["kid"].is_null()) f.kid = std::string(std::string_view(t["kid"]));
    f.claims_json = simdjson::to_string(t["claims"]);
    out.push_back(std::move(f));
  }
  return out;
}

const std::vector<Fixture>& Fixtures() {
  static const auto* f = new std::vector<Fixture>(LoadFixtures());
  return *f;
}

KeySet MakeKeys() {
  KeySet::Builder b;
  EXPECT_TRUE(b.AddJwks(ReadFile(DataPath("jwks.json"))).ok());
  // Each HMAC secret may verify only its own algorithm.
  EXPECT_TRUE(b.AddHmacSecret(ReadFile(DataPath("hs256.secret")), "hmac-hs256",
                              {Algorithm::kHS256})
                  .ok());
  EXPECT_TRUE(b.AddHmacSecret(ReadFile(DataPath("hs384.secret")), "hmac-hs384",
                              {Algorithm::kHS384})
                  .ok());
  EXPECT_TRUE(b.AddHmacSecret(ReadFile(DataPath("hs512.secret")), "hmac-hs512",
                              {Algorithm::kHS512})
                  .ok());
  return std::move(b).Build();
}

constexpr int64_t kNow = 1800000000;  // after nbf/iat, before exp (2100)

Validator MakeValidator() {
  ValidatorOptions options;
  options.clock = [] { return FromUnixSeconds(kNow); };
  options.issuers = {
      "https://issuer.example/hs256", "https://issuer.example/hs384",
      "https://issuer.example/hs512", "https://issuer.example/rs256",
      "https://issuer.example/rs384", "https://issuer.example/rs512",
      "https://issuer.example/ps256", "https://issuer.example/ps384",
      "https://issuer.example/ps512", "https://issuer.example/es256",
      "https://issuer.example/es384", "https://issuer.example/es512",
      "https://issuer.example/eddsa"};
  options.audiences = {"interop-api"};
  options.max_keys_without_kid = 16;  // kid-less tokens search every key
  return Validator(MakeKeys(), std::move(options));
}

std::string Decode(std::string_view b64) {
  std::string out(internal::Base64UrlDecodedSize(b64.size()), '\0');
  auto n = internal::Base64UrlDecode(
      b64, reinterpret_cast<uint8_t*>(out.data()), out.size());
  EXPECT_TRUE(n.has_value());
  return out;
}

// Re-serializes a JSON text through simdjson, so that two equal values give
// equal strings whatever their escaping.
std::string Canonical(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  if (parser.parse(json.data(), json.size()).get(e)) {
    ADD_FAILURE() << "not JSON: " << json;
    return "";
  }
  return simdjson::to_string(e);
}

TEST(InteropTest, FixturesCoverEveryAlgorithm) {
  std::set<std::string> algs;
  for (const Fixture& f : Fixtures()) algs.insert(f.alg);
  EXPECT_EQ(algs.size(), static_cast<size_t>(kAlgorithmCount));
  for (int i = 0; i < kAlgorithmCount; ++i) {
    EXPECT_TRUE(
        algs.count(std::string(AlgorithmName(static_cast<Algorithm>(i)))))
        << AlgorithmName(static_cast<Algorithm>(i));
  }
  EXPECT_EQ(Fixtures().size(), 2u * kAlgorithmCount);
}

TEST(InteropTest, KeysLoad) {
  KeySet keys = MakeKeys();
  EXPECT_EQ(keys.size(), 8u);
  EXPECT_TRUE(keys.skipped().empty());
}

TEST(InteropTest, EveryTokenValidatesWithTheSignedClaims) {
  Validator validator = MakeValidator();
  for (const Fixture& f : Fixtures()) {
    SCOPED_TRACE(f.name);
    Result r = validator.Validate(f.token);
    ASSERT_TRUE(r.ok()) << r.code_name();
    EXPECT_EQ(AlgorithmName(r->alg()), f.alg);
    EXPECT_EQ(r->typ(), "JWT");
    if (f.kid) {
      EXPECT_EQ(r->kid(), *f.kid);
    } else {
      EXPECT_FALSE(r->kid().has_value());
    }

    simdjson::dom::parser parser;
    simdjson::dom::object claims;
    ASSERT_FALSE(parser.parse(f.claims_json).get(claims));
    size_t index = 0;
    for (auto [key, value] : claims) {
      SCOPED_TRACE(std::string(key));
      ASSERT_LT(index, r->claim_count());
      EXPECT_EQ(r->claim_name(index), key);
      ++index;
      if (key == "aud") {
        std::vector<std::string> want;
        if (value.is_string()) {
          want.emplace_back(std::string_view(value));
        } else {
          for (auto a : value.get_array()) {
            want.emplace_back(std::string_view(a));
          }
        }
        std::vector<std::string> got(r->audiences().begin(),
                                     r->audiences().end());
        EXPECT_EQ(got, want);
        continue;
      }
      switch (value.type()) {
        case simdjson::dom::element_type::STRING:
          EXPECT_EQ(r->ClaimKind(key), JsonKind::kString);
          EXPECT_EQ(r->GetString(key), std::string_view(value));
          break;
        case simdjson::dom::element_type::INT64:
        case simdjson::dom::element_type::UINT64:
        case simdjson::dom::element_type::DOUBLE: {
          EXPECT_EQ(r->ClaimKind(key), JsonKind::kNumber);
          double want = 0;
          ASSERT_FALSE(value.get_double().get(want));
          EXPECT_EQ(r->GetNumber(key), want);
          if (value.type() != simdjson::dom::element_type::DOUBLE) {
            EXPECT_EQ(r->GetInteger(key), int64_t(value));
          }
          break;
        }
        case simdjson::dom::element_type::BOOL:
          EXPECT_EQ(r->GetBool(key), bool(value));
          break;
        case simdjson::dom::element_type::NULL_VALUE:
          EXPECT_EQ(r->ClaimKind(key), JsonKind::kNull);
          EXPECT_EQ(r->GetRawJson(key), "null");
          break;
        case simdjson::dom::element_type::ARRAY:
        case simdjson::dom::element_type::OBJECT: {
          EXPECT_EQ(r->ClaimKind(key),
                    value.is_array() ? JsonKind::kArray : JsonKind::kObject);
          std::optional<std::string_view> raw = r->GetRawJson(key);
          ASSERT_TRUE(raw.has_value());
          EXPECT_EQ(Canonical(*raw), simdjson::to_string(value));
          break;
        }
      }
    }
    EXPECT_EQ(index, r->claim_count());
    // Registered claims through their typed accessors.
    EXPECT_EQ(r->issuer(), claims["iss"].get_string().value());
    EXPECT_EQ(r->subject(), claims["sub"].get_string().value());
    EXPECT_EQ(r->jwt_id(), claims["jti"].get_string().value());
    EXPECT_EQ(r->expiration(), 4102444800.0);
    EXPECT_EQ(r->not_before(), 1700000000.0);
    // The unicode claim: PyJWT escapes non-ASCII (\u00eb, a surrogate pair
    // for the emoji); jwtv returns UTF-8.
    EXPECT_EQ(r->GetString("name"),
              "Zo\xc3\xab \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e "
              "\xf0\x9f\x8e\x89");
    EXPECT_EQ(r->GetString("escaped"),
              "quote \" backslash \\ slash / newline \n tab \t nul-ish "
              "\x01");
    // The whole claims set, compact.
    EXPECT_EQ(Canonical(r->ClaimsJson()), Canonical(f.claims_json));
  }
}

// Replaces the base64url character at `pos` by another one; the result is
// still canonical unless `pos` is the last character of its segment.
std::string Flip(std::string token, size_t pos) {
  token[pos] = token[pos] == 'A' ? 'B' : 'A';
  return token;
}

TEST(InteropTest, FlippedPayloadCharIsBadSignature) {
  Validator validator = MakeValidator();
  for (const Fixture& f : Fixtures()) {
    SCOPED_TRACE(f.name);
    const size_t p = f.token.find('.') + 1;
    for (size_t off : {size_t{0}, size_t{10}, size_t{100}}) {
      EXPECT_EQ(validator.Validate(Flip(f.token, p + off)).code(),
                ErrorCode::kBadSignature);
    }
  }
}

TEST(InteropTest, FlippedSignatureCharIsBadSignature) {
  Validator validator = MakeValidator();
  for (const Fixture& f : Fixtures()) {
    SCOPED_TRACE(f.name);
    const size_t s = f.token.rfind('.') + 1;
    for (size_t off : {size_t{0}, size_t{5}, (f.token.size() - s) / 2}) {
      EXPECT_EQ(validator.Validate(Flip(f.token, s + off)).code(),
                ErrorCode::kBadSignature);
    }
  }
}

// Swaps the header's alg for another, keeping everything else (kid, typ) and
// re-encoding the header. The key decides what the result is:
//   - HMAC secrets are bound to one HS algorithm: alg_not_allowed;
//   - the RSA JWK has no alg and permits RS* and PS*: bad_signature;
//   - each EC key permits only its curve's ES alg: alg_not_allowed;
//   - the Ed25519 key permits only EdDSA: alg_not_allowed;
//   - "none" is never an algorithm: unsupported_alg.
TEST(InteropTest, SwappedAlgIsRejected) {
  struct Swap {
    std::string from, to;
    ErrorCode with_kid;
  };
  const std::vector<Swap> swaps = {
      {"HS256", "HS384", ErrorCode::kAlgNotAllowed},
      {"HS384", "HS512", ErrorCode::kAlgNotAllowed},
      {"HS512", "HS256", ErrorCode::kAlgNotAllowed},
      {"HS256", "RS256", ErrorCode::kAlgNotAllowed},
      {"RS256", "PS256", ErrorCode::kBadSignature},
      {"RS384", "RS512", ErrorCode::kBadSignature},
      {"RS512", "HS512", ErrorCode::kAlgNotAllowed},
      {"PS256", "RS256", ErrorCode::kBadSignature},
      {"PS384", "PS256", ErrorCode::kBadSignature},
      {"PS512", "ES512", ErrorCode::kAlgNotAllowed},
      {"ES256", "ES384", ErrorCode::kAlgNotAllowed},
      {"ES384", "ES256", ErrorCode::kAlgNotAllowed},
      {"ES512", "ES384", ErrorCode::kAlgNotAllowed},
      {"EdDSA", "ES256", ErrorCode::kAlgNotAllowed},
      {"ES256", "EdDSA", ErrorCode::kAlgNotAllowed},
      {"EdDSA", "none", ErrorCode::kUnsupportedAlg},
      {"RS256", "none", ErrorCode::kUnsupportedAlg},
      {"HS256", "Hs256", ErrorCode::kUnsupportedAlg},
  };
  Validator validator = MakeValidator();
  int checked = 0;
  for (const Swap& s : swaps) {
    for (const Fixture& f : Fixtures()) {
      if (f.alg != s.from || !f.kid) continue;
      SCOPED_TRACE(f.name + " -> " + s.to);
      const size_t dot = f.token.find('.');
      std::string header = Decode(std::string_view(f.token).substr(0, dot));
      const std::string from = "\"alg\":\"" + s.from + "\"";
      const size_t at = header.find(from);
      ASSERT_NE(at, std::string::npos) << header;
      header.replace(at, from.size(), "\"alg\":\"" + s.to + "\"");
      std::string t = internal::Base64UrlEncode(header) + f.token.substr(dot);
      EXPECT_EQ(validator.Validate(t).code(), s.with_kid);
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(swaps.size()));
}

TEST(InteropTest, DroppedSignatureIsMalformed) {
  Validator validator = MakeValidator();
  for (const Fixture& f : Fixtures()) {
    SCOPED_TRACE(f.name);
    const size_t s = f.token.rfind('.');
    EXPECT_EQ(validator.Validate(f.token.substr(0, s + 1)).code(),
              ErrorCode::kMalformed);  // "h.p."
    EXPECT_EQ(validator.Validate(f.token.substr(0, s)).code(),
              ErrorCode::kMalformed);  // "h.p"
  }
}

// A token signed by one key, presented with another key's kid, is not
// verified by that key.
TEST(InteropTest, WrongKidIsRejected) {
  Validator validator = MakeValidator();
  for (const Fixture& f : Fixtures()) {
    if (f.alg != "RS256" || !f.kid) continue;
    const size_t dot = f.token.find('.');
    std::string header = Decode(std::string_view(f.token).substr(0, dot));
    const size_t at = header.find("rsa-2048");
    ASSERT_NE(at, std::string::npos);
    header.replace(at, 8, "ec-es256");
    EXPECT_EQ(
        validator
            .Validate(internal::Base64UrlEncode(header) + f.token.substr(dot))
            .code(),
        ErrorCode::kAlgNotAllowed);
    header.replace(at, 8, "missing!");
    EXPECT_EQ(
        validator
            .Validate(internal::Base64UrlEncode(header) + f.token.substr(dot))
            .code(),
        ErrorCode::kKeyNotFound);
  }
}

// The same tokens against policy: a wrong audience or issuer expectation
// fails, and the claims' time window is honoured.
TEST(InteropTest, PolicyAppliesToInteropTokens) {
  for (const Fixture& f : Fixtures()) {
    SCOPED_TRACE(f.name);
    {
      ValidatorOptions o;
      o.clock = [] { return FromUnixSeconds(kNow); };
      o.audiences = {"someone-else"};
      EXPECT_EQ(Validator(MakeKeys(), o).Validate(f.token).code(),
                ErrorCode::kBadAudience);
    }
    {
      ValidatorOptions o;
      o.clock = [] { return FromUnixSeconds(4102444800); };
      EXPECT_EQ(Validator(MakeKeys(), o).Validate(f.token).code(),
                ErrorCode::kExpired);
    }
    {
      ValidatorOptions o;
      o.clock = [] { return FromUnixSeconds(1600000000); };
      EXPECT_EQ(Validator(MakeKeys(), o).Validate(f.token).code(),
                ErrorCode::kNotYetValid);
    }
  }
}

}  // namespace
}  // namespace jwtv
