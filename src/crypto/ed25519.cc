// Copyright 2026 The jwtv Authors.
//
// Ed25519 arithmetic for verification: the field mod p = 2^255 - 19 in five
// 51-bit limbs (products in unsigned __int128); points of the twisted Edwards
// curve -x^2 + y^2 = 1 + d x^2 y^2 in extended coordinates with the formulas
// of ref10 (Hisil, Wong, Carter, Dawson 2008), which are complete on this
// curve, so every input, small-order points included, gets the exact sum; and
// one interleaved multi-scalar multiplication. Each 253-bit scalar is cut
// into four 64-bit chunks, so [S]B + [k](-A) = sum over j of
// s_j * (2^64j B) + k_j * (2^64j (-A)): eight bases, 65 doublings instead of
// 253, and one width-w NAF per chunk whose odd multiples come from affine
// tables (built once for B, at Create for -A).

#include "crypto/ed25519.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "crypto/backend.h"

namespace jwtv::internal {
namespace {

using u64 = uint64_t;
using u128 = unsigned __int128;
using Fe = Ed25519Fe;
using Niels = Ed25519Niels;

// ---- The field
// ---------------------------------------------------------------
//
// An Fe between operations has limbs below 2^52 (a loose value: it may be at
// or above p). Every operation takes such inputs and returns such an output.

constexpr u64 kMask51 = (u64{1} << 51) - 1;

// Propagates carries from limbs below 2^63; the output limbs are below 2^52.
constexpr Fe Carry(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4) {
  a1 += a0 >> 51;
  a0 &= kMask51;
  a2 += a1 >> 51;
  a1 &= kMask51;
  a3 += a2 >> 51;
  a2 &= kMask51;
  a4 += a3 >> 51;
  a3 &= kMask51;
  a0 += 19 * (a4 >> 51);
  a4 &= kMask51;
  return {a0, a1, a2, a3, a4};
}

constexpr Fe FAdd(const Fe& a, const Fe& b) {
  return Carry(a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4]);
}

// 4p limb by limb: every limb above 2^52, so a + 4p - b never borrows.
constexpr u64 k4P0 = 4 * ((u64{1} << 51) - 19);
constexpr u64 k4P = 4 * ((u64{1} << 51) - 1);

constexpr Fe FSub(const Fe& a, const Fe& b) {
  return Carry(a[0] + k4P0 - b[0], a[1] + k4P - b[1], a[2] + k4P - b[2],
               a[3] + k4P - b[3], a[4] + k4P - b[4]);
}

constexpr Fe FNeg(const Fe& a) { return FSub(Fe{}, a); }

// Reduces the five 128-bit column sums of a product (each below 2^115).
constexpr Fe CarryWide(u128 r0, u128 r1, u128 r2, u128 r3, u128 r4) {
  r1 += static_cast<u64>(r0 >> 51);
  r2 += static_cast<u64>(r1 >> 51);
  r3 += static_cast<u64>(r2 >> 51);
  r4 += static_cast<u64>(r3 >> 51);
  u64 o0 = static_cast<u64>(r0) & kMask51;
  u64 o1 = static_cast<u64>(r1) & kMask51;
  o0 += 19 * static_cast<u64>(r4 >> 51);
  o1 += o0 >> 51;
  o0 &= kMask51;
  return {o0, o1, static_cast<u64>(r2) & kMask51,
          static_cast<u64>(r3) & kMask51, static_cast<u64>(r4) & kMask51};
}

constexpr u128 M(u64 a, u64 b) { return static_cast<u128>(a) * b; }

constexpr Fe FMul(const Fe& a, const Fe& b) {
  const u64 b1 = 19 * b[1], b2 = 19 * b[2], b3 = 19 * b[3], b4 = 19 * b[4];
  return CarryWide(
      M(a[0], b[0]) + M(a[1], b4) + M(a[2], b3) + M(a[3], b2) + M(a[4], b1),
      M(a[0], b[1]) + M(a[1], b[0]) + M(a[2], b4) + M(a[3], b3) + M(a[4], b2),
      M(a[0], b[2]) + M(a[1], b[1]) + M(a[2], b[0]) + M(a[3], b4) + M(a[4], b3),
      M(a[0], b[3]) + M(a[1], b[2]) + M(a[2], b[1]) + M(a[3], b[0]) +
          M(a[4], b4),
      M(a[0], b[4]) + M(a[1], b[3]) + M(a[2], b[2]) + M(a[3], b[1]) +
          M(a[4], b[0]));
}

constexpr Fe FSqr(const Fe& a) {
  const u64 a0_2 = 2 * a[0], a1_2 = 2 * a[1];
  const u64 a3_19 = 19 * a[3], a4_19 = 19 * a[4];
  return CarryWide(M(a[0], a[0]) + M(a1_2, a4_19) + M(2 * a[2], a3_19),
                   M(a0_2, a[1]) + M(2 * a[2], a4_19) + M(a[3], a3_19),
                   M(a0_2, a[2]) + M(a[1], a[1]) + M(2 * a[3], a4_19),
                   M(a0_2, a[3]) + M(a1_2, a[2]) + M(a[4], a4_19),
                   M(a0_2, a[4]) + M(a1_2, a[3]) + M(a[2], a[2]));
}

// a^(2^n).
constexpr Fe FSqrN(Fe a, int n) {
  for (int i = 0; i < n; ++i) a = FSqr(a);
  return a;
}

// a^(2^250 - 1); *a11 = a^11 (ref10's addition chain).
constexpr Fe Pow2_250_1(const Fe& a, Fe* a11) {
  const Fe a2 = FSqr(a);
  const Fe a9 = FMul(FSqrN(a2, 2), a);
  *a11 = FMul(a9, a2);
  const Fe e5 = FMul(FSqr(*a11), a9);            // 2^5 - 1
  const Fe e10 = FMul(FSqrN(e5, 5), e5);         // 2^10 - 1
  const Fe e20 = FMul(FSqrN(e10, 10), e10);      // 2^20 - 1
  const Fe e40 = FMul(FSqrN(e20, 20), e20);      // 2^40 - 1
  const Fe e50 = FMul(FSqrN(e40, 10), e10);      // 2^50 - 1
  const Fe e100 = FMul(FSqrN(e50, 50), e50);     // 2^100 - 1
  const Fe e200 = FMul(FSqrN(e100, 100), e100);  // 2^200 - 1
  return FMul(FSqrN(e200, 50), e50);             // 2^250 - 1
}

// a^(p - 2) = 1/a (0 for 0).
constexpr Fe FInvert(const Fe& a) {
  Fe a11{};
  const Fe e250 = Pow2_250_1(a, &a11);
  return FMul(FSqrN(e250, 5), a11);  // 2^255 - 32 + 11
}

// a^((p - 5) / 8) = a^(2^252 - 3).
constexpr Fe FPow22523(const Fe& a) {
  Fe a11{};
  return FMul(FSqrN(Pow2_250_1(a, &a11), 2), a);
}

inline u64 Load64(const uint8_t* p) {
  u64 v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

inline void Store64(u64 v, uint8_t* p) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

// The low 255 bits of little-endian `in`, not reduced (RFC 8032 5.1.3 step 1
// without the y < p check).
Fe FFromBytes(const uint8_t in[32]) {
  return {Load64(in) & kMask51, (Load64(in + 6) >> 3) & kMask51,
          (Load64(in + 12) >> 6) & kMask51, (Load64(in + 19) >> 1) & kMask51,
          (Load64(in + 24) >> 12) & kMask51};
}

// The canonical encoding (below p, little-endian, bit 255 clear).
void FToBytes(const Fe& a, uint8_t out[32]) {
  Fe t = Carry(a[0], a[1], a[2], a[3], a[4]);
  t = Carry(t[0], t[1], t[2], t[3], t[4]);
  // t < 2^255 + 19 < 2p; q = 1 iff t >= p.
  u64 q = (t[0] + 19) >> 51;
  for (int i = 1; i < 5; ++i) q = (t[i] + q) >> 51;
  t[0] += 19 * q;
  for (int i = 0; i < 4; ++i) {
    t[i + 1] += t[i] >> 51;
    t[i] &= kMask51;
  }
  t[4] &= kMask51;
  Store64(t[0] | (t[1] << 51), out);
  Store64((t[1] >> 13) | (t[2] << 38), out + 8);
  Store64((t[2] >> 26) | (t[3] << 25), out + 16);
  Store64((t[3] >> 39) | (t[4] << 12), out + 24);
}

bool FIsZero(const Fe& a) {
  uint8_t b[32];
  FToBytes(a, b);
  uint8_t any = 0;
  for (uint8_t v : b) any |= v;
  return any == 0;
}

bool FIsNegative(const Fe& a) {
  uint8_t b[32];
  FToBytes(a, b);
  return (b[0] & 1) != 0;
}

constexpr Fe kOne = {1, 0, 0, 0, 0};
// d = -121665/121666, 2d, and sqrt(-1) = 2^((p - 1) / 4).
constexpr Fe kD = FNeg(FMul(Fe{121665}, FInvert(Fe{121666})));
constexpr Fe k2D = FAdd(kD, kD);
constexpr Fe kSqrtM1 = FMul(FSqr(FPow22523(Fe{2})), Fe{2});

// ---- Points
// ------------------------------------------------------------------

struct P2 {  // (X : Y : Z), x = X/Z, y = Y/Z
  Fe x, y, z;
};
struct P3 {  // extended: also T = XY/Z
  Fe x, y, z, t;
};
struct P1P1 {  // completed: x = X/Z, y = Y/T
  Fe x, y, z, t;
};

constexpr P1P1 kIdentity = {Fe{}, kOne, kOne, kOne};

inline P2 ToP2(const P1P1& p) {
  return {FMul(p.x, p.t), FMul(p.y, p.z), FMul(p.z, p.t)};
}

inline P3 ToP3(const P1P1& p) {
  return {FMul(p.x, p.t), FMul(p.y, p.z), FMul(p.z, p.t), FMul(p.x, p.y)};
}

inline P1P1 Double(const P2& p) {
  const Fe xx = FSqr(p.x), yy = FSqr(p.y), zz2 = FAdd(FSqr(p.z), FSqr(p.z));
  const Fe aa = FSqr(FAdd(p.x, p.y));
  const Fe y = FAdd(yy, xx), z = FSub(yy, xx);
  return {FSub(aa, y), y, z, FSub(zz2, z)};
}

// p + q, or p - q when `negate`.
inline P1P1 AddNiels(const P3& p, const Niels& q, bool negate) {
  const Fe a = FMul(FAdd(p.y, p.x), negate ? q.y_minus_x : q.y_plus_x);
  const Fe b = FMul(FSub(p.y, p.x), negate ? q.y_plus_x : q.y_minus_x);
  const Fe c = FMul(q.xy2d, p.t);
  const Fe d = FAdd(p.z, p.z);
  if (negate) return {FSub(a, b), FAdd(a, b), FSub(d, c), FAdd(d, c)};
  return {FSub(a, b), FAdd(a, b), FAdd(d, c), FSub(d, c)};
}

// A projective point as (Y + X, Y - X, Z, 2dT), ready to add.
struct Cached {
  Fe y_plus_x, y_minus_x, z, t2d;
};

Cached ToCached(const P3& p) {
  return {FAdd(p.y, p.x), FSub(p.y, p.x), p.z, FMul(p.t, k2D)};
}

inline P1P1 AddCached(const P3& p, const Cached& q) {
  const Fe a = FMul(FAdd(p.y, p.x), q.y_plus_x);
  const Fe b = FMul(FSub(p.y, p.x), q.y_minus_x);
  const Fe c = FMul(q.t2d, p.t);
  const Fe zz = FMul(p.z, q.z);
  const Fe d = FAdd(zz, zz);
  return {FSub(a, b), FAdd(a, b), FAdd(d, c), FSub(d, c)};
}

P3 DoubleP3(const P3& p) { return ToP3(Double(P2{p.x, p.y, p.z})); }

// RFC 8032 5.1.3 as ref10 decodes (BoringSSL, OpenSSL): y is the low 255
// bits taken mod p, x = 0 with the sign bit set decodes as x = 0. Affine
// (Z = 1); false if no x satisfies the curve equation.
bool Decode(const uint8_t in[32], P3* out) {
  const Fe y = FFromBytes(in);
  const Fe yy = FSqr(y);
  const Fe u = FSub(yy, kOne);            // y^2 - 1
  const Fe v = FAdd(FMul(yy, kD), kOne);  // d y^2 + 1
  const Fe v3 = FMul(FSqr(v), v);
  const Fe uv7 = FMul(FMul(FSqr(v3), v), u);
  Fe x = FMul(FMul(FPow22523(uv7), v3), u);  // u v^3 (u v^7)^((p-5)/8)
  const Fe vxx = FMul(FSqr(x), v);
  if (!FIsZero(FSub(vxx, u))) {
    if (!FIsZero(FAdd(vxx, u))) return false;
    x = FMul(x, kSqrtM1);
  }
  if (FIsNegative(x) != ((in[31] >> 7) != 0)) x = FNeg(x);
  *out = {x, y, kOne, FMul(x, y)};
  return true;
}

// ---- Tables and the multi-scalar multiplication
// ------------------------------

template <size_t kSize>
using OddMultiples = std::array<Niels, kSize>;

// Writes the affine (x, y) of the n points p (Z != 0) as Niels forms, with
// one field inversion for all (Montgomery's trick).
void ToNielsBatch(const P3* p, size_t n, Niels* out) {
  std::vector<Fe> prefix(n);  // z_0 * ... * z_i
  Fe acc = kOne;
  for (size_t i = 0; i < n; ++i) {
    acc = FMul(acc, p[i].z);
    prefix[i] = acc;
  }
  Fe inv = FInvert(acc);  // 1 / (z_0 * ... * z_(n-1))
  for (size_t i = n; i-- > 0;) {
    const Fe zinv = i > 0 ? FMul(inv, prefix[i - 1]) : inv;
    inv = FMul(inv, p[i].z);
    const Fe x = FMul(p[i].x, zinv), y = FMul(p[i].y, zinv);
    out[i] = {FAdd(y, x), FSub(y, x), FMul(FMul(x, y), k2D)};
  }
}

// table[k][j] = (2j + 1) * 2^(64k) * base for k = 0..3.
template <size_t kSize>
void BuildTables(const P3& base, std::array<OddMultiples<kSize>, 4>& table) {
  std::vector<P3> points(4 * kSize);
  P3 b = base;
  for (size_t k = 0; k < 4; ++k) {
    if (k > 0) {
      for (int i = 0; i < 64; ++i) b = DoubleP3(b);
    }
    const Cached twice = ToCached(DoubleP3(b));
    points[k * kSize] = b;
    for (size_t j = 1; j < kSize; ++j) {
      points[k * kSize + j] = ToP3(AddCached(points[k * kSize + j - 1], twice));
    }
  }
  std::vector<Niels> niels(4 * kSize);
  ToNielsBatch(points.data(), points.size(), niels.data());
  for (size_t k = 0; k < 4; ++k) {
    std::copy_n(niels.begin() + static_cast<ptrdiff_t>(k * kSize), kSize,
                table[k].begin());
  }
}

constexpr int kBWindow = 7;
constexpr size_t kBTableSize = 1 << (kBWindow - 2);
using BTables = std::array<OddMultiples<kBTableSize>, 4>;

// The base point B: y = 4/5, x even.
constexpr uint8_t kBaseEncoded[32] = {
    0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66};

const BTables& BaseTables() {
  static const BTables* const tables = [] {
    auto* t = new BTables;
    P3 b{};
    Decode(kBaseEncoded, &b);
    BuildTables<kBTableSize>(b, *t);
    return t;
  }();
  return *tables;
}

constexpr int kMaxDigits = 65;

// The width-w NAF of a 64-bit chunk: digits[i] is 0 or odd with
// |digits[i]| < 2^(w-1), and the chunk is the sum of digits[i] * 2^i.
// Returns the number of digits written (at most 65); the rest are left 0.
int Wnaf(u64 chunk, int w, int8_t digits[kMaxDigits]) {
  u128 d = chunk;
  int i = 0;
  const int full = 1 << w;
  while (d != 0) {
    if (d & 1) {
      int digit = static_cast<int>(d & (full - 1));
      if (digit >= full / 2) digit -= full;
      digits[i] = static_cast<int8_t>(digit);
      if (digit > 0) {
        d -= static_cast<u128>(digit);
      } else {
        d += static_cast<u128>(-digit);
      }
    }
    d >>= 1;
    ++i;
  }
  return i;
}

template <size_t kSize>
inline P1P1 AddDigit(const P1P1& acc, const OddMultiples<kSize>& table,
                     int digit) {
  if (digit > 0) return AddNiels(ToP3(acc), table[digit >> 1], false);
  return AddNiels(ToP3(acc), table[(-digit) >> 1], true);
}

using Scalar = std::array<u64, 4>;  // little-endian 64-bit limbs

// [s]B + [k]Q for s, k < 2^256 with Q's tables `q_table` (window 5).
template <size_t kSize>
P1P1 MulAdd(const Scalar& s, const Scalar& k,
            const std::array<OddMultiples<kSize>, 4>& q_table, int q_window) {
  int8_t b_digits[4][kMaxDigits];
  int8_t q_digits[4][kMaxDigits];
  std::memset(b_digits, 0, sizeof(b_digits));
  std::memset(q_digits, 0, sizeof(q_digits));
  int len = 0;
  for (int j = 0; j < 4; ++j) {
    len = std::max(len, Wnaf(s[j], kBWindow, b_digits[j]));
    len = std::max(len, Wnaf(k[j], q_window, q_digits[j]));
  }
  const BTables& b_table = BaseTables();
  P1P1 acc = kIdentity;
  for (int i = len - 1; i >= 0; --i) {
    if (i != len - 1) acc = Double(ToP2(acc));
    for (int j = 0; j < 4; ++j) {
      if (b_digits[j][i] != 0) acc = AddDigit(acc, b_table[j], b_digits[j][i]);
      if (q_digits[j][i] != 0) acc = AddDigit(acc, q_table[j], q_digits[j][i]);
    }
  }
  return acc;
}

// ---- Scalars mod L = 2^252 + c
// -----------------------------------------------

constexpr Scalar kL = {0x5812631a5cf5d3ed, 0x14def9dea2f79cd6, 0,
                       0x1000000000000000};
constexpr u64 kC[2] = {0x5812631a5cf5d3ed, 0x14def9dea2f79cd6};
constexpr u64 kLow60 = (u64{1} << 60) - 1;

bool LessThanL(const Scalar& a) {
  for (int i = 3; i >= 0; --i) {
    if (a[i] != kL[i]) return a[i] < kL[i];
  }
  return false;
}

// out[0 .. n+2) = a[0 .. n) * c.
void MulC(const u64* a, int n, u64* out) {
  std::fill(out, out + n + 2, 0);
  for (int i = 0; i < n; ++i) {
    u128 carry = 0;
    for (int j = 0; j < 2; ++j) {
      const u128 t = M(a[i], kC[j]) + out[i + j] + carry;
      out[i + j] = static_cast<u64>(t);
      carry = t >> 64;
    }
    out[i + 2] = static_cast<u64>(carry);
  }
}

// The low n limbs of x >> 252, reading x[3 .. n + 4).
void High(const u64* x, int n, u64* out) {
  for (int i = 0; i < n; ++i) {
    out[i] = (x[i + 3] >> 60) | (x[i + 4] << 4);
  }
}

// a += b (4 limbs, carry out dropped) or a -= b (borrow dropped).
void Add4(Scalar& a, const u64* b) {
  u128 carry = 0;
  for (int i = 0; i < 4; ++i) {
    const u128 t = static_cast<u128>(a[i]) + b[i] + carry;
    a[i] = static_cast<u64>(t);
    carry = t >> 64;
  }
}

void Sub4(Scalar& a, const u64* b) {
  u64 borrow = 0;
  for (int i = 0; i < 4; ++i) {
    const u128 t = static_cast<u128>(a[i]) - b[i] - borrow;
    a[i] = static_cast<u64>(t);
    borrow = static_cast<u64>(t >> 64) & 1;
  }
}

// The 64-byte little-endian `h` mod L. With x mod 2^252 written lo(x) and
// x >> 252 written hi(x), 2^252 = -c mod L gives
// h = lo(h) - t, t = hi(h) c = lo(t) - u, u = hi(t) c = lo(u) - hi(u) c,
// so h = lo(h) - lo(t) + lo(u) - hi(u) c; adding 2L keeps that positive and
// below 2^255, and at most seven subtractions of L finish.
Scalar ReduceModL(const uint8_t h[64]) {
  u64 x[9] = {};
  for (size_t i = 0; i < 8; ++i) x[i] = Load64(h + 8 * i);
  u64 hi1[5];
  High(x, 5, hi1);  // < 2^260
  u64 t[8] = {};
  MulC(hi1, 5, t);  // < 2^385
  u64 hi2[3];
  High(t, 3, hi2);  // < 2^133
  u64 u[5];
  MulC(hi2, 3, u);  // < 2^258
  const u64 hi3 = (u[3] >> 60) | (u[4] << 4);
  u64 v[4] = {};
  MulC(&hi3, 1, v);  // < 2^131

  Scalar r = {x[0], x[1], x[2], x[3] & kLow60};
  const u64 lo_u[4] = {u[0], u[1], u[2], u[3] & kLow60};
  const u64 lo_t[4] = {t[0], t[1], t[2], t[3] & kLow60};
  Add4(r, lo_u);
  Add4(r, kL.data());
  Add4(r, kL.data());
  Sub4(r, lo_t);
  Sub4(r, v);
  while (!LessThanL(r)) Sub4(r, kL.data());
  return r;
}

Scalar LoadScalar(const uint8_t in[32]) {
  return {Load64(in), Load64(in + 8), Load64(in + 16), Load64(in + 24)};
}

}  // namespace

std::unique_ptr<Ed25519PublicKey> Ed25519PublicKey::Create(
    const uint8_t encoded[32]) {
  P3 a{};
  if (!Decode(encoded, &a)) return nullptr;
  std::unique_ptr<Ed25519PublicKey> key(new Ed25519PublicKey);
  std::memcpy(key->encoded_, encoded, sizeof(key->encoded_));
  const P3 neg_a = {FNeg(a.x), a.y, a.z, FNeg(a.t)};
  BuildTables<kTableSize>(neg_a, key->table_);
  return key;
}

bool Ed25519PublicKey::Verify(std::string_view message,
                              const uint8_t signature[64]) const {
  // S < L (RFC 8032 5.1.7): without it, S + L would be a second signature.
  const Scalar s = LoadScalar(signature + 32);
  if (!LessThanL(s)) return false;
  Sha512Ctx ctx;
  ctx.Init512();
  ctx.Update(signature, 32);
  ctx.Update(encoded_, sizeof(encoded_));
  ctx.Update(message.data(), message.size());
  uint8_t h[kSha512DigestBytes];
  ctx.Final512(h);
  const Scalar k = ReduceModL(h);
  const P2 r = ToP2(MulAdd(s, k, table_, kWindow));
  const Fe zinv = FInvert(r.z);
  uint8_t encoded[32];
  FToBytes(FMul(r.y, zinv), encoded);
  encoded[31] |= static_cast<uint8_t>(FIsNegative(FMul(r.x, zinv)) << 7);
  return std::memcmp(encoded, signature, 32) == 0;
}

}  // namespace jwtv::internal
