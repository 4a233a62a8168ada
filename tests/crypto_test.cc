// Copyright 2026 The jwtv Authors.
//
// Known answers, key checks and failure modes of the crypto module.

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
#include "crypto_testing.h"
#include "gtest/gtest.h"

namespace jwtv::internal {
namespace {

std::vector<uint8_t> Hex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    ADD_FAILURE() << "bad hex digit " << c;
    return 0;
  };
  EXPECT_EQ(hex.size() % 2, 0u);
  std::vector<uint8_t> out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] =
        static_cast<uint8_t>(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
  }
  return out;
}

std::vector<uint8_t> Str(std::string_view s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

std::string_view View(const std::vector<uint8_t>& v) {
  return std::string_view(reinterpret_cast<const char*>(v.data()), v.size());
}

constexpr Algorithm kAllAlgs[] = {
    Algorithm::kHS256, Algorithm::kHS384, Algorithm::kHS512, Algorithm::kRS256,
    Algorithm::kRS384, Algorithm::kRS512, Algorithm::kPS256, Algorithm::kPS384,
    Algorithm::kPS512, Algorithm::kES256, Algorithm::kES384, Algorithm::kES512,
    Algorithm::kEdDSA,
};

// Every alg outside `allowed` must be false for this (valid) signature, and
// mangled signatures of every length up to 600 bytes must never verify.
void ExpectOnlyAlgVerifies(const PreparedKey& key, Algorithm alg,
                           std::string_view msg,
                           const std::vector<uint8_t>& sig) {
  EXPECT_TRUE(key.Verify(alg, msg, sig)) << AlgorithmName(alg);
  for (Algorithm other : kAllAlgs) {
    if (other == alg) continue;
    EXPECT_FALSE(key.Verify(other, msg, sig)) << AlgorithmName(other);
  }
  std::vector<uint8_t> bad = sig;
  bad.back() ^= 1;
  EXPECT_FALSE(key.Verify(alg, msg, bad));
  bad = sig;
  bad.front() ^= 0x80;
  EXPECT_FALSE(key.Verify(alg, msg, bad));
  std::string other_msg(msg);
  other_msg.back() ^= 1;
  EXPECT_FALSE(key.Verify(alg, other_msg, sig));
  // Too short, too long, empty, leading zero added or dropped.
  EXPECT_FALSE(key.Verify(alg, msg, Bytes(sig.data(), sig.size() - 1)));
  EXPECT_FALSE(key.Verify(alg, msg, Bytes(sig.data() + 1, sig.size() - 1)));
  bad = sig;
  bad.push_back(0);
  EXPECT_FALSE(key.Verify(alg, msg, bad));
  bad = sig;
  bad.insert(bad.begin(), 0);
  EXPECT_FALSE(key.Verify(alg, msg, bad));
  EXPECT_FALSE(key.Verify(alg, msg, Bytes()));
  for (size_t len = 0; len <= 600; ++len) {
    std::vector<uint8_t> junk(len, static_cast<uint8_t>(len));
    for (Algorithm a : kAllAlgs) EXPECT_FALSE(key.Verify(a, msg, junk));
  }
}

// ---------------------------------------------------------------- HMAC

struct Rfc4231Case {
  const char* name;
  const char* key;
  const char* data;
  const char* hs256;
  const char* hs384;
  const char* hs512;
};

// RFC 4231 section 4 (test case 5, a truncated tag, is in TruncatedTag).
const Rfc4231Case kRfc4231[] = {
    {
        "1",
        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        "4869205468657265",
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
        "faea9ea9076ede7f4af152e8b2fa9cb6",
        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
        "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
    },
    {
        "2",
        "4a656665",
        "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
        "8e2240ca5e69e2c78b3239ecfab21649",
        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
        "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
    },
    {
        "3",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
        "dddddddddddddddddddddddddddddddddddd",
        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
        "2a5ab39dc13814b94e3ab6e101a34f27",
        "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
        "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
    },
    {
        "4",
        "0102030405060708090a0b0c0d0e0f10111213141516171819",
        "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
        "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
        "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
        "6801dd23c4a7d679ccf8a386c674cffb",
        "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
        "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
    },
    {
        "6 (131-byte key)",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaa",
        "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a"
        "65204b6579202d2048617368204b6579204669727374",
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
        "0c2ef6ab4030fe8296248df163f44952",
        "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
        "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
    },
    {
        "7 (131-byte key, long data)",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaa",
        "5468697320697320612074657374207573696e672061206c6172676572207468"
        "616e20626c6f636b2d73697a65206b657920616e642061206c61726765722074"
        "68616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565"
        "647320746f20626520686173686564206265666f7265206265696e6720757365"
        "642062792074686520484d414320616c676f726974686d2e",
        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
        "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
        "a678cc31e799176d3860e6110c46523e",
        "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
        "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
    },
};

TEST(HmacTest, Rfc4231KnownAnswers) {
  for (const Rfc4231Case& tc : kRfc4231) {
    SCOPED_TRACE(tc.name);
    const std::vector<uint8_t> key = Hex(tc.key), data = Hex(tc.data);
    auto prepared = MakeHmacKey(key);
    ASSERT_TRUE(prepared.ok()) << prepared.status();
    const PreparedKey& k = **prepared;
    EXPECT_EQ(k.type(), KeyType::kOct);
    EXPECT_EQ(k.bits(), static_cast<int>(key.size() * 8));
    const std::pair<Algorithm, const char*> tags[] = {
        {Algorithm::kHS256, tc.hs256},
        {Algorithm::kHS384, tc.hs384},
        {Algorithm::kHS512, tc.hs512}};
    for (const auto& [alg, hex] : tags) {
      SCOPED_TRACE(AlgorithmName(alg));
      const std::vector<uint8_t> tag = Hex(hex);
      EXPECT_TRUE(RawHmacEquals(alg, key, View(data), tag));
      ExpectOnlyAlgVerifies(k, alg, View(data), tag);
      // One key, three hashes: a tag of one never passes as another.
      for (const auto& [other, other_hex] : tags) {
        if (other != alg) EXPECT_FALSE(k.Verify(other, View(data), tag));
      }
    }
  }
}

TEST(HmacTest, TruncatedTagIsRejected) {
  // RFC 4231 test case 5: the first 128 bits are a valid truncated tag, but
  // JWS only has full-length tags.
  const std::vector<uint8_t> key(20, 0x0c);
  const std::vector<uint8_t> data = Str("Test With Truncation");
  const std::vector<uint8_t> trunc = Hex("a3b6167473100ee06e0c796c2955552b");
  auto k = MakeHmacKey(key);
  ASSERT_TRUE(k.ok());
  EXPECT_FALSE((*k)->Verify(Algorithm::kHS256, View(data), trunc));
  EXPECT_FALSE(RawHmacEquals(Algorithm::kHS256, key, View(data), trunc));
  uint8_t full[32];
  unsigned len = 0;
  ASSERT_NE(HMAC(EVP_sha256(), key.data(), key.size(), data.data(), data.size(),
                 full, &len),
            nullptr);
  EXPECT_TRUE(std::equal(trunc.begin(), trunc.end(), full));
  EXPECT_TRUE((*k)->Verify(Algorithm::kHS256, View(data), Bytes(full, 32)));
}

const std::pair<Algorithm, const EVP_MD*> kHmacAlgs[] = {
    {Algorithm::kHS256, EVP_sha256()},
    {Algorithm::kHS384, EVP_sha384()},
    {Algorithm::kHS512, EVP_sha512()}};

// BoringSSL's one-shot HMAC of msg into tag: its length, 0 on failure.
unsigned OneShotHmac(const EVP_MD* md, const std::vector<uint8_t>& key,
                     std::string_view msg, uint8_t tag[EVP_MAX_MD_SIZE]) {
  unsigned len = 0;
  if (HMAC(md, key.data(), key.size(),
           reinterpret_cast<const uint8_t*>(msg.data()), msg.size(), tag,
           &len) == nullptr) {
    return 0;
  }
  return len;
}

TEST(HmacTest, KeySizesAroundTheBlockSizeMatchOneShotHmac) {
  const std::string msg = "header.payload";
  for (size_t key_len :
       {1u, 31u, 32u, 63u, 64u, 65u, 127u, 128u, 129u, 200u, 1000u, 65536u}) {
    SCOPED_TRACE(key_len);
    std::vector<uint8_t> key(key_len);
    for (size_t i = 0; i < key_len; ++i) key[i] = static_cast<uint8_t>(i * 7);
    auto k = MakeHmacKey(key);
    ASSERT_TRUE(k.ok()) << k.status();
    for (const auto& [alg, md] : kHmacAlgs) {
      uint8_t tag[EVP_MAX_MD_SIZE];
      const unsigned len = OneShotHmac(md, key, msg, tag);
      ASSERT_NE(len, 0u);
      EXPECT_TRUE((*k)->Verify(alg, msg, Bytes(tag, len)));
      EXPECT_TRUE(RawHmacEquals(alg, key, msg, Bytes(tag, len)));
      EXPECT_FALSE((*k)->Verify(alg, msg, Bytes(tag, len - 1)));
      tag[len / 2] ^= 4;
      EXPECT_FALSE((*k)->Verify(alg, msg, Bytes(tag, len)));
      EXPECT_FALSE(RawHmacEquals(alg, key, msg, Bytes(tag, len)));
    }
  }
}

// Every bit of the tag counts, one tag at a time and two at a time (the
// batch path), for each hash.
TEST(HmacTest, AnyFlippedTagBitIsRejected) {
  const std::vector<uint8_t> key = Str("flip-secret");
  auto k = MakeHmacKey(key);
  ASSERT_TRUE(k.ok());
  const std::string msg = "eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ";
  for (const auto& [alg, md] : kHmacAlgs) {
    uint8_t tag[EVP_MAX_MD_SIZE];
    const unsigned len = OneShotHmac(md, key, msg, tag);
    ASSERT_NE(len, 0u);
    const std::string_view inputs[2] = {msg, msg};
    for (unsigned bit = 0; bit < 8 * len; ++bit) {
      SCOPED_TRACE(bit);
      uint8_t bad[EVP_MAX_MD_SIZE];
      std::memcpy(bad, tag, len);
      bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      EXPECT_FALSE((*k)->Verify(alg, msg, Bytes(bad, len)));
      const Bytes sigs[2] = {Bytes(tag, len), Bytes(bad, len)};
      bool results[2] = {false, true};
      (*k)->VerifyBatch(alg, inputs, sigs, results);
      EXPECT_TRUE(results[0]);
      EXPECT_FALSE(results[1]);
    }
    EXPECT_TRUE((*k)->Verify(alg, msg, Bytes(tag, len)));
  }
}

TEST(HmacTest, EmptyMessage) {
  const std::vector<uint8_t> key = Str("secret");
  auto k = MakeHmacKey(key);
  ASSERT_TRUE(k.ok());
  uint8_t tag[32];
  unsigned len = 0;
  ASSERT_NE(HMAC(EVP_sha256(), key.data(), key.size(), nullptr, 0, tag, &len),
            nullptr);
  EXPECT_TRUE((*k)->Verify(Algorithm::kHS256, {}, Bytes(tag, len)));
}

TEST(HmacTest, SecretSizeLimits) {
  EXPECT_FALSE(MakeHmacKey({}).ok());
  std::vector<uint8_t> big(64 * 1024 + 1, 1);
  EXPECT_FALSE(MakeHmacKey(big).ok());
  big.pop_back();
  EXPECT_TRUE(MakeHmacKey(big).ok());
}

TEST(HmacTest, RawHmacRejectsOtherFamilies) {
  const std::vector<uint8_t> key = Str("k"), tag(32, 0);
  EXPECT_FALSE(RawHmacEquals(Algorithm::kRS256, key, "x", tag));
  EXPECT_FALSE(RawHmacEquals(Algorithm::kEdDSA, key, "x", tag));
}

TEST(HmacTest, NaturalAlgorithms) {
  auto k = MakeHmacKey(Str("k"));
  ASSERT_TRUE(k.ok());
  EXPECT_EQ((*k)->natural_algorithms(), AlgorithmSet::Hmac());
}

// ---------------------------------------------------------- fixtures

// Generated once with Python cryptography 38.0.4; message kPemMessage.

constexpr char kPemMessage[] = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJqd3R2In0";

constexpr char kRsaSpkiPem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAloIRUhqAU3jvMcmB2EhS\n"
    "ekfAvBjCUD3ndwpFNUxDAsXX3jQG/x6HcQgjzH+GAWi3N+rFdAekJsM+8rl8mkt3\n"
    "48tOHQBi3+YhokgNvMxB4LB0w/aCKhorf+K7ReyPDz9VBRHh5zZHQUIzN4oN5Viu\n"
    "ErKwX38yRoe0pdL9dp/XBwJVmYMdiioh5mY3ph882hzY/Dyy+cH+JIU6sn0ySR5r\n"
    "VTBVNgMc6bZHPWtZmmTsPnCNs60u/Wl5a7eYcuHfeIKSqqmqwsOdqN/Ft8Gb/2tR\n"
    "0XlR7KmT/JWVJcNJq/jlZeAbPvRT40QpJnye1/nTf5R3LS1RuWGXlcrq5YQfPsPG\n"
    "mQIDAQAB\n"
    "-----END PUBLIC KEY-----\n";

constexpr char kRsaPkcs1Pem[] =
    "-----BEGIN RSA PUBLIC KEY-----\n"
    "MIIBCgKCAQEAloIRUhqAU3jvMcmB2EhSekfAvBjCUD3ndwpFNUxDAsXX3jQG/x6H\n"
    "cQgjzH+GAWi3N+rFdAekJsM+8rl8mkt348tOHQBi3+YhokgNvMxB4LB0w/aCKhor\n"
    "f+K7ReyPDz9VBRHh5zZHQUIzN4oN5ViuErKwX38yRoe0pdL9dp/XBwJVmYMdiioh\n"
    "5mY3ph882hzY/Dyy+cH+JIU6sn0ySR5rVTBVNgMc6bZHPWtZmmTsPnCNs60u/Wl5\n"
    "a7eYcuHfeIKSqqmqwsOdqN/Ft8Gb/2tR0XlR7KmT/JWVJcNJq/jlZeAbPvRT40Qp\n"
    "Jnye1/nTf5R3LS1RuWGXlcrq5YQfPsPGmQIDAQAB\n"
    "-----END RSA PUBLIC KEY-----\n";

constexpr char kRsaRs256Sig[] =
    "3a4d127c2518fecf54a80ceb07e2eebd28aa2a7d92392c79fd83fa5eef9326c3"
    "989d64c360930dfcc11b353503456da4c2c9a6768e1b6c83d50e07f026dbe85c"
    "24f1552d2bc7a1bcf292a55f49ea840da3952ed5d0a464078c511d19c5f8edad"
    "86505a412598934f2d5c2db365fb45f2b032704266ea5ae4e7f0d2b8c01c43f6"
    "29e68e68d017bd36094478fe8ee01184af811a65c6522cc9f462fbb09d7c45ee"
    "3689166e4a9b15e816578976fa56e3d44fb15f3b0a270eeab16417242cc105ff"
    "260831ffbf0461a01436d960920c603d3144b6d02fe7d3b8d62ef2f957ca3ae7"
    "89d97590d2a4b58ee0fe22e8a67e5743be4a9068869505bb6c28390edd2d75f9";

constexpr char kRsaPs256Sig[] =
    "4ab4d2b12101dd7f681ce93a06b5732ba1aae16d19f8e2c7df3ba9830e2d1809"
    "1a877ee4399a1f13fbe650ff3a52e0a8b7e8fdf9a32396ae4c0951a2e340f62f"
    "6e85e28aca1068f503ff3038649bf496bd93da453ffb001be21c3fd190e6db17"
    "7335f1bd6b0e0977a0394096cd9193d3c878c9bd4131a132adca97e35648d00b"
    "7306a189207fde711f77bc93dafcc0c61c577aecc0473ddc5362f2e55da4f69c"
    "e91b50cda2c154a5a3c778478bab7ce868e6725bb7e30f01963f152a7ea627c1"
    "aba5a337b56e35d1d5cc50a98641542230ab68ff39568e0084506928474f6edc"
    "653f8900381e81e2decb811edc0518e3b3e335df8c8e4b4583206e1a4f6d9a2d";

constexpr char kEcP256Pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEwi+20jBWc+KZXaqHbPnIUZFIoBqi\n"
    "2MqVBsuH8EGyxsq3U3Hn7Tf3RYLPrl314+mpVYEEZJBz89sfER7UAjK8Zw==\n"
    "-----END PUBLIC KEY-----\n";

constexpr char kEcEs256Sig[] =
    "dca4a43abf79fabc60a8fc34109a740acd7d2a07f3168ac20eb1450f54abae4d"
    "a70492d1451bc1745453e9d1a240b1ad583e67895fe835610a1a81f4014cd99a";

constexpr char kEcP256X[] =
    "c22fb6d2305673e2995daa876cf9c8519148a01aa2d8ca9506cb87f041b2c6ca";

constexpr char kEcP256Y[] =
    "b75371e7ed37f74582cfae5df5e3e9a9558104649073f3db1f111ed40232bc67";

constexpr char kEcP384Pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE4voFIcvM8lE6jdH5qZDob4J7wN92+mxz\n"
    "RN9kcyOuic+UuF77NdnbDlTNr0//AVyZWX/DPhfGSEkzH3u3zsqwfAKuclXZxfKr\n"
    "7nFGECBtZjhMoQ1Ba/gf/Req39c1G5jw\n"
    "-----END PUBLIC KEY-----\n";

constexpr char kEcEs384Sig[] =
    "f79e1c4e1f3774add3f791afb5033c7222953920d614d6a9360f0888fc20ce85"
    "5ce97998612ca5e1c33619b14c496b09a0506fd3011448bdfa71a59a8895ecf7"
    "b7c8acd63bd08db3890c040f0b4a8812cb15646993e6293232bd2bf5bbd10ac7";

constexpr char kEd25519Pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEAxe7W5lKc1/jYlVssn1aKXIFxOQ5rY6Ek2xdIuHFuf6A=\n"
    "-----END PUBLIC KEY-----\n";

constexpr char kEd25519Sig[] =
    "2907d18c2d0e6d69c686510a30973ff38a8b3dc2fa812ea75303863721b3116b"
    "1871a1a3d28fdb86747a5603fd950f53b08c52768122ffad79e9c3d414931502";

constexpr char kEd25519PrivatePem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIGsLdIwbeQDDZ5Wy71U0j3FQFR7fqjsQGREQwTnjcney\n"
    "-----END PRIVATE KEY-----\n";

constexpr char kEcPrivatePem[] =
    "-----BEGIN EC PRIVATE KEY-----\n"
    "MHcCAQEEILhHovcjuHzYSboEeq5lUjDN2eT1H5NAkkShDXxOYGP3oAoGCCqGSM49\n"
    "AwEHoUQDQgAEMfJboBHMPiNrGLCdN1K9VtvdIO+Y6BjeeUQNUnbBYTtbWpUL7bQW\n"
    "VxunHXRNPPULR32LLidlBphTHvYty+arWQ==\n"
    "-----END EC PRIVATE KEY-----\n";

constexpr char kRsa1024Pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQD2WEx/QFVd8GePzsGEEC2PccnR\n"
    "4MZkxFHbS/7wRbP4URj1w3hnq9JTB7+B0mjc54brHZhyjgaQ4ivhZTxI8m/Hnwcf\n"
    "94i0bOTJZkrjI4VKTiUyTZxOWex31SNunJPi34/4bVmTVx2IpKvXTzUq0L1PYBDM\n"
    "WdD8Ok7Cqnpia4hNYQIDAQAB\n"
    "-----END PUBLIC KEY-----\n";

constexpr char kRsa1024N[] =
    "f6584c7f40555df0678fcec184102d8f71c9d1e0c664c451db4bfef045b3f851"
    "18f5c37867abd25307bf81d268dce786eb1d98728e0690e22be1653c48f26fc7"
    "9f071ff788b46ce4c9664ae323854a4e25324d9c4e59ec77d5236e9c93e2df8f"
    "f86d5993571d88a4abd74f352ad0bd4f6010cc59d0fc3a4ec2aa7a626b884d61";

constexpr char kRsa2048N[] =
    "968211521a805378ef31c981d848527a47c0bc18c2503de7770a45354c4302c5"
    "d7de3406ff1e87710823cc7f860168b737eac57407a426c33ef2b97c9a4b77e3"
    "cb4e1d0062dfe621a2480dbccc41e0b074c3f6822a1a2b7fe2bb45ec8f0f3f55"
    "0511e1e73647414233378a0de558ae12b2b05f7f324687b4a5d2fd769fd70702"
    "5599831d8a2a21e66637a61f3cda1cd8fc3cb2f9c1fe24853ab27d32491e6b55"
    "305536031ce9b6473d6b599a64ec3e708db3ad2efd69796bb79872e1df788292"
    "aaa9aac2c39da8dfc5b7c19bff6b51d17951eca993fc959525c349abf8e565e0"
    "1b3ef453e34429267c9ed7f9d37f94772d2d51b9619795caeae5841f3ec3c699";

constexpr char kSecp256k1Pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAEvh3jtcQ2yj0GoFcCSdAG4qMYjtkmvfzs\n"
    "HbdNWJn7RrpDeVFCPrFapYVVw/nCIjpINJgkgq6H7cxae2+JDRWG+Q==\n"
    "-----END PUBLIC KEY-----\n";

// ---------------------------------------------------------------- RSA

std::unique_ptr<PreparedKey> MustPem(std::string_view pem) {
  auto k = MakeKeyFromPem(pem);
  EXPECT_TRUE(k.ok()) << k.status();
  return k.ok() ? *std::move(k) : nullptr;
}

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
    if (BN_num_bits(n.get()) != static_cast<unsigned>(bits)) continue;
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
  if (carry == 0) EXPECT_FALSE(with(nullptr, &s_plus_n)) << "s + n";
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
