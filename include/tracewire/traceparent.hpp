// SPDX-License-Identifier: Apache-2.0
//
// tracewire/traceparent.hpp: the W3C `traceparent` request header and the `traceresponse`
// response header (W3C Trace Context Level 2, sections 3.2 and 4), which share one grammar.
//
// Contract
// - parse_traceparent(s) accepts `version-trace_id-parent_id-flags` in lowercase hex, with spaces
//   and tabs around the value tolerated. Version 00 is exactly 55 characters. A higher version is
//   at least 55 characters and the flags are followed by the end or by `-` (the rest is not
//   interpreted: "MUST NOT parse or assume anything about unknown fields"). Version ff, all-zero
//   ids and anything else are rejected with the errc naming the rule. Flags keep all 8 bits as
//   received. When several rules are broken, the one reported is the first in this order: the
//   version (hex, then ff), the '-' after it, the length (too short, then version 00 too long), the
//   trace-id, '-', parent-id, '-', flags (each field's first bad character; uppercase_hex for
//   'A'-'F'), the suffix of a higher version, then all-zero trace-id, then all-zero parent-id.
// - format_traceparent writes version 00, lowercase, reserved flag bits zeroed: what the strictest
//   peer accepts. It refuses all-zero ids (it never emits a header a peer must ignore).
// - Constant time (the input is trimmed, then at most 56 characters are read), constexpr, noexcept,
//   no allocation. At run time on x86-64 the ids are validated and decoded with SSE2; inputs the
//   fast path rejects are re-parsed by the portable path, which names the error.
#ifndef TRACEWIRE_TRACEPARENT_HPP
#define TRACEWIRE_TRACEPARENT_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tracewire/config.hpp"
#include "tracewire/detail/bytes.hpp"
#include "tracewire/detail/hex.hpp"
#include "tracewire/error.hpp"
#include "tracewire/ids.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// A parsed `traceparent` header.
struct traceparent {
  std::uint8_t version = 0;        ///< as received; output is always version 00
  ::tracewire::trace_id trace_id;  ///< never all zero after a successful parse
  span_id parent_id;               ///< never all zero after a successful parse
  trace_flags flags;               ///< all 8 bits as received
};

/// A parsed `traceresponse` header (W3C Trace Context Level 2, section 4): the same grammar as
/// traceparent, naming the callee's span `child_id`. Errors use the traceparent errc values
/// (parent_id_* for the child-id field).
struct traceresponse {
  std::uint8_t version = 0;
  ::tracewire::trace_id trace_id;
  span_id child_id;
  trace_flags flags;
};

/// Characters in a version-00 traceparent / traceresponse. Every formatted header is this long.
inline constexpr std::size_t traceparent_size = 55;

namespace detail {

/// Removes spaces and tabs at both ends (RFC 9110 OWS around a field value).
constexpr std::string_view trim_ows(std::string_view s) noexcept {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && is_ows(s[b])) ++b;
  while (e > b && is_ows(s[e - 1])) --e;
  // Built by hand: string_view's own sub-view function may report an out-of-range error.
  return std::string_view(s.data() + b, e - b);
}

/// Decodes one HEXDIGLC pair; `bad` is the errc for a non-hex character (uppercase wins).
constexpr errc decode_hex_pair(const char* p, errc bad, std::uint8_t& out) noexcept {
  const std::uint8_t hi = hex_value(p[0]);
  const std::uint8_t lo = hex_value(p[1]);
  if (hi > 15) return classify_non_hex(p[0], bad);
  if (lo > 15) return classify_non_hex(p[1], bad);
  out = static_cast<std::uint8_t>((hi << 4) | lo);
  return errc::ok;
}

/// Checks 2*n characters of an id field, reporting the first offending character.
constexpr errc check_hex_field(const char* p, std::size_t chars, errc bad) noexcept {
  const std::size_t i = find_non_hex(p, chars);
  return i == chars ? errc::ok : classify_non_hex(p[i], bad);
}

