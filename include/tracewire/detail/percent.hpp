// SPDX-License-Identifier: Apache-2.0
//
// tracewire/detail/percent.hpp: the character classes of W3C Baggage and RFC 7230, the RFC 3986
// percent codec restricted to baggage-octets, and a UTF-8 decoder that replaces invalid sequences
// with U+FFFD (one per maximal invalid subpart, as the Unicode standard and WHATWG Encoding do).
//
// - percent_encoded_size / percent_encode: every byte outside baggage-octet, and `%` itself,
//   becomes `%XX` (uppercase hex); everything else is copied. `+` stays `+` (no form encoding).
// - percent_decode: `%XX` (either case) becomes the byte; anything else is copied. For any bytes v,
//   percent_decode(percent_encode(v)) == v.
// - utf8_sink: fed decoded bytes one by one (or runs of ASCII), writes valid UTF-8, with U+FFFD
//   for each maximal invalid subpart and for a sequence cut short by the end.
// - decode_value / copy_run: the baggage parser's readers. Plain runs are copied 16 characters at
//   a time at run time (SSE2), escapes of ASCII bytes are written directly, and only escaped
//   bytes >= 0x80 go through the UTF-8 rules (the same maximal-subpart replacement as utf8_sink).
// - percent_encode_with_slack: percent_encode for format(), which may write ahead inside its own
//   output.
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
  bg_hex = 8,    // a hex digit of either case (RFC 3986 2.1); its value is in the high nibble
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
  // One lookup per hex digit while decoding `%XX`: both the "is a digit" bit and the value.
  for (int v = 0; v < 16; ++v) {
    const auto bits = static_cast<std::uint8_t>(bg_hex | (v << 4));
    t.cls[(v < 10 ? '0' : 'a' - 10) + v] |= bits;
    if (v >= 10) t.cls['A' - 10 + v] |= bits;
  }
  return t;
}

inline constexpr bg_table_t bg_table = make_bg_table();

constexpr std::uint8_t bg_class(char c) noexcept {
  return bg_table.cls[static_cast<unsigned char>(c)];
}

#if TRACEWIRE_USE_SSE2
/// Bytes 0x21-0x7E of x: one signed compare once 0x7F has been moved to -128 (bytes >= 0x80 are
/// negative already).
inline __m128i bg_visible(__m128i x) noexcept {
  return _mm_cmpgt_epi8(_mm_add_epi8(x, _mm_set1_epi8(1)), _mm_set1_epi8(0x21));
}

/// Bytes of x in [lo, hi] (ASCII bounds): one add moves lo to -128, then one signed compare.
inline __m128i bg_between(__m128i x, int lo, int hi) noexcept {
  return _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8(static_cast<char>(0x80 - lo))),
                        _mm_set1_epi8(static_cast<char>(hi - lo - 127)));
}

/// Bit i set when byte i of x is a plain baggage-octet (0x21-0x7E except '"' ',' ';' '\\' '%').
inline unsigned bg_plain_bits(__m128i x) noexcept {
  const auto eq = [x](char c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(c)); };
  const __m128i excluded = _mm_or_si128(_mm_or_si128(eq('"'), eq(',')),
                                        _mm_or_si128(_mm_or_si128(eq(';'), eq('\\')), eq('%')));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_andnot_si128(excluded, bg_visible(x))));
}

/// Bit i set when byte i of x is an RFC 7230 tchar: 0x21-0x7E except the delimiters
/// `"(),/:;<=>?@[\\]{}`.
inline unsigned bg_token_bits(__m128i x) noexcept {
  const auto eq = [x](char c) { return _mm_cmpeq_epi8(x, _mm_set1_epi8(c)); };
  const __m128i parens =  // '(' 0x28 and ')' 0x29 differ in bit 0 only
      _mm_cmpeq_epi8(_mm_and_si128(x, _mm_set1_epi8(static_cast<char>(0xFE))), _mm_set1_epi8('('));
  const __m128i excluded =
      _mm_or_si128(_mm_or_si128(_mm_or_si128(eq('"'), parens), _mm_or_si128(eq(','), eq('/'))),
                   _mm_or_si128(_mm_or_si128(bg_between(x, ':', '@'), bg_between(x, '[', ']')),
                                _mm_or_si128(eq('{'), eq('}'))));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_andnot_si128(excluded, bg_visible(x))));
}

/// Bit i set when byte i of x is one of [A-Za-z0-9._-]: the bytes the baggage parser's fast path
/// takes without looking. They are tchars and plain baggage-octets both, so a run of them is a
/// valid key and a valid value; every other byte (separators, '%', the rarer tchars and octets)
/// is looked at one by one. Much cheaper than bg_token_bits and bg_plain_bits together.
inline unsigned bg_simple_bits(__m128i x) noexcept {
  const __m128i letters = bg_between(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 'z');
  const __m128i dash_to_nine =  // '-' '.' '/' '0'-'9', without '/'
      _mm_andnot_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('/')), bg_between(x, '-', '9'));
  const __m128i simple =
      _mm_or_si128(_mm_or_si128(letters, dash_to_nine), _mm_cmpeq_epi8(x, _mm_set1_epi8('_')));
  return static_cast<unsigned>(_mm_movemask_epi8(simple));
}

