// Copyright 2026 The jwtv Authors.
//
// VerifiedTokenCache: shards of (token bytes -> entry) with an intrusive LRU
// list each. An entry records the id of the key snapshot (KeySetData::id,
// never reused) and the PreparedKey that verified the token; since the id
// identifies a live snapshot only while that snapshot exists, comparing the
// key pointer is meaningful exactly when the ids match.

#include "jwtv/verified_cache.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/base/attributes.h"
#include "absl/container/flat_hash_map.h"
#include "policy/policy.h"
#include "validator/key_source.h"
#include "validator/stages.h"
#include "validator/token_builder.h"

namespace jwtv {
namespace internal {

void TokenBuilder::Copy(const VerifiedToken& from, VerifiedToken* to) {
  static_assert(std::is_trivially_copyable_v<VerifiedToken::Claim>);
  const char* base = from.buffer_.get();
  const size_t used =
      base == nullptr ? 0 : std::min(from.used_, from.capacity_);
  if (to->capacity_ < used) {
    to->buffer_ = std::make_unique_for_overwrite<char[]>(used);
    to->capacity_ = used;
  } else {
    // The views of the token *to held end here.
    RenewInAsanBuilds(&to->buffer_, to->capacity_);
  }
  char* dst = to->buffer_.get();
  if (used != 0) std::memcpy(dst, base, used);
  // The header refers to the buffer by position.
  to->used_ = used;
  to->payload_size_ = from.payload_size_;
  to->alg_ = from.alg_;
  to->kid_ = from.kid_;
  to->typ_ = from.typ_;
  to->registered_ = from.registered_;

  // Every view of the claims and audiences points into from's buffer (empty
  // ones too): each moves by the distance between the two buffers, an
  // integer (the buffers are distinct objects, so no pointer difference
  // spans them). One addition per view: on a cache hit this loop is a
  // measurable part of the call, and an offset from `base` added to `dst`
  // costs a subtraction more per view.
  const uintptr_t delta =
      reinterpret_cast<uintptr_t>(dst) - reinterpret_cast<uintptr_t>(base);
  auto move = [delta](std::string_view v) {
    // NOLINTNEXTLINE(performance-no-int-to-ptr): one addition, see above.
    return std::string_view(reinterpret_cast<const char*>(
                                reinterpret_cast<uintptr_t>(v.data()) + delta),
                            v.size());
  };
  const size_t claim_count = from.claim_count_;
  ReserveClaims(to, claim_count);
  to->claim_count_ = claim_count;
  VerifiedToken::Claim* claims = to->claims();
  if (claim_count != 0) {
    std::memcpy(claims, from.claims(),
                claim_count * sizeof(VerifiedToken::Claim));
  }
  for (size_t i = 0; i < claim_count; ++i) {
    claims[i].name = move(claims[i].name);
    claims[i].raw = move(claims[i].raw);
    claims[i].str = move(claims[i].str);
  }
  const size_t aud_count = from.aud_.size();
  if (to->aud_.size() != aud_count) to->aud_.resize(aud_count);
  const std::string_view* aud_from = from.aud_.data();
  std::string_view* aud_to = to->aud_.data();
  for (size_t i = 0; i < aud_count; ++i) aud_to[i] = move(aud_from[i]);
  // Nested strings are placed by payload offset: a byte copy serves.
  if (from.nested_strings_ == nullptr) {
    to->nested_strings_.reset();
  } else {
    to->nested_strings_ =
        std::make_unique_for_overwrite<char[]>(from.payload_size_);
    std::memcpy(to->nested_strings_.get(), from.nested_strings_.get(),
                from.payload_size_);
  }
}

}  // namespace internal

namespace {

using internal::KeySetData;
using internal::PreparedKey;

struct Entry {
  std::string token;
  VerifiedToken verified;
  uint64_t keyset_id = 0;
  const PreparedKey* key = nullptr;
  // The validator's max_keys_without_kid when `key` was found among the
  // candidates: with the same snapshot and the same limit, the candidates
  // for this token's kid and alg are the same again.
  int max_keys_without_kid = 0;
  size_t bytes = 0;
  Entry* prev = nullptr;  // LRU: toward most recent
  Entry* next = nullptr;  // LRU: toward least recent
};

struct TokenHash {
  using is_transparent = void;
  uint64_t seed;
  size_t operator()(std::string_view t) const {
    // The tail of a signed token is its signature: distinct for distinct
    // valid tokens, and only valid tokens are stored. Any collision costs a
    // byte comparison, never a wrong answer.
    uint64_t a = seed, b = 0;
    if (t.size() >= 16) {
      std::memcpy(&a, t.data() + t.size() - 16, 8);
      std::memcpy(&b, t.data() + t.size() - 8, 8);
      a ^= seed;
    } else {
      for (char c : t) a = std::rotl(a, 8) ^ static_cast<unsigned char>(c);
    }
    uint64_t h = (a ^ 0x9e3779b97f4a7c15ULL) * 0xbf58476d1ce4e5b9ULL;
    h ^= (b + t.size()) * 0x94d049bb133111ebULL;
    return h ^ (h >> 29);
  }
};

struct TokenEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const {
    return a == b;
  }
};

// Fixed overhead charged per entry besides token and claims storage.
constexpr size_t kEntryOverhead = sizeof(Entry) + 64;

size_t EntryBytes(const Entry& e) {
  size_t n = kEntryOverhead + e.token.capacity();
  n += e.verified.payload_json().size() * 2 + internal::kJsonPadding;
  n += e.verified.claim_count() * 64;
  return n;
}

}  // namespace

