// Copyright 2026 The jwtv Authors.
//
// Tests for KeySet (include/jwtv/key_set.h) and KeySetData::Candidates.

#include "jwtv/key_set.h"

#include <simdjson.h>

#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "base64url/base64url.h"
#include "crypto/prepared_key.h"
#include "crypto_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jwtv/algorithm.h"
#include "jwtv/error.h"
#include "key_set/key_set_data.h"
#include "testing/test_util.h"

namespace jwtv {
namespace {

using internal::KeyEntry;
using internal::KeySetAccess;
using internal::KeySetData;
using internal::kMaxCandidateKeys;
using internal::PreparedKey;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string ReadFile(const std::string& name) {
  return ::jwtv::testing::ReadTestData("jwks/" + name);
}

// k of an oct JWK: 32 bytes ('A' * 32), long enough for HS256.
constexpr std::string_view kK32 = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE";

std::vector<uint8_t> B64(std::string_view in) {
  std::vector<uint8_t> out(internal::Base64UrlDecodedSize(in.size()));
  std::optional<size_t> n =
      internal::Base64UrlDecode(in, out.data(), out.size());
  EXPECT_TRUE(n.has_value()) << in;
  out.resize(n.value_or(0));
  return out;
}

// The fixture message and the known-good signature of `kid`
// (tests/data/jwks/signatures.json).
struct KnownSignature {
  std::string message;
  std::vector<uint8_t> signature;
};

KnownSignature SignatureOf(std::string_view kid) {
  static const std::string* json = new std::string(ReadFile("signatures.json"));
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  KnownSignature out;
  EXPECT_EQ(parser.parse(*json).get(root), simdjson::SUCCESS);
  std::string_view message;
  EXPECT_EQ(root["message"].get_string().get(message), simdjson::SUCCESS);
  out.message = std::string(message);
  simdjson::dom::array sigs;
  EXPECT_EQ(root["signatures"].get_array().get(sigs), simdjson::SUCCESS);
  for (simdjson::dom::element s : sigs) {
    std::string_view k, sig;
    if (s["kid"].get_string().get(k) == simdjson::SUCCESS && k == kid &&
        s["signature"].get_string().get(sig) == simdjson::SUCCESS) {
      out.signature = B64(sig);
    }
  }
  EXPECT_FALSE(out.signature.empty()) << kid;
  return out;
}

// Public keys of tests/data/jwks/{rsa-1,ec-p256,ed25519}.pem (the same keys
// as kids "rsa-1", "ec-p256" and "ed25519" of jwks.json).
constexpr std::string_view kRsaPem = R"(-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAmMb6mu9w5Sxi0N0Q/Ok9
5i8+KrK+AI7JqpQEUbdUK1F7gnqtK6NmvzTKYprna+QBLf5tDLiTifJwrgWPezRF
MrwHdFqmvflhGUC+L/D64RH2rUInCqpuzsOvypfCfFj6PoYLK10lhm1rB/YzwsQe
5lh5tVQdWiseG807KIuwgsdaqFf5SM+PtcdaCdOBJLhRU1mfG6k4METfX/ppmk8w
vsLFkzFSx488vDCIEZbTxxpeHLbnFg5xSTdczJHEbKp+DjyaC73u3NIH1YCHxZLm
3duMv0O2KIoTymyO53/EAlQe1uE125LFHrTMNtTRpQhRfiBS5+tZNLq8BNnFNUed
QwIDAQAB
-----END PUBLIC KEY-----
)";
// The same RSA key as PKCS#1 "RSA PUBLIC KEY".
constexpr std::string_view kRsaPkcs1Pem = R"(-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEAmMb6mu9w5Sxi0N0Q/Ok95i8+KrK+AI7JqpQEUbdUK1F7gnqtK6Nm
vzTKYprna+QBLf5tDLiTifJwrgWPezRFMrwHdFqmvflhGUC+L/D64RH2rUInCqpu
zsOvypfCfFj6PoYLK10lhm1rB/YzwsQe5lh5tVQdWiseG807KIuwgsdaqFf5SM+P
tcdaCdOBJLhRU1mfG6k4METfX/ppmk8wvsLFkzFSx488vDCIEZbTxxpeHLbnFg5x
STdczJHEbKp+DjyaC73u3NIH1YCHxZLm3duMv0O2KIoTymyO53/EAlQe1uE125LF
HrTMNtTRpQhRfiBS5+tZNLq8BNnFNUedQwIDAQAB
-----END RSA PUBLIC KEY-----
)";
constexpr std::string_view kEcP256Pem = R"(-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEXHofOY180dIgAhdGj5JG7ZrI9S+S
pVHWR+l4IHI8mubeAe3LZS12FLSngD7vKBab2Bt+Zrc3LIG6Ak5UgUYXrw==
-----END PUBLIC KEY-----
)";
constexpr std::string_view kEd25519Pem = R"(-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAnC1Awxse89b1ctDkRPreLjJgcyaPPIoXVCficw7Mnn4=
-----END PUBLIC KEY-----
)";

