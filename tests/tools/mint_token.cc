// Copyright 2026 The jwtv Authors.
//
// jwtv_testing_mint: signs one token with jwtv::testing, for
// tests/token_signer_test.py, which checks it with PyJWT.
//
//   jwtv_testing_mint generate ALG CLAIMS_JSON   a fresh key pair
//   jwtv_testing_mint pem ALG KEY_FILE CLAIMS_JSON
//   jwtv_testing_mint jwk ALG KEY_FILE CLAIMS_JSON
//
// Prints one JSON object: {"token":...} and, for `generate`, the key pair's
// "public_jwk", "public_pem" and "secret" (base64url, HS* only). Exit 1
// with the error on stderr when signing fails, 2 for bad usage.

#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "jwtv/algorithm.h"
#include "jwtv/testing/token_signer.h"

namespace {

using jwtv::testing::KeyPair;
using jwtv::testing::TokenSigner;

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "%s\n", status.ToString().c_str());
  return 1;
}

int Usage() {
  std::fprintf(stderr,
               "usage: jwtv_testing_mint generate ALG CLAIMS\n"
               "       jwtv_testing_mint pem|jwk ALG KEY_FILE CLAIMS\n");
  return 2;
}

// The secret of an oct JWK's "k" member, as written by GenerateKeyPair.
std::string KOf(std::string_view jwk) {
  const size_t at = jwk.find("\"k\":\"");
  if (at == std::string_view::npos) return {};
  const size_t start = at + 5;
  return std::string(jwk.substr(start, jwk.find('"', start) - start));
}

int Generate(jwtv::Algorithm alg, std::string_view claims) {
  absl::StatusOr<KeyPair> pair = jwtv::testing::GenerateKeyPair(alg, "k1");
  if (!pair.ok()) return Fail(pair.status());
  absl::StatusOr<TokenSigner> signer = jwtv::testing::SignerFor(*pair);
  if (!signer.ok()) return Fail(signer.status());
  absl::StatusOr<std::string> token = signer->Sign(claims);
  if (!token.ok()) return Fail(token.status());
  std::printf(
      "{\"token\":%s,\"public_jwk\":%s,\"public_pem\":%s,\"secret\":%s}\n",
      Quote(*token).c_str(), pair->public_jwk.c_str(),
      Quote(pair->public_pem).c_str(), Quote(KOf(pair->private_jwk)).c_str());
  return 0;
}

int FromFile(std::string_view kind, jwtv::Algorithm alg, const char* path,
             std::string_view claims) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path);
    return 2;
  }
  std::ostringstream key;
  key << in.rdbuf();
  absl::StatusOr<TokenSigner> signer =
      kind == "pem" ? TokenSigner::FromPem(alg, key.str(), "k1")
                    : TokenSigner::FromJwk(alg, key.str());
  if (!signer.ok()) return Fail(signer.status());
  absl::StatusOr<std::string> token = signer->Sign(claims);
  if (!token.ok()) return Fail(token.status());
  std::printf("{\"token\":%s}\n", Quote(*token).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) return Usage();
  const std::string_view command = argv[1];
  const std::optional<jwtv::Algorithm> alg = jwtv::ParseAlgorithm(argv[2]);
  if (!alg) return Usage();
  if (command == "generate" && argc == 4) return Generate(*alg, argv[3]);
  if ((command == "pem" || command == "jwk") && argc == 5) {
    return FromFile(command, *alg, argv[3], argv[4]);
  }
  return Usage();
}
