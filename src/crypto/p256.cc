// Copyright 2026 The jwtv Authors.
//
// P-256 arithmetic for verification: Montgomery multiplication over 4 x
// 64-bit limbs (a schoolbook product, then the reduction: a generic one for
// the scalars mod n, one shaped by p for the field);
// Jacobian points with a = -3; and one interleaved multi-scalar
// multiplication. The width-w NAF of each 256-bit scalar is cut into eight
// 32-digit chunks, so u1*G + u2*Q = sum over k of c1k * (2^32k G) +
// c2k * (2^32k Q): sixteen bases, 32 doublings instead of 256, and odd
// multiples of each base from affine tables (built once for G, at Create for
// Q).

#include "crypto/p256.h"

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <vector>

#include "crypto/p256_mulx.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace jwtv::internal {
namespace {

using u64 = uint64_t;
using u128 = unsigned __int128;
using Limbs = P256Limbs;

// p = 2^256 - 2^224 + 2^192 + 2^96 - 1 and the group order n.
constexpr Limbs kP = {0xFFFFFFFFFFFFFFFF, 0x00000000FFFFFFFF, 0,
                      0xFFFFFFFF00000001};
constexpr Limbs kN = {0xF3B9CAC2FC632551, 0xBCE6FAADA7179E84,
                      0xFFFFFFFFFFFFFFFF, 0xFFFFFFFF00000000};
constexpr Limbs kB = {0x3BCE3C3E27D2604B, 0x651D06B0CC53B0F6,
                      0xB3EBBD55769886BC, 0x5AC635D8AA3A93E7};
constexpr Limbs kGx = {0xF4A13945D898C296, 0x77037D812DEB33A0,
                       0xF8BCE6E563A440F2, 0x6B17D1F2E12C4247};
constexpr Limbs kGy = {0xCBB6406837BF51F5, 0x2BCE33576B315ECE,
                       0x8EE7EB4A7C0F9E16, 0x4FE342E2FE1A7F9B};

constexpr bool IsZero(const Limbs& a) {
  return (a[0] | a[1] | a[2] | a[3]) == 0;
}

// a >= b as integers.
constexpr bool Geq(const Limbs& a, const Limbs& b) {
  for (int i = 3; i >= 0; --i) {
    if (a[i] != b[i]) return a[i] > b[i];
  }
  return true;
}

// out = a + b mod 2^256; returns the carry.
constexpr u64 Add(Limbs& out, const Limbs& a, const Limbs& b) {
#if defined(__x86_64__)
  if (!std::is_constant_evaluated()) {
    unsigned long long r0, r1, r2, r3;
    unsigned char c = _addcarry_u64(0, a[0], b[0], &r0);
    c = _addcarry_u64(c, a[1], b[1], &r1);
    c = _addcarry_u64(c, a[2], b[2], &r2);
    c = _addcarry_u64(c, a[3], b[3], &r3);
    out = {r0, r1, r2, r3};
    return c;
  }
#endif
  u64 carry = 0;
  for (int i = 0; i < 4; ++i) {
    u128 s = static_cast<u128>(a[i]) + b[i] + carry;
    out[i] = static_cast<u64>(s);
    carry = static_cast<u64>(s >> 64);
  }
  return carry;
}

// out = a - b mod 2^256; returns the borrow.
constexpr u64 Sub(Limbs& out, const Limbs& a, const Limbs& b) {
#if defined(__x86_64__)
  if (!std::is_constant_evaluated()) {
    unsigned long long r0, r1, r2, r3;
    unsigned char c = _subborrow_u64(0, a[0], b[0], &r0);
    c = _subborrow_u64(c, a[1], b[1], &r1);
    c = _subborrow_u64(c, a[2], b[2], &r2);
    c = _subborrow_u64(c, a[3], b[3], &r3);
    out = {r0, r1, r2, r3};
    return c;
  }
#endif
  u64 borrow = 0;
  for (int i = 0; i < 4; ++i) {
    u128 d = static_cast<u128>(a[i]) - b[i] - borrow;
    out[i] = static_cast<u64>(d);
    borrow = static_cast<u64>(d >> 64) & 1;
  }
  return borrow;
}

// r - m if `carry` (a 257th bit of r) or r >= m, else r; without a branch,
// since which one it is looks random to the branch predictor.
inline Limbs ReduceOnce(const Limbs& r, u64 carry, const Limbs& m) {
  Limbs d;
  const u64 borrow = Sub(d, r, m);
  const u64 keep_r = (borrow & ~carry) & 1;  // r < m and no 257th bit
  const u64 mask = 0 - keep_r;
  return {(r[0] & mask) | (d[0] & ~mask), (r[1] & mask) | (d[1] & ~mask),
          (r[2] & mask) | (d[2] & ~mask), (r[3] & mask) | (d[3] & ~mask)};
}

// An odd modulus m with 2^255 < m < 2^256, and what Montgomery arithmetic
// with R = 2^256 needs of it.
struct Modulus {
  Limbs m;
  u64 n0;     // -m^-1 mod 2^64
  Limbs r2;   // R^2 mod m
  Limbs one;  // R mod m
};

constexpr Modulus MakeModulus(const Limbs& m) {
  Modulus out{m, 0, {}, {}};
  u64 inv = 1;  // Newton: each step doubles the correct low bits.
  for (int i = 0; i < 6; ++i) inv *= 2 - m[0] * inv;
  out.n0 = ~inv + 1;
  Limbs zero{};
  Sub(out.one, zero, m);  // 2^256 - m = R mod m, since m > 2^255.
  Limbs r = out.one;
  for (int i = 0; i < 256; ++i) {  // R * 2^256 mod m by doubling.
    Limbs d{};
    u64 carry = Add(d, r, r);
    if (carry || Geq(d, m)) Sub(d, d, m);
    r = d;
  }
  out.r2 = r;
  return out;
}

constexpr Modulus kFp = MakeModulus(kP);
constexpr Modulus kFn = MakeModulus(kN);

#if defined(__x86_64__)
[[gnu::always_inline]] inline u64 AddCarry(u64 a, u64 b, unsigned char& c) {
  unsigned long long r;
  c = _addcarry_u64(c, a, b, &r);
  return r;
}
#else
[[gnu::always_inline]] inline u64 AddCarry(u64 a, u64 b, unsigned char& c) {
  const u128 s = static_cast<u128>(a) + b + c;
  c = static_cast<unsigned char>(s >> 64);
  return static_cast<u64>(s);
}
#endif

[[gnu::always_inline]] inline u64 MulWide(u64 a, u64 b, u64& hi) {
  const u128 p = static_cast<u128>(a) * b;
  hi = static_cast<u64>(p >> 64);
  return static_cast<u64>(p);
}

// t[0..8) = a * b, schoolbook, one row of four products per limb of b.
[[gnu::always_inline]] inline void Mul512(const Limbs& a, const Limbs& b,
                                          u64 t[8]) {
  t[4] = t[5] = t[6] = t[7] = 0;
#pragma GCC unroll 4
  for (int i = 0; i < 4; ++i) {
    u64 h0, h1, h2, h3;
    const u64 l0 = MulWide(a[0], b[i], h0);
    const u64 l1 = MulWide(a[1], b[i], h1);
    const u64 l2 = MulWide(a[2], b[i], h2);
    const u64 l3 = MulWide(a[3], b[i], h3);
    unsigned char c = 0;
    const u64 r1 = AddCarry(l1, h0, c);
    const u64 r2 = AddCarry(l2, h1, c);
    const u64 r3 = AddCarry(l3, h2, c);
    const u64 r4 = h3 + c;  // h3 <= 2^64 - 2
    if (i == 0) {
      t[0] = l0, t[1] = r1, t[2] = r2, t[3] = r3, t[4] = r4;
    } else {
      c = 0;
      t[i] = AddCarry(t[i], l0, c);
      t[i + 1] = AddCarry(t[i + 1], r1, c);
      t[i + 2] = AddCarry(t[i + 2], r2, c);
      t[i + 3] = AddCarry(t[i + 3], r3, c);
      t[i + 4] = r4 + c;  // t[i + 4] was 0; the sum is below 2^(64(i + 5)).
    }
  }
}

// a * b / R mod m, for a, b < m; the result is below m.
[[gnu::always_inline]] inline Limbs MontMul(const Modulus& f, const Limbs& a,
                                            const Limbs& b) {
  u64 t[8];
  Mul512(a, b, t);
  // Four rounds: add q * m * 2^(64i) with q chosen to zero limb i. The
  // carry out of limb i + 4 is added at limb i + 5 in the next round.
  u64 carry = 0;
#pragma GCC unroll 4
  for (int i = 0; i < 4; ++i) {
    const u64 q = t[i] * f.n0;
    u64 h0, h1, h2, h3;
    const u64 l0 = MulWide(q, f.m[0], h0);
    const u64 l1 = MulWide(q, f.m[1], h1);
    const u64 l2 = MulWide(q, f.m[2], h2);
    const u64 l3 = MulWide(q, f.m[3], h3);
    unsigned char c = 0;
    const u64 r1 = AddCarry(l1, h0, c);
    const u64 r2 = AddCarry(l2, h1, c);
    const u64 r3 = AddCarry(l3, h2, c);
    const u64 r4 = h3 + c;
    c = 0;
    AddCarry(t[i], l0, c);  // zero by the choice of q
    t[i + 1] = AddCarry(t[i + 1], r1, c);
    t[i + 2] = AddCarry(t[i + 2], r2, c);
    t[i + 3] = AddCarry(t[i + 3], r3, c);
    t[i + 4] = AddCarry(t[i + 4], r4 + carry, c);  // r4 + carry < 2^64
    carry = c;
  }
  return ReduceOnce(Limbs{t[4], t[5], t[6], t[7]}, carry, f.m);
}

inline Limbs AddMod(const Modulus& f, const Limbs& a, const Limbs& b) {
  Limbs r;
  const u64 carry = Add(r, a, b);
  return ReduceOnce(r, carry, f.m);
}

inline Limbs SubMod(const Modulus& f, const Limbs& a, const Limbs& b) {
  Limbs r;
  const u64 mask = 0 - Sub(r, a, b);
  const Limbs m = {f.m[0] & mask, f.m[1] & mask, f.m[2] & mask, f.m[3] & mask};
  Add(r, r, m);
  return r;
}

// 1 / a mod m for 0 < a < m and odd m, by the binary extended Euclidean
// algorithm: a few hundred shifts and subtractions, in variable time.
// Invariants: x1 * a = u and x2 * a = v (mod m); gcd(u, v) = 1.
Limbs InvertVartime(const Limbs& m, const Limbs& a) {
  if (IsZero(a)) return {};  // callers never ask; without this, no end
  Limbs u = a, v = m, x1 = {1, 0, 0, 0}, x2 = {0, 0, 0, 0};
  const Limbs one = {1, 0, 0, 0};
  // x / 2 mod m: (x + m) / 2 when x is odd, with the 257th bit shifted in.
  auto halve = [&m](Limbs& x) {
    u64 top = 0;
    if (x[0] & 1) top = Add(x, x, m);
    x[0] = (x[0] >> 1) | (x[1] << 63);
    x[1] = (x[1] >> 1) | (x[2] << 63);
    x[2] = (x[2] >> 1) | (x[3] << 63);
    x[3] = (x[3] >> 1) | (top << 63);
  };
  auto shift = [](Limbs& x) {
    x[0] = (x[0] >> 1) | (x[1] << 63);
    x[1] = (x[1] >> 1) | (x[2] << 63);
    x[2] = (x[2] >> 1) | (x[3] << 63);
    x[3] >>= 1;
  };
  while (u != one && v != one) {
    while ((u[0] & 1) == 0) {
      shift(u);
      halve(x1);
    }
    while ((v[0] & 1) == 0) {
      shift(v);
      halve(x2);
    }
    if (Geq(u, v)) {
      Sub(u, u, v);
      if (Sub(x1, x1, x2)) Add(x1, x1, m);
    } else {
      Sub(v, v, u);
      if (Sub(x2, x2, x1)) Add(x2, x2, m);
    }
  }
  return u == one ? x1 : x2;
}

Limbs FromBytes(const uint8_t in[32]) {
  Limbs r;
  for (int i = 0; i < 4; ++i) {
    u64 v = 0;
    for (int j = 0; j < 8; ++j) v = (v << 8) | in[8 * i + j];
    r[3 - i] = v;
  }
  return r;
}

void ToBytes(const Limbs& a, uint8_t out[32]) {
  for (int i = 0; i < 4; ++i) {
    const u64 v = a[3 - i];
    for (int j = 0; j < 8; ++j)
      out[8 * i + j] = static_cast<uint8_t>(v >> (56 - 8 * j));
  }
}

// --- Field mod p -------------------------------------------------------------

// a * b / R mod p. As MontMul, but the reduction uses the shape of p: with
// q = t[i] (-p^-1 = 1 mod 2^64), q * p * 2^(64i) adds q * 2^32 at limb i + 1
// and q * p3 at limb i + 3: one multiplication a round instead of four.
[[gnu::always_inline]] inline Limbs FMulPortable(const Limbs& a,
                                                 const Limbs& b) {
  constexpr u64 kP3 = 0xFFFFFFFF00000001;
  u64 t[8];
  Mul512(a, b, t);
  u64 carry = 0;
#pragma GCC unroll 4
  for (int i = 0; i < 4; ++i) {
    const u64 q = t[i];
    u64 hi;
    const u64 lo = MulWide(q, kP3, hi);
    unsigned char c = 0;
    t[i + 1] = AddCarry(t[i + 1], q << 32, c);
    t[i + 2] = AddCarry(t[i + 2], q >> 32, c);
    t[i + 3] = AddCarry(t[i + 3], lo, c);
    t[i + 4] = AddCarry(t[i + 4], hi + carry, c);  // hi <= 2^64 - 2
    carry = c;
  }
  return ReduceOnce(Limbs{t[4], t[5], t[6], t[7]}, carry, kP);
}
[[gnu::always_inline]] inline Limbs FMul(const Limbs& a, const Limbs& b) {
#if defined(JWTV_P256_MULX)
  return P256MulMulx(a, b);
#else
  return FMulPortable(a, b);
#endif
}
[[gnu::always_inline]] inline Limbs FSqr(const Limbs& a) {
#if defined(JWTV_P256_MULX)
  return P256SqrMulx(a);
#else
  return FMulPortable(a, a);
#endif
}
inline Limbs FAdd(const Limbs& a, const Limbs& b) { return AddMod(kFp, a, b); }
inline Limbs FSub(const Limbs& a, const Limbs& b) { return SubMod(kFp, a, b); }
inline Limbs FNeg(const Limbs& a) { return SubMod(kFp, Limbs{}, a); }
inline Limbs FToMont(const Limbs& a) { return FMul(a, kFp.r2); }
inline Limbs FFromMont(const Limbs& a) { return FMul(a, Limbs{1, 0, 0, 0}); }

// --- Points ------------------------------------------------------------------

struct Jacobian {
  Limbs x, y, z;  // Montgomery form; z == 0 is the point at infinity.
};

Jacobian FromAffine(const P256Affine& a) { return {a.x, a.y, kFp.one}; }

// 2P (dbl-2001-b, a = -3). The point at infinity doubles to itself.
Jacobian Double(const Jacobian& p) {
  const Limbs delta = FSqr(p.z);
  const Limbs gamma = FSqr(p.y);
  const Limbs beta = FMul(p.x, gamma);
  Limbs alpha = FMul(FSub(p.x, delta), FAdd(p.x, delta));
  alpha = FAdd(alpha, FAdd(alpha, alpha));
  const Limbs beta4 = FAdd(FAdd(beta, beta), FAdd(beta, beta));
  Jacobian r;
  r.x = FSub(FSqr(alpha), FAdd(beta4, beta4));
  r.z = FSub(FSub(FSqr(FAdd(p.y, p.z)), gamma), delta);
  Limbs gamma8 = FSqr(gamma);
  gamma8 = FAdd(gamma8, gamma8);
  gamma8 = FAdd(gamma8, gamma8);
  gamma8 = FAdd(gamma8, gamma8);
  r.y = FSub(FMul(alpha, FSub(beta4, r.x)), gamma8);
  return r;
}

// P + A for an affine A (madd-2007-bl), with the exceptional cases: P at
// infinity, P = A (a doubling) and P = -A (infinity).
Jacobian AddAffine(const Jacobian& p, const P256Affine& a) {
  if (IsZero(p.z)) return FromAffine(a);
  const Limbs z1z1 = FSqr(p.z);
  const Limbs u2 = FMul(a.x, z1z1);
  const Limbs s2 = FMul(a.y, FMul(p.z, z1z1));
  const Limbs h = FSub(u2, p.x);
  Limbs rr = FSub(s2, p.y);
  if (IsZero(h)) {
    if (IsZero(rr)) return Double(p);
    return Jacobian{kFp.one, kFp.one, Limbs{}};
  }
  const Limbs hh = FSqr(h);
  const Limbs i = FAdd(FAdd(hh, hh), FAdd(hh, hh));
  const Limbs j = FMul(h, i);
  rr = FAdd(rr, rr);
  const Limbs v = FMul(p.x, i);
  Jacobian r;
  r.x = FSub(FSub(FSqr(rr), j), FAdd(v, v));
  const Limbs y1j = FMul(p.y, j);
  r.y = FSub(FMul(rr, FSub(v, r.x)), FAdd(y1j, y1j));
  r.z = FSub(FSub(FSqr(FAdd(p.z, h)), z1z1), hh);
  return r;
}

// 1/z for a field element z != 0, all in Montgomery form.
Limbs FInvert(const Limbs& z) {
  // 1/(zR) by the binary algorithm, then times R^2 twice: z^-1 R.
  return FMul(FMul(InvertVartime(kP, z), kFp.r2), kFp.r2);
}

// The affine form of a point that is not at infinity.
P256Affine ToAffine(const Jacobian& p) {
  const Limbs zinv = FInvert(p.z);
  const Limbs zinv2 = FSqr(zinv);
  return {FMul(p.x, zinv2), FMul(p.y, FMul(zinv2, zinv))};
}

// out[i] = the affine form of in[i] for points not at infinity, with one
// inversion for all (Montgomery's trick).
void BatchToAffine(const std::vector<Jacobian>& in,
                   std::vector<P256Affine>& out) {
  const size_t n = in.size();
  out.resize(n);
  if (n == 0) return;
  std::vector<Limbs> prefix(n);  // prefix[i] = z_0 * ... * z_i
  prefix[0] = in[0].z;
  for (size_t i = 1; i < n; ++i) prefix[i] = FMul(prefix[i - 1], in[i].z);
  Limbs inv = FInvert(prefix[n - 1]);  // 1 / (z_0 * ... * z_i) for i = n - 1
  for (size_t i = n; i-- > 0;) {
    Limbs zinv = inv;
    if (i > 0) {
      zinv = FMul(inv, prefix[i - 1]);
      inv = FMul(inv, in[i].z);
    }
    const Limbs zinv2 = FSqr(zinv);
    out[i] = {FMul(in[i].x, zinv2), FMul(in[i].y, FMul(zinv2, zinv))};
  }
}

constexpr int kChunks = 8;
constexpr int kChunkBits = 32;

template <size_t kSize>
using OddMultiples = std::array<P256Affine, kSize>;
template <size_t kSize>
using ChunkTables = std::array<OddMultiples<kSize>, kChunks>;

// table[k][j] = (2j + 1) * 2^(32k) * base for k = 0..7. None of these
// multiples (nor their partial sums below) is infinity or a doubling, since
// 2^(32k) (2j + 1) < n.
template <size_t kSize>
void BuildTables(const P256Affine& base, ChunkTables<kSize>& table) {
  std::vector<Jacobian> jac(kChunks);
  std::vector<P256Affine> bases, twice, all;
  jac[0] = FromAffine(base);
  for (int k = 1; k < kChunks; ++k) {
    jac[k] = jac[k - 1];
    for (int i = 0; i < kChunkBits; ++i) jac[k] = Double(jac[k]);
  }
  BatchToAffine(jac, bases);
  for (int k = 0; k < kChunks; ++k) jac[k] = Double(FromAffine(bases[k]));
  BatchToAffine(jac, twice);
  jac.resize(kChunks * kSize);
  for (size_t k = 0; k < kChunks; ++k) {
    jac[k * kSize] = FromAffine(bases[k]);
    for (size_t j = 1; j < kSize; ++j) {
      jac[k * kSize + j] = AddAffine(jac[k * kSize + j - 1], twice[k]);
    }
  }
  BatchToAffine(jac, all);
  for (size_t k = 0; k < kChunks; ++k) {
    std::copy_n(all.begin() + k * kSize, kSize, table[k].begin());
  }
}

constexpr int kGWindow = 7;
constexpr size_t kGTableSize = 1 << (kGWindow - 2);
using GTables = ChunkTables<kGTableSize>;

const GTables& GeneratorTables() {
  static const GTables* const tables = [] {
    auto* t = new GTables;
    BuildTables<kGTableSize>(P256Affine{FToMont(kGx), FToMont(kGy)}, *t);
    return t;
  }();
  return *tables;
}

constexpr int kNafDigits = 257;

// The width-w NAF (2 <= w <= 8) of a 256-bit scalar: digits[i] is 0 or odd
// with |digits[i]| < 2^(w-1), and the scalar is the sum of digits[i] * 2^i.
// `window` holds the w bits of the rest of the scalar (the scalar minus the
// digits so far, over 2^i) from bit i up.
void Wnaf(const Limbs& s, int w, int8_t digits[kNafDigits]) {
  const int full = 1 << w;
  auto bit = [&s](int i) -> int {
    return i < 256 ? static_cast<int>((s[i >> 6] >> (i & 63)) & 1) : 0;
  };
  int window = static_cast<int>(s[0] & static_cast<u64>(full - 1));
  for (int i = 0; i < kNafDigits; ++i) {
    int digit = 0;
    if (window & 1) {
      digit = window >= full / 2 ? window - full : window;
      window -= digit;  // 0 or 2^w: even either way
    }
    digits[i] = static_cast<int8_t>(digit);
    window = (window >> 1) + (bit(i + w) << (w - 1));
  }
}

template <size_t kSize>
inline Jacobian AddDigit(const Jacobian& acc, const OddMultiples<kSize>& table,
                         int digit) {
  if (digit > 0) return AddAffine(acc, table[digit >> 1]);
  P256Affine neg = table[(-digit) >> 1];
  neg.y = FNeg(neg.y);
  return AddAffine(acc, neg);
}

}  // namespace

