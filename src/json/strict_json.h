// Copyright 2026 The jwtv Authors.
//
// Strict JSON checks shared by the header, claims and JWK readers: RFC 8259
// grammar, valid UTF-8, no duplicate member names (compared after
// unescaping) in any object at any depth, bounded nesting, nothing after the
// top-level value.

#ifndef JWTV_SRC_JSON_STRICT_JSON_H_
#define JWTV_SRC_JSON_STRICT_JSON_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#ifdef __AVX2__
#include <immintrin.h>
#endif

namespace jwtv::internal {

inline constexpr int kMaxJsonDepth = 32;

// True iff `json` is one strict JSON object. Copies the input into a padded
// buffer (thread-local, reused); for cold paths such as JWKS loading.
bool IsStrictJsonObject(std::string_view json, int max_depth = kMaxJsonDepth);

// The double nearest to an RFC 8259 number (already checked against the
// grammar); +-inf or +-0 (or a subnormal) outside double's range.
double JsonNumberValue(std::string_view number);

// Equal names have equal fingerprints (length, first and last byte).
inline uint32_t NameFingerprint(std::string_view name) {
  return name.empty()
             ? 0
             : static_cast<uint32_t>(name.size()) << 16 |
                   static_cast<uint32_t>(static_cast<uint8_t>(name.front()))
                       << 8 |
                   static_cast<uint8_t>(name.back());
}

// A filter of member names, one bit per name: equal names set the same bit,
// so a name whose bit is clear is new. 256 bits in one register with AVX2
// (a filter in memory made each test wait on the store before it), else
// 1024 bits.
class NameFilter {
 public:
  // Sets the name's bit; true if it was set already.
  bool TestAndSet(std::string_view name) {
    const uint32_t bit = (NameFingerprint(name) * 0x9E3779B1u) >> 22;
#ifdef __AVX2__
    const __m256i lane = _mm256_cmpeq_epi64(
        _mm256_setr_epi64x(0, 1, 2, 3),
        _mm256_set1_epi64x(static_cast<int64_t>(bit >> 6 & 3)));
    const __m256i mask = _mm256_and_si256(
        lane,
        _mm256_sllv_epi64(_mm256_set1_epi64x(1), _mm256_set1_epi64x(bit & 63)));
    const bool seen = !_mm256_testz_si256(bits_, mask);
    bits_ = _mm256_or_si256(bits_, mask);
    return seen;
#else
    const uint64_t mask = uint64_t{1} << (bit & 63);
    const bool seen = (bits_[bit >> 6] & mask) != 0;
    bits_[bit >> 6] |= mask;
    return seen;
#endif
  }

 private:
#ifdef __AVX2__
  __m256i bits_ = _mm256_setzero_si256();
#else
  uint64_t bits_[16] = {};
#endif
};

// True iff names[0..n) holds two equal names, compared pairwise
// (fingerprints first, then bytes). For the few names a NameFilter flagged.
bool HasEqualNamesPairwise(const std::string_view* names, size_t n);

// True iff names[0..n) holds two equal names. May reorder the names.
bool HasDuplicateNames(std::string_view* names, size_t n);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JSON_STRICT_JSON_H_
