// Copyright 2026 The jwtv Authors.
//
// JwksCache against a real HTTP server (tests/jwks_server.py on loopback):
// rotation, the unknown-kid rate limit, every failure mode of a refresh,
// ETag/304 and Cache-Control, redirects, OpenID Connect discovery, file and
// document sources.

#include "jwtv/jwks_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "jwks_cache/http_util.h"
#include "jwks_test_util.h"
#include "jwtv/batch.h"
#include "jwtv/validator.h"

namespace jwtv {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::EcJwk;
using testing::JwksServer;
using testing::OctJwk;
using testing::SignEs256;
using testing::SignHs256;

// Keys A and B: the seeds of P-256 keys served from URLs (which never
// provide oct keys), and the HMAC secrets of oct keys in files and
// documents.
constexpr char kSecretA[] = "secret-A-0123456789abcdef0123456789";
constexpr char kSecretB[] = "secret-B-0123456789abcdef0123456789";

std::string SetA() { return "[" + EcJwk("a1", kSecretA) + "]"; }
std::string SetB() { return "[" + EcJwk("b1", kSecretB) + "]"; }
std::string OctSetA() { return "[" + OctJwk("a1", kSecretA) + "]"; }
std::string OctSetB() { return "[" + OctJwk("b1", kSecretB) + "]"; }

JwksCacheOptions TestOptions() {
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

TEST_F(JwksCacheTest, KidMissFloodIsRateLimited) {
  JwksCacheOptions o = TestOptions();
  o.unknown_kid_cooldown = milliseconds(500);
  auto cache = UrlCache(o);
  ASSERT_NE(cache, nullptr);
  Validator v(cache, {});
  server_.Control(R"({"reset_stats": true})");
  std::mt19937_64 rng(42);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 10000; ++i) {
    std::string kid = "rnd" + std::to_string(rng());
    ASSERT_EQ(v.Validate(SignEs256(kSecretB, kid)).code(),
              ErrorCode::kKeyNotFound);
  }
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  const int fetches = server_.JwksFetches();
  EXPECT_GE(fetches, 1);
  EXPECT_LE(fetches, 1 + static_cast<int>(elapsed / 0.5))
      << "elapsed " << elapsed << " s";
  // Valid tokens are unaffected.
  EXPECT_TRUE(v.Validate(SignEs256(kSecretA, "a1")).ok());
}

TEST_F(JwksCacheTest, ConcurrentMissesShareOneFetch) {
  JwksCacheOptions o = TestOptions();
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
  // Within the cooldown another unknown kid is answered at once.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(v.Validate(SignEs256(kSecretB, "zz")).code(),
            ErrorCode::kKeyNotFound);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(500));
  EXPECT_EQ(server_.JwksFetches(), before + 1);
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

// A settable wall clock.
struct FakeClock {
  std::atomic<int64_t> ms{1'800'000'000'000};
  std::function<std::chrono::system_clock::time_point()> Fn() {
    return [this] {
      return std::chrono::system_clock::time_point(milliseconds(ms.load()));
    };
  }
  void Advance(std::chrono::milliseconds d) { ms += d.count(); }
};

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
  clock.Advance(seconds(75));  // before 0.9 * TTL - 5 %: not yet
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_EQ(cache->health().snapshot_version, version);
  clock.Advance(seconds(24));  // past 0.9 * TTL + 5 %, before expiry
  for (int i = 0; i < 200 && cache->health().snapshot_version == version; ++i) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_EQ(cache->health().snapshot_version, version + 1);
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

