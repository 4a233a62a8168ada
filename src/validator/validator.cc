// Copyright 2026 The jwtv Authors.

#include "jwtv/validator.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include "absl/base/attributes.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "validator/key_source.h"
#include "validator/options_check.h"
#include "validator/stages.h"

namespace jwtv {
namespace {

// The constructors' answer to a configuration Create refuses.
void AbortIfInvalid(const absl::Status& status) {
  if (status.ok()) return;
  const std::string message(status.message());
  std::fprintf(stderr, "jwtv::Validator: invalid configuration: %s\n",
               message.c_str());
  std::abort();
}

absl::Status CheckStatic(const KeySet& keys, const ValidatorOptions& options) {
  absl::Status s = internal::CheckValidatorOptions(options);
  if (!s.ok()) return s;
  return internal::CheckStaticKeys(keys, options);
}

absl::Status CheckCache(const std::shared_ptr<JwksCache>& cache,
                        const ValidatorOptions& options) {
  if (cache == nullptr) {
    return absl::InvalidArgumentError("Validator: the JwksCache is null");
  }
  return internal::CheckValidatorOptions(options);
}

}  // namespace

absl::StatusOr<Validator> Validator::Create(KeySet keys,
                                            ValidatorOptions options) {
  absl::Status s = CheckStatic(keys, options);
  if (!s.ok()) return s;
  return Validator(Checked{}, std::move(keys), std::move(options));
}

absl::StatusOr<Validator> Validator::Create(std::shared_ptr<JwksCache> cache,
                                            ValidatorOptions options) {
  absl::Status s = CheckCache(cache, options);
  if (!s.ok()) return s;
  return Validator(Checked{}, std::move(cache), std::move(options));
}

Validator::Validator(KeySet keys, ValidatorOptions options)
    : keys_(std::move(keys)), options_(std::move(options)) {
  AbortIfInvalid(CheckStatic(keys_, options_));
}
Validator::Validator(std::shared_ptr<JwksCache> cache, ValidatorOptions options)
    : options_(std::move(options)), cache_(std::move(cache)) {
  AbortIfInvalid(CheckCache(cache_, options_));
}
Validator::Validator(Checked, KeySet keys, ValidatorOptions options)
    : keys_(std::move(keys)), options_(std::move(options)) {}
Validator::Validator(Checked, std::shared_ptr<JwksCache> cache,
                     ValidatorOptions options)
    : options_(std::move(options)), cache_(std::move(cache)) {}
Validator::~Validator() = default;
Validator::Validator(Validator&&) noexcept = default;
Validator& Validator::operator=(Validator&&) noexcept = default;

namespace {

// ValidateOne with the result reported to options.metrics. Out of line: the
// path without metrics keeps only the branch that leads here.
ABSL_ATTRIBUTE_NOINLINE ErrorCode
ValidateReported(std::string_view token, const ValidatorOptions& options,
                 internal::KeySource& source, VerifiedToken* out,
                 std::string_view* failed_claim) {
  std::optional<Algorithm> alg;
  const ErrorCode code = internal::ValidateOne(token, options, source, out,
                                               nullptr, failed_claim, &alg);
  options.metrics->OnValidation(code, alg);
  return code;
}

}  // namespace

ErrorCode Validator::ValidateInto(std::string_view token, VerifiedToken* out,
                                  std::string_view* failed_claim) const {
  internal::KeySource source(*this);
  if (failed_claim != nullptr) *failed_claim = {};
  if (options_.metrics != nullptr) [[unlikely]] {
    return ValidateReported(token, options_, source, out, failed_claim);
  }
  return internal::ValidateOne(token, options_, source, out, nullptr,
                               failed_claim);
}

Result Validator::Validate(std::string_view token) const {
  Result result;
  result.code_ = ValidateInto(token, &result.token_, &result.failed_claim_);
  return result;
}

ErrorCode Validator::Validate(std::string_view token,
                              VerifiedToken* out) const {
  return ValidateInto(token, out, nullptr);
}

absl::Status Result::status() const {
  absl::Status status = ToStatus(code_);
  if (failed_claim_.empty()) return status;
  std::string message(status.message());
  message.append(" (claim ").append(failed_claim_).append(")");
  return absl::Status(status.code(), message);
}

}  // namespace jwtv
