// Copyright 2026 The jwtv Authors.
//
// jwtv_bench: what one validation costs, next to the bare crypto primitive.
//
// Every benchmark works on the same Shopify-style claims (about 390 bytes,
// bench/fixtures/claims.json) signed with each algorithm:
//   Validate/<ALG>       Validator::Validate(token) -> Result (public API);
//   ValidateReuse/<ALG>  Validator::Validate(token, &reused_verified_token);
//   KeyVerify/<ALG>      internal::PreparedKey::Verify over the signing input
//                        (jwtv's crypto module without parsing or policy);
//   RawVerify/<ALG>      the backend's primitive (BoringSSL or OpenSSL 3) with
//                        a key object prepared once: HMAC from a keyed
//                        HMAC_CTX copy + constant-time compare; SHA-2 +
//                        RSA_verify / RSA_verify_pss_mgf1 (OpenSSL: RSA
//                        without padding + RSA_verify_PKCS1_PSS_mgf1);
//                        SHA-2 + r||s -> ECDSA_SIG + ECDSA_do_verify;
//                        ED25519_verify (OpenSSL: EVP_DigestVerify on a
//                        copy of a context initialised once). Hashing is
//                        included everywhere.
//                        For ES256 jwtv does not use this primitive: its own
//                        P-256 (src/crypto/p256.h) is 3-4x faster, so
//                        Validate/ES256 is below this "floor" and
//                        KeyVerify/ES256 is the floor that counts.
//   MultiIssuer/HS256    MultiIssuerValidator::Validate with three HS256
//                        providers, the token's one among them: what
//                        routing by iss adds to Validate/HS256;
//   Shopify/Validate     the Shopify profile validator + ShopifySession view;
//   Parse/Shopify        everything but the signature on the Shopify token:
//                        split, base64url, header, keys, claims, policy.
// Validate/RawVerify is jwtv's overhead over the floor.
//
// Before timing, every token is checked: it validates, its tampered copy is
// rejected with bad_signature, and the raw primitive accepts its signature.
// Any failure aborts, so no shortcut is ever timed.

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base64url/base64url.h"
#include "bench_fixtures.h"
#include "crypto/prepared_key.h"
#include "jwtv/algorithm.h"
#include "jwtv/error.h"
#include "jwtv/key_set.h"
#include "jwtv/multi_issuer.h"
#include "jwtv/shopify.h"
#include "jwtv/validator.h"
#include "jwtv/verified_token.h"
#include "testing/crypto_testing.h"
#include "testing/test_util.h"
#include "validator/stages.h"

namespace {

using jwtv_bench::Die;
using jwtv_bench::kApiKey;
using jwtv_bench::kIssuer;
using jwtv_bench::ReadFixture;
using jwtv_bench::ReadFixtureLine;

// The decoded signature segment of a fixture token (strict base64url).
std::vector<uint8_t> DecodeSignature(std::string_view in) {
  std::vector<uint8_t> out(jwtv::internal::Base64UrlDecodedSize(in.size()));
  if (!jwtv::internal::Base64UrlDecode(in, out.data(), out.size())) {
    Die("bad base64url in fixture");
  }
  return out;
}

std::string PemFromDer(const std::string& der) {
  std::string b64(4 * ((der.size() + 2) / 3) + 1, '\0');
  size_t n =
      EVP_EncodeBlock(reinterpret_cast<uint8_t*>(b64.data()),
                      reinterpret_cast<const uint8_t*>(der.data()), der.size());
  b64.resize(n);
  std::string pem = "-----BEGIN PUBLIC KEY-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) {
    pem += b64.substr(i, 64);
    pem += '\n';
  }
  pem += "-----END PUBLIC KEY-----\n";
  return pem;
}

struct Fixture {
  jwtv::Algorithm alg;
  std::string token;
  std::string_view signing_input;  // token up to the second '.'
  std::vector<uint8_t> signature;  // decoded third segment
  std::string tampered;            // one signature byte changed
  const jwtv::Validator* validator = nullptr;
  std::unique_ptr<jwtv::internal::PreparedKey> key;  // for KeyVerify
  std::function<bool()> raw_verify;                  // for RawVerify
};

// ---- RawVerify: the backend floor ------------------------------------------

