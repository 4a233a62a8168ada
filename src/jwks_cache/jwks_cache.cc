// Copyright 2026 The jwtv Authors.
//
// JwksCache: snapshot publication (see the scheme in include/jwtv/
// jwks_cache.h), the sources and the refresh policy.

#include "jwtv/jwks_cache.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "jwks_cache/http_util.h"
#include "jwks_cache/jwks_cache_access.h"
#include "key_set/key_set_data.h"
#include "simdjson.h"

namespace jwtv {

using Clock = std::chrono::system_clock;
using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

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

class JwksCache::Impl {
 public:
  enum class Kind { kUrl, kOidc, kFile, kDocument };

  Impl(Kind kind, std::string location, JwksCacheOptions options)
      : kind_(kind),
        location_(std::move(location)),
        options_(std::move(options)),
        rng_(std::random_device{}()) {
    if (options_.fetcher != nullptr) {
      fetcher_ = options_.fetcher;
    } else if (kind_ == Kind::kUrl || kind_ == Kind::kOidc) {
      HttpFetcherOptions http = options_.http;
      http.max_body_bytes = options_.max_body_bytes;
      fetcher_ = MakeHttpFetcher(std::move(http));
    }
  }

  ~Impl() { StopWorker(); }

  Clock::time_point Now() const {
    return options_.clock ? options_.clock() : Clock::now();
  }

  // ---- snapshots ----

  void Publish(KeySet keys) {
    std::optional<KeySet> old;
    {
      std::lock_guard<std::mutex> lock(snap_mu_);
      old = std::move(current_);
      current_ = std::move(keys);
      ++published_;
      owner_->version_.store(published_, std::memory_order_release);
    }
    // `old` is released here, outside the lock.
  }

  // A reference to the current snapshot and its version.
  std::pair<KeySet, uint64_t> Current() const {
    std::lock_guard<std::mutex> lock(snap_mu_);
    return {*current_, published_};
  }

  // ---- refresh ----

