// Copyright 2026 The jwtv Authors.
//
// JwksCache: its parts (jwks_source.h, refresh_policy.h,
// snapshot_publisher.h) run together by a worker thread, and the per-thread
// snapshot table readers use (the scheme is in include/jwtv/jwks_cache.h).

#include "jwtv/jwks_cache.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "jwks_cache/http_util.h"
#include "jwks_cache/jwks_cache_access.h"
#include "jwks_cache/jwks_cache_test_peer.h"
#include "jwks_cache/jwks_source.h"
#include "jwks_cache/refresh_policy.h"
#include "jwks_cache/snapshot_publisher.h"
#include "key_set/key_set_data.h"

namespace jwtv {

namespace {

// ---- Per-thread snapshot table ---------------------------------------------

constexpr int kSlots = 4;

// Trivial, so reading it needs no thread-local initialization guard.
struct FastSlot {
  uint64_t cache_id;
  uint64_t version;
  const internal::KeySetData* data;
};
thread_local FastSlot tls_fast[kSlots];
thread_local unsigned tls_next_victim;
thread_local bool tls_owners_dead;

// Owns the snapshots that tls_fast points to.
struct Owners {
  std::optional<KeySet> keys[kSlots];
  ~Owners() {
    for (FastSlot& s : tls_fast) s = FastSlot{};
    tls_owners_dead = true;
  }
};
thread_local Owners tls_owners;

std::atomic<uint64_t> next_cache_id{1};

}  // namespace

// ---- Impl ------------------------------------------------------------------

// Runs the parts together: the source loads (one load at a time, under
// fetch_mu_), the policy decides when (under mu_), the publisher publishes.
// The worker thread wakes every tick, or at once for an unknown-kid request.
// Lock order: fetch_mu_, then mu_, then the publisher's own mutex.
class JwksCache::Impl {
 public:
  using Kind = internal::JwksSourceKind;

  Impl(Kind kind, std::string location, JwksCacheOptions options)
      : kind_(kind),
        location_(std::move(location)),
        options_(std::move(options)),
        source_(kind == Kind::kDocument
                    ? nullptr
                    : internal::MakeJwksSource(kind, location_, options_)),
        policy_(options_, ScheduleOf(kind), internal::ClockOf(options_),
                std::random_device{}()) {}

  ~Impl() { StopWorker(); }

  internal::SnapshotPublisher& publisher() { return publisher_; }

  // A reference to the current snapshot and its version.
  std::pair<KeySet, uint64_t> Current() const { return publisher_.Current(); }

  // ---- refresh ----