/// The portable parser: every rule checked in order, the first broken one reported. Writes the
/// fields only on success.
constexpr errc parse_trace_header_portable(std::string_view in, std::uint8_t& version,
                                           ::tracewire::trace_id& trace, span_id& span,
                                           trace_flags& flags) noexcept {
  const std::string_view s = trim_ows(in);
  const std::size_t n = s.size();
  std::uint8_t ver = 0;
  if (n < 2) return n == 0 ? errc::traceparent_too_short : errc::version_not_hex;
  if (const errc e = decode_hex_pair(s.data(), errc::version_not_hex, ver); e != errc::ok) return e;
  if (ver == 0xFF) return errc::version_ff;
  if (n < 3 || s[2] != '-') return errc::missing_dash;
  if (n < traceparent_size) return errc::traceparent_too_short;
  if (ver == 0 && n > traceparent_size) return errc::traceparent_too_long;
  if (const errc e = check_hex_field(s.data() + 3, 32, errc::trace_id_not_hex); e != errc::ok) {
    return e;
  }
  if (s[35] != '-') return errc::missing_dash;
  if (const errc e = check_hex_field(s.data() + 36, 16, errc::parent_id_not_hex); e != errc::ok) {
    return e;
  }
  if (s[52] != '-') return errc::missing_dash;
  std::uint8_t bits = 0;
  if (const errc e = decode_hex_pair(s.data() + 53, errc::flags_not_hex, bits); e != errc::ok) {
    return e;
  }
  if (n > traceparent_size && s[55] != '-') return errc::future_version_bad_suffix;

  std::uint8_t bytes[16]{};
  decode_hex_portable(s.data() + 3, 16, bytes);
  const ::tracewire::trace_id t = ::tracewire::trace_id::from_bytes(bytes);
  decode_hex_portable(s.data() + 36, 8, bytes);
  const span_id sp = span_id::from_bytes(bytes);
  if (!t.is_valid()) return errc::trace_id_all_zero;
  if (!sp.is_valid()) return errc::parent_id_all_zero;
  version = ver;
  trace = t;
  span = sp;
  flags = trace_flags(bits);
  return errc::ok;
}

#if TRACEWIRE_USE_SSE2
/// Fast path for the common case: a version-00 header of exactly 55 characters (which leaves no
/// room for OWS). Returns false for anything it does not fully accept; the caller then asks the
/// portable parser, which names the error. Fields may be written even when it returns false.
inline bool parse_trace_header_sse2(const char* p, ::tracewire::trace_id& trace, span_id& span,
                                    trace_flags& flags) noexcept {
  __m128i valid = _mm_set1_epi8(-1);
  const __m128i t_lo = hex16_pairs_sse2(p + 3, valid);
  const __m128i t_hi = hex16_pairs_sse2(p + 19, valid);
  const __m128i s = hex16_pairs_sse2(p + 36, valid);
  std::uint8_t t[16];
  std::uint8_t sp[16];
  _mm_storeu_si128(reinterpret_cast<__m128i*>(t), _mm_packus_epi16(t_lo, t_hi));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(sp), _mm_packus_epi16(s, s));
  const std::uint8_t f_hi = hex_value(p[53]), f_lo = hex_value(p[54]);
  // Only version 00 may be exactly 55 characters, so the version must be "00" here. One OR of
  // differences: zero only when every separator and the version are right and the flags are hex.
  const unsigned bad = static_cast<unsigned>((p[0] ^ '0') | (p[1] ^ '0') | (p[2] ^ '-') |
                                             (p[35] ^ '-') | (p[52] ^ '-')) |
                       ((f_hi | f_lo) & 0xF0u);
  trace = ::tracewire::trace_id::from_bytes(t);
  span = span_id::from_bytes(sp);
  flags = trace_flags(static_cast<std::uint8_t>((f_hi << 4) | f_lo));
  return bad == 0 && all_valid_sse2(valid) && trace.is_valid() && span.is_valid();
}
#endif

/// Parses into the given fields; see the contract at the top of this file.
constexpr errc parse_trace_header(std::string_view s, std::uint8_t& version,
                                  ::tracewire::trace_id& trace, span_id& span,
                                  trace_flags& flags) noexcept {
#if TRACEWIRE_USE_SSE2
  if (!is_constant_evaluated() && s.size() == traceparent_size) {
    if (TRACEWIRE_LIKELY(parse_trace_header_sse2(s.data(), trace, span, flags))) {
      version = 0;
      return errc::ok;
    }
  }
#endif
  return parse_trace_header_portable(s, version, trace, span, flags);
}

