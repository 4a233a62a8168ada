// Copyright 2026 The jwtv Authors.
//
// Unit tests of the strict base64url codec (src/base64url/base64url.h):
// RFC 4648 section 10 vectors in the url alphabet, round trips for every
// length 0..64, the length rule, canonical trailing bits, the alphabet, and
// the output-capacity contract. Every test runs twice: with the AVX-512
// VBMI code (where the CPU has it) and with the AVX2/portable code.

#include "base64url/base64url.h"

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"

namespace jwtv::internal {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The parameter: use AVX-512 VBMI (true) or not.
class Base64UrlTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    const bool on = Base64UrlUseAvx512ForTesting(GetParam());
    if (GetParam() && !on) GTEST_SKIP() << "no AVX-512 VBMI on this CPU";
  }
  void TearDown() override { Base64UrlUseAvx512ForTesting(true); }
};

INSTANTIATE_TEST_SUITE_P(Paths, Base64UrlTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Avx512" : "Avx2OrPortable";
                         });

std::optional<std::string> Decode(std::string_view in) {
  std::string out(Base64UrlDecodedSize(in.size()) + 1, '\x5a');
  auto n =
      Base64UrlDecode(in, reinterpret_cast<uint8_t*>(out.data()), out.size());
  if (!n) return std::nullopt;
  EXPECT_EQ(*n, Base64UrlDecodedSize(in.size()));
  EXPECT_EQ(out[*n], '\x5a') << "wrote past the decoded size";
  out.resize(*n);
  return out;
}

TEST_P(Base64UrlTest, Rfc4648Vectors) {
  const std::vector<std::pair<std::string_view, std::string_view>> vectors = {
      {"", ""},
      {"f", "Zg"},
      {"fo", "Zm8"},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg"},
      {"fooba", "Zm9vYmE"},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64UrlEncode(plain), encoded);
    EXPECT_TRUE(Base64UrlValid(encoded)) << encoded;
    EXPECT_EQ(Decode(encoded), std::string(plain));
  }
}

TEST_P(Base64UrlTest, UrlAlphabetNotStandard) {
  // 0xfb 0xff 0xbf encodes to "+/+/" in standard base64, "-_-_" here.
  EXPECT_EQ(Base64UrlEncode("\xfb\xff\xbf"), "-_-_");
  EXPECT_EQ(Decode("-_-_"), std::string("\xfb\xff\xbf"));
  EXPECT_FALSE(Decode("+/+/").has_value());
  EXPECT_FALSE(Base64UrlValid("+/+/"));
  EXPECT_EQ(Base64UrlEncode(std::string("\x00\x10\x83", 3)), "ABCD");
  EXPECT_EQ(Base64UrlEncode("\xff\xff"), "__8");
  EXPECT_EQ(Base64UrlEncode("\xff"), "_w");
}

TEST_P(Base64UrlTest, RoundTripAllLengths) {
  std::mt19937 rng(12345);
  for (int trial = 0; trial < 20; ++trial) {
    for (size_t len = 0; len <= 64; ++len) {
      std::string bytes(len, '\0');
      for (char& c : bytes) c = static_cast<char>(rng() & 0xff);
      const std::string enc = Base64UrlEncode(bytes);
      EXPECT_EQ(enc.size(), (len * 4 + 2) / 3) << len;
      EXPECT_NE(enc.size() % 4, 1u);
      EXPECT_EQ(enc.find_first_not_of(kAlphabet), std::string::npos);
      EXPECT_EQ(enc.find('='), std::string::npos);
      EXPECT_EQ(Base64UrlDecodedSize(enc.size()), len);
      EXPECT_TRUE(Base64UrlValid(enc));
      EXPECT_EQ(Decode(enc), bytes) << "len " << len;
    }
  }
}