std::vector<uint8_t> HmacSha256(std::string_view key, std::string_view data) {
  const std::string tag = testing::HmacTag(Algorithm::kHS256, key, data);
  return std::vector<uint8_t>(tag.begin(), tag.end());
}

// --- KeySet basics ---------------------------------------------------------

TEST(KeySetTest, DefaultIsEmpty) {
  KeySet ks;
  EXPECT_TRUE(ks.empty());
  EXPECT_EQ(ks.size(), 0u);
  EXPECT_TRUE(ks.keys().empty());
  EXPECT_TRUE(ks.skipped().empty());
  EXPECT_TRUE(KeySetAccess::Data(ks).algorithms().empty());
}

TEST(KeySetTest, FromJwksKeepsSkippedReports) {
  absl::StatusOr<KeySet> ks = KeySet::FromJwks(
      R"({"keys":[{"kty":"foo","kid":"x"},{"kty":"oct","k":")" +
      std::string(kK32) + R"(","kid":"h"}]})");
  ASSERT_TRUE(ks.ok()) << ks.status();
  EXPECT_EQ(ks->size(), 1u);
  EXPECT_THAT(ks->skipped(),
              ElementsAre(R"(keys[0] (kid "x"): unknown kty "foo")"));
  ASSERT_EQ(ks->keys().size(), 1u);
  EXPECT_EQ(ks->keys()[0].kid, "h");
  EXPECT_EQ(ks->keys()[0].kty, "oct");
  EXPECT_EQ(ks->keys()[0].bits, 256);
  EXPECT_EQ(ks->keys()[0].algorithms, AlgorithmSet{Algorithm::kHS256});
}

TEST(KeySetTest, FromJwksFailure) {
  absl::StatusOr<KeySet> ks = KeySet::FromJwks(R"({"keys":7})");
  EXPECT_EQ(ks.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(KeySetTest, FromJwksFixtureUnionOfAlgorithms) {
  absl::StatusOr<KeySet> ks = KeySet::FromJwks(ReadFile("jwks.json"));
  ASSERT_TRUE(ks.ok()) << ks.status();
  EXPECT_EQ(ks->size(), 8u);
  EXPECT_EQ(KeySetAccess::Data(*ks).algorithms(), AlgorithmSet::All());
}

TEST(KeySetTest, CopiesShareTheSameKeys) {
  absl::StatusOr<KeySet> ks = KeySet::FromHmacSecrets({std::string(32, '1')});
  ASSERT_TRUE(ks.ok());
  KeySet copy = *ks;
  EXPECT_EQ(&KeySetAccess::Data(copy), &KeySetAccess::Data(*ks));
}

// --- Builder ---------------------------------------------------------------

TEST(KeySetBuilderTest, FailingAddJwksLeavesNothingAdded) {
  KeySet::Builder b;
  ASSERT_TRUE(b.AddHmacSecret(std::string(32, 'f'), "a").ok());
  // A good key, a skipped key, then a bad key: the whole document fails.
  absl::Status s =
      b.AddJwks(R"({"keys":[{"kty":"oct","k":")" + std::string(kK32) +
                R"(","kid":"good"},{"kty":"foo","kid":"skipped"},)"
                R"({"kty":"oct","k":")" +
                std::string(kK32) + R"(","kid":"bad","d":"AQ"}]})");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("keys[2]"));
  ASSERT_TRUE(b.AddJwks(R"({"keys":[{"kty":"oct","k":")" + std::string(kK32) +
                        R"(","kid":"b"}]})")
                  .ok());
  KeySet ks = std::move(b).Build();
  ASSERT_EQ(ks.size(), 2u);
  EXPECT_EQ(ks.keys()[0].kid, "a");
  EXPECT_EQ(ks.keys()[1].kid, "b");
  EXPECT_TRUE(ks.skipped().empty());
}

