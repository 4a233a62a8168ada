// Copyright 2026 The jwtv Authors.
//
// fuzz_jwks: any bytes as a JWKS document (or one JWK) through
// KeySet::FromJwks. Beyond not crashing: loading is deterministic; a loaded
// document is JSON the reference (fuzz_common.h) accepts; keys() describes
// each key consistently with the rules of include/jwtv/key_set.h; the loaded
// set can validate a token; a failed load through a Builder adds nothing.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.h"

namespace {

using jwtv::Algorithm;
using jwtv::AlgorithmSet;

// The secret of the "k" key added before each document (long enough for
// HS256), and an HS256 token signed with it (kid "k"), valid at the fixed
// clock.
constexpr std::string_view kSecret = "jwtv-fuzz-jwks-builder-secret-0123";
constexpr std::string_view kToken =
    "eyJhbGciOiJIUzI1NiIsImtpZCI6ImsifQ."
    "eyJleHAiOjQxMDI0NDQ4MDB9."
    "FssVUFY3tCJJUJI-mCmst0KBobDCXGixt6jHbi6bZp0";

void CheckKeyInfo(const jwtv::KeyInfo& k) {
  FUZZ_CHECK(!k.algorithms.empty(), "key '%s' verifies nothing",
             jwtv_fuzz::Printable(k.kid).c_str());
  AlgorithmSet allowed;
  if (k.kty == "oct") {
    FUZZ_CHECK(k.bits > 0 && k.bits % 8 == 0, "oct bits %d", k.bits);
    // RFC 7518 section 3.2: HS256 from 256 bits, HS384 from 384, HS512 from
    // 512; a shorter oct key is skipped.
    FUZZ_CHECK(k.bits >= 256, "oct key of %d bits loaded", k.bits);
    allowed = k.bits >= 512 ? AlgorithmSet::Hmac()
              : k.bits >= 384
                  ? AlgorithmSet{Algorithm::kHS256, Algorithm::kHS384}
                  : AlgorithmSet{Algorithm::kHS256};
  } else if (k.kty == "RSA") {
    allowed = AlgorithmSet::Rsa();
    FUZZ_CHECK(k.bits >= 2048 && k.bits <= 16384, "RSA bits %d", k.bits);
  } else if (k.kty == "EC") {
    FUZZ_CHECK(k.bits == 256 || k.bits == 384 || k.bits == 521, "EC bits %d",
               k.bits);
    allowed = {k.bits == 256   ? Algorithm::kES256
               : k.bits == 384 ? Algorithm::kES384
                               : Algorithm::kES512};
  } else if (k.kty == "OKP") {
    FUZZ_CHECK(k.bits == 256, "OKP bits %d", k.bits);
    allowed = {Algorithm::kEdDSA};
  } else {
    FUZZ_CHECK(false, "kty '%s'", jwtv_fuzz::Printable(k.kty).c_str());
  }
  FUZZ_CHECK(k.algorithms.Intersect(allowed) == k.algorithms,
             "%s key may verify algorithms of another kind (bits %x)",
             k.kty.c_str(), k.algorithms.bits());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view doc(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<jwtv::KeySet> keys = jwtv::KeySet::FromJwks(doc);
  absl::StatusOr<jwtv::KeySet> again = jwtv::KeySet::FromJwks(doc);
  FUZZ_CHECK(keys.ok() == again.ok(), "not deterministic");

  // A Builder that already holds a key: a failing document adds nothing.
  jwtv::KeySet::Builder builder;
  FUZZ_CHECK(builder.AddHmacSecret(kSecret, "k").ok(), "AddHmacSecret");
  const absl::Status added = builder.AddJwks(doc);
  FUZZ_CHECK(added.ok() == keys.ok(), "Builder::AddJwks disagrees");
  jwtv::KeySet combined = std::move(builder).Build();

  if (!keys.ok()) {
    FUZZ_CHECK(combined.size() == 1, "a failed AddJwks added %zu keys",
               combined.size() - 1);
    // Messages name the problem, never echo the document.
    FUZZ_CHECK(!keys.status().message().empty(), "empty error message");
    return 0;
  }
  const jwtv_fuzz::RefJson ref = jwtv_fuzz::CheckJson(doc);
  FUZZ_CHECK(ref.verdict != jwtv_fuzz::Verdict::kReject,
             "loaded a document the reference rejects (%s)", ref.why.c_str());
  FUZZ_CHECK(keys->size() == again->size(), "not deterministic (size)");
  FUZZ_CHECK(combined.size() == keys->size() + 1, "Builder size");
  FUZZ_CHECK(keys->size() <= 1024, "more than 1024 keys");
  const std::vector<jwtv::KeyInfo> infos = keys->keys();
  FUZZ_CHECK(infos.size() == keys->size(), "keys().size() != size()");
  FUZZ_CHECK(keys->skipped() == again->skipped(), "skipped() differs");
  for (const jwtv::KeyInfo& k : infos) CheckKeyInfo(k);

  // The set is usable: validating a token against it neither crashes nor
  // depends on the run, and the combined set still accepts the "k" token
  // (its "k" secret was added first, so it is the first candidate for kid
  // "k" whatever keys the document brings).
  jwtv::ValidatorOptions options;
  options.clock = [] { return jwtv::FromUnixSeconds(jwtv_fuzz::kNow); };
  // Every loaded key permits some algorithm: only an empty set is refused.
  absl::StatusOr<jwtv::Validator> only =
      jwtv::Validator::Create(*keys, options);
  FUZZ_CHECK(only.ok() == !keys->empty(), "Validator::Create: %s",
             std::string(only.status().message()).c_str());
  jwtv::VerifiedToken reused;
  if (only.ok()) jwtv_fuzz::ValidateChecked(*only, kToken, &reused);
  jwtv::Validator with_k(combined, options);
  const jwtv::ErrorCode code =
      jwtv_fuzz::ValidateChecked(with_k, kToken, &reused);
  FUZZ_CHECK(code == jwtv::ErrorCode::kOk, "combined set: %s",
             std::string(jwtv::ErrorCodeName(code)).c_str());
  return 0;
}
