// Copyright 2026 The jwtv Authors.

#include "json/flat_claims.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <system_error>

#include "absl/base/attributes.h"
#include "json/strict_json.h"

#ifdef __AVX2__
#include <immintrin.h>
#endif

namespace jwtv::internal {
namespace {

bool IsWs(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Compact JSON has no whitespace: one compare decides the common case.
inline const char* SkipWs(const char* p, const char* end) {
  while (p < end && static_cast<unsigned char>(*p) <= ' ' && IsWs(*p)) ++p;
  return p;
}

// Whitespace, then `c`: true with p after it. The byte at p is readable
// even at the end (the padding).
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool Expect(const char*& p, const char* end,
                                                char c) {
  if (p < end && *p == c) {  // compact JSON
    ++p;
    return true;
  }
  p = SkipWs(p, end);
  if (p < end && *p == c) {
    ++p;
    return true;
  }
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A byte a string cannot hold as is: '"', '\\', a control character, or
// any non-ASCII byte (left to the general reader, which checks UTF-8).
bool IsSpecial(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u == '"' || u == '\\' || u < 0x20 || u >= 0x80;
}

// The first special byte at or after p, or nullptr if there is none before
// `end`. Reads up to 31 bytes past `end` (the padding).
ABSL_ATTRIBUTE_ALWAYS_INLINE inline const char* FindSpecial(const char* p,
                                                            const char* end) {
#ifdef __AVX2__
  const __m256i quote = _mm256_set1_epi8('"');
  const __m256i backslash = _mm256_set1_epi8('\\');
  const __m256i space = _mm256_set1_epi8(0x20);
  for (; p < end; p += 32) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    // Signed compare: bytes >= 0x80 are negative, so below 0x20 too.
    const __m256i special =
        _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x, quote),
                                        _mm256_cmpeq_epi8(x, backslash)),
                        _mm256_cmpgt_epi8(space, x));
    const uint32_t mask = static_cast<uint32_t>(_mm256_movemask_epi8(special));
    if (mask != 0) {
      const char* hit = p + __builtin_ctz(mask);
      return hit < end ? hit : nullptr;
    }
  }
  return nullptr;
#else
  for (; p < end; ++p) {
    if (IsSpecial(*p)) return p;
  }
  return nullptr;
#endif
}

