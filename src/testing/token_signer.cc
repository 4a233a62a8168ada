// Copyright 2026 The jwtv Authors.
//
// TokenSigner (include/jwtv/testing/token_signer.h): keys from PEM, JWK or
// a secret, and signing through the EVP API both crypto backends share.

#include "jwtv/testing/token_signer.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "simdjson.h"
#include "testing/signer_backend.h"
#include "testing/signer_util.h"

namespace jwtv::testing {

using ::jwtv::testing_internal::Av;
using ::jwtv::testing_internal::JsonQuote;
using ::jwtv::testing_internal::Pkey;

struct TokenSigner::Key {
  Algorithm alg = Algorithm::kHS256;
  std::string kid;
  std::string secret;  // HS* only
  Pkey pkey;           // every other algorithm
};

namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct EcdsaSigDeleter {
  void operator()(ECDSA_SIG* sig) const { ECDSA_SIG_free(sig); }
};

absl::Status CryptoError(std::string_view what) {
  ERR_clear_error();
  return absl::InternalError(absl::StrCat("jwtv::testing: ", Av(what)));
}

absl::Status BadKey(Algorithm alg, std::string_view why) {
  ERR_clear_error();
  return absl::InvalidArgumentError(absl::StrCat(
      "jwtv::testing: ", Av(AlgorithmName(alg)), " key: ", Av(why)));
}

// OK iff `pkey` can sign with `alg` (an RSA key for RS*/PS*, a key on the
// alg's curve for ES*, Ed25519 for EdDSA).
absl::Status CheckKeyFits(Algorithm alg, const EVP_PKEY* pkey) {
  if (testing_internal::IsRsa(alg)) {
    if (EVP_PKEY_id(pkey) != EVP_PKEY_RSA) return BadKey(alg, "not RSA");
  } else if (testing_internal::IsEcdsa(alg)) {
    if (testing_internal::EcCurveNid(pkey) !=
        testing_internal::CurveNidOf(alg)) {
      return BadKey(alg, absl::StrCat("not an EC key on ",
                                      Av(testing_internal::CrvOf(alg))));
    }
  } else if (alg == Algorithm::kEdDSA) {
    if (EVP_PKEY_id(pkey) != EVP_PKEY_ED25519) {
      return BadKey(alg, "not Ed25519");
    }
  } else {
    return BadKey(alg, "HS algorithms take a secret (FromSecret or oct JWK)");
  }
  return absl::OkStatus();
}

// The JWK member `name` as a string; empty if absent, false if present
// with another type.
bool StringMember(simdjson::dom::object jwk, std::string_view name,
                  std::string* out) {
  simdjson::dom::element value;
  out->clear();
  if (jwk.at_key(name).get(value) != simdjson::SUCCESS) return true;
  std::string_view s;
  if (value.get_string().get(s) != simdjson::SUCCESS) return false;
  *out = std::string(s);
  return true;
}

// The base64url member `name` decoded; an error naming it if absent or not
// base64url.
absl::Status BytesMember(Algorithm alg, simdjson::dom::object jwk,
                         std::string_view name, std::string* out) {
  std::string text;
  if (!StringMember(jwk, name, &text) || text.empty()) {
    return BadKey(alg, absl::StrCat("JWK member \"", Av(name),
                                    "\" missing or not a string"));
  }
  if (!testing_internal::Base64UrlDecode(text, out) || out->empty()) {
    return BadKey(
        alg, absl::StrCat("JWK member \"", Av(name), "\" is not base64url"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Pkey> RsaFromJwk(Algorithm alg, simdjson::dom::object jwk) {
  testing_internal::RsaParts parts;
  const std::pair<const char*, std::string*> members[] = {
      {"n", &parts.n}, {"e", &parts.e},   {"d", &parts.d},   {"p", &parts.p},
      {"q", &parts.q}, {"dp", &parts.dp}, {"dq", &parts.dq}, {"qi", &parts.qi}};
  for (const auto& [name, out] : members) {
    if (absl::Status s = BytesMember(alg, jwk, name, out); !s.ok()) return s;
  }
  Pkey pkey = testing_internal::RsaKeyFromParts(parts);
  if (pkey == nullptr) return BadKey(alg, "inconsistent RSA private key");
  return pkey;
}

absl::StatusOr<Pkey> EcFromJwk(Algorithm alg, simdjson::dom::object jwk) {
  std::string crv;
  if (!StringMember(jwk, "crv", &crv) || crv != testing_internal::CrvOf(alg)) {
    return BadKey(
        alg, absl::StrCat("JWK crv is not ", Av(testing_internal::CrvOf(alg))));
  }
  testing_internal::EcParts parts;
  for (const auto& [name, out] :
       {std::pair{"x", &parts.x}, std::pair{"y", &parts.y},
        std::pair{"d", &parts.d}}) {
    if (absl::Status s = BytesMember(alg, jwk, name, out); !s.ok()) return s;
    // RFC 7518 6.2 asks for the field's size; shorter values (some
    // libraries drop leading zero bytes of P-521 members) are padded.
    const size_t field = testing_internal::FieldBytesOf(alg);
    if (out->size() > field) {
      return BadKey(alg, absl::StrCat("JWK member \"", Av(name),
                                      "\" is longer than the curve's size"));
    }
    out->insert(0, field - out->size(), '\0');
  }
  Pkey pkey = testing_internal::EcKeyFromParts(
      testing_internal::CurveNidOf(alg), parts);
  if (pkey == nullptr) return BadKey(alg, "inconsistent EC private key");
  return pkey;
}

absl::StatusOr<Pkey> Ed25519FromJwk(Algorithm alg, simdjson::dom::object jwk) {
  std::string crv, x, d;
  if (!StringMember(jwk, "crv", &crv) || crv != "Ed25519") {
    return BadKey(alg, "JWK crv is not Ed25519");
  }
  if (absl::Status s = BytesMember(alg, jwk, "x", &x); !s.ok()) return s;
  if (absl::Status s = BytesMember(alg, jwk, "d", &d); !s.ok()) return s;
  if (d.size() != 32 || x.size() != 32) {
    return BadKey(alg, "JWK x and d must be 32 bytes");
  }
  Pkey pkey(EVP_PKEY_new_raw_private_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const uint8_t*>(d.data()),
      d.size()));
  uint8_t pub[32];
  size_t len = sizeof(pub);
  if (pkey == nullptr ||
      EVP_PKEY_get_raw_public_key(pkey.get(), pub, &len) != 1 || len != 32) {
    return BadKey(alg, "Ed25519 key refused");
  }
  if (std::string_view(reinterpret_cast<const char*>(pub), len) != x) {
    return BadKey(alg, "JWK x is not the public key of d");
  }
  return pkey;
}

// ECDSA's DER signature as the JWS r||s of two field-size integers.
absl::StatusOr<std::string> DerToJws(std::string_view der, size_t field) {
  const auto* p = reinterpret_cast<const uint8_t*>(der.data());
  const std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter> sig(
      d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (sig == nullptr) return CryptoError("ECDSA signature");
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string out(2 * field, '\0');
  auto* o = reinterpret_cast<uint8_t*>(out.data());
  if (BN_bn2binpad(r, o, static_cast<int>(field)) != static_cast<int>(field) ||
      BN_bn2binpad(s, o + field, static_cast<int>(field)) !=
          static_cast<int>(field)) {
    return CryptoError("ECDSA signature");
  }
  return out;
}

absl::StatusOr<std::string> HmacSign(Algorithm alg, std::string_view secret,
                                     std::string_view input) {
  // A null key pointer means "keep the previous key" to HMAC_Init_ex.
  static constexpr uint8_t kNoKey = 0;
  const void* key = secret.empty() ? static_cast<const void*>(&kNoKey)
                                   : static_cast<const void*>(secret.data());
  uint8_t out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(testing_internal::DigestOf(alg), key, secret.size(),
           reinterpret_cast<const uint8_t*>(input.data()), input.size(), out,
           &len) == nullptr) {
    return CryptoError("HMAC");
  }
  return std::string(reinterpret_cast<const char*>(out), len);
}

absl::StatusOr<std::string> PkeySign(Algorithm alg, EVP_PKEY* pkey,
                                     std::string_view input) {
  const std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (ctx == nullptr ||
      EVP_DigestSignInit(ctx.get(), &pctx, testing_internal::DigestOf(alg),
                         nullptr, pkey) != 1) {
    return CryptoError("signing context");
  }
  if (alg == Algorithm::kPS256 || alg == Algorithm::kPS384 ||
      alg == Algorithm::kPS512) {
    // RFC 7518 3.5: MGF1 with the same hash, a salt as long as the hash.
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, -1) != 1) {
      return CryptoError("RSA-PSS parameters");
    }
  }
  const auto* data = reinterpret_cast<const uint8_t*>(input.data());
  size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, data, input.size()) != 1) {
    return CryptoError("signature length");
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<uint8_t*>(sig.data()), &len,
                     data, input.size()) != 1) {
    return CryptoError("signing");
  }
  sig.resize(len);
  if (testing_internal::IsEcdsa(alg))
    return DerToJws(sig, testing_internal::FieldBytesOf(alg));
  return sig;
}

}  // namespace

