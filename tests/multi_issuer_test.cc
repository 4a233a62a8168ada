// Copyright 2026 The jwtv Authors.
//
// MultiIssuerValidator (multi_issuer.h): routing by iss, each provider's
// keys and options alone, the routing failures and their codes, the
// factory's refusals, batches. The impersonation test shows the attack a
// merged Validator lets through and that the multi-issuer validator refuses.

#include "jwtv/multi_issuer.h"

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "jwtv/error.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"
#include "testing/validator_test_util.h"

namespace jwtv {
namespace {

using validator_testing::At;
using validator_testing::B64;
using validator_testing::Hs256;
using validator_testing::kHeader;
using validator_testing::Options;

constexpr char kIssA[] = "https://a.example";
constexpr char kIssB[] = "https://b.example";
constexpr char kIssC[] = "https://c.example";
constexpr std::string_view kSecretA = "provider-a-secret-0123456789abcdef0123";
constexpr std::string_view kSecretB = "provider-b-secret-0123456789abcdef0123";
constexpr std::string_view kSecretC = "provider-c-secret-0123456789abcdef0123";

std::string Message(const absl::Status& s) { return std::string(s.message()); }

KeySet Secret(std::string_view secret, std::string_view kid = {}) {
  KeySet::Builder b;
  EXPECT_TRUE(b.AddHmacSecret(secret, kid).ok());
  return std::move(b).Build();
}

// A payload with iss and aud, exp an hour ahead.
std::string Claims(std::string_view iss, std::string_view aud = "api") {
  return R"({"iss":")" + std::string(iss) + R"(","aud":")" + std::string(aud) +
         R"(","exp":)" + At(3600) + "}";
}

IssuerProvider Provider(std::string issuer, KeySet keys,
                        std::string audience = "api") {
  IssuerProvider p;
  p.issuer = std::move(issuer);
  p.keys = std::move(keys);
  p.options = Options();
  p.options.audiences = {std::move(audience)};
  return p;
}

MultiIssuerValidator Three() {
  std::vector<IssuerProvider> providers;
  providers.push_back(Provider(kIssA, Secret(kSecretA)));
  providers.push_back(Provider(kIssB, Secret(kSecretB)));
  providers.push_back(Provider(kIssC, Secret(kSecretC), "api-c"));
  absl::StatusOr<MultiIssuerValidator> m =
      MultiIssuerValidator::Create(std::move(providers));
  EXPECT_TRUE(m.ok()) << m.status();
  return *std::move(m);
}

std::string Code(const MultiIssuerValidator& m, std::string_view token) {
  return std::string(m.Validate(token).code_name());
}

TEST(MultiIssuerTest, EachIssuerIsVerifiedWithItsOwnKeys) {
  MultiIssuerValidator m = Three();
  EXPECT_EQ(m.size(), 3u);
  Result a = m.Validate(Hs256(kHeader, Claims(kIssA), kSecretA));
  ASSERT_TRUE(a.ok()) << a.code_name();
  EXPECT_EQ(a->issuer(), kIssA);
  EXPECT_EQ(Code(m, Hs256(kHeader, Claims(kIssB), kSecretB)), "ok");
  EXPECT_EQ(Code(m, Hs256(kHeader, Claims(kIssC, "api-c"), kSecretC)), "ok");
  VerifiedToken reused;
  EXPECT_EQ(m.Validate(Hs256(kHeader, Claims(kIssB), kSecretB), &reused),
            ErrorCode::kOk);
  EXPECT_EQ(reused.issuer(), kIssB);
  ASSERT_NE(m.Find(kIssC), nullptr);
  EXPECT_EQ(m.Find(kIssC)->options().issuers, std::vector<std::string>{kIssC});
  EXPECT_EQ(m.Find("https://d.example"), nullptr);
}

