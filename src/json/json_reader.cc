// Copyright 2026 The jwtv Authors.

#include "json/json_reader.h"

#include <locale.h>
#include <simdjson.h>
#include <stdlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "json/flat_claims.h"
#include "json/strict_json.h"

namespace jwtv::internal {
namespace {

namespace od = simdjson::ondemand;
static_assert(kJsonPadding == simdjson::SIMDJSON_PADDING);

// Per-thread state: one parser for headers, one for claims (a header's views
// must survive the claims parse), and the key stack for duplicate checks.
struct ThreadState {
  od::parser header_parser;
  od::parser claims_parser;
  od::parser other_parser;
  std::vector<std::string_view> keys;
  ThreadState() { keys.reserve(256); }
};

ThreadState& State() {
  thread_local ThreadState state;
  return state;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' ||
                        s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// True when the document has nothing after its top-level value.
bool AtEnd(od::document& doc) {
  const char* p;
  return doc.current_location().get(p) == simdjson::OUT_OF_BOUNDS;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// RFC 8259 section 6 number grammar.
bool IsJsonNumber(std::string_view s) {
  size_t i = 0, n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i >= n) return false;
  if (s[i] == '0') {
    ++i;
  } else if (IsDigit(s[i])) {
    while (i < n && IsDigit(s[i])) ++i;
  } else {
    return false;
  }
  if (i < n && s[i] == '.') {
    ++i;
    if (i >= n || !IsDigit(s[i])) return false;
    while (i < n && IsDigit(s[i])) ++i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= n || !IsDigit(s[i])) return false;
    while (i < n && IsDigit(s[i])) ++i;
  }
  return i == n;
}

// Reads a number value and consumes it. simdjson only moves past a scalar it
// could parse, and skips an unconsumed one by counting brackets without
// checking what follows; so every scalar is consumed or, for a number out of
// double range, the next structural character is checked here. `close` is
// the enclosing container's closing bracket. The value itself comes from
// JsonNumberValue, not simdjson: simdjson 3.0's On-Demand get_double
// misrounds long mantissas with an exponent
// (0.0000000000020000000000000000005e9 gives 1.55e-4; found by
// fuzz_claims_paths).
bool ConsumeNumber(od::value& v, char close, std::string_view* raw,
                   double* out) {
  const std::string_view token = v.raw_json_token();
  *raw = TrimRight(token);
  if (!IsJsonNumber(*raw)) return false;
  // simdjson parses only numbers in double's range; what it refuses may
  // still be a valid number outside it.
  double ignored;
  if (v.get_double().get(ignored)) {
    const char next = token.data()[token.size()];
    if (next != ',' && next != close) return false;
  }
  *out = JsonNumberValue(*raw);
  return true;
}

// Reads true, false or null and consumes it.
bool ConsumeLiteral(od::value& v, od::json_type type, std::string_view* raw,
                    bool* value) {
  *raw = TrimRight(v.raw_json_token());
  if (type == od::json_type::boolean) return !v.get_bool().get(*value);
  bool is_null = false;
  return !v.is_null().get(is_null) && is_null;
}

bool HasDuplicate(std::vector<std::string_view>& keys, size_t mark) {
  return HasDuplicateNames(keys.data() + mark, keys.size() - mark);
}

bool CheckValue(od::value v, char close, int depth,
                std::vector<std::string_view>& keys,
                int max_depth = kMaxJsonDepth);

bool CheckObject(od::object obj, int depth, std::vector<std::string_view>& keys,
                 int max_depth = kMaxJsonDepth) {
  if (depth > max_depth) return false;
  const size_t mark = keys.size();
  for (auto field_result : obj) {
    od::field field;
    std::string_view key;
    if (std::move(field_result).get(field) || field.unescaped_key().get(key)) {
      return false;
    }
    keys.push_back(key);
    if (!CheckValue(field.value(), '}', depth, keys, max_depth)) return false;
  }
  const bool dup = HasDuplicate(keys, mark);
  keys.resize(mark);
  return !dup;
}

// Checks one value nested at `depth` (the containing object is at depth).
bool CheckValue(od::value v, char close, int depth,
                std::vector<std::string_view>& keys, int max_depth) {
  od::json_type type;
  if (v.type().get(type)) return false;
  switch (type) {
    case od::json_type::object: {
      od::object obj;
      if (v.get_object().get(obj)) return false;
      return CheckObject(obj, depth + 1, keys, max_depth);
    }
    case od::json_type::array: {
      if (depth + 1 > max_depth) return false;
      od::array arr;
      if (v.get_array().get(arr)) return false;
      for (auto element : arr) {
        od::value ev;
        if (element.get(ev) ||
            !CheckValue(ev, ']', depth + 1, keys, max_depth)) {
          return false;
        }
      }
      return true;
    }
    case od::json_type::string: {
      std::string_view s;
      return !v.get_string().get(s);
    }
    case od::json_type::number: {
      std::string_view raw;
      double d;
      return ConsumeNumber(v, close, &raw, &d);
    }
    case od::json_type::boolean:
    case od::json_type::null: {
      std::string_view raw;
      bool b;
      return ConsumeLiteral(v, type, &raw, &b);
    }
  }
  return false;
}

// A string value: a view into the input when it has no escapes, else
// unescaped into the arena.
bool ReadString(od::value& v, std::string_view raw, StringArena* arena,
                std::string_view* out) {
  if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') return false;
  std::string_view inner = raw.substr(1, raw.size() - 2);
  if (inner.find('\\') == std::string_view::npos) {
    // Consumed (see ConsumeNumber); nothing to unescape.
    od::raw_json_string consumed;
    if (v.get_raw_json_string().get(consumed)) return false;
    *out = inner;
    return true;
  }
  std::string_view unescaped;
  if (v.get_string().get(unescaped)) return false;
  if (arena->capacity - arena->used < unescaped.size()) return false;
  char* dst = arena->data + arena->used;
  memcpy(dst, unescaped.data(), unescaped.size());
  arena->used += unescaped.size();
  *out = std::string_view(dst, unescaped.size());
  return true;
}

// The same for a member name: a view into the input when the raw name
// (after its opening quote) is byte-identical to the unescaped one.
bool StoreKey(std::string_view unescaped, const char* raw_key,
              StringArena* arena, std::string_view* out) {
  if (memcmp(raw_key, unescaped.data(), unescaped.size()) == 0 &&
      raw_key[unescaped.size()] == '"') {
    *out = std::string_view(raw_key, unescaped.size());
    return true;
  }
  if (arena->capacity - arena->used < unescaped.size()) return false;
  char* dst = arena->data + arena->used;
  memcpy(dst, unescaped.data(), unescaped.size());
  arena->used += unescaped.size();
  *out = std::string_view(dst, unescaped.size());
  return true;
}

// The header member "alg", "kid" or "typ" (`key`), of JSON type `type`: a
// string; alg may have another type, recorded and then checked as any
// value.
bool ReadHeaderString(std::string_view key, od::value& v, od::json_type type,
                      std::vector<std::string_view>& keys, JoseHeader* out) {
  if (type != od::json_type::string) {
    if (key != "alg") return false;
    out->alg_state = JoseHeader::AlgState::kNotString;
    return CheckValue(v, '}', 1, keys);
  }
  std::string_view s;
  if (v.get_string().get(s)) return false;
  if (key == "alg") {
    out->alg_state = JoseHeader::AlgState::kString;
    out->alg = s;
  } else if (key == "kid") {
    out->kid = s;
  } else {
    out->typ = s;
  }
  return true;
}

// The header member "crit": recorded, with whether it is a non-empty array
// of strings; its value is checked as any other.
bool ReadCrit(od::value& v, od::json_type type,
              std::vector<std::string_view>& keys, JoseHeader* out) {
  out->has_crit = true;
  out->crit_well_formed = false;
  if (type != od::json_type::array) return CheckValue(v, '}', 1, keys);
  od::array arr;
  if (v.get_array().get(arr)) return false;
  bool well_formed = true;
  size_t count = 0;
  for (auto element : arr) {
    od::value ev;
    od::json_type et;
    if (element.get(ev) || ev.type().get(et)) return false;
    if (et != od::json_type::string) well_formed = false;
    if (!CheckValue(ev, ']', 2, keys)) return false;
    ++count;
  }
  out->crit_well_formed = well_formed && count > 0;
  return true;
}

// What ReadClaimsGeneral's members are read with.
struct GeneralClaims {
  od::document* doc;
  const char* end;  // the input's end
  StringArena* arena;
  std::vector<std::string_view>* keys;
  absl::InlinedVector<std::string_view, 2>* audiences;
  bool* aud_well_formed;
};

// The array value of "aud": its strings go to g.audiences; any other
// element makes aud not well formed and is checked as any value.
bool ReadAudienceArray(od::value& v, GeneralClaims& g) {
  od::array arr;
  if (v.get_array().get(arr)) return false;
  for (auto element : arr) {
    od::value ev;
    od::json_type et;
    if (element.get(ev) || ev.type().get(et)) return false;
    if (et == od::json_type::string) {
      std::string_view s;
      if (!ReadString(ev, TrimRight(ev.raw_json_token()), g.arena, &s)) {
        return false;
      }
      g.audiences->push_back(s);
    } else {
      *g.aud_well_formed = false;
      if (!CheckValue(ev, ']', 2, *g.keys)) return false;
    }
  }
  return true;
}

// An array or object value that starts at `start`: checked (aud's strings
// collected); its raw text runs to the token after it.
bool ReadContainer(od::value& v, od::json_type type, bool is_aud,
                   const char* start, GeneralClaims& g, ClaimValue* claim) {
  const bool array = type == od::json_type::array;
  claim->kind = array ? JsonKind::kArray : JsonKind::kObject;
  if (is_aud && array) {
    if (!ReadAudienceArray(v, g)) return false;
  } else if (!CheckValue(v, '}', 1, *g.keys)) {
    return false;
  }
  // current_location() is the ',' or '}' token after the value.
  const char* end;
  if (g.doc->current_location().get(end)) end = g.end;
  claim->raw =
      TrimRight(std::string_view(start, static_cast<size_t>(end - start)));
  return true;
}

// One claim value of JSON type `type` into *claim.
bool ReadClaimValue(od::value& v, od::json_type type, bool is_aud,
                    const char* start, GeneralClaims& g, ClaimValue* claim) {
  switch (type) {
    case od::json_type::string:
      claim->kind = JsonKind::kString;
      claim->raw = TrimRight(v.raw_json_token());
      if (!ReadString(v, claim->raw, g.arena, &claim->str)) return false;
      if (is_aud) g.audiences->push_back(claim->str);
      return true;
    case od::json_type::number:
      claim->kind = JsonKind::kNumber;
      return ConsumeNumber(v, '}', &claim->raw, &claim->number);
    case od::json_type::boolean:
    case od::json_type::null: {
      claim->kind =
          type == od::json_type::null ? JsonKind::kNull : JsonKind::kBool;
      bool b = false;
      if (!ConsumeLiteral(v, type, &claim->raw, &b)) return false;
      claim->number = b ? 1 : 0;
      return true;
    }
    case od::json_type::array:
    case od::json_type::object:
      return ReadContainer(v, type, is_aud, start, g, claim);
  }
  return false;
}

// One member of a claims set into *claim: its name, then its value.
bool ReadMember(od::field& field, GeneralClaims& g, ClaimValue* claim) {
  // The name's raw form (after the opening quote) must be read before
  // unescaped_key() consumes it.
  const char* raw_key = field.key().raw();
  std::string_view key;
  if (field.unescaped_key().get(key)) return false;
  g.keys->push_back(key);
  if (!StoreKey(key, raw_key, g.arena, &claim->name)) return false;
  od::value v = field.value();
  od::json_type type;
  const char* start;
  if (v.type().get(type) || v.current_location().get(start)) return false;
  const bool is_aud = key == "aud";
  if (!ReadClaimValue(v, type, is_aud, start, g, claim)) return false;
  if (is_aud && type != od::json_type::string && type != od::json_type::array) {
    *g.aud_well_formed = false;
  }
  return true;
}

// Starts reading a padded document whose top level must be an object.
bool OpenObject(od::parser& parser, const char* json, size_t size,
                od::document* doc, od::object* obj) {
  return !parser.iterate(json, size, size + kJsonPadding).get(*doc) &&
         !doc->get_object().get(*obj);
}

}  // namespace

bool HasEqualNamesPairwise(const std::string_view* names, size_t n) {
  for (size_t i = 1; i < n; ++i) {
    const uint32_t fp = NameFingerprint(names[i]);
    for (size_t j = 0; j < i; ++j) {
      if (NameFingerprint(names[j]) == fp && names[i] == names[j]) return true;
    }
  }
  return false;
}

// Small objects (JWT headers and claims sets) go through a NameFilter and
// are compared pairwise only when two names share a bit; larger ones sort.
bool HasDuplicateNames(std::string_view* names, size_t n) {
  if (n < 2) return false;
  if (n <= 32) {
    NameFilter filter;
    bool maybe = false;
    for (size_t i = 0; i < n; ++i) maybe |= filter.TestAndSet(names[i]);
    return maybe && HasEqualNamesPairwise(names, n);
  }
  std::sort(names, names + n);
  return std::adjacent_find(names, names + n) != names + n;
}

double JsonNumberValue(std::string_view number) {
  double value;
  const auto [ptr, ec] =
      std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec == std::errc() && ptr == number.data() + number.size()) return value;
  // Out of double's range: strtod gives +-inf or the nearest of 0 and the
  // subnormals. Its input must be NUL-terminated, and its locale "C" (the
  // process's LC_NUMERIC may not use '.').
  char stack[128];
  std::string heap;
  const char* cstr;
  if (number.size() < sizeof(stack)) {
    memcpy(stack, number.data(), number.size());
    stack[number.size()] = '\0';
    cstr = stack;
  } else {
    heap.assign(number);
    cstr = heap.c_str();
  }
  static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", nullptr);
  return strtod_l(cstr, nullptr, c_locale);
}

