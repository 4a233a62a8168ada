// Copyright 2026 The jwtv Authors.
//
// The writing side of a JwksCache's snapshots: holds the newest published
// key set behind a mutex, numbers each publication, and advertises the
// number in the cache's version word, which readers load (acquire) to tell
// whether the snapshot they hold is still current (the per-thread reading
// scheme is described in include/jwtv/jwks_cache.h).
//
// Thread-safe.

#ifndef JWTV_SRC_JWKS_CACHE_SNAPSHOT_PUBLISHER_H_
#define JWTV_SRC_JWKS_CACHE_SNAPSHOT_PUBLISHER_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>

#include "jwtv/key_set.h"

namespace jwtv::internal {

class KeySetData;

class SnapshotPublisher {
 public:
  SnapshotPublisher() = default;
  SnapshotPublisher(const SnapshotPublisher&) = delete;
  SnapshotPublisher& operator=(const SnapshotPublisher&) = delete;

  // The word each Publish stores its version number to (release). Set once,
  // before the first Publish; it must outlive the publisher.
  void BindVersionWord(std::atomic<uint64_t>* version) { version_ = version; }

  // Makes `keys` the current snapshot with the next version number (the
  // first is 1). The snapshot it replaces is released outside the lock.
  void Publish(KeySet keys);

  // The current snapshot (shared, not copied) and its version. Requires a
  // Publish before.
  std::pair<KeySet, uint64_t> Current() const;

  // True when `data` is the current snapshot's key data.
  bool IsCurrent(const KeySetData* data) const;

 private:
  mutable std::mutex mu_;
  std::optional<KeySet> current_;
  uint64_t published_ = 0;
  std::atomic<uint64_t>* version_ = nullptr;
};

}  // namespace jwtv::internal

#endif  // JWTV_SRC_JWKS_CACHE_SNAPSHOT_PUBLISHER_H_
