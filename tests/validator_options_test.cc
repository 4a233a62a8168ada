// Copyright 2026 The jwtv Authors.
//
// Validator::Create's configuration rules (validator.h): one test per rule,
// each showing the bound itself accepted and one step past it refused with
// InvalidArgument naming the option; the constructors abort on the same
// configurations; the Shopify factory applies them too.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "jwtv/algorithm.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/key_set.h"
#include "jwtv/shopify.h"
#include "jwtv/validator.h"
#include "testing/validator_test_util.h"

namespace jwtv {
namespace {

using validator_testing::Code;
using validator_testing::Hs256;
using validator_testing::kHeader;
using validator_testing::kSecret;
using validator_testing::Options;
using validator_testing::Payload;

std::string Message(const absl::Status& s) { return std::string(s.message()); }

KeySet Keys() {
  absl::StatusOr<KeySet> keys = KeySet::FromHmacSecrets({std::string(kSecret)});
  EXPECT_TRUE(keys.ok());
  return keys.ok() ? *std::move(keys) : KeySet();
}

// Create's status: ok, or InvalidArgument whose message names `option`.
::testing::AssertionResult Refused(const ValidatorOptions& o,
                                   std::string_view option) {
  absl::StatusOr<Validator> v = Validator::Create(Keys(), o);
  if (v.ok()) return ::testing::AssertionFailure() << "accepted";
  if (v.status().code() != absl::StatusCode::kInvalidArgument) {
    return ::testing::AssertionFailure() << v.status();
  }
  if (Message(v.status()).find(option) == std::string::npos) {
    return ::testing::AssertionFailure()
           << v.status() << " does not name " << option;
  }
  return ::testing::AssertionSuccess();
}

bool Accepted(const ValidatorOptions& o) {
  return Validator::Create(Keys(), o).ok();
}

TEST(ValidatorCreateTest, DefaultsAreAccepted) {
  absl::StatusOr<Validator> v = Validator::Create(Keys(), Options());
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(Code(*v, Hs256(kHeader, Payload())), "ok");
}

TEST(ValidatorCreateTest, Leeway) {
  ValidatorOptions o = Options();
  o.leeway_seconds = -1;
  EXPECT_TRUE(Refused(o, "leeway_seconds"));
  o.leeway_seconds = kLeewayLimitSeconds + 1;
  EXPECT_TRUE(Refused(o, "leeway_seconds"));
  o.leeway_seconds = kLeewayLimitSeconds;
  EXPECT_TRUE(Accepted(o));
  o.leeway_seconds = 0;
  EXPECT_TRUE(Accepted(o));
}

TEST(ValidatorCreateTest, MaxAge) {
  ValidatorOptions o = Options();
  o.max_age_seconds = -1;
  EXPECT_TRUE(Refused(o, "max_age_seconds"));
  o.max_age_seconds = kMaxAgeLimitSeconds + 1;
  EXPECT_TRUE(Refused(o, "max_age_seconds"));
  o.max_age_seconds = kMaxAgeLimitSeconds;
  EXPECT_TRUE(Accepted(o));
  o.max_age_seconds = 0;
  EXPECT_TRUE(Accepted(o));
}

TEST(ValidatorCreateTest, EmptyAlgorithmSet) {
  ValidatorOptions o = Options();
  o.algorithms = AlgorithmSet();
  EXPECT_TRUE(Refused(o, "algorithms"));
}

TEST(ValidatorCreateTest, EmptyIssuerEntry) {
  ValidatorOptions o = Options();
  o.issuers = {"https://a.example", ""};
  EXPECT_TRUE(Refused(o, "issuers"));
}

TEST(ValidatorCreateTest, EmptyAudienceEntry) {
  ValidatorOptions o = Options();
  o.audiences = {""};
  EXPECT_TRUE(Refused(o, "audiences"));
}

TEST(ValidatorCreateTest, EmptyRequiredClaim) {
  ValidatorOptions o = Options();
  o.required_claims = {"sub", ""};
  EXPECT_TRUE(Refused(o, "required_claims"));
}

TEST(ValidatorCreateTest, EmptySubjectAndType) {
  ValidatorOptions o = Options();
  o.subject = "";
  EXPECT_TRUE(Refused(o, "subject"));
  o = Options();
  o.type = "";
  EXPECT_TRUE(Refused(o, "type"));
}

TEST(ValidatorCreateTest, ClaimChecksThatCanNeverPass) {
  for (ClaimCheck check :
       {ClaimCheck::Equals("", "x"), ClaimCheck::Contains("scope", ""),
        ClaimCheck::OneOf("plan", {}),
        ClaimCheck::Satisfies("tenant", nullptr)}) {
    ValidatorOptions o = Options();
    o.claim_checks = {ClaimCheck::Equals("tenant", "acme"), std::move(check)};
    EXPECT_TRUE(Refused(o, "claim_checks")) << o.claim_checks[1].name();
  }
  ValidatorOptions o = Options();
  o.claim_checks = {ClaimCheck::Contains("scope", "read"),
                    ClaimCheck::OneOf("plan", {"pro"}),
                    ClaimCheck::Satisfies(
                        "tenant", [](const VerifiedToken&) { return true; })};
  EXPECT_TRUE(Validator::Create(Keys(), o).ok());
}

TEST(ValidatorCreateTest, MaxKeysWithoutKid) {
  ValidatorOptions o = Options();
  o.max_keys_without_kid = 0;
  EXPECT_TRUE(Refused(o, "max_keys_without_kid"));
  o.max_keys_without_kid = -3;
  EXPECT_TRUE(Refused(o, "max_keys_without_kid"));
  o.max_keys_without_kid = kMaxKeysWithoutKidLimit + 1;
  EXPECT_TRUE(Refused(o, "max_keys_without_kid"));
  o.max_keys_without_kid = kMaxKeysWithoutKidLimit;
  EXPECT_TRUE(Accepted(o));
  o.max_keys_without_kid = 1;
  EXPECT_TRUE(Accepted(o));
}

TEST(ValidatorCreateTest, MaxTokenBytes) {
  ValidatorOptions o = Options();
  o.max_token_bytes = 0;
  EXPECT_TRUE(Refused(o, "max_token_bytes"));
  o.max_token_bytes = kMaxTokenBytesLimit + 1;
  EXPECT_TRUE(Refused(o, "max_token_bytes"));
  o.max_token_bytes = kMaxTokenBytesLimit;
  EXPECT_TRUE(Accepted(o));
}

TEST(ValidatorCreateTest, StaticKeysMustPermitAnAllowedAlgorithm) {
  ValidatorOptions o = Options();
  absl::StatusOr<Validator> empty = Validator::Create(KeySet(), o);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(Message(empty.status()).find("key set"), std::string::npos);
  // A secret verifies HS* only: an RS/ES-only validator could accept nothing.
  o.algorithms = {Algorithm::kRS256, Algorithm::kES256};
  absl::StatusOr<Validator> v = Validator::Create(Keys(), o);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(Message(v.status()).find("key set"), std::string::npos);
  // One algorithm in common is enough.
  o.algorithms = {Algorithm::kRS256, Algorithm::kHS512};
  EXPECT_TRUE(Validator::Create(Keys(), o).ok());
}

TEST(ValidatorCreateTest, JwksCacheSource) {
  // A null cache is refused; an empty cache at start is not (its keys come
  // later), but its options are checked as a KeySet validator's.
  absl::StatusOr<Validator> null_cache =
      Validator::Create(std::shared_ptr<JwksCache>(), Options());
  ASSERT_FALSE(null_cache.ok());
  EXPECT_EQ(null_cache.status().code(), absl::StatusCode::kInvalidArgument);

  const std::string jwks = R"({"keys":[{"kty":"oct","k":")" +
                           validator_testing::B64(kSecret) + R"("}]})";
  absl::StatusOr<std::shared_ptr<JwksCache>> cache =
      JwksCache::FromDocument(jwks);
  ASSERT_TRUE(cache.ok()) << cache.status();
  EXPECT_TRUE(Validator::Create(*cache, Options()).ok());
  // The cache's keys change while it runs: they are not held to the
  // algorithms (an RS256-only validator over today's HS keys is built).
  ValidatorOptions rs_only = Options();
  rs_only.algorithms = {Algorithm::kRS256};
  EXPECT_TRUE(Validator::Create(*cache, rs_only).ok());
  ValidatorOptions o = Options();
  o.leeway_seconds = -5;
  absl::StatusOr<Validator> v = Validator::Create(*cache, o);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(Message(v.status()).find("leeway_seconds"), std::string::npos);
}

