// Copyright 2026 The jwtv Authors.
//
// Tokens for tests (target jwtv::testing, library jwtv_testing): signs
// compact JWS tokens with every algorithm jwtv verifies, and makes key
// pairs with their public JWKS, so a service's unit tests can mint the
// tokens its jwtv Validator accepts or refuses without a second JWT or
// crypto library.
//
//   absl::StatusOr<jwtv::testing::KeyPair> pair =
//       jwtv::testing::GenerateKeyPair(jwtv::Algorithm::kES256, "k1");
//   absl::StatusOr<jwtv::testing::TokenSigner> signer =
//       jwtv::testing::TokenSigner::FromJwk(jwtv::Algorithm::kES256,
//                                           pair->private_jwk);
//   absl::StatusOr<std::string> token = signer->Sign(jwtv::testing::ClaimsJson(
//       {.iss = "https://issuer", .sub = "user-1", .exp = 4102444800}));
//   // jwtv::KeySet::FromJwks(pair->public_jwks) verifies it.
//
// Test code only: signing holds private keys in ordinary memory, checks
// nothing a verifier would (a signer of a 1024-bit RSA key or of a header
// that lies about its alg signs it, so tests can make bad tokens), and is
// not written for speed. It uses the crypto library jwtv was built with
// (BoringSSL or OpenSSL 3); this header names none of its types. Errors are
// absl::Status values: InvalidArgument for a key or JWK that cannot sign
// with the algorithm asked for, Internal if the crypto library fails.

#ifndef JWTV_TESTING_TOKEN_SIGNER_H_
#define JWTV_TESTING_TOKEN_SIGNER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "jwtv/algorithm.h"
#include "jwtv/export.h"

namespace jwtv::testing {

// A private key (or HMAC secret) bound to the one algorithm it signs with.
// Movable, not copyable; const methods may be called from several threads.
class JWTV_EXPORT TokenSigner {
 public:
  // A PEM private key: "PRIVATE KEY" (PKCS#8), "RSA PRIVATE KEY" or "EC
  // PRIVATE KEY". The key's type (and for ES*, its curve) must fit `alg`;
  // HS* needs FromSecret. `kid` goes into the headers Sign() writes.
  static absl::StatusOr<TokenSigner> FromPem(Algorithm alg,
                                             std::string_view pem,
                                             std::string_view kid = {});
  // A JWK (RFC 7517, 7518, 8037) with its private members: RSA n, e, d, p,
  // q, dp, dq, qi; EC crv, x, y, d (left-padded when shorter than the
  // field); OKP crv "Ed25519", x, d; oct k. The public members must belong
  // to the private ones. Its "kid", if any, goes into the headers Sign()
  // writes; a JWK "alg" other than `alg` is an error.
  static absl::StatusOr<TokenSigner> FromJwk(Algorithm alg,
                                             std::string_view jwk_json);
  // An HMAC secret used verbatim, for HS256, HS384 or HS512; any length,
  // even one jwtv refuses to verify with.
  static absl::StatusOr<TokenSigner> FromSecret(Algorithm alg,
                                                std::string_view secret,
                                                std::string_view kid = {});

  TokenSigner(TokenSigner&& other) noexcept;
  TokenSigner& operator=(TokenSigner&& other) noexcept;
  ~TokenSigner();

  Algorithm algorithm() const;
  // The kid Sign() writes; empty for none. Lives as long as this signer.
  const std::string& kid() const;

  // The compact JWS of `claims_json` (the payload, encoded unchanged) under
  // the header {"alg":"<alg>","typ":"JWT","kid":"<kid>"} (no kid member
  // when kid() is empty).
  absl::StatusOr<std::string> Sign(std::string_view claims_json) const;
  // As Sign, with `header_json` as the header, encoded unchanged and not
  // checked: its alg may differ from algorithm().
  absl::StatusOr<std::string> SignWithHeader(
      std::string_view header_json, std::string_view claims_json) const;
  // `signing_input` + "." + the base64url signature of it, for inputs that
  // are not two base64url JSON segments.
  absl::StatusOr<std::string> SignSigningInput(
      std::string_view signing_input) const;
  // The raw signature of `signing_input` in its JWS form: the HMAC tag, the
  // RSA signature, ECDSA r||s (RFC 7518 3.4), or the Ed25519 signature.
  absl::StatusOr<std::string> Signature(std::string_view signing_input) const;