ErrorCode ReadHeader(const char* json, size_t size, JoseHeader* out) {
  ThreadState& st = State();
  od::document doc;
  od::object obj;
  if (!OpenObject(st.header_parser, json, size, &doc, &obj)) {
    return ErrorCode::kBadJson;
  }
  *out = JoseHeader();
  auto& keys = st.keys;
  keys.clear();
  for (auto field_result : obj) {
    od::field field;
    std::string_view key;
    if (std::move(field_result).get(field) || field.unescaped_key().get(key)) {
      return ErrorCode::kBadJson;
    }
    keys.push_back(key);
    od::value v = field.value();
    od::json_type type;
    if (v.type().get(type)) return ErrorCode::kBadJson;
    bool ok;
    if (key == "alg" || key == "kid" || key == "typ") {
      ok = ReadHeaderString(key, v, type, keys, out);
    } else if (key == "crit") {
      ok = ReadCrit(v, type, keys, out);
    } else {
      ok = CheckValue(v, '}', 1, keys);
    }
    if (!ok) return ErrorCode::kBadJson;
  }
  if (!AtEnd(doc) || HasDuplicate(keys, 0)) return ErrorCode::kBadJson;
  return ErrorCode::kOk;
}

ErrorCode ReadClaims(
    const char* json, size_t size, StringArena* arena,
    absl::FunctionRef<void(std::span<const ClaimValue>)> on_claims,
    absl::InlinedVector<std::string_view, 2>* audiences,
    bool* aud_well_formed) {
  // Thread-local: 32 ClaimValues are too many to initialize per call.
  thread_local ClaimValue claims[FlatClaims::kMaxClaims];
  FlatClaims flat;
  const size_t arena_mark = arena->used;
  if (ReadFlatClaims(json, size, arena, claims, FlatClaims::kMaxClaims,
                     &flat)) {
    for (int i = 0; i < flat.audience_count; ++i) {
      audiences->push_back(flat.audiences[i]);
    }
    *aud_well_formed = flat.aud_well_formed;
    on_claims(
        std::span<const ClaimValue>(claims, static_cast<size_t>(flat.count)));
    return ErrorCode::kOk;
  }
  arena->used = arena_mark;
  return ReadClaimsGeneral(json, size, arena, on_claims, audiences,
                           aud_well_formed);
}

