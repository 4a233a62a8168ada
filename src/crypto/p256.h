// Copyright 2026 The jwtv Authors.
//
// ECDSA signature verification over NIST P-256 (SEC 1 4.1.4, the ES256 of
// RFC 7518 3.4) for keys that verify many signatures.
//
// A P256PublicKey holds precomputed multiples of itself, made once when the
// key is loaded, so a verification shares its point doublings between the
// generator and the key. Everything here runs in variable time: a verifier's
// inputs (key, digest, signature) are public. Nothing allocates after Create
// (the generator's tables are built once per process, on first use).

#ifndef JWTV_SRC_CRYPTO_P256_H_
#define JWTV_SRC_CRYPTO_P256_H_

#include <array>
#include <cstdint>
#include <memory>

namespace jwtv::internal {

// A field element or scalar: four little-endian 64-bit limbs.
using P256Limbs = std::array<uint64_t, 4>;

struct P256Affine {
  P256Limbs x, y;  // Montgomery form
};

class P256PublicKey {
 public:
  // The key whose affine coordinates are `x` and `y` (32 bytes each,
  // big-endian); nullptr unless both are below p and the point is on the
  // curve.
  static std::unique_ptr<P256PublicKey> Create(const uint8_t x[32],
                                               const uint8_t y[32]);

  // True iff `signature` (r then s, 32 bytes each, big-endian) is a valid
  // ECDSA signature of the 32-byte `digest` (a SHA-256 output) under this
  // key: 0 < r, s < n and x(u1*G + u2*Q) mod n == r.
  bool Verify(const uint8_t digest[32], const uint8_t signature[64]) const;

  // For tests: writes the affine x coordinate (big-endian) of u1*G + u2*Q for
  // big-endian scalars u1, u2 < n and returns true; false when the sum is the
  // point at infinity or a scalar is not below n.
  bool MulAddX(const uint8_t u1[32], const uint8_t u2[32], uint8_t x[32]) const;

 private:
  static constexpr int kChunks = 8;  // 32-bit pieces of each scalar
  static constexpr int kWindow = 5;  // of the NAF digits of Q's scalar
  static constexpr int kTableSize = 1 << (kWindow - 2);

  P256PublicKey() = default;

  // table_[k][j] = (2j + 1) * 2^(32k) * Q, affine: 1Q, 3Q, ..., 15Q.
  std::array<std::array<P256Affine, kTableSize>, kChunks> table_;
};

// For tests: a * b / 2^256 mod p (little-endian limbs, a and b below p) by
// the portable field multiplication into `portable` and by the one the
// verifier runs (x86-64 assembly when the build targets BMI2, else the same
// portable code) into `used`.
void P256FieldMulForTest(const P256Limbs& a, const P256Limbs& b,
                         P256Limbs& portable, P256Limbs& used);

// For tests: a * a / 2^256 mod p by the squaring the verifier runs.
P256Limbs P256FieldSqrForTest(const P256Limbs& a);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_CRYPTO_P256_H_
