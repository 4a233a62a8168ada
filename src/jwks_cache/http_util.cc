// Copyright 2026 The jwtv Authors.

#include "jwks_cache/http_util.h"

#include <charconv>
#include <cstdint>

#include "absl/strings/str_cat.h"

namespace jwtv::internal {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view StripWhitespace(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string Url::Authority() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != (https ? 443 : 80)) absl::StrAppend(&h, ":", port);
  return h;
}

absl::StatusOr<Url> ParseUrl(std::string_view url) {
  Url out;
  std::string_view rest;
  if (url.size() >= 8 && EqualsIgnoreCase(url.substr(0, 8), "https://")) {
    out.https = true;
    out.port = 443;
    rest = url.substr(8);
  } else if (url.size() >= 7 && EqualsIgnoreCase(url.substr(0, 7), "http://")) {
    out.https = false;
    out.port = 80;
    rest = url.substr(7);
  } else {
    return absl::InvalidArgumentError("URL scheme must be https:// or http://");
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return absl::InvalidArgumentError("URL contains a space or control byte");
    }
  }
  if (size_t hash = rest.find('#'); hash != std::string_view::npos) {
    rest = rest.substr(0, hash);
  }
  size_t end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, end);
  std::string_view target =
      end == std::string_view::npos ? std::string_view() : rest.substr(end);
  if (authority.find('@') != std::string_view::npos) {
    return absl::InvalidArgumentError("URL with user info is not accepted");
  }
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return absl::InvalidArgumentError("URL: bad IPv6 literal");
    }
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return absl::InvalidArgumentError("URL: bad port");
      port = after.substr(1);
    }
  } else if (size_t colon = authority.rfind(':');
             colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return absl::InvalidArgumentError("URL has no host");
  if (!port.empty()) {
    int p = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || ptr != port.data() + port.size() || p <= 0 ||
        p > 65535) {
      return absl::InvalidArgumentError("URL: bad port");
    }
    out.port = p;
  }
  out.host = ToLower(host);
  if (target.empty()) {
    out.target = "/";
  } else if (target[0] == '?') {
    out.target = "/" + std::string(target);
  } else {
    out.target = std::string(target);
  }
  return out;
}

absl::StatusOr<Url> ResolveLocation(const Url& base,
                                    std::string_view location) {
  if (location.empty()) {
    return absl::InvalidArgumentError("redirect without Location");
  }
  if (location.rfind("//", 0) == 0) {
    return ParseUrl((base.https ? "https:" : "http:") + std::string(location));
  }
  if (location[0] == '/') {
    for (char c : location) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
        return absl::InvalidArgumentError("bad Location header");
      }
    }
    Url out = base;
    out.target = std::string(location.substr(0, location.find('#')));
    return out;
  }
  return ParseUrl(location);
}

absl::Status CheckFetchUrl(std::string_view url, bool allow_http) {
  absl::StatusOr<Url> u = ParseUrl(url);
  if (!u.ok()) return u.status();
  if (!u->https && !allow_http) {
    return absl::InvalidArgumentError(
        "plain http:// is not allowed (https only unless allow_http)");
  }
  return absl::OkStatus();
}

std::optional<std::chrono::seconds> ParseMaxAge(
    std::string_view cache_control) {
  std::optional<std::chrono::seconds> out;
  while (!cache_control.empty()) {
    size_t comma = cache_control.find(',');
    std::string_view item = StripWhitespace(cache_control.substr(0, comma));
    cache_control = comma == std::string_view::npos
                        ? std::string_view()
                        : cache_control.substr(comma + 1);
    if (EqualsIgnoreCase(item, "no-store") ||
        EqualsIgnoreCase(item, "no-cache")) {
      return std::chrono::seconds(0);
    }
    if (item.size() > 8 && EqualsIgnoreCase(item.substr(0, 8), "max-age=")) {
      std::string_view v = item.substr(8);
      if (!v.empty() && v.front() == '"' && v.back() == '"' && v.size() >= 2) {
        v = v.substr(1, v.size() - 2);
      }
      int64_t n = 0;
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec == std::errc::result_out_of_range) {
        out = std::chrono::seconds(INT64_C(1) << 40);
      } else if (ec == std::errc() && ptr == v.data() + v.size() && n >= 0) {
        out = std::chrono::seconds(n);
      }
    }
  }
  return out;
}

}  // namespace jwtv::internal
