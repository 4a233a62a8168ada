// Copyright 2026 The jwtv Authors.

#include "base64url/base64url.h"

#include <array>
#include <atomic>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace jwtv::internal {
namespace {

constexpr uint8_t kInvalid = 0xff;

constexpr std::array<uint8_t, 256> MakeDecodeTable() {
  std::array<uint8_t, 256> t{};
  for (auto& v : t) v = kInvalid;
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (size_t i = 0; i < kAlphabet.size(); ++i) {
    t[static_cast<uint8_t>(kAlphabet[i])] = static_cast<uint8_t>(i);
  }
  return t;
}
constexpr std::array<uint8_t, 256> kDecode = MakeDecodeTable();

// The sextet of a character already shifted to its place in a 24-bit
// quantum; an invalid character sets bit 31, so OR-ing the four entries of
// a quantum and testing one bit validates it.
constexpr uint32_t kBad = 0x80000000u;
constexpr std::array<uint32_t, 256> MakeShiftedTable(int shift) {
  std::array<uint32_t, 256> t{};
  for (size_t i = 0; i < 256; ++i) {
    t[i] = kDecode[i] == kInvalid ? kBad : uint32_t{kDecode[i]} << shift;
  }
  return t;
}
constexpr std::array<uint32_t, 256> kD0 = MakeShiftedTable(18);
constexpr std::array<uint32_t, 256> kD1 = MakeShiftedTable(12);
constexpr std::array<uint32_t, 256> kD2 = MakeShiftedTable(6);
constexpr std::array<uint32_t, 256> kD3 = MakeShiftedTable(0);

constexpr char kEncode[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

inline uint32_t Quantum(const uint8_t* p) {
  return kD0[p[0]] | kD1[p[1]] | kD2[p[2]] | kD3[p[3]];
}

#ifdef __AVX2__
// 32 characters at a time (AVX2 is part of the default build target, see
// CMakeLists.txt): classify each byte by range, translate it to its sextet,
// then pack 32 sextets into 24 bytes. Returns the number of characters
// consumed (a multiple of 32), stopping early at a block with an invalid
// byte, which the scalar code then rejects.
// Validity by nibble lookup: a byte is valid iff
// kLo[low nibble] & kHi[high nibble] == 0. Bit 0: high nibble 0, 1 or
// 8-F (never valid); bit 1: 0x2_ (only '-' = 0x2D); bit 2: 0x3_ (digits,
// low nibble 0-9); bit 3: 0x4_ and 0x6_ (not 0x40, 0x60); bit 4: 0x5_
// ('P'-'Z' and '_' = 0x5F); bit 5: 0x7_ ('p'-'z'). Returns, per byte, its
// high nibble in *hi and a non-zero byte where the input byte is invalid.
inline __m256i InvalidBytes(__m256i x, __m256i* hi_out) {
  const __m256i lut_hi =
      _mm256_setr_epi8(1, 1, 2, 4, 8, 16, 8, 32, 1, 1, 1, 1, 1, 1, 1, 1,  //
                       1, 1, 2, 4, 8, 16, 8, 32, 1, 1, 1, 1, 1, 1, 1, 1);
  const __m256i lut_lo = _mm256_setr_epi8(
      1 | 2 | 8, 1 | 2, 1 | 2, 1 | 2, 1 | 2, 1 | 2, 1 | 2, 1 | 2,  //
      1 | 2, 1 | 2, 1 | 2 | 4, 1 | 2 | 4 | 16 | 32, 1 | 2 | 4 | 16 | 32,
      1 | 4 | 16 | 32, 1 | 2 | 4 | 16 | 32, 1 | 2 | 4 | 32,        //
      1 | 2 | 8, 1 | 2, 1 | 2, 1 | 2, 1 | 2, 1 | 2, 1 | 2, 1 | 2,  //
      1 | 2, 1 | 2, 1 | 2 | 4, 1 | 2 | 4 | 16 | 32, 1 | 2 | 4 | 16 | 32,
      1 | 4 | 16 | 32, 1 | 2 | 4 | 16 | 32, 1 | 2 | 4 | 32);
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(x, 4), nibble);
  const __m256i lo = _mm256_and_si256(x, nibble);
  *hi_out = hi;
  return _mm256_and_si256(_mm256_shuffle_epi8(lut_lo, lo),
                          _mm256_shuffle_epi8(lut_hi, hi));
}

template <bool kWrite>
size_t RunAvx2(const uint8_t* p, size_t n, uint8_t*& out) {
  // Sextet = byte + offset, the offset chosen by the high nibble:
  // '-' +17, digits +4, 'A'-'Z' -65, 'a'-'z' -71; '_' (-32) apart.
  const __m256i lut_offset = _mm256_setr_epi8(
      0, 0, 17, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0,  //
      0, 0, 17, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m256i underscore = _mm256_set1_epi8('_');
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i x =
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    __m256i hi;
    const __m256i bad = InvalidBytes(x, &hi);
    if (!_mm256_testz_si256(bad, bad)) break;
    if constexpr (kWrite) {
      const __m256i offset = _mm256_blendv_epi8(
          _mm256_shuffle_epi8(lut_offset, hi), _mm256_set1_epi8(-32),
          _mm256_cmpeq_epi8(x, underscore));
      const __m256i sextets = _mm256_add_epi8(x, offset);
      // a,b,c,d -> (a<<6|b), (c<<6|d) -> a<<18|b<<12|c<<6|d per 32 bits.
      const __m256i pairs =
          _mm256_maddubs_epi16(sextets, _mm256_set1_epi32(0x01400140));
      const __m256i words =
          _mm256_madd_epi16(pairs, _mm256_set1_epi32(0x00011000));
      // Big-endian 3 bytes of each 32-bit word, 12 bytes per lane.
      const __m256i packed = _mm256_shuffle_epi8(
          words, _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1,
                                  -1, -1, -1, 2, 1, 0, 6, 5, 4, 10, 9, 8, 14,
                                  13, 12, -1, -1, -1, -1));
      const __m256i joined = _mm256_permutevar8x32_epi32(
          packed, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out),
                       _mm256_castsi256_si128(joined));
      _mm_storel_epi64(reinterpret_cast<__m128i*>(out + 16),
                       _mm256_extracti128_si256(joined, 1));
      out += 24;
    }
  }
  return i;
}
#endif

