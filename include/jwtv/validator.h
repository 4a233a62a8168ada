// Copyright 2026 The jwtv Authors.
//
// Validator: checks JWS-compact JWTs against a KeySet and the caller's
// expectations. The one entry point most users need.
//
//   jwtv::ValidatorOptions options;
//   options.issuers = {"https://issuer.example"};
//   options.audiences = {"my-api"};
//   absl::StatusOr<jwtv::Validator> validator =
//       jwtv::Validator::Create(std::move(keys), std::move(options));
//   if (!validator.ok()) return validator.status();  // a configuration error
//   jwtv::Result r = validator->Validate(token);
//   if (!r.ok()) return r.status();  // "bad_signature", "expired (claim exp)"
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
//      aud, sub, typ, required claims, crit;
//   6. last, the caller's claim_checks, in the order given, on a token that
//      passed everything above.
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

#include <concepts>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
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
class ClaimChecker;  // src/policy/claim_checks.h: applies a ClaimCheck
}  // namespace internal

// An expectation on one claim (ValidatorOptions::claim_checks), made by the
// factories below. A token without the claim fails with missing_claim; one
// whose claim has another JSON type, or another value, fails with
// bad_claim. Either way Result::failed_claim() names the claim.
// Validator::Create refuses a check without a claim name.
class JWTV_EXPORT ClaimCheck {
 public:
  // The claim is a JSON string equal to `value` (after unescaping).
  static ClaimCheck Equals(std::string name, std::string_view value);
  // As above: a string literal is a string, not a bool.
  static ClaimCheck Equals(std::string name, const char* value);
  // The claim is true or false, as `value`.
  static ClaimCheck Equals(std::string name, bool value);
  // The claim is a JSON number written as an integer (no fraction or
  // exponent) equal to `value`: compared exactly, also beyond 2^53.
  template <std::integral T>
  requires(!std::same_as<T, bool> &&
           (std::signed_integral<T> ||
            sizeof(T) < sizeof(int64_t))) static ClaimCheck
      Equals(std::string name, T value) {
    return EqualsInteger(std::move(name), static_cast<int64_t>(value));
  }
  static ClaimCheck EqualsInteger(std::string name, int64_t value);
  // The claim is an array of strings of which one equals `value`, or a
  // string of space-separated items (an OAuth scope, RFC 8693 section 4.2,
  // RFC 9068 section 2.2.3) of which one equals `value`. Validator::Create
  // refuses an empty `value`.
  static ClaimCheck Contains(std::string name, std::string value);
  // The claim is a string equal to one of `values` (Create refuses an empty
  // set).
  static ClaimCheck OneOf(std::string name, std::vector<std::string> values);
  // The claim is present and `predicate` returns true for the token (it
  // reads the claim through VerifiedToken's accessors). The predicate is
  // called on the validating thread, concurrently when the Validator is
  // shared, and must not throw; it runs only on tokens that passed every
  // other check. Create refuses a null predicate (one that slipped past it
  // fails every token).
  static ClaimCheck Satisfies(
      std::string name, std::function<bool(const VerifiedToken&)> predicate);

  // The claim the check is about.
  const std::string& name() const { return name_; }

 private:
  friend class internal::ClaimChecker;
  enum class Kind : unsigned char {
    kEqualsString,
    kEqualsInteger,
    kEqualsBool,
    kContains,
    kOneOf,
    kSatisfies,
  };
  ClaimCheck(Kind kind, std::string name)
      : kind_(kind), name_(std::move(name)) {}

