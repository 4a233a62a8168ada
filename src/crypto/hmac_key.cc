// Copyright 2026 The jwtv Authors.
//
// HMAC-SHA-2 with the keyed inner and outer hash states computed once per
// key: a Verify then costs the message hash plus two compression-function
// calls, copies two contexts and never allocates.

#include <openssl/crypto.h>
#include <openssl/digest.h>
#include <openssl/hmac.h>
#include <openssl/mem.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstring>

#include "absl/status/status.h"
#include "crypto/prepared_key.h"
#include "crypto/sha256_x2.h"

namespace jwtv::internal {
namespace {

constexpr size_t kMaxHmacSecret = 64 * 1024;

struct Sha256 {
  using Ctx = SHA256_CTX;
  static constexpr size_t kBlock = SHA256_CBLOCK;
  static constexpr size_t kDigest = SHA256_DIGEST_LENGTH;
  static void Init(Ctx* c) { SHA256_Init(c); }
  static void Update(Ctx* c, const void* p, size_t n) {
    SHA256_Update(c, p, n);
  }
  static void Final(uint8_t* out, Ctx* c) { SHA256_Final(out, c); }
};

struct Sha384 {
  using Ctx = SHA512_CTX;
  static constexpr size_t kBlock = SHA512_CBLOCK;
  static constexpr size_t kDigest = SHA384_DIGEST_LENGTH;
  static void Init(Ctx* c) { SHA384_Init(c); }
  static void Update(Ctx* c, const void* p, size_t n) {
    SHA384_Update(c, p, n);
  }
  static void Final(uint8_t* out, Ctx* c) { SHA384_Final(out, c); }
};

struct Sha512 {
  using Ctx = SHA512_CTX;
  static constexpr size_t kBlock = SHA512_CBLOCK;
  static constexpr size_t kDigest = SHA512_DIGEST_LENGTH;
  static void Init(Ctx* c) { SHA512_Init(c); }
  static void Update(Ctx* c, const void* p, size_t n) {
    SHA512_Update(c, p, n);
  }
  static void Final(uint8_t* out, Ctx* c) { SHA512_Final(out, c); }
};

// a == b over N bytes (a multiple of 8: HMAC tags) in constant time: every
// word is read and the verdict depends on all of them at once (the empty
// asm keeps the compiler from deciding early). Inline, unlike
// CRYPTO_memcmp, which compares byte by byte behind a call.
template <size_t N>
bool TagsEqual(const uint8_t* a, const uint8_t* b) {
  static_assert(N % 8 == 0);
  uint64_t diff = 0;
  for (size_t i = 0; i < N; i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a + i, 8);
    std::memcpy(&y, b + i, 8);
    diff |= x ^ y;
  }
  __asm__("" : "+r"(diff));
  return diff == 0;
}

// Clears secret-dependent bytes; the empty asm that may read them keeps the
// stores (as OPENSSL_cleanse does, without the call).
inline void Wipe(void* p, size_t n) {
  std::memset(p, 0, n);
  __asm__ __volatile__("" : : "r"(p) : "memory");
}

// RFC 2104 with the key-dependent prefix (one block each) already absorbed.
template <typename H>
class HmacStates {
 public:
  void Init(Bytes secret) {
    uint8_t block[H::kBlock] = {};
    if (secret.size() > H::kBlock) {
      typename H::Ctx c;
      H::Init(&c);
      H::Update(&c, secret.data(), secret.size());
      H::Final(block, &c);
      OPENSSL_cleanse(&c, sizeof(c));
    } else {
      std::memcpy(block, secret.data(), secret.size());
    }
    for (uint8_t& b : block) b ^= 0x36;
    H::Init(&inner_);
    H::Update(&inner_, block, sizeof(block));
    for (uint8_t& b : block) b ^= 0x36 ^ 0x5c;
    H::Init(&outer_);
    H::Update(&outer_, block, sizeof(block));
    OPENSSL_cleanse(block, sizeof(block));
  }

  // The keyed states (for the two-stream SHA-256 path).
  const typename H::Ctx& inner() const { return inner_; }
  const typename H::Ctx& outer() const { return outer_; }

  void Clear() {
    OPENSSL_cleanse(&inner_, sizeof(inner_));
    OPENSSL_cleanse(&outer_, sizeof(outer_));
  }

