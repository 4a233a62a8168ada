// Copyright 2026 The jwtv Authors.
//
// jwtv: the command-line face of the library.
//
//   jwtv validate [OPTIONS] [FILE]   tokens one per line -> one answer a line
//   jwtv inspect [TOKEN|-]           decode without verifying (clearly marked)
//   jwtv jwks [--oidc] URL           fetch a JWKS and summarize its keys
//   jwtv help | --help
//
// The `validate` contract (DESIGN.md): for each non-blank input line, in
// order, print `valid<TAB><claims as compact JSON>` or `invalid<TAB><code>`.
// Exit 0 when every token is valid (or there is none), 1 when any is invalid,
// 2 on a usage or configuration error, which is reported on stderr before any
// token is read (nothing is printed on stdout then).
//
// Input is read through a bounded buffer: a line longer than kMaxLineBytes is
// consumed without being stored and answered `invalid<TAB>malformed`, so
// memory does not grow with the input. Answers are buffered, and the buffer
// is flushed whenever the reader is about to wait for more input, so a
// program that drives jwtv line by line gets each answer at once while a
// large batch is still written in big blocks.
//
// Neither a token nor a secret ever appears in a message.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "jwtv/algorithm.h"
#include "jwtv/error.h"
#include "jwtv/jwks_cache.h"
#include "jwtv/key_set.h"
#include "jwtv/shopify.h"
#include "jwtv/validator.h"
#include "jwtv/verified_token.h"