TEST(KeySetBuilderTest, CombinesSources) {
  KeySet::Builder b;
  ASSERT_TRUE(b.AddJwks(ReadFile("jwks.json")).ok());
  ASSERT_TRUE(
      b.AddHmacSecret(std::string(48, 's'), "", {Algorithm::kHS384}).ok());
  ASSERT_TRUE(b.AddPem(kEcP256Pem, Algorithm::kES256, "pem").ok());
  KeySet ks = std::move(b).Build();
  EXPECT_EQ(ks.size(), 10u);
  EXPECT_EQ(ks.keys()[8].kid, "");
  EXPECT_EQ(ks.keys()[8].algorithms, AlgorithmSet{Algorithm::kHS384});
  EXPECT_EQ(ks.keys()[9].kid, "pem");
}

TEST(KeySetBuilderTest, HmacSecretAlgorithmsMustBeHmac) {
  KeySet::Builder b;
  EXPECT_FALSE(b.AddHmacSecret("s", "", {Algorithm::kRS256}).ok());
  EXPECT_FALSE(
      b.AddHmacSecret("s", "", {Algorithm::kHS256, Algorithm::kES256}).ok());
  EXPECT_FALSE(b.AddHmacSecret("s", "", AlgorithmSet()).ok());
  EXPECT_TRUE(std::move(b).Build().empty());
}

// --- FromHmacSecrets -------------------------------------------------------

TEST(KeySetHmacTest, SeveralSecretsAnyMayVerify) {
  // 64 bytes each: long enough for every HS algorithm.
  const std::vector<std::string> secrets = {
      "current-secret" + std::string(50, 'c'),
      "previous-secret" + std::string(49, 'p'),
      std::string("\0bin\xff", 5) + std::string(59, 'b')};
  absl::StatusOr<KeySet> ks = KeySet::FromHmacSecrets(secrets);
  ASSERT_TRUE(ks.ok()) << ks.status();
  ASSERT_EQ(ks->size(), 3u);
  for (const KeyInfo& info : ks->keys()) {
    EXPECT_EQ(info.kid, "");
    EXPECT_EQ(info.kty, "oct");
    EXPECT_EQ(info.algorithms, AlgorithmSet::Hmac());
  }
  constexpr std::string_view kInput = "header.payload";
  const PreparedKey* keys[kMaxCandidateKeys];
  int n = 0;
  ASSERT_EQ(KeySetAccess::Data(*ks).Candidates(std::nullopt, Algorithm::kHS256,
                                               16, keys, &n),
            ErrorCode::kOk);
  ASSERT_EQ(n, 3);
  for (size_t i = 0; i < secrets.size(); ++i) {
    std::vector<uint8_t> tag = HmacSha256(secrets[i], kInput);
    for (int j = 0; j < n; ++j) {
      // Secrets are used verbatim, in order: key j verifies secret j only.
      EXPECT_EQ(keys[j]->Verify(Algorithm::kHS256, kInput, tag),
                static_cast<int>(i) == j)
          << i << " " << j;
    }
  }
}

TEST(KeySetHmacTest, EmptySecretFails) {
  EXPECT_FALSE(KeySet::FromHmacSecrets({std::string(32, 'k'), ""}).ok());
}

TEST(KeySetHmacTest, NoSecretsIsAnEmptySet) {
  absl::StatusOr<KeySet> ks = KeySet::FromHmacSecrets({});
  ASSERT_TRUE(ks.ok());
  EXPECT_TRUE(ks->empty());
}

// --- HMAC secret length (RFC 7518 section 3.2) -----------------------------

