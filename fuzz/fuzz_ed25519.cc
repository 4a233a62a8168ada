// Copyright 2026 The jwtv Authors.
//
// fuzz_ed25519: jwtv's own Ed25519 verifier (src/crypto/ed25519.h,
// Ed25519PublicKey) against the crypto backend of the build (BoringSSL's
// ED25519_verify, or OpenSSL 3's through tests/testing/crypto_testing.h),
// differentially: on every input both must give the same verdict, and a key
// Create refuses must be one under which the backend verifies nothing.
//
// Input: byte 0 picks the operation (low 2 bits) and variants (the rest):
//   0: raw key, signature and message from the input;
//   1: a key pair from a 32-byte input seed, a valid signature of the input
//      message (both must accept), then S + L (both must reject) and one
//      input-chosen bit of R, S, the key or the message flipped;
//   2: a special key (small order, non-canonical y >= p or x = 0 with the
//      sign bit, chosen by the input) with R chosen the same way or from the
//      input, and S an edge value (0, 1, L - 1, L, ...) or from the input;
//   3: a valid signature (as 1) whose R, or key, is replaced by a special
//      encoding, or whose S is replaced by an edge value.
// Missing bytes read as zero. Deterministic: no RNG.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "crypto/ed25519.h"
#include "fuzz_common.h"
#include "fuzz_reader.h"
#include "testing/crypto_testing.h"

