// Copyright 2026 The jwtv Authors.
//
// VerifiedToken: a token whose signature and claims passed validation.
//
// It owns the decoded header and payload; every accessor that returns a
// string_view or span returns a view into that storage. Only a Validator
// makes one: there is no way to read claims of a token that was not
// verified (see jwtv inspect for that, clearly marked).
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
// access fails for fractions and values outside int64.

#ifndef JWTV_VERIFIED_TOKEN_H_
#define JWTV_VERIFIED_TOKEN_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/container/inlined_vector.h"
#include "jwtv/algorithm.h"
#include "jwtv/export.h"

namespace jwtv {

enum class JsonKind : unsigned char {
  kNull,
  kBool,
  kNumber,
  kString,
  kArray,
  kObject
};

namespace internal {
class TokenBuilder;

// One top-level claim as the claims readers produce it and VerifiedToken
// keeps it (not part of the API).
struct ClaimValue {
  std::string_view name;  // unescaped
  std::string_view raw;   // JSON text of the value
  std::string_view str;   // unescaped, for kString
  double number = 0;      // for kNumber (+-inf when out of range)
  JsonKind kind = JsonKind::kNull;
};

// A three-byte claim name as one integer.
constexpr uint32_t ClaimNameKey(char a, char b, char c) {
  return static_cast<uint32_t>(static_cast<uint8_t>(a)) |
         static_cast<uint32_t>(static_cast<uint8_t>(b)) << 8 |
         static_cast<uint32_t>(static_cast<uint8_t>(c)) << 16;
}

// Where the registered claims are among a token's claims (indexes; -1 when
// absent).
struct RegisteredClaims {
  int32_t iss = -1;
  int32_t sub = -1;
  int32_t aud = -1;
  int32_t exp = -1;
  int32_t nbf = -1;
  int32_t iat = -1;
  int32_t jti = -1;

  // The member for a claim name; null when the name is not one of the
  // seven.
  static int32_t RegisteredClaims::*Member(std::string_view name) {
    if (name.size() != 3) return nullptr;
    switch (ClaimNameKey(name[0], name[1], name[2])) {
      case ClaimNameKey('i', 's', 's'):
        return &RegisteredClaims::iss;
      case ClaimNameKey('s', 'u', 'b'):
        return &RegisteredClaims::sub;
      case ClaimNameKey('a', 'u', 'd'):
        return &RegisteredClaims::aud;
      case ClaimNameKey('e', 'x', 'p'):
        return &RegisteredClaims::exp;
      case ClaimNameKey('n', 'b', 'f'):
        return &RegisteredClaims::nbf;
      case ClaimNameKey('i', 'a', 't'):
        return &RegisteredClaims::iat;
      case ClaimNameKey('j', 't', 'i'):
        return &RegisteredClaims::jti;
      default:
        return nullptr;
    }
  }
};
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
  std::optional<std::string_view> issuer() const {
    return StringAt(registered_.iss);
  }
  std::optional<std::string_view> subject() const {
    return StringAt(registered_.sub);
  }
  std::optional<std::string_view> jwt_id() const {
    return StringAt(registered_.jti);
  }
  // aud as a list: a string aud is a list of one; empty when absent.
  std::span<const std::string_view> audiences() const {
    return {aud_.data(), aud_.size()};
  }
  std::optional<double> expiration() const { return NumberAt(registered_.exp); }
  std::optional<double> not_before() const { return NumberAt(registered_.nbf); }
  std::optional<double> issued_at() const { return NumberAt(registered_.iat); }

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
  std::string_view claim_name(size_t i) const { return claims()[i].name; }

  // The decoded payload exactly as signed; a view into this token.
  std::string_view payload_json() const {
    return std::string_view(buffer_.get(), payload_size_);
  }
  // The payload as compact JSON (insignificant whitespace removed).
  std::string ClaimsJson() const;

 private:
  friend class internal::TokenBuilder;

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
  const Claim* Find(std::string_view name) const;

  const Claim* claims() const { return claims_; }
  Claim* claims() { return claims_; }
  Claim* inline_claims() { return reinterpret_cast<Claim*>(inline_claims_); }
  std::optional<std::string_view> StringAt(int32_t i) const {
    if (i < 0 || claims()[i].kind != JsonKind::kString) return std::nullopt;
    return claims()[i].str;
  }
  std::optional<double> NumberAt(int32_t i) const {
    if (i < 0 || claims()[i].kind != JsonKind::kNumber) return std::nullopt;
    return claims()[i].number;
  }

  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  // Leading bytes of buffer_ that hold the payload, its padding and the
  // strings referred to.
  size_t used_ = 0;
  size_t payload_size_ = 0;  // the payload starts buffer_
  Algorithm alg_ = Algorithm::kHS256;
  std::optional<Ref> kid_, typ_;
  internal::RegisteredClaims registered_;
  // Views into buffer_, which keeps its address when the token moves.
  absl::InlinedVector<std::string_view, 2> aud_;
  // The claims: claim_count_ of them at claims_, which is inline_claims_
  // while they fit, else heap_claims_ (claim_capacity_ in either). Their
  // views, empty ones too, point into buffer_.
  static constexpr size_t kInlineClaims = 12;
  size_t claim_count_ = 0;
  size_t claim_capacity_ = kInlineClaims;
  Claim* claims_ = inline_claims();
  std::unique_ptr<Claim[]> heap_claims_;
  alignas(Claim) unsigned char inline_claims_[kInlineClaims * sizeof(Claim)];
};

}  // namespace jwtv

#endif  // JWTV_VERIFIED_TOKEN_H_
