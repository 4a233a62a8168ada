// Copyright 2026 The jwtv Authors.
//
// fuzz_p256: jwtv's own P-256 verifier (src/crypto/p256.h, P256PublicKey)
// against the crypto backend of the build (BoringSSL, or OpenSSL 3; "BoringSSL"
// below stands for either), differentially:
//   - MulAddX(u1, u2) == x(u1*G + u2*Q) from EC_POINT_mul (or both at
//     infinity); a scalar >= n is refused by MulAddX;
//   - Verify(digest, r||s) == ECDSA_do_verify on input digests and
//     signatures;
//   - a valid signature built here from the input (private d, nonce k) is
//     accepted by both, so is (r, n - s), and both agree once one byte of
//     digest or signature is flipped;
//   - Create(x, y) succeeds iff EC_POINT_set_affine_coordinates_GFp does
//     (coordinates >= p refused by both; OpenSSL reduces them mod p, so with
//     OpenSSL the reference also requires them below p), and the key it makes
//     is the point.
// Deterministic: keys, nonces and signatures all come from the input.
//
// Input: byte 0 picks the operation (low 2 bits) and variants, byte 1 the
// key (one of six fixed private keys, or 32 more input bytes as d, reduced
// mod n). Every 32-byte scalar is preceded by a tag byte: tags 0xf0..0xff
// substitute an edge value (0, 1, 2, n-1, n-2, n, n+1, 2^256-1, (n-1)/2,
// (n+1)/2, p-1, p, p+1, ...) for the 32 bytes. Missing bytes read as zero.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "crypto/p256.h"
#include "fuzz_common.h"
#include "fuzz_reader.h"
#include "testing/crypto_testing.h"

