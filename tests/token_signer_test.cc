// Copyright 2026 The jwtv Authors.
//
// jwtv::testing (include/jwtv/testing/token_signer.h): every algorithm
// signs tokens jwtv's Validator accepts, from JWK and from PEM; a token
// signed by one key fails under another; the HS256 signature matches RFC
// 7515's example; bad keys give errors; ClaimsJson writes valid JSON.

#include "jwtv/testing/token_signer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "jwtv/algorithm.h"
#include "jwtv/error.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"

namespace jwtv::testing {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kNow = 1700000000;

constexpr Algorithm kAll[] = {
    Algorithm::kHS256, Algorithm::kHS384, Algorithm::kHS512, Algorithm::kRS256,
    Algorithm::kRS384, Algorithm::kRS512, Algorithm::kPS256, Algorithm::kPS384,
    Algorithm::kPS512, Algorithm::kES256, Algorithm::kES384, Algorithm::kES512,
    Algorithm::kEdDSA};

std::string TestClaims() {
  return ClaimsJson({.iss = "https://issuer.example",
                     .sub = "user-7",
                     .aud = {"api"},
                     .exp = kNow + 600,
                     .iat = kNow});
}

Validator MakeValidator(KeySet keys) {
  ValidatorOptions options;
  options.issuers = {"https://issuer.example"};
  options.audiences = {"api"};
  options.clock = [] { return jwtv::FromUnixSeconds(kNow); };
  return Validator(std::move(keys), std::move(options));
}

std::string ParamName(const ::testing::TestParamInfo<Algorithm>& info) {
  return std::string(AlgorithmName(info.param));
}

class EveryAlgorithm : public ::testing::TestWithParam<Algorithm> {};

TEST_P(EveryAlgorithm, JwkSignedTokenIsAcceptedByTheValidator) {
  const Algorithm alg = GetParam();
  absl::StatusOr<KeyPair> pair = GenerateKeyPair(alg, "k1");
  ASSERT_TRUE(pair.ok()) << pair.status();
  absl::StatusOr<TokenSigner> signer = SignerFor(*pair);
  ASSERT_TRUE(signer.ok()) << signer.status();
  EXPECT_EQ(signer->algorithm(), alg);
  EXPECT_EQ(signer->kid(), "k1");
  absl::StatusOr<std::string> token = signer->Sign(TestClaims());
  ASSERT_TRUE(token.ok()) << token.status();

  absl::StatusOr<KeySet> keys = KeySet::FromJwks(pair->public_jwks);
  ASSERT_TRUE(keys.ok()) << keys.status();
  const Validator validator = MakeValidator(*std::move(keys));
  const Result r = validator.Validate(*token);
  ASSERT_TRUE(r.ok()) << r.code_name();
  EXPECT_EQ(r->subject(), "user-7");
  EXPECT_EQ(r->kid(), "k1");
  EXPECT_EQ(r->typ(), "JWT");

  // One flipped byte of the signature is refused.
  std::string tampered = *token;
  char& last = tampered[tampered.size() - 2];
  last = last == 'A' ? 'B' : 'A';
  EXPECT_EQ(validator.Validate(tampered).code(), ErrorCode::kBadSignature);
}

// Every algorithm but HS*, which has no PEM and whose JWK is secret.
class EveryAsymmetric : public ::testing::TestWithParam<Algorithm> {};

TEST_P(EveryAsymmetric, PemSignedTokenIsAcceptedByTheValidator) {
  const Algorithm alg = GetParam();
  absl::StatusOr<KeyPair> pair = GenerateKeyPair(alg);
  ASSERT_TRUE(pair.ok()) << pair.status();
  EXPECT_THAT(pair->private_pem, HasSubstr("-----BEGIN PRIVATE KEY-----"));
  absl::StatusOr<TokenSigner> signer =
      TokenSigner::FromPem(alg, pair->private_pem);
  ASSERT_TRUE(signer.ok()) << signer.status();
  absl::StatusOr<std::string> token = signer->Sign(TestClaims());
  ASSERT_TRUE(token.ok()) << token.status();

  absl::StatusOr<KeySet> keys = KeySet::FromPem(pair->public_pem, alg);
  ASSERT_TRUE(keys.ok()) << keys.status();
  const Result r = MakeValidator(*std::move(keys)).Validate(*token);
  EXPECT_TRUE(r.ok()) << r.code_name();
}

TEST_P(EveryAlgorithm, AnotherKeyOfTheSameKindDoesNotVerify) {
  const Algorithm alg = GetParam();
  absl::StatusOr<KeyPair> a = GenerateKeyPair(alg, "k1");
  absl::StatusOr<KeyPair> b = GenerateKeyPair(alg, "k1");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->public_jwk, b->public_jwk);
  absl::StatusOr<TokenSigner> signer = SignerFor(*a);
  ASSERT_TRUE(signer.ok()) << signer.status();
  absl::StatusOr<std::string> token = signer->Sign(TestClaims());
  ASSERT_TRUE(token.ok()) << token.status();
  absl::StatusOr<KeySet> keys = KeySet::FromJwks(b->public_jwks);
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_EQ(MakeValidator(*std::move(keys)).Validate(*token).code(),
            ErrorCode::kBadSignature);
}

