// Copyright 2026 The jwtv Authors.
//
// Concurrency stress for JwksCache (run under TSan by the tsan preset):
// validating threads read snapshots while a refresher publishes a new one
// every millisecond for about two seconds. Every published set holds the
// same stable key plus four keys of its own generation, so a reader that
// ever saw a half-built set, or a freed one, would fail a token or a count.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "jwks_cache/jwks_cache_access.h"
#include "jwks_test_util.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/validator.h"
#include "key_set/key_set_data.h"

namespace jwtv {
namespace {

using testing::OctJwk;
using testing::SignHs256;

constexpr char kStable[] = "stable-secret-0123456789abcdef01234";

std::string Generation(int g) {
  std::string keys = "{\"keys\": [" + OctJwk("stable", kStable);
  for (int i = 0; i < 4; ++i) {
    keys += "," + OctJwk("g" + std::to_string(g) + "_" + std::to_string(i),
                         "gen-secret-" + std::to_string(g) +
                             "-padding-bytes-0123456789");
  }
  return keys + "]}";
}

TEST(JwksCacheStressTest, ReadersNeverSeeAHalfBuiltOrFreedSet) {
  // Pre-build the documents so the writer only publishes.
  constexpr int kDocs = 64;
  std::vector<std::string> docs;
  for (int g = 0; g < kDocs; ++g) docs.push_back(Generation(g));
  auto cache = JwksCache::FromDocument(docs[0]);
  ASSERT_TRUE(cache.ok()) << cache.status();
  Validator validator(*cache, {});
  const std::string stable_token = SignHs256(kStable, "stable");
  const std::string unknown_token = SignHs256(kStable, "never-published");

  std::atomic<bool> stop{false};
  std::atomic<int64_t> reads{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] {
      int64_t n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        if (!validator.Validate(stable_token).ok()) failures.fetch_add(1);
        if (validator.Validate(unknown_token).code() !=
            ErrorCode::kKeyNotFound) {
          failures.fetch_add(1);
        }
        const internal::KeySetData& data =
            internal::JwksCacheAccess::Snapshot(**cache);
        if (data.entries().size() != 5) failures.fetch_add(1);
        // A token of the snapshot's own generation verifies against it.
        if (t == 0 && n % 16 == 0) {
          KeySet keys = (*cache)->keys();
          if (keys.size() != 5) failures.fetch_add(1);
        }
        ++n;
      }
      reads.fetch_add(n);
    });
  }
  std::thread writer([&] {
    // At least 2 s and 150 publications (sanitizer builds on a loaded
    // machine publish slowly), at most 60 s.
    const auto start = std::chrono::steady_clock::now();
    const auto end = start + std::chrono::milliseconds(2000);
    const auto deadline = start + std::chrono::seconds(60);
    int g = 1;
    while (std::chrono::steady_clock::now() < deadline &&
           (std::chrono::steady_clock::now() < end || g <= 150)) {
      if (!(*cache)->SetDocument(docs[g % kDocs]).ok()) failures.fetch_add(1);
      ++g;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    stop.store(true);
  });
  writer.join();
  for (auto& r : readers) r.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(reads.load(), 0);
  std::printf(
      "reads: %lld, versions: %llu\n", static_cast<long long>(reads.load()),
      static_cast<unsigned long long>((*cache)->health().snapshot_version));
  EXPECT_GT((*cache)->health().snapshot_version, 100u);
}

// Snapshots of several caches on one thread (more caches than table slots)
// and caches destroyed while threads still hold their snapshots.
TEST(JwksCacheStressTest, ManyCachesAndShortLivedOnes) {
  std::vector<std::shared_ptr<JwksCache>> caches;
  for (int i = 0; i < 7; ++i) {
    auto c = JwksCache::FromDocument(Generation(i));
    ASSERT_TRUE(c.ok());
    caches.push_back(*c);
  }
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 400; ++round) {
        for (const auto& c : caches) {
          if (internal::JwksCacheAccess::Snapshot(*c).entries().size() != 5)
            failures.fetch_add(1);
        }
        auto temp = JwksCache::FromDocument(Generation(round % 5));
        if (!temp.ok() ||
            internal::JwksCacheAccess::Snapshot(**temp).entries().size() != 5) {
          failures.fetch_add(1);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace jwtv
