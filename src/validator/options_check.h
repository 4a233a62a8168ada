// Copyright 2026 The jwtv Authors.
//
// The configuration rules that Validator::Create (and the constructors)
// apply to ValidatorOptions and to a static key set, written once so that
// every way of building a validator (Validator, MultiIssuerValidator, the
// Shopify profile) refuses the same nonsense with the same message.

#ifndef JWTV_SRC_VALIDATOR_OPTIONS_CHECK_H_
#define JWTV_SRC_VALIDATOR_OPTIONS_CHECK_H_

#include "absl/status/status.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"

namespace jwtv::internal {

// OkStatus, or InvalidArgument naming the first option that breaks a rule
// of validator.h (bounds, empty sets, empty strings).
absl::Status CheckValidatorOptions(const ValidatorOptions& options);

// OkStatus, or InvalidArgument when no key of `keys` permits any of
// `options.algorithms` (an empty set permits none).
absl::Status CheckStaticKeys(const KeySet& keys,
                             const ValidatorOptions& options);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_VALIDATOR_OPTIONS_CHECK_H_
