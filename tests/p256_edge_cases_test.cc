// Copyright 2026 The jwtv Authors.
//
// Known answers for the P-256 cases random testing does not reach, from
// data/p256_edge_cases.json (written by data/make_p256_edge_cases.py; every
// verdict and coordinate there comes from Python cryptography, i.e. OpenSSL,
// not from jwtv):
//   - signatures whose x(R) lies in [n, p) (r = x(R) - n, small or near
//     p - n), and invalid ones with r + n >= p where (r + n) mod p = x(R);
//   - u1*G + u2*Q at infinity, and u1*G = u2*Q (the sum is a doubling);
//   - keys Q = k*G for small k and k near n;
//   - every valid case's variants (r +- 1, r + n, s + 1, s + n, n - s, r and
//     s swapped, another message), each with its own verdict;
//   - x(u1*G + u2*Q) for Q = k*G on scalars that make the sum double, cancel
//     or land next to either.
// Each signature runs through P256PublicKey::Verify, through the crypto
// module's ES256 key (MakeEcKey), and as a whole ES256 token through a JWK
// (KeySet::FromJwks + Validator).

#include <openssl/sha.h>
#include <simdjson.h>

#include <array>
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_format.h"
#include "base64url/base64url.h"
#include "crypto/p256.h"
#include "crypto/prepared_key.h"
#include "gtest/gtest.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"

namespace jwtv::internal {
namespace {

using Bytes32 = std::array<uint8_t, 32>;

// Big-endian hex of at most 64 digits, left-padded to 32 bytes.
Bytes32 Hex32(std::string_view hex) {
  Bytes32 out{};
  EXPECT_LE(hex.size(), 64u) << hex;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    ADD_FAILURE() << "bad hex digit " << c;
    return 0;
  };
  for (size_t i = 0; i < hex.size() && i < 64; ++i) {
    const size_t digit = 63 - i;  // from the least significant end
    const int v = nibble(hex[hex.size() - 1 - i]);
    out[digit / 2] |= static_cast<uint8_t>(digit % 2 ? v : v << 4);
  }
  return out;
}

std::string_view Str(simdjson::dom::element e, const char* field) {
  std::string_view s;
  EXPECT_EQ(e[field].get(s), simdjson::SUCCESS) << field;
  return s;
}

std::string B64(const uint8_t* data, size_t size) {
  return Base64UrlEncode(
      std::string_view(reinterpret_cast<const char*>(data), size));
}

class P256EdgeCasesTest : public testing::Test {
 protected:
  void SetUp() override {
    const std::string path =
        std::string(JWTV_TEST_DATA_DIR) + "/p256_edge_cases.json";
    ASSERT_EQ(parser_.load(path).get(doc_), simdjson::SUCCESS) << path;
  }