class VerifiedTokenCache::Impl {
 public:
  explicit Impl(VerifiedTokenCacheOptions o) : metrics_(std::move(o.metrics)) {
    const int shards = static_cast<int>(
        std::bit_ceil(static_cast<unsigned>(std::clamp(o.shards, 1, 4096))));
    shards_ = std::make_unique<Shard[]>(shards);
    shard_mask_ = static_cast<size_t>(shards) - 1;
    max_entries_ = std::max<size_t>(1, o.max_entries / shards);
    max_bytes_ = std::max<size_t>(1, o.max_bytes / shards);
    hash_.seed = std::random_device{}() * 0x9e3779b97f4a7c15ULL + 1;
    for (int i = 0; i < shards; ++i) {
      shards_[i].map = Map(0, hash_, TokenEq());
    }
  }

  // A rejection by the policy sets *failed_claim (when not null), as
  // Validator::Validate does for its Result.
  ErrorCode Validate(const Validator& v, std::string_view token,
                     VerifiedToken* out,
                     std::string_view* failed_claim = nullptr) {
    if (metrics_ != nullptr || v.options().metrics != nullptr) [[unlikely]] {
      return ValidateReported(v, token, out, failed_claim);
    }
    if (token.size() <= v.options().max_token_bytes) {
      if (std::optional<ErrorCode> code =
              ValidateFromCache(v.options(), internal::KeySource(v).keys(),
                                token, out, failed_claim)) {
        return *code;
      }
    }
    return ValidateAndStore(v, token, out, failed_claim);
  }

  void Clear() {
    for (size_t i = 0; i <= shard_mask_; ++i) {
      Shard& s = shards_[i];
      std::lock_guard<std::mutex> l(s.mu);
      s.map.clear();
      s.head = s.tail = nullptr;
      s.bytes = 0;
    }
  }

  VerifiedTokenCacheStats Stats() const {
    VerifiedTokenCacheStats st;
    for (size_t i = 0; i <= shard_mask_; ++i) {
      Shard& s = shards_[i];
      std::lock_guard<std::mutex> l(s.mu);
      st.hits += s.hits;
      st.misses += s.misses;
      st.insertions += s.insertions;
      st.evictions += s.evictions;
      st.entries += s.map.size();
      st.bytes += s.bytes;
    }
    return st;
  }

 private:
  using Map = absl::flat_hash_map<std::string_view, std::unique_ptr<Entry>,
                                  TokenHash, TokenEq>;

  struct alignas(64) Shard {
    std::mutex mu;
    Map map;
    Entry* head = nullptr;  // most recently used
    Entry* tail = nullptr;  // least recently used
    size_t bytes = 0;
    uint64_t hits = 0, misses = 0, insertions = 0, evictions = 0;

