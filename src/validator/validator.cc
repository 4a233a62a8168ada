// Copyright 2026 The jwtv Authors.

#include "jwtv/validator.h"

#include <utility>

#include "jwks_cache/jwks_cache_access.h"
#include "jwtv/jwks_cache.h"
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
  internal::PreparedToken prepared;
  uint8_t signature[internal::kMaxSignatureBytes];
  const internal::KeySetData& keys =
      cache_ == nullptr ? internal::KeySetAccess::Data(keys_)
                        : internal::JwksCacheAccess::Snapshot(*cache_);
  ErrorCode c =
      internal::PrepareToken(token, options_, keys, signature, &prepared);
  // An unknown kid asks the JWKS cache for a refresh (rate-limited), also
  // when keys without a kid would stand in for it.
  if (internal::WantsKeyRefresh(c, prepared) && cache_ != nullptr &&
      cache_->RefreshForUnknownKey(&keys)) {
    // Once more against the snapshot the refresh published.
    c = internal::PrepareToken(token, options_,
                               internal::JwksCacheAccess::Snapshot(*cache_),
                               signature, &prepared);
  }
  if (c != ErrorCode::kOk) return c;
  // The signature holds before anything reads the payload.
  if (!internal::VerifySignature(prepared)) return ErrorCode::kBadSignature;
  return internal::FinishToken(prepared, options_, internal::Now(options_),
                               out);
}

}  // namespace jwtv
