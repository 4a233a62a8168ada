// Copyright 2026 The jwtv Authors.
//
// Why a token was rejected: a small enum with stable names.
//
// The names (ErrorCodeName) are part of jwtv's contract: the CLI prints them
// and callers may log or match on them. They never change meaning. When a
// token fails several checks, the first in the enum's order is reported
// (except that the payload is only parsed once the signature holds; see
// validator.h).

#ifndef JWTV_ERROR_H_
#define JWTV_ERROR_H_

#include <string_view>

#include "absl/status/status.h"
#include "jwtv/export.h"

namespace jwtv {

enum class ErrorCode : unsigned char {
  kOk = 0,
  // Not three base64url segments, empty segment, padding, a byte outside the
  // alphabet, non-canonical trailing bits, or over the size limit.
  kMalformed,
  // Header or payload is not a JSON object: invalid JSON or UTF-8, duplicate
  // member names, nesting too deep, a header member of the wrong type.
  kBadJson,
  // alg absent, not a string, unknown, or "none" in any case.
  kUnsupportedAlg,
  // alg not in the caller's allowed list, or not permitted by any key.
  kAlgNotAllowed,
  // No key with the token's kid, or no key usable for its alg.
  kKeyNotFound,
  // The signature has the wrong length or does not verify.
  kBadSignature,
  // A registered claim has the wrong JSON type (or, for a profile, an
  // unusable value, such as a Shopify dest that is not a shop URL).
  kBadClaim,
  kExpired,      // now >= exp + leeway
  kNotYetValid,  // now < nbf - leeway
  kIatInFuture,  // iat > now + leeway
  kTooOld,       // now - iat > max_age + leeway
  kBadIssuer,
  kBadAudience,
  kBadSubject,
  kBadType,
  kMissingClaim,  // exp (unless opted out) or a required claim is absent
  kUnknownCrit,   // crit malformed or naming an extension jwtv does not know
};

// The stable lower-case name: "ok", "malformed", "bad_json", ...
JWTV_EXPORT std::string_view ErrorCodeName(ErrorCode code);

// Parses a name produced by ErrorCodeName. Returns false if unknown.
JWTV_EXPORT bool ParseErrorCode(std::string_view name, ErrorCode* code);

// kOk -> OkStatus(); kMalformed/kBadJson -> InvalidArgument; everything else
// -> Unauthenticated. The message is the stable name and nothing more (never
// the token).
JWTV_EXPORT absl::Status ToStatus(ErrorCode code);

}  // namespace jwtv

#endif  // JWTV_ERROR_H_