/// bg_plain_bits or bg_token_bits, by class.
template <std::uint8_t Class>
TRACEWIRE_FORCE_INLINE unsigned bg_class_bits(__m128i x) noexcept {
  static_assert(Class == bg_plain || Class == bg_token, "SSE2 masks exist for these classes");
  if constexpr (Class == bg_plain) {
    return bg_plain_bits(x);
  } else {
    return bg_token_bits(x);
  }
}

/// Bit i set when p[i] is a plain baggage-octet.
inline unsigned bg_plain_mask16(const char* p) noexcept {
  return bg_plain_bits(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
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

/// Where a run ended: the index in the input and the offset in the output.
struct run_end {
  std::size_t in;
  std::size_t out;
};

#if TRACEWIRE_USE_SSE2
/// copy_run() at run time: 16 characters per step, each step's load also stored as is when
/// out[at, at + 16) lies inside the capacity (bytes past the run are overwritten later).
template <std::uint8_t Class>
TRACEWIRE_FORCE_INLINE run_end copy_run_sse2(const char* p, std::size_t i, std::size_t n,
                                             std::size_t readable, char* out, std::size_t at,
                                             std::size_t cap) noexcept {
  for (; i + 16 <= readable; i += 16, at += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const unsigned stop = ~bg_class_bits<Class>(x) & 0xFFFFu;
    const std::size_t len = stop != 0 ? static_cast<std::size_t>(countr_zero32(stop)) : 16;
    if (TRACEWIRE_LIKELY(at + 16 <= cap)) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + at), x);
    } else if (at + len <= cap) {
      copy_small(out + at, p + i, len);
    }
    if (stop != 0) return {i + len, at + len};
  }
  std::size_t len = 0;
  if (i < n) {
    if (n >= 16) {  // the last 16 characters, shifted: bits past the end come in as "stop"
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16));
      len = static_cast<std::size_t>(countr_zero32(~(bg_class_bits<Class>(x) >> (16 - (n - i)))));
    } else {
      while (i + len < n && (bg_class(p[i + len]) & Class)) ++len;
    }
    if (at + len <= cap) copy_small(out + at, p + i, len);
  }
  return {i + len, at + len};
}
#endif

/// Copies the run of characters of class `Class` (bg_plain or bg_token) that starts at p[i] (and
/// ends at n at the latest) to out[at, ...), writing only inside out[0, cap): past cap the run is
/// still measured. Returns the run's end in the input and in the output. Never reads outside
/// p[0, readable): readable is n, or more when the caller has padded p[n, readable) with bytes
/// outside the class (then no step needs the slower handling of the last 16 characters).
template <std::uint8_t Class>
TRACEWIRE_FORCE_INLINE constexpr run_end copy_run(const char* p, std::size_t i, std::size_t n,
                                                  std::size_t readable, char* out, std::size_t at,
                                                  std::size_t cap) noexcept {
#if TRACEWIRE_USE_SSE2
  if (!is_constant_evaluated()) return copy_run_sse2<Class>(p, i, n, readable, out, at, cap);
#else
  static_cast<void>(readable);
#endif
  for (; i < n && (bg_class(p[i]) & Class); ++i, ++at) {
    if (at < cap) out[at] = p[i];
  }
  return {i, at};
}

/// What decode_value() found.
struct decoded_value {
  std::size_t in;     // the first character after the value, or the '%' of a bad escape
  std::size_t out;    // the end of the decoded bytes in the output
  std::size_t extra;  // characters the decoded bytes take in canonical form beyond one each
  bool bad_escape;    // a '%' without two hex digits
};

