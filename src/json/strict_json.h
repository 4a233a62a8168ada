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

// The bit of a 1024-bit filter that a fingerprint sets.
inline uint32_t NameFilterBit(uint32_t fingerprint) {
  return (fingerprint * 0x9E3779B1u) >> 22;
}

// True iff names[0..n) holds two equal names. May reorder the names.
bool HasDuplicateNames(std::string_view* names, size_t n);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JSON_STRICT_JSON_H_
