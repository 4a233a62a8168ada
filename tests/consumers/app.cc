// Copyright 2026 The jwtv Authors.
//
// The program every consumer project of tests/consumers builds against jwtv
// the way a user would: public headers only, C++ standard flags left to the
// consumer's build. Validates the samples of examples/samples (tokens
// expire in 2100) and checks every answer: the five JWKS tokens and the
// Shopify HS256 token valid with the expected subject, a tampered ES256
// token bad_signature, an RS256 token refused by the Shopify validator.
//
//   app <examples/samples dir>      exit 0 when every answer is right

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "jwtv/error.h"
#include "jwtv/key_set.h"
#include "jwtv/shopify.h"
#include "jwtv/validator.h"
#include "jwtv/verified_token.h"
#include "jwtv/version.h"

namespace {

std::string dir;
int failures = 0;

std::string Read(const std::string& name) {
  std::ifstream in(dir + "/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  std::string s = out.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  if (s.empty()) {
    std::printf("FAIL cannot read %s/%s\n", dir.c_str(), name.c_str());
    ++failures;
  }
  return s;
}

void Expect(std::string_view what, const jwtv::Result& r, jwtv::ErrorCode want,
            std::string_view want_sub = "") {
  bool ok = r.code() == want;
  if (ok && r.ok() && !want_sub.empty()) {
    ok = r->subject() == want_sub;
  }
  std::printf("%s %-26s %s\n", ok ? "ok  " : "FAIL", std::string(what).c_str(),
              std::string(r.code_name()).c_str());
  if (!ok) ++failures;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: app <examples/samples dir>\n");
    return 2;
  }
  dir = argv[1];
  std::printf("jwtv %s (%d.%d.%d)\n", JWTV_VERSION_STRING, JWTV_VERSION_MAJOR,
              JWTV_VERSION_MINOR, JWTV_VERSION_PATCH);

  absl::StatusOr<jwtv::KeySet> keys = jwtv::KeySet::FromJwks(Read("jwks.json"));
  if (!keys.ok()) {
    std::printf("FAIL jwks.json: %s\n",
                std::string(keys.status().message()).c_str());
    return 1;
  }
  jwtv::ValidatorOptions options;
  options.issuers = {"https://auth.example.com"};
  options.audiences = {"jwtv-demo"};
  const jwtv::Validator validator(*keys, std::move(options));
  for (const char* file :
       {"rs256.jwt", "ps256.jwt", "es256.jwt", "es384.jwt", "eddsa.jwt"}) {
    Expect(file, validator.Validate(Read(file)), jwtv::ErrorCode::kOk,
           "user-1234");
  }
  std::string tampered = Read("es256.jwt");
  char& c = tampered[tampered.rfind('.') + 1];
  c = c == 'A' ? 'B' : 'A';
  Expect("es256.jwt tampered", validator.Validate(tampered),
         jwtv::ErrorCode::kBadSignature);

  jwtv::ShopifyOptions shopify;
  shopify.api_key = Read("shopify_api_key.txt");
  shopify.secrets = {Read("shopify_secret.txt")};
  absl::StatusOr<jwtv::Validator> shop =
      jwtv::MakeShopifyValidator(std::move(shopify));
  if (!shop.ok()) {
    std::printf("FAIL Shopify: %s\n",
                std::string(shop.status().message()).c_str());
    return 1;
  }
  Expect("shopify_hs256.jwt", shop->Validate(Read("shopify_hs256.jwt")),
         jwtv::ErrorCode::kOk);
  Expect("rs256.jwt vs shopify", shop->Validate(Read("rs256.jwt")),
         jwtv::ErrorCode::kAlgNotAllowed);

  std::printf(failures == 0 ? "all answers right\n" : "%d wrong answers\n",
              failures);
  return failures == 0 ? 0 : 1;
}