  absl::Status Refresh() {
    std::lock_guard<std::mutex> fetch_lock(fetch_mu_);
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++fetches_started_;
      kid_request_ = false;
    }
    LoadOutcome outcome;
    absl::Status status = LoadLocked(outcome);
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++fetches_finished_;
    }
    done_cv_.notify_all();
    // After the waiting tokens are released, still in load order.
    if (source_ != nullptr) Report(status, outcome);
    return status;
  }

  void RefreshIfDue() {
    if (source_ == nullptr) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!policy_.Due()) return;
    }
    Refresh().IgnoreError();
  }

  bool RefreshForUnknownKey(const internal::KeySetData* used) {
    std::unique_lock<std::mutex> lock(mu_);
    // Judged against an older snapshot (a refresh finished meanwhile): look
    // again before asking for another. Checked under mu_: a load publishes
    // before it counts as finished (under mu_), so a miss either sees the
    // load it raced with as unfinished (and waits for it below) or sees its
    // snapshot here, never neither.
    if (used != nullptr && !publisher_.IsCurrent(used)) return true;
    if (source_ == nullptr || stop_) return false;
    uint64_t target;
    if (kid_request_ || kid_target_ > fetches_finished_) {
      target = kid_target_;  // share the fetch already asked for
    } else {
      if (!policy_.GrantUnknownKidRefresh()) return false;
      kid_request_ = true;
      kid_target_ = fetches_started_ + 1;
      target = kid_target_;
      worker_cv_.notify_one();
    }
    // The non-blocking mode: the worker fetches, nobody waits.
    if (options_.unknown_kid_max_wait <= std::chrono::milliseconds::zero()) {
      return false;
    }
    return done_cv_.wait_for(lock, options_.unknown_kid_max_wait, [&] {
      return fetches_finished_ >= target || stop_;
    }) && !stop_;
  }

  absl::Status SetDocument(std::string_view json) {
    if (kind_ != Kind::kDocument) {
      return absl::FailedPreconditionError(
          "SetDocument: this cache has another source");
    }
    std::lock_guard<std::mutex> fetch_lock(fetch_mu_);
    absl::StatusOr<KeySet> keys =
        internal::ParseJwksDocument(json, kind_, options_);
    LoadOutcome outcome;
    if (options_.on_event) outcome.before = Current().first;
    absl::Status status = keys.status();
    {
      std::lock_guard<std::mutex> lock(mu_);
      policy_.StartAttempt();
      if (keys.ok()) {
        if (options_.on_event) outcome.after = *keys;
        publisher_.Publish(*std::move(keys));
        policy_.RecordSuccess(std::nullopt);
      } else {
        policy_.RecordFailure(status);
      }
    }
    Report(status, outcome);
    return status;
  }

  JwksHealth Health() const {
    JwksHealth h;
    {
      std::lock_guard<std::mutex> lock(mu_);
      policy_.FillHealth(h);
    }
    auto [keys, version] = Current();
    h.snapshot_version = version;
    h.key_count = keys.size();
    h.ignored_symmetric_keys = keys.ignored_symmetric_keys().size();
    return h;
  }

  std::string Description() const {
    switch (kind_) {
      case Kind::kUrl:
        return "url " + location_;
      case Kind::kOidc:
        return "oidc " + location_;
      case Kind::kFile:
        return "file " + location_;
      case Kind::kDocument:
        return "document";
    }
    return "?";
  }

  void StartWorker() {
    if (source_ == nullptr) return;
    worker_ = std::thread([this] { WorkerLoop(); });
  }

  void StopWorker() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    worker_cv_.notify_all();
    done_cv_.notify_all();
    if (worker_.joinable()) worker_.join();
  }

  // Test hook (internal::JwksCacheTestPeer): waits until the worker has
  // finished `passes` more passes than it had at the call, so at least
  // `passes - 1` whole passes ran after it; false after `timeout`.
  bool AwaitWorkerPasses(int passes, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    const uint64_t target = worker_passes_ + passes;
    ++pass_waiters_;
    const bool done = done_cv_.wait_for(
        lock, timeout, [&] { return worker_passes_ >= target || stop_; });
    --pass_waiters_;
    return done && worker_passes_ >= target;
  }

 private:
  static internal::RefreshPolicy::Schedule ScheduleOf(Kind kind) {
    switch (kind) {
      case Kind::kUrl:
      case Kind::kOidc:
        return internal::RefreshPolicy::Schedule::kTtl;
      case Kind::kFile:
        return internal::RefreshPolicy::Schedule::kInterval;
      case Kind::kDocument:
        break;
    }
    return internal::RefreshPolicy::Schedule::kNone;
  }

  // What a load changed, for Report: the snapshots before and after it
  // (kept only when on_event is set; `after` only when keys were published)
  // and whether the keys were dropped.
  struct LoadOutcome {
    std::optional<KeySet> before;
    std::optional<KeySet> after;
    bool dropped = false;
  };

  // One load; fetch_mu_ is held.
  absl::Status LoadLocked(LoadOutcome& outcome) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      policy_.StartAttempt();
    }
    if (source_ == nullptr) return absl::OkStatus();
    if (options_.on_event) outcome.before = Current().first;
    absl::StatusOr<internal::JwksLoad> loaded = source_->Load();
    if (loaded.ok() && loaded->keys.has_value()) {
      if (options_.on_event) outcome.after = *loaded->keys;
      publisher_.Publish(*std::move(loaded->keys));
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (!loaded.ok()) {
      // Past max_stale the keys are dropped: every token is key_not_found.
      if (policy_.RecordFailure(loaded.status())) {
        publisher_.Publish(KeySet());
        outcome.dropped = true;
      }
      return loaded.status();
    }
    policy_.RecordSuccess(loaded->max_age);
    return absl::OkStatus();
  }

  // Tells options_.metrics and options_.on_event what a load did. fetch_mu_
  // is held (so events arrive in load order); mu_ is not.
  void Report(const absl::Status& status, const LoadOutcome& outcome) {
    if (options_.metrics != nullptr) {
      options_.metrics->OnJwksRefresh(status.code());
    }
    if (!options_.on_event) return;
    const JwksHealth health = Health();
    JwksEvent event;
    event.snapshot_version = health.snapshot_version;
    event.consecutive_failures = health.consecutive_failures;
    event.stale = health.stale;
    event.type = status.ok() ? JwksEvent::Type::kRefreshed
                             : JwksEvent::Type::kRefreshFailed;
    event.error = status;
    options_.on_event(event);
    event.error = absl::OkStatus();
    if (outcome.after.has_value() && outcome.before.has_value()) {
      KidDifference(*outcome.before, *outcome.after, event);
      if (!event.kids_added.empty() || !event.kids_removed.empty()) {
        event.type = JwksEvent::Type::kKeysRotated;
        options_.on_event(event);
      }
    }
    if (outcome.dropped && outcome.before.has_value()) {
      KidDifference(*outcome.before, KeySet(), event);
      event.type = JwksEvent::Type::kKeysDropped;
      options_.on_event(event);
    }
  }

  // Fills event.kids_added and kids_removed: the kids of `after` not in
  // `before`, and the reverse, sorted.
  static void KidDifference(const KeySet& before, const KeySet& after,
                            JwksEvent& event) {
    auto kids = [](const KeySet& keys) {
      std::vector<std::string> out;
      for (KeyInfo& k : keys.keys()) out.push_back(std::move(k.kid));
      std::sort(out.begin(), out.end());
      out.erase(std::unique(out.begin(), out.end()), out.end());
      return out;
    };
    const std::vector<std::string> old_kids = kids(before);
    const std::vector<std::string> new_kids = kids(after);
    event.kids_added.clear();
    event.kids_removed.clear();
    std::set_difference(new_kids.begin(), new_kids.end(), old_kids.begin(),
                        old_kids.end(), std::back_inserter(event.kids_added));
    std::set_difference(old_kids.begin(), old_kids.end(), new_kids.begin(),
                        new_kids.end(), std::back_inserter(event.kids_removed));
  }

  void WorkerLoop() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      worker_cv_.wait_for(lock, options_.tick,
                          [&] { return stop_ || kid_request_; });
      if (stop_) break;
      const bool kid = kid_request_;
      lock.unlock();
      if (kid) {
        Refresh().IgnoreError();
      } else if (options_.background_refresh) {
        RefreshIfDue();
      }
      lock.lock();
      ++worker_passes_;
      if (pass_waiters_ > 0) done_cv_.notify_all();
    }
  }

  const Kind kind_;
  const std::string location_;
  const JwksCacheOptions options_;

  internal::SnapshotPublisher publisher_;

  // Held for the whole of a load: the source is used by one at a time.
  std::mutex fetch_mu_;
  const std::unique_ptr<internal::JwksSource> source_;  // null: document

  // The policy, and the requests and fetches the worker coordinates.
  mutable std::mutex mu_;
  internal::RefreshPolicy policy_;
  std::condition_variable worker_cv_;
  std::condition_variable done_cv_;
  bool stop_ = false;
  uint64_t fetches_started_ = 0;
  uint64_t fetches_finished_ = 0;
  bool kid_request_ = false;
  uint64_t kid_target_ = 0;
  uint64_t worker_passes_ = 0;
  int pass_waiters_ = 0;

  std::thread worker_;
};

