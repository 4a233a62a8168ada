// Copyright 2026 The jwtv Authors.
//
// The default Fetcher: a small HTTP/1.1 GET client over GnuTLS.
//
// Why not libcurl: Debian's libcurl-gnutls links libssh2, which links
// OpenSSL's libcrypto.so.3; loading it next to BoringSSL (unversioned
// symbols of the same names) lets either library bind the other's
// functions. GnuTLS itself depends on nettle/hogweed only.
//
// One request: resolve, non-blocking connect bounded by connect_timeout, TLS
// handshake with certificate and host-name verification, "GET ... HTTP/1.1"
// with Connection: close, then the status line, headers (64 KiB at most) and
// a body delimited by Content-Length, chunked encoding or the end of the
// connection, capped at max_body_bytes. Every wait is bounded by the
// request's total deadline. Redirects (301/302/303/307/308) must stay on the
// same scheme, host and port.

#include <arpa/inet.h>
#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "jwks_cache/http_util.h"
#include "jwtv/jwks_cache.h"

namespace jwtv {
namespace {

using SteadyClock = std::chrono::steady_clock;
using internal::Url;

constexpr size_t kMaxHeaderBytes = 64 * 1024;

int RemainingMs(SteadyClock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                  deadline - SteadyClock::now())
                  .count();
  return left <= 0 ? 0 : static_cast<int>(std::min<int64_t>(left, 1 << 30));
}

absl::Status Timeout(std::string_view what) {
  return absl::DeadlineExceededError("timed out " + std::string(what));
}

// Waits until `fd` is readable (or writable); false on timeout.
bool WaitFd(int fd, bool for_write, SteadyClock::time_point deadline) {
  for (;;) {
    int ms = RemainingMs(deadline);
    if (ms == 0) return false;
    pollfd p{fd, static_cast<short>(for_write ? POLLOUT : POLLIN), 0};
    int r = ::poll(&p, 1, ms);
    if (r > 0) return true;
    if (r == 0) return false;
    if (errno != EINTR) return true;  // let the next I/O call report it
  }
}

class GnutlsGlobal {
 public:
  static bool Init() {
    static const bool ok = gnutls_global_init() == GNUTLS_E_SUCCESS;
    return ok;
  }
};

// One connection: a socket, optionally wrapped in TLS.
class Connection {
 public:
  ~Connection() {
    if (session_ != nullptr) gnutls_deinit(session_);
    if (creds_ != nullptr) gnutls_certificate_free_credentials(creds_);
    if (fd_ >= 0) ::close(fd_);
  }

