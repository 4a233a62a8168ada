// Copyright 2026 The jwtv Authors.
//
// The Shopify session-token profile through the Validator: the typed
// session view, the dest and iss rules, audience, algorithms and time,
// secret rotation and construction errors.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "jwtv/error.h"
#include "jwtv/shopify.h"
#include "jwtv/validator.h"
#include "testing/validator_test_util.h"

namespace jwtv {
namespace {

using validator_testing::At;
using validator_testing::Code;
using validator_testing::Hs256;
using validator_testing::kHeader;
using validator_testing::kNow;
using validator_testing::MakeValidator;
using validator_testing::Payload;
using validator_testing::Sign;

// ---------------------------------------------------------------- Shopify

constexpr std::string_view kApiKey = "shopify-api-key";
// Shaped like Shopify client secrets ("shpss_" and 32 hex digits).
constexpr std::string_view kShopSecret =
    "shpss_0123456789abcdef0123456789abcdef";
constexpr std::string_view kOldSecret =
    "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";

Validator Shopify(std::vector<std::string> secrets = {
                      std::string(kShopSecret)}) {
  ShopifyOptions o;
  o.api_key = std::string(kApiKey);
  o.secrets = std::move(secrets);
  o.clock = [] { return FromUnixSeconds(kNow); };
  auto v = MakeShopifyValidator(std::move(o));
  EXPECT_TRUE(v.ok()) << v.status();
  return std::move(*v);
}

std::string ShopPayload(std::string_view dest, std::string_view extra = {}) {
  return R"({"iss":"https://my-shop.myshopify.com/admin","dest":")" +
         std::string(dest) + R"(","aud":")" + std::string(kApiKey) +
         R"(","sub":"42","exp":)" + At(60) + R"(,"nbf":)" + At(-60) +
         R"(,"iat":)" + At(-60) +
         R"(,"jti":"f8912129-1af6-4cad-9ca3-76b0f7621087","sid":"aaea182f2732d44c23057c0fea584021a4485b2bd25d3eb7fd349313ad24c685")" +
         std::string(extra) + "}";
}

std::string ShopToken(std::string_view payload,
                      std::string_view secret = kShopSecret) {
  return Hs256(R"({"alg":"HS256","typ":"JWT"})", payload, secret);
}

TEST(ShopifyTest, AcceptsSessionTokenAndExposesTypedView) {
  Validator v = Shopify();
  Result r =
      v.Validate(ShopToken(ShopPayload("https://my-shop.myshopify.com")));
  ASSERT_TRUE(r.ok()) << r.code_name();
  std::optional<ShopifySession> s = ShopifySession::From(*r);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->shop_domain(), "my-shop.myshopify.com");
  EXPECT_EQ(s->user_id(), "42");
  EXPECT_EQ(s->session_id(),
            "aaea182f2732d44c23057c0fea584021a4485b2bd25d3eb7fd349313ad24c685");
  EXPECT_EQ(s->token_id(), "f8912129-1af6-4cad-9ca3-76b0f7621087");
  EXPECT_EQ(s->expiry(), static_cast<double>(kNow + 60));
}

TEST(ShopifyTest, OptionalClaimsAbsent) {
  Validator v = Shopify();
  const std::string p = R"({"dest":"https://a1.myshopify.com","aud":")" +
                        std::string(kApiKey) + R"(","exp":)" + At(60) + "}";
  Result r = v.Validate(ShopToken(p));
  ASSERT_TRUE(r.ok()) << r.code_name();
  auto s = ShopifySession::From(*r);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->shop_domain(), "a1.myshopify.com");
  EXPECT_FALSE(s->user_id().has_value());
  EXPECT_FALSE(s->session_id().has_value());
  EXPECT_FALSE(s->token_id().has_value());
}