bool internal::JwksCacheTestPeer::AwaitWorkerPasses(
    const JwksCache& cache, int passes, std::chrono::milliseconds timeout) {
  return cache.impl_->AwaitWorkerPasses(passes, timeout);
}

// ---- JwksCache -------------------------------------------------------------

JwksCache::JwksCache(std::unique_ptr<Impl> impl)
    : id_(next_cache_id.fetch_add(1, std::memory_order_relaxed)),
      impl_(std::move(impl)) {
  impl_->publisher().BindVersionWord(&version_);
  impl_->publisher().Publish(KeySet());
}

JwksCache::~JwksCache() { impl_->StopWorker(); }

namespace {

absl::StatusOr<std::shared_ptr<JwksCache>> Start(
    std::shared_ptr<JwksCache> cache, bool require_initial_keys) {
  absl::Status s = cache->Refresh();
  if (!s.ok() && require_initial_keys) return s;
  return cache;
}

}  // namespace

absl::StatusOr<std::shared_ptr<JwksCache>> JwksCache::FromUrl(
    std::string jwks_url, JwksCacheOptions options) {
  if (absl::Status s =
          internal::CheckFetchUrl(jwks_url, options.http.allow_http);
      !s.ok()) {
    return s;
  }
  bool require = options.require_initial_keys;
  std::shared_ptr<JwksCache> cache(new JwksCache(std::make_unique<Impl>(
      Impl::Kind::kUrl, std::move(jwks_url), std::move(options))));
  absl::StatusOr<std::shared_ptr<JwksCache>> r = Start(cache, require);
  if (r.ok()) cache->impl_->StartWorker();
  return r;
}

