// Copyright 2026 The jwtv Authors.
//
// The multi-stream HMAC-SHA256 (crypto/sha256_streams.h), portable and
// SHA-NI, with one, two and three streams, against the crypto library's HMAC
// on random keys and inputs of random, equal and unequal lengths; and
// HmacKey's batch path against one-at-a-time HMAC.

#include "crypto/sha256_streams.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "crypto/prepared_key.h"
#include "crypto_testing.h"
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

// The detection agrees with the kernel's view of the CPU (/proc/cpuinfo's
// flags), an oracle independent of jwtv's cpuid code: a wrong answer would
// either run SHA-NI instructions the CPU lacks or leave the fast kernel
// unused.
TEST(Sha256StreamsTest, DetectsShaNiAsTheKernelReportsIt) {
  std::ifstream cpuinfo("/proc/cpuinfo");
  if (!cpuinfo) GTEST_SKIP() << "no /proc/cpuinfo";
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("flags", 0) != 0) continue;
    const std::string flags = line.substr(line.find(':') + 1) + " ";
    auto has = [&flags](const char* flag) {
      return flags.find(" " + std::string(flag) + " ") != std::string::npos;
    };
    EXPECT_EQ(Sha256HaveShaNi(), has("sha_ni") && has("sse4_1") && has("ssse3"))
        << flags;
    return;
  }
  GTEST_SKIP() << "no flags line in /proc/cpuinfo";
}

TEST(Sha256StreamsTest, HmacStreamsEqualBoringSslHmacOnRandomInputs) {
  std::mt19937_64 rng(5);
  for (Sha256Impl impl : Impls()) {
    for (int round = 0; round < 1500; ++round) {
      const size_t n = 1 + round % kSha256MaxStreams;
      std::string keys[kSha256MaxStreams], msgs[kSha256MaxStreams];
      uint32_t inner[kSha256MaxStreams][8], outer[kSha256MaxStreams][8];
      const uint32_t* inner_p[kSha256MaxStreams];
      const uint32_t* outer_p[kSha256MaxStreams];
      std::string_view views[kSha256MaxStreams];
      for (size_t j = 0; j < n; ++j) {
        keys[j] = RandomBytes(rng, 1 + rng() % 64);
        // Every third round, all streams the same length.
        msgs[j] = RandomBytes(
            rng, round % 3 == 0 && j > 0 ? msgs[0].size() : RandomLength(rng));
        std::string ipad(64, 0x36), opad(64, 0x5c);
        for (size_t k = 0; k < keys[j].size(); ++k) {
          ipad[k] ^= keys[j][k];
          opad[k] ^= keys[j][k];
        }
        StateAfter(ipad, inner[j]);
        StateAfter(opad, outer[j]);
        inner_p[j] = inner[j];
        outer_p[j] = outer[j];
        views[j] = msgs[j];
      }
      uint8_t tags[kSha256MaxStreams][32];
      HmacSha256Streams(n, inner_p, outer_p, views, tags, impl);
      for (size_t j = 0; j < n; ++j) {
        uint8_t want[32];
        unsigned len = 0;
        HMAC(EVP_sha256(), keys[j].data(), keys[j].size(),
             reinterpret_cast<const uint8_t*>(msgs[j].data()), msgs[j].size(),
             want, &len);
        ASSERT_EQ(len, 32u);
        ASSERT_EQ(std::memcmp(tags[j], want, 32), 0)
            << "impl " << static_cast<int>(impl) << " n " << n << " stream "
            << j << " len " << msgs[j].size();
      }
    }
  }
}

TEST(Sha256StreamsTest, HmacKeyVerifyBatchEqualsVerify) {
  std::mt19937_64 rng(3);
  const std::string secret = RandomBytes(rng, 40);
  auto key = MakeHmacKey(
      Bytes(reinterpret_cast<const uint8_t*>(secret.data()), secret.size()));
  ASSERT_TRUE(key.ok());
  for (Algorithm alg :
       {Algorithm::kHS256, Algorithm::kHS384, Algorithm::kHS512}) {
    for (size_t n : {0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 64u}) {
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
