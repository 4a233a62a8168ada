// Copyright 2026 The jwtv Authors.

#include "jwtv/verified_token.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <utility>

#include "absl/base/config.h"
#include "base64url/base64url.h"
#include "json/flat_claims.h"
#include "json/json_reader.h"
#include "json/json_value.h"
#include "validator/token_access.h"
#include "validator/token_builder.h"

#ifdef ABSL_HAVE_ADDRESS_SANITIZER
#include <sanitizer/asan_interface.h>
#else
#define ASAN_POISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#define ASAN_UNPOISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#endif

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
  registered_ = other.registered_;
  internal::TokenAccess::SetRegistered(&other, internal::RegisteredClaims());
  aud_ = std::move(other.aud_);
  other.aud_.clear();
  nested_strings_ = std::move(other.nested_strings_);
  claim_count_ = std::exchange(other.claim_count_, 0);
  claim_capacity_ = std::exchange(other.claim_capacity_, kInlineClaims);
  delete[] heap_claims_;
  heap_claims_ = std::exchange(other.heap_claims_, nullptr);
  if (heap_claims_ != nullptr) {
    claims_ = heap_claims_;
  } else {
    claims_ = inline_claims();
    if (claim_count_ != 0) {
      std::memcpy(claims_, other.claims_, claim_count_ * sizeof(Claim));
    }
  }
  other.claims_ = other.inline_claims();
  return *this;
}

VerifiedToken::~VerifiedToken() {
  if (buffer_ != nullptr) internal::KeepAsSpare(&buffer_, capacity_);
  delete[] heap_claims_;
}

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

namespace internal {

const ClaimValue* TokenAccess::Find(const VerifiedToken& token,
                                    std::string_view name) {
  if (const auto member = RegisteredClaims::Member(name)) {
    return Find(token, member);
  }
  const ClaimValue* const begin = token.claims();
  const size_t n = name.size();
  const ClaimValue* const end = begin + token.claim_count_;
  if (n - 1 < 8) {
    // Claim names are mostly short: compare them as one integer instead of
    // calling memcmp.
    const uint64_t key = ShortKey(name.data(), n);
    for (const ClaimValue* c = begin; c != end; ++c) {
      if (c->name.size() == n && ShortKey(c->name.data(), n) == key) {
        return c;
      }
    }
    return nullptr;
  }
  for (const ClaimValue* c = begin; c != end; ++c) {
    if (c->name == name) return c;
  }
  return nullptr;
}

}  // namespace internal

using internal::RegisteredClaims;
using internal::TokenAccess;

std::optional<std::string_view> VerifiedToken::issuer() const {
  return TokenAccess::String(*this, &RegisteredClaims::iss);
}
std::optional<std::string_view> VerifiedToken::subject() const {
  return TokenAccess::String(*this, &RegisteredClaims::sub);
}
std::optional<std::string_view> VerifiedToken::jwt_id() const {
  return TokenAccess::String(*this, &RegisteredClaims::jti);
}
std::optional<double> VerifiedToken::expiration() const {
  return TokenAccess::Number(*this, &RegisteredClaims::exp);
}
std::optional<double> VerifiedToken::not_before() const {
  return TokenAccess::Number(*this, &RegisteredClaims::nbf);
}
std::optional<double> VerifiedToken::issued_at() const {
  return TokenAccess::Number(*this, &RegisteredClaims::iat);
}
std::string_view VerifiedToken::claim_name(size_t i) const {
  return claims()[i].name;
}

bool VerifiedToken::HasClaim(std::string_view name) const {
  return TokenAccess::Find(*this, name) != nullptr;
}

std::optional<JsonKind> VerifiedToken::ClaimKind(std::string_view name) const {
  const Claim* c = TokenAccess::Find(*this, name);
  if (c == nullptr) return std::nullopt;
  return c->kind;
}

std::optional<std::string_view> VerifiedToken::GetString(
    std::string_view name) const {
  const Claim* c = TokenAccess::Find(*this, name);
  if (c == nullptr || c->kind != JsonKind::kString) return std::nullopt;
  return c->str;
}

