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
// with Connection: close, then the response, read by HttpResponseParser
// (http_response.h: every framing rule and limit, max_body_bytes among
// them); this file only moves bytes between the socket and the parser.
// The request's total deadline is checked before every read and write (so
// before every TLS record) and every handshake step, not only when a call
// would block: a server that keeps sending cannot hold a fetch past it.
// Redirects (301/302/303/307/308) must stay on the same scheme, host and
// port.

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
#include "jwks_cache/http_response.h"
#include "jwks_cache/http_util.h"
#include "jwtv/jwks_cache.h"

namespace jwtv {
namespace {

using SteadyClock = std::chrono::steady_clock;
using internal::Url;

// Milliseconds to the deadline, rounded up (poll() must not wake before
// it); 0 once it has passed.
int RemainingMs(SteadyClock::time_point deadline) {
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline -
                                                           SteadyClock::now())
                  .count();
  return left <= 0 ? 0 : static_cast<int>(std::min<int64_t>(left, 1 << 30));
}

bool Expired(SteadyClock::time_point deadline) {
  return SteadyClock::now() >= deadline;
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
      if (Expired(deadline)) return Timeout("sending");
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

  // Reads some bytes into buf (at most one TLS record's worth); 0 at the
  // end of the stream. Fails once `deadline` has passed, even with data
  // waiting.
  absl::StatusOr<size_t> Read(char* buf, size_t size,
                              SteadyClock::time_point deadline) {
    for (;;) {
      if (Expired(deadline)) return Timeout("reading");
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
      if (Expired(deadline)) return Timeout("in TLS handshake");
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

  // The parser enforces every limit; this loop only moves bytes to it.
  internal::HttpResponseLimits limits;
  limits.max_body_bytes = options.max_body_bytes;
  internal::HttpResponseParser parser(limits);
  char buf[16384];
  while (!parser.done()) {
    absl::StatusOr<size_t> n = conn.Read(buf, sizeof(buf), deadline);
    if (!n.ok()) return n.status();
    absl::Status s = *n == 0 ? parser.FinishStream()
                             : parser.Feed(std::string_view(buf, *n));
    if (!s.ok()) return s;
  }
  RawResponse out;
  out.status = parser.status();
  out.etag = parser.etag();
  out.cache_control = parser.cache_control();
  out.location = parser.location();
  out.body = parser.TakeBody();
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
