// Copyright 2026 The jwtv Authors.
//
// The stages of one validation (DESIGN.md's data flow), separated so that a
// batch can run each stage over many tokens: Prepare (shape, header, alg,
// key candidates), VerifySignature, Finish (payload and policy); and
// ValidateOne, the one token's path through them that Validator::Validate,
// a batch's fallback and VerifiedTokenCache share.

#ifndef JWTV_SRC_VALIDATOR_STAGES_H_
#define JWTV_SRC_VALIDATOR_STAGES_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/base/attributes.h"
#include "crypto/prepared_key.h"
#include "json/json_reader.h"
#include "jwtv/error.h"
#include "jwtv/validator.h"
#include "key_set/key_set_data.h"
#include "policy/policy.h"
#include "validator/key_source.h"

namespace jwtv::internal {

// The largest signature of any supported key (RSA-16384).
inline constexpr size_t kMaxSignatureBytes = 2048;
// Header segments are decoded on the stack; larger headers are malformed.
inline constexpr size_t kMaxHeaderBytes = size_t{8} * 1024;

struct PreparedToken {
  std::string_view signing_input;  // header.payload, as signed
  std::string_view payload_b64;
  Algorithm alg = Algorithm::kHS256;
  // Views into thread-local parser storage: valid until the next
  // PrepareToken on this thread.
  JoseHeader header;
  const PreparedKey* candidates[kMaxCandidateKeys];
  int candidate_count = 0;
  // Empty when the encoded signature is longer than any key's signature.
  Bytes signature;
  bool signature_too_long = false;
  // The token's kid matched no key; the keys without a kid are the
  // candidates. (A JWKS cache refreshes first, as for key_not_found.)
  bool kid_unmatched = false;
};

// Checks the token's shape and header and finds the keys that may verify it.
// `signature_buffer` must hold kMaxSignatureBytes. Returns kOk or the first
// failing code among malformed .. key_not_found. `same_header`, when not
// null, is a token prepared with kOk against the same keys and options
// whose header views are still valid: if its header segment is this one's,
// byte for byte, its header, alg and candidate keys are taken as they are.
ErrorCode PrepareToken(std::string_view token, const ValidatorOptions& options,
                       const KeySetData& keys, uint8_t* signature_buffer,
                       PreparedToken* out,
                       const PreparedToken* same_header = nullptr);

// True when PrepareToken's result calls for a JWKS refresh: the token's kid
// matched no key (key_not_found, or keys without a kid standing in).
inline bool WantsKeyRefresh(ErrorCode code, const PreparedToken& token) {
  return code == ErrorCode::kKeyNotFound ||
         (code == ErrorCode::kOk && token.kid_unmatched);
}

// The first candidate key that verifies the signature, in candidate order;
// null when none does. The key lives in the key set the token was prepared
// against.
const PreparedKey* VerifySignature(const PreparedToken& token);

// Decodes and reads the payload into *out and applies the policy at `now`
// (policy.h's Now). A rejection by the policy sets *failed_claim (when not
// null) as CheckPolicy does.
ErrorCode FinishToken(const PreparedToken& token,
                      const ValidatorOptions& options, TimeBracket now,
                      VerifiedToken* out,
                      std::string_view* failed_claim = nullptr);

// The token's algorithm as Metrics::OnValidation reports it, from
// PrepareToken's code and output: known once the header named a supported
// algorithm.
inline std::optional<Algorithm> ReportedAlg(ErrorCode prepare_code,
                                            const PreparedToken& token) {
  if (prepare_code == ErrorCode::kOk ||
      prepare_code >= ErrorCode::kAlgNotAllowed) {
    return token.alg;
  }
  return std::nullopt;
}

// Validates one token against `source`: PrepareToken; when the token's kid
// matched no key and the source refreshed, PrepareToken once more against
// the new keys; VerifySignature (before anything reads the payload);
// FinishToken at Now(options). Returns kOk or the first failing code, as
// Validator::Validate. On kOk, *verifier (when not null) is set to the key
// that verified the signature, in source.keys(); otherwise it is untouched.
// A rejection by the policy sets *failed_claim (when not null); *alg (when
// not null) is set to ReportedAlg.
// Inline so that a caller (Validator::Validate above all) keeps `source` in
// registers and adds no call frame per token.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline ErrorCode ValidateOne(
    std::string_view token, const ValidatorOptions& options, KeySource& source,
    VerifiedToken* out, const PreparedKey** verifier = nullptr,
    std::string_view* failed_claim = nullptr,
    std::optional<Algorithm>* alg = nullptr) {
  PreparedToken prepared;
  uint8_t signature[kMaxSignatureBytes];
  ErrorCode c =
      PrepareToken(token, options, source.keys(), signature, &prepared);
  // An unknown kid asks for a refresh, also when keys without a kid would
  // stand in for it.
  if (WantsKeyRefresh(c, prepared) && source.RefreshForUnknownKid()) {
    c = PrepareToken(token, options, source.keys(), signature, &prepared);
  }
  if (alg != nullptr) *alg = ReportedAlg(c, prepared);
  if (c != ErrorCode::kOk) return c;
  const PreparedKey* key = VerifySignature(prepared);
  if (key == nullptr) return ErrorCode::kBadSignature;
  c = FinishToken(prepared, options, Now(options), out, failed_claim);
  if (c == ErrorCode::kOk && verifier != nullptr) *verifier = key;
  return c;
}

}  // namespace jwtv::internal

#endif  // JWTV_SRC_VALIDATOR_STAGES_H_
