// Copyright 2026 The jwtv Authors.
//
// VerifiedToken: a token whose signature and claims passed validation.
//
// It owns the decoded header and payload; every accessor that returns a
// string_view or span returns a view into that storage. Only a Validator
// makes one. The claims of a token that was not verified are read with
// DecodeUnverified (unverified_token.h) into another type, UnverifiedToken,
// which shares this class's claim readers.
//
// A view is valid until the VerifiedToken holding the storage is destroyed
// or reused (Validate or VerifiedTokenCache::Validate into it, a move
// assignment onto it). Moving a token moves the storage: its string views
// stay valid, with the new owner (the audiences() span does not). So the
// views of a Result die with the Result: copy what must outlive it
// (std::string shop(session->shop_domain());). A later read is undefined
// behaviour and may show another token's claims, because each thread
// recycles the storage of destroyed tokens for its next one;
// AddressSanitizer builds report it instead (a use-after-poison while the
// storage waits, a heap-use-after-free once another token came).
//
// String results are unescaped JSON strings. Numbers are doubles; integer
// access reads digits exactly and fails for fractions and values outside
// int64. Arrays, nested objects and typed reads that tell "absent" from
// "another type" go through Find and ClaimView (claims.h).
//
// Stability (docs/DESIGN.md, "What is stable"): what this header documents
// is the source-level API. Its private members and the internal:: names it
// declares for jwtv's own modules are not, and the ABI may change in any
// release before 1.0.

#ifndef JWTV_VERIFIED_TOKEN_H_
#define JWTV_VERIFIED_TOKEN_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "jwtv/algorithm.h"
#include "jwtv/claims.h"
#include "jwtv/export.h"

namespace jwtv {

namespace internal {
struct ClaimValue;   // src/json/claim_value.h
class TokenBuilder;  // src/validator/token_builder.h: writes the storage
class TokenAccess;   // src/validator/token_access.h: reads it
}  // namespace internal

class JWTV_EXPORT VerifiedToken {
 public:
  VerifiedToken() = default;
  VerifiedToken(const VerifiedToken&) = delete;
  VerifiedToken& operator=(const VerifiedToken&) = delete;
  VerifiedToken(VerifiedToken&&) noexcept;
  VerifiedToken& operator=(VerifiedToken&&) noexcept;
  ~VerifiedToken();

  // Header. kid and typ are views into this token (see above).
  Algorithm alg() const { return alg_; }
  std::optional<std::string_view> kid() const { return View(kid_); }
  std::optional<std::string_view> typ() const { return View(typ_); }

  // Registered claims (RFC 7519 4.1); nullopt when absent. The strings and
  // audiences are views into this token (see above).
  std::optional<std::string_view> issuer() const;
  std::optional<std::string_view> subject() const;
  std::optional<std::string_view> jwt_id() const;
  // aud as a list: a string aud is a list of one; empty when absent.
  std::span<const std::string_view> audiences() const {
    return {aud_.data(), aud_.size()};
  }
  std::optional<double> expiration() const;
  std::optional<double> not_before() const;
  std::optional<double> issued_at() const;

  // Any top-level claim by name. GetString and GetRawJson return views into
  // this token (see above).
  bool HasClaim(std::string_view name) const;
  std::optional<JsonKind> ClaimKind(std::string_view name) const;
  std::optional<std::string_view> GetString(std::string_view name) const;
  std::optional<double> GetNumber(std::string_view name) const;
  std::optional<int64_t> GetInteger(std::string_view name) const;
  std::optional<bool> GetBool(std::string_view name) const;
  // The claim's value as it appears in the payload (JSON text).
  std::optional<std::string_view> GetRawJson(std::string_view name) const;
  // Names of all top-level claims, in payload order; views into this token.
  size_t claim_count() const { return claim_count_; }
  // Requires i < claim_count().
  std::string_view claim_name(size_t i) const;

  // The decoded payload exactly as signed; a view into this token.
  std::string_view payload_json() const {
    return std::string_view(buffer_.get(), payload_size_);
  }
  // The payload as compact JSON (insignificant whitespace removed).
  std::string ClaimsJson() const;

  // Typed access (claims.h). The value at `path` (a claim, or a member
  // nested in claims), or a view that names no value; a view into this
  // token (see above).
  ClaimView Find(const ClaimPath& path) const;
  // Find(path).StringArray(): an array of strings (roles, groups, aud);
  // views into this token.
  absl::StatusOr<StringList> GetStringArray(const ClaimPath& path) const;
  // The scopes of an OAuth access token (RFC 8693 section 4.2, RFC 9068):
  // the claim `claim` as a space-separated string, split at spaces (empty
  // items skipped), or as an array of strings (as some providers write
  // "scp"). Errors as claims.h describes. Views into this token.
  absl::StatusOr<StringList> Scopes(std::string_view claim = "scope") const;
  // True iff Scopes(claim) holds `scope` (compared byte for byte); false
  // when the claim is absent or of another type, and for a scope that is
  // empty or holds a space.
  bool HasScope(std::string_view scope, std::string_view claim = "scope") const;

 private:
  friend class internal::TokenBuilder;
  friend class internal::TokenAccess;

  // The storage below is jwtv's own (see docs/DESIGN.md, "What is stable"):
  // its layout may change in any release.

  // A string in buffer_, by position: a token copied byte for byte into
  // another buffer needs no fixing up.
  struct Ref {
    size_t offset = 0;
    size_t size = 0;
  };
  // Its views point into buffer_ (or are empty).
  using Claim = internal::ClaimValue;
  std::string_view View(Ref r) const {
    return std::string_view(buffer_.get() + r.offset, r.size);
  }
  std::optional<std::string_view> View(const std::optional<Ref>& r) const {
    if (!r) return std::nullopt;
    return View(*r);
  }

  const Claim* claims() const { return claims_; }
  Claim* claims() { return claims_; }
  Claim* inline_claims() { return reinterpret_cast<Claim*>(inline_claims_); }

  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  // Leading bytes of buffer_ that hold the payload, its padding and the
  // strings referred to.
  size_t used_ = 0;
  size_t payload_size_ = 0;  // the payload starts buffer_
  Algorithm alg_ = Algorithm::kHS256;
  std::optional<Ref> kid_, typ_;
  // Where each registered claim is among the claims (-1 when absent), in
  // the order of internal::RegisteredClaims.
  std::array<int32_t, 7> registered_ = {-1, -1, -1, -1, -1, -1, -1};
  // Views into buffer_, which keeps its address when the token moves.
  absl::InlinedVector<std::string_view, 2> aud_;
  // payload_size_ bytes or null: the unescaped form of each string with
  // escapes inside an array or object claim, at the offset of its opening
  // quote in the payload (an unescaped string is shorter than its JSON
  // text, so they never overlap). Null when there is none.
  std::unique_ptr<char[]> nested_strings_;
  // The claims: claim_count_ of them at claims_, which is inline_claims_
  // while they fit, else heap_claims_ (claim_capacity_ in either). Their
  // views, empty ones too, point into buffer_.
  static constexpr size_t kInlineClaims = 12;
  // Bytes of inline storage per claim (at least sizeof(Claim)).
  static constexpr size_t kClaimBytes = 64;
  size_t claim_count_ = 0;
  size_t claim_capacity_ = kInlineClaims;
  Claim* claims_ = inline_claims();
  // Owned: an array of claim_capacity_ claims, or null.
  Claim* heap_claims_ = nullptr;
  alignas(8) unsigned char inline_claims_[kInlineClaims * kClaimBytes];
};

}  // namespace jwtv

#endif  // JWTV_VERIFIED_TOKEN_H_
