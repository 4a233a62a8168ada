// Copyright 2026 The jwtv Authors.
//
// The caller's claim checks (ValidatorOptions::claim_checks): applied by the
// policy after every other check, in the order given.

#ifndef JWTV_SRC_POLICY_CLAIM_CHECKS_H_
#define JWTV_SRC_POLICY_CLAIM_CHECKS_H_

#include <span>
#include <string_view>

#include "jwtv/error.h"
#include "jwtv/validator.h"
#include "jwtv/verified_token.h"

namespace jwtv::internal {

class ClaimChecker {
 public:
  // kOk, or missing_claim / bad_claim for the first check that fails; then
  // *failed_claim (when not null) is set to that check's name, a view of
  // the string in `checks`.
  static ErrorCode Apply(std::span<const ClaimCheck> checks,
                         const VerifiedToken& token,
                         std::string_view* failed_claim);

  // One check: kOk, kMissingClaim or kBadClaim.
  static ErrorCode Apply(const ClaimCheck& check, const VerifiedToken& token);

  // Why `check` is a configuration mistake (it could never pass, or names
  // no claim), or an empty string when it is not.
  static std::string_view ConfigError(const ClaimCheck& check);
};

// Whether `list`, a string of items separated by spaces (an OAuth scope),
// has an item equal to `item`. Empty items (runs of spaces) are skipped, so
// an empty `item` is never found.
bool SpaceSeparatedContains(std::string_view list, std::string_view item);

// Whether `raw_array`, the JSON text of an array in a verified token, holds
// only strings: then *found tells whether one of them, unescaped, equals
// `item`. False for any other element.
bool StringArrayContains(std::string_view raw_array, std::string_view item,
                         bool* found);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_POLICY_CLAIM_CHECKS_H_