namespace jwtv {
namespace cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitInvalid = 1;
constexpr int kExitUsage = 2;

// Longest input line that is stored and handed to the validator; longer lines
// are malformed (far above any token size limit anyway).
constexpr size_t kMaxLineBytes = size_t{1} << 20;
// Largest key file read (the library caps a JWKS at 1 MiB itself).
constexpr size_t kMaxKeyFileBytes = size_t{16} << 20;

constexpr char kUsage[] =
    "Usage:\n"
    "  jwtv validate [OPTIONS] [FILE]\n"
    "      Validate JWTs, one per line, from FILE or standard input (blank\n"
    "      lines are ignored). For each token, in input order, prints\n"
    "        valid<TAB><payload claims as compact JSON>\n"
    "      or\n"
    "        invalid<TAB><error code>\n"
    "      Exit status: 0 all valid, 1 any invalid, 2 usage or configuration\n"
    "      error.\n"
    "  jwtv inspect [TOKEN | -]\n"
    "      Decode a token WITHOUT verifying it and print its header and\n"
    "      payload. Reads the token from standard input when omitted or '-'.\n"
    "  jwtv jwks [--oidc] [--allow-http] URL\n"
    "      Fetch the JWKS at URL (with --oidc: the JWKS of the OpenID Connect\n"
    "      issuer URL), check every key and print one line per key:\n"
    "        kid<TAB>kty<TAB>algorithms<TAB>bits\n"
    "      An oct (symmetric) key is listed with \"ignored\" in place of its\n"
    "      algorithms: a secret in a published JWKS would let anyone sign\n"
    "      tokens, so keys from a URL never include oct keys.\n"
    "  jwtv help | --help\n"
    "      Show this message.\n"
    "\n"
    "Options of validate (both --opt VALUE and --opt=VALUE are accepted):\n"
    "  --jwks FILE            JWKS document (kty RSA, EC, OKP Ed25519, oct);\n"
    "                         repeatable\n"
    "  --secret-file FILE     raw HMAC secret bytes (the file verbatim);\n"
    "                         repeatable, any may match (secret rotation).\n"
    "                         RFC 7518 section 3.2: a secret verifies HS256\n"
    "                         from 32 bytes, HS384 from 48, HS512 from 64;\n"
    "                         one too short for every HS alg allowed (--alg)\n"
    "                         is refused (exit 2), a short oct key in a\n"
    "                         --jwks FILE is skipped with a warning\n"
    "  --allow-short-secret   legacy systems only: accept HMAC secrets and\n"
    "                         oct keys shorter than RFC 7518 requires\n"
    "  --alg LIST             comma-separated allowed algorithms (HS256, ...,\n"
    "                         EdDSA); default: whatever the key permits\n"
    "  --iss S                repeatable; iss must equal one of them\n"
    "  --aud S                repeatable; aud must contain one of them\n"
    "  --sub S                sub must equal S\n"
    "  --typ S                header typ must equal S (case-insensitive,\n"
    "                         \"application/\" prefix ignored)\n"
    "  --require CLAIM        the claim must be present; repeatable\n"
    "  --now UNIX_SECONDS     fixed clock (default: the system clock)\n"
    "  --leeway SECONDS       allowed clock skew (default 0; 10 with\n"
    "                         --profile shopify)\n"
    "  --max-age SECONDS      iat must be no older than this (needs iat)\n"
    "  --allow-missing-exp    accept tokens without exp\n"
    "  --profile shopify      Shopify session tokens: HS256 signed with the\n"
    "                         app's client secret (--secret-file), aud equal\n"
    "                         to --api-key, dest a shop URL, iss on that host\n"
    "  --api-key KEY          the app's client ID (with --profile shopify)\n"
    "  --jwks-url URL         keys from a JWKS URL, kept current while\n"
    "                         tokens stream in (refreshed on expiry and on an\n"
    "                         unknown kid); each answer is written at once.\n"
    "                         oct keys in it are ignored (a published secret\n"
    "                         signs anyone's tokens): HS* tokens get\n"
    "                         key_not_found\n"
    "  --oidc-issuer URL      keys of an OpenID Connect issuer (discovery);\n"
    "                         iss must equal URL unless --iss is given\n"
    "  --allow-http           accept plain http:// URLs (tests on loopback)\n"
    "\n"
    "Error codes: malformed bad_json unsupported_alg alg_not_allowed\n"
    "  key_not_found bad_signature bad_claim expired not_yet_valid\n"
    "  iat_in_future too_old bad_issuer bad_audience bad_subject bad_type\n"
    "  missing_claim unknown_crit\n";

void PrintUsage(FILE* f) { std::fputs(kUsage, f); }

// Prints "jwtv: <message>" on stderr. Messages name files and options, never
// a token or a secret.
void Error(std::string_view message) {
  std::fprintf(stderr, "jwtv: %.*s\n", static_cast<int>(message.size()),
               message.data());
}

int UsageError(std::string_view message) {
  Error(message);
  std::fputs("Try 'jwtv --help' for more information.\n", stderr);
  return kExitUsage;
}

// Quotes a file name for a message (whole: it is not secret).
std::string QuotePath(std::string_view path) {
  std::string out = "'";
  out.append(path);
  out.push_back('\'');
  return out;
}

// Quotes a user-given word for a message, cut short so that a token passed
// by mistake is never echoed whole.
std::string Quote(std::string_view s) {
  constexpr size_t kMaxShown = 24;
  std::string out = "'";
  out.append(s.substr(0, kMaxShown));
  if (s.size() > kMaxShown) out.append("...");
  out.push_back('\'');
  return out;
}

// ---------------------------------------------------------------------------
// Small helpers.

// Parses a decimal integer: an optional '-' (when allowed) and digits, with
// no surrounding space, no '+', and no overflow.
std::optional<int64_t> ParseInt(std::string_view s, bool allow_negative) {
  if (s.empty()) return std::nullopt;
  if (s[0] == '-' && !allow_negative) return std::nullopt;
  if (s[0] == '+') return std::nullopt;
  int64_t value = 0;
  const char* begin = s.data();
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

bool IsBlankByte(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlankByte(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlankByte(s.back())) s.remove_suffix(1);
  return s;
}

bool AllBlank(const char* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (!IsBlankByte(p[i])) return false;
  }
  return true;
}

// Reads a whole file into *out. On failure returns a message (without the
// file's contents).
std::optional<std::string> ReadFile(const std::string& path, size_t max_bytes,
                                    std::string* out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::string("cannot open: ") + std::strerror(errno);
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return std::string("is a directory");
  }
  out->clear();
  char chunk[65536];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof(chunk));
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return std::string("cannot read: ") + std::strerror(err);
    }
    if (n == 0) break;
    if (out->size() + static_cast<size_t>(n) > max_bytes) {
      ::close(fd);
      return std::string("file too large");
    }
    out->append(chunk, static_cast<size_t>(n));
  }
  ::close(fd);
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Line reader over a file descriptor with a bounded buffer.

class LineReader {
 public:
  // `before_wait` is called before each read(2), i.e. whenever every line
  // already received has been handed out.
  LineReader(int fd, size_t max_line, void (*before_wait)())
      : fd_(fd),
        max_line_(max_line),
        before_wait_(before_wait),
        buf_(max_line + kChunk) {}

  enum class Status { kLine, kOverlong, kEof, kError };

  // The next non-blank line, trimmed (a view valid until the next call), or
  // kOverlong for a line longer than max_line (not stored).
  Status Next(std::string_view* line) {
    for (;;) {
      Status s = NextRaw(line);
      if (s != Status::kLine) return s;
      *line = Trim(*line);
      if (!line->empty()) return s;
    }
  }

