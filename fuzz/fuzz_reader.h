// Copyright 2026 The jwtv Authors.
//
// FuzzReader: a fuzzer's input read front to back as bytes, 32-byte values
// and a tail, for the fuzzers that build their operations from the input
// (fuzz_p256, fuzz_ed25519). Past the end it reads zeros.

#ifndef JWTV_FUZZ_FUZZ_READER_H_
#define JWTV_FUZZ_FUZZ_READER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace jwtv_fuzz {

class FuzzReader {
 public:
  // `data` must outlive the reader and every view Rest() returns.
  FuzzReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }

  std::array<uint8_t, 32> Raw32() {
    std::array<uint8_t, 32> out{};
    for (uint8_t& b : out) b = Byte();
    return out;
  }

  // The rest of the input, a view into `data`; the reader is then at its end.
  std::string_view Rest() {
    std::string_view r(reinterpret_cast<const char*>(data_) + pos_,
                       size_ - pos_);
    pos_ = size_;
    return r;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace jwtv_fuzz

#endif  // JWTV_FUZZ_FUZZ_READER_H_