TEST_P(EveryAsymmetric, PublicJwkHasNoPrivateMembers) {
  const Algorithm alg = GetParam();
  absl::StatusOr<KeyPair> pair = GenerateKeyPair(alg, "k1");
  ASSERT_TRUE(pair.ok()) << pair.status();
  EXPECT_THAT(pair->private_jwk, HasSubstr("\"d\":"));
  for (const char* member : {"\"d\":", "\"p\":", "\"q\":", "\"dp\":"}) {
    EXPECT_THAT(pair->public_jwks, ::testing::Not(HasSubstr(member)));
  }
}

INSTANTIATE_TEST_SUITE_P(TokenSigner, EveryAlgorithm, ::testing::ValuesIn(kAll),
                         ParamName);
INSTANTIATE_TEST_SUITE_P(TokenSigner, EveryAsymmetric,
                         ::testing::ValuesIn(kAll + 3, kAll + 13), ParamName);

// Without "alg" in its JWKs, one RSA key signs and verifies RS* and PS*.
TEST(TokenSignerTest, KeyPairWithoutAlgSignsEveryAlgorithmOfItsKind) {
  absl::StatusOr<KeyPair> pair =
      GenerateKeyPair(Algorithm::kRS256, "r", {.write_alg = false});
  ASSERT_TRUE(pair.ok()) << pair.status();
  EXPECT_THAT(pair->public_jwk, ::testing::Not(HasSubstr("\"alg\"")));
  absl::StatusOr<KeySet> keys = KeySet::FromJwks(pair->public_jwks);
  ASSERT_TRUE(keys.ok()) << keys.status();
  const Validator validator = MakeValidator(*std::move(keys));
  for (Algorithm alg : {Algorithm::kRS256, Algorithm::kRS512, Algorithm::kPS256,
                        Algorithm::kPS384}) {
    absl::StatusOr<TokenSigner> signer =
        TokenSigner::FromJwk(alg, pair->private_jwk);
    ASSERT_TRUE(signer.ok()) << signer.status();
    absl::StatusOr<std::string> token = signer->Sign(TestClaims());
    ASSERT_TRUE(token.ok());
    EXPECT_TRUE(validator.Validate(*token).ok()) << AlgorithmName(alg);
  }
  // With "alg", the private JWK signs only its own algorithm.
  absl::StatusOr<KeyPair> bound = GenerateKeyPair(Algorithm::kRS256, "r");
  ASSERT_TRUE(bound.ok());
  EXPECT_FALSE(
      TokenSigner::FromJwk(Algorithm::kPS256, bound->private_jwk).ok());
}

