// Copyright 2026 The jwtv Authors.

#include "jwtv/validator.h"

#include <utility>

#include "validator/stages.h"

namespace jwtv {

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
  internal::PreparedToken prepared;
  uint8_t signature[internal::kMaxSignatureBytes];
  if (ErrorCode c = internal::PrepareToken(token, options_, keys_.data(),
                                           signature, &prepared);
      c != ErrorCode::kOk) {
    return c;
  }
  // The signature holds before anything reads the payload.
  if (!internal::VerifySignature(prepared)) return ErrorCode::kBadSignature;
  return internal::FinishToken(prepared, options_,
                               internal::NowSeconds(options_), out);
}

}  // namespace jwtv
