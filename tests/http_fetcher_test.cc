// Copyright 2026 The jwtv Authors.
//
// The default Fetcher (MakeHttpFetcher) against hostile HTTP servers on
// loopback: a raw socket server in a thread of the test writes exactly the
// bytes each test needs (framing no well-behaved server library produces),
// for ever unless the fetch stops it. Each server stops by itself after
// kServerLimit or kServerByteCap, so a fetcher that does not stop on its
// own makes a test fail, not hang or exhaust memory. Well-formed responses
// are covered by jwks_cache_test.cc; the deadline over TLS (one TLS record
// per read) runs against tests/jwks_server.py --tls.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jwks_test_util.h"
#include "jwtv/jwks_cache.h"

namespace jwtv {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

// A server stops sending after this long, whatever the client does, or
// after its byte cap (64 MiB unless a test says otherwise).
constexpr auto kServerLimit = seconds(10);
constexpr uint64_t kServerByteCap = uint64_t{64} << 20;

// One listening socket on 127.0.0.1; each connection's request is read
// (up to its blank line), then `respond` writes the response through
// Send() until it returns or Send() fails.
class RawServer {
 public:
  using Respond = std::function<void(RawServer&)>;

  explicit RawServer(Respond respond, uint64_t byte_cap = kServerByteCap)
      : respond_(std::move(respond)), byte_cap_(byte_cap) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (listen_fd_ < 0 ||
        ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::listen(listen_fd_, 4) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) !=
            0) {
      return;
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Run(); });
  }

  ~RawServer() {
    stop_ = true;
    ::shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
    if (thread_.joinable()) thread_.join();
    ::close(listen_fd_);
  }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/jwks";
  }
  int port() const { return port_; }
  uint64_t bytes_sent() const { return bytes_sent_; }

  // Writes all of `data`; false once the client is gone or a limit of the
  // server is reached (the response should then end).
  bool Send(std::string_view data) {
    while (!data.empty()) {
      if (stop_ || Clock::now() - start_ > kServerLimit ||
          bytes_sent_ >= byte_cap_) {
        return false;
      }
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n <= 0) return false;
      bytes_sent_ += static_cast<uint64_t>(n);
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

 private:
  void Run() {
    for (;;) {
      fd_ = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd_ < 0) return;
      // Short socket timeouts, so that a blocked send sees stop_.
      timeval tv{0, 100 * 1000};
      ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
      start_ = Clock::now();
      std::string request;
      char buf[4096];
      while (request.find("\r\n\r\n") == std::string::npos &&
             request.size() < 65536 && !stop_ &&
             Clock::now() - start_ < kServerLimit) {
        ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
        if (n == 0) break;
        if (n > 0) request.append(buf, static_cast<size_t>(n));
      }
      respond_(*this);
      ::close(fd_);
    }
  }

  Respond respond_;
  const uint64_t byte_cap_;
  int listen_fd_ = -1;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> bytes_sent_{0};
  Clock::time_point start_;
  std::thread thread_;
};

HttpFetcherOptions Options() {
  HttpFetcherOptions o;
  o.allow_http = true;
  o.connect_timeout = milliseconds(1000);
  o.total_timeout = milliseconds(300);
  o.max_body_bytes = size_t{1} << 20;
  return o;
}

struct Outcome {
  absl::StatusOr<Fetcher::Response> response;
  Clock::duration elapsed;
};

Outcome Fetch(const RawServer& server, HttpFetcherOptions options) {
  auto fetcher = MakeHttpFetcher(std::move(options));
  const auto start = Clock::now();
  absl::StatusOr<Fetcher::Response> r = fetcher->Get({server.url(), ""});
  return {std::move(r), Clock::now() - start};
}

// Bounds of the time a failed fetch may take: total_timeout (300 ms) plus
// a margin for a loaded machine, far below kServerLimit.
constexpr auto kPromptly = seconds(2);

std::string Blob(size_t n, char c = 'x') { return std::string(n, c); }

