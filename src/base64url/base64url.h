// Copyright 2026 The jwtv Authors.
//
// Strict base64url (RFC 4648 section 5) without padding, as JWS requires:
// no '=', no '+' or '/', no whitespace, length % 4 != 1, and the unused
// trailing bits of the last character must be zero (one encoding per byte
// string). Never allocates.

#ifndef JWTV_SRC_BASE64URL_BASE64URL_H_
#define JWTV_SRC_BASE64URL_BASE64URL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jwtv::internal {

// Decoded size of a valid input of length n (n % 4 != 1).
constexpr size_t Base64UrlDecodedSize(size_t n) {
  return n / 4 * 3 + (n % 4 ? n % 4 - 1 : 0);
}

// True iff `in` is valid strict base64url (empty is valid).
bool Base64UrlValid(std::string_view in);

// Splits a JWS compact serialization into its three segments: true iff
// `token` is exactly three valid strict base64url strings (any of them
// possibly empty) joined by '.'. One pass over the token.
bool Base64UrlSplit3(std::string_view token, std::string_view out[3]);

// Decodes `in` into out[0..Base64UrlDecodedSize(in.size())). Returns the
// number of bytes written, or nullopt if `in` is not valid (out may have
// been written). `out_capacity` must be at least the decoded size.
std::optional<size_t> Base64UrlDecode(std::string_view in, uint8_t* out,
                                      size_t out_capacity);

// Encoding, for tools and tests.
std::string Base64UrlEncode(std::string_view in);

// For tests: whether Valid, Split3 and Decode use AVX-512 VBMI (the default
// where the CPU has it) or the AVX2/portable code. Returns whether AVX-512
// is in use now. Not thread-safe.
bool Base64UrlUseAvx512ForTesting(bool use);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_BASE64URL_BASE64URL_H_
