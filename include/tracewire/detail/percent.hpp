// SPDX-License-Identifier: Apache-2.0
//
// tracewire/detail/percent.hpp: the character classes of W3C Baggage and RFC 7230, the RFC 3986
// percent codec restricted to baggage-octets, and a UTF-8 decoder that replaces invalid sequences
// with U+FFFD (one per maximal invalid subpart, as the Unicode standard and WHATWG Encoding do).
//
// - percent_encoded_size / percent_encode: every byte outside baggage-octet, and `%` itself,
// becomes
//   `%XX` (uppercase hex); everything else is copied. `+` stays `+` (no form encoding).
// - percent_decode: `%XX` (either case) becomes the byte; anything else is copied. For any bytes v,
//   percent_decode(percent_encode(v)) == v.
// - utf8_sink: fed decoded bytes one by one (or runs of ASCII), writes valid UTF-8, with U+FFFD
//   for each maximal invalid subpart and for a sequence cut short by the end.
#ifndef TRACEWIRE_DETAIL_PERCENT_HPP
#define TRACEWIRE_DETAIL_PERCENT_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tracewire/config.hpp"
#include "tracewire/detail/bytes.hpp"
#include "tracewire/detail/hex.hpp"

#if TRACEWIRE_USE_SSE2
#  include <emmintrin.h>
#endif

TRACEWIRE_BEGIN_NAMESPACE
namespace detail {

enum : std::uint8_t {
  bg_octet = 1,  // baggage-octet: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
  bg_token = 2,  // RFC 7230 tchar
  bg_plain = 4,  // a baggage-octet other than '%': copied as is by both codec directions
};

struct bg_table_t {
  std::uint8_t cls[256];
};

constexpr bg_table_t make_bg_table() noexcept {
  bg_table_t t{};
  for (int c = 0x21; c <= 0x7E; ++c) {
    if (c == '"' || c == ',' || c == ';' || c == '\\') continue;
    t.cls[c] = static_cast<std::uint8_t>(bg_octet | (c != '%' ? bg_plain : 0));
  }
  const char tchar_specials[] = "!#$%&'*+-.^_`|~";
  for (const char c : std::string_view(tchar_specials, sizeof tchar_specials - 1)) {
    t.cls[static_cast<unsigned char>(c)] |= bg_token;
  }
  for (int c = '0'; c <= '9'; ++c) t.cls[c] |= bg_token;
  for (int c = 'a'; c <= 'z'; ++c) t.cls[c] |= bg_token;
  for (int c = 'A'; c <= 'Z'; ++c) t.cls[c] |= bg_token;
  return t;
}

inline constexpr bg_table_t bg_table = make_bg_table();

constexpr std::uint8_t bg_class(char c) noexcept {
  return bg_table.cls[static_cast<unsigned char>(c)];
}

#if TRACEWIRE_USE_SSE2
/// Bit i set when p[i] is a plain baggage-octet (0x21-0x7E except '"' ',' ';' '\\' '%').
inline unsigned bg_plain_mask16(const char* p) noexcept {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Signed compares are exact: bytes >= 0x80 are negative and fail the range test.
  const __m128i in_range =
      _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(0x20)), _mm_cmplt_epi8(x, _mm_set1_epi8(0x7F)));
  const __m128i excluded = _mm_or_si128(
      _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8(','))),
      _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(';')),
                                _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))),
                   _mm_cmpeq_epi8(x, _mm_set1_epi8('%'))));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_andnot_si128(excluded, in_range)));
}
#endif

/// The index of the first character at or after i that is not a plain baggage-octet, or n. Never
/// reads outside p[0, n): near the end the last 16 characters are loaded and shifted instead.
constexpr std::size_t skip_plain_octets(const char* p, std::size_t i, std::size_t n) noexcept {
#if TRACEWIRE_USE_SSE2
  if (!is_constant_evaluated()) {
    for (; i + 16 <= n; i += 16) {
      const unsigned m = bg_plain_mask16(p + i);
      if (m != 0xFFFFu) return i + static_cast<std::size_t>(countr_zero32(~m));
    }
    if (i < n && n >= 16) {  // bits past the end shift in as zero, i.e. "not plain"
      const unsigned m = bg_plain_mask16(p + n - 16) >> (16 - (n - i));
      return i + static_cast<std::size_t>(countr_zero32(~m));
    }
  }
#endif
  while (i < n && (bg_class(p[i]) & bg_plain)) ++i;
  return i;
}

constexpr bool is_token(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!(bg_class(c) & bg_token)) return false;
  }
  return true;
}

/// Characters percent_encode writes for `s`.
constexpr std::size_t percent_encoded_size(std::string_view s) noexcept {
  std::size_t n = s.size();
  for (std::size_t i = skip_plain_octets(s.data(), 0, s.size()); i < s.size();
       i = skip_plain_octets(s.data(), i + 1, s.size())) {
    n += 2;
  }
  return n;
}

inline constexpr char hex_upper[] = "0123456789ABCDEF";

/// Writes the encoding of `s` to out (percent_encoded_size(s) characters); returns the end.
constexpr char* percent_encode(std::string_view s, char* out) noexcept {
  const char* p = s.data();
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const std::size_t j = skip_plain_octets(p, i, n);
    copy_chars(out, p + i, j - i);
    out += j - i;
    if (j == n) break;
    const auto b = static_cast<unsigned char>(p[j]);
    out[0] = '%';
    out[1] = hex_upper[b >> 4];
    out[2] = hex_upper[b & 0x0F];
    out += 3;
    i = j + 1;
  }
  return out;
}

/// Value of a hex digit of either case (0-15), or a value > 15.
constexpr unsigned hex_either(char c) noexcept {
  const std::uint8_t v = hex_value(c);
  if (v <= 15) return v;
  return c >= 'A' && c <= 'F' ? static_cast<unsigned>(c - 'A' + 10) : 0xFFu;
}