// A secret permits the HS algorithms whose hash output it covers; one that
// permits none is InvalidArgument, naming the rule and the length, never the
// secret.
TEST(KeySetHmacLengthTest, FromHmacSecretsBoundaries) {
  const AlgorithmSet hs256{Algorithm::kHS256};
  const AlgorithmSet hs256_384{Algorithm::kHS256, Algorithm::kHS384};
  struct Case {
    size_t bytes;
    AlgorithmSet want;  // empty: refused
  } cases[] = {{1, {}},
               {31, {}},
               {32, hs256},
               {40, hs256},
               {47, hs256},
               {48, hs256_384},
               {63, hs256_384},
               {64, AlgorithmSet::Hmac()},
               {4096, AlgorithmSet::Hmac()}};
  for (const Case& c : cases) {
    absl::StatusOr<KeySet> ks =
        KeySet::FromHmacSecrets({std::string(c.bytes, 'q')});
    if (c.want.empty()) {
      EXPECT_EQ(ks.status().code(), absl::StatusCode::kInvalidArgument)
          << c.bytes;
      EXPECT_THAT(ks.status().message(),
                  HasSubstr("HMAC secret of " + std::to_string(c.bytes) +
                            " bytes is too short for HS256/HS384/HS512"));
      EXPECT_THAT(ks.status().message(), HasSubstr("RFC 7518 section 3.2"));
      EXPECT_THAT(ks.status().message(), Not(HasSubstr("qqq")));
    } else {
      ASSERT_TRUE(ks.ok()) << c.bytes << " " << ks.status();
      EXPECT_EQ(ks->keys()[0].algorithms, c.want) << c.bytes;
      EXPECT_EQ(ks->keys()[0].bits, static_cast<int>(c.bytes * 8));
    }
  }
}

// Asked for one algorithm, a secret one byte short of its hash size fails,
// the hash size works: 31/32, 47/48, 63/64.
TEST(KeySetHmacLengthTest, AddHmacSecretBoundaryPerAlgorithm) {
  struct Case {
    Algorithm alg;
    size_t min_bytes;
  };
  for (Case c : {Case{Algorithm::kHS256, 32}, Case{Algorithm::kHS384, 48},
                 Case{Algorithm::kHS512, 64}}) {
    KeySet::Builder b;
    absl::Status s =
        b.AddHmacSecret(std::string(c.min_bytes - 1, 'x'), "", {c.alg});
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(s.message(), HasSubstr(std::to_string(c.min_bytes - 1) +
                                       " bytes is too short for " +
                                       std::string(AlgorithmName(c.alg))));
    EXPECT_THAT(s.message(), Not(HasSubstr("xxx")));
    EXPECT_TRUE(
        b.AddHmacSecret(std::string(c.min_bytes, 'x'), "", {c.alg}).ok());
    KeySet ks = std::move(b).Build();
    ASSERT_EQ(ks.size(), 1u);  // the failed secret added nothing
    EXPECT_EQ(ks.keys()[0].algorithms, AlgorithmSet{c.alg});
  }
  // Asked for several, a secret keeps those it covers.
  KeySet::Builder b;
  ASSERT_TRUE(b.AddHmacSecret(std::string(40, 'x'), "k",
                              {Algorithm::kHS256, Algorithm::kHS512})
                  .ok());
  EXPECT_EQ(std::move(b).Build().keys()[0].algorithms,
            AlgorithmSet{Algorithm::kHS256});
}

// A token whose alg the secret does not cover is answered as for a key that
// does not permit the alg: alg_not_allowed, with or without a kid.
TEST(KeySetHmacLengthTest, UncoveredAlgorithmIsNotAllowed) {
  KeySet::Builder b;
  ASSERT_TRUE(b.AddHmacSecret(std::string(40, 'x'), "k").ok());
  KeySet ks = std::move(b).Build();
  const PreparedKey* out[kMaxCandidateKeys];
  int n = 0;
  EXPECT_EQ(
      KeySetAccess::Data(ks).Candidates("k", Algorithm::kHS256, 16, out, &n),
      ErrorCode::kOk);
  EXPECT_EQ(
      KeySetAccess::Data(ks).Candidates("k", Algorithm::kHS384, 16, out, &n),
      ErrorCode::kAlgNotAllowed);
  EXPECT_EQ(KeySetAccess::Data(ks).Candidates(std::nullopt, Algorithm::kHS512,
                                              16, out, &n),
            ErrorCode::kAlgNotAllowed);
}

