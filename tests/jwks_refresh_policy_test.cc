// Copyright 2026 The jwtv Authors.
//
// The JwksCache refresh policy alone (src/jwks_cache/refresh_policy.h), on a
// fake clock, so every boundary is checked to the millisecond: the TTL and
// its clamp, refresh ahead of expiry with its jitter band, backoff growth
// and its cap, max_stale, the unknown-kid cooldown, file checks, documents.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <set>

#include "absl/status/status.h"
#include "jwks_cache/refresh_policy.h"
#include "jwtv/jwks_cache.h"

namespace jwtv::internal {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Schedule = RefreshPolicy::Schedule;

constexpr milliseconds kMs{1};

class RefreshPolicyTest : public ::testing::Test {
 protected:
  RefreshPolicyTest() {
    options_.default_ttl = seconds(600);
    options_.min_ttl = seconds(60);
    options_.max_ttl = seconds(3600);
    options_.refresh_ahead = 0.1;
    options_.jitter = 0;
    options_.backoff_initial = seconds(1);
    options_.backoff_max = seconds(5);
    options_.max_stale = seconds(3600);
    options_.unknown_kid_cooldown = seconds(30);
    options_.file_check_interval = seconds(5);
  }

  RefreshPolicy Make(Schedule schedule, uint64_t seed = 1) {
    return RefreshPolicy(
        options_, schedule, [this] { return now_; }, seed);
  }

  // A successful load at the current time, as the cache records it.
  static void Succeed(RefreshPolicy& p, std::optional<seconds> max_age) {
    p.StartAttempt();
    p.RecordSuccess(max_age);
  }
  static bool Fail(RefreshPolicy& p) {
    p.StartAttempt();
    return p.RecordFailure(absl::UnavailableError("down"));
  }

  static JwksHealth Health(const RefreshPolicy& p) {
    JwksHealth h;
    p.FillHealth(h);
    return h;
  }

