// Copyright 2026 The jwtv Authors.
//
// The batched HMAC-SHA256 kernels and the per-process choice among them
// (hmac_sha256_batch.h).

#include "crypto/hmac_sha256_batch.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>

#include "crypto/ipsec_mb_hmac.h"
#include "crypto/sha256_streams.h"

namespace jwtv::internal {
namespace {

// The most messages one kernel call takes (and ipsec-mb's limit).
constexpr size_t kChunk = kIpsecMbMaxMessages;

constexpr std::string_view kNames[kHmacKernelCount] = {"serial", "shani",
                                                       "avx512", "avx2"};

// Clears secret-dependent bytes; the empty asm that may read them keeps the
// stores.
inline void Wipe(void* p, size_t n) {
  std::memset(p, 0, n);
  __asm__ __volatile__("" : : "r"(p) : "memory");
}

void Serial(const Sha256Ctx& inner, const Sha256Ctx& outer,
            const std::string_view* messages, uint8_t* const* tags, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    Sha256Ctx c = inner;
    uint8_t digest[kSha256DigestBytes];
    c.Update(messages[i].data(), messages[i].size());
    c.Final(digest);
    c = outer;
    c.Update(digest, sizeof(digest));
    c.Final(tags[i]);
    Wipe(&c, sizeof(c));
    Wipe(digest, sizeof(digest));
  }
}

// Three streams at a time; four left go as two pairs rather than three and
// one alone, and one left goes through the backend.
void ShaNi(const Sha256Ctx& inner, const Sha256Ctx& outer,
           const std::string_view* messages, uint8_t* const* tags, size_t n) {
  const uint32_t* in[kSha256MaxStreams];
  const uint32_t* out[kSha256MaxStreams];
  for (size_t j = 0; j < kSha256MaxStreams; ++j) {
    in[j] = inner.chaining();
    out[j] = outer.chaining();
  }
  for (size_t i = 0; i < n;) {
    const size_t left = n - i;
    const size_t s = left == 4 ? 2 : std::min(kSha256MaxStreams, left);
    if (s == 1) {
      Serial(inner, outer, &messages[i], &tags[i], 1);
      break;
    }
    uint8_t t[kSha256MaxStreams][kSha256DigestBytes];
    HmacSha256Streams(s, in, out, &messages[i], t);
    for (size_t j = 0; j < s; ++j) std::memcpy(tags[i + j], t[j], sizeof(t[j]));
    Wipe(t, sizeof(t));
    i += s;
  }
}

// The kernel for what a wide kernel leaves over (and if ipsec-mb fails).
HmacKernel Fallback() {
  return Sha256HaveShaNi() ? HmacKernel::kShaNi : HmacKernel::kSerial;
}

void Narrow(HmacKernel k, const Sha256Ctx& inner, const Sha256Ctx& outer,
            const std::string_view* messages, uint8_t* const* tags, size_t n) {
  if (k == HmacKernel::kShaNi) {
    ShaNi(inner, outer, messages, tags, n);
  } else {
    Serial(inner, outer, messages, tags, n);
  }
}

// The order a wide kernel takes messages in: by SHA-256 blocks after the
// key block, most first, and the empty ones (which ipsec-mb refuses) last.
inline size_t SortKey(std::string_view m) {
  return m.empty() ? 0 : (m.size() + 72) / 64;
}

// Longest first, so that the messages in the lanes at any time have about
// the same length and the ones that end the call (with lanes idle) are the
// shortest; then the `stragglers` (fewer than a lane count) shortest, if
// that many are left over a whole number of lane passes, go to the
// fallback kernel, as do the empty messages.
void Wide(IpsecMbArch arch, const Sha256Ctx& inner, const Sha256Ctx& outer,
          const std::string_view* messages, uint8_t* const* tags, size_t n,
          size_t stragglers) {
  std::string_view views[kChunk];
  uint8_t* outs[kChunk];
  std::copy_n(messages, n, views);
  std::copy_n(tags, n, outs);
  const size_t first_key = n == 0 ? 0 : SortKey(messages[0]);
  const bool sorted = std::all_of(messages, messages + n, [&](auto m) {
    return SortKey(m) == first_key && !m.empty();
  });
  if (!sorted) {
    uint8_t order[kChunk];
    for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint8_t>(i);
    // Longest first, ties in input order: a stable order without
    // std::stable_sort, whose temporary buffer would allocate per batch.
    std::sort(order, order + n, [&](uint8_t a, uint8_t b) {
      const size_t ka = SortKey(messages[a]);
      const size_t kb = SortKey(messages[b]);
      return ka != kb ? ka > kb : a < b;
    });
    for (size_t i = 0; i < n; ++i) {
      views[i] = messages[order[i]];
      outs[i] = tags[order[i]];
    }
  }
  size_t wide = n;
  while (wide > 0 && views[wide - 1].empty()) --wide;
  const size_t rest = wide % IpsecMbLanes(arch);
  if (rest <= stragglers) wide -= rest;
  if (wide > 0 && !IpsecMbHmacSha256(arch, inner.chaining(), outer.chaining(),
                                     views, outs, wide)) {
    Narrow(Fallback(), inner, outer, views, outs, wide);
  }
  Narrow(Fallback(), inner, outer, views + wide, outs + wide, n - wide);
}

void Run(HmacKernel k, const Sha256Ctx& inner, const Sha256Ctx& outer,
         const std::string_view* messages, uint8_t* const* tags, size_t n,
         size_t stragglers) {
  switch (k) {
    case HmacKernel::kAvx512:
      return Wide(IpsecMbArch::kAvx512, inner, outer, messages, tags, n,
                  stragglers);
    case HmacKernel::kAvx2:
      return Wide(IpsecMbArch::kAvx2, inner, outer, messages, tags, n,
                  stragglers);
    case HmacKernel::kShaNi:
    case HmacKernel::kSerial:
      return Narrow(k, inner, outer, messages, tags, n);
  }
}

struct Calibration {
  HmacKernel best = HmacKernel::kSerial;
  double ns[kHmacKernelCount] = {};
  size_t stragglers[kHmacKernelCount] = {};
};

constexpr size_t kCalibrationMessages = 64;
constexpr size_t kCalibrationBytes = 555;  // a typical HS256 signing input
constexpr int kCalibrationRounds = 3;

// Each available kernel over the same synthetic batch, round after round
// (so a burst of noise from other processes hits them all alike), keeping
// each kernel's fastest round.
Calibration Calibrate() {
  Calibration cal;
  uint8_t block[Sha256Ctx::kBlock];
  std::memset(block, 0x36 ^ 0x4b, sizeof(block));
  Sha256Ctx inner, outer;
  inner.Init();
  inner.Update(block, sizeof(block));
  std::memset(block, 0x5c ^ 0x4b, sizeof(block));
  outer.Init();
  outer.Update(block, sizeof(block));
  std::string text(kCalibrationBytes + kCalibrationMessages, 'e');
  for (size_t i = 0; i < text.size(); ++i)
    text[i] = static_cast<char>('A' + i % 61);
  std::string_view messages[kCalibrationMessages];
  uint8_t tags[kCalibrationMessages][kSha256DigestBytes];
  uint8_t* outs[kCalibrationMessages];
  for (size_t i = 0; i < kCalibrationMessages; ++i) {
    messages[i] = std::string_view(text).substr(i, kCalibrationBytes);
    outs[i] = tags[i];
  }
  double best_ns[kHmacKernelCount];
  std::fill_n(best_ns, kHmacKernelCount, 1e30);
  for (int round = -1; round < kCalibrationRounds; ++round) {
    for (size_t k = 0; k < kHmacKernelCount; ++k) {
      const auto kernel = static_cast<HmacKernel>(k);
      if (!HmacKernelAvailable(kernel)) continue;
      const auto t0 = std::chrono::steady_clock::now();
      Run(kernel, inner, outer, messages, outs, kCalibrationMessages, 0);
      const auto t1 = std::chrono::steady_clock::now();
      const double ns =
          std::chrono::duration<double, std::nano>(t1 - t0).count();
      if (round >= 0)
        best_ns[k] = std::min(best_ns[k], ns);  // round -1 warms up
    }
  }
  for (size_t k = 0; k < kHmacKernelCount; ++k) {
    if (!HmacKernelAvailable(static_cast<HmacKernel>(k))) continue;
    cal.ns[k] = best_ns[k] / kCalibrationMessages;
    if (cal.ns[k] < cal.ns[static_cast<size_t>(cal.best)]) {
      cal.best = static_cast<HmacKernel>(k);
    }
  }
  // A pass of `lanes` lanes costs about lanes * ns[wide]; r left-over
  // messages cost r * ns[fallback] in the fallback kernel.
  const double fallback_ns = cal.ns[static_cast<size_t>(Fallback())];
  for (const HmacKernel k : {HmacKernel::kAvx512, HmacKernel::kAvx2}) {
    const size_t i = static_cast<size_t>(k);
    if (cal.ns[i] <= 0 || fallback_ns <= 0) continue;
    const size_t lanes = IpsecMbLanes(
        k == HmacKernel::kAvx512 ? IpsecMbArch::kAvx512 : IpsecMbArch::kAvx2);
    const double r = static_cast<double>(lanes) * cal.ns[i] / fallback_ns;
    cal.stragglers[i] = std::min(lanes - 1, static_cast<size_t>(r));
  }
  Wipe(tags, sizeof(tags));
  return cal;
}

const Calibration& GetCalibration() {
  static const Calibration cal = Calibrate();
  return cal;
}

HmacKernel DefaultKernel() {
  static const HmacKernel k = [] {
    if (const char* env = std::getenv("JWTV_HMAC_KERNEL")) {
      const std::optional<HmacKernel> named = HmacKernelFromName(env);
      if (named && HmacKernelAvailable(*named)) return *named;
    }
    return GetCalibration().best;
  }();
  return k;
}

std::atomic<int> forced_kernel{-1};

}  // namespace