ErrorCode ReadClaimsGeneral(
    const char* json, size_t size, StringArena* arena,
    absl::FunctionRef<void(std::span<const ClaimValue>)> on_claims,
    absl::InlinedVector<std::string_view, 2>* audiences,
    bool* aud_well_formed) {
  ThreadState& st = State();
  od::document doc;
  od::object obj;
  if (!OpenObject(st.claims_parser, json, size, &doc, &obj)) {
    return ErrorCode::kBadJson;
  }
  *aud_well_formed = true;
  st.keys.clear();
  GeneralClaims g{&doc,     json + size, arena,
                  &st.keys, audiences,   aud_well_formed};
  for (auto field_result : obj) {
    od::field field;
    ClaimValue claim;
    if (std::move(field_result).get(field) || !ReadMember(field, g, &claim)) {
      return ErrorCode::kBadJson;
    }
    on_claims(std::span<const ClaimValue>(&claim, 1));
  }
  if (!AtEnd(doc) || HasDuplicate(st.keys, 0)) return ErrorCode::kBadJson;
  return ErrorCode::kOk;
}

bool MinifyJson(std::string_view json, std::string* out) {
  out->resize(json.size());
  size_t len = 0;
  if (simdjson::minify(json.data(), json.size(), out->data(), len)) {
    return false;
  }
  out->resize(len);
  return true;
}

bool IsStrictJsonObject(std::string_view json, int max_depth) {
  ThreadState& st = State();
  thread_local std::string padded;
  padded.assign(json);
  padded.append(kJsonPadding, '\0');
  od::document doc;
  od::object obj;
  if (!OpenObject(st.other_parser, padded.data(), json.size(), &doc, &obj)) {
    return false;
  }
  std::vector<std::string_view> keys;
  if (!CheckObject(obj, 1, keys, max_depth)) return false;
  return AtEnd(doc);
}

}  // namespace jwtv::internal
