// Copyright 2026 The jwtv Authors.
//
// JwksCache: the keys of an identity provider, kept current while a process
// runs.
//
//   jwtv::JwksCacheOptions cache_options;
//   auto cache = jwtv::JwksCache::FromOidcIssuer("https://issuer.example",
//                                                cache_options);
//   if (!cache.ok()) return cache.status();   // first fetch failed
//   auto validator = jwtv::Validator::Create(*cache, validator_options);
//   if (!validator.ok()) return validator.status();  // options refused
//   jwtv::Result r = validator->Validate(token);  // always the current keys
//
// Sources:
//   - a JWKS URL;
//   - an OpenID Connect issuer: <issuer>/.well-known/openid-configuration is
//     fetched, its "issuer" must equal the configured issuer exactly, and its
//     "jwks_uri" is followed (discovery is redone after a failed fetch);
//   - a file, reloaded when its modification time, size or inode change;
//   - a document supplied by the caller (SetDocument replaces it).
// URLs found in tokens (jku, x5u headers) are never fetched.
//
// Symmetric keys: a JWKS fetched from a URL (directly or through OpenID
// Connect discovery) is public, and an oct key in it would let anyone who
// reads it sign tokens. Such keys are never loaded from a URL or OIDC source:
// each is skipped, listed by keys().ignored_symmetric_keys() and counted by
// health().ignored_symmetric_keys, and an HS* token gets the answer of a
// token whose key is absent (key_not_found). File and document sources load
// oct keys (they are private by where they come from), subject to the HMAC
// secret length rule of include/jwtv/key_set.h.
//
// Refresh policy (every number is a JwksCacheOptions field):
//   - Keys live for the response's Cache-Control max-age clamped to
//     [min_ttl, max_ttl], or default_ttl without one. Requests are
//     conditional (If-None-Match with the last ETag); a 304 extends the TTL.
//   - A background thread refreshes before expiry: at (1 - refresh_ahead) of
//     the TTL, moved by a random +-jitter fraction of the TTL so that a fleet
//     of processes does not reach the provider in step.
//   - A token whose key is not found (an unknown kid, typically a key rotated
//     in; also when keys without a kid would stand in for it) makes the
//     Validator ask for one refresh. At most one such refresh
//     starts per unknown_kid_cooldown; every miss that arrives while it runs
//     waits for that same fetch, each for at most unknown_kid_max_wait, and
//     the token is then looked up once more in the new snapshot. Inside the
//     cooldown, a miss is answered key_not_found at once. With
//     unknown_kid_max_wait = 0 no miss ever waits (the non-blocking mode,
//     see the option).
//   - Any failed refresh (connection refused, timeout, TLS failure, HTTP
//     status >= 400, body over max_body_bytes, truncated body, malformed
//     JSON, a JWKS with no usable key, a redirect to another host, an OIDC
//     issuer mismatch) keeps the last good snapshot and is retried with
//     exponential backoff (backoff_initial doubling up to backoff_max). After
//     max_stale without a success the keys are dropped and every token is
//     key_not_found until a fetch succeeds again.
//   - health() reports what happened: last success, last error, consecutive
//     failures, fetch count, snapshot version. JwksCacheOptions::on_event and
//     ::metrics report each load as it ends.
//
// Reading the keys (how the Validator gets them on every token):
//   Each published snapshot is an immutable key set with a version number.
//   The cache keeps the newest one behind a mutex and advertises its version
//   in an atomic word that only publishing writes. Each thread keeps a small
//   thread-local table of (cache id, version, reference to a snapshot); cache
//   ids are never reused. A read is one acquire load of the version plus a
//   look-up in that table: when the version matches, the thread uses the
//   snapshot it already holds, without a lock, an atomic read-modify-write or
//   a write to memory shared with other threads. Only the first read after a
//   publication (once per thread and version) takes the mutex to copy the
//   new reference. A snapshot is freed when the last thread that holds it
//   moves to a newer one (or exits) and the cache has moved on too, so a
//   reader never sees a half-built or freed set. An idle thread keeps the
//   snapshot it last used alive until it reads again or exits. The table
//   has four entries: a thread that reads more than four caches in turn
//   takes the mutex more often, and stays correct.
//
// All methods are thread-safe.

#ifndef JWTV_JWKS_CACHE_H_
#define JWTV_JWKS_CACHE_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jwtv/clock.h"
#include "jwtv/export.h"
#include "jwtv/key_set.h"
#include "jwtv/metrics.h"

