// Copyright 2026 The jwtv Authors.
//
// fuzz_token: any bytes as a token, through Validator::Validate against a
// KeySet holding every key kind (fuzz_keys.h), with a fixed clock and three
// option sets (defaults, strict expectations, Shopify profile).
//
// Beyond not crashing: each result is deterministic (two Validate calls and
// one into a reused VerifiedToken agree); an over-long token is malformed; an
// accepted token's header and payload are JSON the reference accepts, its
// ClaimsJson() round-trips and its accessors agree with the payload.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base64url/base64url.h"
#include "fuzz_common.h"
#include "fuzz_keys.h"

namespace {

struct State {
  std::vector<jwtv::Validator> validators;
  jwtv::VerifiedToken reused;
};

State& GetState() {
  static State* state = [] {
    auto* s = new State;
    s->validators = jwtv_fuzz::AllValidators(
        jwtv_fuzz::CheckedKeySet(jwtv_fuzz::kFuzzJwks, 7));
    return s;
  }();
  return *state;
}

// The header of an accepted token is JSON the reference accepts, and its
// alg/kid/typ are what the VerifiedToken reports.
void CheckAcceptedHeader(std::string_view token,
                         const jwtv::VerifiedToken& verified) {
  const std::string_view h = token.substr(0, token.find('.'));
  std::string header(jwtv::internal::Base64UrlDecodedSize(h.size()), '\0');
  FUZZ_CHECK(jwtv::internal::Base64UrlDecode(
                 h, reinterpret_cast<uint8_t*>(header.data()), header.size()),
             "accepted token's header does not decode");
  const jwtv_fuzz::RefJson ref = jwtv_fuzz::CheckJson(header);
  FUZZ_CHECK(ref.verdict != jwtv_fuzz::Verdict::kReject,
             "accepted a header the reference rejects (%s)", ref.why.c_str());
  if (ref.verdict != jwtv_fuzz::Verdict::kAccept) return;
  FUZZ_CHECK(
      ref.alg.is_string && jwtv::AlgorithmName(verified.alg()) == ref.alg.str,
      "alg");
  FUZZ_CHECK(verified.kid().has_value() == ref.kid.present &&
                 (!ref.kid.present || *verified.kid() == ref.kid.str),
             "kid");
  FUZZ_CHECK(verified.typ().has_value() == ref.typ.present &&
                 (!ref.typ.present || *verified.typ() == ref.typ.str),
             "typ");
  FUZZ_CHECK(!ref.crit.present, "accepted a token with crit");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  State& state = GetState();
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  for (const jwtv::Validator& v : state.validators) {
    const jwtv::ErrorCode code =
        jwtv_fuzz::ValidateChecked(v, token, &state.reused);
    if (size > v.options().max_token_bytes) {
      FUZZ_CHECK(code == jwtv::ErrorCode::kMalformed,
                 "over-long token not malformed: %s",
                 std::string(jwtv::ErrorCodeName(code)).c_str());
    }
    if (code == jwtv::ErrorCode::kOk) CheckAcceptedHeader(token, state.reused);
  }
  return 0;
}