  JwksCacheOptions options_;
  const WallTime t0_ = WallTime(seconds(1'800'000'000));
  WallTime now_ = t0_;
};

TEST_F(RefreshPolicyTest, NothingLoadedIsDueAtOnce) {
  RefreshPolicy p = Make(Schedule::kTtl);
  EXPECT_TRUE(p.Due());
  JwksHealth h = Health(p);
  EXPECT_EQ(h.fetch_count, 0u);
  EXPECT_FALSE(h.last_attempt.has_value());
  EXPECT_FALSE(h.expires_at.has_value());
  EXPECT_FALSE(h.stale);
}

TEST_F(RefreshPolicyTest, RefreshAheadOfExpiryBoundaries) {
  RefreshPolicy p = Make(Schedule::kTtl);
  Succeed(p, seconds(120));
  // 0.9 of the 120 s TTL: due at 108 s exactly, not a millisecond before.
  EXPECT_EQ(p.next_refresh(), t0_ + seconds(108));
  now_ = t0_ + seconds(108) - kMs;
  EXPECT_FALSE(p.Due());
  now_ = t0_ + seconds(108);
  EXPECT_TRUE(p.Due());
  // Stale from the TTL's end on, not before.
  JwksHealth h = Health(p);
  EXPECT_EQ(*h.expires_at, t0_ + seconds(120));
  EXPECT_EQ(*h.last_success, t0_);
  EXPECT_EQ(*h.last_attempt, t0_);
  EXPECT_EQ(h.fetch_count, 1u);
  now_ = t0_ + seconds(120) - kMs;
  EXPECT_FALSE(Health(p).stale);
  now_ = t0_ + seconds(120);
  EXPECT_TRUE(Health(p).stale);
}

TEST_F(RefreshPolicyTest, TtlIsMaxAgeClampedOrTheDefault) {
  RefreshPolicy p = Make(Schedule::kTtl);
  const struct {
    std::optional<seconds> max_age;
    seconds ttl;
  } cases[] = {{seconds(120), seconds(120)},   {seconds(5), seconds(60)},
               {seconds(0), seconds(60)},      {seconds(60), seconds(60)},
               {seconds(3600), seconds(3600)}, {seconds(999999), seconds(3600)},
               {std::nullopt, seconds(600)}};
  for (const auto& c : cases) {
    now_ += seconds(1);
    Succeed(p, c.max_age);
    EXPECT_EQ(*Health(p).expires_at, now_ + c.ttl)
        << (c.max_age ? c.max_age->count() : -1);
  }
}

TEST_F(RefreshPolicyTest, JitterStaysInItsBandAndSpreads) {
  options_.jitter = 0.05;  // 0.9 +- 0.05 of 100 s: [85 s, 95 s]
  std::set<int64_t> seen;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    RefreshPolicy p = Make(Schedule::kTtl, seed);
    Succeed(p, seconds(100));
    const auto at =
        std::chrono::duration_cast<milliseconds>(p.next_refresh() - t0_);
    EXPECT_GE(at, seconds(85)) << seed;
    EXPECT_LE(at, seconds(95)) << seed;
    seen.insert(at.count());
  }
  EXPECT_GT(seen.size(), 100u);  // not one fixed time for a fleet
}

TEST_F(RefreshPolicyTest, RefreshAheadNeverSchedulesInThePast) {
  options_.refresh_ahead = 1.0;
  options_.jitter = 0.5;
  for (uint64_t seed = 0; seed < 50; ++seed) {
    RefreshPolicy p = Make(Schedule::kTtl, seed);
    Succeed(p, seconds(100));
    EXPECT_GE(p.next_refresh(), t0_) << seed;
    EXPECT_LE(p.next_refresh(), t0_ + seconds(50)) << seed;
  }
}

TEST_F(RefreshPolicyTest, BackoffDoublesUpToItsCap) {
  RefreshPolicy p = Make(Schedule::kTtl);
  Succeed(p, seconds(120));
  const seconds expected[] = {seconds(1), seconds(2), seconds(4), seconds(5),
                              seconds(5)};
  int failures = 0;
  for (seconds backoff : expected) {
    EXPECT_FALSE(Fail(p));
    EXPECT_EQ(Health(p).consecutive_failures, ++failures);
    EXPECT_EQ(p.next_refresh(), now_ + backoff) << failures;
    now_ += backoff - kMs;
    EXPECT_FALSE(p.Due()) << failures;
    now_ += kMs;
    EXPECT_TRUE(p.Due()) << failures;
  }
  JwksHealth h = Health(p);
  EXPECT_EQ(h.last_error.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(h.fetch_count, 6u);
  EXPECT_EQ(*h.last_success, t0_);
  // A success resets the count, the error and the schedule.
  Succeed(p, seconds(120));
  h = Health(p);
  EXPECT_EQ(h.consecutive_failures, 0);
  EXPECT_TRUE(h.last_error.ok());
  EXPECT_EQ(p.next_refresh(), now_ + seconds(108));
  EXPECT_FALSE(Fail(p));
  EXPECT_EQ(p.next_refresh(), now_ + seconds(1));
}

TEST_F(RefreshPolicyTest, BackoffOfManyFailuresStaysAtTheCap) {
  options_.backoff_max = std::chrono::hours(24 * 365);
  RefreshPolicy p = Make(Schedule::kTtl);
  for (int i = 0; i < 200; ++i) Fail(p);
  EXPECT_EQ(p.next_refresh(), now_ + options_.backoff_max);
}

TEST_F(RefreshPolicyTest, KeysAreDroppedOncePastMaxStale) {
  RefreshPolicy p = Make(Schedule::kTtl);
  Succeed(p, seconds(120));
  now_ = t0_ + seconds(3600);  // exactly max_stale: kept
  EXPECT_FALSE(Fail(p));
  now_ += kMs;
  EXPECT_TRUE(Fail(p));
  EXPECT_FALSE(Fail(p));  // once
  // A success re-arms it, counted from that success.
  const WallTime t1 = now_;
  Succeed(p, seconds(120));
  now_ = t1 + seconds(3600);
  EXPECT_FALSE(Fail(p));
  now_ += kMs;
  EXPECT_TRUE(Fail(p));
}

TEST_F(RefreshPolicyTest, NeverLoadedKeysAreNeverDropped) {
  RefreshPolicy p = Make(Schedule::kTtl);
  now_ += std::chrono::hours(24 * 365);
  EXPECT_FALSE(Fail(p));
  EXPECT_FALSE(Health(p).last_success.has_value());
}

TEST_F(RefreshPolicyTest, UnknownKidCooldownBoundaries) {
  RefreshPolicy p = Make(Schedule::kTtl);
  EXPECT_TRUE(p.GrantUnknownKidRefresh());
  EXPECT_FALSE(p.GrantUnknownKidRefresh());
  now_ = t0_ + seconds(30) - kMs;
  EXPECT_FALSE(p.GrantUnknownKidRefresh());  // a refusal does not restart it
  now_ = t0_ + seconds(30);
  EXPECT_TRUE(p.GrantUnknownKidRefresh());
  now_ += seconds(30) - kMs;
  EXPECT_FALSE(p.GrantUnknownKidRefresh());
  now_ += kMs;
  EXPECT_TRUE(p.GrantUnknownKidRefresh());
  // Loads do not touch it.
  Succeed(p, seconds(120));
  Fail(p);
  EXPECT_FALSE(p.GrantUnknownKidRefresh());
}

TEST_F(RefreshPolicyTest, FileIsCheckedOnItsIntervalAndNeverExpires) {
  RefreshPolicy p = Make(Schedule::kInterval);
  Succeed(p, seconds(120));  // a max-age means nothing to a file
  EXPECT_EQ(p.next_refresh(), t0_ + seconds(5));
  now_ = t0_ + seconds(5) - kMs;
  EXPECT_FALSE(p.Due());
  now_ += kMs;
  EXPECT_TRUE(p.Due());
  now_ += std::chrono::hours(1000);
  JwksHealth h = Health(p);
  EXPECT_FALSE(h.expires_at.has_value());
  EXPECT_FALSE(h.stale);
  // Failures back off, and drop the keys past max_stale, as for a URL.
  EXPECT_TRUE(Fail(p));
  EXPECT_EQ(p.next_refresh(), now_ + seconds(1));
}

TEST_F(RefreshPolicyTest, DocumentIsNeverDueAndNeverDropped) {
  RefreshPolicy p = Make(Schedule::kNone);
  EXPECT_FALSE(p.Due());
  Succeed(p, std::nullopt);
  EXPECT_EQ(*Health(p).last_success, t0_);
  now_ += std::chrono::hours(24 * 365);
  EXPECT_FALSE(p.Due());
  EXPECT_FALSE(Fail(p));
  EXPECT_FALSE(Fail(p));
  EXPECT_FALSE(p.Due());
  JwksHealth h = Health(p);
  EXPECT_EQ(h.consecutive_failures, 2);
  EXPECT_EQ(h.fetch_count, 3u);
  EXPECT_FALSE(h.expires_at.has_value());
  EXPECT_FALSE(h.stale);
}

TEST(RefreshPolicyClockTest, SystemClockWhenNoneIsSet) {
  JwksCacheOptions options;
  const WallTime before = std::chrono::system_clock::now();
  const WallTime read = ClockOf(options)();
  EXPECT_GE(read, before);
  EXPECT_LE(read, std::chrono::system_clock::now());
  options.clock = [] { return WallTime(seconds(42)); };
  EXPECT_EQ(ClockOf(options)(), WallTime(seconds(42)));
}

}  // namespace
}  // namespace jwtv::internal