  absl::Status Connect(const Url& url, const HttpFetcherOptions& options,
                       SteadyClock::time_point deadline) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* res = nullptr;
    const std::string port = std::to_string(url.port);
    if (int rc = ::getaddrinfo(url.host.c_str(), port.c_str(), &hints, &res);
        rc != 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot resolve ", url.host, ": ", gai_strerror(rc)));
    }
    const auto connect_deadline =
        std::min(deadline, SteadyClock::now() + options.connect_timeout);
    absl::Status last = absl::UnavailableError("no address");
    for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
      int fd = ::socket(ai->ai_family,
                        ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                        ai->ai_protocol);
      if (fd < 0) continue;
      int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
      if (rc != 0 && errno == EINPROGRESS) {
        if (!WaitFd(fd, /*for_write=*/true, connect_deadline)) {
          ::close(fd);
          last = Timeout(absl::StrCat("connecting to ", url.Authority()));
          continue;
        }
        int err = 0;
        socklen_t len = sizeof(err);
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        rc = err == 0 ? 0 : -1;
        errno = err;
      }
      if (rc != 0) {
        last = absl::UnavailableError(absl::StrCat(
            "cannot connect to ", url.Authority(), ": ", std::strerror(errno)));
        ::close(fd);
        continue;
      }
      fd_ = fd;
      break;
    }
    ::freeaddrinfo(res);
    if (fd_ < 0) return last;
    if (url.https) return StartTls(url, options, deadline);
    return absl::OkStatus();
  }

  absl::Status WriteAll(std::string_view data,
                        SteadyClock::time_point deadline) {
    while (!data.empty()) {
      ssize_t n;
      if (session_ != nullptr) {
        n = gnutls_record_send(session_, data.data(), data.size());
        if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) {
          if (!WaitFd(fd_, true, deadline)) return Timeout("sending");
          continue;
        }
        if (n < 0) {
          return absl::UnavailableError(
              absl::StrCat("TLS send: ", gnutls_strerror(static_cast<int>(n))));
        }
      } else {
        n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
          if (!WaitFd(fd_, true, deadline)) return Timeout("sending");
          continue;
        }
        if (n < 0) {
          return absl::UnavailableError(
              absl::StrCat("send: ", std::strerror(errno)));
        }
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
    return absl::OkStatus();
  }

  // Reads some bytes into buf; 0 at the end of the stream.
  absl::StatusOr<size_t> Read(char* buf, size_t size,
                              SteadyClock::time_point deadline) {
    for (;;) {
      if (session_ != nullptr) {
        ssize_t n = gnutls_record_recv(session_, buf, size);
        if (n >= 0) return static_cast<size_t>(n);
        if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED) {
          if (gnutls_record_check_pending(session_) > 0) continue;
          if (!WaitFd(fd_, false, deadline)) return Timeout("reading");
          continue;
        }
        // A peer that closes without close_notify ends the stream; the
        // framing (Content-Length, chunks) catches truncation.
        if (n == GNUTLS_E_PREMATURE_TERMINATION) return size_t{0};
        return absl::UnavailableError(absl::StrCat(
            "TLS receive: ", gnutls_strerror(static_cast<int>(n))));
      }
      ssize_t n = ::recv(fd_, buf, size, 0);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno == EAGAIN || errno == EINTR) {
        if (!WaitFd(fd_, false, deadline)) return Timeout("reading");
        continue;
      }
      return absl::UnavailableError(
          absl::StrCat("receive: ", std::strerror(errno)));
    }
  }

 private:
  absl::Status StartTls(const Url& url, const HttpFetcherOptions& options,
                        SteadyClock::time_point deadline) {
    if (!GnutlsGlobal::Init()) {
      return absl::InternalError("GnuTLS initialization failed");
    }
    if (gnutls_certificate_allocate_credentials(&creds_) < 0) {
      return absl::InternalError("GnuTLS: no memory");
    }
    int loaded =
        options.ca_file.empty()
            ? gnutls_certificate_set_x509_system_trust(creds_)
            : gnutls_certificate_set_x509_trust_file(
                  creds_, options.ca_file.c_str(), GNUTLS_X509_FMT_PEM);
    if (loaded <= 0) {
      return absl::FailedPreconditionError(
          "no trusted CA certificates could be loaded");
    }
    if (gnutls_init(&session_, GNUTLS_CLIENT | GNUTLS_NONBLOCK) < 0 ||
        gnutls_set_default_priority(session_) < 0 ||
        gnutls_credentials_set(session_, GNUTLS_CRD_CERTIFICATE, creds_) < 0) {
      return absl::InternalError("GnuTLS session setup failed");
    }
    // SNI only for names, not address literals.
    in6_addr addr;
    if (::inet_pton(AF_INET, url.host.c_str(), &addr) != 1 &&
        ::inet_pton(AF_INET6, url.host.c_str(), &addr) != 1) {
      gnutls_server_name_set(session_, GNUTLS_NAME_DNS, url.host.data(),
                             url.host.size());
    }
    gnutls_session_set_verify_cert(session_, url.host.c_str(), 0);
    gnutls_transport_set_int(session_, fd_);
    for (;;) {
      int rc = gnutls_handshake(session_);
      if (rc == GNUTLS_E_SUCCESS) return absl::OkStatus();
      if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED) {
        bool write = gnutls_record_get_direction(session_) == 1;
        if (!WaitFd(fd_, write, deadline)) return Timeout("in TLS handshake");
        continue;
      }
      if (rc == GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR) {
        unsigned status = gnutls_session_get_verify_cert_status(session_);
        gnutls_datum_t text{};
        std::string why = "certificate verification failed";
        if (gnutls_certificate_verification_status_print(
                status, GNUTLS_CRT_X509, &text, 0) == 0) {
          why +=
              ": " + std::string(reinterpret_cast<char*>(text.data), text.size);
          gnutls_free(text.data);
        }
        return absl::UnavailableError(why);
      }
      if (gnutls_error_is_fatal(rc)) {
        return absl::UnavailableError(
            absl::StrCat("TLS handshake: ", gnutls_strerror(rc)));
      }
    }
  }

  int fd_ = -1;
  gnutls_certificate_credentials_t creds_ = nullptr;
  gnutls_session_t session_ = nullptr;
};

