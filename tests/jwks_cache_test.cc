// Copyright 2026 The jwtv Authors.
//
// JwksCache against a real HTTP server (tests/jwks_server.py on loopback):
// rotation, unknown kids and their rate limit, every failure mode of a
// refresh, redirects, plain HTTP. Time is a fake clock wherever the policy
// decides by it.

#include "jwtv/jwks_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "jwtv/batch.h"
#include "jwtv/validator.h"
#include "testing/jwks_cache_fixture.h"
#include "testing/jwks_test_util.h"

namespace jwtv {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::EcJwk;
using testing::FakeClock;
using testing::JwksCacheTest;
using testing::JwksServer;
using testing::kSecretA;
using testing::kSecretB;
using testing::SetB;
using testing::SignEs256;
using testing::TestOptions;

TEST_F(JwksCacheTest, FetchesAndValidates) {
  auto cache = UrlCache();
  ASSERT_NE(cache, nullptr);
  Validator v(cache, {});
  Result r = v.Validate(SignEs256(kSecretA, "a1"));
  EXPECT_TRUE(r.ok()) << r.code_name();
  EXPECT_EQ(v.Validate(SignEs256(kSecretB, "a1")).code(),
            ErrorCode::kBadSignature);
  JwksHealth h = cache->health();
  EXPECT_EQ(h.fetch_count, 1u);
  EXPECT_EQ(h.key_count, 1u);
  EXPECT_TRUE(h.last_success.has_value());
  EXPECT_TRUE(h.last_error.ok());
  EXPECT_EQ(h.consecutive_failures, 0);
  EXPECT_EQ(cache->keys().size(), 1u);
}

TEST_F(JwksCacheTest, RotatedKeyValidatesWithinOneRoundTrip) {
  auto cache = UrlCache();
  ASSERT_NE(cache, nullptr);
  Validator v(cache, {});
  ASSERT_TRUE(v.Validate(SignEs256(kSecretA, "a1")).ok());
  const int before = server_.JwksFetches();
  server_.Control(R"({"keys": )" + SetB() + "}");
  // The first token signed by the new key: one refresh, then valid.
  Result r = v.Validate(SignEs256(kSecretB, "b1"));
  EXPECT_TRUE(r.ok()) << r.code_name();
  EXPECT_EQ(server_.JwksFetches(), before + 1);
  // The old key is gone from the new snapshot.
  EXPECT_EQ(v.Validate(SignEs256(kSecretA, "a1")).code(),
            ErrorCode::kKeyNotFound);
}

// A JWK without a kid (it stands in for kids no key has).
std::string KidlessJwk(std::string_view seed) { return EcJwk("", seed); }

// A cache loaded with one key without a kid (key A), after which the
// server rotates in key "b1" (key B).
std::shared_ptr<JwksCache> KidlessThenRotated(JwksServer& server,
                                              const std::string& url) {
  server.Control(R"({"keys": [)" + KidlessJwk(kSecretA) + "]}");
  auto cache = JwksCache::FromUrl(url, TestOptions());
  EXPECT_TRUE(cache.ok()) << cache.status();
  server.Control(R"({"keys": [)" + KidlessJwk(kSecretA) + "," +
                 EcJwk("b1", kSecretB) + "]}");
  return cache.ok() ? *cache : nullptr;
}

// An unknown kid asks for a refresh even when a key without a kid could
// stand in for it, so a rotated-in key is found (the stand-in would have
// said bad_signature); only when the refreshed set still lacks the kid do
// the keys without one stand in.
TEST_F(JwksCacheTest, UnknownKidRefreshesBeforeKeysWithoutKidStandIn) {
  auto cache = KidlessThenRotated(server_, server_.base() + "/jwks");
  ASSERT_NE(cache, nullptr);
  Validator v(cache, {});
  const int before = server_.JwksFetches();
  Result r = v.Validate(SignEs256(kSecretB, "b1"));
  EXPECT_TRUE(r.ok()) << r.code_name();
  EXPECT_EQ(server_.JwksFetches(), before + 1);
  // A kid no key has, signed with the key without a kid.
  EXPECT_TRUE(v.Validate(SignEs256(kSecretA, "zz")).ok());
  EXPECT_EQ(v.Validate(SignEs256(kSecretB, "zz")).code(),
            ErrorCode::kBadSignature);
}

TEST_F(JwksCacheTest, UnknownKidRefreshesBeforeKeysWithoutKidStandInBatch) {
  auto cache = KidlessThenRotated(server_, server_.base() + "/jwks");
  ASSERT_NE(cache, nullptr);
  Validator v(cache, {});
  const std::string tokens[] = {SignEs256(kSecretA, "zz"),
                                SignEs256(kSecretB, "b1")};
  const std::string_view views[] = {tokens[0], tokens[1]};
  Result out[2];
  v.ValidateBatch(views, out);
  EXPECT_TRUE(out[0].ok()) << out[0].code_name();
  EXPECT_TRUE(out[1].ok()) << out[1].code_name();
}

// The same with an executor and a batch long enough to run in slices on the
// pool's threads: one refresh, then every token against the new keys.
TEST_F(JwksCacheTest, UnknownKidRefreshesOnceInSlicedBatch) {
  auto cache = KidlessThenRotated(server_, server_.base() + "/jwks");
  ASSERT_NE(cache, nullptr);
  Validator v(cache, {});
  std::vector<std::string> tokens;
  for (int i = 0; i < 40; ++i) {
    tokens.push_back(i % 2 == 0 ? SignEs256(kSecretA, "zz")
                                : SignEs256(kSecretB, "b1"));
  }
  tokens.push_back(SignEs256(kSecretB, "zz"));  // the stand-in rejects it
  const std::vector<std::string_view> views(tokens.begin(), tokens.end());
  std::vector<Result> out(views.size());
  ThreadPool pool(2);
  const int before = server_.JwksFetches();
  v.ValidateBatch(views, out, &pool);
  EXPECT_EQ(server_.JwksFetches(), before + 1);
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    EXPECT_TRUE(out[i].ok()) << i << " " << out[i].code_name();
  }
  EXPECT_EQ(out.back().code(), ErrorCode::kBadSignature);
}

