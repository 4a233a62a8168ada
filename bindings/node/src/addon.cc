// Copyright 2026 The jwtv Authors.
//
// jwtv.node: the Node-API binding that index.js wraps. The native Validator
// class answers each token with the verified payload's JSON text (a string)
// or the jwtv::ErrorCode of the rejection (a number); index.js turns these
// into the result objects of the public API. The raw form keeps the crossing
// cheap: one string in, one string or small integer out.
//
// Loaded once per JavaScript context (the main thread and each worker
// thread); no state is shared between contexts but the immutable Cores.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core.h"
#include "flat_claims.h"
#include "jwtv/error.h"
#include "jwtv/jwks_cache.h"
#include "napi.h"
#include "options.h"

namespace jwtv_node {
namespace {

constexpr int kErrorCodeCount =
    static_cast<int>(jwtv::ErrorCode::kUnknownCrit) + 1;

// Copies a JavaScript string's UTF-8 bytes into buf (capacity kMaxTokenBytes
// + 2). Returns the length, or kMaxTokenBytes + 1 (over the bound, so
// malformed) for a string over the bound or one with a non-ASCII character:
// no token has one, and Node-API copies whole characters only, so a copy cut
// short could otherwise end exactly after a valid token's last byte. A
// string's UTF-16 length equals its UTF-8 length only when it is ASCII.
size_t ReadToken(napi_env env, napi_value v, char* buf) {
  size_t units = 0;
  napi_get_value_string_utf16(env, v, nullptr, 0, &units);
  if (units > kMaxTokenBytes) return kMaxTokenBytes + 1;
  size_t len = 0;
  napi_get_value_string_utf8(env, v, buf, kMaxTokenBytes + 2, &len);
  return len == units ? len : kMaxTokenBytes + 1;
}

bool IsAscii(std::string_view s) {
  unsigned char any = 0;
  for (char c : s) any |= static_cast<unsigned char>(c);
  return any < 0x80;
}

// The payload text as a string. ASCII (the usual payload) is copied as
// Latin-1, skipping V8's UTF-8 decoder; anything else is valid UTF-8 (jwtv
// checked it).
napi_value PayloadString(napi_env env, std::string_view p, bool ascii) {
  napi_value out = nullptr;
  if (ascii) {
    napi_create_string_latin1(env, p.data(), p.size(), &out);
  } else {
    napi_create_string_utf8(env, p.data(), p.size(), &out);
  }
  return out;
}

napi_value MakeResult(napi_env env, jwtv::ErrorCode code,
                      const jwtv::VerifiedToken& token) {
  napi_value out = nullptr;
  if (code == jwtv::ErrorCode::kOk) {
    std::string_view p = token.payload_json();
    out = PayloadString(env, p, IsAscii(p));
  } else {
    napi_create_uint32(env, static_cast<uint32_t>(code), &out);
  }
  return out;
}

napi_value MalformedCode(napi_env env) {
  napi_value out = nullptr;
  napi_create_uint32(env, static_cast<uint32_t>(jwtv::ErrorCode::kMalformed),
                     &out);
  return out;
}

// One validation on the libuv thread pool, for validateAsync on a validator
// whose keys come from a URL (whose Validate may wait for a refresh). Written
// against the C API: its completion may run while a worker thread's
// environment is torn down, when resolving the promise fails; that failure
// is ignored (node-addon-api's wrappers would abort the process on it).
struct AsyncValidation {
  napi_async_work work = nullptr;
  napi_deferred deferred = nullptr;
  std::shared_ptr<const Core> core;
  std::string token;
  jwtv::ErrorCode code = jwtv::ErrorCode::kMalformed;
  jwtv::VerifiedToken out;

  static void Execute(napi_env /*env*/, void* data) {
    auto* a = static_cast<AsyncValidation*>(data);
    a->code = a->core->Validate(a->token, &a->out);
  }

  static void Complete(napi_env env, napi_status status, void* data) {
    std::unique_ptr<AsyncValidation> a(static_cast<AsyncValidation*>(data));
    napi_value result = nullptr;
    if (status == napi_ok) {
      result = MakeResult(env, a->code, a->out);
    } else {
      napi_value msg = nullptr;
      napi_create_string_utf8(env, "jwtv: validation cancelled",
                              NAPI_AUTO_LENGTH, &msg);
      napi_create_error(env, nullptr, msg, &result);
    }
    if (result != nullptr) {
      if (status == napi_ok) {
        napi_resolve_deferred(env, a->deferred, result);
      } else {
        napi_reject_deferred(env, a->deferred, result);
      }
    }
    napi_delete_async_work(env, a->work);
  }