namespace {

using jwtv::internal::Ed25519PublicKey;
using Bytes32 = std::array<uint8_t, 32>;
using Sig = std::array<uint8_t, 64>;

using Reader = jwtv_fuzz::FuzzReader;

Bytes32 FromHex(const char* hex) {
  Bytes32 out{};
  for (size_t i = 0; i < 32; ++i) {
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    out[i] =
        static_cast<uint8_t>(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
  }
  return out;
}

// The eight points of order dividing 8 in every encoding ref10 decodes
// (canonical, y + p, x = 0 with the sign bit), a y >= p that decodes to an
// ordinary point, and the base point.
const char* const kSpecialHex[] = {
    "0100000000000000000000000000000000000000000000000000000000000000",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0100000000000000000000000000000000000000000000000000000000000080",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000080",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "f0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "5866666666666666666666666666666666666666666666666666666666666666",
};
constexpr size_t kSpecialCount = sizeof(kSpecialHex) / sizeof(kSpecialHex[0]);

Bytes32 Special(uint8_t which) {
  return FromHex(kSpecialHex[which % kSpecialCount]);
}

// L, little-endian.
constexpr Bytes32 kL = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                        0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                        0,    0,    0,    0,    0,    0,    0,    0,
                        0,    0,    0,    0,    0,    0,    0,    0x10};

// a + b mod 2^256 (little-endian); a + d for a small signed d.
Bytes32 Add(const Bytes32& a, const Bytes32& b) {
  Bytes32 out{};
  unsigned carry = 0;
  for (size_t i = 0; i < 32; ++i) {
    carry += a[i] + b[i];
    out[i] = static_cast<uint8_t>(carry);
    carry >>= 8;
  }
  return out;
}

Bytes32 Small(uint8_t v) {
  Bytes32 out{};
  out[0] = v;
  return out;
}

// 0, 1, 2, L - 1, L, L + 1, 2^253 - 1, 2^256 - 1, or L - 1 - v.
Bytes32 EdgeScalar(uint8_t which, uint8_t v) {
  Bytes32 l_minus_1 = kL;
  l_minus_1[0] -= 1;
  switch (which % 9) {
    case 0:
      return Small(0);
    case 1:
      return Small(1);
    case 2:
      return Small(2);
    case 3:
      return l_minus_1;
    case 4:
      return kL;
    case 5:
      return Add(kL, Small(1));
    case 6: {
      Bytes32 s;
      s.fill(0xff);
      s[31] = 0x1f;
      return s;
    }
    case 7: {
      Bytes32 s;
      s.fill(0xff);
      return s;
    }
    default: {
      Bytes32 s = kL;
      s[0] = static_cast<uint8_t>(s[0] - 1 - (v & 0x7f));  // no borrow: 0xed
      return s;
    }
  }
}

// Both verdicts; aborts if they differ. Returns the verdict.
bool Check(const Bytes32& pk, std::string_view msg, const Sig& sig) {
  const std::unique_ptr<Ed25519PublicKey> key =
      Ed25519PublicKey::Create(pk.data());
  const bool fast = key != nullptr && key->Verify(msg, sig.data());
  const bool want = ED25519_verify(reinterpret_cast<const uint8_t*>(msg.data()),
                                   msg.size(), sig.data(), pk.data()) == 1;
  FUZZ_CHECK(fast == want, "jwtv=%d backend=%d (key %s)", fast, want,
             key != nullptr ? "decoded" : "refused");
  return fast;
}

struct Signed {
  Bytes32 pk;
  Sig sig;
};

// A key pair from the input's seed and a signature of msg.
Signed SignFromSeed(Reader& in, std::string_view msg) {
  const Bytes32 seed = in.Raw32();
  uint8_t sk[64];
  Signed s{};
  ED25519_keypair_from_seed(s.pk.data(), sk, seed.data());
  FUZZ_CHECK(
      ED25519_sign(s.sig.data(), reinterpret_cast<const uint8_t*>(msg.data()),
                   msg.size(), sk) == 1,
      "sign");
  return s;
}

void SetS(Sig& sig, const Bytes32& s) {
  std::memcpy(sig.data() + 32, s.data(), 32);
}

void SetR(Sig& sig, const Bytes32& r) { std::memcpy(sig.data(), r.data(), 32); }

void OpRaw(Reader& in) {
  const Bytes32 pk = in.Raw32();
  Sig sig;
  const Bytes32 r = in.Raw32(), s = in.Raw32();
  SetR(sig, r);
  SetS(sig, s);
  Check(pk, in.Rest(), sig);
}

void OpValid(Reader& in) {
  const uint8_t bit = in.Byte(), where = in.Byte();
  Reader seed_in = in;
  in.Raw32();
  const std::string_view msg = in.Rest();
  const Signed s = SignFromSeed(seed_in, msg);
  FUZZ_CHECK(Check(s.pk, msg, s.sig), "valid signature rejected");
  Sig bad = s.sig;
  Bytes32 s_plus_l;
  std::memcpy(s_plus_l.data(), s.sig.data() + 32, 32);
  SetS(bad, Add(s_plus_l, kL));
  FUZZ_CHECK(!Check(s.pk, msg, bad), "S + L accepted");
  bad = s.sig;
  const uint8_t mask = static_cast<uint8_t>(1 << (bit % 8));
  switch (where % 3) {
    case 0:
      bad[(bit / 8 + where) % 64] ^= mask;
      Check(s.pk, msg, bad);
      break;
    case 1: {
      Bytes32 pk = s.pk;
      pk[(bit / 8 + where) % 32] ^= mask;
      Check(pk, msg, s.sig);
      break;
    }
    default: {
      std::string m(msg);
      if (!m.empty()) {
        char& c = m[(bit / 8 + where) % m.size()];
        c = static_cast<char>(static_cast<uint8_t>(c) ^ mask);
      }
      Check(s.pk, m, s.sig);
      break;
    }
  }
}

void OpSpecial(Reader& in, uint8_t flags) {
  const Bytes32 pk = (flags & 1) ? in.Raw32() : Special(in.Byte());
  Sig sig;
  SetR(sig, (flags & 2) ? in.Raw32() : Special(in.Byte()));
  const uint8_t which = in.Byte(), v = in.Byte();
  SetS(sig, (flags & 4) ? in.Raw32() : EdgeScalar(which, v));
  Check(pk, in.Rest(), sig);
}

void OpReplace(Reader& in, uint8_t flags) {
  const uint8_t a = in.Byte(), b = in.Byte();
  Reader seed_in = in;
  in.Raw32();
  const std::string_view msg = in.Rest();
  Signed s = SignFromSeed(seed_in, msg);
  switch (flags % 3) {
    case 0:
      SetR(s.sig, Special(a));
      break;
    case 1:
      s.pk = Special(a);
      break;
    default:
      SetS(s.sig, EdgeScalar(a, b));
      break;
  }
  Check(s.pk, msg, s.sig);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Reader in(data, size);
  const uint8_t mode = in.Byte();
  const uint8_t flags = mode >> 2;
  switch (mode & 3) {
    case 0:
      OpRaw(in);
      break;
    case 1:
      OpValid(in);
      break;
    case 2:
      OpSpecial(in, flags);
      break;
    default:
      OpReplace(in, flags);
      break;
  }
  return 0;
}
