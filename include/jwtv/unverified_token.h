// Copyright 2026 The jwtv Authors.
//
// DecodeUnverified: reads a token's header and claims WITHOUT checking its
// signature or any claim, for routing (which issuer, which key) and
// debugging. Nothing it returns may be trusted: a token's sender chooses
// every byte. Validate with a Validator before acting on a claim.
//
// The token must have the shape a Validator accepts, checked the same way:
// at most max_token_bytes, three segments of strict base64url (no padding,
// canonical trailing bits) joined by '.', the header (at most 8 KiB decoded)
// and the payload non-empty strict JSON objects (RFC 8259, UTF-8, no
// duplicate member names at any depth, bounded nesting), kid and typ strings
// when present. The signature segment is not decoded and may be empty (an
// unsecured JWT, RFC 7519 section 6). The header's alg may be absent,
// unknown or "none": it is only reported.
//
// UnverifiedToken owns the decoded header and payload; every accessor that
// returns a string_view, span, StringList or ClaimView returns a view into
// that storage, with VerifiedToken's rules (verified_token.h): valid until
// the UnverifiedToken is destroyed or assigned to; moving it moves the
// storage and its string views stay valid with the new owner (the
// audiences() span does not).
//
// Its claim accessors are VerifiedToken's (the same reader and storage),
// with the same answers; see verified_token.h and claims.h. It is a
// distinct type, so an unverified token never reaches code that takes a
// VerifiedToken.

#ifndef JWTV_UNVERIFIED_TOKEN_H_
#define JWTV_UNVERIFIED_TOKEN_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "jwtv/algorithm.h"
#include "jwtv/claims.h"
#include "jwtv/export.h"
#include "jwtv/verified_token.h"

namespace jwtv {

class UnverifiedToken;

// Decodes `token` without verifying it (see above). Errors are
// InvalidArgument, whose message starts with the stable error name
// ("malformed" or "bad_json", error.h) and says which part failed, never
// quoting the token.
JWTV_EXPORT absl::StatusOr<UnverifiedToken> DecodeUnverified(
    std::string_view token, size_t max_token_bytes = size_t{16} * 1024);

class JWTV_EXPORT UnverifiedToken {
 public:
  UnverifiedToken(UnverifiedToken&&) noexcept = default;
  UnverifiedToken& operator=(UnverifiedToken&&) noexcept = default;
  UnverifiedToken(const UnverifiedToken&) = delete;
  UnverifiedToken& operator=(const UnverifiedToken&) = delete;
  ~UnverifiedToken() = default;

  // Header. Views into this token.
  // The decoded header exactly as encoded.
  std::string_view header_json() const {
    return std::string_view(header_.get(), header_size_);
  }
  // The header as compact JSON (insignificant whitespace removed).
  std::string CompactHeaderJson() const;
  // The unescaped alg; nullopt when absent or not a string.
  std::optional<std::string_view> alg() const;
  // alg as an algorithm jwtv verifies; nullopt when it is not one ("none"
  // among them).
  std::optional<Algorithm> algorithm() const;
  std::optional<std::string_view> kid() const { return claims_.kid(); }
  std::optional<std::string_view> typ() const { return claims_.typ(); }

  // Claims, unverified: as VerifiedToken's accessors of the same names.
  std::optional<std::string_view> issuer() const { return claims_.issuer(); }
  std::optional<std::string_view> subject() const { return claims_.subject(); }
  std::optional<std::string_view> jwt_id() const { return claims_.jwt_id(); }
  std::span<const std::string_view> audiences() const {
    return claims_.audiences();
  }
  std::optional<double> expiration() const { return claims_.expiration(); }
  std::optional<double> not_before() const { return claims_.not_before(); }
  std::optional<double> issued_at() const { return claims_.issued_at(); }
  bool HasClaim(std::string_view name) const { return claims_.HasClaim(name); }
  std::optional<JsonKind> ClaimKind(std::string_view name) const {
    return claims_.ClaimKind(name);
  }
  std::optional<std::string_view> GetString(std::string_view name) const {
    return claims_.GetString(name);
  }
  std::optional<double> GetNumber(std::string_view name) const {
    return claims_.GetNumber(name);
  }
  std::optional<int64_t> GetInteger(std::string_view name) const {
    return claims_.GetInteger(name);
  }
  std::optional<bool> GetBool(std::string_view name) const {
    return claims_.GetBool(name);
  }
  std::optional<std::string_view> GetRawJson(std::string_view name) const {
    return claims_.GetRawJson(name);
  }
  size_t claim_count() const { return claims_.claim_count(); }
  std::string_view claim_name(size_t i) const { return claims_.claim_name(i); }
  std::string_view payload_json() const { return claims_.payload_json(); }
  std::string ClaimsJson() const { return claims_.ClaimsJson(); }
  ClaimView Find(const ClaimPath& path) const { return claims_.Find(path); }
  absl::StatusOr<StringList> GetStringArray(const ClaimPath& path) const {
    return claims_.GetStringArray(path);
  }
  absl::StatusOr<StringList> Scopes(std::string_view claim = "scope") const {
    return claims_.Scopes(claim);
  }
  bool HasScope(std::string_view scope,
                std::string_view claim = "scope") const {
    return claims_.HasScope(scope, claim);
  }

 private:
  friend absl::StatusOr<UnverifiedToken> DecodeUnverified(std::string_view,
                                                          size_t);
  UnverifiedToken() = default;

  // The claims, kid and typ, in the storage VerifiedToken uses and read by
  // its accessors; it never leaves this object.
  VerifiedToken claims_;
  // [decoded header][padding][unescaped alg]
  std::unique_ptr<char[]> header_;
  size_t header_size_ = 0;
  // alg's place in header_ (offset, size) when it is a string.
  std::optional<std::pair<size_t, size_t>> alg_;
};

}  // namespace jwtv

#endif  // JWTV_UNVERIFIED_TOKEN_H_
