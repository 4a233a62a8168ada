// Copyright 2026 The jwtv Authors.
//
// The jwtv side of the nginx module (jwtv_ngx.h): builds a location's
// Validator from its directives, validates tokens and extracts the values of
// the module's variables. Every extern "C" function catches every exception:
// nothing may unwind into nginx's C frames.

#include "jwtv_ngx.h"

#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <memory>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jwtv/algorithm.h"
#include "jwtv/error.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/key_set.h"
#include "jwtv/shopify.h"
#include "jwtv/validator.h"
#include "jwtv/verified_cache.h"
#include "jwtv/verified_token.h"
#include "simdjson.h"

struct jwtv_ngx_auth_s {
  // Remote keys (jwks_url or oidc_issuer): validator is made by Start.
  std::string remote_url;
  bool remote_oidc = false;
  bool allow_http = false;
  jwtv::ValidatorOptions options;
  std::shared_ptr<jwtv::JwksCache> jwks;
  std::optional<jwtv::Validator> validator;
  std::unique_ptr<jwtv::VerifiedTokenCache> cache;
};

namespace {

static_assert(alignof(jwtv::VerifiedToken) <= 8,
              "the module allocates tokens 8-aligned in the request pool");

std::string_view View(const jwtv_ngx_str_t& s) {
  return {reinterpret_cast<const char*>(s.data), s.len};
}

std::vector<std::string> Strings(const jwtv_ngx_strs_t& s) {
  std::vector<std::string> out;
  out.reserve(s.count);
  for (size_t i = 0; i < s.count; ++i) out.emplace_back(View(s.items[i]));
  return out;
}

// A configuration error: "<directive> <argument>: <why>".
class ConfigError {
 public:
  ConfigError(std::string_view directive, std::string_view arg,
              std::string_view why) {
    message_.append(directive);
    if (!arg.empty()) message_.append(" \"").append(arg).append("\"");
    message_.append(": ").append(why);
  }
  const std::string& message() const { return message_; }

 private:
  std::string message_;
};

void CopyMessage(std::string_view message, char* err, size_t err_len) {
  if (err_len == 0) return;
  const size_t n = std::min(message.size(), err_len - 1);
  std::memcpy(err, message.data(), n);
  err[n] = '\0';
}

std::string ReadFile(std::string_view directive, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(directive, path, "cannot read the file");
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) throw ConfigError(directive, path, "cannot read the file");
  return s.str();
}

// A secret file holds the raw secret; one trailing newline is not part of
// it (as `echo secret > file` writes it).
std::string ReadSecret(const std::string& path) {
  std::string secret = ReadFile("auth_jwtv_secret_file", path);
  if (!secret.empty() && secret.back() == '\n') secret.pop_back();
  if (!secret.empty() && secret.back() == '\r') secret.pop_back();
  return secret;
}

jwtv::AlgorithmSet Algorithms(const jwtv_ngx_settings_t& s) {
  if (s.algorithms.count == 0) return jwtv::AlgorithmSet::All();
  jwtv::AlgorithmSet set;
  for (const std::string& name : Strings(s.algorithms)) {
    std::optional<jwtv::Algorithm> alg = jwtv::ParseAlgorithm(name);
    if (!alg) throw ConfigError("auth_jwtv_algorithms", name, "unknown");
    set.Add(*alg);
  }
  return set;
}

void CheckUrl(std::string_view directive, const std::string& url,
              bool allow_http) {
  const bool https = url.starts_with("https://");
  const bool http = url.starts_with("http://");
  if (!https && !(http && allow_http)) {
    throw ConfigError(directive, url,
                      allow_http ? "not an http(s) URL"
                                 : "not an https URL (auth_jwtv_allow_http "
                                   "on permits http, for tests)");
  }
}

