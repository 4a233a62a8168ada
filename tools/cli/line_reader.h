// Copyright 2026 The jwtv Authors.
//
// LineReader: the non-blank lines of a file descriptor, through a bounded
// buffer. A line longer than the limit is consumed without being stored and
// reported as overlong, so memory does not grow with the input.

#ifndef JWTV_TOOLS_CLI_LINE_READER_H_
#define JWTV_TOOLS_CLI_LINE_READER_H_

#include <sys/types.h>

#include <cstddef>
#include <string_view>
#include <vector>

namespace jwtv::cli {

class LineReader {
 public:
  // Reads `fd` (not owned, not closed). `before_wait` (may be null) is called
  // before each read(2), i.e. whenever every line already received has been
  // handed out.
  LineReader(int fd, size_t max_line, void (*before_wait)());

  enum class Status { kLine, kOverlong, kEof, kError };

  // The next non-blank line, trimmed of spaces, tabs and CRs, in *line (a
  // view into the reader's buffer, valid until the next call); kOverlong for
  // a non-blank line longer than max_line (not stored); kError with error()
  // set when read(2) fails.
  Status Next(std::string_view* line);

  // The errno of the failed read after kError.
  int error() const { return error_; }

 private:
  static constexpr size_t kChunk = size_t{64} << 10;

  // The next line, blank or not.
  Status NextRaw(std::string_view* line);
  // NextRaw once the input has ended.
  Status AtEof(std::string_view* line);
  // Ends the line at buf_[pos] (a newline): kLine, kOverlong, or kEof to
  // mean "a blank overlong line: go on".
  Status EndLine(size_t pos, std::string_view* line);
  // No newline in [start_, end_): drops an overlong line's bytes or moves the
  // partial line to the front to make room.
  void MakeRoom();
  // Reads more input after end_; false on error. Sets eof_ at the end.
  bool Fill();

  int fd_;
  size_t max_line_;
  void (*before_wait_)();
  std::vector<char> buf_;
  size_t start_ = 0;  // first byte of the current line
  size_t scan_ = 0;   // bytes before this hold no newline
  size_t end_ = 0;    // end of the data read
  bool eof_ = false;
  bool discarding_ = false;        // inside an overlong line
  bool discard_nonblank_ = false;  // the discarded part had a non-blank byte
  int error_ = 0;
};

}  // namespace jwtv::cli

#endif  // JWTV_TOOLS_CLI_LINE_READER_H_
