// Copyright 2026 The jwtv Authors.
//
// fuzz_claims_paths: the input is a claims set (JSON text). Differential
// between the two claims readers of src/json/json_reader.h: ReadClaims (the
// flat fast path of flat_claims.h, falling back to simdjson) and
// ReadClaimsGeneral (simdjson alone). They must agree exactly: the same
// verdict, and for an accepted document the same members in the same order
// (name, kind, raw JSON text, unescaped string, number bit for bit), the
// same audiences and the same aud shape. The fast path on its own may only
// accept what the general reader accepts. An accepted document is then a
// token's payload for the typed claim accessors, checked against simdjson's
// DOM (typed_claims_check.h).
//
// Both readers run over a copy padded with non-zero bytes (a brace and
// quotes), so a reader that looked past the document's end would see
// plausible JSON rather than the terminator it may have been relying on.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.h"
#include "json/flat_claims.h"
#include "json/json_reader.h"
#include "typed_claims_check.h"

namespace {

using jwtv::ErrorCode;
using jwtv::internal::ClaimValue;

struct Read {
  ErrorCode code;
  std::vector<ClaimValue> claims;
  absl::InlinedVector<std::string_view, 2> aud;
  bool aud_well_formed = false;
  std::string buffer;  // the padded input
  std::string arena;   // unescaped strings
};

void Run(std::string_view json, bool general, Read* out) {
  out->buffer.assign(json);
  out->buffer.append(jwtv::internal::kJsonPadding, '"');
  out->buffer[json.size()] = '}';
  out->arena.assign(json.size() + 1, '\0');
  jwtv::internal::StringArena arena{out->arena.data(), out->arena.size()};
  auto on_claims = [out](std::span<const ClaimValue> v) {
    out->claims.insert(out->claims.end(), v.begin(), v.end());
  };
  out->code = general ? jwtv::internal::ReadClaimsGeneral(
                            out->buffer.data(), json.size(), &arena, on_claims,
                            &out->aud, &out->aud_well_formed)
                      : jwtv::internal::ReadClaims(
                            out->buffer.data(), json.size(), &arena, on_claims,
                            &out->aud, &out->aud_well_formed);
}

// Bit for bit: NaNs alike, +0 and -0 apart.
bool SameNumber(double a, double b) {
  return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
}

// The input padded as Run pads it, with an arena for the fast path alone.
struct FlatInput {
  explicit FlatInput(std::string_view json)
      : padded(json), arena_storage(json.size() + 1, '\0') {
    padded.append(jwtv::internal::kJsonPadding, '"');
  }
  std::string padded;
  std::string arena_storage;
};

// True iff every byte of `v` (an empty view too) lies in [begin, begin + n).
bool Within(std::string_view v, const char* begin, size_t n) {
  const uintptr_t offset = reinterpret_cast<uintptr_t>(v.data()) -
                           reinterpret_cast<uintptr_t>(begin);
  return offset <= n && v.size() <= n - offset;
}

// The registered-claim indexes of `flat` name the members that carry those
// names.
void CheckRegisteredIndexes(const ClaimValue* claims,
                            const jwtv::internal::FlatClaims& flat) {
  jwtv::internal::RegisteredClaims expected;
  for (int i = 0; i < flat.count; ++i) {
    if (const auto m =
            jwtv::internal::RegisteredClaims::Member(claims[i].name)) {
      expected.*m = i;
    }
  }
  FUZZ_CHECK(std::memcmp(&expected, &flat.registered, sizeof(expected)) == 0,
             "registered-claim indexes");
}

// Every view of the fast path's output lies in the input or the arena's
// used part (a token copy moves them all by one distance).
void CheckViewsInside(const FlatInput& input, size_t size,
                      const jwtv::internal::StringArena& arena,
                      const ClaimValue* claims,
                      const jwtv::internal::FlatClaims& flat) {
  auto inside = [&](std::string_view v) {
    return Within(v, input.padded.data(), size) ||
           Within(v, input.arena_storage.data(), arena.used);
  };
  for (int i = 0; i < flat.count; ++i) {
    FUZZ_CHECK(inside(claims[i].name) && inside(claims[i].raw) &&
                   inside(claims[i].str),
               "claim %d has a view outside the input and arena", i);
  }
  for (int i = 0; i < flat.audience_count; ++i) {
    FUZZ_CHECK(inside(flat.audiences[i]), "audience %d outside", i);
  }
}

// Reading the document again into an array of fewer claims (a size taken
// from the input) succeeds iff they fit and otherwise reports out of room.
void CheckOutOfRoom(FlatInput* input, size_t size,
                    jwtv::internal::StringArena* arena, int count) {
  constexpr int kMax = jwtv::internal::FlatClaims::kMaxClaims;
  const int small = 1 + static_cast<int>(size % kMax);
  std::vector<ClaimValue> few(static_cast<size_t>(small));
  arena->used = 0;
  jwtv::internal::FlatClaims again;
  const bool read = jwtv::internal::ReadFlatClaims(
      input->padded.data(), size, arena, few.data(), small, &again);
  FUZZ_CHECK(read == (count <= small), "read into %d of %d", small, count);
  FUZZ_CHECK(read || again.out_of_room, "not out of room");
  if (read) FUZZ_CHECK(again.count == count, "member count again");
}

// The fast path alone never accepts what the general reader rejects; its
// registered-claim indexes name the right members; and a claims array too
// small for the document is reported as out of room, never read past.
void CheckFastPathAlone(std::string_view json, const Read& general) {
  FlatInput input(json);
  jwtv::internal::StringArena arena{input.arena_storage.data(),
                                    input.arena_storage.size()};
  constexpr int kMax = jwtv::internal::FlatClaims::kMaxClaims;
  ClaimValue claims[kMax];
  jwtv::internal::FlatClaims flat;
  if (!jwtv::internal::ReadFlatClaims(input.padded.data(), json.size(), &arena,
                                      claims, kMax, &flat)) {
    return;
  }
  FUZZ_CHECK(general.code == ErrorCode::kOk,
             "the fast path accepts what simdjson rejects");
  FUZZ_CHECK(static_cast<size_t>(flat.count) == general.claims.size(),
             "member count");
  FUZZ_CHECK(!flat.out_of_room, "out of room with room");
  CheckRegisteredIndexes(claims, flat);
  CheckViewsInside(input, json.size(), arena, claims, flat);
  CheckOutOfRoom(&input, json.size(), &arena, flat.count);
}

// The i-th member as the two readers give it: name, kind, raw JSON text,
// unescaped string and number bit for bit.
void CheckSameClaim(const ClaimValue& a, const ClaimValue& b, size_t i) {
  FUZZ_CHECK(a.name == b.name, "claim %zu name", i);
  FUZZ_CHECK(a.kind == b.kind, "claim %zu kind", i);
  FUZZ_CHECK(a.raw == b.raw, "claim %zu raw", i);
  FUZZ_CHECK(a.str == b.str, "claim %zu str", i);
  FUZZ_CHECK(SameNumber(a.number, b.number), "claim %zu number %.17g %.17g", i,
             a.number, b.number);
}

// Both readers accepted the document: the same members in the same order,
// the same audiences and the same aud shape.
void CheckSameOutput(const Read& fast, const Read& general) {
  FUZZ_CHECK(fast.claims.size() == general.claims.size(), "%zu vs %zu claims",
             fast.claims.size(), general.claims.size());
  for (size_t i = 0; i < fast.claims.size(); ++i) {
    CheckSameClaim(fast.claims[i], general.claims[i], i);
  }
  FUZZ_CHECK(fast.aud_well_formed == general.aud_well_formed, "aud shape");
  FUZZ_CHECK(fast.aud.size() == general.aud.size(), "audience count");
  for (size_t i = 0; i < fast.aud.size(); ++i) {
    FUZZ_CHECK(fast.aud[i] == general.aud[i], "audience %zu", i);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  Read fast, general;
  Run(json, /*general=*/false, &fast);
  Run(json, /*general=*/true, &general);
  FUZZ_CHECK(fast.code == general.code, "ReadClaims %d, general %d",
             static_cast<int>(fast.code), static_cast<int>(general.code));
  CheckFastPathAlone(json, general);
  if (general.code != ErrorCode::kOk) return 0;
  CheckSameOutput(fast, general);
  typed_claims_check::CheckTypedClaims(json);
  return 0;
}
