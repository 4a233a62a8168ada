// Copyright 2026 The jwtv Authors.
//
// fuzz_base64url: jwtv's strict base64url decoder against a plain reference
// decoder written here, bit by bit, from RFC 4648 section 5 and RFC 7515
// section 2: no padding, no '+' '/' or whitespace, length % 4 != 1, unused
// trailing bits zero. Also: encoding round-trips, and a too-small output
// buffer is refused. Each input runs through both code paths (AVX-512 VBMI
// where the CPU has it, and AVX2/portable).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base64url/base64url.h"
#include "fuzz_common.h"

namespace {

int Sextet(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

std::optional<std::string> ReferenceDecode(std::string_view in) {
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  uint32_t bits = 0;
  int nbits = 0;
  for (unsigned char c : in) {
    const int v = Sextet(c);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out.push_back(static_cast<char>((bits >> nbits) & 0xff));
      bits &= (1u << nbits) - 1;
    }
  }
  if (bits != 0) return std::nullopt;  // non-canonical trailing bits
  return out;
}

void Check(const uint8_t* data, size_t size) {
  using jwtv::internal::Base64UrlDecode;
  using jwtv::internal::Base64UrlDecodedSize;
  using jwtv::internal::Base64UrlEncode;
  using jwtv::internal::Base64UrlValid;
  const std::string_view in(reinterpret_cast<const char*>(data), size);

  // Decoding `in`.
  const std::optional<std::string> ref = ReferenceDecode(in);
  FUZZ_CHECK(Base64UrlValid(in) == ref.has_value(), "Valid() says %d",
             Base64UrlValid(in));
  const size_t cap = size % 4 == 1 ? 0 : Base64UrlDecodedSize(size);
  // Exactly sized heap buffers, so ASan sees any write past the end.
  std::unique_ptr<uint8_t[]> out(new uint8_t[cap + 1]);
  std::optional<size_t> n = Base64UrlDecode(in, out.get(), cap);
  FUZZ_CHECK(n.has_value() == ref.has_value(), "Decode() says %d",
             n.has_value());
  if (ref) {
    FUZZ_CHECK(*n == ref->size() && cap == ref->size(), "size %zu != %zu", *n,
               ref->size());
    FUZZ_CHECK(std::string_view(reinterpret_cast<char*>(out.get()), *n) == *ref,
               "decoded bytes differ");
    FUZZ_CHECK(Base64UrlEncode(*ref) == in, "not canonical");
    if (cap > 0) {
      std::unique_ptr<uint8_t[]> small(new uint8_t[cap - 1]);
      FUZZ_CHECK(!Base64UrlDecode(in, small.get(), cap - 1),
                 "decoded into a buffer too small");
    }
  }

  // Splitting `in` as a compact token: exactly three parts between dots,
  // each valid on its own.
  {
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (size_t i = 0; i <= size; ++i) {
      if (i == size || in[i] == '.') {
        parts.push_back(in.substr(start, i - start));
        start = i + 1;
      }
    }
    bool expected = parts.size() == 3;
    for (std::string_view part : parts) {
      expected = expected && ReferenceDecode(part).has_value();
    }
    std::string_view seg[3];
    const bool split = jwtv::internal::Base64UrlSplit3(in, seg);
    FUZZ_CHECK(split == expected, "Split3() says %d", split);
    if (split) {
      for (int i = 0; i < 3; ++i) {
        FUZZ_CHECK(seg[i].data() == parts[i].data() &&
                       seg[i].size() == parts[i].size(),
                   "segment %d differs", i);
      }
    }
  }

  // Encoding `in` as bytes.
  const std::string enc = Base64UrlEncode(in);
  FUZZ_CHECK(enc.size() == (size * 4 + 2) / 3, "encoded size %zu", enc.size());
  const std::optional<std::string> back = ReferenceDecode(enc);
  FUZZ_CHECK(back && *back == in, "Encode() does not round-trip");
  FUZZ_CHECK(Base64UrlValid(enc), "Encode() output invalid");
}

}  // namespace

// Every input through both code paths: AVX-512 VBMI (where the CPU has it)
// and AVX2/portable.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  jwtv::internal::Base64UrlUseAvx512ForTesting(true);
  Check(data, size);
  jwtv::internal::Base64UrlUseAvx512ForTesting(false);
  Check(data, size);
  return 0;
}
