// Copyright 2026 The jwtv Authors.
//
// RS256/384/512 (RSASSA-PKCS1-v1_5) and PS256/384/512 (RSASSA-PSS, MGF1 with
// the same hash, salt length = hash length, as RFC 7518 3.5 fixes).
//
// The public operation s^e mod n runs through BN_mod_exp_mont with the
// key's Montgomery context and a per-thread BN_CTX, and the encoded message
// is then checked here: PKCS #1 v1.5 by comparing it with the one encoding
// of the digest (RFC 8017 8.2.2), PSS by EMSA-PSS-VERIFY (RFC 8017 9.1.2).
// RSA_verify does the same work plus per-call key checks, a BN_CTX and
// buffers from malloc, and the DigestInfo encoding: 0.6 us of a 2048-bit
// verify on this machine (13.8 us against 13.2 for the exponentiation
// alone). RSA_verify_pss_mgf1 costs about as much over the same work.

#include <openssl/bn.h>
#include <openssl/digest.h>
#include <openssl/err.h>
#include <openssl/nid.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "absl/status/status.h"
#include "crypto/prepared_key.h"

namespace jwtv::internal {
namespace {

constexpr unsigned kMinModulusBits = 2048;
constexpr unsigned kMaxModulusBits = 16384;
constexpr unsigned kMaxExponentBits = 33;
constexpr size_t kMaxModulusBytes = kMaxModulusBits / 8;

// RFC 8017 9.2 note 1: the DER DigestInfo prefix of each hash (19 bytes
// for each of the three).
constexpr size_t kPrefixLen = 19;
constexpr uint8_t kSha256Prefix[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                     0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                     0x01, 0x05, 0x00, 0x04, 0x20};
constexpr uint8_t kSha384Prefix[] = {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                     0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                     0x02, 0x05, 0x00, 0x04, 0x30};
constexpr uint8_t kSha512Prefix[] = {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                     0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                     0x03, 0x05, 0x00, 0x04, 0x40};
static_assert(sizeof(kSha256Prefix) == kPrefixLen &&
              sizeof(kSha384Prefix) == kPrefixLen &&
              sizeof(kSha512Prefix) == kPrefixLen);

// Per-thread big-number scratch for the public operation, allocated on a
// thread's first verify and reused after.
struct BnScratch {
  bssl::UniquePtr<BN_CTX> ctx{BN_CTX_new()};
  bssl::UniquePtr<BIGNUM> s{BN_new()};
  bssl::UniquePtr<BIGNUM> m{BN_new()};
  bool ok() const { return ctx && s && m; }
};

BnScratch& ThreadBnScratch() {
  thread_local BnScratch scratch;
  return scratch;
}

// out = Hash(data) for the hash `nid` names.
void HashOnce(int nid, const uint8_t* data, size_t len, uint8_t* out) {
  switch (nid) {
    case NID_sha256:
      SHA256(data, len, out);
      break;
    case NID_sha384:
      SHA384(data, len, out);
      break;
    default:
      SHA512(data, len, out);
      break;
  }
}

// EMSA-PSS-VERIFY (RFC 8017 9.1.2) with MGF1 over the same hash and a salt
// as long as the hash (RFC 7518 3.5): true iff em, the k-byte output of
// RSAVP1 for a modulus of mod_bits bits, encodes m_hash.
bool PssMatches(const uint8_t* em, size_t k, size_t mod_bits, int nid,
                const uint8_t* m_hash, size_t h_len) {
  const size_t em_bits = mod_bits - 1;
  const size_t em_len = (em_bits + 7) / 8;
  // 8.1.2 step 2c: I2OSP(m, emLen) fails unless the bytes above emLen are
  // zero (k - emLen is 0 or 1).
  if (k - em_len == 1) {
    if (em[0] != 0) return false;
    ++em;
  }
  const size_t s_len = h_len;
  if (em_len < h_len + s_len + 2) return false;  // step 3
  if (em[em_len - 1] != 0xbc) return false;      // step 4
  const size_t db_len = em_len - h_len - 1;
  const uint8_t* masked_db = em;
  const uint8_t* h = em + db_len;
  const unsigned top_bits = 8 * em_len - em_bits;  // 0 .. 7
  const uint8_t top_mask = static_cast<uint8_t>(0xff << (8 - top_bits));
  if (top_bits != 0 && (masked_db[0] & top_mask) != 0) return false;  // 6
  // Steps 7-8: DB = maskedDB XOR MGF1(H, dbLen).
  uint8_t db[kMaxModulusBytes];
  uint8_t seed[SHA512_DIGEST_LENGTH + 4];
  std::memcpy(seed, h, h_len);
  for (size_t done = 0, counter = 0; done < db_len; ++counter) {
    seed[h_len] = static_cast<uint8_t>(counter >> 24);
    seed[h_len + 1] = static_cast<uint8_t>(counter >> 16);
    seed[h_len + 2] = static_cast<uint8_t>(counter >> 8);
    seed[h_len + 3] = static_cast<uint8_t>(counter);
    uint8_t t[SHA512_DIGEST_LENGTH];
    HashOnce(nid, seed, h_len + 4, t);
    const size_t n = std::min(h_len, db_len - done);
    for (size_t i = 0; i < n; ++i) db[done + i] = masked_db[done + i] ^ t[i];
    done += n;
  }
  if (top_bits != 0) db[0] &= static_cast<uint8_t>(~top_mask);  // step 9
  // Step 10: DB = 00..00 01 salt.
  const size_t ps_len = db_len - s_len - 1;
  uint8_t nonzero = 0;
  for (size_t i = 0; i < ps_len; ++i) nonzero |= db[i];
  if (nonzero != 0 || db[ps_len] != 0x01) return false;
  // Steps 12-14: H == Hash(00 x 8 || mHash || salt).
  uint8_t m_prime[8 + 2 * SHA512_DIGEST_LENGTH] = {};
  std::memcpy(m_prime + 8, m_hash, h_len);
  std::memcpy(m_prime + 8 + h_len, db + ps_len + 1, s_len);
  uint8_t h_prime[SHA512_DIGEST_LENGTH];
  HashOnce(nid, m_prime, 8 + h_len + s_len, h_prime);
  return std::memcmp(h, h_prime, h_len) == 0;
}

// True iff em (k bytes) is EMSA-PKCS1-v1_5's encoding of digest:
// 00 01 FF..FF 00 DigestInfo(digest), with at least 8 bytes of FF.
bool Pkcs1Matches(const uint8_t* em, size_t k, const uint8_t* prefix,
                  const uint8_t* digest, size_t digest_len) {
  const size_t t_len = kPrefixLen + digest_len;
  if (k < t_len + 11) return false;
  const size_t ps_len = k - t_len - 3;
  if (em[0] != 0x00 || em[1] != 0x01 || em[2 + ps_len] != 0x00) return false;
  uint8_t ff = 0xff;
  for (size_t i = 0; i < ps_len; ++i) ff &= em[2 + i];
  return ff == 0xff && std::memcmp(em + 3 + ps_len, prefix, kPrefixLen) == 0 &&
         std::memcmp(em + 3 + ps_len + kPrefixLen, digest, digest_len) == 0;
}

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
    const size_t digest_len = EVP_MD_size(md);
    HashOnce(nid, reinterpret_cast<const uint8_t*>(signing_input.data()),
             signing_input.size(), digest);
    uint8_t em[kMaxModulusBytes];
    if (!PublicOp(signature, em)) return false;
    if (pss) return PssMatches(em, size_, bits(), nid, digest, digest_len);
    const uint8_t* prefix = nid == NID_sha256   ? kSha256Prefix
                            : nid == NID_sha384 ? kSha384Prefix
                                                : kSha512Prefix;
    return Pkcs1Matches(em, size_, prefix, digest, digest_len);
  }

