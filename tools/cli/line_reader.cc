// Copyright 2026 The jwtv Authors.

#include "line_reader.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common.h"

namespace jwtv::cli {
namespace {

bool AllBlank(const char* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (!IsBlankByte(p[i])) return false;
  }
  return true;
}

}  // namespace

LineReader::LineReader(int fd, size_t max_line, void (*before_wait)())
    : fd_(fd),
      max_line_(max_line),
      before_wait_(before_wait),
      buf_(max_line + kChunk) {}

LineReader::Status LineReader::Next(std::string_view* line) {
  for (;;) {
    const Status s = NextRaw(line);
    if (s != Status::kLine) return s;
    *line = Trim(*line);
    if (!line->empty()) return s;
  }
}

LineReader::Status LineReader::NextRaw(std::string_view* line) {
  for (;;) {
    if (eof_) return AtEof(line);
    const char* base = buf_.data();
    const void* nl =
        scan_ < end_ ? std::memchr(base + scan_, '\n', end_ - scan_) : nullptr;
    if (nl != nullptr) {
      const Status s = EndLine(static_cast<const char*>(nl) - base, line);
      if (s != Status::kEof) return s;
      continue;
    }
    MakeRoom();
    scan_ = end_;
    if (!Fill()) return Status::kError;
  }
}

LineReader::Status LineReader::AtEof(std::string_view* line) {
  if (discarding_) {
    discarding_ = false;
    return discard_nonblank_ ? Status::kOverlong : Status::kEof;
  }
  if (start_ < end_) {
    *line = std::string_view(buf_.data() + start_, end_ - start_);
    start_ = end_;
    return Status::kLine;
  }
  return Status::kEof;
}

LineReader::Status LineReader::EndLine(size_t pos, std::string_view* line) {
  const char* base = buf_.data();
  const size_t start = start_;
  start_ = scan_ = pos + 1;
  if (!discarding_) {
    *line = std::string_view(base + start, pos - start);
    return Status::kLine;
  }
  discarding_ = false;
  const bool nonblank =
      discard_nonblank_ || !AllBlank(base + start, pos - start);
  return nonblank ? Status::kOverlong : Status::kEof;
}

void LineReader::MakeRoom() {
  if (discarding_ || end_ - start_ > max_line_) {
    if (!discarding_) {
      discarding_ = true;
      discard_nonblank_ = false;
    }
    if (!AllBlank(buf_.data() + start_, end_ - start_)) {
      discard_nonblank_ = true;
    }
    start_ = scan_ = end_ = 0;
    return;
  }
  if (start_ > 0 && buf_.size() - end_ < kChunk) {
    std::memmove(buf_.data(), buf_.data() + start_, end_ - start_);
    end_ -= start_;
    start_ = 0;
  }
}

bool LineReader::Fill() {
  if (before_wait_ != nullptr) before_wait_();
  for (;;) {
    const ssize_t n = ::read(fd_, buf_.data() + end_, buf_.size() - end_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error_ = errno;
      return false;
    }
    if (n == 0) eof_ = true;
    end_ += static_cast<size_t>(n);
    return true;
  }
}

}  // namespace jwtv::cli
