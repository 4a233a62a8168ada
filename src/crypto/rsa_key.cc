// Copyright 2026 The jwtv Authors.
//
// RS256/384/512 (RSASSA-PKCS1-v1_5) and PS256/384/512 (RSASSA-PSS, MGF1 with
// the same hash, salt length = hash length, as RFC 7518 3.5 fixes).
//
// The public operation s^e mod n is the backend's (RsaPublicOp: the key's
// Montgomery context and a per-thread big-number context), and the encoded
// message is then checked here, for every backend: PKCS #1 v1.5 by
// comparing it with the one encoding of the digest (RFC 8017 8.2.2), PSS by
// EMSA-PSS-VERIFY (RFC 8017 9.1.2). A library's RSA_verify does the same
// work plus per-call key checks, a big-number context and buffers from
// malloc, and the DigestInfo encoding.

#include <algorithm>
#include <bit>
#include <cstring>

#include "absl/status/status.h"
#include "crypto/backend.h"
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

// out = Hash(data) for the hash `hash` names.
enum class Hash { kSha256, kSha384, kSha512 };

void HashOnce(Hash hash, const uint8_t* data, size_t len, uint8_t* out) {
  switch (hash) {
    case Hash::kSha256:
      Sha256(data, len, out);
      break;
    case Hash::kSha384:
      Sha384(data, len, out);
      break;
    default:
      Sha512(data, len, out);
      break;
  }
}

// EMSA-PSS-VERIFY (RFC 8017 9.1.2) with MGF1 over the same hash and a salt
// as long as the hash (RFC 7518 3.5): true iff em, the k-byte output of
// RSAVP1 for a modulus of mod_bits bits, encodes m_hash.
bool PssMatches(const uint8_t* em, size_t k, size_t mod_bits, Hash hash,
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
  uint8_t seed[kSha512DigestBytes + 4];
  std::memcpy(seed, h, h_len);
  for (size_t done = 0, counter = 0; done < db_len; ++counter) {
    seed[h_len] = static_cast<uint8_t>(counter >> 24);
    seed[h_len + 1] = static_cast<uint8_t>(counter >> 16);
    seed[h_len + 2] = static_cast<uint8_t>(counter >> 8);
    seed[h_len + 3] = static_cast<uint8_t>(counter);
    uint8_t t[kSha512DigestBytes];
    HashOnce(hash, seed, h_len + 4, t);
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
  uint8_t m_prime[8 + 2 * kSha512DigestBytes] = {};
  std::memcpy(m_prime + 8, m_hash, h_len);
  std::memcpy(m_prime + 8 + h_len, db + ps_len + 1, s_len);
  uint8_t h_prime[kSha512DigestBytes];
  HashOnce(hash, m_prime, 8 + h_len + s_len, h_prime);
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
  RsaKey(std::unique_ptr<RsaPublicOp> op, int bits)
      : PreparedKey(KeyType::kRsa, Curve::kNone, bits),
        op_(std::move(op)),
        size_(op_->size()) {}

  bool Verify(Algorithm alg, std::string_view signing_input,
              Bytes signature) const override {
    Hash hash;
    size_t digest_len;
    bool pss = false;
    switch (alg) {
      case Algorithm::kPS256:
        pss = true;
        [[fallthrough]];
      case Algorithm::kRS256:
        hash = Hash::kSha256;
        digest_len = kSha256DigestBytes;
        break;
      case Algorithm::kPS384:
        pss = true;
        [[fallthrough]];
      case Algorithm::kRS384:
        hash = Hash::kSha384;
        digest_len = kSha384DigestBytes;
        break;
      case Algorithm::kPS512:
        pss = true;
        [[fallthrough]];
      case Algorithm::kRS512:
        hash = Hash::kSha512;
        digest_len = kSha512DigestBytes;
        break;
      default:
        return false;
    }
    // RFC 8017 8.2.2 / 8.1.2 step 1: exactly k octets, no leading-zero
    // stripping or padding.
    if (signature.size() != size_) return false;

    uint8_t digest[kSha512DigestBytes];
    HashOnce(hash, reinterpret_cast<const uint8_t*>(signing_input.data()),
             signing_input.size(), digest);
    uint8_t em[kMaxModulusBytes];
    if (!op_->Apply(signature, em)) return false;
    if (pss) return PssMatches(em, size_, bits(), hash, digest, digest_len);
    const uint8_t* prefix = hash == Hash::kSha256   ? kSha256Prefix
                            : hash == Hash::kSha384 ? kSha384Prefix
                                                    : kSha512Prefix;
    return Pkcs1Matches(em, size_, prefix, digest, digest_len);
  }

 private:
  std::unique_ptr<RsaPublicOp> op_;
  size_t size_;
};

// b without its leading zero bytes.
Bytes StripZeros(Bytes b) {
  while (!b.empty() && b[0] == 0) b = b.subspan(1);
  return b;
}

// The bit length of big-endian b without leading zero bytes.
size_t BitLength(Bytes b) {
  return b.empty() ? 0 : 8 * (b.size() - 1) + std::bit_width(b[0]);
}

}  // namespace

absl::StatusOr<std::unique_ptr<PreparedKey>> MakeRsaKey(Bytes n_bytes,
                                                        Bytes e_bytes) {
  const Bytes n = StripZeros(n_bytes);
  const Bytes e = StripZeros(e_bytes);
  const size_t bits = BitLength(n);
  if (bits < kMinModulusBits) {
    return absl::InvalidArgumentError("RSA modulus is under 2048 bits");
  }
  if (bits > kMaxModulusBits) {
    return absl::InvalidArgumentError("RSA modulus is over 16384 bits");
  }
  if ((n.back() & 1) == 0) {
    return absl::InvalidArgumentError("RSA modulus is even");
  }
  if (e.empty() || (e.back() & 1) == 0 || (e.size() == 1 && e[0] < 3)) {
    return absl::InvalidArgumentError(
        "RSA public exponent is even or less than 3");
  }
  if (BitLength(e) > kMaxExponentBits) {
    return absl::InvalidArgumentError("RSA public exponent is over 2^33");
  }
  absl::StatusOr<std::unique_ptr<RsaPublicOp>> op = PrepareRsaPublicOp(n, e);
  if (!op.ok()) return op.status();
  return std::make_unique<RsaKey>(*std::move(op), static_cast<int>(bits));
}

}  // namespace jwtv::internal
