// Copyright 2026 The jwtv Authors.

#include "jwtv/validator.h"

#include <optional>
#include <utility>

#include "absl/base/attributes.h"
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

namespace {

// Validate with the result reported to options.metrics. Out of line: the
// path without metrics keeps only the branch that leads here.
ABSL_ATTRIBUTE_NOINLINE ErrorCode
ValidateReported(std::string_view token, const ValidatorOptions& options,
                 internal::KeySource& source, VerifiedToken* out) {
  std::optional<Algorithm> alg;
  const ErrorCode code =
      internal::ValidateOne(token, options, source, out, nullptr, &alg);
  options.metrics->OnValidation(code, alg);
  return code;
}

}  // namespace

ErrorCode Validator::Validate(std::string_view token,
                              VerifiedToken* out) const {
  internal::KeySource source(*this);
  if (options_.metrics != nullptr) [[unlikely]] {
    return ValidateReported(token, options_, source, out);
  }
  return internal::ValidateOne(token, options_, source, out);
}

}  // namespace jwtv