// A 1024-bit RSA key signs; jwtv refuses to load its public key.
TEST(TokenSignerTest, RsaBitsMakesKeysJwtvRefuses) {
  absl::StatusOr<KeyPair> pair =
      GenerateKeyPair(Algorithm::kRS256, "small", {.rsa_bits = 1024});
  ASSERT_TRUE(pair.ok()) << pair.status();
  absl::StatusOr<TokenSigner> signer = SignerFor(*pair);
  ASSERT_TRUE(signer.ok());
  absl::StatusOr<std::string> sig = signer->Signature("a.b");
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(sig->size(), 128u);
  EXPECT_FALSE(KeySet::FromJwks(pair->public_jwks).ok());
}

// RFC 7515 appendix A.1: the HS256 example's signing input, key and
// signature.
TEST(TokenSignerTest, Hs256MatchesRfc7515Example) {
  constexpr std::string_view kJwk =
      R"({"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"})";
  constexpr std::string_view kInput =
      "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNv"
      "bS9pc19yb290Ijp0cnVlfQ";
  absl::StatusOr<TokenSigner> signer =
      TokenSigner::FromJwk(Algorithm::kHS256, kJwk);
  ASSERT_TRUE(signer.ok()) << signer.status();
  absl::StatusOr<std::string> token = signer->SignSigningInput(kInput);
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(*token, std::string(kInput) +
                        ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
}

TEST(TokenSignerTest, EcdsaSignatureIsRAndSOfTheFieldSize) {
  for (const auto& [alg, bytes] :
       {std::pair{Algorithm::kES256, 64}, std::pair{Algorithm::kES384, 96},
        std::pair{Algorithm::kES512, 132}}) {
    absl::StatusOr<KeyPair> pair = GenerateKeyPair(alg);
    ASSERT_TRUE(pair.ok()) << pair.status();
    absl::StatusOr<TokenSigner> signer = SignerFor(*pair);
    ASSERT_TRUE(signer.ok()) << signer.status();
    absl::StatusOr<std::string> sig = signer->Signature("a.b");
    ASSERT_TRUE(sig.ok()) << sig.status();
    EXPECT_EQ(sig->size(), static_cast<size_t>(bytes)) << AlgorithmName(alg);
  }
}

TEST(TokenSignerTest, SignWithHeaderWritesTheCallersHeader) {
  absl::StatusOr<TokenSigner> signer = TokenSigner::FromSecret(
      Algorithm::kHS256, std::string(32, 's'), "ignored-kid");
  ASSERT_TRUE(signer.ok());
  absl::StatusOr<KeySet> keys = KeySet::FromHmacSecrets({std::string(32, 's')});
  ASSERT_TRUE(keys.ok());
  const Validator validator = MakeValidator(*std::move(keys));
  // A header that lies about its alg is signed as asked and refused.
  absl::StatusOr<std::string> lying =
      signer->SignWithHeader(R"({"alg":"HS512"})", TestClaims());
  ASSERT_TRUE(lying.ok());
  EXPECT_EQ(lying->substr(0, lying->find('.')), "eyJhbGciOiJIUzUxMiJ9");
  EXPECT_FALSE(validator.Validate(*lying).ok());
  absl::StatusOr<std::string> plain =
      signer->SignWithHeader(R"({"alg":"HS256"})", TestClaims());
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(validator.Validate(*plain).ok());
}

TEST(TokenSignerTest, SignWritesAlgTypAndKid) {
  absl::StatusOr<TokenSigner> with_kid =
      TokenSigner::FromSecret(Algorithm::kHS384, std::string(48, 'x'), "a\"b");
  ASSERT_TRUE(with_kid.ok());
  absl::StatusOr<std::string> token = with_kid->Sign("{}");
  ASSERT_TRUE(token.ok());
  // {"alg":"HS384","typ":"JWT","kid":"a\"b"}
  EXPECT_EQ(token->substr(0, token->find('.')),
            "eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCIsImtpZCI6ImFcImIifQ");
}

// --- bad keys: errors, never crashes ---------------------------------------

TEST(TokenSignerErrors, BadPem) {
  for (std::string_view pem :
       {std::string_view(""), std::string_view("not a pem"),
        std::string_view("-----BEGIN PRIVATE KEY-----\nAAAA\n"
                         "-----END PRIVATE KEY-----\n")}) {
    absl::StatusOr<TokenSigner> s =
        TokenSigner::FromPem(Algorithm::kRS256, pem);
    EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument) << pem;
  }
}

