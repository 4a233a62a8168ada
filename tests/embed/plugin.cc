// Copyright 2026 The jwtv Authors.
//
// A plugin as a host process loads it with dlopen (as nginx loads modules):
// a shared object with jwtv linked in statically and nothing exported but
// jwtv_plugin_check, which validates the bundled sample tokens. It shares
// the host's OpenSSL 3 (libcrypto.so.3) with the host.

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "jwtv/error.h"
#include "jwtv/key_set.h"
#include "jwtv/shopify.h"
#include "jwtv/validator.h"

namespace {

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  *out = s.str();
  while (!out->empty() && (out->back() == '\n' || out->back() == '\r')) {
    out->pop_back();
  }
  return true;
}

// Changes one character of the signature (keeping base64url canonical).
std::string Tamper(std::string token) {
  char& c = token[token.rfind('.') + 1];
  c = c == 'A' ? 'B' : 'A';
  return token;
}

}  // namespace

// Validates every sample token of samples_dir (each must be valid) and a
// tampered copy of each (each must be bad_signature). Prints one line per
// answer to stdout; returns the number of wrong answers, or -1 when a
// sample cannot be read or loaded.
extern "C" __attribute__((visibility("default"))) int jwtv_plugin_check(
    const char* samples_dir) {
  const std::string dir(samples_dir);
  std::string jwks, secret, api_key;
  if (!ReadFile(dir + "/jwks.json", &jwks) ||
      !ReadFile(dir + "/shopify_secret.txt", &secret) ||
      !ReadFile(dir + "/shopify_api_key.txt", &api_key)) {
    std::printf("plugin: cannot read the samples in %s\n", samples_dir);
    return -1;
  }
  absl::StatusOr<jwtv::KeySet> keys = jwtv::KeySet::FromJwks(jwks);
  jwtv::ShopifyOptions shopify;
  shopify.api_key = api_key;
  shopify.secrets = {secret};
  absl::StatusOr<jwtv::Validator> hs256 =
      jwtv::MakeShopifyValidator(std::move(shopify));
  if (!keys.ok() || !hs256.ok()) {
    std::printf("plugin: cannot load the sample keys\n");
    return -1;
  }
  jwtv::ValidatorOptions options;
  options.issuers = {"https://auth.example.com"};
  options.audiences = {"jwtv-demo"};
  const jwtv::Validator jwks_validator(*std::move(keys), std::move(options));

  struct Case {
    const char* file;
    const jwtv::Validator* validator;
  };
  const std::vector<Case> cases = {
      {"shopify_hs256.jwt", &*hs256}, {"rs256.jwt", &jwks_validator},
      {"ps256.jwt", &jwks_validator}, {"es256.jwt", &jwks_validator},
      {"es384.jwt", &jwks_validator}, {"eddsa.jwt", &jwks_validator}};
  int wrong = 0;
  for (const Case& c : cases) {
    std::string token;
    if (!ReadFile(dir + "/" + c.file, &token)) {
      std::printf("plugin: cannot read %s\n", c.file);
      return -1;
    }
    const jwtv::Result good = c.validator->Validate(token);
    const jwtv::Result bad = c.validator->Validate(Tamper(token));
    const bool ok = good.ok() && bad.code() == jwtv::ErrorCode::kBadSignature;
    std::printf("plugin: %-18s %s, tampered %s: %s\n", c.file,
                std::string(good.code_name()).c_str(),
                std::string(bad.code_name()).c_str(), ok ? "right" : "WRONG");
    if (!ok) ++wrong;
  }
  return wrong;
}
