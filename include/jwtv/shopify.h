// Copyright 2026 The jwtv Authors.
//
// The Shopify session-token profile.
//
// A Shopify session token (from App Bridge or a POS UI extension's
// getSessionToken()) is an HS256 JWT signed with the app's client secret.
// This profile checks what Shopify's own libraries check, and nothing that
// real tokens may lack:
//   - HS256 only, keyed with the client secret used verbatim (several
//     secrets, current and previous, may be given during a rotation);
//   - exp required, nbf checked when present, both with 10 s leeway by
//     default;
//   - aud equal to the app's client ID (API key);
//   - dest is "https://<shop>.myshopify.com" or the bare host, shop made of
//     letters, digits and dashes (else bad_claim);
//   - iss, when present, is "https://<same host>" or starts with
//     "https://<same host>/" (else bad_issuer).
// sub, sid and jti are optional.
//
// Stability (docs/DESIGN.md, "What is stable"): the profile's rules and
// what this header documents at source level are stable; the ABI may change
// in any release before 1.0.

#ifndef JWTV_SHOPIFY_H_
#define JWTV_SHOPIFY_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "jwtv/clock.h"
#include "jwtv/export.h"
#include "jwtv/validator.h"

namespace jwtv {

struct ShopifyOptions {
  std::string api_key;               // the app's client ID
  std::vector<std::string> secrets;  // client secrets, raw bytes
  int64_t leeway_seconds = 10;
  Clock clock;  // system clock when empty (clock.h)
};

// The ValidatorOptions of the profile (for callers that build their own
// KeySet).
JWTV_EXPORT ValidatorOptions
ShopifyValidatorOptions(std::string api_key, int64_t leeway_seconds = 10);

// A Validator for Shopify session tokens. Fails (InvalidArgument) if api_key
// or secrets is empty, a secret is shorter than the 32 bytes RFC 7518
// section 3.2 requires for HS256 (Shopify client secrets are at least that
// long), or leeway_seconds breaks Validator::Create's bounds
// ([0, kLeewayLimitSeconds]).
JWTV_EXPORT absl::StatusOr<Validator> MakeShopifyValidator(
    ShopifyOptions options);

// A typed view of a token accepted by the profile. Its strings are views
// into the VerifiedToken it was made from (usually a Result's): valid while
// that token lives and is not reused (verified_token.h), however long the
// ShopifySession lives. Copy what must outlive the Result:
//   std::string shop(session->shop_domain());
class JWTV_EXPORT ShopifySession {
 public:
  // Returns nullopt if the token lacks a valid dest (it was not validated
  // with the Shopify profile).
  static std::optional<ShopifySession> From(const VerifiedToken& token);

  // x.myshopify.com. This and the three below are views into the
  // VerifiedToken (see above).
  std::string_view shop_domain() const { return shop_domain_; }
  std::optional<std::string_view> user_id() const { return user_id_; }
  std::optional<std::string_view> session_id() const { return session_id_; }
  std::optional<std::string_view> token_id() const { return token_id_; }
  double expiry() const { return expiry_; }

 private:
  std::string_view shop_domain_;
  std::optional<std::string_view> user_id_, session_id_, token_id_;
  double expiry_ = 0;
};

}  // namespace jwtv

#endif  // JWTV_SHOPIFY_H_
