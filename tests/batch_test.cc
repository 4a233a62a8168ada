// Copyright 2026 The jwtv Authors.
//
// Validator::ValidateBatch gives, for every token, exactly what Validate
// gives: property-tested on random batches mixing valid and invalid tokens
// of every algorithm, duplicates and unknown kids, with and without an
// executor.

#include "jwtv/batch.h"

#include <atomic>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/functional/function_ref.h"
#include "batch_test_util.h"
#include "gtest/gtest.h"
#include "jwtv/validator.h"

namespace jwtv {
namespace {

using testing::kNow;
using testing::TestKeys;

using testing::Keys;
using testing::Options;

constexpr Algorithm kAllAlgs[] = {
    Algorithm::kHS256, Algorithm::kHS384, Algorithm::kHS512, Algorithm::kRS256,
    Algorithm::kRS384, Algorithm::kRS512, Algorithm::kPS256, Algorithm::kPS384,
    Algorithm::kPS512, Algorithm::kES256, Algorithm::kES384, Algorithm::kES512,
    Algorithm::kEdDSA,
};

// Tokens of every kind: valid ones of every algorithm (and HMAC with each
// rotated secret, with and without kid), and many ways to be invalid.
std::vector<std::string> TokenPool() {
  const TestKeys& k = Keys();
  std::vector<std::string> pool;
  for (Algorithm alg : kAllAlgs) {
    const std::string kid = TestKeys::DefaultKid(alg);
    pool.push_back(k.Typical(alg, kid, kNow + 600));
    pool.push_back(k.Typical(alg, kid, kNow + 600, "\"n\":1"));
    pool.push_back(k.Typical(alg, kid, kNow - 1));             // expired
    pool.push_back(k.Typical(alg, "no-such-kid", kNow + 60));  // unknown kid
    std::string tampered = k.Typical(alg, kid, kNow + 600, "\"t\":2");
    const size_t dot = tampered.rfind('.');
    tampered[dot + 1] = tampered[dot + 1] == 'A' ? 'B' : 'A';
    pool.push_back(tampered);
    // Payload signed but not JSON / duplicate member.
    pool.push_back(
        k.Token(alg,
                "{\"alg\":\"" + std::string(AlgorithmName(alg)) + "\"" +
                    (kid.empty() ? "" : ",\"kid\":\"" + kid + "\"") + "}",
                "{\"exp\":1,\"exp\":2}"));
    // Wrong audience, crit, long and escaped header members.
    pool.push_back(
        k.Typical(alg, kid, kNow + 600, "\"x\":\"\\u0041\"").replace(0, 0, ""));
    pool.push_back(k.Token(
        alg,
        "{\"alg\":\"" + std::string(AlgorithmName(alg)) +
            "\",\"typ\":\"a\\/b\"" +
            (kid.empty() ? "" : ",\"kid\":\"" + kid + "\"") + "}",
        "{\"exp\":" + std::to_string(kNow + 5) + ",\"aud\":[\"x\",\"api\"]," +
            "\"iss\":\"https://issuer.example\"}"));
    pool.push_back(k.Token(alg,
                           "{\"alg\":\"" + std::string(AlgorithmName(alg)) +
                               "\",\"crit\":[\"b64\"]" +
                               (kid.empty() ? "" : ",\"kid\":\"" + kid + "\"") +
                               "}",
                           "{\"exp\":" + std::to_string(kNow + 5) + "}"));
    pool.push_back(
        k.Token(alg,
                "{\"alg\":\"" + std::string(AlgorithmName(alg)) + "\"" +
                    (kid.empty() ? "" : ",\"kid\":\"" + kid + "\"") + "}",
                "{\"exp\":" + std::to_string(kNow + 5) +
                    ",\"aud\":\"other\",\"iss\":\"https://issuer.example\"}"));
  }
  for (Algorithm alg :
       {Algorithm::kHS256, Algorithm::kHS384, Algorithm::kHS512}) {
    pool.push_back(k.Typical(alg, "", kNow + 600, "", /*which=*/1));
    pool.push_back(k.Typical(alg, "hk", kNow + 600, "", /*which=*/2));
    pool.push_back(k.Typical(alg, "hk", kNow + 600, "", /*which=*/0));
    // Lengths around the SHA-256 block boundaries.
    for (int pad = 0; pad < 70; pad += 3) {
      pool.push_back(k.Typical(alg, "", kNow + 600,
                               "\"p\":\"" + std::string(pad, 'x') + "\""));
    }
  }
  // Malformed and unsupported.
  pool.push_back("");
  pool.push_back("a.b");
  pool.push_back("a.b.c.d");
  pool.push_back("..");
  pool.push_back("eyJhbGciOiJub25lIn0.e30.");
  pool.push_back(testing::B64("{\"alg\":\"none\"}") + "." + testing::B64("{}") +
                 ".AAAA");
  pool.push_back(testing::B64("{\"alg\":\"HS257\"}") + "." +
                 testing::B64("{}") + ".AAAA");
  pool.push_back(testing::B64("not json") + "." + testing::B64("{}") + ".AAAA");
  pool.push_back(testing::B64("{\"alg\":\"HS256\"}") + "." +
                 testing::B64("{}") + "." + std::string(4000, 'A'));
  const std::string valid = pool[0];
  pool.push_back(valid.substr(0, valid.size() - 1));
  pool.push_back(valid.substr(0, valid.size() / 2));
  pool.push_back(valid + "=");
  return pool;
}

void ExpectSame(const Result& want, const Result& got, std::string_view token) {
  ASSERT_EQ(want.code(), got.code()) << token;
  if (!want.ok()) return;
  EXPECT_EQ(want->payload_json(), got->payload_json());
  EXPECT_EQ(want->alg(), got->alg());
  EXPECT_EQ(want->kid(), got->kid());
  EXPECT_EQ(want->typ(), got->typ());
  EXPECT_EQ(want->subject(), got->subject());
  EXPECT_EQ(want->issuer(), got->issuer());
  EXPECT_EQ(want->expiration(), got->expiration());
  ASSERT_EQ(want->claim_count(), got->claim_count());
  for (size_t i = 0; i < want->claim_count(); ++i) {
    EXPECT_EQ(want->claim_name(i), got->claim_name(i));
    EXPECT_EQ(want->GetRawJson(want->claim_name(i)),
              got->GetRawJson(got->claim_name(i)));
  }
  ASSERT_EQ(want->audiences().size(), got->audiences().size());
  for (size_t i = 0; i < want->audiences().size(); ++i) {
    EXPECT_EQ(want->audiences()[i], got->audiences()[i]);
  }
}

void RunProperty(Executor* executor, int rounds, uint32_t seed) {
  const std::vector<std::string> pool = TokenPool();
  Validator validator(Keys().MakeKeySet(), Options());
  std::vector<Result> want(pool.size());
  for (size_t i = 0; i < pool.size(); ++i)
    want[i] = validator.Validate(pool[i]);
  // The pool is mixed: some of each.
  int valid = 0;
  for (const Result& r : want) valid += r.ok();
  ASSERT_GT(valid, 40);
  ASSERT_GT(static_cast<int>(pool.size()) - valid, 40);

  std::mt19937 rng(seed);
  std::vector<Result> out;  // reused across rounds, like a server would
  for (int round = 0; round < rounds; ++round) {
    const size_t n = std::uniform_int_distribution<size_t>(0, 80)(rng);
    std::vector<std::string_view> batch;
    std::vector<size_t> which;
    for (size_t i = 0; i < n; ++i) {
      size_t j = std::uniform_int_distribution<size_t>(0, pool.size() - 1)(rng);
      // Plenty of duplicates: repeat an earlier pick now and then.
      if (!which.empty() && rng() % 4 == 0) {
        j = which[rng() % which.size()];
      }
      which.push_back(j);
      batch.push_back(pool[j]);
    }
    if (out.size() < n) out.resize(n + rng() % 3);
    validator.ValidateBatch(batch, out, executor);
    for (size_t i = 0; i < n; ++i) {
      ExpectSame(want[which[i]], out[i], batch[i]);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
}

TEST(ValidateBatchTest, EqualsValidateOnRandomMixedBatches) {
  RunProperty(nullptr, 300, 1);
}

TEST(ValidateBatchTest, EqualsValidateWithThreadPool) {
  ThreadPool pool(3);
  RunProperty(&pool, 100, 2);
}

TEST(ValidateBatchTest, EqualsValidateWithFunctionExecutor) {
  std::vector<std::thread> threads;
  std::mutex mu;
  FunctionExecutor executor(
      [&](std::function<void()> f) {
        std::lock_guard<std::mutex> l(mu);
        threads.emplace_back(std::move(f));
      },
      3);
  RunProperty(&executor, 30, 3);
  for (std::thread& t : threads) t.join();
}

TEST(ValidateBatchTest, EmptyAndShortOutput) {
  Validator validator(Keys().MakeKeySet(), Options());
  std::vector<std::string_view> none;
  std::vector<Result> out(2);
  validator.ValidateBatch(none, out);
  const std::string t = Keys().Typical(Algorithm::kHS256, "", kNow + 60);
  std::vector<std::string_view> three = {t, t, "x"};
  std::vector<Result> one(1);
  validator.ValidateBatch(three, one);  // writes only out[0]
  EXPECT_TRUE(one[0].ok());
}

TEST(ValidateBatchTest, ManyTokensSameKeyAllVerify) {
  // Counts that leave the three-at-a-time HMAC path each kind of tail: one
  // alone, a pair, two pairs.
  Validator validator(Keys().MakeKeySet(), Options());
  for (size_t n : {1u, 2u, 3u, 4u, 64u, 65u, 67u}) {
    std::vector<std::string> tokens;
    for (size_t i = 0; i < n; ++i) {
      tokens.push_back(Keys().Typical(Algorithm::kHS256, "", kNow + 60,
                                      "\"i\":" + std::to_string(i)));
    }
    std::vector<std::string_view> views(tokens.begin(), tokens.end());
    std::vector<Result> out(n);
    validator.ValidateBatch(views, out);
    for (size_t i = 0; i < n; ++i) {
      ASSERT_TRUE(out[i].ok()) << n << " " << i << " " << out[i].code_name();
      EXPECT_EQ(out[i]->GetInteger("i"), static_cast<int64_t>(i));
    }
  }
}

// Runs every task on the calling thread, recording each ParallelFor's n.
class RecordingExecutor final : public Executor {
 public:
  void ParallelFor(size_t n, absl::FunctionRef<void(size_t)> task) override {
    calls.push_back(n);
    for (size_t i = 0; i < n; ++i) task(i);
  }
  std::vector<size_t> calls;
};

// What batch.h says the executor takes: a batch of 16 or more tokens as
// slices (a quarter of what is left each, at least one token), HMAC tokens
// included; a shorter one only its distinct public-key tokens, when there are
// two or more.
TEST(ValidateBatchTest, WhatTheExecutorTakes) {
  Validator validator(Keys().MakeKeySet(), Options());
  auto run = [&](Algorithm alg, size_t n, size_t distinct) {
    std::vector<std::string> tokens;
    for (size_t i = 0; i < n; ++i) {
      tokens.push_back(Keys().Typical(alg, TestKeys::DefaultKid(alg), kNow + 60,
                                      "\"i\":" + std::to_string(i % distinct)));
    }
    std::vector<std::string_view> views(tokens.begin(), tokens.end());
    std::vector<Result> out(n);
    RecordingExecutor executor;
    validator.ValidateBatch(views, out, &executor);
    for (size_t i = 0; i < n; ++i) EXPECT_TRUE(out[i].ok()) << i;
    return executor.calls;
  };
  using Calls = std::vector<size_t>;
  EXPECT_EQ(run(Algorithm::kHS256, 15, 15), Calls{});
  EXPECT_EQ(run(Algorithm::kRS256, 15, 15), Calls{15});
  EXPECT_EQ(run(Algorithm::kRS256, 15, 3), Calls{3});  // duplicates stay
  EXPECT_EQ(run(Algorithm::kRS256, 4, 1), Calls{});
  // 16 tokens: slices of 4, 3, 2 and then 1 token each (seven of them).
  EXPECT_EQ(run(Algorithm::kHS256, 16, 16), Calls{10});
  EXPECT_EQ(run(Algorithm::kRS256, 16, 16), Calls{10});
}

TEST(ThreadPoolTest, RunsEveryIndexOnce) {
  ThreadPool pool(4);
  EXPECT_EQ(pool.threads(), 4);
  for (size_t n : {0u, 1u, 2u, 7u, 1000u}) {
    std::vector<std::atomic<int>> hits(n);
    pool.ParallelFor(n, [&](size_t i) { hits[i].fetch_add(1); });
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(hits[i].load(), 1);
  }
}

// One ParallelFor runs at a time: while a task of one caller's job runs, no
// task of another caller's job does (each task counts itself in its
// caller's slot and looks at the others'), and every task runs once.
TEST(ThreadPoolTest, ConcurrentCallersTakeTurns) {
  constexpr int kCallers = 4;
  ThreadPool pool(2);
  std::atomic<int> total{0};
  std::atomic<int> running[kCallers] = {};
  std::atomic<int> overlaps{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < kCallers; ++t) {
    callers.emplace_back([&, t] {
      for (int r = 0; r < 50; ++r) {
        pool.ParallelFor(10, [&](size_t) {
          running[t].fetch_add(1);
          for (int other = 0; other < kCallers; ++other) {
            if (other != t && running[other].load() != 0) overlaps.fetch_add(1);
          }
          // A little work, so that overlapping jobs would meet.
          volatile int sink = 0;
          for (int k = 0; k < 20000; ++k) sink = sink + k;
          running[t].fetch_sub(1);
          total.fetch_add(1);
        });
      }
    });
  }
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(total.load(), kCallers * 50 * 10);
  EXPECT_EQ(overlaps.load(), 0);
}

}  // namespace
}  // namespace jwtv