std::optional<double> VerifiedToken::GetNumber(std::string_view name) const {
  const Claim* c = TokenAccess::Find(*this, name);
  if (c == nullptr || c->kind != JsonKind::kNumber) return std::nullopt;
  return c->number;
}

std::optional<int64_t> VerifiedToken::GetInteger(std::string_view name) const {
  const Claim* c = TokenAccess::Find(*this, name);
  int64_t value;
  if (c == nullptr || c->kind != JsonKind::kNumber ||
      !internal::JsonNumberToInt64(c->raw, &value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<bool> VerifiedToken::GetBool(std::string_view name) const {
  const Claim* c = TokenAccess::Find(*this, name);
  if (c == nullptr || c->kind != JsonKind::kBool) return std::nullopt;
  return c->number != 0;
}

std::optional<std::string_view> VerifiedToken::GetRawJson(
    std::string_view name) const {
  const Claim* c = TokenAccess::Find(*this, name);
  if (c == nullptr) return std::nullopt;
  return c->raw;
}

std::string VerifiedToken::ClaimsJson() const {
  std::string out;
  const std::string_view payload = payload_json();
  if (!internal::MinifyJson(payload, &out)) out.assign(payload);
  return out;
}

namespace internal {
namespace {

// Larger buffers are not kept.
constexpr size_t kMaxSpareBytes = size_t{64} * 1024;

// Set when the thread's spare buffer has been destroyed (thread exit):
// tokens destroyed after it free their buffers.
thread_local bool spare_gone = false;

// The buffer of a destroyed or rejected token, waiting for the next Build
// on its thread. In ASan builds it is poisoned while it waits, so that a
// read through a view of the token it held is reported.
class SpareBuffer {
 public:
  ~SpareBuffer() {
    spare_gone = true;
    Take();
  }

  size_t capacity() const { return capacity_; }

  // Keeps buffer (of `capacity` bytes), freeing the one held.
  void Keep(std::unique_ptr<char[]> buffer, size_t capacity) {
    Take();
    buffer_ = std::move(buffer);
    capacity_ = capacity;
    ASAN_POISON_MEMORY_REGION(buffer_.get(), capacity_);
  }

  // The buffer held (null when none), readable again; leaves none.
  std::unique_ptr<char[]> Take() {
    ASAN_UNPOISON_MEMORY_REGION(buffer_.get(), capacity_);
    capacity_ = 0;
    return std::move(buffer_);
  }

 private:
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
};

SpareBuffer* Spare() {
  if (spare_gone) return nullptr;
  thread_local SpareBuffer spare;
  return &spare;
}

}  // namespace

bool KeepAsSpare(std::unique_ptr<char[]>* buffer, size_t capacity) {
  SpareBuffer* spare = Spare();
  if (spare == nullptr || capacity <= spare->capacity() ||
      capacity > kMaxSpareBytes) {
    return false;
  }
  spare->Keep(std::move(*buffer), capacity);
  return true;
}

bool TokenBuilder::AllInBuffer(const VerifiedToken& token, size_t used) {
  const uintptr_t begin = reinterpret_cast<uintptr_t>(token.buffer_.get());
  auto in = [begin, used](std::string_view v) {
    const uintptr_t offset = reinterpret_cast<uintptr_t>(v.data()) - begin;
    return offset <= used && v.size() <= used - offset;
  };
  const ClaimValue* claims = token.claims();
  for (size_t i = 0; i < token.claim_count_; ++i) {
    if (!in(claims[i].name) || !in(claims[i].raw) || !in(claims[i].str)) {
      return false;
    }
  }
  for (std::string_view a : token.aud_) {
    if (!in(a)) return false;
  }
  return true;
}

void TokenBuilder::Release(VerifiedToken* token) {
  if (!KeepAsSpare(&token->buffer_, token->capacity_)) return;
  token->capacity_ = 0;
  token->used_ = 0;
  token->payload_size_ = 0;
  token->claim_count_ = 0;
  TokenAccess::SetRegistered(token, RegisteredClaims());
  token->aud_.erase(token->aud_.begin(), token->aud_.end());
  token->kid_.reset();
  token->typ_.reset();
  token->nested_strings_.reset();
}

void TokenBuilder::ReserveClaims(VerifiedToken* token, size_t n) {
  if (n <= token->claim_capacity_) return;
  const size_t capacity = std::max(n, 2 * token->claim_capacity_);
  auto* claims = new ClaimValue[capacity];
  if (token->claim_count_ != 0) {
    std::memcpy(claims, token->claims(),
                token->claim_count_ * sizeof(ClaimValue));
  }
  delete[] token->heap_claims_;
  token->heap_claims_ = claims;
  token->claims_ = claims;
  token->claim_capacity_ = capacity;
}

void TokenBuilder::PrepareBuffer(VerifiedToken* token, size_t needed) {
  if (token->capacity_ >= needed) {
    // A reused token: the views of the one it held end here.
    RenewInAsanBuilds(&token->buffer_, token->capacity_);
    return;
  }
  // The thread's spare buffer (left by a rejected or destroyed token) when
  // it is large enough: so rejecting after this point allocates nothing,
  // and neither does accepting into a fresh Result.
  SpareBuffer* spare = Spare();
  if (spare != nullptr && spare->capacity() >= needed) {
    token->capacity_ = spare->capacity();
    token->buffer_ = spare->Take();
    RenewInAsanBuilds(&token->buffer_, token->capacity_);
    return;
  }
  // A power of two: a spare buffer then fits most tokens of the same
  // issuer, whose sizes differ by a few bytes.
  const size_t capacity = std::bit_ceil(std::max<size_t>(needed, 512));
  token->buffer_ = std::make_unique_for_overwrite<char[]>(capacity);
  token->capacity_ = capacity;
}

ErrorCode TokenBuilder::ReadGeneral(VerifiedToken* token, size_t payload_size,
                                    StringArena* arena, bool* aud_ok) {
  char* buf = token->buffer_.get();
  arena->used = 0;
  auto on_claims = [token](std::span<const ClaimValue> values) {
    ReserveClaims(token, token->claim_count_ + values.size());
    std::memcpy(token->claims() + token->claim_count_, values.data(),
                values.size() * sizeof(ClaimValue));
    token->claim_count_ += values.size();
  };
  ErrorCode code = ReadClaimsGeneral(buf, payload_size, arena, on_claims,
                                     &token->aud_, aud_ok);
  if (code != ErrorCode::kOk) return code;
  // The general reader leaves an empty view anywhere: point it into the
  // buffer, as the flat reader does (Copy moves every view by the same
  // distance). A view outside the buffer fails the token.
  const uintptr_t begin = reinterpret_cast<uintptr_t>(buf);
  const size_t used = payload_size + kJsonPadding + arena->used;
  auto place = [begin, used, buf](std::string_view* v) {
    const uintptr_t offset = reinterpret_cast<uintptr_t>(v->data()) - begin;
    if (offset <= used && v->size() <= used - offset) return true;
    if (!v->empty()) return false;
    *v = std::string_view(buf, buf);  // empty, at the buffer's start
    return true;
  };
  RegisteredClaims registered;
  ClaimValue* claims = token->claims();
  for (size_t i = 0; i < token->claim_count_; ++i) {
    ClaimValue& c = claims[i];
    if (!place(&c.name) || !place(&c.raw) || !place(&c.str)) {
      return ErrorCode::kBadJson;
    }
    if (const auto member = RegisteredClaims::Member(c.name)) {
      registered.*member = static_cast<int32_t>(i);
    }
  }
  for (std::string_view& a : token->aud_) {
    if (!place(&a)) return ErrorCode::kBadJson;
  }
  TokenAccess::SetRegistered(token, registered);
  return UnescapeNested(token) ? ErrorCode::kOk : ErrorCode::kBadJson;
}

bool TokenBuilder::UnescapeNested(VerifiedToken* token) {
  const char* const base = token->buffer_.get();
  const ClaimValue* const claims = token->claims();
  for (size_t i = 0; i < token->claim_count_; ++i) {
    const ClaimValue& c = claims[i];
    if ((c.kind != JsonKind::kArray && c.kind != JsonKind::kObject) ||
        memchr(c.raw.data(), '\\', c.raw.size()) == nullptr) {
      continue;
    }
    if (token->nested_strings_ == nullptr) {
      token->nested_strings_ =
          std::make_unique_for_overwrite<char[]>(token->payload_size_);
    }
    char* const out = token->nested_strings_.get();
    bool ok = true;
    const bool read = ForEachEscapedString(
        c.raw.data(), c.raw.data() + c.raw.size(),
        [base, out, &ok](const char* quote, const char* begin,
                         const char* end) {
          ok = ok && UnescapeJsonString(begin, end, out + (quote - base)) >= 0;
        });
    if (!read || !ok) return false;
  }
  return true;
}

ErrorCode TokenBuilder::Build(Algorithm alg, const JoseHeader& header,
                              std::string_view payload_b64,
                              VerifiedToken* token, bool* registered_types_ok) {
  const size_t payload_size = Base64UrlDecodedSize(payload_b64.size());
  const size_t kid_size = header.kid ? header.kid->size() : 0;
  const size_t typ_size = header.typ ? header.typ->size() : 0;
  // [payload][padding][arena: unescaped strings, kid, typ]
  PrepareBuffer(
      token, payload_size + kJsonPadding + payload_size + kid_size + typ_size);
  char* buf = token->buffer_.get();
  token->used_ = 0;
  if (!Base64UrlDecode(payload_b64, reinterpret_cast<uint8_t*>(buf),
                       payload_size)) {
    return ErrorCode::kMalformed;
  }
  memset(buf + payload_size, 0, kJsonPadding);
  token->payload_size_ = payload_size;
  token->claim_count_ = 0;
  token->nested_strings_.reset();
  TokenAccess::SetRegistered(token, RegisteredClaims());
  // erase keeps the storage of a reused token (clear would free it).
  token->aud_.erase(token->aud_.begin(), token->aud_.end());
  token->alg_ = alg;

  // The fast reader writes the claims in place; the general one appends
  // them. Either way their views point into buf (payload or arena).
  StringArena arena{buf + payload_size + kJsonPadding,
                    payload_size + kid_size + typ_size};
  FlatClaims flat;
  bool read = ReadFlatClaims(buf, payload_size, &arena, token->claims(),
                             static_cast<int>(token->claim_capacity_), &flat);
  if (!read && flat.out_of_room) {
    ReserveClaims(token, FlatClaims::kMaxClaims);
    arena.used = 0;
    read = ReadFlatClaims(buf, payload_size, &arena, token->claims(),
                          static_cast<int>(token->claim_capacity_), &flat);
  }
  bool aud_ok = true;
  if (read) {
    token->claim_count_ = static_cast<size_t>(flat.count);
    TokenAccess::SetRegistered(token, flat.registered);
    for (int i = 0; i < flat.audience_count; ++i) {
      token->aud_.push_back(flat.audiences[i]);
    }
    aud_ok = flat.aud_well_formed;
    // The only nested value the flat reader takes: an aud array.
    if (flat.registered.aud >= 0 &&
        token->claims()[flat.registered.aud].kind == JsonKind::kArray &&
        !UnescapeNested(token)) {
      return ErrorCode::kBadJson;
    }
  } else if (ErrorCode code = ReadGeneral(token, payload_size, &arena, &aud_ok);
             code != ErrorCode::kOk) {
    return code;
  }
  assert(AllInBuffer(*token, payload_size + kJsonPadding + arena.used));

  // Registered claims of the wrong type.
  const ClaimValue* claims = token->claims();
  const RegisteredClaims r = TokenAccess::Registered(*token);
  auto is = [claims](int32_t i, JsonKind kind) {
    return i < 0 || claims[i].kind == kind;
  };
  *registered_types_ok =
      aud_ok && is(r.iss, JsonKind::kString) && is(r.sub, JsonKind::kString) &&
      is(r.jti, JsonKind::kString) && is(r.exp, JsonKind::kNumber) &&
      is(r.nbf, JsonKind::kNumber) && is(r.iat, JsonKind::kNumber);

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
