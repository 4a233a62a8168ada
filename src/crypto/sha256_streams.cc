// Copyright 2026 The jwtv Authors.
//
// Multi-stream SHA-256. The SHA-NI kernel follows Intel's reference sequence
// (state held as ABEF/CDGH, four rounds per message vector, schedule with
// sha256msg1/msg2) and runs N such sequences side by side so the
// out-of-order core overlaps their sha256rnds2 latencies. Only the kernels
// carry target("sha,sse4.1"), so the rest of the build needs no extra flags;
// they are called only after a CPU feature check.

#include "crypto/sha256_streams.h"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define JWTV_SHA256_X86 1
#endif

namespace jwtv::internal {
namespace {

constexpr uint32_t kK[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// ---- Portable ---------------------------------------------------------------

inline uint32_t Rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

inline uint32_t LoadBe32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
         (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

void BlockPortable(uint32_t s[8], const uint8_t* p) {
  uint32_t w[64];
  for (size_t i = 0; i < 16; ++i) w[i] = LoadBe32(p + 4 * i);
  for (int i = 16; i < 64; ++i) {
    const uint32_t s0 =
        Rotr(w[i - 15], 7) ^ Rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    const uint32_t s1 =
        Rotr(w[i - 2], 17) ^ Rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6],
           h = s[7];
  for (int i = 0; i < 64; ++i) {
    const uint32_t t1 = h + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) +
                        ((e & f) ^ (~e & g)) + kK[i] + w[i];
    const uint32_t t2 = (Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) +
                        ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  s[0] += a;
  s[1] += b;
  s[2] += c;
  s[3] += d;
  s[4] += e;
  s[5] += f;
  s[6] += g;
  s[7] += h;
}

// Each stream in turn.
void BlocksPortable(size_t streams, uint32_t* const* s,
                    const uint8_t* const* const* b, size_t n) {
  for (size_t j = 0; j < streams; ++j) {
    for (size_t i = 0; i < n; ++i) BlockPortable(s[j], b[j][i]);
  }
}

// ---- SHA-NI -----------------------------------------------------------------

#ifdef JWTV_SHA256_X86

#define JWTV_SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

struct ShaState {
  __m128i abef, cdgh;
};

JWTV_SHA_TARGET inline ShaState LoadState(const uint32_t s[8]) {
  __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
  __m128i st1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 4));
  tmp = _mm_shuffle_epi32(tmp, 0xB1);        // CDAB
  st1 = _mm_shuffle_epi32(st1, 0x1B);        // EFGH
  return {_mm_alignr_epi8(tmp, st1, 8),      // ABEF
          _mm_blend_epi16(st1, tmp, 0xF0)};  // CDGH
}

JWTV_SHA_TARGET inline void StoreState(const ShaState& st, uint32_t s[8]) {
  __m128i tmp = _mm_shuffle_epi32(st.abef, 0x1B);  // FEBA
  __m128i st1 = _mm_shuffle_epi32(st.cdgh, 0xB1);  // DCHG
  __m128i st0 = _mm_blend_epi16(tmp, st1, 0xF0);   // DCBA
  st1 = _mm_alignr_epi8(st1, tmp, 8);              // HGFE
  _mm_storeu_si128(reinterpret_cast<__m128i*>(s), st0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(s + 4), st1);
}

JWTV_SHA_TARGET inline __m128i ByteSwapMask() {
  return _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
}

// The next message vector from the previous four (w[g-4] .. w[g-1]).
JWTV_SHA_TARGET inline __m128i NextW(__m128i w4, __m128i w3, __m128i w2,
                                     __m128i w1) {
  __m128i t = _mm_sha256msg1_epu32(w4, w3);
  t = _mm_add_epi32(t, _mm_alignr_epi8(w1, w2, 4));
  return _mm_sha256msg2_epu32(t, w1);
}

JWTV_SHA_TARGET inline __m128i K4(int g) {
  return _mm_loadu_si128(
      reinterpret_cast<const __m128i*>(kK + 4 * static_cast<size_t>(g)));
}

// N independent streams, n blocks each: stream j's state s[j] absorbs the
// blocks b[j][0 .. n). The N round sequences are interleaved instruction by
// instruction so the core overlaps their sha256rnds2 latencies.
template <int N>
JWTV_SHA_TARGET void BlocksShaNi(uint32_t* const* s,
                                 const uint8_t* const* const* b, size_t n) {
  ShaState st[N];
#pragma GCC unroll 4
  for (int j = 0; j < N; ++j) st[j] = LoadState(s[j]);
  const __m128i mask = ByteSwapMask();
  for (size_t i = 0; i < n; ++i) {
    ShaState save[N];
    __m128i w[N][4];
#pragma GCC unroll 4
    for (int j = 0; j < N; ++j) save[j] = st[j];
#pragma GCC unroll 16
    for (int g = 0; g < 16; ++g) {
      const __m128i k = K4(g);
      __m128i m[N];
#pragma GCC unroll 4
      for (int j = 0; j < N; ++j) {
        if (g < 4) {
          w[j][g] =
              _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(
                                   b[j][i] + 16 * static_cast<size_t>(g))),
                               mask);
        } else {
          w[j][g & 3] = NextW(w[j][g & 3], w[j][(g + 1) & 3], w[j][(g + 2) & 3],
                              w[j][(g + 3) & 3]);
        }
        m[j] = _mm_add_epi32(w[j][g & 3], k);
      }
#pragma GCC unroll 4
      for (int j = 0; j < N; ++j) {
        st[j].cdgh = _mm_sha256rnds2_epu32(st[j].cdgh, st[j].abef, m[j]);
      }
#pragma GCC unroll 4
      for (int j = 0; j < N; ++j) m[j] = _mm_shuffle_epi32(m[j], 0x0E);
#pragma GCC unroll 4
      for (int j = 0; j < N; ++j) {
        st[j].abef = _mm_sha256rnds2_epu32(st[j].abef, st[j].cdgh, m[j]);
      }
    }
#pragma GCC unroll 4
    for (int j = 0; j < N; ++j) {
      st[j].abef = _mm_add_epi32(st[j].abef, save[j].abef);
      st[j].cdgh = _mm_add_epi32(st[j].cdgh, save[j].cdgh);
    }
  }
#pragma GCC unroll 4
  for (int j = 0; j < N; ++j) StoreState(st[j], s[j]);
}

