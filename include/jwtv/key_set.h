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
// Checks made on load: RSA modulus >= 2048 bits (and <= 16384), public
// exponent odd and >= 3; EC x and y of the curve's exact length and on the
// curve; Ed25519 x of 32 bytes; oct k non-empty; JWKS at most 1 MiB and 1024
// keys.
//
// A KeySet is a cheap-to-copy handle to shared immutable data.

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
}  // namespace internal

// What a loaded key is, for reports (no key material).
struct KeyInfo {
  std::string kid;  // empty if the key has none
  std::string kty;  // "RSA", "EC", "OKP" or "oct"
  AlgorithmSet algorithms;
  int bits = 0;  // modulus, curve or secret size in bits
};

class JWTV_EXPORT KeySet {
 public:
  class Builder;

  // An empty set: every token is rejected with key_not_found.
  KeySet();

  // All keys of a JWKS document ({"keys": [...]}); a single JWK object is
  // accepted too.
  static absl::StatusOr<KeySet> FromJwks(std::string_view jwks_json);
  // HMAC secrets used verbatim as raw bytes; any of them may verify.
  static absl::StatusOr<KeySet> FromHmacSecrets(
      const std::vector<std::string>& secrets);
  // A PEM "PUBLIC KEY" (SubjectPublicKeyInfo) or "RSA PUBLIC KEY" that may
  // verify exactly `alg`. The key's type must agree with `alg`.
  static absl::StatusOr<KeySet> FromPem(std::string_view pem, Algorithm alg,
                                        std::string_view kid = {});

  size_t size() const;
  bool empty() const { return size() == 0; }
  std::vector<KeyInfo> keys() const;
  // One line per skipped JWK ("keys[3] (kid \"x\"): unknown kty \"foo\"").
  const std::vector<std::string>& skipped() const;

  // For jwtv's own modules.
  const internal::KeySetData& data() const { return *data_; }

 private:
  JWTV_NO_EXPORT explicit KeySet(
      std::shared_ptr<const internal::KeySetData> data);
  std::shared_ptr<const internal::KeySetData> data_;
};

// Collects keys from several sources into one KeySet.
class JWTV_EXPORT KeySet::Builder {
 public:
  Builder();
  ~Builder();
  Builder(Builder&&) noexcept;
  Builder& operator=(Builder&&) noexcept;

  absl::Status AddJwks(std::string_view jwks_json);
  absl::Status AddHmacSecret(std::string_view secret, std::string_view kid = {},
                             AlgorithmSet algorithms = AlgorithmSet::Hmac());
  absl::Status AddPem(std::string_view pem, Algorithm alg,
                      std::string_view kid = {});

  // Consumes the builder's keys.
  KeySet Build() &&;

 private:
  std::unique_ptr<internal::KeySetData> data_;
};

}  // namespace jwtv

#endif  // JWTV_KEY_SET_H_
