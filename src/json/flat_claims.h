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
//
// One member loop reads every flat document; only the way it finds where a
// string ends (and whether it looks for whitespace) differs. In a clean
// document (no backslash, control or
// non-ASCII byte; up to 4 KiB: what JWT libraries write) every quote opens
// or closes a string, so the strings' ends come from an index of its quotes
// built in one vector pass; in any other flat document each string is
// scanned for its end and unescaped when it has escapes.

#ifndef JWTV_SRC_JSON_FLAT_CLAIMS_H_
#define JWTV_SRC_JSON_FLAT_CLAIMS_H_

#include <cstddef>
#include <string_view>

#include "json/json_reader.h"

namespace jwtv::internal {

// What ReadFlatClaims reads besides the claims themselves.
struct FlatClaims {
  // The most members the fast path takes.
  static constexpr int kMaxClaims = 32;
  static constexpr int kMaxAudiences = 8;
  int count = 0;
  RegisteredClaims registered;
  std::string_view audiences[kMaxAudiences];
  int audience_count = 0;
  bool aud_well_formed = true;
  // The document has more members than the claims array holds (but not
  // more than kMaxClaims): read it again into a larger one.
  bool out_of_room = false;
};

// True when `json` (followed by kJsonPadding readable bytes) was read: its
// members into claims[0 .. out->count), which holds `capacity` (of which it
// uses at most FlatClaims::kMaxClaims); unescaped strings go to *arena. False
// means "not decided here" (or out->out_of_room); the claims, *out and the
// arena's unused part are then unspecified.
bool ReadFlatClaims(const char* json, size_t size, StringArena* arena,
                    ClaimValue* claims, int capacity, FlatClaims* out);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JSON_FLAT_CLAIMS_H_
