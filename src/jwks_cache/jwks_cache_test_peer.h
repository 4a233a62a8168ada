// Copyright 2026 The jwtv Authors.
//
// Test hook into JwksCache, for tests/ only: lets a test that drives the
// cache with a fake clock (JwksCacheOptions::clock) wait until the
// background thread has looked at that clock, instead of sleeping.

#ifndef JWTV_SRC_JWKS_CACHE_JWKS_CACHE_TEST_PEER_H_
#define JWTV_SRC_JWKS_CACHE_JWKS_CACHE_TEST_PEER_H_

#include <chrono>

#include "jwtv/jwks_cache.h"

namespace jwtv::internal {

class JwksCacheTestPeer {
 public:
  // Waits until the cache's background thread has finished `passes` more
  // passes (wake-ups: each refreshes if due, or serves an unknown-kid
  // request) than it had at the call; with passes >= 2, at least one whole
  // pass read the clock after the call. False after `timeout` (real time)
  // or when the cache has no background thread.
  static bool AwaitWorkerPasses(const JwksCache& cache, int passes,
                                std::chrono::milliseconds timeout);
};

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JWKS_CACHE_JWKS_CACHE_TEST_PEER_H_
