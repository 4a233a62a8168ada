// Copyright 2026 The jwtv Authors.
//
// The crypto module: verification keys prepared once, and Verify. This is
// the only module that names a crypto library (crypto/backend.h: BoringSSL
// or OpenSSL 3, chosen at build time).

#ifndef JWTV_SRC_CRYPTO_PREPARED_KEY_H_
#define JWTV_SRC_CRYPTO_PREPARED_KEY_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "absl/status/statusor.h"
#include "jwtv/algorithm.h"

namespace jwtv::internal {

enum class KeyType : unsigned char { kOct, kRsa, kEc, kOkp };
enum class Curve : unsigned char { kNone, kP256, kP384, kP521, kEd25519 };

using Bytes = std::span<const uint8_t>;

// The algorithms a key of this type and curve can verify at all: oct -> HS*,
// RSA -> RS* and PS*, EC -> the ES alg of its curve, OKP Ed25519 -> EdDSA.
AlgorithmSet NaturalAlgorithms(KeyType type, Curve curve);

// A public (or, for HMAC, secret) key ready to verify; immutable and safe to
// use from many threads at once.
class PreparedKey {
 public:
  virtual ~PreparedKey() = default;

  KeyType type() const { return type_; }
  Curve curve() const { return curve_; }
  int bits() const { return bits_; }
  // Algorithms this kind of key can verify at all (before any JWK alg).
  AlgorithmSet natural_algorithms() const;

  // True iff `signature` is a valid signature of `signing_input` under this
  // key with `alg`. False (never a crash) for an alg of another key type, a
  // signature of the wrong length, or anything malformed. HMAC tags compare
  // in constant time; ECDSA signatures are the JWS r||s form.
  virtual bool Verify(Algorithm alg, std::string_view signing_input,
                      Bytes signature) const = 0;

  // results[i] = Verify(alg, signing_inputs[i], signatures[i]) for every i
  // (the spans have equal sizes). A key may verify several at once (HMAC
  // hashes HS256 tokens side by side, hmac_sha256_batch.h).
  virtual void VerifyBatch(Algorithm alg,
                           std::span<const std::string_view> signing_inputs,
                           std::span<const Bytes> signatures,
                           bool* results) const {
    for (size_t i = 0; i < signing_inputs.size(); ++i) {
      results[i] = Verify(alg, signing_inputs[i], signatures[i]);
    }
  }

 protected:
  PreparedKey(KeyType type, Curve curve, int bits)
      : type_(type), curve_(curve), bits_(bits) {}

 private:
  KeyType type_;
  Curve curve_;
  int bits_;
};

// HMAC secret, used verbatim; must be non-empty and at most 64 KiB. Inner and
// outer hash states are precomputed for SHA-256, -384 and -512.
absl::StatusOr<std::unique_ptr<PreparedKey>> MakeHmacKey(Bytes secret);

// RSA from big-endian n and e (leading zero bytes allowed). Rejects a
// modulus under 2048 or over 16384 bits, an even modulus, and an even or
// < 3 exponent, or one over 2^33.
absl::StatusOr<std::unique_ptr<PreparedKey>> MakeRsaKey(Bytes n, Bytes e);

// EC public key from affine x, y, each of exactly the curve's field size
// (32, 48, 66 bytes). Rejects points not on the curve (and infinity).
absl::StatusOr<std::unique_ptr<PreparedKey>> MakeEcKey(Curve curve, Bytes x,
                                                       Bytes y);

// Ed25519 public key of exactly 32 bytes.
absl::StatusOr<std::unique_ptr<PreparedKey>> MakeEd25519Key(Bytes x);

// A PEM "PUBLIC KEY" (SubjectPublicKeyInfo: RSA, EC on the three curves,
// Ed25519) or "RSA PUBLIC KEY" (PKCS#1), with the same checks as above.
absl::StatusOr<std::unique_ptr<PreparedKey>> MakeKeyFromPem(
    std::string_view pem);

}  // namespace jwtv::internal

#endif  // JWTV_SRC_CRYPTO_PREPARED_KEY_H_