TEST(ValidatorCreateDeathTest, ConstructorAbortsOnWhatCreateRefuses) {
  ValidatorOptions o = Options();
  o.leeway_seconds = -1;
  EXPECT_DEATH(Validator(Keys(), o), "leeway_seconds");
  EXPECT_DEATH(Validator(KeySet(), Options()), "key set");
  EXPECT_DEATH(Validator(std::shared_ptr<JwksCache>(), Options()), "null");
}

TEST(ValidatorCreateTest, ShopifyFactoryChecksItsOptions) {
  ShopifyOptions s;
  s.api_key = "api-key";
  s.secrets = {std::string(kSecret)};
  EXPECT_TRUE(MakeShopifyValidator(s).ok());
  ShopifyOptions no_key = s;
  no_key.api_key.clear();
  EXPECT_FALSE(MakeShopifyValidator(no_key).ok());
  ShopifyOptions no_secret = s;
  no_secret.secrets.clear();
  EXPECT_FALSE(MakeShopifyValidator(no_secret).ok());
  ShopifyOptions empty_secret = s;
  empty_secret.secrets = {std::string(kSecret), ""};
  EXPECT_FALSE(MakeShopifyValidator(empty_secret).ok());
  ShopifyOptions negative = s;
  negative.leeway_seconds = -10;
  absl::StatusOr<Validator> v = MakeShopifyValidator(negative);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(Message(v.status()).find("leeway_seconds"), std::string::npos);
  ShopifyOptions huge = s;
  huge.leeway_seconds = kLeewayLimitSeconds + 1;
  EXPECT_FALSE(MakeShopifyValidator(huge).ok());
}

}  // namespace
}  // namespace jwtv
