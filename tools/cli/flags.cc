// Copyright 2026 The jwtv Authors.

#include "flags.h"

#include <algorithm>
#include <string>
#include <utility>

#include "common.h"
#include "jwtv/clock.h"

namespace jwtv::cli {
namespace {

// Stores a flag's value; returns a message when the value is unusable.
using Setter = std::optional<std::string> (*)(std::string_view name,
                                              std::string_view value,
                                              Options* o);

struct Flag {
  std::string_view name;        // "--jwks"
  std::string_view value_name;  // "FILE"; empty: the flag takes no value
  unsigned commands;            // Command bits
  Setter set;
  std::string_view help;  // lines separated by '\n'
};

using Message = std::optional<std::string>;

Message NonEmpty(std::string_view name, std::string_view value,
                 std::string_view what) {
  if (!value.empty()) return std::nullopt;
  return std::string(name) + ": empty " + std::string(what);
}

Message SetJwksFile(std::string_view name, std::string_view value, Options* o) {
  if (auto err = NonEmpty(name, value, "file name")) return err;
  o->jwks_files.emplace_back(value);
  return std::nullopt;
}

Message SetSecretFile(std::string_view name, std::string_view value,
                      Options* o) {
  if (auto err = NonEmpty(name, value, "file name")) return err;
  o->secret_files.emplace_back(value);
  return std::nullopt;
}

Message AddProviderFile(std::string_view name, std::string_view value,
                        Options* o) {
  if (auto err = NonEmpty(name, value, "file name")) return err;
  o->provider_files.emplace_back(value);
  return std::nullopt;
}

// --jwks-url or --oidc-issuer: one of them, once.
Message SetKeyUrl(std::string_view name, std::string_view value, Options* o) {
  if (o->jwks_url.has_value() || o->oidc_issuer.has_value()) {
    return std::string("give one --jwks-url or --oidc-issuer");
  }
  if (auto err = NonEmpty(name, value, "URL")) return err;
  (name == "--jwks-url" ? o->jwks_url : o->oidc_issuer) = std::string(value);
  return std::nullopt;
}

// Parses one name of an --alg list.
Message ParseAlgName(std::string_view item, AlgorithmSet* set) {
  if (item.empty())
    return std::string("--alg: empty name in the algorithm list");
  if (std::optional<Algorithm> alg = ParseAlgorithm(item)) {
    set->Add(*alg);
    return std::nullopt;
  }
  std::string lower(item);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (lower == "none") return std::string("--alg: \"none\" is never accepted");
  return "--alg: unknown algorithm " + Quote(item) +
         " (known: HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 "
         "PS512 ES256 ES384 ES512 EdDSA)";
}

// "HS256,RS256"; repeated --alg options add up.
Message SetAlgorithms(std::string_view, std::string_view list, Options* o) {
  if (list.empty()) return std::string("--alg: empty algorithm list");
  AlgorithmSet set;
  for (;;) {
    const size_t comma = list.find(',');
    if (auto err = ParseAlgName(list.substr(0, comma), &set)) return err;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  o->algorithms = AlgorithmSet::FromBitsUnchecked(
      (o->algorithms ? o->algorithms->bits() : 0) | set.bits());
  return std::nullopt;
}

Message AddIssuer(std::string_view, std::string_view value, Options* o) {
  o->issuers.emplace_back(value);
  return std::nullopt;
}

Message AddAudience(std::string_view, std::string_view value, Options* o) {
  o->audiences.emplace_back(value);
  return std::nullopt;
}

Message SetSubject(std::string_view, std::string_view value, Options* o) {
  o->subject = std::string(value);
  return std::nullopt;
}

Message SetType(std::string_view, std::string_view value, Options* o) {
  o->type = std::string(value);
  return std::nullopt;
}

Message AddRequired(std::string_view name, std::string_view value, Options* o) {
  if (auto err = NonEmpty(name, value, "claim name")) return err;
  o->required.emplace_back(value);
  return std::nullopt;
}

// --claim NAME=VALUE, --claim-contains NAME=VALUE, --scope VALUE.
Message AddClaimCheck(std::string_view name, std::string_view value,
                      Options* o) {
  Options::ClaimExpectation check;
  check.contains = name != "--claim";
  if (name == "--scope") {
    if (auto err = NonEmpty(name, value, "scope")) return err;
    check.name = "scope";
    check.value = std::string(value);
  } else {
    const size_t eq = value.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return std::string(name) + ": expected NAME=VALUE, got " + Quote(value);
    }
    check.name = std::string(value.substr(0, eq));
    check.value = std::string(value.substr(eq + 1));
    if (check.contains && check.value.empty()) {
      return std::string(name) + ": empty VALUE (it would match nothing)";
    }
  }
  o->claim_checks.push_back(std::move(check));
  return std::nullopt;
}

Message SetExplain(std::string_view, std::string_view, Options* o) {
  o->explain = true;
  return std::nullopt;
}

Message SetNow(std::string_view, std::string_view value, Options* o) {
  o->now = ParseInt(value, /*allow_negative=*/true);
  // Within the range of the library's Clock (clock.h).
  if (o->now.has_value() && *o->now >= -kMaxClockSeconds &&
      *o->now <= kMaxClockSeconds) {
    return std::nullopt;
  }
  return "--now: expected an integer number of seconds since the Unix "
         "epoch, at most " +
         std::to_string(kMaxClockSeconds) + " either side, got " + Quote(value);
}

// --leeway or --max-age.
Message SetSeconds(std::string_view name, std::string_view value, Options* o) {
  std::optional<int64_t>& field = name == "--leeway" ? o->leeway : o->max_age;
  field = ParseInt(value, /*allow_negative=*/false);
  if (field.has_value()) return std::nullopt;
  return std::string(name) +
         ": expected a non-negative integer number of seconds, got " +
         Quote(value);
}

Message SetProfile(std::string_view, std::string_view value, Options* o) {
  if (value != "shopify") {
    return "--profile: unknown profile " + Quote(value) + " (known: shopify)";
  }
  o->profile = std::string(value);
  return std::nullopt;
}

Message SetApiKey(std::string_view name, std::string_view value, Options* o) {
  if (auto err = NonEmpty(name, value, "API key")) return err;
  o->api_key = std::string(value);
  return std::nullopt;
}

Message AllowMissingExp(std::string_view, std::string_view, Options* o) {
  o->allow_missing_exp = true;
  return std::nullopt;
}

Message AllowShortSecret(std::string_view, std::string_view, Options* o) {
  o->allow_short_secret = true;
  return std::nullopt;
}

Message AllowHttp(std::string_view, std::string_view, Options* o) {
  o->allow_http = true;
  return std::nullopt;
}

Message SetOidc(std::string_view, std::string_view, Options* o) {
  o->oidc = true;
  return std::nullopt;
}

constexpr Flag kFlags[] = {
    {"--jwks", "FILE", kValidate, SetJwksFile,
     "JWKS document (kty RSA, EC, OKP Ed25519, oct);\n"
     "repeatable"},
    {"--secret-file", "FILE", kValidate, SetSecretFile,
     "raw HMAC secret bytes (the file verbatim);\n"
     "repeatable, any may match (secret rotation).\n"
     "RFC 7518 section 3.2: a secret verifies HS256\n"
     "from 32 bytes, HS384 from 48, HS512 from 64;\n"
     "one too short for every HS alg allowed (--alg)\n"
     "is refused (exit 2), a short oct key in a\n"
     "--jwks FILE is skipped with a warning"},
    {"--allow-short-secret", "", kValidate, AllowShortSecret,
     "legacy systems only: accept HMAC secrets and\n"
     "oct keys shorter than RFC 7518 requires"},
    {"--alg", "LIST", kValidate, SetAlgorithms,
     "comma-separated allowed algorithms (HS256, ...,\n"
     "EdDSA); default: whatever the key permits"},
    {"--iss", "S", kValidate, AddIssuer,
     "repeatable; iss must equal one of them"},
    {"--aud", "S", kValidate, AddAudience,
     "repeatable; aud must contain one of them"},
    {"--sub", "S", kValidate, SetSubject, "sub must equal S"},
    {"--typ", "S", kValidate, SetType,
     "header typ must equal S (case-insensitive,\n"
     "\"application/\" prefix ignored)"},
    {"--require", "CLAIM", kValidate, AddRequired,
     "the claim must be present; repeatable"},
    {"--claim", "NAME=VALUE", kValidate, AddClaimCheck,
     "the claim must be the string VALUE; repeatable"},
    {"--claim-contains", "NAME=VALUE", kValidate, AddClaimCheck,
     "the claim, an array of strings or a string of\n"
     "space-separated items, must hold VALUE;\n"
     "repeatable"},
    {"--scope", "S", kValidate, AddClaimCheck,
     "the scope claim must hold S (as\n"
     "--claim-contains scope=S); repeatable"},
    {"--explain", "", kValidate, SetExplain,
     "print the claim a rejection is about as a third\n"
     "field: invalid<TAB>code<TAB>claim (empty when\n"
     "the token failed before its claims were read)"},
    {"--now", "UNIX_SECONDS", kValidate, SetNow,
     "fixed clock (default: the system clock)"},
    {"--leeway", "SECONDS", kValidate, SetSeconds,
     "allowed clock skew (default 0; 10 with\n"
     "--profile shopify)"},
    {"--max-age", "SECONDS", kValidate, SetSeconds,
     "iat must be no older than this (needs iat)"},
    {"--allow-missing-exp", "", kValidate, AllowMissingExp,
     "accept tokens without exp"},
    {"--profile", "shopify", kValidate, SetProfile,
     "Shopify session tokens: HS256 signed with the\n"
     "app's client secret (--secret-file), aud equal\n"
     "to --api-key, dest a shop URL, iss on that host"},
    {"--api-key", "KEY", kValidate, SetApiKey,
     "the app's client ID (with --profile shopify)"},
    {"--jwks-url", "URL", kValidate, SetKeyUrl,
     "keys from a JWKS URL, kept current while\n"
     "tokens stream in (refreshed on expiry and on an\n"
     "unknown kid); each answer is written at once.\n"
     "oct keys in it are ignored (a published secret\n"
     "signs anyone's tokens): HS* tokens get\n"
     "key_not_found"},
    {"--oidc-issuer", "URL", kValidate, SetKeyUrl,
     "keys of an OpenID Connect issuer (discovery);\n"
     "iss must equal URL unless --iss is given"},
    {"--provider", "FILE", kValidate, AddProviderFile,
     "one issuer and its own keys (a JSON object:\n"
     "issuer, one of jwks_file, secret_files,\n"
     "jwks_url, oidc_issuer; optional audiences,\n"
     "algorithms, leeway, allow_http); repeatable.\n"
     "A token is routed by its iss and verified with\n"
     "that provider's keys only; an iss of no\n"
     "provider is bad_issuer. Replaces the key, --iss,\n"
     "--aud, --alg, --leeway and --profile options"},
    {"--allow-http", "", kValidate | kJwks, AllowHttp,
     "accept plain http:// URLs (tests on loopback)"},
    {"--oidc", "", kJwks, SetOidc,
     "URL is an OpenID Connect issuer: list the keys\n"
     "of the JWKS its discovery document names"},
};

constexpr char kCommandsUsage[] =
    "Usage:\n"
    "  jwtv validate [OPTIONS] [FILE]\n"
    "      Validate JWTs, one per line, from FILE or standard input (blank\n"
    "      lines are ignored). For each token, in input order, prints\n"
    "        valid<TAB><payload claims as compact JSON>\n"
    "      or\n"
    "        invalid<TAB><error code>\n"
    "      (with --explain: invalid<TAB><error code><TAB><claim>)\n"
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
    "      Show this message.\n";

constexpr char kErrorCodesUsage[] =
    "Error codes: malformed bad_json unsupported_alg alg_not_allowed\n"
    "  key_not_found bad_signature bad_claim expired not_yet_valid\n"
    "  iat_in_future too_old bad_issuer bad_audience bad_subject bad_type\n"
    "  missing_claim unknown_crit\n";

// Column where a flag's help starts.
constexpr size_t kHelpColumn = 25;

// "  --jwks FILE            JWKS document ...", continuation lines indented
// to kHelpColumn.
void AppendFlagUsage(const Flag& flag, std::string* out) {
  std::string left = "  ";
  left.append(flag.name);
  if (!flag.value_name.empty()) {
    left.push_back(' ');
    left.append(flag.value_name);
  }
  left.resize(std::max(left.size() + 1, kHelpColumn), ' ');
  out->append(left);
  std::string_view help = flag.help;
  for (;;) {
    const size_t nl = help.find('\n');
    out->append(help.substr(0, nl));
    out->push_back('\n');
    if (nl == std::string_view::npos) break;
    help.remove_prefix(nl + 1);
    out->append(kHelpColumn, ' ');
  }
}

void AppendOptionsUsage(Command command, std::string_view title,
                        std::string* out) {
  out->append("\n");
  out->append(title);
  for (const Flag& flag : kFlags) {
    if ((flag.commands & command) != 0) AppendFlagUsage(flag, out);
  }
}

std::string UsageText() {
  std::string out = kCommandsUsage;
  AppendOptionsUsage(
      kValidate,
      "Options of validate (both --opt VALUE and --opt=VALUE are accepted):\n",
      &out);
  AppendOptionsUsage(kJwks, "Options of jwks:\n", &out);
  out.append("\n");
  out.append(kErrorCodesUsage);
  return out;
}

const Flag* FindFlag(Command command, std::string_view name) {
  for (const Flag& flag : kFlags) {
    if (flag.name == name && (flag.commands & command) != 0) return &flag;
  }
  return nullptr;
}

std::string_view CommandPrefix(Command command) {
  switch (command) {
    case kInspect:
      return "inspect: ";
    case kJwks:
      return "jwks: ";
    default:
      return "";
  }
}

// Parses the option argv[*i] (and its value, which may be argv[*i + 1]).
// Returns -1 to go on, or kExitUsage after a message.
int ParseOption(Command command, int argc, char** argv, int* i, Options* out) {
  const std::string_view arg = argv[*i];
  std::string_view name = arg;
  std::optional<std::string_view> value;
  if (const size_t eq = arg.find('='); eq != std::string_view::npos) {
    name = arg.substr(0, eq);
    value = arg.substr(eq + 1);
  }
  const Flag* flag =
      name.substr(0, 2) == "--" ? FindFlag(command, name) : nullptr;
  const std::string prefix(CommandPrefix(command));
  if (flag == nullptr) {
    return UsageError(prefix + "unknown option " + Quote(name));
  }
  if (flag->value_name.empty() && value.has_value()) {
    return UsageError(prefix + "option " + std::string(name) +
                      " takes no value");
  }
  if (!flag->value_name.empty() && !value.has_value()) {
    if (*i + 1 >= argc) {
      return UsageError(prefix + "option " + std::string(name) +
                        " needs a value");
    }
    value = argv[++*i];
  }
  if (auto err = flag->set(name, value.value_or(""), out)) {
    return UsageError(*err);
  }
  return -1;
}

}  // namespace

int ParseOptions(Command command, int argc, char** argv, Options* out) {
  bool options_done = false;
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (options_done || arg.size() < 2 || arg[0] != '-') {
      out->operands.emplace_back(arg);
    } else if (arg == "--") {
      options_done = true;
    } else if (arg == "-h" || arg == "--help") {
      PrintUsage(stdout);
      return kExitOk;
    } else if (const int rc = ParseOption(command, argc, argv, &i, out);
               rc >= 0) {
      return rc;
    }
  }
  return -1;
}

void PrintUsage(FILE* f) {
  const std::string text = UsageText();
  std::fputs(text.c_str(), f);
}

}  // namespace jwtv::cli
