// Copyright 2026 The jwtv Authors.
//
// HMAC-SHA256 of many messages at once through Intel's ipsec-mb
// multi-buffer library (built in when CMake's JWTV_IPSEC_MB is ON): its
// AVX-512 kernel hashes 16 messages side by side, its AVX2 kernel 8. The
// batched HS256 path (hmac_sha256_batch.h) chooses among these and the
// SHA-NI streams; nothing else uses this header.

#ifndef JWTV_SRC_CRYPTO_IPSEC_MB_HMAC_H_
#define JWTV_SRC_CRYPTO_IPSEC_MB_HMAC_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace jwtv::internal {

enum class IpsecMbArch : unsigned char { kAvx512, kAvx2 };

// The most messages one IpsecMbHmacSha256 call takes.
inline constexpr size_t kIpsecMbMaxMessages = 128;

// True when ipsec-mb is built in and this CPU and OS run `arch`'s kernel.
bool IpsecMbAvailable(IpsecMbArch arch);

// Messages hashed side by side by `arch`'s kernel: 16 or 8.
size_t IpsecMbLanes(IpsecMbArch arch);

// *tags[i] (32 bytes) = HMAC-SHA256 of messages[i] for i < n (n at most
// kIpsecMbMaxMessages; none empty: ipsec-mb refuses those), under the key whose
// inner and outer SHA-256 chaining states (each after absorbing one 64-byte
// block: the key XOR ipad, resp. opad) are given. Messages are submitted in
// order; ipsec-mb refills a lane as soon as its message ends, so lanes idle
// only at the end of the call. False (the tags then unspecified) when `arch` is
// unavailable or ipsec-mb refused a message; the caller hashes them another
// way. Each thread uses its own ipsec-mb manager, allocated at its first call.
bool IpsecMbHmacSha256(IpsecMbArch arch, const uint32_t inner[8],
                       const uint32_t outer[8],
                       const std::string_view* messages, uint8_t* const* tags,
                       size_t n);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_CRYPTO_IPSEC_MB_HMAC_H_
