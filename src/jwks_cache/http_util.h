// Copyright 2026 The jwtv Authors.
//
// Small HTTP helpers shared by the cache and the default fetcher: URL
// splitting and Cache-Control parsing.

#ifndef JWTV_SRC_JWKS_CACHE_HTTP_UTIL_H_
#define JWTV_SRC_JWKS_CACHE_HTTP_UTIL_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace jwtv::internal {

struct Url {
  bool https = true;
  std::string host;  // lower-cased; IPv6 literals without brackets
  int port = 443;
  std::string target;  // path and query, starting with '/'

  // "host" or "host:port" (port omitted when it is the scheme's default).
  std::string Authority() const;
  bool SameOrigin(const Url& other) const {
    return https == other.https && host == other.host && port == other.port;
  }
};

// Parses an absolute http(s) URL. No user info; the fragment is dropped.
absl::StatusOr<Url> ParseUrl(std::string_view url);

// A Location header value against the URL it came from (absolute URL,
// scheme-relative "//host/..." or absolute path).
absl::StatusOr<Url> ResolveLocation(const Url& base, std::string_view location);

// OK when `url` parses and is https (or http when allowed).
absl::Status CheckFetchUrl(std::string_view url, bool allow_http);

// ASCII helpers over std::string_view.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::string ToLower(std::string_view s);
std::string_view StripWhitespace(std::string_view s);

// max-age of a Cache-Control header; no-store / no-cache count as 0.
std::optional<std::chrono::seconds> ParseMaxAge(std::string_view cache_control);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JWKS_CACHE_HTTP_UTIL_H_
