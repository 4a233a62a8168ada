// Copyright 2026 The jwtv Authors.

#include "multi_issuer_setup.h"

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common.h"
#include "json/strict_json.h"
#include "jwtv/algorithm.h"
#include "validator_setup.h"

namespace jwtv::cli {
namespace {

using Message = std::optional<std::string>;

// A provider file is small; a larger one is a mistake.
constexpr size_t kMaxProviderFileBytes = size_t{64} << 10;

// The options --provider replaces, given on the command line.
Message CheckExclusive(const Options& args) {
  const bool replaced =
      !args.jwks_files.empty() || !args.secret_files.empty() ||
      args.jwks_url.has_value() || args.oidc_issuer.has_value() ||
      !args.issuers.empty() || !args.audiences.empty() ||
      args.algorithms.has_value() || args.leeway.has_value() ||
      args.profile.has_value() || args.api_key.has_value() || args.allow_http;
  if (!replaced) return std::nullopt;
  return std::string(
      "--provider cannot be combined with --jwks, --secret-file, "
      "--jwks-url, --oidc-issuer, --iss, --aud, --alg, --leeway, --profile, "
      "--api-key or --allow-http (each provider file says them)");
}

Message ReadString(std::string_view name, simdjson::dom::element value,
                   std::string* out) {
  std::string_view s;
  if (value.get_string().get(s) != simdjson::SUCCESS) {
    return std::string(name) + ": expected a string";
  }
  if (s.empty()) return std::string(name) + ": empty string";
  *out = std::string(s);
  return std::nullopt;
}

Message ReadStrings(std::string_view name, simdjson::dom::element value,
                    std::vector<std::string>* out) {
  simdjson::dom::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS) {
    return std::string(name) + ": expected an array of strings";
  }
  for (simdjson::dom::element e : array) {
    std::string s;
    if (auto err = ReadString(name, e, &s)) return err;
    out->push_back(std::move(s));
  }
  if (out->empty()) return std::string(name) + ": empty array";
  return std::nullopt;
}

Message ReadAlgorithms(simdjson::dom::element value, Options* p) {
  std::vector<std::string> names;
  if (auto err = ReadStrings("algorithms", value, &names)) return err;
  AlgorithmSet set;
  for (const std::string& name : names) {
    std::optional<Algorithm> alg = ParseAlgorithm(name);
    if (!alg.has_value()) {
      return "algorithms: unknown algorithm " + Quote(name) +
             " (\"none\" is never accepted)";
    }
    set.Add(*alg);
  }
  p->algorithms = set;
  return std::nullopt;
}

Message ReadLeeway(simdjson::dom::element value, Options* p) {
  int64_t leeway = 0;
  if (value.get_int64().get(leeway) != simdjson::SUCCESS || leeway < 0) {
    return std::string(
        "leeway: expected a non-negative integer number of seconds");
  }
  p->leeway = leeway;
  return std::nullopt;
}

// Reads one member into *p (the provider's options) or *issuer; counts the
// key sources.
Message ReadMember(std::string_view key, simdjson::dom::element value,
                   Options* p, std::string* issuer, int* key_sources) {
  if (key == "issuer") return ReadString(key, value, issuer);
  if (key == "jwks_file" || key == "jwks_url" || key == "oidc_issuer") {
    ++*key_sources;
    std::string s;
    if (auto err = ReadString(key, value, &s)) return err;
    if (key == "jwks_file") {
      p->jwks_files.push_back(std::move(s));
    } else {
      (key == "jwks_url" ? p->jwks_url : p->oidc_issuer) = std::move(s);
    }
    return std::nullopt;
  }
  if (key == "secret_files") {
    ++*key_sources;
    return ReadStrings(key, value, &p->secret_files);
  }
  if (key == "audiences") return ReadStrings(key, value, &p->audiences);
  if (key == "algorithms") return ReadAlgorithms(value, p);
  if (key == "leeway") return ReadLeeway(value, p);
  if (key == "allow_http") {
    if (value.get_bool().get(p->allow_http) != simdjson::SUCCESS) {
      return std::string("allow_http: expected true or false");
    }
    return std::nullopt;
  }
  return "unknown member " + Quote(key);
}

// The provider of one file: its issuer, and its options (the command line's
// shared expectations plus the file's members) in *p.
Message ParseProvider(const std::string& content, Options* p,
                      std::string* issuer) {
  if (!internal::IsStrictJsonObject(content)) {
    return std::string(
        "not a strict JSON object (UTF-8, no duplicate member names)");
  }
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(content).get_object().get(object) != simdjson::SUCCESS) {
    return std::string("not a JSON object");
  }
  int key_sources = 0;
  for (simdjson::dom::key_value_pair member : object) {
    if (auto err =
            ReadMember(member.key, member.value, p, issuer, &key_sources)) {
      return err;
    }
  }
  if (issuer->empty()) return std::string("no issuer");
  if (key_sources != 1) {
    return std::string(
        "give exactly one key source of jwks_file, secret_files, jwks_url, "
        "oidc_issuer");
  }
  if (p->allow_http && !p->jwks_url && !p->oidc_issuer) {
    return std::string("allow_http needs jwks_url or oidc_issuer");
  }
  p->issuers = {*issuer};
  return std::nullopt;
}

// The IssuerProvider of one file; nullopt after a message.
std::optional<IssuerProvider> ReadProvider(const Options& args,
                                           const std::string& path) {
  std::string content;
  if (auto err = ReadFile(path, kMaxProviderFileBytes, &content)) {
    Error("--provider " + QuotePath(path) + ": " + *err);
    return std::nullopt;
  }
  Options p = args;
  p.provider_files.clear();
  IssuerProvider provider;
  if (auto err = ParseProvider(content, &p, &provider.issuer)) {
    Error("--provider " + QuotePath(path) + ": " + *err);
    return std::nullopt;
  }
  if (!BuildKeysAndOptions(p, &provider.keys, &provider.options)) {
    Error("--provider " + QuotePath(path) + ": its keys are not usable");
    return std::nullopt;
  }
  return provider;
}

}  // namespace

bool BuildMultiIssuerValidator(const Options& args,
                               std::optional<MultiIssuerValidator>* out) {
  if (auto err = CheckExclusive(args)) {
    UsageError(*err);
    return false;
  }
  std::vector<IssuerProvider> providers;
  for (const std::string& path : args.provider_files) {
    std::optional<IssuerProvider> provider = ReadProvider(args, path);
    if (!provider.has_value()) return false;
    providers.push_back(*std::move(provider));
  }
  absl::StatusOr<MultiIssuerValidator> validator =
      MultiIssuerValidator::Create(std::move(providers));
  if (!validator.ok()) {
    Error("invalid configuration: " +
          std::string(validator.status().message()));
    return false;
  }
  out->emplace(*std::move(validator));
  return true;
}

}  // namespace jwtv::cli