  simdjson::dom::parser parser_;
  simdjson::dom::element doc_;
};

TEST_F(P256EdgeCasesTest, SignaturesGetOpenSslsVerdict) {
  simdjson::dom::array cases;
  ASSERT_EQ(doc_["signatures"].get(cases), simdjson::SUCCESS);
  ValidatorOptions options;
  options.clock = [] { return FromUnixSeconds(1700000000); };
  int run = 0, valid = 0;
  for (simdjson::dom::element c : cases) {
    const std::string_view name = Str(c, "name");
    bool want = false;
    ASSERT_EQ(c["valid"].get(want), simdjson::SUCCESS);
    SCOPED_TRACE(absl::StrFormat("%s (%s): OpenSSL says %s", std::string(name),
                                 std::string(Str(c, "comment")),
                                 want ? "valid" : "invalid"));
    const Bytes32 qx = Hex32(Str(c, "qx")), qy = Hex32(Str(c, "qy"));
    const Bytes32 r = Hex32(Str(c, "r")), s = Hex32(Str(c, "s"));
    const std::string_view msg = Str(c, "msg");
    std::array<uint8_t, 64> sig;
    std::copy(r.begin(), r.end(), sig.begin());
    std::copy(s.begin(), s.end(), sig.begin() + 32);
    uint8_t digest[32];
    SHA256(reinterpret_cast<const uint8_t*>(msg.data()), msg.size(), digest);

    // The P-256 verifier itself.
    std::unique_ptr<P256PublicKey> key =
        P256PublicKey::Create(qx.data(), qy.data());
    ASSERT_NE(key, nullptr);
    EXPECT_EQ(key->Verify(digest, sig.data()), want) << "P256PublicKey";

    // The crypto module's ES256 key.
    auto prepared = MakeEcKey(Curve::kP256, qx, qy);
    ASSERT_TRUE(prepared.ok()) << prepared.status();
    EXPECT_EQ((*prepared)->Verify(Algorithm::kES256, msg, sig), want)
        << "MakeEcKey";

    // The whole token through a JWK.
    const std::string jwk = R"({"kty":"EC","crv":"P-256","kid":")" +
                            std::string(Str(c, "kid")) + R"(","x":")" +
                            B64(qx.data(), 32) + R"(","y":")" +
                            B64(qy.data(), 32) + R"("})";
    absl::StatusOr<KeySet> keys = KeySet::FromJwks(jwk);
    ASSERT_TRUE(keys.ok()) << keys.status();
    const std::string token =
        std::string(msg) + "." + B64(sig.data(), sig.size());
    EXPECT_EQ(ErrorCodeName(Validator(*keys, options).Validate(token).code()),
              ErrorCodeName(want ? ErrorCode::kOk : ErrorCode::kBadSignature))
        << "token";
    ++run;
    valid += want;
  }
  std::cout << "[p256 edge cases] " << run << " signatures, " << valid
            << " valid\n";
  // The counts the generator printed: a case dropped from the file fails.
  EXPECT_EQ(run, 301);
  EXPECT_EQ(valid, 80);
}

TEST_F(P256EdgeCasesTest, MulAddMatchesOpenSsl) {
  simdjson::dom::array groups;
  ASSERT_EQ(doc_["muladd"].get(groups), simdjson::SUCCESS);
  int run = 0, infinity = 0;
  for (simdjson::dom::element g : groups) {
    SCOPED_TRACE("Q = k*G, k = " + std::string(Str(g, "k")));
    const Bytes32 qx = Hex32(Str(g, "qx")), qy = Hex32(Str(g, "qy"));
    std::unique_ptr<P256PublicKey> key =
        P256PublicKey::Create(qx.data(), qy.data());
    ASSERT_NE(key, nullptr);
    simdjson::dom::array cases;
    ASSERT_EQ(g["cases"].get(cases), simdjson::SUCCESS);
    for (simdjson::dom::element c : cases) {
      simdjson::dom::array triple;
      ASSERT_EQ(c.get(triple), simdjson::SUCCESS);
      ASSERT_EQ(triple.size(), 3u);
      std::string_view u1_hex, u2_hex, x_hex;
      ASSERT_EQ(triple.at(0).get(u1_hex), simdjson::SUCCESS);
      ASSERT_EQ(triple.at(1).get(u2_hex), simdjson::SUCCESS);
      const bool at_infinity = triple.at(2).is_null();
      if (!at_infinity) {
        ASSERT_EQ(triple.at(2).get(x_hex), simdjson::SUCCESS);
      }
      SCOPED_TRACE("u1 = " + std::string(u1_hex) +
                   ", u2 = " + std::string(u2_hex));
      const Bytes32 u1 = Hex32(u1_hex), u2 = Hex32(u2_hex);
      Bytes32 x{};
      const bool finite = key->MulAddX(u1.data(), u2.data(), x.data());
      EXPECT_EQ(finite, !at_infinity);
      if (finite && !at_infinity) {
        EXPECT_EQ(x, Hex32(x_hex));
      }
      ++run;
      infinity += at_infinity;
    }
  }
  std::cout << "[p256 edge cases] " << run << " u1*G + u2*Q, " << infinity
            << " at infinity\n";
  EXPECT_EQ(run, 1470);
  EXPECT_GT(infinity, 0);
}

}  // namespace
}  // namespace jwtv::internal
