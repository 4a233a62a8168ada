// Copyright 2026 The jwtv Authors.
//
// KeySet: an immutable, thread-safe set of verification keys.
//
// Keys come from a JWKS document (RFC 7517), from raw HMAC secrets, or from a
// PEM public key with an explicit algorithm. Every key is prepared once (RSA,
// EC and Ed25519 key objects parsed, HMAC keyed state precomputed) and is
// bound to the algorithms it may verify:
//   - the JWK "alg" member when present;
//   - otherwise by kind: oct -> HS256/384/512; RSA -> RS* and PS*;
//     EC P-256 -> ES256, P-384 -> ES384, P-521 -> ES512; OKP Ed25519 -> EdDSA.
// A JWK whose "use" is not "sig", or whose "key_ops" lacks "verify", is not
// loaded. A JWK of an unknown kty (or an unsupported curve) is skipped and
// reported by skipped(); any other defect in the document is an error.
//
// HMAC secret length (RFC 7518 section 3.2): a secret may verify only the HS
// algorithms whose hash output it covers: 32 bytes or more for HS256, 48 for
// HS384, 64 for HS512. A raw secret (FromHmacSecrets, AddHmacSecret) that
// permits none of the algorithms asked for is an InvalidArgument error; an
// oct JWK whose secret permits none of its algorithms is skipped and
// reported by skipped(). KeySetOptions::allow_short_hmac_secrets lifts the
// rule for legacy systems.
//
// Symmetric keys in a published JWKS: a JWKS that anyone can read (fetched
// from a URL, as JwksCache does for URL and OpenID Connect sources) must not
// provide oct keys, since whoever reads the secret can sign tokens. With
// KeySetOptions::ignore_symmetric_keys every oct JWK is left out, listed by
// ignored_symmetric_keys() and reported by skipped().
//
// Checks made on load: RSA modulus >= 2048 bits (and <= 16384), public
// exponent odd and >= 3; EC x and y of the curve's exact length and on the
// curve; Ed25519 x of 32 bytes; oct k non-empty and long enough (above); JWKS
// at most 1 MiB and 1024 keys.
//
// A KeySet is a cheap-to-copy handle to shared immutable data.
//
// Stability (docs/DESIGN.md, "What is stable"): what this header documents
// is the source-level API. Its private members and the internal:: names it
// declares for jwtv's own modules are not, and the ABI may change in any
// release before 1.0.

#ifndef JWTV_KEY_SET_H_
#define JWTV_KEY_SET_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "jwtv/algorithm.h"
#include "jwtv/export.h"

namespace jwtv {

namespace internal {
class KeySetData;
class KeySetAccess;  // src/key_set/key_set_data.h
}  // namespace internal

// What a loaded key is, for reports (no key material).
struct KeyInfo {
  std::string kid;  // empty if the key has none
  std::string kty;  // "RSA", "EC", "OKP" or "oct"
  AlgorithmSet algorithms;
  int bits = 0;  // modulus, curve or secret size in bits
};

// How keys are loaded into a KeySet.
struct KeySetOptions {
  // Leave out every oct (symmetric) JWK of a JWKS document. Set it for a
  // document that is published (any JWKS fetched from a URL): a secret that
  // anyone can read lets anyone sign tokens. JwksCache sets it for its URL
  // and OpenID Connect sources whatever its options say. Raw secrets
  // (AddHmacSecret) are not affected.
  bool ignore_symmetric_keys = false;
  // Legacy escape hatch, off by default: accept HMAC secrets shorter than
  // RFC 7518 section 3.2 requires (32 bytes for HS256, 48 for HS384, 64 for
  // HS512) for every HS algorithm asked for. Only for a system that cannot
  // change a short secret yet: a short secret is open to brute force.
  bool allow_short_hmac_secrets = false;
};

class JWTV_EXPORT KeySet {
 public:
  class Builder;

  // An empty set: every token is rejected with key_not_found.
  KeySet();

  // All keys of a JWKS document ({"keys": [...]}); a single JWK object is
  // accepted too.
  static absl::StatusOr<KeySet> FromJwks(std::string_view jwks_json,
                                         const KeySetOptions& options = {});
  // HMAC secrets used verbatim as raw bytes; any of them may verify, each
  // for the HS algorithms its length permits (see above). Fails if one
  // permits none.
  static absl::StatusOr<KeySet> FromHmacSecrets(
      const std::vector<std::string>& secrets,
      const KeySetOptions& options = {});
  // A PEM "PUBLIC KEY" (SubjectPublicKeyInfo) or "RSA PUBLIC KEY" that may
  // verify exactly `alg`. The key's type must agree with `alg`.
  static absl::StatusOr<KeySet> FromPem(std::string_view pem, Algorithm alg,
                                        std::string_view kid = {});

  size_t size() const;
  bool empty() const { return size() == 0; }
  std::vector<KeyInfo> keys() const;
  // One line per skipped JWK ("keys[3] (kid \"x\"): unknown kty \"foo\"").
  // Lives as long as this KeySet (or a copy of it).
  const std::vector<std::string>& skipped() const;
  // The oct JWKs left out by KeySetOptions::ignore_symmetric_keys, in
  // document order (algorithms empty; bits from the length of "k"). Lives as
  // long as this KeySet (or a copy of it).
  const std::vector<KeyInfo>& ignored_symmetric_keys() const;

 private:
  friend class internal::KeySetAccess;
  JWTV_NO_EXPORT explicit KeySet(
      std::shared_ptr<const internal::KeySetData> data);
  std::shared_ptr<const internal::KeySetData> data_;
};

// Collects keys from several sources into one KeySet.
class JWTV_EXPORT KeySet::Builder {
 public:
  Builder();
  explicit Builder(const KeySetOptions& options);
  ~Builder();
  Builder(Builder&&) noexcept;
  Builder& operator=(Builder&&) noexcept;

  absl::Status AddJwks(std::string_view jwks_json);
  // The secret may verify those of `algorithms` (HS* only) that its length
  // permits; InvalidArgument, naming the rule and the length, if none.
  absl::Status AddHmacSecret(std::string_view secret, std::string_view kid = {},
                             AlgorithmSet algorithms = AlgorithmSet::Hmac());
  absl::Status AddPem(std::string_view pem, Algorithm alg,
                      std::string_view kid = {});

  // Consumes the builder's keys.
  KeySet Build() &&;

 private:
  std::unique_ptr<internal::KeySetData> data_;
  KeySetOptions options_;
};

}  // namespace jwtv

#endif  // JWTV_KEY_SET_H_
