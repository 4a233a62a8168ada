// Copyright 2026 The jwtv Authors.
//
// jwtv_demo: a tour of the library on the bundled samples
// (examples/samples, made by examples/make_samples.py; tokens expire in 2100,
// so the real clock is used).
//
//   1. a Shopify-style session token (HS256, client secret) through the
//      Shopify profile, and its typed view;
//   2. RS256, PS256, ES256, ES384 and EdDSA tokens against a JWKS, with the
//      issuer and audience checked;
//   3. tampered tokens, rejected with bad_signature;
//   4. throughput: each token validated in a loop for about 0.3 s.

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jwtv/algorithm.h"
#include "jwtv/error.h"
#include "jwtv/key_set.h"
#include "jwtv/shopify.h"
#include "jwtv/validator.h"
#include "jwtv/verified_token.h"

namespace {

std::string ReadSample(const std::string& name) {
  const std::string path = std::string(JWTV_SAMPLES_DIR) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "jwtv_demo: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::ostringstream out;
  out << in.rdbuf();
  std::string s = out.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

template <typename T>
T OrExit(absl::StatusOr<T> v, const char* what) {
  if (!v.ok()) {
    std::fprintf(stderr, "jwtv_demo: %s: %s\n", what,
                 std::string(v.status().message()).c_str());
    std::exit(2);
  }
  return *std::move(v);
}

// Changes one character of the signature (keeping base64url canonical).
std::string Tamper(std::string token) {
  char& c = token[token.rfind('.') + 1];
  c = c == 'A' ? 'B' : 'A';
  return token;
}

void PrintResult(std::string_view label, const jwtv::Result& r) {
  if (r.ok()) {
    std::printf("  %-22s valid    %s\n", std::string(label).c_str(),
                r->ClaimsJson().c_str());
  } else {
    std::printf("  %-22s invalid  %s\n", std::string(label).c_str(),
                std::string(r.code_name()).c_str());
  }
}

struct Sample {
  std::string name;
  std::string token;
  const jwtv::Validator* validator;
};

// Validates `token` in a loop for about `seconds`; returns tokens/s.
double Throughput(const jwtv::Validator& validator, const std::string& token,
                  double seconds) {
  using Clock = std::chrono::steady_clock;
  jwtv::VerifiedToken out;
  long long n = 0;
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(seconds));
  auto now = start;
  do {
    for (int i = 0; i < 64; ++i) {
      if (validator.Validate(token, &out) != jwtv::ErrorCode::kOk) {
        std::fprintf(stderr, "jwtv_demo: token rejected in the loop\n");
        std::exit(1);
      }
    }
    n += 64;
    now = Clock::now();
  } while (now < deadline);
  return n / std::chrono::duration<double>(now - start).count();
}

}  // namespace

int main() {
  // --- 1. Shopify session token -------------------------------------------
  jwtv::ShopifyOptions shopify;
  shopify.api_key = ReadSample("shopify_api_key.txt");
  shopify.secrets = {ReadSample("shopify_secret.txt")};
  const jwtv::Validator shopify_validator =
      OrExit(jwtv::MakeShopifyValidator(std::move(shopify)), "Shopify");
  const std::string shopify_token = ReadSample("shopify_hs256.jwt");

  std::printf("Shopify session token (HS256, profile shopify):\n");
  jwtv::Result session = shopify_validator.Validate(shopify_token);
  PrintResult("shopify_hs256.jwt", session);
  if (session.ok()) {
    std::optional<jwtv::ShopifySession> s =
        jwtv::ShopifySession::From(*session);
    if (s) {
      std::printf(
          "  ShopifySession: shop=%s user=%s session=%s token=%s "
          "expiry=%.0f\n",
          std::string(s->shop_domain()).c_str(),
          std::string(s->user_id().value_or("-")).c_str(),
          std::string(s->session_id().value_or("-")).c_str(),
          std::string(s->token_id().value_or("-")).c_str(), s->expiry());
    }
  }

  // --- 2. Public-key tokens against a JWKS --------------------------------
  const jwtv::KeySet jwks =
      OrExit(jwtv::KeySet::FromJwks(ReadSample("jwks.json")), "JWKS");
  std::printf("\nJWKS: %zu keys\n", jwks.size());
  for (const jwtv::KeyInfo& k : jwks.keys()) {
    std::printf("  kid=%-14s kty=%-3s bits=%d\n", k.kid.c_str(), k.kty.c_str(),
                k.bits);
  }
  jwtv::ValidatorOptions options;
  options.issuers = {"https://auth.example.com"};
  options.audiences = {"jwtv-demo"};
  const jwtv::Validator validator =
      OrExit(jwtv::Validator::Create(jwks, std::move(options)), "Validator");

  std::vector<Sample> samples = {
      {"HS256 (Shopify)", shopify_token, &shopify_validator}};
  std::printf(
      "\nOIDC-style tokens (iss https://auth.example.com, aud "
      "jwtv-demo):\n");
  for (const char* alg : {"RS256", "PS256", "ES256", "ES384", "EdDSA"}) {
    std::string file = alg;
    for (char& c : file) c = static_cast<char>(std::tolower(c));
    file += ".jwt";
    Sample s{alg, ReadSample(file), &validator};
    PrintResult(file, validator.Validate(s.token));
    samples.push_back(std::move(s));
  }

  // --- 3. Tampered tokens -------------------------------------------------
  std::printf("\nTampered signatures:\n");
  PrintResult("shopify_hs256 tampered",
              shopify_validator.Validate(Tamper(shopify_token)));
  PrintResult("es256 tampered", validator.Validate(Tamper(samples[3].token)));
  // The Shopify profile accepts HS256 only: an RS256 token is refused before
  // any key is tried.
  PrintResult("rs256 vs shopify", shopify_validator.Validate(samples[1].token));

  // --- 4. Throughput ------------------------------------------------------
  std::printf(
      "\nThroughput, one thread, same token validated in a loop "
      "(~0.3 s each):\n");
  std::printf("  %-16s %14s %12s\n", "algorithm", "tokens/s", "us/token");
  for (const Sample& s : samples) {
    const double rate = Throughput(*s.validator, s.token, 0.3);
    std::printf("  %-16s %14.0f %12.2f\n", s.name.c_str(), rate, 1e6 / rate);
  }
  return 0;
}