/// The rest of a UTF-8 sequence whose lead byte `b` (>= 0x80) was decoded from the escape just
/// before p[i]. Its continuation bytes can only be further escapes (a raw byte >= 0x80 is not a
/// baggage-octet): they are taken while they continue the sequence. Writes the sequence, or U+FFFD
/// for its maximal invalid subpart (Unicode 15, 3.9; whatever ended it is left to the caller), to
/// out[at, ...) inside cap; adds what it takes when sent to `extra` (every byte is sent as %XX).
constexpr run_end decode_utf8_escapes(const char* p, std::size_t i, std::size_t n, char* out,
                                      std::size_t at, std::size_t cap, unsigned b,
                                      std::size_t& extra) noexcept {
  // Unicode 15, Table 3-7: the bytes that may follow each lead byte.
  unsigned need = 0, lower = 0x80, upper = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) {
    need = 1;
  } else if (b >= 0xE0 && b <= 0xEF) {
    need = 2;
    lower = b == 0xE0 ? 0xA0 : 0x80;
    upper = b == 0xED ? 0x9F : 0xBF;
  } else if (b >= 0xF0 && b <= 0xF4) {
    need = 3;
    lower = b == 0xF0 ? 0x90 : 0x80;
    upper = b == 0xF4 ? 0x8F : 0xBF;
  }
  char seq[4] = {static_cast<char>(b), 0, 0, 0};
  unsigned have = 1;
  while (have <= need && n - i >= 3 && p[i] == '%') {
    const std::uint8_t hi = bg_class(p[i + 1]), lo = bg_class(p[i + 2]);
    if ((hi & lo & bg_hex) == 0) break;  // a bad escape: the caller reports it
    const unsigned c = (hi & 0xF0u) | (lo >> 4u);
    if (c < lower || c > upper) break;  // not a continuation here: it starts afresh
    seq[have++] = static_cast<char>(c);
    lower = 0x80;
    upper = 0xBF;
    i += 3;
  }
  if (need == 0 || have != need + 1) {
    seq[0] = '\xEF';  // U+FFFD
    seq[1] = '\xBF';
    seq[2] = '\xBD';
    have = 3;
  }
  if (at + have <= cap) {
    for (unsigned k = 0; k < have; ++k) out[at + k] = seq[k];
  }
  extra += 2u * have;
  return {i, at + have};
}

/// Decodes the baggage value (or property value) that starts at p[i] and ends at n or at the
/// first character that is neither a plain baggage-octet nor a %XX escape: plain runs are copied,
/// escapes decoded, and the bytes read as UTF-8 with U+FFFD for every maximal invalid subpart
/// (escapes of ASCII bytes, the common case, never enter the UTF-8 reader). Writes to out[at, ...)
/// but only inside out[0, cap); past cap the value is still read and measured. `readable`: as for
/// copy_run().
TRACEWIRE_FORCE_INLINE constexpr decoded_value decode_value(const char* p, std::size_t i,
                                                            std::size_t n, std::size_t readable,
                                                            char* out, std::size_t at,
                                                            std::size_t cap) noexcept {
  std::size_t extra = 0;
  for (;;) {
    const run_end r = copy_run<bg_plain>(p, i, n, readable, out, at, cap);
    i = r.in;
    at = r.out;
    if (i == n || p[i] != '%') return {i, at, extra, false};
    if (n - i < 3) return {i, at, extra, true};
    const std::uint8_t hi = bg_class(p[i + 1]), lo = bg_class(p[i + 2]);
    if ((hi & lo & bg_hex) == 0) return {i, at, extra, true};
    const unsigned b = (hi & 0xF0u) | (lo >> 4u);
    i += 3;
    if (TRACEWIRE_LIKELY(b < 0x80)) {
      if (at < cap) out[at] = static_cast<char>(b);
      ++at;
      if ((bg_class(static_cast<char>(b)) & bg_plain) == 0) extra += 2;  // sent as %XX
    } else {
      const run_end s = decode_utf8_escapes(p, i, n, out, at, cap, b, extra);
      i = s.in;
      at = s.out;
    }
  }
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
    // memcpy: GCC 12 cannot bound j - i and warns (-Warray-bounds) about copy_chars' 16-byte
    // loads when s is a short literal; this path is not the hot one (format() has its own).
    copy_bytes(out, p + i, j - i);
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

/// percent_encode() of s[0, n) for a writer that may also write out[0, out_room) and read
/// s[0, s_room) (bytes past the encoding are overwritten later, or belong to the caller's output
/// anyway): at run time each step copies 16 characters at once and stops at the first one to
/// escape. Returns the end of the encoding.
constexpr char* percent_encode_with_slack(const char* s, std::size_t n, std::size_t s_room,
                                          char* out, std::size_t out_room) noexcept {
  std::size_t k = 0;
#if TRACEWIRE_USE_SSE2
  if (!is_constant_evaluated()) {
    char* const out_end = out + out_room;
    while (k < n && s_room - k >= 16) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + k));
      const unsigned stop = ~bg_plain_bits(x) & 0xFFFFu;
      std::size_t len = stop != 0 ? static_cast<std::size_t>(countr_zero32(stop)) : 16;
      if (len > n - k) len = n - k;
      if (out_end - out >= 16) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out), x);
      } else {  // the last characters of the output: exact
        copy_small(out, s + k, len);
      }
      out += len;
      k += len;
      if (k == n) return out;
      if (len == 16) continue;
      const auto b = static_cast<unsigned char>(s[k]);
      out[0] = '%';
      out[1] = hex_upper[b >> 4];
      out[2] = hex_upper[b & 0x0F];
      out += 3;
      ++k;
    }
  }
#else
  static_cast<void>(s_room);
  static_cast<void>(out_room);
#endif
  return percent_encode(std::string_view(s + k, n - k), out);
}

/// Value of a hex digit of either case (0-15), or a value > 15.
constexpr unsigned hex_either(char c) noexcept {
  const std::uint8_t cls = bg_class(c);
  return (cls & bg_hex) != 0 ? static_cast<unsigned>(cls >> 4) : 0xFFu;
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
