// Copyright 2026 The jwtv Authors.
//
// JWK / JWKS loading. A cold path: the document is checked once by the
// strict JSON checker (grammar, UTF-8, duplicate names, depth) and then read
// with the simdjson DOM API (error codes only, no exceptions).
//
// Error messages name the key by its index (and kid, which is public) and
// never quote key material.

#include "jwk/jwk.h"

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base64url/base64url.h"
#include "crypto/prepared_key.h"
#include "json/strict_json.h"
#include "jwtv/algorithm.h"
#include "key_set/key_set_data.h"

namespace jwtv::internal {
namespace {

namespace dom = simdjson::dom;

inline constexpr size_t kMaxKidBytes = 1024;
// Strings from the document that are shown in messages (kid, kty, crv, use,
// alg) are escaped and cut to this many bytes.
inline constexpr size_t kMaxShownBytes = 64;

// Members that only a private key carries (RFC 7518 sections 6.2.2, 6.3.2;
// RFC 8037 section 2).
constexpr std::string_view kPrivateMembers[] = {"d",  "p",  "q",  "dp",
                                                "dq", "qi", "oth"};

// This Abseil build has its own string_view type; std::string_view values
// are converted at the StrCat boundary.
absl::string_view Av(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

// Overwrites a buffer that held secret bytes (oct "k") before it is freed.
void Cleanse(std::vector<uint8_t>* buf) {
  volatile uint8_t* p = buf->data();
  for (size_t i = 0; i < buf->size(); ++i) p[i] = 0;
}

// A document string made safe to print: escaped, bounded.
std::string Shown(std::string_view s) {
  if (s.size() > kMaxShownBytes) {
    return absl::StrCat("\"", absl::CHexEscape(Av(s.substr(0, kMaxShownBytes))),
                        "\"...");
  }
  return absl::StrCat("\"", absl::CHexEscape(Av(s)), "\"");
}

// Reading one JWK object. `label_` is "keys[3]" or "keys[3] (kid \"x\")"
// ("JWK" for a lone key), used as the prefix of every message.
class JwkReader {
 public:
  JwkReader(dom::object obj, std::string label)
      : obj_(obj), label_(std::move(label)) {}

  void set_label(std::string label) { label_ = std::move(label); }

  absl::Status Error(absl::string_view what) const {
    // Keys of a set are "JWKS keys[3] ..."; a lone key is "JWK ...".
    return absl::InvalidArgumentError(absl::StrCat(
        label_.starts_with("keys[") ? "JWKS " : "", label_, ": ", what));
  }
  std::string Skip(absl::string_view why) const {
    return absl::StrCat(label_, ": ", why);
  }

  bool Has(std::string_view name) const {
    dom::element unused;
    return obj_.at_key(name).get(unused) == simdjson::SUCCESS;
  }

  // An optional string member: nullopt if absent; error if not a string.
  absl::Status OptionalString(std::string_view name,
                              std::optional<std::string_view>* out) const {
    out->reset();
    dom::element e;
    if (obj_.at_key(name).get(e) != simdjson::SUCCESS) return absl::OkStatus();
    std::string_view s;
    if (e.get_string().get(s) != simdjson::SUCCESS) {
      return Error(absl::StrCat("\"", Av(name), "\" is not a string"));
    }
    *out = s;
    return absl::OkStatus();
  }

  absl::Status RequiredString(std::string_view name,
                              std::string_view* out) const {
    std::optional<std::string_view> s;
    if (absl::Status st = OptionalString(name, &s); !st.ok()) return st;
    if (!s.has_value()) {
      return Error(absl::StrCat("missing \"", Av(name), "\""));
    }
    *out = *s;
    return absl::OkStatus();
  }

  // A required base64url member, decoded. Never quotes the value.
  absl::Status Decoded(std::string_view name, std::vector<uint8_t>* out) const {
    std::string_view text;
    if (absl::Status st = RequiredString(name, &text); !st.ok()) return st;
    if (text.size() % 4 == 1) {
      return Error(
          absl::StrCat("\"", Av(name), "\" is not base64url without padding"));
    }
    out->assign(Base64UrlDecodedSize(text.size()), 0);
    std::optional<size_t> n = Base64UrlDecode(text, out->data(), out->size());
    if (!n.has_value() || *n != out->size()) {
      return Error(
          absl::StrCat("\"", Av(name), "\" is not base64url without padding"));
    }
    if (out->empty()) {
      return Error(absl::StrCat("\"", Av(name), "\" is empty"));
    }
    return absl::OkStatus();
  }

  // "key_ops": absent -> nullopt; otherwise whether it lists "verify".
  absl::Status KeyOpsAllowVerify(std::optional<bool>* out) const {
    out->reset();
    dom::element e;
    if (obj_.at_key("key_ops").get(e) != simdjson::SUCCESS) {
      return absl::OkStatus();
    }
    dom::array ops;
    if (e.get_array().get(ops) != simdjson::SUCCESS) {
      return Error("\"key_ops\" is not an array of strings");
    }
    bool verify = false;
    for (dom::element op : ops) {
      std::string_view s;
      if (op.get_string().get(s) != simdjson::SUCCESS) {
        return Error("\"key_ops\" is not an array of strings");
      }
      if (s == "verify") verify = true;
    }
    *out = verify;
    return absl::OkStatus();
  }

 private:
  dom::object obj_;
  std::string label_;
};

size_t EcCoordinateBytes(Curve curve) {
  switch (curve) {
    case Curve::kP256:
      return 32;
    case Curve::kP384:
      return 48;
    case Curve::kP521:
      return 66;
    default:
      return 0;
  }
}

// A crypto-module error, re-labelled with the key's index. The crypto
// module's messages describe the defect (size, curve), never the material.
absl::Status KeyError(const JwkReader& r, const absl::Status& s) {
  return r.Error(s.message().empty() ? absl::string_view("invalid key")
                                     : s.message());
}

// The members of a JWK read before its key is built.
struct JwkFields {
  std::optional<std::string_view> kid;
  std::string_view kty;
  std::optional<std::string_view> use;
  std::optional<bool> ops_verify;
  std::optional<std::string_view> alg_name;
  KeyType type = KeyType::kRsa;
  Curve curve = Curve::kNone;
  std::string_view crv;  // EC and OKP
  std::optional<Algorithm> alg;
};

// The members every JWK is checked for before any skip decision: kid (which
// then labels every message), no private member, and the types of kty, use,
// key_ops and alg.
absl::Status ReadCommonMembers(JwkReader& r, const std::string& label,
                               JwkFields* f) {
  if (absl::Status s = r.OptionalString("kid", &f->kid); !s.ok()) return s;
  if (f->kid.has_value()) {
    if (f->kid->size() > kMaxKidBytes) {
      return r.Error(
          absl::StrCat("\"kid\" longer than ", kMaxKidBytes, " bytes"));
    }
    r.set_label(absl::StrCat(label, " (kid ", Shown(*f->kid), ")"));
  }
  // A published key set must never carry private keys, whatever the key is
  // for: fail loudly rather than silently ignoring the leak.
  for (std::string_view name : kPrivateMembers) {
    if (r.Has(name)) {
      return r.Error(absl::StrCat("has private key member \"", Av(name),
                                  "\"; a JWKS must contain public keys only"));
    }
  }
  if (absl::Status s = r.RequiredString("kty", &f->kty); !s.ok()) return s;
  if (absl::Status s = r.OptionalString("use", &f->use); !s.ok()) return s;
  if (absl::Status s = r.KeyOpsAllowVerify(&f->ops_verify); !s.ok()) return s;
  return r.OptionalString("alg", &f->alg_name);
}

// The curve a crv names for an EC (or else OKP) key; kNone if unsupported.
Curve CurveNamed(KeyType type, std::string_view crv) {
  if (type == KeyType::kEc) {
    if (crv == "P-256") return Curve::kP256;
    if (crv == "P-384") return Curve::kP384;
    if (crv == "P-521") return Curve::kP521;
    return Curve::kNone;
  }
  return crv == "Ed25519" ? Curve::kEd25519 : Curve::kNone;
}

// The key type and curve, from kty and crv. *skip: why the key is skipped
// (an unknown kty or curve); empty when it is not.
absl::Status ReadKeyKind(const JwkReader& r, JwkFields* f, std::string* skip) {
  if (f->kty == "RSA") {
    f->type = KeyType::kRsa;
  } else if (f->kty == "oct") {
    f->type = KeyType::kOct;
  } else if (f->kty == "EC" || f->kty == "OKP") {
    f->type = f->kty == "EC" ? KeyType::kEc : KeyType::kOkp;
    if (absl::Status s = r.RequiredString("crv", &f->crv); !s.ok()) return s;
    f->curve = CurveNamed(f->type, f->crv);
    if (f->curve == Curve::kNone) {
      *skip = r.Skip(
          absl::StrCat("unsupported ", Av(f->kty), " curve ", Shown(f->crv)));
    }
  } else {
    *skip = r.Skip(absl::StrCat("unknown kty ", Shown(f->kty)));
  }
  return absl::OkStatus();
}

// Records an oct key of a published document as ignored: readable by
// anyone, who could then sign tokens, it is never loaded, whatever its other
// members say. Returns the skip message.
std::string IgnoreSymmetric(const JwkReader& r, const JwkFields& f,
                            KeySetData* out) {
  std::optional<std::string_view> k;
  int bits = 0;
  if (r.OptionalString("k", &k).ok() && k.has_value() && k->size() % 4 != 1) {
    bits = static_cast<int>(Base64UrlDecodedSize(k->size()) * 8);
  }
  out->AddIgnoredSymmetric(
      KeyInfo{std::string(f.kid.value_or("")), "oct", AlgorithmSet(), bits});
  return r.Skip(
      "oct (symmetric) key in a published JWKS ignored: anyone who "
      "can read it could sign tokens");
}

// use, key_ops and alg: *skip says why a key not meant for signature
// verification by jwtv is skipped; an alg that does not match the key
// fails.
absl::Status ReadPurpose(const JwkReader& r, JwkFields* f, std::string* skip) {
  if (f->use.has_value() && *f->use != "sig") {
    *skip = r.Skip(absl::StrCat("use ", Shown(*f->use), " is not \"sig\""));
    return absl::OkStatus();
  }
  if (f->ops_verify.has_value() && !*f->ops_verify) {
    *skip = r.Skip("key_ops does not include \"verify\"");
    return absl::OkStatus();
  }
  if (!f->alg_name.has_value()) return absl::OkStatus();
  f->alg = ParseAlgorithm(*f->alg_name);
  if (!f->alg.has_value()) {
    *skip = r.Skip(absl::StrCat("alg ", Shown(*f->alg_name),
                                " is not a JWS algorithm jwtv verifies"));
    return absl::OkStatus();
  }
  if (!NaturalAlgorithms(f->type, f->curve).Contains(*f->alg)) {
    return r.Error(absl::StrCat(
        "alg \"", Av(AlgorithmName(*f->alg)), "\" does not match the key (",
        Av(f->kty),
        f->curve == Curve::kNone ? "" : absl::StrCat(" ", Av(f->crv)), ")"));
  }
  return absl::OkStatus();
}

using KeyOr = absl::StatusOr<std::unique_ptr<PreparedKey>>;

absl::Status BuildEcKey(const JwkReader& r, Curve curve, KeyOr* key) {
  std::vector<uint8_t> x, y;
  if (absl::Status s = r.Decoded("x", &x); !s.ok()) return s;
  if (absl::Status s = r.Decoded("y", &y); !s.ok()) return s;
  const size_t want = EcCoordinateBytes(curve);
  if (x.size() != want || y.size() != want) {
    return r.Error(absl::StrCat("\"x\" and \"y\" must be ", want,
                                " bytes each for this curve"));
  }
  *key = MakeEcKey(curve, x, y);
  return absl::OkStatus();
}

// Reads the key members of a JWK of type f.type and builds its key into
// *key (which holds the crypto module's error if it refuses them).
// *secret_bytes: the secret's size (oct).
absl::Status BuildKey(const JwkReader& r, const JwkFields& f, KeyOr* key,
                      size_t* secret_bytes) {
  switch (f.type) {
    case KeyType::kRsa: {
      std::vector<uint8_t> n, e;
      if (absl::Status s = r.Decoded("n", &n); !s.ok()) return s;
      if (absl::Status s = r.Decoded("e", &e); !s.ok()) return s;
      *key = MakeRsaKey(n, e);
      return absl::OkStatus();
    }
    case KeyType::kEc:
      return BuildEcKey(r, f.curve, key);
    case KeyType::kOkp: {
      std::vector<uint8_t> x;
      if (absl::Status s = r.Decoded("x", &x); !s.ok()) return s;
      if (x.size() != 32) return r.Error("Ed25519 \"x\" must be 32 bytes");
      *key = MakeEd25519Key(x);
      return absl::OkStatus();
    }
    case KeyType::kOct: {
      std::vector<uint8_t> k;
      absl::Status s = r.Decoded("k", &k);
      if (s.ok()) {
        *secret_bytes = k.size();
        *key = MakeHmacKey(k);
      }
      Cleanse(&k);
      return s;
    }
  }
  return r.Error("invalid key");
}

// Builds the key and adds it to *out with the algorithms it verifies, or
// records why it was skipped (an HMAC secret too short), or fails.
absl::Status AddKey(const JwkReader& r, const JwkFields& f,
                    const KeySetOptions& options, KeySetData* out) {
  KeyOr key = absl::InternalError("no key");
  size_t secret_bytes = 0;  // oct only
  if (absl::Status s = BuildKey(r, f, &key, &secret_bytes); !s.ok()) return s;
  if (!key.ok()) return KeyError(r, key.status());
  KeyEntry entry;
  if (f.kid.has_value()) entry.kid = std::string(*f.kid);
  entry.algorithms = (*key)->natural_algorithms();
  if (f.alg.has_value()) {
    // Defence in depth: the crypto module must agree with the kind check.
    if (!entry.algorithms.Contains(*f.alg)) {
      return r.Error(absl::StrCat("alg \"", Av(AlgorithmName(*f.alg)),
                                  "\" does not match the key"));
    }
    entry.algorithms = AlgorithmSet{*f.alg};
  }
  if (f.type == KeyType::kOct && !options.allow_short_hmac_secrets) {
    const AlgorithmSet wanted = entry.algorithms;
    entry.algorithms =
        wanted.Intersect(HmacAlgorithmsForSecretSize(secret_bytes));
    if (entry.algorithms.empty()) {
      out->AddSkipped(r.Skip(ShortHmacSecretMessage(secret_bytes, wanted)));
      return absl::OkStatus();
    }
  }
  if (entry.algorithms.empty()) return r.Error("key can verify no algorithm");
  entry.key = std::move(*key);
  out->Add(std::move(entry));
  return absl::OkStatus();
}

// Reads one JWK. Adds the key to *out, or records why it was skipped, or
// fails.
absl::Status AddJwk(dom::element value, const std::string& label,
                    const KeySetOptions& options, KeySetData* out) {
  dom::object obj;
  if (value.get_object().get(obj) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(
        absl::StrCat("JWKS ", label, ": not a JSON object"));  // Set only.
  }
  JwkReader r(obj, label);
  JwkFields f;
  std::string skip;
  absl::Status s = ReadCommonMembers(r, label, &f);
  if (s.ok()) s = ReadKeyKind(r, &f, &skip);
  if (s.ok() && skip.empty()) {
    if (f.type == KeyType::kOct && options.ignore_symmetric_keys) {
      skip = IgnoreSymmetric(r, f, out);
    } else {
      s = ReadPurpose(r, &f, &skip);
    }
  }
  if (!s.ok()) return s;
  if (!skip.empty()) {
    out->AddSkipped(std::move(skip));
    return absl::OkStatus();
  }
  return AddKey(r, f, options, out);
}

}  // namespace

absl::Status AddJwks(std::string_view json, const KeySetOptions& options,
                     KeySetData* out) {
  if (json.size() > kMaxJwksBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("JWKS: larger than ", kMaxJwksBytes, " bytes"));
  }
  // Name the most common wrong shape (an array, a string) plainly.
  const size_t first = json.find_first_not_of(" \t\n\r");
  if (first != std::string_view::npos && json[first] != '{') {
    return absl::InvalidArgumentError("JWKS: not a JSON object");
  }
  if (!IsStrictJsonObject(json)) {
    return absl::InvalidArgumentError(
        "JWKS: invalid JSON or duplicate member names");
  }
  dom::parser parser;
  dom::element root;
  dom::object top;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS ||
      root.get_object().get(top) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError("JWKS: not a JSON object");
  }

