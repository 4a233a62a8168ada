// Copyright 2026 The jwtv Authors.
//
// Fills a VerifiedToken from a verified token's header and payload: the only
// code that writes a VerifiedToken's fields.

#ifndef JWTV_SRC_VALIDATOR_TOKEN_BUILDER_H_
#define JWTV_SRC_VALIDATOR_TOKEN_BUILDER_H_

#include <cstddef>
#include <memory>
#include <string_view>

#include "absl/base/config.h"
#include "json/json_reader.h"
#include "jwtv/error.h"
#include "jwtv/verified_token.h"

namespace jwtv::internal {

// Keeps *buffer (of `capacity` bytes) as this thread's spare token buffer,
// for the next Build that needs one, when it is larger than the spare held
// (and not over a bound). Returns whether it did.
bool KeepAsSpare(std::unique_ptr<char[]>* buffer, size_t capacity);

// In AddressSanitizer builds, moves *buffer (of `capacity` bytes; null
// stays null) to fresh memory, without its contents, and frees the old: a
// read through a view of the token it held is then a heap-use-after-free
// that ASan reports, instead of a read of the next token's bytes. Elsewhere
// does nothing, so that a reused buffer costs no allocation.
inline void RenewInAsanBuilds(std::unique_ptr<char[]>* buffer,
                              size_t capacity) {
#ifdef ABSL_HAVE_ADDRESS_SANITIZER
  if (*buffer != nullptr) {
    *buffer = std::make_unique_for_overwrite<char[]>(capacity);
  }
#else
  (void)buffer;
  (void)capacity;
#endif
}

class TokenBuilder {
 public:
  // Decodes the base64url payload segment (already checked valid) into
  // token's buffer, reads the claims and copies the header fields. Returns
  // kOk or kBadJson. *registered_types_ok is false when exp/nbf/iat is not a
  // number, iss/sub/jti not a string, or aud neither a string nor an array
  // of strings.
  static ErrorCode Build(Algorithm alg, const JoseHeader& header,
                         std::string_view payload_b64, VerifiedToken* token,
                         bool* registered_types_ok);

  // Called when the token built into *token is rejected: keeps its buffer
  // as the thread's spare for the next Build (when larger than the spare),
  // leaving *token empty. So a rejection never costs an allocation, even
  // into a fresh Result.
  static void Release(VerifiedToken* token);

  // Makes *to an independent copy of `from` (its views point into to's own
  // buffer), reusing to's storage when it is large enough.
  static void Copy(const VerifiedToken& from, VerifiedToken* to);

 private:
  // Gives token a buffer of at least `needed` bytes: its own, the thread's
  // spare or a new one.
  static void PrepareBuffer(VerifiedToken* token, size_t needed);
  // Reads the claims of the payload in token's buffer (payload_size bytes)
  // with the general reader, after the flat one declined; the arena
  // restarts. Returns kOk or kBadJson.
  static ErrorCode ReadGeneral(VerifiedToken* token, size_t payload_size,
                               StringArena* arena, bool* aud_ok);
  // Unescapes every string with escapes inside the token's array and
  // object claims into its nested_strings_ (verified_token.h). False when
  // one cannot be read.
  static bool UnescapeNested(VerifiedToken* token);
  // Makes room for n claims, keeping those there.
  static void ReserveClaims(VerifiedToken* token, size_t n);
  // True iff every view of the claims and audiences, empty ones too, lies
  // within the first `used` bytes of the token's buffer.
  static bool AllInBuffer(const VerifiedToken& token, size_t used);
};

}  // namespace jwtv::internal

#endif  // JWTV_SRC_VALIDATOR_TOKEN_BUILDER_H_