  // Returns the promise, or null when Node-API refused to start the work.
  static napi_value Start(napi_env env, std::shared_ptr<const Core> core,
                          std::string_view token) {
    auto a = std::make_unique<AsyncValidation>();
    a->core = std::move(core);
    a->token.assign(token);
    napi_value promise = nullptr;
    napi_value name = nullptr;
    if (napi_create_promise(env, &a->deferred, &promise) != napi_ok ||
        napi_create_string_utf8(env, "jwtv.validateAsync", NAPI_AUTO_LENGTH,
                                &name) != napi_ok ||
        napi_create_async_work(env, nullptr, name, &Execute, &Complete, a.get(),
                               &a->work) != napi_ok) {
      return nullptr;
    }
    if (napi_queue_async_work(env, a->work) != napi_ok) {
      napi_delete_async_work(env, a->work);
      return nullptr;
    }
    static_cast<void>(a.release());  // Complete frees it
    return promise;
  }
};

// The function that FlatScratch returns: validate with the claims'
// positions written to a scratch. A plain function whose data is its own
// state (a share of the Core, the token storage, the writer and a strong
// reference to the scratch's ArrayBuffer), freed by the function's
// finalizer: no unwrapping of a receiver per call, and nothing it uses can
// go away while it can be called.
struct FlatValidate {
  FlatValidate(std::shared_ptr<const Core> c, int32_t* meta, double* nums)
      : core(std::move(c)), writer(meta, nums) {}

  static napi_value Call(napi_env env, napi_callback_info info) {
    size_t argc = 1;
    napi_value arg = nullptr;
    void* data = nullptr;
    napi_valuetype type = napi_undefined;
    if (napi_get_cb_info(env, info, &argc, &arg, nullptr, &data) != napi_ok ||
        argc < 1 || napi_typeof(env, arg, &type) != napi_ok ||
        type != napi_string) {
      napi_throw_type_error(env, nullptr, "jwtv: token must be a string");
      return nullptr;
    }
    auto* self = static_cast<FlatValidate*>(data);
    thread_local char buf[kMaxTokenBytes + 2];
    const size_t len = ReadToken(env, arg, buf);
    if (len > kMaxTokenBytes) return MalformedCode(env);
    const jwtv::ErrorCode code =
        self->core->Validate(std::string_view(buf, len), &self->token);
    if (code != jwtv::ErrorCode::kOk) {
      return MakeResult(env, code, self->token);
    }
    const std::string_view p = self->token.payload_json();
    const bool ascii = IsAscii(p);
    self->writer.Write(self->token, ascii);
    return PayloadString(env, p, ascii);
  }

  static void Finalize(napi_env env, void* data, void* /*hint*/) {
    std::unique_ptr<FlatValidate> self(static_cast<FlatValidate*>(data));
    napi_delete_reference(env, self->scratch);
  }

  std::shared_ptr<const Core> core;
  // Reused by each call, which runs no JavaScript while it holds it.
  jwtv::VerifiedToken token;
  FlatClaimsWriter writer;
  napi_ref scratch = nullptr;
};

class Validator : public Napi::ObjectWrap<Validator> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(
        env, "Validator",
        {InstanceMethod<&Validator::Validate>("validate"),
         InstanceMethod<&Validator::FlatScratch>("flatScratch"),
         InstanceMethod<&Validator::ValidateMany>("validateMany"),
         InstanceMethod<&Validator::ValidateAsync>("validateAsync"),
         InstanceMethod<&Validator::ValidateObject>("validateObject"),
         InstanceMethod<&Validator::Health>("health"),
         InstanceMethod<&Validator::MayBlock>("mayBlock")});
  }

  explicit Validator(const Napi::CallbackInfo& info)
      : Napi::ObjectWrap<Validator>(info) {
    if (info.Length() < 1 || !info[0].IsObject()) {
      Napi::TypeError::New(info.Env(), "jwtv: options must be an object")
          .ThrowAsJavaScriptException();
      return;
    }
    core_ = BuildCore(info.Env(), info[0].As<Napi::Object>());
  }

