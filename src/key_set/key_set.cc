// Copyright 2026 The jwtv Authors.

#include "jwtv/key_set.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "crypto/prepared_key.h"
#include "jwk/jwk.h"
#include "key_set/key_set_data.h"

namespace jwtv {
namespace internal {

AlgorithmSet HmacAlgorithmsForSecretSize(size_t bytes) {
  AlgorithmSet out;
  if (bytes >= 32) out.Add(Algorithm::kHS256);
  if (bytes >= 48) out.Add(Algorithm::kHS384);
  if (bytes >= 64) out.Add(Algorithm::kHS512);
  return out;
}

std::string ShortHmacSecretMessage(size_t bytes, AlgorithmSet wanted) {
  std::string algs;
  for (Algorithm alg :
       {Algorithm::kHS256, Algorithm::kHS384, Algorithm::kHS512}) {
    if (!wanted.Contains(alg)) continue;
    if (!algs.empty()) algs += "/";
    algs += std::string(AlgorithmName(alg));
  }
  return absl::StrCat(
      "HMAC secret of ", bytes, " bytes is too short for ", algs,
      ": RFC 7518 section 3.2 requires at least 32 bytes for HS256, 48 for "
      "HS384 and 64 for HS512 (allow_short_hmac_secrets accepts it for a "
      "legacy system)");
}

void KeySetData::Add(KeyEntry entry) { entries_.push_back(std::move(entry)); }

void KeySetData::Finalize() {
  by_kid_.clear();
  without_kid_.clear();
  all_algorithms_ = AlgorithmSet();
  for (int i = 0; i < static_cast<int>(entries_.size()); ++i) {
    const KeyEntry& e = entries_[i];
    all_algorithms_ = AlgorithmSet::FromBitsUnchecked(all_algorithms_.bits() |
                                                      e.algorithms.bits());
    if (e.kid.has_value()) {
      by_kid_.emplace_back(*e.kid, i);
    } else {
      without_kid_.push_back(i);
    }
  }
  std::stable_sort(
      by_kid_.begin(), by_kid_.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
}

ErrorCode KeySetData::Candidates(std::optional<std::string_view> kid,
                                 Algorithm alg, int max_without_kid,
                                 const PreparedKey* out[kMaxCandidateKeys],
                                 int* n, bool* stand_ins) const {
  *n = 0;
  if (stand_ins != nullptr) *stand_ins = false;
  // Validator::Create holds max_without_kid to [1, kMaxCandidateKeys]; the
  // loops below also stop at the output's size whatever they are given.
  const int limit = max_without_kid;
  if (kid.has_value()) {
    // The keys with that kid decide. Only when there are none, the keys
    // that have no kid stand in (secrets given without one).
    auto it = std::lower_bound(
        by_kid_.begin(), by_kid_.end(), *kid,
        [](const auto& entry, std::string_view k) { return entry.first < k; });
    if (it != by_kid_.end() && it->first == *kid) {
      for (; it != by_kid_.end() && it->first == *kid; ++it) {
        const KeyEntry& e = entries_[it->second];
        if (*n < kMaxCandidateKeys && e.algorithms.Contains(alg)) {
          out[(*n)++] = e.key.get();
        }
      }
      return *n > 0 ? ErrorCode::kOk : ErrorCode::kAlgNotAllowed;
    }
    if (without_kid_.empty()) return ErrorCode::kKeyNotFound;
    if (stand_ins != nullptr) *stand_ins = true;
    for (int index : without_kid_) {
      if (*n >= limit || *n >= kMaxCandidateKeys) break;
      const KeyEntry& e = entries_[index];
      if (e.algorithms.Contains(alg)) out[(*n)++] = e.key.get();
    }
    return *n > 0 ? ErrorCode::kOk : ErrorCode::kAlgNotAllowed;
  }
  if (entries_.empty()) return ErrorCode::kKeyNotFound;
  for (const KeyEntry& e : entries_) {
    if (*n >= limit || *n >= kMaxCandidateKeys) break;
    if (e.algorithms.Contains(alg)) out[(*n)++] = e.key.get();
  }
  return *n > 0 ? ErrorCode::kOk : ErrorCode::kAlgNotAllowed;
}

}  // namespace internal

namespace {

std::string KtyName(internal::KeyType type) {
  switch (type) {
    case internal::KeyType::kOct:
      return "oct";
    case internal::KeyType::kRsa:
      return "RSA";
    case internal::KeyType::kEc:
      return "EC";
    case internal::KeyType::kOkp:
      return "OKP";
  }
  return "?";
}

}  // namespace

KeySet::KeySet() : KeySet(std::make_shared<internal::KeySetData>()) {}

KeySet::KeySet(std::shared_ptr<const internal::KeySetData> data)
    : data_(std::move(data)) {}

size_t KeySet::size() const { return data_->entries().size(); }

std::vector<KeyInfo> KeySet::keys() const {
  std::vector<KeyInfo> out;
  for (const internal::KeyEntry& e : data_->entries()) {
    out.push_back(KeyInfo{e.kid.value_or(""), KtyName(e.key->type()),
                          e.algorithms, e.key->bits()});
  }
  return out;
}

const std::vector<std::string>& KeySet::skipped() const {
  return data_->skipped();
}

const std::vector<KeyInfo>& KeySet::ignored_symmetric_keys() const {
  return data_->ignored_symmetric();
}

absl::StatusOr<KeySet> KeySet::FromJwks(std::string_view jwks_json,
                                        const KeySetOptions& options) {
  Builder b(options);
  if (absl::Status s = b.AddJwks(jwks_json); !s.ok()) return s;
  return std::move(b).Build();
}

absl::StatusOr<KeySet> KeySet::FromHmacSecrets(
    const std::vector<std::string>& secrets, const KeySetOptions& options) {
  Builder b(options);
  for (const std::string& s : secrets) {
    if (absl::Status st = b.AddHmacSecret(s); !st.ok()) return st;
  }
  return std::move(b).Build();
}

absl::StatusOr<KeySet> KeySet::FromPem(std::string_view pem, Algorithm alg,
                                       std::string_view kid) {
  Builder b;
  if (absl::Status s = b.AddPem(pem, alg, kid); !s.ok()) return s;
  return std::move(b).Build();
}

KeySet::Builder::Builder() : data_(std::make_unique<internal::KeySetData>()) {}
KeySet::Builder::Builder(const KeySetOptions& options)
    : data_(std::make_unique<internal::KeySetData>()), options_(options) {}
KeySet::Builder::~Builder() = default;
KeySet::Builder::Builder(Builder&&) noexcept = default;
KeySet::Builder& KeySet::Builder::operator=(Builder&&) noexcept = default;

absl::Status KeySet::Builder::AddJwks(std::string_view jwks_json) {
  // Parse into a scratch set so a failing document adds nothing.
  internal::KeySetData scratch;
  if (absl::Status s = internal::AddJwks(jwks_json, options_, &scratch);
      !s.ok()) {
    return s;
  }
  for (internal::KeyEntry& e : scratch.TakeEntries()) data_->Add(std::move(e));
  for (const std::string& s : scratch.skipped()) data_->AddSkipped(s);
  for (const KeyInfo& k : scratch.ignored_symmetric()) {
    data_->AddIgnoredSymmetric(k);
  }
  return absl::OkStatus();
}

absl::Status KeySet::Builder::AddHmacSecret(std::string_view secret,
                                            std::string_view kid,
                                            AlgorithmSet algorithms) {
  if (algorithms.empty() ||
      algorithms.Intersect(AlgorithmSet::Hmac()) != algorithms) {
    return absl::InvalidArgumentError("HMAC secret: algorithms must be HS*");
  }
  if (secret.empty()) return absl::InvalidArgumentError("HMAC secret is empty");
  if (!options_.allow_short_hmac_secrets) {
    const AlgorithmSet wanted = algorithms;
    algorithms =
        wanted.Intersect(internal::HmacAlgorithmsForSecretSize(secret.size()));
    if (algorithms.empty()) {
      return absl::InvalidArgumentError(
          internal::ShortHmacSecretMessage(secret.size(), wanted));
    }
  }
  auto key = internal::MakeHmacKey(internal::Bytes(
      reinterpret_cast<const uint8_t*>(secret.data()), secret.size()));
  if (!key.ok()) return key.status();
  internal::KeyEntry e;
  if (!kid.empty()) e.kid = std::string(kid);
  e.algorithms = algorithms;
  e.key = std::move(*key);
  data_->Add(std::move(e));
  return absl::OkStatus();
}

absl::Status KeySet::Builder::AddPem(std::string_view pem, Algorithm alg,
                                     std::string_view kid) {
  auto key = internal::MakeKeyFromPem(pem);
  if (!key.ok()) return key.status();
  if (!(*key)->natural_algorithms().Contains(alg)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "PEM key cannot verify ", std::string(AlgorithmName(alg))));
  }
  internal::KeyEntry e;
  if (!kid.empty()) e.kid = std::string(kid);
  e.algorithms = AlgorithmSet{alg};
  e.key = std::move(*key);
  data_->Add(std::move(e));
  return absl::OkStatus();
}

KeySet KeySet::Builder::Build() && {
  data_->Finalize();
  std::shared_ptr<const internal::KeySetData> shared(std::move(data_));
  data_ = std::make_unique<internal::KeySetData>();
  return KeySet(std::move(shared));
}

}  // namespace jwtv