// After a one-byte chunk, a chunk size of 2^64 - 1 wraps
// a naive `body.size() + n` to 0, under the limit, and a client that trusts
// it buffers everything the server sends. The size alone must end the
// fetch.
TEST(HttpFetcherTest, ChunkSizeThatWrapsIsRefusedBeforeItsData) {
  RawServer server([](RawServer& s) {
    if (!s.Send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                "1\r\n{\r\nffffffffffffffff\r\n")) {
      return;
    }
    const std::string block = Blob(64 * 1024);
    while (s.Send(block)) {
    }
  });
  ASSERT_GT(server.port(), 0);
  HttpFetcherOptions o = Options();
  o.total_timeout = seconds(5);  // the limit, not the deadline, must end it
  Outcome out = Fetch(server, o);
  EXPECT_EQ(out.response.status().code(), absl::StatusCode::kResourceExhausted)
      << out.response.status();
  EXPECT_LT(out.elapsed, kPromptly);
  EXPECT_LT(server.bytes_sent(), kServerByteCap / 2);
}

// The same with more hex digits than a 64-bit size holds.
TEST(HttpFetcherTest, ChunkSizeOverSixtyFourBitsIsRefused) {
  RawServer server([](RawServer& s) {
    if (!s.Send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                "1\r\n{\r\n1ffffffffffffffff\r\n")) {
      return;
    }
    const std::string block = Blob(64 * 1024);
    while (s.Send(block)) {
    }
  });
  ASSERT_GT(server.port(), 0);
  Outcome out = Fetch(server, Options());
  EXPECT_FALSE(out.response.ok());
  EXPECT_NE(out.response.status().code(), absl::StatusCode::kDeadlineExceeded)
      << out.response.status();
  EXPECT_LT(out.elapsed, kPromptly);
}

// The total deadline holds while bytes keep arriving.
// One header line every 10 ms, for ever.
TEST(HttpFetcherTest, TrickledHeadersEndAtTheDeadline) {
  RawServer server([](RawServer& s) {
    if (!s.Send("HTTP/1.1 200 OK\r\n")) return;
    for (int i = 0; s.Send("X-Trickle: " + std::to_string(i) + "\r\n"); ++i) {
      std::this_thread::sleep_for(milliseconds(10));
    }
  });
  ASSERT_GT(server.port(), 0);
  Outcome out = Fetch(server, Options());
  EXPECT_EQ(out.response.status().code(), absl::StatusCode::kDeadlineExceeded)
      << out.response.status();
  EXPECT_LT(out.elapsed, kPromptly);
}

// One body byte every 10 ms, for ever (no length: the body ends with the
// connection).
TEST(HttpFetcherTest, TrickledBodyEndsAtTheDeadline) {
  RawServer server([](RawServer& s) {
    if (!s.Send("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")) return;
    while (s.Send(" ")) std::this_thread::sleep_for(milliseconds(10));
  });
  ASSERT_GT(server.port(), 0);
  Outcome out = Fetch(server, Options());
  EXPECT_EQ(out.response.status().code(), absl::StatusCode::kDeadlineExceeded)
      << out.response.status();
  EXPECT_LT(out.elapsed, kPromptly);
}

// A server as fast as loopback allows, within every limit: one-byte
// chunks ("1\r\n \r\n", 6 bytes on the wire per body byte, costly to
// parse), so that the client finds data at every read and the body limit
// (64 MiB here) is far: the deadline must end the fetch. The server stops
// after kFloodByteCap (or kServerLimit), with the body incomplete (an error
// too, but not kDeadlineExceeded); the cap is far beyond what any client
// parses before its deadline, so a fast machine cannot end the flood first.
TEST(HttpFetcherTest, FloodWithinTheLimitsEndsAtTheDeadline) {
  constexpr uint64_t kFloodByteCap = uint64_t{1} << 30;
  RawServer server(
      [](RawServer& s) {
        if (!s.Send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")) {
          return;
        }
        std::string block;
        while (block.size() < 240 * 1024) block += "1\r\n \r\n";
        while (s.Send(block)) {
        }
      },
      kFloodByteCap);
  ASSERT_GT(server.port(), 0);
  HttpFetcherOptions o = Options();
  o.max_body_bytes = size_t{64} << 20;
  Outcome out = Fetch(server, o);
  EXPECT_EQ(out.response.status().code(), absl::StatusCode::kDeadlineExceeded)
      << out.response.status();
  EXPECT_LT(out.elapsed, kPromptly);
  EXPECT_LT(server.bytes_sent(), kFloodByteCap);
}

