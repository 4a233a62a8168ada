// Copyright 2026 The jwtv Authors.
//
// jwtv_bench, part two: batches, the verified-token cache and garbage.
//
//   ValidateBatch/<ALG>          Validator::ValidateBatch over 64 distinct
//                                tokens (HS256, RS256, ES256), one thread,
//                                reused Results;
//   ValidateBatchParallel/RS256  the same RS256 batch over a ThreadPool of 2
//                                threads (the caller and one worker), real
//                                time;
//   KeyVerifyBatch/HS256         the HMAC key's VerifyBatch alone over the
//                                signing inputs and tags of the HS256 batch
//                                (the kernel the batch uses, named in the
//                                label, as in ValidateBatch/HS256's);
//   KeyVerifyBatch/HS256/<kernel>  the same with each batch HMAC kernel
//                                forced (serial, shani, avx512, avx2;
//                                crypto/hmac_sha256_batch.h), an error for
//                                one this CPU does not run;
//   ValidateCached/<ALG>         VerifiedTokenCache::Validate into a reused
//                                VerifiedToken, every call a hit (HS256,
//                                ES256);
//   RejectGarbage                Validate on random bytes and on truncated
//                                tokens (half of each), cycling through 64.
// items_per_second counts tokens. The tokens carry the fixture claims
// (bench/fixtures/claims.json) with a distinct jti each, so the batch's
// dedupe does not apply; HS256 uses the fixture secret and header, RS256 and
// ES256 keys are generated at startup. Every token is checked to validate
// (and every garbage input to be rejected) before timing.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "base64url/base64url.h"
#include "bench_fixtures.h"
#include "crypto/hmac_sha256_batch.h"
#include "crypto/prepared_key.h"
#include "jwtv/batch.h"
#include "jwtv/key_set.h"
#include "jwtv/testing/token_signer.h"
#include "jwtv/validator.h"
#include "jwtv/verified_cache.h"
#include "testing/test_util.h"

namespace {

constexpr size_t kBatch = 64;
using jwtv_bench::Die;
using jwtv_bench::kApiKey;
using jwtv_bench::kIssuer;
using jwtv_bench::ReadFixtureLine;

std::string B64(std::string_view s) {
  return jwtv::internal::Base64UrlEncode(s);
}

// The fixture claims with the i-th jti (same length as the original).
std::string Claims(size_t i) {
  std::string claims = ReadFixtureLine("claims.json");
  const std::string key = "\"jti\":\"";
  const size_t at = claims.find(key);
  if (at == std::string::npos) Die("claims.json has no jti");
  char id[9];
  std::snprintf(id, sizeof(id), "%08zx", i);
  claims.replace(at + key.size(), 8, id);
  return claims;
}

struct Signer {
  std::string header;
  std::function<std::string(std::string_view input)> sign;

