// Copyright 2026 The jwtv Authors.
//
// The native side of a jwtv validator in Node.js: a jwtv::Validator, its
// optional VerifiedTokenCache, and how it was built. Immutable once made and
// shared (std::shared_ptr) between the JavaScript wrapper and any async
// validation in flight, so a validator collected by the garbage collector
// stays alive until its last worker finishes.

#ifndef JWTV_NODE_CORE_H_
#define JWTV_NODE_CORE_H_

#include <memory>
#include <string_view>

#include "jwtv/error.h"
#include "jwtv/validator.h"
#include "jwtv/verified_cache.h"
#include "jwtv/verified_token.h"

namespace jwtv_node {

// Tokens longer than this are malformed (ValidatorOptions' default bound).
inline constexpr size_t kMaxTokenBytes = size_t{16} * 1024;

struct Core {
  Core(jwtv::Validator v, std::unique_ptr<jwtv::VerifiedTokenCache> c)
      : validator(std::move(v)), cache(std::move(c)) {}

  // Thread-safe. May wait for a JWKS refresh (up to the cache's
  // unknown_kid_max_wait) when the validator reads a JwksCache.
  jwtv::ErrorCode Validate(std::string_view token,
                           jwtv::VerifiedToken* out) const {
    if (cache != nullptr) return cache->Validate(validator, token, out);
    return validator.Validate(token, out);
  }
  // True when Validate may block on the network (a URL or OIDC source).
  bool may_block() const { return validator.jwks_cache() != nullptr; }

  jwtv::Validator validator;
  // Null when the validator has no verified-token cache.
  std::unique_ptr<jwtv::VerifiedTokenCache> cache;
};

}  // namespace jwtv_node

#endif  // JWTV_NODE_CORE_H_
