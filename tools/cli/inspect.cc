// Copyright 2026 The jwtv Authors.
//
// jwtv inspect: decodes a token WITHOUT verifying it and prints
//   UNVERIFIED: signature not checked
//   <header as compact JSON>
//   <payload as compact JSON>
// It reads the token with jwtv::DecodeUnverified, so it shows exactly what
// a Validator would parse: the same shape, base64url and strict JSON rules
// (unverified_token.h). Exit 0, or 1 (the reason, nothing on stdout) when
// the token breaks one of them.

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "commands.h"
#include "common.h"
#include "flags.h"
#include "jwtv/unverified_token.h"

namespace jwtv::cli {
namespace {

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

int Inspect(std::string_view token) {
  const absl::StatusOr<UnverifiedToken> decoded = DecodeUnverified(token);
  if (!decoded.ok()) {
    Error("inspect: " + std::string(decoded.status().message()));
    return kExitInvalid;
  }
  std::printf("UNVERIFIED: signature not checked\n%s\n%s\n",
              decoded->CompactHeaderJson().c_str(),
              decoded->ClaimsJson().c_str());
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
