// Copyright 2026 The jwtv Authors.

#include "jwks_cache/refresh_policy.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace jwtv::internal {

using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

WallClock ClockOf(const JwksCacheOptions& options) {
  if (options.clock) return options.clock;
  return [] { return std::chrono::system_clock::now(); };
}

RefreshPolicy::RefreshPolicy(const JwksCacheOptions& options, Schedule schedule,
                             WallClock clock, uint64_t jitter_seed)
    : options_(options),
      schedule_(schedule),
      clock_(std::move(clock)),
      rng_(jitter_seed) {}

bool RefreshPolicy::Due() const {
  return schedule_ != Schedule::kNone && Now() >= next_refresh_;
}

void RefreshPolicy::StartAttempt() {
  ++fetch_count_;
  last_attempt_ = Now();
}

void RefreshPolicy::RecordSuccess(std::optional<seconds> max_age) {
  last_error_ = absl::OkStatus();
  consecutive_failures_ = 0;
  if (schedule_ == Schedule::kNone) {
    last_success_ = last_attempt_;
    return;
  }
  const WallTime now = Now();
  last_success_ = now;
  dropped_ = false;
  if (schedule_ == Schedule::kInterval) {
    expires_at_.reset();
    next_refresh_ = now + options_.file_check_interval;
    return;
  }
  const seconds ttl =
      max_age.has_value()
          ? std::clamp(*max_age, options_.min_ttl, options_.max_ttl)
          : options_.default_ttl;
  expires_at_ = now + ttl;
  std::uniform_real_distribution<double> jitter(-options_.jitter,
                                                options_.jitter);
  const double factor =
      std::max(0.0, 1.0 - options_.refresh_ahead + jitter(rng_));
  next_refresh_ = now + duration_cast<milliseconds>(
                            std::chrono::duration<double>(ttl) * factor);
}

bool RefreshPolicy::RecordFailure(const absl::Status& status) {
  const WallTime now = Now();
  last_error_ = status;
  ++consecutive_failures_;
  if (schedule_ == Schedule::kNone) return false;
  double backoff_ms = static_cast<double>(options_.backoff_initial.count()) *
                      std::ldexp(1.0, std::min(consecutive_failures_ - 1, 40));
  backoff_ms =
      std::min(backoff_ms, static_cast<double>(options_.backoff_max.count()));
  next_refresh_ = now + milliseconds(static_cast<int64_t>(backoff_ms));
  if (!dropped_ && last_success_.has_value() &&
      now - *last_success_ > options_.max_stale) {
    dropped_ = true;
    return true;
  }
  return false;
}

bool RefreshPolicy::GrantUnknownKidRefresh() {
  const WallTime now = Now();
  if (last_kid_grant_.has_value() &&
      now - *last_kid_grant_ < options_.unknown_kid_cooldown) {
    return false;
  }
  last_kid_grant_ = now;
  return true;
}

void RefreshPolicy::FillHealth(JwksHealth& health) const {
  health.last_success = last_success_;
  health.last_attempt = last_attempt_;
  health.last_error = last_error_;
  health.consecutive_failures = consecutive_failures_;
  health.fetch_count = fetch_count_;
  health.expires_at = expires_at_;
  health.stale = expires_at_.has_value() && Now() >= *expires_at_;
}

}  // namespace jwtv::internal
