// SPDX-License-Identifier: Apache-2.0
//
// tracewire/carriers/httplib.hpp: carrier adapters (carrier.hpp) over cpp-httplib's
// `httplib::Headers`. Optional: this header includes <httplib.h> and is never included by
// tracewire.hpp. Tested against the Debian 12 package libcpp-httplib-dev 0.11.4 (a compiled
// library: link `cpp-httplib` and compile with its pkg-config flags, which define
// CPPHTTPLIB_OPENSSL_SUPPORT and friends; a mismatch changes the library's class layouts).
//
// `httplib::Headers` is a std::multimap<std::string, std::string> ordered by a case-insensitive
// comparator: iteration is sorted by name, and fields of one name keep the order in which they
// were inserted (for a server: wire order, so two tracestate fields combine in order, W3C Trace
// Context 3.3.1.1). Reading hands out views of the map's strings: nothing is copied.
//
//   // server: read
//   svr.Get("/", [](const httplib::Request& req, httplib::Response& res) {
//     tracewire::context ctx;
//     tracewire::composite<tracewire::w3c_trace_context, tracewire::w3c_baggage>{}.extract(
//         tracewire::httplib_carrier(req), ctx);
//   });
//   // client: write
//   httplib::Headers h;
//   auto carrier = tracewire::httplib_carrier(h);
//   tracewire::composite<tracewire::w3c_trace_context, tracewire::w3c_baggage>{}.inject(ctx,
//                                                                                      carrier);
//   cli.Get("/", h);
//
// PERCENT-DECODING (cpp-httplib issue 576, until 0.44.0): the server side of cpp-httplib
// percent-decodes every received header value (except Location) before storing it. A baggage field
// sent as `k=a%2Cb` therefore arrives as `k=a,b`, which W3C Baggage reads as the member `k=a`
// followed by the invalid member `b` (skipped): the value is cut and cannot be restored, because a
// decoded `,` looks exactly like a separator. `%20`, `%3B`, `%3D` and non-ASCII UTF-8 (`%C3%A9`)
// break the same way; `+` is left alone. traceparent is unaffected (its grammar has no `%`); a
// tracestate value holding `%` is rare but would be decoded too. What to do:
//   - use cpp-httplib 0.44.0 or later, which stores header values as received (its release notes:
//     "Stop percent-decoding HTTP request header values"), or
//   - keep baggage values that cross a cpp-httplib <= 0.43 server to characters that need no
//     percent-encoding (W3C Baggage: 0x21, 0x23-0x2B, 0x2D-0x3A, 0x3C-0x5B, 0x5D-0x7E), or
//   - terminate such traffic in front of the server (a proxy that forwards the raw bytes).
// This adapter cannot undo the decoding: it sees only what httplib stored.
// The client side sends values exactly as set (the test in tests/carriers checks the bytes).
#ifndef TRACEWIRE_CARRIERS_HTTPLIB_HPP
#define TRACEWIRE_CARRIERS_HTTPLIB_HPP

#include <httplib.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "tracewire/carrier.hpp"
#include "tracewire/carriers/http.hpp"
#include "tracewire/config.hpp"
#include "tracewire/error.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// Read-only adapter over `const httplib::Headers` (a server's `Request::headers`, a client's
/// `Response::headers`). Holds a pointer: keep the headers alive while it is used.
class httplib_headers_reader {
 public:
  static constexpr key_rule keys = key_rule::ascii_case_insensitive;
  using iterator = httplib::Headers::const_iterator;

  explicit httplib_headers_reader(const httplib::Headers& h) noexcept : h_(&h) {}

  iterator begin() const noexcept { return h_->cbegin(); }
  iterator end() const noexcept { return h_->cend(); }
  static std::string_view key(iterator it) noexcept { return std::string_view(it->first); }
  static std::string_view value(iterator it) noexcept { return std::string_view(it->second); }

 private:
  const httplib::Headers* h_;
};

/// Read-write adapter over `httplib::Headers` (what a client passes to Get/Post, or a
/// Response::headers). set() replaces every field of that name (any case) by one field; values
/// are checked by http_policy (no CR, LF or NUL), keys must be lowercase tokens.
class httplib_headers_writer {
 public:
  static constexpr key_rule keys = key_rule::ascii_case_insensitive;
  using iterator = httplib::Headers::const_iterator;

  explicit httplib_headers_writer(httplib::Headers& h) noexcept : h_(&h) {}

  iterator begin() const noexcept { return h_->cbegin(); }
  iterator end() const noexcept { return h_->cend(); }
  static std::string_view key(iterator it) noexcept { return std::string_view(it->first); }
  static std::string_view value(iterator it) noexcept { return std::string_view(it->second); }

  /// Replaces every field named `key` by one field holding `value`.
  errc set(std::string_view key, std::string_view value) {
    if (const errc e = http_policy::check(key, value); e != errc::ok) return e;
    erase(key);
    h_->emplace(std::string(key), std::string(value));
    return errc::ok;
  }

  /// Appends one more field named `key` after those already present (a split list field).
  errc add(std::string_view key, std::string_view value) {
    if (const errc e = http_policy::check(key, value); e != errc::ok) return e;
    h_->emplace(std::string(key), std::string(value));
    return errc::ok;
  }

  /// Removes every field named `key` (any case); returns how many. The map's comparator is not
  /// transparent, so equal_range would need a std::string: a linear scan allocates nothing.
  std::size_t erase(std::string_view key) {
    std::size_t n = 0;
    for (auto it = h_->begin(); it != h_->end();) {
      if (detail::key_matches(keys, std::string_view(it->first), key)) {
        it = h_->erase(it);
        ++n;
      } else {
        ++it;
      }
    }
    return n;
  }

  httplib::Headers& headers() const noexcept { return *h_; }

 private:
  httplib::Headers* h_;
};

/// Reads a server's request headers (values as cpp-httplib stored them: see PERCENT-DECODING).
inline httplib_headers_reader httplib_carrier(const httplib::Request& req) noexcept {
  return httplib_headers_reader(req.headers);
}
/// Reads a client's response headers.
inline httplib_headers_reader httplib_carrier(const httplib::Response& res) noexcept {
  return httplib_headers_reader(res.headers);
}
/// Reads headers.
inline httplib_headers_reader httplib_carrier(const httplib::Headers& h) noexcept {
  return httplib_headers_reader(h);
}
/// Reads and writes headers (a client's request headers, a server's response headers).
inline httplib_headers_writer httplib_carrier(httplib::Headers& h) noexcept {
  return httplib_headers_writer(h);
}

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_CARRIERS_HTTPLIB_HPP