 private:
  // The token argument as bytes in the thread's buffer, or nullopt with a
  // TypeError pending (no Core, or not a string).
  std::optional<std::string_view> TokenArg(const Napi::CallbackInfo& info) {
    if (core_ == nullptr) {
      Napi::Error::New(info.Env(), "jwtv: validator not initialized")
          .ThrowAsJavaScriptException();
      return std::nullopt;
    }
    if (info.Length() < 1 || !info[0].IsString()) {
      Napi::TypeError::New(info.Env(), "jwtv: token must be a string")
          .ThrowAsJavaScriptException();
      return std::nullopt;
    }
    thread_local char buf[kMaxTokenBytes + 2];
    size_t len = ReadToken(info.Env(), info[0], buf);
    return std::string_view(buf, len);
  }

  Napi::Value Validate(const Napi::CallbackInfo& info) {
    std::optional<std::string_view> token = TokenArg(info);
    if (!token) return Napi::Value();
    if (token->size() > kMaxTokenBytes) {
      return Napi::Value(info.Env(), MalformedCode(info.Env()));
    }
    jwtv::ErrorCode code = core_->Validate(*token, &token_);
    return Napi::Value(info.Env(), MakeResult(info.Env(), code, token_));
  }

  // [meta, nums, validateFlat]: validateFlat(token) is validate with the
  // claims' positions written to meta and nums (flat_claims.h), an
  // Int32Array and a Float64Array over one ArrayBuffer. Each call makes a
  // new, independent set. The ArrayBuffer is written through its address:
  // it must never be transferred (detached); index.js keeps it private.
  Napi::Value FlatScratch(const Napi::CallbackInfo& info);

  Napi::Value ValidateMany(const Napi::CallbackInfo& info);
  Napi::Value ValidateObject(const Napi::CallbackInfo& info);

  Napi::Value ValidateAsync(const Napi::CallbackInfo& info) {
    std::optional<std::string_view> token = TokenArg(info);
    if (!token) return Napi::Value();
    // Over the bound: validate the empty token, which is malformed too.
    if (token->size() > kMaxTokenBytes) token = token->substr(0, 0);
    napi_value p = AsyncValidation::Start(info.Env(), core_, *token);
    if (p == nullptr) {
      if (!info.Env().IsExceptionPending()) {
        Napi::Error::New(info.Env(), "jwtv: validateAsync could not start")
            .ThrowAsJavaScriptException();
      }
      return Napi::Value();
    }
    return Napi::Value(info.Env(), p);
  }

  Napi::Value MayBlock(const Napi::CallbackInfo& info) {
    return Napi::Boolean::New(info.Env(),
                              core_ != nullptr && core_->may_block());
  }

  Napi::Value Health(const Napi::CallbackInfo& info);

  std::shared_ptr<const Core> core_;
  // Reused by validate, which runs no JavaScript while it holds it.
  jwtv::VerifiedToken token_;
};

Napi::Value Validator::FlatScratch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (core_ == nullptr) {
    Napi::Error::New(env, "jwtv: validator not initialized")
        .ThrowAsJavaScriptException();
    return Napi::Value();
  }
  constexpr size_t kNumsBytes = sizeof(double) * kMaxFlatClaims;
  constexpr size_t kMetaBytes = sizeof(int32_t) * kFlatMetaSlots;
  Napi::ArrayBuffer buf = Napi::ArrayBuffer::New(env, kNumsBytes + kMetaBytes);
  if (env.IsExceptionPending()) return Napi::Value();
  Napi::Float64Array nums =
      Napi::Float64Array::New(env, kMaxFlatClaims, buf, 0);
  Napi::Int32Array meta =
      Napi::Int32Array::New(env, kFlatMetaSlots, buf, kNumsBytes);
  if (env.IsExceptionPending()) return Napi::Value();
  auto* base = static_cast<char*>(buf.Data());
  auto state = std::make_unique<FlatValidate>(
      core_, reinterpret_cast<int32_t*>(base + kNumsBytes),
      reinterpret_cast<double*>(base));
  napi_value fn = nullptr;
  bool made =
      napi_create_function(env, "validateFlat", NAPI_AUTO_LENGTH,
                           &FlatValidate::Call, state.get(), &fn) == napi_ok &&
      napi_create_reference(env, buf, 1, &state->scratch) == napi_ok;
  if (made && napi_add_finalizer(env, fn, state.get(), &FlatValidate::Finalize,
                                 nullptr, nullptr) != napi_ok) {
    napi_delete_reference(env, state->scratch);
    made = false;
  }
  if (!made) {
    if (!env.IsExceptionPending()) {
      Napi::Error::New(env, "jwtv: flatScratch failed")
          .ThrowAsJavaScriptException();
    }
    return Napi::Value();
  }
  static_cast<void>(state.release());  // Finalize frees it
  Napi::Array out = Napi::Array::New(env, 3);
  out.Set(uint32_t{0}, meta);
  out.Set(uint32_t{1}, nums);
  out.Set(uint32_t{2}, Napi::Value(env, fn));
  return out;
}

