// Copyright 2026 The jwtv Authors.
//
// fuzz_batch: a fuzzed list of tokens (the input split on '\n', at most 64
// tokens) through Validator::ValidateBatch, against the same KeySet (every
// key kind, fuzz_keys.h), fixed clock and three option sets as fuzz_token.
//
// Beyond not crashing: ValidateBatch equals Validate on each token (same
// ErrorCode; for accepted tokens the same ClaimsJson(), alg and kid), both
// without an executor and with a 2-thread jwtv::ThreadPool, into fresh
// Results and into Results reused across inputs (so stale state would show).
// The HS256 tokens go through the batch HMAC kernel the process chose
// (JWTV_HMAC_KERNEL names one), and without an executor also through each
// other kernel this CPU runs (crypto/hmac_sha256_batch.h), forced in turn.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/hmac_sha256_batch.h"
#include "fuzz_common.h"
#include "fuzz_keys.h"
#include "jwtv/batch.h"

namespace {

constexpr size_t kMaxTokens = 64;

struct State {
  std::vector<jwtv::Validator> validators;
  jwtv::ThreadPool* pool = nullptr;       // created once, never destroyed
  std::vector<jwtv::Result> reused;       // kept across inputs
  std::vector<jwtv::Result> reused_pool;  // kept across inputs
};

State& GetState() {
  static State* state = [] {
    auto* s = new State;
    s->validators = jwtv_fuzz::AllValidators(
        jwtv_fuzz::CheckedKeySet(jwtv_fuzz::kFuzzJwks, 7));
    s->pool = new jwtv::ThreadPool(2);
    s->reused.resize(kMaxTokens);
    s->reused_pool.resize(kMaxTokens);
    return s;
  }();
  return *state;
}

std::vector<std::string_view> SplitTokens(std::string_view input) {
  std::vector<std::string_view> tokens;
  while (tokens.size() < kMaxTokens) {
    const size_t nl = input.find('\n');
    tokens.push_back(input.substr(0, nl));
    if (nl == std::string_view::npos) break;
    input.remove_prefix(nl + 1);
  }
  return tokens;
}

void CheckSame(const jwtv::Result& want, const jwtv::Result& got,
               std::string_view token, size_t i, const char* how) {
  FUZZ_CHECK(want.code() == got.code(),
             "%s: token %zu: Validate %s, ValidateBatch %s (token '%s')", how,
             i, std::string(want.code_name()).c_str(),
             std::string(got.code_name()).c_str(),
             jwtv_fuzz::Printable(token).c_str());
  if (!want.ok()) return;
  FUZZ_CHECK(want->ClaimsJson() == got->ClaimsJson(),
             "%s: token %zu: claims differ: '%s' vs '%s'", how, i,
             jwtv_fuzz::Printable(want->ClaimsJson()).c_str(),
             jwtv_fuzz::Printable(got->ClaimsJson()).c_str());
  FUZZ_CHECK(want->alg() == got->alg(), "%s: token %zu: alg %s vs %s", how, i,
             std::string(jwtv::AlgorithmName(want->alg())).c_str(),
             std::string(jwtv::AlgorithmName(got->alg())).c_str());
  FUZZ_CHECK(want->kid() == got->kid(), "%s: token %zu: kid '%s' vs '%s'", how,
             i, jwtv_fuzz::Printable(want->kid().value_or("<none>")).c_str(),
             jwtv_fuzz::Printable(got->kid().value_or("<none>")).c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  State& state = GetState();
  std::vector<std::string_view> tokens =
      SplitTokens(std::string_view(reinterpret_cast<const char*>(data), size));
  const size_t n = tokens.size();
  std::vector<jwtv::Result> want(n);
  std::vector<jwtv::Result> fresh(n);
  for (const jwtv::Validator& v : state.validators) {
    for (size_t i = 0; i < n; ++i) want[i] = v.Validate(tokens[i]);

    // Without an executor, into fresh Results.
    for (jwtv::Result& r : fresh) r = jwtv::Result();
    v.ValidateBatch(tokens, fresh);
    for (size_t i = 0; i < n; ++i) {
      CheckSame(want[i], fresh[i], tokens[i], i, "no executor, fresh");
    }

    // Every other batch HMAC kernel, without an executor.
    const jwtv::internal::HmacKernel chosen =
        jwtv::internal::ChosenHmacKernel();
    for (size_t k = 0; k < jwtv::internal::kHmacKernelCount; ++k) {
      const auto kernel = static_cast<jwtv::internal::HmacKernel>(k);
      if (kernel == chosen || !jwtv::internal::ForceHmacKernel(kernel)) {
        continue;
      }
      for (jwtv::Result& r : fresh) r = jwtv::Result();
      v.ValidateBatch(tokens, fresh);
      jwtv::internal::ResetHmacKernel();
      const std::string how =
          "kernel " + std::string(jwtv::internal::HmacKernelName(kernel));
      for (size_t i = 0; i < n; ++i) {
        CheckSame(want[i], fresh[i], tokens[i], i, how.c_str());
      }
    }

    // Without an executor, into Results reused across inputs.
    v.ValidateBatch(tokens, std::span(state.reused.data(), n));
    for (size_t i = 0; i < n; ++i) {
      CheckSame(want[i], state.reused[i], tokens[i], i, "no executor, reused");
    }

    // With the thread pool, into Results reused across inputs.
    v.ValidateBatch(tokens, std::span(state.reused_pool.data(), n), state.pool);
    for (size_t i = 0; i < n; ++i) {
      CheckSame(want[i], state.reused_pool[i], tokens[i], i,
                "thread pool, reused");
    }

    // A longer output span than tokens: only the first n are written.
    if (n < kMaxTokens) {
      std::vector<jwtv::Result> longer(n + 1);
      longer[n] = jwtv::Result(jwtv::ErrorCode::kExpired);
      v.ValidateBatch(tokens, longer, state.pool);
      for (size_t i = 0; i < n; ++i) {
        CheckSame(want[i], longer[i], tokens[i], i, "thread pool, fresh");
      }
      FUZZ_CHECK(longer[n].code() == jwtv::ErrorCode::kExpired,
                 "ValidateBatch wrote past the tokens");
    }
  }
  return 0;
}
