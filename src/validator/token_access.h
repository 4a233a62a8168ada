// Copyright 2026 The jwtv Authors.
//
// Read access to a VerifiedToken's claims for jwtv's own modules (the
// policy, the Shopify profile, the public accessors, the Node.js binding's
// claims writer): the same loads the accessors make, inline, with the
// registered claims picked by member rather than by name. TokenAccess is a
// friend of VerifiedToken; users never name it.

#ifndef JWTV_SRC_VALIDATOR_TOKEN_ACCESS_H_
#define JWTV_SRC_VALIDATOR_TOKEN_ACCESS_H_

#include <bit>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "json/claim_value.h"
#include "jwtv/verified_token.h"

namespace jwtv::internal {

class TokenAccess {
 public:
  using Member = int32_t RegisteredClaims::*;

  // Where the registered claims are among the token's claims.
  static RegisteredClaims Registered(const VerifiedToken& token) {
    return std::bit_cast<RegisteredClaims>(token.registered_);
  }
  static void SetRegistered(VerifiedToken* token, const RegisteredClaims& r) {
    token->registered_ = std::bit_cast<decltype(token->registered_)>(r);
  }

  // The registered claim `m`, or null when absent. Points into the token's
  // storage: valid while the token lives and is not reused.
  static const ClaimValue* Find(const VerifiedToken& token, Member m) {
    const int32_t i = Registered(token).*m;
    return i < 0 ? nullptr : token.claims() + i;
  }
  // All the token's claims, in payload order. Points into the token's
  // storage: valid while the token lives and is not reused.
  static std::span<const ClaimValue> Claims(const VerifiedToken& token) {
    return {token.claims(), token.claim_count_};
  }
  // Any claim by name, or null (as Find above).
  static const ClaimValue* Find(const VerifiedToken& token,
                                std::string_view name);

  // The registered claim `m` when it is a string (a number), else nullopt.
  // Strings are views into the token (verified_token.h).
  static std::optional<std::string_view> String(const VerifiedToken& token,
                                                Member m) {
    const ClaimValue* c = Find(token, m);
    if (c == nullptr || c->kind != JsonKind::kString) return std::nullopt;
    return c->str;
  }
  static std::optional<double> Number(const VerifiedToken& token, Member m) {
    const ClaimValue* c = Find(token, m);
    if (c == nullptr || c->kind != JsonKind::kNumber) return std::nullopt;
    return c->number;
  }
  static std::optional<JsonKind> Kind(const VerifiedToken& token, Member m) {
    const ClaimValue* c = Find(token, m);
    if (c == nullptr) return std::nullopt;
    return c->kind;
  }

 private:
  static_assert(sizeof(ClaimValue) <= VerifiedToken::kClaimBytes &&
                alignof(ClaimValue) <= 8);
  static_assert(sizeof(RegisteredClaims) == sizeof(VerifiedToken::registered_));
};

}  // namespace jwtv::internal

#endif  // JWTV_SRC_VALIDATOR_TOKEN_ACCESS_H_
