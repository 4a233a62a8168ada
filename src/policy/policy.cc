// Copyright 2026 The jwtv Authors.

#include "policy/policy.h"

#include <time.h>

#include <chrono>
#include <optional>
#include <string_view>

#include "json/claim_value.h"
#include "policy/claim_checks.h"
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

// The registered claim of the wrong type, for a token whose
// registered_types_ok is false (token_builder.h): the first of iss, sub,
// jti, exp, nbf, iat of another type; else aud.
std::string_view BadRegisteredClaim(const VerifiedToken& token) {
  struct Expected {
    TokenAccess::Member member;
    JsonKind kind;
    std::string_view name;
  };
  static constexpr Expected kExpected[] = {
      {&Reg::iss, JsonKind::kString, "iss"},
      {&Reg::sub, JsonKind::kString, "sub"},
      {&Reg::jti, JsonKind::kString, "jti"},
      {&Reg::exp, JsonKind::kNumber, "exp"},
      {&Reg::nbf, JsonKind::kNumber, "nbf"},
      {&Reg::iat, JsonKind::kNumber, "iat"},
  };
  for (const Expected& e : kExpected) {
    const std::optional<JsonKind> kind = Access::Kind(token, e.member);
    if (kind && *kind != e.kind) return e.name;
  }
  return "aud";
}

// The claim a time check's code is about.
std::string_view TimeClaimName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kExpired:
      return "exp";
    case ErrorCode::kNotYetValid:
      return "nbf";
    default:
      return "iat";  // iat_in_future, too_old
  }
}

// The first registered claim the options expect that the token lacks, in
// the order exp, iss, aud, sub, iat; empty when none is missing.
std::string_view MissingRegisteredClaim(
    const ValidatorOptions& options, const VerifiedToken& token,
    const std::optional<std::string_view>& iss, bool has_aud,
    const std::optional<std::string_view>& sub) {
  if (options.require_exp && !Access::Number(token, &Reg::exp)) return "exp";
  if (!options.issuers.empty() && !iss) return "iss";
  if (!options.audiences.empty() && !has_aud) return "aud";
  if (options.subject && !sub) return "sub";
  if (options.max_age_seconds && !Access::Number(token, &Reg::iat)) {
    return "iat";
  }
  return {};
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
                      TimeBracket now, int64_t (*precise_now)(),
                      std::string_view* failed_claim) {
  // Each failure names its claim: a static string, or one the options or
  // the checks hold (policy.h).
  auto fail = [failed_claim](ErrorCode c, std::string_view name) {
    if (failed_claim != nullptr) *failed_claim = name;
    return c;
  };
  if (!registered_types_ok) {
    return fail(ErrorCode::kBadClaim, BadRegisteredClaim(token));
  }
  const ProfileVerdicts profile =
      options.profile ? options.profile->Check(token) : ProfileVerdicts();
  if (profile.claim != ErrorCode::kOk) {
    return fail(profile.claim, options.profile->ClaimName());
  }

  ErrorCode times = CheckTimes(options, token, now.lo);
  if (now.hi != now.lo && CheckTimes(options, token, now.hi) != times) {
    // A boundary falls within the bracket: the exact time decides.
    times = CheckTimes(options, token, precise_now());
  }
  if (times != ErrorCode::kOk) return fail(times, TimeClaimName(times));

  auto iss = Access::String(token, &Reg::iss);
  if (!options.issuers.empty() && iss && !Contains(options.issuers, *iss)) {
    return fail(ErrorCode::kBadIssuer, "iss");
  }
  if (profile.issuer != ErrorCode::kOk) return fail(profile.issuer, "iss");
  const bool has_aud = Access::Find(token, &Reg::aud) != nullptr;
  if (!options.audiences.empty() && has_aud) {
    bool match = false;
    for (std::string_view a : token.audiences()) {
      match = match || Contains(options.audiences, a);
    }
    if (!match) return fail(ErrorCode::kBadAudience, "aud");
    if (profile.audience != ErrorCode::kOk) {
      return fail(profile.audience, "aud");
    }
  }
  auto sub = Access::String(token, &Reg::sub);
  if (options.subject && sub && *sub != *options.subject) {
    return fail(ErrorCode::kBadSubject, "sub");
  }
  if (options.type &&
      (!header.typ || !TypeMatches(*options.type, *header.typ))) {
    return fail(ErrorCode::kBadType, "typ");
  }

  // Expected but absent.
  if (std::string_view missing =
          MissingRegisteredClaim(options, token, iss, has_aud, sub);
      !missing.empty()) {
    return fail(ErrorCode::kMissingClaim, missing);
  }
  if (profile.missing != ErrorCode::kOk) {
    return fail(profile.missing, options.profile->ClaimName());
  }
  for (const std::string& name : options.required_claims) {
    if (!token.HasClaim(name)) return fail(ErrorCode::kMissingClaim, name);
  }

  // jwtv implements no JWS extension, so any crit is unknown (RFC 7515
  // 4.1.11: the recipient must reject what it does not understand).
  if (header.has_crit) return fail(ErrorCode::kUnknownCrit, "crit");
  if (!options.claim_checks.empty()) {
    return ClaimChecker::Apply(options.claim_checks, token, failed_claim);
  }
  return ErrorCode::kOk;
}

}  // namespace jwtv::internal
