// Copyright 2026 The jwtv Authors.
//
// The claims of a verified token as positions in its payload text, for
// index.js to build the claims object from slices of that text instead of
// running JSON.parse over all of it (README.md, "Where the time goes").
//
// FlatClaimsWriter writes into a scratch of int32 and float64 slots that a
// Validator shares with JavaScript (an ArrayBuffer it keeps alive):
//
//   meta[0]  the shape (the sequence of claim names) id, or -1: parse the
//            whole payload text with JSON.parse instead
//   meta[1]  the number of claims n (at most kMaxFlatClaims)
//   meta[2]  1 when the shape was first seen in this call, else 0
//   meta[3]  a serial, one more on every write: a reader that may have run
//            other code between the call and its last read compares it
//   then kFlatStride slots per claim i, at kFlatHeader + i * kFlatStride:
//            FlatKind, value begin, value end, name begin, name end
//            (offsets into the payload text, which is ASCII)
//   nums[i]  the value of claim i when it is a number
//
// A shape id stays the same for the writer's life; ids are dense from 0
// and at most kMaxShapes are kept (a new shape past that is -1). Nothing
// here is thread-safe: one writer per Validator object, which lives in one
// JavaScript thread.

#ifndef JWTV_NODE_FLAT_CLAIMS_H_
#define JWTV_NODE_FLAT_CLAIMS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "jwtv/verified_token.h"

namespace jwtv_node {

inline constexpr int kMaxFlatClaims = 32;
inline constexpr int kMaxShapes = 16;
inline constexpr int kFlatHeader = 4;
inline constexpr int kFlatStride = 5;
inline constexpr size_t kFlatMetaSlots =
    kFlatHeader + size_t{kMaxFlatClaims} * kFlatStride;

// How index.js makes a claim's value from its slots.
enum class FlatKind : int32_t {
  kString = 0,  // text.slice(begin, end): a string without escapes
  kNumber = 1,  // nums[i]
  kTrue = 2,
  kFalse = 3,
  kNull = 4,
  kJson = 5,  // JSON.parse(text.slice(begin, end)): arrays, objects, escapes
};

class FlatClaimsWriter {
 public:
  // meta (kFlatMetaSlots) and nums (kMaxFlatClaims) are not owned and must
  // outlive the writer.
  FlatClaimsWriter(int32_t* meta, double* nums) : meta_(meta), nums_(nums) {
    meta_[0] = -1;
  }

  // Writes token's claims; payload_ascii says whether its payload text is
  // ASCII (a string's offsets are then its JavaScript string indexes).
  void Write(const jwtv::VerifiedToken& token, bool payload_ascii);

 private:
  // Fills the claim slots and says whether the names are those of the
  // last shape; false when a claim cannot be written (then meta[0] must be
  // -1).
  bool WriteClaims(const jwtv::VerifiedToken& token, bool* same_shape);
  // The id of the token's shape, adding it when new; -1 when new and the
  // table is full.
  int32_t ShapeId(const jwtv::VerifiedToken& token, bool* is_new);

  int32_t* meta_;
  double* nums_;
  uint32_t serial_ = 0;
  // Each shape: its names, each followed by '\0' (which a name inside the
  // payload text never holds: JSON strings hold no raw control character).
  std::vector<std::string> shapes_;
  // Scratch for ShapeId: the current token's names in that form.
  std::string names_;
  size_t last_shape_ = 0;
};

}  // namespace jwtv_node

#endif  // JWTV_NODE_FLAT_CLAIMS_H_
