// Copyright 2026 The jwtv Authors.
//
// A consumer of jwtv::testing (tokens for tests), built against the
// installed package as a user's test binary would be: public headers only.
// Signs an ES256 token with a generated key and an HS256 token with a
// secret, and checks that jwtv's Validator accepts both and refuses a
// tampered one.
//
//   testing_app       exit 0 when every answer is right

#include <cstdio>
#include <string>
#include <utility>

#include "jwtv/error.h"
#include "jwtv/key_set.h"
#include "jwtv/testing/token_signer.h"
#include "jwtv/validator.h"

namespace {

int failures = 0;

void Expect(bool ok, const char* what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok) ++failures;
}

jwtv::ValidatorOptions Options() {
  jwtv::ValidatorOptions options;
  options.issuers = {"https://issuer.example"};
  options.clock = [] { return jwtv::FromUnixSeconds(1700000000); };
  return options;
}

const std::string kClaims = jwtv::testing::ClaimsJson(
    {.iss = "https://issuer.example", .sub = "user-1", .exp = 1700000600});

}  // namespace

int main() {
  absl::StatusOr<jwtv::testing::KeyPair> pair =
      jwtv::testing::GenerateKeyPair(jwtv::Algorithm::kES256, "k1");
  Expect(pair.ok(), "GenerateKeyPair(ES256)");
  if (!pair.ok()) return 1;
  absl::StatusOr<jwtv::testing::TokenSigner> signer =
      jwtv::testing::SignerFor(*pair);
  absl::StatusOr<jwtv::KeySet> keys = jwtv::KeySet::FromJwks(pair->public_jwks);
  Expect(signer.ok() && keys.ok(), "signer and key set");
  if (!signer.ok() || !keys.ok()) return 1;
  absl::StatusOr<std::string> token = signer->Sign(kClaims);
  Expect(token.ok(), "Sign");
  if (!token.ok()) return 1;
  const jwtv::Validator validator(*std::move(keys), Options());
  const jwtv::Result r = validator.Validate(*token);
  Expect(r.ok() && r->subject() == "user-1", "ES256 token valid");
  std::string tampered = *token;
  tampered[tampered.size() - 3] ^= 1;
  Expect(validator.Validate(tampered).code() == jwtv::ErrorCode::kBadSignature,
         "tampered token bad_signature");

  const std::string secret(32, 's');
  absl::StatusOr<jwtv::testing::TokenSigner> hs =
      jwtv::testing::TokenSigner::FromSecret(jwtv::Algorithm::kHS256, secret);
  absl::StatusOr<jwtv::KeySet> hs_keys =
      jwtv::KeySet::FromHmacSecrets({secret});
  Expect(hs.ok() && hs_keys.ok(), "HS256 signer and key set");
  if (!hs.ok() || !hs_keys.ok()) return 1;
  absl::StatusOr<std::string> hs_token = hs->Sign(kClaims);
  Expect(hs_token.ok() && jwtv::Validator(*std::move(hs_keys), Options())
                              .Validate(*hs_token)
                              .ok(),
         "HS256 token valid");
  return failures == 0 ? 0 : 1;
}
