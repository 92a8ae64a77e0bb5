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

#include <string_view>

#include "tracewire/carrier.hpp"
#include "tracewire/config.hpp"
#include "tracewire/detail/container_carrier.hpp"
#include "tracewire/error.hpp"

TRACEWIRE_BEGIN_NAMESPACE

namespace detail {
/// RFC 9110 5.6.2 tchar.
constexpr bool is_tchar(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}
}  // namespace detail

/// The HTTP transport's rules.
struct http_policy {
  static constexpr key_rule keys = key_rule::ascii_case_insensitive;
  /// Keys written are lowercase tokens; values hold no CR, LF or NUL (a value with a line break
  /// would let a caller inject a header of its own).
  static constexpr errc check(std::string_view key, std::string_view value) noexcept {
    if (key.empty()) return errc::carrier_key_invalid;
    for (const char c : key)
      if (!detail::is_tchar(c) || (c >= 'A' && c <= 'Z')) return errc::carrier_key_invalid;
    for (const char c : value)
      if (c == '\r' || c == '\n' || c == '\0') return errc::carrier_value_invalid;
    return errc::ok;
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
