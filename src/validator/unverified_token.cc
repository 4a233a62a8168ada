// Copyright 2026 The jwtv Authors.

#include "jwtv/unverified_token.h"

#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "base64url/base64url.h"
#include "json/json_reader.h"
#include "jwtv/error.h"
#include "validator/stages.h"
#include "validator/token_builder.h"

namespace jwtv {
namespace {

using internal::kJsonPadding;

absl::Status Malformed(std::string_view why) {
  std::string message(ErrorCodeName(ErrorCode::kMalformed));
  message.append(": ").append(why);
  return absl::InvalidArgumentError(message);
}

absl::Status BadJson(std::string_view part) {
  std::string message(ErrorCodeName(ErrorCode::kBadJson));
  message.append(": the ").append(part).append(
      " is not a strict JSON object (RFC 8259 grammar, UTF-8, no duplicate "
      "member names, bounded nesting; kid and typ strings)");
  return absl::InvalidArgumentError(message);
}

}  // namespace

absl::StatusOr<UnverifiedToken> DecodeUnverified(std::string_view token,
                                                 size_t max_token_bytes) {
  if (token.size() > max_token_bytes) {
    return Malformed("longer than " + std::to_string(max_token_bytes) +
                     " bytes");
  }
  std::string_view seg[3];
  if (!internal::Base64UrlSplit3(token, seg)) {
    return Malformed(
        "not three segments of strict base64url (no padding, canonical "
        "trailing bits) joined by '.'");
  }
  if (seg[0].empty()) return Malformed("empty header");
  if (seg[1].empty()) return Malformed("empty payload");
  const size_t header_size = internal::Base64UrlDecodedSize(seg[0].size());
  if (header_size > internal::kMaxHeaderBytes) {
    return Malformed("header longer than 8 KiB");
  }

  UnverifiedToken out;
  // [header][padding][room for the unescaped alg, never longer]
  out.header_ =
      std::make_unique_for_overwrite<char[]>(2 * header_size + kJsonPadding);
  char* const header = out.header_.get();
  if (!internal::Base64UrlDecode(seg[0], reinterpret_cast<uint8_t*>(header),
                                 header_size)) {
    return Malformed("the header is not base64url");
  }
  memset(header + header_size, 0, kJsonPadding);
  out.header_size_ = header_size;
  internal::JoseHeader jose;
  if (internal::ReadHeader(header, header_size, &jose) != ErrorCode::kOk) {
    return BadJson("header");
  }
  if (jose.alg_state == internal::JoseHeader::AlgState::kString) {
    const size_t offset = header_size + kJsonPadding;
    if (!jose.alg.empty()) {
      memcpy(header + offset, jose.alg.data(), jose.alg.size());
    }
    out.alg_.emplace(offset, jose.alg.size());
  }

  // The claims, kid and typ into VerifiedToken's storage, by its builder.
  bool registered_types_ok;
  switch (internal::TokenBuilder::Build(Algorithm::kHS256, jose, seg[1],
                                        &out.claims_, &registered_types_ok)) {
    case ErrorCode::kOk:
      return out;
    case ErrorCode::kMalformed:
      return Malformed("the payload is not base64url");
    default:
      return BadJson("payload");
  }
}

std::string UnverifiedToken::CompactHeaderJson() const {
  std::string out;
  if (!internal::MinifyJson(header_json(), &out)) out.assign(header_json());
  return out;
}

std::optional<std::string_view> UnverifiedToken::alg() const {
  if (!alg_) return std::nullopt;
  return std::string_view(header_.get() + alg_->first, alg_->second);
}

std::optional<Algorithm> UnverifiedToken::algorithm() const {
  const std::optional<std::string_view> name = alg();
  if (!name) return std::nullopt;
  return ParseAlgorithm(*name);
}

}  // namespace jwtv
