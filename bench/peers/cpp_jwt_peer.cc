// Copyright 2026 The jwtv Authors.
//
// cpp-jwt peer (Debian's libcpp-jwt-dev 1.4, header-only, OpenSSL and
// nlohmann/json): jwt::decode with the expected algorithm, the key, issuer
// and audience, verify(true); it checks exp and nbf when present. The error
// code overload is used, so no exception is thrown on the timed path. The
// key is a PEM string that cpp-jwt parses on every call (its API has no
// prepared key). cpp-jwt 1.4 implements HS*, RS* and ES*: no PS256, no EdDSA.

#include <memory>
#include <string>
#include <system_error>

#include "jwt/jwt.hpp"
#include "peer_common.h"

namespace {

class CppJwtValidator : public peer::Validator {
 public:
  CppJwtValidator(const std::string& alg, const std::string& key,
                  const peer::Expectation& expect)
      : alg_(alg), key_(key), expect_(expect) {}

  bool Validate(const std::string& token) override {
    using namespace jwt::params;
    std::error_code ec;
    try {
      auto obj = jwt::decode(token, algorithms({alg_}), ec, secret(key_),
                             issuer(expect_.issuer), aud(expect_.audience),
                             verify(true));
      if (ec) return false;
      // cpp-jwt checks exp only when present; jwtv requires it.
      return obj.has_claim("exp");
    } catch (const std::exception&) {
      return false;
    }
  }

 private:
  const std::string alg_;
  const std::string key_;
  const peer::Expectation expect_;
};

}  // namespace

int main(int argc, char** argv) {
  return peer::Main(
      argc, argv, "cpp-jwt", "1.4",
      [](const std::string& alg, const std::string& key,
         const peer::Expectation& expect) -> std::unique_ptr<peer::Validator> {
        const jwt::algorithm a = jwt::str_to_alg(alg);
        if (a == jwt::algorithm::UNKN || a == jwt::algorithm::NONE ||
            a == jwt::algorithm::TERM) {
          return nullptr;
        }
        return std::make_unique<CppJwtValidator>(alg, key, expect);
      });
}
