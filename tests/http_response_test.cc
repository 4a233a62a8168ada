// Copyright 2026 The jwtv Authors.
//
// HttpResponseParser (src/jwks_cache/http_response.h): every framing rule
// and limit, each input parsed whole, one byte at a time and in fixed
// pieces, which must all agree.

#include "jwks_cache/http_response.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace jwtv::internal {
namespace {

using absl::StatusCode;

struct Parsed {
  absl::Status status;  // the first error, of Feed or FinishStream
  bool done = false;    // before FinishStream
  int code = 0;
  std::string body, etag, cache_control, location;

  bool operator==(const Parsed& o) const {
    return status == o.status && done == o.done && code == o.code &&
           body == o.body && etag == o.etag &&
           cache_control == o.cache_control && location == o.location;
  }
};

std::ostream& operator<<(std::ostream& os, const Parsed& p) {
  return os << "{" << p.status << ", done " << p.done << ", " << p.code
            << ", body \"" << p.body << "\", etag \"" << p.etag << "\"}";
}

// Feeds `in` in pieces of `piece` bytes (0: all at once), then ends the
// stream if `finish`.
Parsed ParseInPieces(std::string_view in, const HttpResponseLimits& limits,
                     size_t piece, bool finish) {
  HttpResponseParser parser(limits);
  Parsed out;
  while (out.status.ok() && !in.empty()) {
    const size_t n = piece == 0 ? in.size() : std::min(piece, in.size());
    out.status = parser.Feed(in.substr(0, n));
    in.remove_prefix(n);
    EXPECT_LE(parser.body().size(), limits.max_body_bytes);
  }
  out.done = parser.done();
  if (out.status.ok() && finish) {
    out.status = parser.FinishStream();
    // FinishStream succeeds exactly when the response is then complete.
    EXPECT_EQ(out.status.ok(), parser.done());
  }
  if (out.status.ok() && parser.done()) {
    out.code = parser.status();
    out.body = parser.body();
    out.etag = parser.etag();
    out.cache_control = parser.cache_control();
    out.location = parser.location();
  }
  return out;
}

// Parses whole, and checks that every other way of splitting agrees.
Parsed Parse(std::string_view in, HttpResponseLimits limits = {},
             bool finish = true) {
  const Parsed whole = ParseInPieces(in, limits, 0, finish);
  for (size_t piece : {1, 2, 3, 7, 64}) {
    EXPECT_EQ(ParseInPieces(in, limits, piece, finish), whole)
        << "fed in pieces of " << piece;
  }
  return whole;
}

StatusCode Code(std::string_view in, HttpResponseLimits limits = {}) {
  return Parse(in, limits).status.code();
}

HttpResponseLimits BodyLimit(size_t max) {
  HttpResponseLimits l;
  l.max_body_bytes = max;
  return l;
}

constexpr char kChunkedHead[] =
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

std::string Chunked(std::string_view chunks) {
  return kChunkedHead + std::string(chunks);
}

TEST(HttpResponseTest, ContentLengthBodyAndFields) {
  Parsed p = Parse(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
      "ETag: \"v1\"\r\nCache-Control: public\r\ncache-control:  max-age=60 \r\n"
      "Set-Cookie: a=b\r\nContent-Length: 11\r\n\r\n{\"keys\":[]}"
      "extra bytes after the response are not read");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_TRUE(p.done);  // complete before the stream ends
  EXPECT_EQ(p.code, 200);
  EXPECT_EQ(p.body, "{\"keys\":[]}");
  EXPECT_EQ(p.etag, "\"v1\"");
  EXPECT_EQ(p.cache_control, "public, max-age=60");
}

TEST(HttpResponseTest, BareLfLineEndsAndEmptyReason) {
  Parsed p = Parse("HTTP/1.0 404\nContent-Length: 2\n\n{}");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.code, 404);
  EXPECT_EQ(p.body, "{}");
}

TEST(HttpResponseTest, BodyToTheEndOfTheStream) {
  const std::string in = "HTTP/1.1 200 OK\r\n\r\n{\"keys\":[]}";
  Parsed open = Parse(in, {}, /*finish=*/false);
  EXPECT_TRUE(open.status.ok());
  EXPECT_FALSE(open.done);
  Parsed p = Parse(in);
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.body, "{\"keys\":[]}");
  // At the limit, and one byte over it.
  EXPECT_TRUE(Parse(in, BodyLimit(11)).status.ok());
  EXPECT_EQ(Code(in, BodyLimit(10)), StatusCode::kResourceExhausted);
}

