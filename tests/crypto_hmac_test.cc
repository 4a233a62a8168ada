// Copyright 2026 The jwtv Authors.
//
// The HMAC key (HS256/384/512): RFC 4231 known answers, the library's
// one-shot HMAC, tag and secret length checks.

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <vector>

#include "crypto/prepared_key.h"
#include "gtest/gtest.h"
#include "testing/crypto_test_fixtures.h"
#include "testing/crypto_testing.h"
#include "testing/test_util.h"

namespace jwtv::internal {
namespace {

using ::jwtv::testing::RawHmacEquals;

// ---------------------------------------------------------------- HMAC

struct Rfc4231Case {
  const char* name;
  const char* key;
  const char* data;
  const char* hs256;
  const char* hs384;
  const char* hs512;
};

// RFC 4231 section 4 (test case 5, a truncated tag, is in TruncatedTag).
const Rfc4231Case kRfc4231[] = {
    {
        "1",
        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        "4869205468657265",
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
        "faea9ea9076ede7f4af152e8b2fa9cb6",
        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
        "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
    },
    {
        "2",
        "4a656665",
        "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
        "8e2240ca5e69e2c78b3239ecfab21649",
        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
        "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
    },
    {
        "3",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
        "dddddddddddddddddddddddddddddddddddd",
        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
        "2a5ab39dc13814b94e3ab6e101a34f27",
        "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
        "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
    },
    {
        "4",
        "0102030405060708090a0b0c0d0e0f10111213141516171819",
        "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
        "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
        "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
        "6801dd23c4a7d679ccf8a386c674cffb",
        "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
        "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
    },
    {
        "6 (131-byte key)",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaa",
        "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a"
        "65204b6579202d2048617368204b6579204669727374",
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
        "0c2ef6ab4030fe8296248df163f44952",
        "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
        "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
    },
    {
        "7 (131-byte key, long data)",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaa",
        "5468697320697320612074657374207573696e672061206c6172676572207468"
        "616e20626c6f636b2d73697a65206b657920616e642061206c61726765722074"
        "68616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565"
        "647320746f20626520686173686564206265666f7265206265696e6720757365"
        "642062792074686520484d414320616c676f726974686d2e",
        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
        "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
        "a678cc31e799176d3860e6110c46523e",
        "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
        "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
    },
};

TEST(HmacTest, Rfc4231KnownAnswers) {
  for (const Rfc4231Case& tc : kRfc4231) {
    SCOPED_TRACE(tc.name);
    const std::vector<uint8_t> key = Hex(tc.key), data = Hex(tc.data);
    auto prepared = MakeHmacKey(key);
    ASSERT_TRUE(prepared.ok()) << prepared.status();
    const PreparedKey& k = **prepared;
    EXPECT_EQ(k.type(), KeyType::kOct);
    EXPECT_EQ(k.bits(), static_cast<int>(key.size() * 8));
    const std::pair<Algorithm, const char*> tags[] = {
        {Algorithm::kHS256, tc.hs256},
        {Algorithm::kHS384, tc.hs384},
        {Algorithm::kHS512, tc.hs512}};
    for (const auto& [alg, hex] : tags) {
      SCOPED_TRACE(AlgorithmName(alg));
      const std::vector<uint8_t> tag = Hex(hex);
      EXPECT_TRUE(RawHmacEquals(alg, key, View(data), tag));
      ExpectOnlyAlgVerifies(k, alg, View(data), tag);
      // One key, three hashes: a tag of one never passes as another.
      for (const auto& [other, other_hex] : tags) {
        if (other != alg) {
          EXPECT_FALSE(k.Verify(other, View(data), tag));
        }
      }
    }
  }
}

TEST(HmacTest, TruncatedTagIsRejected) {
  // RFC 4231 test case 5: the first 128 bits are a valid truncated tag, but
  // JWS only has full-length tags.
  const std::vector<uint8_t> key(20, 0x0c);
  const std::vector<uint8_t> data = Str("Test With Truncation");
  const std::vector<uint8_t> trunc = Hex("a3b6167473100ee06e0c796c2955552b");
  auto k = MakeHmacKey(key);
  ASSERT_TRUE(k.ok());
  EXPECT_FALSE((*k)->Verify(Algorithm::kHS256, View(data), trunc));
  EXPECT_FALSE(RawHmacEquals(Algorithm::kHS256, key, View(data), trunc));
  uint8_t full[32];
  unsigned len = 0;
  ASSERT_NE(HMAC(EVP_sha256(), key.data(), key.size(), data.data(), data.size(),
                 full, &len),
            nullptr);
  EXPECT_TRUE(std::equal(trunc.begin(), trunc.end(), full));
  EXPECT_TRUE((*k)->Verify(Algorithm::kHS256, View(data), Bytes(full, 32)));
}

const std::pair<Algorithm, const EVP_MD*> kHmacAlgs[] = {
    {Algorithm::kHS256, EVP_sha256()},
    {Algorithm::kHS384, EVP_sha384()},
    {Algorithm::kHS512, EVP_sha512()}};

// BoringSSL's one-shot HMAC of msg into tag: its length, 0 on failure.
unsigned OneShotHmac(const EVP_MD* md, const std::vector<uint8_t>& key,
                     std::string_view msg, uint8_t tag[EVP_MAX_MD_SIZE]) {
  unsigned len = 0;
  if (HMAC(md, key.data(), key.size(),
           reinterpret_cast<const uint8_t*>(msg.data()), msg.size(), tag,
           &len) == nullptr) {
    return 0;
  }
  return len;
}

TEST(HmacTest, KeySizesAroundTheBlockSizeMatchOneShotHmac) {
  const std::string msg = "header.payload";
  for (size_t key_len :
       {1u, 31u, 32u, 63u, 64u, 65u, 127u, 128u, 129u, 200u, 1000u, 65536u}) {
    SCOPED_TRACE(key_len);
    std::vector<uint8_t> key(key_len);
    for (size_t i = 0; i < key_len; ++i) key[i] = static_cast<uint8_t>(i * 7);
    auto k = MakeHmacKey(key);
    ASSERT_TRUE(k.ok()) << k.status();
    for (const auto& [alg, md] : kHmacAlgs) {
      uint8_t tag[EVP_MAX_MD_SIZE];
      const unsigned len = OneShotHmac(md, key, msg, tag);
      ASSERT_NE(len, 0u);
      EXPECT_TRUE((*k)->Verify(alg, msg, Bytes(tag, len)));
      EXPECT_TRUE(RawHmacEquals(alg, key, msg, Bytes(tag, len)));
      EXPECT_FALSE((*k)->Verify(alg, msg, Bytes(tag, len - 1)));
      tag[len / 2] ^= 4;
      EXPECT_FALSE((*k)->Verify(alg, msg, Bytes(tag, len)));
      EXPECT_FALSE(RawHmacEquals(alg, key, msg, Bytes(tag, len)));
    }
  }
}

// Every bit of the tag counts, one tag at a time and two at a time (the
// batch path), for each hash.
TEST(HmacTest, AnyFlippedTagBitIsRejected) {
  const std::vector<uint8_t> key = Str("flip-secret");
  auto k = MakeHmacKey(key);
  ASSERT_TRUE(k.ok());
  const std::string msg = "eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ";
  for (const auto& [alg, md] : kHmacAlgs) {
    uint8_t tag[EVP_MAX_MD_SIZE];
    const unsigned len = OneShotHmac(md, key, msg, tag);
    ASSERT_NE(len, 0u);
    const std::string_view inputs[2] = {msg, msg};
    for (unsigned bit = 0; bit < 8 * len; ++bit) {
      SCOPED_TRACE(bit);
      uint8_t bad[EVP_MAX_MD_SIZE];
      std::memcpy(bad, tag, len);
      bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      EXPECT_FALSE((*k)->Verify(alg, msg, Bytes(bad, len)));
      const Bytes sigs[2] = {Bytes(tag, len), Bytes(bad, len)};
      bool results[2] = {false, true};
      (*k)->VerifyBatch(alg, inputs, sigs, results);
      EXPECT_TRUE(results[0]);
      EXPECT_FALSE(results[1]);
    }
    EXPECT_TRUE((*k)->Verify(alg, msg, Bytes(tag, len)));
  }
}

TEST(HmacTest, EmptyMessage) {
  const std::vector<uint8_t> key = Str("secret");
  auto k = MakeHmacKey(key);
  ASSERT_TRUE(k.ok());
  uint8_t tag[32];
  unsigned len = 0;
  ASSERT_NE(HMAC(EVP_sha256(), key.data(), key.size(), nullptr, 0, tag, &len),
            nullptr);
  EXPECT_TRUE((*k)->Verify(Algorithm::kHS256, {}, Bytes(tag, len)));
}

TEST(HmacTest, SecretSizeLimits) {
  EXPECT_FALSE(MakeHmacKey({}).ok());
  std::vector<uint8_t> big(64 * 1024 + 1, 1);
  EXPECT_FALSE(MakeHmacKey(big).ok());
  big.pop_back();
  EXPECT_TRUE(MakeHmacKey(big).ok());
}

TEST(HmacTest, RawHmacRejectsOtherFamilies) {
  const std::vector<uint8_t> key = Str("k"), tag(32, 0);
  EXPECT_FALSE(RawHmacEquals(Algorithm::kRS256, key, "x", tag));
  EXPECT_FALSE(RawHmacEquals(Algorithm::kEdDSA, key, "x", tag));
}

TEST(HmacTest, NaturalAlgorithms) {
  auto k = MakeHmacKey(Str("k"));
  ASSERT_TRUE(k.ok());
  EXPECT_EQ((*k)->natural_algorithms(), AlgorithmSet::Hmac());
}

}  // namespace
}  // namespace jwtv::internal
