// Copyright 2026 The jwtv Authors.
//
// VerifiedTokenCache: remembers tokens that passed validation, so that a
// token presented again (a session token is typically sent with every
// request for a minute) skips the signature check.
//
//   jwtv::VerifiedTokenCache cache;                 // shared by all threads
//   jwtv::VerifiedToken token;
//   jwtv::ErrorCode code = cache.Validate(validator, raw_token, &token);
//
// The result is always what validator.Validate(raw_token) gives at that
// moment. A cached answer is used only when:
//   - the token's bytes equal the cached token's bytes exactly;
//   - the key that verified it is still one of the keys the validator would
//     try for it now, in the validator's current key snapshot (a key set
//     replaced by a JWKS refresh, or another Validator's keys, never match:
//     the cache then validates in full);
//   - its alg is still allowed by the validator's options;
//   - the claim policy, re-checked against the current time and the
//     validator's options, still passes (a token past exp is never served).
// Only valid tokens are stored. The cache is bounded by entry count and by
// bytes (token and decoded claims), evicting the least recently used entry
// of a shard. It is split into shards, each with its own lock, so that
// threads rarely meet; all methods are thread-safe.
//
// A hit allocates nothing when `out` is reused; storing a new token
// allocates its entry.

#ifndef JWTV_VERIFIED_CACHE_H_
#define JWTV_VERIFIED_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "jwtv/error.h"
#include "jwtv/export.h"
#include "jwtv/metrics.h"
#include "jwtv/validator.h"
#include "jwtv/verified_token.h"

namespace jwtv {

struct VerifiedTokenCacheOptions {
  size_t max_entries = size_t{16} * 1024;
  size_t max_bytes = size_t{64} * 1024 * 1024;
  // Rounded up to a power of two; the bounds are split evenly across them.
  int shards = 64;
  // Told whether each Validate call was a hit (metrics.h); nothing when
  // null. The validation itself is reported to the validator's
  // ValidatorOptions::metrics, hit or not.
  std::shared_ptr<Metrics> metrics;
};

struct VerifiedTokenCacheStats {
  uint64_t hits = 0;
  uint64_t misses = 0;  // including entries found but no longer usable
  uint64_t insertions = 0;
  uint64_t evictions = 0;  // to stay within the bounds
  size_t entries = 0;
  size_t bytes = 0;
};

class JWTV_EXPORT VerifiedTokenCache {
 public:
  explicit VerifiedTokenCache(VerifiedTokenCacheOptions options = {});
  ~VerifiedTokenCache();
  VerifiedTokenCache(const VerifiedTokenCache&) = delete;
  VerifiedTokenCache& operator=(const VerifiedTokenCache&) = delete;

  // What validator.Validate(token, out) returns, answered from the cache
  // when the conditions above hold. A valid token that was not cached is
  // stored.
  ErrorCode Validate(const Validator& validator, std::string_view token,
                     VerifiedToken* out);
  Result Validate(const Validator& validator, std::string_view token);

  // Drops every entry.
  void Clear();
  VerifiedTokenCacheStats stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jwtv

#endif  // JWTV_VERIFIED_CACHE_H_
