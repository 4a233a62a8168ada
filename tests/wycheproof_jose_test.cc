// Copyright 2026 The jwtv Authors.
//
// Wycheproof's JOSE tests (C2SP/wycheproof, Apache 2.0; see
// data/wycheproof/LICENSE and README.md) through jwtv's public API: each
// group's keyset goes through KeySet::FromJwks (the "public" keyset when the
// group has one, else the "private" one: a verifier of HS* tokens holds the
// secret), and each JWS through a Validator over those keys.
//
// json_web_key_test.json (keysets: mixed, duplicate kids, weak RSA, short and
// empty secrets, wrong use, alg, curve or kty). Every JWS there has the
// payload "foo" (or none), which is not a JWT claims set. jwtv parses the
// payload only once the signature holds (validator.h), so bad_json is the
// answer "signature accepted, payload is not a JWT"; for each such vector the
// test also flips a signature bit and expects bad_signature, so bad_json
// cannot come from anything but a verified signature. kExpected lists every
// tcId with jwtv's answer and why; an answer that differs from the vector's
// result is marked kDeliberate with the reason.
//
// json_web_signature_test.json (compact JWS over HS, ES, RS and PS keys,
// JSON serializations, the RFC 7520 examples, base64url edge cases): jwtv's
// answer is the vector's result except for the tcIds of
// kSignatureDifferences, each with its reason.
//
// The numbers of vectors, groups and differences are asserted, so nothing is
// skipped silently. The third JOSE file of the same commit,
// json_web_crypto_test.json, is out of scope and not copied: it tests JWE
// (content encryption and key wrapping, which jwtv does not do); 48 of its
// 49 JWS cases are tokens of the two files run here, the other one a JSON
// serialization.

#include <simdjson.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "absl/strings/str_format.h"
#include "base64url/base64url.h"
#include "gtest/gtest.h"
#include "jwtv/error.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"

