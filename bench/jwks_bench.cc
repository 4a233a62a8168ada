// Copyright 2026 The jwtv Authors.
//
// JwksCache benchmarks, linked into jwtv_bench:
//   JwksSnapshotRead            JwksCacheAccess::Snapshot (what Validate does
//   per
//                               token) while a writer thread publishes a new
//                               snapshot every millisecond; run with 1 and 2
//                               reader threads: Time is ns per read, and
//                               items_per_second shows the 2-thread scaling.
//   ValidateJwksCache/HS256     Validator::Validate through a JwksCache, to
//                               compare with Validate/HS256 (static KeySet).

#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "bench_fixtures.h"
#include "jwks_cache/jwks_cache_access.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/testing/token_signer.h"
#include "jwtv/validator.h"
#include "key_set/key_set_data.h"
#include "testing/test_util.h"

namespace {

using jwtv_bench::kApiKey;
using jwtv_bench::kIssuer;
using jwtv_bench::ReadFixture;
using jwtv_bench::ReadFixtureLine;

// The HMAC fixture secret as a JWKS (no kid, like the static bench key).
std::string HmacJwks(const std::string& secret, int generation) {
  return "{\"keys\":[{\"kty\":\"oct\",\"k\":\"" +
         jwtv::testing::Base64UrlEncode(secret) +
         "\"},{\"kty\":\"oct\",\"kid\":\"gen" + std::to_string(generation) +
         "\",\"k\":\"" +
         jwtv::testing::Base64UrlEncode("generation-secret-" +
                                        std::to_string(generation) +
                                        "-0123456789abcdef") +
         "\"}]}";
}

std::shared_ptr<jwtv::JwksCache> MakeCache() {
  auto cache = jwtv::JwksCache::FromDocument(
      HmacJwks(ReadFixture("hmac_secret.txt"), 0));
  if (!cache.ok()) {
    std::fprintf(stderr, "jwks_bench: %s\n",
                 std::string(cache.status().message()).c_str());
    std::abort();
  }
  return *cache;
}

void BM_JwksSnapshotRead(benchmark::State& state) {
  static std::shared_ptr<jwtv::JwksCache> cache = MakeCache();
  static std::atomic<bool> stop;
  static std::thread writer;
  static std::atomic<uint64_t> published;
  if (state.thread_index() == 0) {
    stop = false;
    published = 0;
    writer = std::thread([] {
      const std::string secret = ReadFixture("hmac_secret.txt");
      std::string docs[2] = {HmacJwks(secret, 1), HmacJwks(secret, 2)};
      for (int g = 0; !stop.load(std::memory_order_relaxed); ++g) {
        if (!cache->SetDocument(docs[g & 1]).ok()) std::abort();
        published.fetch_add(1, std::memory_order_relaxed);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    });
  }
  for (auto _ : state) {
    const jwtv::internal::KeySetData& data =
        jwtv::internal::JwksCacheAccess::Snapshot(*cache);
    benchmark::DoNotOptimize(&data);
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    stop = true;
    writer.join();
    state.counters["publishes"] = static_cast<double>(published.load());
  }
}
BENCHMARK(BM_JwksSnapshotRead)
    ->Name("JwksSnapshotRead")
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();

void BM_ValidateJwksCacheHs256(benchmark::State& state) {
  static std::shared_ptr<jwtv::JwksCache> cache = MakeCache();
  jwtv::ValidatorOptions options;
  options.issuers = {kIssuer};
  options.audiences = {kApiKey};
  static jwtv::Validator validator(cache, options);
  const std::string token = ReadFixtureLine("hs256.jwt");
  if (!validator.Validate(token).ok()) {
    state.SkipWithError("token rejected");
    return;
  }
  for (auto _ : state) {
    jwtv::Result r = validator.Validate(token);
    if (!r.ok()) state.SkipWithError("token rejected");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ValidateJwksCacheHs256)->Name("ValidateJwksCache/HS256");

}  // namespace
