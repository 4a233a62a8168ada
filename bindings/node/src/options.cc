// Copyright 2026 The jwtv Authors.

#include "options.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jwtv/algorithm.h"
#include "jwtv/clock.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/key_set.h"
#include "jwtv/shopify.h"

namespace jwtv_node {
namespace {

// Each reader returns false with a TypeError pending when the field has the
// wrong type; an undefined field leaves *out unchanged.
class Reader {
 public:
  Reader(Napi::Env env, Napi::Object obj) : env_(env), obj_(obj) {}

  bool Fail(const char* name, const char* what) {
    std::string msg = std::string("jwtv: option ") + name + " must be " + what;
    Napi::TypeError::New(env_, msg).ThrowAsJavaScriptException();
    return false;
  }

  bool Get(const char* name, Napi::Value* v) {
    *v = obj_.Get(name);
    return !env_.IsExceptionPending();
  }

  bool String(const char* name, std::optional<std::string>* out) {
    Napi::Value v;
    if (!Get(name, &v)) return false;
    if (v.IsUndefined()) return true;
    if (!v.IsString()) return Fail(name, "a string");
    *out = v.As<Napi::String>().Utf8Value();
    return true;
  }

  bool Bool(const char* name, bool* out) {
    Napi::Value v;
    if (!Get(name, &v)) return false;
    if (v.IsUndefined()) return true;
    if (!v.IsBoolean()) return Fail(name, "a boolean");
    *out = v.As<Napi::Boolean>().Value();
    return true;
  }

  // A finite integer >= 0 (seconds, counts).
  // A non-negative integer up to `max` (default: one a double holds exactly).
  bool Count(const char* name, std::optional<int64_t>* out,
             double max = 9.0e15) {
    Napi::Value v;
    if (!Get(name, &v)) return false;
    if (v.IsUndefined()) return true;
    if (!v.IsNumber()) return Fail(name, "a non-negative integer");
    double d = v.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(d) || d < 0 || d != std::floor(d) || d > max) {
      return Fail(name, "a non-negative integer");
    }
    *out = static_cast<int64_t>(d);
    return true;
  }

  bool Strings(const char* name, std::vector<std::string>* out) {
    Napi::Value v;
    if (!Get(name, &v)) return false;
    if (v.IsUndefined()) return true;
    if (!v.IsArray()) return Fail(name, "an array of strings");
    Napi::Array a = v.As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length(); ++i) {
      Napi::Value e = a.Get(i);
      if (env_.IsExceptionPending()) return false;
      if (!e.IsString()) return Fail(name, "an array of strings");
      out->push_back(e.As<Napi::String>().Utf8Value());
    }
    return true;
  }

  // Buffers (or typed arrays) of raw bytes.
  bool Bytes(const char* name, std::vector<std::string>* out) {
    Napi::Value v;
    if (!Get(name, &v)) return false;
    if (v.IsUndefined()) return true;
    if (!v.IsArray()) return Fail(name, "an array of Buffers");
    Napi::Array a = v.As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length(); ++i) {
      Napi::Value e = a.Get(i);
      if (env_.IsExceptionPending()) return false;
      if (!e.IsTypedArray()) return Fail(name, "an array of Buffers");
      Napi::Uint8Array b = e.As<Napi::Uint8Array>();
      out->emplace_back(reinterpret_cast<const char*>(b.Data()),
                        b.ByteLength());
    }
    return true;
  }

 private:
  Napi::Env env_;
  Napi::Object obj_;
};

void ThrowStatus(Napi::Env env, const char* what, const absl::Status& s) {
  std::string msg =
      std::string("jwtv: ") + what + ": " + std::string(s.message());
  Napi::Error::New(env, msg).ThrowAsJavaScriptException();
}

struct Parsed {
  std::optional<std::string> kind, jwks, url, api_key;
  std::vector<std::string> secrets, issuers, audiences, algorithms, required;
  bool allow_http = false;
  bool require_exp = true;
  std::optional<int64_t> leeway, max_age, now, cache;
};

bool Parse(Reader& r, Parsed* p) {
  return r.String("kind", &p->kind) && r.String("jwks", &p->jwks) &&
         r.String("url", &p->url) && r.String("apiKey", &p->api_key) &&
         r.Bytes("secrets", &p->secrets) && r.Strings("issuers", &p->issuers) &&
         r.Strings("audiences", &p->audiences) &&
         r.Strings("algorithms", &p->algorithms) &&
         r.Strings("requiredClaims", &p->required) &&
         r.Bool("allowHttp", &p->allow_http) &&
         r.Bool("requireExp", &p->require_exp) &&
         r.Count("leeway", &p->leeway) && r.Count("maxAge", &p->max_age) &&
         r.Count("now", &p->now, static_cast<double>(jwtv::kMaxClockSeconds)) &&
         r.Count("cache", &p->cache);
}

jwtv::Clock Clock(const std::optional<int64_t>& now) {
  if (!now) return {};
  const int64_t t = *now;
  return [t] { return jwtv::FromUnixSeconds(t); };
}

