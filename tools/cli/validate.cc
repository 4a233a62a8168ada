// Copyright 2026 The jwtv Authors.
//
// jwtv validate: for each non-blank input line, in order, prints
// `valid<TAB><claims as compact JSON>` or `invalid<TAB><code>` (with
// --explain, `invalid<TAB><code><TAB><claim>`). Exit 0 when
// every token is valid (or there is none), 1 when any is invalid, 2 on a
// usage or configuration error, which is reported on stderr before any token
// is read (nothing is printed on stdout then).
//
// Input is read through LineReader's bounded buffer: a line longer than
// kMaxLineBytes is answered `invalid<TAB>malformed`. Answers are buffered,
// and the buffer is flushed whenever the reader is about to wait for more
// input, so a program that drives jwtv line by line gets each answer at once
// while a large batch is still written in big blocks.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "common.h"
#include "flags.h"
#include "jwtv/error.h"
#include "jwtv/multi_issuer.h"
#include "jwtv/validator.h"
#include "jwtv/verified_token.h"
#include "line_reader.h"
#include "multi_issuer_setup.h"
#include "validator_setup.h"

namespace jwtv::cli {
namespace {

void FlushStdout() { std::fflush(stdout); }

// Whether a provider's keys come from a JWKS cache.
bool HasJwksCache(const MultiIssuerValidator& multi) {
  return std::any_of(
      multi.providers().begin(), multi.providers().end(),
      [](const Validator& v) { return v.jwks_cache() != nullptr; });
}

// Opens the input: standard input for none or "-", else the file. Returns
// the descriptor, or -1 after a message.
int OpenInput(const std::vector<std::string>& operands) {
  if (operands.empty() || operands[0] == "-") return STDIN_FILENO;
  const std::string& path = operands[0];
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    Error("cannot open " + QuotePath(path) + ": " + std::strerror(errno));
    return -1;
  }
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    Error("cannot read " + QuotePath(path) + ": is a directory");
    return -1;
  }
  return fd;
}

// Writes "<word>\t<text>\n" on stdout, or "<word>\t<text>\t<extra>\n"
// when `with_extra`.
void PrintAnswer(std::string_view word, std::string_view text,
                 bool with_extra = false, std::string_view extra = {}) {
  std::fwrite(word.data(), 1, word.size(), stdout);
  std::fputc('\t', stdout);
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (with_extra) {
    std::fputc('\t', stdout);
    // An empty view may hold a null pointer, which fwrite must not get.
    if (!extra.empty()) std::fwrite(extra.data(), 1, extra.size(), stdout);
  }
  std::fputc('\n', stdout);
}

// Writes "invalid<TAB><code>\n", or with --explain
// "invalid<TAB><code><TAB><claim>\n" (the claim may be empty).
void PrintRejection(ErrorCode code, bool explain, std::string_view claim) {
  PrintAnswer("invalid", ErrorCodeName(code), explain, claim);
}

// Answers every line of `fd` with `validator` (a Validator or a
// MultiIssuerValidator); with `live_keys` (a JWKS cache behind it), each
// answer is written before the next line is read. Returns kExitOk,
// kExitInvalid, or kExitUsage when the input cannot be read. With `explain`,
// each token's Result (which names the failed claim) is kept in one reused
// Result.
template <typename AnyValidator>
int AnswerLines(const AnyValidator& validator, bool live_keys, int fd,
                bool explain) {
  LineReader reader(fd, kMaxLineBytes, &FlushStdout);
  VerifiedToken token;
  Result result;
  bool any_invalid = false;
  std::string_view line;
  for (;;) {
    const LineReader::Status s = reader.Next(&line);
    if (s == LineReader::Status::kEof) break;
    if (s == LineReader::Status::kError) {
      std::fflush(stdout);
      Error(std::string("cannot read the input: ") +
            std::strerror(reader.error()));
      return kExitUsage;
    }
    ErrorCode code = ErrorCode::kMalformed;
    std::string_view claim;
    if (s != LineReader::Status::kOverlong && explain) {
      result = validator.Validate(line);
      code = result.code();
      claim = result.failed_claim();
    } else if (s != LineReader::Status::kOverlong) {
      code = validator.Validate(line, &token);
    }
    if (code == ErrorCode::kOk) {
      PrintAnswer("valid", (explain ? *result : token).ClaimsJson());
    } else {
      any_invalid = true;
      PrintRejection(code, explain, claim);
    }
    // With live keys, each answer goes out before the next line is read.
    if (live_keys) std::fflush(stdout);
  }
  return any_invalid ? kExitInvalid : kExitOk;
}

}  // namespace

int RunValidate(int argc, char** argv) {
  Options args;
  if (const int rc = ParseOptions(kValidate, argc, argv, &args); rc >= 0) {
    return rc;
  }
  if (args.operands.size() > 1) {
    return UsageError("validate takes at most one FILE");
  }
  std::optional<Validator> validator;
  std::optional<MultiIssuerValidator> multi;
  if (args.provider_files.empty()) {
    if (!BuildValidator(args, &validator)) return kExitUsage;
  } else if (!BuildMultiIssuerValidator(args, &multi)) {
    return kExitUsage;
  }
  const int fd = OpenInput(args.operands);
  if (fd < 0) return kExitUsage;

  // Big output buffer; flushed whenever the input runs dry (see LineReader).
  static char out_buffer[1 << 18];
  std::setvbuf(stdout, out_buffer, _IOFBF, sizeof(out_buffer));
  const int rc =
      validator.has_value()
          ? AnswerLines(*validator, validator->jwks_cache() != nullptr, fd,
                        args.explain)
          : AnswerLines(*multi, HasJwksCache(*multi), fd, args.explain);
  if (fd != STDIN_FILENO) ::close(fd);
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    Error(std::string("cannot write the output: ") + std::strerror(errno));
    return kExitUsage;
  }
  return rc;
}

}  // namespace jwtv::cli
