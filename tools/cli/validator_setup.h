// Copyright 2026 The jwtv Authors.
//
// The Validator that `jwtv validate`'s options describe: checks how the
// options combine, reads the key files (or starts the JWKS cache of a URL)
// and sets the expectations.

#ifndef JWTV_TOOLS_CLI_VALIDATOR_SETUP_H_
#define JWTV_TOOLS_CLI_VALIDATOR_SETUP_H_

#include <memory>
#include <optional>
#include <variant>

#include "flags.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"

namespace jwtv::cli {

// One validator's key source: the files' keys, or the cache of a URL.
using ValidatorKeys = std::variant<KeySet, std::shared_ptr<JwksCache>>;

// Checks how the options combine, reads the key files (or starts the JWKS
// cache of a URL) into *keys and sets *options from the expectations. On a
// usage or configuration error prints a message (never a secret) and
// returns false.
bool BuildKeysAndOptions(const Options& args, ValidatorKeys* keys,
                         ValidatorOptions* options);

// Builds the validator into *out (BuildKeysAndOptions, then
// Validator::Create, whose refusal is a configuration error). On a usage or
// configuration error prints a message (never a secret) and returns false.
// Warnings (JWKS keys skipped) go to stderr too.
bool BuildValidator(const Options& args, std::optional<Validator>* out);

}  // namespace jwtv::cli

#endif  // JWTV_TOOLS_CLI_VALIDATOR_SETUP_H_