// True iff the 8 bytes at p are ASCII digits (simdjson's test).
inline bool IsEightDigits(const char* p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return (((v & 0xF0F0F0F0F0F0F0F0) |
           (((v + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4)) ==
          0x3333333333333333);
}

// The value of 8 ASCII digits at p (little-endian SWAR).
inline uint64_t EightDigits(const char* p) {
  uint64_t v;
  memcpy(&v, p, 8);
  v -= 0x3030303030303030;
  v = (v * 10) + (v >> 8);  // pairs
  v = (((v & 0x000000FF000000FF) * (100 + (1000000ULL << 32))) +
       (((v >> 16) & 0x000000FF000000FF) * (1 + (10000ULL << 32)))) >>
      32;
  return v;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four hex digits at p (p + 4 <= end checked by the caller), or -1.
int32_t Hex4(const char* p) {
  int32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    const int d = HexDigit(p[i]);
    if (d < 0) return -1;
    v = v << 4 | d;
  }
  return v;
}

// The RFC 8259 (section 6) number at p: returns the position after it, or
// null. Integers of up to 15 digits are exact in a double and converted
// here; other numbers by std::from_chars, which rounds correctly, as
// simdjson does. Out of range is left to the general reader.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline const char* NumberAt(const char* p,
                                                         const char* end,
                                                         double* value) {
  const char* const start = p;
  const bool negative = *p == '-';
  if (negative) ++p;
  if (p >= end) return nullptr;
  uint64_t v = 0;
  int digits = 0;
  if (*p == '0') {
    ++p;
    digits = 1;
  } else if (IsDigit(*p)) {
    // Eight at a time while they fit before the end (reads stay inside
    // the input: p + 8 <= end). EightDigits is little-endian SWAR.
    if constexpr (std::endian::native == std::endian::little) {
      while (end - p >= 8 && IsEightDigits(p)) {
        v = v * 100000000 + EightDigits(p);
        digits += 8;
        p += 8;
      }
    }
    while (p < end && IsDigit(*p)) {
      v = v * 10 + static_cast<uint64_t>(*p - '0');
      ++digits;
      ++p;
    }
  } else {
    return nullptr;
  }
  bool integer = true;
  if (p < end && *p == '.') {
    integer = false;
    ++p;
    if (p >= end || !IsDigit(*p)) return nullptr;
    while (p < end && IsDigit(*p)) ++p;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    integer = false;
    ++p;
    if (p < end && (*p == '+' || *p == '-')) ++p;
    if (p >= end || !IsDigit(*p)) return nullptr;
    while (p < end && IsDigit(*p)) ++p;
  }
  if (integer && digits <= 15) {
    const double d = static_cast<double>(v);
    *value = negative ? -d : d;
    return p;
  }
  const auto [ptr, ec] = std::from_chars(start, p, *value);
  return ec == std::errc() && ptr == p ? p : nullptr;
}

// Duplicate member names, as the names go by: a registered name repeats iff
// its index is set already; the others go through a filter, and the
// pairwise check runs at the end only when two of them landed on one bit.
class DuplicateNames {
 public:
  // Notes the name of member `index`. False when it repeats a registered
  // name. *is_aud: the name is "aud".
  ABSL_ATTRIBUTE_ALWAYS_INLINE bool Note(std::string_view name, int index,
                                         RegisteredClaims* registered,
                                         bool* is_aud) {
    const auto member = RegisteredClaims::Member(name);
    *is_aud = member == &RegisteredClaims::aud;
    if (member != nullptr) {
      if (registered->*member >= 0) return false;
      registered->*member = index;
    } else {
      maybe_ |= filter_.TestAndSet(name);
    }
    return true;
  }

  // True when two of claims[0, count) have equal names.
  bool Found(const ClaimValue* claims, int count) const {
    if (!maybe_) return false;
    std::string_view names[FlatClaims::kMaxClaims];
    for (int i = 0; i < count; ++i) names[i] = claims[i].name;
    return HasEqualNamesPairwise(names, static_cast<size_t>(count));
  }

 private:
  NameFilter filter_;
  bool maybe_ = false;
};

// Completes the claim whose value is [value_start, value_end): its raw JSON
// text, and for a value other than a string an empty str view into the
// input (every view points into the input or the arena).
ABSL_ATTRIBUTE_ALWAYS_INLINE inline void EndValue(const char* value_start,
                                                  const char* value_end,
                                                  bool is_aud,
                                                  ClaimValue* claim,
                                                  FlatClaims* out) {
  if (claim->kind != JsonKind::kString) {
    claim->str = std::string_view(value_start, 0);
    if (is_aud && claim->kind != JsonKind::kArray) {
      out->aud_well_formed = false;
    }
  }
  claim->raw = std::string_view(value_start,
                                static_cast<size_t>(value_end - value_start));
}

// The '"' bytes of a clean document, one bit per byte, 64 bytes a word. A
// document is clean when no byte anywhere is a backslash, below 0x20 or
// above 0x7F: then every quote opens or closes a string, and a string ends
// at the next quote. Taking the quotes in order replaces a search per
// string (a load, compares and a mask, then a load of the byte found, all
// on the path from one string to the next) by a bit scan.
class QuoteIndex {
 public:
  // Documents up to this long are indexed.
  static constexpr size_t kMaxWords = 64;

  // Indexes [json, json + size) (followed by padding). False when the
  // document is not clean or is too long.
  bool Build(const char* json, size_t size);

  // The position of the next quote not taken yet, or the size when there
  // is none; takes it.
  ABSL_ATTRIBUTE_ALWAYS_INLINE size_t Take() {
    while (word_ == 0) {
      if (++index_ >= count_) return size_;
      word_ = words_[index_];
    }
    const size_t position = index_ * 64 + std::countr_zero(word_);
    word_ &= word_ - 1;
    return position;
  }

 private:
  size_t size_ = 0;
  size_t count_ = 0;
  size_t index_ = 0;
  uint64_t word_ = 0;
  uint64_t words_[kMaxWords];
};

bool QuoteIndex::Build(const char* json, size_t size) {
  if (size == 0 || size > kMaxWords * 64) return false;
  size_ = size;
  count_ = (size + 63) / 64;
  for (size_t i = 0; i < count_; ++i) {
    const char* p = json + i * 64;
    // Bytes past the end (the padding) count for nothing.
    const size_t n = std::min<size_t>(64, size - i * 64);
    const uint64_t valid = n == 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
    uint64_t quotes = 0, special = 0;
#ifdef __AVX2__
    const __m256i quote = _mm256_set1_epi8('"');
    const __m256i backslash = _mm256_set1_epi8('\\');
    const __m256i space = _mm256_set1_epi8(0x20);
    for (int half = 0; half < 2; ++half) {
      const __m256i x =
          _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * half));
      // Signed compare: bytes >= 0x80 are negative, so below 0x20 too.
      const uint64_t q = static_cast<uint32_t>(
          _mm256_movemask_epi8(_mm256_cmpeq_epi8(x, quote)));
      const uint64_t b =
          static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(
              _mm256_cmpeq_epi8(x, backslash), _mm256_cmpgt_epi8(space, x))));
      quotes |= q << (32 * half);
      special |= b << (32 * half);
    }
