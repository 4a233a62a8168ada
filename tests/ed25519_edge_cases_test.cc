// Copyright 2026 The jwtv Authors.
//
// Known answers for the Ed25519 cases random testing does not reach, from
// data/ed25519_edge_cases.json (written by data/make_ed25519_edge_cases.py
// with plain integer arithmetic on the curve, not with jwtv):
//   - keys of small order in canonical and non-canonical encodings (y >= p,
//     x = 0 with the sign bit), with signatures that verify;
//   - mixed-order keys with valid signatures, and signatures only a
//     cofactored verifier would accept;
//   - S = 0, 1, L - 1, L, L + 1, S + L, 2^253 - 1, bit 255 set;
//   - R in a non-canonical encoding of the right point;
//   - which 32-byte strings with y >= p, or a small y, decode as keys.
// Each signature runs through Ed25519PublicKey, through the crypto module's
// EdDSA key (MakeEd25519Key) and through the backend's ED25519_verify; all
// three must give the file's verdict.

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/ed25519.h"
#include "crypto/prepared_key.h"
#include "crypto_test_fixtures.h"
#include "crypto_testing.h"
#include "gtest/gtest.h"
#include "testing/test_util.h"

namespace jwtv::internal {
namespace {

std::string_view AsView(const std::vector<uint8_t>& v) {
  return {reinterpret_cast<const char*>(v.data()), v.size()};
}

class Ed25519EdgeCasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    json_ = testing::ReadTestData("ed25519_edge_cases.json");
    ASSERT_EQ(parser_.parse(json_).get(root_), simdjson::SUCCESS);
  }

  simdjson::dom::array Array(const char* name) {
    simdjson::dom::array a;
    EXPECT_EQ(root_[name].get(a), simdjson::SUCCESS);
    return a;
  }

  std::string json_;
  simdjson::dom::parser parser_;
  simdjson::dom::element root_;
};

struct Case {
  std::string_view name;
  std::vector<uint8_t> pk, msg, sig;
  bool valid = false;
};

Case ReadCase(simdjson::dom::element e) {
  Case c;
  std::string_view pk, msg, sig;
  EXPECT_EQ(e["name"].get(c.name), simdjson::SUCCESS);
  EXPECT_EQ(e["pk"].get(pk), simdjson::SUCCESS);
  EXPECT_EQ(e["msg"].get(msg), simdjson::SUCCESS);
  EXPECT_EQ(e["sig"].get(sig), simdjson::SUCCESS);
  EXPECT_EQ(e["valid"].get(c.valid), simdjson::SUCCESS);
  c.pk = Hex(pk);
  c.msg = Hex(msg);
  c.sig = Hex(sig);
  EXPECT_EQ(c.pk.size(), 32u);
  EXPECT_EQ(c.sig.size(), 64u);
  return c;
}

TEST_F(Ed25519EdgeCasesTest, Signatures) {
  int total = 0, valid = 0;
  for (simdjson::dom::element e : Array("signatures")) {
    const Case c = ReadCase(e);
    ++total;
    valid += c.valid ? 1 : 0;
    const std::unique_ptr<Ed25519PublicKey> key =
        Ed25519PublicKey::Create(c.pk.data());
    ASSERT_NE(key, nullptr) << c.name;
    EXPECT_EQ(key->Verify(AsView(c.msg), c.sig.data()), c.valid) << c.name;
    auto prepared = MakeEd25519Key(c.pk);
    ASSERT_TRUE(prepared.ok()) << c.name << ": " << prepared.status();
    EXPECT_EQ((*prepared)->Verify(Algorithm::kEdDSA, AsView(c.msg), c.sig),
              c.valid)
        << c.name;
    EXPECT_EQ(ED25519_verify(c.msg.data(), c.msg.size(), c.sig.data(),
                             c.pk.data()) == 1,
              c.valid)
        << c.name << " (backend)";
  }
  // Counts asserted so that a regenerated file that lost its valid cases
  // fails here.
  EXPECT_EQ(total, 121);
  EXPECT_EQ(valid, 73);
}

// Keys that do not decode are refused when loaded; the backend rejects every
// signature under them.
TEST_F(Ed25519EdgeCasesTest, KeyDecoding) {
  int decodes = 0;
  const uint8_t sig[64] = {1};
  for (simdjson::dom::element e : Array("keys")) {
    std::string_view pk_hex;
    bool want = false;
    ASSERT_EQ(e["pk"].get(pk_hex), simdjson::SUCCESS);
    ASSERT_EQ(e["decodes"].get(want), simdjson::SUCCESS);
    const std::vector<uint8_t> pk = Hex(pk_hex);
    decodes += want ? 1 : 0;
    EXPECT_EQ(Ed25519PublicKey::Create(pk.data()) != nullptr, want) << pk_hex;
    EXPECT_EQ(MakeEd25519Key(pk).ok(), want) << pk_hex;
    if (!want) {
      EXPECT_NE(ED25519_verify(nullptr, 0, sig, pk.data()), 1) << pk_hex;
    }
  }
  EXPECT_EQ(decodes, 49);
}

}  // namespace
}  // namespace jwtv::internal
