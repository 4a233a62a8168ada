// Copyright 2026 The jwtv Authors.

#include "testing/test_util.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/status/statusor.h"
#include "jwtv/testing/token_signer.h"
#include "testing/crypto_testing.h"

namespace jwtv::testing {
namespace {

const EVP_MD* HmacHash(Algorithm alg) {
  switch (alg) {
    case Algorithm::kHS256:
      return EVP_sha256();
    case Algorithm::kHS384:
      return EVP_sha384();
    case Algorithm::kHS512:
      return EVP_sha512();
    default:
      return nullptr;
  }
}

}  // namespace

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::abort();
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string ReadTestData(std::string_view relative) {
  return ReadFile(std::string(JWTV_TESTING_DATA_DIR) + "/" +
                  std::string(relative));
}

std::string HmacTag(Algorithm alg, std::string_view key,
                    std::string_view data) {
  absl::StatusOr<TokenSigner> signer = TokenSigner::FromSecret(alg, key);
  if (!signer.ok()) std::abort();
  absl::StatusOr<std::string> tag = signer->Signature(data);
  if (!tag.ok()) std::abort();
  return *std::move(tag);
}

std::string SignHs256Input(std::string_view signing_input,
                           std::string_view key) {
  return std::string(signing_input) + "." +
         Base64UrlEncode(HmacTag(Algorithm::kHS256, key, signing_input));
}

std::string HmacToken(Algorithm alg, std::string_view header,
                      std::string_view payload, std::string_view key) {
  absl::StatusOr<TokenSigner> signer = TokenSigner::FromSecret(alg, key);
  if (!signer.ok()) std::abort();
  absl::StatusOr<std::string> token = signer->SignWithHeader(header, payload);
  if (!token.ok()) std::abort();
  return *std::move(token);
}

std::string Hs256Token(std::string_view header, std::string_view payload,
                       std::string_view key) {
  return HmacToken(Algorithm::kHS256, header, payload, key);
}

bool RawHmacEquals(Algorithm alg, std::span<const uint8_t> key,
                   std::string_view data, std::span<const uint8_t> tag) {
  const EVP_MD* md = HmacHash(alg);
  if (md == nullptr) return false;
  // A null key pointer means "keep the previous key" to HMAC_Init_ex.
  static constexpr uint8_t kNoKey = 0;
  const uint8_t* key_ptr = key.empty() ? &kNoKey : key.data();
  uint8_t out[EVP_MAX_MD_SIZE];
  unsigned out_len = 0;
  if (HMAC(md, key_ptr, key.size(),
           reinterpret_cast<const uint8_t*>(data.data()), data.size(), out,
           &out_len) == nullptr) {
    return false;
  }
  return tag.size() == out_len && CRYPTO_memcmp(out, tag.data(), out_len) == 0;
}

}  // namespace jwtv::testing
