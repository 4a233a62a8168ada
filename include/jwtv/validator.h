// Copyright 2026 The jwtv Authors.
//
// Validator: checks JWS-compact JWTs against a KeySet and the caller's
// expectations. The one entry point most users need.
//
//   jwtv::ValidatorOptions options;
//   options.issuers = {"https://issuer.example"};
//   options.audiences = {"my-api"};
//   jwtv::Validator validator(std::move(keys), std::move(options));
//   jwtv::Result r = validator.Validate(token);
//   if (!r.ok()) return r.status();          // "expired", "bad_signature", ...
//   std::string_view user = *r->subject();  // valid while r lives
//
// The checks, in order (the first failure is reported, see error.h):
//   1. shape: three non-empty base64url segments, strict decoding, size cap;
//   2. header: a JSON object without duplicate names; alg known and not none;
//   3. alg allowed by the options and by the key; key found by kid (a token
//      without kid is tried against at most max_keys_without_kid keys);
//   4. signature verified;
//   5. only then the payload is parsed (strict JSON, duplicates rejected)
//      and the policy applied: claim types, exp, nbf, iat, max age, iss,
//      aud, sub, typ, required claims, crit.
// Because of 4-5, a token with a bad signature is bad_signature even when
// its payload is not JSON.
//
// Fail-closed defaults: exp is required; every algorithm the key permits is
// allowed but none is ever accepted; issuer, audience, subject and typ are
// checked only when set.
//
// Validate is const and thread-safe; it takes no lock. Rejecting a token
// allocates nothing. Accepting one allocates at most once (the payload
// buffer), and not at all when a VerifiedToken is reused, nor when an
// earlier VerifiedToken of this thread has been destroyed (each thread keeps
// the buffer of the last one destroyed or rejected, up to 64 KiB, for the
// next token). AddressSanitizer builds give every token fresh memory
// instead, so that ASan reports a view read after its token is gone.
//
// Stability (docs/DESIGN.md, "What is stable"): what this header documents
// is the source-level API. Its private members and the internal:: names it
// declares for jwtv's own modules are not, and the ABI may change in any
// release before 1.0.

#ifndef JWTV_VALIDATOR_H_
#define JWTV_VALIDATOR_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "jwtv/algorithm.h"
#include "jwtv/clock.h"
#include "jwtv/error.h"
#include "jwtv/export.h"
#include "jwtv/key_set.h"
#include "jwtv/metrics.h"
#include "jwtv/verified_token.h"

namespace jwtv {

namespace internal {
class ClaimProfile;  // src/policy/claim_profile.h
}  // namespace internal

struct ValidatorOptions {
  // Algorithms the caller accepts; each key narrows this further.
  AlgorithmSet algorithms = AlgorithmSet::All();
  // iss must equal one of these (unchecked when empty).
  std::vector<std::string> issuers;
  // aud (string or array of strings) must contain one of these (unchecked
  // when empty).
  std::vector<std::string> audiences;
  // sub must equal this.
  std::optional<std::string> subject;
  // The header typ must equal this, case-insensitively, ignoring an
  // "application/" prefix on either side ("JWT" matches "application/jwt").
  std::optional<std::string> type;
  // Claims that must be present.
  std::vector<std::string> required_claims;
  // Allowed clock skew for exp, nbf, iat and max age.
  int64_t leeway_seconds = 0;
  // When set, iat is required and now - iat must be <= max_age + leeway.
  std::optional<int64_t> max_age_seconds;
  // When false, a token without exp is accepted.
  bool require_exp = true;
  // Tokens longer than this are malformed.
  size_t max_token_bytes = size_t{16} * 1024;
  // A token without kid is tried against at most this many keys.
  int max_keys_without_kid = 4;
  // The current time (clock.h), read in whole seconds (rounded down); the
  // system clock when empty.
  Clock clock;
  // The extra claim rules of a named profile, null for none. Set by
  // ShopifyValidatorOptions (shopify.h); opaque, made only by jwtv.
  std::shared_ptr<const internal::ClaimProfile> profile;
  // Told the result of every token validated with these options (see
  // metrics.h for the calls and their threading); nothing when null.
  std::shared_ptr<Metrics> metrics;
};

// The outcome of one validation: a VerifiedToken or an ErrorCode.
class JWTV_EXPORT Result {
 public:
  Result() = default;
  explicit Result(ErrorCode code) : code_(code) {}

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  std::string_view code_name() const { return ErrorCodeName(code_); }
  absl::Status status() const { return ToStatus(code_); }

  // Requires ok(). The VerifiedToken lives in this Result: its views
  // (verified_token.h) are valid until the Result is destroyed or reused
  // (ValidateBatch into it, a move assignment onto it).
  const VerifiedToken& value() const { return token_; }
  VerifiedToken& value() { return token_; }
  const VerifiedToken* operator->() const { return &token_; }
  const VerifiedToken& operator*() const { return token_; }

 private:
  friend class Validator;
  ErrorCode code_ = ErrorCode::kMalformed;
  VerifiedToken token_;
};

class Executor;  // batch.h
class JwksCache;

class JWTV_EXPORT Validator {
 public:
  Validator(KeySet keys, ValidatorOptions options);
  // Validates against the cache's current keys (see jwks_cache.h): each token
  // reads the latest snapshot without a lock, and a key_not_found asks the
  // cache for one rate-limited refresh, after which the token is looked up
  // once more.
  Validator(std::shared_ptr<JwksCache> cache, ValidatorOptions options);
  ~Validator();
  Validator(Validator&&) noexcept;
  Validator& operator=(Validator&&) noexcept;

  Result Validate(std::string_view token) const;
  // Writes into *out, reusing its storage; *out is unspecified on failure.
  // The views of the token *out held end here.
  ErrorCode Validate(std::string_view token, VerifiedToken* out) const;
  // out[i] becomes exactly what Validate(tokens[i]) returns, for every i <
  // min(tokens.size(), out.size()); each out[i]'s storage is reused. Keys
  // are looked up once per distinct key, identical tokens are verified once,
  // HS256 tokens are hashed three at a time, and the work is spread over
  // `executor`'s threads when one is given (see batch.h). After warm-up, a
  // batch allocates nothing per token beyond what Validate into a reused
  // VerifiedToken would.
  void ValidateBatch(std::span<const std::string_view> tokens,
                     std::span<Result> out, Executor* executor = nullptr) const;

  const ValidatorOptions& options() const { return options_; }
  // The static keys (empty for a cache validator).
  const KeySet& keys() const { return keys_; }
  // The cache, or null.
  const std::shared_ptr<JwksCache>& jwks_cache() const { return cache_; }

 private:
  KeySet keys_;
  ValidatorOptions options_;
  std::shared_ptr<JwksCache> cache_;
};

}  // namespace jwtv

#endif  // JWTV_VALIDATOR_H_
