// Copyright 2026 The jwtv Authors.

#include "testing/signer_util.h"

#include <openssl/obj_mac.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_format.h"
#include "jwtv/testing/token_signer.h"

namespace jwtv::testing_internal {
namespace {

int DecodeChar(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

}  // namespace

bool Base64UrlDecode(std::string_view in, std::string* out) {
  // A single character left over encodes no whole byte.
  if (in.size() % 4 == 1) return false;
  out->clear();
  out->reserve(in.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (const char c : in) {
    const int v = DecodeChar(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  // The bits after the last whole byte must be zero (canonical form).
  return (acc & ((1u << bits) - 1)) == 0;
}

std::string JsonQuote(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", static_cast<unsigned char>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

const EVP_MD* DigestOf(Algorithm alg) {
  switch (alg) {
    case Algorithm::kHS256:
    case Algorithm::kRS256:
    case Algorithm::kPS256:
    case Algorithm::kES256:
      return EVP_sha256();
    case Algorithm::kHS384:
    case Algorithm::kRS384:
    case Algorithm::kPS384:
    case Algorithm::kES384:
      return EVP_sha384();
    case Algorithm::kHS512:
    case Algorithm::kRS512:
    case Algorithm::kPS512:
    case Algorithm::kES512:
      return EVP_sha512();
    case Algorithm::kEdDSA:
      return nullptr;
  }
  return nullptr;
}

int CurveNidOf(Algorithm alg) {
  switch (alg) {
    case Algorithm::kES256:
      return NID_X9_62_prime256v1;
    case Algorithm::kES384:
      return NID_secp384r1;
    case Algorithm::kES512:
      return NID_secp521r1;
    default:
      return NID_undef;
  }
}

std::string_view CrvOf(Algorithm alg) {
  switch (alg) {
    case Algorithm::kES256:
      return "P-256";
    case Algorithm::kES384:
      return "P-384";
    case Algorithm::kES512:
      return "P-521";
    default:
      return {};
  }
}

size_t FieldBytesOf(Algorithm alg) {
  switch (alg) {
    case Algorithm::kES256:
      return 32;
    case Algorithm::kES384:
      return 48;
    case Algorithm::kES512:
      return 66;
    default:
      return 0;
  }
}

bool IsHmac(Algorithm alg) { return AlgorithmSet::Hmac().Contains(alg); }

bool IsRsa(Algorithm alg) { return AlgorithmSet::Rsa().Contains(alg); }

bool IsEcdsa(Algorithm alg) { return FieldBytesOf(alg) != 0; }

}  // namespace jwtv::testing_internal

namespace jwtv::testing {
namespace {

constexpr char kAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

std::string Base64UrlEncode(std::string_view in) {
  std::string out;
  out.reserve((in.size() * 4 + 2) / 3);
  uint32_t acc = 0;
  int bits = 0;
  for (const unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(acc >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 63]);
  return out;
}

}  // namespace jwtv::testing