TEST_F(JwksCacheTest, OidcDiscovery) {
  auto cache = JwksCache::FromOidcIssuer(server_.base(), TestOptions());
  ASSERT_TRUE(cache.ok()) << cache.status();
  Validator v(*cache, {});
  EXPECT_TRUE(v.Validate(SignEs256(kSecretA, "a1")).ok());
  server_.Control(R"({"keys": )" + SetB() + "}");
  EXPECT_TRUE(v.Validate(SignEs256(kSecretB, "b1")).ok());
  EXPECT_EQ((*cache)->description(), "oidc " + server_.base());

  server_.Control(R"({"issuer": "https://evil.example"})");
  auto evil = JwksCache::FromOidcIssuer(server_.base(), TestOptions());
  EXPECT_EQ(evil.status().code(), absl::StatusCode::kPermissionDenied);
}

// A JWKS served from a URL is public: an oct key in it would let anyone who
// reads it sign tokens. Such keys are skipped, counted in health() and
// listed; an HS256 token signed with one gets the answer of a token whose
// key is absent. The same document given as a document keeps the key.
TEST_F(JwksCacheTest, OctKeysFromAUrlAreIgnored) {
  const std::string secret(64, 'h');  // long enough for every HS alg
  const testing::RsaTestKey rsa;
  const std::string doc =
      R"({"keys": [)" + rsa.Jwk("rsa1") + "," + OctJwk("h1", secret) + "]}";
  server_.Control(doc);
  const std::string forged = SignHs256(secret, "h1", "attacker");
  // The same forgery without a kid.
  const std::string forged_no_kid = SignHs256(secret, "", "attacker");

  auto check = [&](const std::shared_ptr<JwksCache>& cache) {
    ASSERT_NE(cache, nullptr);
    Validator v(cache, {});
    EXPECT_EQ(v.Validate(forged).code(), ErrorCode::kKeyNotFound);
    // As for a set without the oct key: no key may verify HS256.
    EXPECT_EQ(v.Validate(forged_no_kid).code(), ErrorCode::kAlgNotAllowed);
    Result r = v.Validate(rsa.SignRs256("rsa1"));
    EXPECT_TRUE(r.ok()) << r.code_name();
    JwksHealth h = cache->health();
    EXPECT_EQ(h.key_count, 1u);
    EXPECT_EQ(h.ignored_symmetric_keys, 1u);
    KeySet keys = cache->keys();
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys.keys()[0].kty, "RSA");
    ASSERT_EQ(keys.ignored_symmetric_keys().size(), 1u);
    EXPECT_EQ(keys.ignored_symmetric_keys()[0].kid, "h1");
    EXPECT_EQ(keys.ignored_symmetric_keys()[0].kty, "oct");
    EXPECT_TRUE(keys.ignored_symmetric_keys()[0].algorithms.empty());
    EXPECT_EQ(keys.ignored_symmetric_keys()[0].bits, 512);
    ASSERT_EQ(keys.skipped().size(), 1u);
    EXPECT_NE(keys.skipped()[0].find("keys[1] (kid \"h1\")"), std::string::npos)
        << keys.skipped()[0];
  };
  check(UrlCache());
  auto oidc = JwksCache::FromOidcIssuer(server_.base(), TestOptions());
  ASSERT_TRUE(oidc.ok()) << oidc.status();
  check(*oidc);

  // A document (private by where it comes from) keeps the oct key.
  auto document = JwksCache::FromDocument(doc);
  ASSERT_TRUE(document.ok()) << document.status();
  EXPECT_EQ((*document)->health().key_count, 2u);
  EXPECT_EQ((*document)->health().ignored_symmetric_keys, 0u);
  EXPECT_TRUE(Validator(*document, {}).Validate(forged).ok());

  // A URL whose keys are all oct has no usable key.
  server_.Control(R"({"keys": [)" + OctJwk("h1", secret) + "]}");
  auto only_oct = JwksCache::FromUrl(server_.base() + "/jwks", TestOptions());
  ASSERT_FALSE(only_oct.ok());
  EXPECT_NE(std::string(only_oct.status().message()).find("1 oct key"),
            std::string::npos)
      << only_oct.status();
}

