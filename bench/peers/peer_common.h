// Copyright 2026 The jwtv Authors.
//
// What every C++ peer program shares: the command line, fixture reading, the
// pre-timing proofs and the timing loop. No crypto library is named here;
// each peer links its own (OpenSSL), never BoringSSL.
//
//   <peer> --fixtures DIR --peer-fixtures DIR [--min-time SECONDS]
//          [--alg ALG]...
//
// For each algorithm (default: HS256 RS256 PS256 ES256 ES384 EdDSA) the peer
// first proves, with exactly the code it then times, that it accepts the
// benchmark token, rejects a tampered copy (one signature character changed),
// rejects an expired token whose signature is good, and rejects the valid
// token when it expects another audience or issuer. Any failed proof exits
// with status 1 before anything is timed. Then it prints one JSON line:
//   {"library":L,"version":V,"alg":A,"ns_per_token":CPU,"real_ns_per_token":R,
//    "iterations":N}
// or, for an algorithm the library does not implement,
//   {"library":L,"version":V,"alg":A,"supported":false}
// ns_per_token is thread CPU time per validation (what Google Benchmark's
// cpu_time reports for jwtv_bench), real_ns_per_token the wall clock.

#ifndef JWTV_BENCH_PEERS_PEER_COMMON_H_
#define JWTV_BENCH_PEERS_PEER_COMMON_H_

#include <time.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace peer {

inline constexpr char kIssuer[] = "https://bench-shop.myshopify.com/admin";
inline constexpr char kAudience[] = "3f0c9a1e7d5b4c2a8e6f1d0b9a7c5e3f";

// What a Validate call checks: the token's alg must be `alg`, the signature
// must verify with `key`, exp must be in the future and nbf (when present)
// not, iss and aud must equal these.
struct Expectation {
  std::string issuer = kIssuer;
  std::string audience = kAudience;
};

// One algorithm's material, as the peer's API wants it.
struct Case {
  std::string alg;          // "HS256", ..., "EdDSA"
  std::string token;        // bench/fixtures/<alg>.jwt
  std::string key;          // HMAC secret or PEM public key
  std::string expired;      // bench/peers/fixtures/expired/<alg>.jwt
  std::string expired_key;  // the key that verifies `expired`
};

// A peer's validator for one algorithm, keys already in the form the API
// takes (parsed once where the API allows). Validate returns true only for a
// token that passes every check.
class Validator {
 public:
  virtual ~Validator() = default;
  virtual bool Validate(const std::string& token) = 0;
};

// Makes the validator of `c.alg` for `key` and `expect`, or nullptr when the
// library does not implement the algorithm.
using Factory = std::function<std::unique_ptr<Validator>(
    const std::string& alg, const std::string& key, const Expectation& expect)>;

