// Copyright 2026 The jwtv Authors.
//
// GenerateKeyPair and SignerFor (include/jwtv/testing/token_signer.h): keys
// generated through EVP_PKEY_keygen, written as JWK, JWKS and PEM.

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "jwtv/testing/token_signer.h"
#include "testing/signer_backend.h"
#include "testing/signer_util.h"

namespace jwtv::testing {
namespace {

using ::jwtv::testing_internal::Av;
using ::jwtv::testing_internal::JsonQuote;
using ::jwtv::testing_internal::Pkey;

struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};

absl::Status CryptoError(std::string_view what) {
  ERR_clear_error();
  return absl::InternalError(absl::StrCat("jwtv::testing: ", Av(what)));
}

absl::StatusOr<Pkey> Generate(Algorithm alg, int rsa_bits) {
  const int type = testing_internal::IsRsa(alg)     ? EVP_PKEY_RSA
                   : testing_internal::IsEcdsa(alg) ? EVP_PKEY_EC
                                                    : EVP_PKEY_ED25519;
  const std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(
      EVP_PKEY_CTX_new_id(type, nullptr));
  if (ctx == nullptr || EVP_PKEY_keygen_init(ctx.get()) != 1) {
    return CryptoError("key generation context");
  }
  if ((type == EVP_PKEY_RSA &&
       EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), rsa_bits) != 1) ||
      (type == EVP_PKEY_EC &&
       EVP_PKEY_CTX_set_ec_paramgen_curve_nid(
           ctx.get(), testing_internal::CurveNidOf(alg)) != 1)) {
    return CryptoError("key generation parameters");
  }
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
    return CryptoError("key generation");
  }
  return Pkey(raw);
}

// The members "kty":..., and the key's own, of the public and the private
// JWK (without braces).
struct JwkMembers {
  std::string public_members;
  std::string private_members;
};

std::string Member(std::string_view name, std::string_view bytes) {
  return absl::StrCat(",", JsonQuote(name), ":",
                      JsonQuote(Base64UrlEncode(bytes)));
}

absl::StatusOr<JwkMembers> MembersOf(Algorithm alg, const EVP_PKEY* pkey) {
  JwkMembers m;
  if (testing_internal::IsRsa(alg)) {
    testing_internal::RsaParts p;
    if (!testing_internal::RsaPartsOf(pkey, &p))
      return CryptoError("RSA components");
    m.public_members =
        absl::StrCat(R"("kty":"RSA")", Member("n", p.n), Member("e", p.e));
    m.private_members = absl::StrCat(
        m.public_members, Member("d", p.d), Member("p", p.p), Member("q", p.q),
        Member("dp", p.dp), Member("dq", p.dq), Member("qi", p.qi));
  } else if (testing_internal::IsEcdsa(alg)) {
    testing_internal::EcParts p;
    if (!testing_internal::EcPartsOf(pkey, testing_internal::FieldBytesOf(alg),
                                     &p)) {
      return CryptoError("EC components");
    }
    m.public_members = absl::StrCat(R"("kty":"EC","crv":)",
                                    JsonQuote(testing_internal::CrvOf(alg)),
                                    Member("x", p.x), Member("y", p.y));
    m.private_members = absl::StrCat(m.public_members, Member("d", p.d));
  } else {
    uint8_t pub[32];
    uint8_t seed[32];
    size_t pub_len = sizeof(pub);
    size_t seed_len = sizeof(seed);
    if (EVP_PKEY_get_raw_public_key(pkey, pub, &pub_len) != 1 ||
        EVP_PKEY_get_raw_private_key(pkey, seed, &seed_len) != 1 ||
        pub_len != 32 || seed_len != 32) {
      return CryptoError("Ed25519 components");
    }
    m.public_members = absl::StrCat(
        R"("kty":"OKP","crv":"Ed25519")",
        Member("x", std::string_view(reinterpret_cast<char*>(pub), 32)));
    m.private_members = absl::StrCat(
        m.public_members,
        Member("d", std::string_view(reinterpret_cast<char*>(seed), 32)));
  }
  return m;
}

// The PEM that `write` puts into a memory BIO.
template <typename Write>
absl::StatusOr<std::string> Pem(Write write) {
  const std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr || write(bio.get()) != 1) return CryptoError("PEM");
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  if (len <= 0 || data == nullptr) return CryptoError("PEM");
  return std::string(data, static_cast<size_t>(len));
}

// The JWK object of `members`, with kid (if any), alg (if asked) and use.
std::string Jwk(Algorithm alg, std::string_view kid, bool write_alg,
                std::string_view members) {
  std::string out = absl::StrCat("{", Av(members));
  if (!kid.empty()) absl::StrAppend(&out, R"(,"kid":)", JsonQuote(kid));
  if (write_alg) {
    absl::StrAppend(&out, R"(,"alg":")", Av(AlgorithmName(alg)), "\"");
  }
  absl::StrAppend(&out, R"(,"use":"sig"})");
  return out;
}

}  // namespace

absl::StatusOr<KeyPair> GenerateKeyPair(Algorithm alg, std::string_view kid,
                                        const KeyPairOptions& options) {
  KeyPair pair;
  pair.algorithm = alg;
  pair.kid = std::string(kid);
  if (testing_internal::IsHmac(alg)) {
    pair.secret.resize(EVP_MD_size(testing_internal::DigestOf(alg)));
    if (RAND_bytes(reinterpret_cast<uint8_t*>(pair.secret.data()),
                   pair.secret.size()) != 1) {
      return CryptoError("random secret");
    }
    pair.private_jwk =
        Jwk(alg, kid, options.write_alg,
            absl::StrCat(R"("kty":"oct")", Member("k", pair.secret)));
    pair.public_jwk = pair.private_jwk;
  } else {
    absl::StatusOr<Pkey> pkey = Generate(alg, options.rsa_bits);
    if (!pkey.ok()) return pkey.status();
    absl::StatusOr<JwkMembers> members = MembersOf(alg, pkey->get());
    if (!members.ok()) return members.status();
    pair.private_jwk =
        Jwk(alg, kid, options.write_alg, members->private_members);
    pair.public_jwk = Jwk(alg, kid, options.write_alg, members->public_members);
    EVP_PKEY* key = pkey->get();
    absl::StatusOr<std::string> private_pem = Pem([key](BIO* bio) {
      return PEM_write_bio_PKCS8PrivateKey(bio, key, nullptr, nullptr, 0,
                                           nullptr, nullptr);
    });
    absl::StatusOr<std::string> public_pem =
        Pem([key](BIO* bio) { return PEM_write_bio_PUBKEY(bio, key); });
    if (!private_pem.ok()) return private_pem.status();
    if (!public_pem.ok()) return public_pem.status();
    pair.private_pem = *std::move(private_pem);
    pair.public_pem = *std::move(public_pem);
  }
  pair.public_jwks = absl::StrCat(R"({"keys":[)", pair.public_jwk, "]}");
  return pair;
}

absl::StatusOr<TokenSigner> SignerFor(const KeyPair& pair) {
  return TokenSigner::FromJwk(pair.algorithm, pair.private_jwk);
}

}  // namespace jwtv::testing
