// Copyright 2026 The jwtv Authors.
//
// fuzz_http_response: the JWKS fetcher's HTTP/1.1 response parser
// (src/jwks_cache/http_response.h) over any bytes, as the stream a server
// sends, then the end of the stream. Under two sets of limits (the
// fetcher's defaults, and tiny ones that every input can reach):
//   - the result (each call's status, done(), the final status, fields and
//     body) is the same whether the input is fed whole, one byte at a time,
//     or in pieces of pseudo-random sizes (from the input's hash; empty
//     pieces included);
//   - the body never exceeds max_body_bytes, after any call;
//   - FinishStream succeeds iff the response is then complete; errors are
//     sticky; a complete response has a final status (200-599);
//   - what the tiny limits accept, the default limits accept the same way.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "jwks_cache/http_response.h"

namespace {

using jwtv::internal::HttpResponseLimits;
using jwtv::internal::HttpResponseParser;

struct Result {
  std::string feed_status;  // the first failing Feed, or "OK"
  bool done_before_end = false;
  std::string final_status;  // FinishStream after the feeds, or that error
  int code = 0;
  std::string body, etag, cache_control, location;

  bool operator==(const Result& o) const {
    return feed_status == o.feed_status &&
           done_before_end == o.done_before_end &&
           final_status == o.final_status && code == o.code && body == o.body &&
           etag == o.etag && cache_control == o.cache_control &&
           location == o.location;
  }
};

// Ends the stream of a parser that took every byte without an error, and
// records its answer in *r.
void Finish(HttpResponseParser* parser, const HttpResponseLimits& limits,
            Result* r) {
  const absl::Status end = parser->FinishStream();
  FUZZ_CHECK(end.ok() == parser->done(), "FinishStream %s but done() %d",
             end.ToString().c_str(), parser->done());
  FUZZ_CHECK(end.ok() || !r->done_before_end,
             "a done parser failed at the end");
  r->final_status = end.ToString();
  if (!end.ok()) return;
  r->code = parser->status();
  FUZZ_CHECK(r->code >= 200 && r->code <= 599, "final status %d", r->code);
  r->body = parser->body();
  r->etag = parser->etag();
  r->cache_control = parser->cache_control();
  r->location = parser->location();
  FUZZ_CHECK(r->body.size() <= limits.max_body_bytes, "body over the limit");
}

// Feeds `in` in the pieces `next_piece` returns (sizes; 0 feeds nothing).
template <typename NextPiece>
Result Run(std::string_view in, const HttpResponseLimits& limits,
           NextPiece next_piece) {
  HttpResponseParser parser(limits);
  Result r;
  absl::Status status;
  while (status.ok() && !in.empty()) {
    const size_t n = std::min(next_piece(in.size()), in.size());
    status = parser.Feed(in.substr(0, n));
    in.remove_prefix(n);
    FUZZ_CHECK(parser.body().size() <= limits.max_body_bytes,
               "body %zu over the limit %zu", parser.body().size(),
               limits.max_body_bytes);
  }
  r.feed_status = status.ToString();
  r.done_before_end = parser.done();
  if (!status.ok()) {
    // Sticky: more bytes and the end of the stream give the same error.
    FUZZ_CHECK(parser.Feed("HTTP/1.1 200 OK\r\n\r\n") == status, "not sticky");
    FUZZ_CHECK(parser.FinishStream() == status, "not sticky at the end");
    FUZZ_CHECK(!parser.done(), "done after an error");
    r.final_status = status.ToString();
    return r;
  }
  Finish(&parser, limits, &r);
  return r;
}

Result CheckSplits(std::string_view in, const HttpResponseLimits& limits) {
  Result whole = Run(in, limits, [](size_t left) { return left; });
  const Result bytes = Run(in, limits, [](size_t) { return size_t{1}; });
  FUZZ_CHECK(bytes == whole, "byte by byte: %s / %s, whole: %s / %s",
             bytes.feed_status.c_str(), bytes.final_status.c_str(),
             whole.feed_status.c_str(), whole.final_status.c_str());
  uint64_t seed = 1469598103934665603u;  // FNV-1a of the input
  for (unsigned char c : in) seed = (seed ^ c) * 1099511628211u;
  std::minstd_rand rng(static_cast<uint32_t>(seed ^ (seed >> 32)));
  const Result random = Run(in, limits, [&rng](size_t left) {
    switch (rng() % 4) {
      case 0:
        return size_t{0};
      case 1:
        return size_t{1} + rng() % 3;
      default:
        return size_t{1} + rng() % std::min<size_t>(left, 300);
    }
  });
  FUZZ_CHECK(random == whole, "random pieces: %s / %s, whole: %s / %s",
             random.feed_status.c_str(), random.final_status.c_str(),
             whole.feed_status.c_str(), whole.final_status.c_str());
  return whole;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const Result defaults = CheckSplits(in, HttpResponseLimits());
  HttpResponseLimits tiny;
  tiny.max_header_bytes = 256;
  tiny.max_header_fields = 4;
  tiny.max_body_bytes = 16;
  const Result small = CheckSplits(in, tiny);
  if (small.final_status == "OK") {
    FUZZ_CHECK(small == defaults, "accepted under tiny limits only: %s",
               defaults.final_status.c_str());
  }
  return 0;
}