std::unique_ptr<P256PublicKey> P256PublicKey::Create(const uint8_t x[32],
                                                     const uint8_t y[32]) {
  const Limbs xl = FromBytes(x), yl = FromBytes(y);
  if (Geq(xl, kP) || Geq(yl, kP)) return nullptr;
  const P256Affine q{FToMont(xl), FToMont(yl)};
  // y^2 = x^3 - 3x + b.
  const Limbs lhs = FSqr(q.y);
  const Limbs x3 = FMul(FSqr(q.x), q.x);
  const Limbs rhs = FAdd(FSub(x3, FAdd(q.x, FAdd(q.x, q.x))), FToMont(kB));
  if (lhs != rhs) return nullptr;
  std::unique_ptr<P256PublicKey> key(new P256PublicKey);
  BuildTables<kTableSize>(q, key->table_);
  return key;
}

namespace {

// u1*G + u2*Q for scalars below n, Jacobian. Digit 32k + i of a scalar's NAF
// is digit i of chunk k (k = 0..7, i = 0..31); digit 256 is digit 32 of
// chunk 7.
template <size_t kSize>
Jacobian MulAdd(const Limbs& u1, const Limbs& u2,
                const ChunkTables<kSize>& q_table, int q_window) {
  int8_t g_digits[kNafDigits];
  int8_t q_digits[kNafDigits];
  Wnaf(u1, kGWindow, g_digits);
  Wnaf(u2, q_window, q_digits);
  const GTables& g_table = GeneratorTables();
  Jacobian acc{kFp.one, kFp.one, Limbs{}};
  const int top = kNafDigits - 1;
  if (g_digits[top] != 0)
    acc = AddDigit(acc, g_table[kChunks - 1], g_digits[top]);
  if (q_digits[top] != 0)
    acc = AddDigit(acc, q_table[kChunks - 1], q_digits[top]);
  for (int i = kChunkBits - 1; i >= 0; --i) {
    if (!IsZero(acc.z)) acc = Double(acc);
    for (int k = 0; k < kChunks; ++k) {
      const int8_t g = g_digits[kChunkBits * k + i];
      const int8_t q = q_digits[kChunkBits * k + i];
      if (g != 0) acc = AddDigit(acc, g_table[k], g);
      if (q != 0) acc = AddDigit(acc, q_table[k], q);
    }
  }
  return acc;
}

}  // namespace