struct RawResponse {
  int status = 0;
  std::string body;
  std::string etag;
  std::string cache_control;
  std::string location;
};

// Buffered reader over a connection.
class Reader {
 public:
  Reader(Connection* conn, SteadyClock::time_point deadline)
      : conn_(conn), deadline_(deadline) {}

  // Reads until "\r\n" (or "\n"); the line without it. Fails past max.
  absl::StatusOr<std::string> Line(size_t max) {
    for (;;) {
      size_t nl = buf_.find('\n', pos_);
      if (nl != std::string::npos) {
        std::string line = buf_.substr(pos_, nl - pos_);
        pos_ = nl + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
      }
      if (buf_.size() - pos_ > max) {
        return absl::ResourceExhaustedError("HTTP header line too long");
      }
      absl::StatusOr<bool> more = Fill();
      if (!more.ok()) return more.status();
      if (!*more) return absl::UnavailableError("connection closed early");
    }
  }

  // Appends exactly n bytes to *out.
  absl::Status Exactly(size_t n, std::string* out) {
    while (buf_.size() - pos_ < n) {
      absl::StatusOr<bool> more = Fill();
      if (!more.ok()) return more.status();
      if (!*more) return absl::DataLossError("truncated response body");
    }
    out->append(buf_, pos_, n);
    pos_ += n;
    return absl::OkStatus();
  }

  // Appends everything to the end of the stream, at most max bytes.
  absl::Status ToEnd(size_t max, std::string* out) {
    for (;;) {
      out->append(buf_, pos_, std::string::npos);
      buf_.clear();
      pos_ = 0;
      if (out->size() > max) return TooLarge(max);
      absl::StatusOr<bool> more = Fill();
      if (!more.ok()) return more.status();
      if (!*more) return absl::OkStatus();
    }
  }

  static absl::Status TooLarge(size_t max) {
    return absl::ResourceExhaustedError(
        absl::StrCat("response body larger than ", max, " bytes"));
  }

 private:
  absl::StatusOr<bool> Fill() {
    if (pos_ > 0 && pos_ == buf_.size()) {
      buf_.clear();
      pos_ = 0;
    }
    char chunk[16384];
    absl::StatusOr<size_t> n = conn_->Read(chunk, sizeof(chunk), deadline_);
    if (!n.ok()) return n.status();
    buf_.append(chunk, *n);
    return *n > 0;
  }

  Connection* conn_;
  SteadyClock::time_point deadline_;
  std::string buf_;
  size_t pos_ = 0;
};

