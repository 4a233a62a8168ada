// Copyright 2026 The jwtv Authors.
//
// Where a JwksCache's keys come from: a JWKS URL, an OpenID Connect issuer
// (discovery, then its jwks_uri), a file, or a document the caller supplies.
// A source fetches (or re-reads) and parses; it knows nothing of TTLs,
// retries or publication (refresh_policy.h, snapshot_publisher.h).
//
// Every document is bounded by JwksCacheOptions::max_body_bytes, and a JWKS
// without a usable key is an error. Keys read from a URL or an OIDC issuer
// never include oct keys: such a JWKS is public, and a symmetric key in it
// would let anyone sign tokens (they are listed by the set's
// ignored_symmetric_keys()).

#ifndef JWTV_SRC_JWKS_CACHE_JWKS_SOURCE_H_
#define JWTV_SRC_JWKS_CACHE_JWKS_SOURCE_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/key_set.h"

namespace jwtv::internal {

enum class JwksSourceKind { kUrl, kOidc, kFile, kDocument };

// Parses a JWKS document as a source of `kind` reads it: over the size cap,
// malformed, or without a usable key is an error (InvalidArgument or
// ResourceExhausted).
absl::StatusOr<KeySet> ParseJwksDocument(std::string_view json,
                                         JwksSourceKind kind,
                                         const JwksCacheOptions& options);

// One load of a source.
struct JwksLoad {
  // Empty when the keys are unchanged (HTTP 304, the same file).
  std::optional<KeySet> keys;
  // The response's Cache-Control max-age, if any (URL and OIDC sources).
  std::optional<std::chrono::seconds> max_age;
};

// A source that loads by itself (URL, OIDC, file). Not thread-safe: the
// cache runs one Load() at a time.
class JwksSource {
 public:
  virtual ~JwksSource() = default;

  virtual JwksSourceKind kind() const = 0;
  // Fetches or re-reads. Errors are the fetch's or the parse's; the keys
  // last returned stay valid for the caller.
  virtual absl::StatusOr<JwksLoad> Load() = 0;
};

// `location` is the JWKS URL, the issuer or the path, by `kind` (not
// kDocument). Uses options.fetcher, or builds the default HTTP fetcher from
// options.http for URL and OIDC sources.
std::unique_ptr<JwksSource> MakeJwksSource(JwksSourceKind kind,
                                           std::string location,
                                           const JwksCacheOptions& options);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JWKS_CACHE_JWKS_SOURCE_H_
