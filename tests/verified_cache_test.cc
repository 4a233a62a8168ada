// Copyright 2026 The jwtv Authors.
//
// VerifiedTokenCache: hit, miss, eviction (entries and bytes), expiry while
// cached, key rotated out while cached, options (policy, algorithms, keys
// tried without kid) that differ between validators, a JWKS cache's refresh
// for an unknown kid, and concurrent use (run under TSan in a
// -DJWTV_SANITIZE=thread build).

#include "jwtv/verified_cache.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "batch_test_util.h"
#include "gtest/gtest.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/validator.h"

namespace jwtv {
namespace {

using testing::kNow;
using testing::TestKeys;

using testing::Keys;

struct Clock {
  std::atomic<int64_t> now{kNow};
};

ValidatorOptions Options(Clock* clock) {
  return testing::Options(
      [clock] { return FromUnixSeconds(clock->now.load()); });
}

TEST(VerifiedCacheTest, MissThenHitGivesTheSameToken) {
  Clock clock;
  Validator v(Keys().MakeKeySet(), Options(&clock));
  VerifiedTokenCache cache;
  for (Algorithm alg : {Algorithm::kHS256, Algorithm::kES256, Algorithm::kEdDSA,
                        Algorithm::kPS384}) {
    const std::string t = Keys().Typical(alg, TestKeys::DefaultKid(alg),
                                         kNow + 60, "\"x\":\"a\\u0042c\"");
    Result want = v.Validate(t);
    ASSERT_TRUE(want.ok());
    const VerifiedTokenCacheStats before = cache.stats();
    Result first = cache.Validate(v, t);
    ASSERT_TRUE(first.ok());
    Result second = cache.Validate(v, t);
    ASSERT_TRUE(second.ok());
    const VerifiedTokenCacheStats after = cache.stats();
    EXPECT_EQ(after.insertions, before.insertions + 1);
    EXPECT_EQ(after.hits, before.hits + 1);
    for (const Result* r : {&first, &second}) {
      EXPECT_EQ((*r)->payload_json(), want->payload_json());
      EXPECT_EQ((*r)->kid(), want->kid());
      EXPECT_EQ((*r)->typ(), want->typ());
      EXPECT_EQ((*r)->alg(), alg);
      EXPECT_EQ((*r)->subject(), "user-1");
      EXPECT_EQ((*r)->GetString("x"), "aBc");
      ASSERT_EQ((*r)->audiences().size(), 1u);
      EXPECT_EQ((*r)->audiences()[0], "api");
    }
    // The hit's views point into its own storage, not the cache's.
    EXPECT_NE(second->payload_json().data(), first->payload_json().data());
  }
}

// A hit into a token that was moved from, and the moved-to token, both keep
// their own content.
TEST(VerifiedCacheTest, HitIntoAMovedFromToken) {
  Clock clock;
  Validator v(Keys().MakeKeySet(), Options(&clock));
  VerifiedTokenCache cache;
  const std::string t = Keys().Typical(Algorithm::kES256, "p256", kNow + 60,
                                       "\"x\":\"a\\u0042c\"");
  const std::string u =
      Keys().Typical(Algorithm::kHS256, "", kNow + 60, "\"y\":[1,2]");
  VerifiedToken out;
  ASSERT_EQ(cache.Validate(v, t, &out), ErrorCode::kOk);
  ASSERT_EQ(cache.Validate(v, t, &out), ErrorCode::kOk);
  VerifiedToken moved = std::move(out);
  ASSERT_EQ(cache.Validate(v, u, &out), ErrorCode::kOk);
  ASSERT_EQ(cache.Validate(v, u, &out), ErrorCode::kOk);
  EXPECT_EQ(moved.GetString("x"), "aBc");
  EXPECT_EQ(moved.kid(), "p256");
  EXPECT_EQ(moved.subject(), "user-1");
  ASSERT_EQ(moved.audiences().size(), 1u);
  EXPECT_EQ(moved.audiences()[0], "api");
  EXPECT_EQ(out.GetRawJson("y"), "[1,2]");
  EXPECT_FALSE(out.HasClaim("x"));
  EXPECT_EQ(out.kid(), std::nullopt);
  EXPECT_EQ(out.payload_json(), v.Validate(u)->payload_json());
  EXPECT_EQ(moved.payload_json(), v.Validate(t)->payload_json());
}

TEST(VerifiedCacheTest, InvalidTokensAreNeverCached) {
  Clock clock;
  Validator v(Keys().MakeKeySet(), Options(&clock));
  VerifiedTokenCache cache;
  std::string t = Keys().Typical(Algorithm::kHS256, "", kNow + 60);
  std::string bad = t;
  bad.back() = bad.back() == 'A' ? 'Q' : 'A';
  const std::string expired = Keys().Typical(Algorithm::kHS256, "", kNow - 5);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(cache.Validate(v, bad).code(), v.Validate(bad).code());
    EXPECT_EQ(cache.Validate(v, expired).code(), ErrorCode::kExpired);
    EXPECT_EQ(cache.Validate(v, "x.y.z").code(), v.Validate("x.y.z").code());
  }
  EXPECT_EQ(cache.stats().insertions, 0u);
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST(VerifiedCacheTest, SameBytesOnlyNotSameSignature) {
  Clock clock;
  Validator v(Keys().MakeKeySet(), Options(&clock));
  VerifiedTokenCache cache;
  const std::string t = Keys().Typical(Algorithm::kHS256, "", kNow + 60);
  ASSERT_TRUE(cache.Validate(v, t).ok());
  // Same signature (the hash's input), other payload: must not hit.
  const size_t d1 = t.find('.'), d2 = t.rfind('.');
  const std::string forged =
      t.substr(0, d1 + 1) +
      testing::B64("{\"exp\":" + std::to_string(kNow + 60) +
                   ",\"iss\":\"https://issuer.example\",\"aud\":\"api\"}") +
      t.substr(d2);
  EXPECT_EQ(cache.Validate(v, forged).code(), ErrorCode::kBadSignature);
}

TEST(VerifiedCacheTest, ExpiresWhileCached) {
  Clock clock;
  Validator v(Keys().MakeKeySet(), Options(&clock));
  VerifiedTokenCache cache;
  const std::string t = Keys().Typical(Algorithm::kES256, "p256", kNow + 30);
  ASSERT_TRUE(cache.Validate(v, t).ok());
  clock.now = kNow + 29;
  EXPECT_TRUE(cache.Validate(v, t).ok());
  EXPECT_EQ(cache.stats().hits, 1u);
  clock.now = kNow + 30;
  EXPECT_EQ(cache.Validate(v, t).code(), ErrorCode::kExpired);
  EXPECT_EQ(cache.stats().entries, 0u);  // dropped
  EXPECT_EQ(cache.stats().hits, 1u);     // found, but no longer usable
  EXPECT_EQ(cache.stats().misses, 2u);
  EXPECT_EQ(cache.Validate(v, t).code(), ErrorCode::kExpired);
}

TEST(VerifiedCacheTest, PolicyOfTheAskingValidatorApplies) {
  Clock clock;
  KeySet keys = Keys().MakeKeySet();
  Validator lenient(keys, Options(&clock));
  ValidatorOptions strict_options = Options(&clock);
  strict_options.subject = "someone-else";
  Validator strict(keys, strict_options);
  ValidatorOptions no_es = Options(&clock);
  no_es.algorithms = AlgorithmSet::Hmac();
  Validator hmac_only(keys, no_es);
  VerifiedTokenCache cache;
  const std::string t = Keys().Typical(Algorithm::kES256, "p256", kNow + 60);
  ASSERT_TRUE(cache.Validate(lenient, t).ok());
  EXPECT_EQ(cache.Validate(strict, t).code(), ErrorCode::kBadSubject);
  EXPECT_EQ(cache.Validate(hmac_only, t).code(), ErrorCode::kAlgNotAllowed);
  EXPECT_TRUE(cache.Validate(lenient, t).ok());
}

// The verifying key must be among the keys the asking validator would try:
// a token without kid signed by the second kid-less secret is out of reach
// of a validator that tries only one key without kid.
TEST(VerifiedCacheTest, KeyLimitOfTheAskingValidatorApplies) {
  Clock clock;
  KeySet keys = Keys().MakeKeySet();
  Validator wide(keys, Options(&clock));
  ValidatorOptions one_key = Options(&clock);
  one_key.max_keys_without_kid = 1;
  Validator narrow(keys, one_key);
  VerifiedTokenCache cache;
  const std::string t =
      Keys().Typical(Algorithm::kHS256, "", kNow + 60, "", /*which=*/1);
  ASSERT_TRUE(cache.Validate(wide, t).ok());
  const ErrorCode want = narrow.Validate(t).code();
  ASSERT_NE(want, ErrorCode::kOk);
  EXPECT_EQ(cache.Validate(narrow, t).code(), want);
  // Found, but not usable by `narrow`: a miss.
  EXPECT_EQ(cache.stats().hits, 0u);
  EXPECT_EQ(cache.stats().misses, 2u);
  EXPECT_TRUE(cache.Validate(wide, t).ok());
  EXPECT_EQ(cache.stats().insertions, 1u);
  EXPECT_EQ(cache.stats().hits, 1u);
}

TEST(VerifiedCacheTest, KeyRotatedOutMisses) {
  Clock clock;
  Validator before(Keys().MakeKeySet(/*include_rsa=*/true), Options(&clock));
  VerifiedTokenCache cache;
  const std::string rs = Keys().Typical(Algorithm::kRS256, "rsa", kNow + 60);
  const std::string hs = Keys().Typical(Algorithm::kHS256, "", kNow + 60);
  ASSERT_TRUE(cache.Validate(before, rs).ok());
  ASSERT_TRUE(cache.Validate(before, hs).ok());
  ASSERT_TRUE(cache.Validate(before, rs).ok());
  EXPECT_EQ(cache.stats().hits, 1u);
  // New key snapshot without the RSA key: the RSA token must not be served.
  Validator after(Keys().MakeKeySet(/*include_rsa=*/false), Options(&clock));
  const ErrorCode rotated = cache.Validate(after, rs).code();
  EXPECT_NE(rotated, ErrorCode::kOk);
  EXPECT_EQ(rotated, after.Validate(rs).code());
  // A key that is still present, but in a new snapshot: validated in full
  // (and cached again for that snapshot).
  EXPECT_TRUE(cache.Validate(after, hs).ok());
  EXPECT_TRUE(cache.Validate(after, hs).ok());
  EXPECT_EQ(cache.stats().hits, 2u);
}

// A token whose kid is only in the keys a refresh brings is stored under
// the refreshed snapshot, so that the next lookup, which reads that
// snapshot, is a hit; and the replaced keys' token is no longer served.
TEST(VerifiedCacheTest, JwksRefreshForUnknownKidIsCachedUnderTheNewKeys) {
  char path[] = "/tmp/verified_cache_test_XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  auto oct = [](const std::string& secret, std::string_view kid) {
    return "{\"kty\":\"oct\",\"kid\":\"" + std::string(kid) + "\",\"k\":\"" +
           testing::B64(secret) + "\"}";
  };
  auto write = [&](const std::string& keys) {
    std::ofstream(path, std::ios::trunc) << "{\"keys\":[" << keys << "]}";
  };
  write(oct(Keys().secret_a(), "a1"));
  JwksCacheOptions o;
  o.unknown_kid_cooldown = std::chrono::milliseconds(0);
  auto jwks = JwksCache::FromFile(path, o);
  ASSERT_TRUE(jwks.ok()) << jwks.status();
  Clock clock;
  Validator v(*jwks, Options(&clock));
  VerifiedTokenCache cache;
  const std::string a = Keys().Typical(Algorithm::kHS256, "a1", kNow + 60);
  const std::string b =
      Keys().Typical(Algorithm::kHS256, "b1", kNow + 60, "", /*which=*/1);
  ASSERT_TRUE(cache.Validate(v, a).ok());
  ASSERT_TRUE(cache.Validate(v, a).ok());
  EXPECT_EQ(cache.stats().hits, 1u);
  // Two keys: the file's size changes with its contents.
  write(oct(Keys().secret_b(), "b1") + "," + oct(Keys().secret_b(), "b2"));
  ASSERT_TRUE(cache.Validate(v, b).ok());  // through the refresh
  EXPECT_EQ(cache.stats().insertions, 2u);
  EXPECT_TRUE(cache.Validate(v, b).ok());
  EXPECT_EQ(cache.stats().hits, 2u);
  const ErrorCode want = v.Validate(a).code();
  EXPECT_EQ(want, ErrorCode::kKeyNotFound);
  EXPECT_EQ(cache.Validate(v, a).code(), want);
  EXPECT_EQ(cache.stats().hits, 2u);
  ::unlink(path);
}

TEST(VerifiedCacheTest, EvictsLeastRecentlyUsedByCount) {
  Clock clock;
  Validator v(Keys().MakeKeySet(), Options(&clock));
  VerifiedTokenCacheOptions o;
  o.shards = 1;
  o.max_entries = 4;
  VerifiedTokenCache cache(o);
  std::vector<std::string> t;
  for (int i = 0; i < 6; ++i) {
    t.push_back(Keys().Typical(Algorithm::kHS256, "", kNow + 60,
                               "\"i\":" + std::to_string(i)));
  }
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(cache.Validate(v, t[i]).ok());
  ASSERT_TRUE(cache.Validate(v, t[0]).ok());  // t[0] now most recent
  EXPECT_EQ(cache.stats().hits, 1u);
  ASSERT_TRUE(cache.Validate(v, t[4]).ok());  // evicts t[1]
  ASSERT_TRUE(cache.Validate(v, t[5]).ok());  // evicts t[2]
  EXPECT_EQ(cache.stats().entries, 4u);
  EXPECT_EQ(cache.stats().evictions, 2u);
  const uint64_t hits = cache.stats().hits;
  ASSERT_TRUE(cache.Validate(v, t[0]).ok());
  ASSERT_TRUE(cache.Validate(v, t[3]).ok());
  EXPECT_EQ(cache.stats().hits, hits + 2);
  ASSERT_TRUE(cache.Validate(v, t[1]).ok());  // was evicted: a miss
  EXPECT_EQ(cache.stats().hits, hits + 2);
}

TEST(VerifiedCacheTest, StaysWithinBytes) {
  Clock clock;
  Validator v(Keys().MakeKeySet(), Options(&clock));
  VerifiedTokenCacheOptions o;
  o.shards = 2;
  o.max_bytes = 16 * 1024;
  VerifiedTokenCache cache(o);
  for (int i = 0; i < 200; ++i) {
    const std::string t =
        Keys().Typical(Algorithm::kHS256, "", kNow + 60,
                       "\"i\":" + std::to_string(i) + ",\"pad\":\"" +
                           std::string(200 + i, 'p') + "\"");
    ASSERT_TRUE(cache.Validate(v, t).ok());
    ASSERT_LE(cache.stats().bytes, o.max_bytes);
  }
  EXPECT_GT(cache.stats().evictions, 100u);
  EXPECT_GT(cache.stats().entries, 2u);
  cache.Clear();
  EXPECT_EQ(cache.stats().entries, 0u);
  EXPECT_EQ(cache.stats().bytes, 0u);
}

TEST(VerifiedCacheTest, ConcurrentUseAgreesWithValidate) {
  Clock clock;
  Validator v(Keys().MakeKeySet(), Options(&clock));
  VerifiedTokenCacheOptions o;
  o.shards = 4;
  o.max_entries = 24;  // small: constant eviction under contention
  VerifiedTokenCache cache(o);
  std::vector<std::string> tokens;
  std::vector<ErrorCode> want;
  for (int i = 0; i < 48; ++i) {
    const Algorithm alg = i % 3 == 0 ? Algorithm::kES256 : Algorithm::kHS256;
    tokens.push_back(Keys().Typical(alg, TestKeys::DefaultKid(alg),
                                    i % 5 == 0 ? kNow - 1 : kNow + 600,
                                    "\"i\":" + std::to_string(i)));
    want.push_back(v.Validate(tokens.back()).code());
  }
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(t);
      VerifiedToken out;
      for (int i = 0; i < 400; ++i) {
        const size_t j = rng() % tokens.size();
        const ErrorCode c = cache.Validate(v, tokens[j], &out);
        if (c != want[j] || (c == ErrorCode::kOk &&
                             out.GetInteger("i") != static_cast<int64_t>(j))) {
          mismatches.fetch_add(1);
        }
        if (i % 100 == 0) (void)cache.stats();
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_GT(cache.stats().hits, 0u);
  EXPECT_LE(cache.stats().entries, 24u);
}

}  // namespace
}  // namespace jwtv
