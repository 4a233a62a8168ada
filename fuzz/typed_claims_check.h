// Copyright 2026 The jwtv Authors.
//
// CheckTypedClaims: the typed claim accessors (jwtv/claims.h) against
// simdjson's DOM, for fuzz_claims_paths. A claims set the readers accepted
// is decoded as a token's payload (DecodeUnverified, which fills the
// storage a Validator fills and reads it with VerifiedToken's accessors);
// then every value reachable by a path (top-level claims and members of
// nested objects, at any depth) must be found with the DOM's kind, and each
// typed read must agree with the DOM: the unescaped string, the number,
// int64 exactly (or FailedPrecondition), the boolean, an array of strings
// (or FailedPrecondition for any other element), the raw JSON text (equal
// once both are re-serialized), NotFound for an absent member; and the
// scope list and HasScope for a top-level "scope".

#ifndef JWTV_FUZZ_TYPED_CLAIMS_CHECK_H_
#define JWTV_FUZZ_TYPED_CLAIMS_CHECK_H_

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "base64url/base64url.h"
#include "fuzz_common.h"
#include "jwtv/unverified_token.h"
#include "simdjson.h"

namespace typed_claims_check {

namespace dom = simdjson::dom;

// Values checked per input, so that a wide document cannot time out.
inline constexpr int kMaxValues = 2048;

inline bool OtherType(const absl::Status& s) {
  return absl::IsFailedPrecondition(s);
}

// The DOM's serialization of the JSON text `raw`, or "" if it does not parse.
inline std::string Reserialized(std::string_view raw) {
  dom::parser parser;
  dom::element e;
  if (parser.parse(raw.data(), raw.size()).get(e)) return "";
  return simdjson::to_string(e);
}

inline void CheckScalar(const jwtv::ClaimView& v, dom::element e) {
  switch (e.type()) {
    case dom::element_type::STRING: {
      FUZZ_CHECK(v.kind() == jwtv::JsonKind::kString, "kind of a string");
      const absl::StatusOr<std::string_view> s = v.String();
      std::string_view expected;
      FUZZ_CHECK(!e.get_string().get(expected), "a DOM string");
      FUZZ_CHECK(s.ok() && *s == expected, "String() = '%s'",
                 s.ok() ? jwtv_fuzz::Printable(*s).c_str() : "error");
      FUZZ_CHECK(OtherType(v.Integer().status()), "Integer() of a string");
      break;
    }
    case dom::element_type::INT64: {
      int64_t n = 0;
      FUZZ_CHECK(!e.get_int64().get(n), "a DOM int64");
      FUZZ_CHECK(v.kind() == jwtv::JsonKind::kNumber, "kind of an int64");
      FUZZ_CHECK(v.Integer().ok() && *v.Integer() == n, "Integer() of %lld",
                 static_cast<long long>(n));
      FUZZ_CHECK(v.Number().ok() && *v.Number() == static_cast<double>(n),
                 "Number() of %lld", static_cast<long long>(n));
      break;
    }
    case dom::element_type::UINT64: {
      uint64_t n = 0;
      FUZZ_CHECK(!e.get_uint64().get(n), "a DOM uint64");
      FUZZ_CHECK(OtherType(v.Integer().status()), "Integer() above int64");
      FUZZ_CHECK(v.Number().ok() && *v.Number() == static_cast<double>(n),
                 "Number() of %llu", static_cast<unsigned long long>(n));
      break;
    }
    case dom::element_type::DOUBLE: {
      double d = 0;
      FUZZ_CHECK(!e.get_double().get(d), "a DOM double");
      FUZZ_CHECK(v.Number().ok() && *v.Number() == d, "Number() of %.17g", d);
      const bool integral = d >= -9223372036854775808.0 &&
                            d < 9223372036854775808.0 && std::trunc(d) == d;
      const absl::StatusOr<int64_t> i = v.Integer();
      FUZZ_CHECK(integral ? i.ok() && *i == static_cast<int64_t>(d)
                          : OtherType(i.status()),
                 "Integer() of %.17g", d);
      break;
    }
    case dom::element_type::BOOL: {
      bool b = false;
      FUZZ_CHECK(!e.get_bool().get(b), "a DOM bool");
      FUZZ_CHECK(v.Bool().ok() && *v.Bool() == b, "Bool()");
      FUZZ_CHECK(OtherType(v.String().status()), "String() of a bool");
      break;
    }
    case dom::element_type::NULL_VALUE:
      FUZZ_CHECK(v.kind() == jwtv::JsonKind::kNull, "kind of null");
      FUZZ_CHECK(OtherType(v.Bool().status()) && OtherType(v.String().status()),
                 "typed reads of null");
      break;
    default:
      break;
  }
}

inline void CheckArray(const jwtv::ClaimView& v, dom::array a) {
  FUZZ_CHECK(v.kind() == jwtv::JsonKind::kArray, "kind of an array");
  std::vector<std::string_view> strings;
  bool all_strings = true;
  for (dom::element x : a) {
    std::string_view s;
    if (x.get_string().get(s)) {
      all_strings = false;
      break;
    }
    strings.push_back(s);
  }
  const absl::StatusOr<jwtv::StringList> list = v.StringArray();
  if (all_strings) {
    FUZZ_CHECK(list.ok() && *list == strings, "StringArray() of %zu strings",
               strings.size());
  } else {
    FUZZ_CHECK(OtherType(list.status()), "StringArray() of a mixed array");
  }
  FUZZ_CHECK(!v.Member("a").found(), "a member of an array");
}

// Checks the value at `path` (the DOM's `e`) and the values below it.
inline void Walk(const jwtv::UnverifiedToken& t, dom::element e,
                 std::vector<std::string_view>* path, int* budget) {
  if (--*budget < 0) return;
  const jwtv::ClaimView v = t.Find(jwtv::ClaimPath(*path));
  FUZZ_CHECK(v.found(), "path of %zu segments not found", path->size());
  const absl::StatusOr<std::string_view> raw = v.RawJson();
  FUZZ_CHECK(raw.ok() && Reserialized(*raw) == simdjson::to_string(e),
             "RawJson() = '%s'",
             raw.ok() ? jwtv_fuzz::Printable(*raw).c_str() : "error");
  dom::object object;
  dom::array array;
  if (!e.get_object().get(object)) {
    FUZZ_CHECK(v.kind() == jwtv::JsonKind::kObject, "kind of an object");
    FUZZ_CHECK(OtherType(v.StringArray().status()), "StringArray() of object");
    // "\xff" is no JSON string's content (not UTF-8): never a member.
    FUZZ_CHECK(absl::IsNotFound(v.Member("\xff").String().status()),
               "absent member found");
    for (dom::key_value_pair member : object) {
      path->push_back(member.key);
      Walk(t, member.value, path, budget);
      path->pop_back();
    }
  } else if (!e.get_array().get(array)) {
    CheckArray(v, array);
  } else {
    CheckScalar(v, e);
  }
}

inline void CheckScopes(const jwtv::UnverifiedToken& t, dom::element doc) {
  std::string_view scope;
  dom::element element;
  if (doc.at_key("scope").get(element) || element.get_string().get(scope)) {
    return;
  }
  std::vector<std::string_view> expected;
  for (size_t at = 0; at <= scope.size();) {
    size_t space = scope.find(' ', at);
    if (space == std::string_view::npos) space = scope.size();
    if (space > at) expected.push_back(scope.substr(at, space - at));
    at = space + 1;
  }
  const absl::StatusOr<jwtv::StringList> scopes = t.Scopes();
  FUZZ_CHECK(scopes.ok() && *scopes == expected, "Scopes() of '%s'",
             jwtv_fuzz::Printable(scope).c_str());
  for (std::string_view s : expected) {
    FUZZ_CHECK(t.HasScope(s), "HasScope('%s')",
               jwtv_fuzz::Printable(s).c_str());
  }
  FUZZ_CHECK(!t.HasScope(""), "HasScope('')");
}

// For a claims set `json` that the claims readers accepted.
inline void CheckTypedClaims(std::string_view json) {
  const std::string token =
      "eyJhbGciOiJIUzI1NiJ9." + jwtv::internal::Base64UrlEncode(json) + ".";
  const absl::StatusOr<jwtv::UnverifiedToken> t =
      jwtv::DecodeUnverified(token, token.size());
  FUZZ_CHECK(t.ok(), "DecodeUnverified rejects accepted claims");
  dom::parser parser;
  dom::element doc;
  // The DOM refuses some documents the readers accept (numbers beyond
  // double's range): nothing to compare.
  if (parser.parse(json.data(), json.size()).get(doc)) return;
  std::vector<std::string_view> path;
  int budget = kMaxValues;
  dom::object claims;
  FUZZ_CHECK(!doc.get_object().get(claims), "claims not an object");
  for (dom::key_value_pair member : claims) {
    path.assign(1, member.key);
    Walk(*t, member.value, &path, &budget);
  }
  CheckScopes(*t, doc);
}

}  // namespace typed_claims_check

#endif  // JWTV_FUZZ_TYPED_CLAIMS_CHECK_H_
