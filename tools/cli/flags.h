// Copyright 2026 The jwtv Authors.
//
// The options of every `jwtv` subcommand, from one table (flags.cc): each
// flag's name, whether it takes a value, which subcommands accept it, its
// help text and the function that stores it. The parser and the usage text
// (`jwtv --help`) both read that table.

#ifndef JWTV_TOOLS_CLI_FLAGS_H_
#define JWTV_TOOLS_CLI_FLAGS_H_

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jwtv/algorithm.h"

namespace jwtv::cli {

// The subcommands that take options, as bits of a mask.
enum Command : unsigned {
  kValidate = 1u << 0,
  kInspect = 1u << 1,
  kJwks = 1u << 2,
};

// What the options of a command line say. Each subcommand reads its own
// fields; the parser rejects a flag the subcommand does not accept.
struct Options {
  // validate: key sources.
  std::vector<std::string> jwks_files;
  std::vector<std::string> secret_files;
  std::optional<std::string> jwks_url;
  std::optional<std::string> oidc_issuer;
  bool allow_short_secret = false;
  // validate: --provider files (multi_issuer_setup.h).
  std::vector<std::string> provider_files;
  // validate: expectations.
  std::optional<AlgorithmSet> algorithms;
  std::vector<std::string> issuers;
  std::vector<std::string> audiences;
  std::optional<std::string> subject;
  std::optional<std::string> type;
  std::vector<std::string> required;
  std::optional<int64_t> now;
  std::optional<int64_t> leeway;
  std::optional<int64_t> max_age;
  bool allow_missing_exp = false;
  std::optional<std::string> profile;
  std::optional<std::string> api_key;
  // validate: --claim, --claim-contains and --scope, in command-line order.
  struct ClaimExpectation {
    bool contains = false;  // else equals
    std::string name;
    std::string value;
  };
  std::vector<ClaimExpectation> claim_checks;
  // validate: a third field on invalid lines, the claim that failed.
  bool explain = false;
  // validate and jwks.
  bool allow_http = false;
  // jwks: the URL is an OpenID Connect issuer.
  bool oidc = false;
  // The arguments that are not options, in order ("-" included).
  std::vector<std::string> operands;
};

// Parses the arguments after the subcommand's name into *out. An argument
// that starts with '-' (other than "-") is an option until "--"; options and
// operands may be mixed. Both "--opt VALUE" and "--opt=VALUE" are accepted.
// Returns -1 to go on, or an exit status: kExitOk after printing the usage
// for -h/--help, kExitUsage after a message for a bad option. Messages for
// `command` other than validate start with its name.
int ParseOptions(Command command, int argc, char** argv, Options* out);

// Writes the usage text, options from the table included, to `f`.
void PrintUsage(FILE* f);

}  // namespace jwtv::cli

#endif  // JWTV_TOOLS_CLI_FLAGS_H_