namespace jwtv {
namespace {

// What jwtv does with a vector.
enum class Outcome {
  // KeySet::FromJwks refuses the group's keyset (the whole document).
  kKeysetRefused,
  // The keyset loads but none of its keys is usable (each is skipped and
  // reported by skipped()); the token is then rejected with `code`.
  kKeySkipped,
  // The keyset loads and the token is rejected with `code`.
  kRejected,
  // The signature verifies (code is bad_json: "foo" is not a claims set).
  kAccepted,
};

// Whether jwtv's answer agrees with the vector's result.
enum class Agreement { kAgrees, kDeliberate };

struct Expected {
  int tc_id;
  Outcome outcome;
  ErrorCode code;  // the Validator's answer; unused for kKeysetRefused
  Agreement agreement;
  const char* why;
};

constexpr ErrorCode kNone = ErrorCode::kOk;

// Every vector of the file, by tcId.
const Expected kExpected[] = {
    {1, Outcome::kAccepted, ErrorCode::kBadJson, Agreement::kDeliberate,
     "MixedKeySet (flags MixedKeySet, Ambiguous: best practice, not an RFC "
     "rule): a keyset given to jwtv as a file or document may hold oct and "
     "asymmetric keys side by side. The confusion such a set invites (an "
     "HS256 token checked with an RSA/EC public key as the secret) cannot "
     "happen in jwtv: every key verifies only the algorithms of its own type "
     "(RFC 8725 3.1, alg pinned by the key), and keysets fetched from a URL "
     "never carry oct keys (issue 13 #1)."},
    {2, Outcome::kAccepted, ErrorCode::kBadJson, Agreement::kAgrees,
     "HS256 with a 32-byte secret, the right kid"},
    {3, Outcome::kRejected, ErrorCode::kBadSignature, Agreement::kAgrees,
     "modified HMAC tag"},
    {4, Outcome::kKeysetRefused, kNone, Agreement::kAgrees,
     "the second key's k ('...Bingge', 43 characters) has non-zero trailing "
     "bits, which jwtv's strict base64url refuses, failing the document "
     "before the duplicate kid matters"},
    {5, Outcome::kAccepted, ErrorCode::kBadJson, Agreement::kAgrees,
     "RS256, 2048-bit key with alg RS256 and use sig"},
    {6, Outcome::kKeySkipped, ErrorCode::kKeyNotFound, Agreement::kAgrees,
     "the key's use is \"enc\": skipped, so the set has no key"},
    {7, Outcome::kAccepted, ErrorCode::kBadJson, Agreement::kDeliberate,
     "ROCA key (CVE-2017-15361, an Infineon key generator's structured "
     "primes): jwtv checks the public key's form (size, odd modulus, "
     "exponent) but does not fingerprint the generator that made it; a "
     "weak key is refused where it is issued, not by each verifier"},
    {8, Outcome::kKeysetRefused, kNone, Agreement::kAgrees,
     "1024-bit RSA modulus: jwtv requires at least 2048 bits"},
    {9, Outcome::kKeysetRefused, kNone, Agreement::kAgrees,
     "public exponent 1: jwtv requires an odd exponent of at least 3"},
    {10, Outcome::kKeySkipped, ErrorCode::kKeyNotFound, Agreement::kAgrees,
     "HS256 with a 31-byte secret: RFC 7518 3.2 requires 32 bytes; a secret "
     "that permits no HS algorithm is skipped (issue 13 #4)"},
    {11, Outcome::kKeySkipped, ErrorCode::kKeyNotFound, Agreement::kAgrees,
     "HS384 with a 47-byte secret: 48 required (issue 13 #4)"},
    {12, Outcome::kKeySkipped, ErrorCode::kKeyNotFound, Agreement::kAgrees,
     "HS512 with a 63-byte secret: 64 required (issue 13 #4)"},
    {13, Outcome::kAccepted, ErrorCode::kBadJson, Agreement::kAgrees,
     "HS256 with a 64-byte secret"},
    {14, Outcome::kAccepted, ErrorCode::kBadJson, Agreement::kAgrees,
     "HS384 with a 64-byte secret"},
    {15, Outcome::kAccepted, ErrorCode::kBadJson, Agreement::kAgrees,
     "HS512 with a 64-byte secret"},
    {16, Outcome::kKeysetRefused, kNone, Agreement::kAgrees,
     "empty HS256 secret"},
    {17, Outcome::kKeysetRefused, kNone, Agreement::kAgrees,
     "empty HS384 secret"},
    {18, Outcome::kKeysetRefused, kNone, Agreement::kAgrees,
     "empty HS512 secret"},
    {19, Outcome::kKeySkipped, ErrorCode::kKeyNotFound, Agreement::kAgrees,
     "alg \"ES521\" is no JWS algorithm: the key is skipped"},
    {20, Outcome::kKeySkipped, ErrorCode::kKeyNotFound, Agreement::kAgrees,
     "alg \"ES224\" is no JWS algorithm jwtv verifies: the key is skipped"},
    {21, Outcome::kKeySkipped, ErrorCode::kKeyNotFound, Agreement::kAgrees,
     "the key's use is \"enc\": skipped"},
    {22, Outcome::kKeysetRefused, kNone, Agreement::kAgrees,
     "EC point not on P-256"},
    {23, Outcome::kKeysetRefused, kNone, Agreement::kAgrees,
     "crv P-384 with 32-byte coordinates"},
    {24, Outcome::kKeysetRefused, kNone, Agreement::kAgrees,
     "kty RSA without n and e"},
    {25, Outcome::kKeySkipped, ErrorCode::kKeyNotFound, Agreement::kAgrees,
     "alg \"A256GCM\" (a JWE algorithm) on an oct key: skipped"},
    {26, Outcome::kKeySkipped, ErrorCode::kKeyNotFound, Agreement::kAgrees,
     "alg \"A256KW\" (a JWE algorithm) on an oct key: skipped"},
};

constexpr int kVectors = 26;
constexpr int kGroups = 25;
constexpr int kDeliberateDifferences = 2;

std::string ToJson(simdjson::dom::element e) { return simdjson::minify(e); }

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kKeysetRefused:
      return "keyset refused";
    case Outcome::kKeySkipped:
      return "key skipped";
    case Outcome::kRejected:
      return "rejected";
    case Outcome::kAccepted:
      return "accepted";
  }
  return "?";
}