absl::StatusOr<RawResponse> OneRequest(const Url& url,
                                       const std::string& if_none_match,
                                       const HttpFetcherOptions& options,
                                       SteadyClock::time_point deadline) {
  Connection conn;
  if (absl::Status s = conn.Connect(url, options, deadline); !s.ok()) return s;
  std::string request =
      absl::StrCat("GET ", url.target, " HTTP/1.1\r\nHost: ", url.Authority(),
                   "\r\nUser-Agent: jwtv\r\n"
                   "Accept: application/jwk-set+json, application/json\r\n"
                   "Accept-Encoding: identity\r\nConnection: close\r\n");
  if (!if_none_match.empty() &&
      if_none_match.find_first_of("\r\n") == std::string::npos) {
    absl::StrAppend(&request, "If-None-Match: ", if_none_match, "\r\n");
  }
  request += "\r\n";
  if (absl::Status s = conn.WriteAll(request, deadline); !s.ok()) return s;

  Reader reader(&conn, deadline);
  RawResponse out;
  // Status line; skip interim 1xx responses.
  size_t header_bytes = 0;
  bool chunked = false;
  std::optional<uint64_t> content_length;
  for (;;) {
    absl::StatusOr<std::string> status_line = reader.Line(kMaxHeaderBytes);
    if (!status_line.ok()) return status_line.status();
    std::string_view sl = *status_line;
    if (sl.size() < 12 || sl.substr(0, 7) != "HTTP/1." || sl[8] != ' ') {
      return absl::UnavailableError("not an HTTP/1.x response");
    }
    int code = 0;
    auto [ptr, ec] = std::from_chars(sl.data() + 9, sl.data() + 12, code);
    if (ec != std::errc() || ptr != sl.data() + 12 || code < 100) {
      return absl::UnavailableError("bad HTTP status line");
    }
    out.status = code;
    chunked = false;
    content_length.reset();
    for (;;) {
      absl::StatusOr<std::string> line = reader.Line(kMaxHeaderBytes);
      if (!line.ok()) return line.status();
      header_bytes += line->size() + 2;
      if (header_bytes > kMaxHeaderBytes) {
        return absl::ResourceExhaustedError("HTTP headers too large");
      }
      if (line->empty()) break;
      size_t colon = line->find(':');
      if (colon == std::string::npos) continue;
      std::string name = internal::ToLower(line->substr(0, colon));
      std::string value(
          internal::StripWhitespace(std::string_view(*line).substr(colon + 1)));
      if (name == "content-length") {
        uint64_t n = 0;
        auto [p, e] =
            std::from_chars(value.data(), value.data() + value.size(), n);
        if (e != std::errc() || p != value.data() + value.size()) {
          return absl::UnavailableError("bad Content-Length");
        }
        content_length = n;
      } else if (name == "transfer-encoding") {
        chunked = internal::ToLower(value).find("chunked") != std::string::npos;
      } else if (name == "etag") {
        out.etag = value;
      } else if (name == "cache-control") {
        out.cache_control = out.cache_control.empty()
                                ? value
                                : out.cache_control + ", " + value;
      } else if (name == "location") {
        out.location = value;
      }
      // Set-Cookie and everything else is ignored: no cookies are kept.
    }
    if (out.status >= 200) break;
  }
  if (out.status == 204 || out.status == 304 ||
      (out.status >= 300 && out.status < 400)) {
    return out;  // no body needed
  }
  const size_t max = options.max_body_bytes;
  if (chunked) {
    for (;;) {
      absl::StatusOr<std::string> size_line = reader.Line(1024);
      if (!size_line.ok()) return size_line.status();
      std::string_view sz = *size_line;
      sz = sz.substr(0, sz.find(';'));
      sz = internal::StripWhitespace(sz);
      uint64_t n = 0;
      auto [p, e] = std::from_chars(sz.data(), sz.data() + sz.size(), n, 16);
      if (e != std::errc() || p != sz.data() + sz.size()) {
        return absl::UnavailableError("bad chunk size");
      }
      if (n == 0) break;
      if (out.body.size() + n > max) return Reader::TooLarge(max);
      if (absl::Status s = reader.Exactly(n, &out.body); !s.ok()) return s;
      absl::StatusOr<std::string> crlf = reader.Line(2);
      if (!crlf.ok()) return crlf.status();
    }
    // Trailers are not needed: the connection closes anyway.
    return out;
  }
  if (content_length.has_value()) {
    if (*content_length > max) return Reader::TooLarge(max);
    if (absl::Status s = reader.Exactly(*content_length, &out.body); !s.ok()) {
      return s;
    }
    return out;
  }
  if (absl::Status s = reader.ToEnd(max, &out.body); !s.ok()) return s;
  return out;
}

class HttpFetcher : public Fetcher {
 public:
  explicit HttpFetcher(HttpFetcherOptions options)
      : options_(std::move(options)) {}

  absl::StatusOr<Response> Get(const Request& request) override {
    const auto deadline = SteadyClock::now() + options_.total_timeout;
    absl::StatusOr<Url> url = internal::ParseUrl(request.url);
    if (!url.ok()) return url.status();
    if (!url->https && !options_.allow_http) {
      return absl::InvalidArgumentError(
          "plain http:// is not allowed (https only unless allow_http)");
    }
    const Url origin = *url;
    for (int redirects = 0;; ++redirects) {
      absl::StatusOr<RawResponse> r =
          OneRequest(*url, request.if_none_match, options_, deadline);
      if (!r.ok()) return r.status();
      const int s = r->status;
      if (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) {
        if (redirects >= options_.max_redirects) {
          return absl::UnavailableError("too many redirects");
        }
        absl::StatusOr<Url> next = internal::ResolveLocation(*url, r->location);
        if (!next.ok()) return next.status();
        if (!next->SameOrigin(origin)) {
          return absl::PermissionDeniedError(
              "redirect to another host refused");
        }
        url = *std::move(next);
        continue;
      }
      Response out;
      out.status = s;
      out.body = std::move(r->body);
      out.etag = std::move(r->etag);
      out.cache_control = std::move(r->cache_control);
      return out;
    }
  }

 private:
  const HttpFetcherOptions options_;
};

}  // namespace

std::unique_ptr<Fetcher> MakeHttpFetcher(HttpFetcherOptions options) {
  return std::make_unique<HttpFetcher>(std::move(options));
}

}  // namespace jwtv
