// Copyright 2026 The jwtv Authors.
//
// RSA keys (RS*, PS*): PEM and JWK forms, key checks, and verdicts against
// the crypto library on valid and altered encodings.

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <vector>

#include "crypto/prepared_key.h"
#include "gtest/gtest.h"
#include "testing/crypto_test_fixtures.h"
#include "testing/crypto_testing.h"

namespace jwtv::internal {
namespace {

// ---------------------------------------------------------------- RSA

TEST(RsaTest, SpkiPemVerifiesPkcs1AndPss) {
  auto k = MustPem(kRsaSpkiPem);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->type(), KeyType::kRsa);
  EXPECT_EQ(k->bits(), 2048);
  EXPECT_EQ(k->natural_algorithms(), AlgorithmSet::Rsa());
  ExpectOnlyAlgVerifies(*k, Algorithm::kRS256, kPemMessage, Hex(kRsaRs256Sig));
  ExpectOnlyAlgVerifies(*k, Algorithm::kPS256, kPemMessage, Hex(kRsaPs256Sig));
}

TEST(RsaTest, Pkcs1PemIsTheSameKey) {
  auto k = MustPem(kRsaPkcs1Pem);
  ASSERT_NE(k, nullptr);
  EXPECT_TRUE(k->Verify(Algorithm::kRS256, kPemMessage, Hex(kRsaRs256Sig)));
  EXPECT_TRUE(k->Verify(Algorithm::kPS256, kPemMessage, Hex(kRsaPs256Sig)));
}

TEST(RsaTest, FromModulusAndExponent) {
  const std::vector<uint8_t> n = Hex(kRsa2048N), e = Hex("010001");
  auto k = MakeRsaKey(n, e);
  ASSERT_TRUE(k.ok()) << k.status();
  EXPECT_TRUE((*k)->Verify(Algorithm::kRS256, kPemMessage, Hex(kRsaRs256Sig)));
  // Leading zero bytes are not significant.
  std::vector<uint8_t> n0 = n, e0 = e;
  n0.insert(n0.begin(), {0, 0});
  e0.insert(e0.begin(), 0);
  auto k0 = MakeRsaKey(n0, e0);
  ASSERT_TRUE(k0.ok()) << k0.status();
  EXPECT_EQ((*k0)->bits(), 2048);
  EXPECT_TRUE((*k0)->Verify(Algorithm::kRS256, kPemMessage, Hex(kRsaRs256Sig)));
  // A key with another exponent is another key.
  auto k3 = MakeRsaKey(n, Hex("03"));
  ASSERT_TRUE(k3.ok()) << k3.status();
  EXPECT_FALSE(
      (*k3)->Verify(Algorithm::kRS256, kPemMessage, Hex(kRsaRs256Sig)));
}

TEST(RsaTest, KeyChecks) {
  const std::vector<uint8_t> n = Hex(kRsa2048N), e = Hex("010001");
  EXPECT_FALSE(MakeRsaKey(Hex(kRsa1024N), e).ok()) << "1024-bit modulus";
  EXPECT_FALSE(MakeKeyFromPem(kRsa1024Pem).ok()) << "1024-bit PEM";
  // 2047 bits: drop the top bit.
  std::vector<uint8_t> n2047 = n;
  n2047[0] = 0x7f;
  EXPECT_FALSE(MakeRsaKey(n2047, e).ok());
  std::vector<uint8_t> even = n;
  even.back() &= 0xfe;
  EXPECT_FALSE(MakeRsaKey(even, e).ok()) << "even modulus";
  std::vector<uint8_t> huge(16384 / 8 + 1, 0xff);
  EXPECT_FALSE(MakeRsaKey(huge, e).ok()) << "over 16384 bits";
  EXPECT_FALSE(MakeRsaKey({}, e).ok());
  EXPECT_FALSE(MakeRsaKey(n, {}).ok()) << "e = 0";
  EXPECT_FALSE(MakeRsaKey(n, Hex("00")).ok()) << "e = 0";
  EXPECT_FALSE(MakeRsaKey(n, Hex("01")).ok()) << "e = 1";
  EXPECT_FALSE(MakeRsaKey(n, Hex("02")).ok()) << "e = 2";
  EXPECT_FALSE(MakeRsaKey(n, Hex("010000")).ok()) << "even e";
  EXPECT_FALSE(MakeRsaKey(n, Hex("0200000001")).ok()) << "e > 2^33";
  EXPECT_TRUE(MakeRsaKey(n, Hex("01ffffffff")).ok()) << "e < 2^33";
  EXPECT_TRUE(MakeRsaKey(n, Hex("03")).ok());
}

// The RS256 (PKCS #1 v1.5) or PS256 signature of `message` by rsa, k bytes
// (empty on failure); `digest` gets the message's SHA-256.
std::vector<uint8_t> SignSha256(RSA* rsa, bool pss, const std::string& message,
                                uint8_t digest[SHA256_DIGEST_LENGTH]) {
  SHA256(reinterpret_cast<const uint8_t*>(message.data()), message.size(),
         digest);
  const size_t k = RSA_size(rsa);
  std::vector<uint8_t> sig(k);
  size_t len = 0;
  bool ok;
  if (pss) {
    ok = RSA_sign_pss_mgf1(rsa, &len, sig.data(), k, digest,
                           SHA256_DIGEST_LENGTH, EVP_sha256(), nullptr, -1);
  } else {
    unsigned ulen = 0;
    ok = RSA_sign(NID_sha256, digest, SHA256_DIGEST_LENGTH, sig.data(), &ulen,
                  rsa);
    len = ulen;
  }
  if (!ok || len != k) sig.clear();
  return sig;
}

// RFC 8017 8.2.2 step 2 (RSAVP1 step 1): a signature whose integer is not
// below n is rejected, even when it is a valid one plus n (which the
// exponentiation alone, working mod n, would accept).
TEST(RsaTest, SignatureNotBelowModulusIsRejected) {
  bssl::UniquePtr<RSA> rsa(RSA_new());
  bssl::UniquePtr<BIGNUM> e(BN_new());
  ASSERT_TRUE(BN_set_word(e.get(), RSA_F4));
  ASSERT_TRUE(RSA_generate_key_ex(rsa.get(), 2048, e.get(), nullptr));
  const BIGNUM* n = RSA_get0_n(rsa.get());
  const size_t k = RSA_size(rsa.get());
  std::vector<uint8_t> n_bytes(k), e_bytes(3);
  ASSERT_TRUE(BN_bn2bin_padded(n_bytes.data(), k, n));
  ASSERT_TRUE(BN_bn2bin_padded(e_bytes.data(), 3, e.get()));
  auto key = MakeRsaKey(n_bytes, e_bytes);
  ASSERT_TRUE(key.ok()) << key.status();
  for (Algorithm alg : {Algorithm::kRS256, Algorithm::kPS256}) {
    int shifted = 0;
    for (int i = 0; i < 64 && shifted < 3; ++i) {
      const std::string message = "message " + std::to_string(i);
      uint8_t digest[SHA256_DIGEST_LENGTH];
      const std::vector<uint8_t> sig =
          SignSha256(rsa.get(), alg == Algorithm::kPS256, message, digest);
      ASSERT_EQ(sig.size(), k);
      ASSERT_TRUE((*key)->Verify(alg, message, sig));
      // s + n, when it still fits in k bytes.
      bssl::UniquePtr<BIGNUM> s(BN_bin2bn(sig.data(), k, nullptr));
      ASSERT_TRUE(BN_add(s.get(), s.get(), n));
      std::vector<uint8_t> shifted_sig(k);
      if (!BN_bn2bin_padded(shifted_sig.data(), k, s.get())) continue;
      ++shifted;
      EXPECT_FALSE((*key)->Verify(alg, message, shifted_sig)) << i;
    }
    EXPECT_GT(shifted, 0) << "no signature left room for s + n";
    // n itself, and all ones.
    EXPECT_FALSE((*key)->Verify(alg, "m", n_bytes));
    EXPECT_FALSE((*key)->Verify(alg, "m", std::vector<uint8_t>(k, 0xff)));
  }
}

// An RSA key whose modulus has exactly `bits` bits (p and q of (bits + 1) /
// 2 and bits / 2 bits, drawn until their product has that length), with e =
// 65537 and the CRT values BoringSSL's private operation needs.
bssl::UniquePtr<RSA> RsaKeyWithModulusBits(int bits) {
  bssl::UniquePtr<BN_CTX> ctx(BN_CTX_new());
  for (;;) {
    bssl::UniquePtr<BIGNUM> p(BN_new()), q(BN_new()), n(BN_new()), e(BN_new()),
        d(BN_new()), p1(BN_new()), q1(BN_new()), phi(BN_new()), dmp1(BN_new()),
        dmq1(BN_new()), iqmp(BN_new());
    if (!BN_generate_prime_ex(p.get(), (bits + 1) / 2, 0, nullptr, nullptr,
                              nullptr) ||
        !BN_generate_prime_ex(q.get(), bits / 2, 0, nullptr, nullptr,
                              nullptr) ||
        !BN_mul(n.get(), p.get(), q.get(), ctx.get())) {
      return nullptr;
    }
    // BN_num_bits is unsigned in BoringSSL and int in OpenSSL.
    if (static_cast<int>(BN_num_bits(n.get())) != bits) continue;
    if (!BN_set_word(e.get(), RSA_F4) ||
        !BN_sub(p1.get(), p.get(), BN_value_one()) ||
        !BN_sub(q1.get(), q.get(), BN_value_one()) ||
        !BN_mul(phi.get(), p1.get(), q1.get(), ctx.get()) ||
        !BN_mod_inverse(d.get(), e.get(), phi.get(), ctx.get()) ||
        !BN_mod(dmp1.get(), d.get(), p1.get(), ctx.get()) ||
        !BN_mod(dmq1.get(), d.get(), q1.get(), ctx.get()) ||
        !BN_mod_inverse(iqmp.get(), q.get(), p.get(), ctx.get())) {
      continue;  // e not invertible mod phi: draw again
    }
    bssl::UniquePtr<RSA> rsa(RSA_new());
    if (!RSA_set0_key(rsa.get(), n.release(), e.release(), d.release()) ||
        !RSA_set0_factors(rsa.get(), p.release(), q.release()) ||
        !RSA_set0_crt_params(rsa.get(), dmp1.release(), dmq1.release(),
                             iqmp.release())) {
      return nullptr;
    }
    return rsa;
  }
}

// RS256 and PS256 against BoringSSL's RSA_verify and RSA_verify_pss_mgf1 on
// valid signatures and on signatures of encoded messages with one byte or
// bit changed (made with the raw private operation), for a 2048-bit modulus
// and a 2049-bit one (where PSS's emLen is k - 1 and the first byte of the
// k-byte encoding must be zero, a case the Wycheproof files do not reach).
TEST(RsaTest, VerdictsEqualBoringSslOnAlteredEncodings) {
  std::mt19937_64 rng(11);
  for (int bits : {2048, 2049}) {
    bssl::UniquePtr<RSA> rsa = RsaKeyWithModulusBits(bits);
    ASSERT_NE(rsa, nullptr);
    const size_t k = RSA_size(rsa.get());
    std::vector<uint8_t> n_bytes(k), e_bytes = {0x01, 0x00, 0x01};
    ASSERT_TRUE(BN_bn2bin_padded(n_bytes.data(), k, RSA_get0_n(rsa.get())));
    auto key = MakeRsaKey(n_bytes, e_bytes);
    ASSERT_TRUE(key.ok()) << key.status();
    int accepted = 0, rejected = 0;
    for (int round = 0; round < 300; ++round) {
      const bool pss = round % 2 == 1;
      const std::string message = "m" + std::to_string(round);
      uint8_t digest[SHA256_DIGEST_LENGTH];
      std::vector<uint8_t> sig = SignSha256(rsa.get(), pss, message, digest);
      ASSERT_EQ(sig.size(), k);
      size_t len = 0;
      if (round % 5 != 0) {
        // Alter the encoded message, then sign it raw.
        std::vector<uint8_t> em(k);
        ASSERT_TRUE(RSA_verify_raw(rsa.get(), &len, em.data(), k, sig.data(), k,
                                   RSA_NO_PADDING));
        const size_t at =
            rng() % 3 == 0 ? (rng() % 2 == 0 ? 0 : k - 1) : rng() % k;
        if (rng() % 2 == 0) {
          em[at] ^= static_cast<uint8_t>(1u << (rng() % 8));
        } else {
          em[at] = static_cast<uint8_t>(rng());
        }
        if (!RSA_sign_raw(rsa.get(), &len, sig.data(), k, em.data(), k,
                          RSA_NO_PADDING)) {
          ERR_clear_error();
          continue;  // not below n
        }
      }
      const bool want = pss ? RSA_verify_pss_mgf1(
                                  rsa.get(), digest, sizeof(digest),
                                  EVP_sha256(), nullptr, -1, sig.data(), k) == 1
                            : RSA_verify(NID_sha256, digest, sizeof(digest),
                                         sig.data(), k, rsa.get()) == 1;
      ERR_clear_error();
      const Algorithm alg = pss ? Algorithm::kPS256 : Algorithm::kRS256;
      EXPECT_EQ((*key)->Verify(alg, message, sig), want)
          << bits << " bits, round " << round;
      (want ? accepted : rejected)++;
    }
    // Both verdicts occur.
    EXPECT_GT(accepted, 50) << bits;
    EXPECT_GT(rejected, 100) << bits;
  }
}

}  // namespace
}  // namespace jwtv::internal
