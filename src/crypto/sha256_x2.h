// Copyright 2026 The jwtv Authors.
//
// SHA-256 over two independent messages at once. On x86-64 CPUs with the SHA
// extensions (SHA-NI) the two compression chains are interleaved so that
// each fills the other's latency gaps (about 1.9x the throughput of one
// chain); elsewhere a portable implementation runs the two in turn. The
// choice is made once, at run time, from the CPU's feature bits.
//
// Used by the HMAC key to verify two HS256 tokens at a time; the inner and
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

// True when this CPU supports the x86 SHA extensions (and SSE4.1).
bool Sha256HaveShaNi();

// Compresses n 64-byte blocks into state (FIPS 180-4 word order).
void Sha256Blocks(uint32_t state[8], const uint8_t* blocks, size_t n,
                  Sha256Impl impl = Sha256Impl::kAuto);

// Finishes two SHA-256 computations. Stream i starts from state_i, which has
// absorbed prefix_bytes (a multiple of 64) of input, absorbs message_i and
// the padding, and writes its digest to digest_i. The messages may differ in
// length.
void Sha256FinishX2(const uint32_t state0[8], const uint32_t state1[8],
                    uint64_t prefix_bytes, std::string_view message0,
                    std::string_view message1, uint8_t digest0[32],
                    uint8_t digest1[32], Sha256Impl impl = Sha256Impl::kAuto);

// HMAC-SHA256 of two messages under keys given by their precomputed inner
// and outer states (each has absorbed exactly one 64-byte block: the key
// XOR ipad, resp. opad). The two streams may use different keys.
void HmacSha256X2(const uint32_t inner0[8], const uint32_t outer0[8],
                  const uint32_t inner1[8], const uint32_t outer1[8],
                  std::string_view message0, std::string_view message1,
                  uint8_t tag0[32], uint8_t tag1[32],
                  Sha256Impl impl = Sha256Impl::kAuto);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_CRYPTO_SHA256_X2_H_
