// Copyright 2026 The jwtv Authors.
//
// JWK and JWKS documents (RFC 7517, 7518 section 6, RFC 8037) to prepared
// keys, with the checks listed in include/jwtv/key_set.h.

#ifndef JWTV_SRC_JWK_JWK_H_
#define JWTV_SRC_JWK_JWK_H_

#include <string_view>

#include "absl/status/status.h"
#include "jwtv/key_set.h"
#include "key_set/key_set_data.h"

namespace jwtv::internal {

inline constexpr size_t kMaxJwksBytes = 1 << 20;
inline constexpr size_t kMaxJwksKeys = 1024;

// Adds every usable key of `json` (a JWKS {"keys": [...]} or one JWK) to
// *out. Keys of an unknown kty or curve, or whose use/key_ops exclude
// verification, oct keys whose secret is too short for every algorithm they
// would verify (unless options.allow_short_hmac_secrets), and every oct key
// when options.ignore_symmetric_keys (also recorded with
// out->AddIgnoredSymmetric) are reported with out->AddSkipped and not added.
// Anything else malformed (invalid JSON, duplicate members, a known kty with
// missing or bad members, an RSA key under 2048 bits, an EC point off its
// curve, a JWK alg that disagrees with its key) fails the whole document with
// InvalidArgument and a message that names the key's index (never key
// material).
absl::Status AddJwks(std::string_view json, const KeySetOptions& options,
                     KeySetData* out);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JWK_JWK_H_
