// Copyright 2026 The jwtv Authors.
//
// What the crypto module's tests (crypto_*_test.cc) share: hex and byte
// helpers, the check that a signature verifies under its algorithm only,
// and fixed keys and signatures.

#ifndef JWTV_TESTS_TESTING_CRYPTO_TEST_FIXTURES_H_
#define JWTV_TESTS_TESTING_CRYPTO_TEST_FIXTURES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/prepared_key.h"
#include "gtest/gtest.h"
#include "jwtv/algorithm.h"

namespace jwtv::internal {

inline std::vector<uint8_t> Hex(std::string_view hex) {
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

inline std::vector<uint8_t> Str(std::string_view s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

inline std::string_view View(const std::vector<uint8_t>& v) {
  return std::string_view(reinterpret_cast<const char*>(v.data()), v.size());
}

inline constexpr Algorithm kAllAlgs[] = {
    Algorithm::kHS256, Algorithm::kHS384, Algorithm::kHS512, Algorithm::kRS256,
    Algorithm::kRS384, Algorithm::kRS512, Algorithm::kPS256, Algorithm::kPS384,
    Algorithm::kPS512, Algorithm::kES256, Algorithm::kES384, Algorithm::kES512,
    Algorithm::kEdDSA,
};

// Every alg outside `allowed` must be false for this (valid) signature, and
// mangled signatures of every length up to 600 bytes must never verify.
inline void ExpectOnlyAlgVerifies(const PreparedKey& key, Algorithm alg,
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

// ---------------------------------------------------------- fixtures

// Generated once with Python cryptography 38.0.4; message kPemMessage.

inline constexpr char kPemMessage[] = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJqd3R2In0";

inline constexpr char kRsaSpkiPem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAloIRUhqAU3jvMcmB2EhS\n"
    "ekfAvBjCUD3ndwpFNUxDAsXX3jQG/x6HcQgjzH+GAWi3N+rFdAekJsM+8rl8mkt3\n"
    "48tOHQBi3+YhokgNvMxB4LB0w/aCKhorf+K7ReyPDz9VBRHh5zZHQUIzN4oN5Viu\n"
    "ErKwX38yRoe0pdL9dp/XBwJVmYMdiioh5mY3ph882hzY/Dyy+cH+JIU6sn0ySR5r\n"
    "VTBVNgMc6bZHPWtZmmTsPnCNs60u/Wl5a7eYcuHfeIKSqqmqwsOdqN/Ft8Gb/2tR\n"
    "0XlR7KmT/JWVJcNJq/jlZeAbPvRT40QpJnye1/nTf5R3LS1RuWGXlcrq5YQfPsPG\n"
    "mQIDAQAB\n"
    "-----END PUBLIC KEY-----\n";

inline constexpr char kRsaPkcs1Pem[] =
    "-----BEGIN RSA PUBLIC KEY-----\n"
    "MIIBCgKCAQEAloIRUhqAU3jvMcmB2EhSekfAvBjCUD3ndwpFNUxDAsXX3jQG/x6H\n"
    "cQgjzH+GAWi3N+rFdAekJsM+8rl8mkt348tOHQBi3+YhokgNvMxB4LB0w/aCKhor\n"
    "f+K7ReyPDz9VBRHh5zZHQUIzN4oN5ViuErKwX38yRoe0pdL9dp/XBwJVmYMdiioh\n"
    "5mY3ph882hzY/Dyy+cH+JIU6sn0ySR5rVTBVNgMc6bZHPWtZmmTsPnCNs60u/Wl5\n"
    "a7eYcuHfeIKSqqmqwsOdqN/Ft8Gb/2tR0XlR7KmT/JWVJcNJq/jlZeAbPvRT40Qp\n"
    "Jnye1/nTf5R3LS1RuWGXlcrq5YQfPsPGmQIDAQAB\n"
    "-----END RSA PUBLIC KEY-----\n";

inline constexpr char kRsaRs256Sig[] =
    "3a4d127c2518fecf54a80ceb07e2eebd28aa2a7d92392c79fd83fa5eef9326c3"
    "989d64c360930dfcc11b353503456da4c2c9a6768e1b6c83d50e07f026dbe85c"
    "24f1552d2bc7a1bcf292a55f49ea840da3952ed5d0a464078c511d19c5f8edad"
    "86505a412598934f2d5c2db365fb45f2b032704266ea5ae4e7f0d2b8c01c43f6"
    "29e68e68d017bd36094478fe8ee01184af811a65c6522cc9f462fbb09d7c45ee"
    "3689166e4a9b15e816578976fa56e3d44fb15f3b0a270eeab16417242cc105ff"
    "260831ffbf0461a01436d960920c603d3144b6d02fe7d3b8d62ef2f957ca3ae7"
    "89d97590d2a4b58ee0fe22e8a67e5743be4a9068869505bb6c28390edd2d75f9";

inline constexpr char kRsaPs256Sig[] =
    "4ab4d2b12101dd7f681ce93a06b5732ba1aae16d19f8e2c7df3ba9830e2d1809"
    "1a877ee4399a1f13fbe650ff3a52e0a8b7e8fdf9a32396ae4c0951a2e340f62f"
    "6e85e28aca1068f503ff3038649bf496bd93da453ffb001be21c3fd190e6db17"
    "7335f1bd6b0e0977a0394096cd9193d3c878c9bd4131a132adca97e35648d00b"
    "7306a189207fde711f77bc93dafcc0c61c577aecc0473ddc5362f2e55da4f69c"
    "e91b50cda2c154a5a3c778478bab7ce868e6725bb7e30f01963f152a7ea627c1"
    "aba5a337b56e35d1d5cc50a98641542230ab68ff39568e0084506928474f6edc"
    "653f8900381e81e2decb811edc0518e3b3e335df8c8e4b4583206e1a4f6d9a2d";

inline constexpr char kEcP256Pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEwi+20jBWc+KZXaqHbPnIUZFIoBqi\n"
    "2MqVBsuH8EGyxsq3U3Hn7Tf3RYLPrl314+mpVYEEZJBz89sfER7UAjK8Zw==\n"
    "-----END PUBLIC KEY-----\n";

inline constexpr char kEcEs256Sig[] =
    "dca4a43abf79fabc60a8fc34109a740acd7d2a07f3168ac20eb1450f54abae4d"
    "a70492d1451bc1745453e9d1a240b1ad583e67895fe835610a1a81f4014cd99a";

inline constexpr char kEcP256X[] =
    "c22fb6d2305673e2995daa876cf9c8519148a01aa2d8ca9506cb87f041b2c6ca";

inline constexpr char kEcP256Y[] =
    "b75371e7ed37f74582cfae5df5e3e9a9558104649073f3db1f111ed40232bc67";

inline constexpr char kEcP384Pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE4voFIcvM8lE6jdH5qZDob4J7wN92+mxz\n"
    "RN9kcyOuic+UuF77NdnbDlTNr0//AVyZWX/DPhfGSEkzH3u3zsqwfAKuclXZxfKr\n"
    "7nFGECBtZjhMoQ1Ba/gf/Req39c1G5jw\n"
    "-----END PUBLIC KEY-----\n";

inline constexpr char kEcEs384Sig[] =
    "f79e1c4e1f3774add3f791afb5033c7222953920d614d6a9360f0888fc20ce85"
    "5ce97998612ca5e1c33619b14c496b09a0506fd3011448bdfa71a59a8895ecf7"
    "b7c8acd63bd08db3890c040f0b4a8812cb15646993e6293232bd2bf5bbd10ac7";

inline constexpr char kEd25519Pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEAxe7W5lKc1/jYlVssn1aKXIFxOQ5rY6Ek2xdIuHFuf6A=\n"
    "-----END PUBLIC KEY-----\n";

inline constexpr char kEd25519Sig[] =
    "2907d18c2d0e6d69c686510a30973ff38a8b3dc2fa812ea75303863721b3116b"
    "1871a1a3d28fdb86747a5603fd950f53b08c52768122ffad79e9c3d414931502";

inline constexpr char kEd25519PrivatePem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIGsLdIwbeQDDZ5Wy71U0j3FQFR7fqjsQGREQwTnjcney\n"
    "-----END PRIVATE KEY-----\n";

inline constexpr char kEcPrivatePem[] =
    "-----BEGIN EC PRIVATE KEY-----\n"
    "MHcCAQEEILhHovcjuHzYSboEeq5lUjDN2eT1H5NAkkShDXxOYGP3oAoGCCqGSM49\n"
    "AwEHoUQDQgAEMfJboBHMPiNrGLCdN1K9VtvdIO+Y6BjeeUQNUnbBYTtbWpUL7bQW\n"
    "VxunHXRNPPULR32LLidlBphTHvYty+arWQ==\n"
    "-----END EC PRIVATE KEY-----\n";

inline constexpr char kRsa1024Pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQD2WEx/QFVd8GePzsGEEC2PccnR\n"
    "4MZkxFHbS/7wRbP4URj1w3hnq9JTB7+B0mjc54brHZhyjgaQ4ivhZTxI8m/Hnwcf\n"
    "94i0bOTJZkrjI4VKTiUyTZxOWex31SNunJPi34/4bVmTVx2IpKvXTzUq0L1PYBDM\n"
    "WdD8Ok7Cqnpia4hNYQIDAQAB\n"
    "-----END PUBLIC KEY-----\n";

inline constexpr char kRsa1024N[] =
    "f6584c7f40555df0678fcec184102d8f71c9d1e0c664c451db4bfef045b3f851"
    "18f5c37867abd25307bf81d268dce786eb1d98728e0690e22be1653c48f26fc7"
    "9f071ff788b46ce4c9664ae323854a4e25324d9c4e59ec77d5236e9c93e2df8f"
    "f86d5993571d88a4abd74f352ad0bd4f6010cc59d0fc3a4ec2aa7a626b884d61";

inline constexpr char kRsa2048N[] =
    "968211521a805378ef31c981d848527a47c0bc18c2503de7770a45354c4302c5"
    "d7de3406ff1e87710823cc7f860168b737eac57407a426c33ef2b97c9a4b77e3"
    "cb4e1d0062dfe621a2480dbccc41e0b074c3f6822a1a2b7fe2bb45ec8f0f3f55"
    "0511e1e73647414233378a0de558ae12b2b05f7f324687b4a5d2fd769fd70702"
    "5599831d8a2a21e66637a61f3cda1cd8fc3cb2f9c1fe24853ab27d32491e6b55"
    "305536031ce9b6473d6b599a64ec3e708db3ad2efd69796bb79872e1df788292"
    "aaa9aac2c39da8dfc5b7c19bff6b51d17951eca993fc959525c349abf8e565e0"
    "1b3ef453e34429267c9ed7f9d37f94772d2d51b9619795caeae5841f3ec3c699";

inline constexpr char kSecp256k1Pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAEvh3jtcQ2yj0GoFcCSdAG4qMYjtkmvfzs\n"
    "HbdNWJn7RrpDeVFCPrFapYVVw/nCIjpINJgkgq6H7cxae2+JDRWG+Q==\n"
    "-----END PUBLIC KEY-----\n";

inline std::unique_ptr<PreparedKey> MustPem(std::string_view pem) {
  auto k = MakeKeyFromPem(pem);
  EXPECT_TRUE(k.ok()) << k.status();
  return k.ok() ? *std::move(k) : nullptr;
}

}  // namespace jwtv::internal

#endif  // JWTV_TESTS_TESTING_CRYPTO_TEST_FIXTURES_H_