#else
    for (size_t j = 0; j < n; ++j) {
      const auto u = static_cast<unsigned char>(p[j]);
      quotes |= static_cast<uint64_t>(u == '"') << j;
      special |= static_cast<uint64_t>(u == '\\' || u < 0x20 || u >= 0x80) << j;
    }
#endif
    if ((special & valid) != 0) return false;
    words_[i] = quotes & valid;
  }
  index_ = 0;
  word_ = words_[0];
  return true;
}

// Reads the string whose opening quote is at p from a clean document: its
// quotes are the next two taken. Returns the position after the closing
// quote, or null.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline const char* IndexedString(
    const char* json, const char* p, size_t size, QuoteIndex* quotes,
    std::string_view* value) {
  const size_t open = quotes->Take();
  const size_t close = quotes->Take();
  if (json + open != p || close >= size) return nullptr;
  *value = std::string_view(p + 1, close - open - 1);
  return json + close + 1;
}

// What ReadCompact decided.
enum class Compact { kRead, kNo, kNotCompact };

// ReadFlatClaims for a clean document without whitespace (JWT libraries
// write compact JSON), its strings found by the quote index: kRead, kNo
// (not decided here) or kNotCompact (whitespace: the Reader below decides).
Compact ReadCompact(const char* json, size_t size, QuoteIndex* quotes,
                    ClaimValue* claims, int capacity, FlatClaims* out) {
  const char* p = json;
  const char* const end = json + size;
  if (*p != '{') return *p == ' ' ? Compact::kNotCompact : Compact::kNo;
  ++p;
  if (*p == '}') {
    if (p + 1 == end) return Compact::kRead;
    return p[1] == ' ' ? Compact::kNotCompact : Compact::kNo;
  }
  DuplicateNames duplicates;
  int count = 0;
  for (;;) {
    // p is inside the document: it ended in neither '}' nor a failure.
    if (*p != '"') return *p == ' ' ? Compact::kNotCompact : Compact::kNo;
    if (count == capacity) {
      out->out_of_room = capacity < FlatClaims::kMaxClaims;
      return Compact::kNo;
    }
    ClaimValue& claim = claims[count];
    std::string_view name;
    p = IndexedString(json, p, size, quotes, &name);
    if (p == nullptr) return Compact::kNo;
    claim.name = name;
    bool is_aud;
    if (!duplicates.Note(name, count, &out->registered, &is_aud)) {
      return Compact::kNo;
    }
    ++count;
    // The closing quote was before the end: reading p[0] and p[1] stays
    // within the document and its padding.
    if (*p != ':') return *p == ' ' ? Compact::kNotCompact : Compact::kNo;
    ++p;
    const char* const value_start = p;
    claim.number = 0;
    switch (*p) {
      case '"': {
        claim.kind = JsonKind::kString;
        std::string_view str;
        p = IndexedString(json, p, size, quotes, &str);
        if (p == nullptr) return Compact::kNo;
        claim.str = str;
        if (is_aud) {
          if (out->audience_count == FlatClaims::kMaxAudiences) {
            return Compact::kNo;
          }
          out->audiences[out->audience_count++] = str;
        }
        break;
      }
      case 't':
        claim.kind = JsonKind::kBool;
        claim.number = 1;
        p = end - p >= 4 && memcmp(p, "true", 4) == 0 ? p + 4 : nullptr;
        break;
      case 'f':
        claim.kind = JsonKind::kBool;
        p = end - p >= 5 && memcmp(p, "false", 5) == 0 ? p + 5 : nullptr;
        break;
      case 'n':
        claim.kind = JsonKind::kNull;
        p = end - p >= 4 && memcmp(p, "null", 4) == 0 ? p + 4 : nullptr;
        break;
      case '[':
        if (!is_aud) return Compact::kNo;
        claim.kind = JsonKind::kArray;
        ++p;
        if (*p == ']') {
          ++p;
          break;
        }
        for (;;) {
          if (*p != '"') return *p == ' ' ? Compact::kNotCompact : Compact::kNo;
          if (out->audience_count == FlatClaims::kMaxAudiences) {
            return Compact::kNo;
          }
          std::string_view audience;
          p = IndexedString(json, p, size, quotes, &audience);
          if (p == nullptr) return Compact::kNo;
          out->audiences[out->audience_count++] = audience;
          if (*p == ']') {
            ++p;
            break;
          }
          if (*p != ',') return *p == ' ' ? Compact::kNotCompact : Compact::kNo;
          ++p;
        }
        break;
      case ' ':
        return Compact::kNotCompact;
      default:
        claim.kind = JsonKind::kNumber;
        p = NumberAt(p, end, &claim.number);
        break;
    }
    if (p == nullptr || p >= end) return Compact::kNo;
    EndValue(value_start, p, is_aud, &claim, out);
    if (*p == ',') {
      ++p;
      continue;
    }
    if (*p != '}') return *p == ' ' ? Compact::kNotCompact : Compact::kNo;
    if (p + 1 != end) return p[1] == ' ' ? Compact::kNotCompact : Compact::kNo;
    break;
  }
  out->count = count;
  return duplicates.Found(claims, count) ? Compact::kNo : Compact::kRead;
}