// The legacy escape hatch: short secrets permit every algorithm asked for.
TEST(KeySetHmacLengthTest, AllowShortHmacSecrets) {
  KeySetOptions legacy;
  legacy.allow_short_hmac_secrets = true;
  absl::StatusOr<KeySet> ks = KeySet::FromHmacSecrets({"s"}, legacy);
  ASSERT_TRUE(ks.ok()) << ks.status();
  EXPECT_EQ(ks->keys()[0].algorithms, AlgorithmSet::Hmac());
  KeySet::Builder b(legacy);
  ASSERT_TRUE(
      b.AddHmacSecret(std::string(31, 'x'), "", {Algorithm::kHS512}).ok());
  ASSERT_TRUE(
      b.AddJwks(R"({"keys":[{"kty":"oct","k":"AQID","kid":"j"}]})").ok());
  KeySet built = std::move(b).Build();
  ASSERT_EQ(built.size(), 2u);
  EXPECT_EQ(built.keys()[0].algorithms, AlgorithmSet{Algorithm::kHS512});
  EXPECT_EQ(built.keys()[1].algorithms, AlgorithmSet::Hmac());
  EXPECT_TRUE(built.skipped().empty());
  // Empty stays an error.
  EXPECT_FALSE(KeySet::FromHmacSecrets({""}, legacy).ok());
}

TEST(KeySetHmacLengthTest, ShortOctJwkIsSkippedAndReported) {
  absl::StatusOr<KeySet> ks =
      KeySet::FromJwks(R"({"keys":[{"kty":"oct","k":"AQID","kid":"short"},)"
                       R"({"kty":"oct","k":")" +
                       std::string(kK32) + R"(","kid":"ok"}]})");
  ASSERT_TRUE(ks.ok()) << ks.status();
  ASSERT_EQ(ks->size(), 1u);
  EXPECT_EQ(ks->keys()[0].kid, "ok");
  ASSERT_EQ(ks->skipped().size(), 1u);
  EXPECT_THAT(ks->skipped()[0], HasSubstr("keys[0] (kid \"short\")"));
  EXPECT_THAT(ks->skipped()[0], HasSubstr("3 bytes"));
  EXPECT_TRUE(ks->ignored_symmetric_keys().empty());
}

// FromJwks with ignore_symmetric_keys (a published JWKS): oct keys are
// listed, never loaded; raw secrets added to the same builder still are.
TEST(KeySetTest, IgnoreSymmetricKeys) {
  KeySetOptions published;
  published.ignore_symmetric_keys = true;
  KeySet::Builder b(published);
  ASSERT_TRUE(b.AddJwks(ReadFile("jwks.json")).ok());
  ASSERT_TRUE(b.AddHmacSecret(std::string(32, 'r'), "raw").ok());
  KeySet ks = std::move(b).Build();
  EXPECT_EQ(ks.size(), 7u);
  EXPECT_EQ(ks.keys()[6].kid, "raw");
  ASSERT_EQ(ks.ignored_symmetric_keys().size(), 2u);
  EXPECT_EQ(ks.ignored_symmetric_keys()[0].kid, "hmac-1");
  EXPECT_EQ(ks.ignored_symmetric_keys()[1].kid, "hmac-2");
  EXPECT_EQ(ks.skipped().size(), 2u);
  // Without the option the same document loads its oct keys.
  absl::StatusOr<KeySet> all = KeySet::FromJwks(ReadFile("jwks.json"));
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 8u);
  EXPECT_TRUE(all->ignored_symmetric_keys().empty());
}

// --- FromPem ---------------------------------------------------------------

TEST(KeySetPemTest, RsaPemVerifiesItsAlgorithmOnly) {
  KnownSignature sig = SignatureOf("rsa-1");  // RS256
  for (std::string_view pem : {kRsaPem, kRsaPkcs1Pem}) {
    absl::StatusOr<KeySet> ks = KeySet::FromPem(pem, Algorithm::kRS256, "r");
    ASSERT_TRUE(ks.ok()) << ks.status();
    ASSERT_EQ(ks->size(), 1u);
    EXPECT_EQ(ks->keys()[0].kid, "r");
    EXPECT_EQ(ks->keys()[0].kty, "RSA");
    EXPECT_EQ(ks->keys()[0].bits, 2048);
    EXPECT_EQ(ks->keys()[0].algorithms, AlgorithmSet{Algorithm::kRS256});
    const KeyEntry& e = KeySetAccess::Data(*ks).entries()[0];
    EXPECT_TRUE(e.key->Verify(Algorithm::kRS256, sig.message, sig.signature));
  }
  EXPECT_TRUE(KeySet::FromPem(kRsaPem, Algorithm::kPS512).ok());
}

