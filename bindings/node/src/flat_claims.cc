// Copyright 2026 The jwtv Authors.

#include "flat_claims.h"

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "jwtv/verified_token.h"

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

}  // namespace

bool FlatClaimsWriter::WriteClaims(const jwtv::VerifiedToken& token) {
  const std::string_view text = token.payload_json();
  const size_t n = token.claim_count();
  names_.clear();
  int32_t* slot = meta_ + kFlatHeader;
  for (size_t i = 0; i < n; ++i, slot += kFlatStride) {
    const std::string_view name = token.claim_name(i);
    const int32_t name_at = OffsetIn(text, name);
    const std::optional<std::string_view> raw = token.GetRawJson(name);
    if (name_at < 0 || !raw || raw->empty()) return false;
    const int32_t raw_at = OffsetIn(text, *raw);
    if (raw_at < 0) return false;
    names_.append(name);
    names_.push_back('\0');
    FlatKind kind = FlatKind::kJson;
    int32_t begin = raw_at;
    int32_t end = raw_at + static_cast<int32_t>(raw->size());
    switch ((*raw)[0]) {
      case '"':
        if (std::memchr(raw->data(), '\\', raw->size()) == nullptr) {
          kind = FlatKind::kString;
          ++begin;
          --end;
        }
        break;
      case 't':
        kind = FlatKind::kTrue;
        break;
      case 'f':
        kind = FlatKind::kFalse;
        break;
      case 'n':
        kind = FlatKind::kNull;
        break;
      case '[':
      case '{':
        break;
      default:
        if (std::optional<double> d = token.GetNumber(name)) {
          kind = FlatKind::kNumber;
          nums_[i] = *d;
        }
        break;
    }
    slot[0] = static_cast<int32_t>(kind);
    slot[1] = begin;
    slot[2] = end;
    slot[3] = name_at;
    slot[4] = name_at + static_cast<int32_t>(name.size());
  }
  return true;
}

int32_t FlatClaimsWriter::ShapeId(bool* is_new) {
  *is_new = false;
  if (last_shape_ < shapes_.size() && shapes_[last_shape_] == names_) {
    return static_cast<int32_t>(last_shape_);
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
  if (payload_ascii && n <= kMaxFlatClaims && WriteClaims(token)) {
    id = ShapeId(&is_new);
  }
  meta_[0] = id;
  meta_[1] = id < 0 ? 0 : static_cast<int32_t>(n);
  meta_[2] = is_new ? 1 : 0;
}

}  // namespace jwtv_node
