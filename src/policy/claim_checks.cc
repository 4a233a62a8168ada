// Copyright 2026 The jwtv Authors.

#include "policy/claim_checks.h"

#include <charconv>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "json/claim_value.h"
#include "json/json_reader.h"
#include "validator/token_access.h"

namespace jwtv {

ClaimCheck ClaimCheck::Equals(std::string name, std::string_view value) {
  ClaimCheck c(Kind::kEqualsString, std::move(name));
  c.strings_.emplace_back(value);
  return c;
}

ClaimCheck ClaimCheck::Equals(std::string name, const char* value) {
  return Equals(std::move(name), std::string_view(value));
}

ClaimCheck ClaimCheck::Equals(std::string name, bool value) {
  ClaimCheck c(Kind::kEqualsBool, std::move(name));
  c.boolean_ = value;
  return c;
}

ClaimCheck ClaimCheck::EqualsInteger(std::string name, int64_t value) {
  ClaimCheck c(Kind::kEqualsInteger, std::move(name));
  c.integer_ = value;
  return c;
}

ClaimCheck ClaimCheck::Contains(std::string name, std::string value) {
  ClaimCheck c(Kind::kContains, std::move(name));
  c.strings_.push_back(std::move(value));
  return c;
}

ClaimCheck ClaimCheck::OneOf(std::string name,
                             std::vector<std::string> values) {
  ClaimCheck c(Kind::kOneOf, std::move(name));
  c.strings_ = std::move(values);
  return c;
}

ClaimCheck ClaimCheck::Satisfies(
    std::string name, std::function<bool(const VerifiedToken&)> predicate) {
  ClaimCheck c(Kind::kSatisfies, std::move(name));
  c.predicate_ = std::move(predicate);
  return c;
}

namespace internal {
namespace {

ErrorCode Verdict(bool ok) {
  return ok ? ErrorCode::kOk : ErrorCode::kBadClaim;
}

// The claim is an integer literal equal to `value`. The JSON text decides,
// not the double it was read as, so integers beyond 2^53 compare exactly.
bool IntegerEquals(const ClaimValue& claim, int64_t value) {
  if (claim.kind != JsonKind::kNumber) return false;
  const char* const end = claim.raw.data() + claim.raw.size();
  int64_t n = 0;
  const auto [ptr, ec] = std::from_chars(claim.raw.data(), end, n);
  return ec == std::errc() && ptr == end && n == value;
}

bool IsOneOf(std::string_view s, const std::vector<std::string>& set) {
  for (const std::string& v : set) {
    if (s == v) return true;
  }
  return false;
}

ErrorCode CheckContains(const ClaimValue& claim, std::string_view item) {
  if (claim.kind == JsonKind::kString) {
    return Verdict(SpaceSeparatedContains(claim.str, item));
  }
  bool found = false;
  return Verdict(claim.kind == JsonKind::kArray &&
                 StringArrayContains(claim.raw, item, &found) && found);
}

}  // namespace

bool SpaceSeparatedContains(std::string_view list, std::string_view item) {
  if (item.empty()) return false;
  while (!list.empty()) {
    const size_t space = list.find(' ');
    if (list.substr(0, space) == item) return true;
    if (space == std::string_view::npos) break;
    list.remove_prefix(space + 1);
  }
  return false;
}

bool StringArrayContains(std::string_view raw_array, std::string_view item,
                         bool* found) {
  // The array is read as the "aud" member of a one-member object, whose
  // strings the claims reader collects (and unescapes). `raw_array` comes
  // from a strictly read payload, so it is one complete JSON value.
  // Per-thread buffers: a check allocates only while they grow.
  constexpr std::string_view kOpen = R"({"aud":)";
  thread_local std::string document;
  thread_local std::string arena_bytes;
  thread_local absl::InlinedVector<std::string_view, 2> strings;
  const size_t size = kOpen.size() + raw_array.size() + 1;
  document.resize(size + kJsonPadding);
  std::memcpy(document.data(), kOpen.data(), kOpen.size());
  std::memcpy(document.data() + kOpen.size(), raw_array.data(),
              raw_array.size());
  document[size - 1] = '}';
  std::memset(document.data() + size, 0, kJsonPadding);
  arena_bytes.resize(size);
  StringArena arena{arena_bytes.data(), arena_bytes.size()};
  // erase, not clear: clear() would free the heap storage.
  strings.erase(strings.begin(), strings.end());
  bool all_strings = false;
  if (ReadClaimsGeneral(
          document.data(), size, &arena, [](std::span<const ClaimValue>) {},
          &strings, &all_strings) != ErrorCode::kOk ||
      !all_strings) {
    return false;
  }
  *found = false;
  for (std::string_view s : strings) {
    if (s == item) *found = true;
  }
  return true;
}

ErrorCode ClaimChecker::Apply(const ClaimCheck& check,
                              const VerifiedToken& token) {
  const ClaimValue* claim = TokenAccess::Find(token, check.name_);
  if (claim == nullptr) return ErrorCode::kMissingClaim;
  switch (check.kind_) {
    case ClaimCheck::Kind::kEqualsString:
      return Verdict(claim->kind == JsonKind::kString &&
                     claim->str == check.strings_.front());
    case ClaimCheck::Kind::kEqualsInteger:
      return Verdict(IntegerEquals(*claim, check.integer_));
    case ClaimCheck::Kind::kEqualsBool:
      return Verdict(claim->kind == JsonKind::kBool &&
                     (claim->number != 0) == check.boolean_);
    case ClaimCheck::Kind::kContains:
      return CheckContains(*claim, check.strings_.front());
    case ClaimCheck::Kind::kOneOf:
      return Verdict(claim->kind == JsonKind::kString &&
                     IsOneOf(claim->str, check.strings_));
    case ClaimCheck::Kind::kSatisfies:
      return Verdict(check.predicate_ && check.predicate_(token));
  }
  return ErrorCode::kBadClaim;
}

ErrorCode ClaimChecker::Apply(std::span<const ClaimCheck> checks,
                              const VerifiedToken& token,
                              std::string_view* failed_claim) {
  for (const ClaimCheck& check : checks) {
    const ErrorCode c = Apply(check, token);
    if (c != ErrorCode::kOk) {
      if (failed_claim != nullptr) *failed_claim = check.name_;
      return c;
    }
  }
  return ErrorCode::kOk;
}

std::string_view ClaimChecker::ConfigError(const ClaimCheck& check) {
  if (check.name_.empty()) return "names no claim";
  switch (check.kind_) {
    case ClaimCheck::Kind::kContains:
      if (check.strings_.empty() || check.strings_[0].empty()) {
        return "Contains an empty value, which matches nothing";
      }
      break;
    case ClaimCheck::Kind::kOneOf:
      if (check.strings_.empty()) return "OneOf an empty set";
      break;
    case ClaimCheck::Kind::kSatisfies:
      if (!check.predicate_) return "Satisfies a null predicate";
      break;
    default:
      break;
  }
  return {};
}

}  // namespace internal
}  // namespace jwtv