TEST(KeySetPemTest, EcAndEd25519Pem) {
  KnownSignature ec = SignatureOf("ec-p256");
  absl::StatusOr<KeySet> ks = KeySet::FromPem(kEcP256Pem, Algorithm::kES256);
  ASSERT_TRUE(ks.ok()) << ks.status();
  EXPECT_EQ(ks->keys()[0].kid, "");
  EXPECT_EQ(ks->keys()[0].kty, "EC");
  EXPECT_TRUE(KeySetAccess::Data(*ks).entries()[0].key->Verify(
      Algorithm::kES256, ec.message, ec.signature));

  KnownSignature ed = SignatureOf("ed25519");
  ks = KeySet::FromPem(kEd25519Pem, Algorithm::kEdDSA);
  ASSERT_TRUE(ks.ok()) << ks.status();
  EXPECT_EQ(ks->keys()[0].kty, "OKP");
  EXPECT_TRUE(KeySetAccess::Data(*ks).entries()[0].key->Verify(
      Algorithm::kEdDSA, ed.message, ed.signature));
}

TEST(KeySetPemTest, MismatchedAlgorithmFails) {
  EXPECT_FALSE(KeySet::FromPem(kRsaPem, Algorithm::kES256).ok());
  EXPECT_FALSE(KeySet::FromPem(kRsaPem, Algorithm::kHS256).ok());
  EXPECT_FALSE(KeySet::FromPem(kRsaPem, Algorithm::kEdDSA).ok());
  EXPECT_FALSE(KeySet::FromPem(kEcP256Pem, Algorithm::kES384).ok());
  EXPECT_FALSE(KeySet::FromPem(kEcP256Pem, Algorithm::kRS256).ok());
  EXPECT_FALSE(KeySet::FromPem(kEcP256Pem, Algorithm::kHS256).ok());
  EXPECT_FALSE(KeySet::FromPem(kEd25519Pem, Algorithm::kES256).ok());
}

TEST(KeySetPemTest, GarbageFails) {
  EXPECT_FALSE(KeySet::FromPem("", Algorithm::kRS256).ok());
  EXPECT_FALSE(KeySet::FromPem("not a pem", Algorithm::kRS256).ok());
  std::string truncated(kRsaPem.substr(0, kRsaPem.size() / 2));
  EXPECT_FALSE(KeySet::FromPem(truncated, Algorithm::kRS256).ok());
}

// --- KeySetData::Candidates ------------------------------------------------

// A set of HMAC keys: (kid or "" for none, algorithms).
struct Spec {
  std::string_view kid;
  AlgorithmSet algs;
};

KeySet MakeSet(const std::vector<Spec>& specs) {
  KeySet::Builder b;
  int i = 0;
  for (const Spec& s : specs) {
    EXPECT_TRUE(
        b.AddHmacSecret("secret-" + std::to_string(i++) + std::string(64, 's'),
                        s.kid, s.algs)
            .ok());
  }
  return std::move(b).Build();
}

const PreparedKey* KeyAt(const KeySet& ks, int i) {
  return KeySetAccess::Data(ks).entries()[i].key.get();
}

constexpr AlgorithmSet kHs256{Algorithm::kHS256};
constexpr AlgorithmSet kHs512{Algorithm::kHS512};

TEST(CandidatesTest, KidSelectsOnlyThatKidWhenAnyKeyHasIt) {
  KeySet ks = MakeSet({{"a", kHs256},
                       {"", kHs256},
                       {"b", kHs256},
                       {"a", kHs256},
                       {"", kHs512}});
  const PreparedKey* out[kMaxCandidateKeys];
  int n = -1;
  ASSERT_EQ(
      KeySetAccess::Data(ks).Candidates("a", Algorithm::kHS256, 1, out, &n),
      ErrorCode::kOk);
  ASSERT_EQ(n, 2);  // both "a" keys, no kid-less stand-in
  EXPECT_EQ(out[0], KeyAt(ks, 0));
  EXPECT_EQ(out[1], KeyAt(ks, 3));

  // "b" exists but cannot verify HS512: the kid-less HS512 key does not
  // stand in for it.
  EXPECT_EQ(
      KeySetAccess::Data(ks).Candidates("b", Algorithm::kHS512, 1, out, &n),
      ErrorCode::kAlgNotAllowed);
  EXPECT_EQ(n, 0);

  // No key has kid "z": the kid-less keys that permit the alg stand in.
  ASSERT_EQ(
      KeySetAccess::Data(ks).Candidates("z", Algorithm::kHS512, 4, out, &n),
      ErrorCode::kOk);
  ASSERT_EQ(n, 1);
  EXPECT_EQ(out[0], KeyAt(ks, 4));
  // ... and none of them permits RS256.
  EXPECT_EQ(
      KeySetAccess::Data(ks).Candidates("z", Algorithm::kRS256, 4, out, &n),
      ErrorCode::kAlgNotAllowed);
  // Without kid-less keys, an unknown kid is not found.
  KeySet only_kids = MakeSet({{"a", kHs256}});
  EXPECT_EQ(KeySetAccess::Data(only_kids).Candidates("z", Algorithm::kHS256, 4,
                                                     out, &n),
            ErrorCode::kKeyNotFound);
}

