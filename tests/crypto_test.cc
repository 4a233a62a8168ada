// Copyright 2026 The jwtv Authors.
//
// Known answers, key checks and failure modes of the EC, Ed25519 and PEM
// keys, and keys shared between threads.

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

// ----------------------------------------------------------------- EC

// Group orders (FIPS 186-4 D.1.2).
constexpr char kP256Order[] =
    "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

TEST(EcTest, FromCoordinatesVerifies) {
  auto k = MakeEcKey(Curve::kP256, Hex(kEcP256X), Hex(kEcP256Y));
  ASSERT_TRUE(k.ok()) << k.status();
  EXPECT_EQ((*k)->type(), KeyType::kEc);
  EXPECT_EQ((*k)->curve(), Curve::kP256);
  EXPECT_EQ((*k)->bits(), 256);
  EXPECT_EQ((*k)->natural_algorithms(), AlgorithmSet{Algorithm::kES256});
  ExpectOnlyAlgVerifies(**k, Algorithm::kES256, kPemMessage, Hex(kEcEs256Sig));
}

TEST(EcTest, PemVerifies) {
  auto k = MustPem(kEcP256Pem);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->curve(), Curve::kP256);
  EXPECT_TRUE(k->Verify(Algorithm::kES256, kPemMessage, Hex(kEcEs256Sig)));
  auto k384 = MustPem(kEcP384Pem);
  ASSERT_NE(k384, nullptr);
  EXPECT_EQ(k384->curve(), Curve::kP384);
  EXPECT_EQ(k384->natural_algorithms(), AlgorithmSet{Algorithm::kES384});
  ExpectOnlyAlgVerifies(*k384, Algorithm::kES384, kPemMessage,
                        Hex(kEcEs384Sig));
}

TEST(EcTest, KeyChecks) {
  const std::vector<uint8_t> x = Hex(kEcP256X), y = Hex(kEcP256Y);
  std::vector<uint8_t> off = y;
  off.back() ^= 1;
  EXPECT_FALSE(MakeEcKey(Curve::kP256, x, off).ok()) << "off the curve";
  const std::vector<uint8_t> zero(32, 0);
  EXPECT_FALSE(MakeEcKey(Curve::kP256, zero, zero).ok()) << "(0, 0)";
  // Coordinates of the wrong length, even with only a leading zero added.
  std::vector<uint8_t> x33 = x;
  x33.insert(x33.begin(), 0);
  EXPECT_FALSE(MakeEcKey(Curve::kP256, x33, y).ok());
  EXPECT_FALSE(MakeEcKey(Curve::kP256, Bytes(x.data() + 1, 31), y).ok());
  EXPECT_FALSE(MakeEcKey(Curve::kP256, x, Bytes(y.data(), 31)).ok());
  // A P-256 point is no P-384 point.
  EXPECT_FALSE(MakeEcKey(Curve::kP384, x, y).ok());
  EXPECT_FALSE(MakeEcKey(Curve::kEd25519, x, y).ok());
  EXPECT_FALSE(MakeEcKey(Curve::kNone, x, y).ok());
  // x + p is the same residue but not a field element.
  EXPECT_FALSE(MakeEcKey(Curve::kP256, std::vector<uint8_t>(32, 0xff), y).ok());
}

// A point with a small x on the curve `nid`, its coordinates of field_bytes
// each, and x + p (the same residue, not a field element; it fits).
struct SmallXPoint {
  std::vector<uint8_t> x, y, x_plus_p;
};
SmallXPoint FindSmallXPoint(int nid, size_t field_bytes) {
  bssl::UniquePtr<EC_GROUP> group(EC_GROUP_new_by_curve_name(nid));
  bssl::UniquePtr<BN_CTX> ctx(BN_CTX_new());
  bssl::UniquePtr<BIGNUM> p(BN_new()), a(BN_new()), b(BN_new()), x(BN_new()),
      y(BN_new()), xp(BN_new());
  bssl::UniquePtr<EC_POINT> pt(EC_POINT_new(group.get()));
  EXPECT_TRUE(EC_GROUP_get_curve_GFp(group.get(), p.get(), a.get(), b.get(),
                                     ctx.get()));
  SmallXPoint out;
  for (unsigned v = 1; v < 100; ++v) {
    EXPECT_TRUE(BN_set_word(x.get(), v));
    if (!EC_POINT_set_compressed_coordinates_GFp(group.get(), pt.get(), x.get(),
                                                 0, ctx.get())) {
      ERR_clear_error();
      continue;
    }
    EXPECT_TRUE(EC_POINT_get_affine_coordinates_GFp(
        group.get(), pt.get(), nullptr, y.get(), ctx.get()));
    EXPECT_TRUE(BN_add(xp.get(), x.get(), p.get()));
    out.x.resize(field_bytes);
    out.y.resize(field_bytes);
    out.x_plus_p.resize(field_bytes);
    EXPECT_TRUE(BN_bn2bin_padded(out.x.data(), field_bytes, x.get()));
    EXPECT_TRUE(BN_bn2bin_padded(out.y.data(), field_bytes, y.get()));
    EXPECT_TRUE(BN_bn2bin_padded(out.x_plus_p.data(), field_bytes, xp.get()));
    return out;
  }
  ADD_FAILURE() << "no point with a small x";
  return out;
}