TokenSigner::TokenSigner(std::unique_ptr<Key> key) : key_(std::move(key)) {}
TokenSigner::TokenSigner(TokenSigner&& other) noexcept = default;
TokenSigner& TokenSigner::operator=(TokenSigner&& other) noexcept = default;
TokenSigner::~TokenSigner() = default;

Algorithm TokenSigner::algorithm() const { return key_->alg; }
const std::string& TokenSigner::kid() const { return key_->kid; }

absl::StatusOr<TokenSigner> TokenSigner::FromSecret(Algorithm alg,
                                                    std::string_view secret,
                                                    std::string_view kid) {
  if (!testing_internal::IsHmac(alg)) {
    return BadKey(alg, "a secret signs only HS256, HS384 and HS512");
  }
  auto key = std::make_unique<Key>();
  key->alg = alg;
  key->kid = std::string(kid);
  key->secret = std::string(secret);
  return TokenSigner(std::move(key));
}

absl::StatusOr<TokenSigner> TokenSigner::FromPem(Algorithm alg,
                                                 std::string_view pem,
                                                 std::string_view kid) {
  const std::unique_ptr<BIO, BioDeleter> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (bio == nullptr) return CryptoError("BIO");
  Pkey pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (pkey == nullptr) return BadKey(alg, "not a PEM private key");
  if (absl::Status s = CheckKeyFits(alg, pkey.get()); !s.ok()) return s;
  auto key = std::make_unique<Key>();
  key->alg = alg;
  key->kid = std::string(kid);
  key->pkey = std::move(pkey);
  return TokenSigner(std::move(key));
}