  absl::Status Refresh() {
    std::lock_guard<std::mutex> fetch_lock(fetch_mu_);
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++fetches_started_;
      kid_request_ = false;
    }
    absl::Status status = RefreshLocked();
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++fetches_finished_;
    }
    done_cv_.notify_all();
    return status;
  }

  void RefreshIfDue() {
    if (kind_ == Kind::kDocument) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (Now() < next_refresh_) return;
    }
    Refresh().IgnoreError();
  }

  bool RefreshForUnknownKey(const internal::KeySetData* used) {
    if (used != nullptr) {
      // Judged against an older snapshot (a refresh finished meanwhile):
      // look again before asking for another.
      std::lock_guard<std::mutex> lock(snap_mu_);
      if (&internal::KeySetAccess::Data(*current_) != used) return true;
    }
    if (kind_ == Kind::kDocument) return false;
    std::unique_lock<std::mutex> lock(mu_);
    if (stop_) return false;
    uint64_t target;
    if (kid_request_ || kid_target_ > fetches_finished_) {
      target = kid_target_;  // share the fetch already asked for
    } else {
      const Clock::time_point now = Now();
      if (last_kid_request_.has_value() &&
          now - *last_kid_request_ < options_.unknown_kid_cooldown) {
        return false;
      }
      last_kid_request_ = now;
      kid_request_ = true;
      kid_target_ = fetches_started_ + 1;
      target = kid_target_;
      worker_cv_.notify_one();
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
    absl::StatusOr<KeySet> keys = ParseKeys(json);
    std::lock_guard<std::mutex> lock(mu_);
    ++fetch_count_;
    last_attempt_ = Now();
    if (!keys.ok()) {
      RecordFailureLocked(keys.status());
      return keys.status();
    }
    Publish(*std::move(keys));
    last_success_ = last_attempt_;
    last_error_ = absl::OkStatus();
    consecutive_failures_ = 0;
    return absl::OkStatus();
  }

  JwksHealth Health() const {
    JwksHealth h;
    {
      std::lock_guard<std::mutex> lock(mu_);
      h.last_success = last_success_;
      h.last_attempt = last_attempt_;
      h.last_error = last_error_;
      h.consecutive_failures = consecutive_failures_;
      h.fetch_count = fetch_count_;
      h.expires_at = expires_at_;
      h.stale = expires_at_.has_value() && Now() >= *expires_at_;
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
    if (kind_ == Kind::kDocument) return;
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

  JwksCache* owner_ = nullptr;

 private:
  struct Loaded {
    std::optional<KeySet> keys;  // empty: not modified
    std::optional<seconds> max_age;
  };

  absl::StatusOr<KeySet> ParseKeys(std::string_view json) const {
    if (json.size() > options_.max_body_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat("JWKS larger than ", options_.max_body_bytes, " bytes"));
    }
    KeySetOptions key_options;
    // A JWKS fetched from a URL is public: its oct keys would let anyone
    // sign tokens.
    key_options.ignore_symmetric_keys =
        kind_ == Kind::kUrl || kind_ == Kind::kOidc;
    key_options.allow_short_hmac_secrets = options_.allow_short_hmac_secrets;
    absl::StatusOr<KeySet> keys = KeySet::FromJwks(json, key_options);
    if (!keys.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("malformed JWKS: ", keys.status().message()));
    }
    if (keys->empty()) {
      const size_t ignored = keys->ignored_symmetric_keys().size();
      if (ignored > 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            "JWKS has no usable key (", ignored,
            " oct key(s) ignored: a symmetric key in a published JWKS is "
            "never used)"));
      }
      return absl::InvalidArgumentError("JWKS has no usable key");
    }
    return keys;
  }

  absl::StatusOr<Fetcher::Response> Get(const std::string& url,
                                        const std::string& etag) {
    Fetcher::Request request;
    request.url = url;
    request.if_none_match = etag;
    absl::StatusOr<Fetcher::Response> r = fetcher_->Get(request);
    if (!r.ok()) return r.status();
    if (r->body.size() > options_.max_body_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "response body larger than ", options_.max_body_bytes, " bytes"));
    }
    return r;
  }

  absl::StatusOr<Loaded> LoadJwksUrl(const std::string& url) {
    absl::StatusOr<Fetcher::Response> r = Get(url, etag_);
    if (!r.ok()) return r.status();
    Loaded out;
    out.max_age = internal::ParseMaxAge(r->cache_control);
    if (r->status == 304 && !etag_.empty()) return out;
    if (r->status != 200) {
      return absl::UnavailableError(
          absl::StrCat("HTTP status ", r->status, " from the JWKS URL"));
    }
    absl::StatusOr<KeySet> keys = ParseKeys(r->body);
    if (!keys.ok()) return keys.status();
    out.keys = *std::move(keys);
    etag_ = r->etag;
    return out;
  }

  absl::Status Discover() {
    std::string base = location_;
    while (!base.empty() && base.back() == '/') base.pop_back();
    absl::StatusOr<Fetcher::Response> r =
        Get(base + "/.well-known/openid-configuration", "");
    if (!r.ok()) return r.status();
    if (r->status != 200) {
      return absl::UnavailableError(absl::StrCat(
          "HTTP status ", r->status, " from the OpenID configuration"));
    }
    simdjson::dom::parser parser;
    simdjson::padded_string padded(r->body);
    simdjson::dom::element doc;
    if (parser.parse(padded).get(doc) != simdjson::SUCCESS ||
        !doc.is_object()) {
      return absl::InvalidArgumentError(
          "the OpenID configuration is not a JSON object");
    }
    std::string_view issuer, jwks_uri;
    if (doc["issuer"].get_string().get(issuer) != simdjson::SUCCESS) {
      return absl::InvalidArgumentError(
          "the OpenID configuration has no issuer string");
    }
    if (issuer != location_) {
      return absl::PermissionDeniedError(
          "the OpenID configuration names another issuer");
    }
    if (doc["jwks_uri"].get_string().get(jwks_uri) != simdjson::SUCCESS) {
      return absl::InvalidArgumentError(
          "the OpenID configuration has no jwks_uri string");
    }
    const bool https = jwks_uri.rfind("https://", 0) == 0;
    const bool http = jwks_uri.rfind("http://", 0) == 0;
    if (!https && !(http && options_.http.allow_http)) {
      return absl::InvalidArgumentError(
          "jwks_uri in the OpenID configuration is not an https URL");
    }
    if (jwks_uri != jwks_uri_) etag_.clear();
    jwks_uri_ = std::string(jwks_uri);
    return absl::OkStatus();
  }

  absl::StatusOr<Loaded> LoadFile() {
    struct stat st;
    if (::stat(location_.c_str(), &st) != 0) {
      return absl::NotFoundError(
          absl::StrCat("cannot stat the JWKS file: ", std::strerror(errno)));
    }
    FileStamp stamp{st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                    static_cast<int64_t>(st.st_size),
                    static_cast<uint64_t>(st.st_ino)};
    Loaded out;
    if (file_stamp_.has_value() && *file_stamp_ == stamp) return out;
    if (static_cast<size_t>(st.st_size) > options_.max_body_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "JWKS file larger than ", options_.max_body_bytes, " bytes"));
    }
    std::string content;
    FILE* f = std::fopen(location_.c_str(), "rb");
    if (f == nullptr) {
      return absl::NotFoundError(
          absl::StrCat("cannot open the JWKS file: ", std::strerror(errno)));
    }
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) {
      content.append(buf, n);
      if (content.size() > options_.max_body_bytes) break;
    }
    std::fclose(f);
    absl::StatusOr<KeySet> keys = ParseKeys(content);
    if (!keys.ok()) return keys.status();
    out.keys = *std::move(keys);
    file_stamp_ = stamp;
    return out;
  }

  // One fetch; fetch_mu_ is held.
  absl::Status RefreshLocked() {
    const Clock::time_point start = Now();
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++fetch_count_;
      last_attempt_ = start;
    }
    absl::StatusOr<Loaded> loaded;
    switch (kind_) {
      case Kind::kUrl:
        loaded = LoadJwksUrl(location_);
        break;
      case Kind::kOidc:
        if (jwks_uri_.empty()) {
          if (absl::Status s = Discover(); !s.ok()) {
            loaded = s;
            break;
          }
        }
        loaded = LoadJwksUrl(jwks_uri_);
        if (!loaded.ok()) {
          jwks_uri_.clear();  // rediscover next time
          etag_.clear();
        }
        break;
      case Kind::kFile:
        loaded = LoadFile();
        break;
      case Kind::kDocument:
        return absl::OkStatus();
    }
    const Clock::time_point now = Now();
    if (loaded.ok() && loaded->keys.has_value()) {
      Publish(*std::move(loaded->keys));
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (!loaded.ok()) {
      RecordFailureLocked(loaded.status());
      return loaded.status();
    }
    last_success_ = now;
    last_error_ = absl::OkStatus();
    consecutive_failures_ = 0;
    dropped_ = false;
    if (kind_ == Kind::kFile) {
      expires_at_.reset();
      next_refresh_ = now + options_.file_check_interval;
      return absl::OkStatus();
    }
    seconds ttl =
        loaded->max_age.has_value()
            ? std::clamp(*loaded->max_age, options_.min_ttl, options_.max_ttl)
            : options_.default_ttl;
    expires_at_ = now + ttl;
    std::uniform_real_distribution<double> jitter(-options_.jitter,
                                                  options_.jitter);
    double factor = std::max(0.0, 1.0 - options_.refresh_ahead + jitter(rng_));
    next_refresh_ = now + duration_cast<milliseconds>(
                              std::chrono::duration<double>(ttl) * factor);
    return absl::OkStatus();
  }

  void RecordFailureLocked(const absl::Status& status) {
    const Clock::time_point now = Now();
    last_error_ = status;
    ++consecutive_failures_;
    if (kind_ == Kind::kDocument) return;
    double backoff_ms =
        static_cast<double>(options_.backoff_initial.count()) *
        std::ldexp(1.0, std::min(consecutive_failures_ - 1, 40));
    backoff_ms =
        std::min(backoff_ms, static_cast<double>(options_.backoff_max.count()));
    next_refresh_ = now + milliseconds(static_cast<int64_t>(backoff_ms));
    if (!dropped_ && last_success_.has_value() &&
        now - *last_success_ > options_.max_stale) {
      dropped_ = true;
      Publish(KeySet());
    }
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
    }
  }

  struct FileStamp {
    int64_t sec, nsec, size;
    uint64_t ino;
    bool operator==(const FileStamp&) const = default;
  };

  const Kind kind_;
  const std::string location_;
  const JwksCacheOptions options_;
  std::shared_ptr<Fetcher> fetcher_;

  // The published snapshot.
  mutable std::mutex snap_mu_;
  std::optional<KeySet> current_;
  uint64_t published_ = 0;

  // Held for the whole of a fetch; guards the source state below it.
  std::mutex fetch_mu_;
  std::string etag_;
  std::string jwks_uri_;
  std::optional<FileStamp> file_stamp_;

  // Policy and health.
  mutable std::mutex mu_;
  std::condition_variable worker_cv_;
  std::condition_variable done_cv_;
  bool stop_ = false;
  uint64_t fetches_started_ = 0;
  uint64_t fetches_finished_ = 0;
  bool kid_request_ = false;
  uint64_t kid_target_ = 0;
  std::optional<Clock::time_point> last_kid_request_;
  Clock::time_point next_refresh_{};
  std::optional<Clock::time_point> expires_at_;
  std::optional<Clock::time_point> last_success_;
  std::optional<Clock::time_point> last_attempt_;
  absl::Status last_error_;
  int consecutive_failures_ = 0;
  uint64_t fetch_count_ = 0;
  bool dropped_ = false;
  std::mt19937_64 rng_;

  std::thread worker_;
};

// ---- JwksCache -------------------------------------------------------------

JwksCache::JwksCache(std::unique_ptr<Impl> impl)
    : id_(next_cache_id.fetch_add(1, std::memory_order_relaxed)),
      impl_(std::move(impl)) {
  impl_->owner_ = this;
  impl_->Publish(KeySet());
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

bool JwksCache::RefreshForUnknownKey(const internal::KeySetData* used) const {
  return impl_->RefreshForUnknownKey(used);
}

namespace internal {

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
