// Copyright 2026 The jwtv Authors.
//
// JwksCache's reports against a real HTTP server (tests/jwks_server.py on
// loopback): the on_event callback (refreshed, refresh failed, keys rotated,
// keys dropped, on which thread), the metrics hook's refresh counts, and the
// non-blocking mode (unknown_kid_max_wait = 0): an unknown kid is answered
// at once while the background thread fetches. Time is a fake clock
// wherever the policy decides by it; waiting for the background thread is
// a bounded poll.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/metrics.h"
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
using testing::kSecretB;
using testing::OctSetA;
using testing::OctSetB;
using testing::SetB;
using testing::SignEs256;
using testing::TestOptions;
using Type = JwksEvent::Type;
using Kids = std::vector<std::string>;

// Records events (with the thread each came on) and refresh outcomes.
class Recorder : public Metrics {
 public:
  JwksEventCallback Callback() {
    return [this](const JwksEvent& e) {
      std::lock_guard<std::mutex> lock(mu_);
      events_.push_back(e);
      threads_.push_back(std::this_thread::get_id());
    };
  }
  void OnJwksRefresh(absl::StatusCode code) override {
    std::lock_guard<std::mutex> lock(mu_);
    refreshes_.push_back(code);
  }

  std::vector<JwksEvent> events() const {
    std::lock_guard<std::mutex> lock(mu_);
    return events_;
  }
  std::vector<std::thread::id> threads() const {
    std::lock_guard<std::mutex> lock(mu_);
    return threads_;
  }
  std::vector<absl::StatusCode> refreshes() const {
    std::lock_guard<std::mutex> lock(mu_);
    return refreshes_;
  }
  // Polls (bounded, real time) until `n` events have arrived.
  bool AwaitEvents(size_t n) const {
    const auto end = std::chrono::steady_clock::now() + seconds(20);
    while (std::chrono::steady_clock::now() < end) {
      if (events().size() >= n) return true;
      std::this_thread::sleep_for(milliseconds(2));
    }
    return false;
  }

 private:
  mutable std::mutex mu_;
  std::vector<JwksEvent> events_;
  std::vector<std::thread::id> threads_;
  std::vector<absl::StatusCode> refreshes_;
};

std::vector<Type> Types(const std::vector<JwksEvent>& events) {
  std::vector<Type> out;
  out.reserve(events.size());
  for (const JwksEvent& e : events) out.push_back(e.type);
  return out;
}

JwksCacheOptions Reported(const std::shared_ptr<Recorder>& r,
                          JwksCacheOptions o = TestOptions()) {
  o.on_event = r->Callback();
  o.metrics = r;
  return o;
}

TEST_F(JwksCacheTest, EventsOfRefreshRotationAndFailure) {
  auto r = std::make_shared<Recorder>();
  auto cache = UrlCache(Reported(r));
  ASSERT_NE(cache, nullptr);
  // The first load, on the factory's thread: refreshed, then the first keys.
  std::vector<JwksEvent> e = r->events();
  ASSERT_EQ(Types(e),
            (std::vector<Type>{Type::kRefreshed, Type::kKeysRotated}));
  EXPECT_TRUE(e[0].error.ok());
  EXPECT_EQ(e[1].kids_added, Kids{"a1"});
  EXPECT_TRUE(e[1].kids_removed.empty());
  EXPECT_EQ(e[1].snapshot_version, cache->health().snapshot_version);
  for (std::thread::id id : r->threads()) {
    EXPECT_EQ(id, std::this_thread::get_id());
  }

  // The same kids again: refreshed, no rotation.
  ASSERT_TRUE(cache->Refresh().ok());
  EXPECT_EQ(Types(r->events()).back(), Type::kRefreshed);
  EXPECT_EQ(r->events().size(), 3u);

  // A rotation: the kids that came and went.
  server_.Control(R"({"keys": [)" + testing::EcJwk("a1", kSecretA) + "," +
                  testing::EcJwk("c1", kSecretB) + "]}");
  ASSERT_TRUE(cache->Refresh().ok());
  server_.Control(R"({"keys": )" + SetB() + "}");
  ASSERT_TRUE(cache->Refresh().ok());
  e = r->events();
  ASSERT_EQ(e.size(), 7u);
  EXPECT_EQ(e[4].type, Type::kKeysRotated);
  EXPECT_EQ(e[4].kids_added, Kids{"c1"});
  EXPECT_TRUE(e[4].kids_removed.empty());
  EXPECT_EQ(e[6].type, Type::kKeysRotated);
  EXPECT_EQ(e[6].kids_added, Kids{"b1"});
  EXPECT_EQ(e[6].kids_removed, (Kids{"a1", "c1"}));

  // A failure: its class and the health after it.
  server_.Control(R"({"mode": "status", "status": 500})");
  EXPECT_FALSE(cache->Refresh().ok());
  e = r->events();
  ASSERT_EQ(e.size(), 8u);
  EXPECT_EQ(e[7].type, Type::kRefreshFailed);
  EXPECT_EQ(e[7].error.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(e[7].error, cache->health().last_error);
  EXPECT_EQ(e[7].consecutive_failures, 1);
  EXPECT_TRUE(e[7].kids_added.empty());

  EXPECT_EQ(r->refreshes(), (std::vector<absl::StatusCode>{
                                absl::StatusCode::kOk, absl::StatusCode::kOk,
                                absl::StatusCode::kOk, absl::StatusCode::kOk,
                                absl::StatusCode::kUnavailable}));
}

TEST_F(JwksCacheTest, EventWhenKeysAreDroppedPastMaxStale) {
  auto r = std::make_shared<Recorder>();
  FakeClock clock;
  JwksCacheOptions o = TestOptions();
  o.clock = clock.Fn();
  o.max_stale = seconds(3600);
  auto cache = UrlCache(Reported(r, o));
  ASSERT_NE(cache, nullptr);
  server_.Control(R"({"mode": "status", "status": 503})");
  clock.Advance(seconds(600));  // TTL over: stale
  EXPECT_FALSE(cache->Refresh().ok());
  std::vector<JwksEvent> e = r->events();
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[2].type, Type::kRefreshFailed);
  EXPECT_TRUE(e[2].stale);
  clock.Advance(seconds(3600));
  EXPECT_FALSE(cache->Refresh().ok());
  e = r->events();
  ASSERT_EQ(Types(e),
            (std::vector<Type>{Type::kRefreshed, Type::kKeysRotated,
                               Type::kRefreshFailed, Type::kRefreshFailed,
                               Type::kKeysDropped}));
  EXPECT_EQ(e[4].kids_removed, Kids{"a1"});
  EXPECT_EQ(e[4].consecutive_failures, 2);
  EXPECT_EQ(cache->keys().size(), 0u);
}

