// Copyright 2026 The jwtv Authors.
//
// jwtv inspect: decodes a token WITHOUT verifying it and prints
//   UNVERIFIED: signature not checked
//   <header as compact JSON>
//   <payload as compact JSON>
// Exit 0, or 1 (a message, nothing on stdout) when the token is not three
// dot-separated segments whose first two are base64url JSON objects under
// the library's strict JSON rules (json/strict_json.h).

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "commands.h"
#include "common.h"
#include "flags.h"
#include "json/json_reader.h"
#include "json/strict_json.h"

namespace jwtv::cli {
namespace {

// Deepest nesting shown: more than the validator accepts, so that such a
// token can still be looked at.
constexpr int kMaxInspectDepth = 64;

// Reads standard input (at most kMaxLineBytes) into *out. Returns -1, or an
// exit status after a message.
int ReadStdin(std::string* out) {
  char chunk[65536];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Error(std::string("cannot read standard input: ") + std::strerror(errno));
      return kExitUsage;
    }
    if (n == 0) return -1;
    if (out->size() + static_cast<size_t>(n) > kMaxLineBytes) {
      Error("inspect: input too large");
      return kExitInvalid;
    }
    out->append(chunk, static_cast<size_t>(n));
  }
}

bool IsSpaceByte(char c) { return IsBlankByte(c) || c == '\n'; }

std::string_view TrimLines(std::string_view s) {
  while (!s.empty() && IsSpaceByte(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpaceByte(s.back())) s.remove_suffix(1);
  return s;
}

// 0..63 for a base64url byte, -1 otherwise.
int Base64UrlValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

// Lenient base64url decoding for display: the base64url alphabet, optional
// trailing '=' padding. Returns nullopt on a byte outside the alphabet.
std::optional<std::string> DecodeSegment(std::string_view in) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(in.size() / 4 * 3 + 3);
  uint32_t acc = 0;
  int bits = 0;
  for (const char c : in) {
    const int v = Base64UrlValue(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

// The header or payload segment `b64` as compact JSON in *json; false after
// a message.
bool DecodePart(const char* name, std::string_view b64, std::string* json) {
  if (b64.empty()) {
    Error(std::string("inspect: malformed token: empty ") + name);
    return false;
  }
  const std::optional<std::string> decoded = DecodeSegment(b64);
  if (!decoded.has_value()) {
    Error(std::string("inspect: malformed token: the ") + name +
          " is not base64url");
    return false;
  }
  if (!internal::IsStrictJsonObject(*decoded, kMaxInspectDepth) ||
      !internal::MinifyJson(*decoded, json)) {
    Error(std::string("inspect: malformed token: the ") + name +
          " is not a strict JSON object (RFC 8259 grammar, UTF-8, no "
          "duplicate member names)");
    return false;
  }
  return true;
}

int Inspect(std::string_view token) {
  const size_t dot1 = token.find('.');
  const size_t dot2 =
      dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos ||
      token.find('.', dot2 + 1) != std::string_view::npos) {
    Error("inspect: malformed token: not three dot-separated segments");
    return kExitInvalid;
  }
  std::string header;
  std::string payload;
  if (!DecodePart("header", token.substr(0, dot1), &header) ||
      !DecodePart("payload", token.substr(dot1 + 1, dot2 - dot1 - 1),
                  &payload)) {
    return kExitInvalid;
  }
  std::printf("UNVERIFIED: signature not checked\n%s\n%s\n", header.c_str(),
              payload.c_str());
  return std::fflush(stdout) == 0 ? kExitOk : kExitUsage;
}

}  // namespace

int RunInspect(int argc, char** argv) {
  Options args;
  if (const int rc = ParseOptions(kInspect, argc, argv, &args); rc >= 0) {
    return rc;
  }
  if (args.operands.size() > 1) {
    return UsageError("inspect takes at most one TOKEN");
  }
  std::string input;
  if (args.operands.empty() || args.operands[0] == "-") {
    if (const int rc = ReadStdin(&input); rc >= 0) return rc;
  } else {
    input = args.operands[0];
  }
  return Inspect(TrimLines(input));
}

}  // namespace jwtv::cli