  int error() const { return error_; }

 private:
  static constexpr size_t kChunk = 64 * 1024;

  // Fills buf_[end_..]; returns bytes read, 0 at EOF, -1 on error.
  ssize_t Fill() {
    if (before_wait_ != nullptr) before_wait_();
    for (;;) {
      ssize_t n = ::read(fd_, buf_.data() + end_, buf_.size() - end_);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error_ = errno;
      return n;
    }
  }

  Status NextRaw(std::string_view* line) {
    for (;;) {
      if (eof_) {
        if (discarding_) {
          discarding_ = false;
          if (discard_nonblank_) return Status::kOverlong;
          return Status::kEof;
        }
        if (start_ < end_) {
          *line = std::string_view(buf_.data() + start_, end_ - start_);
          start_ = end_;
          return Status::kLine;
        }
        return Status::kEof;
      }
      const char* base = buf_.data();
      const void* nl = scan_ < end_
                           ? std::memchr(base + scan_, '\n', end_ - scan_)
                           : nullptr;
      if (nl != nullptr) {
        size_t pos = static_cast<const char*>(nl) - base;
        if (discarding_) {
          bool nonblank =
              discard_nonblank_ || !AllBlank(base + start_, pos - start_);
          discarding_ = false;
          start_ = scan_ = pos + 1;
          if (nonblank) return Status::kOverlong;
          continue;
        }
        *line = std::string_view(base + start_, pos - start_);
        start_ = scan_ = pos + 1;
        return Status::kLine;
      }
      // No newline in [start_, end_).
      if (discarding_ || end_ - start_ > max_line_) {
        if (!discarding_) {
          discarding_ = true;
          discard_nonblank_ = false;
        }
        if (!AllBlank(base + start_, end_ - start_)) discard_nonblank_ = true;
        start_ = scan_ = end_ = 0;
      } else if (start_ > 0) {
        if (end_ == buf_.size() || buf_.size() - end_ < kChunk) {
          std::memmove(buf_.data(), base + start_, end_ - start_);
          end_ -= start_;
          start_ = 0;
        }
      }
      scan_ = end_;
      ssize_t n = Fill();
      if (n < 0) return Status::kError;
      if (n == 0) {
        eof_ = true;
        continue;
      }
      end_ += static_cast<size_t>(n);
    }
  }

  int fd_;
  size_t max_line_;
  void (*before_wait_)();
  std::vector<char> buf_;
  size_t start_ = 0;  // first byte of the current line
  size_t scan_ = 0;   // bytes before this hold no newline
  size_t end_ = 0;    // end of the data read
  bool eof_ = false;
  bool discarding_ = false;        // inside an overlong line
  bool discard_nonblank_ = false;  // the discarded part had a non-blank byte
  int error_ = 0;
};

void FlushStdout() { std::fflush(stdout); }

// ---------------------------------------------------------------------------
// jwtv validate

struct ValidateArgs {
  std::vector<std::string> jwks_files;
  std::vector<std::string> secret_files;
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
  std::optional<std::string> jwks_url;
  std::optional<std::string> oidc_issuer;
  bool allow_http = false;
  bool allow_short_secret = false;
  std::vector<std::string> inputs;
};

// "HS256,HS384": the names of the set, in the Algorithm order.
std::string AlgorithmNames(AlgorithmSet set) {
  std::string out;
  for (int a = 0; a < kAlgorithmCount; ++a) {
    const Algorithm alg = static_cast<Algorithm>(a);
    if (!set.Contains(alg)) continue;
    if (!out.empty()) out.push_back(',');
    out.append(AlgorithmName(alg));
  }
  return out;
}

// Whether a secret of `bytes` bytes may verify any of `algs` (RFC 7518
// section 3.2: HS256 from 32 bytes, HS384 from 48, HS512 from 64).
bool CoversAnyHmac(size_t bytes, AlgorithmSet algs) {
  return (algs.Contains(Algorithm::kHS256) && bytes >= 32) ||
         (algs.Contains(Algorithm::kHS384) && bytes >= 48) ||
         (algs.Contains(Algorithm::kHS512) && bytes >= 64);
}