namespace jwtv {

namespace internal {
class JwksCacheTestPeer;
class KeySetData;
class JwksCacheAccess;  // src/jwks_cache/jwks_cache_access.h
}  // namespace internal

// Something a JwksCache did, for a service that exports metrics or logs
// without polling health(). No key material and no response body.
struct JwksEvent {
  enum class Type {
    // A load produced or confirmed keys (a 304 and an unchanged file
    // count).
    kRefreshed,
    // A load failed; the last good keys are kept (unless past max_stale,
    // then kKeysDropped follows).
    kRefreshFailed,
    // A new snapshot's key ids differ from the one it replaced (also the
    // first keys). Follows the kRefreshed of the load that brought it.
    kKeysRotated,
    // No success for max_stale: the keys were dropped.
    kKeysDropped,
  };
  Type type = Type::kRefreshed;
  // kRefreshFailed: the failure, as JwksHealth::last_error has it (its code
  // classifies it; its message says what failed, such as the HTTP status or
  // the URL, never a key or a response body). OK otherwise.
  absl::Status error;
  // kKeysRotated: key ids in the new snapshot and not in the old one, and
  // the reverse, each sorted; a key without a kid counts as "".
  std::vector<std::string> kids_added;
  std::vector<std::string> kids_removed;
  // The cache's state after the event, as health() reports it.
  uint64_t snapshot_version = 0;
  int consecutive_failures = 0;
  bool stale = false;
};

// Called with each JwksEvent (JwksCacheOptions::on_event), synchronously on
// the thread that ran the load: the cache's background thread (timer and
// unknown-kid refreshes), or the thread calling Refresh(), RefreshIfDue(),
// SetDocument() or a From* factory (the first load). Events of one cache are
// delivered one at a time, in order, while the cache holds the lock that
// serializes its loads: the callback must return quickly (a slow one delays
// the next refresh and every token waiting for an unknown-kid refresh), and
// must not call Refresh(), RefreshIfDue() or SetDocument() of the same cache
// (that deadlocks) nor validate tokens against it (an unknown kid would wait
// for the load the callback is part of). health(), keys() and description()
// may be called.
using JwksEventCallback = std::function<void(const JwksEvent&)>;

// One HTTP GET, as the cache needs it. Implement it to use another HTTP
// stack; MakeHttpFetcher gives the default one.
class JWTV_EXPORT Fetcher {
 public:
  struct Request {
    std::string url;
    // Sent as If-None-Match when not empty.
    std::string if_none_match;
  };
  struct Response {
    int status = 0;  // after redirects
    std::string body;
    std::string etag;           // the ETag header, verbatim
    std::string cache_control;  // the Cache-Control header, verbatim
  };