#if defined(__x86_64__)
// 64 characters at a time with AVX-512 VBMI, chosen at run time where the
// CPU has it (AVX-512 is not in the default build target): one two-table
// byte permutation translates and classifies 64 characters (invalid ones
// and bytes >= 0x80 get bit 7), and one more gathers the 48 decoded bytes.
#define JWTV_AVX512 __attribute__((target("avx512f,avx512bw,avx512vbmi")))

bool DetectAvx512Vbmi() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vbmi");
}

const bool kHaveAvx512Vbmi = DetectAvx512Vbmi();
std::atomic<bool> g_use_avx512{kHaveAvx512Vbmi};

inline bool UseAvx512() { return g_use_avx512.load(std::memory_order_relaxed); }

// Sextets of the characters 0..127, 0x80 for the rest.
constexpr std::array<uint8_t, 128> MakeLut128() {
  std::array<uint8_t, 128> t{};
  for (size_t i = 0; i < 128; ++i) {
    t[i] = kDecode[i] == kInvalid ? 0x80 : kDecode[i];
  }
  return t;
}
alignas(64) constexpr std::array<uint8_t, 128> kLut128 = MakeLut128();

// Output byte j comes from byte 2 - j % 3 of 32-bit word j / 3.
constexpr std::array<uint8_t, 64> MakeGather() {
  std::array<uint8_t, 64> t{};
  for (size_t j = 0; j < 48; ++j) {
    t[j] = static_cast<uint8_t>(4 * (j / 3) + 2 - j % 3);
  }
  return t;
}
alignas(64) constexpr std::array<uint8_t, 64> kGather = MakeGather();

// Bit 7 set in each byte of the result where x is not in the alphabet;
// else the sextet.
JWTV_AVX512 inline __m512i Sextets512(__m512i x, __m512i* bad_bits) {
  const __m512i lo = _mm512_load_si512(kLut128.data());
  const __m512i hi = _mm512_load_si512(kLut128.data() + 64);
  const __m512i v = _mm512_permutex2var_epi8(lo, x, hi);
  *bad_bits = _mm512_or_si512(v, x);
  return v;
}

// 16 quanta of sextets -> 48 bytes in the low bytes.
JWTV_AVX512 inline __m512i Pack512(__m512i v) {
  const __m512i pairs = _mm512_maddubs_epi16(v, _mm512_set1_epi32(0x01400140));
  const __m512i words = _mm512_madd_epi16(pairs, _mm512_set1_epi32(0x00011000));
  // (maskz, not the plain form: GCC 12's plain one warns about its own
  // undefined operand.)
  return _mm512_maskz_permutexvar_epi8(
      ~__mmask64{0}, _mm512_load_si512(kGather.data()), words);
}

