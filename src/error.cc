// Copyright 2026 The jwtv Authors.

#include "jwtv/error.h"

#include <array>
#include <string>

namespace jwtv {
namespace {

constexpr std::array<std::string_view, 18> kNames = {
    "ok",
    "malformed",
    "bad_json",
    "unsupported_alg",
    "alg_not_allowed",
    "key_not_found",
    "bad_signature",
    "bad_claim",
    "expired",
    "not_yet_valid",
    "iat_in_future",
    "too_old",
    "bad_issuer",
    "bad_audience",
    "bad_subject",
    "bad_type",
    "missing_claim",
    "unknown_crit",
};
static_assert(kNames.size() ==
              static_cast<size_t>(ErrorCode::kUnknownCrit) + 1);

}  // namespace

std::string_view ErrorCodeName(ErrorCode code) {
  size_t i = static_cast<size_t>(code);
  return i < kNames.size() ? kNames[i] : "unknown";
}

bool ParseErrorCode(std::string_view name, ErrorCode* code) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) {
      *code = static_cast<ErrorCode>(i);
      return true;
    }
  }
  return false;
}

absl::Status ToStatus(ErrorCode code) {
  std::string_view name = ErrorCodeName(code);
  absl::string_view msg(name.data(), name.size());
  switch (code) {
    case ErrorCode::kOk:
      return absl::OkStatus();
    case ErrorCode::kMalformed:
    case ErrorCode::kBadJson:
      return absl::InvalidArgumentError(msg);
    default:
      return absl::UnauthenticatedError(msg);
  }
}

}  // namespace jwtv
