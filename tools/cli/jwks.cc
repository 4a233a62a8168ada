// Copyright 2026 The jwtv Authors.
//
// jwtv jwks: fetches the JWKS at a URL (or an OpenID Connect issuer's) and
// prints one line per key, `kid<TAB>kty<TAB>algorithms<TAB>bits`; oct keys,
// which keys from a URL never include, are listed with "ignored" in place of
// their algorithms. Exit 0, 1 when the JWKS cannot be fetched or has no
// usable key, 2 on a usage error.

#include <cstdio>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "commands.h"
#include "common.h"
#include "flags.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/key_set.h"

namespace jwtv::cli {

int RunJwks(int argc, char** argv) {
  Options args;
  if (const int rc = ParseOptions(kJwks, argc, argv, &args); rc >= 0) {
    return rc;
  }
  if (args.operands.empty()) return UsageError("jwks: missing URL");
  if (args.operands.size() > 1) return UsageError("jwks takes one URL");
  const std::string& url = args.operands[0];
  JwksCacheOptions options;
  options.http.allow_http = args.allow_http;
  options.background_refresh = false;
  absl::StatusOr<std::shared_ptr<JwksCache>> cache =
      args.oidc ? JwksCache::FromOidcIssuer(url, std::move(options))
                : JwksCache::FromUrl(url, std::move(options));
  if (!cache.ok()) {
    Error("jwks " + Quote(url) + ": " + std::string(cache.status().message()));
    return kExitInvalid;
  }
  const KeySet keys = (*cache)->keys();
  for (const std::string& skipped : keys.skipped()) {
    Error("warning: JWKS key skipped: " + skipped);
  }
  for (const KeyInfo& k : keys.keys()) {
    std::printf("%s\t%s\t%s\t%d\n", k.kid.c_str(), k.kty.c_str(),
                AlgorithmNames(k.algorithms).c_str(), k.bits);
  }
  // oct keys of a published JWKS are never used; they are listed so that
  // the provider's mistake is visible.
  for (const KeyInfo& k : keys.ignored_symmetric_keys()) {
    std::printf("%s\t%s\tignored\t%d\n", k.kid.c_str(), k.kty.c_str(), k.bits);
  }
  return std::fflush(stdout) == 0 ? kExitOk : kExitUsage;
}

}  // namespace jwtv::cli
