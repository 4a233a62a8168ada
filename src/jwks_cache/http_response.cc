// Copyright 2026 The jwtv Authors.

#include "jwks_cache/http_response.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "jwks_cache/http_util.h"

namespace jwtv::internal {
namespace {

constexpr uint64_t kSaturated = std::numeric_limits<uint64_t>::max();
constexpr uint64_t kMaxBodyReserve = uint64_t{64} * 1024;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 9110 section 5.6.2: token characters (field names).
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c)) {
    return true;
  }
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Control characters other than HTAB (NUL, CR, LF among them) are invalid
// in field values, reason phrases and chunk extensions.
bool IsControl(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t') || u == 0x7f;
}

bool HasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), IsControl);
}

std::string_view StripOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// a * base + digit, saturating at kSaturated.
uint64_t SaturatingAppend(uint64_t a, uint64_t base, uint64_t digit) {
  if (a > (kSaturated - digit) / base) return kSaturated;
  return a * base + digit;
}

// 1*DIGIT, saturating; nullopt when not digits only.
std::optional<uint64_t> ParseDecimal(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return std::nullopt;
    v = SaturatingAppend(v, 10, static_cast<uint64_t>(c - '0'));
  }
  return v;
}

absl::Status Malformed(std::string_view what) {
  return absl::UnavailableError("malformed HTTP response: " +
                                std::string(what));
}

// Splits "name: value" (RFC 9112 section 5); the value without the
// surrounding whitespace.
absl::Status SplitField(std::string_view line, std::string_view* name,
                        std::string_view* value) {
  if (line.front() == ' ' || line.front() == '\t') {
    return Malformed("folded header line");
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Malformed("header line without a field name");
  }
  *name = line.substr(0, colon);
  if (!std::all_of(name->begin(), name->end(), IsTokenChar)) {
    return Malformed("bad header field name");
  }
  *value = StripOws(line.substr(colon + 1));
  if (HasControl(*value)) return Malformed("control character in a header");
  return absl::OkStatus();
}

}  // namespace

HttpResponseParser::HttpResponseParser(const HttpResponseLimits& limits)
    : limits_(limits) {}

absl::Status HttpResponseParser::Fail(absl::Status status) {
  state_ = State::kError;
  error_ = std::move(status);
  return error_;
}

absl::Status HttpResponseParser::TooLarge() const {
  return absl::ResourceExhaustedError(absl::StrCat(
      "response body larger than ", limits_.max_body_bytes, " bytes"));
}

HttpResponseParser::Line HttpResponseParser::TakeLine(std::string_view& in,
                                                      size_t max) {
  const size_t lf = in.find('\n');
  const size_t take = lf == std::string_view::npos ? in.size() : lf;
  // The line's raw length is at least line_ + take + the LF: over `max`
  // now means over `max` however the rest of the line arrives.
  if (take > max || line_.size() + 1 > max - take) return Line::kTooLong;
  line_.append(in.data(), take);
  if (lf == std::string_view::npos) {
    in = {};
    return Line::kPartial;
  }
  in.remove_prefix(lf + 1);
  line_bytes_ = line_.size() + 1;
  if (!line_.empty() && line_.back() == '\r') line_.pop_back();
  return Line::kWhole;
}

absl::Status HttpResponseParser::Feed(std::string_view in) {
  // Errors stick, whatever is fed after them (empty input included).
  if (state_ == State::kError) return error_;
  while (!in.empty()) {
    switch (state_) {
      case State::kDone:
        return absl::OkStatus();
      case State::kError:
        return error_;
      case State::kStatusLine:
      case State::kHeaders:
      case State::kChunkSize:
      case State::kChunkDataEnd:
      case State::kTrailers:
        if (absl::Status s = FeedLine(in); !s.ok()) return s;
        break;
      case State::kBody:
      case State::kChunkData:
        FeedCounted(in);
        break;
      case State::kToEnd:
        if (in.size() > limits_.max_body_bytes - body_.size()) {
          return Fail(TooLarge());
        }
        body_.append(in);
        in = {};
        break;
    }
  }
  return absl::OkStatus();
}

absl::Status HttpResponseParser::FeedLine(std::string_view& in) {
  const Line got = TakeLine(in, LineLimit());
  if (got == Line::kPartial) return absl::OkStatus();
  if (got == Line::kTooLong) return Fail(LineTooLong());
  absl::Status s = OnLine(line_);
  line_.clear();
  if (!s.ok()) return Fail(std::move(s));
  return absl::OkStatus();
}