// Builds auth->validator through Validator::Create, so that options it
// refuses fail the configuration (naming `directive`) instead of aborting.
template <typename Keys>
void EmplaceValidator(jwtv_ngx_auth_s* auth, Keys keys,
                      jwtv::ValidatorOptions options,
                      std::string_view directive) {
  absl::StatusOr<jwtv::Validator> v =
      jwtv::Validator::Create(std::move(keys), std::move(options));
  if (!v.ok()) {
    const std::string why(v.status().message());
    // Name the directive behind the option Create refused, where one is.
    for (const auto& [option, named] :
         {std::pair<std::string_view, std::string_view>{"algorithms",
                                                        "auth_jwtv_algorithms"},
          {"leeway", "auth_jwtv_leeway"},
          {"max_age", "auth_jwtv_max_age"}}) {
      if (why.find(option) != std::string::npos) directive = named;
    }
    throw ConfigError(directive, "", why);
  }
  auth->validator.emplace(*std::move(v));
}

void ApplyExpectations(const jwtv_ngx_settings_t& s,
                       jwtv::ValidatorOptions* o) {
  if (s.leeway_seconds >= 0) o->leeway_seconds = s.leeway_seconds;
  if (s.max_age_seconds >= 0) o->max_age_seconds = s.max_age_seconds;
  o->required_claims = Strings(s.required_claims);
}

void BuildShopify(const jwtv_ngx_settings_t& s, jwtv_ngx_auth_s* auth) {
  if (View(s.profile) != "shopify") {
    throw ConfigError("auth_jwtv_profile", View(s.profile), "unknown profile");
  }
  if (s.shopify_api_key.len == 0) {
    throw ConfigError("auth_jwtv_profile", "shopify",
                      "needs auth_jwtv_shopify_api_key");
  }
  if (s.secret_files.count == 0) {
    throw ConfigError("auth_jwtv_profile", "shopify",
                      "needs auth_jwtv_secret_file (the app's client secret)");
  }
  if (s.key_files.count > 0 || s.jwks_url.len > 0 || s.oidc_issuer.len > 0 ||
      s.issuers.count > 0 || s.audiences.count > 0 || s.algorithms.count > 0) {
    throw ConfigError("auth_jwtv_profile", "shopify",
                      "sets keys, issuer, audience and algorithms itself; "
                      "remove the other key and expectation directives");
  }
  jwtv::ValidatorOptions options = jwtv::ShopifyValidatorOptions(
      std::string(View(s.shopify_api_key)),
      s.leeway_seconds >= 0 ? s.leeway_seconds : 10);
  if (s.max_age_seconds >= 0) options.max_age_seconds = s.max_age_seconds;
  options.required_claims = Strings(s.required_claims);
  jwtv::KeySet::Builder keys;
  for (const std::string& path : Strings(s.secret_files)) {
    absl::Status st =
        keys.AddHmacSecret(ReadSecret(path), {}, {jwtv::Algorithm::kHS256});
    if (!st.ok()) {
      throw ConfigError("auth_jwtv_secret_file", path,
                        std::string(st.message()));
    }
  }
  EmplaceValidator(auth, std::move(keys).Build(), std::move(options),
                   "auth_jwtv_profile");
}

void BuildStatic(const jwtv_ngx_settings_t& s, jwtv_ngx_auth_s* auth) {
  jwtv::KeySet::Builder keys;
  for (const std::string& path : Strings(s.key_files)) {
    absl::Status st = keys.AddJwks(ReadFile("auth_jwtv_key_file", path));
    if (!st.ok())
      throw ConfigError("auth_jwtv_key_file", path, std::string(st.message()));
  }
  for (const std::string& path : Strings(s.secret_files)) {
    absl::Status st = keys.AddHmacSecret(ReadSecret(path));
    if (!st.ok()) {
      throw ConfigError("auth_jwtv_secret_file", path,
                        std::string(st.message()));
    }
  }
  jwtv::KeySet set = std::move(keys).Build();
  if (set.empty()) {
    throw ConfigError("auth_jwtv_key_file", "",
                      "no usable key in the key and secret files");
  }
  EmplaceValidator(auth, std::move(set), auth->options, "auth_jwtv");
}