// HTTPS against jwks_server.py --tls, with certificates made for the suite
// by jwks_server.py --make-certs: a throwaway CA, a certificate for
// localhost and 127.0.0.1, one for another host name and an expired one.
class JwksCacheTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char dir[] = "/tmp/jwks_cache_tls_test_XXXXXX";
    if (::mkdtemp(dir) == nullptr) return;
    if (testing::MakeTestCertificates(dir)) *cert_dir_ = dir;
  }
  static void TearDownTestSuite() {
    if (cert_dir_->empty()) return;
    testing::RemoveTestCertificates(*cert_dir_);
    cert_dir_->clear();
  }

  static std::string CertFile(std::string_view name) {
    return *cert_dir_ + "/" + std::string(name);
  }

  // Serves the JWKS over TLS with the certificate `name` (and SetA()).
  void StartServer(std::string_view name) {
    ASSERT_FALSE(cert_dir_->empty()) << "jwks_server.py --make-certs failed";
    server_ =
        std::make_unique<JwksServer>(CertFile(std::string(name) + ".pem"),
                                     CertFile(std::string(name) + ".key"));
    ASSERT_GT(server_->port(), 0) << "jwks_server.py did not start";
    ASSERT_GT(server_->tls_port(), 0) << "jwks_server.py --tls did not start";
    server_->Control(R"({"keys": )" + SetA() + "}");
  }

  std::string HttpsUrl(std::string_view host = "localhost",
                       std::string_view path = "/jwks") const {
    return "https://" + std::string(host) + ":" +
           std::to_string(server_->tls_port()) + std::string(path);
  }

  // https only, trusting the test CA; generous timeouts for a loaded machine.
  static JwksCacheOptions TlsOptions() {
    JwksCacheOptions o = TestOptions();
    o.http.allow_http = false;
    o.http.connect_timeout = milliseconds(5000);
    o.http.total_timeout = milliseconds(5000);
    o.unknown_kid_max_wait = milliseconds(5000);
    o.http.ca_file = CertFile("ca.pem");
    return o;
  }

  // The factory fails, and a lenient cache reports the same failure in
  // health(); returns that error.
  absl::Status ExpectLoadFails(const std::string& url, JwksCacheOptions o) {
    auto strict = JwksCache::FromUrl(url, o);
    EXPECT_FALSE(strict.ok());
    o.require_initial_keys = false;
    auto lenient = JwksCache::FromUrl(url, o);
    EXPECT_TRUE(lenient.ok()) << lenient.status();
    if (!lenient.ok()) return lenient.status();
    EXPECT_EQ((*lenient)->keys().size(), 0u);
    JwksHealth h = (*lenient)->health();
    EXPECT_EQ(h.consecutive_failures, 1);
    EXPECT_FALSE(h.last_success.has_value());
    EXPECT_FALSE(h.last_error.ok());
    EXPECT_EQ(h.last_error.code(), strict.status().code());
    Validator v(*lenient, {});
    EXPECT_EQ(v.Validate(SignEs256(kSecretA, "a1")).code(),
              ErrorCode::kKeyNotFound);
    return h.last_error;
  }

  static bool Contains(const absl::Status& s, std::string_view text) {
    return std::string(s.message()).find(text) != std::string::npos;
  }

  static std::string* cert_dir_;
  std::unique_ptr<JwksServer> server_;
};

std::string* JwksCacheTlsTest::cert_dir_ = new std::string;

TEST_F(JwksCacheTlsTest, TrustedCertificateFetchesAndValidates) {
  StartServer("localhost");
  auto cache = JwksCache::FromUrl(HttpsUrl(), TlsOptions());
  ASSERT_TRUE(cache.ok()) << cache.status();
  Validator v(*cache, {});
  Result r = v.Validate(SignEs256(kSecretA, "a1"));
  EXPECT_TRUE(r.ok()) << r.code_name();
  JwksHealth h = (*cache)->health();
  EXPECT_TRUE(h.last_error.ok()) << h.last_error;
  EXPECT_EQ(h.key_count, 1u);
  // A rotation is picked up over TLS too.
  server_->Control(R"({"keys": )" + SetB() + "}");
  r = v.Validate(SignEs256(kSecretB, "b1"));
  EXPECT_TRUE(r.ok()) << r.code_name();
  EXPECT_EQ(server_->JwksFetches(), 2);
  // The host name went out as SNI.
  EXPECT_NE(server_->Request("GET", "/stats").find(R"("sni": "localhost")"),
            std::string::npos)
      << server_->Request("GET", "/stats");
}

