// Copyright 2026 The jwtv Authors.

#include "validator_setup.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <variant>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common.h"
#include "jwtv/clock.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/key_set.h"
#include "jwtv/shopify.h"

namespace jwtv::cli {
namespace {

using Message = std::optional<std::string>;

// How --profile shopify combines with the other options.
Message CheckShopifyOptions(const Options& args) {
  if (!args.profile.has_value()) {
    if (args.api_key.has_value()) {
      return std::string("--api-key is only meaningful with --profile shopify");
    }
    return std::nullopt;
  }
  if (!args.api_key.has_value()) {
    return std::string("--profile shopify needs --api-key KEY");
  }
  if (args.secret_files.empty()) {
    return std::string(
        "--profile shopify needs at least one --secret-file (the app's "
        "client secret)");
  }
  if (!args.audiences.empty()) {
    return std::string(
        "--aud cannot be combined with --profile shopify (aud must equal "
        "--api-key)");
  }
  if (args.allow_missing_exp) {
    return std::string(
        "--allow-missing-exp cannot be combined with --profile shopify "
        "(exp is required)");
  }
  return std::nullopt;
}

bool HasKeyUrl(const Options& args) {
  return args.jwks_url.has_value() || args.oidc_issuer.has_value();
}

// Exactly one kind of key source: files (and the profile) or a URL.
Message CheckKeySources(const Options& args) {
  const bool files = !args.jwks_files.empty() || !args.secret_files.empty();
  if (HasKeyUrl(args) && (files || args.profile.has_value())) {
    return std::string(
        "--jwks-url / --oidc-issuer cannot be combined with --jwks, "
        "--secret-file or --profile");
  }
  if (!HasKeyUrl(args) && args.allow_http) {
    return std::string("--allow-http needs --jwks-url or --oidc-issuer");
  }
  if (!HasKeyUrl(args) && !files) {
    return std::string(
        "no key given: use --jwks FILE and/or --secret-file FILE");
  }
  return std::nullopt;
}

void WarnSkipped(const KeySet& keys) {
  for (const std::string& skipped : keys.skipped()) {
    Error("warning: JWKS key skipped: " + skipped);
  }
}

// The JWKS cache of --jwks-url or --oidc-issuer, after its first fetch; null
// after a message.
std::shared_ptr<JwksCache> OpenKeyUrl(const Options& args) {
  JwksCacheOptions options;
  options.http.allow_http = args.allow_http;
  options.allow_short_hmac_secrets = args.allow_short_secret;
  const bool oidc = args.oidc_issuer.has_value();
  const std::string& url = oidc ? *args.oidc_issuer : *args.jwks_url;
  absl::StatusOr<std::shared_ptr<JwksCache>> cache =
      oidc ? JwksCache::FromOidcIssuer(url, std::move(options))
           : JwksCache::FromUrl(url, std::move(options));
  if (!cache.ok()) {
    Error(std::string(oidc ? "--oidc-issuer " : "--jwks-url ") + Quote(url) +
          ": " + std::string(cache.status().message()));
    return nullptr;
  }
  WarnSkipped((*cache)->keys());
  return *std::move(cache);
}

bool AddJwksFiles(const Options& args, KeySet::Builder* builder) {
  std::string content;
  for (const std::string& path : args.jwks_files) {
    if (auto err = ReadFile(path, kMaxKeyFileBytes, &content)) {
      Error("--jwks " + QuotePath(path) + ": " + *err);
      return false;
    }
    const absl::Status st = builder->AddJwks(content);
    if (!st.ok()) {
      Error("--jwks " + QuotePath(path) +
            ": not a usable JWKS: " + std::string(st.message()));
      return false;
    }
  }
  return true;
}

// The HS algorithms a secret is for: HS256 with the Shopify profile; those
// of --alg when it names any; else all three.
AlgorithmSet SecretAlgorithms(const Options& args) {
  if (args.profile.has_value()) return AlgorithmSet{Algorithm::kHS256};
  if (args.algorithms.has_value() &&
      !args.algorithms->Intersect(AlgorithmSet::Hmac()).empty()) {
    return args.algorithms->Intersect(AlgorithmSet::Hmac());
  }
  return AlgorithmSet::Hmac();
}

// Whether a secret of `bytes` bytes may verify any of `algs` (RFC 7518
// section 3.2: HS256 from 32 bytes, HS384 from 48, HS512 from 64).
bool CoversAnyHmac(size_t bytes, AlgorithmSet algs) {
  return (algs.Contains(Algorithm::kHS256) && bytes >= 32) ||
         (algs.Contains(Algorithm::kHS384) && bytes >= 48) ||
         (algs.Contains(Algorithm::kHS512) && bytes >= 64);
}

// Checks the secret read from `path` and adds it; false after a message.
bool AddSecret(const Options& args, const std::string& path,
               const std::string& secret, KeySet::Builder* builder) {
  if (secret.empty()) {
    Error("--secret-file " + QuotePath(path) + ": the secret is empty");
    return false;
  }
  const AlgorithmSet algs = SecretAlgorithms(args);
  // RFC 7518 section 3.2: the secret verifies those of `algs` whose hash
  // output it covers; one that covers none is a configuration error.
  if (!args.allow_short_secret && !CoversAnyHmac(secret.size(), algs)) {
    Error("--secret-file " + QuotePath(path) + ": the secret is " +
          std::to_string(secret.size()) + " bytes, too short for " +
          AlgorithmNames(algs) +
          ": RFC 7518 section 3.2 requires at least 32 bytes for HS256, "
          "48 for HS384, 64 for HS512 (--allow-short-secret accepts it, "
          "for a legacy system only)");
    return false;
  }
  // The library's message is not printed: it might describe the secret.
  if (!builder->AddHmacSecret(secret, {}, algs).ok()) {
    Error("--secret-file " + QuotePath(path) + ": not a usable HMAC secret");
    return false;
  }
  return true;
}

bool AddSecretFiles(const Options& args, KeySet::Builder* builder) {
  std::string content;
  bool ok = true;
  for (const std::string& path : args.secret_files) {
    if (auto err = ReadFile(path, kMaxKeyFileBytes, &content)) {
      Error("--secret-file " + QuotePath(path) + ": " + *err);
      ok = false;
    } else {
      ok = AddSecret(args, path, content, builder);
    }
    if (!ok) break;
  }
  // Wipe the last secret read into this buffer.
  std::fill(content.begin(), content.end(), '\0');
  return ok;
}

// The key set of --jwks and --secret-file; nullopt after a message.
std::optional<KeySet> ReadKeyFiles(const Options& args) {
  KeySetOptions key_options;
  key_options.allow_short_hmac_secrets = args.allow_short_secret;
  KeySet::Builder builder(key_options);
  if (!AddJwksFiles(args, &builder) || !AddSecretFiles(args, &builder)) {
    return std::nullopt;
  }
  KeySet keys = std::move(builder).Build();
  WarnSkipped(keys);
  return keys;
}

ValidatorOptions ExpectationsOf(const Options& args) {
  ValidatorOptions options;
  if (args.profile.has_value()) {
    options = ShopifyValidatorOptions(*args.api_key, args.leeway.value_or(10));
  } else {
    options.leeway_seconds = args.leeway.value_or(0);
    options.audiences = args.audiences;
    options.require_exp = !args.allow_missing_exp;
  }
  if (args.algorithms.has_value()) {
    options.algorithms = options.algorithms.Intersect(*args.algorithms);
  }
  options.issuers.insert(options.issuers.end(), args.issuers.begin(),
                         args.issuers.end());
  if (args.subject.has_value()) options.subject = args.subject;
  if (args.type.has_value()) options.type = args.type;
  options.required_claims.insert(options.required_claims.end(),
                                 args.required.begin(), args.required.end());
  if (args.max_age.has_value()) options.max_age_seconds = args.max_age;
  for (const Options::ClaimExpectation& c : args.claim_checks) {
    options.claim_checks.push_back(
        c.contains ? ClaimCheck::Contains(c.name, c.value)
                   : ClaimCheck::Equals(c.name, std::string_view(c.value)));
  }
  if (args.now.has_value()) {
    const int64_t now = *args.now;
    options.clock = [now] { return FromUnixSeconds(now); };
  }
  // An OIDC issuer's tokens must name it unless --iss says otherwise.
  if (args.oidc_issuer.has_value() && options.issuers.empty()) {
    options.issuers.push_back(*args.oidc_issuer);
  }
  return options;
}

}  // namespace

bool BuildKeysAndOptions(const Options& args, ValidatorKeys* keys,
                         ValidatorOptions* options) {
  Message err = CheckShopifyOptions(args);
  if (!err.has_value()) err = CheckKeySources(args);
  if (err.has_value()) {
    UsageError(*err);
    return false;
  }
  if (HasKeyUrl(args)) {
    std::shared_ptr<JwksCache> cache = OpenKeyUrl(args);
    if (cache == nullptr) return false;
    *keys = std::move(cache);
  } else {
    std::optional<KeySet> key_set = ReadKeyFiles(args);
    if (!key_set.has_value()) return false;
    *keys = *std::move(key_set);
  }
  *options = ExpectationsOf(args);
  return true;
}

bool BuildValidator(const Options& args, std::optional<Validator>* out) {
  ValidatorKeys keys;
  ValidatorOptions options;
  if (!BuildKeysAndOptions(args, &keys, &options)) return false;
  absl::StatusOr<Validator> validator =
      std::holds_alternative<KeySet>(keys)
          ? Validator::Create(std::get<KeySet>(std::move(keys)),
                              std::move(options))
          : Validator::Create(
                std::get<std::shared_ptr<JwksCache>>(std::move(keys)),
                std::move(options));
  // The library's configuration messages name options, never key material.
  if (!validator.ok()) {
    Error("invalid configuration: " +
          std::string(validator.status().message()));
    return false;
  }
  out->emplace(*std::move(validator));
  return true;
}

}  // namespace jwtv::cli
