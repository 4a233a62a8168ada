// Copyright 2026 The jwtv Authors.
//
// What the JwksCache tests share: two key sets served by the loopback
// server (tests/jwks_server.py), options for tests (plain HTTP, short
// timeouts and backoff, no background refresh), a fixture with a started
// server, and a settable wall clock for JwksCacheOptions::clock.

#ifndef JWTV_TESTS_TESTING_JWKS_CACHE_FIXTURE_H_
#define JWTV_TESTS_TESTING_JWKS_CACHE_FIXTURE_H_

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "jwtv/jwks_cache.h"
#include "testing/jwks_test_util.h"

namespace jwtv::testing {

// Keys A and B: the seeds of P-256 keys served from URLs (which never
// provide oct keys), and the HMAC secrets of oct keys in files and
// documents.
inline constexpr char kSecretA[] = "secret-A-0123456789abcdef0123456789";
inline constexpr char kSecretB[] = "secret-B-0123456789abcdef0123456789";

inline std::string SetA() { return "[" + EcJwk("a1", kSecretA) + "]"; }
inline std::string SetB() { return "[" + EcJwk("b1", kSecretB) + "]"; }
inline std::string OctSetA() { return "[" + OctJwk("a1", kSecretA) + "]"; }
inline std::string OctSetB() { return "[" + OctJwk("b1", kSecretB) + "]"; }

inline JwksCacheOptions TestOptions() {
  using std::chrono::milliseconds;
  JwksCacheOptions o;
  o.http.allow_http = true;
  o.http.connect_timeout = milliseconds(500);
  o.http.total_timeout = milliseconds(600);
  o.unknown_kid_cooldown = milliseconds(300);
  o.unknown_kid_max_wait = milliseconds(2000);
  o.backoff_initial = milliseconds(10);
  o.tick = milliseconds(10);
  o.background_refresh = false;
  return o;
}

// A started server serving SetA().
class JwksCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GT(server_.port(), 0) << "jwks_server.py did not start";
    server_.Control(R"({"keys": )" + SetA() + "}");
  }

  std::shared_ptr<JwksCache> UrlCache(JwksCacheOptions o = TestOptions(),
                                      std::string path = "/jwks") {
    auto cache = JwksCache::FromUrl(server_.base() + path, std::move(o));
    EXPECT_TRUE(cache.ok()) << cache.status();
    return cache.ok() ? *cache : nullptr;
  }

  JwksServer server_;
};

// A settable wall clock; it moves only when told to.
struct FakeClock {
  std::atomic<int64_t> ms{1'800'000'000'000};
  std::function<std::chrono::system_clock::time_point()> Fn() {
    return [this] {
      return std::chrono::system_clock::time_point(
          std::chrono::milliseconds(ms.load()));
    };
  }
  void Advance(std::chrono::milliseconds d) { ms += d.count(); }
};

}  // namespace jwtv::testing

#endif  // JWTV_TESTS_TESTING_JWKS_CACHE_FIXTURE_H_
