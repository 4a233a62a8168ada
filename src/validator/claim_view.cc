// Copyright 2026 The jwtv Authors.
//
// Typed claim access (jwtv/claims.h) and VerifiedToken's typed accessors.

#include <algorithm>
#include <cstring>

#include "absl/status/status.h"
#include "json/claim_value.h"
#include "json/json_value.h"
#include "json/strict_json.h"
#include "jwtv/claims.h"
#include "jwtv/verified_token.h"
#include "validator/token_access.h"

namespace jwtv {
namespace {

using internal::SkipJsonSpace;

absl::Status NotFound() { return absl::NotFoundError("claim not found"); }

absl::Status OtherType() {
  return absl::FailedPreconditionError("claim has another JSON type");
}

// Text the claims reader accepted and this one cannot read: never expected;
// fails closed.
absl::Status Unreadable() {
  return absl::InternalError("claim text unreadable");
}

}  // namespace

std::optional<std::string_view> ClaimView::NestedString(const char* text,
                                                        size_t size) const {
  if (size < 2) return std::nullopt;
  const char* const begin = text + 1;
  const char* const end = text + size - 1;
  const auto n = static_cast<size_t>(end - begin);
  if (memchr(begin, '\\', n) == nullptr) return std::string_view(begin, n);
  if (unescaped_ == nullptr) return std::nullopt;
  const ptrdiff_t unescaped = internal::UnescapedJsonStringSize(begin, end);
  if (unescaped < 0) return std::nullopt;
  return std::string_view(unescaped_ + (text - base_),
                          static_cast<size_t>(unescaped));
}

ClaimView ClaimView::Member(std::string_view name) const {
  if (!found() || kind_ != JsonKind::kObject) return ClaimView();
  const char* const end = text_ + size_;
  const char* p = SkipJsonSpace(text_ + 1, end);
  while (p < end && *p == '"') {
    bool has_escape;
    const char* const after = internal::SkipJsonString(p, end, &has_escape);
    if (after == nullptr) break;
    const std::optional<std::string_view> key =
        NestedString(p, static_cast<size_t>(after - p));
    p = SkipJsonSpace(after, end);
    if (!key || p >= end || *p != ':') break;
    p = SkipJsonSpace(p + 1, end);
    const char* const value_end = internal::SkipJsonValue(p, end);
    if (value_end == nullptr) break;
    if (*key == name) {
      ClaimView member = *this;
      member.text_ = p;
      member.size_ = static_cast<size_t>(value_end - p);
      member.kind_ = internal::JsonKindOf(*p);
      member.top_ = false;
      return member;
    }
    p = SkipJsonSpace(value_end, end);
    if (p >= end || *p != ',') break;
    p = SkipJsonSpace(p + 1, end);
  }
  return ClaimView();
}

absl::StatusOr<std::string_view> ClaimView::String() const {
  if (!found()) return NotFound();
  if (kind_ != JsonKind::kString) return OtherType();
  if (top_) return top_str_;
  const std::optional<std::string_view> s = NestedString(text_, size_);
  if (!s) return Unreadable();
  return *s;
}

absl::StatusOr<double> ClaimView::Number() const {
  if (!found()) return NotFound();
  if (kind_ != JsonKind::kNumber) return OtherType();
  if (top_) return top_number_;
  return internal::JsonNumberValue(std::string_view(text_, size_));
}

absl::StatusOr<int64_t> ClaimView::Integer() const {
  if (!found()) return NotFound();
  int64_t value;
  if (kind_ != JsonKind::kNumber ||
      !internal::JsonNumberToInt64(std::string_view(text_, size_), &value)) {
    return OtherType();
  }
  return value;
}

absl::StatusOr<bool> ClaimView::Bool() const {
  if (!found()) return NotFound();
  if (kind_ != JsonKind::kBool) return OtherType();
  return *text_ == 't';
}

absl::StatusOr<StringList> ClaimView::StringArray() const {
  if (!found()) return NotFound();
  if (kind_ != JsonKind::kArray) return OtherType();
  StringList out;
  const char* const end = text_ + size_;
  const char* p = SkipJsonSpace(text_ + 1, end);
  if (p < end && *p == ']') return out;
  while (p < end) {
    if (*p != '"') return OtherType();
    bool has_escape;
    const char* const after = internal::SkipJsonString(p, end, &has_escape);
    if (after == nullptr) return Unreadable();
    const std::optional<std::string_view> s =
        NestedString(p, static_cast<size_t>(after - p));
    if (!s) return Unreadable();
    out.push_back(*s);
    p = SkipJsonSpace(after, end);
    if (p < end && *p == ']') return out;
    if (p >= end || *p != ',') return Unreadable();
    p = SkipJsonSpace(p + 1, end);
  }
  return Unreadable();
}

absl::StatusOr<std::string_view> ClaimView::RawJson() const {
  if (!found()) return NotFound();
  return std::string_view(text_, size_);
}

ClaimView VerifiedToken::Find(const ClaimPath& path) const {
  const absl::Span<const std::string_view> segments = path.segments();
  ClaimView view;
  if (segments.empty()) return view;
  const Claim* c = internal::TokenAccess::Find(*this, segments[0]);
  if (c == nullptr) return view;
  view.text_ = c->raw.data();
  view.size_ = c->raw.size();
  view.kind_ = c->kind;
  view.top_ = true;
  view.top_str_ = c->str;
  view.top_number_ = c->number;
  view.base_ = buffer_.get();
  view.unescaped_ = nested_strings_.get();
  for (size_t i = 1; i < segments.size() && view.found(); ++i) {
    view = view.Member(segments[i]);
  }
  return view;
}

absl::StatusOr<StringList> VerifiedToken::GetStringArray(
    const ClaimPath& path) const {
  return Find(path).StringArray();
}

absl::StatusOr<StringList> VerifiedToken::Scopes(std::string_view claim) const {
  const ClaimView view = Find(claim);
  if (view.kind() == JsonKind::kArray) return view.StringArray();
  const absl::StatusOr<std::string_view> scopes = view.String();
  if (!scopes.ok()) return scopes.status();
  StringList out;
  std::string_view rest = *scopes;
  while (!rest.empty()) {
    const size_t space = rest.find(' ');
    const std::string_view scope = rest.substr(0, space);
    if (!scope.empty()) out.push_back(scope);
    rest.remove_prefix(space == std::string_view::npos ? rest.size()
                                                       : space + 1);
  }
  return out;
}

bool VerifiedToken::HasScope(std::string_view scope,
                             std::string_view claim) const {
  if (scope.empty() || scope.find(' ') != std::string_view::npos) {
    return false;
  }
  const ClaimView view = Find(claim);
  if (view.kind() == JsonKind::kArray) {
    const absl::StatusOr<StringList> scopes = view.StringArray();
    return scopes.ok() &&
           std::find(scopes->begin(), scopes->end(), scope) != scopes->end();
  }
  const absl::StatusOr<std::string_view> scopes = view.String();
  if (!scopes.ok()) return false;
  // One of the space-separated items, without splitting them all.
  for (size_t at = scopes->find(scope); at != std::string_view::npos;
       at = scopes->find(scope, at + 1)) {
    const size_t after = at + scope.size();
    if ((at == 0 || (*scopes)[at - 1] == ' ') &&
        (after == scopes->size() || (*scopes)[after] == ' ')) {
      return true;
    }
  }
  return false;
}

}  // namespace jwtv
