// Copyright 2026 The jwtv Authors.
//
// The crypto backend: the few primitives jwtv takes from a crypto library,
// implemented once per backend (src/crypto/boringssl/, src/crypto/openssl/;
// one is chosen when configuring, never both), except SHA-2, whose low-level
// API both libraries share (src/crypto/sha2.cc). Everything else of the crypto
// module (HMAC from precomputed states, the RSA encoding checks, the P-256
// and Ed25519 verifiers, the multi-stream SHA-256, PEM) is shared and sits
// above this header. Every object here is prepared when a key is loaded; the
// per-token calls take no lock, fetch nothing and write no shared state.

#ifndef JWTV_SRC_CRYPTO_BACKEND_H_
#define JWTV_SRC_CRYPTO_BACKEND_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "crypto/prepared_key.h"

namespace jwtv::internal {

inline constexpr size_t kSha256DigestBytes = 32;
inline constexpr size_t kSha384DigestBytes = 48;
inline constexpr size_t kSha512DigestBytes = 64;

// One-shot digests of len bytes at data into out (32, 48, 64 bytes).
void Sha256(const uint8_t* data, size_t len, uint8_t* out);
void Sha384(const uint8_t* data, size_t len, uint8_t* out);
void Sha512(const uint8_t* data, size_t len, uint8_t* out);

// A resumable SHA-256 state: a plain value, copied to resume from a point
// (HMAC's keyed inner and outer states).
class Sha256Ctx {
 public:
  static constexpr size_t kBlock = 64;
  static constexpr size_t kDigest = kSha256DigestBytes;
  void Init();
  void Update(const void* data, size_t len);
  void Final(uint8_t* out);  // kDigest bytes
  // The eight chaining words; meaningful after a whole number of blocks.
  const uint32_t* chaining() const;

 private:
  alignas(16) uint8_t state_[128];
};

// A resumable SHA-384 or SHA-512 state, as Sha256Ctx.
class Sha512Ctx {
 public:
  static constexpr size_t kBlock = 128;
  void Init384();
  void Init512();
  void Update(const void* data, size_t len);
  void Final384(uint8_t* out);  // 48 bytes
  void Final512(uint8_t* out);  // 64 bytes

 private:
  alignas(16) uint8_t state_[256];
};

// The RSA public operation with n's Montgomery context prepared once.
class RsaPublicOp {
 public:
  virtual ~RsaPublicOp() = default;
  // em = s^e mod n as size() big-endian bytes, where s is `signature`
  // (exactly size() bytes); false when s is not below n or on failure.
  virtual bool Apply(Bytes signature, uint8_t* em) const = 0;
  size_t size() const { return size_; }

 protected:
  explicit RsaPublicOp(size_t size) : size_(size) {}

 private:
  size_t size_;
};

// From big-endian n and e that the caller has checked (size, parity,
// exponent range). Fails if the library refuses the key.
absl::StatusOr<std::unique_ptr<RsaPublicOp>> PrepareRsaPublicOp(Bytes n,
                                                                Bytes e);

// ECDSA verification on P-384 or P-521 with a prepared public key (P-256 is
// jwtv's own, crypto/p256.h).
class EcdsaVerifier {
 public:
  virtual ~EcdsaVerifier() = default;
  // True iff (r, s) is a valid signature of the digest; r and s are
  // big-endian field-size integers the caller has range-checked.
  virtual bool Verify(const uint8_t* digest, size_t digest_len,
                      const uint8_t* r, const uint8_t* s) const = 0;
  // The big-endian group order, field-size bytes (for the range checks).
  virtual const uint8_t* order() const = 0;
};

// From affine x, y of exactly the field size; fails for points not on the
// curve, at infinity or with a coordinate >= p.
absl::StatusOr<std::unique_ptr<EcdsaVerifier>> PrepareEcdsaVerifier(Curve curve,
                                                                    Bytes x,
                                                                    Bytes y);

// Public key material read from DER, for the Make*Key functions to check.
struct PublicKeyMaterial {
  KeyType type = KeyType::kOct;
  Curve curve = Curve::kNone;
  std::vector<uint8_t> a;  // RSA n; EC x; Ed25519 public key
  std::vector<uint8_t> b;  // RSA e; EC y (both field-size, zero-padded)
};

// A DER SubjectPublicKeyInfo (RSA, EC on the three curves, Ed25519) with
// nothing after it.
absl::StatusOr<PublicKeyMaterial> ParseSubjectPublicKeyInfo(Bytes der);

// A DER PKCS#1 RSAPublicKey with nothing after it.
absl::StatusOr<PublicKeyMaterial> ParseRsaPublicKey(Bytes der);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_CRYPTO_BACKEND_H_