 private:
  struct Key;
  JWTV_NO_EXPORT explicit TokenSigner(std::unique_ptr<Key> key);
  std::unique_ptr<Key> key_;
};

// A fresh key for one algorithm, in every form a test needs. Every JWK has
// "kid" (when one was given), "use":"sig" and, unless
// KeyPairOptions::write_alg is false, "alg".
struct KeyPair {
  Algorithm algorithm = Algorithm::kHS256;
  std::string kid;
  // The JWK with its private members, for TokenSigner::FromJwk.
  std::string private_jwk;
  // PKCS#8 "PRIVATE KEY" PEM, for TokenSigner::FromPem; empty for HS*.
  std::string private_pem;
  // The JWK without private members (for HS*, the oct key itself).
  std::string public_jwk;
  // {"keys":[public_jwk]}, for jwtv::KeySet::FromJwks or a JWKS server.
  std::string public_jwks;
  // SubjectPublicKeyInfo "PUBLIC KEY" PEM, for jwtv::KeySet::FromPem;
  // empty for HS*.
  std::string public_pem;
  // The HMAC secret for HS* (hash-size random bytes); empty otherwise.
  std::string secret;
};

// How GenerateKeyPair makes a key.
struct KeyPairOptions {
  // Write "alg" into the JWKs. Without it, the public JWK verifies every
  // algorithm of its kind (an RSA key: RS* and PS*; an oct key: HS*), and
  // the private JWK signs with any of them (TokenSigner::FromJwk).
  bool write_alg = true;
  // The RSA modulus size, for RS* and PS*. Any size the crypto library
  // makes (jwtv verifies 2048 to 16384 bits).
  int rsa_bits = 2048;
};

// Generates a key for `alg`: RSA (2048 bits by default) for RS* and PS*,
// the alg's curve for ES*, Ed25519 for EdDSA, and a random secret as long
// as the hash output for HS*.
JWTV_EXPORT absl::StatusOr<KeyPair> GenerateKeyPair(
    Algorithm alg, std::string_view kid = {},
    const KeyPairOptions& options = {});

// The signer of a generated key pair.
JWTV_EXPORT absl::StatusOr<TokenSigner> SignerFor(const KeyPair& pair);

// The registered claims most tests set; members left empty (or nullopt)
// are left out of the JSON. Every member has a default, so designated
// initializers may name only those a test needs.
struct Claims {
  std::string iss{};
  std::string sub{};
  // One audience is written as a string, several as an array.
  std::vector<std::string> aud{};
  std::optional<int64_t> exp{};
  std::optional<int64_t> nbf{};
  std::optional<int64_t> iat{};
  std::string jti{};
  // Further members, (name, JSON value written unchanged), in order: e.g.
  // {"scope", "\"read write\""} or {"roles", "[\"admin\"]"}.
  std::vector<std::pair<std::string, std::string>> extra{};
};

// The JSON object of `claims`, strings escaped as RFC 8259 requires.
JWTV_EXPORT std::string ClaimsJson(const Claims& claims);

// `in` in base64url without padding (RFC 7515 section 2), the form of a
// token's segments and of a JWK's binary members: for the signing inputs
// and JWKs a test writes by hand. Its own code, not libjwtv's, so that a
// test of jwtv's decoder does not check it against the same implementation.
JWTV_EXPORT std::string Base64UrlEncode(std::string_view in);

}  // namespace jwtv::testing

#endif  // JWTV_TESTING_TOKEN_SIGNER_H_
