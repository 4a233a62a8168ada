// Copyright 2026 The jwtv Authors.
//
// jwtv: the command-line face of the library.
//
//   jwtv validate [OPTIONS] [FILE]   tokens one per line -> one answer a line
//   jwtv inspect [TOKEN|-]           decode without verifying (clearly marked)
//   jwtv jwks [--oidc] URL           fetch a JWKS and summarize its keys
//   jwtv help | --help
//
// The contract (exit statuses, output lines, error names) is in
// docs/DESIGN.md, "The `jwtv validate` contract". Neither a token nor a
// secret ever appears in a message.

#include <cstdio>
#include <string_view>

#include "commands.h"
#include "common.h"
#include "flags.h"

namespace jwtv::cli {
namespace {

int Main(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(stderr);
    return kExitUsage;
  }
  const std::string_view command = argv[1];
  if (command == "help" || command == "--help" || command == "-h") {
    PrintUsage(stdout);
    return kExitOk;
  }
  if (command == "validate") return RunValidate(argc - 2, argv + 2);
  if (command == "inspect") return RunInspect(argc - 2, argv + 2);
  if (command == "jwks") return RunJwks(argc - 2, argv + 2);
  Error("unknown command " + Quote(command));
  PrintUsage(stderr);
  return kExitUsage;
}

}  // namespace
}  // namespace jwtv::cli

int main(int argc, char** argv) { return jwtv::cli::Main(argc, argv); }
