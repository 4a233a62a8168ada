// Copyright 2026 The jwtv Authors.
//
// fuzz_signed_claims: the input is a JOSE header and a claims set, split at
// the first NUL byte (without one, the whole input is the claims set under
// the header {"alg":"HS256","typ":"JWT"}). The target base64url-encodes
// both, signs them with a fixed HMAC key (the SHA-2 of the header's alg when
// it is HS384 or HS512, else SHA-256) and validates the token with three
// option sets, so the fuzzer reaches the header reader, the claims reader
// and the policy past the signature check.
//
// Differential: nlohmann's strict parser with duplicate-name and depth
// checks (fuzz_common.h) is the reference for "a JSON object without
// duplicate names, at most 32 levels deep". From its parse of the header the
// target predicts jwtv's result up to the signature check, exactly:
//   header rejected                      -> bad_json
//   kid or typ present but not a string  -> bad_json
//   alg absent / not a string / unknown  -> unsupported_alg
//   alg not allowed by the options       -> alg_not_allowed
//   kid present and not "hs"             -> key_not_found
//   alg not HS*                          -> alg_not_allowed
// and then, the signature being good: payload rejected -> bad_json; payload
// accepted -> a policy result (bad_claim or later, or ok). An accepted
// token is checked with CheckAccepted (accessors, round-trip, policy).
// Inputs on which the reference has no verdict (fuzz_common.h, CheckJson)
// only get the crash, determinism and consistency checks.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base64url/base64url.h"
#include "fuzz_common.h"
#include "testing/test_util.h"