constexpr errc check_writable(const ::tracewire::trace_id& t, const span_id& sp,
                              std::size_t size) noexcept {
  if (!t.is_valid()) return errc::trace_id_all_zero;
  if (!sp.is_valid()) return errc::span_id_all_zero;
  if (size < traceparent_size) return errc::buffer_too_small;
  return errc::ok;
}

/// Writes the 55 characters of a version-00 header. Preconditions checked by check_writable.
constexpr void write_trace_header(const ::tracewire::trace_id& t, const span_id& sp,
                                  trace_flags flags, char* out) noexcept {
  out[0] = '0';
  out[1] = '0';
  out[2] = '-';
  t.to_hex(out + 3);
  out[35] = '-';
  sp.to_hex(out + 36);
  out[52] = '-';
  const std::uint8_t bits = flags.known().value();  // reserved bits are zeroed on output
  out[53] = hex_digits[bits >> 4];
  out[54] = hex_digits[bits & 0x0F];
}

}  // namespace detail

/// Parses a `traceparent` field value. See the contract at the top of this file.
constexpr result<traceparent> parse_traceparent(std::string_view s) noexcept {
  result<traceparent> r{traceparent{}};  // filled in place: no copy of the value on return
  const errc e = detail::parse_trace_header(s, r->version, r->trace_id, r->parent_id, r->flags);
  if (e != errc::ok) r = result<traceparent>(e);
  return r;
}

namespace detail {
/// The portable parser alone (no SIMD fast path): what the fuzzers compare the fast path with.
constexpr result<traceparent> parse_traceparent_portable(std::string_view s) noexcept {
  traceparent tp;
  const errc e = parse_trace_header_portable(s, tp.version, tp.trace_id, tp.parent_id, tp.flags);
  if (e != errc::ok) return e;
  return tp;
}
}  // namespace detail

/// Parses a `traceresponse` field value (same grammar as traceparent).
constexpr result<traceresponse> parse_traceresponse(std::string_view s) noexcept {
  result<traceresponse> r{traceresponse{}};  // filled in place: no copy of the value on return
  const errc e = detail::parse_trace_header(s, r->version, r->trace_id, r->child_id, r->flags);
  if (e != errc::ok) r = result<traceresponse>(e);
  return r;
}

/// Size query: the characters format_traceparent writes (always traceparent_size).
constexpr std::size_t formatted_size(const traceparent&) noexcept { return traceparent_size; }
constexpr std::size_t formatted_size(const traceresponse&) noexcept { return traceparent_size; }

/// Writes `tp` as a version-00 header into out[0, size). Returns the characters written (55), or
/// buffer_too_small, trace_id_all_zero or span_id_all_zero; nothing is written on error.
constexpr result<std::size_t> format_traceparent(const traceparent& tp, char* out,
                                                 std::size_t size) noexcept {
  if (const errc e = detail::check_writable(tp.trace_id, tp.parent_id, size); e != errc::ok) {
    return e;
  }
  detail::write_trace_header(tp.trace_id, tp.parent_id, tp.flags, out);
  return traceparent_size;
}

/// Writes `tr` as a version-00 traceresponse header; same contract as format_traceparent.
constexpr result<std::size_t> format_traceresponse(const traceresponse& tr, char* out,
                                                   std::size_t size) noexcept {
  if (const errc e = detail::check_writable(tr.trace_id, tr.child_id, size); e != errc::ok) {
    return e;
  }
  detail::write_trace_header(tr.trace_id, tr.child_id, tr.flags, out);
  return traceparent_size;
}

/// A formatted header returned by value (fixed size, no allocation).
struct trace_header_string {
  char data[traceparent_size]{};
  constexpr std::string_view view() const noexcept {
    return std::string_view(data, traceparent_size);
  }
  constexpr std::size_t size() const noexcept { return traceparent_size; }
};

/// Formats `tp` by value; same errors as the buffer form except buffer_too_small.
constexpr result<trace_header_string> format_traceparent(const traceparent& tp) noexcept {
  trace_header_string out;
  const result<std::size_t> r = format_traceparent(tp, out.data, traceparent_size);
  if (!r) return r.error();
  return out;
}

/// Formats `tr` by value; same errors as the buffer form except buffer_too_small.
constexpr result<trace_header_string> format_traceresponse(const traceresponse& tr) noexcept {
  trace_header_string out;
  const result<std::size_t> r = format_traceresponse(tr, out.data, traceparent_size);
  if (!r) return r.error();
  return out;
}

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_TRACEPARENT_HPP
