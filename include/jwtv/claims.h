// Copyright 2026 The jwtv Authors.
//
// Typed access to a token's claims, shared by VerifiedToken and
// UnverifiedToken: a value found by path (ClaimView), the path itself
// (ClaimPath) and lists of strings (StringList).
//
// Absent and "another type" are told apart the same way everywhere: a
// typed read returns absl::StatusOr whose error is
//   NotFound            the path names no value (a claim or member is
//                       absent, or a step goes through something that is
//                       not an object);
//   FailedPrecondition  the value is there with another JSON type (an array
//                       holding anything but strings, for a string list;
//                       for Integer, a number that is not an integer within
//                       int64).
// The messages are fixed texts: they never hold token content.
//
// Lifetime: every string_view a ClaimView or StringList hands out, and the
// ClaimView itself, points into the token it came from, under that token's
// rules (verified_token.h): valid while the token lives and is not reused;
// moving the token keeps them valid. Strings with JSON escapes, at any depth,
// are unescaped into the token's own storage, so the rule is the same for
// every string.
//
// Nested values are read when accessed, not when the token is validated.

#ifndef JWTV_CLAIMS_H_
#define JWTV_CLAIMS_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "jwtv/export.h"

namespace jwtv {

enum class JsonKind : unsigned char {
  kNull,
  kBool,
  kNumber,
  kString,
  kArray,
  kObject
};

class VerifiedToken;
namespace internal {
struct ClaimValue;  // src/json/claim_value.h
}  // namespace internal

// A list of strings read from a token: views into the token (see above).
using StringList = std::vector<std::string_view>;

// Where a value sits among the claims: a top-level claim name, then member
// names inside nested objects. A list of segments, not a dotted string,
// since names may hold '.' and '/' ("https://example.com/claims"):
//   token.Find("tenant")
//   token.Find({"realm_access", "roles"})
//   token.Find({"https://example.com/claims", "tenant"})
// A path refers to its segments without copying them (as absl::Span): a
// braced list lives until the end of the call it is written in, so build a
// path from one only as an argument (never `ClaimPath p = {"a", "b"};`);
// keep a vector or array of names alive while a path made from it is used.
// The empty path names no value.
class ClaimPath {
 public:
  // One top-level name (anything that converts to std::string_view).
  template <typename T>
  requires std::is_convertible_v<const T&, std::string_view> ClaimPath(
      const T& name)  // NOLINT(google-explicit-constructor)
      : one_(name), size_(1) {}
  ClaimPath(std::initializer_list<std::string_view> segments)
      : ClaimPath(segments.begin(), segments.size()) {}
  explicit ClaimPath(absl::Span<const std::string_view> segments)
      : ClaimPath(segments.data(), segments.size()) {}

  absl::Span<const std::string_view> segments() const {
    return many_ != nullptr ? absl::MakeConstSpan(many_, size_)
                            : absl::MakeConstSpan(&one_, size_);
  }

 private:
  ClaimPath(const std::string_view* segments, size_t size)
      : many_(segments), size_(size) {}

  std::string_view one_;
  const std::string_view* many_ = nullptr;
  size_t size_ = 0;
};

// A value among a token's claims, found by VerifiedToken::Find (or
// UnverifiedToken::Find): a small view into the token, cheap to copy. Its
// typed reads answer as described above.
class JWTV_EXPORT ClaimView {
 public:
  // A view that names no value.
  ClaimView() = default;

  // Whether the path named a value.
  bool found() const { return text_ != nullptr; }
  // The value's kind; nullopt when not found.
  std::optional<JsonKind> kind() const {
    if (!found()) return std::nullopt;
    return kind_;
  }

  // The member `name` of this object; a view that names no value when this
  // is not an object or has no such member.
  ClaimView Member(std::string_view name) const;

  // The unescaped string (a view into the token).
  absl::StatusOr<std::string_view> String() const;
  // Any number, as the nearest double (+-inf beyond double's range).
  absl::StatusOr<double> Number() const;
  // A number whose value is an integer within int64, exactly (digits are
  // read as an integer, not through a double).
  absl::StatusOr<int64_t> Integer() const;
  absl::StatusOr<bool> Bool() const;
  // An array whose elements are all strings (empty arrays too), in order;
  // views into the token.
  absl::StatusOr<StringList> StringArray() const;
  // The value's JSON text as it appears in the payload (a view into the
  // token).
  absl::StatusOr<std::string_view> RawJson() const;

 private:
  friend class VerifiedToken;

  // text_ is null when not found. top_ is true when the value is a
  // top-level claim: then top_str_ (its unescaped string) and top_number_
  // are copies of what the token read already. Every pointer here is into
  // the token's heap storage, never into the VerifiedToken object, so the
  // view survives a move of its token. base_ is where the token's payload
  // begins and unescaped_ the token's unescaped copies of strings with
  // escapes in nested values, at the same offsets as in the payload (null
  // when there are none).
  const char* text_ = nullptr;
  size_t size_ = 0;
  JsonKind kind_ = JsonKind::kNull;
  bool top_ = false;
  std::string_view top_str_;
  double top_number_ = 0;
  const char* base_ = nullptr;
  const char* unescaped_ = nullptr;

  // The string whose JSON text (quotes included) is [text, text + size).
  std::optional<std::string_view> NestedString(const char* text,
                                               size_t size) const;
};

}  // namespace jwtv

#endif  // JWTV_CLAIMS_H_