TEST(ShopifyTest, Dest) {
  Validator v = Shopify();
  // The bare host is accepted.
  Result bare = v.Validate(ShopToken(ShopPayload("my-shop.myshopify.com")));
  ASSERT_TRUE(bare.ok()) << bare.code_name();
  EXPECT_EQ(ShopifySession::From(*bare)->shop_domain(),
            "my-shop.myshopify.com");
  for (std::string_view dest :
       {"https://my-shop.myshopify.com/admin", "https://my-shop.myshopify.com/",
        "https://evil.com", "https://my-shop.evil.com",
        "https://my-shop.myshopify.com.evil.com",
        "http://my-shop.myshopify.com", "https://my_shop.myshopify.com",
        "https://my.shop.myshopify.com", "https://.myshopify.com",
        "myshopify.com", "", "https://my-shop.myshopify.com:443",
        "HTTPS://my-shop.myshopify.com"}) {
    SCOPED_TRACE(dest);
    EXPECT_EQ(Code(v, ShopToken(ShopPayload(dest))), "bad_claim");
  }
  // dest not a string.
  std::string p = ShopPayload("x");
  p.replace(p.find(R"("x")"), 3, "42");
  EXPECT_EQ(Code(v, ShopToken(p)), "bad_claim");
  // Missing dest.
  const std::string no_dest =
      R"({"aud":")" + std::string(kApiKey) + R"(","exp":)" + At(60) + "}";
  EXPECT_EQ(Code(v, ShopToken(no_dest)), "missing_claim");
}

TEST(ShopifyTest, Issuer) {
  Validator v = Shopify();
  auto with_iss = [](std::string_view iss) {
    std::string p = ShopPayload("https://my-shop.myshopify.com");
    const std::string old = "https://my-shop.myshopify.com/admin";
    p.replace(p.find(old), old.size(), iss);
    return ShopToken(p);
  };
  EXPECT_EQ(Code(v, with_iss("https://my-shop.myshopify.com/admin")), "ok");
  EXPECT_EQ(Code(v, with_iss("https://my-shop.myshopify.com")), "ok");
  EXPECT_EQ(Code(v, with_iss("https://my-shop.myshopify.com/checkouts/x")),
            "ok");
  for (std::string_view iss :
       {"https://other.myshopify.com/admin",
        "https://my-shop.myshopify.com.evil.com",
        "https://my-shop.myshopify.com.evil.com/admin",
        "https://my-shop.myshopify.comx", "http://my-shop.myshopify.com/admin",
        "my-shop.myshopify.com", "https://evil.com/my-shop.myshopify.com"}) {
    SCOPED_TRACE(iss);
    EXPECT_EQ(Code(v, with_iss(iss)), "bad_issuer");
  }
  // iss is optional.
  std::string p = ShopPayload("https://my-shop.myshopify.com");
  const std::string member = R"("iss":"https://my-shop.myshopify.com/admin",)";
  p.erase(p.find(member), member.size());
  EXPECT_EQ(Code(v, ShopToken(p)), "ok");
}

TEST(ShopifyTest, AudienceAlgorithmsAndTime) {
  Validator v = Shopify();
  std::string p = ShopPayload("https://my-shop.myshopify.com");
  std::string wrong_aud = p;
  wrong_aud.replace(wrong_aud.find(kApiKey), kApiKey.size(), "other-app");
  EXPECT_EQ(Code(v, ShopToken(wrong_aud)), "bad_audience");
  // HS384 (and anything but HS256) is refused, even with the right secret.
  EXPECT_EQ(
      Code(v, Sign(Algorithm::kHS384, R"({"alg":"HS384"})", p, kShopSecret)),
      "alg_not_allowed");
  EXPECT_EQ(
      Code(v, Sign(Algorithm::kHS512, R"({"alg":"HS512"})", p, kShopSecret)),
      "alg_not_allowed");
  // Wrong secret.
  EXPECT_EQ(Code(v, ShopToken(p, "not-the-secret")), "bad_signature");
  // nbf 9 s ahead (browser clock) passes the default 10 s leeway; 11 s not.
  auto with_nbf = [&](int64_t delta) {
    std::string q = p;
    const std::string old = R"("nbf":)" + At(-60);
    q.replace(q.find(old), old.size(), R"("nbf":)" + At(delta));
    return ShopToken(q);
  };
  EXPECT_EQ(Code(v, with_nbf(9)), "ok");
  EXPECT_EQ(Code(v, with_nbf(10)), "ok");
  EXPECT_EQ(Code(v, with_nbf(11)), "not_yet_valid");
  // exp within the leeway.
  auto with_exp = [&](int64_t delta) {
    std::string q = p;
    const std::string old = R"("exp":)" + At(60);
    q.replace(q.find(old), old.size(), R"("exp":)" + At(delta));
    return ShopToken(q);
  };
  EXPECT_EQ(Code(v, with_exp(-9)), "ok");
  EXPECT_EQ(Code(v, with_exp(-10)), "expired");
  // exp required.
  std::string no_exp = p;
  const std::string exp_member = R"("exp":)" + At(60) + ",";
  no_exp.erase(no_exp.find(exp_member), exp_member.size());
  EXPECT_EQ(Code(v, ShopToken(no_exp)), "missing_claim");
}

