// Copyright 2026 The jwtv Authors.
//
// libjwt peer (Debian's libjwt-dev 1.10, OpenSSL flavour): jwt_decode checks
// the signature with the key the caller passes; everything else (the alg the
// caller expects, exp, nbf, iss, aud) is the caller's job with the grant
// getters, as libjwt's documentation shows. libjwt takes the key as bytes on
// every call (the PEM is parsed again each time: its API has no prepared
// key). libjwt 1.10 implements HS*, RS* and ES*: no PS256, no EdDSA.

#include <errno.h>
#include <jwt.h>

#include <cstring>
#include <ctime>
#include <memory>
#include <string>

#include "peer_common.h"

namespace {

class LibjwtValidator : public peer::Validator {
 public:
  LibjwtValidator(jwt_alg_t alg, const std::string& key,
                  const peer::Expectation& expect)
      : alg_(alg), key_(key), expect_(expect) {}

  bool Validate(const std::string& token) override {
    jwt_t* raw = nullptr;
    if (jwt_decode(&raw, token.c_str(),
                   reinterpret_cast<const unsigned char*>(key_.data()),
                   static_cast<int>(key_.size())) != 0) {
      return false;
    }
    std::unique_ptr<jwt_t, decltype(&jwt_free)> jwt(raw, jwt_free);
    if (jwt_get_alg(jwt.get()) != alg_) return false;
    const long now = static_cast<long>(std::time(nullptr));
    const long exp = jwt_get_grant_int(jwt.get(), "exp");
    if (errno != 0 || now >= exp) return false;  // exp required
    const long nbf = jwt_get_grant_int(jwt.get(), "nbf");
    if (errno == 0) {
      if (now < nbf) return false;
    } else if (errno != ENOENT) {
      return false;
    }
    const char* iss = jwt_get_grant(jwt.get(), "iss");
    if (iss == nullptr || expect_.issuer != iss) return false;
    const char* aud = jwt_get_grant(jwt.get(), "aud");
    if (aud == nullptr || expect_.audience != aud) return false;
    return true;
  }

 private:
  const jwt_alg_t alg_;
  const std::string key_;
  const peer::Expectation expect_;
};

}  // namespace

int main(int argc, char** argv) {
  return peer::Main(
      argc, argv, "libjwt", "1.10.2",
      [](const std::string& alg, const std::string& key,
         const peer::Expectation& expect) -> std::unique_ptr<peer::Validator> {
        const jwt_alg_t a = jwt_str_alg(alg.c_str());
        if (a == JWT_ALG_INVAL || a == JWT_ALG_NONE) return nullptr;
        return std::make_unique<LibjwtValidator>(a, key, expect);
      });
}