std::unique_ptr<jwtv::VerifiedTokenCache> MakeCache(
    const std::optional<int64_t>& entries) {
  if (!entries || *entries == 0) return nullptr;
  jwtv::VerifiedTokenCacheOptions o;
  o.max_entries = static_cast<size_t>(*entries);
  // Each shard holds max_entries / shards: small caches get few shards.
  o.shards = *entries >= 4096 ? 64 : (*entries >= 256 ? 8 : 1);
  return std::make_unique<jwtv::VerifiedTokenCache>(o);
}

std::shared_ptr<const Core> BuildShopify(Napi::Env env, Parsed& p) {
  jwtv::ShopifyOptions o;
  o.api_key = p.api_key.value_or("");
  o.secrets = std::move(p.secrets);
  if (p.leeway) o.leeway_seconds = *p.leeway;
  o.clock = Clock(p.now);
  absl::StatusOr<jwtv::Validator> v = jwtv::MakeShopifyValidator(std::move(o));
  if (!v.ok()) {
    ThrowStatus(env, "createShopifyValidator", v.status());
    return nullptr;
  }
  return std::make_shared<const Core>(std::move(*v), MakeCache(p.cache));
}

bool ValidatorOptionsFrom(Napi::Env env, Parsed& p, jwtv::ValidatorOptions* o) {
  if (!p.algorithms.empty()) {
    o->algorithms = jwtv::AlgorithmSet();
    for (const std::string& name : p.algorithms) {
      std::optional<jwtv::Algorithm> a = jwtv::ParseAlgorithm(name);
      if (!a) {
        Napi::TypeError::New(env, "jwtv: unknown algorithm " + name)
            .ThrowAsJavaScriptException();
        return false;
      }
      o->algorithms.Add(*a);
    }
  }
  o->issuers = std::move(p.issuers);
  o->audiences = std::move(p.audiences);
  o->required_claims = std::move(p.required);
  o->leeway_seconds = p.leeway.value_or(0);
  o->max_age_seconds = p.max_age;
  o->require_exp = p.require_exp;
  o->clock = Clock(p.now);
  return true;
}

std::shared_ptr<const Core> BuildStatic(Napi::Env env, Parsed& p,
                                        jwtv::ValidatorOptions o) {
  jwtv::KeySet::Builder b;
  if (p.jwks) {
    absl::Status s = b.AddJwks(*p.jwks);
    if (!s.ok()) {
      ThrowStatus(env, "jwks", s);
      return nullptr;
    }
  }
  for (const std::string& secret : p.secrets) {
    absl::Status s = b.AddHmacSecret(secret);
    if (!s.ok()) {
      ThrowStatus(env, "secrets", s);
      return nullptr;
    }
  }
  absl::StatusOr<jwtv::Validator> v =
      jwtv::Validator::Create(std::move(b).Build(), std::move(o));
  if (!v.ok()) {
    ThrowStatus(env, "createValidator", v.status());
    return nullptr;
  }
  return std::make_shared<const Core>(*std::move(v), MakeCache(p.cache));
}

std::shared_ptr<const Core> BuildRemote(Napi::Env env, Parsed& p,
                                        jwtv::ValidatorOptions o) {
  jwtv::JwksCacheOptions co;
  co.http.allow_http = p.allow_http;
  const bool oidc = *p.kind == "oidc";
  std::string url = p.url.value_or("");
  absl::StatusOr<std::shared_ptr<jwtv::JwksCache>> cache =
      oidc ? jwtv::JwksCache::FromOidcIssuer(std::move(url), std::move(co))
           : jwtv::JwksCache::FromUrl(std::move(url), std::move(co));
  if (!cache.ok()) {
    ThrowStatus(env, oidc ? "oidcIssuer" : "jwksUrl", cache.status());
    return nullptr;
  }
  absl::StatusOr<jwtv::Validator> v =
      jwtv::Validator::Create(*std::move(cache), std::move(o));
  if (!v.ok()) {
    ThrowStatus(env, "createValidator", v.status());
    return nullptr;
  }
  return std::make_shared<const Core>(*std::move(v), MakeCache(p.cache));
}

}  // namespace

std::shared_ptr<const Core> BuildCore(Napi::Env env, Napi::Object options) {
  Reader r(env, options);
  Parsed p;
  if (!Parse(r, &p)) return nullptr;
  if (!p.kind) {
    r.Fail("kind", "a string");
    return nullptr;
  }
  if (*p.kind == "shopify") return BuildShopify(env, p);
  jwtv::ValidatorOptions o;
  if (!ValidatorOptionsFrom(env, p, &o)) return nullptr;
  if (*p.kind == "static") return BuildStatic(env, p, std::move(o));
  if (*p.kind == "url" || *p.kind == "oidc") {
    return BuildRemote(env, p, std::move(o));
  }
  r.Fail("kind", "static, url, oidc or shopify");
  return nullptr;
}

}  // namespace jwtv_node
