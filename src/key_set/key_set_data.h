// Copyright 2026 The jwtv Authors.
//
// The immutable contents of a KeySet: prepared keys, what each may verify,
// and the kid index used on the hot path.

#ifndef JWTV_SRC_KEY_SET_KEY_SET_DATA_H_
#define JWTV_SRC_KEY_SET_KEY_SET_DATA_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/prepared_key.h"
#include "jwtv/algorithm.h"
#include "jwtv/error.h"
#include "jwtv/key_set.h"

namespace jwtv::internal {

struct KeyEntry {
  std::optional<std::string> kid;
  AlgorithmSet algorithms;  // what this key may verify
  std::unique_ptr<PreparedKey> key;
};

// The HS algorithms that an HMAC secret of `bytes` bytes may verify (RFC
// 7518 section 3.2): HS256 from 32 bytes, HS384 from 48, HS512 from 64.
AlgorithmSet HmacAlgorithmsForSecretSize(size_t bytes);

// Why a secret of `bytes` bytes may verify none of `wanted` (HS* only): names
// the rule, the length and the opt-out, never the secret.
std::string ShortHmacSecretMessage(size_t bytes, AlgorithmSet wanted);

// At most this many keys are tried for one token.
inline constexpr int kMaxCandidateKeys = 16;

class KeySetData {
 public:
  void Add(KeyEntry entry);
  void AddSkipped(std::string why) { skipped_.push_back(std::move(why)); }
  // An oct JWK left out of a published JWKS (also reported by AddSkipped).
  void AddIgnoredSymmetric(KeyInfo info) {
    ignored_symmetric_.push_back(std::move(info));
  }
  // Builds the kid index; call once after the last Add.
  void Finalize();

  // The keys that may verify a token with this kid (nullopt: no kid header)
  // and alg. With a kid: the keys with that kid (kAlgNotAllowed if none of
  // them permits alg); when no key has that kid, the keys without a kid that
  // permit alg, at most `max_without_kid` (kKeyNotFound if no key lacks a
  // kid, kAlgNotAllowed if none of those permits alg). Without a
  // kid: every key that permits alg, at most `max_without_kid`, which
  // Validator::Create holds to [1, kMaxCandidateKeys] (the output never
  // takes more than kMaxCandidateKeys); kKeyNotFound for an empty set,
  // kAlgNotAllowed when no key permits alg. Returns kOk with *n >= 1 otherwise.
  // *stand_ins (when given) tells whether the keys without a kid stood in for
  // an unknown kid.
  ErrorCode Candidates(std::optional<std::string_view> kid, Algorithm alg,
                       int max_without_kid,
                       const PreparedKey* out[kMaxCandidateKeys], int* n,
                       bool* stand_ins = nullptr) const;

  // Unique among all KeySetData of the process, never reused: identifies a
  // key snapshot (the verified-token cache matches entries by it).
  uint64_t id() const { return id_; }

  // Union of every key's algorithms.
  AlgorithmSet algorithms() const { return all_algorithms_; }
  const std::vector<KeyEntry>& entries() const { return entries_; }
  std::vector<KeyEntry> TakeEntries() { return std::move(entries_); }
  const std::vector<std::string>& skipped() const { return skipped_; }
  const std::vector<KeyInfo>& ignored_symmetric() const {
    return ignored_symmetric_;
  }

 private:
  std::vector<KeyEntry> entries_;
  // (kid, index into entries_), sorted by kid.
  std::vector<std::pair<std::string_view, int>> by_kid_;
  std::vector<int> without_kid_;
  std::vector<std::string> skipped_;
  std::vector<KeyInfo> ignored_symmetric_;
  AlgorithmSet all_algorithms_;
  uint64_t id_ = NextId();

  static uint64_t NextId() {
    static std::atomic<uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
  }
};

// How jwtv's modules reach the KeySetData behind a KeySet handle (a friend
// of KeySet): an inline read of its pointer, no copy of the handle.
class KeySetAccess {
 public:
  // Lives as long as `keys` (or a copy of it).
  static const KeySetData& Data(const KeySet& keys) { return *keys.data_; }
  // Shares ownership of that KeySetData.
  static std::shared_ptr<const KeySetData> Share(const KeySet& keys) {
    return keys.data_;
  }
};

}  // namespace jwtv::internal

#endif  // JWTV_SRC_KEY_SET_KEY_SET_DATA_H_