namespace {

using jwtv::internal::P256PublicKey;
using Bytes32 = std::array<uint8_t, 32>;

using Reader = jwtv_fuzz::FuzzReader;

const EC_GROUP* Group() {
  static const EC_GROUP* group =
      EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  return group;
}

const BIGNUM* Order() { return EC_GROUP_get0_order(Group()); }

const BIGNUM* Prime() {
  static const BIGNUM* p = [] {
    BIGNUM* p = BN_new();
    FUZZ_CHECK(EC_GROUP_get_curve_GFp(Group(), p, nullptr, nullptr, nullptr),
               "curve");
    return p;
  }();
  return p;
}

BN_CTX* Ctx() {
  static BN_CTX* ctx = BN_CTX_new();
  return ctx;
}

Bytes32 BnTo32(const BIGNUM* bn) {
  Bytes32 out{};
  FUZZ_CHECK(BN_bn2bin_padded(out.data(), out.size(), bn), "bn2bin");
  return out;
}

bssl::UniquePtr<BIGNUM> BnFrom32(const Bytes32& b) {
  return bssl::UniquePtr<BIGNUM>(BN_bin2bn(b.data(), b.size(), nullptr));
}

// base + delta (delta may be negative), as 32 bytes mod 2^256.
Bytes32 Offset(const BIGNUM* base, int delta) {
  bssl::UniquePtr<BIGNUM> v(BN_dup(base));
  if (delta >= 0) {
    FUZZ_CHECK(BN_add_word(v.get(), delta), "add");
  } else {
    FUZZ_CHECK(BN_sub_word(v.get(), -delta), "sub");
  }
  bssl::UniquePtr<BIGNUM> two256(BN_new());
  FUZZ_CHECK(BN_set_bit(two256.get(), 256), "bit");
  FUZZ_CHECK(BN_nnmod(v.get(), v.get(), two256.get(), Ctx()), "mod");
  return BnTo32(v.get());
}

const std::vector<Bytes32>& Edges() {
  static const std::vector<Bytes32> edges = [] {
    bssl::UniquePtr<BIGNUM> zero(BN_new()), half(BN_new()), gx(BN_new());
    BN_zero(zero.get());
    FUZZ_CHECK(BN_rshift1(half.get(), Order()), "half");  // (n-1)/2
    FUZZ_CHECK(EC_POINT_get_affine_coordinates_GFp(
                   Group(), EC_GROUP_get0_generator(Group()), gx.get(), nullptr,
                   nullptr),
               "gx");
    return std::vector<Bytes32>{
        Offset(zero.get(), 0), Offset(zero.get(), 1),  Offset(zero.get(), 2),
        Offset(Order(), -1),   Offset(Order(), -2),    Offset(Order(), 0),
        Offset(Order(), 1),    Offset(zero.get(), -1), Offset(half.get(), 0),
        Offset(half.get(), 1), Offset(Prime(), -1),    Offset(Prime(), 0),
        Offset(Prime(), 1),    Offset(gx.get(), 0),    Offset(Prime(), -3),
        Offset(zero.get(), 3)};
  }();
  return edges;
}

// A tag byte, then 32 bytes (or an edge value for tags >= 0xf0).
Bytes32 Value32(Reader& in) {
  const uint8_t tag = in.Byte();
  if (tag >= 0xf0) return Edges()[tag - 0xf0];
  return in.Raw32();
}

bool Below(const Bytes32& v, const BIGNUM* bound) {
  return BN_cmp(BnFrom32(v).get(), bound) < 0;
}

struct Key {
  bssl::UniquePtr<BIGNUM> d;         // the private scalar, 0 < d < n
  bssl::UniquePtr<EC_KEY> ec;        // BoringSSL's public key
  std::unique_ptr<P256PublicKey> p;  // jwtv's
  Bytes32 x{}, y{};
};

// The key of private scalar d (0 < d < n).
std::unique_ptr<Key> MakeKey(const BIGNUM* d) {
  auto k = std::make_unique<Key>();
  k->d.reset(BN_dup(d));
  bssl::UniquePtr<EC_POINT> q(EC_POINT_new(Group()));
  FUZZ_CHECK(EC_POINT_mul(Group(), q.get(), d, nullptr, nullptr, Ctx()), "d*G");
  k->ec.reset(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  FUZZ_CHECK(EC_KEY_set_public_key(k->ec.get(), q.get()), "set key");
  bssl::UniquePtr<BIGNUM> x(BN_new()), y(BN_new());
  FUZZ_CHECK(EC_POINT_get_affine_coordinates_GFp(Group(), q.get(), x.get(),
                                                 y.get(), Ctx()),
             "affine");
  k->x = BnTo32(x.get());
  k->y = BnTo32(y.get());
  k->p = P256PublicKey::Create(k->x.data(), k->y.data());
  FUZZ_CHECK(k->p != nullptr, "Create refused d*G");
  return k;
}

// Six fixed keys: d = 1 (Q = G), 2, n-1 (Q = -G), (n-1)/2, and two
// arbitrary ones.
const std::vector<std::unique_ptr<Key>>& FixedKeys() {
  static const std::vector<std::unique_ptr<Key>> keys = [] {
    std::vector<std::unique_ptr<Key>> out;
    const char* hex[] = {
        "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721",
        "0f56db78ca460b055c500064824bed999a25aaf48ebb519ac201537b85479813"};
    for (int i : {1, 2}) {
      bssl::UniquePtr<BIGNUM> d(BN_new());
      FUZZ_CHECK(BN_set_word(d.get(), i), "word");
      out.push_back(MakeKey(d.get()));
    }
    for (int i : {3, 8}) {  // n-1, (n-1)/2
      out.push_back(MakeKey(BnFrom32(Edges()[i]).get()));
    }
    for (const char* h : hex) {
      BIGNUM* d = nullptr;
      FUZZ_CHECK(BN_hex2bn(&d, h), "hex");
      out.push_back(MakeKey(d));
      BN_free(d);
    }
    return out;
  }();
  return keys;
}

// Picks the key: byte % 7 < 6 a fixed key, else d from 32 input bytes
// (reduced mod n; nullptr when that is 0).
const Key* PickKey(Reader& in, std::unique_ptr<Key>* owned) {
  const uint8_t sel = in.Byte() % 7;
  if (sel < 6) return FixedKeys()[sel].get();
  bssl::UniquePtr<BIGNUM> d = BnFrom32(Value32(in));
  FUZZ_CHECK(BN_nnmod(d.get(), d.get(), Order(), Ctx()), "mod");
  if (BN_is_zero(d.get())) return nullptr;
  *owned = MakeKey(d.get());
  return owned->get();
}

// BoringSSL's x(u1*G + u2*Q) (scalars reduced mod n), or false at infinity.
bool ReferenceMulAddX(const Key& key, const Bytes32& u1, const Bytes32& u2,
                      Bytes32* x) {
  bssl::UniquePtr<BIGNUM> a = BnFrom32(u1), b = BnFrom32(u2);
  bssl::UniquePtr<EC_POINT> r(EC_POINT_new(Group()));
  FUZZ_CHECK(EC_POINT_mul(Group(), r.get(), a.get(),
                          EC_KEY_get0_public_key(key.ec.get()), b.get(), Ctx()),
             "EC_POINT_mul");
  if (EC_POINT_is_at_infinity(Group(), r.get())) return false;
  bssl::UniquePtr<BIGNUM> bx(BN_new());
  FUZZ_CHECK(EC_POINT_get_affine_coordinates_GFp(Group(), r.get(), bx.get(),
                                                 nullptr, Ctx()),
             "affine");
  *x = BnTo32(bx.get());
  return true;
}

void CheckMulAdd(const Key& key, const Bytes32& u1, const Bytes32& u2) {
  Bytes32 got{};
  const bool got_finite = key.p->MulAddX(u1.data(), u2.data(), got.data());
  if (!Below(u1, Order()) || !Below(u2, Order())) {
    FUZZ_CHECK(!got_finite, "MulAddX accepted a scalar >= n");
    return;
  }
  Bytes32 want{};
  const bool want_finite = ReferenceMulAddX(key, u1, u2, &want);
  FUZZ_CHECK(got_finite == want_finite,
             "MulAddX finite=%d, BoringSSL finite=%d", got_finite, want_finite);
  FUZZ_CHECK(!want_finite || got == want, "MulAddX x differs from BoringSSL");
}

bool ReferenceVerify(const Key& key, const Bytes32& digest,
                     const uint8_t sig[64]) {
  bssl::UniquePtr<ECDSA_SIG> s(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(sig, 32, nullptr);
  BIGNUM* ss = BN_bin2bn(sig + 32, 32, nullptr);
  FUZZ_CHECK(ECDSA_SIG_set0(s.get(), r, ss), "sig");
  // 1 valid, 0 invalid; OpenSSL returns -1 on an error.
  const bool ok =
      ECDSA_do_verify(digest.data(), 32, s.get(), key.ec.get()) == 1;
  ERR_clear_error();
  return ok;
}

// Both verifiers' verdict on (digest, sig); aborts when they differ.
bool CheckVerify(const Key& key, const Bytes32& digest, const uint8_t sig[64]) {
  const bool got = key.p->Verify(digest.data(), sig);
  const bool want = ReferenceVerify(key, digest, sig);
  FUZZ_CHECK(got == want, "Verify=%d, ECDSA_do_verify=%d", got, want);
  return got;
}

// u1 from the input, or derived from u2 and d so that u1*G = +-u2*Q (+ c*G):
// doubling and cancellation inside the double-scalar multiplication.
Bytes32 DerivedU1(const Key& key, const Bytes32& raw, const Bytes32& u2,
                  uint8_t variant, uint8_t c) {
  if (variant % 4 == 0) return raw;
  bssl::UniquePtr<BIGNUM> v(BN_new());
  bssl::UniquePtr<BIGNUM> b = BnFrom32(u2);
  FUZZ_CHECK(BN_mod_mul(v.get(), key.d.get(), b.get(), Order(), Ctx()), "mul");
  if (variant % 4 == 2) {
    FUZZ_CHECK(BN_mod_sub(v.get(), Order(), v.get(), Order(), Ctx()), "neg");
  } else if (variant % 4 == 3) {
    if (c & 0x80) {
      FUZZ_CHECK(BN_mod_sub(v.get(), Order(), v.get(), Order(), Ctx()), "neg");
    }
    bssl::UniquePtr<BIGNUM> w(BN_new());
    FUZZ_CHECK(BN_set_word(w.get(), c & 0x7f), "word");
    FUZZ_CHECK(BN_mod_add(v.get(), v.get(), w.get(), Order(), Ctx()), "add");
  }
  return BnTo32(v.get());
}

void OpMulAdd(const Key& key, Reader& in, uint8_t flags) {
  const Bytes32 u1raw = Value32(in);
  const Bytes32 u2 = Value32(in);
  const Bytes32 u1 = DerivedU1(key, u1raw, u2, flags, in.Byte());
  CheckMulAdd(key, u1, u2);
  CheckMulAdd(key, u2, u1);
}

void OpVerifyRaw(const Key& key, Reader& in) {
  const Bytes32 digest = Value32(in);
  const Bytes32 r = Value32(in), s = Value32(in);
  uint8_t sig[64];
  std::memcpy(sig, r.data(), 32);
  std::memcpy(sig + 32, s.data(), 32);
  CheckVerify(key, digest, sig);
}

// A valid signature of `digest` under key.d with nonce k, both verifiers
// must accept it (and (r, n-s)); then one flipped byte.
void OpValidSignature(const Key& key, Reader& in, uint8_t flags) {
  const Bytes32 digest = Value32(in);
  bssl::UniquePtr<BIGNUM> k = BnFrom32(Value32(in));
  const uint8_t pos = in.Byte();
  uint8_t mask = in.Byte();
  BN_CTX* ctx = Ctx();
  FUZZ_CHECK(BN_nnmod(k.get(), k.get(), Order(), ctx), "mod");
  if (BN_is_zero(k.get())) return;
  bssl::UniquePtr<EC_POINT> big_r(EC_POINT_new(Group()));
  FUZZ_CHECK(EC_POINT_mul(Group(), big_r.get(), k.get(), nullptr, nullptr, ctx),
             "k*G");
  bssl::UniquePtr<BIGNUM> r(BN_new()), s(BN_new()), e(BN_new()), t(BN_new()),
      kinv(BN_new());
  FUZZ_CHECK(EC_POINT_get_affine_coordinates_GFp(Group(), big_r.get(), r.get(),
                                                 nullptr, ctx),
             "affine");
  FUZZ_CHECK(BN_nnmod(r.get(), r.get(), Order(), ctx), "mod");
  if (BN_is_zero(r.get())) return;
  // e: the digest as an integer (256 bits, the order's size), mod n.
  bssl::UniquePtr<BIGNUM> e_raw = BnFrom32(digest);
  FUZZ_CHECK(BN_nnmod(e.get(), e_raw.get(), Order(), ctx), "mod");
  FUZZ_CHECK(BN_mod_mul(t.get(), r.get(), key.d.get(), Order(), ctx), "rd");
  FUZZ_CHECK(BN_mod_add(t.get(), t.get(), e.get(), Order(), ctx), "e+rd");
  FUZZ_CHECK(BN_mod_inverse(kinv.get(), k.get(), Order(), ctx) != nullptr,
             "k^-1");
  FUZZ_CHECK(BN_mod_mul(s.get(), kinv.get(), t.get(), Order(), ctx), "s");
  if (BN_is_zero(s.get())) return;

  uint8_t sig[64];
  FUZZ_CHECK(BN_bn2bin_padded(sig, 32, r.get()), "r");
  FUZZ_CHECK(BN_bn2bin_padded(sig + 32, 32, s.get()), "s");
  FUZZ_CHECK(CheckVerify(key, digest, sig), "a valid signature was refused");

  // (r, n - s) is valid too.
  uint8_t sig2[64];
  std::memcpy(sig2, sig, 32);
  FUZZ_CHECK(BN_sub(t.get(), Order(), s.get()), "n-s");
  FUZZ_CHECK(BN_bn2bin_padded(sig2 + 32, 32, t.get()), "n-s");
  FUZZ_CHECK(CheckVerify(key, digest, sig2), "(r, n-s) was refused");

  // (r + n, s) and (r, s + n) when they fit in 32 bytes: refused by both.
  for (int which = 0; which < 2; ++which) {
    FUZZ_CHECK(BN_add(t.get(), which == 0 ? r.get() : s.get(), Order()), "+n");
    if (BN_num_bytes(t.get()) > 32) continue;
    uint8_t big[64];
    std::memcpy(big, sig, 64);
    FUZZ_CHECK(BN_bn2bin_padded(big + 32 * which, 32, t.get()), "+n");
    FUZZ_CHECK(!CheckVerify(key, digest, big), "accepted r or s >= n");
  }

  // The digest as e + n when that fits (a digest >= n means the same e).
  if (flags & 1) {
    FUZZ_CHECK(BN_add(t.get(), e.get(), Order()), "e+n");
    if (BN_num_bytes(t.get()) <= 32) {
      FUZZ_CHECK(CheckVerify(key, BnTo32(t.get()), sig),
                 "digest e+n was refused");
    }
  }

  // One byte of digest (pos % 96 < 32) or signature flipped.
  if (mask == 0) mask = 1;
  Bytes32 d2 = digest;
  uint8_t sig3[64];
  std::memcpy(sig3, sig, 64);
  const int p = pos % 96;
  if (p < 32) {
    d2[p] ^= mask;
  } else {
    sig3[p - 32] ^= mask;
  }
  CheckVerify(key, d2, sig3);
}

// Create(x, y) against EC_POINT_set_affine_coordinates_GFp.
void OpCreate(Reader& in, uint8_t flags) {
  Bytes32 x = Value32(in);
  Bytes32 y = Value32(in);
  if (flags & 1) {
    // y from x: a point on the curve when x^3 - 3x + b is a square.
    bssl::UniquePtr<EC_POINT> pt(EC_POINT_new(Group()));
    bssl::UniquePtr<BIGNUM> bx = BnFrom32(x), by(BN_new());
    if (EC_POINT_set_compressed_coordinates_GFp(Group(), pt.get(), bx.get(),
                                                (flags >> 1) & 1, Ctx()) &&
        EC_POINT_get_affine_coordinates_GFp(Group(), pt.get(), nullptr,
                                            by.get(), Ctx())) {
      y = BnTo32(by.get());
      const uint8_t tweak = in.Byte();
      if (tweak & 0x80) y[tweak % 32] ^= in.Byte() | 1;  // off the curve
      if (tweak & 0x40) {  // y + p, x + p where they fit: out of range
        Bytes32* c = (tweak & 0x20) ? &x : &y;
        bssl::UniquePtr<BIGNUM> v = BnFrom32(*c);
        FUZZ_CHECK(BN_add(v.get(), v.get(), Prime()), "+p");
        if (BN_num_bytes(v.get()) <= 32) *c = BnTo32(v.get());
      }
    }
    ERR_clear_error();
  }
  bssl::UniquePtr<EC_POINT> pt(EC_POINT_new(Group()));
  bssl::UniquePtr<BIGNUM> bx = BnFrom32(x), by = BnFrom32(y);
  bool want = EC_POINT_set_affine_coordinates_GFp(Group(), pt.get(), bx.get(),
                                                  by.get(), Ctx()) == 1;
  ERR_clear_error();
#if defined(JWTV_CRYPTO_OPENSSL)
  // OpenSSL reduces coordinates mod p; a public key's are field elements.
  want = want && Below(x, Prime()) && Below(y, Prime());
#endif
  if (want) {  // BoringSSL must have refused coordinates >= p
    FUZZ_CHECK(Below(x, Prime()) && Below(y, Prime()),
               "BoringSSL accepted a coordinate >= p");
  }
  std::unique_ptr<P256PublicKey> key =
      P256PublicKey::Create(x.data(), y.data());
  FUZZ_CHECK((key != nullptr) == want, "Create=%d, BoringSSL=%d",
             key != nullptr, want);
  if (!key) return;
  // The key is the point: 0*G + 1*Q = (x, y), 1*G + 0*Q = G.
  Bytes32 one{}, zero{}, got{};
  one[31] = 1;
  FUZZ_CHECK(key->MulAddX(zero.data(), one.data(), got.data()) && got == x,
             "x(1*Q) != x");
  FUZZ_CHECK(
      key->MulAddX(one.data(), zero.data(), got.data()) && got == Edges()[13],
      "x(1*G) != Gx");
  // Q + Q and G + Q, against BoringSSL.
  Key k;
  k.ec.reset(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  FUZZ_CHECK(EC_KEY_set_public_key(k.ec.get(), pt.get()), "set key");
  k.p = std::move(key);
  const Bytes32 two = Edges()[2];
  CheckMulAdd(k, zero, two);
  CheckMulAdd(k, one, one);
  CheckMulAdd(k, Value32(in), Value32(in));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Reader in(data, size);
  const uint8_t mode = in.Byte();
  const uint8_t op = mode & 3, flags = mode >> 2;
  if (op == 3) {
    OpCreate(in, flags);
    return 0;
  }
  std::unique_ptr<Key> owned;
  const Key* key = PickKey(in, &owned);
  if (key == nullptr) return 0;
  switch (op) {
    case 0:
      OpMulAdd(*key, in, flags);
      break;
    case 1:
      OpVerifyRaw(*key, in);
      break;
    case 2:
      OpValidSignature(*key, in, flags);
      break;
  }
  return 0;
}
