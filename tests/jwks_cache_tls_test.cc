// Copyright 2026 The jwtv Authors.
//
// JwksCache over HTTPS (tests/jwks_server.py --tls on loopback): a trusted
// certificate, an address literal, OIDC discovery, and the certificates
// that must be refused.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/validator.h"
#include "testing/jwks_cache_fixture.h"
#include "testing/jwks_test_util.h"

namespace jwtv {
namespace {

using std::chrono::milliseconds;
using testing::JwksServer;
using testing::kSecretA;
using testing::kSecretB;
using testing::SetA;
using testing::SetB;
using testing::SignEs256;
using testing::TestOptions;

// HTTPS against jwks_server.py --tls, with certificates made for the suite
// by jwks_server.py --make-certs: a throwaway CA, a certificate for
// localhost and 127.0.0.1, one for another host name and an expired one.
class JwksCacheTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char dir[] = "/tmp/jwks_cache_tls_test_XXXXXX";
    if (::mkdtemp(dir) == nullptr) return;
    if (testing::MakeTestCertificates(dir)) *cert_dir_ = dir;
  }
  static void TearDownTestSuite() {
    if (cert_dir_->empty()) return;
    testing::RemoveTestCertificates(*cert_dir_);
    cert_dir_->clear();
  }

  static std::string CertFile(std::string_view name) {
    return *cert_dir_ + "/" + std::string(name);
  }

  // Serves the JWKS over TLS with the certificate `name` (and SetA()).
  void StartServer(std::string_view name) {
    ASSERT_FALSE(cert_dir_->empty()) << "jwks_server.py --make-certs failed";
    server_ =
        std::make_unique<JwksServer>(CertFile(std::string(name) + ".pem"),
                                     CertFile(std::string(name) + ".key"));
    ASSERT_GT(server_->port(), 0) << "jwks_server.py did not start";
    ASSERT_GT(server_->tls_port(), 0) << "jwks_server.py --tls did not start";
    server_->Control(R"({"keys": )" + SetA() + "}");
  }

  std::string HttpsUrl(std::string_view host = "localhost",
                       std::string_view path = "/jwks") const {
    return "https://" + std::string(host) + ":" +
           std::to_string(server_->tls_port()) + std::string(path);
  }

  // https only, trusting the test CA; generous timeouts for a loaded machine.
  static JwksCacheOptions TlsOptions() {
    JwksCacheOptions o = TestOptions();
    o.http.allow_http = false;
    o.http.connect_timeout = milliseconds(5000);
    o.http.total_timeout = milliseconds(5000);
    o.unknown_kid_max_wait = milliseconds(5000);
    o.http.ca_file = CertFile("ca.pem");
    return o;
  }

  // The factory fails, and a lenient cache reports the same failure in
  // health(); returns that error.
  absl::Status ExpectLoadFails(const std::string& url, JwksCacheOptions o) {
    auto strict = JwksCache::FromUrl(url, o);
    EXPECT_FALSE(strict.ok());
    o.require_initial_keys = false;
    auto lenient = JwksCache::FromUrl(url, o);
    EXPECT_TRUE(lenient.ok()) << lenient.status();
    if (!lenient.ok()) return lenient.status();
    EXPECT_EQ((*lenient)->keys().size(), 0u);
    JwksHealth h = (*lenient)->health();
    EXPECT_EQ(h.consecutive_failures, 1);
    EXPECT_FALSE(h.last_success.has_value());
    EXPECT_FALSE(h.last_error.ok());
    EXPECT_EQ(h.last_error.code(), strict.status().code());
    Validator v(*lenient, {});
    EXPECT_EQ(v.Validate(SignEs256(kSecretA, "a1")).code(),
              ErrorCode::kKeyNotFound);
    return h.last_error;
  }

  static bool Contains(const absl::Status& s, std::string_view text) {
    return std::string(s.message()).find(text) != std::string::npos;
  }

  static std::string* cert_dir_;
  std::unique_ptr<JwksServer> server_;
};

std::string* JwksCacheTlsTest::cert_dir_ = new std::string;

TEST_F(JwksCacheTlsTest, TrustedCertificateFetchesAndValidates) {
  StartServer("localhost");
  auto cache = JwksCache::FromUrl(HttpsUrl(), TlsOptions());
  ASSERT_TRUE(cache.ok()) << cache.status();
  Validator v(*cache, {});
  Result r = v.Validate(SignEs256(kSecretA, "a1"));
  EXPECT_TRUE(r.ok()) << r.code_name();
  JwksHealth h = (*cache)->health();
  EXPECT_TRUE(h.last_error.ok()) << h.last_error;
  EXPECT_EQ(h.key_count, 1u);
  // A rotation is picked up over TLS too.
  server_->Control(R"({"keys": )" + SetB() + "}");
  r = v.Validate(SignEs256(kSecretB, "b1"));
  EXPECT_TRUE(r.ok()) << r.code_name();
  EXPECT_EQ(server_->JwksFetches(), 2);
  // The host name went out as SNI.
  EXPECT_NE(server_->Request("GET", "/stats").find(R"("sni": "localhost")"),
            std::string::npos)
      << server_->Request("GET", "/stats");
}

TEST_F(JwksCacheTlsTest, IpAddressAndOidcDiscoveryOverHttps) {
  StartServer("localhost");
  // The discovery document names https://localhost:<port> as the issuer.
  const std::string issuer = HttpsUrl("localhost", "");
  auto oidc = JwksCache::FromOidcIssuer(issuer, TlsOptions());
  ASSERT_TRUE(oidc.ok()) << oidc.status();
  Validator v(*oidc, {});
  EXPECT_TRUE(v.Validate(SignEs256(kSecretA, "a1")).ok());
  // Then an address literal: no SNI, checked against the IP SAN.
  auto by_ip = JwksCache::FromUrl(HttpsUrl("127.0.0.1"), TlsOptions());
  ASSERT_TRUE(by_ip.ok()) << by_ip.status();
  EXPECT_EQ((*by_ip)->keys().size(), 1u);
  EXPECT_NE(server_->Request("GET", "/stats").find(R"("sni": null)"),
            std::string::npos)
      << server_->Request("GET", "/stats");
}

TEST_F(JwksCacheTlsTest, UnknownCaIsRefusedWithTheSystemTrustStore) {
  StartServer("localhost");
  JwksCacheOptions o = TlsOptions();
  o.http.ca_file.clear();  // the system trust store
  absl::Status s = ExpectLoadFails(HttpsUrl(), o);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_TRUE(Contains(s, "certificate verification failed")) << s;
  EXPECT_TRUE(Contains(s, "issuer")) << s;
}

TEST_F(JwksCacheTlsTest, CertificateForAnotherHostIsRefused) {
  StartServer("other_host");
  absl::Status s = ExpectLoadFails(HttpsUrl(), TlsOptions());
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_TRUE(Contains(s, "certificate verification failed")) << s;
  EXPECT_TRUE(Contains(s, "name in the certificate does not match")) << s;
  // Same for an address literal.
  absl::Status by_ip = ExpectLoadFails(HttpsUrl("127.0.0.1"), TlsOptions());
  EXPECT_TRUE(Contains(by_ip, "does not match")) << by_ip;
}

TEST_F(JwksCacheTlsTest, ExpiredCertificateIsRefused) {
  StartServer("expired");
  absl::Status s = ExpectLoadFails(HttpsUrl(), TlsOptions());
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_TRUE(Contains(s, "certificate verification failed")) << s;
  EXPECT_TRUE(Contains(s, "expired")) << s;
}

}  // namespace
}  // namespace jwtv