  // Work on a scratch set so that a failing document adds nothing to *out.
  KeySetData scratch;
  dom::element keys;
  const bool has_keys = top.at_key("keys").get(keys) == simdjson::SUCCESS;
  dom::element unused;
  const bool has_kty = top.at_key("kty").get(unused) == simdjson::SUCCESS;
  if (has_keys && has_kty) {
    return absl::InvalidArgumentError(
        "JWKS: has both \"keys\" and \"kty\" (neither a key set nor one key)");
  }
  if (has_keys) {
    dom::array array;
    if (keys.get_array().get(array) != simdjson::SUCCESS) {
      return absl::InvalidArgumentError("JWKS: \"keys\" is not an array");
    }
    size_t i = 0;
    for (dom::element value : array) {
      if (i >= kMaxJwksKeys) {
        return absl::InvalidArgumentError(
            absl::StrCat("JWKS: more than ", kMaxJwksKeys, " keys"));
      }
      if (absl::Status s =
              AddJwk(value, absl::StrCat("keys[", i, "]"), options, &scratch);
          !s.ok()) {
        return s;
      }
      ++i;
    }
  } else if (has_kty) {
    if (absl::Status s = AddJwk(root, "JWK", options, &scratch); !s.ok()) {
      return s;
    }
  } else {
    return absl::InvalidArgumentError(
        "JWKS: neither a key set (\"keys\") nor a JWK (\"kty\")");
  }

  for (KeyEntry& e : scratch.TakeEntries()) out->Add(std::move(e));
  for (const std::string& s : scratch.skipped()) out->AddSkipped(s);
  for (const KeyInfo& k : scratch.ignored_symmetric()) {
    out->AddIgnoredSymmetric(k);
  }
  return absl::OkStatus();
}

}  // namespace jwtv::internal