TEST(TokenSignerErrors, PublicPemIsNotAPrivateKey) {
  absl::StatusOr<KeyPair> pair = GenerateKeyPair(Algorithm::kES256);
  ASSERT_TRUE(pair.ok());
  EXPECT_EQ(
      TokenSigner::FromPem(Algorithm::kES256, pair->public_pem).status().code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(TokenSignerErrors, KeyOfAnotherKindOrCurve) {
  absl::StatusOr<KeyPair> rsa = GenerateKeyPair(Algorithm::kRS256);
  absl::StatusOr<KeyPair> p256 = GenerateKeyPair(Algorithm::kES256);
  absl::StatusOr<KeyPair> ed = GenerateKeyPair(Algorithm::kEdDSA);
  ASSERT_TRUE(rsa.ok() && p256.ok() && ed.ok());
  const struct {
    Algorithm alg;
    const std::string& pem;
  } cases[] = {{Algorithm::kES256, rsa->private_pem},
               {Algorithm::kES384, p256->private_pem},
               {Algorithm::kPS256, p256->private_pem},
               {Algorithm::kEdDSA, rsa->private_pem},
               {Algorithm::kRS256, ed->private_pem},
               {Algorithm::kHS256, rsa->private_pem}};
  for (const auto& c : cases) {
    EXPECT_EQ(TokenSigner::FromPem(c.alg, c.pem).status().code(),
              absl::StatusCode::kInvalidArgument)
        << AlgorithmName(c.alg);
  }
  EXPECT_FALSE(TokenSigner::FromJwk(Algorithm::kES384, p256->private_jwk).ok());
  EXPECT_FALSE(TokenSigner::FromJwk(Algorithm::kRS256, ed->private_jwk).ok());
  EXPECT_FALSE(TokenSigner::FromSecret(Algorithm::kRS256, "secret").ok());
}

// Replaces the first `"name":"..."` member of `json` with `"name":value`.
std::string WithMember(std::string json, std::string_view name,
                       std::string_view value) {
  const std::string key = "\"" + std::string(name) + "\":";
  const size_t at = json.find(key);
  if (at == std::string::npos) return json;
  const size_t start = at + key.size();
  const size_t end = json.find('"', start + 1) + 1;
  return json.replace(start, end - start, value);
}

TEST(TokenSignerErrors, BadJwk) {
  absl::StatusOr<KeyPair> ec = GenerateKeyPair(Algorithm::kES256, "e");
  absl::StatusOr<KeyPair> ec2 = GenerateKeyPair(Algorithm::kES256, "e");
  absl::StatusOr<KeyPair> rsa = GenerateKeyPair(Algorithm::kRS256, "r");
  absl::StatusOr<KeyPair> ed = GenerateKeyPair(Algorithm::kEdDSA, "o");
  ASSERT_TRUE(ec.ok() && ec2.ok() && rsa.ok() && ed.ok());
  const std::string other_d =
      ec2->private_jwk.substr(ec2->private_jwk.find("\"d\":") + 4, 45);
  const struct {
    Algorithm alg;
    std::string jwk;
  } cases[] = {
      {Algorithm::kES256, "not json"},
      {Algorithm::kES256, "[]"},
      {Algorithm::kES256, ec->public_jwk},  // no d
      {Algorithm::kES256, WithMember(ec->private_jwk, "d", "\"%%%\"")},
      {Algorithm::kES256, WithMember(ec->private_jwk, "d", "\"AAAA\"")},
      // 33 bytes for a 32-byte field.
      {Algorithm::kES256,
       WithMember(ec->private_jwk, "d", "\"" + std::string(44, 'B') + "\"")},
      {Algorithm::kES256, WithMember(ec->private_jwk, "d", "7")},
      {Algorithm::kES256, WithMember(ec->private_jwk, "d", other_d)},
      {Algorithm::kES256, WithMember(ec->private_jwk, "alg", "\"ES384\"")},
      {Algorithm::kES256, WithMember(ec->private_jwk, "kty", "\"RSA\"")},
      {Algorithm::kRS256, rsa->public_jwk},
      {Algorithm::kRS256, WithMember(rsa->private_jwk, "d", "\"AQAB\"")},
      {Algorithm::kRS256, WithMember(rsa->private_jwk, "p", "\"AQAB\"")},
      {Algorithm::kEdDSA,
       WithMember(ed->private_jwk, "x", "\"" + std::string(43, 'A') + "\"")},
      {Algorithm::kEdDSA, WithMember(ed->private_jwk, "d", "\"AAAA\"")},
      {Algorithm::kHS256, R"({"kty":"oct"})"},
      {Algorithm::kHS256, R"({"kty":"oct","k":""})"},
  };
  for (const auto& c : cases) {
    absl::StatusOr<TokenSigner> s = TokenSigner::FromJwk(c.alg, c.jwk);
    EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument) << c.jwk;
  }
}

TEST(TokenSignerErrors, AnyHmacSecretLengthSigns) {
  // jwtv refuses short secrets when verifying; the signer makes the tokens
  // that show it.
  for (std::string_view secret :
       {std::string_view(""), std::string_view("k")}) {
    absl::StatusOr<TokenSigner> s =
        TokenSigner::FromSecret(Algorithm::kHS256, secret);
    ASSERT_TRUE(s.ok());
    absl::StatusOr<std::string> sig = s->Signature("a.b");
    ASSERT_TRUE(sig.ok());
    EXPECT_EQ(sig->size(), 32u);
  }
}

// --- ClaimsJson
// ---------------------------------------------------------------

TEST(ClaimsJsonTest, WritesSetMembersInOrder) {
  EXPECT_EQ(ClaimsJson({}), "{}");
  EXPECT_EQ(ClaimsJson({.iss = "i",
                        .sub = "s\"\\\n\x01",
                        .aud = {"a", "b"},
                        .exp = 2,
                        .nbf = -1,
                        .iat = 0,
                        .jti = "j",
                        .extra = {{"scope", "\"x y\""}, {"n", "[1]"}}}),
            R"({"iss":"i","sub":"s\"\\\n\u0001","aud":["a","b"],"exp":2,)"
            R"("nbf":-1,"iat":0,"jti":"j","scope":"x y","n":[1]})");
  EXPECT_EQ(ClaimsJson({.aud = {"only"}}), R"({"aud":"only"})");
}

TEST(ClaimsJsonTest, ExtraClaimsReachTheVerifiedToken) {
  absl::StatusOr<KeyPair> pair = GenerateKeyPair(Algorithm::kHS256);
  ASSERT_TRUE(pair.ok());
  absl::StatusOr<TokenSigner> signer = SignerFor(*pair);
  ASSERT_TRUE(signer.ok());
  absl::StatusOr<std::string> token =
      signer->Sign(ClaimsJson({.iss = "https://issuer.example",
                               .aud = {"other", "api"},
                               .exp = kNow + 1,
                               .extra = {{"scope", "\"read write\""}}}));
  ASSERT_TRUE(token.ok());
  absl::StatusOr<KeySet> keys = KeySet::FromJwks(pair->public_jwks);
  ASSERT_TRUE(keys.ok()) << keys.status();
  const Result r = MakeValidator(*std::move(keys)).Validate(*token);
  ASSERT_TRUE(r.ok()) << r.code_name();
  EXPECT_EQ(r->GetString("scope"), "read write");
}

}  // namespace
}  // namespace jwtv::testing