const EVP_MD* HashFor(jwtv::Algorithm alg) {
  switch (alg) {
    case jwtv::Algorithm::kHS384:
    case jwtv::Algorithm::kRS384:
    case jwtv::Algorithm::kPS384:
    case jwtv::Algorithm::kES384:
      return EVP_sha384();
    case jwtv::Algorithm::kHS512:
    case jwtv::Algorithm::kRS512:
    case jwtv::Algorithm::kPS512:
    case jwtv::Algorithm::kES512:
      return EVP_sha512();
    default:
      return EVP_sha256();
  }
}

// Shared across iterations of one benchmark thread (benchmarks here are
// single-threaded), like a thread-local scratch object in a real verifier.
struct HmacState {
  bssl::ScopedHMAC_CTX keyed;
  bssl::ScopedHMAC_CTX scratch;
};

std::function<bool()> MakeRawHmac(Fixture* f, const std::string& secret) {
  auto state = std::make_shared<HmacState>();
  if (!HMAC_Init_ex(state->keyed.get(), secret.data(), secret.size(),
                    HashFor(f->alg), nullptr)) {
    Die("HMAC_Init_ex failed");
  }
  return [state, f] {
    uint8_t mac[EVP_MAX_MD_SIZE];
    unsigned mac_len = 0;
    HMAC_CTX* ctx = state->scratch.get();
    if (!HMAC_CTX_copy_ex(ctx, state->keyed.get()) ||
        !HMAC_Update(ctx,
                     reinterpret_cast<const uint8_t*>(f->signing_input.data()),
                     f->signing_input.size()) ||
        !HMAC_Final(ctx, mac, &mac_len)) {
      return false;
    }
    return mac_len == f->signature.size() &&
           CRYPTO_memcmp(mac, f->signature.data(), mac_len) == 0;
  };
}

bssl::UniquePtr<EVP_PKEY> ParseSpki(const std::string& der) {
  bssl::UniquePtr<EVP_PKEY> pkey(ParsePublicKeyDer(
      reinterpret_cast<const uint8_t*>(der.data()), der.size()));
  if (!pkey) Die("bad SubjectPublicKeyInfo fixture");
  return pkey;
}