// Framing errors reach the caller as errors, and a well-formed chunked
// response with extensions and trailers is read whole.
TEST(HttpFetcherTest, ChunkedBodyWithExtensionsAndTrailers) {
  RawServer server([](RawServer& s) {
    s.Send(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nETag: \"e1\"\r\n"
        "Cache-Control: max-age=60\r\n\r\n"
        "5;name=value\r\n{\"key\r\n5\r\ns\":[]\r\n1\r\n}\r\n0\r\n"
        "X-Trailer: t\r\n\r\n");
  });
  ASSERT_GT(server.port(), 0);
  Outcome out = Fetch(server, Options());
  ASSERT_TRUE(out.response.ok()) << out.response.status();
  EXPECT_EQ(out.response->status, 200);
  EXPECT_EQ(out.response->body, "{\"keys\":[]}");
  EXPECT_EQ(out.response->etag, "\"e1\"");
  EXPECT_EQ(out.response->cache_control, "max-age=60");
}

TEST(HttpFetcherTest, ChunkDataWithoutItsLineBreakIsRefused) {
  RawServer server([](RawServer& s) {
    s.Send(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        "2\r\n{}XX\r\n0\r\n\r\n");
  });
  ASSERT_GT(server.port(), 0);
  Outcome out = Fetch(server, Options());
  EXPECT_EQ(out.response.status().code(), absl::StatusCode::kUnavailable)
      << out.response.status();
}

TEST(HttpFetcherTest, ConflictingContentLengthsAreRefused) {
  RawServer server([](RawServer& s) {
    s.Send(
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 12\r\n\r\n"
        "{}{\"keys\":[]}");
  });
  ASSERT_GT(server.port(), 0);
  Outcome out = Fetch(server, Options());
  EXPECT_EQ(out.response.status().code(), absl::StatusCode::kUnavailable)
      << out.response.status();
}

// The deadline over TLS: tests/jwks_server.py --tls in its "trickle" and
// "flood" modes (the same shapes as the raw server's, each byte or block
// in its own TLS records).
class HttpFetcherTlsTest : public ::testing::TestWithParam<const char*> {
 protected:
  static void SetUpTestSuite() {
    char dir[] = "/tmp/jwtv-http-fetcher-XXXXXX";
    if (::mkdtemp(dir) != nullptr && testing::MakeTestCertificates(dir)) {
      *cert_dir_ = dir;
    }
  }
  static void TearDownTestSuite() {
    if (cert_dir_->empty()) return;
    testing::RemoveTestCertificates(*cert_dir_);
    cert_dir_->clear();
  }
  static std::string* cert_dir_;
};

std::string* HttpFetcherTlsTest::cert_dir_ = new std::string;

TEST_P(HttpFetcherTlsTest, EndsAtTheDeadline) {
  ASSERT_FALSE(cert_dir_->empty()) << "jwks_server.py --make-certs failed";
  testing::JwksServer server(*cert_dir_ + "/localhost.pem",
                             *cert_dir_ + "/localhost.key");
  ASSERT_GT(server.tls_port(), 0) << "jwks_server.py --tls did not start";
  server.Control(std::string(R"({"mode": ")") + GetParam() + "\"}");
  HttpFetcherOptions o = Options();
  o.allow_http = false;
  o.ca_file = *cert_dir_ + "/ca.pem";
  o.max_body_bytes = size_t{64} << 20;
  // Room for the handshake on a loaded machine; the response takes the
  // rest.
  o.total_timeout = milliseconds(1000);
  auto fetcher = MakeHttpFetcher(o);
  const auto start = Clock::now();
  absl::StatusOr<Fetcher::Response> r = fetcher->Get(
      {"https://localhost:" + std::to_string(server.tls_port()) + "/jwks", ""});
  const auto elapsed = Clock::now() - start;
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded)
      << r.status();
  EXPECT_GE(elapsed, milliseconds(1000));
  EXPECT_LT(elapsed, seconds(3));
}

INSTANTIATE_TEST_SUITE_P(Modes, HttpFetcherTlsTest,
                         ::testing::Values("trickle", "flood"),
                         [](const auto& info) {
                           return std::string(info.param);
                         });

}  // namespace
}  // namespace jwtv
