// Copyright 2026 The jwtv Authors.

#include "json/flat_claims.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <system_error>

#include "absl/base/attributes.h"
#include "json/json_escape.h"
#include "json/strict_json.h"

#ifdef __AVX2__
#include <immintrin.h>
#endif

namespace jwtv::internal {
namespace {

bool IsWs(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// The first byte at or after p that is not whitespace (or the end).
inline const char* SkipWs(const char* p, const char* end) {
  while (p < end && static_cast<unsigned char>(*p) <= ' ' && IsWs(*p)) ++p;
  return p;
}

// Whitespace at p (rare in JWTs: one compare decides the common case).
ABSL_ATTRIBUTE_ALWAYS_INLINE inline const char* Ws(const char* p,
                                                   const char* end) {
  return static_cast<unsigned char>(*p) <= ' ' ? SkipWs(p, end) : p;
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
    constexpr bool kLittleEndian = std::endian::native == std::endian::little;
    while (kLittleEndian && end - p >= 8 && IsEightDigits(p)) {
      v = v * 100000000 + EightDigits(p);
      digits += 8;
      p += 8;
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

// The bytes an unescaped string takes in the arena's unused part.
class ArenaWriter {
 public:
  explicit ArenaWriter(StringArena* arena)
      : arena_(arena),
        begin_(arena->data + arena->used),
        end_(arena->data + arena->capacity),
        out_(begin_) {}

  bool Append(const char* p, size_t n) {
    if (static_cast<size_t>(end_ - out_) < n) return false;
    memcpy(out_, p, n);
    out_ += n;
    return true;
  }
  bool Put(uint32_t byte) {
    if (out_ == end_) return false;
    *out_++ = static_cast<char>(byte);
    return true;
  }
  // The UTF-8 form of a code point (<= 0x10FFFF).
  bool PutUtf8(uint32_t u) {
    if (u < 0x80) return Put(u);
    if (u < 0x800) return Put(0xC0 | u >> 6) && Put(0x80 | (u & 0x3F));
    if (u < 0x10000) {
      return Put(0xE0 | u >> 12) && Put(0x80 | (u >> 6 & 0x3F)) &&
             Put(0x80 | (u & 0x3F));
    }
    return Put(0xF0 | u >> 18) && Put(0x80 | (u >> 12 & 0x3F)) &&
           Put(0x80 | (u >> 6 & 0x3F)) && Put(0x80 | (u & 0x3F));
  }
  // Keeps what was written; returns it. Never null: arena storage.
  std::string_view Commit() {
    const size_t n = static_cast<size_t>(out_ - begin_);
    arena_->used += n;
    return std::string_view(begin_, n);
  }

 private:
  StringArena* const arena_;
  char* const begin_;
  char* const end_;
  char* out_;
};

// Unescapes a string from p (at a backslash) to its closing quote, after
// the escape-free prefix [start, p), into the arena. Returns the unescaped
// string (never null: arena storage) with *next after the closing quote, or
// a view whose data() is null.
std::string_view Unescape(const char* start, const char* p, const char* end,
                          StringArena* arena, const char** next) {
  ArenaWriter out(arena);
  if (!out.Append(start, static_cast<size_t>(p - start))) return {};
  while (p < end) {
    const char c = *p;
    if (c == '"') {
      *next = p + 1;
      return out.Commit();
    }
    if (c != '\\') {
      if (IsSpecial(c) || !out.Put(static_cast<unsigned char>(c))) return {};
      ++p;
      continue;
    }
    if (end - p < 2) return {};
    const char e = p[1];
    p += 2;
    if (e == 'u') {
      uint32_t code;
      p = UnicodeEscape(p, end, &code);
      if (p == nullptr || !out.PutUtf8(code)) return {};
    } else {
      const int byte = SimpleEscape(e);
      if (byte < 0 || !out.Put(static_cast<uint32_t>(byte))) return {};
    }
  }
  return {};
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

  // The words, valid after Build; word_count() of them.
  const uint64_t* words() const { return words_; }
  size_t word_count() const { return count_; }

 private:
  size_t count_ = 0;
  uint64_t words_[kMaxWords];
};

// The quotes (*quotes) and the bytes that make a document unclean
// (*special) among the 64 at p, one bit per byte.
inline void ClassifyWord(const char* p, size_t n, uint64_t* quotes,
                         uint64_t* special) {
#ifdef __AVX2__
  static_cast<void>(n);  // the padding makes 64 bytes readable
  const __m256i quote = _mm256_set1_epi8('"');
  const __m256i backslash = _mm256_set1_epi8('\\');
  const __m256i space = _mm256_set1_epi8(0x20);
  for (size_t half = 0; half < 2; ++half) {
    const __m256i x =
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * half));
    // Signed compare: bytes >= 0x80 are negative, so below 0x20 too.
    const uint64_t q = static_cast<uint32_t>(
        _mm256_movemask_epi8(_mm256_cmpeq_epi8(x, quote)));
    const uint64_t b =
        static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(
            _mm256_cmpeq_epi8(x, backslash), _mm256_cmpgt_epi8(space, x))));
    *quotes |= q << (32 * half);
    *special |= b << (32 * half);
  }
#else
  for (size_t j = 0; j < n; ++j) {
    const auto u = static_cast<unsigned char>(p[j]);
    *quotes |= static_cast<uint64_t>(u == '"') << j;
    *special |= static_cast<uint64_t>(u == '\\' || u < 0x20 || u >= 0x80) << j;
  }
#endif
}

bool QuoteIndex::Build(const char* json, size_t size) {
  if (size == 0 || size > kMaxWords * 64) return false;
  count_ = (size + 63) / 64;
  for (size_t i = 0; i < count_; ++i) {
    // Bytes past the end (the padding) count for nothing.
    const size_t n = std::min<size_t>(64, size - i * 64);
    const uint64_t valid = n == 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
    uint64_t quotes = 0, special = 0;
    ClassifyWord(json + i * 64, n, &quotes, &special);
    if ((special & valid) != 0) return false;
    words_[i] = quotes & valid;
  }
  return true;
}

// How the member loop reads a clean document: a string's quotes are the
// next two the index holds (strings are views into the input). Whitespace
// is looked for only with kSpaces: JWT libraries write compact JSON, and
// in a document without whitespace both read the same.
template <bool kSpaces>
class IndexedStrings {
 public:
  // Takes the quotes of `quotes` (built over [json, json + size)) from the
  // first. The cursor is this object's own (a local the compiler keeps in
  // registers), not the index's memory, which the claims stores could
  // alias.
  IndexedStrings(const char* json, size_t size, const QuoteIndex& quotes)
      : json_(json),
        size_(size),
        words_(quotes.words()),
        count_(quotes.word_count()),
        word_(words_[0]) {}