void HttpResponseParser::FeedCounted(std::string_view& in) {
  const size_t n =
      static_cast<size_t>(std::min<uint64_t>(remaining_, in.size()));
  body_.append(in.data(), n);
  in.remove_prefix(n);
  remaining_ -= n;
  if (remaining_ == 0) {
    state_ = state_ == State::kBody ? State::kDone : State::kChunkDataEnd;
  }
}

size_t HttpResponseParser::LineLimit() const {
  switch (state_) {
    case State::kStatusLine:
    case State::kHeaders:
      return limits_.max_header_bytes - header_bytes_;
    case State::kChunkSize:
      return kMaxChunkLineBytes;
    case State::kChunkDataEnd:
      return 2;
    default:
      return kMaxTrailerBytes - trailer_bytes_;
  }
}

absl::Status HttpResponseParser::LineTooLong() const {
  switch (state_) {
    case State::kStatusLine:
    case State::kHeaders:
      return absl::ResourceExhaustedError("HTTP headers too large");
    case State::kChunkSize:
      return absl::ResourceExhaustedError("HTTP chunk line too long");
    case State::kChunkDataEnd:
      return Malformed("no line break after chunk data");
    default:
      return absl::ResourceExhaustedError("HTTP trailers too large");
  }
}

absl::Status HttpResponseParser::OnLine(std::string_view line) {
  switch (state_) {
    case State::kStatusLine:
      header_bytes_ += line_bytes_;
      return OnStatusLine(line);
    case State::kHeaders:
      header_bytes_ += line_bytes_;
      return OnHeaderLine(line);
    case State::kChunkSize:
      return OnChunkSizeLine(line);
    case State::kChunkDataEnd:
      if (!line.empty()) return Malformed("no line break after chunk data");
      state_ = State::kChunkSize;
      return absl::OkStatus();
    default:
      trailer_bytes_ += line_bytes_;
      return OnTrailerLine(line);
  }
}

absl::Status HttpResponseParser::FinishStream() {
  switch (state_) {
    case State::kDone:
      return absl::OkStatus();
    case State::kError:
      return error_;
    case State::kToEnd:
      state_ = State::kDone;
      return absl::OkStatus();
    case State::kStatusLine:
    case State::kHeaders:
      return Fail(absl::UnavailableError("connection closed early"));
    default:
      return Fail(absl::DataLossError("truncated response body"));
  }
}

