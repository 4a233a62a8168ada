// Copyright 2026 The jwtv Authors.
//
// A batch against a JWKS cache keeps the snapshot it started with alive for
// as long as it runs, whatever else runs on its thread meanwhile.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "gtest/gtest.h"
#include "jwtv/batch.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/testing/token_signer.h"
#include "jwtv/validator.h"
#include "testing/test_util.h"

namespace jwtv {
namespace {

constexpr int64_t kNow = 1700000000;
constexpr std::string_view kSecret = "0123456789abcdef0123456789abcdef";

std::string Jwks() {
  return R"({"keys":[{"kty":"oct","kid":"k1","alg":"HS256","k":")" +
         testing::Base64UrlEncode(kSecret) + R"("}]})";
}

std::string Token(int i) {
  return testing::Hs256Token(R"({"alg":"HS256","kid":"k1"})",
                             R"({"exp":)" + std::to_string(kNow + 60) +
                                 R"(,"i":)" + std::to_string(i) + "}",
                             kSecret);
}

// Before it runs a batch's tasks on the calling thread, does other work
// there, as a work-stealing pool may run another request while a batch
// waits.
class InterleavingExecutor final : public Executor {
 public:
  explicit InterleavingExecutor(std::function<void()> before)
      : before_(std::move(before)) {}
  void ParallelFor(size_t n, absl::FunctionRef<void(size_t)> task) override {
    before_();
    for (size_t i = 0; i < n; ++i) task(i);
  }

 private:
  std::function<void()> before_;
};

// The interleaved work publishes a new snapshot and validates against it on
// the batch's thread, which moves that thread's snapshot slot on. In an
// AddressSanitizer build, a batch that held its snapshot only through that
// slot reads freed keys here.
TEST(BatchSnapshotTest, WorkOnTheBatchThreadCannotReleaseItsSnapshot) {
  auto cache = JwksCache::FromDocument(Jwks());
  ASSERT_TRUE(cache.ok()) << cache.status();
  ValidatorOptions options;
  options.clock = [] { return FromUnixSeconds(kNow); };
  Validator validator(*cache, options);

  std::vector<std::string> tokens;
  for (int i = 0; i < 32; ++i) tokens.push_back(Token(i));
  std::vector<std::string_view> views(tokens.begin(), tokens.end());

  int interleaved = 0;
  InterleavingExecutor executor([&] {
    ASSERT_TRUE((*cache)->SetDocument(Jwks()).ok());
    Result other = validator.Validate(tokens[0]);
    EXPECT_TRUE(other.ok()) << other.code_name();
    ++interleaved;
  });
  std::vector<Result> out(tokens.size());
  validator.ValidateBatch(views, out, &executor);
  EXPECT_GT(interleaved, 0);
  for (size_t i = 0; i < out.size(); ++i) {
    ASSERT_TRUE(out[i].ok()) << i << " " << out[i].code_name();
    EXPECT_EQ(out[i]->GetInteger("i"), static_cast<int64_t>(i));
  }
}

}  // namespace
}  // namespace jwtv
