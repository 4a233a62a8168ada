// Copyright 2026 The jwtv Authors.
//
// The claim policy: checks a verified token's claims against the caller's
// ValidatorOptions, in the order of error.h.

#ifndef JWTV_SRC_POLICY_POLICY_H_
#define JWTV_SRC_POLICY_POLICY_H_

#include <cstdint>
#include <string_view>

#include "json/json_reader.h"
#include "jwtv/error.h"
#include "jwtv/validator.h"
#include "jwtv/verified_token.h"

namespace jwtv::internal {

// The current time in whole seconds since the epoch, as a bracket: the
// exact value (floor of the real-time clock) lies in [lo, hi], and hi is lo
// or lo + 1.
struct TimeBracket {
  int64_t lo = 0;
  int64_t hi = 0;
};

// options.clock() when set (exact). Otherwise the system's coarse real-time
// clock, which is much cheaper to read than the precise one
// (docs/ARCHITECTURE.md). It lags real time by a few ticks at most (a tick
// is a few milliseconds), so the bracket spans two seconds only within six
// ticks of a second's end.
TimeBracket Now(const ValidatorOptions& options);

// The bracket for a coarse clock reading of `seconds` and `nanos` that lags
// the exact time by less than `margin_ns`: [seconds, seconds + 1] when the
// exact time may have reached the next second, else [seconds, seconds].
TimeBracket BracketFromCoarse(int64_t seconds, int64_t nanos,
                              int64_t margin_ns);

// The precise real-time clock, in whole seconds since the epoch.
int64_t PreciseNowSeconds();

// `registered_types_ok` comes from TokenBuilder::Build. The time checks
// decide as the exact time would: when lo and hi disagree, `precise_now`
// is read (the precise clock; tests give a fake one). The caller's
// claim_checks come last (claim_checks.h). On a failure, *failed_claim
// (when not null) is set to the claim it is about (Result::failed_claim
// lists them): a static string, or a view of a name in `options` (a
// required claim, a check's claim) or in the profile; left alone on kOk.
ErrorCode CheckPolicy(const ValidatorOptions& options, const JoseHeader& header,
                      const VerifiedToken& token, bool registered_types_ok,
                      TimeBracket now,
                      int64_t (*precise_now)() = PreciseNowSeconds,
                      std::string_view* failed_claim = nullptr);

// Header typ against the expected type: case-insensitive, an
// "application/" prefix ignored on either side.
bool TypeMatches(std::string_view expected, std::string_view actual);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_POLICY_POLICY_H_