// The token with the low bit of its decoded signature's first byte flipped
// (the token itself when its signature is empty or not base64url).
std::string FlipSignature(std::string_view jws) {
  const size_t dot = jws.rfind('.');
  if (dot == std::string_view::npos) return std::string(jws);
  const std::string_view text = jws.substr(dot + 1);
  std::string sig(internal::Base64UrlDecodedSize(text.size()), '\0');
  if (sig.empty() ||
      !internal::Base64UrlDecode(text, reinterpret_cast<uint8_t*>(sig.data()),
                                 sig.size())) {
    return std::string(jws);
  }
  sig[0] ^= 1;
  return std::string(jws.substr(0, dot + 1)) + internal::Base64UrlEncode(sig);
}

TEST(WycheproofJoseTest, JsonWebKeyVectors) {
  const std::string path =
      std::string(JWTV_TEST_DATA_DIR) + "/wycheproof/json_web_key_test.json";
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.load(path).get(doc), simdjson::SUCCESS) << path;
  int64_t number_of_tests = 0;
  ASSERT_EQ(doc["numberOfTests"].get(number_of_tests), simdjson::SUCCESS);
  EXPECT_EQ(number_of_tests, kVectors);
  simdjson::dom::array groups;
  ASSERT_EQ(doc["testGroups"].get(groups), simdjson::SUCCESS);

  std::map<int, const Expected*> table;
  int table_differences = 0;
  for (const Expected& e : kExpected) {
    EXPECT_TRUE(table.emplace(e.tc_id, &e).second) << "tcId " << e.tc_id;
    table_differences += e.agreement == Agreement::kDeliberate;
  }
  EXPECT_EQ(table.size(), size_t{kVectors});
  EXPECT_EQ(table_differences, kDeliberateDifferences);

  ValidatorOptions options;
  options.clock = [] { return FromUnixSeconds(1700000000); };
  int run = 0, group_count = 0, differences = 0, flipped = 0;
  for (simdjson::dom::element group : groups) {
    ++group_count;
    simdjson::dom::element keyset;
    if (group["public"].get(keyset) != simdjson::SUCCESS) {
      ASSERT_EQ(group["private"].get(keyset), simdjson::SUCCESS);
    }
    const std::string jwks = ToJson(keyset);
    absl::StatusOr<KeySet> keys = KeySet::FromJwks(jwks);

    simdjson::dom::array tests;
    ASSERT_EQ(group["tests"].get(tests), simdjson::SUCCESS);
    for (simdjson::dom::element test : tests) {
      int64_t tc_id = 0;
      std::string_view jws, result, comment;
      ASSERT_EQ(test["tcId"].get(tc_id), simdjson::SUCCESS);
      ASSERT_EQ(test["jws"].get(jws), simdjson::SUCCESS);
      ASSERT_EQ(test["result"].get(result), simdjson::SUCCESS);
      ASSERT_EQ(test["comment"].get(comment), simdjson::SUCCESS);
      ++run;
      auto it = table.find(static_cast<int>(tc_id));
      ASSERT_NE(it, table.end()) << "tcId " << tc_id << " not in kExpected";
      const Expected& want = *it->second;
      SCOPED_TRACE(absl::StrFormat("tcId %d (%s, %s): expected %s: %s", tc_id,
                                   std::string(comment), std::string(result),
                                   OutcomeName(want.outcome), want.why));

      Outcome got;
      ErrorCode code = kNone;
      if (!keys.ok()) {
        got = Outcome::kKeysetRefused;
      } else if (keys->empty()) {
        EXPECT_FALSE(keys->skipped().empty()) << "empty set, nothing skipped";
        // No Validator is built over an empty set (Validator::Create refuses
        // it); key_not_found is the empty set's answer (key_set.h).
        EXPECT_FALSE(Validator::Create(*keys, options).ok());
        code = ErrorCode::kKeyNotFound;
        got = Outcome::kKeySkipped;
      } else {
        code = Validator(*keys, options).Validate(jws).code();
        EXPECT_TRUE(keys->skipped().empty());
        got = code == ErrorCode::kBadJson ? Outcome::kAccepted
                                          : Outcome::kRejected;
      }
      EXPECT_EQ(OutcomeName(got), std::string(OutcomeName(want.outcome)))
          << (keys.ok() ? "" : keys.status().ToString());
      if (got != Outcome::kKeysetRefused) {
        EXPECT_EQ(ErrorCodeName(code), ErrorCodeName(want.code));
      }
      if (got == Outcome::kAccepted) {
        // bad_json here can only follow a verified signature.
        EXPECT_EQ(Validator(*keys, options).Validate(FlipSignature(jws)).code(),
                  ErrorCode::kBadSignature);
        ++flipped;
      }

      // The table's answer against the vector's result.
      const bool accepted = want.outcome == Outcome::kAccepted;
      const bool agrees = result == "acceptable" ||
                          (result == "valid" && accepted) ||
                          (result == "invalid" && !accepted);
      EXPECT_TRUE(result == "valid" || result == "invalid" ||
                  result == "acceptable");
      EXPECT_EQ(agrees, want.agreement == Agreement::kAgrees)
          << "a difference must be marked kDeliberate, and only a difference";
      differences += !agrees;
    }
  }
  EXPECT_EQ(run, kVectors) << "not every vector ran";
  EXPECT_EQ(group_count, kGroups);
  EXPECT_EQ(differences, kDeliberateDifferences);
  EXPECT_EQ(flipped, 7);
}

