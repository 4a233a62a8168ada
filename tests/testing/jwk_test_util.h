// Copyright 2026 The jwtv Authors.
//
// Helpers of the JWK / JWKS loading tests (jwk_test.cc, jwk_errors_test.cc):
// loading a document into a fresh KeySetData, the RFC example keys, and
// JWKs of each kind built from their members.

#ifndef JWTV_TESTS_JWK_TEST_UTIL_H_
#define JWTV_TESTS_JWK_TEST_UTIL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "base64url/base64url.h"
#include "gtest/gtest.h"
#include "jwk/jwk.h"
#include "jwtv/key_set.h"
#include "key_set/key_set_data.h"
#include "testing/test_util.h"

namespace jwtv::internal {

inline std::string ReadFile(const std::string& name) {
  return ::jwtv::testing::ReadTestData("jwks/" + name);
}

inline std::vector<uint8_t> B64(std::string_view in) {
  std::vector<uint8_t> out(Base64UrlDecodedSize(in.size()));
  std::optional<size_t> n = Base64UrlDecode(in, out.data(), out.size());
  EXPECT_TRUE(n.has_value()) << in;
  out.resize(n.value_or(0));
  return out;
}

inline std::string Message(const absl::Status& s) {
  return std::string(s.message());
}

// Loads `json` into a fresh KeySetData.
struct Loaded {
  absl::Status status;
  std::unique_ptr<KeySetData> data = std::make_unique<KeySetData>();
  const KeyEntry* Find(std::string_view kid) const {
    for (const KeyEntry& e : data->entries()) {
      if (e.kid.has_value() && *e.kid == kid) return &e;
    }
    return nullptr;
  }
};

inline Loaded Load(std::string_view json, const KeySetOptions& options = {}) {
  Loaded l;
  l.status = AddJwks(json, options, l.data.get());
  return l;
}

inline std::string Set(std::string_view key) {
  return "{\"keys\":[" + std::string(key) + "]}";
}

// Asserts that `json` fails and returns the message.
inline std::string LoadError(std::string_view json) {
  Loaded l = Load(json);
  EXPECT_FALSE(l.status.ok()) << json.substr(0, 300);
  EXPECT_EQ(l.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(l.data->entries().empty());
  EXPECT_TRUE(l.data->skipped().empty());
  return Message(l.status);
}

// --- RFC examples ----------------------------------------------------------

// RFC 7517 Appendix A.1.
inline constexpr std::string_view kRfc7517A1Ec =
    R"({"kty":"EC","crv":"P-256",
        "x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
        "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
        "use":"enc","kid":"1"})";
inline constexpr std::string_view kRfc7517A1RsaN =
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPF"
    "FxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93l"
    "qt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHz"
    "u6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPks"
    "INHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

inline std::string Rfc7517A1Rsa() {
  return R"({"kty":"RSA","n":")" + std::string(kRfc7517A1RsaN) +
         R"(","e":"AQAB","alg":"RS256","kid":"2011-04-29"})";
}

// RFC 7515 Appendix A.2 (RS256) and A.3 (ES256): public parts of the keys and
// the examples' signatures over their signing input.
inline constexpr std::string_view kRfc7515A2N =
    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qP"
    "CJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47s"
    "oMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2"
    "R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoud"
    "F8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
inline constexpr std::string_view kRfc7515A2SigningInput =
    "eyJhbGciOiJSUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNv"
    "bS9pc19yb290Ijp0cnVlfQ";
inline constexpr std::string_view kRfc7515A2Sig =
    "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4B"
    "h-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZ"
    "LgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_d"
    "O--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6"
    "LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
inline constexpr std::string_view kRfc7515A3X =
    "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
inline constexpr std::string_view kRfc7515A3Y =
    "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
inline constexpr std::string_view kRfc7515A3SigningInput =
    "eyJhbGciOiJFUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNv"
    "bS9pc19yb290Ijp0cnVlfQ";
inline constexpr std::string_view kRfc7515A3Sig =
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKT"
    "UJqPP3-Kg6NU1Q";

inline std::string Rsa(std::string_view n, std::string_view extra = "") {
  return R"({"kty":"RSA","n":")" + std::string(n) + R"(","e":"AQAB")" +
         std::string(extra) + "}";
}

inline std::string Ec256(std::string_view extra = "",
                         std::string_view x = kRfc7515A3X,
                         std::string_view y = kRfc7515A3Y) {
  return R"({"kty":"EC","crv":"P-256","x":")" + std::string(x) + R"(","y":")" +
         std::string(y) + "\"" + std::string(extra) + "}";
}

// An Ed25519 public key (RFC 8037 Appendix A.2).
inline constexpr std::string_view kEd25519X =
    "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

inline std::string Okp(std::string_view extra = "",
                       std::string_view crv = "Ed25519",
                       std::string_view x = kEd25519X) {
  return R"({"kty":"OKP","crv":")" + std::string(crv) + R"(","x":")" +
         std::string(x) + "\"" + std::string(extra) + "}";
}

// k = "secret-secret-secret-secret-1234secret-secret-secret-secret-5678" (64
// bytes: long enough for HS512).
inline constexpr std::string_view kOctK =
    "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzRzZWNyZXQtc2VjcmV0LXNlY3JldC1zZW"
    "NyZXQtNTY3OA";

inline std::string Oct(std::string_view extra = "",
                       std::string_view k = kOctK) {
  return R"({"kty":"oct","k":")" + std::string(k) + "\"" + std::string(extra) +
         "}";
}

}  // namespace jwtv::internal

#endif  // JWTV_TESTS_JWK_TEST_UTIL_H_
