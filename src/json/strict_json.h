// Copyright 2026 The jwtv Authors.
//
// Strict JSON checks shared by the header, claims and JWK readers: RFC 8259
// grammar, valid UTF-8, no duplicate member names (compared after
// unescaping) in any object at any depth, bounded nesting, nothing after the
// top-level value.

#ifndef JWTV_SRC_JSON_STRICT_JSON_H_
#define JWTV_SRC_JSON_STRICT_JSON_H_

#include <cstddef>
#include <string_view>

namespace jwtv::internal {

inline constexpr int kMaxJsonDepth = 32;

// True iff `json` is one strict JSON object. Copies the input into a padded
// buffer (thread-local, reused); for cold paths such as JWKS loading.
bool IsStrictJsonObject(std::string_view json, int max_depth = kMaxJsonDepth);

// The double nearest to an RFC 8259 number (already checked against the
// grammar); +-inf or +-0 (or a subnormal) outside double's range.
double JsonNumberValue(std::string_view number);

// True iff names[0..n) holds two equal names. May reorder the names.
bool HasDuplicateNames(std::string_view* names, size_t n);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JSON_STRICT_JSON_H_
