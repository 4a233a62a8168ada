// Copyright 2026 The jwtv Authors.

#include "jwtv/verified_token.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <utility>

#include "base64url/base64url.h"
#include "json/json_reader.h"
#include "validator/token_builder.h"

namespace jwtv {

// A moved-from token is left empty (no buffer, no claims), ready for reuse.
VerifiedToken::VerifiedToken(VerifiedToken&& other) noexcept {
  *this = std::move(other);
}

VerifiedToken& VerifiedToken::operator=(VerifiedToken&& other) noexcept {
  if (this == &other) return *this;
  // The buffer keeps its address, so aud_'s views stay valid.
  buffer_ = std::move(other.buffer_);
  capacity_ = std::exchange(other.capacity_, 0);
  used_ = std::exchange(other.used_, 0);
  payload_size_ = std::exchange(other.payload_size_, 0);
  alg_ = other.alg_;
  kid_ = std::exchange(other.kid_, std::nullopt);
  typ_ = std::exchange(other.typ_, std::nullopt);
  iss_ = std::exchange(other.iss_, std::nullopt);
  sub_ = std::exchange(other.sub_, std::nullopt);
  jti_ = std::exchange(other.jti_, std::nullopt);
  exp_ = std::exchange(other.exp_, std::nullopt);
  nbf_ = std::exchange(other.nbf_, std::nullopt);
  iat_ = std::exchange(other.iat_, std::nullopt);
  aud_ = std::move(other.aud_);
  other.aud_.clear();
  claims_ = std::move(other.claims_);
  other.claims_.clear();
  return *this;
}

VerifiedToken::~VerifiedToken() = default;

namespace {

// The first and last four bytes of a 4 to 8 byte string (they overlap when
// shorter than 8), or its first, middle and last byte when shorter than 4:
// together they are the whole string.
uint64_t ShortKey(const char* p, size_t n) {
  if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return static_cast<uint64_t>(hi) << 32 | lo;
  }
  return static_cast<uint64_t>(static_cast<uint8_t>(p[0])) |
         static_cast<uint64_t>(static_cast<uint8_t>(p[n / 2])) << 8 |
         static_cast<uint64_t>(static_cast<uint8_t>(p[n - 1])) << 16;
}

}  // namespace

const VerifiedToken::Claim* VerifiedToken::Find(std::string_view name) const {
  const size_t n = name.size();
  const Claim* const end = claims_.data() + claims_.size();
  if (n - 1 < 8) {
    // Claim names are mostly short (every registered one is three bytes):
    // compare them as one integer instead of calling memcmp.
    const uint64_t key = ShortKey(name.data(), n);
    for (const Claim* c = claims_.data(); c != end; ++c) {
      if (c->name.size == n &&
          ShortKey(buffer_.get() + c->name.offset, n) == key) {
        return c;
      }
    }
    return nullptr;
  }
  for (const Claim* c = claims_.data(); c != end; ++c) {
    if (View(c->name) == name) return c;
  }
  return nullptr;
}

bool VerifiedToken::HasClaim(std::string_view name) const {
  return Find(name) != nullptr;
}

std::optional<JsonKind> VerifiedToken::ClaimKind(std::string_view name) const {
  const Claim* c = Find(name);
  if (c == nullptr) return std::nullopt;
  return c->kind;
}

std::optional<std::string_view> VerifiedToken::GetString(
    std::string_view name) const {
  const Claim* c = Find(name);
  if (c == nullptr || c->kind != JsonKind::kString) return std::nullopt;
  return View(c->str);
}

std::optional<double> VerifiedToken::GetNumber(std::string_view name) const {
  const Claim* c = Find(name);
  if (c == nullptr || c->kind != JsonKind::kNumber) return std::nullopt;
  return c->number;
}

std::optional<int64_t> VerifiedToken::GetInteger(std::string_view name) const {
  const Claim* c = Find(name);
  if (c == nullptr || c->kind != JsonKind::kNumber) return std::nullopt;
  const double d = c->number;
  // [-2^63, 2^63) holds exactly the doubles that convert without overflow.
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) ||
      std::trunc(d) != d) {
    return std::nullopt;
  }
  return static_cast<int64_t>(d);
}

std::optional<bool> VerifiedToken::GetBool(std::string_view name) const {
  const Claim* c = Find(name);
  if (c == nullptr || c->kind != JsonKind::kBool) return std::nullopt;
  return c->number != 0;
}

std::optional<std::string_view> VerifiedToken::GetRawJson(
    std::string_view name) const {
  const Claim* c = Find(name);
  if (c == nullptr) return std::nullopt;
  return View(c->raw);
}

std::string VerifiedToken::ClaimsJson() const {
  std::string out;
  const std::string_view payload = payload_json();
  if (!internal::MinifyJson(payload, &out)) out.assign(payload);
  return out;
}

