// Copyright 2026 The jwtv Authors.
//
// When a JwksCache refreshes, as pure logic over an injected clock: the TTL
// of fetched keys, the refresh ahead of expiry (with jitter), exponential
// backoff after failures, dropping the keys after max_stale, and the
// cooldown between unknown-kid refreshes. It also keeps the health figures
// those decisions rest on. It fetches nothing and publishes nothing: the
// cache asks it and does what it says (include/jwtv/jwks_cache.h describes
// the policy in the user's terms; every number is a JwksCacheOptions field).
//
// Not thread-safe: the cache calls it under one mutex.

#ifndef JWTV_SRC_JWKS_CACHE_REFRESH_POLICY_H_
#define JWTV_SRC_JWKS_CACHE_REFRESH_POLICY_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>

#include "absl/status/status.h"
#include "jwtv/jwks_cache.h"

namespace jwtv::internal {

using WallTime = std::chrono::system_clock::time_point;
// A wall clock; JwksCacheOptions::clock, or the system clock.
using WallClock = Clock;

// options.clock when set, else the system clock.
WallClock ClockOf(const JwksCacheOptions& options);

class RefreshPolicy {
 public:
  enum class Schedule {
    kTtl,       // URL and OIDC: TTL from max-age, refresh ahead of expiry
    kInterval,  // file: every file_check_interval, no expiry
    kNone,      // document: never refreshed, no backoff
  };

  // Reads the numbers from `options` (kept by reference: they must outlive
  // the policy). `jitter_seed` seeds the refresh-time jitter.
  RefreshPolicy(const JwksCacheOptions& options, Schedule schedule,
                WallClock clock, uint64_t jitter_seed);

  WallTime Now() const { return clock_(); }

  // True when a scheduled refresh (TTL, file check or backoff) is due.
  bool Due() const;

  // A load begins: counts it and stamps last_attempt.
  void StartAttempt();
  // The load succeeded (new keys or unchanged ones); `max_age` is the
  // response's Cache-Control max-age. Resets the failure count and
  // schedules the next refresh.
  void RecordSuccess(std::optional<std::chrono::seconds> max_age);
  // The load failed: schedules the retry after the backoff. Returns true
  // when the keys must be dropped now (no success for max_stale; true once
  // until the next success).
  bool RecordFailure(const absl::Status& status);

  // An unknown kid asks for a refresh: true (and the cooldown restarts)
  // unless one was granted less than unknown_kid_cooldown ago.
  bool GrantUnknownKidRefresh();

  // Fills the health fields the policy knows (all but the snapshot's).
  void FillHealth(JwksHealth& health) const;

  // When the next scheduled refresh is due.
  WallTime next_refresh() const { return next_refresh_; }

 private:
  const JwksCacheOptions& options_;
  const Schedule schedule_;
  const WallClock clock_;
  std::mt19937_64 rng_;

  WallTime next_refresh_{};
  std::optional<WallTime> expires_at_;
  std::optional<WallTime> last_success_;
  std::optional<WallTime> last_attempt_;
  std::optional<WallTime> last_kid_grant_;
  absl::Status last_error_;
  int consecutive_failures_ = 0;
  uint64_t fetch_count_ = 0;
  bool dropped_ = false;
};

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JWKS_CACHE_REFRESH_POLICY_H_
