// Copyright 2026 The jwtv Authors.
//
// How jwtv's modules read a JwksCache's current key snapshot (the lock-free
// read that include/jwtv/jwks_cache.h describes under "Reading the keys")
// and ask it for a refresh when a token's kid matched no key.
// JwksCacheAccess is a friend of JwksCache; users never name it.

#ifndef JWTV_SRC_JWKS_CACHE_JWKS_CACHE_ACCESS_H_
#define JWTV_SRC_JWKS_CACHE_JWKS_CACHE_ACCESS_H_

#include "jwtv/jwks_cache.h"

namespace jwtv::internal {

class KeySetData;

class JwksCacheAccess {
 public:
  // The current snapshot of `cache`. Valid on the calling thread until its
  // next Snapshot call.
  static const KeySetData& Snapshot(const JwksCache& cache);

  // Called after a key_not_found against snapshot `used`: true at once when
  // a newer snapshot exists already; otherwise asks for one rate-limited
  // refresh, waits for it (bounded by the cache's unknown-kid wait) and
  // returns true when it completed.
  static bool RefreshForUnknownKey(const JwksCache& cache,
                                   const KeySetData* used = nullptr);

 private:
  // Snapshot when this thread's table has no entry for the cache's current
  // version: `slot` is the cache's entry in the table, or -1.
  static const KeySetData& SnapshotSlow(const JwksCache& cache, int slot);
};

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JWKS_CACHE_JWKS_CACHE_ACCESS_H_
