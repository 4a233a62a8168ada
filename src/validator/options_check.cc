// Copyright 2026 The jwtv Authors.

#include "validator/options_check.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "key_set/key_set_data.h"
#include "policy/claim_checks.h"

namespace jwtv::internal {
namespace {

static_assert(kMaxKeysWithoutKidLimit == kMaxCandidateKeys,
              "a token without kid may try every candidate slot");

absl::Status Invalid(std::string_view option, std::string_view why) {
  std::string message = "ValidatorOptions::";
  message.append(option).append(": ").append(why);
  return absl::InvalidArgumentError(message);
}

// Every entry of `list` is a non-empty string.
absl::Status CheckEntries(std::string_view option,
                          const std::vector<std::string>& list) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].empty()) {
      return Invalid(option, absl::StrCat("entry ", i, " is empty"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckSeconds(std::string_view option, int64_t value, int64_t max) {
  if (value < 0) return Invalid(option, absl::StrCat(value, " is negative"));
  if (value > max) {
    return Invalid(option, absl::StrCat(value, " is above the limit of ", max,
                                        " seconds"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckValidatorOptions(const ValidatorOptions& options) {
  if (options.algorithms.empty()) {
    return Invalid("algorithms", "empty: no token could be accepted");
  }
  for (const auto& [name, list] :
       {std::pair<std::string_view, const std::vector<std::string>*>{
            "issuers", &options.issuers},
        {"audiences", &options.audiences},
        {"required_claims", &options.required_claims}}) {
    absl::Status s = CheckEntries(name, *list);
    if (!s.ok()) return s;
  }
  if (options.subject.has_value() && options.subject->empty()) {
    return Invalid("subject", "set to the empty string");
  }
  if (options.type.has_value() && options.type->empty()) {
    return Invalid("type", "set to the empty string");
  }
  absl::Status s = CheckSeconds("leeway_seconds", options.leeway_seconds,
                                kLeewayLimitSeconds);
  if (!s.ok()) return s;
  if (options.max_age_seconds.has_value()) {
    s = CheckSeconds("max_age_seconds", *options.max_age_seconds,
                     kMaxAgeLimitSeconds);
    if (!s.ok()) return s;
  }
  if (options.max_token_bytes == 0 ||
      options.max_token_bytes > kMaxTokenBytesLimit) {
    return Invalid("max_token_bytes",
                   absl::StrCat(options.max_token_bytes, " is outside [1, ",
                                kMaxTokenBytesLimit, "]"));
  }
  if (options.max_keys_without_kid < 1 ||
      options.max_keys_without_kid > kMaxKeysWithoutKidLimit) {
    return Invalid(
        "max_keys_without_kid",
        absl::StrCat(options.max_keys_without_kid, " is outside [1, ",
                     kMaxKeysWithoutKidLimit, "]"));
  }
  for (size_t i = 0; i < options.claim_checks.size(); ++i) {
    const std::string_view why =
        ClaimChecker::ConfigError(options.claim_checks[i]);
    if (!why.empty()) {
      return Invalid(
          "claim_checks",
          absl::StrCat("entry ", i, " (", options.claim_checks[i].name(), ") ",
                       std::string(why)));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckStaticKeys(const KeySet& keys,
                             const ValidatorOptions& options) {
  if (KeySetAccess::Data(keys)
          .algorithms()
          .Intersect(options.algorithms)
          .empty()) {
    return absl::InvalidArgumentError(
        keys.empty() ? "key set: empty, so no token could be accepted"
                     : "key set: no key permits any of "
                       "ValidatorOptions::algorithms");
  }
  return absl::OkStatus();
}

}  // namespace jwtv::internal