absl::StatusOr<std::shared_ptr<JwksCache>> JwksCache::FromOidcIssuer(
    std::string issuer, JwksCacheOptions options) {
  if (absl::Status s = internal::CheckFetchUrl(issuer, options.http.allow_http);
      !s.ok()) {
    return s;
  }
  bool require = options.require_initial_keys;
  std::shared_ptr<JwksCache> cache(new JwksCache(std::make_unique<Impl>(
      Impl::Kind::kOidc, std::move(issuer), std::move(options))));
  absl::StatusOr<std::shared_ptr<JwksCache>> r = Start(cache, require);
  if (r.ok()) cache->impl_->StartWorker();
  return r;
}

absl::StatusOr<std::shared_ptr<JwksCache>> JwksCache::FromFile(
    std::string path, JwksCacheOptions options) {
  bool require = options.require_initial_keys;
  std::shared_ptr<JwksCache> cache(new JwksCache(std::make_unique<Impl>(
      Impl::Kind::kFile, std::move(path), std::move(options))));
  absl::StatusOr<std::shared_ptr<JwksCache>> r = Start(cache, require);
  if (r.ok()) cache->impl_->StartWorker();
  return r;
}

absl::StatusOr<std::shared_ptr<JwksCache>> JwksCache::FromDocument(
    std::string_view jwks_json, JwksCacheOptions options) {
  std::shared_ptr<JwksCache> cache(new JwksCache(std::make_unique<Impl>(
      Impl::Kind::kDocument, std::string(), std::move(options))));
  if (absl::Status s = cache->SetDocument(jwks_json); !s.ok()) return s;
  return cache;
}

absl::Status JwksCache::SetDocument(std::string_view jwks_json) {
  return impl_->SetDocument(jwks_json);
}

absl::Status JwksCache::Refresh() { return impl_->Refresh(); }

void JwksCache::RefreshIfDue() { impl_->RefreshIfDue(); }

KeySet JwksCache::keys() const { return impl_->Current().first; }

JwksHealth JwksCache::health() const { return impl_->Health(); }

std::string JwksCache::description() const { return impl_->Description(); }

namespace internal {

bool JwksCacheAccess::RefreshForUnknownKey(const JwksCache& cache,
                                           const KeySetData* used) {
  return cache.impl_->RefreshForUnknownKey(used);
}

const KeySetData& JwksCacheAccess::Snapshot(const JwksCache& cache) {
  const uint64_t version = cache.version_.load(std::memory_order_acquire);
  for (int i = 0; i < kSlots; ++i) {
    const FastSlot& s = tls_fast[i];
    if (s.cache_id == cache.id_) {
      if (s.version == version) return *s.data;
      return SnapshotSlow(cache, i);
    }
  }
  return SnapshotSlow(cache, -1);
}

const KeySetData& JwksCacheAccess::SnapshotSlow(const JwksCache& cache,
                                                int slot) {
  auto [keys, version] = cache.impl_->Current();
  if (tls_owners_dead) {
    // Called from a thread-local destructor after ours ran: keep this one
    // snapshot alive for good rather than hand out a dangling reference.
    return KeySetAccess::Data(*new KeySet(std::move(keys)));
  }
  if (slot < 0) slot = static_cast<int>(tls_next_victim++ % kSlots);
  std::optional<KeySet>& owner = tls_owners.keys[slot];
  owner = std::move(keys);  // drops this thread's older snapshot
  const KeySetData& data = KeySetAccess::Data(*owner);
  tls_fast[slot] = FastSlot{cache.id_, version, &data};
  return data;
}

}  // namespace internal
}  // namespace jwtv
