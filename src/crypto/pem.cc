// Copyright 2026 The jwtv Authors.
//
// PEM public keys. The DER is parsed by BoringSSL, then the key material is
// handed to the Make*Key functions so a PEM key passes the very same checks
// as a JWK.

#include <openssl/base64.h>
#include <openssl/bn.h>
#include <openssl/bytestring.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/rsa.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "crypto/prepared_key.h"

namespace jwtv::internal {
namespace {

bool IsPemSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view StripSpace(std::string_view s) {
  while (!s.empty() && IsPemSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsPemSpace(s.back())) s.remove_suffix(1);
  return s;
}

constexpr size_t kMaxPemBytes = 64 * 1024;

struct PemBlock {
  std::string_view label;
  std::vector<uint8_t> der;
};

// Exactly one PEM block, optionally surrounded by whitespace. Text outside
// the block is refused so a bundle cannot smuggle a second key past review.
absl::StatusOr<PemBlock> ParsePem(std::string_view pem) {
  if (pem.size() > kMaxPemBytes) {
    return absl::InvalidArgumentError("PEM input is too large");
  }
  pem = StripSpace(pem);
  constexpr std::string_view kBegin = "-----BEGIN ";
  constexpr std::string_view kEnd = "-----END ";
  constexpr std::string_view kDashes = "-----";
  if (!pem.starts_with(kBegin)) {
    return absl::InvalidArgumentError("not a PEM block");
  }
  pem.remove_prefix(kBegin.size());
  const size_t label_end = pem.find(kDashes);
  if (label_end == std::string_view::npos) {
    return absl::InvalidArgumentError("malformed PEM header line");
  }
  PemBlock block;
  block.label = pem.substr(0, label_end);
  if (block.label.find_first_of("\r\n") != std::string_view::npos) {
    return absl::InvalidArgumentError("malformed PEM header line");
  }
  pem.remove_prefix(label_end + kDashes.size());
  std::string footer(kEnd);
  footer.append(block.label).append(kDashes);
  if (!pem.ends_with(footer)) {
    return absl::InvalidArgumentError(
        "PEM footer missing or text after the PEM block");
  }
  pem.remove_suffix(footer.size());
  if (pem.find(kDashes) != std::string_view::npos) {
    return absl::InvalidArgumentError("more than one PEM block");
  }
  std::string body;
  body.reserve(pem.size());
  for (char c : pem) {
    if (IsPemSpace(c)) continue;
    body.push_back(c);
  }
  size_t max_len = 0;
  if (body.empty() || !EVP_DecodedLength(&max_len, body.size())) {
    return absl::InvalidArgumentError("PEM body is not valid base64");
  }
  block.der.resize(max_len);
  size_t der_len = 0;
  if (!EVP_DecodeBase64(block.der.data(), &der_len, max_len,
                        reinterpret_cast<const uint8_t*>(body.data()),
                        body.size())) {
    ERR_clear_error();
    return absl::InvalidArgumentError("PEM body is not valid base64");
  }
  block.der.resize(der_len);
  return block;
}

std::vector<uint8_t> BnBytes(const BIGNUM* bn) {
  std::vector<uint8_t> out(BN_num_bytes(bn));
  BN_bn2bin(bn, out.data());
  return out;
}

absl::StatusOr<std::unique_ptr<PreparedKey>> FromRsa(const RSA* rsa) {
  const BIGNUM* n = RSA_get0_n(rsa);
  const BIGNUM* e = RSA_get0_e(rsa);
  if (n == nullptr || e == nullptr) {
    return absl::InvalidArgumentError("RSA key without n or e");
  }
  std::vector<uint8_t> nb = BnBytes(n), eb = BnBytes(e);
  return MakeRsaKey(nb, eb);
}

absl::StatusOr<std::unique_ptr<PreparedKey>> FromEc(const EC_KEY* ec) {
  const EC_GROUP* group = EC_KEY_get0_group(ec);
  const EC_POINT* point = EC_KEY_get0_public_key(ec);
  if (group == nullptr || point == nullptr) {
    return absl::InvalidArgumentError("EC key without a public point");
  }
  Curve curve;
  size_t field_bytes;
  switch (EC_GROUP_get_curve_name(group)) {
    case NID_X9_62_prime256v1:
      curve = Curve::kP256;
      field_bytes = 32;
      break;
    case NID_secp384r1:
      curve = Curve::kP384;
      field_bytes = 48;
      break;
    case NID_secp521r1:
      curve = Curve::kP521;
      field_bytes = 66;
      break;
    default:
      return absl::InvalidArgumentError("unsupported EC curve");
  }
  bssl::UniquePtr<BIGNUM> x(BN_new()), y(BN_new());
  if (x == nullptr || y == nullptr) {
    ERR_clear_error();
    return absl::ResourceExhaustedError("out of memory");
  }
  if (!EC_POINT_get_affine_coordinates_GFp(group, point, x.get(), y.get(),
                                           nullptr)) {
    ERR_clear_error();
    return absl::InvalidArgumentError("EC point is invalid");
  }
  std::vector<uint8_t> xb(field_bytes), yb(field_bytes);
  if (!BN_bn2bin_padded(xb.data(), xb.size(), x.get()) ||
      !BN_bn2bin_padded(yb.data(), yb.size(), y.get())) {
    ERR_clear_error();
    return absl::InvalidArgumentError("EC point is invalid");
  }
  return MakeEcKey(curve, xb, yb);
}

absl::StatusOr<std::unique_ptr<PreparedKey>> FromSpki(Bytes der) {
  CBS cbs;
  CBS_init(&cbs, der.data(), der.size());
  bssl::UniquePtr<EVP_PKEY> pkey(EVP_parse_public_key(&cbs));
  if (pkey == nullptr || CBS_len(&cbs) != 0) {
    ERR_clear_error();
    return absl::InvalidArgumentError(
        "PUBLIC KEY is not a valid SubjectPublicKeyInfo");
  }
  switch (EVP_PKEY_id(pkey.get())) {
    case EVP_PKEY_RSA:
      return FromRsa(EVP_PKEY_get0_RSA(pkey.get()));
    case EVP_PKEY_EC:
      return FromEc(EVP_PKEY_get0_EC_KEY(pkey.get()));
    case EVP_PKEY_ED25519: {
      uint8_t raw[32];
      size_t len = sizeof(raw);
      if (!EVP_PKEY_get_raw_public_key(pkey.get(), raw, &len)) {
        ERR_clear_error();
        return absl::InvalidArgumentError("Ed25519 key is invalid");
      }
      return MakeEd25519Key(Bytes(raw, len));
    }
    default:
      return absl::InvalidArgumentError("unsupported public key type");
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<PreparedKey>> MakeKeyFromPem(
    std::string_view pem) {
  absl::StatusOr<PemBlock> block = ParsePem(pem);
  if (!block.ok()) return block.status();
  if (block->label == "PUBLIC KEY") return FromSpki(block->der);
  if (block->label == "RSA PUBLIC KEY") {
    CBS cbs;
    CBS_init(&cbs, block->der.data(), block->der.size());
    bssl::UniquePtr<RSA> rsa(RSA_parse_public_key(&cbs));
    if (rsa == nullptr || CBS_len(&cbs) != 0) {
      ERR_clear_error();
      return absl::InvalidArgumentError(
          "RSA PUBLIC KEY is not a valid PKCS#1 RSAPublicKey");
    }
    return FromRsa(rsa.get());
  }
  if (block->label.find("PRIVATE KEY") != std::string_view::npos) {
    // The label is ours to echo; the body never is.
    return absl::InvalidArgumentError(
        "PEM holds a private key; give the public key only");
  }
  if (block->label.find("CERTIFICATE") != std::string_view::npos) {
    return absl::InvalidArgumentError(
        "PEM holds a certificate; give its PUBLIC KEY instead");
  }
  return absl::InvalidArgumentError(
      "unsupported PEM type (want PUBLIC KEY or RSA PUBLIC KEY)");
}

}  // namespace jwtv::internal
