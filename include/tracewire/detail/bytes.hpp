// SPDX-License-Identifier: Apache-2.0
//
// tracewire/detail/bytes.hpp: byte copies and comparisons that work both during constant
// evaluation (plain loops) and at run time (memcpy/memmove/memcmp).
#ifndef TRACEWIRE_DETAIL_BYTES_HPP
#define TRACEWIRE_DETAIL_BYTES_HPP

#include <cstddef>
#include <cstring>

#include "tracewire/config.hpp"

TRACEWIRE_BEGIN_NAMESPACE
namespace detail {

/// Copies n bytes; memcpy at run time, a loop during constant evaluation.
template <class T>
constexpr void copy_bytes(T* dst, const T* src, std::size_t n) noexcept {
  if (!is_constant_evaluated()) {
    if (n != 0) std::memcpy(dst, src, n * sizeof(T));
    return;
  }
  for (std::size_t i = 0; i < n; ++i) dst[i] = src[i];
}

/// Copies n chars. At run time, copies of up to 64 chars are two overlapping block moves (no call);
/// longer ones use memcpy.
constexpr void copy_chars(char* dst, const char* src, std::size_t n) noexcept {
  if (!is_constant_evaluated()) {
    if (n >= 32 && n <= 64) {
      char a[32]{}, b[32]{};
      std::memcpy(a, src, 32);
      std::memcpy(b, src + n - 32, 32);
      std::memcpy(dst, a, 32);
      std::memcpy(dst + n - 32, b, 32);
    } else if (n >= 16 && n < 32) {
      char a[16]{}, b[16]{};
      std::memcpy(a, src, 16);
      std::memcpy(b, src + n - 16, 16);
      std::memcpy(dst, a, 16);
      std::memcpy(dst + n - 16, b, 16);
    } else if (n >= 8 && n < 16) {
      char a[8]{}, b[8]{};
      std::memcpy(a, src, 8);
      std::memcpy(b, src + n - 8, 8);
      std::memcpy(dst, a, 8);
      std::memcpy(dst + n - 8, b, 8);
    } else if (n >= 4 && n < 8) {
      char a[4]{}, b[4]{};
      std::memcpy(a, src, 4);
      std::memcpy(b, src + n - 4, 4);
      std::memcpy(dst, a, 4);
      std::memcpy(dst + n - 4, b, 4);
    } else if (n < 4) {
      for (std::size_t i = 0; i < n; ++i) dst[i] = src[i];
    } else {
      std::memcpy(dst, src, n);
    }
    return;
  }
  for (std::size_t i = 0; i < n; ++i) dst[i] = src[i];
}

/// Overlap-safe copy of n elements; memmove at run time.
template <class T>
constexpr void move_bytes(T* dst, const T* src, std::size_t n) noexcept {
  if (!is_constant_evaluated()) {
    if (n != 0) std::memmove(dst, src, n * sizeof(T));
    return;
  }
  if (dst < src) {
    for (std::size_t i = 0; i < n; ++i) dst[i] = src[i];
  } else {
    for (std::size_t i = n; i > 0; --i) dst[i - 1] = src[i - 1];
  }
}

/// Index of the lowest set bit of a non-zero value.
inline int countr_zero32(unsigned v) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_ctz(v);
#else
  int n = 0;
  while ((v & 1u) == 0) {
    v >>= 1;
    ++n;
  }
  return n;
#endif
}

/// True when a[0, n) == b[0, n).
constexpr bool equal_chars(const char* a, const char* b, std::size_t n) noexcept {
  if (!is_constant_evaluated()) return n == 0 || std::memcmp(a, b, n) == 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace detail
TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_DETAIL_BYTES_HPP
