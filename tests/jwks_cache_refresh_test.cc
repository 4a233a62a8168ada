// Copyright 2026 The jwtv Authors.
//
// The JwksCache refresh schedule against a real HTTP server, on a fake
// clock: ETag/304 and Cache-Control TTLs, the background refresh before
// expiry, backoff after failures and dropping the keys after max_stale.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "jwks_cache/jwks_cache_test_peer.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/validator.h"
#include "testing/jwks_cache_fixture.h"
#include "testing/jwks_test_util.h"

namespace jwtv {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::FakeClock;
using testing::JwksCacheTest;
using testing::kSecretA;
using testing::SetB;
using testing::SignEs256;
using testing::TestOptions;

TEST_F(JwksCacheTest, EtagAnd304ExtendTtl) {
  FakeClock clock;
  JwksCacheOptions o = TestOptions();
  o.clock = clock.Fn();
  o.min_ttl = seconds(60);
  o.max_ttl = seconds(3600);
  server_.Control(R"({"etag": true, "max_age": 120})");
  auto cache = UrlCache(o);
  ASSERT_NE(cache, nullptr);
  JwksHealth h = cache->health();
  ASSERT_TRUE(h.expires_at.has_value());
  EXPECT_EQ(*h.expires_at - *h.last_success, seconds(120));
  const uint64_t version = h.snapshot_version;

  clock.Advance(seconds(100));
  ASSERT_TRUE(cache->Refresh().ok());  // 304
  h = cache->health();
  EXPECT_EQ(h.snapshot_version, version);
  EXPECT_EQ(*h.expires_at - *h.last_success, seconds(120));
  EXPECT_EQ(h.fetch_count, 2u);

  // Clamped to [min_ttl, max_ttl]; a changed set is a 200 with a new ETag.
  server_.Control(R"({"max_age": 5, "keys": )" + SetB() + "}");
  ASSERT_TRUE(cache->Refresh().ok());
  h = cache->health();
  EXPECT_EQ(h.snapshot_version, version + 1);
  EXPECT_EQ(*h.expires_at - *h.last_success, seconds(60));
  server_.Control(R"({"max_age": 999999, "etag": false})");
  ASSERT_TRUE(cache->Refresh().ok());
  h = cache->health();
  EXPECT_EQ(*h.expires_at - *h.last_success, seconds(3600));
  server_.Control(R"({"max_age": null})");
  ASSERT_TRUE(cache->Refresh().ok());
  h = cache->health();
  EXPECT_EQ(*h.expires_at - *h.last_success, seconds(600));  // default
}

// The background thread refreshes inside the jitter band before expiry:
// never before its start, always by its end. The test waits for the thread
// to look at the (fake) clock, never for time to pass.
TEST_F(JwksCacheTest, BackgroundRefreshBeforeExpiry) {
  FakeClock clock;
  JwksCacheOptions o = TestOptions();
  o.clock = clock.Fn();
  o.background_refresh = true;
  o.jitter = 0.05;  // refresh between 85 s and 95 s
  o.min_ttl = seconds(100);
  server_.Control(R"({"max_age": 100})");
  auto cache = UrlCache(o);
  ASSERT_NE(cache, nullptr);
  const uint64_t version = cache->health().snapshot_version;
  server_.Control(R"({"keys": )" + SetB() + "}");
  clock.Advance(seconds(85) - milliseconds(1));  // before the band: not yet
  ASSERT_TRUE(
      internal::JwksCacheTestPeer::AwaitWorkerPasses(*cache, 2, seconds(30)));
  EXPECT_EQ(cache->health().snapshot_version, version);
  EXPECT_EQ(cache->health().fetch_count, 1u);
  clock.Advance(seconds(10) + milliseconds(1));  // the band's end: refreshed
  ASSERT_TRUE(
      internal::JwksCacheTestPeer::AwaitWorkerPasses(*cache, 2, seconds(30)));
  EXPECT_EQ(cache->health().snapshot_version, version + 1);
  EXPECT_EQ(cache->health().fetch_count, 2u);
  EXPECT_FALSE(cache->health().stale);
}

TEST_F(JwksCacheTest, BackoffAndMaxStale) {
  FakeClock clock;
  JwksCacheOptions o = TestOptions();
  o.clock = clock.Fn();
  o.backoff_initial = seconds(10);
  o.backoff_max = seconds(40);
  o.max_stale = seconds(3600);
  auto cache = UrlCache(o);
  ASSERT_NE(cache, nullptr);
  Validator v(cache, {});
  server_.Control(R"({"mode": "status", "status": 500})");
  clock.Advance(seconds(600));  // TTL over
  cache->RefreshIfDue();
  EXPECT_EQ(cache->health().consecutive_failures, 1);
  EXPECT_TRUE(cache->health().stale);
  cache->RefreshIfDue();  // inside the 10 s backoff: no fetch
  EXPECT_EQ(cache->health().fetch_count, 2u);
  clock.Advance(seconds(11));
  cache->RefreshIfDue();
  EXPECT_EQ(cache->health().fetch_count, 3u);
  clock.Advance(seconds(11));  // backoff is now 20 s
  cache->RefreshIfDue();
  EXPECT_EQ(cache->health().fetch_count, 3u);
  EXPECT_TRUE(v.Validate(SignEs256(kSecretA, "a1")).ok());
  // Past max_stale the keys are dropped.
  clock.Advance(seconds(3600));
  cache->RefreshIfDue();
  EXPECT_EQ(cache->keys().size(), 0u);
  EXPECT_EQ(v.Validate(SignEs256(kSecretA, "a1")).code(),
            ErrorCode::kKeyNotFound);
  server_.Control(R"({"mode": "ok"})");
  clock.Advance(seconds(60));
  cache->RefreshIfDue();
  EXPECT_TRUE(v.Validate(SignEs256(kSecretA, "a1")).ok());
}

}  // namespace
}  // namespace jwtv