std::function<bool()> MakeRawPublic(Fixture* f, const std::string& der) {
  bssl::UniquePtr<EVP_PKEY> pkey = ParseSpki(der);
  const EVP_MD* md = HashFor(f->alg);
  switch (f->alg) {
    case jwtv::Algorithm::kRS256:
    case jwtv::Algorithm::kPS256: {
      std::shared_ptr<RSA> rsa(EVP_PKEY_get1_RSA(pkey.get()), RSA_free);
      if (!rsa) Die("fixture is not an RSA key");
      const bool pss = f->alg == jwtv::Algorithm::kPS256;
      return [rsa, f, md, pss] {
        uint8_t digest[EVP_MAX_MD_SIZE];
        unsigned digest_len = 0;
        if (!EVP_Digest(f->signing_input.data(), f->signing_input.size(),
                        digest, &digest_len, md, nullptr)) {
          return false;
        }
        if (pss) {
          return RSA_verify_pss_mgf1(rsa.get(), digest, digest_len, md, md,
                                     /*salt_len=*/-1, f->signature.data(),
                                     f->signature.size()) == 1;
        }
        return RSA_verify(EVP_MD_type(md), digest, digest_len,
                          f->signature.data(), f->signature.size(),
                          rsa.get()) == 1;
      };
    }
    case jwtv::Algorithm::kES256:
    case jwtv::Algorithm::kES384: {
      std::shared_ptr<EC_KEY> ec(EVP_PKEY_get1_EC_KEY(pkey.get()), EC_KEY_free);
      if (!ec) Die("fixture is not an EC key");
      std::shared_ptr<ECDSA_SIG> sig(ECDSA_SIG_new(), ECDSA_SIG_free);
      return [ec, sig, f, md] {
        uint8_t digest[EVP_MAX_MD_SIZE];
        unsigned digest_len = 0;
        if (!EVP_Digest(f->signing_input.data(), f->signing_input.size(),
                        digest, &digest_len, md, nullptr)) {
          return false;
        }
        const size_t half = f->signature.size() / 2;
#if defined(JWTV_CRYPTO_OPENSSL)
        // OpenSSL's ECDSA_SIG is opaque: new r and s each time.
        BIGNUM* r = BN_bin2bn(f->signature.data(), half, nullptr);
        BIGNUM* s = BN_bin2bn(f->signature.data() + half, half, nullptr);
        if (!ECDSA_SIG_set0(sig.get(), r, s)) {
          BN_free(r);
          BN_free(s);
          return false;
        }
#else
        if (!BN_bin2bn(f->signature.data(), half, sig->r) ||
            !BN_bin2bn(f->signature.data() + half, half, sig->s)) {
          return false;
        }
#endif
        return ECDSA_do_verify(digest, digest_len, sig.get(), ec.get()) == 1;
      };
    }
    case jwtv::Algorithm::kEdDSA: {
#if defined(JWTV_CRYPTO_OPENSSL)
      // OpenSSL 3 verifies Ed25519 only through EVP: the key and a
      // verification context initialised once, copied for every call
      // (OpenSSL 3.2 and later refuse to reuse a context EVP_DigestVerify
      // finalised).
      std::shared_ptr<EVP_PKEY> key(pkey.release(), EVP_PKEY_free);
      std::shared_ptr<EVP_MD_CTX> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
      std::shared_ptr<EVP_MD_CTX> work(EVP_MD_CTX_new(), EVP_MD_CTX_free);
      if (!ctx || !work ||
          EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr,
                               key.get()) != 1) {
        Die("fixture is not an Ed25519 key");
      }
      return [key, ctx, work, f] {
        return f->signature.size() == 64 &&
               EVP_MD_CTX_copy_ex(work.get(), ctx.get()) == 1 &&
               EVP_DigestVerify(
                   work.get(), f->signature.data(), 64,
                   reinterpret_cast<const uint8_t*>(f->signing_input.data()),
                   f->signing_input.size()) == 1;
      };
#endif
      auto pub = std::make_shared<std::array<uint8_t, 32>>();
      size_t len = pub->size();
      if (!EVP_PKEY_get_raw_public_key(pkey.get(), pub->data(), &len) ||
          len != 32) {
        Die("fixture is not an Ed25519 key");
      }
      return [pub, f] {
        return f->signature.size() == 64 &&
               ED25519_verify(
                   reinterpret_cast<const uint8_t*>(f->signing_input.data()),
                   f->signing_input.size(), f->signature.data(),
                   pub->data()) == 1;
      };
    }
    default:
      Die("no raw verifier for this algorithm");
  }
}

// ---- Setup and checks -------------------------------------------------------

struct World {
  std::vector<std::unique_ptr<Fixture>> fixtures;
  std::optional<jwtv::Validator> hmac_validator;
  std::optional<jwtv::Validator> public_validator;
  std::optional<jwtv::Validator> shopify_validator;
  std::string shopify_token;
  std::optional<jwtv::MultiIssuerValidator> multi_issuer;
};

jwtv::ValidatorOptions GenericOptions() {
  jwtv::ValidatorOptions options;
  options.issuers = {kIssuer};
  options.audiences = {kApiKey};
  return options;
}

template <typename T>
T OrDie(absl::StatusOr<T> v, const std::string& what) {
  if (!v.ok()) Die(what + ": " + std::string(v.status().ToString()));
  return *std::move(v);
}

void Check(const Fixture& f) {
  const std::string name(jwtv::AlgorithmName(f.alg));
  jwtv::Result r = f.validator->Validate(f.token);
  if (!r.ok()) {
    Die("Validate/" + name +
        " fixture is not valid: " + std::string(r.code_name()));
  }
  if (r->alg() != f.alg) Die("Validate/" + name + ": unexpected alg");
  jwtv::VerifiedToken reused;
  if (f.validator->Validate(f.token, &reused) != jwtv::ErrorCode::kOk) {
    Die("ValidateReuse/" + name + " fixture is not valid");
  }
  jwtv::Result bad = f.validator->Validate(f.tampered);
  if (bad.code() != jwtv::ErrorCode::kBadSignature) {
    Die("tampered " + name + " token gave " + std::string(bad.code_name()) +
        ", want bad_signature");
  }
  const jwtv::internal::Bytes sig(f.signature.data(), f.signature.size());
  if (!f.key->Verify(f.alg, f.signing_input, sig)) {
    Die("KeyVerify/" + name + " rejects its fixture");
  }
  if (!f.raw_verify()) Die("RawVerify/" + name + " rejects its fixture");
}

