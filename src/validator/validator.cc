// Copyright 2026 The jwtv Authors.

#include "jwtv/validator.h"

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
  result.code_ = Validate(token, &result.token_);
  return result;
}

ErrorCode Validator::Validate(std::string_view token,
                              VerifiedToken* out) const {
  internal::KeySource source(*this);
  return internal::ValidateOne(token, options_, source, out);
}

}  // namespace jwtv