absl::Status HttpResponseParser::OnStatusLine(std::string_view line) {
  // HTTP-version SP 3DIGIT [SP reason-phrase]
  if (line.size() < 8 || line.substr(0, 7) != "HTTP/1." || !IsDigit(line[7])) {
    return absl::UnavailableError("not an HTTP/1.x response");
  }
  if (line.size() < 12 || line[8] != ' ' || !IsDigit(line[9]) ||
      !IsDigit(line[10]) || !IsDigit(line[11]) ||
      (line.size() > 12 && line[12] != ' ') || HasControl(line.substr(12))) {
    return absl::UnavailableError("bad HTTP status line");
  }
  const int code =
      (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  if (code < 100 || code > 599) {
    return absl::UnavailableError("bad HTTP status line");
  }
  if (code == 101) {
    return absl::UnavailableError("unexpected 101 Switching Protocols");
  }
  status_ = code;
  http10_ = line[7] == '0';
  chunked_ = false;
  has_transfer_encoding_ = false;
  has_content_length_ = false;
  content_length_ = 0;
  etag_.clear();
  location_.clear();
  cache_control_.clear();
  state_ = State::kHeaders;
  return absl::OkStatus();
}

absl::Status HttpResponseParser::OnHeaderLine(std::string_view line) {
  if (line.empty()) return OnHeadersDone();
  std::string_view name, value;
  if (absl::Status s = SplitField(line, &name, &value); !s.ok()) return s;
  if (++header_fields_ > limits_.max_header_fields) {
    return absl::ResourceExhaustedError("too many HTTP header fields");
  }
  if (EqualsIgnoreCase(name, "content-length")) {
    // 1*DIGIT, or a list of copies of the same value (RFC 9110 8.6).
    std::string_view rest = value;
    for (;;) {
      const size_t comma = rest.find(',');
      std::optional<uint64_t> n = ParseDecimal(StripOws(rest.substr(0, comma)));
      if (!n.has_value()) return Malformed("bad Content-Length");
      if (has_content_length_ && *n != content_length_) {
        return Malformed("conflicting Content-Length values");
      }
      has_content_length_ = true;
      content_length_ = *n;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  } else if (EqualsIgnoreCase(name, "transfer-encoding")) {
    // Only "chunked" is accepted (identity was asked for), and only once.
    has_transfer_encoding_ = true;
    std::string_view rest = value;
    for (;;) {
      const size_t comma = rest.find(',');
      std::string_view coding = StripOws(rest.substr(0, comma));
      if (!coding.empty()) {
        if (!EqualsIgnoreCase(coding, "chunked") || chunked_) {
          return Malformed("unsupported Transfer-Encoding");
        }
        chunked_ = true;
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  } else if (EqualsIgnoreCase(name, "etag")) {
    etag_ = std::string(value);
  } else if (EqualsIgnoreCase(name, "cache-control")) {
    if (!cache_control_.empty()) cache_control_ += ", ";
    cache_control_ += value;
  } else if (EqualsIgnoreCase(name, "location")) {
    location_ = std::string(value);
  }
  // Set-Cookie and everything else is ignored: no cookies are kept.
  return absl::OkStatus();
}

absl::Status HttpResponseParser::OnHeadersDone() {
  if (status_ < 200) {  // interim: no body, the real response follows
    if (++interim_responses_ > kMaxInterimResponses) {
      return absl::ResourceExhaustedError("too many interim HTTP responses");
    }
    state_ = State::kStatusLine;
    return absl::OkStatus();
  }
  if (has_transfer_encoding_) {
    // RFC 9112 section 6.1 (HTTP/1.0) and 6.3 (with Content-Length: a
    // sign of request smuggling or response splitting).
    if (http10_) return Malformed("Transfer-Encoding in an HTTP/1.0 response");
    if (has_content_length_) {
      return Malformed("both Transfer-Encoding and Content-Length");
    }
    if (!chunked_) return Malformed("unsupported Transfer-Encoding");
  }
  if (status_ == 204 || status_ == 304 || (status_ >= 300 && status_ < 400)) {
    state_ = State::kDone;  // no body needed
    return absl::OkStatus();
  }
  if (chunked_) {
    state_ = State::kChunkSize;
    return absl::OkStatus();
  }
  if (has_content_length_) {
    if (content_length_ > limits_.max_body_bytes) return TooLarge();
    remaining_ = content_length_;
    // The length is the server's word: reserve no more than a typical JWKS
    // before the bytes arrive.
    body_.reserve(static_cast<size_t>(
        std::min<uint64_t>(content_length_, kMaxBodyReserve)));
    state_ = remaining_ == 0 ? State::kDone : State::kBody;
    return absl::OkStatus();
  }
  state_ = State::kToEnd;
  return absl::OkStatus();
}

absl::Status HttpResponseParser::OnChunkSizeLine(std::string_view line) {
  // chunk-size [BWS ";" chunk-ext]; the size in hex, saturating.
  uint64_t n = 0;
  size_t i = 0;
  for (; i < line.size(); ++i) {
    const int v = HexValue(line[i]);
    if (v < 0) break;
    n = SaturatingAppend(n, 16, static_cast<uint64_t>(v));
  }
  if (i == 0) return Malformed("bad chunk size");
  std::string_view ext = StripOws(line.substr(i));
  if ((!ext.empty() && ext.front() != ';') || HasControl(ext)) {
    return Malformed("bad chunk size");
  }
  if (n == 0) {
    state_ = State::kTrailers;
    return absl::OkStatus();
  }
  if (n > limits_.max_body_bytes - body_.size()) return TooLarge();
  remaining_ = n;
  state_ = State::kChunkData;
  return absl::OkStatus();
}

absl::Status HttpResponseParser::OnTrailerLine(std::string_view line) {
  if (line.empty()) {
    state_ = State::kDone;
    return absl::OkStatus();
  }
  std::string_view name, value;
  if (absl::Status s = SplitField(line, &name, &value); !s.ok()) return s;
  if (++header_fields_ > limits_.max_header_fields) {
    return absl::ResourceExhaustedError("too many HTTP header fields");
  }
  return absl::OkStatus();  // trailer fields are not used
}

}  // namespace jwtv::internal