// Parses "HS256,RS256". Returns a message on failure.
std::optional<std::string> ParseAlgList(std::string_view list,
                                        AlgorithmSet* out) {
  AlgorithmSet set;
  if (list.empty()) return std::string("--alg: empty algorithm list");
  while (true) {
    size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    if (item.empty()) {
      return std::string("--alg: empty name in the algorithm list");
    }
    std::optional<Algorithm> alg = ParseAlgorithm(item);
    if (!alg.has_value()) {
      std::string lower(item);
      for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      if (lower == "none") {
        return std::string("--alg: \"none\" is never accepted");
      }
      return "--alg: unknown algorithm " + Quote(item) +
             " (known: HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 "
             "PS512 ES256 ES384 ES512 EdDSA)";
    }
    set.Add(*alg);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  *out = set;
  return std::nullopt;
}

// Returns -1 to continue, or an exit status (help shown, or usage error).
int ParseValidateArgs(int argc, char** argv, ValidateArgs* args) {
  bool options_done = false;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (options_done || arg == "-" || arg.size() < 2 || arg[0] != '-') {
      args->inputs.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      PrintUsage(stdout);
      return kExitOk;
    }
    if (arg.substr(0, 2) != "--") {
      return UsageError("unknown option " + Quote(arg));
    }
    std::string_view name = arg;
    std::optional<std::string_view> inline_value;
    if (size_t eq = arg.find('='); eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    if (name == "--allow-missing-exp") {
      if (inline_value.has_value()) {
        return UsageError("option --allow-missing-exp takes no value");
      }
      args->allow_missing_exp = true;
      continue;
    }
    if (name == "--allow-http") {
      if (inline_value.has_value()) {
        return UsageError("option --allow-http takes no value");
      }
      args->allow_http = true;
      continue;
    }
    if (name == "--allow-short-secret") {
      if (inline_value.has_value()) {
        return UsageError("option --allow-short-secret takes no value");
      }
      args->allow_short_secret = true;
      continue;
    }
    static constexpr std::string_view kWithValue[] = {
        "--jwks",    "--secret-file", "--alg",        "--iss",
        "--aud",     "--sub",         "--typ",        "--require",
        "--now",     "--leeway",      "--max-age",    "--profile",
        "--api-key", "--jwks-url",    "--oidc-issuer"};
    bool known = false;
    for (std::string_view k : kWithValue) known = known || k == name;
    if (!known) return UsageError("unknown option " + Quote(name));
    std::string_view value;
    if (inline_value.has_value()) {
      value = *inline_value;
    } else {
      if (i + 1 >= argc) {
        return UsageError("option " + std::string(name) + " needs a value");
      }
      value = argv[++i];
    }
    std::string v(value);
    if (name == "--jwks-url" || name == "--oidc-issuer") {
      if (args->jwks_url.has_value() || args->oidc_issuer.has_value()) {
        return UsageError("give one --jwks-url or --oidc-issuer");
      }
      if (v.empty()) return UsageError(std::string(name) + ": empty URL");
      (name == "--jwks-url" ? args->jwks_url : args->oidc_issuer) =
          std::move(v);
    } else if (name == "--jwks") {
      if (v.empty()) return UsageError("--jwks: empty file name");
      args->jwks_files.push_back(std::move(v));
    } else if (name == "--secret-file") {
      if (v.empty()) return UsageError("--secret-file: empty file name");
      args->secret_files.push_back(std::move(v));
    } else if (name == "--alg") {
      AlgorithmSet set;
      if (auto err = ParseAlgList(value, &set)) return UsageError(*err);
      // Repeated --alg options add up.
      args->algorithms = AlgorithmSet::FromBitsUnchecked(
          (args->algorithms ? args->algorithms->bits() : 0) | set.bits());
    } else if (name == "--iss") {
      args->issuers.push_back(std::move(v));
    } else if (name == "--aud") {
      args->audiences.push_back(std::move(v));
    } else if (name == "--sub") {
      args->subject = std::move(v);
    } else if (name == "--typ") {
      args->type = std::move(v);
    } else if (name == "--require") {
      if (v.empty()) return UsageError("--require: empty claim name");
      args->required.push_back(std::move(v));
    } else if (name == "--now") {
      args->now = ParseInt(value, /*allow_negative=*/true);
      if (!args->now) {
        return UsageError(
            "--now: expected an integer number of seconds "
            "since the Unix epoch, got " +
            Quote(value));
      }
    } else if (name == "--leeway") {
      args->leeway = ParseInt(value, /*allow_negative=*/false);
      if (!args->leeway) {
        return UsageError(
            "--leeway: expected a non-negative integer number of seconds, "
            "got " +
            Quote(value));
      }
    } else if (name == "--max-age") {
      args->max_age = ParseInt(value, /*allow_negative=*/false);
      if (!args->max_age) {
        return UsageError(
            "--max-age: expected a non-negative integer number of seconds, "
            "got " +
            Quote(value));
      }
    } else if (name == "--profile") {
      if (v != "shopify") {
        return UsageError("--profile: unknown profile " + Quote(value) +
                          " (known: shopify)");
      }
      args->profile = std::move(v);
    } else if (name == "--api-key") {
      if (v.empty()) return UsageError("--api-key: empty API key");
      args->api_key = std::move(v);
    }
  }
  return -1;
}

// Builds the validator from the arguments; on failure prints a message and
// returns false.
bool BuildValidator(const ValidateArgs& args, std::optional<Validator>* out) {
  const bool shopify = args.profile.has_value();
  if (shopify) {
    if (!args.api_key.has_value()) {
      UsageError("--profile shopify needs --api-key KEY");
      return false;
    }
    if (args.secret_files.empty()) {
      UsageError(
          "--profile shopify needs at least one --secret-file (the app's "
          "client secret)");
      return false;
    }
    if (!args.audiences.empty()) {
      UsageError(
          "--aud cannot be combined with --profile shopify (aud must equal "
          "--api-key)");
      return false;
    }
    if (args.allow_missing_exp) {
      UsageError(
          "--allow-missing-exp cannot be combined with --profile shopify "
          "(exp is required)");
      return false;
    }
  } else if (args.api_key.has_value()) {
    UsageError("--api-key is only meaningful with --profile shopify");
    return false;
  }
  const bool live = args.jwks_url.has_value() || args.oidc_issuer.has_value();
  if (live &&
      (shopify || !args.jwks_files.empty() || !args.secret_files.empty())) {
    UsageError(
        "--jwks-url / --oidc-issuer cannot be combined with --jwks, "
        "--secret-file or --profile");
    return false;
  }
  if (!live && args.allow_http) {
    UsageError("--allow-http needs --jwks-url or --oidc-issuer");
    return false;
  }
  if (!live && args.jwks_files.empty() && args.secret_files.empty()) {
    UsageError("no key given: use --jwks FILE and/or --secret-file FILE");
    return false;
  }
  std::shared_ptr<JwksCache> cache;
  if (live) {
    JwksCacheOptions cache_options;
    cache_options.http.allow_http = args.allow_http;
    cache_options.allow_short_hmac_secrets = args.allow_short_secret;
    absl::StatusOr<std::shared_ptr<JwksCache>> c =
        args.jwks_url.has_value()
            ? JwksCache::FromUrl(*args.jwks_url, std::move(cache_options))
            : JwksCache::FromOidcIssuer(*args.oidc_issuer,
                                        std::move(cache_options));
    if (!c.ok()) {
      Error(std::string(args.jwks_url ? "--jwks-url " : "--oidc-issuer ") +
            Quote(args.jwks_url ? *args.jwks_url : *args.oidc_issuer) + ": " +
            std::string(c.status().message()));
      return false;
    }
    cache = *std::move(c);
    for (const std::string& skipped : cache->keys().skipped()) {
      Error("warning: JWKS key skipped: " + skipped);
    }
  }

  KeySetOptions key_options;
  key_options.allow_short_hmac_secrets = args.allow_short_secret;
  KeySet::Builder builder(key_options);
  std::string content;
  for (const std::string& path : args.jwks_files) {
    if (auto err = ReadFile(path, kMaxKeyFileBytes, &content)) {
      Error("--jwks " + QuotePath(path) + ": " + *err);
      return false;
    }
    absl::Status st = builder.AddJwks(content);
    if (!st.ok()) {
      Error("--jwks " + QuotePath(path) +
            ": not a usable JWKS: " + std::string(st.message()));
      return false;
    }
  }
  for (const std::string& path : args.secret_files) {
    if (auto err = ReadFile(path, kMaxKeyFileBytes, &content)) {
      Error("--secret-file " + QuotePath(path) + ": " + *err);
      return false;
    }
    if (content.empty()) {
      Error("--secret-file " + QuotePath(path) + ": the secret is empty");
      return false;
    }
    // The HS algorithms the secret is for: HS256 with the Shopify profile;
    // those of --alg when it names any; else all three.
    AlgorithmSet algs = AlgorithmSet::Hmac();
    if (shopify) {
      algs = AlgorithmSet{Algorithm::kHS256};
    } else if (args.algorithms.has_value() &&
               !args.algorithms->Intersect(AlgorithmSet::Hmac()).empty()) {
      algs = args.algorithms->Intersect(AlgorithmSet::Hmac());
    }
    // RFC 7518 section 3.2: the secret verifies those of them whose hash
    // output it covers; one that covers none is a configuration error.
    if (!args.allow_short_secret && !CoversAnyHmac(content.size(), algs)) {
      Error("--secret-file " + QuotePath(path) + ": the secret is " +
            std::to_string(content.size()) + " bytes, too short for " +
            AlgorithmNames(algs) +
            ": RFC 7518 section 3.2 requires at least 32 bytes for HS256, "
            "48 for HS384, 64 for HS512 (--allow-short-secret accepts it, "
            "for a legacy system only)");
      std::fill(content.begin(), content.end(), '\0');
      return false;
    }
    absl::Status st = builder.AddHmacSecret(content, {}, algs);
    // The library's message is not printed: it might describe the secret.
    if (!st.ok()) {
      Error("--secret-file " + QuotePath(path) + ": not a usable HMAC secret");
      return false;
    }
  }
  // Wipe the last secret read from this buffer.
  std::fill(content.begin(), content.end(), '\0');
  KeySet keys = std::move(builder).Build();
  for (const std::string& skipped : keys.skipped()) {
    Error("warning: JWKS key skipped: " + skipped);
  }

  ValidatorOptions options;
  if (shopify) {
    options = ShopifyValidatorOptions(*args.api_key, args.leeway.value_or(10));
  } else {
    options.leeway_seconds = args.leeway.value_or(0);
    options.audiences = args.audiences;
    options.require_exp = !args.allow_missing_exp;
  }
  if (args.algorithms.has_value()) {
    options.algorithms = options.algorithms.Intersect(*args.algorithms);
  }
  options.issuers.insert(options.issuers.end(), args.issuers.begin(),
                         args.issuers.end());
  if (args.subject.has_value()) options.subject = args.subject;
  if (args.type.has_value()) options.type = args.type;
  options.required_claims.insert(options.required_claims.end(),
                                 args.required.begin(), args.required.end());
  if (args.max_age.has_value()) options.max_age_seconds = args.max_age;
  if (args.now.has_value()) {
    int64_t now = *args.now;
    options.clock = [now] { return now; };
  }
  if (cache != nullptr) {
    if (args.oidc_issuer.has_value() && options.issuers.empty()) {
      options.issuers.push_back(*args.oidc_issuer);
    }
    out->emplace(std::move(cache), std::move(options));
    return true;
  }
  out->emplace(std::move(keys), std::move(options));
  return true;
}

int RunValidate(int argc, char** argv) {
  ValidateArgs args;
  if (int rc = ParseValidateArgs(argc, argv, &args); rc >= 0) return rc;
  if (args.inputs.size() > 1) {
    return UsageError("validate takes at most one FILE");
  }
  std::optional<Validator> validator;
  if (!BuildValidator(args, &validator)) return kExitUsage;

  int fd = STDIN_FILENO;
  bool own_fd = false;
  if (!args.inputs.empty() && args.inputs[0] != "-") {
    const std::string& path = args.inputs[0];
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      Error("cannot open " + QuotePath(path) + ": " + std::strerror(errno));
      return kExitUsage;
    }
    own_fd = true;
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd);
      Error("cannot read " + QuotePath(path) + ": is a directory");
      return kExitUsage;
    }
  }

  // Big output buffer; flushed whenever the input runs dry (see LineReader).
  static char out_buffer[1 << 18];
  std::setvbuf(stdout, out_buffer, _IOFBF, sizeof(out_buffer));

  LineReader reader(fd, kMaxLineBytes, &FlushStdout);
  VerifiedToken token;
  bool any_invalid = false;
  std::string_view line;
  int rc = kExitOk;
  for (;;) {
    LineReader::Status s = reader.Next(&line);
    if (s == LineReader::Status::kEof) break;
    if (s == LineReader::Status::kError) {
      std::fflush(stdout);
      Error(std::string("cannot read the input: ") +
            std::strerror(reader.error()));
      rc = kExitUsage;
      break;
    }
    ErrorCode code = s == LineReader::Status::kOverlong
                         ? ErrorCode::kMalformed
                         : validator->Validate(line, &token);
    if (code == ErrorCode::kOk) {
      std::string claims = token.ClaimsJson();
      std::fputs("valid\t", stdout);
      std::fwrite(claims.data(), 1, claims.size(), stdout);
      std::fputc('\n', stdout);
    } else {
      any_invalid = true;
      std::string_view name = ErrorCodeName(code);
      std::fputs("invalid\t", stdout);
      std::fwrite(name.data(), 1, name.size(), stdout);
      std::fputc('\n', stdout);
    }
    // With live keys, each answer goes out before the next line is read.
    if (validator->jwks_cache() != nullptr) std::fflush(stdout);
  }
  if (own_fd) ::close(fd);
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    Error(std::string("cannot write the output: ") + std::strerror(errno));
    return kExitUsage;
  }
  if (rc != kExitOk) return rc;
  return any_invalid ? kExitInvalid : kExitOk;
}