TEST_F(JwksCacheTest, EcKeyMintedByTheServer) {
  auto cache = UrlCache();
  ASSERT_NE(cache, nullptr);
  std::string reply = server_.Control(
      R"({"add_ec_key": {"kid": "ec1", "claims": {"sub": "ec", "exp": )" +
      std::to_string(std::time(nullptr) + 3600) + "}}}");
  size_t start = reply.find("\"token\": \"");
  ASSERT_NE(start, std::string::npos) << reply;
  start += 10;
  std::string token = reply.substr(start, reply.find('"', start) - start);
  Validator v(cache, {});
  Result r = v.Validate(token);  // unknown kid -> refresh -> valid
  ASSERT_TRUE(r.ok()) << r.code_name();
  EXPECT_EQ(r->alg(), Algorithm::kES256);
  EXPECT_TRUE(v.Validate(SignEs256(kSecretA, "a1")).ok());
}

// A flood of unknown kids at one instant asks for one refresh; the next one
// is granted when the cooldown has passed, to the millisecond.
TEST_F(JwksCacheTest, KidMissFloodIsRateLimited) {
  FakeClock clock;
  JwksCacheOptions o = TestOptions();
  o.clock = clock.Fn();
  o.unknown_kid_cooldown = milliseconds(500);
  auto cache = UrlCache(o);
  ASSERT_NE(cache, nullptr);
  Validator v(cache, {});
  server_.Control(R"({"reset_stats": true})");
  std::mt19937_64 rng(42);
  auto flood = [&](int n) {
    for (int i = 0; i < n; ++i) {
      std::string kid = "rnd" + std::to_string(rng());
      ASSERT_EQ(v.Validate(SignEs256(kSecretB, kid)).code(),
                ErrorCode::kKeyNotFound);
    }
  };
  flood(10000);
  EXPECT_EQ(server_.JwksFetches(), 1);
  clock.Advance(milliseconds(499));
  flood(100);
  EXPECT_EQ(server_.JwksFetches(), 1);
  clock.Advance(milliseconds(1));
  flood(100);
  EXPECT_EQ(server_.JwksFetches(), 2);
  EXPECT_EQ(cache->health().fetch_count, 3u);  // with the factory's
  // Valid tokens are unaffected.
  EXPECT_TRUE(v.Validate(SignEs256(kSecretA, "a1")).ok());
}