void Build(const jwtv_ngx_settings_t& s, jwtv_ngx_auth_s* auth) {
  if (s.profile.len > 0) {
    BuildShopify(s, auth);
    return;
  }
  if (s.shopify_api_key.len > 0) {
    throw ConfigError("auth_jwtv_shopify_api_key", "",
                      "needs auth_jwtv_profile shopify");
  }
  auth->options.algorithms = Algorithms(s);
  auth->options.issuers = Strings(s.issuers);
  auth->options.audiences = Strings(s.audiences);
  ApplyExpectations(s, &auth->options);
  auth->allow_http = s.allow_http != 0;
  const bool file_keys = s.key_files.count > 0 || s.secret_files.count > 0;
  const int remote = (s.jwks_url.len > 0) + (s.oidc_issuer.len > 0);
  if (remote > 1 || (remote == 1 && file_keys)) {
    throw ConfigError(
        s.jwks_url.len > 0 ? "auth_jwtv_jwks_url" : "auth_jwtv_oidc_issuer", "",
        "takes no other key directive in one location");
  }
  if (remote == 1) {
    auth->remote_oidc = s.oidc_issuer.len > 0;
    auth->remote_url =
        std::string(View(auth->remote_oidc ? s.oidc_issuer : s.jwks_url));
    CheckUrl(auth->remote_oidc ? "auth_jwtv_oidc_issuer" : "auth_jwtv_jwks_url",
             auth->remote_url, auth->allow_http);
    return;
  }
  if (!file_keys) {
    throw ConfigError("auth_jwtv", "",
                      "needs keys: auth_jwtv_key_file, auth_jwtv_secret_file, "
                      "auth_jwtv_jwks_url or auth_jwtv_oidc_issuer");
  }
  BuildStatic(s, auth);
}

std::optional<std::string_view> FindClaimIgnoringCase(
    const jwtv::VerifiedToken& t, std::string_view lower) {
  for (size_t i = 0; i < t.claim_count(); ++i) {
    const std::string_view name = t.claim_name(i);
    if (name.size() != lower.size()) continue;
    bool same = true;
    for (size_t j = 0; j < name.size() && same; ++j) {
      char c = name[j];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == lower[j];
    }
    if (same) return name;
  }
  return std::nullopt;
}

// Blocks every signal in the calling thread while it lives.
class SignalsBlocked {
 public:
  SignalsBlocked() {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &saved_);
  }
  ~SignalsBlocked() { pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }
  SignalsBlocked(const SignalsBlocked&) = delete;
  SignalsBlocked& operator=(const SignalsBlocked&) = delete;

 private:
  sigset_t saved_;
};

const jwtv::VerifiedToken& Token(const void* token) {
  return *static_cast<const jwtv::VerifiedToken*>(token);
}

int SetView(std::string_view v, jwtv_ngx_str_t* out) {
  out->len = v.size();
  out->data = reinterpret_cast<unsigned char*>(const_cast<char*>(v.data()));
  return 1;
}

// A string safe to place in a header as is: no control byte (below 0x20, or
// DEL). A claim's or header member's string is JSON-unescaped, so a signed
// "a\r\nX-Admin: 1" would otherwise split the header nginx forwards.
bool HeaderSafe(std::string_view v) {
  for (const char c : v) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7f) return false;
  }
  return true;
}

// SetView for a string value: one with a control byte is not found (0).
int SetValue(std::string_view v, jwtv_ngx_str_t* out) {
  return HeaderSafe(v) ? SetView(v, out) : 0;
}

int SetCopy(std::string_view v, jwtv_ngx_alloc_fn alloc, void* pool,
            jwtv_ngx_str_t* out) {
  auto* p = static_cast<unsigned char*>(alloc(pool, v.size() + 1));
  if (p == nullptr) return -1;
  std::memcpy(p, v.data(), v.size());
  out->len = v.size();
  out->data = p;
  return 1;
}

