// Copyright 2026 The jwtv Authors.
//
// HMAC-SHA256 of many messages under one key, by the fastest kernel this
// CPU runs. The kernels:
//
//   serial  one message at a time through the crypto backend;
//   shani   one to three interleaved SHA-NI streams (sha256_streams.h);
//   avx512  ipsec-mb's 16-lane AVX-512 multi-buffer SHA-256;
//   avx2    ipsec-mb's 8-lane AVX2 multi-buffer SHA-256.
//
// The choice is made once per process, at the first batch: the kernel the
// JWTV_HMAC_KERNEL environment variable names (when this CPU runs it),
// otherwise the one a calibration (each available kernel over a synthetic
// batch of 64 messages of 555 bytes, a few hundred microseconds in all)
// measures fastest. Tests and benchmarks may force another.
//
// A wide kernel sorts a batch by block count before it fills its lanes, and
// hands the few messages left over (fewer than a lane count, when the
// calibration says they cost less one by one than a pass of idle lanes) to
// the SHA-NI streams, or the serial kernel without SHA-NI.

#ifndef JWTV_SRC_CRYPTO_HMAC_SHA256_BATCH_H_
#define JWTV_SRC_CRYPTO_HMAC_SHA256_BATCH_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "crypto/backend.h"

namespace jwtv::internal {

enum class HmacKernel : unsigned char { kSerial, kShaNi, kAvx512, kAvx2 };
inline constexpr size_t kHmacKernelCount = 4;

// "serial", "shani", "avx512", "avx2". The returned view is static.
std::string_view HmacKernelName(HmacKernel k);
// The kernel of that name; nullopt for any other string.
std::optional<HmacKernel> HmacKernelFromName(std::string_view name);

// True when the kernel is built in and this CPU runs it (serial always).
bool HmacKernelAvailable(HmacKernel k);

// The kernel batches use (see above); the first call may calibrate.
HmacKernel ChosenHmacKernel();

// For tests and benchmarks: batches use k from now on (false, and nothing
// changes, when k is unavailable). ResetHmacKernel returns to the choice
// above.
bool ForceHmacKernel(HmacKernel k);
void ResetHmacKernel();

// The calibration's figure for k: nanoseconds per message of its synthetic
// batch, 0 for a kernel this CPU does not run. Calibrates on first use.
double HmacKernelCostNs(HmacKernel k);

// *tags[i] (32 bytes) = HMAC-SHA256 of messages[i] under the key whose
// keyed states inner and outer are (each having absorbed one block: the key
// XOR ipad, resp. opad), for i < n, by kernel k (by the best narrow one,
// shani or serial, when this CPU does not run k).
void HmacSha256Batch(const Sha256Ctx& inner, const Sha256Ctx& outer,
                     const std::string_view* messages, uint8_t* const* tags,
                     size_t n, HmacKernel k);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_CRYPTO_HMAC_SHA256_BATCH_H_
