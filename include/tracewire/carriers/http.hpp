// SPDX-License-Identifier: Apache-2.0
//
// tracewire/carriers/http.hpp: HTTP header fields in a standard container.
//
// Rules (RFC 9110): field names are ASCII case-insensitive (5.1), so `Traceparent` and
// `traceparent` are one field; a field may repeat, and a list-valued field (tracestate, baggage)
// split over several lines is one list in order (5.3). Propagators write lowercase names (what
// HTTP/2 and HTTP/3 require on the wire) and visible-ASCII values.
//
//   std::unordered_map<std::string, std::string> headers = ...;   // or map, multimap, vector...
//   auto carrier = tracewire::http_carrier(headers);
//   tracewire::w3c_trace_context{}.extract(carrier, ctx);
//
// Containers of string_view (zero-copy views into a parsed request) need a carrier_buffer for
// anything written: `tracewire::carrier_buffer<1024> buf; auto c = tracewire::http_carrier(v,
// buf);`
#ifndef TRACEWIRE_CARRIERS_HTTP_HPP
#define TRACEWIRE_CARRIERS_HTTP_HPP

#include <cstdint>
#include <string_view>

#include "tracewire/carrier.hpp"
#include "tracewire/config.hpp"
#include "tracewire/detail/container_carrier.hpp"
#include "tracewire/error.hpp"

#if TRACEWIRE_USE_SSE2
#  include <emmintrin.h>
#endif

TRACEWIRE_BEGIN_NAMESPACE

namespace detail {

/// The characters an HTTP field name written by tracewire may hold: RFC 9110 5.6.2 tchar,
/// lowercase only.
struct lower_tchar_table_t {
  bool ok[256];
};
constexpr lower_tchar_table_t make_lower_tchar_table() noexcept {
  lower_tchar_table_t t{};
  for (unsigned c = 0; c < 256; ++c) {
    t.ok[c] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '!' || c == '#' ||
              c == '$' || c == '%' || c == '&' || c == '\'' || c == '*' || c == '+' || c == '-' ||
              c == '.' || c == '^' || c == '_' || c == '`' || c == '|' || c == '~';
  }
  return t;
}
inline constexpr lower_tchar_table_t lower_tchar_table = make_lower_tchar_table();

constexpr bool is_lower_token(std::string_view key) noexcept {
  bool ok = !key.empty();
  for (const char c : key) ok &= lower_tchar_table.ok[static_cast<unsigned char>(c)];
  return ok;
}

/// True when `s` holds a byte that would end or split a header line: NUL, CR or LF.
constexpr bool has_line_break(std::string_view s) noexcept {
  const char* p = s.data();
  const std::size_t n = s.size();
  std::size_t i = 0;
#if TRACEWIRE_USE_SSE2
  if (!is_constant_evaluated()) {
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i nul = _mm_setzero_si128();
    const auto any = [&](std::size_t at) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
      const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, lf)),
                                       _mm_cmpeq_epi8(x, nul));
      return _mm_movemask_epi8(hit) != 0;
    };
    if (n >= 16) {
      for (; i + 16 <= n; i += 16)
        if (any(i)) return true;
      return i != n && any(n - 16);  // the last 16 bytes again cover the tail
    }
  }
#endif
  for (; i < n; ++i)
    if (p[i] == '\r' || p[i] == '\n' || p[i] == '\0') return true;
  return false;
}

}  // namespace detail

/// The HTTP transport's rules.
struct http_policy {
  static constexpr key_rule keys = key_rule::ascii_case_insensitive;
  /// Keys written are lowercase tokens; values hold no CR, LF or NUL (a value with a line break
  /// would let a caller inject a header of its own).
  static constexpr errc check(std::string_view key, std::string_view value) noexcept {
    if (!detail::is_lower_token(key)) return errc::carrier_key_invalid;
    return detail::has_line_break(value) ? errc::carrier_value_invalid : errc::ok;
  }
};

template <class Container, class Buffer = no_carrier_buffer>
using http_headers = container_carrier<Container, http_policy, Buffer>;

/// An HTTP carrier over `c` (which owns its strings).
template <class Container>
http_headers<Container> http_carrier(Container& c) noexcept {
  return http_headers<Container>(c);
}
/// An HTTP carrier over a container of views; written keys and values are kept in `buffer`.
template <class Container, std::size_t N>
http_headers<Container, carrier_buffer<N>> http_carrier(Container& c,
                                                        carrier_buffer<N>& buffer) noexcept {
  return http_headers<Container, carrier_buffer<N>>(c, buffer);
}

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_CARRIERS_HTTP_HPP