// json_web_signature_test.json: compact JWS (and, to be refused, JSON
// serializations) over HS, ES, RS and PS keys, the RFC 7520 examples, and
// base64url edge cases. jwtv's answer is the vector's result except for the
// tcIds of kSignatureDifferences, each with its reason.
struct Difference {
  int tc_id;
  bool jwtv_accepts;
  const char* why;
};

constexpr const char* kEmptyPayload =
    "a JWS with an empty payload is no JWT: jwtv requires three non-empty "
    "segments (a JWT's payload is a JSON object, RFC 7519 7.2)";
constexpr const char* kPinnedAlg =
    "RFC 7520 Figure 20: a PS384 token under a JWK whose alg is PS256. jwtv "
    "lets a key verify only its JWK alg (RFC 8725 3.1, RFC 7517 4.4), so "
    "the token is refused with alg_not_allowed";
constexpr const char* kUnknownJwkAlg =
    "RFC 7520 Figure 27: the JWK's alg is \"ES521\", which is no JWS "
    "algorithm (P-521 signs as ES512, RFC 7518 3.1); jwtv skips a key whose "
    "alg it cannot honour rather than guess, so no key is found";
constexpr const char* kSameAs357 =
    "byte for byte the token of tcId 357 (valid): the file contradicts "
    "itself; the padding the comment names is not in the token, and jwtv "
    "accepts the signature as it does for tcId 357";
constexpr const char* kStrictBase64 =
    "a '?' inside a segment: jwtv decodes base64url strictly (RFC 7515 2, "
    "RFC 4648 3.3: characters outside the alphabet are an error) and "
    "refuses the token as malformed instead of skipping the character";

const Difference kSignatureDifferences[] = {
    {259, false, kEmptyPayload},  {264, false, kEmptyPayload},
    {268, false, kEmptyPayload},  {272, false, kEmptyPayload},
    {320, false, kEmptyPayload},  {325, false, kEmptyPayload},
    {346, false, kPinnedAlg},     {350, false, kPinnedAlg},
    {347, false, kUnknownJwkAlg}, {351, false, kUnknownJwkAlg},
    {367, true, kSameAs357},      {370, true, kSameAs357},
    {372, false, kStrictBase64},  {373, false, kStrictBase64},
};
constexpr int kSignatureDifferenceCount = 14;

constexpr int kSignatureVectors = 401;

// True iff jwtv verified the token's signature: any answer after the
// signature stage, told from a header rejection by flipping the signature.
bool SignatureAccepted(const Validator& validator, std::string_view jws,
                       ErrorCode code) {
  switch (code) {
    case ErrorCode::kMalformed:
    case ErrorCode::kUnsupportedAlg:
    case ErrorCode::kAlgNotAllowed:
    case ErrorCode::kKeyNotFound:
    case ErrorCode::kBadSignature:
      return false;
    default:
      break;
  }
  const ErrorCode flipped = validator.Validate(FlipSignature(jws)).code();
  if (code == ErrorCode::kOk) {
    EXPECT_EQ(flipped, ErrorCode::kBadSignature);
  }
  return flipped == ErrorCode::kBadSignature;
}

