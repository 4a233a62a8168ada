// Copyright 2026 The jwtv Authors.
//
// Multiplication and squaring in the P-256 field for crypto/p256.cc, in
// x86-64 assembly with BMI2's MULX, defined (with JWTV_P256_MULX) only when
// the build targets BMI2. Both compute the Montgomery product a * b / 2^256
// mod p (a, b < p; the result is below p) as p256.cc's portable FMul does:
// the 512-bit product, four reduction rounds shaped by
// p = 2^256 - 2^224 + 2^192 + 2^96 - 1, and a final subtraction of p.

#ifndef JWTV_SRC_CRYPTO_P256_MULX_H_
#define JWTV_SRC_CRYPTO_P256_MULX_H_

#include <cstdint>

#include "crypto/p256.h"

#if defined(__x86_64__) && defined(__BMI2__)
#define JWTV_P256_MULX 1

namespace jwtv::internal {

// MULX leaves the flags alone, so one ADC chain runs through a row of
// products. Ten registers besides RDX and the pointers, so the code also
// builds with a frame pointer (ASan, the fuzzers): reduction round i keeps
// its carry in the limb t[i] it cleared.

// clang-format off
// Round i: q = t[i]; t[i+1..i+4] += q * 2^32, q >> 32, q * p3 (plus, from
// round 1 on, the previous round's carry at limb i+4, added to the high
// half first); the carry out goes to t[i]. A high half is at most
// 2^64 - 2, so adding a carry to it cannot overflow.
#define JWTV_P256_REDUCE_MUL(ti)                    \
  "movabsq $0xffffffff00000001, %%rdx\n\t"          \
  "mulxq %[" #ti "], %[lo], %[hi]\n\t"
#define JWTV_P256_REDUCE_ADD(ti, ti1, ti2, ti3, ti4) \
  "movq %[" #ti "], %%rdx\n\t"                      \
  "shlq $32, %%rdx\n\t"                             \
  "shrq $32, %[" #ti "]\n\t"                        \
  "addq %%rdx, %[" #ti1 "]\n\t"                     \
  "adcq %[" #ti "], %[" #ti2 "]\n\t"                \
  "adcq %[lo], %[" #ti3 "]\n\t"                     \
  "adcq %[hi], %[" #ti4 "]\n\t"                     \
  "movl $0, %k[" #ti "]\n\t"                        \
  "adcq $0, %[" #ti "]\n\t"
// t0..t7 -> (t4..t7) + t3 * 2^256 < 2p -> {t0, t1, t2, lo}, below p.
#define JWTV_P256_REDUCE                            \
  JWTV_P256_REDUCE_MUL(t0)                          \
  JWTV_P256_REDUCE_ADD(t0, t1, t2, t3, t4)          \
  JWTV_P256_REDUCE_MUL(t1)                          \
  "addq %[t0], %[hi]\n\t"                           \
  JWTV_P256_REDUCE_ADD(t1, t2, t3, t4, t5)          \
  JWTV_P256_REDUCE_MUL(t2)                          \
  "addq %[t1], %[hi]\n\t"                           \
  JWTV_P256_REDUCE_ADD(t2, t3, t4, t5, t6)          \
  JWTV_P256_REDUCE_MUL(t3)                          \
  "addq %[t2], %[hi]\n\t"                           \
  JWTV_P256_REDUCE_ADD(t3, t4, t5, t6, t7)          \
  /* Subtract p unless that borrows. */             \
  "movq %[t4], %[t0]\n\t"                           \
  "movq %[t5], %[t1]\n\t"                           \
  "movq %[t6], %[t2]\n\t"                           \
  "movq %[t7], %[lo]\n\t"                           \
  "movl $0xffffffff, %%edx\n\t"                     \
  "movabsq $0xffffffff00000001, %[hi]\n\t"          \
  "subq $-1, %[t0]\n\t"                             \
  "sbbq %%rdx, %[t1]\n\t"                           \
  "sbbq $0, %[t2]\n\t"                              \
  "sbbq %[hi], %[lo]\n\t"                           \
  "sbbq $0, %[t3]\n\t" /* borrows iff t3 == 0 and (t4..t7) < p */ \
  "cmovcq %[t4], %[t0]\n\t"                         \
  "cmovcq %[t5], %[t1]\n\t"                         \
  "cmovcq %[t6], %[t2]\n\t"                         \
  "cmovcq %[t7], %[lo]\n\t"
// Row i of a * b: t[i..i+4] += a * b[i]; t[i+4] is written, not read.
#define JWTV_P256_ROW(off, ti, ti1, ti2, ti3, ti4)  \
  "movq " #off "(%[pb]), %%rdx\n\t"                 \
  "mulxq 0(%[pa]), %[lo], %[hi]\n\t"                \
  "addq %[lo], %[" #ti "]\n\t"                      \
  "adcq %[hi], %[" #ti1 "]\n\t"                     \
  "mulxq 8(%[pa]), %[lo], %[hi]\n\t"                \
  "adcq $0, %[hi]\n\t"                              \
  "addq %[lo], %[" #ti1 "]\n\t"                     \
  "adcq %[hi], %[" #ti2 "]\n\t"                     \
  "mulxq 16(%[pa]), %[lo], %[hi]\n\t"               \
  "adcq $0, %[hi]\n\t"                              \
  "addq %[lo], %[" #ti2 "]\n\t"                     \
  "adcq %[hi], %[" #ti3 "]\n\t"                     \
  "mulxq 24(%[pa]), %[lo], %[" #ti4 "]\n\t"         \
  "adcq $0, %[" #ti4 "]\n\t"                        \
  "addq %[lo], %[" #ti3 "]\n\t"                     \
  "adcq $0, %[" #ti4 "]\n\t"
#define JWTV_P256_OUTPUTS                                               \
  [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3),       \
  [t4] "=&r"(t4), [t5] "=&r"(t5), [t6] "=&r"(t6), [t7] "=&r"(t7),       \
  [lo] "=&r"(lo), [hi] "=&r"(hi)

[[gnu::always_inline]] inline P256Limbs P256MulMulx(const P256Limbs& a,
                                                    const P256Limbs& b) {
  uint64_t t0, t1, t2, t3, t4, t5, t6, t7, lo, hi;
  asm("movq 0(%[pb]), %%rdx\n\t"
      "mulxq 0(%[pa]), %[t0], %[t1]\n\t"
      "mulxq 8(%[pa]), %[lo], %[t2]\n\t"
      "addq %[lo], %[t1]\n\t"
      "mulxq 16(%[pa]), %[lo], %[t3]\n\t"
      "adcq %[lo], %[t2]\n\t"
      "mulxq 24(%[pa]), %[lo], %[t4]\n\t"
      "adcq %[lo], %[t3]\n\t"
      "adcq $0, %[t4]\n\t"
      JWTV_P256_ROW(8, t1, t2, t3, t4, t5)
      JWTV_P256_ROW(16, t2, t3, t4, t5, t6)
      JWTV_P256_ROW(24, t3, t4, t5, t6, t7)
      JWTV_P256_REDUCE
      : JWTV_P256_OUTPUTS
      : [pa] "r"(a.data()), [pb] "r"(b.data())
      : "rdx", "cc", "memory");
  return {t0, t1, t2, lo};
}

// a^2: the six cross products a[i] * a[j] (i < j) once, doubled, plus the
// four squares.
[[gnu::always_inline]] inline P256Limbs P256SqrMulx(const P256Limbs& a) {
  uint64_t t0, t1, t2, t3, t4, t5, t6, t7, lo, hi;
  asm("movq 0(%[pa]), %%rdx\n\t"  // a0 * a1, a2, a3 into t1..t4
      "mulxq 8(%[pa]), %[t1], %[t2]\n\t"
      "mulxq 16(%[pa]), %[lo], %[t3]\n\t"
      "addq %[lo], %[t2]\n\t"
      "mulxq 24(%[pa]), %[lo], %[t4]\n\t"
      "adcq %[lo], %[t3]\n\t"
      "adcq $0, %[t4]\n\t"
      "movq 8(%[pa]), %%rdx\n\t"  // a1 * a2, a3 into t3..t5
      "mulxq 16(%[pa]), %[lo], %[hi]\n\t"
      "addq %[lo], %[t3]\n\t"
      "adcq %[hi], %[t4]\n\t"
      "mulxq 24(%[pa]), %[lo], %[t5]\n\t"
      "adcq $0, %[t5]\n\t"
      "addq %[lo], %[t4]\n\t"
      "adcq $0, %[t5]\n\t"
      "movq 16(%[pa]), %%rdx\n\t"  // a2 * a3 into t5, t6
      "mulxq 24(%[pa]), %[lo], %[t6]\n\t"
      "addq %[lo], %[t5]\n\t"
      "adcq $0, %[t6]\n\t"
      "addq %[t1], %[t1]\n\t"  // double t1..t6 into t1..t7
      "adcq %[t2], %[t2]\n\t"
      "adcq %[t3], %[t3]\n\t"
      "adcq %[t4], %[t4]\n\t"
      "adcq %[t5], %[t5]\n\t"
      "adcq %[t6], %[t6]\n\t"
      "movl $0, %k[t7]\n\t"
      "adcq $0, %[t7]\n\t"
      "movq 0(%[pa]), %%rdx\n\t"  // plus a0^2, a1^2, a2^2, a3^2
      "mulxq %%rdx, %[t0], %[hi]\n\t"
      "addq %[hi], %[t1]\n\t"
      "movq 8(%[pa]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcq %[lo], %[t2]\n\t"
      "adcq %[hi], %[t3]\n\t"
      "movq 16(%[pa]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcq %[lo], %[t4]\n\t"
      "adcq %[hi], %[t5]\n\t"
      "movq 24(%[pa]), %%rdx\n\t"
      "mulxq %%rdx, %[lo], %[hi]\n\t"
      "adcq %[lo], %[t6]\n\t"
      "adcq %[hi], %[t7]\n\t"
      JWTV_P256_REDUCE
      : JWTV_P256_OUTPUTS
      : [pa] "r"(a.data())
      : "rdx", "cc", "memory");
  return {t0, t1, t2, lo};
}

#undef JWTV_P256_OUTPUTS
#undef JWTV_P256_ROW
#undef JWTV_P256_REDUCE
#undef JWTV_P256_REDUCE_ADD
#undef JWTV_P256_REDUCE_MUL
// clang-format on

}  // namespace jwtv::internal

#endif  // defined(__x86_64__) && defined(__BMI2__)

#endif  // JWTV_SRC_CRYPTO_P256_MULX_H_
