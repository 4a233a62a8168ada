// Copyright 2026 The jwtv Authors.
//
// HMAC-SHA256 over one to three independent messages at once. On x86-64 CPUs
// with the SHA extensions (SHA-NI) the streams' compression chains are
// interleaved so that each fills the others' latency gaps (docs/ARCHITECTURE.md
// gives the figures); elsewhere a portable implementation runs them in turn.
// The choice is made once, at run time, from the CPU's feature bits.
//
// The shani kernel of the batched HMAC (hmac_sha256_batch.h); the inner
// and outer states are those HmacKey precomputes (one 64-byte block
// absorbed).

#ifndef JWTV_SRC_CRYPTO_SHA256_STREAMS_H_
#define JWTV_SRC_CRYPTO_SHA256_STREAMS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace jwtv::internal {

enum class Sha256Impl : unsigned char {
  kAuto,      // SHA-NI when the CPU has it, else portable
  kPortable,  // plain C++
  kShaNi,     // SHA-NI if Sha256HaveShaNi(), else portable
};

// The most streams one call takes.
inline constexpr size_t kSha256MaxStreams = 3;

// True when this CPU supports the x86 SHA extensions (and SSE4.1, SSSE3).
bool Sha256HaveShaNi();

// HMAC-SHA256 of n (at most kSha256MaxStreams) messages under keys given by
// their precomputed inner and outer states (each has absorbed exactly one
// 64-byte block: the key XOR ipad, resp. opad); tags[j] gets message j's
// tag. The streams may use different keys and the messages may differ in
// length.
void HmacSha256Streams(size_t n, const uint32_t* const* inner,
                       const uint32_t* const* outer,
                       const std::string_view* messages, uint8_t (*tags)[32],
                       Sha256Impl impl = Sha256Impl::kAuto);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_CRYPTO_SHA256_STREAMS_H_
