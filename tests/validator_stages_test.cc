// Copyright 2026 The jwtv Authors.
//
// The validation stages (src/validator/stages.h) and KeySource directly:
// VerifySignature names the key that verified, ValidateOne reports it and
// agrees with Validator::Validate, and a static key set never refreshes.

#include <cstdint>
#include <string>
#include <string_view>

#include "gtest/gtest.h"
#include "jwtv/key_set.h"
#include "jwtv/validator.h"
#include "testing/validator_test_util.h"
#include "validator/key_source.h"
#include "validator/stages.h"

namespace jwtv::internal {
namespace {

using validator_testing::Hs256;
using validator_testing::kHeader;
using validator_testing::Options;
using validator_testing::Payload;

constexpr std::string_view kNewSecret =
    "stages-test-new-secret-0123456789abcdef0123456789abcdef012345678";
constexpr std::string_view kOldSecret =
    "stages-test-old-secret-0123456789abcdef0123456789abcdef012345678";

// Two secrets without kid (rotation): a token without kid has both as
// candidates, the new one first.
Validator RotatingValidator() {
  auto keys = KeySet::FromHmacSecrets(
      {std::string(kNewSecret), std::string(kOldSecret)});
  EXPECT_TRUE(keys.ok()) << keys.status();
  return Validator(*keys, Options());
}

TEST(StagesTest, VerifySignatureReturnsTheKeyThatVerified) {
  Validator v = RotatingValidator();
  KeySource source(v);
  for (std::string_view secret : {kNewSecret, kOldSecret}) {
    const std::string token = Hs256(kHeader, Payload(), secret);
    PreparedToken prepared;
    uint8_t signature[kMaxSignatureBytes];
    ASSERT_EQ(
        PrepareToken(token, v.options(), source.keys(), signature, &prepared),
        ErrorCode::kOk);
    ASSERT_EQ(prepared.candidate_count, 2);
    const PreparedKey* want = prepared.candidates[secret == kNewSecret ? 0 : 1];
    EXPECT_EQ(VerifySignature(prepared), want);
  }
  const std::string forged = Hs256(kHeader, Payload(), "another-secret");
  PreparedToken prepared;
  uint8_t signature[kMaxSignatureBytes];
  ASSERT_EQ(
      PrepareToken(forged, v.options(), source.keys(), signature, &prepared),
      ErrorCode::kOk);
  EXPECT_EQ(VerifySignature(prepared), nullptr);
}

TEST(StagesTest, ValidateOneReportsTheVerifierAndAgreesWithValidate) {
  Validator v = RotatingValidator();
  KeySource source(v);
  const PreparedKey* candidates[kMaxCandidateKeys];
  int n = 0;
  ASSERT_EQ(source.keys().Candidates(std::nullopt, Algorithm::kHS256,
                                     v.options().max_keys_without_kid,
                                     candidates, &n),
            ErrorCode::kOk);
  ASSERT_EQ(n, 2);
  VerifiedToken out;
  const PreparedKey* verifier = nullptr;
  const std::string old = Hs256(kHeader, Payload(R"(,"sub":"s")"), kOldSecret);
  ASSERT_EQ(ValidateOne(old, v.options(), source, &out, &verifier),
            ErrorCode::kOk);
  EXPECT_EQ(verifier, candidates[1]);
  EXPECT_EQ(out.subject(), "s");
  // An unknown kid: the keys without kid stand in.
  const std::string unknown_kid =
      Hs256(R"({"alg":"HS256","kid":"nope"})", Payload(), kNewSecret);
  verifier = nullptr;
  ASSERT_EQ(ValidateOne(unknown_kid, v.options(), source, &out, &verifier),
            ErrorCode::kOk);
  EXPECT_EQ(verifier, candidates[0]);
  // Rejected at each stage: no verifier.
  for (const std::string& token :
       {Hs256(kHeader, Payload(), "another-secret"),
        Hs256(kHeader, R"({"exp":1})", kNewSecret), std::string("a.b")}) {
    verifier = nullptr;
    EXPECT_EQ(ValidateOne(token, v.options(), source, &out, &verifier),
              v.Validate(token).code())
        << token;
    EXPECT_EQ(verifier, nullptr) << token;
  }
}

TEST(StagesTest, StaticKeySourceNeverRefreshes) {
  Validator v = RotatingValidator();
  KeySource source(v);
  const KeySetData* keys = &source.keys();
  EXPECT_EQ(keys, &KeySetAccess::Data(v.keys()));
  EXPECT_FALSE(source.RefreshForUnknownKid());
  EXPECT_EQ(&source.keys(), keys);
}

}  // namespace
}  // namespace jwtv::internal
