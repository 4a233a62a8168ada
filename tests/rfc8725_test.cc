// Copyright 2026 The jwtv Authors.
//
// The RFC 8725 (JWT Best Current Practices) checklist, and the attacks it
// names, against the public Validator: alg "none", key confusion, psychic
// ECDSA signatures (CVE-2022-21449), duplicate members, non-canonical
// encodings, hostile kids and sizes, deep nesting and invalid UTF-8.
// rfc8725_claims_test.cc has the time and claim checks and the error order.
//
// Tokens are built here byte for byte (header and payload JSON as written),
// signed with HS256 through the crypto library's HMAC.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base64url/base64url.h"
#include "gtest/gtest.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"
#include "testing/crypto_testing.h"
#include "testing/rfc8725_testing.h"
#include "testing/test_util.h"

namespace jwtv::rfc8725 {
namespace {

TEST(Rfc8725Test, HelperTokenIsValid) {
  EXPECT_CODE(Check(Hs256(kHeader, Exp(60))), ErrorCode::kOk);
}

// RFC 8725 2.1 / 3.1: "none" is never accepted, in any case.
TEST(Rfc8725Test, AlgNoneInAnyCaseIsUnsupported) {
  for (std::string_view none : {"none", "None", "NONE", "nOnE"}) {
    SCOPED_TRACE(none);
    const std::string header = R"({"alg":")" + std::string(none) + R"("})";
    const std::string input = B64(header) + "." + B64(Exp(60));
    // With a signature segment (an HMAC of the input, and garbage).
    EXPECT_CODE(Check(SignInput(input)), ErrorCode::kUnsupportedAlg);
    EXPECT_CODE(Check(input + ".c2ln"), ErrorCode::kUnsupportedAlg);
    // Without one: the unsecured JWS shape "x.y." is malformed (empty
    // signature), as is "x.y".
    EXPECT_CODE(Check(input + "."), ErrorCode::kMalformed);
    EXPECT_CODE(Check(input), ErrorCode::kMalformed);
    // Never ok, whatever the allowed list.
    ValidatorOptions o = Options();
    o.algorithms = AlgorithmSet::All();
    EXPECT_NE(Check(SignInput(input), o), ErrorCode::kOk);
  }
}

TEST(Rfc8725Test, AbsentOrNonStringAlgIsUnsupported) {
  for (std::string_view header :
       {R"({"typ":"JWT"})", R"({"alg":null})", R"({"alg":256})",
        R"({"alg":["HS256"]})", R"({"alg":{"HS256":1}})", R"({"alg":""})",
        R"({"alg":"hs256"})", R"({"alg":"HS256 "})", R"({"alg":"RS1"})"}) {
    SCOPED_TRACE(header);
    EXPECT_CODE(Check(Hs256(header, Exp(60))), ErrorCode::kUnsupportedAlg);
  }
}

// RFC 7515 A.2's RSA public key as PEM (SubjectPublicKeyInfo) and as JWK.
constexpr std::string_view kRsaPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAofgWCuLjybRlzo0tZWJj\n"
    "NiuSfb4p4fAkd/wWJcyQoTbji9k0l8W26mPddxHmfHQp+Vaw+4qPCJrcS2mJPMEz\n"
    "P1Pt0Bm4d4QlL+yRT+SFd2lZS+pCgNMsD1W/YpRPEwOWvG6b32690r2jZ47soMZo\n"
    "9wGzjb/7OMg0LOL+bSf63kpaSHSXndS5z5rexMdbBYUsLA9e+KXBdQOS+UTo7WTB\n"
    "EMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6/I5IhlJH7aGhyxX\n"
    "FvUK+DWNmoudF8NAco9/h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXp\n"
    "oQIDAQAB\n"
    "-----END PUBLIC KEY-----\n";
constexpr std::string_view kRsaN =
    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-"
    "4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_"
    "YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsL"
    "A9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_"
    "I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_"
    "h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";

std::string RsaJwk(std::string_view extra = {}) {
  return R"({"kty":"RSA","e":"AQAB","n":")" + std::string(kRsaN) + "\"" +
         std::string(extra) + "}";
}

std::string PemToDer(std::string_view pem) {
  std::string b64;
  for (std::string_view line : {pem}) {
    size_t pos = 0;
    while (pos < line.size()) {
      size_t nl = line.find('\n', pos);
      std::string_view l = line.substr(pos, nl - pos);
      if (!l.starts_with("-----")) b64 += std::string(l);
      pos = nl == std::string_view::npos ? line.size() : nl + 1;
    }
  }
  std::string der(b64.size(), '\0');
  size_t len = 0;
  EXPECT_EQ(EVP_DecodeBase64(
                reinterpret_cast<uint8_t*>(der.data()), &len, der.size(),
                reinterpret_cast<const uint8_t*>(b64.data()), b64.size()),
            1);
  der.resize(len);
  return der;
}

// RFC 8725 2.2 / 3.1: an HS256 token keyed with an RSA public key (PEM
// text, DER bytes, the JWK n member as text or bytes) against a KeySet that
// holds only that RSA key is alg_not_allowed, never ok.
TEST(Rfc8725Test, KeyConfusionHs256WithRsaPublicKey) {
  const std::string der = PemToDer(kRsaPem);
  ASSERT_EQ(der.size(), 294u);
  std::string n_bytes(internal::Base64UrlDecodedSize(kRsaN.size()), '\0');
  ASSERT_TRUE(internal::Base64UrlDecode(
      kRsaN, reinterpret_cast<uint8_t*>(n_bytes.data()), n_bytes.size()));
  const std::vector<std::string> hmac_keys = {
      std::string(kRsaPem), der, std::string(kRsaN), n_bytes, RsaJwk()};

  std::vector<std::pair<std::string, KeySet>> sets;
  {
    auto k = KeySet::FromPem(kRsaPem, Algorithm::kRS256);
    ASSERT_TRUE(k.ok()) << k.status();
    sets.emplace_back("pem RS256", *k);
  }
  {
    auto k = KeySet::FromJwks(RsaJwk());
    ASSERT_TRUE(k.ok()) << k.status();
    sets.emplace_back("jwk (RS*, PS*)", *k);
  }
  {
    auto k = KeySet::FromJwks(RsaJwk(R"(,"kid":"rsa","alg":"RS256")"));
    ASSERT_TRUE(k.ok()) << k.status();
    sets.emplace_back("jwk kid rsa", *k);
  }
  for (const auto& [set_name, keys] : sets) {
    for (const std::string& key : hmac_keys) {
      for (std::string_view header :
           {R"({"alg":"HS256"})", R"({"alg":"HS256","kid":"rsa"})",
            R"({"alg":"HS512","kid":"rsa"})"}) {
        SCOPED_TRACE(set_name + " " + std::string(header));
        std::string input = B64(header) + "." + B64(Exp(60));
        std::string token =
            input + "." +
            B64(testing::HmacTag(
                std::string_view(header).find("HS512") != std::string_view::npos
                    ? Algorithm::kHS512
                    : Algorithm::kHS256,
                key, input));
        EXPECT_CODE(Check(token, Options(), keys), ErrorCode::kAlgNotAllowed);
      }
    }
  }
}

// An HMAC secret never verifies an RS/ES/EdDSA token.
TEST(Rfc8725Test, HmacSecretNeverVerifiesPublicKeyAlgs) {
  for (std::string_view alg : {"RS256", "PS256", "ES256", "EdDSA"}) {
    SCOPED_TRACE(alg);
    std::string header = R"({"alg":")" + std::string(alg) + R"("})";
    EXPECT_CODE(Check(Hs256(header, Exp(60))), ErrorCode::kAlgNotAllowed);
  }
}

// RFC 7515 A.3's P-256 key.
constexpr std::string_view kEcJwk =
    R"({"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"})";

std::string Hex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(
        std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

// CVE-2022-21449 ("psychic signatures"): r = 0, s = 0, and r or s equal to
// the group order n must never verify.
TEST(Rfc8725Test, PsychicEcdsaSignaturesAreBadSignature) {
  auto keys = KeySet::FromJwks(kEcJwk);
  ASSERT_TRUE(keys.ok()) << keys.status();
  const std::string n =
      Hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
  const std::string zero(32, '\0');
  std::string one(32, '\0');
  one[31] = 1;
  const std::string input = B64(R"({"alg":"ES256"})") + "." + B64(Exp(60));
  const std::vector<std::pair<std::string, std::string>> sigs = {
      {"r=0,s=0", zero + zero},
      {"r=n,s=n", n + n},
      {"r=0,s=n", zero + n},
      {"r=n,s=0", n + zero},
      {"r=1,s=n", one + n},
      {"r=n,s=1", n + one},
      {"r=1,s=1", one + one},
      {"ff", std::string(64, '\xff')},
      {"63 zero bytes", std::string(63, '\0')},
      {"65 zero bytes", std::string(65, '\0')},
      {"DER-shaped", Hex("3006020100020100")},
  };
  for (const auto& [name, sig] : sigs) {
    SCOPED_TRACE(name);
    EXPECT_CODE(Check(input + "." + B64(sig), Options(), *keys),
                ErrorCode::kBadSignature);
  }
}

// RFC 8725 3.4 (via RFC 7515 5.2 / 7519 4): duplicate member names.
TEST(Rfc8725Test, DuplicateMembersAreBadJson) {
  for (std::string_view header :
       {R"({"alg":"HS256","alg":"none"})", R"({"alg":"none","alg":"HS256"})",
        R"({"alg":"HS256","\u0061lg":"HS256"})",
        R"({"alg":"HS256","kid":"a","kid":"b"})",
        R"({"alg":"HS256","x":{"a":1,"a":2}})"}) {
    SCOPED_TRACE(header);
    EXPECT_CODE(Check(Hs256(header, Exp(60))), ErrorCode::kBadJson);
  }
  const std::string exp = std::to_string(kNow + 60);
  for (std::string payload :
       {R"({"exp":)" + exp + R"(,"exp":1})",
        R"({"exp":)" + exp + R"(,"sub":"a","sub":"b"})",
        R"({"exp":)" + exp + R"(,"\u0073ub":"a","sub":"a"})",
        R"({"exp":)" + exp + R"(,"o":{"k":1,"k":1}})",
        R"({"exp":)" + exp + R"(,"a":[{"k":1,"\u006b":2}]})"}) {
    SCOPED_TRACE(payload);
    EXPECT_CODE(Check(Hs256(kHeader, payload)), ErrorCode::kBadJson);
  }
}

// A JSON text whose base64url form has a partial final quantum
// (size % 3 == 1: two characters carrying 4 unused bits).
std::string PartialQuantum(std::string json) {
  while (json.size() % 3 != 1) json.insert(json.size() - 1, " ");
  return json;
}

// Sets the lowest (unused) bit of a final character's sextet.
char NonCanonical(char c) {
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  return kAlphabet[kAlphabet.find(c) | 1];
}

std::vector<std::string> Segments(std::string_view token) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t dot = token.find('.', pos);
    out.emplace_back(token.substr(pos, dot - pos));
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  return out;
}

// RFC 7515 2 / 8725 3.2: base64url without padding, with the url alphabet,
// canonically encoded. Each defect is checked in each segment, with the
// token re-signed over the defective text so only the encoding is wrong.
TEST(Rfc8725Test, NonStrictBase64UrlIsMalformed) {
  const std::string token =
      Hs256(PartialQuantum(std::string(kHeader)), PartialQuantum(Exp(60)));
  ASSERT_EQ(Check(token), ErrorCode::kOk);
  const std::vector<std::string> seg = Segments(token);
  ASSERT_EQ(seg.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(seg[i].size() % 4, i == 2 ? 3u : 2u);
  }
  auto rebuild = [&](int which, const std::string& replacement) {
    std::vector<std::string> s = seg;
    s[which] = replacement;
    if (which < 2) {
      // Re-sign so only the encoding is wrong.
      return SignInput(s[0] + "." + s[1]);
    }
    return s[0] + "." + s[1] + "." + s[2];
  };
  for (int which = 0; which < 3; ++which) {
    SCOPED_TRACE(which);
    const std::string& s = seg[which];
    // '=' padding (one or two).
    EXPECT_CODE(Check(rebuild(which, s + "=")), ErrorCode::kMalformed);
    EXPECT_CODE(Check(rebuild(which, s + "==")), ErrorCode::kMalformed);
    // '+' and '/' from the standard alphabet, and other strangers.
    for (char c : {'+', '/', ' ', '\n', '=', '*', '\0', '\x80'}) {
      std::string t = s;
      t[1] = c;
      EXPECT_CODE(Check(rebuild(which, t)), ErrorCode::kMalformed)
          << static_cast<int>(c);
    }
    // Non-canonical trailing bits.
    std::string t = s;
    char last = NonCanonical(t.back());
    ASSERT_NE(last, t.back()) << "last char " << t.back();
    t.back() = last;
    EXPECT_CODE(Check(rebuild(which, t)), ErrorCode::kMalformed);
    // length % 4 == 1.
    std::string t1 = s;
    while (t1.size() % 4 != 1) t1 += 'A';
    EXPECT_CODE(Check(rebuild(which, t1)), ErrorCode::kMalformed);
  }
}

// Shape: not exactly three non-empty segments.
TEST(Rfc8725Test, WrongShapeIsMalformed) {
  const std::string t = Hs256(kHeader, Exp(60));
  const std::vector<std::string> s = Segments(t);
  for (std::string bad :
       {std::string(), std::string("."), std::string(".."), std::string("..."),
        s[0], s[0] + "." + s[1], "." + s[1] + "." + s[2], s[0] + ".." + s[2],
        s[0] + "." + s[1] + ".", t + ".", t + "." + s[2], " " + t, t + " ",
        t + "\n", "Bearer " + t}) {
    SCOPED_TRACE(bad);
    EXPECT_CODE(Check(bad), ErrorCode::kMalformed);
  }
}

// RFC 8725 3.10: the kid is not a path, and a hostile kid is just a lookup
// miss (or, when huge, malformed by the header size cap).
TEST(Rfc8725Test, HostileKid) {
  KeySet keys = SecretKeys("key-1");
  for (std::string kid : {std::string("../../etc/passwd"),
                          std::string("/dev/null"), std::string("key-1\\u0000"),
                          std::string("key-1 "), std::string("' OR '1'='1"),
                          std::string("KEY-1"), std::string(5000, 'k')}) {
    SCOPED_TRACE(kid.substr(0, 40));
    std::string header = R"({"alg":"HS256","kid":")" + kid + "\"}";
    EXPECT_CODE(Check(Hs256(header, Exp(60)), Options(), keys),
                ErrorCode::kKeyNotFound);
  }
  // The right kid works.
  EXPECT_CODE(Check(Hs256(R"({"alg":"HS256","kid":"key-1"})", Exp(60)),
                    Options(), keys),
              ErrorCode::kOk);
  // A 10 KiB kid makes a header over the 8 KiB decoded-header cap: the
  // token is malformed before any lookup.
  std::string header =
      R"({"alg":"HS256","kid":")" + std::string(10 * 1024, 'k') + "\"}";
  std::string token = Hs256(header, Exp(60));
  ASSERT_LT(token.size(), 16u * 1024);
  EXPECT_CODE(Check(token, Options(), keys), ErrorCode::kMalformed);
}