  virtual ~Fetcher() = default;
  // Performs the request. Transport failures (refused, timeout, TLS, too
  // many redirects, a redirect to another host, a body over the cap, a
  // truncated body) are errors; any HTTP status is a Response.
  virtual absl::StatusOr<Response> Get(const Request& request) = 0;
};

struct HttpFetcherOptions {
  // Plain http:// URLs are refused unless this is set (meant for tests on
  // loopback).
  bool allow_http = false;
  std::chrono::milliseconds connect_timeout{5000};
  // For the whole request, redirects included.
  std::chrono::milliseconds total_timeout{10000};
  // Redirects followed; each must stay on the same scheme, host and port.
  int max_redirects = 3;
  size_t max_body_bytes = size_t{1} << 20;
  // PEM file of trusted CAs; the system trust store when empty.
  std::string ca_file;
};

// The default Fetcher: HTTP/1.1 over TLS (GnuTLS, certificate and host name
// verified), no cookies, no proxies, identity encoding.
JWTV_EXPORT std::unique_ptr<Fetcher> MakeHttpFetcher(
    HttpFetcherOptions options);

struct JwksCacheOptions {
  // TTL of fetched keys.
  std::chrono::seconds default_ttl{600};
  std::chrono::seconds min_ttl{300};
  std::chrono::seconds max_ttl{24 * 3600};
  // Refresh at (1 - refresh_ahead) * TTL, +- jitter * TTL.
  double refresh_ahead = 0.1;
  double jitter = 0.1;
  // How often a file source is checked for changes.
  std::chrono::milliseconds file_check_interval{5000};
  // Unknown-kid refreshes. The cooldown is the least time between two.
  // unknown_kid_max_wait bounds how long a validating thread waits for the
  // refresh its token asked for. Zero is the non-blocking mode, for event-loop
  // servers: a token whose kid is unknown is answered key_not_found at once
  // and the refresh runs on the background thread; tokens with that kid pass
  // once it has published the new keys. The trade-off: the first tokens
  // signed with a key rotated in are rejected (the client retries, or the
  // caller re-validates them later) instead of waiting for the fetch.
  std::chrono::milliseconds unknown_kid_cooldown{30000};
  std::chrono::milliseconds unknown_kid_max_wait{1000};
  // Failed refreshes.
  std::chrono::milliseconds backoff_initial{1000};
  std::chrono::milliseconds backoff_max{5 * 60 * 1000};
  std::chrono::seconds max_stale{7 * 24 * 3600};
  // Largest JWKS or discovery document accepted.
  size_t max_body_bytes = size_t{1} << 20;
  // Refresh on a timer in a background thread. When false the cache only
  // refreshes on unknown kids and on Refresh()/RefreshIfDue() calls.
  bool background_refresh = true;
  // How often the background thread looks at the clock (it also wakes at
  // once for unknown-kid requests).
  std::chrono::milliseconds tick{250};
  // The From* factories fail when the first load fails; when false they
  // start with no keys and keep retrying.
  bool require_initial_keys = true;
  // Legacy escape hatch for file and document sources, off by default:
  // load oct keys shorter than RFC 7518 section 3.2 requires (see
  // KeySetOptions::allow_short_hmac_secrets). No effect on URL and OIDC
  // sources, whose oct keys are never loaded.
  bool allow_short_hmac_secrets = false;
  // HTTP: used to build the default fetcher (max_body_bytes above wins).
  HttpFetcherOptions http;
  // Replaces the default fetcher when set.
  std::shared_ptr<Fetcher> fetcher;
  // Wall clock (clock.h) for every decision of the refresh policy (TTLs,
  // refresh times, backoff, max_stale, the unknown-kid cooldown) and for
  // health(); the system clock when empty. Waits (tick, unknown_kid_max_wait,
  // HTTP timeouts) are real time whatever this clock says. Tests (or a process
  // that keeps its own notion of time) inject their own.
  Clock clock;
  // Told of every load's outcome (metrics.h); nothing when null. Called as
  // on_event is, on the same threads.
  std::shared_ptr<Metrics> metrics;
  // Told of refreshes, failures and key rotations (JwksEvent above); nothing
  // when empty.
  JwksEventCallback on_event;
};

// What the cache has been doing. No key material.
struct JwksHealth {
  // Last fetch that produced (or confirmed, by 304 or unchanged file) keys.
  std::optional<std::chrono::system_clock::time_point> last_success;
  std::optional<std::chrono::system_clock::time_point> last_attempt;
  // The last failure, OK if the latest attempt succeeded.
  absl::Status last_error;
  int consecutive_failures = 0;
  // Fetch attempts (a 304 and an unchanged file count).
  uint64_t fetch_count = 0;
  // Incremented by each published snapshot; the first one is 1.
  uint64_t snapshot_version = 0;
  size_t key_count = 0;
  // oct keys of the current snapshot's JWKS that were left out because the
  // source is a URL or an OIDC issuer (a symmetric key in a published JWKS
  // would let anyone sign tokens); always 0 for file and document sources.
  size_t ignored_symmetric_keys = 0;
  // When the current keys' TTL ends (they are still used after it until
  // max_stale).
  std::optional<std::chrono::system_clock::time_point> expires_at;
  // True when the keys are past their TTL because refreshes fail.
  bool stale = false;
};

class JWTV_EXPORT JwksCache {
 public:
  static absl::StatusOr<std::shared_ptr<JwksCache>> FromUrl(
      std::string jwks_url, JwksCacheOptions options = {});
  static absl::StatusOr<std::shared_ptr<JwksCache>> FromOidcIssuer(
      std::string issuer, JwksCacheOptions options = {});
  static absl::StatusOr<std::shared_ptr<JwksCache>> FromFile(
      std::string path, JwksCacheOptions options = {});
  // A document the caller supplies and replaces with SetDocument.
  static absl::StatusOr<std::shared_ptr<JwksCache>> FromDocument(
      std::string_view jwks_json, JwksCacheOptions options = {});

  // Stops the background thread (waiting for a fetch in flight).
  ~JwksCache();
  JwksCache(const JwksCache&) = delete;
  JwksCache& operator=(const JwksCache&) = delete;

  // Document caches only: publishes a new document (kept unchanged on
  // error, including a document without a usable key).
  absl::Status SetDocument(std::string_view jwks_json);

  // Fetches (or re-reads) now, waiting for the result. Returns the fetch's
  // outcome; on failure the current keys are kept.
  absl::Status Refresh();
  // Refreshes when the TTL (or the backoff after a failure) says it is time,
  // by the configured clock. What the background thread does on each tick.
  void RefreshIfDue();

  // The current snapshot, as a KeySet handle (for reports; the Validator
  // reads snapshots without this copy).
  KeySet keys() const;
  JwksHealth health() const;
  // "url", "oidc", "file" or "document" and its location.
  std::string description() const;

 private:
  friend class internal::JwksCacheTestPeer;
  class Impl;
  // Reads snapshots as described above (version_, id_ and impl_) and asks
  // for the refresh an unknown kid warrants.
  friend class internal::JwksCacheAccess;
  explicit JwksCache(std::unique_ptr<Impl> impl);

  // Read by every snapshot read; written only when a snapshot is published.
  alignas(64) std::atomic<uint64_t> version_{0};
  const uint64_t id_;
  // Everything else (mutex, snapshot, policy state) lives here, on other
  // cache lines.
  alignas(64) std::unique_ptr<Impl> impl_;
};

}  // namespace jwtv

#endif  // JWTV_JWKS_CACHE_H_
