// Copyright 2026 The jwtv Authors.
//
// Shared by the fuzz targets: a failing-check macro, the fixed clock, the
// validators every token target runs, an independent strict JSON acceptor
// (nlohmann's SAX parser plus duplicate-name and depth checks) and the
// consistency check of an accepted token.
//
// Everything here is header-only so that each target is one .cc file that
// builds both as a libFuzzer target (clang, -fsanitize=fuzzer) and as a
// plain replay executable (any compiler, fuzz/replay_main.cc).

#ifndef JWTV_FUZZ_FUZZ_COMMON_H_
#define JWTV_FUZZ_FUZZ_COMMON_H_

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "jwtv/algorithm.h"
#include "jwtv/error.h"
#include "jwtv/key_set.h"
#include "jwtv/shopify.h"
#include "jwtv/validator.h"
#include "jwtv/verified_token.h"
#include "nlohmann/json.hpp"

// Aborts (a crash for libFuzzer, a failure for the replay) when `cond` is
// false. Fuzz targets must not use assert(): it vanishes under NDEBUG.
#define FUZZ_CHECK(cond, ...)                                          \
  do {                                                                 \
    if (!(cond)) {                                                     \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: ", __FILE__, \
                   __LINE__, #cond);                                   \
      std::fprintf(stderr, __VA_ARGS__);                               \
      std::fprintf(stderr, "\n");                                      \
      std::abort();                                                    \
    }                                                                  \
  } while (0)

namespace jwtv_fuzz {

// The fixed clock (2026-01-01T00:16:40Z); the seed tokens are valid then.
inline constexpr int64_t kNow = 1767226600;
inline constexpr int kMaxDepth = 32;  // jwtv's kMaxJsonDepth
inline constexpr char kShopifyApiKey[] = "fuzz-api-key";

// The three option sets every token target validates with: the defaults, a
// strict caller (every expectation set), and the Shopify profile.
inline std::vector<jwtv::ValidatorOptions> AllOptions() {
  std::vector<jwtv::ValidatorOptions> out;
  jwtv::ValidatorOptions generic;
  generic.clock = [] { return jwtv::FromUnixSeconds(kNow); };
  out.push_back(generic);

  jwtv::ValidatorOptions strict;
  strict.clock = [] { return jwtv::FromUnixSeconds(kNow); };
  strict.algorithms = {jwtv::Algorithm::kHS256, jwtv::Algorithm::kHS384,
                       jwtv::Algorithm::kRS256, jwtv::Algorithm::kPS512,
                       jwtv::Algorithm::kES256, jwtv::Algorithm::kES512,
                       jwtv::Algorithm::kEdDSA};
  strict.issuers = {"https://auth.example.com", "https://other.example"};
  strict.audiences = {"jwtv-demo"};
  strict.subject = "user-1234";
  strict.type = "JWT";
  strict.required_claims = {"jti", "scope"};
  strict.leeway_seconds = 5;
  strict.max_age_seconds = 86400 * 365;
  strict.max_keys_without_kid = 2;
  out.push_back(strict);

  jwtv::ValidatorOptions shopify =
      jwtv::ShopifyValidatorOptions(kShopifyApiKey);
  shopify.clock = [] { return jwtv::FromUnixSeconds(kNow); };
  out.push_back(shopify);
  return out;
}

// The key set of `jwks`, a JWKS the target is built with; aborts unless it
// gives `count` keys.
inline jwtv::KeySet CheckedKeySet(std::string_view jwks, size_t count) {
  absl::StatusOr<jwtv::KeySet> keys = jwtv::KeySet::FromJwks(jwks);
  FUZZ_CHECK(keys.ok(), "fuzz JWKS: %s", keys.status().ToString().c_str());
  FUZZ_CHECK(keys->size() == count, "fuzz JWKS: %zu keys", keys->size());
  return *std::move(keys);
}

// A validator over `keys` for each of AllOptions(), in its order.
inline std::vector<jwtv::Validator> AllValidators(const jwtv::KeySet& keys) {
  std::vector<jwtv::Validator> out;
  for (jwtv::ValidatorOptions& options : AllOptions()) {
    out.emplace_back(keys, std::move(options));
  }
  return out;
}

// True when the environment variable JWTV_FUZZ_KNOWN_BUGS (a comma-separated
// list) names `bug`: lets a long local run look past a bug that is already
// reported and not yet fixed, when the check is written to consult it.
// Never set in CI or in the replay tests. No bug is open at the moment
// (the first, "raw_object", was fixed by d29f711).
inline bool KnownBug(std::string_view bug) {
  static const std::string list = [] {
    const char* env = std::getenv("JWTV_FUZZ_KNOWN_BUGS");
    return "," + std::string(env ? env : "") + ",";
  }();
  return list.find("," + std::string(bug) + ",") != std::string::npos;
}

// ---------------------------------------------------------------------------
// The reference JSON acceptor.

enum class Verdict { kAccept, kReject, kUnknown };

inline const char* VerdictName(Verdict v) {
  return v == Verdict::kAccept   ? "accept"
         : v == Verdict::kReject ? "reject"
                                 : "unknown";
}

// What the reference saw of one top-level member (for the JOSE header).
struct TopMember {
  bool present = false;
  bool is_string = false;
  std::string str;  // unescaped, when is_string
};

struct RefJson {
  Verdict verdict = Verdict::kReject;
  std::string why;  // for failure messages
  int max_depth = 0;
  TopMember alg, kid, typ, crit;
};

// A SAX handler over nlohmann's strict parser: rejects duplicate member
// names (compared after unescaping) at any depth and records nesting depth
// and the header members jwtv reads.
class RefSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit RefSax(RefJson* out) : out_(out) {}

  bool null() override { return Value(false, {}); }
  bool boolean(bool) override { return Value(false, {}); }
  bool number_integer(number_integer_t) override { return Value(false, {}); }
  bool number_unsigned(number_unsigned_t) override { return Value(false, {}); }
  bool number_float(number_float_t, const string_t&) override {
    return Value(false, {});
  }
  bool string(string_t& s) override { return Value(true, s); }
  bool binary(binary_t&) override { return Value(false, {}); }
  bool start_object(std::size_t) override {
    if (!Value(false, {})) return false;
    Open(/*is_object=*/true);
    keys_.emplace_back();
    return true;
  }
  bool key(string_t& k) override {
    if (!keys_.back().insert(k).second) {
      out_->why = "duplicate member name";
      duplicate_ = true;
      return false;
    }
    if (depth_ == 1) pending_ = k;
    return true;
  }
  bool end_object() override {
    keys_.pop_back();
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    if (!Value(false, {})) return false;
    Open(/*is_object=*/false);
    keys_.emplace_back();  // unused; keeps keys_ aligned with depth
    return true;
  }
  bool end_array() override {
    keys_.pop_back();
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception& e) override {
    out_->why = e.what();
    return false;
  }

  bool duplicate() const { return duplicate_; }
  bool top_is_object() const { return top_is_object_; }

 private:
  // A value (or a container's start) at the current depth.
  bool Value(bool is_string, const std::string& s) {
    if (depth_ == 1 && pending_) {
      TopMember* m = *pending_ == "alg"    ? &out_->alg
                     : *pending_ == "kid"  ? &out_->kid
                     : *pending_ == "typ"  ? &out_->typ
                     : *pending_ == "crit" ? &out_->crit
                                           : nullptr;
      if (m != nullptr) {
        m->present = true;
        m->is_string = is_string;
        m->str = s;
      }
      pending_.reset();
    }
    return true;
  }
  void Open(bool is_object) {
    if (depth_ == 0) top_is_object_ = is_object;
    ++depth_;
    if (depth_ > out_->max_depth) out_->max_depth = depth_;
  }

  RefJson* out_;
  int depth_ = 0;
  bool top_is_object_ = false;
  bool duplicate_ = false;
  std::optional<std::string> pending_;
  std::vector<std::set<std::string>> keys_;
};

// Is `text` one JSON object without duplicate names and at most kMaxDepth
// levels of nesting, by an implementation that shares no code with jwtv?
//
// kUnknown marks the inputs on which RFC 8259 lets conforming parsers differ
// and nlohmann is known to choose differently from simdjson; the targets
// skip their differential assertions for them (docs/FUZZING.md lists them):
//   - escapes of UTF-16 surrogates that do not pair up ("\ud800",
//     "\udc00"): RFC 8259 section 8.2 says the behaviour is unpredictable;
//     nlohmann rejects them;
//   - a number too large for a double ("1e999"): valid JSON, which jwtv
//     reads as +-inf (DESIGN.md: out-of-range dates compare as numbers)
//     and nlohmann rejects ("number overflow");
//   - a leading UTF-8 byte order mark, which RFC 8259 section 8.1 lets a
//     parser ignore (nlohmann does) or reject.
inline RefJson CheckJson(std::string_view text) {
  RefJson out;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    out.verdict = Verdict::kUnknown;
    out.why = "byte order mark";
    return out;
  }
  // nlohmann's lexer takes a NUL byte for the end of the input, so it would
  // accept `{}\0garbage`. A raw U+0000 is valid nowhere in JSON (not
  // whitespace, and must be escaped in strings: RFC 8259 sections 2 and 7).
  if (text.find('\0') != std::string_view::npos) {
    out.why = "NUL byte";
    return out;
  }
  RefSax sax(&out);
  const bool ok = nlohmann::json::sax_parse(
      text.begin(), text.end(), &sax, nlohmann::json::input_format_t::json,
      /*strict=*/true, /*ignore_comments=*/false);
  if (!ok) {
    const bool known_difference =
        out.why.find("surrogate") != std::string::npos ||
        out.why.find("number overflow") != std::string::npos;
    out.verdict = known_difference ? Verdict::kUnknown : Verdict::kReject;
    return out;
  }
  if (!sax.top_is_object()) {
    out.why = "not an object";
  } else if (out.max_depth > kMaxDepth) {
    out.why = "nesting deeper than 32";
  } else {
    out.verdict = Verdict::kAccept;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Consistency of an accepted token.

inline std::string Printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s.substr(0, 200)) {
    if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

inline double AsDouble(const nlohmann::ordered_json& j) {
  if (j.is_number_unsigned()) {
    return static_cast<double>(j.get<uint64_t>());
  }
  if (j.is_number_integer()) return static_cast<double>(j.get<int64_t>());
  return j.get<double>();
}

inline bool KindMatches(jwtv::JsonKind kind, const nlohmann::ordered_json& j) {
  switch (kind) {
    case jwtv::JsonKind::kNull:
      return j.is_null();
    case jwtv::JsonKind::kBool:
      return j.is_boolean();
    case jwtv::JsonKind::kNumber:
      return j.is_number();
    case jwtv::JsonKind::kString:
      return j.is_string();
    case jwtv::JsonKind::kArray:
      return j.is_array();
    case jwtv::JsonKind::kObject:
      return j.is_object();
  }
  return false;
}

// Equal as JSON values, numbers compared as the doubles jwtv reports (the
// reference keeps big integers exact; jwtv rounds them to double).
inline bool SameJson(const nlohmann::ordered_json& a,
                     const nlohmann::ordered_json& b) {
  if (a.is_number() && b.is_number()) return AsDouble(a) == AsDouble(b);
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!SameJson(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    auto ia = a.begin();
    auto ib = b.begin();
    for (; ia != a.end(); ++ia, ++ib) {
      if (ia.key() != ib.key() || !SameJson(ia.value(), ib.value())) {
        return false;
      }
    }
    return true;
  }
  return a == b;
}

inline std::optional<nlohmann::ordered_json> ParseOrdered(
    std::string_view text) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(
      text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

// Checks that an accepted token's accessors agree with the reference parse
// of its payload, that ClaimsJson() round-trips, and that the policy the
// options describe holds.
inline void CheckAccepted(const jwtv::VerifiedToken& t,
                          const jwtv::ValidatorOptions& options) {
  const std::string_view payload = t.payload_json();
  const RefJson ref = CheckJson(payload);
  FUZZ_CHECK(ref.verdict != Verdict::kReject,
             "accepted a payload the reference rejects (%s): %s",
             ref.why.c_str(), Printable(payload).c_str());
  if (ref.verdict == Verdict::kUnknown) return;

  const std::optional<nlohmann::ordered_json> doc = ParseOrdered(payload);
  FUZZ_CHECK(doc && doc->is_object(), "payload does not parse: %s",
             Printable(payload).c_str());
  const std::string compact = t.ClaimsJson();
  const std::optional<nlohmann::ordered_json> round = ParseOrdered(compact);
  FUZZ_CHECK(round && SameJson(*doc, *round),
             "ClaimsJson() does not round-trip: %s -> %s",
             Printable(payload).c_str(), Printable(compact).c_str());
  FUZZ_CHECK(compact.size() <= payload.size(), "ClaimsJson() grew");

  FUZZ_CHECK(t.claim_count() == doc->size(), "claim_count %zu != %zu",
             t.claim_count(), doc->size());
  size_t i = 0;
  for (auto it = doc->begin(); it != doc->end(); ++it, ++i) {
    const std::string& name = it.key();
    const nlohmann::ordered_json& v = it.value();
    FUZZ_CHECK(t.claim_name(i) == name, "claim %zu: name '%s' != '%s'", i,
               Printable(t.claim_name(i)).c_str(), Printable(name).c_str());
    FUZZ_CHECK(t.HasClaim(name), "HasClaim('%s')", Printable(name).c_str());
    std::optional<jwtv::JsonKind> kind = t.ClaimKind(name);
    FUZZ_CHECK(kind && KindMatches(*kind, v), "ClaimKind('%s')",
               Printable(name).c_str());
    std::optional<std::string_view> raw = t.GetRawJson(name);
    FUZZ_CHECK(raw.has_value(), "GetRawJson('%s')", Printable(name).c_str());
    std::optional<nlohmann::ordered_json> raw_doc = ParseOrdered(*raw);
    FUZZ_CHECK(raw_doc && SameJson(*raw_doc, v),
               "GetRawJson('%s') = '%s' is not the value",
               Printable(name).c_str(), Printable(*raw).c_str());
    if (v.is_string()) {
      FUZZ_CHECK(t.GetString(name) == v.get<std::string>(), "GetString('%s')",
                 Printable(name).c_str());
    } else {
      FUZZ_CHECK(!t.GetString(name), "GetString('%s') of a non-string",
                 Printable(name).c_str());
    }
    if (v.is_number()) {
      std::optional<double> d = t.GetNumber(name);
      FUZZ_CHECK(d && *d == AsDouble(v), "GetNumber('%s') = %.17g != %.17g",
                 Printable(name).c_str(), d.value_or(-1), AsDouble(v));
      std::optional<int64_t> n = t.GetInteger(name);
      if (n) {
        FUZZ_CHECK(static_cast<double>(*n) == *d && std::trunc(*d) == *d,
                   "GetInteger('%s')", Printable(name).c_str());
      }
    }
    if (v.is_boolean()) {
      FUZZ_CHECK(t.GetBool(name) == v.get<bool>(), "GetBool('%s')",
                 Printable(name).c_str());
    }
  }

  // Registered claims: the typed accessors agree with the generic ones.
  FUZZ_CHECK(t.issuer() == t.GetString("iss"), "issuer()");
  FUZZ_CHECK(t.subject() == t.GetString("sub"), "subject()");
  FUZZ_CHECK(t.jwt_id() == t.GetString("jti"), "jwt_id()");
  FUZZ_CHECK(t.expiration() == t.GetNumber("exp"), "expiration()");
  FUZZ_CHECK(t.not_before() == t.GetNumber("nbf"), "not_before()");
  FUZZ_CHECK(t.issued_at() == t.GetNumber("iat"), "issued_at()");
  std::vector<std::string> aud;
  if (doc->contains("aud")) {
    const auto& a = (*doc)["aud"];
    if (a.is_string()) {
      aud.push_back(a.get<std::string>());
    } else {
      FUZZ_CHECK(a.is_array(), "accepted an aud of the wrong type");
      for (const auto& e : a) {
        FUZZ_CHECK(e.is_string(), "accepted a non-string aud element");
        aud.push_back(e.get<std::string>());
      }
    }
  }
  FUZZ_CHECK(t.audiences().size() == aud.size(), "audiences() size");
  for (size_t k = 0; k < aud.size(); ++k) {
    FUZZ_CHECK(t.audiences()[k] == aud[k], "audiences()[%zu]", k);
  }

  // The policy holds (error.h's definitions, with the fixed clock).
  const double now = static_cast<double>(kNow);
  const double leeway = static_cast<double>(options.leeway_seconds);
  if (options.require_exp) FUZZ_CHECK(t.expiration(), "accepted without exp");
  if (auto exp = t.expiration()) FUZZ_CHECK(now < *exp + leeway, "expired");
  if (auto nbf = t.not_before()) FUZZ_CHECK(now >= *nbf - leeway, "nbf");
  if (auto iat = t.issued_at()) FUZZ_CHECK(*iat <= now + leeway, "iat");
  if (options.max_age_seconds) {
    FUZZ_CHECK(t.issued_at() &&
                   now - *t.issued_at() <=
                       static_cast<double>(*options.max_age_seconds) + leeway,
               "too old");
  }
  if (!options.issuers.empty()) {
    bool found = false;
    for (const auto& s : options.issuers) found = found || t.issuer() == s;
    FUZZ_CHECK(found, "issuer not checked");
  }
  if (!options.audiences.empty()) {
    bool found = false;
    for (const auto& s : options.audiences) {
      for (std::string_view a : t.audiences()) found = found || a == s;
    }
    FUZZ_CHECK(found, "audience not checked");
  }
  if (options.subject) FUZZ_CHECK(t.subject() == *options.subject, "sub");
  for (const auto& c : options.required_claims) {
    FUZZ_CHECK(t.HasClaim(c), "required claim '%s' absent", c.c_str());
  }
  FUZZ_CHECK(options.algorithms.Contains(t.alg()), "alg not allowed");
  if (options.profile != nullptr) {  // the Shopify profile
    FUZZ_CHECK(t.alg() == jwtv::Algorithm::kHS256, "Shopify: alg");
    FUZZ_CHECK(jwtv::ShopifySession::From(t).has_value(),
               "Shopify: accepted without a usable dest");
  }
}

// Validates `token` twice with `validator` and once more into `*reused` (a
// VerifiedToken kept across inputs, so stale state would show): the three
// results must agree. Returns the code.
inline jwtv::ErrorCode ValidateChecked(const jwtv::Validator& validator,
                                       std::string_view token,
                                       jwtv::VerifiedToken* reused) {
  const jwtv::Result r1 = validator.Validate(token);
  const jwtv::Result r2 = validator.Validate(token);
  const jwtv::ErrorCode c3 = validator.Validate(token, reused);
  FUZZ_CHECK(r1.code() == r2.code() && r1.code() == c3,
             "not deterministic: %s / %s / %s (reused token)",
             std::string(r1.code_name()).c_str(),
             std::string(r2.code_name()).c_str(),
             std::string(jwtv::ErrorCodeName(c3)).c_str());
  if (r1.ok()) {
    CheckAccepted(*r1, validator.options());
    FUZZ_CHECK(r1->ClaimsJson() == r2->ClaimsJson() &&
                   r1->ClaimsJson() == reused->ClaimsJson(),
               "claims differ between runs");
    FUZZ_CHECK(r1->claim_count() == reused->claim_count() &&
                   r1->kid() == reused->kid() && r1->typ() == reused->typ() &&
                   r1->alg() == reused->alg() &&
                   r1->audiences().size() == reused->audiences().size(),
               "reused VerifiedToken differs");
    for (size_t i = 0; i < r1->claim_count(); ++i) {
      const std::string_view name = r1->claim_name(i);
      FUZZ_CHECK(reused->claim_name(i) == name &&
                     reused->GetRawJson(name) == r1->GetRawJson(name) &&
                     reused->GetString(name) == r1->GetString(name),
                 "reused VerifiedToken differs in claim %zu", i);
    }
  }
  return r1.code();
}

}  // namespace jwtv_fuzz

#endif  // JWTV_FUZZ_FUZZ_COMMON_H_
