// Copyright 2026 The jwtv Authors.
//
// HMAC-SHA-2 with the keyed inner and outer hash states computed once per
// key: a Verify then costs the message hash plus two compression-function
// calls, copies two contexts and never allocates.

#include <algorithm>
#include <cstring>

#include "absl/status/status.h"
#include "crypto/backend.h"
#include "crypto/hmac_sha256_batch.h"
#include "crypto/prepared_key.h"

namespace jwtv::internal {
namespace {

constexpr size_t kMaxHmacSecret = size_t{64} * 1024;

struct Sha256 {
  using Ctx = Sha256Ctx;
  static constexpr size_t kBlock = Sha256Ctx::kBlock;
  static constexpr size_t kDigest = kSha256DigestBytes;
  static void Init(Ctx* c) { c->Init(); }
  static void Final(uint8_t* out, Ctx* c) { c->Final(out); }
};

struct Sha384 {
  using Ctx = Sha512Ctx;
  static constexpr size_t kBlock = Sha512Ctx::kBlock;
  static constexpr size_t kDigest = kSha384DigestBytes;
  static void Init(Ctx* c) { c->Init384(); }
  static void Final(uint8_t* out, Ctx* c) { c->Final384(out); }
};

struct Sha512 {
  using Ctx = Sha512Ctx;
  static constexpr size_t kBlock = Sha512Ctx::kBlock;
  static constexpr size_t kDigest = kSha512DigestBytes;
  static void Init(Ctx* c) { c->Init512(); }
  static void Final(uint8_t* out, Ctx* c) { c->Final512(out); }
};

// a == b over N bytes (a multiple of 8: HMAC tags) in constant time: every
// word is read and the verdict depends on all of them at once (the empty
// asm keeps the compiler from deciding early). Inline, unlike
// a library's memcmp, which compares byte by byte behind a call.
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
      c.Update(secret.data(), secret.size());
      H::Final(block, &c);
      Wipe(&c, sizeof(c));
    } else {
      std::memcpy(block, secret.data(), secret.size());
    }
    for (uint8_t& b : block) b ^= 0x36;
    H::Init(&inner_);
    inner_.Update(block, sizeof(block));
    for (uint8_t& b : block) b ^= 0x36 ^ 0x5c;
    H::Init(&outer_);
    outer_.Update(block, sizeof(block));
    Wipe(block, sizeof(block));
  }

  // The keyed states (for the multi-stream SHA-256 path).
  const typename H::Ctx& inner() const { return inner_; }
  const typename H::Ctx& outer() const { return outer_; }

  void Clear() {
    Wipe(&inner_, sizeof(inner_));
    Wipe(&outer_, sizeof(outer_));
  }

  bool Verify(std::string_view data, Bytes tag) const {
    // Only full-length tags: JWS has no truncated HMAC.
    if (tag.size() != H::kDigest) return false;
    typename H::Ctx c = inner_;
    uint8_t digest[H::kDigest];
    c.Update(data.data(), data.size());
    H::Final(digest, &c);
    c = outer_;
    c.Update(digest, sizeof(digest));
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

  // HS256 by the batch kernel chosen for this CPU (hmac_sha256_batch.h);
  // the serial kernel is the loop over Verify.
  void VerifyBatch(Algorithm alg, std::span<const std::string_view> inputs,
                   std::span<const Bytes> signatures,
                   bool* results) const override {
    const HmacKernel kernel = ChosenHmacKernel();
    if (alg != Algorithm::kHS256 || kernel == HmacKernel::kSerial) {
      PreparedKey::VerifyBatch(alg, inputs, signatures, results);
      return;
    }
    constexpr size_t kChunk = 64;
    uint8_t tags[kChunk][kSha256DigestBytes];
    uint8_t* outs[kChunk];
    for (size_t j = 0; j < kChunk; ++j) outs[j] = tags[j];
    for (size_t i = 0; i < inputs.size(); i += kChunk) {
      const size_t n = std::min(kChunk, inputs.size() - i);
      HmacSha256Batch(sha256_.inner(), sha256_.outer(), &inputs[i], outs, n,
                      kernel);
      for (size_t j = 0; j < n; ++j) {
        results[i + j] =
            signatures[i + j].size() == sizeof(tags[j]) &&
            TagsEqual<sizeof(tags[j])>(tags[j], signatures[i + j].data());
      }
    }
    Wipe(tags, sizeof(tags));
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

}  // namespace jwtv::internal