  // em = signature^e mod n as size_ big-endian bytes (RFC 8017 RSAVP1, with
  // OS2IP and I2OSP); false when the signature, as an integer, is not below
  // n.
  bool PublicOp(Bytes signature, uint8_t* em) const {
    BnScratch& b = ThreadBnScratch();
    const bool ok =
        b.ok() &&
        BN_bin2bn(signature.data(), signature.size(), b.s.get()) != nullptr &&
        BN_ucmp(b.s.get(), RSA_get0_n(rsa_.get())) < 0 &&
        BN_mod_exp_mont(b.m.get(), b.s.get(), RSA_get0_e(rsa_.get()),
                        RSA_get0_n(rsa_.get()), b.ctx.get(), mont_.get()) &&
        BN_bn2bin_padded(em, size_, b.m.get());
    if (!ok) ERR_clear_error();
    return ok;
  }

  // Builds the Montgomery context of n, and has BoringSSL's own public
  // operation check the key once.
  bool Prepare() {
    bssl::UniquePtr<BN_CTX> ctx(BN_CTX_new());
    if (ctx == nullptr) return false;
    mont_.reset(BN_MONT_CTX_new_for_modulus(RSA_get0_n(rsa_.get()), ctx.get()));
    if (mont_ == nullptr) {
      ERR_clear_error();
      return false;
    }
    std::vector<uint8_t> in(size_, 0), out(size_);
    in.back() = 1;
    size_t out_len = 0;
    const bool ok = RSA_verify_raw(rsa_.get(), &out_len, out.data(), out.size(),
                                   in.data(), in.size(), RSA_NO_PADDING) == 1;
    ERR_clear_error();
    return ok;
  }

 private:
  // Read-only after Prepare.
  bssl::UniquePtr<RSA> rsa_;
  // The Montgomery context of n, for the public operation.
  bssl::UniquePtr<BN_MONT_CTX> mont_;
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
  if (!key->Prepare()) {
    return absl::InvalidArgumentError("RSA key rejected by BoringSSL");
  }
  return key;
}

}  // namespace jwtv::internal