bool DetectShaNi() {
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
  const bool sse41 = (ecx & bit_SSE4_1) != 0;
  const bool ssse3 = (ecx & bit_SSSE3) != 0;
  if (__get_cpuid_max(0, nullptr) < 7) return false;
  __cpuid_count(7, 0, eax, ebx, ecx, edx);
  const bool sha = (ebx & bit_SHA) != 0;
  return sse41 && ssse3 && sha;
}

#else

bool DetectShaNi() { return false; }

#endif  // JWTV_SHA256_X86

const bool kHaveShaNi = DetectShaNi();

bool UseShaNi(Sha256Impl impl) {
  switch (impl) {
    case Sha256Impl::kPortable:
      return false;
    case Sha256Impl::kShaNi:
      return kHaveShaNi;  // never run an instruction the CPU lacks
    case Sha256Impl::kAuto:
      break;
  }
  return kHaveShaNi;
}

// `streams` (1 .. kSha256MaxStreams) streams of n blocks each.
void Blocks(size_t streams, uint32_t* const* s, const uint8_t* const* const* b,
            size_t n, bool shani) {
#ifdef JWTV_SHA256_X86
  if (shani) {
    switch (streams) {
      case 1:
        return BlocksShaNi<1>(s, b, n);
      case 2:
        return BlocksShaNi<2>(s, b, n);
      default:
        return BlocksShaNi<3>(s, b, n);
    }
  }
#endif
  BlocksPortable(streams, s, b, n);
}

// One message with its padding, seen as a sequence of 64-byte blocks: the
// message's full blocks in place, then one or two tail blocks built here.
struct Stream {
  const uint8_t* data;
  size_t full;  // blocks read in place
  size_t total;
  alignas(16) uint8_t tail[128];