// RFC 8725 3.x: size caps. Over 16 KiB is malformed by default, even when
// validly signed; raising max_token_bytes accepts it.
TEST(Rfc8725Test, HugeTokenIsMalformed) {
  std::string payload = R"({"exp":)" + std::to_string(kNow + 60) +
                        R"(,"pad":")" + std::string(13 * 1024, 'p') + "\"}";
  std::string token = Hs256(kHeader, payload);
  ASSERT_GT(token.size(), 16u * 1024);
  EXPECT_CODE(Check(token), ErrorCode::kMalformed);
  ValidatorOptions o = Options();
  o.max_token_bytes = 64 * 1024;
  EXPECT_CODE(Check(token, o), ErrorCode::kOk);
  // Exactly at the cap is allowed; one byte over is not.
  o.max_token_bytes = token.size();
  EXPECT_CODE(Check(token, o), ErrorCode::kOk);
  o.max_token_bytes = token.size() - 1;
  EXPECT_CODE(Check(token, o), ErrorCode::kMalformed);
  // A megabyte of garbage is rejected quickly and as malformed.
  EXPECT_CODE(Check(std::string(1 << 20, 'A')), ErrorCode::kMalformed);
}

std::string Nested(int depth, std::string_view open, std::string_view close,
                   std::string_view inner) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += open;
  s += inner;
  for (int i = 0; i < depth; ++i) s += close;
  return s;
}

