// Copyright 2026 The jwtv Authors.
//
// Metrics: a hook for counters, so that a service can export what jwtv
// does (validations by result and algorithm, verified-cache hits, JWKS
// refreshes) to its own metrics system.
//
//   class Counters : public jwtv::Metrics {
//    public:
//     void OnValidation(jwtv::ErrorCode code,
//                       std::optional<jwtv::Algorithm> alg) override {
//       by_code_[static_cast<int>(code)].fetch_add(1,
//                                                  std::memory_order_relaxed);
//     }
//     ...
//   };
//   auto counters = std::make_shared<Counters>();
//   validator_options.metrics = counters;      // validations
//   verified_cache_options.metrics = counters; // cache lookups
//   jwks_cache_options.metrics = counters;     // JWKS loads
//
// Each options struct holds a shared_ptr<Metrics>, null by default. When it
// is null nothing is reported and the hot paths pay one predictable branch;
// the same object may be set in several places.
//
// Threading: the methods are called synchronously on the thread that did
// the work (any validating thread, the JWKS cache's background thread, or a
// thread calling JwksCache::Refresh), concurrently and without any jwtv lock
// held around validations. An implementation must be thread-safe and cheap
// (a relaxed atomic increment is the intended cost): it runs once per token.
// It must not throw. The calls carry no token content and no key material.

#ifndef JWTV_METRICS_H_
#define JWTV_METRICS_H_

#include <optional>

#include "absl/status/status.h"
#include "jwtv/algorithm.h"
#include "jwtv/error.h"
#include "jwtv/export.h"

namespace jwtv {

class JWTV_EXPORT Metrics {
 public:
  virtual ~Metrics();

  // One token validated, with its result: each Validator::Validate call,
  // each token of Validator::ValidateBatch, and each
  // VerifiedTokenCache::Validate call (hits included; the validator's
  // metrics are used). `alg` is the token's algorithm when its header named
  // a supported one (always set for kOk; nullopt for kMalformed,
  // kUnsupportedAlg and a header that is not JSON).
  virtual void OnValidation(ErrorCode /*code*/,
                            std::optional<Algorithm> /*alg*/) {}

  // One VerifiedTokenCache::Validate call: `hit` when it was answered from
  // the cache (as VerifiedTokenCacheStats::hits counts it).
  virtual void OnVerifiedCacheLookup(bool /*hit*/) {}

  // One JWKS load by a JwksCache finished (a fetch, a file check or a
  // SetDocument): kOk when it produced or confirmed keys, else the failure's
  // status code (as JwksHealth::last_error has it).
  virtual void OnJwksRefresh(absl::StatusCode /*code*/) {}
};

}  // namespace jwtv

#endif  // JWTV_METRICS_H_
