// Copyright 2026 The jwtv Authors.
//
// Helpers for the JwksCache tests: HS256, ES256 and RS256 tokens signed by
// jwtv::testing::TokenSigner, oct, EC and RSA JWKs, and the scriptable
// server tests/jwks_server.py run as a child process.

#ifndef JWTV_TESTS_TESTING_JWKS_TEST_UTIL_H_
#define JWTV_TESTS_TESTING_JWKS_TEST_UTIL_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "jwtv/algorithm.h"
#include "jwtv/testing/token_signer.h"
#include "testing/crypto_testing.h"
#include "testing/test_util.h"

namespace jwtv::testing {

inline std::string B64Url(std::string_view in) { return Base64UrlEncode(in); }

// An HS256 token with kid (none when empty), sub and exp an hour ahead.
inline std::string SignHs256(std::string_view secret, std::string_view kid,
                             std::string_view sub = "user") {
  const std::string header =
      kid.empty() ? std::string("{\"alg\":\"HS256\"}")
                  : "{\"alg\":\"HS256\",\"kid\":\"" + std::string(kid) + "\"}";
  const std::string payload = "{\"sub\":\"" + std::string(sub) + "\",\"exp\":" +
                              std::to_string(std::time(nullptr) + 3600) + "}";
  return Hs256Token(header, payload, secret);
}

inline std::string OctJwk(std::string_view kid, std::string_view secret) {
  return "{\"kty\":\"oct\",\"kid\":\"" + std::string(kid) +
         "\",\"alg\":\"HS256\",\"k\":\"" + B64Url(secret) + "\"}";
}

// The payload of the test tokens: sub, and exp an hour ahead.
inline std::string TestClaims(std::string_view sub) {
  return "{\"sub\":\"" + std::string(sub) +
         "\",\"exp\":" + std::to_string(std::time(nullptr) + 3600) + "}";
}

inline std::string BnBytes(const BIGNUM* bn, size_t n) {
  std::string out(n, '\0');
  if (!BN_bn2bin_padded(reinterpret_cast<uint8_t*>(out.data()), n, bn)) {
    std::abort();
  }
  return out;
}

// A P-256 key named by a seed string (private scalar SHA-256(seed)), so that
// a test names an asymmetric key by a string as it would an HMAC secret.
inline bssl::UniquePtr<EC_KEY> SeededEcKey(std::string_view seed) {
  uint8_t d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const uint8_t*>(seed.data()), seed.size(), d);
  bssl::UniquePtr<EC_KEY> key(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  bssl::UniquePtr<BIGNUM> scalar(BN_bin2bn(d, sizeof(d), nullptr));
  const EC_GROUP* group = EC_KEY_get0_group(key.get());
  bssl::UniquePtr<EC_POINT> pub(EC_POINT_new(group));
  if (!EC_KEY_set_private_key(key.get(), scalar.get()) ||
      !EC_POINT_mul(group, pub.get(), scalar.get(), nullptr, nullptr,
                    nullptr) ||
      !EC_KEY_set_public_key(key.get(), pub.get())) {
    std::abort();
  }
  return key;
}

// The JWK (ES256) of SeededEcKey(seed), with its private member d when
// `with_d`; no kid member when kid is empty.
inline std::string SeededEcJwk(std::string_view kid, std::string_view seed,
                               bool with_d) {
  bssl::UniquePtr<EC_KEY> key = SeededEcKey(seed);
  bssl::UniquePtr<BIGNUM> x(BN_new()), y(BN_new());
  EC_POINT_get_affine_coordinates_GFp(EC_KEY_get0_group(key.get()),
                                      EC_KEY_get0_public_key(key.get()),
                                      x.get(), y.get(), nullptr);
  std::string j = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ES256\",";
  if (!kid.empty()) j += "\"kid\":\"" + std::string(kid) + "\",";
  if (with_d) {
    j += "\"d\":\"" + B64Url(BnBytes(EC_KEY_get0_private_key(key.get()), 32)) +
         "\",";
  }
  return j + "\"x\":\"" + B64Url(BnBytes(x.get(), 32)) + "\",\"y\":\"" +
         B64Url(BnBytes(y.get(), 32)) + "\"}";
}

// The public JWK (ES256) of SeededEcKey(seed); no kid member when kid is
// empty.
inline std::string EcJwk(std::string_view kid, std::string_view seed) {
  return SeededEcJwk(kid, seed, /*with_d=*/false);
}

// The token of `header` and TestClaims(sub) signed by `signer`.
inline std::string SignTestClaims(const TokenSigner& signer,
                                  std::string_view header,
                                  std::string_view sub) {
  absl::StatusOr<std::string> token =
      signer.SignWithHeader(header, TestClaims(sub));
  if (!token.ok()) std::abort();
  return *std::move(token);
}

// An ES256 token by SeededEcKey(seed) with kid, sub and exp an hour ahead.
inline std::string SignEs256(std::string_view seed, std::string_view kid,
                             std::string_view sub = "user") {
  absl::StatusOr<TokenSigner> signer = TokenSigner::FromJwk(
      Algorithm::kES256, SeededEcJwk({}, seed, /*with_d=*/true));
  if (!signer.ok()) std::abort();
  return SignTestClaims(
      *signer, "{\"alg\":\"ES256\",\"kid\":\"" + std::string(kid) + "\"}", sub);
}

// A fresh RSA-2048 key: its public JWK and RS256 tokens.
class RsaTestKey {
 public:
  RsaTestKey() {
    absl::StatusOr<KeyPair> pair = GenerateKeyPair(Algorithm::kRS256);
    if (!pair.ok()) std::abort();
    pair_ = *std::move(pair);
    absl::StatusOr<TokenSigner> signer = SignerFor(pair_);
    if (!signer.ok()) std::abort();
    signer_ = std::make_unique<TokenSigner>(*std::move(signer));
  }

  // The public JWK (alg RS256) with `kid`.
  std::string Jwk(std::string_view kid) const {
    return "{\"kid\":\"" + std::string(kid) + "\"," +
           pair_.public_jwk.substr(1);
  }

  std::string SignRs256(std::string_view kid,
                        std::string_view sub = "user") const {
    return SignTestClaims(
        *signer_, "{\"alg\":\"RS256\",\"kid\":\"" + std::string(kid) + "\"}",
        sub);
  }

 private:
  KeyPair pair_;
  std::unique_ptr<TokenSigner> signer_;
};

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

// Removes the files MakeTestCertificates made in dir, and dir itself.
inline void RemoveTestCertificates(const std::string& dir) {
  for (const char* name :
       {"ca.pem", "localhost.pem", "localhost.key", "other_host.pem",
        "other_host.key", "expired.pem", "expired.key"}) {
    std::remove((dir + "/" + name).c_str());
  }
  ::rmdir(dir.c_str());
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

#endif  // JWTV_TESTS_TESTING_JWKS_TEST_UTIL_H_
