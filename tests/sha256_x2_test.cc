// Copyright 2026 The jwtv Authors.
//
// The two-stream SHA-256 (crypto/sha256_x2.h), portable and SHA-NI, against
// BoringSSL on random inputs of random, unequal lengths; and HmacKey's
// batch path against one-at-a-time HMAC.

#include "crypto/sha256_x2.h"

#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "crypto/prepared_key.h"
#include "gtest/gtest.h"

namespace jwtv::internal {
namespace {

std::string RandomBytes(std::mt19937_64& rng, size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

size_t RandomLength(std::mt19937_64& rng) {
  switch (rng() % 4) {
    case 0:
      return rng() % 130;  // around one or two blocks
    case 1:
      return 55 + rng() % 10;  // the padding boundary
    case 2:
      return rng() % 2000;
    default:
      return rng() % 20000;  // more than one 32-block chunk
  }
}

std::vector<Sha256Impl> Impls() {
  std::vector<Sha256Impl> v = {Sha256Impl::kPortable, Sha256Impl::kAuto};
  if (Sha256HaveShaNi()) v.push_back(Sha256Impl::kShaNi);
  return v;
}

// SHA-256 state after absorbing `block` (64 bytes) from the IV.
void StateAfter(const std::string& block, uint32_t out[8]) {
  SHA256_CTX c;
  SHA256_Init(&c);
  SHA256_Update(&c, block.data(), block.size());
  std::memcpy(out, c.h, 32);
}

TEST(Sha256X2Test, ReportsCpuSupport) {
  // Informational: which kernel kAuto uses on this machine.
  std::printf("SHA-NI: %s\n", Sha256HaveShaNi() ? "yes" : "no");
}

TEST(Sha256X2Test, BlocksEqualBoringSsl) {
  std::mt19937_64 rng(7);
  for (Sha256Impl impl : Impls()) {
    for (int round = 0; round < 200; ++round) {
      const size_t blocks = rng() % 70;
      const std::string data = RandomBytes(rng, 64 * blocks);
      SHA256_CTX c;
      SHA256_Init(&c);
      uint32_t state[8];
      std::memcpy(state, c.h, 32);
      SHA256_Update(&c, data.data(), data.size());
      Sha256Blocks(state, reinterpret_cast<const uint8_t*>(data.data()), blocks,
                   impl);
      ASSERT_EQ(std::memcmp(state, c.h, 32), 0) << blocks;
    }
  }
}

TEST(Sha256X2Test, FinishX2EqualsBoringSslOnRandomInputs) {
  std::mt19937_64 rng(1);
  for (Sha256Impl impl : Impls()) {
    for (int round = 0; round < 1000; ++round) {
      const std::string prefix0 = RandomBytes(rng, 64);
      const std::string prefix1 = RandomBytes(rng, 64);
      const std::string m0 = RandomBytes(rng, RandomLength(rng));
      const std::string m1 = RandomBytes(rng, RandomLength(rng));
      uint32_t s0[8], s1[8];
      StateAfter(prefix0, s0);
      StateAfter(prefix1, s1);
      uint8_t d0[32], d1[32];
      Sha256FinishX2(s0, s1, 64, m0, m1, d0, d1, impl);
      uint8_t want0[32], want1[32];
      const std::string all0 = prefix0 + m0, all1 = prefix1 + m1;
      SHA256(reinterpret_cast<const uint8_t*>(all0.data()), all0.size(), want0);
      SHA256(reinterpret_cast<const uint8_t*>(all1.data()), all1.size(), want1);
      ASSERT_EQ(std::memcmp(d0, want0, 32), 0) << m0.size() << " " << m1.size();
      ASSERT_EQ(std::memcmp(d1, want1, 32), 0) << m0.size() << " " << m1.size();
    }
  }
}

TEST(Sha256X2Test, FinishX2FromIvHashesWholeMessages) {
  SHA256_CTX c;
  SHA256_Init(&c);
  uint8_t d0[32], d1[32], want0[32], want1[32];
  for (Sha256Impl impl : Impls()) {
    Sha256FinishX2(c.h, c.h, 0, "", "abc", d0, d1, impl);
    SHA256(nullptr, 0, want0);
    SHA256(reinterpret_cast<const uint8_t*>("abc"), 3, want1);
    EXPECT_EQ(std::memcmp(d0, want0, 32), 0);
    EXPECT_EQ(std::memcmp(d1, want1, 32), 0);
  }
}

TEST(Sha256X2Test, HmacX2EqualsBoringSslHmacOnRandomInputs) {
  std::mt19937_64 rng(2);
  for (Sha256Impl impl : Impls()) {
    for (int round = 0; round < 1000; ++round) {
      std::string keys[2], msgs[2];
      uint32_t inner[2][8], outer[2][8];
      for (int i = 0; i < 2; ++i) {
        keys[i] = RandomBytes(rng, 1 + rng() % 64);
        msgs[i] = RandomBytes(rng, RandomLength(rng));
        std::string ipad(64, 0x36), opad(64, 0x5c);
        for (size_t j = 0; j < keys[i].size(); ++j) {
          ipad[j] ^= keys[i][j];
          opad[j] ^= keys[i][j];
        }
        StateAfter(ipad, inner[i]);
        StateAfter(opad, outer[i]);
      }
      uint8_t tags[2][32];
      HmacSha256X2(inner[0], outer[0], inner[1], outer[1], msgs[0], msgs[1],
                   tags[0], tags[1], impl);
      for (int i = 0; i < 2; ++i) {
        uint8_t want[32];
        unsigned len = 0;
        HMAC(EVP_sha256(), keys[i].data(), keys[i].size(),
             reinterpret_cast<const uint8_t*>(msgs[i].data()), msgs[i].size(),
             want, &len);
        ASSERT_EQ(len, 32u);
        ASSERT_EQ(std::memcmp(tags[i], want, 32), 0)
            << "impl " << static_cast<int>(impl) << " len " << msgs[i].size();
      }
    }
  }
}

TEST(Sha256X2Test, HmacKeyVerifyBatchEqualsVerify) {
  std::mt19937_64 rng(3);
  const std::string secret = RandomBytes(rng, 40);
  auto key = MakeHmacKey(
      Bytes(reinterpret_cast<const uint8_t*>(secret.data()), secret.size()));
  ASSERT_TRUE(key.ok());
  for (Algorithm alg :
       {Algorithm::kHS256, Algorithm::kHS384, Algorithm::kHS512}) {
    for (size_t n : {0u, 1u, 2u, 5u, 64u}) {
      std::vector<std::string> msgs, tags;
      for (size_t i = 0; i < n; ++i) {
        msgs.push_back(RandomBytes(rng, RandomLength(rng)));
        uint8_t mac[64];
        unsigned len = 0;
        const EVP_MD* md = alg == Algorithm::kHS256   ? EVP_sha256()
                           : alg == Algorithm::kHS384 ? EVP_sha384()
                                                      : EVP_sha512();
        HMAC(md, secret.data(), secret.size(),
             reinterpret_cast<const uint8_t*>(msgs.back().data()),
             msgs.back().size(), mac, &len);
        std::string tag(reinterpret_cast<char*>(mac), len);
        switch (rng() % 4) {
          case 0:
            tag[rng() % tag.size()] ^= 1;  // wrong tag
            break;
          case 1:
            tag.pop_back();  // wrong length
            break;
          default:
            break;
        }
        tags.push_back(tag);
      }
      std::vector<std::string_view> inputs(msgs.begin(), msgs.end());
      std::vector<Bytes> sigs;
      for (const std::string& t : tags) {
        sigs.emplace_back(reinterpret_cast<const uint8_t*>(t.data()), t.size());
      }
      std::unique_ptr<bool[]> got(new bool[n + 1]);
      (*key)->VerifyBatch(alg, inputs, sigs, got.get());
      for (size_t i = 0; i < n; ++i) {
        EXPECT_EQ(got[i], (*key)->Verify(alg, inputs[i], sigs[i])) << i;
      }
    }
  }
}

}  // namespace
}  // namespace jwtv::internal
