// Copyright 2026 The jwtv Authors.

#include "validator/stages.h"

#include <algorithm>
#include <cstring>

#include "base64url/base64url.h"
#include "policy/policy.h"
#include "validator/token_builder.h"

namespace jwtv::internal {
namespace {

// The last header this thread parsed. Tokens from one issuer nearly always
// share their header segment byte for byte, so a repeat skips decoding and
// parsing it. Only headers that parsed, and are short, are kept.
class HeaderCache {
 public:
  static constexpr size_t kMaxSegment = 256;

  // Fills *out from the cache if `segment` is the cached one.
  bool Lookup(std::string_view segment, JoseHeader* out) const {
    if (segment.size() != size_ || size_ == 0 ||
        memcmp(segment.data(), segment_, size_) != 0) {
      return false;
    }
    *out = header_;
    return true;
  }

  // Remembers a successfully parsed header; *header's views are re-pointed
  // into the cache (same lifetime contract: the next PrepareToken).
  void Store(std::string_view segment, JoseHeader* header) {
    size_ = 0;
    const size_t strings = header->alg.size() +
                           (header->kid ? header->kid->size() : 0) +
                           (header->typ ? header->typ->size() : 0);
    if (segment.size() > kMaxSegment || strings > sizeof(strings_)) return;
    char* p = strings_;
    auto copy = [&p](std::string_view s) {
      if (!s.empty()) memcpy(p, s.data(), s.size());  // data() may be null
      std::string_view v(p, s.size());
      p += s.size();
      return v;
    };
    header_ = *header;
    header_.alg = copy(header->alg);
    if (header->kid) header_.kid = copy(*header->kid);
    if (header->typ) header_.typ = copy(*header->typ);
    memcpy(segment_, segment.data(), segment.size());
    size_ = segment.size();
    *header = header_;
  }

 private:
  char segment_[kMaxSegment];
  size_t size_ = 0;
  char strings_[kMaxSegment];
  JoseHeader header_;
};

ErrorCode ReadHeaderSegment(std::string_view segment, JoseHeader* out) {
  thread_local HeaderCache cache;
  if (cache.Lookup(segment, out)) return ErrorCode::kOk;
  const size_t size = Base64UrlDecodedSize(segment.size());
  if (size > kMaxHeaderBytes) return ErrorCode::kMalformed;
  alignas(64) char json[kMaxHeaderBytes + kJsonPadding];
  if (!Base64UrlDecode(segment, reinterpret_cast<uint8_t*>(json),
                       kMaxHeaderBytes)) {
    return ErrorCode::kMalformed;
  }
  memset(json + size, 0, kJsonPadding);
  ErrorCode c = ReadHeader(json, size, out);
  if (c == ErrorCode::kOk) cache.Store(segment, out);
  return c;
}

}  // namespace

ErrorCode PrepareToken(std::string_view token, const ValidatorOptions& options,
                       const KeySetData& keys, uint8_t* signature_buffer,
                       PreparedToken* out, const PreparedToken* same_header) {
  // Shape: three non-empty strict base64url segments within the size cap,
  // all checked before any JSON is read.
  std::string_view seg[3];
  if (token.size() > options.max_token_bytes || !Base64UrlSplit3(token, seg) ||
      seg[0].empty() || seg[1].empty() || seg[2].empty() ||
      Base64UrlDecodedSize(seg[0].size()) > kMaxHeaderBytes) {
    return ErrorCode::kMalformed;
  }
  const std::string_view header = seg[0], payload = seg[1], signature = seg[2];
  out->signature_too_long =
      Base64UrlDecodedSize(signature.size()) > kMaxSignatureBytes;
  if (out->signature_too_long) {
    out->signature = {};
  } else {
    auto n = Base64UrlDecode(signature, signature_buffer, kMaxSignatureBytes);
    if (!n) return ErrorCode::kMalformed;
    out->signature = Bytes(signature_buffer, *n);
  }
  out->signing_input = token.substr(0, header.size() + 1 + payload.size());
  out->payload_b64 = payload;
  if (same_header != nullptr &&
      same_header->signing_input.size() - same_header->payload_b64.size() ==
          header.size() + 1 &&
      memcmp(same_header->signing_input.data(), header.data(), header.size()) ==
          0) {
    out->header = same_header->header;
    out->alg = same_header->alg;
    std::copy_n(same_header->candidates, same_header->candidate_count,
                out->candidates);
    out->candidate_count = same_header->candidate_count;
    out->kid_unmatched = same_header->kid_unmatched;
    return ErrorCode::kOk;
  }

  // Header.
  if (ErrorCode c = ReadHeaderSegment(header, &out->header);
      c != ErrorCode::kOk) {
    return c;
  }
  if (out->header.alg_state != JoseHeader::AlgState::kString) {
    return ErrorCode::kUnsupportedAlg;
  }
  std::optional<Algorithm> alg = ParseAlgorithm(out->header.alg);
  if (!alg) return ErrorCode::kUnsupportedAlg;
  out->alg = *alg;  // reported by Metrics, also for kAlgNotAllowed
  if (!options.algorithms.Contains(*alg)) return ErrorCode::kAlgNotAllowed;

  // Keys: the key decides which algorithms may verify.
  return keys.Candidates(out->header.kid, *alg, options.max_keys_without_kid,
                         out->candidates, &out->candidate_count,
                         &out->kid_unmatched);
}

const PreparedKey* VerifySignature(const PreparedToken& token) {
  if (token.signature_too_long) return nullptr;
  for (int i = 0; i < token.candidate_count; ++i) {
    if (token.candidates[i]->Verify(token.alg, token.signing_input,
                                    token.signature)) {
      return token.candidates[i];
    }
  }
  return nullptr;
}

ErrorCode FinishToken(const PreparedToken& token,
                      const ValidatorOptions& options, TimeBracket now,
                      VerifiedToken* out, std::string_view* failed_claim) {
  bool registered_types_ok = true;
  ErrorCode c = TokenBuilder::Build(token.alg, token.header, token.payload_b64,
                                    out, &registered_types_ok);
  if (c == ErrorCode::kOk) {
    c = CheckPolicy(options, token.header, *out, registered_types_ok, now,
                    PreciseNowSeconds, failed_claim);
  }
  if (c != ErrorCode::kOk) TokenBuilder::Release(out);
  return c;
}

}  // namespace jwtv::internal