absl::StatusOr<TokenSigner> TokenSigner::FromJwk(Algorithm alg,
                                                 std::string_view jwk_json) {
  simdjson::dom::parser parser;
  simdjson::dom::object jwk;
  if (parser.parse(jwk_json.data(), jwk_json.size()).get(jwk) !=
      simdjson::SUCCESS) {
    return BadKey(alg, "JWK is not a JSON object");
  }
  std::string kty, jwk_alg, kid;
  if (!StringMember(jwk, "kty", &kty) || !StringMember(jwk, "alg", &jwk_alg) ||
      !StringMember(jwk, "kid", &kid)) {
    return BadKey(alg, "JWK kty, alg or kid is not a string");
  }
  if (!jwk_alg.empty() && jwk_alg != AlgorithmName(alg)) {
    return BadKey(alg, "the JWK's alg is another algorithm");
  }
  if (testing_internal::IsHmac(alg)) {
    std::string secret;
    if (kty != "oct") return BadKey(alg, "JWK kty is not oct");
    if (absl::Status s = BytesMember(alg, jwk, "k", &secret); !s.ok()) {
      return s;
    }
    return FromSecret(alg, secret, kid);
  }
  absl::StatusOr<Pkey> pkey;
  if (testing_internal::IsRsa(alg)) {
    if (kty != "RSA") return BadKey(alg, "JWK kty is not RSA");
    pkey = RsaFromJwk(alg, jwk);
  } else if (testing_internal::IsEcdsa(alg)) {
    if (kty != "EC") return BadKey(alg, "JWK kty is not EC");
    pkey = EcFromJwk(alg, jwk);
  } else {
    if (kty != "OKP") return BadKey(alg, "JWK kty is not OKP");
    pkey = Ed25519FromJwk(alg, jwk);
  }
  if (!pkey.ok()) return pkey.status();
  auto key = std::make_unique<Key>();
  key->alg = alg;
  key->kid = std::move(kid);
  key->pkey = *std::move(pkey);
  return TokenSigner(std::move(key));
}

