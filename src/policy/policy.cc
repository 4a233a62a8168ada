// Copyright 2026 The jwtv Authors.

#include "policy/policy.h"

#include <time.h>

#include <chrono>
#include <string_view>

#include "json/claim_value.h"
#include "policy/claim_profile.h"
#include "validator/token_access.h"

namespace jwtv::internal {
namespace {

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

std::string_view StripApplication(std::string_view s) {
  constexpr std::string_view kPrefix = "application/";
  if (s.size() >= kPrefix.size() &&
      EqualsIgnoreCase(s.substr(0, kPrefix.size()), kPrefix)) {
    s.remove_prefix(kPrefix.size());
  }
  return s;
}

template <typename List>
bool Contains(const List& list, std::string_view value) {
  for (const auto& item : list) {
    if (std::string_view(item) == value) return true;
  }
  return false;
}

using Access = TokenAccess;
using Reg = RegisteredClaims;

// exp, nbf, iat and the maximum age at `now_seconds`.
ErrorCode CheckTimes(const ValidatorOptions& options,
                     const VerifiedToken& token, int64_t now_seconds) {
  // Compared as doubles so fractions and out-of-range values never wrap.
  const double now = static_cast<double>(now_seconds);
  const double leeway = static_cast<double>(options.leeway_seconds);
  if (auto exp = Access::Number(token, &Reg::exp);
      exp && now >= *exp + leeway) {
    return ErrorCode::kExpired;
  }
  if (auto nbf = Access::Number(token, &Reg::nbf); nbf && now < *nbf - leeway) {
    return ErrorCode::kNotYetValid;
  }
  auto iat = Access::Number(token, &Reg::iat);
  if (iat && *iat > now + leeway) return ErrorCode::kIatInFuture;
  if (options.max_age_seconds && iat &&
      now - *iat > static_cast<double>(*options.max_age_seconds) + leeway) {
    return ErrorCode::kTooOld;
  }
  return ErrorCode::kOk;
}

}  // namespace

TimeBracket Now(const ValidatorOptions& options) {
  if (options.clock) {
    const int64_t now = ToUnixSeconds(options.clock());
    return {now, now};
  }
#ifdef CLOCK_REALTIME_COARSE
  // The coarse clock is the time of the last timekeeping update, made at
  // every tick; Linux has another CPU take over within five ticks when the
  // one in charge stalls (measured lags: docs/ARCHITECTURE.md, "Time").
  // Six ticks are allowed for; a resolution over 10 ms is not trusted.
  static const int64_t margin_ns = [] {
    timespec res;
    if (clock_getres(CLOCK_REALTIME_COARSE, &res) != 0 || res.tv_sec != 0 ||
        res.tv_nsec > 10'000'000) {
      return int64_t{-1};
    }
    return 6 * static_cast<int64_t>(res.tv_nsec);
  }();
  timespec ts;
  if (margin_ns >= 0 && clock_gettime(CLOCK_REALTIME_COARSE, &ts) == 0) {
    return BracketFromCoarse(ts.tv_sec, ts.tv_nsec, margin_ns);
  }
#endif
  const int64_t now = PreciseNowSeconds();
  return {now, now};
}

TimeBracket BracketFromCoarse(int64_t seconds, int64_t nanos,
                              int64_t margin_ns) {
  return {seconds, nanos + margin_ns >= 1'000'000'000 ? seconds + 1 : seconds};
}

int64_t PreciseNowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool TypeMatches(std::string_view expected, std::string_view actual) {
  return EqualsIgnoreCase(StripApplication(expected), StripApplication(actual));
}

ErrorCode CheckPolicy(const ValidatorOptions& options, const JoseHeader& header,
                      const VerifiedToken& token, bool registered_types_ok,
                      TimeBracket now, int64_t (*precise_now)()) {
  if (!registered_types_ok) return ErrorCode::kBadClaim;
  const ProfileVerdicts profile =
      options.profile ? options.profile->Check(token) : ProfileVerdicts();
  if (profile.claim != ErrorCode::kOk) return profile.claim;

  ErrorCode times = CheckTimes(options, token, now.lo);
  if (now.hi != now.lo && CheckTimes(options, token, now.hi) != times) {
    // A boundary falls within the bracket: the exact time decides.
    times = CheckTimes(options, token, precise_now());
  }
  if (times != ErrorCode::kOk) return times;

  auto iss = Access::String(token, &Reg::iss);
  if (!options.issuers.empty() && iss && !Contains(options.issuers, *iss)) {
    return ErrorCode::kBadIssuer;
  }
  if (profile.issuer != ErrorCode::kOk) return profile.issuer;
  const bool has_aud = Access::Find(token, &Reg::aud) != nullptr;
  if (!options.audiences.empty() && has_aud) {
    bool match = false;
    for (std::string_view a : token.audiences()) {
      match = match || Contains(options.audiences, a);
    }
    if (!match) return ErrorCode::kBadAudience;
    if (profile.audience != ErrorCode::kOk) return profile.audience;
  }
  auto sub = Access::String(token, &Reg::sub);
  if (options.subject && sub && *sub != *options.subject) {
    return ErrorCode::kBadSubject;
  }
  if (options.type &&
      (!header.typ || !TypeMatches(*options.type, *header.typ))) {
    return ErrorCode::kBadType;
  }

  // Expected but absent.
  if (options.require_exp && !Access::Number(token, &Reg::exp)) {
    return ErrorCode::kMissingClaim;
  }
  if ((!options.issuers.empty() && !iss) ||
      (!options.audiences.empty() && !has_aud) || (options.subject && !sub) ||
      (options.max_age_seconds && !Access::Number(token, &Reg::iat))) {
    return ErrorCode::kMissingClaim;
  }
  if (profile.missing != ErrorCode::kOk) return profile.missing;
  for (const std::string& name : options.required_claims) {
    if (!token.HasClaim(name)) return ErrorCode::kMissingClaim;
  }

  // jwtv implements no JWS extension, so any crit is unknown (RFC 7515
  // 4.1.11: the recipient must reject what it does not understand).
  if (header.has_crit) return ErrorCode::kUnknownCrit;
  return ErrorCode::kOk;
}

}  // namespace jwtv::internal
