// Copyright 2026 The jwtv Authors.
//
// The fast path of ReadClaims (json_reader.h) for the shape nearly every
// JWT has: an ASCII claims object whose members are strings, numbers,
// true/false/null, and an "aud" that may also be an array of strings.
//
// It may only say yes: it accepts a document only when it is a strict JSON
// object (strict_json.h) and fills exactly what the general simdjson reader
// would. Everything else -- invalid JSON, nested values, non-ASCII bytes,
// numbers outside double's range, more members than it keeps -- it leaves
// to the general reader, which decides.

#ifndef JWTV_SRC_JSON_FLAT_CLAIMS_H_
#define JWTV_SRC_JSON_FLAT_CLAIMS_H_

#include <cstddef>
#include <string_view>

#include "json/json_reader.h"

namespace jwtv::internal {

struct FlatClaims {
  static constexpr int kMaxClaims = 32;
  static constexpr int kMaxAudiences = 8;
  ClaimValue claims[kMaxClaims];
  // claims[i].name, for the duplicate check.
  std::string_view names[kMaxClaims];
  int count = 0;
  std::string_view audiences[kMaxAudiences];
  int audience_count = 0;
  bool aud_well_formed = true;
};

// True when `json` (followed by kJsonPadding readable bytes) was read into
// *out; unescaped strings go to *arena. False means "not decided here";
// *out and the arena's unused part are then unspecified.
bool ReadFlatClaims(const char* json, size_t size, StringArena* arena,
                    FlatClaims* out);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JSON_FLAT_CLAIMS_H_