// ---------------------------------------------------------------------------
// jwtv inspect

// Lenient base64url decoding for display: the base64url alphabet, optional
// trailing '=' padding. Returns nullopt on a byte outside the alphabet.
std::optional<std::string> DecodeSegment(std::string_view in) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(in.size() / 4 * 3 + 3);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '-') {
      v = 62;
    } else if (c == '_') {
      v = 63;
    } else {
      return std::nullopt;
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

// Checks JSON text and writes a compact copy (insignificant whitespace
// removed). Strings and numbers are copied as they are.
class JsonCompactor {
 public:
  explicit JsonCompactor(std::string_view in)
      : p_(in.data()), end_(in.data() + in.size()) {}

  // True if the input is one JSON object.
  bool CompactObject(std::string* out) {
    out_ = out;
    SkipSpace();
    if (p_ == end_ || *p_ != '{') return false;
    if (!Value(0)) return false;
    SkipSpace();
    return p_ == end_;
  }

 private:
  static constexpr int kMaxDepth = 64;

  void SkipSpace() {
    while (p_ != end_ &&
           (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) {
      ++p_;
    }
  }

  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() ||
        std::string_view(p_, word.size()) != word) {
      return false;
    }
    out_->append(word);
    p_ += word.size();
    return true;
  }

  bool String() {
    const char* start = p_++;  // the opening quote
    while (p_ != end_) {
      unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        out_->append(start, p_ - start);
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        ++p_;
        if (p_ == end_) return false;
        char e = *p_;
        if (e == 'u') {
          for (int k = 0; k < 4; ++k) {
            ++p_;
            if (p_ == end_ || !std::isxdigit(static_cast<unsigned char>(*p_))) {
              return false;
            }
          }
        } else if (std::strchr("\"\\/bfnrt", e) == nullptr || e == '\0') {
          return false;
        }
      }
      ++p_;
    }
    return false;
  }

  bool Digits() {
    const char* s = p_;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    return p_ != s;
  }

  bool Number() {
    const char* start = p_;
    if (*p_ == '-') ++p_;
    if (p_ == end_) return false;
    if (*p_ == '0') {
      ++p_;
    } else if (!Digits()) {
      return false;
    }
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (!Digits()) return false;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!Digits()) return false;
    }
    out_->append(start, p_ - start);
    return true;
  }

  bool Value(int depth) {
    SkipSpace();
    if (p_ == end_) return false;
    switch (*p_) {
      case '{': {
        if (depth >= kMaxDepth) return false;
        ++p_;
        out_->push_back('{');
        SkipSpace();
        if (p_ != end_ && *p_ == '}') {
          ++p_;
          out_->push_back('}');
          return true;
        }
        for (;;) {
          SkipSpace();
          if (p_ == end_ || *p_ != '"' || !String()) return false;
          SkipSpace();
          if (p_ == end_ || *p_ != ':') return false;
          ++p_;
          out_->push_back(':');
          if (!Value(depth + 1)) return false;
          SkipSpace();
          if (p_ == end_) return false;
          if (*p_ == ',') {
            ++p_;
            out_->push_back(',');
            continue;
          }
          if (*p_ == '}') {
            ++p_;
            out_->push_back('}');
            return true;
          }
          return false;
        }
      }
      case '[': {
        if (depth >= kMaxDepth) return false;
        ++p_;
        out_->push_back('[');
        SkipSpace();
        if (p_ != end_ && *p_ == ']') {
          ++p_;
          out_->push_back(']');
          return true;
        }
        for (;;) {
          if (!Value(depth + 1)) return false;
          SkipSpace();
          if (p_ == end_) return false;
          if (*p_ == ',') {
            ++p_;
            out_->push_back(',');
            continue;
          }
          if (*p_ == ']') {
            ++p_;
            out_->push_back(']');
            return true;
          }
          return false;
        }
      }
      case '"':
        return String();
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        if (*p_ == '-' || (*p_ >= '0' && *p_ <= '9')) return Number();
        return false;
    }
  }

  const char* p_;
  const char* end_;
  std::string* out_ = nullptr;
};

