// Copyright 2026 The jwtv Authors.
//
// The `jwtv` subcommands. Each takes the arguments after its name and
// returns the process exit status (common.h).

#ifndef JWTV_TOOLS_CLI_COMMANDS_H_
#define JWTV_TOOLS_CLI_COMMANDS_H_

namespace jwtv::cli {

// jwtv validate [OPTIONS] [FILE]: tokens one per line -> one answer a line.
int RunValidate(int argc, char** argv);

// jwtv inspect [TOKEN|-]: decodes a token without verifying it.
int RunInspect(int argc, char** argv);

// jwtv jwks [--oidc] [--allow-http] URL: fetches a JWKS, lists its keys.
int RunJwks(int argc, char** argv);

}  // namespace jwtv::cli

#endif  // JWTV_TOOLS_CLI_COMMANDS_H_
