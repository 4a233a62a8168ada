// Copyright 2026 The jwtv Authors.
//
// The P-256 field multiplication (Montgomery, mod p) of crypto/p256.cc, both
// the portable code and the one the verifier runs (x86-64 assembly on BMI2
// builds), and the squaring the verifier runs, against BIGNUM arithmetic on
// edge and random operands.

#include <array>
#include <cstdint>
#include <vector>

#include "crypto/p256.h"
#include "crypto_testing.h"
#include "gtest/gtest.h"

namespace jwtv::internal {
namespace {

constexpr P256Limbs kP = {0xFFFFFFFFFFFFFFFF, 0x00000000FFFFFFFF, 0,
                          0xFFFFFFFF00000001};

bssl::UniquePtr<BIGNUM> ToBn(const P256Limbs& a) {
  uint8_t be[32];
  for (int i = 0; i < 32; ++i)
    be[i] = uint8_t(a[3 - i / 8] >> (56 - 8 * (i % 8)));
  return bssl::UniquePtr<BIGNUM>(BN_bin2bn(be, 32, nullptr));
}

P256Limbs FromBn(const BIGNUM* bn) {
  uint8_t be[32];
  EXPECT_TRUE(BN_bn2bin_padded(be, 32, bn));
  P256Limbs out{};
  for (int i = 0; i < 32; ++i) out[3 - i / 8] = (out[3 - i / 8] << 8) | be[i];
  return out;
}

P256Limbs Sub(P256Limbs a, uint64_t d) {  // a - d for a >= d
  for (uint64_t& limb : a) {
    const uint64_t next = limb < d ? 1 : 0;
    limb -= d;
    d = next;
  }
  return a;
}

class P256FieldTest : public ::testing::Test {
 protected:
  P256FieldTest() : ctx_(BN_CTX_new()), p_(ToBn(kP)), r_inv_(BN_new()) {
    bssl::UniquePtr<BIGNUM> r(BN_new());
    EXPECT_TRUE(BN_lshift(r.get(), BN_value_one(), 256));
    EXPECT_TRUE(BN_mod_inverse(r_inv_.get(), r.get(), p_.get(), ctx_.get()));
  }

  // a * b / 2^256 mod p by BIGNUM.
  P256Limbs Reference(const P256Limbs& a, const P256Limbs& b) {
    bssl::UniquePtr<BIGNUM> t(BN_new());
    EXPECT_TRUE(BN_mod_mul(t.get(), ToBn(a).get(), ToBn(b).get(), p_.get(),
                           ctx_.get()));
    EXPECT_TRUE(
        BN_mod_mul(t.get(), t.get(), r_inv_.get(), p_.get(), ctx_.get()));
    return FromBn(t.get());
  }

  P256Limbs Random() {
    bssl::UniquePtr<BIGNUM> v(BN_new());
    EXPECT_TRUE(BN_rand_range(v.get(), p_.get()));
    return FromBn(v.get());
  }

  void ExpectMul(const P256Limbs& a, const P256Limbs& b) {
    P256Limbs portable{}, used{};
    P256FieldMulForTest(a, b, portable, used);
    const P256Limbs want = Reference(a, b);
    EXPECT_EQ(portable, want);
    EXPECT_EQ(used, want);
    EXPECT_EQ(P256FieldSqrForTest(a), Reference(a, a));
  }

  bssl::UniquePtr<BN_CTX> ctx_;
  bssl::UniquePtr<BIGNUM> p_, r_inv_;
};

TEST_F(P256FieldTest, EdgeOperands) {
  const uint64_t kMax = ~uint64_t{0};
  const std::vector<P256Limbs> edges = {
      {0, 0, 0, 0},
      {1, 0, 0, 0},
      {2, 0, 0, 0},
      Sub(kP, 1),
      Sub(kP, 2),
      {kMax, kMax, kMax, 0xFFFFFFFEFFFFFFFF},  // all ones, but below p
      {0, 0, 0, uint64_t{1} << 63},
      {kMax, 0, 0, 0},
      {0, kMax, 0, 0},
      {0, 0, kMax, 0},
      {0, 0, 0, 0xFFFFFFFF00000000},
      {kMax, 0xFFFFFFFF, 0, 0},
      {1, 0xFFFFFFFF00000000, kMax, 0xFFFFFFFE},                 // R mod p
      {3, 0xFFFFFFFBFFFFFFFF, 0xFFFFFFFFFFFFFFFE, 0x4FFFFFFFD},  // R^2 mod p
  };
  for (const P256Limbs& a : edges) {
    for (const P256Limbs& b : edges) ExpectMul(a, b);
  }
}

TEST_F(P256FieldTest, RandomOperands) {
  for (int i = 0; i < 20000; ++i) ExpectMul(Random(), Random());
}

// a * (R mod p) / R = a: results at p - 1, p - 2, 1 and 0, where the final
// subtraction of p must (or must not) happen.
TEST_F(P256FieldTest, ResultsNearP) {
  const P256Limbs r_mod_p = {1, 0xFFFFFFFF00000000, ~uint64_t{0}, 0xFFFFFFFE};
  for (const P256Limbs& a :
       {Sub(kP, 1), Sub(kP, 2), P256Limbs{1, 0, 0, 0}, P256Limbs{}}) {
    P256Limbs portable{}, used{};
    P256FieldMulForTest(a, r_mod_p, portable, used);
    EXPECT_EQ(portable, a);
    EXPECT_EQ(used, a);
    P256FieldMulForTest(r_mod_p, a, portable, used);
    EXPECT_EQ(portable, a);
    EXPECT_EQ(used, a);
  }
  // R mod p is 1 in Montgomery form: its own square.
  EXPECT_EQ(P256FieldSqrForTest(r_mod_p), r_mod_p);
}

}  // namespace
}  // namespace jwtv::internal
