// Copyright 2026 The jwtv Authors.
//
// The Shopify session-token claim rules (dest and iss), used by the policy
// when the Shopify profile is selected and by ShopifySession.

#ifndef JWTV_SRC_SHOPIFY_SHOPIFY_CLAIMS_H_
#define JWTV_SRC_SHOPIFY_SHOPIFY_CLAIMS_H_

#include <string_view>

#include "jwtv/verified_token.h"

namespace jwtv::internal {

struct ShopifyDest {
  enum State { kAbsent, kInvalid, kValid };
  State state = kAbsent;
  std::string_view host;  // "<shop>.myshopify.com"
};

// dest must be "https://<shop>.myshopify.com" or the bare host, with shop
// made of ASCII letters, digits and dashes.
ShopifyDest ParseShopifyDest(const VerifiedToken& token);

// iss is "https://<host>" or starts with "https://<host>/".
bool ShopifyIssuerMatches(std::string_view iss, std::string_view host);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_SHOPIFY_SHOPIFY_CLAIMS_H_
