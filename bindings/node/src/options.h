// Copyright 2026 The jwtv Authors.
//
// Builds a Core from the options object that index.js hands over (already
// normalized there: see index.js, normalizeOptions). Every field is checked
// again here, so that a direct call with wrong types throws a TypeError
// rather than misbehaving.

#ifndef JWTV_NODE_OPTIONS_H_
#define JWTV_NODE_OPTIONS_H_

#include <memory>

#include "core.h"
#include "napi.h"

namespace jwtv_node {

// Returns null with a JavaScript exception pending (TypeError for a field of
// the wrong type, Error for a configuration jwtv refuses, such as a short
// secret or a JWKS without a usable key, or a first JWKS fetch that failed).
std::shared_ptr<const Core> BuildCore(Napi::Env env, Napi::Object options);

}  // namespace jwtv_node

#endif  // JWTV_NODE_OPTIONS_H_