// Coordinates are field elements on every curve, whatever the backend's
// own point decoding accepts (OpenSSL reduces them mod p).
TEST(EcTest, CoordinateNotBelowPrimeIsRejected) {
  for (auto [curve, nid, bytes] :
       {std::tuple{Curve::kP256, NID_X9_62_prime256v1, size_t{32}},
        std::tuple{Curve::kP384, NID_secp384r1, size_t{48}},
        std::tuple{Curve::kP521, NID_secp521r1, size_t{66}}}) {
    SCOPED_TRACE(bytes);
    const SmallXPoint pt = FindSmallXPoint(nid, bytes);
    ASSERT_FALSE(pt.x.empty());
    EXPECT_TRUE(MakeEcKey(curve, pt.x, pt.y).ok());
    EXPECT_FALSE(MakeEcKey(curve, pt.x_plus_p, pt.y).ok());
  }
}

TEST(EcTest, SignatureScalarsOutOfRange) {
  auto k = MakeEcKey(Curve::kP256, Hex(kEcP256X), Hex(kEcP256Y));
  ASSERT_TRUE(k.ok());
  const std::vector<uint8_t> good = Hex(kEcEs256Sig), n = Hex(kP256Order);
  auto with = [&](const std::vector<uint8_t>* r,
                  const std::vector<uint8_t>* s) {
    std::vector<uint8_t> sig = good;
    if (r) std::copy(r->begin(), r->end(), sig.begin());
    if (s) std::copy(s->begin(), s->end(), sig.begin() + 32);
    return (*k)->Verify(Algorithm::kES256, kPemMessage, sig);
  };
  const std::vector<uint8_t> zero(32, 0), ones(32, 0xff);
  EXPECT_TRUE(with(nullptr, nullptr));
  EXPECT_FALSE(with(&zero, nullptr)) << "r = 0";
  EXPECT_FALSE(with(nullptr, &zero)) << "s = 0";
  EXPECT_FALSE(with(&zero, &zero)) << "r = s = 0 (CVE-2022-21449)";
  EXPECT_FALSE(with(&n, nullptr)) << "r = n";
  EXPECT_FALSE(with(nullptr, &n)) << "s = n";
  EXPECT_FALSE(with(&ones, nullptr)) << "r > n";
  EXPECT_FALSE(with(nullptr, &ones)) << "s > n";
  // r + n and s + n still fit 32 bytes for some r; the same residues must not
  // verify. Compute s' = s + n where it fits.
  std::vector<uint8_t> s(good.begin() + 32, good.end()), s_plus_n(32);
  int carry = 0;
  for (int i = 31; i >= 0; --i) {
    int v = s[i] + n[i] + carry;
    s_plus_n[i] = static_cast<uint8_t>(v);
    carry = v >> 8;
  }
  if (carry == 0) {
    EXPECT_FALSE(with(nullptr, &s_plus_n)) << "s + n";
  }
  // The DER form of a signature is not the JWS form.
  EXPECT_FALSE(
      (*k)->Verify(Algorithm::kES256, kPemMessage, Hex("3006020101020101")));
}

// ------------------------------------------------------------ Ed25519

TEST(Ed25519Test, Rfc8032TestVector1) {
  const std::vector<uint8_t> pk =
      Hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  const std::vector<uint8_t> sig = Hex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821"
      "590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  auto k = MakeEd25519Key(pk);
  ASSERT_TRUE(k.ok()) << k.status();
  EXPECT_EQ((*k)->type(), KeyType::kOkp);
  EXPECT_EQ((*k)->curve(), Curve::kEd25519);
  EXPECT_EQ((*k)->natural_algorithms(), AlgorithmSet{Algorithm::kEdDSA});
  // The message is empty, so ExpectOnlyAlgVerifies (which alters it) is not
  // used for the message part.
  EXPECT_TRUE((*k)->Verify(Algorithm::kEdDSA, "", sig));
  EXPECT_FALSE((*k)->Verify(Algorithm::kEdDSA, "x", sig));
  EXPECT_FALSE((*k)->Verify(Algorithm::kEdDSA, "", Bytes(sig.data(), 63)));
  std::vector<uint8_t> longer = sig;
  longer.push_back(0);
  EXPECT_FALSE((*k)->Verify(Algorithm::kEdDSA, "", longer));
  std::vector<uint8_t> bad = sig;
  bad[40] ^= 1;
  EXPECT_FALSE((*k)->Verify(Algorithm::kEdDSA, "", bad));
  EXPECT_FALSE((*k)->Verify(Algorithm::kHS512, "", sig));
  EXPECT_FALSE((*k)->Verify(Algorithm::kES512, "", sig));
}