[[noreturn]] inline void Die(const std::string& library,
                             const std::string& message) {
  std::fprintf(stderr, "%s peer: %s\n", library.c_str(), message.c_str());
  std::exit(1);
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("peer", "cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::string ReadToken(const std::string& path) {
  std::string s = ReadFile(path);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

inline std::string Stem(const std::string& alg) {
  std::string s;
  for (char c : alg)
    s += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

// The first signature character replaced by another one that keeps the
// encoding canonical (as jwtv_bench does): only the signature is wrong.
inline std::string Tamper(const std::string& token) {
  std::string t = token;
  const size_t dot = t.rfind('.');
  char& c = t[dot + 1];
  c = c == 'A' ? 'B' : 'A';
  return t;
}

inline double ThreadCpuNs() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

inline double WallNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

struct Timing {
  double cpu_ns_per_token;
  double real_ns_per_token;
  int64_t iterations;
};

// Google Benchmark's scheme: grow the batch until one batch takes at least
// min_time seconds of CPU time, then report that batch.
inline Timing Time(const std::string& library, Validator& v,
                   const std::string& token, double min_time) {
  int64_t n = 1;
  for (;;) {
    const double cpu0 = ThreadCpuNs(), wall0 = WallNs();
    for (int64_t i = 0; i < n; ++i) {
      if (!v.Validate(token)) Die(library, "valid token rejected while timing");
    }
    const double cpu = ThreadCpuNs() - cpu0, wall = WallNs() - wall0;
    if (cpu >= min_time * 1e9 || n >= (int64_t{1} << 40)) {
      return {cpu / n, wall / n, n};
    }
    // Aim 40% past the goal, at most 10x more per step.
    double next = cpu > 0 ? n * 1.4 * min_time * 1e9 / cpu : n * 10.0;
    if (next > n * 10.0) next = n * 10.0;
    n = next > n + 1 ? static_cast<int64_t>(next) : n + 1;
  }
}

inline void Prove(const std::string& library, const std::string& alg, bool ok,
                  const char* what) {
  if (!ok) Die(library, alg + ": " + what);
}

inline int Main(int argc, char** argv, const std::string& library,
                const std::string& version, const Factory& make) {
  std::string fixtures, peer_fixtures;
  double min_time = 0.5;
  std::vector<std::string> algs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die(library, "missing value after " + arg);
      return argv[++i];
    };
    if (arg == "--fixtures") {
      fixtures = value();
    } else if (arg == "--peer-fixtures") {
      peer_fixtures = value();
    } else if (arg == "--min-time") {
      min_time = std::atof(value().c_str());
    } else if (arg == "--alg") {
      algs.push_back(value());
    } else {
      Die(library, "unknown argument " + arg);
    }
  }
  if (fixtures.empty() || peer_fixtures.empty()) {
    Die(library,
        "usage: --fixtures DIR --peer-fixtures DIR [--min-time S] "
        "[--alg ALG]...");
  }
  if (algs.empty())
    algs = {"HS256", "RS256", "PS256", "ES256", "ES384", "EdDSA"};

  const std::string secret = ReadFile(fixtures + "/hmac_secret.txt");
  for (const std::string& alg : algs) {
    const std::string stem = Stem(alg);
    const bool hmac = alg.rfind("HS", 0) == 0;
    Case c;
    c.alg = alg;
    c.token = ReadToken(fixtures + "/" + stem + ".jwt");
    c.key = hmac ? secret : ReadFile(peer_fixtures + "/" + stem + ".pem");
    c.expired = ReadToken(peer_fixtures + "/expired/" + stem + ".jwt");
    c.expired_key =
        hmac ? secret : ReadFile(peer_fixtures + "/expired/" + stem + ".pem");

    const Expectation expect;
    std::unique_ptr<Validator> v = make(alg, c.key, expect);
    if (v == nullptr) {
      std::printf(
          "{\"library\":\"%s\",\"version\":\"%s\",\"alg\":\"%s\","
          "\"supported\":false}\n",
          library.c_str(), version.c_str(), alg.c_str());
      std::fflush(stdout);
      continue;
    }
    Prove(library, alg, v->Validate(c.token), "rejects the valid token");
    Prove(library, alg, !v->Validate(Tamper(c.token)),
          "accepts a tampered token");
    std::unique_ptr<Validator> ve = make(alg, c.expired_key, expect);
    Prove(library, alg, ve != nullptr && !ve->Validate(c.expired),
          "accepts an expired token");
    Prove(library, alg, ve != nullptr && !ve->Validate(Tamper(c.expired)),
          "accepts a tampered expired token");
    Expectation other_aud = expect;
    other_aud.audience = "some-other-app";
    Prove(library, alg, !make(alg, c.key, other_aud)->Validate(c.token),
          "accepts a token for another audience");
    Expectation other_iss = expect;
    other_iss.issuer = "https://evil.example";
    Prove(library, alg, !make(alg, c.key, other_iss)->Validate(c.token),
          "accepts a token from another issuer");
    Prove(library, alg, v->Validate(c.token), "rejects the valid token");

    const Timing t = Time(library, *v, c.token, min_time);
    std::printf(
        "{\"library\":\"%s\",\"version\":\"%s\",\"alg\":\"%s\","
        "\"ns_per_token\":%.1f,\"real_ns_per_token\":%.1f,"
        "\"iterations\":%lld}\n",
        library.c_str(), version.c_str(), alg.c_str(), t.cpu_ns_per_token,
        t.real_ns_per_token, static_cast<long long>(t.iterations));
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace peer

#endif  // JWTV_BENCH_PEERS_PEER_COMMON_H_
