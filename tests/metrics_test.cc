// Copyright 2026 The jwtv Authors.
//
// Metrics (include/jwtv/metrics.h): what Validate, ValidateBatch and
// VerifiedTokenCache report (result code, and the algorithm once the header
// named a supported one), that each token is reported exactly once, and
// concurrent reporting (run under TSan in a -DJWTV_SANITIZE=thread build).

#include "jwtv/metrics.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "jwtv/batch.h"
#include "jwtv/validator.h"
#include "jwtv/verified_cache.h"
#include "validator_test_util.h"

namespace jwtv {
namespace {

using validator_testing::At;
using validator_testing::B64;
using validator_testing::Hs256;
using validator_testing::kHeader;
using validator_testing::kNow;
using validator_testing::MakeValidator;
using validator_testing::Options;
using validator_testing::Payload;
using validator_testing::Sign;

using Report = std::pair<ErrorCode, std::optional<Algorithm>>;

// Records every call, in order.
class Recorder : public Metrics {
 public:
  void OnValidation(ErrorCode code, std::optional<Algorithm> alg) override {
    std::lock_guard<std::mutex> lock(mu_);
    validations_.emplace_back(code, alg);
  }
  void OnVerifiedCacheLookup(bool hit) override {
    std::lock_guard<std::mutex> lock(mu_);
    lookups_.push_back(hit);
  }