/// Raw percent decoding (no UTF-8 validation). Writes at most s.size() bytes; returns the count.
/// A '%' not followed by two hex digits is copied as is (validation happens elsewhere).
constexpr std::size_t percent_decode(std::string_view s, char* out) noexcept {
  std::size_t o = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const unsigned hi = hex_either(s[i + 1]), lo = hex_either(s[i + 2]);
      if (hi <= 15 && lo <= 15) {
        out[o++] = static_cast<char>((hi << 4) | lo);
        i += 2;
        continue;
      }
    }
    out[o++] = s[i];
  }
  return o;
}

/// Writes bytes as valid UTF-8 into out[0, cap): complete valid sequences as received, U+FFFD for
/// every maximal invalid subpart (Unicode 15, 3.9 "U+FFFD Substitution of Maximal Subparts").
/// `overflow` is set, and writing stops, when the output would exceed `cap`.
class utf8_sink {
 public:
  constexpr utf8_sink(char* out, std::size_t cap) noexcept : out_(out), cap_(cap) {}

  constexpr void put(unsigned char b) noexcept {
    for (;;) {
      if (need_ == 0) {
        if (b < 0x80) return emit1(static_cast<char>(b));
        if (b >= 0xC2 && b <= 0xDF) {
          start(b, 1, 0x80, 0xBF);
        } else if (b >= 0xE0 && b <= 0xEF) {
          start(b, 2, b == 0xE0 ? 0xA0 : 0x80, b == 0xED ? 0x9F : 0xBF);
        } else if (b >= 0xF0 && b <= 0xF4) {
          start(b, 3, b == 0xF0 ? 0x90 : 0x80, b == 0xF4 ? 0x8F : 0xBF);
        } else {
          replacement();
        }
        return;
      }
      if (b < lower_ || b > upper_) {  // the subpart so far is invalid; b starts afresh
        need_ = 0;
        replacement();
        continue;
      }
      lower_ = 0x80;
      upper_ = 0xBF;
      pending_[have_++] = static_cast<char>(b);
      if (have_ == need_ + 1) {
        emit_pending();
        need_ = 0;
      }
      return;
    }
  }

  /// Copies a run of plain baggage-octets (ASCII, sent as themselves).
  constexpr void put_plain(const char* p, std::size_t n) noexcept {
    if (n == 0) return;
    if (need_ != 0) {
      need_ = 0;
      replacement();
    }
    emit_plain(p, n);
  }

  /// Ends the input: a sequence cut short becomes U+FFFD. Returns the bytes written.
  constexpr std::size_t finish() noexcept {
    if (need_ != 0) {
      need_ = 0;
      replacement();
    }
    return size_;
  }

  constexpr bool overflow() const noexcept { return overflow_; }
  /// True once any U+FFFD was substituted (the input was not valid UTF-8).
  constexpr bool replaced() const noexcept { return replaced_; }
  /// Characters the bytes fed so far take when percent-encoded (baggage canonical form), counted
  /// even past an overflow.
  constexpr std::size_t encoded_size() const noexcept { return encoded_; }

 private:
  constexpr void start(unsigned char b, unsigned need, unsigned lo, unsigned hi) noexcept {
    need_ = need;
    have_ = 1;
    pending_[0] = static_cast<char>(b);
    lower_ = lo;
    upper_ = hi;
  }
  constexpr void replacement() noexcept {
    replaced_ = true;
    // U+FFFD: 3 bytes, each sent as %XX.
    encoded_ += 9;  // counted even when it does not fit: callers report the limit it breaks
    if (overflow_ || cap_ - size_ < 3) {
      overflow_ = true;
      return;
    }
    out_[size_] = '\xEF';
    out_[size_ + 1] = '\xBF';
    out_[size_ + 2] = '\xBD';
    size_ += 3;
  }
  constexpr void emit1(char c) noexcept {
    encoded_ += (bg_class(c) & bg_plain) ? 1u : 3u;
    if (overflow_ || cap_ == size_) {
      overflow_ = true;
      return;
    }
    out_[size_++] = c;
  }
  /// A complete multi-byte sequence (2-4 bytes, all >= 0x80: each sent as %XX).
  constexpr void emit_pending() noexcept {
    encoded_ += 3u * have_;
    if (overflow_ || cap_ - size_ < have_) {
      overflow_ = true;
      return;
    }
    for (unsigned k = 0; k < have_ && k < 4; ++k) out_[size_ + k] = pending_[k];
    size_ += have_;
  }
  /// A run of plain baggage-octets (each sent as itself).
  constexpr void emit_plain(const char* p, std::size_t n) noexcept {
    encoded_ += n;
    if (overflow_ || n > cap_ - size_) {
      overflow_ = true;
      return;
    }
    copy_chars(out_ + size_, p, n);
    size_ += n;
  }

  char* out_;
  std::size_t cap_;
  std::size_t size_ = 0;
  std::size_t encoded_ = 0;
  bool overflow_ = false;
  bool replaced_ = false;
  unsigned need_ = 0;  // continuation bytes still expected after pending_[0]
  unsigned have_ = 0;  // bytes in pending_
  unsigned lower_ = 0x80, upper_ = 0xBF;
  char pending_[4]{};
};

/// True when s is valid UTF-8: the sink, with nowhere to write, replaced nothing.
constexpr bool is_valid_utf8(std::string_view s) noexcept {
  utf8_sink sink(nullptr, 0);
  for (const char c : s) sink.put(static_cast<unsigned char>(c));
  sink.finish();
  return !sink.replaced();
}

}  // namespace detail
TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_DETAIL_PERCENT_HPP
