// Copyright 2026 The jwtv Authors.
//
// The claim policy: checks a verified token's claims against the caller's
// ValidatorOptions, in the order of error.h.

#ifndef JWTV_SRC_POLICY_POLICY_H_
#define JWTV_SRC_POLICY_POLICY_H_

#include <cstdint>

#include "json/json_reader.h"
#include "jwtv/error.h"
#include "jwtv/validator.h"
#include "jwtv/verified_token.h"

namespace jwtv::internal {

// `registered_types_ok` comes from TokenBuilder::Build. `now` is seconds
// since the epoch.
ErrorCode CheckPolicy(const ValidatorOptions& options, const JoseHeader& header,
                      const VerifiedToken& token, bool registered_types_ok,
                      int64_t now);

// Header typ against the expected type: case-insensitive, an
// "application/" prefix ignored on either side.
bool TypeMatches(std::string_view expected, std::string_view actual);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_POLICY_POLICY_H_
