// Copyright 2026 The jwtv Authors.
//
// The JWS algorithms jwtv verifies (RFC 7518 and RFC 8037), and sets of them.
// "none" is not an algorithm here and never will be.

#ifndef JWTV_ALGORITHM_H_
#define JWTV_ALGORITHM_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "jwtv/export.h"

namespace jwtv {

enum class Algorithm : unsigned char {
  kHS256,
  kHS384,
  kHS512,
  kRS256,
  kRS384,
  kRS512,
  kPS256,
  kPS384,
  kPS512,
  kES256,
  kES384,
  kES512,
  kEdDSA,
};
inline constexpr int kAlgorithmCount = 13;

// The JWS name: "HS256", ..., "EdDSA".
JWTV_EXPORT std::string_view AlgorithmName(Algorithm alg);

// Exact, case-sensitive match of a JWS name (RFC 7515 4.1.1). Returns
// nullopt for "none" and anything unknown.
JWTV_EXPORT std::optional<Algorithm> ParseAlgorithm(std::string_view name);

// A set of algorithms; a value type.
class AlgorithmSet {
 public:
  constexpr AlgorithmSet() = default;
  constexpr AlgorithmSet(std::initializer_list<Algorithm> algs) {
    for (Algorithm a : algs) bits_ |= Bit(a);
  }
  static constexpr AlgorithmSet All() {
    return FromBits((1u << kAlgorithmCount) - 1);
  }
  static constexpr AlgorithmSet Hmac() {
    return {Algorithm::kHS256, Algorithm::kHS384, Algorithm::kHS512};
  }
  static constexpr AlgorithmSet Rsa() {
    return {Algorithm::kRS256, Algorithm::kRS384, Algorithm::kRS512,
            Algorithm::kPS256, Algorithm::kPS384, Algorithm::kPS512};
  }

  constexpr bool Contains(Algorithm a) const { return (bits_ & Bit(a)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr void Add(Algorithm a) { bits_ |= Bit(a); }
  constexpr AlgorithmSet Intersect(AlgorithmSet o) const {
    return FromBits(bits_ & o.bits_);
  }
  constexpr uint32_t bits() const { return bits_; }
  static constexpr AlgorithmSet FromBitsUnchecked(uint32_t b) {
    return FromBits(b & ((1u << kAlgorithmCount) - 1));
  }
  constexpr bool operator==(const AlgorithmSet&) const = default;

 private:
  static constexpr uint32_t Bit(Algorithm a) {
    return 1u << static_cast<unsigned>(a);
  }
  static constexpr AlgorithmSet FromBits(uint32_t b) {
    AlgorithmSet s;
    s.bits_ = b;
    return s;
  }
  uint32_t bits_ = 0;
};

}  // namespace jwtv

#endif  // JWTV_ALGORITHM_H_