TEST_F(JwksCacheTest, ConcurrentMissesShareOneFetch) {
  FakeClock clock;
  JwksCacheOptions o = TestOptions();
  o.clock = clock.Fn();
  o.unknown_kid_cooldown = seconds(30);
  // Generous bounds: sanitizer builds on a loaded machine are slow, and this
  // test is about sharing one fetch, not about timeouts.
  o.http.connect_timeout = seconds(5);
  o.http.total_timeout = seconds(5);
  o.unknown_kid_max_wait = seconds(10);
  auto cache = UrlCache(o);
  ASSERT_NE(cache, nullptr);
  Validator v(cache, {});
  server_.Control(R"({"keys": )" + SetB() + "}");
  const int before = server_.JwksFetches();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  const std::string token = SignEs256(kSecretB, "b1");
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      Result r = v.Validate(token);
      if (r.ok()) {
        ok.fetch_add(1);
      } else {
        ADD_FAILURE() << r.code_name();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ(server_.JwksFetches(), before + 1);
  // Within the cooldown another unknown kid is answered without a fetch.
  clock.Advance(seconds(30) - milliseconds(1));
  EXPECT_EQ(v.Validate(SignEs256(kSecretB, "zz")).code(),
            ErrorCode::kKeyNotFound);
  EXPECT_EQ(server_.JwksFetches(), before + 1);
  // Past it, the same miss asks for one.
  clock.Advance(milliseconds(1));
  EXPECT_EQ(v.Validate(SignEs256(kSecretB, "zz")).code(),
            ErrorCode::kKeyNotFound);
  EXPECT_EQ(server_.JwksFetches(), before + 2);
}

// Every failure keeps the last good keys and is reported by health().
struct Fault {
  const char* name;
  const char* control;
  absl::StatusCode code;
};

void PrintTo(const Fault& f, std::ostream* os) { *os << f.name; }

class JwksFaultTest : public JwksCacheTest,
                      public ::testing::WithParamInterface<Fault> {};

TEST_P(JwksFaultTest, KeepsLastGoodKeys) {
  auto cache = UrlCache();
  ASSERT_NE(cache, nullptr);
  Validator v(cache, {});
  const std::string token = SignEs256(kSecretA, "a1");
  ASSERT_TRUE(v.Validate(token).ok());
  const uint64_t version = cache->health().snapshot_version;
  server_.Control(GetParam().control);
  absl::Status s = cache->Refresh();
  EXPECT_EQ(s.code(), GetParam().code) << s;
  EXPECT_TRUE(v.Validate(token).ok());
  JwksHealth h = cache->health();
  EXPECT_EQ(h.consecutive_failures, 1);
  EXPECT_EQ(h.last_error.code(), GetParam().code) << h.last_error;
  EXPECT_EQ(h.snapshot_version, version);
  EXPECT_EQ(h.key_count, 1u);
  EXPECT_EQ(h.fetch_count, 2u);
  // A second failure; then recovery.
  EXPECT_FALSE(cache->Refresh().ok());
  EXPECT_EQ(cache->health().consecutive_failures, 2);
  server_.Control(R"({"mode": "ok", "keys": )" + SetB() + "}");
  EXPECT_TRUE(cache->Refresh().ok());
  EXPECT_EQ(cache->health().consecutive_failures, 0);
  EXPECT_TRUE(cache->health().last_error.ok());
  EXPECT_TRUE(v.Validate(SignEs256(kSecretB, "b1")).ok());
}

INSTANTIATE_TEST_SUITE_P(
    Faults, JwksFaultTest,
    ::testing::Values(Fault{"http500", R"({"mode": "status", "status": 500})",
                            absl::StatusCode::kUnavailable},
                      Fault{"http404", R"({"mode": "status", "status": 404})",
                            absl::StatusCode::kUnavailable},
                      Fault{"hang", R"({"mode": "hang"})",
                            absl::StatusCode::kDeadlineExceeded},
                      Fault{"slow_drip", R"({"mode": "drip"})",
                            absl::StatusCode::kDeadlineExceeded},
                      Fault{"truncated", R"({"mode": "truncate"})",
                            absl::StatusCode::kDataLoss},
                      Fault{"body_5mib", R"({"mode": "big"})",
                            absl::StatusCode::kResourceExhausted},
                      Fault{"body_5mib_streamed", R"({"mode": "big_stream"})",
                            absl::StatusCode::kResourceExhausted},
                      Fault{"malformed_json", R"({"mode": "malformed"})",
                            absl::StatusCode::kInvalidArgument},
                      Fault{"no_usable_key", R"({"mode": "empty"})",
                            absl::StatusCode::kInvalidArgument},
                      Fault{"redirect_other_host",
                            R"({"mode": "redirect_other"})",
                            absl::StatusCode::kPermissionDenied}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(JwksCacheTest, ConnectionRefusedKeepsKeys) {
  auto cache = UrlCache();
  ASSERT_NE(cache, nullptr);
  Validator v(cache, {});
  server_.Stop();
  absl::Status s = cache->Refresh();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_TRUE(v.Validate(SignEs256(kSecretA, "a1")).ok());
  EXPECT_NE(cache->health().last_error.message().find("connect"),
            std::string::npos)
      << cache->health().last_error;
}

TEST_F(JwksCacheTest, FirstFetchFailureFailsTheFactory) {
  server_.Control(R"({"mode": "status", "status": 503})");
  auto cache = JwksCache::FromUrl(server_.base() + "/jwks", TestOptions());
  EXPECT_FALSE(cache.ok());
  JwksCacheOptions o = TestOptions();
  o.require_initial_keys = false;
  auto lenient = JwksCache::FromUrl(server_.base() + "/jwks", o);
  ASSERT_TRUE(lenient.ok());
  EXPECT_EQ((*lenient)->keys().size(), 0u);
  EXPECT_EQ((*lenient)->health().consecutive_failures, 1);
}

TEST_F(JwksCacheTest, SameHostRedirectIsFollowed) {
  auto cache = UrlCache(TestOptions(), "/redirect");
  ASSERT_NE(cache, nullptr);
  EXPECT_EQ(cache->keys().size(), 1u);
  auto other =
      JwksCache::FromUrl(server_.base() + "/redirect-other", TestOptions());
  EXPECT_EQ(other.status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(JwksCacheTest, PlainHttpNeedsOptIn) {
  JwksCacheOptions o = TestOptions();
  o.http.allow_http = false;
  auto cache = JwksCache::FromUrl(server_.base() + "/jwks", o);
  EXPECT_EQ(cache.status().code(), absl::StatusCode::kInvalidArgument);
  // https to a plain-HTTP server: the TLS handshake fails.
  auto tls = JwksCache::FromUrl(
      "https://127.0.0.1:" + std::to_string(server_.port()) + "/jwks", o);
  EXPECT_FALSE(tls.ok());
}

}  // namespace
}  // namespace jwtv
