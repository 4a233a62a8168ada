// Copyright 2026 The jwtv Authors.

#include "policy/policy.h"

#include <time.h>

#include <chrono>
#include <string_view>

#include "shopify/shopify_claims.h"

namespace jwtv::internal {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

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

// exp, nbf, iat and the maximum age at `now_seconds`.
ErrorCode CheckTimes(const ValidatorOptions& options,
                     const VerifiedToken& token, int64_t now_seconds) {
  // Compared as doubles so fractions and out-of-range values never wrap.
  const double now = static_cast<double>(now_seconds);
  const double leeway = static_cast<double>(options.leeway_seconds);
  if (auto exp = token.expiration(); exp && now >= *exp + leeway) {
    return ErrorCode::kExpired;
  }
  if (auto nbf = token.not_before(); nbf && now < *nbf - leeway) {
    return ErrorCode::kNotYetValid;
  }
  auto iat = token.issued_at();
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
    const int64_t now = options.clock();
    return {now, now};
  }
#ifdef CLOCK_REALTIME_COARSE
  // The coarse clock is the time of the last timekeeping update, made at
  // every tick; Linux has another CPU take over within five ticks when the
  // one in charge stalls. Measured lag on a KVM guest: up to 7 ms with a
  // 4 ms tick. Six ticks are allowed for; a resolution over 10 ms is not
  // trusted.
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
    const int64_t lo = ts.tv_sec;
    return {lo, ts.tv_nsec + margin_ns >= 1'000'000'000 ? lo + 1 : lo};
  }
#endif
  const int64_t now = PreciseNowSeconds();
  return {now, now};
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
                      TimeBracket now) {
  const bool shopify = options.profile == Profile::kShopifySession;
  ShopifyDest dest;
  if (!registered_types_ok) return ErrorCode::kBadClaim;
  if (shopify) {
    dest = ParseShopifyDest(token);
    if (dest.state == ShopifyDest::kInvalid) return ErrorCode::kBadClaim;
  }

  ErrorCode times = CheckTimes(options, token, now.lo);
  if (now.hi != now.lo && CheckTimes(options, token, now.hi) != times) {
    // A boundary falls within the bracket: the exact time decides.
    times = CheckTimes(options, token, PreciseNowSeconds());
  }
  if (times != ErrorCode::kOk) return times;

  auto iss = token.issuer();
  if (!options.issuers.empty() && iss && !Contains(options.issuers, *iss)) {
    return ErrorCode::kBadIssuer;
  }
  if (shopify && iss && dest.state == ShopifyDest::kValid &&
      !ShopifyIssuerMatches(*iss, dest.host)) {
    return ErrorCode::kBadIssuer;
  }
  const std::optional<JsonKind> aud_kind = token.ClaimKind("aud");
  const bool has_aud = aud_kind.has_value();
  if (!options.audiences.empty() && has_aud) {
    bool match = false;
    for (std::string_view a : token.audiences()) {
      match = match || Contains(options.audiences, a);
    }
    if (!match) return ErrorCode::kBadAudience;
    // Shopify's libraries compare aud to the API key as a string.
    if (shopify && *aud_kind != JsonKind::kString) {
      return ErrorCode::kBadAudience;
    }
  }
  auto sub = token.subject();
  if (options.subject && sub && *sub != *options.subject) {
    return ErrorCode::kBadSubject;
  }
  if (options.type &&
      (!header.typ || !TypeMatches(*options.type, *header.typ))) {
    return ErrorCode::kBadType;
  }

  // Expected but absent.
  if (options.require_exp && !token.expiration()) {
    return ErrorCode::kMissingClaim;
  }
  if ((!options.issuers.empty() && !iss) ||
      (!options.audiences.empty() && !has_aud) || (options.subject && !sub) ||
      (options.max_age_seconds && !token.issued_at()) ||
      (shopify && dest.state == ShopifyDest::kAbsent)) {
    return ErrorCode::kMissingClaim;
  }
  for (const std::string& name : options.required_claims) {
    if (!token.HasClaim(name)) return ErrorCode::kMissingClaim;
  }

  // jwtv implements no JWS extension, so any crit is unknown (RFC 7515
  // 4.1.11: the recipient must reject what it does not understand).
  if (header.has_crit) return ErrorCode::kUnknownCrit;
  return ErrorCode::kOk;
}

}  // namespace jwtv::internal