// JSON text without its insignificant whitespace.
std::string Compact(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < json.size()) {
        out.push_back(json[++i]);
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out.push_back(c);
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      out.push_back(c);
    }
  }
  return out;
}

bool DecodeBase64Url(std::string_view in, std::string* out) {
  uint32_t acc = 0;
  int bits = 0;
  for (const char c : in) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '-') v = 62;
    if (c == '_') v = 63;
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return true;
}

}  // namespace

extern "C" {

jwtv_ngx_auth_t* jwtv_ngx_auth_create(const jwtv_ngx_settings_t* settings,
                                      char* err, size_t err_len) {
  try {
    auto auth = std::make_unique<jwtv_ngx_auth_s>();
    Build(*settings, auth.get());
    if (settings->cache_entries > 0) {
      jwtv::VerifiedTokenCacheOptions o;
      o.max_entries = static_cast<size_t>(settings->cache_entries);
      o.max_bytes = o.max_entries * 4096;
      o.shards = 4;
      auth->cache = std::make_unique<jwtv::VerifiedTokenCache>(o);
    }
    return auth.release();
  } catch (const ConfigError& e) {
    CopyMessage(e.message(), err, err_len);
  } catch (const std::exception& e) {
    CopyMessage(e.what(), err, err_len);
  } catch (...) {
    CopyMessage("unexpected error", err, err_len);
  }
  return nullptr;
}

void jwtv_ngx_auth_free(jwtv_ngx_auth_t* auth) {
  try {
    delete auth;
  } catch (...) {  // NOLINT(bugprone-empty-catch): nothing to report to
  }
}

int jwtv_ngx_auth_start(jwtv_ngx_auth_t* auth, char* err, size_t err_len) {
  try {
    if (auth->remote_url.empty() || auth->validator) return 0;
    jwtv::JwksCacheOptions o;
    o.require_initial_keys = false;
    o.http.allow_http = auth->allow_http;
    o.http.connect_timeout = std::chrono::milliseconds(3000);
    o.http.total_timeout = std::chrono::milliseconds(5000);
    // The cache's refresh thread inherits the signal mask: with every signal
    // blocked there, nginx's signals reach the worker's own thread, whose
    // event loop they must interrupt.
    absl::StatusOr<std::shared_ptr<jwtv::JwksCache>> cache;
    {
      const SignalsBlocked blocked;
      cache = auth->remote_oidc
                  ? jwtv::JwksCache::FromOidcIssuer(auth->remote_url, o)
                  : jwtv::JwksCache::FromUrl(auth->remote_url, o);
    }
    if (!cache.ok()) {
      CopyMessage(cache.status().ToString(), err, err_len);
      return -1;
    }
    auth->jwks = *cache;
    absl::StatusOr<jwtv::Validator> v =
        jwtv::Validator::Create(auth->jwks, auth->options);
    if (!v.ok()) {
      CopyMessage(v.status().ToString(), err, err_len);
      return -1;
    }
    auth->validator.emplace(*std::move(v));
    return 0;
  } catch (const std::exception& e) {
    CopyMessage(e.what(), err, err_len);
  } catch (...) {
    CopyMessage("unexpected error", err, err_len);
  }
  return -1;
}

void jwtv_ngx_auth_stop(jwtv_ngx_auth_t* auth) {
  try {
    auth->validator.reset();
    auth->jwks.reset();
  } catch (...) {  // NOLINT(bugprone-empty-catch): nothing to report to
  }
}

size_t jwtv_ngx_token_size(void) { return sizeof(jwtv::VerifiedToken); }

void jwtv_ngx_token_init(void* token) { new (token) jwtv::VerifiedToken(); }

void jwtv_ngx_token_destroy(void* token) {
  static_cast<jwtv::VerifiedToken*>(token)->~VerifiedToken();
}

int jwtv_ngx_validate(jwtv_ngx_auth_t* auth, const unsigned char* raw,
                      size_t raw_len, void* token) {
  try {
    // A remote source not started yet (no worker) has no keys.
    if (!auth->validator) {
      return static_cast<int>(jwtv::ErrorCode::kKeyNotFound);
    }
    const std::string_view text(reinterpret_cast<const char*>(raw), raw_len);
    auto* out = static_cast<jwtv::VerifiedToken*>(token);
    const jwtv::ErrorCode code =
        auth->cache ? auth->cache->Validate(*auth->validator, text, out)
                    : auth->validator->Validate(text, out);
    return static_cast<int>(code);
  } catch (...) {
    return static_cast<int>(jwtv::ErrorCode::kMalformed);
  }
}

jwtv_ngx_str_t jwtv_ngx_error_name(int code) {
  const std::string_view name =
      jwtv::ErrorCodeName(static_cast<jwtv::ErrorCode>(code));
  jwtv_ngx_str_t s;
  SetView(name, &s);
  return s;
}

int jwtv_ngx_claim(const void* token, const unsigned char* name,
                   size_t name_len, jwtv_ngx_alloc_fn alloc, void* pool,
                   jwtv_ngx_str_t* out) {
  try {
    const jwtv::VerifiedToken& t = Token(token);
    std::string_view n(reinterpret_cast<const char*>(name), name_len);
    // nginx lower-cases variable names: a claim with capitals is found by
    // its first case-insensitive match, in payload order.
    if (!t.HasClaim(n)) {
      std::optional<std::string_view> match = FindClaimIgnoringCase(t, n);
      if (!match) return 0;
      n = *match;
    }
    if (std::optional<std::string_view> s = t.GetString(n)) {
      return SetValue(*s, out);
    }
    std::optional<std::string_view> raw = t.GetRawJson(n);
    if (!raw) return 0;
    return SetCopy(Compact(*raw), alloc, pool, out);
  } catch (...) {
    return -1;
  }
}

int jwtv_ngx_header(const void* token, const unsigned char* raw, size_t raw_len,
                    const unsigned char* name, size_t name_len,
                    jwtv_ngx_alloc_fn alloc, void* pool, jwtv_ngx_str_t* out) {
  try {
    const jwtv::VerifiedToken& t = Token(token);
    const std::string_view n(reinterpret_cast<const char*>(name), name_len);
    if (n == "alg") return SetView(jwtv::AlgorithmName(t.alg()), out);
    if (n == "kid") return t.kid() ? SetValue(*t.kid(), out) : 0;
    if (n == "typ") return t.typ() ? SetValue(*t.typ(), out) : 0;
    // Any other member: from the header segment, which the signature covers.
    const std::string_view text(reinterpret_cast<const char*>(raw), raw_len);
    std::string json;
    const size_t dot = text.find('.');
    if (dot == std::string_view::npos ||
        !DecodeBase64Url(text.substr(0, dot), &json)) {
      return 0;
    }
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(json).get(doc) != simdjson::SUCCESS) return 0;
    simdjson::dom::element value;
    if (doc.at_key(n).get(value) != simdjson::SUCCESS) return 0;
    std::string_view s;
    if (value.get_string().get(s) == simdjson::SUCCESS) {
      return HeaderSafe(s) ? SetCopy(s, alloc, pool, out) : 0;
    }
    return SetCopy(simdjson::minify(value), alloc, pool, out);
  } catch (...) {
    return -1;
  }
}

int jwtv_ngx_payload(const void* token, jwtv_ngx_alloc_fn alloc, void* pool,
                     jwtv_ngx_str_t* out) {
  try {
    return SetCopy(Token(token).ClaimsJson(), alloc, pool, out);
  } catch (...) {
    return -1;
  }
}

int jwtv_ngx_shopify(const void* token, int which, jwtv_ngx_str_t* out) {
  try {
    std::optional<jwtv::ShopifySession> s =
        jwtv::ShopifySession::From(Token(token));
    if (!s) return 0;
    if (which == 0) return SetValue(s->shop_domain(), out);
    return s->user_id() ? SetValue(*s->user_id(), out) : 0;
  } catch (...) {
    return -1;
  }
}

}  // extern "C"
