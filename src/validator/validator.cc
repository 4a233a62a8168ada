// Copyright 2026 The jwtv Authors.

#include "jwtv/validator.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

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
