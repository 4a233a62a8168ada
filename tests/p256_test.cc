// Copyright 2026 The jwtv Authors.
//
// jwtv's P-256 verifier against the crypto backend (BoringSSL or OpenSSL):
// the double-scalar multiplication on random and edge scalars, and
// verification of valid and tampered signatures on random keys. (The Wycheproof
// P-256 vectors run through the same code in wycheproof_test.cc.)

#include "crypto/p256.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "crypto_testing.h"
#include "gtest/gtest.h"

namespace jwtv::internal {
namespace {

using Bytes32 = std::array<uint8_t, 32>;

const EC_GROUP* Group() {
  static const EC_GROUP* group =
      EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  return group;
}

Bytes32 BnTo32(const BIGNUM* bn) {
  Bytes32 out{};
  EXPECT_TRUE(BN_bn2bin_padded(out.data(), out.size(), bn));
  return out;
}

struct TestKey {
  bssl::UniquePtr<EC_KEY> ec;
  std::unique_ptr<P256PublicKey> fast;
};

TestKey NewKey() {
  TestKey k;
  k.ec.reset(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  EXPECT_TRUE(EC_KEY_generate_key(k.ec.get()));
  bssl::UniquePtr<BIGNUM> x(BN_new()), y(BN_new());
  EXPECT_TRUE(EC_POINT_get_affine_coordinates_GFp(
      Group(), EC_KEY_get0_public_key(k.ec.get()), x.get(), y.get(), nullptr));
  const Bytes32 xb = BnTo32(x.get()), yb = BnTo32(y.get());
  k.fast = P256PublicKey::Create(xb.data(), yb.data());
  EXPECT_NE(k.fast, nullptr);
  return k;
}

// BoringSSL's x(u1*G + u2*Q), or false at infinity.
bool ReferenceMulAddX(const TestKey& key, const Bytes32& u1, const Bytes32& u2,
                      Bytes32* x) {
  bssl::UniquePtr<BIGNUM> a(BN_bin2bn(u1.data(), 32, nullptr));
  bssl::UniquePtr<BIGNUM> b(BN_bin2bn(u2.data(), 32, nullptr));
  bssl::UniquePtr<EC_POINT> r(EC_POINT_new(Group()));
  EXPECT_TRUE(EC_POINT_mul(Group(), r.get(), a.get(),
                           EC_KEY_get0_public_key(key.ec.get()), b.get(),
                           nullptr));
  if (EC_POINT_is_at_infinity(Group(), r.get())) return false;
  bssl::UniquePtr<BIGNUM> bx(BN_new());
  EXPECT_TRUE(EC_POINT_get_affine_coordinates_GFp(Group(), r.get(), bx.get(),
                                                  nullptr, nullptr));
  *x = BnTo32(bx.get());
  return true;
}

Bytes32 RandomScalar() {
  bssl::UniquePtr<BIGNUM> s(BN_new());
  EXPECT_TRUE(BN_rand_range(s.get(), EC_GROUP_get0_order(Group())));
  return BnTo32(s.get());
}

// n - d.
Bytes32 OrderMinus(BN_ULONG d) {
  bssl::UniquePtr<BIGNUM> s(BN_dup(EC_GROUP_get0_order(Group())));
  EXPECT_TRUE(BN_sub_word(s.get(), d));
  return BnTo32(s.get());
}

Bytes32 Word(uint64_t v, int limb) {
  Bytes32 out{};
  for (int j = 0; j < 8; ++j) out[31 - 8 * limb - j] = uint8_t(v >> (8 * j));
  return out;
}

void ExpectSameMulAdd(const TestKey& key, const Bytes32& u1,
                      const Bytes32& u2) {
  Bytes32 want{}, got{};
  const bool want_finite = ReferenceMulAddX(key, u1, u2, &want);
  const bool got_finite = key.fast->MulAddX(u1.data(), u2.data(), got.data());
  ASSERT_EQ(got_finite, want_finite);
  if (want_finite) {
    EXPECT_EQ(got, want);
  }
}

TEST(P256Test, MulAddMatchesBoringSslOnRandomScalars) {
  for (int i = 0; i < 20; ++i) {
    TestKey key = NewKey();
    for (int j = 0; j < 50; ++j) {
      ExpectSameMulAdd(key, RandomScalar(), RandomScalar());
    }
  }
}

TEST(P256Test, MulAddMatchesBoringSslOnEdgeScalars) {
  TestKey key = NewKey();
  std::vector<Bytes32> edges = {Bytes32{},     Word(1, 0),
                                Word(2, 0),    Word(~uint64_t{0}, 0),
                                Word(1, 1),    Word(~uint64_t{0}, 1),
                                Word(1, 3),    Word(uint64_t{1} << 63, 3),
                                OrderMinus(1), OrderMinus(2),
                                RandomScalar()};
  for (const Bytes32& a : edges) {
    for (const Bytes32& b : edges) ExpectSameMulAdd(key, a, b);
  }
  // Scalars of n and above are refused.
  const Bytes32 n = OrderMinus(0);
  Bytes32 x{};
  EXPECT_FALSE(key.fast->MulAddX(n.data(), Word(1, 0).data(), x.data()));
  EXPECT_FALSE(key.fast->MulAddX(Word(1, 0).data(), n.data(), x.data()));
}

// u1*G + u2*Q where the sum passes through P = Q and P = -Q: with Q = d*G,
// u1 = -d*u2 gives infinity, and u1 = d*u2 gives 2*u2*Q.
TEST(P256Test, MulAddHandlesDoublingAndCancellation) {
  bssl::UniquePtr<EC_KEY> ec(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  ASSERT_TRUE(EC_KEY_generate_key(ec.get()));
  const BIGNUM* d = EC_KEY_get0_private_key(ec.get());
  const BIGNUM* n = EC_GROUP_get0_order(Group());
  bssl::UniquePtr<BIGNUM> x(BN_new()), y(BN_new());
  ASSERT_TRUE(EC_POINT_get_affine_coordinates_GFp(
      Group(), EC_KEY_get0_public_key(ec.get()), x.get(), y.get(), nullptr));
  TestKey key;
  key.ec = std::move(ec);
  const Bytes32 xb = BnTo32(x.get()), yb = BnTo32(y.get());
  key.fast = P256PublicKey::Create(xb.data(), yb.data());
  ASSERT_NE(key.fast, nullptr);
  bssl::UniquePtr<BN_CTX> ctx(BN_CTX_new());
  for (uint64_t small : {1, 2, 3, 7, 1000}) {
    bssl::UniquePtr<BIGNUM> u2(BN_new()), u1(BN_new()), neg(BN_new());
    ASSERT_TRUE(BN_set_word(u2.get(), small));
    ASSERT_TRUE(BN_mod_mul(u1.get(), d, u2.get(), n, ctx.get()));
    ExpectSameMulAdd(key, BnTo32(u1.get()), BnTo32(u2.get()));
    ASSERT_TRUE(BN_sub(neg.get(), n, u1.get()));
    Bytes32 out{};
    EXPECT_FALSE(key.fast->MulAddX(BnTo32(neg.get()).data(),
                                   BnTo32(u2.get()).data(), out.data()));
    ExpectSameMulAdd(key, BnTo32(neg.get()), BnTo32(u2.get()));
  }
}

std::array<uint8_t, 64> Sign(EC_KEY* key, const Bytes32& digest) {
  bssl::UniquePtr<ECDSA_SIG> sig(ECDSA_do_sign(digest.data(), 32, key));
  EXPECT_NE(sig, nullptr);
  std::array<uint8_t, 64> out{};
  EXPECT_TRUE(BN_bn2bin_padded(out.data(), 32, ECDSA_SIG_get0_r(sig.get())));
  EXPECT_TRUE(
      BN_bn2bin_padded(out.data() + 32, 32, ECDSA_SIG_get0_s(sig.get())));
  return out;
}

bool ReferenceVerify(EC_KEY* key, const Bytes32& digest,
                     const std::array<uint8_t, 64>& sig) {
  bssl::UniquePtr<ECDSA_SIG> s(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(sig.data(), 32, nullptr);
  BIGNUM* ss = BN_bin2bn(sig.data() + 32, 32, nullptr);
  EXPECT_TRUE(ECDSA_SIG_set0(s.get(), r, ss));
  const bool ok = ECDSA_do_verify(digest.data(), 32, s.get(), key) == 1;
  ERR_clear_error();
  return ok;
}

TEST(P256Test, VerifyAgreesWithBoringSslOnValidAndTamperedSignatures) {
  int accepted = 0;
  for (int i = 0; i < 10; ++i) {
    TestKey key = NewKey();
    for (int j = 0; j < 10; ++j) {
      Bytes32 digest;
      RAND_bytes(digest.data(), digest.size());
      if (j == 0) digest.fill(0xff);  // above n: reduced mod n
      const std::array<uint8_t, 64> sig = Sign(key.ec.get(), digest);
      ASSERT_TRUE(key.fast->Verify(digest.data(), sig.data()));
      ++accepted;
      for (int bit = 0; bit < 512; bit += 37) {
        std::array<uint8_t, 64> bad = sig;
        bad[bit / 8] ^= uint8_t(1 << (bit % 8));
        EXPECT_EQ(key.fast->Verify(digest.data(), bad.data()),
                  ReferenceVerify(key.ec.get(), digest, bad));
        EXPECT_FALSE(key.fast->Verify(digest.data(), bad.data()));
      }
      Bytes32 other = digest;
      other[31] ^= 1;
      EXPECT_FALSE(key.fast->Verify(other.data(), sig.data()));
      // (r, n - s) is the other valid signature for the same nonce.
      bssl::UniquePtr<BIGNUM> s(BN_bin2bn(sig.data() + 32, 32, nullptr));
      ASSERT_TRUE(BN_sub(s.get(), EC_GROUP_get0_order(Group()), s.get()));
      std::array<uint8_t, 64> flipped = sig;
      ASSERT_TRUE(BN_bn2bin_padded(flipped.data() + 32, 32, s.get()));
      EXPECT_TRUE(key.fast->Verify(digest.data(), flipped.data()));
    }
  }
  EXPECT_EQ(accepted, 100);
}

TEST(P256Test, VerifyRejectsOutOfRangeRAndS) {
  TestKey key = NewKey();
  Bytes32 digest{};
  const std::array<uint8_t, 64> sig = Sign(key.ec.get(), digest);
  const Bytes32 n = OrderMinus(0);
  for (int half = 0; half < 2; ++half) {
    std::array<uint8_t, 64> bad = sig;
    std::memset(bad.data() + 32 * half, 0, 32);
    EXPECT_FALSE(key.fast->Verify(digest.data(), bad.data()));
    std::memcpy(bad.data() + 32 * half, n.data(), 32);
    EXPECT_FALSE(key.fast->Verify(digest.data(), bad.data()));
    std::memset(bad.data() + 32 * half, 0xff, 32);
    EXPECT_FALSE(key.fast->Verify(digest.data(), bad.data()));
  }
  const std::array<uint8_t, 64> zeros{};
  EXPECT_FALSE(key.fast->Verify(digest.data(), zeros.data()));
}

TEST(P256Test, CreateRejectsPointsOffTheCurve) {
  TestKey key = NewKey();
  bssl::UniquePtr<BIGNUM> x(BN_new()), y(BN_new());
  ASSERT_TRUE(EC_POINT_get_affine_coordinates_GFp(
      Group(), EC_KEY_get0_public_key(key.ec.get()), x.get(), y.get(),
      nullptr));
  Bytes32 xb = BnTo32(x.get()), yb = BnTo32(y.get());
  ASSERT_NE(P256PublicKey::Create(xb.data(), yb.data()), nullptr);
  yb[31] ^= 1;
  EXPECT_EQ(P256PublicKey::Create(xb.data(), yb.data()), nullptr);
  yb[31] ^= 1;
  const Bytes32 zero{};
  EXPECT_EQ(P256PublicKey::Create(zero.data(), zero.data()), nullptr);
  Bytes32 all_ones;
  all_ones.fill(0xff);
  EXPECT_EQ(P256PublicKey::Create(all_ones.data(), yb.data()), nullptr);
  EXPECT_EQ(P256PublicKey::Create(xb.data(), all_ones.data()), nullptr);
}

}  // namespace
}  // namespace jwtv::internal
