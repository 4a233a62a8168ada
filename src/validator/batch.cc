// Copyright 2026 The jwtv Authors.
//
// Validator::ValidateBatch and the executors of batch.h.
//
// A batch runs the stages of stages.h over all its tokens:
//   1. dedupe: identical tokens (exact bytes) are validated once;
//   2. prepare: shape, header, alg and candidate keys of each distinct
//      token. The header's kid and typ (views into the thread's parser,
//      overwritten by the next token's header) and the decoded signature are
//      copied into the batch's arena, which holds them for the batch;
//   3. verify, grouped by (first candidate key, alg): HMAC keys get the whole
//      group at once (HS256 goes three tokens at a time);
//   4. finish: payload and policy for each verified token; duplicates last.
// With an executor, a batch of 16 or more is cut into slices that run stages
// 2-4 each on one thread, the executor's threads taking slices as they
// free up: a token's data stays in one core's cache from its split to its
// result (handing stage 3 to other threads, token by token, cost 5 % of the
// two-thread RS256 throughput in cross-core traffic). A shorter batch only
// sends its public-key signatures to the executor.
// The per-thread scratch grows to the largest batch seen and is then reused,
// so a warmed-up batch allocates only what each Result's VerifiedToken
// needs (nothing when the Results are reused).

#include "jwtv/batch.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "jwks_cache/jwks_cache_access.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/validator.h"
#include "validator/stages.h"