  std::vector<std::string> Tokens(size_t n) const {
    std::vector<std::string> out;
    for (size_t i = 0; i < n; ++i) {
      const std::string input = B64(header) + "." + B64(Claims(i));
      out.push_back(input + "." + B64(sign(input)));
    }
    return out;
  }
};

struct Suite {
  std::string jwks;  // public halves of the generated keys
  std::optional<jwtv::Validator> hmac;
  std::optional<jwtv::Validator> pk;
  std::vector<std::string> hs256, rs256, es256;
  std::vector<std::string> garbage;
};

jwtv::ValidatorOptions Options() {
  jwtv::ValidatorOptions o;
  o.issuers = {kIssuer};
  o.audiences = {kApiKey};
  return o;
}

Suite* BuildSuite() {
  auto* s = new Suite;
  const std::string secret = ReadFixtureLine("hmac_secret.txt");
  Signer hs{"{\"alg\":\"HS256\",\"typ\":\"JWT\"}", [&](std::string_view in) {
              return jwtv::testing::HmacTag(jwtv::Algorithm::kHS256, secret,
                                            in);
            }};
  s->hs256 = hs.Tokens(kBatch);

  // RSA-2048 and P-256 keys whose JWKs name no alg, as a provider's.
  const auto pair = [](jwtv::Algorithm alg, std::string_view kid) {
    absl::StatusOr<jwtv::testing::KeyPair> p =
        jwtv::testing::GenerateKeyPair(alg, kid, {.write_alg = false});
    if (!p.ok()) Die("key pair");
    return *std::move(p);
  };
  const jwtv::testing::KeyPair rsa =
      pair(jwtv::Algorithm::kRS256, "batch-rs256");
  const jwtv::testing::KeyPair ec =
      pair(jwtv::Algorithm::kES256, "batch-es256");
  const auto signer = [](const jwtv::testing::KeyPair& p) {
    auto s = std::make_shared<jwtv::testing::TokenSigner>(
        *jwtv::testing::SignerFor(p));
    return [s](std::string_view in) {
      absl::StatusOr<std::string> sig = s->Signature(in);
      if (!sig.ok()) Die("signing");
      return *std::move(sig);
    };
  };
  Signer rs{"{\"alg\":\"RS256\",\"kid\":\"batch-rs256\",\"typ\":\"JWT\"}",
            signer(rsa)};
  s->rs256 = rs.Tokens(kBatch);
  Signer es{"{\"alg\":\"ES256\",\"kid\":\"batch-es256\",\"typ\":\"JWT\"}",
            signer(ec)};
  s->es256 = es.Tokens(kBatch);
  s->jwks = "{\"keys\":[" + rsa.public_jwk + "," + ec.public_jwk + "]}";
  auto hmac_keys = jwtv::KeySet::FromHmacSecrets({secret});
  auto pk_keys = jwtv::KeySet::FromJwks(s->jwks);
  if (!hmac_keys.ok() || !pk_keys.ok()) Die("key sets");
  s->hmac.emplace(*std::move(hmac_keys), Options());
  s->pk.emplace(*std::move(pk_keys), Options());

  // Garbage: random bytes of token-like lengths, and truncated tokens.
  std::mt19937_64 rng(42);
  for (size_t i = 0; i < kBatch; ++i) {
    if (i % 2 == 0) {
      std::string g(100 + rng() % 600, '\0');
      for (char& c : g) c = static_cast<char>(rng());
      s->garbage.push_back(g);
    } else {
      const std::string& t = s->hs256[i];
      s->garbage.push_back(t.substr(0, 1 + rng() % (t.size() - 1)));
    }
  }

  for (const std::string& t : s->hs256) {
    if (!s->hmac->Validate(t).ok()) Die("HS256 batch token rejected");
  }
  for (const auto* set : {&s->rs256, &s->es256}) {
    for (const std::string& t : *set) {
      jwtv::Result r = s->pk->Validate(t);
      if (!r.ok()) Die("batch token rejected: " + std::string(r.code_name()));
    }
  }
  for (const std::string& g : s->garbage) {
    if (s->hmac->Validate(g).ok()) Die("garbage accepted");
  }
  return s;
}

Suite& GetSuite() {
  static Suite* suite = BuildSuite();
  return *suite;
}

void RunBatch(benchmark::State& state, const jwtv::Validator& v,
              const std::vector<std::string>& tokens,
              jwtv::Executor* executor) {
  std::vector<std::string_view> views(tokens.begin(), tokens.end());
  std::vector<jwtv::Result> out(views.size());
  v.ValidateBatch(views, out, executor);
  for (const jwtv::Result& r : out) {
    if (!r.ok()) {
      state.SkipWithError("batch token rejected");
      return;
    }
  }
  for (auto _ : state) {
    v.ValidateBatch(views, out, executor);
    benchmark::DoNotOptimize(out.data());
  }
  if (!out.back().ok()) state.SkipWithError("batch token rejected");
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(views.size()));
}

void ValidateBatchHs256(benchmark::State& state) {
  state.SetLabel(std::string(
      jwtv::internal::HmacKernelName(jwtv::internal::ChosenHmacKernel())));
  RunBatch(state, *GetSuite().hmac, GetSuite().hs256, nullptr);
}
void ValidateBatchRs256(benchmark::State& state) {
  RunBatch(state, *GetSuite().pk, GetSuite().rs256, nullptr);
}
void ValidateBatchEs256(benchmark::State& state) {
  RunBatch(state, *GetSuite().pk, GetSuite().es256, nullptr);
}
void ValidateBatchParallelRs256(benchmark::State& state) {
  jwtv::ThreadPool pool(2);
  RunBatch(state, *GetSuite().pk, GetSuite().rs256, &pool);
}