  Kind kind_;
  std::string name_;
  // kEqualsString, kContains: one; kOneOf: the set.
  std::vector<std::string> strings_;
  int64_t integer_ = 0;
  bool boolean_ = false;
  std::function<bool(const VerifiedToken&)> predicate_;
};

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
  // The caller's expectations on any claims, applied in this order after
  // every other check (step 6 above).
  std::vector<ClaimCheck> claim_checks;
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
  // ToStatus(code()), its message followed by " (claim NAME)" when
  // failed_claim() is not empty. Never any token content.
  absl::Status status() const;

  // On a rejection by the claims policy, the claim it is about: "exp" for
  // expired, "nbf" for not_yet_valid, "iat" for iat_in_future and too_old,
  // "iss", "aud", "sub", the header's "typ" for bad_type, the header's
  // "crit" for unknown_crit, and for bad_claim and missing_claim the
  // registered claim, the required claim, the profile's claim (Shopify:
  // "dest") or the ClaimCheck's claim that failed. Empty for ok and for the
  // codes before bad_claim. Set alike by Validate, ValidateBatch and
  // VerifiedTokenCache::Validate. A name jwtv or the options hold, never
  // read from the token: valid while the Validator that judged the token
  // lives and is not assigned to.
  std::string_view failed_claim() const { return failed_claim_; }

  // Requires ok(). The VerifiedToken lives in this Result: its views
  // (verified_token.h) are valid until the Result is destroyed or reused
  // (ValidateBatch into it, a move assignment onto it).
  const VerifiedToken& value() const { return token_; }
  VerifiedToken& value() { return token_; }
  const VerifiedToken* operator->() const { return &token_; }
  const VerifiedToken& operator*() const { return token_; }

 private:
  friend class Validator;
  friend class MultiIssuerValidator;  // multi_issuer.h
  friend class VerifiedTokenCache;    // verified_cache.h
  ErrorCode code_ = ErrorCode::kMalformed;
  std::string_view failed_claim_;
  VerifiedToken token_;
};

class Executor;  // batch.h
class JwksCache;

// The bounds that Validator::Create holds ValidatorOptions to (see there).
// Larger values are configuration mistakes (a unit error, a typo), never
// clamped.
inline constexpr int64_t kLeewayLimitSeconds = 86400;                 // one day
inline constexpr int64_t kMaxAgeLimitSeconds = int64_t{365} * 86400;  // a year
inline constexpr size_t kMaxTokenBytesLimit = size_t{1} << 20;        // 1 MiB
inline constexpr int kMaxKeysWithoutKidLimit = 16;

class JWTV_EXPORT Validator {
 public:
  // Checks the configuration and builds a validator, or fails with
  // InvalidArgument naming the first option that breaks a rule:
  //   - algorithms is empty;
  //   - an entry of issuers, audiences or required_claims is the empty
  //     string, or subject or type is set to the empty string;
  //   - leeway_seconds is outside [0, kLeewayLimitSeconds];
  //   - max_age_seconds is set and outside [0, kMaxAgeLimitSeconds];
  //   - max_token_bytes is outside [1, kMaxTokenBytesLimit];
  //   - max_keys_without_kid is outside [1, kMaxKeysWithoutKidLimit];
  //   - (static keys only) no key of `keys` permits any of the allowed
  //     algorithms, an empty KeySet included.
  static absl::StatusOr<Validator> Create(KeySet keys,
                                          ValidatorOptions options);
  // Validates against the cache's current keys (see jwks_cache.h): each token
  // reads the latest snapshot without a lock, and a key_not_found asks the
  // cache for one rate-limited refresh, after which the token is looked up
  // once more. The options are checked as above; the cache's keys are not
  // (they change while it runs, and may be empty at start). Fails when
  // `cache` is null.
  static absl::StatusOr<Validator> Create(std::shared_ptr<JwksCache> cache,
                                          ValidatorOptions options);

  // The same as Create for a configuration known to be valid (options
  // written in the code): the same rules are checked, and a configuration
  // that Create refuses aborts the process with Create's message on stderr.
  // Use Create for anything read at run time (files, flags, environment).
  Validator(KeySet keys, ValidatorOptions options);
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
  struct Checked {};  // the configuration has passed Create's rules
  Validator(Checked, KeySet keys, ValidatorOptions options);
  Validator(Checked, std::shared_ptr<JwksCache> cache,
            ValidatorOptions options);
  // Validate into *out; a rejection by the policy sets *failed_claim (when
  // not null) to the claim's name, else it becomes empty.
  ErrorCode ValidateInto(std::string_view token, VerifiedToken* out,
                         std::string_view* failed_claim) const;

  KeySet keys_;
  ValidatorOptions options_;
  std::shared_ptr<JwksCache> cache_;
};

}  // namespace jwtv

#endif  // JWTV_VALIDATOR_H_
