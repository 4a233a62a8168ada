// Copyright 2026 The jwtv Authors.
//
// Validator::ValidateBatch and the executors of batch.h.
//
// A batch runs the stages of stages.h over its tokens, each stage a function
// over the batch's state (Batch) and a range of its tokens:
//   1. StartBatch, dedupe: identical tokens (exact bytes) are validated once;
//      each distinct token gets room in the batch's arena;
//   2. PrepareRange: shape, header, alg and candidate keys of each distinct
//      token. The header's kid and typ (views into the thread's parser,
//      overwritten by the next token's header) and the decoded signature are
//      copied into the arena, which holds them for the batch. When a kid
//      matched no key and the KeySource refreshes, the whole batch goes
//      through stages 2-4 once more against the new keys;
//   3. VerifyRange, grouped by (first candidate key, alg): each HMAC group
//      is verified at once (HS256 three tokens at a time), further
//      candidates one at a time; public-key signatures one by one;
//   4. FinishRange: payload and policy for each distinct token; then
//      FinishDuplicates: each duplicate takes its first copy's verdict,
//      through its own finish.
// What the executor takes: a batch of kMinSlicedBatch (16) or more tokens is
// cut into slices, and the executor's threads take the slices as they free
// up, each slice going through stages 2-4 on one thread (HMAC and public-key
// tokens alike), so that a token's data stays in one core's cache from its
// split to its result. A shorter batch, and the second pass after a refresh,
// run on the calling thread except for the public-key signatures of stage 3,
// which go to the executor when there are two or more. Stage 1 and the
// duplicates run on the calling thread.
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

#include "absl/base/attributes.h"
#include "jwtv/metrics.h"
#include "jwtv/validator.h"
#include "validator/key_source.h"
#include "validator/stages.h"