    void Unlink(Entry* e) {
      (e->prev ? e->prev->next : head) = e->next;
      (e->next ? e->next->prev : tail) = e->prev;
      e->prev = e->next = nullptr;
    }
    void PushFront(Entry* e) {
      e->prev = nullptr;
      e->next = head;
      (head ? head->prev : tail) = e;
      head = e;
    }
    void Remove(Map::iterator it) {
      Entry* e = it->second.get();
      Unlink(e);
      bytes -= e->bytes;
      map.erase(it);
    }
  };

  Shard& ShardFor(size_t hash) const {
    // High bits: the map itself indexes by the low ones.
    return shards_[(hash >> 48) & shard_mask_];
  }

  // Copies the entry for `token` into *out when it was verified in the key
  // snapshot `keyset_id`.
  bool Lookup(size_t hash, std::string_view token, uint64_t keyset_id,
              VerifiedToken* out, const PreparedKey** key,
              int* max_keys_without_kid) {
    Shard& s = ShardFor(hash);
    std::lock_guard<std::mutex> l(s.mu);
    auto it = s.map.find(token);
    if (it == s.map.end()) {
      ++s.misses;
      return false;
    }
    Entry* e = it->second.get();
    if (e->keyset_id != keyset_id) {
      // Verified under keys that have been replaced: never again usable.
      ++s.misses;
      s.Remove(it);
      return false;
    }
    ++s.hits;
    if (s.head != e) {
      s.Unlink(e);
      s.PushFront(e);
    }
    internal::TokenBuilder::Copy(e->verified, out);
    *key = e->key;
    *max_keys_without_kid = e->max_keys_without_kid;
    return true;
  }

  // The checks before the signature that depend on the validator: size,
  // alg allowed, and the verifying key among the keys Validate would try.
  // `keys` is the snapshot the entry was stored under.
  static bool StillVerifiable(const KeySetData& keys,
                              const ValidatorOptions& options,
                              const VerifiedToken& token,
                              const PreparedKey* key,
                              int stored_max_keys_without_kid) {
    if (!options.algorithms.Contains(token.alg())) return false;
    // Candidates depends only on the snapshot, the token's kid and alg, and
    // this limit: the same limit gives the same keys as when stored.
    if (options.max_keys_without_kid == stored_max_keys_without_kid) {
      return true;
    }
    const PreparedKey* candidates[internal::kMaxCandidateKeys];
    int n = 0;
    if (keys.Candidates(token.kid(), token.alg(), options.max_keys_without_kid,
                        candidates, &n) != ErrorCode::kOk) {
      return false;
    }
    return std::find(candidates, candidates + n, key) != candidates + n;
  }

  // Moves a lookup counted as a hit to the misses.
  void CountAsMiss(size_t hash) {
    Shard& s = ShardFor(hash);
    std::lock_guard<std::mutex> l(s.mu);
    --s.hits;
    ++s.misses;
  }

  void Erase(size_t hash, std::string_view token) {
    Shard& s = ShardFor(hash);
    std::lock_guard<std::mutex> l(s.mu);
    auto it = s.map.find(token);
    if (it != s.map.end()) s.Remove(it);
  }

  // What Validate gives for a token found in the cache, verified under
  // `keys` and still usable by `options`; nullopt when it must be validated
  // in full. Inlined: the hit path is one call.
  ABSL_ATTRIBUTE_ALWAYS_INLINE std::optional<ErrorCode> ValidateFromCache(
      const ValidatorOptions& options, const KeySetData& keys,
      std::string_view token, VerifiedToken* out,
      std::string_view* failed_claim) {
    const size_t hash = hash_(token);
    const PreparedKey* key = nullptr;
    int max_keys_without_kid = 0;
    if (!Lookup(hash, token, keys.id(), out, &key, &max_keys_without_kid)) {
      return std::nullopt;
    }
    if (!StillVerifiable(keys, options, *out, key, max_keys_without_kid)) {
      // Found, but not usable by this validator: a miss after all.
      CountAsMiss(hash);
      return std::nullopt;
    }
    internal::JoseHeader header;
    header.alg_state = internal::JoseHeader::AlgState::kString;
    header.kid = out->kid();
    header.typ = out->typ();
    // A valid token has no crit (jwtv understands no extension), and its
    // registered claims have the right types.
    const ErrorCode code = internal::CheckPolicy(
        options, header, *out, /*registered_types_ok=*/true,
        internal::Now(options), internal::PreciseNowSeconds, failed_claim);
    if (code == ErrorCode::kExpired) {
      // No longer usable: dropped, and counted as a miss.
      CountAsMiss(hash);
      Erase(hash, token);
    }
    return code;
  }

