// Copyright 2026 The jwtv Authors.
//
// Encodings and per-algorithm facts shared by jwtv::testing's signer
// (token_signer.cc) and key generator (key_pair.cc). The base64url encoder
// is public: jwtv::testing::Base64UrlEncode (jwtv/testing/token_signer.h).

#ifndef JWTV_SRC_TESTING_SIGNER_UTIL_H_
#define JWTV_SRC_TESTING_SIGNER_UTIL_H_

#include <openssl/evp.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include "jwtv/algorithm.h"

namespace jwtv::testing_internal {

// A std::string_view for absl::StrCat (Debian's Abseil has its own
// string_view type).
inline absl::string_view Av(std::string_view s) { return {s.data(), s.size()}; }

// Strict base64url without padding into *out; false for any other text.
bool Base64UrlDecode(std::string_view in, std::string* out);

// `s` as a JSON string literal, quotes included (RFC 8259 7).
std::string JsonQuote(std::string_view s);

// The hash of an HS, RS, PS or ES algorithm; null for EdDSA.
const EVP_MD* DigestOf(Algorithm alg);
// The curve NID of an ES algorithm; NID_undef for any other.
int CurveNidOf(Algorithm alg);
// The JWK "crv" of an ES algorithm ("P-256", "P-384", "P-521"); empty for
// any other.
std::string_view CrvOf(Algorithm alg);
// The field size in bytes of an ES algorithm's curve (32, 48, 66); 0 for
// any other.
size_t FieldBytesOf(Algorithm alg);

bool IsHmac(Algorithm alg);
bool IsRsa(Algorithm alg);  // RS* and PS*
bool IsEcdsa(Algorithm alg);

}  // namespace jwtv::testing_internal

#endif  // JWTV_SRC_TESTING_SIGNER_UTIL_H_