World* BuildWorld() {
  auto* w = new World;
  const std::string secret = ReadFixture("hmac_secret.txt");
  w->hmac_validator.emplace(
      OrDie(jwtv::KeySet::FromHmacSecrets({secret}), "HMAC key set"),
      GenericOptions());
  w->public_validator.emplace(
      OrDie(jwtv::KeySet::FromJwks(ReadFixture("jwks.json")), "JWKS"),
      GenericOptions());

  const std::pair<jwtv::Algorithm, const char*> algs[] = {
      {jwtv::Algorithm::kHS256, "hs256"}, {jwtv::Algorithm::kHS384, "hs384"},
      {jwtv::Algorithm::kHS512, "hs512"}, {jwtv::Algorithm::kRS256, "rs256"},
      {jwtv::Algorithm::kPS256, "ps256"}, {jwtv::Algorithm::kES256, "es256"},
      {jwtv::Algorithm::kES384, "es384"}, {jwtv::Algorithm::kEdDSA, "eddsa"},
  };
  for (const auto& [alg, file] : algs) {
    auto f = std::make_unique<Fixture>();
    f->alg = alg;
    f->token = ReadFixtureLine(std::string(file) + ".jwt");
    const size_t dot = f->token.rfind('.');
    if (dot == std::string::npos) Die(std::string(file) + ".jwt: no '.'");
    f->signing_input = std::string_view(f->token).substr(0, dot);
    f->signature = DecodeSignature(std::string_view(f->token).substr(dot + 1));
    // Change the first signature character to another base64url character
    // that keeps the encoding canonical: only the signature is wrong.
    f->tampered = f->token;
    char& c = f->tampered[dot + 1];
    c = c == 'A' ? 'B' : 'A';
    const bool hmac = jwtv::AlgorithmSet::Hmac().Contains(alg);
    if (hmac) {
      f->validator = &*w->hmac_validator;
      f->key = OrDie(
          jwtv::internal::MakeHmacKey(jwtv::internal::Bytes(
              reinterpret_cast<const uint8_t*>(secret.data()), secret.size())),
          "MakeHmacKey");
      f->raw_verify = MakeRawHmac(f.get(), secret);
    } else {
      const std::string der = ReadFixture(std::string(file) + ".spki.der");
      f->validator = &*w->public_validator;
      f->key = OrDie(jwtv::internal::MakeKeyFromPem(PemFromDer(der)),
                     "MakeKeyFromPem");
      f->raw_verify = MakeRawPublic(f.get(), der);
    }
    Check(*f);
    w->fixtures.push_back(std::move(f));
  }

  // Three providers; the fixtures' issuer sorts between the other two.
  std::vector<jwtv::IssuerProvider> providers;
  for (const char* issuer :
       {"https://aaa.example", kIssuer, "https://zzz.example"}) {
    jwtv::IssuerProvider p;
    p.issuer = issuer;
    p.options = GenericOptions();
    p.options.issuers.clear();
    p.keys = OrDie(jwtv::KeySet::FromHmacSecrets(
                       {issuer == kIssuer ? secret : secret + issuer}),
                   "provider key set");
    providers.push_back(std::move(p));
  }
  w->multi_issuer.emplace(OrDie(
      jwtv::MultiIssuerValidator::Create(std::move(providers)), "providers"));
  if (!w->multi_issuer->Validate(w->fixtures[0]->token).ok() ||
      w->multi_issuer->Validate(w->fixtures[0]->tampered).code() !=
          jwtv::ErrorCode::kBadSignature) {
    Die("MultiIssuer/HS256 fixture is not answered as by Validate/HS256");
  }

  jwtv::ShopifyOptions shopify;
  shopify.api_key = kApiKey;
  shopify.secrets = {secret};
  w->shopify_validator.emplace(
      OrDie(jwtv::MakeShopifyValidator(std::move(shopify)), "Shopify"));
  w->shopify_token = w->fixtures[0]->token;  // HS256
  jwtv::Result r = w->shopify_validator->Validate(w->shopify_token);
  if (!r.ok()) {
    Die("Shopify fixture is not valid: " + std::string(r.code_name()));
  }
  std::optional<jwtv::ShopifySession> s = jwtv::ShopifySession::From(*r);
  if (!s || s->shop_domain() != "bench-shop.myshopify.com") {
    Die("ShopifySession::From failed on the fixture");
  }
  return w;
}