TEST_P(Base64UrlTest, DecodedSize) {
  EXPECT_EQ(Base64UrlDecodedSize(0), 0u);
  EXPECT_EQ(Base64UrlDecodedSize(2), 1u);
  EXPECT_EQ(Base64UrlDecodedSize(3), 2u);
  EXPECT_EQ(Base64UrlDecodedSize(4), 3u);
  EXPECT_EQ(Base64UrlDecodedSize(6), 4u);
  EXPECT_EQ(Base64UrlDecodedSize(43), 32u);
  EXPECT_EQ(Base64UrlDecodedSize(86), 64u);
  EXPECT_EQ(Base64UrlDecodedSize(342), 256u);
}

TEST_P(Base64UrlTest, LengthModFourEqualsOneIsInvalid) {
  for (size_t len = 1; len <= 65; len += 4) {
    const std::string s(len, 'A');
    EXPECT_FALSE(Base64UrlValid(s)) << len;
    EXPECT_FALSE(Decode(s).has_value()) << len;
  }
  EXPECT_TRUE(Base64UrlValid(""));
  EXPECT_EQ(Decode(""), std::string());
}

// With 2 characters in the last quantum the low 4 bits of the second are
// unused; with 3 characters the low 2 bits of the third. They must be zero.
TEST_P(Base64UrlTest, CanonicalTrailingBits) {
  for (size_t i = 0; i < kAlphabet.size(); ++i) {
    const char c = kAlphabet[i];
    const std::string two = std::string("Q") + c;
    EXPECT_EQ(Base64UrlValid(two), (i & 0x0f) == 0) << two;
    EXPECT_EQ(Decode(two).has_value(), (i & 0x0f) == 0) << two;
    const std::string three = std::string("QU") + c;
    EXPECT_EQ(Base64UrlValid(three), (i & 0x03) == 0) << three;
    EXPECT_EQ(Decode(three).has_value(), (i & 0x03) == 0) << three;
    // After whole quanta too.
    const std::string long_two = "AAAA" + two;
    EXPECT_EQ(Base64UrlValid(long_two), (i & 0x0f) == 0) << long_two;
    // A full quantum has no unused bits.
    EXPECT_TRUE(Base64UrlValid(std::string("AAA") + c));
  }
}

TEST_P(Base64UrlTest, EveryByteOutsideTheAlphabetIsRejectedAnywhere) {
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    const bool in_alphabet = kAlphabet.find(c) != std::string_view::npos;
    // In each position of a quantum, and in a 2- and 3-char tail ('A' keeps
    // the trailing bits canonical).
    for (size_t pos = 0; pos < 4; ++pos) {
      std::string s = "AAAAAAAA";
      s[pos + 4] = c;
      EXPECT_EQ(Base64UrlValid(s), in_alphabet) << b << " at " << pos;
      EXPECT_EQ(Decode(s).has_value(), in_alphabet) << b << " at " << pos;
    }
    const std::string tail2 = "AAAA" + std::string(1, c) + "A";
    EXPECT_EQ(Base64UrlValid(tail2), in_alphabet) << b;
    std::string tail3 = "AAAA" + std::string(1, c) + "AA";
    EXPECT_EQ(Base64UrlValid(tail3), in_alphabet) << b;
  }
}

// Long inputs go through the 32-character vector path: every byte value at
// every position of a 100-character input, and round trips up to 400 bytes.
TEST_P(Base64UrlTest, LongInputsEveryByteEveryPosition) {
  std::mt19937 rng(7);
  std::string base(100, 'A');
  for (char& c : base) c = kAlphabet[rng() % 64];
  base[99] = 'A';  // 100 % 4 == 0: no trailing-bit constraint
  const std::optional<std::string> clean = Decode(base);
  ASSERT_TRUE(clean.has_value());
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    const bool in_alphabet = kAlphabet.find(c) != std::string_view::npos;
    for (size_t pos = 0; pos < base.size(); ++pos) {
      std::string s = base;
      s[pos] = c;
      ASSERT_EQ(Base64UrlValid(s), in_alphabet) << b << " at " << pos;
      ASSERT_EQ(Decode(s).has_value(), in_alphabet) << b << " at " << pos;
    }
  }
  for (size_t len = 0; len <= 400; ++len) {
    std::string bytes(len, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    const std::string enc = Base64UrlEncode(bytes);
    ASSERT_TRUE(Base64UrlValid(enc)) << len;
    ASSERT_EQ(Decode(enc), bytes) << len;
  }
}