TEST(Ed25519Test, PemVerifies) {
  auto k = MustPem(kEd25519Pem);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->curve(), Curve::kEd25519);
  ExpectOnlyAlgVerifies(*k, Algorithm::kEdDSA, kPemMessage, Hex(kEd25519Sig));
}

TEST(Ed25519Test, KeyLength) {
  EXPECT_FALSE(MakeEd25519Key(std::vector<uint8_t>(31, 1)).ok());
  EXPECT_FALSE(MakeEd25519Key(std::vector<uint8_t>(33, 1)).ok());
  EXPECT_FALSE(MakeEd25519Key({}).ok());
}

// Ed25519 keys verify through state a backend may keep per thread and key
// (OpenSSL: a verification context per key in a small per-thread cache).
// More keys than such a cache holds, used in turn, and keys freed and made
// again (often at the same address) each accept their own signatures only.
TEST(Ed25519Test, ManyKeysInTurnAndKeysRemade) {
  constexpr int kKeys = 20;
  const std::string message = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0";
  std::vector<std::vector<uint8_t>> pubs, sigs;
  for (int i = 0; i < kKeys; ++i) {
    uint8_t seed[32], pub[32], priv[64], sig[64];
    for (int j = 0; j < 32; ++j) seed[j] = static_cast<uint8_t>(i * 31 + j);
    ED25519_keypair_from_seed(pub, priv, seed);
    ASSERT_TRUE(ED25519_sign(sig,
                             reinterpret_cast<const uint8_t*>(message.data()),
                             message.size(), priv));
    pubs.emplace_back(pub, pub + 32);
    sigs.emplace_back(sig, sig + 64);
  }
  std::vector<std::unique_ptr<PreparedKey>> keys;
  for (int i = 0; i < kKeys; ++i) {
    auto k = MakeEd25519Key(pubs[i]);
    ASSERT_TRUE(k.ok()) << k.status();
    keys.push_back(*std::move(k));
  }
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < kKeys; ++i) {
      for (int j : {i, (i + 1) % kKeys, (i + 8) % kKeys}) {
        EXPECT_EQ(keys[i]->Verify(Algorithm::kEdDSA, message, sigs[j]), i == j)
            << "key " << i << ", signature " << j;
      }
    }
  }
  // Each key freed, then a key for the next public key made in its place.
  for (int i = 0; i < kKeys; ++i) {
    keys[i].reset();
    auto k = MakeEd25519Key(pubs[(i + 1) % kKeys]);
    ASSERT_TRUE(k.ok()) << k.status();
    keys[i] = *std::move(k);
    EXPECT_FALSE(keys[i]->Verify(Algorithm::kEdDSA, message, sigs[i])) << i;
    EXPECT_TRUE(
        keys[i]->Verify(Algorithm::kEdDSA, message, sigs[(i + 1) % kKeys]))
        << i;
  }
}

// ---------------------------------------------------------------- PEM

TEST(PemTest, PrivateKeysAndCertificatesAreRefused) {
  auto priv = MakeKeyFromPem(kEd25519PrivatePem);
  ASSERT_FALSE(priv.ok());
  EXPECT_NE(priv.status().message().find("private"), std::string::npos);
  EXPECT_FALSE(MakeKeyFromPem(kEcPrivatePem).ok());
  // A private key's body under a public label is not a SubjectPublicKeyInfo.
  std::string relabeled = kEd25519PrivatePem;
  relabeled.replace(relabeled.find("PRIVATE"), 7, "PUBLIC");
  relabeled.replace(relabeled.rfind("PRIVATE"), 7, "PUBLIC");
  EXPECT_FALSE(MakeKeyFromPem(relabeled).ok());
  std::string cert = kEcP256Pem;
  cert.replace(cert.find("PUBLIC KEY"), 10, "CERTIFICATE");
  cert.replace(cert.rfind("PUBLIC KEY"), 10, "CERTIFICATE");
  EXPECT_FALSE(MakeKeyFromPem(cert).ok());
}