  // The first byte at or after p that is not whitespace (p <= the end + 1).
  ABSL_ATTRIBUTE_ALWAYS_INLINE const char* Ws(const char* p) const {
    if constexpr (kSpaces) return jwtv::internal::Ws(p, json_ + size_);
    return p;
  }

  // Reads the string whose opening quote is at p (p <= the end) and moves p
  // past its closing quote (not past the end). Returns the string, or a
  // view whose data() is null. (Returned by value: a view written to
  // memory and read back costs a store-forwarding stall.)
  ABSL_ATTRIBUTE_ALWAYS_INLINE std::string_view Read(const char*& p) {
    const size_t open = Take();
    const size_t close = Take();
    if (json_ + open != p || close >= size_) return {};
    const char* const start = p + 1;
    p = json_ + close + 1;
    return std::string_view(start, close - open - 1);
  }

 private:
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

  const char* const json_;
  const size_t size_;
  const uint64_t* const words_;
  const size_t count_;
  size_t index_ = 0;
  uint64_t word_;
};

// The same for any other document: a string's end is searched for (32
// bytes at a time with AVX2), a string with escapes is unescaped into the
// arena, and any whitespace is skipped.
class ScannedStrings {
 public:
  ScannedStrings(const char* end, StringArena* arena)
      : end_(end), arena_(arena) {}

  ABSL_ATTRIBUTE_ALWAYS_INLINE const char* Ws(const char* p) const {
    return jwtv::internal::Ws(p, end_);
  }

  // As IndexedStrings::Read, unescaping a string with escapes.
  ABSL_ATTRIBUTE_ALWAYS_INLINE std::string_view Read(const char*& p) {
    const char* const start = p + 1;
    const char* const hit = FindSpecial(start, end_);
    if (hit == nullptr) return {};
    if (*hit == '"') {
      p = hit + 1;
      return std::string_view(start, static_cast<size_t>(hit - start));
    }
    if (*hit != '\\') return {};
    return Unescape(start, hit, end_, arena_, &p);
  }

 private:
  const char* const end_;
  StringArena* const arena_;
};

// The literal `word` at p: the position after it, or null.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline const char* LiteralAt(
    const char* p, const char* end, std::string_view word) {
  return static_cast<size_t>(end - p) >= word.size() &&
                 memcmp(p, word.data(), word.size()) == 0
             ? p + word.size()
             : nullptr;
}

// The array of strings at p (at '['), the value of "aud": appends them to
// out->audiences. Returns the position after the array, or null.
template <class Strings>
ABSL_ATTRIBUTE_ALWAYS_INLINE inline const char* AudiencesAt(const char* p,
                                                            const char* end,
                                                            Strings& strings,
                                                            FlatClaims* out) {
  p = strings.Ws(p + 1);
  if (p < end && *p == ']') return p + 1;
  while (p < end && *p == '"') {
    if (out->audience_count == FlatClaims::kMaxAudiences) return nullptr;
    const std::string_view audience = strings.Read(p);
    if (audience.data() == nullptr) return nullptr;
    out->audiences[out->audience_count++] = audience;
    p = strings.Ws(p);
    if (p >= end) return nullptr;
    if (*p == ']') return p + 1;
    if (*p != ',') return nullptr;
    p = strings.Ws(p + 1);
  }
  return nullptr;
}