std::string_view HmacKernelName(HmacKernel k) {
  return kNames[static_cast<size_t>(k)];
}

std::optional<HmacKernel> HmacKernelFromName(std::string_view name) {
  for (size_t k = 0; k < kHmacKernelCount; ++k) {
    if (kNames[k] == name) return static_cast<HmacKernel>(k);
  }
  return std::nullopt;
}

bool HmacKernelAvailable(HmacKernel k) {
  switch (k) {
    case HmacKernel::kSerial:
      return true;
    case HmacKernel::kShaNi:
      return Sha256HaveShaNi();
    case HmacKernel::kAvx512:
      return IpsecMbAvailable(IpsecMbArch::kAvx512);
    case HmacKernel::kAvx2:
      return IpsecMbAvailable(IpsecMbArch::kAvx2);
  }
  return false;
}

HmacKernel ChosenHmacKernel() {
  const int f = forced_kernel.load(std::memory_order_relaxed);
  return f >= 0 ? static_cast<HmacKernel>(f) : DefaultKernel();
}

bool ForceHmacKernel(HmacKernel k) {
  if (!HmacKernelAvailable(k)) return false;
  forced_kernel.store(static_cast<int>(k), std::memory_order_relaxed);
  return true;
}

void ResetHmacKernel() { forced_kernel.store(-1, std::memory_order_relaxed); }

double HmacKernelCostNs(HmacKernel k) {
  return GetCalibration().ns[static_cast<size_t>(k)];
}

void HmacSha256Batch(const Sha256Ctx& inner, const Sha256Ctx& outer,
                     const std::string_view* messages, uint8_t* const* tags,
                     size_t n, HmacKernel k) {
  if (!HmacKernelAvailable(k)) k = Fallback();
  const size_t stragglers =
      k == HmacKernel::kAvx512 || k == HmacKernel::kAvx2
          ? GetCalibration().stragglers[static_cast<size_t>(k)]
          : 0;
  for (size_t i = 0; i < n; i += kChunk) {
    Run(k, inner, outer, messages + i, tags + i, std::min(kChunk, n - i),
        stragglers);
  }
}

}  // namespace jwtv::internal
