// Copyright 2026 The jwtv Authors.
//
// Allocation discipline (validator.h's promise), counted by replacing the
// global operator new in this test binary. After warm-up:
//   - rejecting any token allocates nothing;
//   - accepting one allocates at most once into a fresh Result, and not at
//     all into a reused VerifiedToken, nor into a fresh Result once an
//     earlier Result of this thread has been destroyed (its buffer is
//     recycled);
//   - a batch allocates nothing per token beyond that (nothing at all with
//     reused Results);
//   - a verified-token cache hit into a reused VerifiedToken allocates
//     nothing.
// Skipped in AddressSanitizer builds, where every token gets fresh memory so
// that ASan reports a view read after its token is gone (verified_token.h).

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "absl/base/config.h"
#include "batch_test_util.h"
#include "gtest/gtest.h"
#include "jwtv/validator.h"
#include "jwtv/verified_cache.h"

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};

void* Allocate(size_t n, size_t align) {
  if (g_counting.load(std::memory_order_relaxed)) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
  }
  if (n == 0) n = 1;
  void* p = align > alignof(std::max_align_t)
                ? std::aligned_alloc(align, (n + align - 1) / align * align)
                : std::malloc(n);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
}  // namespace

void* operator new(size_t n) { return Allocate(n, 0); }
void* operator new[](size_t n) { return Allocate(n, 0); }
void* operator new(size_t n, std::align_val_t a) {
  return Allocate(n, static_cast<size_t>(a));
}
void* operator new[](size_t n, std::align_val_t a) {
  return Allocate(n, static_cast<size_t>(a));
}
// The nothrow forms too (simdjson allocates with new[](nothrow)): every form
// must be replaced, or a sanitizer sees its own new[] freed by ours.
void* operator new(size_t n, const std::nothrow_t&) noexcept {
  try {
    return Allocate(n, 0);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t n, const std::nothrow_t&) noexcept {
  try {
    return Allocate(n, 0);
  } catch (...) {
    return nullptr;
  }
}
void* operator new(size_t n, std::align_val_t a,
                   const std::nothrow_t&) noexcept {
  try {
    return Allocate(n, static_cast<size_t>(a));
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t n, std::align_val_t a,
                     const std::nothrow_t&) noexcept {
  try {
    return Allocate(n, static_cast<size_t>(a));
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t,
                     const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::align_val_t,
                       const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, size_t, std::align_val_t) noexcept {
  std::free(p);
}

namespace jwtv {
namespace {

using testing::kNow;
using testing::TestKeys;

// Counts the allocations made by fn.
template <typename F>
long Count(F&& fn) {
  g_allocations = 0;
  g_counting = true;
  fn();
  g_counting = false;
  return g_allocations.load();
}

using testing::Keys;
using testing::Options;

constexpr Algorithm kAlgs[] = {
    Algorithm::kHS256, Algorithm::kHS512, Algorithm::kRS256, Algorithm::kPS256,
    Algorithm::kES256, Algorithm::kES384, Algorithm::kEdDSA};

std::vector<std::string> ValidTokens() {
  std::vector<std::string> v;
  for (Algorithm alg : kAlgs) {
    v.push_back(Keys().Typical(alg, TestKeys::DefaultKid(alg), kNow + 60,
                               "\"s\":\"esc\\u00e9aped\",\"n\":[1,2,{}]"));
  }
  return v;
}

std::vector<std::string> InvalidTokens() {
  std::vector<std::string> v;
  const std::string good = Keys().Typical(Algorithm::kHS256, "", kNow + 60);
  v.push_back("");
  v.push_back("garbage");
  v.push_back("a.b.c");
  v.push_back(good.substr(0, good.size() / 2));
  v.push_back(good + "A");
  v.push_back(testing::B64("{\"alg\":\"none\"}") + "." + testing::B64("{}") +
              ".AAAA");
  v.push_back(testing::B64("{\"alg\":\"HS256\",\"alg\":\"HS256\"}") + "." +
              testing::B64("{}") + ".AAAA");
  for (Algorithm alg : kAlgs) {
    const std::string kid = TestKeys::DefaultKid(alg);
    std::string tampered = Keys().Typical(alg, kid, kNow + 60);
    const size_t dot = tampered.rfind('.');
    tampered[dot + 1] = tampered[dot + 1] == 'A' ? 'B' : 'A';
    v.push_back(tampered);                             // bad_signature
    v.push_back(Keys().Typical(alg, kid, kNow - 60));  // expired
    if (!kid.empty()) {  // HMAC keys without kid match any kid
      v.push_back(Keys().Typical(alg, "unknown", kNow + 60));  // no key
    }
    v.push_back(Keys().Typical(alg, kid, kNow + 60, "\"aud\":1"));  // bad_json
  }
  v.push_back(Keys().Token(Algorithm::kHS256, "{\"alg\":\"HS256\"}",
                           "{\"exp\":" + std::to_string(kNow + 60) +
                               ",\"iss\":\"https://issuer.example\","
                               "\"aud\":\"other\"}"));  // bad_audience
  return v;
}

class AllocationTest : public ::testing::Test {
 protected:
  AllocationTest() : validator_(Keys().MakeKeySet(), Options()) {
    valid_ = ValidTokens();
    invalid_ = InvalidTokens();
    // Warm-up: every token once, both ways, and a batch of everything.
    for (int i = 0; i < 2; ++i) {
      for (const std::string& t : valid_) {
        EXPECT_TRUE(validator_.Validate(t).ok()) << t;
        VerifiedToken out;
        validator_.Validate(t, &out);
      }
      for (const std::string& t : invalid_) {
        EXPECT_FALSE(validator_.Validate(t).ok()) << t;
        validator_.Validate(t, &reused_);
      }
    }
  }

  void SetUp() override {
#ifdef ABSL_HAVE_ADDRESS_SANITIZER
    GTEST_SKIP() << "ASan builds allocate a fresh buffer per token";
#endif
  }

  Validator validator_;
  std::vector<std::string> valid_, invalid_;
  VerifiedToken reused_;
};

TEST_F(AllocationTest, RejectingAllocatesNothing) {
  for (const std::string& t : invalid_) {
    EXPECT_EQ(Count([&] {
                Result r = validator_.Validate(t);
                EXPECT_FALSE(r.ok());
              }),
              0)
        << validator_.Validate(t).code_name() << " " << t;
    EXPECT_EQ(Count([&] { validator_.Validate(t, &reused_); }), 0)
        << validator_.Validate(t).code_name();
  }
}

// Claim checks, arrays of strings read too, allocate nothing once each
// thread's buffers are warm, whether the token passes them or not.
TEST_F(AllocationTest, ClaimChecksAllocateNothing) {
  ValidatorOptions o = Options();
  o.claim_checks = {ClaimCheck::Contains("roles", "admin"),
                    ClaimCheck::Contains("scope", "read"),
                    ClaimCheck::OneOf("plan", {"pro", "team"})};
  const Validator v(Keys().MakeKeySet(), std::move(o));
  const std::string kid = TestKeys::DefaultKid(Algorithm::kHS256);
  auto token = [&kid](std::string_view claims) {
    return Keys().Typical(Algorithm::kHS256, kid, kNow + 60, claims);
  };
  const std::string ok =
      token(R"("roles":["user","admin","x","y"],"scope":"write read",)"
            R"("plan":"pro")");
  const std::string rejected[] = {
      token(R"("roles":["user","x","y"],"scope":"read","plan":"pro")"),
      token(R"("roles":["admin"],"scope":"write","plan":"pro")"),
      token(R"("roles":["admin"],"scope":"read")"),
      token(R"("roles":["admin",1],"scope":"read","plan":"pro")"),
  };
  for (int i = 0; i < 2; ++i) {
    v.Validate(ok, &reused_);
    for (const std::string& t : rejected) v.Validate(t, &reused_);
  }
  EXPECT_EQ(Count([&] { EXPECT_EQ(v.Validate(ok, &reused_), ErrorCode::kOk); }),
            0);
  // Into reused_ first: its rejection leaves the buffer as the thread's
  // spare, which the fresh Result then takes and gives back.
  for (const std::string& t : rejected) {
    EXPECT_EQ(Count([&] { v.Validate(t, &reused_); }), 0);
    EXPECT_EQ(Count([&] {
                Result r = v.Validate(t);
                EXPECT_FALSE(r.ok());
                EXPECT_FALSE(r.failed_claim().empty());
              }),
              0);
  }
}

TEST_F(AllocationTest, AcceptingAllocatesAtMostOnceAndNoneWhenReused) {
  VerifiedToken reused;
  for (const std::string& t : valid_) {
    EXPECT_LE(Count([&] {
                Result r = validator_.Validate(t);
                EXPECT_TRUE(r.ok());
              }),
              1);
    ASSERT_EQ(validator_.Validate(t, &reused), ErrorCode::kOk);
  }
  for (const std::string& t : valid_) {
    EXPECT_EQ(Count([&] {
                EXPECT_EQ(validator_.Validate(t, &reused), ErrorCode::kOk);
              }),
              0)
        << t;
  }
}

TEST_F(AllocationTest, FreshResultsRecycleTheBufferOfDestroyedOnes) {
  for (const std::string& t : valid_) {
    { Result warm = validator_.Validate(t); }
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(Count([&] {
                  Result r = validator_.Validate(t);
                  EXPECT_TRUE(r.ok());
                  EXPECT_TRUE(r->issuer().has_value());
                }),
                0)
          << t;
    }
  }
  // A Result that outlives the next one: that one allocates its own buffer,
  // and both stay intact.
  Result first = validator_.Validate(valid_[0]);
  ASSERT_TRUE(first.ok());
  const std::string payload(first->payload_json());
  {
    Result second = validator_.Validate(valid_[1]);
    ASSERT_TRUE(second.ok());
    EXPECT_NE(second->payload_json().data(), first->payload_json().data());
  }
  EXPECT_EQ(first->payload_json(), payload);
  EXPECT_EQ(first->issuer(), "https://issuer.example");
}

TEST_F(AllocationTest, ManyClaimsIntoReusedTokenAllocateNothing) {
  std::string claims;
  for (int i = 0; i < 40; ++i) {
    claims += (i ? "," : "") + std::string("\"c") + std::to_string(i) +
              "\":" + std::to_string(i);
  }
  const std::string t = Keys().Token(
      Algorithm::kHS256, "{\"alg\":\"HS256\"}",
      "{" + claims + ",\"aud\":[\"a\",\"b\",\"api\"],\"exp\":" +
          std::to_string(kNow + 60) + ",\"iss\":\"https://issuer.example\"}");
  VerifiedToken reused;
  ASSERT_EQ(validator_.Validate(t, &reused), ErrorCode::kOk);
  EXPECT_EQ(Count([&] {
              EXPECT_EQ(validator_.Validate(t, &reused), ErrorCode::kOk);
            }),
            0);
}

TEST_F(AllocationTest, BatchAllocatesNothingPerToken) {
  std::vector<std::string_view> batch;
  for (int rep = 0; rep < 4; ++rep) {
    for (const std::string& t : valid_) batch.push_back(t);
    for (const std::string& t : invalid_) batch.push_back(t);
  }
  std::vector<Result> out(batch.size());
  validator_.ValidateBatch(batch, out);  // warm-up: scratch and Results
  validator_.ValidateBatch(batch, out);
  EXPECT_EQ(Count([&] { validator_.ValidateBatch(batch, out); }), 0);
  for (size_t i = 0; i < batch.size(); ++i) {
    EXPECT_EQ(out[i].code(), validator_.Validate(batch[i]).code());
  }
  // Fresh Results: at most one allocation per accepted token.
  size_t accepted = 0;
  for (const Result& r : out) accepted += r.ok();
  std::vector<Result> fresh(batch.size());
  EXPECT_LE(Count([&] { validator_.ValidateBatch(batch, fresh); }),
            static_cast<long>(accepted));
}

TEST_F(AllocationTest, CacheHitIntoReusedTokenAllocatesNothing) {
  VerifiedTokenCache cache;
  VerifiedToken out;
  for (const std::string& t : valid_) {
    ASSERT_EQ(cache.Validate(validator_, t, &out), ErrorCode::kOk);
    ASSERT_EQ(cache.Validate(validator_, t, &out), ErrorCode::kOk);
  }
  for (const std::string& t : valid_) {
    EXPECT_EQ(Count([&] {
                EXPECT_EQ(cache.Validate(validator_, t, &out), ErrorCode::kOk);
              }),
              0);
  }
  EXPECT_GE(cache.stats().hits, 2 * valid_.size());
}

}  // namespace
}  // namespace jwtv
