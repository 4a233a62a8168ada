// Copyright 2026 The jwtv Authors.
//
// Executors for Validator::ValidateBatch: where a batch's public-key
// signature checks run.
//
//   jwtv::ThreadPool pool(2);               // the caller's thread + 1 worker
//   std::vector<jwtv::Result> results(tokens.size());
//   validator.ValidateBatch(tokens, results, &pool);
//
// Without an executor a batch runs on the calling thread. With one, a batch
// of 16 tokens or more is cut into slices that the executor's threads take,
// each slice validated in full on one thread (its HMAC tokens too); a
// shorter batch runs on the calling thread except for its public-key
// signature checks, which go to the executor when there are two or more
// (an HMAC check is cheaper than handing it over).

#ifndef JWTV_BATCH_H_
#define JWTV_BATCH_H_

#include <cstddef>
#include <functional>
#include <memory>

#include "absl/functional/function_ref.h"
#include "jwtv/export.h"

namespace jwtv {

// Runs independent tasks, possibly at the same time.
class JWTV_EXPORT Executor {
 public:
  virtual ~Executor() = default;
  // Calls task(i) once for every i in [0, n), in any order and on any
  // threads, and returns when all calls have returned. `task` is safe to
  // call concurrently.
  virtual void ParallelFor(size_t n, absl::FunctionRef<void(size_t)> task) = 0;
};

// A fixed set of threads owned by the caller. ParallelFor uses the calling
// thread and threads - 1 workers; one ParallelFor runs at a time (callers
// from several threads take turns). Starting a ParallelFor allocates
// nothing. A worker that finishes a job polls for the next one for 50 us
// before it sleeps (a batch's jobs come microseconds apart, and waking a
// sleeping thread takes tens of microseconds on a virtual machine).
class JWTV_EXPORT ThreadPool final : public Executor {
 public:
  // threads >= 1 (1: everything runs on the calling thread).
  explicit ThreadPool(int threads);
  ~ThreadPool() override;
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const;
  void ParallelFor(size_t n, absl::FunctionRef<void(size_t)> task) override;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Adapts an executor of the caller's own that runs a std::function<void()>
// somewhere (a thread pool, an event loop's worker queue). ParallelFor
// submits up to `parallelism - 1` closures that pull task indices, runs the
// rest on the calling thread, and waits for the submitted ones (each
// submission may allocate, as std::function does).
class JWTV_EXPORT FunctionExecutor final : public Executor {
 public:
  using Submit = std::function<void(std::function<void()>)>;
  FunctionExecutor(Submit submit, int parallelism);
  void ParallelFor(size_t n, absl::FunctionRef<void(size_t)> task) override;

 private:
  Submit submit_;
  int parallelism_;
};

}  // namespace jwtv

#endif  // JWTV_BATCH_H_
