// Copyright 2026 The jwtv Authors.
//
// KeySource: the keys one validation (or one batch) runs against, whichever
// kind of Validator it is: the static KeySet's data, or the JWKS cache's
// current snapshot and, for a token whose kid matched no key, the cache's
// rate-limited refresh. The only code of the validation pipeline that reads
// KeySetAccess::Data, JwksCacheAccess::Snapshot or
// JwksCacheAccess::RefreshForUnknownKey.

#ifndef JWTV_SRC_VALIDATOR_KEY_SOURCE_H_
#define JWTV_SRC_VALIDATOR_KEY_SOURCE_H_

#include <memory>
#include <type_traits>

#include "jwks_cache/jwks_cache_access.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"
#include "key_set/key_set_data.h"

namespace jwtv::internal {

class KeySource {
 public:
  // The validator's keys at this moment. `validator` must outlive this.
  explicit KeySource(const Validator& validator)
      : cache_(validator.jwks_cache().get()),
        keys_(cache_ == nullptr ? &KeySetAccess::Data(validator.keys())
                                : &JwksCacheAccess::Snapshot(*cache_)) {}

  KeySource(const KeySource&) = delete;
  KeySource& operator=(const KeySource&) = delete;

  // The keys to prepare tokens against. For static keys: valid while the
  // validator lives. For a JWKS cache: a snapshot valid on this thread until
  // its next snapshot read (another KeySource, or Refresh below, on this
  // thread), or after Pin() while the holder lives; other threads may read
  // it meanwhile.
  const KeySetData& keys() const { return *keys_; }

  // For a token whose kid matched no key in keys(): asks the JWKS cache for
  // one rate-limited refresh (JwksCacheAccess::RefreshForUnknownKey). Returns
  // true when a newer snapshot exists, which keys() then returns; the token
  // should be prepared once more. Always false for static keys.
  bool RefreshForUnknownKid() {
    if (cache_ == nullptr ||
        !JwksCacheAccess::RefreshForUnknownKey(*cache_, keys_)) {
      return false;
    }
    if (holder_ != nullptr) {
      Pin(holder_);
    } else {
      keys_ = &JwksCacheAccess::Snapshot(*cache_);
    }
    return true;
  }

  // Makes *holder share ownership of the cache's current snapshot (and of
  // the one a refresh brings), which keys() then returns while *holder
  // lives, instead of relying on this thread's snapshot slot: code that runs
  // on this thread meanwhile may read other snapshots and move that slot on.
  // For batches, whose executor may run other work on the calling thread.
  // Costs one locked copy of a shared handle; nothing for static keys.
  // *holder must outlive every use of keys().
  void Pin(std::shared_ptr<const KeySetData>* holder) {
    if (cache_ == nullptr) return;
    holder_ = holder;
    *holder_ = KeySetAccess::Share(cache_->keys());
    keys_ = holder_->get();
  }

 private:
  // Trivially destructible: the single-token path pays for nothing it does
  // not use.
  const JwksCache* cache_;
  const KeySetData* keys_;
  std::shared_ptr<const KeySetData>* holder_ = nullptr;  // set by Pin()
};
static_assert(std::is_trivially_destructible_v<KeySource>);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_VALIDATOR_KEY_SOURCE_H_
