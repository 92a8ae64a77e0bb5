// SPDX-License-Identifier: Apache-2.0
//
// tracewire/detail/bytes.hpp: byte copies and comparisons that work both during constant
// evaluation (plain loops) and at run time (memcpy/memmove/memcmp).
#ifndef TRACEWIRE_DETAIL_BYTES_HPP
#define TRACEWIRE_DETAIL_BYTES_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "tracewire/config.hpp"

#if TRACEWIRE_USE_SSE2
#  include <emmintrin.h>
#endif

// Keeps a cold path out of line, so that its registers and stack frame stay out of the hot caller.
// (A candidate for config.hpp, as TRACEWIRE_NOINLINE.)
#ifndef TRACEWIRE_DETAIL_NOINLINE
#  if defined(__GNUC__) || defined(__clang__)
#    define TRACEWIRE_DETAIL_NOINLINE __attribute__((noinline))
#  elif defined(_MSC_VER)
#    define TRACEWIRE_DETAIL_NOINLINE __declspec(noinline)
#  else
#    define TRACEWIRE_DETAIL_NOINLINE
#  endif
#endif

TRACEWIRE_BEGIN_NAMESPACE
namespace detail {

/// OWS (RFC 9110 5.6.3): space or horizontal tab.
constexpr bool is_ows(char c) noexcept { return c == ' ' || c == '\t'; }

/// Copies n bytes; memcpy at run time, a loop during constant evaluation.
template <class T>
constexpr void copy_bytes(T* dst, const T* src, std::size_t n) noexcept {
  if (!is_constant_evaluated()) {
    if (n != 0) std::memcpy(dst, src, n * sizeof(T));
    return;
  }
  for (std::size_t i = 0; i < n; ++i) dst[i] = src[i];
}

/// Copies n chars; the ranges may overlap (a tracestate may be assigned from its own view()). At
/// run time, copies of up to 64 chars load everything before storing anything (no call, no
/// temporaries in memory); longer ones use memmove.
constexpr void copy_chars(char* dst, const char* src, std::size_t n) noexcept {
  if (!is_constant_evaluated()) {
#if TRACEWIRE_USE_SSE2
    if (n >= 16 && n <= 64) {
      const auto load = [](const char* p) {
        return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      };
      const auto store = [](char* p, __m128i v) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
      };
      if (n <= 32) {
        const __m128i a = load(src), b = load(src + n - 16);
        store(dst, a);
        store(dst + n - 16, b);
      } else {
        const __m128i a = load(src), b = load(src + 16), c = load(src + n - 32),
                      d = load(src + n - 16);
        store(dst, a);
        store(dst + 16, b);
        store(dst + n - 32, c);
        store(dst + n - 16, d);
      }
      return;
    }
#endif
    if (n >= 8 && n < 16) {
      std::uint64_t a = 0, b = 0;
      std::memcpy(&a, src, 8);
      std::memcpy(&b, src + n - 8, 8);
      std::memcpy(dst, &a, 8);
      std::memcpy(dst + n - 8, &b, 8);
    } else if (n >= 4 && n < 8) {
      std::uint32_t a = 0, b = 0;
      std::memcpy(&a, src, 4);
      std::memcpy(&b, src + n - 4, 4);
      std::memcpy(dst, &a, 4);
      std::memcpy(dst + n - 4, &b, 4);
    } else if (n < 4) {
      // Forward or backward so that overlapping ranges copy correctly.
      if (dst <= src) {
        for (std::size_t i = 0; i < n; ++i) dst[i] = src[i];
      } else {
        for (std::size_t i = n; i > 0; --i) dst[i - 1] = src[i - 1];
      }
    } else {
      std::memmove(dst, src, n);
    }
    return;
  }
  // Constant evaluation cannot compare pointers into different objects; a forward copy is right
  // for the one overlap tracewire itself creates (compacting to lower addresses).
  for (std::size_t i = 0; i < n; ++i) dst[i] = src[i];
}

/// Run time only: copies n <= 16 chars with at most two loads and two stores (overlapping ones
/// when n is not a power of two), all loads before any store.
TRACEWIRE_FORCE_INLINE void copy_small(char* dst, const char* src, std::size_t n) noexcept {
  TRACEWIRE_ASSERT(n <= 16);
  if (n >= 8) {
    std::uint64_t a = 0, b = 0;
    std::memcpy(&a, src, 8);
    std::memcpy(&b, src + n - 8, 8);
    std::memcpy(dst, &a, 8);
    std::memcpy(dst + n - 8, &b, 8);
  } else if (n >= 4) {
    std::uint32_t a = 0, b = 0;
    std::memcpy(&a, src, 4);
    std::memcpy(&b, src + n - 4, 4);
    std::memcpy(dst, &a, 4);
    std::memcpy(dst + n - 4, &b, 4);
  } else if (n != 0) {  // 1-3 chars: first, middle and last (some of them the same)
    const char a = src[0], b = src[n / 2], c = src[n - 1];
    dst[0] = a;
    dst[n / 2] = b;
    dst[n - 1] = c;
  }
}

/// copy_chars(dst, src, n) for a writer that may also write dst[n, dst_room) (bytes it
/// overwrites later) and read src[n, src_room): at run time a copy of up to 16 chars is then one
/// 16-byte load and store, with no dispatch on n. Returns dst + n.
TRACEWIRE_FORCE_INLINE constexpr char* copy_with_slack(char* dst, std::size_t dst_room,
                                                       const char* src, std::size_t src_room,
                                                       std::size_t n) noexcept {
#if TRACEWIRE_USE_SSE2
  if (!is_constant_evaluated() && n <= 16) {
    if (dst_room >= 16 && src_room >= 16) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst),
                       _mm_loadu_si128(reinterpret_cast<const __m128i*>(src)));
    } else {
      copy_small(dst, src, n);
    }
    return dst + n;
  }
#else
  static_cast<void>(dst_room);
  static_cast<void>(src_room);
#endif
  copy_chars(dst, src, n);
  return dst + n;
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

/// Index of the lowest set bit of a non-zero value (a size_t: it is added to indices).
inline std::size_t countr_zero64(std::uint64_t v) noexcept {
#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
  // One instruction: the builtin's int result costs a zeroing and a sign extension around it.
  std::uint64_t n;
  __asm__("bsfq %1, %0" : "=r"(n) : "rm"(v) : "cc");
  return static_cast<std::size_t>(n);
#elif defined(__GNUC__) || defined(__clang__)
  return static_cast<std::size_t>(static_cast<unsigned>(__builtin_ctzll(v)));
#else
  std::size_t n = 0;
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
