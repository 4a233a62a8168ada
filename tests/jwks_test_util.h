// Copyright 2026 The jwtv Authors.
//
// Helpers for the JwksCache tests: HS256 signing with BoringSSL, oct JWKs,
// and the scriptable server tests/jwks_server.py run as a child process.

#ifndef JWTV_TESTS_JWKS_TEST_UTIL_H_
#define JWTV_TESTS_JWKS_TEST_UTIL_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "crypto_testing.h"

namespace jwtv::testing {

inline std::string B64Url(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(acc >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 63]);
  return out;
}

// An HS256 token with kid, sub and exp an hour ahead.
inline std::string SignHs256(std::string_view secret, std::string_view kid,
                             std::string_view sub = "user") {
  std::string header =
      B64Url("{\"alg\":\"HS256\",\"kid\":\"" + std::string(kid) + "\"}");
  std::string payload =
      B64Url("{\"sub\":\"" + std::string(sub) +
             "\",\"exp\":" + std::to_string(std::time(nullptr) + 3600) + "}");
  std::string input = header + "." + payload;
  unsigned char mac[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), secret.size(),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac,
       &len);
  return input + "." +
         B64Url(std::string_view(reinterpret_cast<char*>(mac), len));
}

inline std::string OctJwk(std::string_view kid, std::string_view secret) {
  return "{\"kty\":\"oct\",\"kid\":\"" + std::string(kid) +
         "\",\"alg\":\"HS256\",\"k\":\"" + B64Url(secret) + "\"}";
}

inline constexpr char kJwksServerScript[] =
    JWTV_TEST_DATA_DIR "/../jwks_server.py";

// Runs tests/jwks_server.py --make-certs dir (see the script for the files);
// true on success.
inline bool MakeTestCertificates(const std::string& dir) {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/usr/bin/python3", "python3", kJwksServerScript, "--make-certs",
            dir.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  return pid > 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0;
}

// tests/jwks_server.py on 127.0.0.1, for the life of this object. With a
// certificate and key (PEM files) it also serves TLS on tls_port().
class JwksServer {
 public:
  JwksServer() : JwksServer(std::string(), std::string()) {}
  JwksServer(const std::string& tls_cert, const std::string& tls_key) {
    std::vector<const char*> argv = {"python3", kJwksServerScript};
    if (!tls_cert.empty()) {
      argv.insert(argv.end(), {"--tls", tls_cert.c_str(), tls_key.c_str()});
    }
    argv.push_back(nullptr);
    int in[2], out[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0) return;
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (::getppid() != parent) ::_exit(1);
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::close(in[1]);
      ::close(out[0]);
      ::execv("/usr/bin/python3", const_cast<char* const*>(argv.data()));
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    stdin_ = in[1];
    FILE* f = ::fdopen(out[0], "r");
    if (f == nullptr || std::fscanf(f, "PORT %d", &port_) != 1) port_ = 0;
    if (f != nullptr && !tls_cert.empty() &&
        std::fscanf(f, " TLS %d", &tls_port_) != 1) {
      tls_port_ = 0;
    }
    if (f != nullptr) std::fclose(f);
  }
  ~JwksServer() { Stop(); }

  void Stop() {
    if (stdin_ >= 0) ::close(stdin_);
    stdin_ = -1;
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    pid_ = -1;
  }

  int port() const { return port_; }
  // The TLS port (same routes), 0 without a certificate.
  int tls_port() const { return tls_port_; }
  std::string base() const {
    return "http://127.0.0.1:" + std::to_string(port_);
  }

  // Sends one request and returns the response body ("" on failure).
  std::string Request(std::string_view method, std::string_view path,
                      std::string_view body = {}) const {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      ::close(fd);
      return "";
    }
    std::string req = std::string(method) + " " + std::string(path) +
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
                      std::to_string(body.size()) +
                      "\r\nConnection: close\r\n\r\n" + std::string(body);
    ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
    std::string resp;
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof(buf), 0)) > 0) resp.append(buf, n);
    ::close(fd);
    size_t sep = resp.find("\r\n\r\n");
    return sep == std::string::npos ? "" : resp.substr(sep + 4);
  }
  std::string Control(std::string_view json) const {
    return Request("POST", "/control", json);
  }
  // Number of GET /jwks served.
  int JwksFetches() const {
    std::string s = Request("GET", "/stats");
    int n = -1;
    std::sscanf(s.c_str(), "{\"jwks\": %d", &n);
    return n;
  }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  int port_ = 0;
  int tls_port_ = 0;
};

}  // namespace jwtv::testing

#endif  // JWTV_TESTS_JWKS_TEST_UTIL_H_
