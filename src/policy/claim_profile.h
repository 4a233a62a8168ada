// Copyright 2026 The jwtv Authors.
//
// The extension point for a named profile's own claim rules
// (ValidatorOptions::profile): the policy asks the profile once per token
// for its verdicts and applies each at its step of the error order, so a
// profile adds rules without reordering the errors (docs/DESIGN.md). The
// Shopify session-token profile (src/shopify/) is the one jwtv provides.

#ifndef JWTV_SRC_POLICY_CLAIM_PROFILE_H_
#define JWTV_SRC_POLICY_CLAIM_PROFILE_H_

#include <string_view>

#include "jwtv/error.h"
#include "jwtv/verified_token.h"

namespace jwtv::internal {

// Each kOk or the error to report at its step.
struct ProfileVerdicts {
  // With the registered claims of a wrong type (bad_claim).
  ErrorCode claim = ErrorCode::kOk;
  // After the issuer list (bad_issuer).
  ErrorCode issuer = ErrorCode::kOk;
  // After the audience list, when the options set one and aud is present
  // (bad_audience).
  ErrorCode audience = ErrorCode::kOk;
  // With the other expected but absent claims (missing_claim).
  ErrorCode missing = ErrorCode::kOk;
};

class ClaimProfile {
 public:
  virtual ~ClaimProfile() = default;

  // The profile's verdicts on a verified token whose registered claims have
  // their types. Called once per token that reaches the policy.
  virtual ProfileVerdicts Check(const VerifiedToken& token) const = 0;

  // The claim the `claim` and `missing` verdicts are about: a string that
  // lives as long as the profile. Asked only when one of them fails.
  virtual std::string_view ClaimName() const = 0;
};

}  // namespace jwtv::internal

#endif  // JWTV_SRC_POLICY_CLAIM_PROFILE_H_