// Provider B's key signs a token that claims A's iss. One Validator with
// both providers' keys and issuers accepts it (the attack); the
// multi-issuer validator verifies it with A's keys alone and refuses it.
TEST(MultiIssuerTest, KeyOfOneProviderNeverVerifiesAnotherProvidersToken) {
  const std::string forged = Hs256(kHeader, Claims(kIssA), kSecretB);

  KeySet::Builder merged_keys;
  ASSERT_TRUE(merged_keys.AddHmacSecret(kSecretA).ok());
  ASSERT_TRUE(merged_keys.AddHmacSecret(kSecretB).ok());
  ValidatorOptions merged_options = Options();
  merged_options.issuers = {kIssA, kIssB};
  merged_options.audiences = {"api"};
  absl::StatusOr<Validator> merged = Validator::Create(
      std::move(merged_keys).Build(), std::move(merged_options));
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->Validate(forged).code_name(), "ok");

  // Without kid A's key is tried, and it does not verify B's signature.
  EXPECT_EQ(Code(Three(), forged), "bad_signature");

  // With kids: B's kid is no key of A.
  std::vector<IssuerProvider> providers;
  providers.push_back(Provider(kIssA, Secret(kSecretA, "a1")));
  providers.push_back(Provider(kIssB, Secret(kSecretB, "b1")));
  absl::StatusOr<MultiIssuerValidator> m =
      MultiIssuerValidator::Create(std::move(providers));
  ASSERT_TRUE(m.ok()) << m.status();
  const std::string forged_kid =
      Hs256(R"({"alg":"HS256","kid":"b1"})", Claims(kIssA), kSecretB);
  EXPECT_EQ(Code(*m, forged_kid), "key_not_found");
  // B's kid with A's key id does not help either.
  EXPECT_EQ(
      Code(*m, Hs256(R"({"alg":"HS256","kid":"a1"})", Claims(kIssA), kSecretB)),
      "bad_signature");
  EXPECT_EQ(
      Code(*m, Hs256(R"({"alg":"HS256","kid":"b1"})", Claims(kIssB), kSecretB)),
      "ok");
}

TEST(MultiIssuerTest, EachProviderHasItsOwnOptions) {
  MultiIssuerValidator m = Three();
  // C wants aud api-c; A wants api.
  EXPECT_EQ(Code(m, Hs256(kHeader, Claims(kIssC), kSecretC)), "bad_audience");
  EXPECT_EQ(Code(m, Hs256(kHeader, Claims(kIssA, "api-c"), kSecretA)),
            "bad_audience");
}

