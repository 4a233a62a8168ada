// Copyright 2026 The jwtv Authors.

#include "jwtv/validator.h"

#include <string>
#include <utility>

#include "validator/key_source.h"
#include "validator/stages.h"

namespace jwtv {

Validator::Validator(KeySet keys, ValidatorOptions options)
    : keys_(std::move(keys)), options_(std::move(options)) {}
Validator::Validator(std::shared_ptr<JwksCache> cache, ValidatorOptions options)
    : options_(std::move(options)), cache_(std::move(cache)) {}
Validator::~Validator() = default;
Validator::Validator(Validator&&) noexcept = default;
Validator& Validator::operator=(Validator&&) noexcept = default;

Result Validator::Validate(std::string_view token) const {
  Result result;
  internal::KeySource source(*this);
  result.code_ = internal::ValidateOne(token, options_, source, &result.token_,
                                       nullptr, &result.failed_claim_);
  return result;
}

ErrorCode Validator::Validate(std::string_view token,
                              VerifiedToken* out) const {
  internal::KeySource source(*this);
  return internal::ValidateOne(token, options_, source, out);
}

absl::Status Result::status() const {
  absl::Status status = ToStatus(code_);
  if (failed_claim_.empty()) return status;
  std::string message(status.message());
  message.append(" (claim ").append(failed_claim_).append(")");
  return absl::Status(status.code(), message);
}

}  // namespace jwtv
