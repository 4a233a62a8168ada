// Copyright 2026 The jwtv Authors.

#include "flat_claims.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "json/claim_value.h"
#include "jwtv/claims.h"
#include "jwtv/verified_token.h"
#include "validator/token_access.h"

namespace jwtv_node {
namespace {

// The offset of view in text, or -1 when view is not inside text (a name or
// string with escapes is unescaped elsewhere in the token's storage).
int32_t OffsetIn(std::string_view text, std::string_view view) {
  const auto begin = reinterpret_cast<uintptr_t>(text.data());
  const auto at = reinterpret_cast<uintptr_t>(view.data());
  if (at < begin || at - begin > text.size() ||
      view.size() > text.size() - (at - begin)) {
    return -1;
  }
  return static_cast<int32_t>(at - begin);
}

// Whether the claim's name is the next one of shape at *pos, which moves
// past it.
bool NextNameIs(const std::string& shape, size_t* pos, std::string_view name) {
  const size_t at = *pos;
  *pos = at + name.size() + 1;
  return shape.size() - at > name.size() &&
         shape.compare(at, name.size(), name) == 0 &&
         shape[at + name.size()] == '\0';
}

}  // namespace

bool FlatClaimsWriter::WriteClaims(const jwtv::VerifiedToken& token,
                                   bool* same_shape) {
  using jwtv::internal::ClaimValue;
  const std::string_view text = token.payload_json();
  const std::span<const ClaimValue> claims =
      jwtv::internal::TokenAccess::Claims(token);
  const std::string* last =
      last_shape_ < shapes_.size() ? &shapes_[last_shape_] : nullptr;
  bool same = last != nullptr;
  size_t pos = 0;
  int32_t* slot = meta_ + kFlatHeader;
  for (size_t i = 0; i < claims.size(); ++i, slot += kFlatStride) {
    const ClaimValue& c = claims[i];
    const int32_t name_at = OffsetIn(text, c.name);
    const int32_t raw_at = OffsetIn(text, c.raw);
    if (name_at < 0 || raw_at < 0 || c.raw.empty()) return false;
    if (same) same = NextNameIs(*last, &pos, c.name);
    FlatKind kind = FlatKind::kJson;
    int32_t begin = raw_at;
    int32_t end = raw_at + static_cast<int32_t>(c.raw.size());
    switch (c.kind) {
      case jwtv::JsonKind::kString:
        // Unescaped in place: the string is its JSON text's inside.
        if (c.str.data() == c.raw.data() + 1 &&
            c.str.size() + 2 == c.raw.size()) {
          kind = FlatKind::kString;
          ++begin;
          --end;
        }
        break;
      case jwtv::JsonKind::kNumber:
        kind = FlatKind::kNumber;
        nums_[i] = c.number;
        break;
      case jwtv::JsonKind::kBool:
        kind = c.raw[0] == 't' ? FlatKind::kTrue : FlatKind::kFalse;
        break;
      case jwtv::JsonKind::kNull:
        kind = FlatKind::kNull;
        break;
      default:
        break;
    }
    slot[0] = static_cast<int32_t>(kind);
    slot[1] = begin;
    slot[2] = end;
    slot[3] = name_at;
    slot[4] = name_at + static_cast<int32_t>(c.name.size());
  }
  *same_shape = same && pos == last->size();
  return true;
}

int32_t FlatClaimsWriter::ShapeId(const jwtv::VerifiedToken& token,
                                  bool* is_new) {
  *is_new = false;
  names_.clear();
  for (const jwtv::internal::ClaimValue& c :
       jwtv::internal::TokenAccess::Claims(token)) {
    names_.append(c.name);
    names_.push_back('\0');
  }
  for (size_t i = 0; i < shapes_.size(); ++i) {
    if (shapes_[i] == names_) {
      last_shape_ = i;
      return static_cast<int32_t>(i);
    }
  }
  if (shapes_.size() == kMaxShapes) return -1;
  shapes_.push_back(names_);
  last_shape_ = shapes_.size() - 1;
  *is_new = true;
  return static_cast<int32_t>(last_shape_);
}

void FlatClaimsWriter::Write(const jwtv::VerifiedToken& token,
                             bool payload_ascii) {
  meta_[3] = static_cast<int32_t>(++serial_);
  const size_t n = token.claim_count();
  bool is_new = false;
  int32_t id = -1;
  bool same_shape = false;
  if (payload_ascii && n <= kMaxFlatClaims && WriteClaims(token, &same_shape)) {
    id = same_shape ? static_cast<int32_t>(last_shape_)
                    : ShapeId(token, &is_new);
  }
  meta_[0] = id;
  meta_[1] = id < 0 ? 0 : static_cast<int32_t>(n);
  meta_[2] = is_new ? 1 : 0;
}

}  // namespace jwtv_node