TEST(Rfc8725Test, DeepNestingIsBadJson) {
  const std::string exp = std::to_string(kNow + 60);
  // Depth 100 in a validly signed payload.
  EXPECT_CODE(Check(Hs256(kHeader, R"({"exp":)" + exp + R"(,"d":)" +
                                       Nested(100, "[", "]", "1") + "}")),
              ErrorCode::kBadJson);
  EXPECT_CODE(
      Check(Hs256(kHeader, R"({"exp":)" + exp + R"(,"d":)" +
                               Nested(100, R"({"a":)", "}", "1") + "}")),
      ErrorCode::kBadJson);
  // And in the header.
  EXPECT_CODE(
      Check(Hs256(R"({"alg":"HS256","x":)" + Nested(100, "[", "]", "1") + "}",
                  Exp(60))),
      ErrorCode::kBadJson);
  // Modest nesting is fine.
  EXPECT_CODE(Check(Hs256(kHeader, R"({"exp":)" + exp + R"(,"d":)" +
                                       Nested(5, "[", "]", "1") + "}")),
              ErrorCode::kOk);
}

// Invalid UTF-8: a stray continuation byte, 0xFF, an overlong '/', a
// UTF-16 surrogate encoded in UTF-8, a truncated sequence.
TEST(Rfc8725Test, InvalidUtf8IsBadJson) {
  const std::string exp = std::to_string(kNow + 60);
  for (std::string bad :
       {std::string("\x80"), std::string("\xff"), std::string("\xc0\xaf"),
        std::string("\xed\xa0\x80"), std::string("\xe2\x82"),
        std::string("\xf4\x90\x80\x80")}) {
    SCOPED_TRACE(static_cast<int>(static_cast<uint8_t>(bad[0])));
    EXPECT_CODE(
        Check(Hs256(R"({"alg":"HS256","typ":"J)" + bad + R"("})", Exp(60))),
        ErrorCode::kBadJson);
    EXPECT_CODE(Check(Hs256(R"({"alg":"HS256","x)" + bad + R"(":1})", Exp(60))),
                ErrorCode::kBadJson);
    EXPECT_CODE(Check(Hs256(kHeader,
                            R"({"exp":)" + exp + R"(,"s":"a)" + bad + R"("})")),
                ErrorCode::kBadJson);
    EXPECT_CODE(
        Check(Hs256(kHeader, R"({"exp":)" + exp + R"(,"k)" + bad + R"(":1})")),
        ErrorCode::kBadJson);
  }
  // Valid multi-byte UTF-8 is fine.
  EXPECT_CODE(Check(Hs256(kHeader, R"({"exp":)" + exp +
                                       ",\"s\":\"\xc3\xa9\xe2\x82\xac"
                                       "\xf0\x9f\x8e\x89\"}")),
              ErrorCode::kOk);
}

}  // namespace
}  // namespace jwtv::rfc8725