namespace jwtv {
namespace {

using internal::Bytes;
using internal::KeySetData;
using internal::KeySource;
using internal::PreparedKey;
using internal::PreparedToken;

constexpr uint32_t kUnique = UINT32_MAX;

struct Item {
  PreparedToken prepared;
  uint64_t hash = 0;
  uint32_t first = kUnique;         // index of the identical earlier token
  uint32_t arena_offset = 0;        // where Persist puts this token's bytes
  ErrorCode code = ErrorCode::kOk;  // PrepareToken's
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

// One batch: its tokens, where their verdicts and VerifiedTokens go, and the
// calling thread's scratch that every stage reads and writes (each token's
// entries only by the thread running that token's range).
struct Batch {
  std::span<const std::string_view> tokens;
  std::span<Result> out;
  const ValidatorOptions& options;
  Scratch& s;
  internal::TimeBracket now;
  // Result's verdict member (private; Validator, a friend, names it). The
  // finish stage writes each verdict through it next to the token's
  // VerifiedToken, whose cache lines it has just written, rather than in a
  // pass of its own over `out` after the batch.
  ErrorCode Result::*code;
  // Result's failed claim, reset and written with the verdict.
  std::string_view Result::*failed_claim;
};

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
// that each run stages 2-4 on one thread; smaller ones only spread their
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

// Stage 1: sizes the scratch for the batch, marks the duplicates and lays
// out the arena, which holds, per distinct token, at most its header and
// signature bytes.
void StartBatch(Batch& b) {
  Scratch& s = b.s;
  const size_t n = b.tokens.size();
  if (s.items.size() < n) s.items.resize(n);
  // Only the bookkeeping is reset: `prepared` is written in full by
  // PrepareToken and read only when it returned kOk (a whole Item() would
  // clear and copy some 300 bytes per token).
  for (size_t i = 0; i < n; ++i) {
    Item& it = s.items[i];
    it.hash = 0;
    it.first = kUnique;
  }
  Dedupe(b.tokens, s);
  size_t arena_bytes = 0;
  for (size_t i = 0; i < n; ++i) {
    Item& it = s.items[i];
    if (it.first == kUnique) {
      it.arena_offset = static_cast<uint32_t>(arena_bytes);
      arena_bytes += std::min(b.tokens[i].size(), b.options.max_token_bytes);
    }
  }
  Reserve(s.arena, s.arena_capacity, arena_bytes);
}

// Stage 2 for the distinct tokens in [begin, end), against `keys`. Returns
// whether one's kid matched no key (internal::WantsKeyRefresh).
bool PrepareRange(Batch& b, size_t begin, size_t end, const KeySetData& keys) {
  uint8_t signature[internal::kMaxSignatureBytes];
  bool wants_refresh = false;
  // The last token prepared with kOk: one issuer's tokens share their
  // header, and then its header, alg and keys are taken from there.
  const PreparedToken* last = nullptr;
  for (size_t i = begin; i < end; ++i) {
    Item& it = b.s.items[i];
    if (it.first != kUnique) continue;
    it.verified = false;
    it.code = internal::PrepareToken(b.tokens[i], b.options, keys, signature,
                                     &it.prepared, last);
    if (it.code == ErrorCode::kOk) {
      char* arena = b.s.arena.get() + it.arena_offset;
      Persist(it.prepared, arena);
      last = &it.prepared;
    }
    wants_refresh |= internal::WantsKeyRefresh(it.code, it.prepared);
  }
  return wants_refresh;
}

// Whether two prepared tokens are verified together: same first candidate
// key and same alg.
bool SameGroup(const PreparedToken& a, const PreparedToken& b) {
  return a.candidates[0] == b.candidates[0] && a.alg == b.alg;
}

// Stage 3's split: the distinct tokens of [begin, end) with a signature to
// check, HMAC ones into v.hmac and public-key ones into v.pk, in token
// order; then v.hmac sorted into groups (SameGroup), unless it is one group
// already (one issuer's batch).
void CollectForVerify(const Batch& b, size_t begin, size_t end,
                      VerifyScratch& v) {
  const std::vector<Item>& items = b.s.items;
  v.hmac.clear();
  v.pk.clear();
  bool one_group = true;
  for (size_t i = begin; i < end; ++i) {
    const Item& it = items[i];
    if (it.first != kUnique || it.code != ErrorCode::kOk ||
        it.prepared.signature_too_long) {
      continue;
    }
    if (it.prepared.candidates[0]->type() != internal::KeyType::kOct) {
      v.pk.push_back(static_cast<uint32_t>(i));
      continue;
    }
    if (!v.hmac.empty()) {
      one_group =
          one_group && SameGroup(it.prepared, items[v.hmac[0]].prepared);
    }
    v.hmac.push_back(static_cast<uint32_t>(i));
  }
  if (one_group) return;
  std::sort(v.hmac.begin(), v.hmac.end(), [&](uint32_t a, uint32_t b) {
    const PreparedToken& pa = items[a].prepared;
    const PreparedToken& pb = items[b].prepared;
    if (pa.candidates[0] != pb.candidates[0]) {
      return pa.candidates[0] < pb.candidates[0];
    }
    if (pa.alg != pb.alg) return pa.alg < pb.alg;
    return a < b;
  });
}

// Verifies the HMAC tokens v.hmac[g, g_end), one group, with one
// VerifyBatch call on their first candidate key; a token that fails it
// tries its other candidates (secret rotation) one at a time, as
// ValidateOne would.
void VerifyHmacGroup(Batch& b, VerifyScratch& v, size_t g, size_t g_end) {
  std::vector<Item>& items = b.s.items;
  const PreparedToken& first = items[v.hmac[g]].prepared;
  const size_t count = g_end - g;
  for (size_t k = 0; k < count; ++k) {
    const PreparedToken& p = items[v.hmac[g + k]].prepared;
    v.inputs[k] = p.signing_input;
    v.signatures[k] = p.signature;
  }
  first.candidates[0]->VerifyBatch(first.alg, std::span(v.inputs.data(), count),
                                   std::span(v.signatures.data(), count),
                                   v.results.get());
  for (size_t k = 0; k < count; ++k) {
    Item& it = items[v.hmac[g + k]];
    const PreparedToken& p = it.prepared;
    bool ok = v.results[k];
    for (int c = 1; !ok && c < p.candidate_count; ++c) {
      ok = p.candidates[c]->Verify(p.alg, p.signing_input, p.signature);
    }
    it.verified = ok;
  }
}

// Verifies v.hmac, group by group, on this thread.
void VerifyHmac(Batch& b, VerifyScratch& v) {
  if (v.inputs.size() < v.hmac.size()) {
    v.inputs.resize(v.hmac.size());
    v.signatures.resize(v.hmac.size());
  }
  Reserve(v.results, v.results_capacity, v.hmac.size());
  for (size_t g = 0; g < v.hmac.size();) {
    const PreparedToken& first = b.s.items[v.hmac[g]].prepared;
    size_t g_end = g + 1;
    while (g_end < v.hmac.size() &&
           SameGroup(b.s.items[v.hmac[g_end]].prepared, first)) {
      ++g_end;
    }
    VerifyHmacGroup(b, v, g, g_end);
    g = g_end;
  }
}

// Verifies v.pk, on `executor` when there is one and two or more tokens.
void VerifyPublicKey(Batch& b, const VerifyScratch& v, Executor* executor) {
  auto verify = [&](size_t k) {
    Item& it = b.s.items[v.pk[k]];
    it.verified = internal::VerifySignature(it.prepared) != nullptr;
  };
  if (executor != nullptr && v.pk.size() > 1) {
    executor->ParallelFor(v.pk.size(), verify);
  } else {
    for (size_t k = 0; k < v.pk.size(); ++k) verify(k);
  }
}

// Stage 3 for the distinct tokens in [begin, end); public-key signatures go
// to `pk_executor` when there is one.
void VerifyRange(Batch& b, size_t begin, size_t end, Executor* pk_executor) {
  VerifyScratch& v = ThreadVerifyScratch();
  CollectForVerify(b, begin, end, v);
  VerifyHmac(b, v);
  VerifyPublicKey(b, v, pk_executor);
}

// Stage 4 for one token: its verdict from a prepared and verified item,
// written into *result with its VerifiedToken and failed claim.
void Finish(const Batch& b, const Item& it, Result* result) {
  std::string_view* failed_claim = &(result->*b.failed_claim);
  *failed_claim = {};
  ErrorCode code = it.code;
  if (code == ErrorCode::kOk) {
    code = it.verified ? internal::FinishToken(it.prepared, b.options, b.now,
                                               &result->value(), failed_claim)
                       : ErrorCode::kBadSignature;
  }
  result->*b.code = code;
}

// Stage 4 for the distinct tokens in [begin, end).
void FinishRange(Batch& b, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    const Item& it = b.s.items[i];
    if (it.first == kUnique) {
      Finish(b, it, &b.out[i]);
    }
  }
}

// Stage 4 for the duplicates: each takes its first copy's verdict.
void FinishDuplicates(Batch& b) {
  for (size_t i = 0; i < b.tokens.size(); ++i) {
    const uint32_t first = b.s.items[i].first;
    if (first != kUnique) {
      Finish(b, b.s.items[first], &b.out[i]);
    }
  }
}

// Stages 2-4 over the whole batch on this thread, public-key signatures on
// `executor` when there is one; when a kid matched no key and `source`
// refreshes, stage 2 runs again against the new keys first.
void RunWhole(Batch& b, KeySource& source, Executor* executor) {
  const size_t n = b.tokens.size();
  if (PrepareRange(b, 0, n, source.keys()) && source.RefreshForUnknownKid()) {
    PrepareRange(b, 0, n, source.keys());
  }
  VerifyRange(b, 0, n, executor);
  FinishRange(b, 0, n);
}

// Stages 2-4 in slices, each slice on one of the executor's threads; when a
// kid matched no key and `source` refreshes, the whole batch once more
// (RunWhole's stages against the new keys).
void RunSliced(Batch& b, KeySource& source, Executor& executor) {
  const size_t n = b.tokens.size();
  size_t slices = 0;
  for (size_t begin = 0; begin < n; begin = SliceEnd(begin, n)) ++slices;
  const KeySetData& keys = source.keys();
  std::atomic<bool> wants_refresh{false};
  executor.ParallelFor(slices, [&](size_t k) {
    size_t begin = 0;
    for (size_t j = 0; j < k; ++j) begin = SliceEnd(begin, n);
    const size_t end = SliceEnd(begin, n);
    if (PrepareRange(b, begin, end, keys)) {
      wants_refresh.store(true, std::memory_order_relaxed);
    }
    VerifyRange(b, begin, end, nullptr);
    FinishRange(b, begin, end);
  });
  if (wants_refresh.load(std::memory_order_relaxed) &&
      source.RefreshForUnknownKid()) {
    PrepareRange(b, 0, n, source.keys());
    VerifyRange(b, 0, n, &executor);
    FinishRange(b, 0, n);
  }
}

// Tells `metrics` each token's verdict, as Validate would have.
ABSL_ATTRIBUTE_NOINLINE void ReportBatch(const Batch& b, Metrics& metrics) {
  for (size_t i = 0; i < b.tokens.size(); ++i) {
    const uint32_t first = b.s.items[i].first;
    const Item& it = first == kUnique ? b.s.items[i] : b.s.items[first];
    metrics.OnValidation(b.out[i].*b.code,
                         internal::ReportedAlg(it.code, it.prepared));
  }
}

}  // namespace

void Validator::ValidateBatch(std::span<const std::string_view> tokens,
                              std::span<Result> out, Executor* executor) const {
  tokens = tokens.first(std::min(tokens.size(), out.size()));
  const size_t n = tokens.size();
  if (n == 0) return;
  Scratch& s = ThreadScratch();
  if (s.busy) {
    // Re-entered from a task on this thread: no scratch to share, so token
    // by token, as Validate.
    for (size_t i = 0; i < n; ++i) {
      out[i].code_ =
          ValidateInto(tokens[i], &out[i].token_, &out[i].failed_claim_);
    }
    return;
  }
  s.busy = true;
  Batch b{tokens, out, options_, s, {}, &Result::code_, &Result::failed_claim_};
  StartBatch(b);
  b.now = internal::Now(options_);
  KeySource source(*this);
  // An executor may run other work on this thread while the batch waits.
  std::shared_ptr<const internal::KeySetData> held_keys;
  source.Pin(&held_keys);
  if (executor != nullptr && n >= kMinSlicedBatch) {
    RunSliced(b, source, *executor);
  } else {
    RunWhole(b, source, executor);
  }
  FinishDuplicates(b);
  if (options_.metrics != nullptr) [[unlikely]] {
    ReportBatch(b, *options_.metrics);
  }
  s.busy = false;
}

// ---- ThreadPool ------------------------------------------------------------

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

// ---- FunctionExecutor ------------------------------------------------------

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
