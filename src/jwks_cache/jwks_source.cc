// Copyright 2026 The jwtv Authors.
//
// The JWKS sources: URL (conditional GET with the last ETag), OIDC issuer
// (discovery, redone after a failed fetch) and file (re-read when its
// modification time, size or inode change).

#include "jwks_cache/jwks_source.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "jwks_cache/http_util.h"
#include "simdjson.h"

namespace jwtv::internal {

absl::StatusOr<KeySet> ParseJwksDocument(std::string_view json,
                                         JwksSourceKind kind,
                                         const JwksCacheOptions& options) {
  if (json.size() > options.max_body_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("JWKS larger than ", options.max_body_bytes, " bytes"));
  }
  KeySetOptions key_options;
  // A JWKS fetched from a URL is public: its oct keys would let anyone
  // sign tokens.
  key_options.ignore_symmetric_keys =
      kind == JwksSourceKind::kUrl || kind == JwksSourceKind::kOidc;
  key_options.allow_short_hmac_secrets = options.allow_short_hmac_secrets;
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

namespace {

// URL and OIDC sources: HTTP GETs through the fetcher.
class HttpJwksSource : public JwksSource {
 public:
  HttpJwksSource(JwksSourceKind kind, std::string location,
                 const JwksCacheOptions& options)
      : kind_(kind), location_(std::move(location)), options_(options) {
    if (options_.fetcher != nullptr) {
      fetcher_ = options_.fetcher;
    } else {
      HttpFetcherOptions http = options_.http;
      http.max_body_bytes = options_.max_body_bytes;
      fetcher_ = MakeHttpFetcher(std::move(http));
    }
  }

  JwksSourceKind kind() const override { return kind_; }

  absl::StatusOr<JwksLoad> Load() override {
    if (kind_ == JwksSourceKind::kUrl) return LoadJwksUrl(location_);
    if (jwks_uri_.empty()) {
      if (absl::Status s = Discover(); !s.ok()) return s;
    }
    absl::StatusOr<JwksLoad> loaded = LoadJwksUrl(jwks_uri_);
    if (!loaded.ok()) {
      jwks_uri_.clear();  // rediscover next time
      etag_.clear();
    }
    return loaded;
  }

 private:
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

  absl::StatusOr<JwksLoad> LoadJwksUrl(const std::string& url) {
    absl::StatusOr<Fetcher::Response> r = Get(url, etag_);
    if (!r.ok()) return r.status();
    JwksLoad out;
    out.max_age = ParseMaxAge(r->cache_control);
    if (r->status == 304 && !etag_.empty()) return out;
    if (r->status != 200) {
      return absl::UnavailableError(
          absl::StrCat("HTTP status ", r->status, " from the JWKS URL"));
    }
    absl::StatusOr<KeySet> keys = ParseJwksDocument(r->body, kind_, options_);
    if (!keys.ok()) return keys.status();
    out.keys = *std::move(keys);
    etag_ = r->etag;
    return out;
  }

  // Reads the discovery document's issuer and jwks_uri.
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
    std::string_view issuer;
    std::string_view jwks_uri;
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

  const JwksSourceKind kind_;
  const std::string location_;  // the JWKS URL or the issuer
  const JwksCacheOptions options_;
  std::shared_ptr<Fetcher> fetcher_;
  std::string etag_;
  std::string jwks_uri_;  // OIDC: from discovery; empty until then
};

class FileJwksSource : public JwksSource {
 public:
  FileJwksSource(std::string path, const JwksCacheOptions& options)
      : path_(std::move(path)), options_(options) {}

  JwksSourceKind kind() const override { return JwksSourceKind::kFile; }

  absl::StatusOr<JwksLoad> Load() override {
    struct stat st;
    if (::stat(path_.c_str(), &st) != 0) {
      return absl::NotFoundError(
          absl::StrCat("cannot stat the JWKS file: ", std::strerror(errno)));
    }
    const FileStamp stamp{st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                          static_cast<int64_t>(st.st_size),
                          static_cast<uint64_t>(st.st_ino)};
    JwksLoad out;
    if (stamp_.has_value() && *stamp_ == stamp) return out;
    if (static_cast<size_t>(st.st_size) > options_.max_body_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "JWKS file larger than ", options_.max_body_bytes, " bytes"));
    }
    absl::StatusOr<std::string> content = ReadCapped();
    if (!content.ok()) return content.status();
    absl::StatusOr<KeySet> keys =
        ParseJwksDocument(*content, JwksSourceKind::kFile, options_);
    if (!keys.ok()) return keys.status();
    out.keys = *std::move(keys);
    stamp_ = stamp;
    return out;
  }

 private:
  struct FileStamp {
    int64_t sec, nsec, size;
    uint64_t ino;
    bool operator==(const FileStamp&) const = default;
  };

  // The file's bytes, stopping once past max_body_bytes (the parse then
  // refuses them).
  absl::StatusOr<std::string> ReadCapped() const {
    std::string content;
    FILE* f = std::fopen(path_.c_str(), "rb");
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
    return content;
  }

  const std::string path_;
  const JwksCacheOptions options_;
  std::optional<FileStamp> stamp_;
};

}  // namespace

std::unique_ptr<JwksSource> MakeJwksSource(JwksSourceKind kind,
                                           std::string location,
                                           const JwksCacheOptions& options) {
  switch (kind) {
    case JwksSourceKind::kUrl:
    case JwksSourceKind::kOidc:
      return std::make_unique<HttpJwksSource>(kind, std::move(location),
                                              options);
    case JwksSourceKind::kFile:
      return std::make_unique<FileJwksSource>(std::move(location), options);
    case JwksSourceKind::kDocument:
      break;
  }
  return nullptr;
}

}  // namespace jwtv::internal
