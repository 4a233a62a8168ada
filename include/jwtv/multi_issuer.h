// Copyright 2026 The jwtv Authors.
//
// MultiIssuerValidator: tokens of several issuers, each verified only with
// its own issuer's keys and checked with its own options.
//
//   std::vector<jwtv::IssuerProvider> providers;
//   providers.push_back({.issuer = "https://accounts.example",
//                        .keys = accounts_cache,  // shared_ptr<JwksCache>
//                        .options = accounts_options});
//   providers.push_back({.issuer = "https://pos.example",
//                        .keys = pos_key_set,     // KeySet
//                        .options = pos_options});
//   absl::StatusOr<jwtv::MultiIssuerValidator> validator =
//       jwtv::MultiIssuerValidator::Create(std::move(providers));
//   if (!validator.ok()) return validator.status();
//   jwtv::Result r = validator->Validate(token);
//
// Why not one Validator with every provider's keys and issuers: there a key
// of provider B verifies a token that claims provider A's iss, so B can
// impersonate A's users. Here a token is routed by its iss and verified with
// that provider's keys alone.
//
// Routing reads the token's iss before its signature is checked, for
// routing only: the payload is decoded (its first 192 bytes, where iss
// nearly always is, and the rest only when needed) and its top level read
// up to the first iss (member names, where each value ends; a member name
// or an iss with an escape goes through the strict claims reader instead).
// Nothing routing reads is kept: the provider reads the whole payload
// strictly once the signature holds, and requires iss to equal its issuer.
// A token that cannot be routed is answered at once, in this order:
//   - malformed: longer than the largest provider's max_token_bytes, or not
//     three non-empty strict base64url segments;
//   - bad_json: the payload's top level is not a JSON object (up to its
//     first iss, or to its end when it has none);
//   - missing_claim: the payload has no top-level iss;
//   - bad_claim: the first iss is not a string;
//   - bad_issuer: no provider has that iss (exact comparison, after
//     unescaping).
// A second iss (a duplicate name) and any other JSON defect are found by
// the provider: bad_json when its key signed the token, else the signature's
// answer (bad_signature, key_not_found), as for a Validator.
// A routed token then gets exactly its provider's Validator's answer (header,
// alg, keys, signature, claims, in validator.h's order), the provider's
// Validator requiring iss to equal the provider's issuer. So a token whose
// iss names provider A but that provider B's key signed is refused:
// bad_signature when A has keys that are tried for it (a token without kid,
// or keys without a kid standing in), key_not_found when its kid names no
// key of A. Routing answers come before the header checks: a token without
// iss and with a bad signature is missing_claim here, bad_signature for a
// Validator.
//
// Cost: one Validator::Validate plus the routing: the payload decoded and
// its top level scanned, and one binary search among the issuers.
//
// Validate and ValidateBatch are const and thread-safe, as Validator's.
//
// Stability (docs/DESIGN.md, "What is stable"): what this header documents
// is the source-level API; the ABI may change in any release before 1.0.

#ifndef JWTV_MULTI_ISSUER_H_
#define JWTV_MULTI_ISSUER_H_

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "jwtv/error.h"
#include "jwtv/export.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"
#include "jwtv/verified_token.h"

namespace jwtv {

class Executor;  // batch.h
class JwksCache;

// One issuer and what its tokens are checked with.
struct IssuerProvider {
  // The exact iss of this provider's tokens; not empty.
  std::string issuer;
  // This provider's keys: static, or a JWKS cache (jwks_cache.h).
  std::variant<KeySet, std::shared_ptr<JwksCache>> keys;
  // Audiences, algorithms, leeway and every other check, as for a
  // Validator. issuers must be empty or exactly {issuer}; it is set to
  // {issuer}.
  ValidatorOptions options;
};

class JWTV_EXPORT MultiIssuerValidator {
 public:
  // Builds one Validator per provider (Validator::Create's rules apply to
  // each, and its message is prefixed with the provider's index and
  // issuer). Fails with InvalidArgument when `providers` is empty, an
  // issuer is empty or given twice, or options.issuers says anything but
  // the provider's issuer.
  static absl::StatusOr<MultiIssuerValidator> Create(
      std::vector<IssuerProvider> providers);

  MultiIssuerValidator(MultiIssuerValidator&&) noexcept;
  MultiIssuerValidator& operator=(MultiIssuerValidator&&) noexcept;
  ~MultiIssuerValidator();

  // The Result of the token's provider, or a routing failure (above). The
  // views of an accepted token live in the Result, as for Validator.
  Result Validate(std::string_view token) const;
  // Writes into *out, reusing its storage; *out is unspecified on failure.
  ErrorCode Validate(std::string_view token, VerifiedToken* out) const;
  // out[i] becomes exactly what Validate(tokens[i]) returns, for every i <
  // min(tokens.size(), out.size()). When every token routes to one
  // provider, that provider's Validator::ValidateBatch runs the batch (with
  // its sharing of keys, identical tokens and executor threads); otherwise
  // the tokens are validated one by one on the calling thread.
  void ValidateBatch(std::span<const std::string_view> tokens,
                     std::span<Result> out, Executor* executor = nullptr) const;

  // The provider's Validator for `issuer`, or null. Lives as long as this.
  const Validator* Find(std::string_view issuer) const;
  // Each provider's Validator, in the order given to Create. Lives as long
  // as this.
  std::span<const Validator> providers() const { return validators_; }
  size_t size() const { return validators_.size(); }

 private:
  MultiIssuerValidator() = default;
  // The token's provider (an index into validators_), or a routing failure.
  ErrorCode Route(std::string_view token, size_t* provider) const;

  std::vector<Validator> validators_;
  // (issuer, index into validators_), sorted by issuer.
  std::vector<std::pair<std::string, size_t>> by_issuer_;
  size_t max_token_bytes_ = 0;  // the largest provider's
};

}  // namespace jwtv

#endif  // JWTV_MULTI_ISSUER_H_
