// Copyright 2026 The jwtv Authors.
//
// Reading inside one JSON value whose text a claims reader has already
// accepted (json_reader.h: strict JSON at every depth): the members of an
// object, the elements of an array, strings and numbers. The typed claim
// accessors use it on access, so that validation never parses nested values.
//
// Every function bounds its reads by `end` and reports text it cannot read
// (nullptr or false) rather than trusting the earlier check.

#ifndef JWTV_SRC_JSON_JSON_VALUE_H_
#define JWTV_SRC_JSON_JSON_VALUE_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "jwtv/claims.h"

namespace jwtv::internal {

// The first byte at or after p that is not JSON whitespace (or end).
const char* SkipJsonSpace(const char* p, const char* end);

// The kind of the value whose first byte is `first`.
JsonKind JsonKindOf(char first);

// The string whose opening quote is at p: returns the position after its
// closing quote, or null. *has_escape is set when it holds a backslash.
const char* SkipJsonString(const char* p, const char* end, bool* has_escape);

// The value at p (its first byte): returns the position after it, or null.
const char* SkipJsonValue(const char* p, const char* end);

// Unescapes the content of a string with escapes ([begin, end): between
// the quotes) into `out`, which has room for end - begin bytes (an
// unescaped string is never longer). Returns the bytes written, or -1 when
// an escape is invalid.
ptrdiff_t UnescapeJsonString(const char* begin, const char* end, char* out);

// The size of the unescaped content [begin, end), or -1 (as above).
ptrdiff_t UnescapedJsonStringSize(const char* begin, const char* end);

// Calls on_string(position of its opening quote, content begin, content end)
// for every string with escapes in [p, end) (member names too), in order.
template <class F>
bool ForEachEscapedString(const char* p, const char* end, F on_string) {
  for (; p < end; ++p) {
    if (*p != '"') continue;
    bool has_escape = false;
    const char* const after = SkipJsonString(p, end, &has_escape);
    if (after == nullptr) return false;
    if (has_escape) on_string(p, p + 1, after - 1);
    p = after - 1;
  }
  return true;
}

// The exact value of a JSON number when it is an integer in int64's range:
// digits alone, or a number whose value is integral (1.0, 1e3). False
// otherwise.
bool JsonNumberToInt64(std::string_view number, int64_t* out);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JSON_JSON_VALUE_H_
