// Copyright 2026 The jwtv Authors.

#include "json/json_value.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <system_error>

#include "json/json_escape.h"
#include "json/strict_json.h"

namespace jwtv::internal {
namespace {

// The code point of the escape at p (at its backslash, p < end), with the
// low half of a surrogate pair that follows a high half. Returns the
// position after the escape(s), or null.
const char* DecodeEscape(const char* p, const char* end, uint32_t* code) {
  if (end - p < 2) return nullptr;
  const char e = p[1];
  if (e == 'u') return UnicodeEscape(p + 2, end, code);
  const int byte = SimpleEscape(e);
  if (byte < 0) return nullptr;
  *code = static_cast<uint32_t>(byte);
  return p + 2;
}

// Bytes of the UTF-8 form of code point u, written to out when not null.
int PutUtf8(uint32_t u, char* out) {
  auto put = [out](int i, uint32_t byte) {
    if (out != nullptr) out[i] = static_cast<char>(byte);
  };
  if (u < 0x80) {
    put(0, u);
    return 1;
  }
  if (u < 0x800) {
    put(0, 0xC0 | u >> 6);
    put(1, 0x80 | (u & 0x3F));
    return 2;
  }
  if (u < 0x10000) {
    put(0, 0xE0 | u >> 12);
    put(1, 0x80 | (u >> 6 & 0x3F));
    put(2, 0x80 | (u & 0x3F));
    return 3;
  }
  put(0, 0xF0 | u >> 18);
  put(1, 0x80 | (u >> 12 & 0x3F));
  put(2, 0x80 | (u >> 6 & 0x3F));
  put(3, 0x80 | (u & 0x3F));
  return 4;
}

// UnescapeJsonString into `out`, or only its size when out is null.
ptrdiff_t Unescape(const char* p, const char* end, char* out) {
  ptrdiff_t n = 0;
  while (p < end) {
    const char* const backslash =
        static_cast<const char*>(memchr(p, '\\', static_cast<size_t>(end - p)));
    const char* const run_end = backslash == nullptr ? end : backslash;
    if (out != nullptr && run_end != p) {
      memcpy(out + n, p, static_cast<size_t>(run_end - p));
    }
    n += run_end - p;
    if (backslash == nullptr) break;
    uint32_t code = 0;
    p = DecodeEscape(backslash, end, &code);
    if (p == nullptr) return -1;
    n += PutUtf8(code, out == nullptr ? nullptr : out + n);
  }
  return n;
}

}  // namespace

const char* SkipJsonSpace(const char* p, const char* end) {
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
  return p;
}

JsonKind JsonKindOf(char first) {
  switch (first) {
    case '"':
      return JsonKind::kString;
    case '{':
      return JsonKind::kObject;
    case '[':
      return JsonKind::kArray;
    case 't':
    case 'f':
      return JsonKind::kBool;
    case 'n':
      return JsonKind::kNull;
    default:
      return JsonKind::kNumber;
  }
}

const char* SkipJsonString(const char* p, const char* end, bool* has_escape) {
  *has_escape = false;
  for (++p; p < end; ++p) {
    if (*p == '"') return p + 1;
    if (*p == '\\') {
      *has_escape = true;
      ++p;  // the escaped character; a \u's digits need no care
    }
  }
  return nullptr;
}

const char* SkipJsonValue(const char* p, const char* end) {
  if (p >= end) return nullptr;
  bool has_escape;
  if (*p == '"') return SkipJsonString(p, end, &has_escape);
  if (*p != '{' && *p != '[') {
    // A number or a literal: it ends at a delimiter.
    while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' &&
           *p != '\n' && *p != '\r' && *p != '\t') {
      ++p;
    }
    return p;
  }
  int depth = 0;
  while (p < end) {
    const char c = *p;
    if (c == '"') {
      p = SkipJsonString(p, end, &has_escape);
      if (p == nullptr) return nullptr;
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    if ((c == '}' || c == ']') && --depth == 0) return p + 1;
    ++p;
  }
  return nullptr;
}

ptrdiff_t UnescapeJsonString(const char* begin, const char* end, char* out) {
  return Unescape(begin, end, out);
}

ptrdiff_t UnescapedJsonStringSize(const char* begin, const char* end) {
  return Unescape(begin, end, nullptr);
}

bool JsonNumberToInt64(std::string_view number, int64_t* out) {
  if (number.find_first_of(".eE") == std::string_view::npos) {
    const auto [ptr, ec] =
        std::from_chars(number.data(), number.data() + number.size(), *out);
    return ec == std::errc() && ptr == number.data() + number.size();
  }
  const double d = JsonNumberValue(number);
  // [-2^63, 2^63) holds exactly the doubles that convert without overflow.
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) ||
      std::trunc(d) != d) {
    return false;
  }
  *out = static_cast<int64_t>(d);
  return true;
}

}  // namespace jwtv::internal