TEST(ShopifyTest, AudMustBeTheApiKeyAsAString) {
  Validator v = Shopify();
  std::string p = ShopPayload("https://my-shop.myshopify.com");
  const std::string aud = R"("aud":")" + std::string(kApiKey) + "\"";
  std::string as_array = p;
  as_array.replace(as_array.find(aud), aud.size(),
                   R"("aud":[")" + std::string(kApiKey) + "\"]");
  EXPECT_EQ(Code(v, ShopToken(as_array)), "bad_audience");
  std::string absent = p;
  absent.replace(absent.find(aud) - 1, aud.size() + 1, "");
  EXPECT_EQ(Code(v, ShopToken(absent)), "missing_claim");
}

TEST(ShopifyTest, SecretRotation) {
  Validator both = Shopify({std::string(kShopSecret), std::string(kOldSecret)});
  const std::string p = ShopPayload("https://my-shop.myshopify.com");
  EXPECT_EQ(Code(both, ShopToken(p, kShopSecret)), "ok");
  EXPECT_EQ(Code(both, ShopToken(p, kOldSecret)), "ok");
  EXPECT_EQ(Code(both, ShopToken(p, "third")), "bad_signature");
  Validator current = Shopify();
  EXPECT_EQ(Code(current, ShopToken(p, kOldSecret)), "bad_signature");
}

TEST(ShopifyTest, ConstructionErrors) {
  ShopifyOptions o;
  o.secrets = {std::string(kShopSecret)};
  EXPECT_FALSE(MakeShopifyValidator(o).ok());  // no api key
  o.api_key = "k";
  o.secrets = {};
  EXPECT_FALSE(MakeShopifyValidator(o).ok());  // no secret
  o.secrets = {std::string(kShopSecret), ""};
  EXPECT_FALSE(MakeShopifyValidator(o).ok());  // an empty secret
  o.secrets = {std::string(kShopSecret)};
  EXPECT_TRUE(MakeShopifyValidator(o).ok());
  // RFC 7518 section 3.2: HS256 needs 32 bytes; a shorter secret (here next
  // to a good one) is refused with a status that says so.
  o.secrets = {std::string(kShopSecret), std::string(31, 's')};
  absl::StatusOr<Validator> short_secret = MakeShopifyValidator(o);
  EXPECT_EQ(short_secret.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(short_secret.status().message().find("31 bytes"), std::string::npos)
      << short_secret.status();
  EXPECT_NE(short_secret.status().message().find("RFC 7518 section 3.2"),
            std::string::npos)
      << short_secret.status();
  EXPECT_EQ(short_secret.status().message().find("sss"), std::string::npos);
  o.secrets = {std::string(32, 's')};
  EXPECT_TRUE(MakeShopifyValidator(o).ok());
  ValidatorOptions vo = ShopifyValidatorOptions("key");
  EXPECT_EQ(vo.algorithms, AlgorithmSet({Algorithm::kHS256}));
  EXPECT_EQ(vo.audiences, std::vector<std::string>{"key"});
  EXPECT_EQ(vo.leeway_seconds, 10);
  EXPECT_TRUE(vo.require_exp);
  EXPECT_NE(vo.profile, nullptr);
}

TEST(ShopifyTest, SessionFromNonShopifyToken) {
  Result r = MakeValidator().Validate(Hs256(kHeader, Payload()));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(ShopifySession::From(*r).has_value());
  Result bad = MakeValidator().Validate(
      Hs256(kHeader, Payload(R"(,"dest":"https://x.example")")));
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(ShopifySession::From(*bad).has_value());
}

}  // namespace
}  // namespace jwtv
