// Copyright 2026 The jwtv Authors.
//
// Runs every vector of the Wycheproof files in data/wycheproof through the
// crypto module's public interface (Make*Key + Verify), and the PEM form of
// each group's key through MakeKeyFromPem, which must agree with the raw key.
// Vectors the module refuses by policy are counted and the counts asserted,
// never skipped.

#include <simdjson.h>

#include <cstdint>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_format.h"
#include "crypto/prepared_key.h"
#include "gtest/gtest.h"

namespace jwtv::internal {
namespace {

enum class Family { kHmac, kRsa, kEcdsa, kEd25519 };

struct FileSpec {
  const char* file;
  Family family;
  Algorithm alg;
  Curve curve;
  // Full tag size in bits for HMAC: JWS has no truncated tags, so groups
  // with another tagSize must reject every vector, valid ones included.
  int hmac_tag_bits;
  // Expected number of tests in groups whose key Make*Key refuses.
  int expected_refused;
  // Expected number of tests in truncated-tag HMAC groups.
  int expected_truncated;
};

// The counts are asserted so that a vector silently changing category (a
// key now refused, say) fails the test.
const FileSpec kFiles[] = {
    {"hmac_sha256_test.json", Family::kHmac, Algorithm::kHS256, Curve::kNone,
     256, 0, 87},
    {"hmac_sha384_test.json", Family::kHmac, Algorithm::kHS384, Curve::kNone,
     384, 0, 87},
    {"hmac_sha512_test.json", Family::kHmac, Algorithm::kHS512, Curve::kNone,
     512, 0, 87},
    {"rsa_signature_2048_sha256_test.json", Family::kRsa, Algorithm::kRS256,
     Curve::kNone, 0, 0, 0},
    {"rsa_signature_3072_sha384_test.json", Family::kRsa, Algorithm::kRS384,
     Curve::kNone, 0, 0, 0},
    {"rsa_signature_4096_sha512_test.json", Family::kRsa, Algorithm::kRS512,
     Curve::kNone, 0, 0, 0},
    {"rsa_pss_2048_sha256_mgf1_32_test.json", Family::kRsa, Algorithm::kPS256,
     Curve::kNone, 0, 0, 0},
    {"rsa_pss_2048_sha384_mgf1_48_test.json", Family::kRsa, Algorithm::kPS384,
     Curve::kNone, 0, 0, 0},
    {"rsa_pss_4096_sha384_mgf1_48_test.json", Family::kRsa, Algorithm::kPS384,
     Curve::kNone, 0, 0, 0},
    {"rsa_pss_4096_sha512_mgf1_64_test.json", Family::kRsa, Algorithm::kPS512,
     Curve::kNone, 0, 0, 0},
    {"ecdsa_secp256r1_sha256_p1363_test.json", Family::kEcdsa,
     Algorithm::kES256, Curve::kP256, 0, 0, 0},
    {"ecdsa_secp384r1_sha384_p1363_test.json", Family::kEcdsa,
     Algorithm::kES384, Curve::kP384, 0, 0, 0},
    {"ecdsa_secp521r1_sha512_p1363_test.json", Family::kEcdsa,
     Algorithm::kES512, Curve::kP521, 0, 0, 0},
    {"ed25519_test.json", Family::kEd25519, Algorithm::kEdDSA, Curve::kEd25519,
     0, 0, 0},
};

bool FromHex(std::string_view hex, std::vector<uint8_t>* out) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return false;
  out->resize(hex.size() / 2);
  for (size_t i = 0; i < out->size(); ++i) {
    const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    (*out)[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return true;
}

std::string_view GetString(simdjson::dom::element e, const char* field) {
  std::string_view s;
  if (e[field].get(s) != simdjson::SUCCESS) {
    ADD_FAILURE() << "missing string field " << field;
  }
  return s;
}

std::vector<uint8_t> GetHex(simdjson::dom::element e, const char* field) {
  std::vector<uint8_t> out;
  if (!FromHex(GetString(e, field), &out)) {
    ADD_FAILURE() << "bad hex in " << field;
  }
  return out;
}

struct Counts {
  int total = 0;
  int valid = 0;            // "valid", verified.
  int invalid = 0;          // "invalid", rejected.
  int acceptable_true = 0;  // "acceptable", verified.
  int acceptable_false = 0;
  int truncated = 0;  // Truncated-tag HMAC vectors, all rejected.
  int refused = 0;    // Vectors whose key Make*Key refused.
  int pem_keys = 0;   // Groups whose PEM key was also checked.
};

// Makes the group's key the way a JWK would (raw components).
absl::StatusOr<std::unique_ptr<PreparedKey>> MakeGroupKey(
    const FileSpec& spec, simdjson::dom::element group) {
  simdjson::dom::element pk;
  if (group["publicKey"].get(pk) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError("group without publicKey");
  }
  switch (spec.family) {
    case Family::kRsa:
      return MakeRsaKey(GetHex(pk, "modulus"), GetHex(pk, "publicExponent"));
    case Family::kEcdsa: {
      std::vector<uint8_t> point = GetHex(pk, "uncompressed");
      if (point.empty() || point[0] != 0x04 || point.size() % 2 != 1) {
        return absl::InvalidArgumentError("not an uncompressed point");
      }
      const size_t half = point.size() / 2;
      return MakeEcKey(spec.curve, Bytes(point.data() + 1, half),
                       Bytes(point.data() + 1 + half, half));
    }
    case Family::kEd25519:
      return MakeEd25519Key(GetHex(pk, "pk"));
    case Family::kHmac:
      break;
  }
  return absl::InternalError("unreachable");
}

void CheckOne(const FileSpec& spec, const PreparedKey* key,
              const PreparedKey* pem_key, simdjson::dom::element test,
              bool truncated, Counts* counts) {
  int64_t tc_id = -1;
  if (test["tcId"].get(tc_id) != simdjson::SUCCESS) ADD_FAILURE() << "no tcId";
  const std::string_view result = GetString(test, "result");
  const std::string_view comment = GetString(test, "comment");
  const std::vector<uint8_t> msg = GetHex(test, "msg");
  const std::vector<uint8_t> sig =
      GetHex(test, spec.family == Family::kHmac ? "tag" : "sig");
  SCOPED_TRACE(absl::StrFormat("%s tcId %d (%s): %s", spec.file, tc_id,
                               std::string(comment), std::string(result)));
  const std::string_view input(reinterpret_cast<const char*>(msg.data()),
                               msg.size());
  ++counts->total;
  if (key == nullptr) {
    ++counts->refused;
    return;
  }
  const bool ok = key->Verify(spec.alg, input, sig);
  if (pem_key != nullptr) {
    EXPECT_EQ(pem_key->Verify(spec.alg, input, sig), ok) << "PEM key differs";
  }
  if (truncated) {
    EXPECT_FALSE(ok) << "truncated HMAC tag accepted";
    ++counts->truncated;
    return;
  }
  if (result == "valid") {
    EXPECT_TRUE(ok);
    counts->valid += ok;
  } else if (result == "invalid") {
    EXPECT_FALSE(ok);
    counts->invalid += !ok;
  } else if (result == "acceptable") {
    ++(ok ? counts->acceptable_true : counts->acceptable_false);
  } else {
    ADD_FAILURE() << "unknown result";
  }
}

class WycheproofTest : public testing::TestWithParam<FileSpec> {};

TEST_P(WycheproofTest, AllVectors) {
  const FileSpec& spec = GetParam();
  const std::string path =
      std::string(JWTV_TEST_DATA_DIR) + "/wycheproof/" + spec.file;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.load(path).get(doc), simdjson::SUCCESS) << path;
  int64_t number_of_tests = 0;
  ASSERT_EQ(doc["numberOfTests"].get(number_of_tests), simdjson::SUCCESS);
  simdjson::dom::array groups;
  ASSERT_EQ(doc["testGroups"].get(groups), simdjson::SUCCESS);

  Counts counts;
  for (simdjson::dom::element group : groups) {
    simdjson::dom::array tests;
    ASSERT_EQ(group["tests"].get(tests), simdjson::SUCCESS);
    if (spec.family == Family::kHmac) {
      int64_t tag_bits = 0;
      ASSERT_EQ(group["tagSize"].get(tag_bits), simdjson::SUCCESS);
      const bool truncated = tag_bits != spec.hmac_tag_bits;
      for (simdjson::dom::element test : tests) {
        auto key = MakeHmacKey(GetHex(test, "key"));
        CheckOne(spec, key.ok() ? key->get() : nullptr, nullptr, test,
                 truncated, &counts);
      }
      continue;
    }
    auto key = MakeGroupKey(spec, group);
    std::unique_ptr<PreparedKey> pem_key;
    std::string_view pem;
    if (group["publicKeyPem"].get(pem) == simdjson::SUCCESS) {
      auto parsed = MakeKeyFromPem(pem);
      // The PEM path must accept exactly the keys the raw path accepts.
      EXPECT_EQ(parsed.ok(), key.ok()) << parsed.status();
      if (parsed.ok()) {
        pem_key = *std::move(parsed);
        ++counts.pem_keys;
      }
    }
    if (key.ok()) {
      EXPECT_EQ((*key)->natural_algorithms().Contains(spec.alg), true);
    }
    for (simdjson::dom::element test : tests) {
      CheckOne(spec, key.ok() ? key->get() : nullptr, pem_key.get(), test,
               /*truncated=*/false, &counts);
    }
  }

  std::cout << absl::StrFormat(
      "[wycheproof] %-40s %4d tests: %d valid verified, %d invalid rejected, "
      "%d acceptable (%d verified, %d rejected), %d truncated-tag rejected, "
      "%d refused-key; %d PEM keys cross-checked\n",
      spec.file, counts.total, counts.valid, counts.invalid,
      counts.acceptable_true + counts.acceptable_false, counts.acceptable_true,
      counts.acceptable_false, counts.truncated, counts.refused,
      counts.pem_keys);
  EXPECT_EQ(counts.total, number_of_tests) << "not every vector ran";
  EXPECT_EQ(counts.refused, spec.expected_refused);
  EXPECT_EQ(counts.truncated, spec.expected_truncated);
  EXPECT_EQ(counts.valid + counts.invalid + counts.acceptable_true +
                counts.acceptable_false + counts.truncated + counts.refused,
            counts.total)
      << "some vectors got the wrong answer";
}

std::string SpecName(const testing::TestParamInfo<FileSpec>& info) {
  std::string name = info.param.file;
  name = name.substr(0, name.find('.'));
  for (char& c : name) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, WycheproofTest, testing::ValuesIn(kFiles),
                         SpecName);

}  // namespace
}  // namespace jwtv::internal