class Reader {
 public:
  Reader(const char* json, size_t size, StringArena* arena)
      : p_(json), end_(json + size), arena_(arena) {}

  bool Read(ClaimValue* claims, int capacity, FlatClaims* out);

 private:
  // Reads a string whose opening quote is at p_; leaves p_ after the
  // closing quote. Returns a view into the input, or into the arena when
  // the string has escapes; data() is null on failure. (Returned by value:
  // read back through memory, the view cost a store-forwarding stall.)
  ABSL_ATTRIBUTE_ALWAYS_INLINE std::string_view String();
  // Unescapes from p_ (at a backslash) to the closing quote, after the
  // escape-free prefix [start, p_).
  bool Unescape(const char* start, std::string_view* value);
  bool Number(double* value);
  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() ||
        memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    p_ += word.size();
    return true;
  }
  bool Audiences(FlatClaims* out);

  const char* p_;
  const char* const end_;
  StringArena* const arena_;
};

inline std::string_view Reader::String() {
  const char* start = ++p_;  // past the opening quote
  const char* hit = FindSpecial(p_, end_);
  if (hit == nullptr) return {};
  if (*hit == '"') {
    p_ = hit + 1;
    return std::string_view(start, static_cast<size_t>(hit - start));
  }
  if (*hit != '\\') return {};
  p_ = hit;
  std::string_view value;
  if (!Unescape(start, &value)) return {};
  // Never null: arena storage.
  return value;
}