int RunInspect(int argc, char** argv) {
  std::optional<std::string_view> token_arg;
  bool options_done = false;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (!options_done && (arg == "-h" || arg == "--help")) {
      PrintUsage(stdout);
      return kExitOk;
    }
    if (!options_done && arg == "--") {
      options_done = true;
      continue;
    }
    if (!options_done && arg.size() > 1 && arg[0] == '-') {
      return UsageError("inspect: unknown option " + Quote(arg));
    }
    if (token_arg.has_value()) {
      return UsageError("inspect takes at most one TOKEN");
    }
    token_arg = arg;
  }
  std::string input;
  if (!token_arg.has_value() || *token_arg == "-") {
    char chunk[65536];
    for (;;) {
      ssize_t n = ::read(STDIN_FILENO, chunk, sizeof(chunk));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        Error(std::string("cannot read standard input: ") +
              std::strerror(errno));
        return kExitUsage;
      }
      if (n == 0) break;
      if (input.size() + static_cast<size_t>(n) > kMaxLineBytes) {
        Error("inspect: input too large");
        return kExitInvalid;
      }
      input.append(chunk, static_cast<size_t>(n));
    }
  } else {
    input = std::string(*token_arg);
  }
  std::string_view token = input;
  while (!token.empty() &&
         (IsBlankByte(token.front()) || token.front() == '\n'))
    token.remove_prefix(1);
  while (!token.empty() && (IsBlankByte(token.back()) || token.back() == '\n'))
    token.remove_suffix(1);

  size_t dot1 = token.find('.');
  size_t dot2 =
      dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos ||
      token.find('.', dot2 + 1) != std::string_view::npos) {
    Error("inspect: malformed token: not three dot-separated segments");
    return kExitInvalid;
  }
  std::string_view header_b64 = token.substr(0, dot1);
  std::string_view payload_b64 = token.substr(dot1 + 1, dot2 - dot1 - 1);
  struct Part {
    const char* name;
    std::string_view b64;
    std::string json;
  } parts[2] = {{"header", header_b64, {}}, {"payload", payload_b64, {}}};
  for (Part& part : parts) {
    if (part.b64.empty()) {
      Error(std::string("inspect: malformed token: empty ") + part.name);
      return kExitInvalid;
    }
    std::optional<std::string> decoded = DecodeSegment(part.b64);
    if (!decoded.has_value()) {
      Error(std::string("inspect: malformed token: the ") + part.name +
            " is not base64url");
      return kExitInvalid;
    }
    if (!JsonCompactor(*decoded).CompactObject(&part.json)) {
      Error(std::string("inspect: malformed token: the ") + part.name +
            " is not a JSON object");
      return kExitInvalid;
    }
  }
  std::printf("UNVERIFIED: signature not checked\n%s\n%s\n",
              parts[0].json.c_str(), parts[1].json.c_str());
  return std::fflush(stdout) == 0 ? kExitOk : kExitUsage;
}

