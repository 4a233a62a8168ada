// Copyright 2026 The jwtv Authors.

#include "jwtv/algorithm.h"

#include <array>

namespace jwtv {
namespace {

constexpr std::array<std::string_view, kAlgorithmCount> kNames = {
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256",
    "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
};

}  // namespace

std::string_view AlgorithmName(Algorithm alg) {
  return kNames[static_cast<size_t>(alg)];
}

std::optional<Algorithm> ParseAlgorithm(std::string_view name) {
  if (name.size() != 5) return std::nullopt;
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Algorithm>(i);
  }
  return std::nullopt;
}

}  // namespace jwtv