bool Reader::Unescape(const char* start, std::string_view* value) {
  char* const out_begin = arena_->data + arena_->used;
  char* const out_end = arena_->data + arena_->capacity;
  const size_t prefix = static_cast<size_t>(p_ - start);
  if (static_cast<size_t>(out_end - out_begin) < prefix) return false;
  memcpy(out_begin, start, prefix);
  char* out = out_begin + prefix;
  auto put = [&out, out_end](uint32_t byte) {
    if (out == out_end) return false;
    *out++ = static_cast<char>(byte);
    return true;
  };
  while (p_ < end_) {
    const char c = *p_;
    if (c == '"') {
      ++p_;
      const size_t n = static_cast<size_t>(out - out_begin);
      arena_->used += n;
      *value = std::string_view(out_begin, n);
      return true;
    }
    if (c != '\\') {
      if (IsSpecial(c) || !put(static_cast<unsigned char>(c))) return false;
      ++p_;
      continue;
    }
    if (end_ - p_ < 2) return false;
    const char e = p_[1];
    p_ += 2;
    uint32_t simple = 0;
    switch (e) {
      case '"':
      case '\\':
      case '/':
        simple = static_cast<unsigned char>(e);
        break;
      case 'b':
        simple = '\b';
        break;
      case 'f':
        simple = '\f';
        break;
      case 'n':
        simple = '\n';
        break;
      case 'r':
        simple = '\r';
        break;
      case 't':
        simple = '\t';
        break;
      case 'u': {
        if (end_ - p_ < 4) return false;
        int32_t cp = Hex4(p_);
        if (cp < 0) return false;
        p_ += 4;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // lone low half
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (end_ - p_ < 6 || p_[0] != '\\' || p_[1] != 'u') return false;
          const int32_t lo = Hex4(p_ + 2);
          if (lo < 0xDC00 || lo > 0xDFFF) return false;
          p_ += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        const auto u = static_cast<uint32_t>(cp);
        bool ok;
        if (u < 0x80) {
          ok = put(u);
        } else if (u < 0x800) {
          ok = put(0xC0 | u >> 6) && put(0x80 | (u & 0x3F));
        } else if (u < 0x10000) {
          ok = put(0xE0 | u >> 12) && put(0x80 | (u >> 6 & 0x3F)) &&
               put(0x80 | (u & 0x3F));
        } else {
          ok = put(0xF0 | u >> 18) && put(0x80 | (u >> 12 & 0x3F)) &&
               put(0x80 | (u >> 6 & 0x3F)) && put(0x80 | (u & 0x3F));
        }
        if (!ok) return false;
        continue;
      }
      default:
        return false;
    }
    if (!put(simple)) return false;
  }
  return false;
}

bool Reader::Number(double* value) {
  const char* next = NumberAt(p_, end_, value);
  if (next == nullptr) return false;
  p_ = next;
  return true;
}

bool Reader::Audiences(FlatClaims* out) {
  ++p_;  // '['
  p_ = SkipWs(p_, end_);
  if (p_ < end_ && *p_ == ']') {
    ++p_;
    return true;
  }
  while (p_ < end_ && *p_ == '"') {
    if (out->audience_count == FlatClaims::kMaxAudiences) return false;
    const std::string_view audience = String();
    if (audience.data() == nullptr) return false;
    out->audiences[out->audience_count++] = audience;
    p_ = SkipWs(p_, end_);
    if (p_ >= end_) return false;
    if (*p_ == ']') {
      ++p_;
      return true;
    }
    if (*p_ != ',') return false;
    p_ = SkipWs(p_ + 1, end_);
  }
  return false;
}

