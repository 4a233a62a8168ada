// Copyright 2026 The jwtv Authors.
//
// VerifiedToken: a token whose signature and claims passed validation.
//
// It owns the decoded header and payload; every accessor returns a view into
// that storage, valid for as long as the VerifiedToken lives and is not
// reused. Only a Validator makes one: there is no way to read claims of a
// token that was not verified (see jwtv inspect for that, clearly marked).
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

namespace jwtv {

namespace internal {
class TokenBuilder;
}  // namespace internal

enum class JsonKind : unsigned char {
  kNull,
  kBool,
  kNumber,
  kString,
  kArray,
  kObject
};

class VerifiedToken {
 public:
  VerifiedToken() = default;
  VerifiedToken(const VerifiedToken&) = delete;
  VerifiedToken& operator=(const VerifiedToken&) = delete;
  VerifiedToken(VerifiedToken&&) noexcept;
  VerifiedToken& operator=(VerifiedToken&&) noexcept;
  ~VerifiedToken();

  // Header.
  Algorithm alg() const { return alg_; }
  std::optional<std::string_view> kid() const { return View(kid_); }
  std::optional<std::string_view> typ() const { return View(typ_); }

  // Registered claims (RFC 7519 4.1); nullopt when absent.
  std::optional<std::string_view> issuer() const { return View(iss_); }
  std::optional<std::string_view> subject() const { return View(sub_); }
  std::optional<std::string_view> jwt_id() const { return View(jti_); }
  // aud as a list: a string aud is a list of one; empty when absent.
  std::span<const std::string_view> audiences() const {
    return {aud_.data(), aud_.size()};
  }
  std::optional<double> expiration() const { return exp_; }
  std::optional<double> not_before() const { return nbf_; }
  std::optional<double> issued_at() const { return iat_; }

  // Any top-level claim by name.
  bool HasClaim(std::string_view name) const;
  std::optional<JsonKind> ClaimKind(std::string_view name) const;
  std::optional<std::string_view> GetString(std::string_view name) const;
  std::optional<double> GetNumber(std::string_view name) const;
  std::optional<int64_t> GetInteger(std::string_view name) const;
  std::optional<bool> GetBool(std::string_view name) const;
  // The claim's value as it appears in the payload (JSON text).
  std::optional<std::string_view> GetRawJson(std::string_view name) const;
  // Names of all top-level claims, in payload order.
  size_t claim_count() const { return claims_.size(); }
  std::string_view claim_name(size_t i) const { return View(claims_[i].name); }

  // The decoded payload exactly as signed.
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
  struct Claim {
    Ref name;
    Ref raw;            // JSON text of the value
    Ref str;            // unescaped, for kString
    double number = 0;  // for kNumber
    JsonKind kind = JsonKind::kNull;
  };
  std::string_view View(Ref r) const {
    return std::string_view(buffer_.get() + r.offset, r.size);
  }
  std::optional<std::string_view> View(const std::optional<Ref>& r) const {
    if (!r) return std::nullopt;
    return View(*r);
  }
  const Claim* Find(std::string_view name) const;

  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  // Leading bytes of buffer_ that hold the payload, its padding and the
  // strings referred to.
  size_t used_ = 0;
  size_t payload_size_ = 0;  // the payload starts buffer_
  Algorithm alg_ = Algorithm::kHS256;
  std::optional<Ref> kid_, typ_;
  std::optional<Ref> iss_, sub_, jti_;
  std::optional<double> exp_, nbf_, iat_;
  absl::InlinedVector<std::string_view, 2> aud_;  // views into buffer_
  absl::InlinedVector<Claim, 12> claims_;
};

}  // namespace jwtv

#endif  // JWTV_VERIFIED_TOKEN_H_
