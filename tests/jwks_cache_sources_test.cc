// Copyright 2026 The jwtv Authors.
//
// JwksCache sources beyond a JWKS URL: OpenID Connect discovery, files and
// documents, and which sources may load oct keys.

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <string>

#include "jwtv/jwks_cache.h"
#include "jwtv/validator.h"
#include "testing/jwks_cache_fixture.h"
#include "testing/jwks_test_util.h"

namespace jwtv {
namespace {

using testing::JwksCacheTest;
using testing::kSecretA;
using testing::kSecretB;
using testing::OctJwk;
using testing::OctSetA;
using testing::OctSetB;
using testing::SetB;
using testing::SignEs256;
using testing::SignHs256;
using testing::TestOptions;

TEST_F(JwksCacheTest, OidcDiscovery) {
  auto cache = JwksCache::FromOidcIssuer(server_.base(), TestOptions());
  ASSERT_TRUE(cache.ok()) << cache.status();
  Validator v(*cache, {});
  EXPECT_TRUE(v.Validate(SignEs256(kSecretA, "a1")).ok());
  server_.Control(R"({"keys": )" + SetB() + "}");
  EXPECT_TRUE(v.Validate(SignEs256(kSecretB, "b1")).ok());
  EXPECT_EQ((*cache)->description(), "oidc " + server_.base());

  server_.Control(R"({"issuer": "https://evil.example"})");
  auto evil = JwksCache::FromOidcIssuer(server_.base(), TestOptions());
  EXPECT_EQ(evil.status().code(), absl::StatusCode::kPermissionDenied);
}

// A JWKS served from a URL is public: an oct key in it would let anyone who
// reads it sign tokens. Such keys are skipped, counted in health() and
// listed; an HS256 token signed with one gets the answer of a token whose
// key is absent. The same document given as a document keeps the key.
TEST_F(JwksCacheTest, OctKeysFromAUrlAreIgnored) {
  const std::string secret(64, 'h');  // long enough for every HS alg
  const testing::RsaTestKey rsa;
  const std::string doc =
      R"({"keys": [)" + rsa.Jwk("rsa1") + "," + OctJwk("h1", secret) + "]}";
  server_.Control(doc);
  const std::string forged = SignHs256(secret, "h1", "attacker");
  // The same forgery without a kid.
  const std::string forged_no_kid = SignHs256(secret, "", "attacker");

  auto check = [&](const std::shared_ptr<JwksCache>& cache) {
    ASSERT_NE(cache, nullptr);
    Validator v(cache, {});
    EXPECT_EQ(v.Validate(forged).code(), ErrorCode::kKeyNotFound);
    // As for a set without the oct key: no key may verify HS256.
    EXPECT_EQ(v.Validate(forged_no_kid).code(), ErrorCode::kAlgNotAllowed);
    Result r = v.Validate(rsa.SignRs256("rsa1"));
    EXPECT_TRUE(r.ok()) << r.code_name();
    JwksHealth h = cache->health();
    EXPECT_EQ(h.key_count, 1u);
    EXPECT_EQ(h.ignored_symmetric_keys, 1u);
    KeySet keys = cache->keys();
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys.keys()[0].kty, "RSA");
    ASSERT_EQ(keys.ignored_symmetric_keys().size(), 1u);
    EXPECT_EQ(keys.ignored_symmetric_keys()[0].kid, "h1");
    EXPECT_EQ(keys.ignored_symmetric_keys()[0].kty, "oct");
    EXPECT_TRUE(keys.ignored_symmetric_keys()[0].algorithms.empty());
    EXPECT_EQ(keys.ignored_symmetric_keys()[0].bits, 512);
    ASSERT_EQ(keys.skipped().size(), 1u);
    EXPECT_NE(keys.skipped()[0].find("keys[1] (kid \"h1\")"), std::string::npos)
        << keys.skipped()[0];
  };
  check(UrlCache());
  auto oidc = JwksCache::FromOidcIssuer(server_.base(), TestOptions());
  ASSERT_TRUE(oidc.ok()) << oidc.status();
  check(*oidc);

  // A document (private by where it comes from) keeps the oct key.
  auto document = JwksCache::FromDocument(doc);
  ASSERT_TRUE(document.ok()) << document.status();
  EXPECT_EQ((*document)->health().key_count, 2u);
  EXPECT_EQ((*document)->health().ignored_symmetric_keys, 0u);
  EXPECT_TRUE(Validator(*document, {}).Validate(forged).ok());

  // A URL whose keys are all oct has no usable key.
  server_.Control(R"({"keys": [)" + OctJwk("h1", secret) + "]}");
  auto only_oct = JwksCache::FromUrl(server_.base() + "/jwks", TestOptions());
  ASSERT_FALSE(only_oct.ok());
  EXPECT_NE(std::string(only_oct.status().message()).find("1 oct key"),
            std::string::npos)
      << only_oct.status();
}

TEST(JwksCacheFileTest, ReloadsWhenTheFileChanges) {
  char path[] = "/tmp/jwks_cache_test_XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  auto write = [&](const std::string& keys) {
    std::ofstream(path, std::ios::trunc) << "{\"keys\": " << keys << "}";
  };
  write(OctSetA());
  JwksCacheOptions o = TestOptions();
  auto cache = JwksCache::FromFile(path, o);
  ASSERT_TRUE(cache.ok()) << cache.status();
  Validator v(*cache, {});
  EXPECT_TRUE(v.Validate(SignHs256(kSecretA, "a1")).ok());
  const uint64_t version = (*cache)->health().snapshot_version;
  EXPECT_TRUE((*cache)->Refresh().ok());  // unchanged: no new snapshot
  EXPECT_EQ((*cache)->health().snapshot_version, version);
  write("[" + OctJwk("b1", kSecretB) + "," + OctJwk("b2", kSecretB) + "]");
  EXPECT_TRUE(v.Validate(SignHs256(kSecretB, "b1")).ok());  // via the miss
  write("not json");
  EXPECT_FALSE((*cache)->Refresh().ok());
  EXPECT_TRUE(v.Validate(SignHs256(kSecretB, "b2")).ok());
  ::unlink(path);
  EXPECT_FALSE((*cache)->Refresh().ok());
  EXPECT_TRUE(v.Validate(SignHs256(kSecretB, "b2")).ok());
}

TEST(JwksCacheDocumentTest, SetDocument) {
  auto cache = JwksCache::FromDocument("{\"keys\": " + OctSetA() + "}");
  ASSERT_TRUE(cache.ok()) << cache.status();
  Validator v(*cache, {});
  EXPECT_TRUE(v.Validate(SignHs256(kSecretA, "a1")).ok());
  EXPECT_TRUE((*cache)->SetDocument("{\"keys\": " + OctSetB() + "}").ok());
  EXPECT_TRUE(v.Validate(SignHs256(kSecretB, "b1")).ok());
  EXPECT_EQ(v.Validate(SignHs256(kSecretA, "a1")).code(),
            ErrorCode::kKeyNotFound);
  EXPECT_FALSE((*cache)->SetDocument("{\"keys\": []}").ok());
  EXPECT_FALSE((*cache)->SetDocument("{").ok());
  EXPECT_TRUE(v.Validate(SignHs256(kSecretB, "b1")).ok());
  EXPECT_EQ((*cache)->health().consecutive_failures, 2);
  EXPECT_FALSE(JwksCache::FromDocument("{\"keys\": []}").ok());
}

// RFC 7518 section 3.2 in a file source: an oct key too short for its alg
// is skipped and reported; allow_short_hmac_secrets loads it (legacy).
TEST(JwksCacheFileTest, ShortOctKeyIsSkippedUnlessAllowed) {
  char path[] = "/tmp/jwks_cache_test_XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  const std::string short_secret(31, 's');
  std::ofstream(path, std::ios::trunc)
      << "{\"keys\": [" << OctJwk("a1", kSecretA) << ","
      << OctJwk("short", short_secret) << "]}";
  auto cache = JwksCache::FromFile(path, TestOptions());
  ASSERT_TRUE(cache.ok()) << cache.status();
  EXPECT_EQ((*cache)->health().key_count, 1u);
  EXPECT_EQ((*cache)->health().ignored_symmetric_keys, 0u);
  ASSERT_EQ((*cache)->keys().skipped().size(), 1u);
  EXPECT_NE((*cache)->keys().skipped()[0].find("31 bytes"), std::string::npos)
      << (*cache)->keys().skipped()[0];
  Validator v(*cache, {});
  EXPECT_TRUE(v.Validate(SignHs256(kSecretA, "a1")).ok());
  EXPECT_EQ(v.Validate(SignHs256(short_secret, "short")).code(),
            ErrorCode::kKeyNotFound);

  JwksCacheOptions o = TestOptions();
  o.allow_short_hmac_secrets = true;
  auto legacy = JwksCache::FromFile(path, o);
  ASSERT_TRUE(legacy.ok()) << legacy.status();
  EXPECT_EQ((*legacy)->health().key_count, 2u);
  EXPECT_TRUE(
      Validator(*legacy, {}).Validate(SignHs256(short_secret, "short")).ok());
  ::unlink(path);
}

}  // namespace
}  // namespace jwtv