// As RunAvx2, but also the last block's whole quanta (a masked load, which
// reads no byte past the input): returns the characters consumed, a
// multiple of 4, stopping early at a block with an invalid character.
template <bool kWrite>
JWTV_AVX512 size_t RunAvx512(const uint8_t* p, size_t n, uint8_t*& out) {
  size_t i = 0;
  while (i + 4 <= n) {
    const size_t chars = n - i >= 64 ? 64 : (n - i) & ~size_t{3};
    const __mmask64 in_mask =
        chars == 64 ? ~__mmask64{0} : (__mmask64{1} << chars) - 1;
    const __m512i x = _mm512_maskz_loadu_epi8(in_mask, p + i);
    __m512i bad_bits;
    const __m512i v = Sextets512(x, &bad_bits);
    if ((_mm512_movepi8_mask(bad_bits) & in_mask) != 0) break;
    if constexpr (kWrite) {
      const size_t bytes = chars / 4 * 3;
      _mm512_mask_storeu_epi8(out, (__mmask64{1} << bytes) - 1, Pack512(v));
      out += bytes;
    }
    i += chars;
  }
  return i;
}

// Split3's scan: the positions of the two dots, every other byte in the
// alphabet. False if that is not so.
JWTV_AVX512 bool ScanDotsAvx512(const uint8_t* p, size_t n, size_t dots[2],
                                int* count) {
  const __m512i dot = _mm512_set1_epi8('.');
  for (size_t i = 0; i < n; i += 64) {
    const __mmask64 in_mask =
        n - i >= 64 ? ~__mmask64{0} : (__mmask64{1} << (n - i)) - 1;
    const __m512i x = _mm512_maskz_loadu_epi8(in_mask, p + i);
    __m512i bad_bits;
    Sextets512(x, &bad_bits);
    const __mmask64 invalid = _mm512_movepi8_mask(bad_bits) & in_mask;
    if (invalid == 0) continue;
    __mmask64 dots_here = _mm512_cmpeq_epi8_mask(x, dot) & in_mask;
    if (invalid != dots_here) return false;
    for (; dots_here != 0; dots_here &= dots_here - 1) {
      if (*count == 2) return false;
      dots[(*count)++] = i + static_cast<size_t>(__builtin_ctzll(dots_here));
    }
  }
  return true;
}
#endif

// Decodes (or, with kWrite false, only checks) `in`.
template <bool kWrite>
bool Run(std::string_view in, uint8_t* out) {
  const size_t n = in.size();
  if (n % 4 == 1) return false;
  const auto* p = reinterpret_cast<const uint8_t*>(in.data());
  size_t i = 0;
#if defined(__x86_64__)
  if (UseAvx512()) {
    i = RunAvx512<kWrite>(p, n, out);
  } else
#endif
  {
#ifdef __AVX2__
    i = RunAvx2<kWrite>(p, n, out);
#endif
  }
  if constexpr (kWrite) {
    for (; i + 4 <= n; i += 4) {
      const uint32_t v = Quantum(p + i);
      if (v & kBad) return false;
      out[0] = static_cast<uint8_t>(v >> 16);
      out[1] = static_cast<uint8_t>(v >> 8);
      out[2] = static_cast<uint8_t>(v);
      out += 3;
    }
  } else {
    // Validation only: one test per 16 characters.
    uint32_t acc = 0;
    for (; i + 16 <= n; i += 16) {
      acc |= Quantum(p + i) | Quantum(p + i + 4) | Quantum(p + i + 8) |
             Quantum(p + i + 12);
    }
    for (; i + 4 <= n; i += 4) acc |= Quantum(p + i);
    if (acc & kBad) return false;
  }
  const size_t rest = n - i;
  if (rest == 2) {
    uint8_t a = kDecode[p[i]], b = kDecode[p[i + 1]];
    if ((a | b) & 0x80) return false;
    if (b & 0x0f) return false;  // non-canonical trailing bits
    if constexpr (kWrite) out[0] = static_cast<uint8_t>((a << 2) | (b >> 4));
  } else if (rest == 3) {
    uint8_t a = kDecode[p[i]], b = kDecode[p[i + 1]], c = kDecode[p[i + 2]];
    if ((a | b | c) & 0x80) return false;
    if (c & 0x03) return false;  // non-canonical trailing bits
    if constexpr (kWrite) {
      out[0] = static_cast<uint8_t>((a << 2) | (b >> 4));
      out[1] = static_cast<uint8_t>((b << 4) | (c >> 2));
    }
  }
  return true;
}