namespace internal {
namespace {

struct SpareBuffer {
  std::unique_ptr<char[]> buffer;
  size_t capacity = 0;
};

SpareBuffer& Spare() {
  thread_local SpareBuffer spare;
  return spare;
}

}  // namespace

void TokenBuilder::Release(VerifiedToken* token) {
  SpareBuffer& spare = Spare();
  if (token->capacity_ <= spare.capacity) return;
  spare.buffer = std::move(token->buffer_);
  spare.capacity = token->capacity_;
  token->capacity_ = 0;
  token->used_ = 0;
  token->payload_size_ = 0;
  token->claims_.erase(token->claims_.begin(), token->claims_.end());
  token->aud_.erase(token->aud_.begin(), token->aud_.end());
  token->kid_.reset();
  token->typ_.reset();
  token->iss_.reset();
  token->sub_.reset();
  token->jti_.reset();
}

ErrorCode TokenBuilder::Build(Algorithm alg, const JoseHeader& header,
                              std::string_view payload_b64,
                              VerifiedToken* token, bool* registered_types_ok) {
  const size_t payload_size = Base64UrlDecodedSize(payload_b64.size());
  const size_t kid_size = header.kid ? header.kid->size() : 0;
  const size_t typ_size = header.typ ? header.typ->size() : 0;
  // [payload][padding][arena: unescaped strings, kid, typ]
  const size_t needed =
      payload_size + kJsonPadding + payload_size + kid_size + typ_size;
  if (token->capacity_ < needed) {
    // The thread's spare buffer (left by a rejected token) when it is large
    // enough, so that rejecting after this point allocates nothing.
    SpareBuffer& spare = Spare();
    if (spare.capacity >= needed) {
      token->buffer_ = std::move(spare.buffer);
      token->capacity_ = spare.capacity;
      spare.capacity = 0;
    } else {
      token->buffer_ = std::make_unique_for_overwrite<char[]>(needed);
      token->capacity_ = needed;
    }
  }
  char* buf = token->buffer_.get();
  token->used_ = 0;
  if (!Base64UrlDecode(payload_b64, reinterpret_cast<uint8_t*>(buf),
                       payload_size)) {
    return ErrorCode::kMalformed;
  }
  memset(buf + payload_size, 0, kJsonPadding);
  token->payload_size_ = payload_size;
  // erase keeps the storage of a reused token (clear would free it).
  token->claims_.erase(token->claims_.begin(), token->claims_.end());
  token->aud_.erase(token->aud_.begin(), token->aud_.end());
  token->alg_ = alg;
  token->iss_.reset();
  token->sub_.reset();
  token->jti_.reset();
  token->exp_.reset();
  token->nbf_.reset();
  token->iat_.reset();

  StringArena arena{buf + payload_size + kJsonPadding,
                    payload_size + kid_size + typ_size};
  bool types_ok = true;
  // ReadClaims's views point into its input or the arena, both in buf; an
  // empty view may point anywhere. Any other view fails the token.
  bool refs_ok = true;
  const uintptr_t begin = reinterpret_cast<uintptr_t>(buf);
  const size_t end = token->capacity_;
  auto ref = [&](std::string_view v) {
    const uintptr_t offset = reinterpret_cast<uintptr_t>(v.data()) - begin;
    if (offset <= end && v.size() <= end - offset) {
      return VerifiedToken::Ref{offset, v.size()};
    }
    refs_ok = refs_ok && v.empty();
    return VerifiedToken::Ref{};
  };
  // Registered names are three bytes: compare them as one integer.
  auto registered = [&](const ClaimValue& v, const VerifiedToken::Ref& str) {
    const std::string_view n = v.name;
    if (n.size() != 3) return;
    constexpr auto key = [](char a, char b, char c) {
      return static_cast<uint32_t>(static_cast<uint8_t>(a)) |
             static_cast<uint32_t>(static_cast<uint8_t>(b)) << 8 |
             static_cast<uint32_t>(static_cast<uint8_t>(c)) << 16;
    };
    std::optional<double>* number = nullptr;
    std::optional<VerifiedToken::Ref>* string = nullptr;
    switch (key(n[0], n[1], n[2])) {
      case key('e', 'x', 'p'):
        number = &token->exp_;
        break;
      case key('n', 'b', 'f'):
        number = &token->nbf_;
        break;
      case key('i', 'a', 't'):
        number = &token->iat_;
        break;
      case key('i', 's', 's'):
        string = &token->iss_;
        break;
      case key('s', 'u', 'b'):
        string = &token->sub_;
        break;
      case key('j', 't', 'i'):
        string = &token->jti_;
        break;
      default:
        return;
    }
    if (number != nullptr) {
      if (v.kind != JsonKind::kNumber) {
        types_ok = false;
      } else {
        *number = v.number;
      }
    } else if (v.kind != JsonKind::kString) {
      types_ok = false;
    } else {
      *string = str;
    }
  };
  // Fields are written one by one: building a Claim on the stack and
  // copying it cost a store-forwarding stall per claim.
  auto on_claims = [&](std::span<const ClaimValue> values) {
    const size_t first = token->claims_.size();
    token->claims_.resize(first + values.size());
    VerifiedToken::Claim* c = token->claims_.data() + first;
    for (const ClaimValue& v : values) {
      c->name = ref(v.name);
      c->raw = ref(v.raw);
      const VerifiedToken::Ref str = ref(v.str);
      c->str = str;
      c->number = v.number;
      c->kind = v.kind;
      ++c;
      registered(v, str);
    }
  };
  bool aud_ok = true;
  ErrorCode code =
      ReadClaims(buf, payload_size, &arena, on_claims, &token->aud_, &aud_ok);
  if (code != ErrorCode::kOk) return code;
  if (!refs_ok) return ErrorCode::kBadJson;
  *registered_types_ok = types_ok && aud_ok;

  auto copy = [&](std::optional<std::string_view> in,
                  std::optional<VerifiedToken::Ref>* out) {
    if (!in) {
      out->reset();
      return;
    }
    const size_t offset = payload_size + kJsonPadding + arena.used;
    if (!in->empty()) memcpy(buf + offset, in->data(), in->size());
    arena.used += in->size();
    *out = VerifiedToken::Ref{offset, in->size()};
  };
  copy(header.kid, &token->kid_);
  copy(header.typ, &token->typ_);
  token->used_ = payload_size + kJsonPadding + arena.used;
  return ErrorCode::kOk;
}

}  // namespace internal
}  // namespace jwtv