absl::StatusOr<std::string> TokenSigner::Signature(
    std::string_view signing_input) const {
  if (testing_internal::IsHmac(key_->alg)) {
    return HmacSign(key_->alg, key_->secret, signing_input);
  }
  return PkeySign(key_->alg, key_->pkey.get(), signing_input);
}

absl::StatusOr<std::string> TokenSigner::SignSigningInput(
    std::string_view signing_input) const {
  absl::StatusOr<std::string> sig = Signature(signing_input);
  if (!sig.ok()) return sig.status();
  return absl::StrCat(Av(signing_input), ".", Base64UrlEncode(*sig));
}

absl::StatusOr<std::string> TokenSigner::SignWithHeader(
    std::string_view header_json, std::string_view claims_json) const {
  return SignSigningInput(absl::StrCat(Base64UrlEncode(header_json), ".",
                                       Base64UrlEncode(claims_json)));
}

absl::StatusOr<std::string> TokenSigner::Sign(
    std::string_view claims_json) const {
  std::string header = absl::StrCat(R"({"alg":")", Av(AlgorithmName(key_->alg)),
                                    R"(","typ":"JWT")");
  if (!key_->kid.empty())
    absl::StrAppend(&header, ",\"kid\":", JsonQuote(key_->kid));
  header.push_back('}');
  return SignWithHeader(header, claims_json);
}

std::string ClaimsJson(const Claims& claims) {
  std::string out = "{";
  const auto member = [&out](std::string_view name, std::string_view json) {
    if (out.size() > 1) out.push_back(',');
    absl::StrAppend(&out, JsonQuote(name), ":", Av(json));
  };
  if (!claims.iss.empty()) member("iss", JsonQuote(claims.iss));
  if (!claims.sub.empty()) member("sub", JsonQuote(claims.sub));
  if (claims.aud.size() == 1) {
    member("aud", JsonQuote(claims.aud[0]));
  } else if (!claims.aud.empty()) {
    std::string list = "[";
    for (const std::string& a : claims.aud) {
      if (list.size() > 1) list.push_back(',');
      list += JsonQuote(a);
    }
    list.push_back(']');
    member("aud", list);
  }
  if (claims.exp) member("exp", absl::StrCat(*claims.exp));
  if (claims.nbf) member("nbf", absl::StrCat(*claims.nbf));
  if (claims.iat) member("iat", absl::StrCat(*claims.iat));
  if (!claims.jti.empty()) member("jti", JsonQuote(claims.jti));
  for (const auto& [name, json] : claims.extra) member(name, json);
  out.push_back('}');
  return out;
}

}  // namespace jwtv::testing