  void Init(uint64_t prefix_bytes, std::string_view m) {
    data = reinterpret_cast<const uint8_t*>(m.data());
    full = m.size() / 64;
    const size_t rest = m.size() % 64;
    const size_t tail_blocks = rest + 9 <= 64 ? 1 : 2;
    total = full + tail_blocks;
    if (rest != 0) std::memcpy(tail, data + full * 64, rest);
    tail[rest] = 0x80;
    std::memset(tail + rest + 1, 0, tail_blocks * 64 - rest - 1);
    const uint64_t bits = (prefix_bytes + m.size()) * 8;
    uint8_t* len = tail + tail_blocks * 64 - 8;
    for (int i = 0; i < 8; ++i)
      len[i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
  }
  const uint8_t* Block(size_t k) const {
    return k < full ? data + 64 * k : tail + 64 * (k - full);
  }
};

// Block pointers handed to a kernel per call.
constexpr size_t kChunk = 32;

void StoreDigest(const uint32_t s[8], uint8_t out[32]) {
  for (int i = 0; i < 8; ++i) {
    uint32_t big_endian = s[i];
    if constexpr (std::endian::native == std::endian::little) {
      big_endian = __builtin_bswap32(big_endian);
    }
    std::memcpy(out + 4 * static_cast<size_t>(i), &big_endian, 4);
  }
}

// Absorbs messages[j] and its padding into s[j], for j < n. The streams run
// together while all have blocks left; as the shorter ones end, the rest go
// on in fewer streams.
void Finish(size_t n, uint32_t* const* s, uint64_t prefix_bytes,
            const std::string_view* messages, bool shani) {
  Stream streams[kSha256MaxStreams];
  for (size_t j = 0; j < n; ++j) streams[j].Init(prefix_bytes, messages[j]);
  const uint8_t* blocks[kSha256MaxStreams][kChunk];
  for (size_t pos = 0;;) {
    // The streams with blocks left at `pos`, and how many all of them have.
    uint32_t* states[kSha256MaxStreams] = {};
    const Stream* live[kSha256MaxStreams];
    size_t count = 0, common = SIZE_MAX;
    for (size_t j = 0; j < n; ++j) {
      if (streams[j].total > pos) {
        states[count] = s[j];
        live[count++] = &streams[j];
        common = std::min(common, streams[j].total - pos);
      }
    }
    if (count == 0) return;
    for (const size_t end = pos + common; pos < end;) {
      const size_t c = std::min(kChunk, end - pos);
      const uint8_t* const* b[kSha256MaxStreams] = {};
      for (size_t j = 0; j < count; ++j) {
        for (size_t k = 0; k < c; ++k) blocks[j][k] = live[j]->Block(pos + k);
        b[j] = blocks[j];
      }
      Blocks(count, states, b, c, shani);
      pos += c;
    }
  }
}

}  // namespace

bool Sha256HaveShaNi() { return kHaveShaNi; }

void HmacSha256Streams(size_t n, const uint32_t* const* inner,
                       const uint32_t* const* outer,
                       const std::string_view* messages, uint8_t (*tags)[32],
                       Sha256Impl impl) {
  n = std::min(n, kSha256MaxStreams);
  const bool shani = UseShaNi(impl);
  uint32_t s[kSha256MaxStreams][8];
  uint32_t* sp[kSha256MaxStreams] = {};
  for (size_t j = 0; j < n; ++j) {
    std::memcpy(s[j], inner[j], sizeof(s[j]));
    sp[j] = s[j];
  }
  Finish(n, sp, 64, messages, shani);
  // Outer hash: one block each (32-byte inner digest, padding, length 768).
  alignas(16) uint8_t ob[kSha256MaxStreams][64] = {};
  const uint8_t* p[kSha256MaxStreams] = {};
  const uint8_t* const* b[kSha256MaxStreams] = {};
  for (size_t j = 0; j < n; ++j) {
    StoreDigest(s[j], ob[j]);
    ob[j][32] = 0x80;
    ob[j][62] = 0x03;  // (64 + 32) * 8 = 768 = 0x0300
    std::memcpy(s[j], outer[j], sizeof(s[j]));
    p[j] = ob[j];
    b[j] = &p[j];
  }
  Blocks(n, sp, b, 1, shani);
  for (size_t j = 0; j < n; ++j) StoreDigest(s[j], tags[j]);
  // The inner digests are secret-dependent intermediate values. The empty
  // asm that may read them keeps the clearing from being optimized away
  // (as OPENSSL_cleanse does).
  std::memset(ob, 0, sizeof(ob));
  __asm__ __volatile__("" : : "r"(ob) : "memory");
}

}  // namespace jwtv::internal