bool Reader::Read(ClaimValue* claims, int capacity, FlatClaims* out) {
  out->count = 0;
  out->registered = RegisteredClaims();
  out->audience_count = 0;
  out->aud_well_formed = true;
  out->out_of_room = false;
  p_ = SkipWs(p_, end_);
  if (p_ >= end_ || *p_ != '{') return false;
  p_ = SkipWs(p_ + 1, end_);
  if (p_ < end_ && *p_ == '}') {
    ++p_;
  } else {
    DuplicateNames duplicates;
    int count = 0;
    for (;;) {
      if (p_ >= end_ || *p_ != '"') return false;
      if (count == capacity) {
        out->out_of_room = capacity < FlatClaims::kMaxClaims;
        return false;
      }
      ClaimValue& claim = claims[count];
      // Through a local, so the name is not read back from memory just
      // written (a store-forwarding stall).
      const std::string_view name = String();
      if (name.data() == nullptr) return false;
      claim.name = name;
      bool is_aud;
      if (!duplicates.Note(name, count, &out->registered, &is_aud)) {
        return false;
      }
      ++count;
      if (!Expect(p_, end_, ':')) return false;
      if (static_cast<unsigned char>(*p_) <= ' ') p_ = SkipWs(p_, end_);
      if (p_ >= end_) return false;
      const char* const value_start = p_;
      claim.number = 0;
      switch (*p_) {
        case '"': {
          claim.kind = JsonKind::kString;
          const std::string_view str = String();
          if (str.data() == nullptr) return false;
          claim.str = str;
          if (is_aud) {
            if (out->audience_count == FlatClaims::kMaxAudiences) return false;
            out->audiences[out->audience_count++] = str;
          }
          break;
        }
        case 't':
          claim.kind = JsonKind::kBool;
          claim.number = 1;
          if (!Literal("true")) return false;
          break;
        case 'f':
          claim.kind = JsonKind::kBool;
          if (!Literal("false")) return false;
          break;
        case 'n':
          claim.kind = JsonKind::kNull;
          if (!Literal("null")) return false;
          break;
        case '[':
          if (!is_aud) return false;
          claim.kind = JsonKind::kArray;
          if (!Audiences(out)) return false;
          break;
        default:
          claim.kind = JsonKind::kNumber;
          if (!Number(&claim.number)) return false;
          break;
      }
      EndValue(value_start, p_, is_aud, &claim, out);
      if (static_cast<unsigned char>(*p_) <= ' ') p_ = SkipWs(p_, end_);
      if (p_ >= end_) return false;
      if (*p_ == '}') {
        ++p_;
        break;
      }
      if (*p_ != ',') return false;
      ++p_;
      if (static_cast<unsigned char>(*p_) <= ' ') p_ = SkipWs(p_, end_);
    }
    out->count = count;
    if (duplicates.Found(claims, count)) return false;
  }
  return SkipWs(p_, end_) == end_;
}

}  // namespace

bool ReadFlatClaims(const char* json, size_t size, StringArena* arena,
                    ClaimValue* claims, int capacity, FlatClaims* out) {
  capacity = std::min(capacity, FlatClaims::kMaxClaims);
  QuoteIndex quotes;
  if (quotes.Build(json, size)) {
    out->count = 0;
    out->registered = RegisteredClaims();
    out->audience_count = 0;
    out->aud_well_formed = true;
    out->out_of_room = false;
    switch (ReadCompact(json, size, &quotes, claims, capacity, out)) {
      case Compact::kRead:
        return true;
      case Compact::kNo:
        return false;
      case Compact::kNotCompact:
        break;
    }
  }
  return Reader(json, size, arena).Read(claims, capacity, out);
}

}  // namespace jwtv::internal
