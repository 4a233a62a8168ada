// Copyright 2026 The jwtv Authors.
//
// Wycheproof's JOSE key tests (data/wycheproof/json_web_key_test.json, from
// C2SP/wycheproof, Apache 2.0, see data/wycheproof/LICENSE and README.md)
// through jwtv's public API: each group's keyset goes through
// KeySet::FromJwks (the "public" keyset when the group has one, else the
// "private" one: a verifier of HS* tokens holds the secret), and the group's
// compact JWS through a Validator over those keys.
//
// Every vector's JWS has the payload "foo" (or an empty one), which is not a
// JWT claims set. jwtv parses the payload only once the signature holds
// (validator.h), so bad_json is the answer "signature accepted, payload is
// not a JWT", and every other answer is a rejection before or at the
// signature. For each accepted vector the test also flips the signature's
// first byte and expects bad_signature, so that bad_json cannot come from
// anything but a verified signature.
//
// kExpected below lists every tcId with jwtv's answer and why. An answer that
// differs from the vector's result ("valid" must be accepted, "invalid"
// rejected; "acceptable" allows either) is marked kDeliberate with the
// reason, and the number of vectors, of groups and of differences are
// asserted so nothing is skipped silently.
//
// The other two JOSE files of the same Wycheproof commit are not copied:
// json_web_crypto_test.json is JWE (content encryption and key wrapping,
// which jwtv does not do) plus JWS cases that repeat this file's keysets;
// json_web_signature_test.json (compact JWS over HS/ES/RS/PS keys, RFC 7520
// examples, base64 edge cases) is not run by this test.

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
constexpr int kGroups = 22;
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

// The token with the first byte of its decoded signature flipped.
std::string FlipSignature(std::string_view jws) {
  const size_t dot = jws.rfind('.');
  const std::string_view text = jws.substr(dot + 1);
  std::string sig(internal::Base64UrlDecodedSize(text.size()), '\0');
  EXPECT_TRUE(internal::Base64UrlDecode(
      text, reinterpret_cast<uint8_t*>(sig.data()), sig.size()));
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
  options.clock = [] { return int64_t{1700000000}; };
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
      } else {
        code = Validator(*keys, options).Validate(jws).code();
        if (keys->empty()) {
          EXPECT_FALSE(keys->skipped().empty()) << "empty set, nothing skipped";
          got = Outcome::kKeySkipped;
        } else {
          EXPECT_TRUE(keys->skipped().empty());
          got = code == ErrorCode::kBadJson ? Outcome::kAccepted
                                            : Outcome::kRejected;
        }
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

}  // namespace
}  // namespace jwtv