TEST_P(Base64UrlTest, PaddingAndWhitespaceAreRejected) {
  for (std::string_view s :
       {"Zg==", "Zm8=", "Zg=", "Zm9v====", "=", "==", "Zm9v ", " Zm9v", "Zm 9v",
        "Zm9v\n", "Zm9v\r\n", "Zm\t9v", "Zg%3D%3D"}) {
    EXPECT_FALSE(Base64UrlValid(s)) << s;
    EXPECT_FALSE(Decode(s).has_value()) << s;
  }
  // An embedded NUL is not the end of the input.
  EXPECT_FALSE(Base64UrlValid(std::string_view("Zm9v\0AAA", 8)));
}

TEST_P(Base64UrlTest, CapacityIsChecked) {
  uint8_t out[8] = {};
  EXPECT_FALSE(Base64UrlDecode("Zm9vYmFy", out, 5).has_value());
  EXPECT_EQ(Base64UrlDecode("Zm9vYmFy", out, 6), 6u);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(out), 6), "foobar");
  EXPECT_FALSE(Base64UrlDecode("Zm9vYg", out, 3).has_value());
  EXPECT_EQ(Base64UrlDecode("Zm9vYg", out, 4), 4u);
  EXPECT_EQ(Base64UrlDecode("", out, 0), 0u);
}

TEST_P(Base64UrlTest, Split3) {
  std::string_view seg[3];
  ASSERT_TRUE(Base64UrlSplit3("eyJh.e30.c2ln", seg));
  EXPECT_EQ(seg[0], "eyJh");
  EXPECT_EQ(seg[1], "e30");
  EXPECT_EQ(seg[2], "c2ln");
  ASSERT_TRUE(Base64UrlSplit3("..", seg));
  EXPECT_TRUE(seg[0].empty() && seg[1].empty() && seg[2].empty());
  for (std::string_view bad :
       {"", ".", "a.b", "eyJh.e30", "eyJh.e30.c2ln.",
        "eyJh.e30.c2l=", "eyJh.e3 0.c2ln", "eyJh.e31.c2ln" /* trailing bits */,
        "eyJhY.e30.c2ln", "eyJh+.e30.c2ln"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(Base64UrlSplit3(bad, seg));
  }
  // Dots and bad bytes at every position of a long token (the 32-byte
  // blocks and the tail).
  const std::string header = Base64UrlEncode(std::string(100, 'h'));
  const std::string payload = Base64UrlEncode(std::string(200, 'p'));
  const std::string sig = Base64UrlEncode(std::string(64, 's'));
  const std::string token = header + "." + payload + "." + sig;
  ASSERT_TRUE(Base64UrlSplit3(token, seg));
  EXPECT_EQ(seg[0], header);
  EXPECT_EQ(seg[1], payload);
  EXPECT_EQ(seg[2], sig);
  for (size_t i = 0; i < token.size(); ++i) {
    for (char c : {'.', '=', '+', '/', '\0', '\x80', '\xff', ' '}) {
      if (token[i] == c) continue;
      std::string t = token;
      t[i] = c;
      EXPECT_FALSE(Base64UrlSplit3(t, seg)) << i << " " << int{c};
    }
  }
  // Valid tokens whose dots fall at every offset of the first blocks, and
  // whose length ends at every offset of a block.
  for (size_t h = 0; h < 100; ++h) {
    for (size_t s : {0, 1, 2, 40, 47, 48, 49, 50}) {
      const std::string hh = Base64UrlEncode(std::string(h, 'h'));
      const std::string ss = Base64UrlEncode(std::string(s, 's'));
      const std::string t = hh + "." + payload + "." + ss;
      ASSERT_TRUE(Base64UrlSplit3(t, seg)) << h << " " << s;
      EXPECT_EQ(seg[0], hh);
      EXPECT_EQ(seg[1], payload);
      EXPECT_EQ(seg[2], ss);
    }
  }
}

}  // namespace
}  // namespace jwtv::internal
