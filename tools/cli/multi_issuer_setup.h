// Copyright 2026 The jwtv Authors.
//
// The MultiIssuerValidator that `jwtv validate --provider FILE ...`
// describes. Each FILE holds one JSON object (strict JSON: UTF-8, no
// duplicate names):
//   issuer        string, required: the provider's exact iss;
//   jwks_file     string, or
//   secret_files  array of strings, or
//   jwks_url      string, or
//   oidc_issuer   string: exactly one key source, as --jwks, --secret-file,
//                 --jwks-url, --oidc-issuer;
//   audiences     array of strings, optional (as --aud);
//   algorithms    array of algorithm names, optional (as --alg);
//   leeway        non-negative integer seconds, optional (as --leeway);
//   allow_http    boolean, optional, with jwks_url or oidc_issuer only
//                 (tests on loopback).
// Paths are relative to the current directory, as on the command line. Any
// other member, a member of another type, a missing issuer or key source, or
// two key sources is a configuration error. --provider excludes the options
// it replaces (the key sources, --iss, --aud, --alg, --leeway, --profile,
// --api-key, --allow-http); the other expectations (--sub, --typ,
// --require, --max-age, --allow-missing-exp, --now, --allow-short-secret)
// apply to every provider.

#ifndef JWTV_TOOLS_CLI_MULTI_ISSUER_SETUP_H_
#define JWTV_TOOLS_CLI_MULTI_ISSUER_SETUP_H_

#include <optional>

#include "flags.h"
#include "jwtv/multi_issuer.h"

namespace jwtv::cli {

// Builds the validator of args.provider_files into *out. On a usage or
// configuration error prints a message (never a secret) and returns false.
bool BuildMultiIssuerValidator(const Options& args,
                               std::optional<MultiIssuerValidator>* out);

}  // namespace jwtv::cli

#endif  // JWTV_TOOLS_CLI_MULTI_ISSUER_SETUP_H_
