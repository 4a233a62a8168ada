// Copyright 2026 The jwtv Authors.
//
// The backend's SHA-2 (crypto/backend.h), one source for both libraries:
// BoringSSL and OpenSSL 3 share the low-level SHA256_* / SHA512_* functions
// of <openssl/sha.h>. They are used rather than the one-shot SHA256(), which
// in OpenSSL 3 fetches an EVP_MD (under a shared lock) on every call. OpenSSL
// 3 deprecates them, but every 3.x has them.

#define OPENSSL_SUPPRESS_DEPRECATED 1

#include <openssl/sha.h>

#include "crypto/backend.h"

namespace jwtv::internal {

static_assert(sizeof(SHA256_CTX) <= 128 && alignof(SHA256_CTX) <= 16);
static_assert(sizeof(SHA512_CTX) <= 256 && alignof(SHA512_CTX) <= 16);
static_assert(sizeof(SHA256_CTX{}.h[0]) == sizeof(uint32_t));

void Sha256(const uint8_t* data, size_t len, uint8_t* out) {
  SHA256_CTX c;
  SHA256_Init(&c);
  SHA256_Update(&c, data, len);
  SHA256_Final(out, &c);
}
void Sha384(const uint8_t* data, size_t len, uint8_t* out) {
  SHA512_CTX c;
  SHA384_Init(&c);
  SHA384_Update(&c, data, len);
  SHA384_Final(out, &c);
}
void Sha512(const uint8_t* data, size_t len, uint8_t* out) {
  SHA512_CTX c;
  SHA512_Init(&c);
  SHA512_Update(&c, data, len);
  SHA512_Final(out, &c);
}

void Sha256Ctx::Init() { SHA256_Init(reinterpret_cast<SHA256_CTX*>(state_)); }
void Sha256Ctx::Update(const void* data, size_t len) {
  SHA256_Update(reinterpret_cast<SHA256_CTX*>(state_), data, len);
}
void Sha256Ctx::Final(uint8_t* out) {
  SHA256_Final(out, reinterpret_cast<SHA256_CTX*>(state_));
}
const uint32_t* Sha256Ctx::chaining() const {
  return reinterpret_cast<const uint32_t*>(
      reinterpret_cast<const SHA256_CTX*>(state_)->h);
}

void Sha512Ctx::Init384() {
  SHA384_Init(reinterpret_cast<SHA512_CTX*>(state_));
}
void Sha512Ctx::Init512() {
  SHA512_Init(reinterpret_cast<SHA512_CTX*>(state_));
}
void Sha512Ctx::Update(const void* data, size_t len) {
  SHA512_Update(reinterpret_cast<SHA512_CTX*>(state_), data, len);
}
void Sha512Ctx::Final384(uint8_t* out) {
  SHA384_Final(out, reinterpret_cast<SHA512_CTX*>(state_));
}
void Sha512Ctx::Final512(uint8_t* out) {
  SHA512_Final(out, reinterpret_cast<SHA512_CTX*>(state_));
}

}  // namespace jwtv::internal
