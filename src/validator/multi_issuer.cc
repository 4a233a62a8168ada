// Copyright 2026 The jwtv Authors.

#include "jwtv/multi_issuer.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base64url/base64url.h"
#include "json/claim_value.h"
#include "json/json_reader.h"
#include "jwtv/jwks_cache.h"

namespace jwtv {
namespace {

// Payloads up to this size are decoded on the stack; larger ones (up to
// kMaxTokenBytesLimit) into a per-thread buffer.
constexpr size_t kStackPayloadBytes = 4096;

struct RoutedIssuer {
  ErrorCode code = ErrorCode::kMissingClaim;  // until an iss is seen
  std::string_view iss;                       // when code is kOk
};

// The top-level iss of a decoded payload (`size` bytes at `json`, followed
// by kJsonPadding readable bytes), read by the strict claims reader.
// `arena` holds at least `size` bytes.
RoutedIssuer ReadIssuer(const char* json, size_t size, char* arena) {
  internal::StringArena strings{arena, size};
  absl::InlinedVector<std::string_view, 2> audiences;
  bool aud_well_formed = false;
  RoutedIssuer out;
  const ErrorCode c = internal::ReadClaims(
      json, size, &strings,
      [&out](std::span<const internal::ClaimValue> claims) {
        for (const internal::ClaimValue& claim : claims) {
          if (claim.name != "iss") continue;
          // The reader refuses duplicate names, so this is the only iss.
          if (claim.kind == JsonKind::kString) {
            out.code = ErrorCode::kOk;
            out.iss = claim.str;
          } else {
            out.code = ErrorCode::kBadClaim;
          }
        }
      },
      &audiences, &aud_well_formed);
  if (c != ErrorCode::kOk) out.code = c;
  return out;
}

absl::Status ProviderError(size_t index, std::string_view issuer,
                           std::string_view why) {
  std::string message = "provider " + std::to_string(index);
  if (!issuer.empty()) message.append(" (").append(issuer).append(")");
  message.append(": ").append(why);
  return absl::InvalidArgumentError(message);
}

absl::StatusOr<Validator> MakeProviderValidator(size_t index,
                                                IssuerProvider provider) {
  if (provider.issuer.empty()) {
    return ProviderError(index, {}, "the issuer is empty");
  }
  const std::vector<std::string>& issuers = provider.options.issuers;
  if (!issuers.empty() &&
      (issuers.size() != 1 || issuers[0] != provider.issuer)) {
    return ProviderError(index, provider.issuer,
                         "options.issuers must be empty or the provider's "
                         "issuer alone");
  }
  provider.options.issuers = {provider.issuer};
  absl::StatusOr<Validator> v =
      std::holds_alternative<KeySet>(provider.keys)
          ? Validator::Create(std::get<KeySet>(std::move(provider.keys)),
                              std::move(provider.options))
          : Validator::Create(
                std::get<std::shared_ptr<JwksCache>>(std::move(provider.keys)),
                std::move(provider.options));
  if (!v.ok()) {
    return ProviderError(index, provider.issuer,
                         std::string(v.status().message()));
  }
  return v;
}

}  // namespace

absl::StatusOr<MultiIssuerValidator> MultiIssuerValidator::Create(
    std::vector<IssuerProvider> providers) {
  if (providers.empty()) {
    return absl::InvalidArgumentError("MultiIssuerValidator: no provider");
  }
  MultiIssuerValidator m;
  m.validators_.reserve(providers.size());
  for (size_t i = 0; i < providers.size(); ++i) {
    std::string issuer = providers[i].issuer;
    absl::StatusOr<Validator> v =
        MakeProviderValidator(i, std::move(providers[i]));
    if (!v.ok()) return v.status();
    m.max_token_bytes_ =
        std::max(m.max_token_bytes_, v->options().max_token_bytes);
    m.validators_.push_back(*std::move(v));
    m.by_issuer_.emplace_back(std::move(issuer), i);
  }
  std::sort(m.by_issuer_.begin(), m.by_issuer_.end());
  for (size_t i = 1; i < m.by_issuer_.size(); ++i) {
    if (m.by_issuer_[i].first == m.by_issuer_[i - 1].first) {
      return ProviderError(m.by_issuer_[i].second, m.by_issuer_[i].first,
                           "the issuer of provider " +
                               std::to_string(m.by_issuer_[i - 1].second) +
                               " too: each issuer has one provider");
    }
  }
  return m;
}

MultiIssuerValidator::MultiIssuerValidator(MultiIssuerValidator&&) noexcept =
    default;
MultiIssuerValidator& MultiIssuerValidator::operator=(
    MultiIssuerValidator&&) noexcept = default;
MultiIssuerValidator::~MultiIssuerValidator() = default;

const Validator* MultiIssuerValidator::Find(std::string_view issuer) const {
  auto it = std::lower_bound(
      by_issuer_.begin(), by_issuer_.end(), issuer,
      [](const auto& entry, std::string_view i) { return entry.first < i; });
  if (it == by_issuer_.end() || it->first != issuer) return nullptr;
  return &validators_[it->second];
}

ErrorCode MultiIssuerValidator::Route(std::string_view token,
                                      size_t* provider) const {
  std::string_view seg[3];
  if (token.size() > max_token_bytes_ ||
      !internal::Base64UrlSplit3(token, seg) || seg[0].empty() ||
      seg[1].empty() || seg[2].empty()) {
    return ErrorCode::kMalformed;
  }
  const size_t size = internal::Base64UrlDecodedSize(seg[1].size());
  // The decoded payload (plus the reader's padding) and the reader's arena
  // for unescaped strings.
  alignas(64) char stack[2 * kStackPayloadBytes + internal::kJsonPadding];
  char* buffer = stack;
  if (size > kStackPayloadBytes) {
    thread_local std::vector<char> large;
    large.resize(2 * size + internal::kJsonPadding);
    buffer = large.data();
  }
  char* arena = buffer + size + internal::kJsonPadding;
  if (!internal::Base64UrlDecode(seg[1], reinterpret_cast<uint8_t*>(buffer),
                                 size)) {
    return ErrorCode::kMalformed;
  }
  std::fill_n(buffer + size, internal::kJsonPadding, '\0');
  const RoutedIssuer routed = ReadIssuer(buffer, size, arena);
  if (routed.code != ErrorCode::kOk) return routed.code;
  const Validator* v = Find(routed.iss);
  if (v == nullptr) return ErrorCode::kBadIssuer;
  *provider = static_cast<size_t>(v - validators_.data());
  return ErrorCode::kOk;
}

Result MultiIssuerValidator::Validate(std::string_view token) const {
  Result result;
  result.code_ = Validate(token, &result.token_);
  return result;
}

ErrorCode MultiIssuerValidator::Validate(std::string_view token,
                                         VerifiedToken* out) const {
  size_t provider = 0;
  const ErrorCode c = Route(token, &provider);
  if (c != ErrorCode::kOk) return c;
  return validators_[provider].Validate(token, out);
}

void MultiIssuerValidator::ValidateBatch(
    std::span<const std::string_view> tokens, std::span<Result> out,
    Executor* executor) const {
  const size_t n = std::min(tokens.size(), out.size());
  // One provider for the whole batch: its own batch path.
  std::optional<size_t> only;
  bool one_provider = true;
  for (size_t i = 0; i < n && one_provider; ++i) {
    size_t provider = 0;
    one_provider = Route(tokens[i], &provider) == ErrorCode::kOk &&
                   (!only.has_value() || *only == provider);
    only = provider;
  }
  if (one_provider && only.has_value()) {
    validators_[*only].ValidateBatch(tokens.first(n), out.first(n), executor);
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    out[i].code_ = Validate(tokens[i], &out[i].token_);
  }
}

}  // namespace jwtv
