// Copyright 2026 The jwtv Authors.

#include "jwtv/multi_issuer.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base64url/base64url.h"
#include "json/claim_value.h"
#include "json/json_reader.h"
#include "jwtv/jwks_cache.h"

namespace jwtv {
namespace {

// Payloads up to this size are decoded on the stack; larger ones (up to
// kMaxTokenBytesLimit) into a per-thread buffer.
constexpr size_t kStackPayloadBytes = 4096;

struct RoutedIssuer {
  ErrorCode code = ErrorCode::kMissingClaim;  // until an iss is seen
  std::string_view iss;                       // when code is kOk
};

// The top-level iss of a decoded payload (`size` bytes at `json`, followed
// by kJsonPadding readable bytes), read by the strict claims reader.
// `arena` holds at least `size` bytes.
RoutedIssuer ReadIssuer(const char* json, size_t size, char* arena) {
  internal::StringArena strings{arena, size};
  absl::InlinedVector<std::string_view, 2> audiences;
  bool aud_well_formed = false;
  RoutedIssuer out;
  const ErrorCode c = internal::ReadClaims(
      json, size, &strings,
      [&out](std::span<const internal::ClaimValue> claims) {
        for (const internal::ClaimValue& claim : claims) {
          if (claim.name != "iss") continue;
          // The reader refuses duplicate names, so this is the only iss.
          if (claim.kind == JsonKind::kString) {
            out.code = ErrorCode::kOk;
            out.iss = claim.str;
          } else {
            out.code = ErrorCode::kBadClaim;
          }
        }
      },
      &audiences, &aud_well_formed);
  if (c != ErrorCode::kOk) out.code = c;
  return out;
}

// The fast reading of the top-level iss, for the payloads nearly every JWT
// has: an object whose member names and iss value contain no backslash.
// It reads the top level only (each member name, the iss value, and where
// every other value ends) and leaves the rest of the JSON to the provider,
// which reads it strictly once the signature holds. kFallback: a member
// name or the iss value has an escape; the strict reader decides.
class IssuerScanner {
 public:
  enum class Verdict { kRouted, kNoIss, kNotString, kBadJson, kFallback };

  IssuerScanner(const char* json, size_t size) : p_(json), end_(json + size) {}

  // Stops at the first top-level iss: a second one (a duplicate name) is
  // the provider's strict reader's to refuse, once the signature holds.
  Verdict Scan(std::string_view* iss) {
    SkipSpace();
    if (!Take('{')) return Verdict::kBadJson;
    SkipSpace();
    if (Take('}')) return AtEnd() ? Verdict::kNoIss : Verdict::kBadJson;
    for (;;) {
      std::string_view name;
      bool escaped = false;
      if (!Take('"') || !StringBody(&name, &escaped)) return Verdict::kBadJson;
      if (escaped) return Verdict::kFallback;
      SkipSpace();
      if (!Take(':')) return Verdict::kBadJson;
      SkipSpace();
      if (name == "iss") return IssValue(iss);
      if (!SkipValue()) return Verdict::kBadJson;
      SkipSpace();
      if (Take('}')) return AtEnd() ? Verdict::kNoIss : Verdict::kBadJson;
      if (!Take(',')) return Verdict::kBadJson;
      SkipSpace();
    }
  }