TEST(CandidatesTest, UnknownKid) {
  const PreparedKey* out[kMaxCandidateKeys];
  int n = -1;
  // Only keys with kids: not found.
  KeySet with_kids = MakeSet({{"a", kHs256}, {"b", kHs256}});
  EXPECT_EQ(KeySetAccess::Data(with_kids).Candidates("c", Algorithm::kHS256, 16,
                                                     out, &n),
            ErrorCode::kKeyNotFound);
  EXPECT_EQ(n, 0);
  EXPECT_EQ(KeySetAccess::Data(with_kids).Candidates("", Algorithm::kHS256, 16,
                                                     out, &n),
            ErrorCode::kKeyNotFound);
  EXPECT_EQ(KeySetAccess::Data(with_kids).Candidates("A", Algorithm::kHS256, 16,
                                                     out, &n),
            ErrorCode::kKeyNotFound);
  // Keys without a kid may verify a token with any kid.
  KeySet mixed = MakeSet({{"a", kHs256}, {"", kHs256}});
  ASSERT_EQ(
      KeySetAccess::Data(mixed).Candidates("c", Algorithm::kHS256, 16, out, &n),
      ErrorCode::kOk);
  ASSERT_EQ(n, 1);
  EXPECT_EQ(out[0], KeyAt(mixed, 1));
}

TEST(CandidatesTest, KidFoundButAlgNotPermitted) {
  KeySet ks = MakeSet({{"a", kHs256}, {"b", kHs512}});
  const PreparedKey* out[kMaxCandidateKeys];
  int n = -1;
  EXPECT_EQ(
      KeySetAccess::Data(ks).Candidates("a", Algorithm::kHS512, 16, out, &n),
      ErrorCode::kAlgNotAllowed);
  EXPECT_EQ(n, 0);
  EXPECT_EQ(
      KeySetAccess::Data(ks).Candidates("a", Algorithm::kRS256, 16, out, &n),
      ErrorCode::kAlgNotAllowed);
  EXPECT_EQ(n, 0);
}

TEST(CandidatesTest, NoKidReturnsAtMostMaxWithoutKid) {
  std::vector<Spec> specs;
  for (int i = 0; i < 20; ++i) specs.push_back({"", kHs256});
  specs[1].algs = kHs512;
  specs[2].kid = "has-kid";
  KeySet ks = MakeSet(specs);
  const PreparedKey* out[kMaxCandidateKeys];
  int n = -1;
  ASSERT_EQ(KeySetAccess::Data(ks).Candidates(std::nullopt, Algorithm::kHS256,
                                              3, out, &n),
            ErrorCode::kOk);
  ASSERT_EQ(n, 3);
  // In order, skipping the key that does not permit HS256; keys with a kid
  // are candidates too when the token has none.
  EXPECT_EQ(out[0], KeyAt(ks, 0));
  EXPECT_EQ(out[1], KeyAt(ks, 2));
  EXPECT_EQ(out[2], KeyAt(ks, 3));

  ASSERT_EQ(KeySetAccess::Data(ks).Candidates(std::nullopt, Algorithm::kHS256,
                                              1, out, &n),
            ErrorCode::kOk);
  EXPECT_EQ(n, 1);
  // The limit is taken as given (Validator::Create holds it to [1,
  // kMaxCandidateKeys]): 0 tries no key. The output never takes more than
  // kMaxCandidateKeys, whatever the limit.
  EXPECT_EQ(KeySetAccess::Data(ks).Candidates(std::nullopt, Algorithm::kHS256,
                                              0, out, &n),
            ErrorCode::kAlgNotAllowed);
  EXPECT_EQ(n, 0);
  ASSERT_EQ(KeySetAccess::Data(ks).Candidates(std::nullopt, Algorithm::kHS256,
                                              1000, out, &n),
            ErrorCode::kOk);
  EXPECT_EQ(n, kMaxCandidateKeys);

  // The limit counts keys that permit alg, not keys looked at.
  ASSERT_EQ(KeySetAccess::Data(ks).Candidates(std::nullopt, Algorithm::kHS512,
                                              1, out, &n),
            ErrorCode::kOk);
  ASSERT_EQ(n, 1);
  EXPECT_EQ(out[0], KeyAt(ks, 1));
}