TEST(PemTest, UnsupportedOrMalformed) {
  EXPECT_FALSE(MakeKeyFromPem(kSecp256k1Pem).ok()) << "secp256k1";
  EXPECT_FALSE(MakeKeyFromPem("").ok());
  EXPECT_FALSE(MakeKeyFromPem("not a pem").ok());
  EXPECT_FALSE(MakeKeyFromPem("-----BEGIN PUBLIC KEY-----\n").ok());
  EXPECT_FALSE(MakeKeyFromPem("-----BEGIN PUBLIC KEY-----\n"
                              "-----END PUBLIC KEY-----\n")
                   .ok());
  EXPECT_FALSE(MakeKeyFromPem("-----BEGIN PUBLIC KEY-----\n!!!!\n"
                              "-----END PUBLIC KEY-----\n")
                   .ok());
  // Mismatched footer, PKCS#1 body under the SPKI label, and vice versa.
  std::string mismatched = kRsaSpkiPem;
  mismatched.replace(mismatched.rfind("PUBLIC KEY"), 10, "RSA PUBLIC KEY");
  EXPECT_FALSE(MakeKeyFromPem(mismatched).ok());
  std::string swapped = kRsaPkcs1Pem;
  swapped.replace(swapped.find("RSA PUBLIC"), 10, "PUBLIC");
  swapped.replace(swapped.rfind("RSA PUBLIC"), 10, "PUBLIC");
  EXPECT_FALSE(MakeKeyFromPem(swapped).ok());
  // Truncated body.
  std::string truncated = kEcP256Pem;
  truncated.erase(truncated.find('\n') + 1, 8);
  EXPECT_FALSE(MakeKeyFromPem(truncated).ok());
  // Text around the block, or a second block.
  EXPECT_FALSE(MakeKeyFromPem(std::string("junk\n") + kEcP256Pem).ok());
  EXPECT_FALSE(MakeKeyFromPem(std::string(kEcP256Pem) + "junk\n").ok());
  EXPECT_FALSE(
      MakeKeyFromPem(std::string(kEcP256Pem) + kEd25519PrivatePem).ok());
  EXPECT_FALSE(MakeKeyFromPem(std::string(kEcP256Pem) + kEcP384Pem).ok());
}

TEST(PemTest, WhitespaceAndCrlf) {
  std::string crlf;
  for (char c : std::string_view(kEd25519Pem)) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  auto k = MakeKeyFromPem("\n  " + crlf + "\n\n");
  ASSERT_TRUE(k.ok()) << k.status();
  EXPECT_TRUE((*k)->Verify(Algorithm::kEdDSA, kPemMessage, Hex(kEd25519Sig)));
}

// ------------------------------------------------------- concurrency

// One prepared key per family shared by several threads, as a KeySet does;
// meaningful under -DJWTV_SANITIZE=thread, cheap otherwise.
TEST(ConcurrencyTest, SharedKeysVerifyFromManyThreads) {
  struct Case {
    std::unique_ptr<PreparedKey> key;
    Algorithm alg;
    std::vector<uint8_t> sig;
  };
  std::vector<Case> cases;
  cases.push_back({MustPem(kRsaSpkiPem), Algorithm::kRS256, Hex(kRsaRs256Sig)});
  cases.push_back({MustPem(kRsaSpkiPem), Algorithm::kPS256, Hex(kRsaPs256Sig)});
  cases.push_back({MustPem(kEcP256Pem), Algorithm::kES256, Hex(kEcEs256Sig)});
  cases.push_back({MustPem(kEd25519Pem), Algorithm::kEdDSA, Hex(kEd25519Sig)});
  const std::vector<uint8_t> secret = Str("shared secret");
  uint8_t tag[32];
  unsigned len = 0;
  ASSERT_NE(HMAC(EVP_sha256(), secret.data(), secret.size(),
                 reinterpret_cast<const uint8_t*>(kPemMessage),
                 sizeof(kPemMessage) - 1, tag, &len),
            nullptr);
  auto hmac = MakeHmacKey(secret);
  ASSERT_TRUE(hmac.ok());
  cases.push_back({*std::move(hmac), Algorithm::kHS256,
                   std::vector<uint8_t>(tag, tag + len)});
  for (const Case& c : cases) ASSERT_NE(c.key, nullptr);

  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        for (const Case& c : cases) {
          const bool want = (i + t) % 3 != 0;
          std::vector<uint8_t> sig = c.sig;
          if (!want) sig[sig.size() / 2] ^= 1;
          if (c.key->Verify(c.alg, kPemMessage, sig) != want) ++failures;
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace jwtv::internal
