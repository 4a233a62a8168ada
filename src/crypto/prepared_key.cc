// Copyright 2026 The jwtv Authors.

#include "crypto/prepared_key.h"

namespace jwtv::internal {

AlgorithmSet NaturalAlgorithms(KeyType type, Curve curve) {
  switch (type) {
    case KeyType::kOct:
      return AlgorithmSet::Hmac();
    case KeyType::kRsa:
      return AlgorithmSet::Rsa();
    case KeyType::kEc:
      switch (curve) {
        case Curve::kP256:
          return {Algorithm::kES256};
        case Curve::kP384:
          return {Algorithm::kES384};
        case Curve::kP521:
          return {Algorithm::kES512};
        default:
          return {};
      }
    case KeyType::kOkp:
      return curve == Curve::kEd25519 ? AlgorithmSet{Algorithm::kEdDSA}
                                      : AlgorithmSet{};
  }
  return {};
}

AlgorithmSet PreparedKey::natural_algorithms() const {
  return NaturalAlgorithms(type_, curve_);
}

}  // namespace jwtv::internal
