// Copyright 2026 The jwtv Authors.
//
// The batched HMAC-SHA256 kernels (crypto/hmac_sha256_batch.h), each one
// this CPU runs, against the crypto library's HMAC: every message length
// from 0 to 2,000 bytes, unequal lengths in one batch, secrets shorter and
// longer than a block; ipsec-mb's wide kernels also alone (no stragglers
// handed over) at every batch size around their lane counts; the choice of
// kernel (forced, calibrated, named by JWTV_HMAC_KERNEL).

#include "crypto/hmac_sha256_batch.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "crypto/ipsec_mb_hmac.h"
#include "crypto/prepared_key.h"
#include "gtest/gtest.h"
#include "testing/test_util.h"

namespace jwtv::internal {
namespace {

using ::jwtv::testing::HmacTag;

std::string RandomBytes(std::mt19937_64& rng, size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

// RFC 2104's keyed states, as HmacKey prepares them.
struct Keyed {
  Sha256Ctx inner, outer;
  explicit Keyed(const std::string& secret) {
    uint8_t block[64] = {};
    if (secret.size() > 64) {
      Sha256(reinterpret_cast<const uint8_t*>(secret.data()), secret.size(),
             block);
    } else {
      std::copy(secret.begin(), secret.end(), block);
    }
    for (uint8_t& b : block) b ^= 0x36;
    inner.Init();
    inner.Update(block, 64);
    for (uint8_t& b : block) b ^= 0x36 ^ 0x5c;
    outer.Init();
    outer.Update(block, 64);
  }
};

std::vector<HmacKernel> Kernels() {
  std::vector<HmacKernel> v;
  for (size_t k = 0; k < kHmacKernelCount; ++k) {
    if (HmacKernelAvailable(static_cast<HmacKernel>(k))) {
      v.push_back(static_cast<HmacKernel>(k));
    }
  }
  return v;
}

// Each message in its own heap block of exactly its size, so that ASan
// sees a read past a message's end.
struct Batch {
  std::vector<std::unique_ptr<char[]>> bufs;
  std::vector<std::string_view> views;
  std::vector<std::string> want;
  void Add(const std::string& secret, const std::string& m) {
    bufs.emplace_back(new char[m.size() + (m.empty() ? 1 : 0)]);
    std::memcpy(bufs.back().get(), m.data(), m.size());
    views.emplace_back(bufs.back().get(), m.size());
    want.push_back(HmacTag(Algorithm::kHS256, secret, m));
  }
};

// Runs `b` through kernel k (through `wide` alone when set) and expects
// every tag to be the library's.
void Check(const std::string& secret, const Batch& b, HmacKernel k,
           const IpsecMbArch* wide = nullptr) {
  const Keyed key(secret);
  std::vector<std::array<uint8_t, 32>> tags(b.views.size());
  std::vector<uint8_t*> outs(tags.size());
  for (size_t i = 0; i < tags.size(); ++i) outs[i] = tags[i].data();
  if (wide != nullptr) {
    ASSERT_TRUE(IpsecMbHmacSha256(*wide, key.inner.chaining(),
                                  key.outer.chaining(), b.views.data(),
                                  outs.data(), b.views.size()));
  } else {
    HmacSha256Batch(key.inner, key.outer, b.views.data(), outs.data(),
                    b.views.size(), k);
  }
  for (size_t i = 0; i < tags.size(); ++i) {
    ASSERT_EQ(std::string(reinterpret_cast<const char*>(tags[i].data()), 32),
              b.want[i])
        << HmacKernelName(k) << " message " << i << " of " << tags.size()
        << ", " << b.views[i].size() << " bytes, secret " << secret.size()
        << " bytes";
  }
}

bool CpuinfoHas(const std::string& flag) {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("flags", 0) == 0) {
      return (line + " ").find(" " + flag + " ") != std::string::npos;
    }
  }
  return false;
}

// Never a kernel the CPU lacks (the kernel's flags are an oracle
// independent of the cpuid checks).
TEST(HmacSha256BatchTest, KernelsAvailableOnlyWhereTheCpuRunsThem) {
  EXPECT_TRUE(HmacKernelAvailable(HmacKernel::kSerial));
  if (HmacKernelAvailable(HmacKernel::kShaNi)) {
    EXPECT_TRUE(CpuinfoHas("sha_ni"));
  }
  if (HmacKernelAvailable(HmacKernel::kAvx512)) {
    for (const char* f : {"avx512f", "avx512dq", "avx512bw", "avx512vl"}) {
      EXPECT_TRUE(CpuinfoHas(f)) << f;
    }
  }
  if (HmacKernelAvailable(HmacKernel::kAvx2)) {
    EXPECT_TRUE(CpuinfoHas("avx2"));
  }
  for (HmacKernel k : Kernels()) {
    std::printf("kernel %s: %.1f ns/message\n",
                std::string(HmacKernelName(k)).c_str(), HmacKernelCostNs(k));
  }
}

// Every length 0 .. 2000, sixteen messages of one length per batch (full
// lanes), for every kernel.
TEST(HmacSha256BatchTest, EveryKernelEveryLengthUpTo2000) {
  std::mt19937_64 rng(19);
  const std::string secret = RandomBytes(rng, 32);
  for (HmacKernel k : Kernels()) {
    for (size_t len = 0; len <= 2000; ++len) {
      Batch b;
      for (int i = 0; i < 16; ++i) b.Add(secret, RandomBytes(rng, len));
      Check(secret, b, k);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
}

// Batches of 1 .. 150 messages of unequal lengths (stragglers, sorting,
// more than one 128-message chunk), secrets of 1 .. 200 bytes.
TEST(HmacSha256BatchTest, EveryKernelUnequalLengthsAndLongSecrets) {
  std::mt19937_64 rng(20);
  for (HmacKernel k : Kernels()) {
    for (size_t n : {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65, 150}) {
      for (size_t secret_len : {1, 32, 63, 64, 65, 100, 200}) {
        const std::string secret = RandomBytes(rng, secret_len);
        Batch b;
        for (size_t i = 0; i < n; ++i) {
          b.Add(secret, RandomBytes(rng, rng() % 2001));
        }
        Check(secret, b, k);
        if (::testing::Test::HasFatalFailure()) return;
      }
    }
  }
}

// ipsec-mb's kernels alone, every batch size 1 .. 40 (lanes idle at the
// end, the flush), equal and unequal lengths (never empty: the batch path
// hashes those elsewhere); a batch with an empty message is refused.
TEST(HmacSha256BatchTest, IpsecMbKernelsAloneAtEveryBatchSize) {
  std::mt19937_64 rng(21);
  int ran = 0;
  for (IpsecMbArch arch : {IpsecMbArch::kAvx512, IpsecMbArch::kAvx2}) {
    if (!IpsecMbAvailable(arch)) continue;
    ++ran;
    const HmacKernel k =
        arch == IpsecMbArch::kAvx512 ? HmacKernel::kAvx512 : HmacKernel::kAvx2;
    for (size_t n = 1; n <= 40; ++n) {
      const std::string secret = RandomBytes(rng, 1 + rng() % 100);
      Batch equal, unequal;
      for (size_t i = 0; i < n; ++i) {
        equal.Add(secret, RandomBytes(rng, 555));
        unequal.Add(secret, RandomBytes(rng, 1 + rng() % 2000));
      }
      Check(secret, equal, k, &arch);
      Check(secret, unequal, k, &arch);
      if (::testing::Test::HasFatalFailure()) return;
    }
    const Keyed key("k");
    const std::string_view empty[2] = {"x", ""};
    uint8_t tags[2][32];
    uint8_t* outs[2] = {tags[0], tags[1]};
    EXPECT_FALSE(IpsecMbHmacSha256(arch, key.inner.chaining(),
                                   key.outer.chaining(), empty, outs, 2));
  }
  if (ran == 0) GTEST_SKIP() << "ipsec-mb not built in or no AVX2/AVX-512";
}

#if defined(__SANITIZE_ADDRESS__)
// ipsec-mb's assembly is outside ASan's instrumentation: the range check
// made before each submit is what reports a message running one byte past
// its allocation.
TEST(HmacSha256BatchTest, AsanSeesAMessagePastItsBufferBeforeIpsecMb) {
  const IpsecMbArch arch = IpsecMbAvailable(IpsecMbArch::kAvx512)
                               ? IpsecMbArch::kAvx512
                               : IpsecMbArch::kAvx2;
  if (!IpsecMbAvailable(arch)) GTEST_SKIP() << "no ipsec-mb kernel here";
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const Keyed key("k");
  std::unique_ptr<char[]> buf(new char[100]());
  const std::string_view over(buf.get(), 101);
  uint8_t tag[32];
  uint8_t* out = tag;
  EXPECT_DEATH(IpsecMbHmacSha256(arch, key.inner.chaining(),
                                 key.outer.chaining(), &over, &out, 1),
               "ipsec-mb input out of bounds");
}
#endif

// HmacKey::VerifyBatch under each kernel forced: the library's tags pass,
// a tag with one bit flipped or of the wrong length fails.
TEST(HmacSha256BatchTest, HmacKeyVerifyBatchUnderEachKernel) {
  std::mt19937_64 rng(22);
  for (HmacKernel k : Kernels()) {
    ASSERT_TRUE(ForceHmacKernel(k));
    EXPECT_EQ(ChosenHmacKernel(), k);
    for (size_t secret_len : {16, 64, 65, 300}) {
      const std::string secret = RandomBytes(rng, secret_len);
      auto key = MakeHmacKey(Bytes(
          reinterpret_cast<const uint8_t*>(secret.data()), secret.size()));
      ASSERT_TRUE(key.ok());
      const size_t n = 70;
      std::vector<std::string> msgs, tags;
      for (size_t i = 0; i < n; ++i) {
        msgs.push_back(RandomBytes(rng, 200 + rng() % 800));
        tags.push_back(HmacTag(Algorithm::kHS256, secret, msgs.back()));
        if (i % 3 == 1) {
          char& c = tags.back()[rng() % 32];
          c = static_cast<char>(static_cast<unsigned char>(c) ^
                                (1U << (rng() % 8)));
        }
        if (i % 11 == 5) tags.back().pop_back();
      }
      std::vector<std::string_view> inputs(msgs.begin(), msgs.end());
      std::vector<Bytes> sigs;
      sigs.reserve(tags.size());
      for (const std::string& t : tags) {
        sigs.emplace_back(reinterpret_cast<const uint8_t*>(t.data()), t.size());
      }
      std::unique_ptr<bool[]> got(new bool[n]);
      (*key)->VerifyBatch(Algorithm::kHS256, inputs, sigs, got.get());
      for (size_t i = 0; i < n; ++i) {
        EXPECT_EQ(got[i], i % 3 != 1 && i % 11 != 5)
            << HmacKernelName(k) << " token " << i;
      }
    }
  }
  ResetHmacKernel();
}

// The calibrated choice is the fastest kernel by the calibration's own
// figures; a kernel this CPU lacks cannot be forced.
TEST(HmacSha256BatchTest, ChoiceIsTheCalibratedFastestAndForcingIsChecked) {
  ResetHmacKernel();
  if (std::getenv("JWTV_HMAC_KERNEL") == nullptr) {
    const HmacKernel chosen = ChosenHmacKernel();
    for (HmacKernel k : Kernels()) {
      EXPECT_GT(HmacKernelCostNs(k), 0) << HmacKernelName(k);
      EXPECT_LE(HmacKernelCostNs(chosen), HmacKernelCostNs(k))
          << HmacKernelName(chosen) << " chosen over " << HmacKernelName(k);
    }
  }
  for (size_t k = 0; k < kHmacKernelCount; ++k) {
    const auto kernel = static_cast<HmacKernel>(k);
    if (!HmacKernelAvailable(kernel)) {
      EXPECT_FALSE(ForceHmacKernel(kernel));
      EXPECT_EQ(HmacKernelCostNs(kernel), 0);
    }
    EXPECT_EQ(HmacKernelFromName(HmacKernelName(kernel)), kernel);
  }
  EXPECT_EQ(HmacKernelFromName("sse"), std::nullopt);
}

// JWTV_HMAC_KERNEL names the kernel for the process (read at the first
// batch, so in a fresh child).
TEST(HmacSha256BatchTest, EnvironmentNamesTheKernel) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        setenv("JWTV_HMAC_KERNEL", "serial", 1);
        std::exit(ChosenHmacKernel() == HmacKernel::kSerial ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
  EXPECT_EXIT(
      {
        setenv("JWTV_HMAC_KERNEL", "no-such-kernel", 1);
        std::exit(HmacKernelAvailable(ChosenHmacKernel()) ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace jwtv::internal