// `kernel` forced for the run, or the process's choice when null; the
// label names the kernel that ran.
void RunKeyVerifyBatch(benchmark::State& state,
                       const jwtv::internal::HmacKernel* kernel) {
  using jwtv::internal::HmacKernelName;
  if (kernel != nullptr && !jwtv::internal::ForceHmacKernel(*kernel)) {
    state.SkipWithError("this CPU does not run the kernel");
    return;
  }
  state.SetLabel(
      std::string(HmacKernelName(jwtv::internal::ChosenHmacKernel())));
  const std::string secret = ReadFixtureLine("hmac_secret.txt");
  auto key = jwtv::internal::MakeHmacKey(jwtv::internal::Bytes(
      reinterpret_cast<const uint8_t*>(secret.data()), secret.size()));
  if (!key.ok()) Die("HMAC key");
  std::vector<std::string_view> inputs;
  std::vector<std::vector<uint8_t>> tags;
  for (const std::string& t : GetSuite().hs256) {
    const size_t dot = t.rfind('.');
    inputs.push_back(std::string_view(t).substr(0, dot));
    const std::string tag =
        jwtv::testing::HmacTag(jwtv::Algorithm::kHS256, secret, inputs.back());
    tags.emplace_back(tag.begin(), tag.end());
  }
  std::vector<jwtv::internal::Bytes> signatures;
  signatures.reserve(tags.size());
  for (const auto& t : tags) signatures.emplace_back(t.data(), t.size());
  std::unique_ptr<bool[]> results(new bool[inputs.size()]);
  for (auto _ : state) {
    (*key)->VerifyBatch(jwtv::Algorithm::kHS256, inputs, signatures,
                        results.get());
    benchmark::DoNotOptimize(results.get());
  }
  jwtv::internal::ResetHmacKernel();
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!results[i]) state.SkipWithError("tag rejected");
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(inputs.size()));
}

void KeyVerifyBatchHs256(benchmark::State& state) {
  RunKeyVerifyBatch(state, nullptr);
}
void KeyVerifyBatchHs256Kernel(benchmark::State& state,
                               jwtv::internal::HmacKernel kernel) {
  RunKeyVerifyBatch(state, &kernel);
}

void RunCached(benchmark::State& state, const jwtv::Validator& v,
               const std::vector<std::string>& tokens) {
  jwtv::VerifiedTokenCache cache;
  jwtv::VerifiedToken out;
  for (const std::string& t : tokens) {
    if (cache.Validate(v, t, &out) != jwtv::ErrorCode::kOk) {
      state.SkipWithError("token rejected");
      return;
    }
  }
  size_t i = 0;
  for (auto _ : state) {
    jwtv::ErrorCode c = cache.Validate(v, tokens[i], &out);
    if (c != jwtv::ErrorCode::kOk) state.SkipWithError("token rejected");
    benchmark::DoNotOptimize(out);
    i = i + 1 == tokens.size() ? 0 : i + 1;
  }
  const jwtv::VerifiedTokenCacheStats st = cache.stats();
  if (st.hits < static_cast<uint64_t>(state.iterations())) {
    state.SkipWithError("not every call was a cache hit");
  }
  state.SetItemsProcessed(state.iterations());
}

void ValidateCachedHs256(benchmark::State& state) {
  RunCached(state, *GetSuite().hmac, GetSuite().hs256);
}
void ValidateCachedEs256(benchmark::State& state) {
  RunCached(state, *GetSuite().pk, GetSuite().es256);
}

void RejectGarbage(benchmark::State& state) {
  const Suite& s = GetSuite();
  size_t i = 0;
  for (auto _ : state) {
    jwtv::Result r = s.hmac->Validate(s.garbage[i]);
    if (r.ok()) state.SkipWithError("garbage accepted");
    benchmark::DoNotOptimize(r);
    i = i + 1 == s.garbage.size() ? 0 : i + 1;
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(ValidateBatchHs256)->Name("ValidateBatch/HS256");
BENCHMARK(ValidateBatchRs256)->Name("ValidateBatch/RS256");
BENCHMARK(ValidateBatchEs256)->Name("ValidateBatch/ES256");
BENCHMARK(ValidateBatchParallelRs256)
    ->Name("ValidateBatchParallel/RS256")
    ->UseRealTime();
BENCHMARK(KeyVerifyBatchHs256)->Name("KeyVerifyBatch/HS256");
BENCHMARK_CAPTURE(KeyVerifyBatchHs256Kernel, serial,
                  jwtv::internal::HmacKernel::kSerial)
    ->Name("KeyVerifyBatch/HS256/serial");
BENCHMARK_CAPTURE(KeyVerifyBatchHs256Kernel, shani,
                  jwtv::internal::HmacKernel::kShaNi)
    ->Name("KeyVerifyBatch/HS256/shani");
BENCHMARK_CAPTURE(KeyVerifyBatchHs256Kernel, avx512,
                  jwtv::internal::HmacKernel::kAvx512)
    ->Name("KeyVerifyBatch/HS256/avx512");
BENCHMARK_CAPTURE(KeyVerifyBatchHs256Kernel, avx2,
                  jwtv::internal::HmacKernel::kAvx2)
    ->Name("KeyVerifyBatch/HS256/avx2");
BENCHMARK(ValidateCachedHs256)->Name("ValidateCached/HS256");
BENCHMARK(ValidateCachedEs256)->Name("ValidateCached/ES256");
BENCHMARK(RejectGarbage)->Name("RejectGarbage");

}  // namespace