TEST(WycheproofJoseTest, JsonWebSignatureVectors) {
  const std::string path = std::string(JWTV_TEST_DATA_DIR) +
                           "/wycheproof/json_web_signature_test.json";
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.load(path).get(doc), simdjson::SUCCESS) << path;
  int64_t number_of_tests = 0;
  ASSERT_EQ(doc["numberOfTests"].get(number_of_tests), simdjson::SUCCESS);
  EXPECT_EQ(number_of_tests, kSignatureVectors);
  std::map<int, const Difference*> differences;
  for (const Difference& d : kSignatureDifferences) {
    EXPECT_TRUE(differences.emplace(d.tc_id, &d).second) << d.tc_id;
  }
  simdjson::dom::array groups;
  ASSERT_EQ(doc["testGroups"].get(groups), simdjson::SUCCESS);
  ValidatorOptions options;
  options.clock = [] { return FromUnixSeconds(1700000000); };
  options.require_exp = false;
  int run = 0, accepted_count = 0, differences_seen = 0;
  for (simdjson::dom::element group : groups) {
    simdjson::dom::element keyset;
    if (group["public"].get(keyset) != simdjson::SUCCESS) {
      ASSERT_EQ(group["private"].get(keyset), simdjson::SUCCESS);
    }
    absl::StatusOr<KeySet> keys = KeySet::FromJwks(ToJson(keyset));
    simdjson::dom::array tests;
    ASSERT_EQ(group["tests"].get(tests), simdjson::SUCCESS);
    for (simdjson::dom::element test : tests) {
      int64_t tc_id = 0;
      std::string_view result, comment;
      ASSERT_EQ(test["tcId"].get(tc_id), simdjson::SUCCESS);
      ASSERT_EQ(test["result"].get(result), simdjson::SUCCESS);
      ASSERT_EQ(test["comment"].get(comment), simdjson::SUCCESS);
      simdjson::dom::element jws_element;
      ASSERT_EQ(test["jws"].get(jws_element), simdjson::SUCCESS);
      std::string_view compact;
      // A JSON serialization (an object) is given to jwtv as its text.
      const std::string jws = jws_element.get(compact) == simdjson::SUCCESS
                                  ? std::string(compact)
                                  : ToJson(jws_element);
      ++run;
      bool accepted = false;
      // An empty set builds no Validator; key_not_found is its answer.
      ErrorCode code = ErrorCode::kKeyNotFound;
      if (keys.ok() && !keys->empty()) {
        const Validator validator(*keys, options);
        code = validator.Validate(jws).code();
        accepted = SignatureAccepted(validator, jws, code);
      }
      accepted_count += accepted;
      auto it = differences.find(static_cast<int>(tc_id));
      const bool differs = it != differences.end();
      const bool want = differs ? it->second->jwtv_accepts : result == "valid";
      differences_seen += differs;
      EXPECT_TRUE(result != "acceptable" || differs)
          << "tcId " << tc_id << ": an acceptable vector needs a table entry";
      EXPECT_EQ(accepted, want)
          << "tcId " << tc_id << " (" << comment << ", " << result
          << "): jwtv says " << ErrorCodeName(code)
          << (keys.ok() ? ""
                        : " (keyset refused: " +
                              std::string(keys.status().message()) + ")")
          << (differs ? std::string("; table: ") + it->second->why : "");
    }
  }
  EXPECT_EQ(run, kSignatureVectors) << "not every vector ran";
  EXPECT_EQ(differences_seen, static_cast<int>(differences.size()))
      << "a table entry names no vector";
  EXPECT_EQ(differences_seen, kSignatureDifferenceCount);
  EXPECT_EQ(accepted_count, 36);
  std::cout << "[wycheproof jose] json_web_signature_test.json: " << run
            << " vectors, " << accepted_count << " accepted, "
            << differences_seen << " deliberate differences\n";
}

}  // namespace
}  // namespace jwtv
