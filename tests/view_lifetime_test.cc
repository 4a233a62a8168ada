// Copyright 2026 The jwtv Authors.
//
// A view read after the VerifiedToken it points into is gone, or was reused
// for another token, is reported by AddressSanitizer instead of silently
// showing another request's claims. The mistake these tests make on purpose
// is a common one: a helper returns ShopifySession::From(*r)->shop_domain()
// while its Result dies with it.
//
// Death tests: they run in ASan builds only (the asan and fuzz presets) and
// are skipped elsewhere, where such a read is undefined behaviour that
// nothing reports. Each death statement prints what it read, so a build
// that fails to report shows whose data the stale view saw.

#include <openssl/hmac.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "absl/base/config.h"
#ifdef ABSL_HAVE_ADDRESS_SANITIZER
#include <sanitizer/asan_interface.h>
#endif
#include "base64url/base64url.h"
#include "gtest/gtest.h"
#include "jwtv/key_set.h"
#include "jwtv/shopify.h"
#include "jwtv/validator.h"
#include "jwtv/verified_cache.h"
#include "testing/test_util.h"

namespace jwtv {
namespace {

constexpr int64_t kNow = 1700000000;
constexpr std::string_view kApiKey = "view-lifetime-api-key";
// As long as a real Shopify client secret (32 bytes and more).
constexpr std::string_view kClientSecret =
    "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";

#ifdef ABSL_HAVE_ADDRESS_SANITIZER
constexpr bool kAsan = true;
#else
constexpr bool kAsan = false;
#endif

#define SKIP_UNLESS_ASAN() \
  if (!kAsan) GTEST_SKIP() << "reported only in AddressSanitizer builds"

// A session token for https://<shop>.myshopify.com that expires
// `expires_in` seconds from now.
std::string ShopToken(std::string_view shop, int64_t expires_in = 60) {
  const std::string host = std::string(shop) + ".myshopify.com";
  const std::string payload =
      R"({"iss":"https://)" + host + R"(/admin","dest":"https://)" + host +
      R"(","aud":")" + std::string(kApiKey) + R"(","sub":"42","exp":)" +
      std::to_string(kNow + expires_in) + R"(,"nbf":)" +
      std::to_string(kNow - 60) + "}";
  return testing::Hs256Token(R"({"alg":"HS256","typ":"JWT"})", payload,
                             kClientSecret);
}

const Validator& Shopify() {
  static const Validator* const v = [] {
    ShopifyOptions o;
    o.api_key = std::string(kApiKey);
    o.secrets = {std::string(kClientSecret)};
    o.clock = [] { return FromUnixSeconds(kNow); };
    auto made = MakeShopifyValidator(std::move(o));
    EXPECT_TRUE(made.ok()) << made.status();
    return new Validator(*std::move(made));
  }();
  return *v;
}

// The mistake: the returned view points into r, which dies here.
std::string_view ShopOf(std::string_view token) {
  Result r = Shopify().Validate(token);
  if (!r.ok()) return {};
  return ShopifySession::From(*r)->shop_domain();
}

// Reads every byte of view.
void Read(std::string_view view) {
  const std::string copy(view);
  std::fprintf(stderr, "read \"%s\"\n", copy.c_str());
}

class ViewLifetimeTest : public ::testing::Test {
 protected:
  ViewLifetimeTest()
      : alpha_(ShopToken("alpha-shop")), omega_(ShopToken("omega-shop")) {}
  void SetUp() override {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    // Both tokens are valid, and so is the test's own read of a live view.
    Result a = Shopify().Validate(alpha_);
    ASSERT_TRUE(a.ok()) << a.code_name();
    ASSERT_EQ(ShopifySession::From(*a)->shop_domain(),
              "alpha-shop.myshopify.com");
    ASSERT_TRUE(Shopify().Validate(omega_).ok());
  }