// ---- Benchmarks -------------------------------------------------------------

void Register(const World& w) {
  for (const auto& fp : w.fixtures) {
    const Fixture* f = fp.get();
    const std::string name(jwtv::AlgorithmName(f->alg));
    benchmark::RegisterBenchmark(
        ("Validate/" + name).c_str(), [f](benchmark::State& state) {
          for (auto _ : state) {
            jwtv::Result r = f->validator->Validate(f->token);
            if (!r.ok()) state.SkipWithError("token rejected");
            benchmark::DoNotOptimize(r);
          }
          state.SetItemsProcessed(state.iterations());
        });
    if (f->alg == jwtv::Algorithm::kHS256) {
      const jwtv::MultiIssuerValidator* multi = &*w.multi_issuer;
      benchmark::RegisterBenchmark(
          "MultiIssuer/HS256", [f, multi](benchmark::State& state) {
            for (auto _ : state) {
              jwtv::Result r = multi->Validate(f->token);
              if (!r.ok()) state.SkipWithError("token rejected");
              benchmark::DoNotOptimize(r);
            }
            state.SetItemsProcessed(state.iterations());
          });
    }
    benchmark::RegisterBenchmark(
        ("ValidateReuse/" + name).c_str(), [f](benchmark::State& state) {
          jwtv::VerifiedToken out;
          for (auto _ : state) {
            jwtv::ErrorCode code = f->validator->Validate(f->token, &out);
            if (code != jwtv::ErrorCode::kOk) {
              state.SkipWithError("token rejected");
            }
            benchmark::DoNotOptimize(out);
          }
          state.SetItemsProcessed(state.iterations());
        });
    benchmark::RegisterBenchmark(
        ("KeyVerify/" + name).c_str(), [f](benchmark::State& state) {
          const jwtv::internal::Bytes sig(f->signature.data(),
                                          f->signature.size());
          for (auto _ : state) {
            bool ok = f->key->Verify(f->alg, f->signing_input, sig);
            if (!ok) state.SkipWithError("signature rejected");
            benchmark::DoNotOptimize(ok);
          }
          state.SetItemsProcessed(state.iterations());
        });
    benchmark::RegisterBenchmark(
        ("RawVerify/" + name).c_str(), [f](benchmark::State& state) {
          for (auto _ : state) {
            bool ok = f->raw_verify();
            if (!ok) state.SkipWithError("signature rejected");
            benchmark::DoNotOptimize(ok);
          }
          state.SetItemsProcessed(state.iterations());
        });
  }

  const World* wp = &w;
  benchmark::RegisterBenchmark(
      "Shopify/Validate", [wp](benchmark::State& state) {
        for (auto _ : state) {
          jwtv::Result r = wp->shopify_validator->Validate(wp->shopify_token);
          std::optional<jwtv::ShopifySession> s;
          if (r.ok()) s = jwtv::ShopifySession::From(*r);
          if (!s) state.SkipWithError("token rejected");
          benchmark::DoNotOptimize(s);
        }
        state.SetItemsProcessed(state.iterations());
      });
  // Everything Validate does except the signature: split, base64url,
  // header, key lookup, payload decode and claims, policy.
  benchmark::RegisterBenchmark("Parse/Shopify", [wp](benchmark::State& state) {
    const jwtv::Validator& v = *wp->shopify_validator;
    const jwtv::ValidatorOptions& options = v.options();
    const jwtv::internal::TimeBracket now = jwtv::internal::Now(options);
    jwtv::VerifiedToken out;
    uint8_t signature[jwtv::internal::kMaxSignatureBytes];
    for (auto _ : state) {
      jwtv::internal::PreparedToken prepared;
      jwtv::ErrorCode code = jwtv::internal::PrepareToken(
          wp->shopify_token, options,
          jwtv::internal::KeySetAccess::Data(v.keys()), signature, &prepared);
      if (code == jwtv::ErrorCode::kOk) {
        code = jwtv::internal::FinishToken(prepared, options, now, &out);
      }
      if (code != jwtv::ErrorCode::kOk) state.SkipWithError("token rejected");
      benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
  });
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  static World* world = BuildWorld();  // checks every fixture or aborts
  Register(*world);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
