// Copyright 2026 The jwtv Authors.
//
// Readers for the JOSE header and the JWT claims set over simdjson
// On-Demand. Both visit every member once, so the whole document is checked
// (strict_json.h's rules) while the fields jwtv needs are picked out.
//
// Inputs must be followed by at least kJsonPadding readable bytes.

#ifndef JWTV_SRC_JSON_JSON_READER_H_
#define JWTV_SRC_JSON_JSON_READER_H_

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "absl/container/inlined_vector.h"
#include "absl/functional/function_ref.h"
#include "json/claim_value.h"
#include "jwtv/error.h"

namespace jwtv::internal {

// simdjson's SIMDJSON_PADDING, without exposing simdjson.
inline constexpr size_t kJsonPadding = 64;

struct JoseHeader {
  enum class AlgState : unsigned char { kAbsent, kNotString, kString };
  AlgState alg_state = AlgState::kAbsent;
  std::string_view alg;  // unescaped; when kString
  std::optional<std::string_view> kid;
  std::optional<std::string_view> typ;
  bool has_crit = false;
  // crit is a non-empty array of strings.
  bool crit_well_formed = false;
};

// Reads a JOSE header. Returns kOk or kBadJson (not a strict JSON object, or
// kid/typ present but not strings). Views in *out point into a thread-local
// parser's storage and stay valid until the next ReadHeader on this thread.
ErrorCode ReadHeader(const char* json, size_t size, JoseHeader* out);

// ClaimValue (one top-level claim) is declared in json/claim_value.h.

// Where ReadClaims puts unescaped strings that contain escapes (strings
// without escapes are views into the input itself). Must hold at least as
// many bytes as the input.
struct StringArena {
  char* data;
  size_t capacity;
  size_t used = 0;
};

// Reads a JWT claims set: calls on_claims with the top-level members, in
// order, one or more at a time; when "aud" is a string or an array of strings,
// appends them to *audiences and sets *aud_well_formed (false if aud is present
// with another shape). Returns kOk or kBadJson. Views point into `json` or
// `arena`.
ErrorCode ReadClaims(
    const char* json, size_t size, StringArena* arena,
    absl::FunctionRef<void(std::span<const ClaimValue>)> on_claims,
    absl::InlinedVector<std::string_view, 2>* audiences, bool* aud_well_formed);

// ReadClaims without its fast path (flat_claims.h): the general reader
// alone, which decides every document. For tests and fuzzers that compare
// the two.
ErrorCode ReadClaimsGeneral(
    const char* json, size_t size, StringArena* arena,
    absl::FunctionRef<void(std::span<const ClaimValue>)> on_claims,
    absl::InlinedVector<std::string_view, 2>* audiences, bool* aud_well_formed);

// Copies `json` without insignificant whitespace into *out.
bool MinifyJson(std::string_view json, std::string* out);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JSON_JSON_READER_H_