  bool Verify(std::string_view data, Bytes tag) const {
    // Only full-length tags: JWS has no truncated HMAC.
    if (tag.size() != H::kDigest) return false;
    typename H::Ctx c = inner_;
    uint8_t digest[H::kDigest];
    H::Update(&c, data.data(), data.size());
    H::Final(digest, &c);
    c = outer_;
    H::Update(&c, digest, sizeof(digest));
    H::Final(digest, &c);
    const bool ok = TagsEqual<H::kDigest>(digest, tag.data());
    Wipe(&c, sizeof(c));
    Wipe(digest, sizeof(digest));
    return ok;
  }

 private:
  typename H::Ctx inner_;
  typename H::Ctx outer_;
};

class HmacKey final : public PreparedKey {
 public:
  explicit HmacKey(Bytes secret)
      : PreparedKey(KeyType::kOct, Curve::kNone,
                    static_cast<int>(secret.size() * 8)) {
    sha256_.Init(secret);
    sha384_.Init(secret);
    sha512_.Init(secret);
  }
  ~HmacKey() override {
    sha256_.Clear();
    sha384_.Clear();
    sha512_.Clear();
  }

  bool Verify(Algorithm alg, std::string_view signing_input,
              Bytes signature) const override {
    switch (alg) {
      case Algorithm::kHS256:
        return sha256_.Verify(signing_input, signature);
      case Algorithm::kHS384:
        return sha384_.Verify(signing_input, signature);
      case Algorithm::kHS512:
        return sha512_.Verify(signing_input, signature);
      default:
        return false;
    }
  }

  // HS256 three tokens at a time through the multi-stream SHA-256 when the
  // CPU has SHA-NI (one stream through BoringSSL is about as fast otherwise).
  void VerifyBatch(Algorithm alg, std::span<const std::string_view> inputs,
                   std::span<const Bytes> signatures,
                   bool* results) const override {
    if (alg != Algorithm::kHS256 || !Sha256HaveShaNi()) {
      PreparedKey::VerifyBatch(alg, inputs, signatures, results);
      return;
    }
    const uint32_t* inner[kSha256MaxStreams];
    const uint32_t* outer[kSha256MaxStreams];
    for (size_t j = 0; j < kSha256MaxStreams; ++j) {
      inner[j] = sha256_.inner().h;
      outer[j] = sha256_.outer().h;
    }
    for (size_t i = 0; i < inputs.size();) {
      // Four left go as two pairs rather than three and one alone.
      const size_t left = inputs.size() - i;
      const size_t n = left == 4 ? 2 : std::min(kSha256MaxStreams, left);
      if (n == 1) {
        results[i] = sha256_.Verify(inputs[i], signatures[i]);
        break;
      }
      uint8_t tags[kSha256MaxStreams][SHA256_DIGEST_LENGTH];
      HmacSha256Streams(n, inner, outer, &inputs[i], tags);
      for (size_t j = 0; j < n; ++j) {
        results[i + j] =
            signatures[i + j].size() == sizeof(tags[j]) &&
            TagsEqual<sizeof(tags[j])>(tags[j], signatures[i + j].data());
      }
      Wipe(tags, sizeof(tags));
      i += n;
    }
  }

 private:
  HmacStates<Sha256> sha256_;
  HmacStates<Sha384> sha384_;
  HmacStates<Sha512> sha512_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<PreparedKey>> MakeHmacKey(Bytes secret) {
  if (secret.empty()) {
    return absl::InvalidArgumentError("HMAC secret is empty");
  }
  if (secret.size() > kMaxHmacSecret) {
    return absl::InvalidArgumentError("HMAC secret is larger than 64 KiB");
  }
  return std::make_unique<HmacKey>(secret);
}

bool RawHmacEquals(Algorithm alg, Bytes key, std::string_view data, Bytes tag) {
  const EVP_MD* md;
  switch (alg) {
    case Algorithm::kHS256:
      md = EVP_sha256();
      break;
    case Algorithm::kHS384:
      md = EVP_sha384();
      break;
    case Algorithm::kHS512:
      md = EVP_sha512();
      break;
    default:
      return false;
  }
  // A null key pointer means "keep the previous key" to HMAC_Init_ex.
  static constexpr uint8_t kNoKey = 0;
  const uint8_t* key_ptr = key.empty() ? &kNoKey : key.data();
  uint8_t out[EVP_MAX_MD_SIZE];
  unsigned out_len = 0;
  if (HMAC(md, key_ptr, key.size(),
           reinterpret_cast<const uint8_t*>(data.data()), data.size(), out,
           &out_len) == nullptr) {
    return false;
  }
  if (tag.size() != out_len) return false;
  return CRYPTO_memcmp(out, tag.data(), out_len) == 0;
}

}  // namespace jwtv::internal
