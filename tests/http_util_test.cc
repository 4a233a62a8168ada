// Copyright 2026 The jwtv Authors.
//
// URL parsing, redirect resolution and Cache-Control max-age
// (src/jwks_cache/http_util.h).

#include "jwks_cache/http_util.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>

namespace jwtv {
namespace {

using std::chrono::seconds;

TEST(HttpUtilTest, UrlsAndCacheControl) {
  auto u = internal::ParseUrl("https://Example.COM:8443/a/b?c=d#frag");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "example.com");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->target, "/a/b?c=d");
  EXPECT_FALSE(internal::ParseUrl("https://user@x/").ok());
  EXPECT_FALSE(internal::ParseUrl("ftp://x/").ok());
  EXPECT_FALSE(internal::ParseUrl("https://x:99999/").ok());
  auto rel = internal::ResolveLocation(*u, "/other");
  ASSERT_TRUE(rel.ok());
  EXPECT_TRUE(rel->SameOrigin(*u));
  auto abs = internal::ResolveLocation(*u, "https://evil.com:8443/");
  ASSERT_TRUE(abs.ok());
  EXPECT_FALSE(abs->SameOrigin(*u));
  EXPECT_EQ(internal::ParseMaxAge("public, max-age=300"), seconds(300));
  EXPECT_EQ(internal::ParseMaxAge("no-store"), seconds(0));
  EXPECT_EQ(internal::ParseMaxAge("public"), std::nullopt);
  EXPECT_EQ(internal::ParseMaxAge("max-age=abc"), std::nullopt);
}

}  // namespace
}  // namespace jwtv