// validateMany: the array's strings go to ValidateBatch (or, with a
// verified-token cache, through it one by one), kBatchChunk at a time so
// that memory stays bounded whatever the array's length; an element that is
// not a string, or is over the size bound, is malformed. Reading an element
// may run JavaScript (a getter), which may call this validator again: the
// state of a call is local to it.
constexpr uint32_t kBatchChunk = 256;

struct Chunk {
  std::string arena;
  std::vector<size_t> ends;
  std::vector<bool> bad;
  std::vector<std::string_view> views;
  std::vector<jwtv::Result> results;
  std::vector<jwtv::ErrorCode> codes;
};

// Reads elements [base, base + m) of arr into c; false with an exception
// pending when reading one threw.
bool ReadChunk(napi_env env, napi_value arr, uint32_t base, uint32_t m,
               Chunk* c) {
  c->arena.clear();
  c->ends.clear();
  c->bad.assign(m, false);
  for (uint32_t i = 0; i < m; ++i) {
    napi_value e = nullptr;
    if (napi_get_element(env, arr, base + i, &e) != napi_ok) return false;
    napi_valuetype t = napi_undefined;
    napi_typeof(env, e, &t);
    const size_t start = c->arena.size();
    if (t == napi_string) {
      c->arena.resize(start + kMaxTokenBytes + 2);
      const size_t len = ReadToken(env, e, c->arena.data() + start);
      c->bad[i] = len > kMaxTokenBytes;
      c->arena.resize(c->bad[i] ? start : start + len);
    } else {
      c->bad[i] = true;
    }
    c->ends.push_back(c->arena.size());
  }
  c->views.clear();
  for (uint32_t i = 0; i < m; ++i) {
    const size_t start = i == 0 ? 0 : c->ends[i - 1];
    c->views.emplace_back(c->arena.data() + start, c->ends[i] - start);
  }
  return true;
}

void ValidateChunk(const Core& core, Chunk* c) {
  const size_t m = c->views.size();
  if (c->results.size() < m) c->results.resize(m);
  c->codes.resize(m);
  if (core.cache != nullptr) {
    for (size_t i = 0; i < m; ++i) {
      c->codes[i] = core.cache->Validate(core.validator, c->views[i],
                                         &c->results[i].value());
    }
  } else {
    core.validator.ValidateBatch(c->views, std::span(c->results.data(), m));
    for (size_t i = 0; i < m; ++i) c->codes[i] = c->results[i].code();
  }
  for (size_t i = 0; i < m; ++i) {
    if (c->bad[i]) c->codes[i] = jwtv::ErrorCode::kMalformed;
  }
}

Napi::Value Validator::ValidateMany(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (core_ == nullptr || info.Length() < 1 || !info[0].IsArray()) {
    Napi::TypeError::New(env, "jwtv: validateMany takes an array of strings")
        .ThrowAsJavaScriptException();
    return Napi::Value();
  }
  napi_value arr = info[0];
  uint32_t n = 0;
  napi_get_array_length(env, arr, &n);
  napi_value out = nullptr;
  napi_create_array_with_length(env, n, &out);
  Chunk c;
  for (uint32_t base = 0; base < n; base += kBatchChunk) {
    const uint32_t m = std::min(kBatchChunk, n - base);
    if (!ReadChunk(env, arr, base, m, &c)) return Napi::Value();
    ValidateChunk(*core_, &c);
    for (uint32_t i = 0; i < m; ++i) {
      napi_value r = MakeResult(env, c.codes[i], c.results[i].value());
      if (napi_set_element(env, out, base + i, r) != napi_ok) {
        return Napi::Value();
      }
    }
  }
  return Napi::Value(env, out);
}

