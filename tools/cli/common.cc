// Copyright 2026 The jwtv Authors.

#include "common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>

namespace jwtv::cli {

void Error(std::string_view message) {
  std::fprintf(stderr, "jwtv: %.*s\n", static_cast<int>(message.size()),
               message.data());
}

int UsageError(std::string_view message) {
  Error(message);
  std::fputs("Try 'jwtv --help' for more information.\n", stderr);
  return kExitUsage;
}

std::string QuotePath(std::string_view path) {
  std::string out = "'";
  out.append(path);
  out.push_back('\'');
  return out;
}

std::string Quote(std::string_view s) {
  constexpr size_t kMaxShown = 24;
  std::string out = "'";
  out.append(s.substr(0, kMaxShown));
  if (s.size() > kMaxShown) out.append("...");
  out.push_back('\'');
  return out;
}

std::optional<int64_t> ParseInt(std::string_view s, bool allow_negative) {
  if (s.empty()) return std::nullopt;
  if (s[0] == '-' && !allow_negative) return std::nullopt;
  if (s[0] == '+') return std::nullopt;
  int64_t value = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlankByte(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlankByte(s.back())) s.remove_suffix(1);
  return s;
}

namespace {

// Appends the rest of `fd` to *out, at most `max_bytes` in all.
std::optional<std::string> ReadAll(int fd, size_t max_bytes, std::string* out) {
  char chunk[65536];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::string("cannot read: ") + std::strerror(errno);
    if (n == 0) return std::nullopt;
    if (out->size() + static_cast<size_t>(n) > max_bytes) {
      return std::string("file too large");
    }
    out->append(chunk, static_cast<size_t>(n));
  }
}

}  // namespace

std::optional<std::string> ReadFile(const std::string& path, size_t max_bytes,
                                    std::string* out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::string("cannot open: ") + std::strerror(errno);
  struct stat st;
  std::optional<std::string> err;
  out->clear();
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    err = "is a directory";
  } else {
    err = ReadAll(fd, max_bytes, out);
  }
  ::close(fd);
  return err;
}

std::string AlgorithmNames(AlgorithmSet set) {
  std::string out;
  for (int a = 0; a < kAlgorithmCount; ++a) {
    const Algorithm alg = static_cast<Algorithm>(a);
    if (!set.Contains(alg)) continue;
    if (!out.empty()) out.push_back(',');
    out.append(AlgorithmName(alg));
  }
  return out;
}

}  // namespace jwtv::cli