TEST(MultiIssuerTest, RoutingFailures) {
  MultiIssuerValidator m = Three();
  const std::string exp = R"("exp":)" + At(3600);
  auto token = [&](std::string_view payload) {
    return Hs256(kHeader, payload, kSecretA);
  };
  EXPECT_EQ(Code(m, token(Claims("https://d.example"))), "bad_issuer");
  EXPECT_EQ(Code(m, token(Claims(""))), "bad_issuer");
  EXPECT_EQ(Code(m, token(Claims("https://A.example"))), "bad_issuer");
  EXPECT_EQ(Code(m, token("{" + exp + "}")), "missing_claim");
  EXPECT_EQ(Code(m, token(R"({"iss":1,)" + exp + "}")), "bad_claim");
  EXPECT_EQ(Code(m, token(R"({"iss":null,)" + exp + "}")), "bad_claim");
  EXPECT_EQ(Code(m, token(R"({"iss":["https://a.example"],)" + exp + "}")),
            "bad_claim");
  // A duplicated iss, also when one is escaped, is bad_json; signed by
  // another provider's key it is that signature's answer.
  EXPECT_EQ(
      Code(m, Hs256(kHeader,
                    R"({"iss":"https://a.example","iss":"https://b.example",)" +
                        exp + "}",
                    kSecretB)),
      "bad_signature");
  EXPECT_EQ(
      Code(m, token(R"({"iss":"https://a.example","iss":"x",)" + exp + "}")),
      "bad_json");
  EXPECT_EQ(Code(m, token(R"({"iss":"https://a.example","\u0069ss":"x",)" +
                          exp + "}")),
            "bad_json");
  // Not a JSON object.
  EXPECT_EQ(Code(m, token("[]")), "bad_json");
  EXPECT_EQ(Code(m, token("junk")), "bad_json");
  EXPECT_EQ(Code(m, token(R"({"iss":"https://a.example")")), "bad_json");
  // A nested iss does not route.
  EXPECT_EQ(Code(m, token(R"({"x":{"iss":"https://a.example"},)" + exp + "}")),
            "missing_claim");
  // iss after the first 192 bytes, or cut by them: the whole payload is read.
  const std::string filler = R"("pad":")" + std::string(300, 'x') + R"(",)";
  EXPECT_EQ(
      Code(m, token("{" + filler + R"("iss":"https://a.example","aud":"api",)" +
                    exp + "}")),
      "ok");
  EXPECT_EQ(Code(m, token("{" + filler + exp + "}")), "missing_claim");
  const std::string more = R"("more":")" + std::string(300, 'z') + R"(",)";
  for (size_t cut = 170; cut < 200; ++cut) {
    const std::string pad = R"({"pad":")" + std::string(cut - 9, 'y') + "\",";
    EXPECT_EQ(Code(m, token(pad + R"("iss":"https://a.example","aud":"api",)" +
                            exp + "," + more + R"("z":1})")),
              "ok")
        << cut;
  }
  // A malformed token is malformed whatever its payload's prefix says.
  const std::string long_a = token(
      "{" + filler + R"("iss":"https://a.example","aud":"api",)" + exp + "}");
  const std::string long_d =
      token(R"({"iss":"https://d.example",)" + filler + exp + "}");
  EXPECT_EQ(Code(m, long_d), "bad_issuer");
  EXPECT_EQ(Code(m, long_a + ".x"), "malformed");
  EXPECT_EQ(Code(m, long_d + ".x"), "malformed");
  EXPECT_EQ(Code(m, long_d.substr(0, long_d.rfind('.') + 1) + "!"),
            "malformed");
  // Shape.
  EXPECT_EQ(Code(m, "a.b"), "malformed");
  EXPECT_EQ(Code(m, "." + B64(Claims(kIssA)) + ".c2ln"), "malformed");
  EXPECT_EQ(Code(m, std::string(20000, 'a')), "malformed");
  // An escaped iss is compared after unescaping, as the policy does.
  EXPECT_EQ(Code(m, token(R"({"iss":"https:\/\/a.example","aud":"api",)" + exp +
                          "}")),
            "ok");
  // Routing reads the top level only: invalid JSON elsewhere is the
  // provider's to find, after the signature (bad_signature first).
  const std::string broken =
      R"({"iss":"https://a.example","aud":"api","x":[tru],)" + exp + "}";
  EXPECT_EQ(Code(m, token(broken)), "bad_json");
  EXPECT_EQ(Code(m, Hs256(kHeader, broken, kSecretB)), "bad_signature");
  EXPECT_EQ(Code(m, token(R"({"iss":"https://a.example"} x)")), "bad_json");
  EXPECT_EQ(Code(m, token(R"({"a":"\"}\"","iss":"https://a.example",)"
                          R"("b":{"c":["]}\\"]},"aud":"api",)" +
                          exp + "}")),
            "ok");
  // Routed, then the provider's own answer.
  EXPECT_EQ(Code(m, Hs256(R"({"alg":"HS256","alg":"HS256"})", Claims(kIssA),
                          kSecretA)),
            "bad_json");
}

TEST(MultiIssuerTest, JwksCacheProvider) {
  const std::string jwks =
      R"({"keys":[{"kty":"oct","kid":"c1","k":")" + B64(kSecretC) + R"("}]})";
  absl::StatusOr<std::shared_ptr<JwksCache>> cache =
      JwksCache::FromDocument(jwks);
  ASSERT_TRUE(cache.ok()) << cache.status();
  std::vector<IssuerProvider> providers;
  providers.push_back(Provider(kIssA, Secret(kSecretA)));
  IssuerProvider c;
  c.issuer = kIssC;
  c.keys = *cache;
  c.options = Options();
  providers.push_back(std::move(c));
  absl::StatusOr<MultiIssuerValidator> m =
      MultiIssuerValidator::Create(std::move(providers));
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(
      Code(*m, Hs256(R"({"alg":"HS256","kid":"c1"})", Claims(kIssC), kSecretC)),
      "ok");
  EXPECT_EQ(
      Code(*m, Hs256(R"({"alg":"HS256","kid":"c1"})", Claims(kIssA), kSecretC)),
      "bad_signature");
}

TEST(MultiIssuerTest, FactoryRefusals) {
  EXPECT_FALSE(MultiIssuerValidator::Create({}).ok());

  std::vector<IssuerProvider> empty_issuer;
  empty_issuer.push_back(Provider("", Secret(kSecretA)));
  absl::StatusOr<MultiIssuerValidator> m =
      MultiIssuerValidator::Create(std::move(empty_issuer));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);

  std::vector<IssuerProvider> duplicate;
  duplicate.push_back(Provider(kIssA, Secret(kSecretA)));
  duplicate.push_back(Provider(kIssB, Secret(kSecretB)));
  duplicate.push_back(Provider(kIssA, Secret(kSecretC)));
  m = MultiIssuerValidator::Create(std::move(duplicate));
  ASSERT_FALSE(m.ok());
  EXPECT_NE(Message(m.status()).find(kIssA), std::string::npos);

  std::vector<IssuerProvider> other_issuers;
  other_issuers.push_back(Provider(kIssA, Secret(kSecretA)));
  other_issuers[0].options.issuers = {kIssA, kIssB};
  EXPECT_FALSE(MultiIssuerValidator::Create(std::move(other_issuers)).ok());
  std::vector<IssuerProvider> same_issuer;
  same_issuer.push_back(Provider(kIssA, Secret(kSecretA)));
  same_issuer[0].options.issuers = {kIssA};
  EXPECT_TRUE(MultiIssuerValidator::Create(std::move(same_issuer)).ok());

  // Validator::Create's rules, per provider, named.
  std::vector<IssuerProvider> bad_leeway;
  bad_leeway.push_back(Provider(kIssA, Secret(kSecretA)));
  bad_leeway.push_back(Provider(kIssB, Secret(kSecretB)));
  bad_leeway[1].options.leeway_seconds = -1;
  m = MultiIssuerValidator::Create(std::move(bad_leeway));
  ASSERT_FALSE(m.ok());
  EXPECT_NE(Message(m.status()).find("provider 1"), std::string::npos);
  EXPECT_NE(Message(m.status()).find("leeway_seconds"), std::string::npos);

  std::vector<IssuerProvider> no_keys;
  no_keys.push_back(Provider(kIssA, KeySet()));
  EXPECT_FALSE(MultiIssuerValidator::Create(std::move(no_keys)).ok());
  std::vector<IssuerProvider> null_cache;
  null_cache.push_back(Provider(kIssA, KeySet()));
  null_cache[0].keys = std::shared_ptr<JwksCache>();
  EXPECT_FALSE(MultiIssuerValidator::Create(std::move(null_cache)).ok());
}

TEST(MultiIssuerTest, BatchAnswersAsValidate) {
  MultiIssuerValidator m = Three();
  const std::vector<std::string> mixed = {
      Hs256(kHeader, Claims(kIssA), kSecretA),
      Hs256(kHeader, Claims(kIssB), kSecretB),
      Hs256(kHeader, Claims(kIssA), kSecretB),
      Hs256(kHeader, Claims("https://d.example"), kSecretA),
      "a.b",
      Hs256(kHeader, Claims(kIssC, "api-c"), kSecretC),
  };
  const std::vector<std::string> one_provider = {
      Hs256(kHeader, Claims(kIssB), kSecretB),
      Hs256(kHeader, Claims(kIssB), kSecretA),
      Hs256(kHeader, Claims(kIssB), kSecretB),
  };
  for (const std::vector<std::string>* batch : {&mixed, &one_provider}) {
    std::vector<std::string_view> views(batch->begin(), batch->end());
    std::vector<Result> out(views.size());
    m.ValidateBatch(views, out);
    for (size_t i = 0; i < views.size(); ++i) {
      Result one = m.Validate(views[i]);
      EXPECT_EQ(out[i].code_name(), one.code_name()) << i;
      if (one.ok() && out[i].ok()) {
        EXPECT_EQ(out[i]->ClaimsJson(), one->ClaimsJson());
      }
    }
  }
  std::vector<std::string_view> views(mixed.begin(), mixed.end());
  std::vector<Result> out(views.size());
  m.ValidateBatch(views, out);
  EXPECT_EQ(out[2].code_name(), "bad_signature");
  EXPECT_EQ(out[3].code_name(), "bad_issuer");
  EXPECT_EQ(out[5].code_name(), "ok");
}

}  // namespace
}  // namespace jwtv
