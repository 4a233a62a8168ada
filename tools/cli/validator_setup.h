// Copyright 2026 The jwtv Authors.
//
// The Validator that `jwtv validate`'s options describe: checks how the
// options combine, reads the key files (or starts the JWKS cache of a URL)
// and sets the expectations.

#ifndef JWTV_TOOLS_CLI_VALIDATOR_SETUP_H_
#define JWTV_TOOLS_CLI_VALIDATOR_SETUP_H_

#include <optional>

#include "flags.h"
#include "jwtv/validator.h"

namespace jwtv::cli {

// Builds the validator into *out. On a usage or configuration error prints
// a message (never a secret) and returns false. Warnings (JWKS keys skipped)
// go to stderr too.
bool BuildValidator(const Options& args, std::optional<Validator>* out);

}  // namespace jwtv::cli

#endif  // JWTV_TOOLS_CLI_VALIDATOR_SETUP_H_