TEST(CandidatesTest, NoKidAndNoKeyPermitsAlg) {
  KeySet ks = MakeSet({{"", kHs256}, {"a", kHs256}});
  const PreparedKey* out[kMaxCandidateKeys];
  int n = -1;
  EXPECT_EQ(KeySetAccess::Data(ks).Candidates(std::nullopt, Algorithm::kES256,
                                              16, out, &n),
            ErrorCode::kAlgNotAllowed);
  EXPECT_EQ(n, 0);
}

TEST(CandidatesTest, ManyKeysWithOneKidAreCapped) {
  std::vector<Spec> specs(kMaxCandidateKeys + 5, Spec{"same", kHs256});
  KeySet ks = MakeSet(specs);
  const PreparedKey* out[kMaxCandidateKeys];
  int n = -1;
  ASSERT_EQ(
      KeySetAccess::Data(ks).Candidates("same", Algorithm::kHS256, 1, out, &n),
      ErrorCode::kOk);
  EXPECT_EQ(n, kMaxCandidateKeys);
  for (int i = 0; i < n; ++i) EXPECT_EQ(out[i], KeyAt(ks, i));
}

TEST(CandidatesTest, EmptySet) {
  KeySet ks;
  const PreparedKey* out[kMaxCandidateKeys];
  int n = -1;
  EXPECT_EQ(KeySetAccess::Data(ks).Candidates(std::nullopt, Algorithm::kHS256,
                                              16, out, &n),
            ErrorCode::kKeyNotFound);
  EXPECT_EQ(n, 0);
  EXPECT_EQ(
      KeySetAccess::Data(ks).Candidates("kid", Algorithm::kHS256, 16, out, &n),
      ErrorCode::kKeyNotFound);
  EXPECT_EQ(n, 0);
}

TEST(CandidatesTest, JwksKidsAndAlgorithms) {
  absl::StatusOr<KeySet> ks = KeySet::FromJwks(ReadFile("jwks.json"));
  ASSERT_TRUE(ks.ok()) << ks.status();
  const PreparedKey* out[kMaxCandidateKeys];
  int n = -1;
  // rsa-1 is bound to RS256 by its JWK alg; rsa-2 has no alg.
  EXPECT_EQ(KeySetAccess::Data(*ks).Candidates("rsa-1", Algorithm::kPS256, 16,
                                               out, &n),
            ErrorCode::kAlgNotAllowed);
  ASSERT_EQ(KeySetAccess::Data(*ks).Candidates("rsa-2", Algorithm::kPS256, 16,
                                               out, &n),
            ErrorCode::kOk);
  ASSERT_EQ(n, 1);
  KnownSignature sig = SignatureOf("rsa-2");
  EXPECT_TRUE(out[0]->Verify(Algorithm::kPS256, sig.message, sig.signature));
  // An HMAC key never answers for an RSA alg and vice versa.
  EXPECT_EQ(KeySetAccess::Data(*ks).Candidates("hmac-1", Algorithm::kRS256, 16,
                                               out, &n),
            ErrorCode::kAlgNotAllowed);
  EXPECT_EQ(KeySetAccess::Data(*ks).Candidates("ec-p256", Algorithm::kHS256, 16,
                                               out, &n),
            ErrorCode::kAlgNotAllowed);
  // No kid: every key that permits the alg, in document order.
  ASSERT_EQ(KeySetAccess::Data(*ks).Candidates(std::nullopt, Algorithm::kRS256,
                                               16, out, &n),
            ErrorCode::kOk);
  EXPECT_EQ(n, 2);
  ASSERT_EQ(KeySetAccess::Data(*ks).Candidates(std::nullopt, Algorithm::kHS512,
                                               16, out, &n),
            ErrorCode::kOk);
  EXPECT_EQ(n, 1);
}

}  // namespace
}  // namespace jwtv
