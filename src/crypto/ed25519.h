// Copyright 2026 The jwtv Authors.
//
// Ed25519 signature verification (RFC 8032 5.1.7, the EdDSA of RFC 8037) for
// keys that verify many signatures.
//
// An Ed25519PublicKey is decoded once, when the key is loaded, and holds
// precomputed multiples of itself, so a verification shares its point
// doublings between the base point and the key. Everything here runs in
// variable time: a verifier's inputs (key, message, signature) are public.
// Nothing allocates after Create (the base point's tables are built once per
// process, on first use).
//
// The accept/reject decision is the one BoringSSL's ED25519_verify and
// OpenSSL 3's Ed25519 verification make on every input: S must be below the
// group order L; the key may be any encoding that decodes to a curve point
// (a y of 2^255 - 19 or more is taken mod 2^255 - 19, x = 0 with the sign bit
// set is x = 0, small-order points are keys like any other); R is compared
// byte for byte with the canonical encoding of [S]B - [k]A, so only a
// canonical R verifies; and the check is the cofactorless one.

#ifndef JWTV_SRC_CRYPTO_ED25519_H_
#define JWTV_SRC_CRYPTO_ED25519_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

namespace jwtv::internal {

// A field element mod 2^255 - 19: five little-endian 51-bit limbs.
using Ed25519Fe = std::array<uint64_t, 5>;

// An affine point as (y + x, y - x, 2dxy), ready to add.
struct Ed25519Niels {
  Ed25519Fe y_plus_x, y_minus_x, xy2d;
};

class Ed25519PublicKey {
 public:
  // The key whose 32-byte encoding is `encoded`; nullptr unless it decodes
  // to a point on the curve (RFC 8032 5.1.3, without its y < p check, as the
  // crypto libraries decode).
  static std::unique_ptr<Ed25519PublicKey> Create(const uint8_t encoded[32]);

  // True iff `signature` (R then S, 32 bytes each) is a valid Ed25519
  // signature of `message` under this key: S < L and the encoding of
  // [S]B - [SHA-512(R || A || message) mod L]A is R.
  bool Verify(std::string_view message, const uint8_t signature[64]) const;

 private:
  static constexpr int kWindow = 5;  // of the NAF digits of A's scalar
  static constexpr int kTableSize = 1 << (kWindow - 2);

  Ed25519PublicKey() = default;

  uint8_t encoded_[32];
  // table_[k][j] = (2j + 1) * 2^(64k) * (-A): -A, -3A, ..., -15A.
  std::array<std::array<Ed25519Niels, kTableSize>, 4> table_;
};

}  // namespace jwtv::internal

#endif  // JWTV_SRC_CRYPTO_ED25519_H_