// ---------------------------------------------------------------------------
// jwtv jwks

int RunJwks(int argc, char** argv) {
  bool oidc = false;
  bool allow_http = false;
  std::optional<std::string> url;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      PrintUsage(stdout);
      return kExitOk;
    }
    if (arg == "--oidc") {
      oidc = true;
    } else if (arg == "--allow-http") {
      allow_http = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      return UsageError("jwks: unknown option " + Quote(arg));
    } else if (url.has_value()) {
      return UsageError("jwks takes one URL");
    } else {
      url = std::string(arg);
    }
  }
  if (!url.has_value()) return UsageError("jwks: missing URL");
  JwksCacheOptions options;
  options.http.allow_http = allow_http;
  options.background_refresh = false;
  absl::StatusOr<std::shared_ptr<JwksCache>> cache =
      oidc ? JwksCache::FromOidcIssuer(*url, std::move(options))
           : JwksCache::FromUrl(*url, std::move(options));
  if (!cache.ok()) {
    Error("jwks " + Quote(*url) + ": " + std::string(cache.status().message()));
    return kExitInvalid;
  }
  KeySet keys = (*cache)->keys();
  for (const std::string& skipped : keys.skipped()) {
    Error("warning: JWKS key skipped: " + skipped);
  }
  for (const KeyInfo& k : keys.keys()) {
    std::printf("%s\t%s\t%s\t%d\n", k.kid.c_str(), k.kty.c_str(),
                AlgorithmNames(k.algorithms).c_str(), k.bits);
  }
  // oct keys of a published JWKS are never used; they are listed so that
  // the provider's mistake is visible.
  for (const KeyInfo& k : keys.ignored_symmetric_keys()) {
    std::printf("%s\t%s\tignored\t%d\n", k.kid.c_str(), k.kty.c_str(), k.bits);
  }
  return std::fflush(stdout) == 0 ? kExitOk : kExitUsage;
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(stderr);
    return kExitUsage;
  }
  std::string_view command = argv[1];
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
}  // namespace cli
}  // namespace jwtv

int main(int argc, char** argv) { return jwtv::cli::Main(argc, argv); }