// A document cache reports SetDocument; the callback may read the cache.
TEST(JwksEventsTest, DocumentEventsAndReadingTheCacheFromTheCallback) {
  std::vector<std::pair<Type, size_t>> seen;
  std::shared_ptr<JwksCache>* self = nullptr;
  std::shared_ptr<JwksCache> cache;
  JwksCacheOptions o;
  o.on_event = [&](const JwksEvent& e) {
    // Inside the first load the factory has not returned yet.
    const size_t keys = self != nullptr ? (*self)->keys().size() : 0;
    if (self != nullptr) {
      EXPECT_EQ((*self)->health().snapshot_version, e.snapshot_version);
    }
    seen.emplace_back(e.type, keys);
  };
  auto made = JwksCache::FromDocument(R"({"keys": )" + OctSetA() + "}", o);
  ASSERT_TRUE(made.ok()) << made.status();
  cache = *made;
  self = &cache;
  ASSERT_TRUE(cache->SetDocument(R"({"keys": )" + OctSetB() + "}").ok());
  EXPECT_FALSE(cache->SetDocument("{").ok());
  EXPECT_EQ(seen,
            (std::vector<std::pair<Type, size_t>>{{Type::kRefreshed, 0},
                                                  {Type::kKeysRotated, 0},
                                                  {Type::kRefreshed, 1},
                                                  {Type::kKeysRotated, 1},
                                                  {Type::kRefreshFailed, 1}}));
}

// unknown_kid_max_wait = 0: an unknown kid is answered key_not_found without
// waiting for the fetch it starts, which runs on the background thread; a
// token with that kid passes once that fetch has published the key.
TEST_F(JwksCacheTest, NonBlockingUnknownKid) {
  auto r = std::make_shared<Recorder>();
  FakeClock clock;
  JwksCacheOptions o = TestOptions();
  o.clock = clock.Fn();
  o.unknown_kid_max_wait = milliseconds(0);
  o.unknown_kid_cooldown = seconds(30);
  // The hanging server answers after 5 s; the fetch gives up after 3 s.
  o.http.connect_timeout = seconds(3);
  o.http.total_timeout = seconds(3);
  auto cache = UrlCache(Reported(r, o));
  ASSERT_NE(cache, nullptr);
  Validator v(cache, {});
  const std::string b1 = SignEs256(kSecretB, "b1");

  // The fetch the miss starts cannot end before its 3 s timeout: that the
  // miss was answered while no load had ended shows it did not wait.
  server_.Control(R"({"mode": "hang", "keys": )" + SetB() + "}");
  EXPECT_EQ(v.Validate(b1).code(), ErrorCode::kKeyNotFound);
  EXPECT_EQ(r->events().size(), 2u);  // the factory's two only
  ASSERT_TRUE(r->AwaitEvents(3));
  std::vector<JwksEvent> e = r->events();
  EXPECT_EQ(e[2].type, Type::kRefreshFailed);
  EXPECT_EQ(e[2].error.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_NE(r->threads()[2], std::this_thread::get_id());  // background
  // The old keys still serve.
  EXPECT_TRUE(v.Validate(SignEs256(kSecretA, "a1")).ok());

  // Past the cooldown, with a server that answers: the miss is still
  // answered at once, and the background fetch brings b1.
  server_.Control(R"({"mode": "ok"})");
  clock.Advance(seconds(30));
  EXPECT_EQ(v.Validate(b1).code(), ErrorCode::kKeyNotFound);
  ASSERT_TRUE(r->AwaitEvents(5));
  e = r->events();
  EXPECT_EQ(e[3].type, Type::kRefreshed);
  EXPECT_EQ(e[4].type, Type::kKeysRotated);
  EXPECT_EQ(e[4].kids_added, Kids{"b1"});
  EXPECT_NE(r->threads()[4], std::this_thread::get_id());
  Result ok = v.Validate(b1);
  EXPECT_TRUE(ok.ok()) << ok.code_name();
}

}  // namespace
}  // namespace jwtv