// The length and the unused trailing bits of a segment whose characters
// are all in the alphabet.
bool CanonicalEnd(std::string_view in) {
  const size_t rest = in.size() % 4;
  if (rest == 1) return false;
  const auto* p = reinterpret_cast<const uint8_t*>(in.data()) + in.size();
  if (rest == 2) return (kDecode[p[-1]] & 0x0f) == 0;
  if (rest == 3) return (kDecode[p[-1]] & 0x03) == 0;
  return true;
}

}  // namespace

bool Base64UrlValid(std::string_view in) { return Run<false>(in, nullptr); }

bool Base64UrlUseAvx512ForTesting(bool use) {
#if defined(__x86_64__)
  g_use_avx512.store(use && kHaveAvx512Vbmi);
  return use && kHaveAvx512Vbmi;
#else
  (void)use;
  return false;
#endif
}

std::optional<size_t> Base64UrlDecode(std::string_view in, uint8_t* out,
                                      size_t out_capacity) {
  if (in.size() % 4 == 1) return std::nullopt;
  const size_t size = Base64UrlDecodedSize(in.size());
  if (size > out_capacity) return std::nullopt;
  if (!Run<true>(in, out)) return std::nullopt;
  return size;
}

std::string Base64UrlEncode(std::string_view in) {
  std::string out;
  out.reserve((in.size() * 4 + 2) / 3);
  const auto* p = reinterpret_cast<const uint8_t*>(in.data());
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t v = (uint32_t{p[i]} << 16) | (uint32_t{p[i + 1]} << 8) | p[i + 2];
    out.push_back(kEncode[v >> 18]);
    out.push_back(kEncode[(v >> 12) & 63]);
    out.push_back(kEncode[(v >> 6) & 63]);
    out.push_back(kEncode[v & 63]);
  }
  if (in.size() - i == 1) {
    uint32_t v = uint32_t{p[i]} << 16;
    out.push_back(kEncode[v >> 18]);
    out.push_back(kEncode[(v >> 12) & 63]);
  } else if (in.size() - i == 2) {
    uint32_t v = (uint32_t{p[i]} << 16) | (uint32_t{p[i + 1]} << 8);
    out.push_back(kEncode[v >> 18]);
    out.push_back(kEncode[(v >> 12) & 63]);
    out.push_back(kEncode[(v >> 6) & 63]);
  }
  return out;
}

bool Base64UrlSplit3(std::string_view token, std::string_view out[3]) {
  const auto* p = reinterpret_cast<const uint8_t*>(token.data());
  const size_t n = token.size();
  size_t dots[2];
  int count = 0;
  size_t i = 0;
#if defined(__x86_64__)
  if (UseAvx512()) {
    if (!ScanDotsAvx512(p, n, dots, &count)) return false;
    i = n;
  }
#endif
#ifdef __AVX2__
  const __m256i dot = _mm256_set1_epi8('.');
  for (; i + 32 <= n; i += 32) {
    const __m256i x =
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    __m256i hi;
    const __m256i bad = InvalidBytes(x, &hi);
    const auto invalid = ~static_cast<uint32_t>(
        _mm256_movemask_epi8(_mm256_cmpeq_epi8(bad, _mm256_setzero_si256())));
    if (invalid == 0) continue;
    uint32_t dot_mask =
        static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, dot)));
    // Every invalid byte must be a dot, and there are two dots in all.
    if (invalid != dot_mask) return false;
    for (; dot_mask != 0; dot_mask &= dot_mask - 1) {
      if (count == 2) return false;
      dots[count++] = i + static_cast<size_t>(__builtin_ctz(dot_mask));
    }
  }
#endif
  for (; i < n; ++i) {
    if (kDecode[p[i]] != kInvalid) continue;
    if (p[i] != '.' || count == 2) return false;
    dots[count++] = i;
  }
  if (count != 2) return false;
  out[0] = token.substr(0, dots[0]);
  out[1] = token.substr(dots[0] + 1, dots[1] - dots[0] - 1);
  out[2] = token.substr(dots[1] + 1);
  return CanonicalEnd(out[0]) && CanonicalEnd(out[1]) && CanonicalEnd(out[2]);
}

}  // namespace jwtv::internal