TEST_F(JwksCacheTlsTest, IpAddressAndOidcDiscoveryOverHttps) {
  StartServer("localhost");
  // The discovery document names https://localhost:<port> as the issuer.
  const std::string issuer = HttpsUrl("localhost", "");
  auto oidc = JwksCache::FromOidcIssuer(issuer, TlsOptions());
  ASSERT_TRUE(oidc.ok()) << oidc.status();
  Validator v(*oidc, {});
  EXPECT_TRUE(v.Validate(SignEs256(kSecretA, "a1")).ok());
  // Then an address literal: no SNI, checked against the IP SAN.
  auto by_ip = JwksCache::FromUrl(HttpsUrl("127.0.0.1"), TlsOptions());
  ASSERT_TRUE(by_ip.ok()) << by_ip.status();
  EXPECT_EQ((*by_ip)->keys().size(), 1u);
  EXPECT_NE(server_->Request("GET", "/stats").find(R"("sni": null)"),
            std::string::npos)
      << server_->Request("GET", "/stats");
}

TEST_F(JwksCacheTlsTest, UnknownCaIsRefusedWithTheSystemTrustStore) {
  StartServer("localhost");
  JwksCacheOptions o = TlsOptions();
  o.http.ca_file.clear();  // the system trust store
  absl::Status s = ExpectLoadFails(HttpsUrl(), o);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_TRUE(Contains(s, "certificate verification failed")) << s;
  EXPECT_TRUE(Contains(s, "issuer")) << s;
}

TEST_F(JwksCacheTlsTest, CertificateForAnotherHostIsRefused) {
  StartServer("other_host");
  absl::Status s = ExpectLoadFails(HttpsUrl(), TlsOptions());
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_TRUE(Contains(s, "certificate verification failed")) << s;
  EXPECT_TRUE(Contains(s, "name in the certificate does not match")) << s;
  // Same for an address literal.
  absl::Status by_ip = ExpectLoadFails(HttpsUrl("127.0.0.1"), TlsOptions());
  EXPECT_TRUE(Contains(by_ip, "does not match")) << by_ip;
}

TEST_F(JwksCacheTlsTest, ExpiredCertificateIsRefused) {
  StartServer("expired");
  absl::Status s = ExpectLoadFails(HttpsUrl(), TlsOptions());
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_TRUE(Contains(s, "certificate verification failed")) << s;
  EXPECT_TRUE(Contains(s, "expired")) << s;
}

TEST(JwksCacheFileTest, ReloadsWhenTheFileChanges) {
  char path[] = "/tmp/jwks_cache_test_XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  auto write = [&](const std::string& keys) {
    std::ofstream(path, std::ios::trunc) << "{\"keys\": " << keys << "}";
  };
  write(OctSetA());
  JwksCacheOptions o = TestOptions();
  auto cache = JwksCache::FromFile(path, o);
  ASSERT_TRUE(cache.ok()) << cache.status();
  Validator v(*cache, {});
  EXPECT_TRUE(v.Validate(SignHs256(kSecretA, "a1")).ok());
  const uint64_t version = (*cache)->health().snapshot_version;
  EXPECT_TRUE((*cache)->Refresh().ok());  // unchanged: no new snapshot
  EXPECT_EQ((*cache)->health().snapshot_version, version);
  write("[" + OctJwk("b1", kSecretB) + "," + OctJwk("b2", kSecretB) + "]");
  EXPECT_TRUE(v.Validate(SignHs256(kSecretB, "b1")).ok());  // via the miss
  write("not json");
  EXPECT_FALSE((*cache)->Refresh().ok());
  EXPECT_TRUE(v.Validate(SignHs256(kSecretB, "b2")).ok());
  ::unlink(path);
  EXPECT_FALSE((*cache)->Refresh().ok());
  EXPECT_TRUE(v.Validate(SignHs256(kSecretB, "b2")).ok());
}

