// Copyright 2026 The jwtv Authors.
//
// An incremental HTTP/1.1 response parser (RFC 9112) for the JWKS fetcher,
// independent of any socket: the caller feeds it the bytes it receives and
// tells it when the stream ended. It reads the status line (HTTP/1.x, a
// 3-digit status 100-599), skips interim 1xx responses, reads the header
// fields and then a body delimited by Content-Length, chunked transfer
// coding or the end of the stream, and enforces a bound on everything it
// keeps or reads:
//   - the status lines and header fields of all responses (interim ones
//     included) together: max_header_bytes, at most max_header_fields;
//   - the body: max_body_bytes, checked before any byte is kept, with
//     overflow-safe arithmetic for Content-Length and chunk sizes;
//   - each chunk-size line (size and extensions) and the trailer section.
//
// Framing is strict, as a response that can be read two ways is an attack
// (response splitting, smuggling): Content-Length must be digits only, and
// copies of it must agree; Transfer-Encoding must be exactly "chunked", in
// an HTTP/1.1 response, and never together with Content-Length (RFC 9112
// section 6.3 lets a client treat that as an error); each chunk's data must
// be followed by its line break. Lines end in CRLF or a bare LF (RFC 9112
// section 2.2). Responses 204, 304 and every 3xx have no body here (a
// redirect's body is never needed; the connection is closed after it).
//
// Errors (sticky: once Feed or FinishStream failed, every later call
// returns the same status):
//   kUnavailable        not HTTP/1.x, a malformed status line, header
//                       field, Content-Length, Transfer-Encoding, chunk
//                       size or trailer field, a chunk's data without its
//                       line break, a 101 response, the stream ending
//                       before the headers are complete;
//   kResourceExhausted  a limit above was exceeded (the body limit as soon
//                       as a length says so, before the bytes arrive);
//   kDataLoss           the stream ended inside the body or trailers.

#ifndef JWTV_SRC_JWKS_CACHE_HTTP_RESPONSE_H_
#define JWTV_SRC_JWKS_CACHE_HTTP_RESPONSE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"

namespace jwtv::internal {

struct HttpResponseLimits {
  // Status lines and header fields (with their line breaks) of the final
  // response and every interim response before it, together.
  size_t max_header_bytes = size_t{64} * 1024;
  // Header fields of all those responses and trailer fields, together.
  size_t max_header_fields = 100;
  size_t max_body_bytes = size_t{1} << 20;
};

class HttpResponseParser {
 public:
  // Longest chunk-size line (hex digits, extensions, line break).
  static constexpr size_t kMaxChunkLineBytes = 1024;
  // The trailer section after the last chunk (its fields are ignored).
  static constexpr size_t kMaxTrailerBytes = size_t{16} * 1024;
  // Interim (1xx) responses before the final one.
  static constexpr int kMaxInterimResponses = 16;

  explicit HttpResponseParser(const HttpResponseLimits& limits);

  HttpResponseParser(const HttpResponseParser&) = delete;
  HttpResponseParser& operator=(const HttpResponseParser&) = delete;

  // Consumes the next bytes of the stream. OK while the response is
  // incomplete or once it is complete (bytes after a complete response are
  // ignored). How the stream is split into calls never changes the result.
  absl::Status Feed(std::string_view data);

  // The stream ended. OK iff the response is complete then (a body
  // delimited by the end of the stream completes here).
  absl::Status FinishStream();

  // True once the whole response (headers and body) has been read.
  bool done() const { return state_ == State::kDone; }

  // The final response, valid once done() (before that or after an error,
  // unspecified). The references live as long as the parser.
  int status() const { return status_; }
  const std::string& body() const { return body_; }
  // The last ETag and Location field values, verbatim but for surrounding
  // whitespace; "" when absent.
  const std::string& etag() const { return etag_; }
  const std::string& location() const { return location_; }
  // Every Cache-Control field value, joined with ", ".
  const std::string& cache_control() const { return cache_control_; }

  // Moves the body out (for the fetcher's Response).
  std::string TakeBody() { return std::move(body_); }

 private:
  enum class State {
    kStatusLine,
    kHeaders,
    kBody,       // Content-Length bytes
    kChunkSize,  // a chunk-size line
    kChunkData,
    kChunkDataEnd,  // the line break after a chunk's data
    kTrailers,
    kToEnd,  // until the end of the stream
    kDone,
    kError,
  };

  enum class Line { kPartial, kWhole, kTooLong };

  absl::Status Fail(absl::Status status);
  // Moves the input up to and including the next LF into line_, which may
  // hold at most `max` bytes of the line (LF included): kWhole when line_
  // holds a whole line (its CR and LF removed), kPartial when the input ran
  // out first, kTooLong once the line must be longer than `max`.
  Line TakeLine(std::string_view& in, size_t max);
  // Feed's steps: a line of the line-oriented states (status line, header
  // field, chunk size, the break after chunk data, trailer field), and the
  // counted bytes of a Content-Length body or a chunk.
  absl::Status FeedLine(std::string_view& in);
  void FeedCounted(std::string_view& in);
  // The most bytes a line may have in the current state, the error when it
  // has more, and what a whole line does in the current state.
  size_t LineLimit() const;
  absl::Status LineTooLong() const;
  absl::Status OnLine(std::string_view line);
  absl::Status OnStatusLine(std::string_view line);
  absl::Status OnHeaderLine(std::string_view line);
  absl::Status OnHeadersDone();
  absl::Status OnChunkSizeLine(std::string_view line);
  absl::Status OnTrailerLine(std::string_view line);
  absl::Status TooLarge() const;

  const HttpResponseLimits limits_;
  State state_ = State::kStatusLine;
  absl::Status error_;
  std::string line_;       // the line being read
  size_t line_bytes_ = 0;  // its raw length so far (CR and LF included)
  size_t header_bytes_ = 0;
  size_t header_fields_ = 0;
  size_t trailer_bytes_ = 0;
  int interim_responses_ = 0;

  // The response being read.
  int status_ = 0;
  bool http10_ = false;
  bool chunked_ = false;
  bool has_transfer_encoding_ = false;
  bool has_content_length_ = false;
  uint64_t content_length_ = 0;  // saturates at UINT64_MAX
  uint64_t remaining_ = 0;       // of Content-Length or the current chunk
  std::string body_;
  std::string etag_;
  std::string location_;
  std::string cache_control_;
};

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JWKS_CACHE_HTTP_RESPONSE_H_