void P256FieldMulForTest(const P256Limbs& a, const P256Limbs& b,
                         P256Limbs& portable, P256Limbs& used) {
  portable = FMulPortable(a, b);
  used = FMul(a, b);
}

P256Limbs P256FieldSqrForTest(const P256Limbs& a) { return FSqr(a); }

bool P256PublicKey::MulAddX(const uint8_t u1[32], const uint8_t u2[32],
                            uint8_t x[32]) const {
  const Limbs a = FromBytes(u1), b = FromBytes(u2);
  if (Geq(a, kN) || Geq(b, kN)) return false;
  const Jacobian r = MulAdd(a, b, table_, kWindow);
  if (IsZero(r.z)) return false;
  ToBytes(FFromMont(ToAffine(r).x), x);
  return true;
}

bool P256PublicKey::Verify(const uint8_t digest[32],
                           const uint8_t signature[64]) const {
  const Limbs r = FromBytes(signature), s = FromBytes(signature + 32);
  // 0 < r, s < n: without it (r, s) = (0, 0) verifies anything
  // (CVE-2022-21449).
  if (IsZero(r) || IsZero(s) || Geq(r, kN) || Geq(s, kN)) return false;
  // The digest is 256 bits, the size of n: e = digest mod n.
  Limbs e = FromBytes(digest);
  if (Geq(e, kN)) Sub(e, e, kN);
  // w = 1/s; u1 = (eR) * w / R = e/s and u2 = r/s.
  const Limbs w = InvertVartime(kN, s);
  const Limbs u1 = MontMul(kFn, MontMul(kFn, e, kFn.r2), w);
  const Limbs u2 = MontMul(kFn, MontMul(kFn, r, kFn.r2), w);
  const Jacobian sum = MulAdd(u1, u2, table_, kWindow);
  if (IsZero(sum.z)) return false;
  // x(sum) = X / Z^2 is a field element below p; it reduces to r mod n iff it
  // is r or, when r + n < p, r + n. Compare without inverting Z.
  const Limbs z2 = FSqr(sum.z);
  if (FMul(FToMont(r), z2) == sum.x) return true;
  Limbs p_minus_n;
  Sub(p_minus_n, kP, kN);
  if (Geq(r, p_minus_n)) return false;
  Limbs r_plus_n;
  Add(r_plus_n, r, kN);
  return FMul(FToMont(r_plus_n), z2) == sum.x;
}

}  // namespace jwtv::internal