namespace jwtv {
namespace {

using internal::Bytes;
using internal::KeySetData;
using internal::PreparedKey;
using internal::PreparedToken;

constexpr uint32_t kUnique = UINT32_MAX;

struct Item {
  PreparedToken prepared;
  uint64_t hash = 0;
  uint32_t first = kUnique;   // index of the identical earlier token
  uint32_t arena_offset = 0;  // where Persist puts this token's bytes
  ErrorCode code = ErrorCode::kOk;
  bool verified = false;
};

// Per-thread, reused by every batch on the thread: the batch's own state.
struct Scratch {
  std::vector<Item> items;
  std::vector<uint32_t> table;  // dedupe: open addressing, index + 1
  std::unique_ptr<char[]> arena;
  size_t arena_capacity = 0;
  bool busy = false;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

// Per-thread, for the verify stage over one range of a batch; a slice on a
// worker thread uses the worker's.
struct VerifyScratch {
  std::vector<uint32_t> hmac;  // indices of HMAC tokens to verify
  std::vector<uint32_t> pk;    // indices of public-key tokens
  std::vector<std::string_view> inputs;
  std::vector<Bytes> signatures;
  std::unique_ptr<bool[]> results;
  size_t results_capacity = 0;
};

VerifyScratch& ThreadVerifyScratch() {
  thread_local VerifyScratch scratch;
  return scratch;
}

// Cheap to compute; collisions cost a compare (bounded below). The tail of a
// token is its signature, which differs between distinct signed tokens.
uint64_t TokenHash(std::string_view t) {
  uint64_t a = 0, b = 0;
  if (t.size() >= 16) {
    std::memcpy(&a, t.data() + t.size() - 16, 8);
    std::memcpy(&b, t.data() + t.size() - 8, 8);
  } else {
    for (char c : t) a = (a << 8 | (a >> 56)) ^ static_cast<unsigned char>(c);
  }
  uint64_t h = (a ^ 0x9e3779b97f4a7c15ULL) * 0xbf58476d1ce4e5b9ULL;
  h ^= (b + t.size()) * 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

// Marks items[i].first for tokens equal to an earlier one.
void Dedupe(std::span<const std::string_view> tokens, Scratch& s) {
  const size_t n = tokens.size();
  size_t size = 16;
  while (size < 2 * n) size <<= 1;
  s.table.assign(size, 0);
  const size_t mask = size - 1;
  for (size_t i = 0; i < n; ++i) {
    Item& it = s.items[i];
    it.hash = TokenHash(tokens[i]);
    size_t slot = it.hash & mask;
    int compares = 0;
    while (uint32_t e = s.table[slot]) {
      const uint32_t j = e - 1;
      if (s.items[j].hash == it.hash) {
        if (tokens[j] == tokens[i]) {
          it.first = j;
          break;
        }
        // Crafted collisions only lose the dedupe, never correctness.
        if (++compares > 4) break;
      }
      slot = (slot + 1) & mask;
    }
    if (it.first == kUnique && s.table[slot] == 0) {
      s.table[slot] = static_cast<uint32_t>(i + 1);
    }
  }
}

// Copies what the finish stage needs out of the thread's parser storage and
// the signature buffer into the arena.
void Persist(PreparedToken& p, char*& arena) {
  auto keep = [&](std::optional<std::string_view>& v) {
    if (!v) return;
    std::memcpy(arena, v->data(), v->size());
    v = std::string_view(arena, v->size());
    arena += v->size();
  };
  keep(p.header.kid);
  keep(p.header.typ);
  p.header.alg = {};  // parsed into p.alg already
  if (!p.signature.empty()) {
    std::memcpy(arena, p.signature.data(), p.signature.size());
    p.signature =
        Bytes(reinterpret_cast<const uint8_t*>(arena), p.signature.size());
    arena += p.signature.size();
  }
}

// With an executor, a batch of at least this many tokens is cut into slices
// that each run every stage on one thread; smaller ones only spread their
// public-key signatures.
constexpr size_t kMinSlicedBatch = 16;

// The end of the slice of a batch of n that starts at `begin`: a quarter of
// what is left, at least one token, so the early slices are long and the
// last ones short enough to even out the threads' finishing times.
size_t SliceEnd(size_t begin, size_t n) {
  return begin + std::max<size_t>(1, (n - begin) / 4);
}

template <typename T>
void Reserve(std::unique_ptr<T[]>& p, size_t& capacity, size_t n) {
  if (capacity >= n) return;
  p = std::make_unique_for_overwrite<T[]>(n);
  capacity = n;
}

}  // namespace

void Validator::ValidateBatch(std::span<const std::string_view> tokens,
                              std::span<Result> out, Executor* executor) const {
  tokens = tokens.first(std::min(tokens.size(), out.size()));
  const size_t n = tokens.size();
  if (n == 0) return;
  Scratch& s = ThreadScratch();
  if (s.busy) {
    // Re-entered from a task on this thread: no scratch to share.
    for (size_t i = 0; i < n; ++i)
      out[i].code_ = Validate(tokens[i], &out[i].token_);
    return;
  }
  s.busy = true;
  if (s.items.size() < n) s.items.resize(n);
  // Only the bookkeeping is reset: `prepared` is written in full by
  // PrepareToken and read only when it returned kOk (assigning a whole
  // Item() cost a 300-byte clear and copy per token).
  for (size_t i = 0; i < n; ++i) {
    Item& it = s.items[i];
    it.hash = 0;
    it.first = kUnique;
  }
  Dedupe(tokens, s);

  // The arena holds, per token, at most its header and signature bytes.
  size_t arena_bytes = 0;
  for (size_t i = 0; i < n; ++i) {
    Item& it = s.items[i];
    if (it.first == kUnique) {
      it.arena_offset = static_cast<uint32_t>(arena_bytes);
      arena_bytes += std::min(tokens[i].size(), options_.max_token_bytes);
    }
  }
  Reserve(s.arena, s.arena_capacity, arena_bytes);

  // Stage 1, prepare: shape, header, alg and candidate keys of the distinct
  // tokens in [begin, end). Returns whether one's kid matched no key.
  auto prepare = [&](size_t begin, size_t end, const KeySetData& keys) {
    uint8_t signature[internal::kMaxSignatureBytes];
    bool wants_refresh = false;
    // The last token prepared with kOk: one issuer's tokens share their
    // header, and then its header, alg and keys are taken from there.
    const PreparedToken* last = nullptr;
    for (size_t i = begin; i < end; ++i) {
      Item& it = s.items[i];
      if (it.first != kUnique) continue;
      it.verified = false;
      it.code = internal::PrepareToken(tokens[i], options_, keys, signature,
                                       &it.prepared, last);
      if (it.code == ErrorCode::kOk) {
        char* arena = s.arena.get() + it.arena_offset;
        Persist(it.prepared, arena);
        last = &it.prepared;
      }
      wants_refresh |= internal::WantsKeyRefresh(it.code, it.prepared);
    }
    return wants_refresh;
  };

  const internal::TimeBracket now = internal::Now(options_);
  // Stage 3, payload and policy, for one token: its result from its
  // prepared and verified item.
  auto finish = [&](const Item& it, Result& r) {
    if (it.code != ErrorCode::kOk) {
      r.code_ = it.code;
    } else if (!it.verified) {
      r.code_ = ErrorCode::kBadSignature;
    } else {
      r.code_ = internal::FinishToken(it.prepared, options_, now, &r.token_);
    }
  };
  // Stage 2, verify, grouped by key, then stage 3, for the distinct tokens
  // in [begin, end). Public-key signatures go to `pk_executor` when there is
  // one.
  auto verify_and_finish = [&](size_t begin, size_t end,
                               Executor* pk_executor) {
    VerifyScratch& v = ThreadVerifyScratch();
    v.hmac.clear();
    v.pk.clear();
    // Whether every HMAC token has the first one's key and alg (one
    // issuer's batch): then they are one group already, in token order.
    bool one_group = true;
    for (size_t i = begin; i < end; ++i) {
      const Item& it = s.items[i];
      if (it.first != kUnique || it.code != ErrorCode::kOk ||
          it.prepared.signature_too_long) {
        continue;
      }
      if (it.prepared.candidates[0]->type() == internal::KeyType::kOct) {
        if (!v.hmac.empty()) {
          const PreparedToken& first = s.items[v.hmac[0]].prepared;
          one_group = one_group &&
                      it.prepared.candidates[0] == first.candidates[0] &&
                      it.prepared.alg == first.alg;
        }
        v.hmac.push_back(static_cast<uint32_t>(i));
      } else {
        v.pk.push_back(static_cast<uint32_t>(i));
      }
    }
    if (!one_group) {
      std::sort(v.hmac.begin(), v.hmac.end(), [&](uint32_t a, uint32_t b) {
        const PreparedToken& pa = s.items[a].prepared;
        const PreparedToken& pb = s.items[b].prepared;
        if (pa.candidates[0] != pb.candidates[0]) {
          return pa.candidates[0] < pb.candidates[0];
        }
        if (pa.alg != pb.alg) return pa.alg < pb.alg;
        return a < b;
      });
    }
    if (v.inputs.size() < v.hmac.size()) {
      v.inputs.resize(v.hmac.size());
      v.signatures.resize(v.hmac.size());
    }
    Reserve(v.results, v.results_capacity, v.hmac.size());
    for (size_t g = 0; g < v.hmac.size();) {
      const PreparedToken& first = s.items[v.hmac[g]].prepared;
      size_t g_end = g + 1;
      while (g_end < v.hmac.size() &&
             s.items[v.hmac[g_end]].prepared.candidates[0] ==
                 first.candidates[0] &&
             s.items[v.hmac[g_end]].prepared.alg == first.alg) {
        ++g_end;
      }
      const size_t count = g_end - g;
      for (size_t k = 0; k < count; ++k) {
        const PreparedToken& p = s.items[v.hmac[g + k]].prepared;
        v.inputs[k] = p.signing_input;
        v.signatures[k] = p.signature;
      }
      first.candidates[0]->VerifyBatch(
          first.alg, std::span(v.inputs.data(), count),
          std::span(v.signatures.data(), count), v.results.get());
      for (size_t k = 0; k < count; ++k) {
        Item& it = s.items[v.hmac[g + k]];
        bool ok = v.results[k];
        // Other candidates (secret rotation), one at a time as Validate
        // would.
        for (int c = 1; !ok && c < it.prepared.candidate_count; ++c) {
          ok = it.prepared.candidates[c]->Verify(it.prepared.alg,
                                                 it.prepared.signing_input,
                                                 it.prepared.signature);
        }
        it.verified = ok;
      }
      g = g_end;
    }
    auto verify_pk = [&](size_t k) {
      Item& it = s.items[v.pk[k]];
      it.verified = internal::VerifySignature(it.prepared);
    };
    if (pk_executor != nullptr && v.pk.size() > 1) {
      pk_executor->ParallelFor(v.pk.size(), verify_pk);
    } else {
      for (size_t k = 0; k < v.pk.size(); ++k) verify_pk(k);
    }
    for (size_t i = begin; i < end; ++i) {
      if (s.items[i].first == kUnique) finish(s.items[i], out[i]);
    }
  };

  // With a JWKS cache, a kid that matched no key asks for one refresh, and
  // then every token is prepared again against the new snapshot (the old
  // one may be released by the next Snapshot call).
  const KeySetData* keys = cache_ == nullptr
                               ? &internal::KeySetAccess::Data(keys_)
                               : &internal::JwksCacheAccess::Snapshot(*cache_);
  bool done = false;
  if (executor != nullptr && n >= kMinSlicedBatch) {
    // Slices, each through every stage on one thread: a token's data stays
    // in one core's cache from its split to its result.
    size_t slices = 0;
    for (size_t b = 0; b < n; b = SliceEnd(b, n)) ++slices;
    std::atomic<bool> wants_refresh{false};
    executor->ParallelFor(slices, [&](size_t k) {
      size_t begin = 0;
      for (size_t j = 0; j < k; ++j) begin = SliceEnd(begin, n);
      const size_t end = SliceEnd(begin, n);
      if (prepare(begin, end, *keys)) {
        wants_refresh.store(true, std::memory_order_relaxed);
      }
      verify_and_finish(begin, end, nullptr);
    });
    done = true;
    if (wants_refresh.load(std::memory_order_relaxed) && cache_ != nullptr &&
        cache_->RefreshForUnknownKey(keys)) {
      keys = &internal::JwksCacheAccess::Snapshot(*cache_);
      done = false;
      prepare(0, n, *keys);
    }
  } else if (prepare(0, n, *keys) && cache_ != nullptr &&
             cache_->RefreshForUnknownKey(keys)) {
    keys = &internal::JwksCacheAccess::Snapshot(*cache_);
    prepare(0, n, *keys);
  }
  if (!done) verify_and_finish(0, n, executor);

  // Duplicates take their first copy's verdict, through their own finish.
  for (size_t i = 0; i < n; ++i) {
    if (s.items[i].first != kUnique) finish(s.items[s.items[i].first], out[i]);
  }
  s.busy = false;
}

// ---- ThreadPool
// ---------------------------------------------------------------

namespace {

// How long an idle thread of the pool polls for the next job (and the
// submitting thread for its last task) before it blocks.
constexpr std::chrono::microseconds kSpin{50};

inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

}  // namespace

class ThreadPool::Impl {
 public:
  explicit Impl(int threads) : threads_(std::max(threads, 1)) {
    workers_.reserve(threads_ - 1);
    for (int i = 1; i < threads_; ++i) {
      workers_.emplace_back([this] { Work(); });
    }
  }