  const std::string alpha_, omega_;
};

// The token is gone and its buffer waits, poisoned, as the thread's spare.
TEST_F(ViewLifetimeTest, ReadWhileTheBufferWaitsIsReported) {
  SKIP_UNLESS_ASAN();
  EXPECT_DEATH(
      {
        const std::string_view shop = ShopOf(alpha_);
        Read(shop);
      },
      "use-after-poison");
}

// The next request's validation took the spare: it got fresh memory, and
// the old buffer sits in ASan's quarantine.
TEST_F(ViewLifetimeTest, ReadAfterTheNextValidationIsReported) {
  SKIP_UNLESS_ASAN();
  EXPECT_DEATH(
      {
        const std::string_view shop = ShopOf(alpha_);
        Result next = Shopify().Validate(omega_);
        if (next.ok()) Read(shop);
      },
      "heap-use-after-free");
}

#ifdef ABSL_HAVE_ADDRESS_SANITIZER
// What the two death tests above rely on, without a death: the stale view's
// bytes are unreadable to ASan while they wait and after the next token,
// which gets memory of its own.
bool Poisoned(std::string_view v) {
  return __asan_region_is_poisoned(const_cast<char*>(v.data()), v.size()) !=
         nullptr;
}

TEST_F(ViewLifetimeTest, StaleViewStaysUnreadable) {
  const std::string_view shop = ShopOf(alpha_);
  ASSERT_EQ(shop.size(), std::string_view("alpha-shop.myshopify.com").size());
  EXPECT_TRUE(Poisoned(shop));
  Result next = Shopify().Validate(omega_);
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(Poisoned(shop)) << "the next token's buffer holds the stale view";
  const std::string_view live = ShopifySession::From(*next)->shop_domain();
  EXPECT_FALSE(Poisoned(live));
  EXPECT_EQ(live, "omega-shop.myshopify.com");
}
#endif

// A caller's VerifiedToken reused for the next token (the documented end of
// its views' life): under ASan the reuse moves it to fresh memory.
TEST_F(ViewLifetimeTest, ReadAfterTheTokenIsReusedIsReported) {
  SKIP_UNLESS_ASAN();
  EXPECT_DEATH(
      {
        VerifiedToken token;
        if (Shopify().Validate(alpha_, &token) != ErrorCode::kOk) return;
        const std::string_view shop =
            ShopifySession::From(token)->shop_domain();
        if (Shopify().Validate(omega_, &token) != ErrorCode::kOk) return;
        Read(shop);
      },
      "heap-use-after-free");
}

// The same through a verified-token cache hit, which copies into the
// caller's token.
TEST_F(ViewLifetimeTest, ReadAfterACacheHitReusesTheTokenIsReported) {
  SKIP_UNLESS_ASAN();
  EXPECT_DEATH(
      {
        VerifiedTokenCache cache;
        VerifiedToken token;
        if (cache.Validate(Shopify(), alpha_, &token) != ErrorCode::kOk ||
            cache.Validate(Shopify(), omega_, &token) != ErrorCode::kOk) {
          return;
        }
        // Both are cached now: the next two calls are hits.
        if (cache.Validate(Shopify(), alpha_, &token) != ErrorCode::kOk) {
          return;
        }
        const std::string_view shop =
            ShopifySession::From(token)->shop_domain();
        if (cache.Validate(Shopify(), omega_, &token) != ErrorCode::kOk) return;
        Read(shop);
      },
      "heap-use-after-free");
}

// A token rejected after its payload was read (here: expired) hands its
// buffer to the spare; it too took fresh memory.
TEST_F(ViewLifetimeTest, ReadAfterARejectionIsReported) {
  SKIP_UNLESS_ASAN();
  const std::string expired = ShopToken("omega-shop", -3600);
  EXPECT_DEATH(
      {
        const std::string_view shop = ShopOf(alpha_);
        Result next = Shopify().Validate(expired);
        if (next.code() == ErrorCode::kExpired) Read(shop);
      },
      "heap-use-after-free");
}

}  // namespace
}  // namespace jwtv
