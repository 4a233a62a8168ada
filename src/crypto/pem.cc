// Copyright 2026 The jwtv Authors.
//
// PEM public keys. The DER is parsed by the backend, then the key material
// is handed to the Make*Key functions so a PEM key passes the very same
// checks as a JWK.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "crypto/backend.h"
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

constexpr size_t kMaxPemBytes = size_t{64} * 1024;

// The value of a standard base64 digit, or -1.
int Base64Digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Standard padded base64 (RFC 4648 4): groups of four digits, '=' only in
// the last one, at most two. False for anything else.
bool DecodeBase64(std::string_view in, std::vector<uint8_t>* out) {
  if (in.size() % 4 != 0) return false;
  out->clear();
  out->reserve(in.size() / 4 * 3);
  for (size_t i = 0; i < in.size(); i += 4) {
    const bool last = i + 4 == in.size();
    size_t pad = 0;
    if (last && in[i + 3] == '=') pad = in[i + 2] == '=' ? 2 : 1;
    uint32_t v = 0;
    for (size_t j = 0; j < 4; ++j) {
      const int d = j < 4 - pad ? Base64Digit(in[i + j]) : 0;
      if (d < 0) return false;
      v = v << 6 | static_cast<uint32_t>(d);
    }
    out->push_back(static_cast<uint8_t>(v >> 16));
    if (pad < 2) out->push_back(static_cast<uint8_t>(v >> 8));
    if (pad < 1) out->push_back(static_cast<uint8_t>(v));
  }
  return true;
}

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
  if (body.empty() || !DecodeBase64(body, &block.der)) {
    return absl::InvalidArgumentError("PEM body is not valid base64");
  }
  return block;
}

absl::StatusOr<std::unique_ptr<PreparedKey>> FromMaterial(
    const absl::StatusOr<PublicKeyMaterial>& m) {
  if (!m.ok()) return m.status();
  switch (m->type) {
    case KeyType::kRsa:
      return MakeRsaKey(m->a, m->b);
    case KeyType::kEc:
      return MakeEcKey(m->curve, m->a, m->b);
    case KeyType::kOkp:
      return MakeEd25519Key(m->a);
    default:
      return absl::InvalidArgumentError("unsupported public key type");
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<PreparedKey>> MakeKeyFromPem(
    std::string_view pem) {
  absl::StatusOr<PemBlock> block = ParsePem(pem);
  if (!block.ok()) return block.status();
  if (block->label == "PUBLIC KEY") {
    return FromMaterial(ParseSubjectPublicKeyInfo(block->der));
  }
  if (block->label == "RSA PUBLIC KEY") {
    return FromMaterial(ParseRsaPublicKey(block->der));
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