namespace {

using jwtv::ErrorCode;
using jwtv_fuzz::RefJson;
using jwtv_fuzz::Verdict;

// 64 bytes: long enough for HS256/384/512 (RFC 7518 section 3.2).
constexpr std::string_view kSecret =
    "jwtv-fuzz-hmac-secret-0123456789-long-enough-for-HS512-012345678";
constexpr std::string_view kDefaultHeader = R"({"alg":"HS256","typ":"JWT"})";

struct State {
  std::vector<jwtv::Validator> validators;
  jwtv::VerifiedToken reused;
};

State& GetState() {
  static State* state = [] {
    jwtv::KeySet::Builder b;
    absl::Status s = b.AddHmacSecret(kSecret, "hs");
    FUZZ_CHECK(s.ok(), "AddHmacSecret");
    auto* st = new State;
    st->validators = jwtv_fuzz::AllValidators(std::move(b).Build());
    return st;
  }();
  return *state;
}

std::string Name(ErrorCode c) { return std::string(jwtv::ErrorCodeName(c)); }

// jwtv's result up to the signature check, from the reference's view of the
// header; nullopt when the signature holds and the payload decides.
std::optional<ErrorCode> PredictHeader(const RefJson& h,
                                       const jwtv::ValidatorOptions& options) {
  if (h.verdict == Verdict::kReject) return ErrorCode::kBadJson;
  if ((h.kid.present && !h.kid.is_string) ||
      (h.typ.present && !h.typ.is_string)) {
    return ErrorCode::kBadJson;
  }
  if (!h.alg.present || !h.alg.is_string) return ErrorCode::kUnsupportedAlg;
  std::optional<jwtv::Algorithm> alg;
  for (int i = 0; i < jwtv::kAlgorithmCount; ++i) {
    const auto a = static_cast<jwtv::Algorithm>(i);
    if (jwtv::AlgorithmName(a) == h.alg.str) alg = a;
  }
  if (!alg) return ErrorCode::kUnsupportedAlg;
  if (!options.algorithms.Contains(*alg)) return ErrorCode::kAlgNotAllowed;
  if (h.kid.present && h.kid.str != "hs") return ErrorCode::kKeyNotFound;
  if (!jwtv::AlgorithmSet::Hmac().Contains(*alg)) {
    return ErrorCode::kAlgNotAllowed;
  }
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  State& state = GetState();
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view header = kDefaultHeader, payload = in;
  if (size_t nul = in.find('\0'); nul != std::string_view::npos) {
    header = in.substr(0, nul);
    payload = in.substr(nul + 1);
  }
  const RefJson ref_header = jwtv_fuzz::CheckJson(header);
  const RefJson ref_payload = jwtv_fuzz::CheckJson(payload);

  jwtv::Algorithm alg = jwtv::Algorithm::kHS256;
  if (ref_header.alg.is_string && ref_header.alg.str == "HS384") {
    alg = jwtv::Algorithm::kHS384;
  } else if (ref_header.alg.is_string && ref_header.alg.str == "HS512") {
    alg = jwtv::Algorithm::kHS512;
  }
  std::string token = jwtv::internal::Base64UrlEncode(header) + "." +
                      jwtv::internal::Base64UrlEncode(payload);
  const std::string mac = jwtv::testing::HmacTag(alg, kSecret, token);
  token += ".";
  token += jwtv::internal::Base64UrlEncode(mac);

  for (const jwtv::Validator& v : state.validators) {
    const ErrorCode code = jwtv_fuzz::ValidateChecked(v, token, &state.reused);
    if (token.size() > v.options().max_token_bytes || header.size() > 8192 ||
        header.empty() || payload.empty()) {
      FUZZ_CHECK(code == ErrorCode::kMalformed, "over-long: %s",
                 Name(code).c_str());
      continue;
    }
    FUZZ_CHECK(code != ErrorCode::kMalformed, "well-formed token malformed");
    if (ref_header.verdict == Verdict::kUnknown) continue;
    const std::optional<ErrorCode> predicted =
        PredictHeader(ref_header, v.options());
    if (predicted) {
      FUZZ_CHECK(code == *predicted,
                 "header %s: jwtv says %s, the reference predicts %s (%s)",
                 jwtv_fuzz::Printable(header).c_str(), Name(code).c_str(),
                 Name(*predicted).c_str(), ref_header.why.c_str());
      continue;
    }
    // The signature holds: the payload decides.
    FUZZ_CHECK(code != ErrorCode::kUnsupportedAlg &&
                   code != ErrorCode::kAlgNotAllowed &&
                   code != ErrorCode::kKeyNotFound &&
                   code != ErrorCode::kBadSignature,
               "header %s: jwtv says %s, the reference accepts it",
               jwtv_fuzz::Printable(header).c_str(), Name(code).c_str());
    if (ref_payload.verdict == Verdict::kReject) {
      FUZZ_CHECK(code == ErrorCode::kBadJson,
                 "payload %s: jwtv says %s, the reference rejects it (%s)",
                 jwtv_fuzz::Printable(payload).c_str(), Name(code).c_str(),
                 ref_payload.why.c_str());
    } else if (ref_payload.verdict == Verdict::kAccept) {
      FUZZ_CHECK(code != ErrorCode::kBadJson,
                 "payload %s: jwtv says bad_json, the reference accepts it",
                 jwtv_fuzz::Printable(payload).c_str());
    }
    if (code == ErrorCode::kOk) {
      FUZZ_CHECK(state.reused.payload_json() == payload, "payload_json()");
      FUZZ_CHECK(state.reused.kid().has_value() == ref_header.kid.present &&
                     (!ref_header.kid.present ||
                      *state.reused.kid() == ref_header.kid.str),
                 "kid()");
      FUZZ_CHECK(state.reused.typ().has_value() == ref_header.typ.present &&
                     (!ref_header.typ.present ||
                      *state.reused.typ() == ref_header.typ.str),
                 "typ()");
      FUZZ_CHECK(!ref_header.crit.present, "accepted a token with crit");
      if (v.options().type) {
        FUZZ_CHECK(ref_header.typ.present, "typ expected but absent");
      }
    }
  }
  return 0;
}
