// Copyright 2026 The jwtv Authors.

#include "jwtv/shopify.h"

#include <array>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "shopify/shopify_claims.h"

namespace jwtv {
namespace internal {
namespace {

constexpr char kHttps[] = "https://";
constexpr char kSuffix[] = ".myshopify.com";
constexpr size_t kHttpsSize = sizeof(kHttps) - 1;
constexpr size_t kSuffixSize = sizeof(kSuffix) - 1;

// ASCII letters, digits and '-': one table lookup a byte.
constexpr std::array<bool, 256> kShopChars = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-';
  }
  return t;
}();

bool IsShopName(std::string_view shop) {
  bool ok = true;
  for (char c : shop) ok &= kShopChars[static_cast<unsigned char>(c)];
  return ok;
}

// True iff s starts (ends) with the literal: a fixed-size compare, which
// the compiler inlines.
template <size_t N>
bool StartsWith(std::string_view s, const char (&literal)[N]) {
  return s.size() >= N - 1 && std::memcmp(s.data(), literal, N - 1) == 0;
}
template <size_t N>
bool EndsWith(std::string_view s, const char (&literal)[N]) {
  return s.size() >= N - 1 &&
         std::memcmp(s.data() + s.size() - (N - 1), literal, N - 1) == 0;
}

}  // namespace

ShopifyDest ParseShopifyDest(const VerifiedToken& token) {
  ShopifyDest out;
  // One lookup when dest is the string it should be.
  std::optional<std::string_view> dest = token.GetString("dest");
  if (!dest) {
    if (token.HasClaim("dest")) out.state = ShopifyDest::kInvalid;
    return out;
  }
  out.state = ShopifyDest::kInvalid;
  std::string_view host = *dest;
  if (StartsWith(host, kHttps)) host.remove_prefix(kHttpsSize);
  if (host.size() <= kSuffixSize || !EndsWith(host, kSuffix)) return out;
  if (!IsShopName(host.substr(0, host.size() - kSuffixSize))) return out;
  out.state = ShopifyDest::kValid;
  out.host = host;
  return out;
}

bool ShopifyIssuerMatches(std::string_view iss, std::string_view host) {
  if (!StartsWith(iss, kHttps)) return false;
  iss.remove_prefix(kHttpsSize);
  if (iss.substr(0, host.size()) != host) return false;
  iss.remove_prefix(host.size());
  return iss.empty() || iss.front() == '/';
}

}  // namespace internal

ValidatorOptions ShopifyValidatorOptions(std::string api_key,
                                         int64_t leeway_seconds) {
  ValidatorOptions options;
  options.algorithms = {Algorithm::kHS256};
  options.audiences = {std::move(api_key)};
  options.leeway_seconds = leeway_seconds;
  options.require_exp = true;
  options.profile = Profile::kShopifySession;
  return options;
}

absl::StatusOr<Validator> MakeShopifyValidator(ShopifyOptions options) {
  if (options.api_key.empty()) {
    return absl::InvalidArgumentError("Shopify profile: api_key is empty");
  }
  if (options.secrets.empty()) {
    return absl::InvalidArgumentError("Shopify profile: no client secret");
  }
  KeySet::Builder builder;
  for (const std::string& secret : options.secrets) {
    if (secret.empty()) {
      return absl::InvalidArgumentError("Shopify profile: empty client secret");
    }
    // RFC 7518 section 3.2; every Shopify client secret is at least this
    // long, so a shorter one is a configuration mistake (a wrong file, the
    // API key given as the secret).
    constexpr size_t kMinSecretBytes = 32;
    if (secret.size() < kMinSecretBytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          "Shopify profile: client secret of ", secret.size(),
          " bytes; HS256 needs at least 32 (RFC 7518 section 3.2), and "
          "Shopify client secrets are that long"));
    }
    absl::Status s = builder.AddHmacSecret(secret, {}, {Algorithm::kHS256});
    if (!s.ok()) return s;
  }
  ValidatorOptions vo = ShopifyValidatorOptions(std::move(options.api_key),
                                                options.leeway_seconds);
  vo.clock = std::move(options.clock);
  return Validator(std::move(builder).Build(), std::move(vo));
}

std::optional<ShopifySession> ShopifySession::From(const VerifiedToken& token) {
  internal::ShopifyDest dest = internal::ParseShopifyDest(token);
  if (dest.state != internal::ShopifyDest::kValid) return std::nullopt;
  ShopifySession s;
  s.shop_domain_ = dest.host;
  s.user_id_ = token.subject();
  s.session_id_ = token.GetString("sid");
  s.token_id_ = token.jwt_id();
  s.expiry_ = token.expiration().value_or(0);
  return s;
}

}  // namespace jwtv
