// Copyright 2026 The jwtv Authors.

#include "jwtv/validator.h"

#include <chrono>
#include <cstring>
#include <utility>

#include "base64url/base64url.h"
#include "crypto/prepared_key.h"
#include "json/json_reader.h"
#include "key_set/key_set_data.h"
#include "policy/policy.h"
#include "validator/token_builder.h"

namespace jwtv {
namespace {

using internal::JoseHeader;

// The largest signature of any supported key (RSA-16384).
constexpr size_t kMaxSignatureBytes = 2048;
// Header segments are decoded on the stack; larger headers are malformed.
constexpr size_t kMaxHeaderBytes = 8 * 1024;

int64_t Now(const ValidatorOptions& options) {
  if (options.clock) return options.clock();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The three segments of a JWS compact serialization.
struct Segments {
  std::string_view header, payload, signature, signing_input;
};

bool Split(std::string_view token, Segments* out) {
  const size_t d1 = token.find('.');
  if (d1 == std::string_view::npos) return false;
  const size_t d2 = token.find('.', d1 + 1);
  if (d2 == std::string_view::npos) return false;
  if (token.find('.', d2 + 1) != std::string_view::npos) return false;
  out->header = token.substr(0, d1);
  out->payload = token.substr(d1 + 1, d2 - d1 - 1);
  out->signature = token.substr(d2 + 1);
  out->signing_input = token.substr(0, d2);
  return !out->header.empty() && !out->payload.empty() &&
         !out->signature.empty();
}

}  // namespace

Validator::Validator(KeySet keys, ValidatorOptions options)
    : keys_(std::move(keys)), options_(std::move(options)) {}
Validator::~Validator() = default;
Validator::Validator(Validator&&) noexcept = default;
Validator& Validator::operator=(Validator&&) noexcept = default;

Result Validator::Validate(std::string_view token) const {
  Result result;
  result.code_ = Validate(token, &result.token_);
  return result;
}

ErrorCode Validator::Validate(std::string_view token,
                              VerifiedToken* out) const {
  // 1. Shape: three non-empty strict base64url segments within the size cap.
  Segments seg;
  if (token.size() > options_.max_token_bytes || !Split(token, &seg)) {
    return ErrorCode::kMalformed;
  }
  const size_t header_size = internal::Base64UrlDecodedSize(seg.header.size());
  if (header_size > kMaxHeaderBytes || !internal::Base64UrlValid(seg.payload)) {
    return ErrorCode::kMalformed;
  }
  alignas(64) char header_json[kMaxHeaderBytes + internal::kJsonPadding];
  if (!internal::Base64UrlDecode(seg.header,
                                 reinterpret_cast<uint8_t*>(header_json),
                                 kMaxHeaderBytes)) {
    return ErrorCode::kMalformed;
  }
  memset(header_json + header_size, 0, internal::kJsonPadding);
  uint8_t signature[kMaxSignatureBytes];
  size_t signature_size = 0;
  bool signature_too_long = false;
  if (internal::Base64UrlDecodedSize(seg.signature.size()) >
      kMaxSignatureBytes) {
    if (!internal::Base64UrlValid(seg.signature)) return ErrorCode::kMalformed;
    signature_too_long = true;
  } else {
    auto n =
        internal::Base64UrlDecode(seg.signature, signature, kMaxSignatureBytes);
    if (!n) return ErrorCode::kMalformed;
    signature_size = *n;
  }

  // 2. Header.
  JoseHeader header;
  if (ErrorCode c = internal::ReadHeader(header_json, header_size, &header);
      c != ErrorCode::kOk) {
    return c;
  }
  if (header.alg_state != JoseHeader::AlgState::kString) {
    return ErrorCode::kUnsupportedAlg;
  }
  std::optional<Algorithm> alg = ParseAlgorithm(header.alg);
  if (!alg) return ErrorCode::kUnsupportedAlg;
  if (!options_.algorithms.Contains(*alg)) return ErrorCode::kAlgNotAllowed;

  // 3. Keys: the key decides which algorithms may verify.
  const internal::PreparedKey* candidates[internal::kMaxCandidateKeys];
  int candidate_count = 0;
  if (ErrorCode c = keys_.data().Candidates(header.kid, *alg,
                                            options_.max_keys_without_kid,
                                            candidates, &candidate_count);
      c != ErrorCode::kOk) {
    return c;
  }

  // 4. Signature, before anything reads the payload.
  if (signature_too_long) return ErrorCode::kBadSignature;
  const internal::Bytes sig(signature, signature_size);
  bool verified = false;
  for (int i = 0; i < candidate_count && !verified; ++i) {
    verified = candidates[i]->Verify(*alg, seg.signing_input, sig);
  }
  if (!verified) return ErrorCode::kBadSignature;

  // 5. Payload and policy.
  bool registered_types_ok = true;
  if (ErrorCode c = internal::TokenBuilder::Build(*alg, header, seg.payload,
                                                  out, &registered_types_ok);
      c != ErrorCode::kOk) {
    return c;
  }
  return internal::CheckPolicy(options_, header, *out, registered_types_ok,
                               Now(options_));
}

}  // namespace jwtv