// The claims as an object built through Node-API, claim by claim (nested
// values through JSON.parse). Kept to measure against JSON.parse of the
// payload text (README.md, "Where the time goes").
Napi::Value Validator::ValidateObject(const Napi::CallbackInfo& info) {
  std::optional<std::string_view> token = TokenArg(info);
  if (!token) return Napi::Value();
  Napi::Env env = info.Env();
  // Local: JSON.parse below is whatever the global JSON.parse is, which may
  // call this validator again.
  jwtv::VerifiedToken t;
  jwtv::ErrorCode code = token->size() > kMaxTokenBytes
                             ? jwtv::ErrorCode::kMalformed
                             : core_->Validate(*token, &t);
  if (code != jwtv::ErrorCode::kOk) {
    return Napi::Number::New(env, static_cast<double>(code));
  }
  Napi::Object claims = Napi::Object::New(env);
  Napi::Function parse = env.Global()
                             .Get("JSON")
                             .As<Napi::Object>()
                             .Get("parse")
                             .As<Napi::Function>();
  for (size_t i = 0; i < t.claim_count(); ++i) {
    std::string_view name = t.claim_name(i);
    Napi::String key = Napi::String::New(env, name.data(), name.size());
    switch (t.ClaimKind(name).value_or(jwtv::JsonKind::kNull)) {
      case jwtv::JsonKind::kString: {
        std::string_view s = *t.GetString(name);
        claims.Set(key, Napi::String::New(env, s.data(), s.size()));
        break;
      }
      case jwtv::JsonKind::kNumber:
        claims.Set(key, Napi::Number::New(env, *t.GetNumber(name)));
        break;
      case jwtv::JsonKind::kBool:
        claims.Set(key, Napi::Boolean::New(env, *t.GetBool(name)));
        break;
      case jwtv::JsonKind::kNull:
        claims.Set(key, env.Null());
        break;
      default: {
        std::string_view raw = *t.GetRawJson(name);
        claims.Set(
            key, parse.Call({Napi::String::New(env, raw.data(), raw.size())}));
        break;
      }
    }
  }
  return claims;
}

double Millis(std::chrono::system_clock::time_point t) {
  return static_cast<double>(
      std::chrono::duration_cast<std::chrono::milliseconds>(
          t.time_since_epoch())
          .count());
}

Napi::Value Validator::Health(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object h = Napi::Object::New(env);
  if (core_ == nullptr) return h;
  auto time = [&](const std::optional<std::chrono::system_clock::time_point>& t)
      -> Napi::Value {
    return t ? Napi::Value(Napi::Date::New(env, Millis(*t))) : env.Null();
  };
  const std::shared_ptr<jwtv::JwksCache>& cache = core_->validator.jwks_cache();
  if (cache == nullptr) {
    h.Set("source", "static");
    h.Set("keyCount", static_cast<double>(core_->validator.keys().size()));
  } else {
    jwtv::JwksHealth s = cache->health();
    h.Set("source", cache->description());
    h.Set("keyCount", static_cast<double>(s.key_count));
    h.Set("lastSuccess", time(s.last_success));
    h.Set("lastAttempt", time(s.last_attempt));
    h.Set("lastError", s.last_error.ok()
                           ? env.Null()
                           : Napi::Value(Napi::String::New(
                                 env, std::string(s.last_error.message()))));
    h.Set("consecutiveFailures", s.consecutive_failures);
    h.Set("fetchCount", static_cast<double>(s.fetch_count));
    h.Set("snapshotVersion", static_cast<double>(s.snapshot_version));
    h.Set("ignoredSymmetricKeys",
          static_cast<double>(s.ignored_symmetric_keys));
    h.Set("expiresAt", time(s.expires_at));
    h.Set("stale", s.stale);
  }
  if (core_->cache != nullptr) {
    jwtv::VerifiedTokenCacheStats st = core_->cache->stats();
    Napi::Object c = Napi::Object::New(env);
    c.Set("hits", static_cast<double>(st.hits));
    c.Set("misses", static_cast<double>(st.misses));
    c.Set("entries", static_cast<double>(st.entries));
    c.Set("evictions", static_cast<double>(st.evictions));
    h.Set("cache", c);
  }
  return h;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  Napi::Array codes = Napi::Array::New(env, kErrorCodeCount);
  for (int i = 0; i < kErrorCodeCount; ++i) {
    std::string_view name =
        jwtv::ErrorCodeName(static_cast<jwtv::ErrorCode>(i));
    codes.Set(static_cast<uint32_t>(i),
              Napi::String::New(env, name.data(), name.size()));
  }
  exports.Set("errorCodes", codes);
  exports.Set("maxTokenBytes", static_cast<double>(kMaxTokenBytes));
  exports.Set("Validator", Validator::Define(env));
  return exports;
}

}  // namespace
}  // namespace jwtv_node

// NODE_API_MODULE pastes the function's name into an identifier: it must be
// unqualified.
static Napi::Object InitJwtv(Napi::Env env, Napi::Object exports) {
  return jwtv_node::Init(env, exports);
}

NODE_API_MODULE(jwtv, InitJwtv)
