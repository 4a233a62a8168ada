// Copyright 2026 The jwtv Authors.
//
// RSASSA-PSS (PS256/384/512) on 2049- and 4097-bit moduli, from
// data/rsa_pss_odd_moduli.json (written by data/make_rsa_pss_odd_moduli.py,
// verdicts from Python cryptography, i.e. OpenSSL). With 8k + 1 modulus bits
// the PSS encoding is one byte shorter than the modulus (RFC 8017 9.1.1),
// which the 2048/4096-bit Wycheproof files never exercise. Cases: valid
// signatures (one with a leading zero byte), signatures of k - 1 and k + 1
// bytes, flipped bits, another message, s = 0, 1, n - 1, n and s + n, salts
// of other lengths than the hash, EM defects (trailer, separator, padding,
// MGF1 hash), an encoding integer above 2^emBits, and another PS alg's hash.
// Each runs through MakeRsaKey + Verify and as a whole token through a JWK.

#include <simdjson.h>

#include <cstdint>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_format.h"
#include "base64url/base64url.h"
#include "crypto/prepared_key.h"
#include "gtest/gtest.h"
#include "jwtv/algorithm.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"

namespace jwtv::internal {
namespace {

// Hex of any length (an odd length gets a leading zero digit).
std::vector<uint8_t> FromHex(std::string_view hex) {
  std::string padded(hex.size() % 2, '0');
  padded += hex;
  std::vector<uint8_t> out(padded.size() / 2);
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    ADD_FAILURE() << "bad hex digit " << c;
    return 0;
  };
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<uint8_t>(nibble(padded[2 * i]) << 4 |
                                  nibble(padded[2 * i + 1]));
  }
  return out;
}

std::string_view Str(simdjson::dom::element e, const char* field) {
  std::string_view s;
  EXPECT_EQ(e[field].get(s), simdjson::SUCCESS) << field;
  return s;
}

std::string B64(const std::vector<uint8_t>& v) {
  return Base64UrlEncode(
      std::string_view(reinterpret_cast<const char*>(v.data()), v.size()));
}

TEST(RsaPssOddModuliTest, EveryVectorGetsItsVerdict) {
  const std::string path =
      std::string(JWTV_TEST_DATA_DIR) + "/rsa_pss_odd_moduli.json";
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.load(path).get(doc), simdjson::SUCCESS) << path;
  simdjson::dom::array groups;
  ASSERT_EQ(doc["testGroups"].get(groups), simdjson::SUCCESS);

  ValidatorOptions options;
  options.clock = [] { return FromUnixSeconds(1700000000); };
  int run = 0, valid = 0, overridden = 0, group_count = 0;
  for (simdjson::dom::element g : groups) {
    ++group_count;
    const std::string_view kid = Str(g, "kid");
    int64_t mod_bits = 0;
    ASSERT_EQ(g["modBits"].get(mod_bits), simdjson::SUCCESS);
    SCOPED_TRACE(std::string(kid));
    const std::optional<Algorithm> alg = ParseAlgorithm(Str(g, "alg"));
    ASSERT_TRUE(alg.has_value());
    const std::vector<uint8_t> n = FromHex(Str(g, "n")),
                               e = FromHex(Str(g, "e"));
    auto key = MakeRsaKey(n, e);
    ASSERT_TRUE(key.ok()) << key.status();
    EXPECT_EQ((*key)->bits(), mod_bits);
    // An RSA JWK lists n without leading zero bytes (RFC 7518 6.3.1.1).
    const std::string jwk = R"({"kty":"RSA","kid":")" + std::string(kid) +
                            R"(","n":")" + B64(n) + R"(","e":")" + B64(e) +
                            R"("})";
    absl::StatusOr<KeySet> keys = KeySet::FromJwks(jwk);
    ASSERT_TRUE(keys.ok()) << keys.status();
    const Validator validator(*keys, options);

    simdjson::dom::array tests;
    ASSERT_EQ(g["tests"].get(tests), simdjson::SUCCESS);
    for (simdjson::dom::element t : tests) {
      int64_t tc_id = 0;
      bool want = false;
      ASSERT_EQ(t["tcId"].get(tc_id), simdjson::SUCCESS);
      ASSERT_EQ(t["valid"].get(want), simdjson::SUCCESS);
      std::string_view why;
      if (t["why"].get(why) == simdjson::SUCCESS) ++overridden;
      SCOPED_TRACE(absl::StrFormat("tcId %d (%s): %s%s", tc_id,
                                   std::string(Str(t, "comment")),
                                   want ? "valid" : "invalid",
                                   why.empty() ? "" : ", " + std::string(why)));
      const std::string_view msg = Str(t, "msg");
      const std::vector<uint8_t> sig = FromHex(Str(t, "sig"));
      EXPECT_EQ((*key)->Verify(*alg, msg, sig), want) << "MakeRsaKey";
      const std::string token = std::string(msg) + "." + B64(sig);
      EXPECT_EQ(ErrorCodeName(validator.Validate(token).code()),
                ErrorCodeName(want ? ErrorCode::kOk : ErrorCode::kBadSignature))
          << "token";
      ++run;
      valid += want;
    }
  }
  std::cout << "[rsa-pss odd moduli] " << group_count << " groups, " << run
            << " tests, " << valid << " valid, " << overridden
            << " with a verdict other than OpenSSL's\n";
  // The generator's counts: a case dropped from the file fails.
  EXPECT_EQ(group_count, 6);
  EXPECT_EQ(run, 168);
  EXPECT_EQ(valid, 30);
  EXPECT_EQ(overridden, 6);
}

}  // namespace
}  // namespace jwtv::internal