TEST(HttpResponseTest, ChunkedWithExtensionsAndTrailers) {
  Parsed p = Parse(Chunked(
      "5;name=value\r\n{\"key\r\n005 ; a ; b=\"c\"\r\ns\":[]\r\n1\r\n}\r\n"
      "0;last\r\nETag: \"trailer\"\r\nX-T: 1\r\n\r\n"));
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_TRUE(p.done);
  EXPECT_EQ(p.body, "{\"keys\":[]}");
  EXPECT_EQ(p.etag, "");  // trailer fields are not used
  // Upper-case hex, bare LF after the data, an empty body.
  EXPECT_EQ(Parse(Chunked("A\r\n0123456789\n0\r\n\r\n")).body, "0123456789");
  EXPECT_EQ(Parse(Chunked("0\r\n\r\n")).body, "");
}

TEST(HttpResponseTest, InterimResponsesAreSkipped) {
  Parsed p = Parse(
      "HTTP/1.1 100 Continue\r\nETag: \"interim\"\r\n\r\n"
      "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.code, 200);
  EXPECT_EQ(p.body, "{}");
  EXPECT_EQ(p.etag, "");  // the interim response's fields are dropped
  std::string many;
  for (int i = 0; i <= HttpResponseParser::kMaxInterimResponses; ++i) {
    many += "HTTP/1.1 100 Continue\r\n\r\n";
  }
  EXPECT_EQ(Code(many + "HTTP/1.1 200 OK\r\n\r\n"),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(Code("HTTP/1.1 101 Switching Protocols\r\n\r\n"),
            StatusCode::kUnavailable);
}

TEST(HttpResponseTest, StatusesWithoutBody) {
  Parsed p = Parse(
      "HTTP/1.1 304 Not Modified\r\nETag: \"v2\"\r\nContent-Length: "
      "100\r\n\r\n");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_TRUE(p.done);
  EXPECT_EQ(p.code, 304);
  EXPECT_EQ(p.etag, "\"v2\"");
  p = Parse("HTTP/1.1 302 Found\r\nLocation: /jwks\r\n\r\nredirect body");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.location, "/jwks");
  EXPECT_EQ(p.body, "");
  p = Parse("HTTP/1.1 204 No Content\r\n\r\n");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_TRUE(p.done);
}

TEST(HttpResponseTest, BadStatusLines) {
  for (const char* line :
       {"HTTP/2 200 OK", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 099 X",
        "HTTP/1.1 600 X", "HTTP/1.1  200 OK", "HTTP/1.1 200OK", "HTTP/1.x 200",
        "http/1.1 200 OK", "ICY 200 OK", "", "HTTP/1.1 200 O\x01K",
        "HTTP/1.1 2a0 OK"}) {
    SCOPED_TRACE(line);
    EXPECT_EQ(Code(std::string(line) + "\r\nContent-Length: 0\r\n\r\n"),
              StatusCode::kUnavailable);
  }
}

TEST(HttpResponseTest, BadHeaderFields) {
  for (const char* field :
       {" folded: x", "\tfolded: x", "no colon", ": empty name",
        "Space Name: x", "Name : x", "X: a\x01b", "X: a\rb", "X\x7f: x"}) {
    SCOPED_TRACE(field);
    EXPECT_EQ(Code("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n" +
                   std::string(field) + "\r\n\r\n"),
              StatusCode::kUnavailable);
  }
  // A NUL inside a value (the loop above sees a C string).
  EXPECT_EQ(Code(std::string("HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n", 27)),
            StatusCode::kUnavailable);
}

TEST(HttpResponseTest, HeaderSizeAndCountLimits) {
  HttpResponseLimits l;
  l.max_header_bytes = 100;
  l.max_header_fields = 3;
  const std::string status = "HTTP/1.1 200 OK\r\n";  // 17 bytes
  // 17 + 81 + 2 = 100 bytes: at the limit.
  const std::string field = "X: " + std::string(76, 'v') + "\r\n";  // 81
  EXPECT_TRUE(Parse(status + field + "\r\n", l).status.ok());
  EXPECT_EQ(Code(status + "X: v" + field + "\r\n", l),
            StatusCode::kResourceExhausted);
  // A line that never ends is refused once it is over the limit.
  EXPECT_EQ(Code(status + std::string(200, 'v'), l),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(Code(std::string(200, 'H'), l), StatusCode::kResourceExhausted);
  EXPECT_TRUE(Parse(status + "A: 1\r\nB: 2\r\nC: 3\r\n\r\n", l).status.ok());
  EXPECT_EQ(Code(status + "A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", l),
            StatusCode::kResourceExhausted);
  // Interim responses count: three of 35 bytes.
  l.max_header_fields = 100;
  const std::string interim = "HTTP/1.1 100 Continue\r\nA: 12345\r\n\r\n";
  EXPECT_EQ(Code(interim + interim + interim + status + "\r\n", l),
            StatusCode::kResourceExhausted);
  // The default limit: 64 KiB.
  EXPECT_EQ(Code(status + "X: " + std::string(64 * 1024, 'v') + "\r\n\r\n"),
            StatusCode::kResourceExhausted);
}

TEST(HttpResponseTest, ContentLength) {
  const std::string head = "HTTP/1.1 200 OK\r\n";
  auto with = [&](std::string_view fields, std::string_view body = "{}") {
    return head + std::string(fields) + "\r\n" + std::string(body);
  };
  for (const char* bad :
       {"Content-Length: +2", "Content-Length: -2", "Content-Length: 2 2",
        "Content-Length: 0x2", "Content-Length: ", "Content-Length: 2,",
        "Content-Length: 2.0", "Content-Length: \xd9\xa2"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(Code(with(std::string(bad) + "\r\n")), StatusCode::kUnavailable);
  }
  // Copies that agree are one value; copies that disagree are refused.
  EXPECT_EQ(Parse(with("Content-Length: 2, 2\r\n")).body, "{}");
  EXPECT_EQ(Parse(with("Content-Length: 2\r\nContent-Length: 002\r\n")).body,
            "{}");
  EXPECT_EQ(Code(with("Content-Length: 2, 3\r\n", "{}x")),
            StatusCode::kUnavailable);
  EXPECT_EQ(Code(with("Content-Length: 3\r\nContent-Length: 2\r\n", "{}x")),
            StatusCode::kUnavailable);
  // Over the limit, refused before the body arrives; values past 2^64.
  EXPECT_EQ(Code(with("Content-Length: 3\r\n", ""), BodyLimit(2)),
            StatusCode::kResourceExhausted);
  EXPECT_TRUE(Parse(with("Content-Length: 2\r\n"), BodyLimit(2)).status.ok());
  for (const char* huge : {"18446744073709551615", "18446744073709551616",
                           "99999999999999999999999999999999999999"}) {
    SCOPED_TRACE(huge);
    EXPECT_EQ(Code(with("Content-Length: " + std::string(huge) + "\r\n", "")),
              StatusCode::kResourceExhausted);
  }
  // Truncated.
  EXPECT_EQ(Code(with("Content-Length: 5\r\n", "{}")), StatusCode::kDataLoss);
}

TEST(HttpResponseTest, TransferEncoding) {
  EXPECT_EQ(Parse("HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n"
                  "2\r\n{}\r\n0\r\n\r\n")
                .body,
            "{}");
  for (const char* te : {"gzip, chunked", "chunked, gzip", "identity",
                         "chunked, chunked", "chunked;q=1", ""}) {
    SCOPED_TRACE(te);
    EXPECT_EQ(Code("HTTP/1.1 200 OK\r\nTransfer-Encoding: " + std::string(te) +
                   "\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
              StatusCode::kUnavailable);
  }
  // Transfer-Encoding with Content-Length (RFC 9112 6.3), and in HTTP/1.0.
  EXPECT_EQ(Code("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n"
                 "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
            StatusCode::kUnavailable);
  EXPECT_EQ(Code("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                 "Content-Length: 7\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
            StatusCode::kUnavailable);
  EXPECT_EQ(Code("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "2\r\n{}\r\n0\r\n\r\n"),
            StatusCode::kUnavailable);
}

// A chunk size near 2^64 wraps a naive `body.size() + n`
// below the limit. Every size that does not fit what is left of the limit
// is refused at once, before its data.
TEST(HttpResponseTest, ChunkSizesNearAndPastTwoToTheSixtyFour) {
  for (const char* size :
       {"ffffffffffffffff", "fffffffffffffffe", "FFFFFFFFFFFFFFFF",
        "10000000000000000", "1ffffffffffffffff", "100000000000000001",
        "ffffffffffffffffffffffffffffffffffffffff", "100001"}) {
    SCOPED_TRACE(size);
    // As the first chunk, and after one (where the sum wrapped to 0).
    EXPECT_EQ(Code(Chunked(std::string(size) + "\r\n")),
              StatusCode::kResourceExhausted);
    EXPECT_EQ(Code(Chunked("1\r\n{\r\n" + std::string(size) + "\r\n" +
                           std::string(4096, 'x'))),
              StatusCode::kResourceExhausted);
  }
  // Sizes that add up to more than the limit.
  EXPECT_EQ(Code(Chunked("6\r\n123456\r\n5\r\n"), BodyLimit(10)),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(
      Parse(Chunked("6\r\n123456\r\n4\r\n7890\r\n0\r\n\r\n"), BodyLimit(10))
          .body,
      "1234567890");
  // Leading zeros are not digits of the value.
  EXPECT_EQ(
      Parse(Chunked("0000000000000000000000000001\r\nx\r\n0\r\n\r\n")).body,
      "x");
}

TEST(HttpResponseTest, BadChunkLines) {
  for (const char* line :
       {"", " 1", "-1", "+1", "1x", "x1", "1 x", "0x1", "1;a\x01", "1\t,"}) {
    SCOPED_TRACE(line);
    EXPECT_EQ(Code(Chunked(std::string(line) + "\r\nx\r\n0\r\n\r\n")),
              StatusCode::kUnavailable);
  }
  // The chunk-size line, extensions included, is bounded.
  const size_t max = HttpResponseParser::kMaxChunkLineBytes;
  const std::string ext = ";" + std::string(max - 4, 'e');  // "1" ext CRLF
  EXPECT_EQ(Parse(Chunked("1" + ext + "\r\nx\r\n0\r\n\r\n")).body, "x");
  EXPECT_EQ(Code(Chunked("1" + ext + "e\r\nx\r\n0\r\n\r\n")),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(Code(Chunked("1;" + std::string(4 * max, 'e'))),
            StatusCode::kResourceExhausted);
}

TEST(HttpResponseTest, LineBreakAfterChunkDataIsRequired) {
  for (const char* chunks :
       {"2\r\n{}XX\r\n0\r\n\r\n", "2\r\n{}X\r\n0\r\n\r\n",
        "2\r\n{}X\n0\r\n\r\n", "2\r\n{}0\r\n\r\n", "2\r\n{}\r\r\n0\r\n\r\n"}) {
    SCOPED_TRACE(chunks);
    EXPECT_EQ(Code(Chunked(chunks)), StatusCode::kUnavailable);
  }
}

TEST(HttpResponseTest, Trailers) {
  const size_t max = HttpResponseParser::kMaxTrailerBytes;
  const std::string big = "X: " + std::string(max / 2, 't') + "\r\n";
  EXPECT_TRUE(Parse(Chunked("0\r\n" + big + "\r\n")).status.ok());
  EXPECT_EQ(Code(Chunked("0\r\n" + big + big + "\r\n")),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(Code(Chunked("0\r\n" + std::string(2 * max, 't'))),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(Code(Chunked("0\r\nno colon\r\n\r\n")), StatusCode::kUnavailable);
  EXPECT_EQ(Code(Chunked("0\r\n folded\r\n\r\n")), StatusCode::kUnavailable);
  HttpResponseLimits l;
  l.max_header_fields = 2;
  EXPECT_EQ(Code(Chunked("0\r\nA: 1\r\nB: 2\r\n\r\n"), l),
            StatusCode::kResourceExhausted);
}

TEST(HttpResponseTest, TruncatedStreams) {
  EXPECT_EQ(Code(""), StatusCode::kUnavailable);
  EXPECT_EQ(Code("HTTP/1.1 200 OK"), StatusCode::kUnavailable);
  EXPECT_EQ(Code("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"),
            StatusCode::kUnavailable);
  EXPECT_EQ(Code("HTTP/1.1 100 Continue\r\n\r\n"), StatusCode::kUnavailable);
  for (const char* chunks :
       {"", "2", "2\r\n", "2\r\n{", "2\r\n{}", "2\r\n{}\r", "2\r\n{}\r\n",
        "2\r\n{}\r\n0\r\n", "2\r\n{}\r\n0\r\nX: 1\r\n"}) {
    SCOPED_TRACE(chunks);
    EXPECT_EQ(Code(Chunked(chunks)), StatusCode::kDataLoss);
  }
}

TEST(HttpResponseTest, ErrorsAreSticky) {
  HttpResponseParser parser({});
  absl::Status first = parser.Feed("HTTP/1.1 200 OK\r\nbad line\r\n");
  EXPECT_EQ(first.code(), StatusCode::kUnavailable);
  EXPECT_EQ(parser.Feed("Content-Length: 0\r\n\r\n"), first);
  EXPECT_EQ(parser.Feed(""), first);
  EXPECT_EQ(parser.FinishStream(), first);
  EXPECT_FALSE(parser.done());
}

// The body never grows past the limit, however the bytes arrive (the check
// is in ParseInPieces), including a body that ends the stream.
TEST(HttpResponseTest, BodyNeverExceedsTheLimit) {
  const std::string body(1000, 'b');
  for (size_t limit : {0, 1, 999, 1000, 1001}) {
    SCOPED_TRACE(limit);
    const bool fits = limit >= body.size();
    EXPECT_EQ(
        Parse("HTTP/1.1 200 OK\r\n\r\n" + body, BodyLimit(limit)).status.ok(),
        fits);
    EXPECT_EQ(Parse("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + body,
                    BodyLimit(limit))
                  .status.ok(),
              fits);
    EXPECT_EQ(Parse(Chunked("1f4\r\n" + body.substr(500) + "\r\n1F4\r\n" +
                            body.substr(500) + "\r\n0\r\n\r\n"),
                    BodyLimit(limit))
                  .status.ok(),
              fits);
  }
}

}  // namespace
}  // namespace jwtv::internal
