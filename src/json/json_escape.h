// Copyright 2026 The jwtv Authors.
//
// JSON string escapes (RFC 8259 section 7), decoded one at a time: for the
// flat claims reader and for reading inside accepted values (json_value.h).

#ifndef JWTV_SRC_JSON_JSON_ESCAPE_H_
#define JWTV_SRC_JSON_JSON_ESCAPE_H_

#include <cstdint>

namespace jwtv::internal {

// The value of hex digit c, or -1.
inline int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four hex digits at p (p + 4 <= end checked by the caller), or -1.
inline int32_t Hex4(const char* p) {
  int32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    const int d = HexDigit(p[i]);
    if (d < 0) return -1;
    v = v << 4 | d;
  }
  return v;
}

// The byte a one-character escape (the character after the backslash)
// stands for, or -1 ('u' included: see UnicodeEscape).
inline int SimpleEscape(char e) {
  switch (e) {
    case '"':
    case '\\':
    case '/':
      return static_cast<unsigned char>(e);
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    default:
      return -1;
  }
}

// The code point of a \u escape whose four hex digits are at p, with the
// low half of a surrogate pair that follows it. Returns the position after
// the escape(s), or null (bad hex digits, a lone surrogate half).
inline const char* UnicodeEscape(const char* p, const char* end,
                                 uint32_t* code) {
  if (end - p < 4) return nullptr;
  int32_t cp = Hex4(p);
  if (cp < 0) return nullptr;
  p += 4;
  if (cp >= 0xDC00 && cp <= 0xDFFF) return nullptr;  // lone low half
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    if (end - p < 6 || p[0] != '\\' || p[1] != 'u') return nullptr;
    const int32_t lo = Hex4(p + 2);
    if (lo < 0xDC00 || lo > 0xDFFF) return nullptr;
    p += 6;
    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
  }
  *code = static_cast<uint32_t>(cp);
  return p;
}

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JSON_JSON_ESCAPE_H_
