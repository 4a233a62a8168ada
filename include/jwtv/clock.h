// Copyright 2026 The jwtv Authors.
//
// Clock: the one type of every jwtv option that reads the current time
// (ValidatorOptions::clock, ShopifyOptions::clock, JwksCacheOptions::clock).
// An empty Clock means the system clock. Tests, and processes that keep
// their own notion of time, set one:
//
//   options.clock = [] { return jwtv::FromUnixSeconds(1700000000); };
//
// A Clock may be called from any thread that uses the options it is set in
// (validating threads, a JwksCache's background thread), concurrently: it
// must be thread-safe.

#ifndef JWTV_CLOCK_H_
#define JWTV_CLOCK_H_

#include <chrono>
#include <cstdint>
#include <functional>

namespace jwtv {

using Clock = std::function<std::chrono::system_clock::time_point()>;

// The time `seconds` after the Unix epoch (before it when negative). The
// system clock's range is about +-292 years around 1970; callers with
// untrusted input check it first (see kMaxClockSeconds).
constexpr std::chrono::system_clock::time_point FromUnixSeconds(
    int64_t seconds) {
  return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

// Whole seconds since the Unix epoch, rounded down (what JWT claims compare
// against).
constexpr int64_t ToUnixSeconds(std::chrono::system_clock::time_point t) {
  return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

// The largest number of seconds FromUnixSeconds takes, either side of the
// epoch.
inline constexpr int64_t kMaxClockSeconds =
    std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::system_clock::duration::max())
        .count() -
    1;

}  // namespace jwtv

#endif  // JWTV_CLOCK_H_
