// SPDX-License-Identifier: Apache-2.0
//
// tracewire/detail/hex.hpp: lowercase hexadecimal codec (W3C HEXDIGLC).
//
// One portable constexpr path, and an SSE2 path for run time that handles 16 characters per
// instruction sequence. The SSE2 path only answers "valid or not"; callers fall back to the
// portable path to learn which rule was broken, so the error reported never depends on the path
// taken. The fuzzers compare both paths on every input.
#ifndef TRACEWIRE_DETAIL_HEX_HPP
#define TRACEWIRE_DETAIL_HEX_HPP

#include <cstddef>
#include <cstdint>
#include "tracewire/config.hpp"
#include "tracewire/error.hpp"

#if TRACEWIRE_USE_SSE2
#  include <emmintrin.h>
#endif

TRACEWIRE_BEGIN_NAMESPACE
namespace detail {

inline constexpr std::uint8_t hex_invalid = 0xFF;    // not a hex digit at all
inline constexpr std::uint8_t hex_uppercase = 0xFE;  // 'A'-'F': a hex digit, but not HEXDIGLC

struct hex_table_t {
  std::uint8_t value[256];
};

constexpr hex_table_t make_hex_table() noexcept {
  hex_table_t t{};
  for (int i = 0; i < 256; ++i) t.value[i] = hex_invalid;
  for (int i = 0; i < 10; ++i) t.value['0' + i] = static_cast<std::uint8_t>(i);
  for (int i = 0; i < 6; ++i) {
    t.value['a' + i] = static_cast<std::uint8_t>(10 + i);
    t.value['A' + i] = hex_uppercase;
  }
  return t;
}

/// Value of a lowercase hex digit (0-15), hex_uppercase for 'A'-'F', hex_invalid otherwise.
inline constexpr hex_table_t hex_table = make_hex_table();

inline constexpr char hex_digits[] = "0123456789abcdef";

constexpr std::uint8_t hex_value(char c) noexcept {
  return hex_table.value[static_cast<unsigned char>(c)];
}

/// The errc for a character that is not HEXDIGLC: uppercase_hex for 'A'-'F', `bad` otherwise.
constexpr errc classify_non_hex(char c, errc bad = errc::invalid_hex) noexcept {
  return hex_value(c) == hex_uppercase ? errc::uppercase_hex : bad;
}

/// Index of the first character of in[0, n) that is not HEXDIGLC, or n when all are.
constexpr std::size_t find_non_hex(const char* in, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    if (hex_value(in[i]) > 15) return i;
  }
  return n;
}

/// Portable decoder: 2*n lowercase hex characters into n bytes. Returns false (and leaves `out`
/// partially written) if any character is not HEXDIGLC.
constexpr bool decode_hex_portable(const char* in, std::size_t n, std::uint8_t* out) noexcept {
  bool ok = true;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t hi = hex_value(in[2 * i]);
    const std::uint8_t lo = hex_value(in[2 * i + 1]);
    ok &= (hi | lo) <= 15;  // invalid marks have the high bits set
    out[i] = static_cast<std::uint8_t>((hi << 4) | (lo & 0x0F));
  }
  return ok;
}

/// Portable encoder: n bytes into 2*n lowercase hex characters.
constexpr void encode_hex_portable(const std::uint8_t* in, std::size_t n, char* out) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = hex_digits[in[i] >> 4];
    out[2 * i + 1] = hex_digits[in[i] & 0x0F];
  }
}

#if TRACEWIRE_USE_SSE2
/// 16 characters into 8 nibble pairs, one per 16-bit lane (the byte value in the low half), and a
/// per-byte validity mask (0xFF where the character is HEXDIGLC). Shifting by 0x80 - lo maps a
/// range [lo, lo + k) onto [-128, -128 + k), so one signed compare tests it; bytes >= 0x80 cannot
/// alias.
inline __m128i hex16_pairs_sse2(const char* in, __m128i& valid) noexcept {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
  const __m128i digit =
      _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8(static_cast<char>(0x80 - '0'))),
                     _mm_set1_epi8(static_cast<char>(-128 + 10)));
  const __m128i letter =
      _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8(static_cast<char>(0x80 - 'a'))),
                     _mm_set1_epi8(static_cast<char>(-128 + 6)));
  valid = _mm_and_si128(valid, _mm_or_si128(digit, letter));
  // Nibble: the low 4 bits, plus 9 for letters ('a' = 0x61 -> 1 + 9 = 10).
  const __m128i nib =
      _mm_add_epi8(_mm_and_si128(x, _mm_set1_epi8(0x0F)), _mm_and_si128(letter, _mm_set1_epi8(9)));
  // Lane = even char (high nibble) | odd char << 8  ->  (even << 4) | odd.
  return _mm_and_si128(_mm_or_si128(_mm_slli_epi16(nib, 4), _mm_srli_epi16(nib, 8)),
                       _mm_set1_epi16(0x00FF));
}

inline bool all_valid_sse2(__m128i valid) noexcept { return _mm_movemask_epi8(valid) == 0xFFFF; }

/// 16 lowercase hex characters into 8 bytes. Returns false if any character is not HEXDIGLC.
inline bool decode_hex16_sse2(const char* in, std::uint8_t* out) noexcept {
  __m128i valid = _mm_set1_epi8(-1);
  const __m128i pairs = hex16_pairs_sse2(in, valid);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(out), _mm_packus_epi16(pairs, pairs));
  return all_valid_sse2(valid);
}

/// 8 bytes into 16 lowercase hex characters.
inline void encode_hex8_sse2(const std::uint8_t* in, char* out) noexcept {
  const __m128i b = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(in));
  const __m128i mask = _mm_set1_epi8(0x0F);
  const __m128i hi = _mm_and_si128(_mm_srli_epi16(b, 4), mask);
  const __m128i lo = _mm_and_si128(b, mask);
  const __m128i nib = _mm_unpacklo_epi8(hi, lo);  // hi0 lo0 hi1 lo1 ...
  // '0' + n, plus ('a' - '0' - 10) = 39 for n > 9.
  const __m128i letter = _mm_cmpgt_epi8(nib, _mm_set1_epi8(9));
  const __m128i ascii =
      _mm_add_epi8(_mm_add_epi8(nib, _mm_set1_epi8('0')), _mm_and_si128(letter, _mm_set1_epi8(39)));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), ascii);
}
#endif

/// Decodes 2*n characters into n bytes; true when all are HEXDIGLC. Run time: SSE2 in blocks of 16
/// characters, portable for the rest and during constant evaluation.
constexpr bool decode_hex(const char* in, std::size_t n, std::uint8_t* out) noexcept {
#if TRACEWIRE_USE_SSE2
  if (!is_constant_evaluated()) {
    bool ok = true;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) ok &= decode_hex16_sse2(in + 2 * i, out + i);
    return decode_hex_portable(in + 2 * i, n - i, out + i) && ok;
  }
#endif
  return decode_hex_portable(in, n, out);
}

/// Encodes n bytes into 2*n lowercase hex characters.
constexpr void encode_hex(const std::uint8_t* in, std::size_t n, char* out) noexcept {
#if TRACEWIRE_USE_SSE2
  if (!is_constant_evaluated()) {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) encode_hex8_sse2(in + i, out + 2 * i);
    encode_hex_portable(in + i, n - i, out + 2 * i);
    return;
  }
#endif
  encode_hex_portable(in, n, out);
}

}  // namespace detail
TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_DETAIL_HEX_HPP
