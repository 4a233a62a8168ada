// Copyright 2026 The jwtv Authors.
//
// What every `jwtv` subcommand shares: exit statuses, messages on stderr,
// quoting for messages, integer and file reading.
//
// Messages name files and options, never a token or a secret.

#ifndef JWTV_TOOLS_CLI_COMMON_H_
#define JWTV_TOOLS_CLI_COMMON_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "jwtv/algorithm.h"

namespace jwtv::cli {

// Exit statuses (docs/DESIGN.md, the CLI contract).
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;
inline constexpr int kExitUsage = 2;

// Longest input line that is stored and handed to the validator; longer lines
// are malformed (far above any token size limit anyway). Also the most
// `inspect` reads.
inline constexpr size_t kMaxLineBytes = size_t{1} << 20;
// Largest key file read (the library caps a JWKS at 1 MiB itself).
inline constexpr size_t kMaxKeyFileBytes = size_t{16} << 20;

// Prints "jwtv: <message>" on stderr.
void Error(std::string_view message);

// Error(message) and a hint to --help; returns kExitUsage.
int UsageError(std::string_view message);

// A file name quoted whole for a message (it is not secret).
std::string QuotePath(std::string_view path);

// A user-given word quoted for a message, cut short so that a token passed
// by mistake is never echoed whole.
std::string Quote(std::string_view s);

// A decimal integer: an optional '-' (when allowed) and digits, with no
// surrounding space, no '+', and no overflow.
std::optional<int64_t> ParseInt(std::string_view s, bool allow_negative);

// Space, tab or CR: the bytes trimmed around an input line.
inline bool IsBlankByte(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// `s` without leading and trailing blank bytes (a view into `s`).
std::string_view Trim(std::string_view s);

// Reads the whole file at `path` (at most `max_bytes`) into *out. On failure
// returns a message, which never quotes the file's contents.
std::optional<std::string> ReadFile(const std::string& path, size_t max_bytes,
                                    std::string* out);

// "HS256,HS384": the names of the set, in the Algorithm order.
std::string AlgorithmNames(AlgorithmSet set);

}  // namespace jwtv::cli

#endif  // JWTV_TOOLS_CLI_COMMON_H_