// Reads the value at p (p < end) into *claim, whose name is "aud" iff
// is_aud. Returns the position after the value, or null.
template <class Strings>
ABSL_ATTRIBUTE_ALWAYS_INLINE inline const char* ValueAt(
    const char* p, const char* end, bool is_aud, Strings& strings,
    ClaimValue* claim, FlatClaims* out) {
  claim->number = 0;
  switch (*p) {
    case '"': {
      claim->kind = JsonKind::kString;
      const std::string_view str = strings.Read(p);
      if (str.data() == nullptr) return nullptr;
      claim->str = str;
      if (is_aud) {
        if (out->audience_count == FlatClaims::kMaxAudiences) return nullptr;
        out->audiences[out->audience_count++] = str;
      }
      return p;
    }
    case 't':
      claim->kind = JsonKind::kBool;
      claim->number = 1;
      return LiteralAt(p, end, "true");
    case 'f':
      claim->kind = JsonKind::kBool;
      return LiteralAt(p, end, "false");
    case 'n':
      claim->kind = JsonKind::kNull;
      return LiteralAt(p, end, "null");
    case '[':
      claim->kind = JsonKind::kArray;
      return is_aud ? AudiencesAt(p, end, strings, out) : nullptr;
    default:
      claim->kind = JsonKind::kNumber;
      return NumberAt(p, end, &claim->number);
  }
}

// Completes the claim whose value is [value_start, value_end): its raw JSON
// text, and for a value other than a string an empty str view into the
// input (every view points into the input or the arena).
ABSL_ATTRIBUTE_ALWAYS_INLINE inline void EndValue(const char* value_start,
                                                  const char* value_end,
                                                  bool is_aud,
                                                  ClaimValue* claim,
                                                  FlatClaims* out) {
  claim->raw = std::string_view(value_start,
                                static_cast<size_t>(value_end - value_start));
  if (claim->kind != JsonKind::kString) {
    claim->str = claim->raw.substr(0, 0);
    if (is_aud && claim->kind != JsonKind::kArray) {
      out->aud_well_formed = false;
    }
  }
}

// The one member loop of ReadFlatClaims: the grammar of a flat claims
// object, with strings and whitespace read by `strings` (IndexedStrings or
// ScannedStrings).
template <class Strings>
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool ReadMembers(
    const char* json, size_t size, Strings& strings, ClaimValue* claims,
    int capacity, FlatClaims* out) {
  out->count = 0;
  out->registered = RegisteredClaims();
  out->audience_count = 0;
  out->aud_well_formed = true;
  out->out_of_room = false;
  const char* const end = json + size;
  const char* p = strings.Ws(json);
  if (p >= end || *p != '{') return false;
  p = strings.Ws(p + 1);
  if (p < end && *p == '}') return strings.Ws(p + 1) == end;
  DuplicateNames duplicates;
  int count = 0;
  for (;;) {
    // p <= end: a string read at the end fails.
    if (*p != '"') return false;
    if (count == capacity) {
      out->out_of_room = capacity < FlatClaims::kMaxClaims;
      return false;
    }
    ClaimValue& claim = claims[count];
    const std::string_view name = strings.Read(p);
    if (name.data() == nullptr) return false;
    claim.name = name;
    bool is_aud;
    if (!duplicates.Note(name, count, &out->registered, &is_aud)) return false;
    ++count;
    // p is at most the end; past it, ':' may be the padding's.
    p = strings.Ws(p);
    if (*p != ':') return false;
    p = strings.Ws(p + 1);
    if (p >= end) return false;
    const char* const value_start = p;
    p = ValueAt(p, end, is_aud, strings, &claim, out);
    if (p == nullptr || p >= end) return false;
    EndValue(value_start, p, is_aud, &claim, out);
    if (*p == ',') {
      p = strings.Ws(p + 1);
      continue;
    }
    p = strings.Ws(p);
    if (p >= end) return false;
    if (*p == '}') break;
    if (*p != ',') return false;
    p = strings.Ws(p + 1);
  }
  out->count = count;
  return !duplicates.Found(claims, count) && strings.Ws(p + 1) == end;
}

}  // namespace

bool ReadFlatClaims(const char* json, size_t size, StringArena* arena,
                    ClaimValue* claims, int capacity, FlatClaims* out) {
  capacity = std::min(capacity, FlatClaims::kMaxClaims);
  QuoteIndex quotes;
  if (quotes.Build(json, size)) {
    IndexedStrings<false> compact(json, size, quotes);
    if (ReadMembers(json, size, compact, claims, capacity, out)) return true;
    // A clean document's only whitespace is spaces: without one, reading
    // it again would decide the same.
    if (memchr(json, ' ', size) == nullptr) return false;
    IndexedStrings<true> spaced(json, size, quotes);
    return ReadMembers(json, size, spaced, claims, capacity, out);
  }
  ScannedStrings strings(json + size, arena);
  return ReadMembers(json, size, strings, claims, capacity, out);
}

}  // namespace jwtv::internal
