// Copyright 2026 The jwtv Authors.

#include "jwks_cache/snapshot_publisher.h"

#include "key_set/key_set_data.h"

namespace jwtv::internal {

void SnapshotPublisher::Publish(KeySet keys) {
  std::optional<KeySet> old;
  {
    std::lock_guard<std::mutex> lock(mu_);
    old = std::move(current_);
    current_ = std::move(keys);
    ++published_;
    version_->store(published_, std::memory_order_release);
  }
  // `old` is released here, outside the lock.
}

std::pair<KeySet, uint64_t> SnapshotPublisher::Current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {*current_, published_};
}

bool SnapshotPublisher::IsCurrent(const KeySetData* data) const {
  std::lock_guard<std::mutex> lock(mu_);
  return &internal::KeySetAccess::Data(*current_) == data;
}

}  // namespace jwtv::internal
