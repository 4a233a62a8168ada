// Copyright 2026 The jwtv Authors.

#include "jwtv/metrics.h"

namespace jwtv {

Metrics::~Metrics() = default;

}  // namespace jwtv