  ~Impl() {
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
      stopping_.store(true, std::memory_order_relaxed);
    }
    wake_.notify_all();
    for (std::thread& t : workers_) t.join();
  }

  int threads() const { return threads_; }

  void ParallelFor(size_t n, absl::FunctionRef<void(size_t)> task) {
    if (threads_ == 1 || n <= 1) {
      for (size_t i = 0; i < n; ++i) task(i);
      return;
    }
    std::lock_guard<std::mutex> one_at_a_time(submit_mu_);
    {
      std::lock_guard<std::mutex> l(mu_);
      task_ = &task;
      n_ = n;
      next_.store(0, std::memory_order_relaxed);
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    RunTasks(&task, n);
    // Every index is claimed by now; wait for the workers still running one.
    SpinUntil([&] { return active_.load(std::memory_order_acquire) == 0; });
    std::unique_lock<std::mutex> l(mu_);
    idle_.wait(l, [&] { return active_.load(std::memory_order_relaxed) == 0; });
    task_ = nullptr;
  }

 private:
  void RunTasks(const absl::FunctionRef<void(size_t)>* task, size_t n) {
    for (;;) {
      const size_t i = next_.fetch_add(1, std::memory_order_relaxed);
      if (i >= n) return;
      (*task)(i);
    }
  }

  // Polls `done` for up to kSpin before the caller blocks: a batch's
  // stages follow each other within microseconds, and waking a thread that
  // slept costs tens of microseconds on a virtual machine.
  template <typename Done>
  static void SpinUntil(Done done) {
    const auto deadline = std::chrono::steady_clock::now() + kSpin;
    for (;;) {
      for (int k = 0; k < 64; ++k) {
        if (done()) return;
        CpuRelax();
      }
      if (std::chrono::steady_clock::now() >= deadline) return;
    }
  }

  void Work() {
    uint64_t seen = 0;
    for (;;) {
      SpinUntil([&] {
        return generation_.load(std::memory_order_acquire) != seen ||
               stopping_.load(std::memory_order_relaxed);
      });
      std::unique_lock<std::mutex> l(mu_);
      wake_.wait(l, [&] {
        return stop_ || generation_.load(std::memory_order_relaxed) != seen;
      });
      if (stop_) return;
      seen = generation_.load(std::memory_order_relaxed);
      if (task_ == nullptr) continue;  // that job has finished already
      const absl::FunctionRef<void(size_t)>* task = task_;
      const size_t n = n_;
      active_.fetch_add(1, std::memory_order_relaxed);
      l.unlock();
      RunTasks(task, n);
      l.lock();
      if (active_.fetch_sub(1, std::memory_order_release) == 1) {
        idle_.notify_all();
      }
    }
  }

  const int threads_;
  std::vector<std::thread> workers_;
  std::mutex submit_mu_;
  std::mutex mu_;
  std::condition_variable wake_, idle_;
  // Guarded by mu_; the atomics are also polled without it.
  bool stop_ = false;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> generation_{0};
  const absl::FunctionRef<void(size_t)>* task_ = nullptr;
  size_t n_ = 0;
  std::atomic<int> active_{0};
  std::atomic<size_t> next_{0};
};

ThreadPool::ThreadPool(int threads) : impl_(std::make_unique<Impl>(threads)) {}
ThreadPool::~ThreadPool() = default;
int ThreadPool::threads() const { return impl_->threads(); }
void ThreadPool::ParallelFor(size_t n, absl::FunctionRef<void(size_t)> task) {
  impl_->ParallelFor(n, task);
}

// ---- FunctionExecutor
// -----------------------------------------------------------

namespace {

// Shared with the submitted closures, which may run after ParallelFor has
// returned (they then find no index left and never touch `task`).
struct SharedJob {
  const absl::FunctionRef<void(size_t)>* task;
  size_t n;
  std::atomic<size_t> next{0};
  std::mutex mu;
  std::condition_variable cv;
  size_t done = 0;

  void Run() {
    size_t finished = 0;
    for (;;) {
      const size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n) break;
      (*task)(i);
      ++finished;
    }
    if (finished == 0) return;
    std::lock_guard<std::mutex> l(mu);
    done += finished;
    if (done == n) cv.notify_all();
  }
};

}  // namespace

FunctionExecutor::FunctionExecutor(Submit submit, int parallelism)
    : submit_(std::move(submit)), parallelism_(std::max(parallelism, 1)) {}

void FunctionExecutor::ParallelFor(size_t n,
                                   absl::FunctionRef<void(size_t)> task) {
  if (parallelism_ == 1 || n <= 1 || !submit_) {
    for (size_t i = 0; i < n; ++i) task(i);
    return;
  }
  auto job = std::make_shared<SharedJob>();
  job->task = &task;
  job->n = n;
  const size_t helpers = std::min<size_t>(parallelism_ - 1, n - 1);
  for (size_t h = 0; h < helpers; ++h) submit_([job] { job->Run(); });
  job->Run();
  std::unique_lock<std::mutex> l(job->mu);
  job->cv.wait(l, [&] { return job->done == job->n; });
}

}  // namespace jwtv
