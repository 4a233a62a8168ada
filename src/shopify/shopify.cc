// Copyright 2026 The jwtv Authors.

#include "jwtv/shopify.h"

#include <array>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "json/claim_value.h"
#include "policy/claim_profile.h"
#include "validator/token_access.h"

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

struct ShopifyDest {
  enum State { kAbsent, kInvalid, kValid };
  State state = kAbsent;
  std::string_view host;  // "<shop>.myshopify.com"
};

// dest must be "https://<shop>.myshopify.com" or the bare host, with shop
// made of ASCII letters, digits and dashes.
ShopifyDest ParseShopifyDest(const VerifiedToken& token) {
  ShopifyDest out;
  const ClaimValue* dest = TokenAccess::Find(token, "dest");
  if (dest == nullptr) return out;
  out.state = ShopifyDest::kInvalid;
  if (dest->kind != JsonKind::kString) return out;
  std::string_view host = dest->str;
  if (StartsWith(host, kHttps)) host.remove_prefix(kHttpsSize);
  if (host.size() <= kSuffixSize || !EndsWith(host, kSuffix)) return out;
  if (!IsShopName(host.substr(0, host.size() - kSuffixSize))) return out;
  out.state = ShopifyDest::kValid;
  out.host = host;
  return out;
}

// iss is "https://<host>" or starts with "https://<host>/".
bool ShopifyIssuerMatches(std::string_view iss, std::string_view host) {
  if (!StartsWith(iss, kHttps)) return false;
  iss.remove_prefix(kHttpsSize);
  if (iss.substr(0, host.size()) != host) return false;
  iss.remove_prefix(host.size());
  return iss.empty() || iss.front() == '/';
}

// The profile's rules (shopify.h), as verdicts the policy applies at their
// steps of the error order.
class ShopifySessionProfile final : public ClaimProfile {
 public:
  ProfileVerdicts Check(const VerifiedToken& token) const override {
    ProfileVerdicts v;
    const ShopifyDest dest = ParseShopifyDest(token);
    if (dest.state == ShopifyDest::kInvalid) v.claim = ErrorCode::kBadClaim;
    if (dest.state == ShopifyDest::kAbsent)
      v.missing = ErrorCode::kMissingClaim;
    const std::optional<std::string_view> iss =
        TokenAccess::String(token, &RegisteredClaims::iss);
    if (iss && dest.state == ShopifyDest::kValid &&
        !ShopifyIssuerMatches(*iss, dest.host)) {
      v.issuer = ErrorCode::kBadIssuer;
    }
    // Shopify's libraries compare aud to the API key as a string.
    const std::optional<JsonKind> aud =
        TokenAccess::Kind(token, &RegisteredClaims::aud);
    if (aud && *aud != JsonKind::kString) v.audience = ErrorCode::kBadAudience;
    return v;
  }

  std::string_view ClaimName() const override { return "dest"; }
};

}  // namespace
}  // namespace internal

ValidatorOptions ShopifyValidatorOptions(std::string api_key,
                                         int64_t leeway_seconds) {
  ValidatorOptions options;
  options.algorithms = {Algorithm::kHS256};
  options.audiences = {std::move(api_key)};
  options.leeway_seconds = leeway_seconds;
  options.require_exp = true;
  // One profile object for every options: it holds no state.
  static const auto* const profile =
      new std::shared_ptr<const internal::ClaimProfile>(
          std::make_shared<internal::ShopifySessionProfile>());
  options.profile = *profile;
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
  // Validator::Create checks the rest (the leeway's bounds above all).
  return Validator::Create(std::move(builder).Build(), std::move(vo));
}

std::optional<ShopifySession> ShopifySession::From(const VerifiedToken& token) {
  using internal::RegisteredClaims;
  using internal::TokenAccess;
  internal::ShopifyDest dest = internal::ParseShopifyDest(token);
  if (dest.state != internal::ShopifyDest::kValid) return std::nullopt;
  ShopifySession s;
  s.shop_domain_ = dest.host;
  s.user_id_ = TokenAccess::String(token, &RegisteredClaims::sub);
  s.session_id_ = token.GetString("sid");
  s.token_id_ = TokenAccess::String(token, &RegisteredClaims::jti);
  s.expiry_ = TokenAccess::Number(token, &RegisteredClaims::exp).value_or(0);
  return s;
}

}  // namespace jwtv
