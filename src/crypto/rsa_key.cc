// Copyright 2026 The jwtv Authors.
//
// RS256/384/512 (RSASSA-PKCS1-v1_5) and PS256/384/512 (RSASSA-PSS, MGF1 with
// the same hash, salt length = hash length, as RFC 7518 3.5 fixes).

#include <openssl/bn.h>
#include <openssl/digest.h>
#include <openssl/err.h>
#include <openssl/nid.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include <vector>

#include "absl/status/status.h"
#include "crypto/prepared_key.h"

namespace jwtv::internal {
namespace {

constexpr unsigned kMinModulusBits = 2048;
constexpr unsigned kMaxModulusBits = 16384;
constexpr unsigned kMaxExponentBits = 33;

class RsaKey final : public PreparedKey {
 public:
  RsaKey(bssl::UniquePtr<RSA> rsa, int bits)
      : PreparedKey(KeyType::kRsa, Curve::kNone, bits),
        rsa_(std::move(rsa)),
        size_(RSA_size(rsa_.get())) {}

  bool Verify(Algorithm alg, std::string_view signing_input,
              Bytes signature) const override {
    const EVP_MD* md;
    int nid;
    bool pss = false;
    switch (alg) {
      case Algorithm::kPS256:
        pss = true;
        [[fallthrough]];
      case Algorithm::kRS256:
        md = EVP_sha256();
        nid = NID_sha256;
        break;
      case Algorithm::kPS384:
        pss = true;
        [[fallthrough]];
      case Algorithm::kRS384:
        md = EVP_sha384();
        nid = NID_sha384;
        break;
      case Algorithm::kPS512:
        pss = true;
        [[fallthrough]];
      case Algorithm::kRS512:
        md = EVP_sha512();
        nid = NID_sha512;
        break;
      default:
        return false;
    }
    // RFC 8017 8.2.2 / 8.1.2 step 1: exactly k octets, no leading-zero
    // stripping or padding.
    if (signature.size() != size_) return false;

    uint8_t digest[SHA512_DIGEST_LENGTH];
    const auto* in = reinterpret_cast<const uint8_t*>(signing_input.data());
    const size_t digest_len = EVP_MD_size(md);
    switch (nid) {
      case NID_sha256:
        SHA256(in, signing_input.size(), digest);
        break;
      case NID_sha384:
        SHA384(in, signing_input.size(), digest);
        break;
      default:
        SHA512(in, signing_input.size(), digest);
        break;
    }
    const int ok =
        pss ? RSA_verify_pss_mgf1(rsa_.get(), digest, digest_len, md, md,
                                  /*salt_len=*/-1, signature.data(),
                                  signature.size())
            : RSA_verify(nid, digest, digest_len, signature.data(),
                         signature.size(), rsa_.get());
    if (ok != 1) {
      // Keep the thread's error queue from reporting a stale, expected
      // failure to unrelated code.
      ERR_clear_error();
      return false;
    }
    return true;
  }

  // BoringSSL builds the Montgomery context for n on the first public
  // operation, under the key's lock; doing it here keeps that write out of
  // concurrent Verify calls.
  bool Warm() {
    std::vector<uint8_t> in(size_, 0), out(size_);
    in.back() = 1;
    size_t out_len = 0;
    const bool ok = RSA_verify_raw(rsa_.get(), &out_len, out.data(), out.size(),
                                   in.data(), in.size(), RSA_NO_PADDING) == 1;
    ERR_clear_error();
    return ok;
  }

 private:
  // RSA_verify takes a non-const RSA*; BoringSSL's public operation is
  // thread-safe on a shared key.
  bssl::UniquePtr<RSA> rsa_;
  size_t size_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<PreparedKey>> MakeRsaKey(Bytes n_bytes,
                                                        Bytes e_bytes) {
  bssl::UniquePtr<BIGNUM> n(BN_bin2bn(n_bytes.data(), n_bytes.size(), nullptr));
  bssl::UniquePtr<BIGNUM> e(BN_bin2bn(e_bytes.data(), e_bytes.size(), nullptr));
  if (n == nullptr || e == nullptr) {
    ERR_clear_error();
    return absl::ResourceExhaustedError("out of memory");
  }
  const unsigned bits = BN_num_bits(n.get());
  if (bits < kMinModulusBits) {
    return absl::InvalidArgumentError("RSA modulus is under 2048 bits");
  }
  if (bits > kMaxModulusBits) {
    return absl::InvalidArgumentError("RSA modulus is over 16384 bits");
  }
  if (!BN_is_odd(n.get())) {
    return absl::InvalidArgumentError("RSA modulus is even");
  }
  if (!BN_is_odd(e.get()) || BN_cmp_word(e.get(), 3) < 0) {
    return absl::InvalidArgumentError(
        "RSA public exponent is even or less than 3");
  }
  if (BN_num_bits(e.get()) > kMaxExponentBits) {
    return absl::InvalidArgumentError("RSA public exponent is over 2^33");
  }
  bssl::UniquePtr<RSA> rsa(RSA_new());
  if (rsa == nullptr || !RSA_set0_key(rsa.get(), n.get(), e.get(), nullptr)) {
    ERR_clear_error();
    return absl::ResourceExhaustedError("out of memory");
  }
  n.release();  // Owned by rsa now.
  e.release();
  auto key = std::make_unique<RsaKey>(std::move(rsa), static_cast<int>(bits));
  if (!key->Warm()) {
    return absl::InvalidArgumentError("RSA key rejected by BoringSSL");
  }
  return key;
}

}  // namespace jwtv::internal