TEST(JwksCacheDocumentTest, SetDocument) {
  auto cache = JwksCache::FromDocument("{\"keys\": " + OctSetA() + "}");
  ASSERT_TRUE(cache.ok()) << cache.status();
  Validator v(*cache, {});
  EXPECT_TRUE(v.Validate(SignHs256(kSecretA, "a1")).ok());
  EXPECT_TRUE((*cache)->SetDocument("{\"keys\": " + OctSetB() + "}").ok());
  EXPECT_TRUE(v.Validate(SignHs256(kSecretB, "b1")).ok());
  EXPECT_EQ(v.Validate(SignHs256(kSecretA, "a1")).code(),
            ErrorCode::kKeyNotFound);
  EXPECT_FALSE((*cache)->SetDocument("{\"keys\": []}").ok());
  EXPECT_FALSE((*cache)->SetDocument("{").ok());
  EXPECT_TRUE(v.Validate(SignHs256(kSecretB, "b1")).ok());
  EXPECT_EQ((*cache)->health().consecutive_failures, 2);
  EXPECT_FALSE(JwksCache::FromDocument("{\"keys\": []}").ok());
}

// RFC 7518 section 3.2 in a file source: an oct key too short for its alg
// is skipped and reported; allow_short_hmac_secrets loads it (legacy).
TEST(JwksCacheFileTest, ShortOctKeyIsSkippedUnlessAllowed) {
  char path[] = "/tmp/jwks_cache_test_XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  const std::string short_secret(31, 's');
  std::ofstream(path, std::ios::trunc)
      << "{\"keys\": [" << OctJwk("a1", kSecretA) << ","
      << OctJwk("short", short_secret) << "]}";
  auto cache = JwksCache::FromFile(path, TestOptions());
  ASSERT_TRUE(cache.ok()) << cache.status();
  EXPECT_EQ((*cache)->health().key_count, 1u);
  EXPECT_EQ((*cache)->health().ignored_symmetric_keys, 0u);
  ASSERT_EQ((*cache)->keys().skipped().size(), 1u);
  EXPECT_NE((*cache)->keys().skipped()[0].find("31 bytes"), std::string::npos)
      << (*cache)->keys().skipped()[0];
  Validator v(*cache, {});
  EXPECT_TRUE(v.Validate(SignHs256(kSecretA, "a1")).ok());
  EXPECT_EQ(v.Validate(SignHs256(short_secret, "short")).code(),
            ErrorCode::kKeyNotFound);

  JwksCacheOptions o = TestOptions();
  o.allow_short_hmac_secrets = true;
  auto legacy = JwksCache::FromFile(path, o);
  ASSERT_TRUE(legacy.ok()) << legacy.status();
  EXPECT_EQ((*legacy)->health().key_count, 2u);
  EXPECT_TRUE(
      Validator(*legacy, {}).Validate(SignHs256(short_secret, "short")).ok());
  ::unlink(path);
}

TEST(HttpUtilTest, UrlsAndCacheControl) {
  auto u = internal::ParseUrl("https://Example.COM:8443/a/b?c=d#frag");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "example.com");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->target, "/a/b?c=d");
  EXPECT_FALSE(internal::ParseUrl("https://user@x/").ok());
  EXPECT_FALSE(internal::ParseUrl("ftp://x/").ok());
  EXPECT_FALSE(internal::ParseUrl("https://x:99999/").ok());
  auto rel = internal::ResolveLocation(*u, "/other");
  ASSERT_TRUE(rel.ok());
  EXPECT_TRUE(rel->SameOrigin(*u));
  auto abs = internal::ResolveLocation(*u, "https://evil.com:8443/");
  ASSERT_TRUE(abs.ok());
  EXPECT_FALSE(abs->SameOrigin(*u));
  EXPECT_EQ(internal::ParseMaxAge("public, max-age=300"), seconds(300));
  EXPECT_EQ(internal::ParseMaxAge("no-store"), seconds(0));
  EXPECT_EQ(internal::ParseMaxAge("public"), std::nullopt);
  EXPECT_EQ(internal::ParseMaxAge("max-age=abc"), std::nullopt);
}

}  // namespace
}  // namespace jwtv