  // Validate, with the lookup reported to metrics_ and the validation to
  // the validator's metrics (either may be null).
  ABSL_ATTRIBUTE_NOINLINE ErrorCode
  ValidateReported(const Validator& v, std::string_view token,
                   VerifiedToken* out, std::string_view* failed_claim) {
    std::optional<ErrorCode> code;
    std::optional<Algorithm> alg;
    if (token.size() <= v.options().max_token_bytes) {
      code = ValidateFromCache(v.options(), internal::KeySource(v).keys(),
                               token, out, failed_claim);
    }
    // An entry found past its exp is counted as a miss (stats()).
    const bool hit = code.has_value() && *code != ErrorCode::kExpired;
    if (code.has_value()) {
      alg = out->alg();  // the cached token's, copied into *out
    } else {
      code = ValidateAndStore(v, token, out, failed_claim, &alg);
    }
    if (metrics_ != nullptr) metrics_->OnVerifiedCacheLookup(hit);
    if (Metrics* m = v.options().metrics.get()) m->OnValidation(*code, alg);
    return *code;
  }

  // Validates in full against the validator's current keys, noting which
  // key verified the token; stores it when valid. Out of line: the hit path
  // stays small. *alg (when not null) is set as ValidateOne sets it.
  ABSL_ATTRIBUTE_NOINLINE ErrorCode ValidateAndStore(
      const Validator& v, std::string_view token, VerifiedToken* out,
      std::string_view* failed_claim, std::optional<Algorithm>* alg = nullptr) {
    const ValidatorOptions& options = v.options();
    internal::KeySource source(v);
    const PreparedKey* verifier = nullptr;
    const ErrorCode code = internal::ValidateOne(token, options, source, out,
                                                 &verifier, failed_claim, alg);
    if (code == ErrorCode::kOk) {
      Store(token, source.keys().id(), verifier, options.max_keys_without_kid,
            *out);
    }
    return code;
  }

  void Store(std::string_view token, uint64_t keyset_id, const PreparedKey* key,
             int max_keys_without_kid, const VerifiedToken& verified) {
    auto e = std::make_unique<Entry>();
    e->token.assign(token);
    internal::TokenBuilder::Copy(verified, &e->verified);
    e->keyset_id = keyset_id;
    e->key = key;
    e->max_keys_without_kid = max_keys_without_kid;
    e->bytes = EntryBytes(*e);
    if (e->bytes > max_bytes_) return;
    const size_t hash = hash_(token);
    Shard& s = ShardFor(hash);
    std::lock_guard<std::mutex> l(s.mu);
    if (auto it = s.map.find(token); it != s.map.end()) s.Remove(it);
    while (s.tail != nullptr && (s.map.size() + 1 > max_entries_ ||
                                 s.bytes + e->bytes > max_bytes_)) {
      s.Remove(s.map.find(std::string_view(s.tail->token)));
      ++s.evictions;
    }
    Entry* raw = e.get();
    s.bytes += raw->bytes;
    s.PushFront(raw);
    s.map.emplace(std::string_view(raw->token), std::move(e));
    ++s.insertions;
  }

  std::shared_ptr<Metrics> metrics_;
  std::unique_ptr<Shard[]> shards_;
  size_t shard_mask_ = 0;
  size_t max_entries_ = 0;
  size_t max_bytes_ = 0;
  TokenHash hash_{};
};

VerifiedTokenCache::VerifiedTokenCache(VerifiedTokenCacheOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
VerifiedTokenCache::~VerifiedTokenCache() = default;

ErrorCode VerifiedTokenCache::Validate(const Validator& validator,
                                       std::string_view token,
                                       VerifiedToken* out) {
  return impl_->Validate(validator, token, out);
}

Result VerifiedTokenCache::Validate(const Validator& validator,
                                    std::string_view token) {
  Result result;
  result.code_ =
      impl_->Validate(validator, token, &result.token_, &result.failed_claim_);
  return result;
}

void VerifiedTokenCache::Clear() { impl_->Clear(); }

VerifiedTokenCacheStats VerifiedTokenCache::stats() const {
  return impl_->Stats();
}

}  // namespace jwtv