  std::vector<Report> validations() const {
    std::lock_guard<std::mutex> lock(mu_);
    return validations_;
  }
  std::vector<bool> lookups() const {
    std::lock_guard<std::mutex> lock(mu_);
    return lookups_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<Report> validations_;
  std::vector<bool> lookups_;
};

ValidatorOptions MeteredOptions(std::shared_ptr<Metrics> metrics) {
  ValidatorOptions o = Options();
  o.metrics = std::move(metrics);
  return o;
}

// One token of each kind of outcome, and what Validate must report for it.
struct Case {
  const char* name;
  std::string token;
  Report want;
};

std::vector<Case> Cases() {
  const std::string expired = R"({"exp":)" + At(-1) + "}";
  const std::string good = Hs256(kHeader, Payload());
  std::string bad_sig = good;
  bad_sig.back() = bad_sig.back() == 'A' ? 'B' : 'A';
  return {
      {"ok", good, {ErrorCode::kOk, Algorithm::kHS256}},
      {"ok_hs512",
       Sign(Algorithm::kHS512, R"({"alg":"HS512"})", Payload()),
       {ErrorCode::kOk, Algorithm::kHS512}},
      {"expired",
       Hs256(kHeader, expired),
       {ErrorCode::kExpired, Algorithm::kHS256}},
      {"bad_signature", bad_sig, {ErrorCode::kBadSignature, Algorithm::kHS256}},
      // The payload is read after the signature: the alg is known.
      {"payload_not_json",
       Hs256(kHeader, "{"),
       {ErrorCode::kBadJson, Algorithm::kHS256}},
      {"malformed", "a.b", {ErrorCode::kMalformed, std::nullopt}},
      {"header_not_json",
       B64("{") + "." + B64(Payload()) + ".c2ln",
       {ErrorCode::kBadJson, std::nullopt}},
      {"alg_none",
       B64(R"({"alg":"none"})") + "." + B64(Payload()) + ".",
       {ErrorCode::kMalformed, std::nullopt}},
      {"alg_unknown",
       Hs256(R"({"alg":"XS256"})", Payload()),
       {ErrorCode::kUnsupportedAlg, std::nullopt}},
  };
}

TEST(MetricsTest, ValidateReportsCodeAndAlg) {
  for (const Case& c : Cases()) {
    auto recorder = std::make_shared<Recorder>();
    const Validator v = MakeValidator(MeteredOptions(recorder));
    const Result r = v.Validate(c.token);
    EXPECT_EQ(r.code(), c.want.first) << c.name << ": " << r.code_name();
    ASSERT_EQ(recorder->validations().size(), 1u) << c.name;
    EXPECT_EQ(recorder->validations()[0], c.want) << c.name;
  }
}

// An alg the options refuse is reported as that alg, not as a default.
TEST(MetricsTest, AlgNotAllowedReportsTheTokensAlg) {
  auto recorder = std::make_shared<Recorder>();
  ValidatorOptions o = MeteredOptions(recorder);
  o.algorithms = {Algorithm::kHS256};
  const Validator v = MakeValidator(std::move(o));
  const std::string token =
      Sign(Algorithm::kHS384, R"({"alg":"HS384"})", Payload());
  EXPECT_EQ(v.Validate(token).code(), ErrorCode::kAlgNotAllowed);
  ASSERT_EQ(recorder->validations().size(), 1u);
  EXPECT_EQ(recorder->validations()[0],
            Report(ErrorCode::kAlgNotAllowed, Algorithm::kHS384));
}

// Each token of a batch (duplicates included) is reported once, as Validate
// reports it; with an executor too.
TEST(MetricsTest, BatchReportsEachTokenAsValidate) {
  std::vector<std::string> tokens;
  for (const Case& c : Cases()) tokens.push_back(c.token);
  for (const Case& c : Cases()) tokens.push_back(c.token);  // duplicates
  while (tokens.size() < 200)
    tokens.push_back(Cases()[tokens.size() % 3].token);
  std::vector<std::string_view> views(tokens.begin(), tokens.end());

  auto single = std::make_shared<Recorder>();
  const Validator one = MakeValidator(MeteredOptions(single));
  for (std::string_view t : views) one.Validate(t);

  ThreadPool pool(2);
  for (Executor* executor :
       {static_cast<Executor*>(nullptr), static_cast<Executor*>(&pool)}) {
    auto batch = std::make_shared<Recorder>();
    const Validator v = MakeValidator(MeteredOptions(batch));
    std::vector<Result> out(views.size());
    v.ValidateBatch(views, out, executor);
    std::vector<Report> got = batch->validations();
    std::vector<Report> want = single->validations();
    ASSERT_EQ(got.size(), views.size());
    for (size_t i = 0; i < out.size(); ++i) {
      EXPECT_EQ(got[i].first, out[i].code()) << i;
    }
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    EXPECT_EQ(got, want);
  }
}

TEST(MetricsTest, VerifiedCacheReportsLookupsAndValidations) {
  auto validations = std::make_shared<Recorder>();
  auto lookups = std::make_shared<Recorder>();
  std::atomic<int64_t> now{kNow};
  ValidatorOptions o = MeteredOptions(validations);
  o.clock = [&now] { return FromUnixSeconds(now.load()); };
  const Validator v = MakeValidator(std::move(o));
  VerifiedTokenCacheOptions co;
  co.metrics = lookups;
  VerifiedTokenCache cache(co);
  const std::string token = Hs256(kHeader, R"({"exp":)" + At(60) + "}");
  EXPECT_TRUE(cache.Validate(v, token).ok());  // miss, stored
  EXPECT_TRUE(cache.Validate(v, token).ok());  // hit
  now = kNow + 60;                             // exp reached
  EXPECT_EQ(cache.Validate(v, token).code(), ErrorCode::kExpired);
  EXPECT_EQ(cache.Validate(v, "a.b").code(), ErrorCode::kMalformed);
  EXPECT_EQ(lookups->lookups(), (std::vector<bool>{false, true, false, false}));
  EXPECT_EQ(lookups->validations().size(), 0u);
  EXPECT_EQ(validations->lookups().size(), 0u);
  EXPECT_EQ(validations->validations(),
            (std::vector<Report>{{ErrorCode::kOk, Algorithm::kHS256},
                                 {ErrorCode::kOk, Algorithm::kHS256},
                                 {ErrorCode::kExpired, Algorithm::kHS256},
                                 {ErrorCode::kMalformed, std::nullopt}}));
  const VerifiedTokenCacheStats stats = cache.stats();
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.misses, 3u);
}

// Only the cache's metrics set: lookups are reported, validations are not.
TEST(MetricsTest, VerifiedCacheMetricsWithoutValidatorMetrics) {
  auto lookups = std::make_shared<Recorder>();
  const Validator v = MakeValidator();
  VerifiedTokenCacheOptions co;
  co.metrics = lookups;
  VerifiedTokenCache cache(co);
  const std::string token = Hs256(kHeader, Payload());
  EXPECT_TRUE(cache.Validate(v, token).ok());
  EXPECT_TRUE(cache.Validate(v, token).ok());
  EXPECT_EQ(lookups->lookups(), (std::vector<bool>{false, true}));
  EXPECT_TRUE(lookups->validations().empty());
}

// Counters as a service would write them, from many threads at once.
class Counters : public Metrics {
 public:
  void OnValidation(ErrorCode code, std::optional<Algorithm> alg) override {
    by_code[static_cast<int>(code)].fetch_add(1, std::memory_order_relaxed);
    if (alg)
      by_alg[static_cast<int>(*alg)].fetch_add(1, std::memory_order_relaxed);
  }
  void OnVerifiedCacheLookup(bool hit) override {
    (hit ? hits : misses).fetch_add(1, std::memory_order_relaxed);
  }
  std::atomic<uint64_t> by_code[32] = {};
  std::atomic<uint64_t> by_alg[kAlgorithmCount] = {};
  std::atomic<uint64_t> hits{0}, misses{0};
};

TEST(MetricsTest, ConcurrentCallersCountEveryToken) {
  auto counters = std::make_shared<Counters>();
  const Validator v = MakeValidator(MeteredOptions(counters));
  VerifiedTokenCacheOptions co;
  co.metrics = counters;
  VerifiedTokenCache cache(co);
  const std::string good = Hs256(kHeader, Payload());
  const std::string expired = Hs256(kHeader, R"({"exp":)" + At(-1) + "}");
  constexpr int kThreads = 4, kRounds = 500;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      std::vector<std::string_view> batch = {good, expired};
      std::vector<Result> out(2);
      for (int i = 0; i < kRounds; ++i) {
        v.Validate(good);
        v.ValidateBatch(batch, out);
        cache.Validate(v, good);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const uint64_t n = uint64_t{kThreads} * kRounds;
  EXPECT_EQ(counters->by_code[static_cast<int>(ErrorCode::kOk)].load(), 3 * n);
  EXPECT_EQ(counters->by_code[static_cast<int>(ErrorCode::kExpired)].load(), n);
  EXPECT_EQ(counters->by_alg[static_cast<int>(Algorithm::kHS256)].load(),
            4 * n);
  EXPECT_EQ(counters->hits.load() + counters->misses.load(), n);
  EXPECT_GE(counters->misses.load(), 1u);
}

}  // namespace
}  // namespace jwtv