 private:
  bool AtEnd() {
    SkipSpace();
    return p_ == end_;
  }
  bool Take(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  void SkipSpace() {
    while (p_ != end_ &&
           (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) {
      ++p_;
    }
  }
  // After an opening quote: the string's raw text up to its closing quote,
  // which is consumed; *escaped when it holds a backslash.
  bool StringBody(std::string_view* out, bool* escaped) {
    const char* start = p_;
    for (;;) {
      const void* q = std::memchr(p_, '"', static_cast<size_t>(end_ - p_));
      if (q == nullptr) return false;
      const char* quote = static_cast<const char*>(q);
      size_t backslashes = 0;
      while (quote - backslashes > start &&
             quote[-1 - static_cast<std::ptrdiff_t>(backslashes)] == '\\') {
        ++backslashes;
      }
      p_ = quote + 1;
      if (backslashes % 2 == 0) {
        *out = std::string_view(start, static_cast<size_t>(quote - start));
        *escaped = std::memchr(start, '\\', out->size()) != nullptr;
        return true;
      }
    }
  }
  Verdict IssValue(std::string_view* iss) {
    if (!Take('"'))
      return SkipValue() ? Verdict::kNotString : Verdict::kBadJson;
    bool escaped = false;
    if (!StringBody(iss, &escaped)) return Verdict::kBadJson;
    return escaped ? Verdict::kFallback : Verdict::kRouted;
  }
  // Moves past one value: a string, an object or array (to its matching
  // bracket, strings inside skipped whole), or a scalar's characters.
  bool SkipValue() {
    if (p_ == end_) return false;
    std::string_view unused;
    bool escaped = false;
    if (Take('"')) return StringBody(&unused, &escaped);
    if (*p_ != '{' && *p_ != '[') {
      const char* start = p_;
      while (p_ != end_ && *p_ != ',' && *p_ != '}' && *p_ != ']' &&
             *p_ != ' ' && *p_ != '\t' && *p_ != '\n' && *p_ != '\r') {
        ++p_;
      }
      return p_ != start;
    }
    int depth = 0;
    while (p_ != end_) {
      const char c = *p_++;
      if (c == '"') {
        if (!StringBody(&unused, &escaped)) return false;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return true;
      }
    }
    return false;
  }

  const char* p_;
  const char* end_;
};

// The top-level iss of a decoded payload (`size` bytes at `json`, followed
// by kJsonPadding readable bytes): the scanner's answer, or the strict
// reader's when the scanner cannot decide alone. `arena` holds at least
// `size` bytes.
RoutedIssuer RouteIssuer(const char* json, size_t size, char* arena) {
  RoutedIssuer out;
  IssuerScanner scanner(json, size);
  switch (scanner.Scan(&out.iss)) {
    case IssuerScanner::Verdict::kRouted:
      out.code = ErrorCode::kOk;
      return out;
    case IssuerScanner::Verdict::kNoIss:
      out.code = ErrorCode::kMissingClaim;
      return out;
    case IssuerScanner::Verdict::kNotString:
      out.code = ErrorCode::kBadClaim;
      return out;
    case IssuerScanner::Verdict::kBadJson:
      out.code = ErrorCode::kBadJson;
      return out;
    case IssuerScanner::Verdict::kFallback:
      break;
  }
  return ReadIssuer(json, size, arena);
}

// The first kPrefixChars of a longer payload segment hold its iss in nearly
// every token (iss comes first or second): they are decoded and scanned
// alone, and the whole payload only when they do not decide.
constexpr size_t kPrefixChars = 256;

// The iss read from the prefix, when the prefix decides it: the provider's
// index into *provider, or a routing failure. nullopt: read the whole
// payload.
template <typename FindProvider>
std::optional<ErrorCode> RouteByPrefix(std::string_view payload_b64,
                                       const FindProvider& find,
                                       size_t* provider) {
  if (payload_b64.size() <= kPrefixChars) return std::nullopt;
  char prefix[kPrefixChars / 4 * 3];
  if (!internal::Base64UrlDecode(payload_b64.substr(0, kPrefixChars),
                                 reinterpret_cast<uint8_t*>(prefix),
                                 sizeof(prefix))) {
    return ErrorCode::kMalformed;
  }
  std::string_view iss;
  IssuerScanner scanner(prefix, sizeof(prefix));
  switch (scanner.Scan(&iss)) {
    case IssuerScanner::Verdict::kRouted:
      return find(iss, provider) ? ErrorCode::kOk : ErrorCode::kBadIssuer;
    case IssuerScanner::Verdict::kNotString:
      return ErrorCode::kBadClaim;
    default:  // cut short, or an escape: the whole payload decides
      return std::nullopt;
  }
}

absl::Status ProviderError(size_t index, std::string_view issuer,
                           std::string_view why) {
  std::string message = "provider " + std::to_string(index);
  if (!issuer.empty()) message.append(" (").append(issuer).append(")");
  message.append(": ").append(why);
  return absl::InvalidArgumentError(message);
}

absl::StatusOr<Validator> MakeProviderValidator(size_t index,
                                                IssuerProvider provider) {
  if (provider.issuer.empty()) {
    return ProviderError(index, {}, "the issuer is empty");
  }
  const std::vector<std::string>& issuers = provider.options.issuers;
  if (!issuers.empty() &&
      (issuers.size() != 1 || issuers[0] != provider.issuer)) {
    return ProviderError(index, provider.issuer,
                         "options.issuers must be empty or the provider's "
                         "issuer alone");
  }
  provider.options.issuers = {provider.issuer};
  absl::StatusOr<Validator> v =
      std::holds_alternative<KeySet>(provider.keys)
          ? Validator::Create(std::get<KeySet>(std::move(provider.keys)),
                              std::move(provider.options))
          : Validator::Create(
                std::get<std::shared_ptr<JwksCache>>(std::move(provider.keys)),
                std::move(provider.options));
  if (!v.ok()) {
    return ProviderError(index, provider.issuer,
                         std::string(v.status().message()));
  }
  return v;
}

}  // namespace

absl::StatusOr<MultiIssuerValidator> MultiIssuerValidator::Create(
    std::vector<IssuerProvider> providers) {
  if (providers.empty()) {
    return absl::InvalidArgumentError("MultiIssuerValidator: no provider");
  }
  MultiIssuerValidator m;
  m.validators_.reserve(providers.size());
  for (size_t i = 0; i < providers.size(); ++i) {
    std::string issuer = providers[i].issuer;
    absl::StatusOr<Validator> v =
        MakeProviderValidator(i, std::move(providers[i]));
    if (!v.ok()) return v.status();
    m.max_token_bytes_ =
        std::max(m.max_token_bytes_, v->options().max_token_bytes);
    m.validators_.push_back(*std::move(v));
    m.by_issuer_.emplace_back(std::move(issuer), i);
  }
  std::sort(m.by_issuer_.begin(), m.by_issuer_.end());
  for (size_t i = 1; i < m.by_issuer_.size(); ++i) {
    if (m.by_issuer_[i].first == m.by_issuer_[i - 1].first) {
      return ProviderError(m.by_issuer_[i].second, m.by_issuer_[i].first,
                           "the issuer of provider " +
                               std::to_string(m.by_issuer_[i - 1].second) +
                               " too: each issuer has one provider");
    }
  }
  return m;
}

MultiIssuerValidator::MultiIssuerValidator(MultiIssuerValidator&&) noexcept =
    default;
MultiIssuerValidator& MultiIssuerValidator::operator=(
    MultiIssuerValidator&&) noexcept = default;
MultiIssuerValidator::~MultiIssuerValidator() = default;

const Validator* MultiIssuerValidator::Find(std::string_view issuer) const {
  auto it = std::lower_bound(
      by_issuer_.begin(), by_issuer_.end(), issuer,
      [](const auto& entry, std::string_view i) { return entry.first < i; });
  if (it == by_issuer_.end() || it->first != issuer) return nullptr;
  return &validators_[it->second];
}

ErrorCode MultiIssuerValidator::Route(std::string_view token,
                                      size_t* provider) const {
  if (token.size() > max_token_bytes_) return ErrorCode::kMalformed;
  auto find = [this](std::string_view iss, size_t* index) {
    const Validator* v = Find(iss);
    if (v != nullptr) *index = static_cast<size_t>(v - validators_.data());
    return v != nullptr;
  };
  // The token routed by its payload's prefix goes to its provider, which
  // checks the whole shape first; any other answer waits for the shape
  // check below, so that a malformed token is malformed whatever its iss.
  const size_t dot1 = token.find('.');
  const size_t dot2 =
      dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 != std::string_view::npos) {
    const std::optional<ErrorCode> c =
        RouteByPrefix(token.substr(dot1 + 1, dot2 - dot1 - 1), find, provider);
    if (c == ErrorCode::kOk) return *c;
  }
  std::string_view seg[3];
  if (!internal::Base64UrlSplit3(token, seg) || seg[0].empty() ||
      seg[1].empty() || seg[2].empty()) {
    return ErrorCode::kMalformed;
  }
  if (std::optional<ErrorCode> c = RouteByPrefix(seg[1], find, provider)) {
    return *c;
  }
  const size_t size = internal::Base64UrlDecodedSize(seg[1].size());
  // The decoded payload (plus the reader's padding) and the reader's arena
  // for unescaped strings.
  alignas(64) char stack[2 * kStackPayloadBytes + internal::kJsonPadding];
  char* buffer = stack;
  if (size > kStackPayloadBytes) {
    thread_local std::vector<char> large;
    large.resize(2 * size + internal::kJsonPadding);
    buffer = large.data();
  }
  char* arena = buffer + size + internal::kJsonPadding;
  if (!internal::Base64UrlDecode(seg[1], reinterpret_cast<uint8_t*>(buffer),
                                 size)) {
    return ErrorCode::kMalformed;
  }
  std::fill_n(buffer + size, internal::kJsonPadding, '\0');
  const RoutedIssuer routed = RouteIssuer(buffer, size, arena);
  if (routed.code != ErrorCode::kOk) return routed.code;
  return find(routed.iss, provider) ? ErrorCode::kOk : ErrorCode::kBadIssuer;
}

Result MultiIssuerValidator::Validate(std::string_view token) const {
  size_t provider = 0;
  const ErrorCode c = Route(token, &provider);
  if (c == ErrorCode::kOk) return validators_[provider].Validate(token);
  Result result(c);
  // missing_claim, bad_claim and bad_issuer are all about the routing iss.
  if (c == ErrorCode::kMissingClaim || c == ErrorCode::kBadClaim ||
      c == ErrorCode::kBadIssuer) {
    result.failed_claim_ = "iss";
  }
  return result;
}

ErrorCode MultiIssuerValidator::Validate(std::string_view token,
                                         VerifiedToken* out) const {
  size_t provider = 0;
  const ErrorCode c = Route(token, &provider);
  if (c != ErrorCode::kOk) return c;
  return validators_[provider].Validate(token, out);
}

void MultiIssuerValidator::ValidateBatch(
    std::span<const std::string_view> tokens, std::span<Result> out,
    Executor* executor) const {
  const size_t n = std::min(tokens.size(), out.size());
  // One provider for the whole batch: its own batch path.
  std::optional<size_t> only;
  bool one_provider = true;
  for (size_t i = 0; i < n && one_provider; ++i) {
    size_t provider = 0;
    one_provider = Route(tokens[i], &provider) == ErrorCode::kOk &&
                   (!only.has_value() || *only == provider);
    only = provider;
  }
  if (one_provider && only.has_value()) {
    validators_[*only].ValidateBatch(tokens.first(n), out.first(n), executor);
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    size_t provider = 0;
    if (Route(tokens[i], &provider) == ErrorCode::kOk) {
      // A batch of one reuses out[i]'s storage and names a failed claim.
      validators_[provider].ValidateBatch(tokens.subspan(i, 1),
                                          out.subspan(i, 1));
    } else {
      out[i] = Validate(tokens[i]);
    }
  }
}

}  // namespace jwtv
