// Copyright 2026 The jwtv Authors.
//
// One top-level claim as the claims readers produce it and a VerifiedToken
// keeps it, and where the registered claims are among a token's claims.

#ifndef JWTV_SRC_JSON_CLAIM_VALUE_H_
#define JWTV_SRC_JSON_CLAIM_VALUE_H_

#include <cstdint>
#include <string_view>

#include "jwtv/verified_token.h"

namespace jwtv::internal {

struct ClaimValue {
  std::string_view name;  // unescaped
  std::string_view raw;   // JSON text of the value
  std::string_view str;   // unescaped, for kString
  double number = 0;      // for kNumber (+-inf when out of range)
  JsonKind kind = JsonKind::kNull;
};

// A three-byte claim name as one integer.
constexpr uint32_t ClaimNameKey(char a, char b, char c) {
  return static_cast<uint32_t>(static_cast<uint8_t>(a)) |
         static_cast<uint32_t>(static_cast<uint8_t>(b)) << 8 |
         static_cast<uint32_t>(static_cast<uint8_t>(c)) << 16;
}

// Where the registered claims are among a token's claims (indexes; -1 when
// absent).
struct RegisteredClaims {
  int32_t iss = -1;
  int32_t sub = -1;
  int32_t aud = -1;
  int32_t exp = -1;
  int32_t nbf = -1;
  int32_t iat = -1;
  int32_t jti = -1;

  // The member for a claim name; null when the name is not one of the
  // seven.
  static int32_t RegisteredClaims::*Member(std::string_view name) {
    if (name.size() != 3) return nullptr;
    switch (ClaimNameKey(name[0], name[1], name[2])) {
      case ClaimNameKey('i', 's', 's'):
        return &RegisteredClaims::iss;
      case ClaimNameKey('s', 'u', 'b'):
        return &RegisteredClaims::sub;
      case ClaimNameKey('a', 'u', 'd'):
        return &RegisteredClaims::aud;
      case ClaimNameKey('e', 'x', 'p'):
        return &RegisteredClaims::exp;
      case ClaimNameKey('n', 'b', 'f'):
        return &RegisteredClaims::nbf;
      case ClaimNameKey('i', 'a', 't'):
        return &RegisteredClaims::iat;
      case ClaimNameKey('j', 't', 'i'):
        return &RegisteredClaims::jti;
      default:
        return nullptr;
    }
  }
};

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JSON_CLAIM_VALUE_H_
