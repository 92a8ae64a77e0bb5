// SPDX-License-Identifier: Apache-2.0
//
// tracewire/carriers/beast.hpp: a carrier adapter (carrier.hpp) over Boost.Beast's
// `boost::beast::http::basic_fields` (the header of every `http::request` / `http::response`).
// Optional: this header includes Boost.Beast (header-only) and is never included by tracewire.hpp.
// Tested against the Debian 12 package libboost-dev 1.74.
//
// `http::fields` keeps every field (repeated and split fields included) in the order received,
// except that a repeated name is stored right after the last field of that name (fields::insert,
// which the parser uses too): two tracestate fields stay in their relative order, which is all
// W3C Trace Context 3.3.1.1 and RFC 9110 5.3 need. Names compare ASCII case-insensitively
// (RFC 9110 5.1); values are stored exactly as received (no percent-decoding): baggage `k=a%2Cb`
// arrives as sent. Reading hands out views of the fields'
// own storage; nothing is copied. Works with either Beast string_view (boost::string_view, the
// default, or std::string_view under BOOST_BEAST_USE_STD_STRING_VIEW).
//
//   // server: read
//   http::request<http::string_body> req;  http::read(socket, buffer, req);
//   tracewire::context ctx;
//   tracewire::composite<tracewire::w3c_trace_context, tracewire::w3c_baggage>{}.extract(
//       tracewire::beast_carrier(req.base()), ctx);
//   // client: write
//   http::request<http::empty_body> out{http::verb::get, "/", 11};
//   auto carrier = tracewire::beast_carrier(out.base());
//   tracewire::composite<tracewire::w3c_trace_context, tracewire::w3c_baggage>{}.inject(ctx,
//                                                                                      carrier);
#ifndef TRACEWIRE_CARRIERS_BEAST_HPP
#define TRACEWIRE_CARRIERS_BEAST_HPP

#include <boost/beast/http/fields.hpp>

#include <cstddef>
#include <string_view>
#include <type_traits>

#include "tracewire/carrier.hpp"
#include "tracewire/carriers/http.hpp"
#include "tracewire/config.hpp"
#include "tracewire/error.hpp"

TRACEWIRE_BEGIN_NAMESPACE

namespace detail {
template <class BeastView>
std::string_view from_beast(const BeastView& v) noexcept {
  return std::string_view(v.data(), v.size());
}
inline boost::beast::string_view to_beast(std::string_view v) noexcept {
  return boost::beast::string_view(v.data(), v.size());
}
}  // namespace detail

/// Adapter over `Fields` (an `http::basic_fields<Allocator>`, const or not). With a const Fields
/// it only reads; otherwise set(), add() and erase() write. Holds a pointer: keep the fields alive.
template <class Fields>
class basic_beast_fields_carrier {
  using fields_type = std::remove_const_t<Fields>;

 public:
  static constexpr key_rule keys = key_rule::ascii_case_insensitive;
  using iterator = typename fields_type::const_iterator;

  explicit basic_beast_fields_carrier(Fields& f) noexcept : f_(&f) {}

  iterator begin() const noexcept { return f_->begin(); }
  iterator end() const noexcept { return f_->end(); }
  static std::string_view key(iterator it) noexcept {
    return detail::from_beast(it->name_string());
  }
  static std::string_view value(iterator it) noexcept { return detail::from_beast(it->value()); }

  /// Replaces every field named `key` (any case) by one field holding `value` (http_policy:
  /// lowercase token keys, no CR, LF or NUL in values).
  template <class F = Fields, std::enable_if_t<!std::is_const_v<F>, int> = 0>
  errc set(std::string_view key, std::string_view value) {
    if (const errc e = http_policy::check(key, value); e != errc::ok) return e;
    f_->set(detail::to_beast(key), detail::to_beast(value));
    return errc::ok;
  }

  /// Appends one more field named `key` after those already present (a split list field).
  template <class F = Fields, std::enable_if_t<!std::is_const_v<F>, int> = 0>
  errc add(std::string_view key, std::string_view value) {
    if (const errc e = http_policy::check(key, value); e != errc::ok) return e;
    f_->insert(detail::to_beast(key), detail::to_beast(value));
    return errc::ok;
  }

  /// Removes every field named `key` (any case); returns how many.
  template <class F = Fields, std::enable_if_t<!std::is_const_v<F>, int> = 0>
  std::size_t erase(std::string_view key) {
    return f_->erase(detail::to_beast(key));
  }

  Fields& fields() const noexcept { return *f_; }

 private:
  Fields* f_;
};

/// Reads and writes `f` (a request's or response's `.base()`, which is a basic_fields).
template <class Allocator>
basic_beast_fields_carrier<boost::beast::http::basic_fields<Allocator>> beast_carrier(
    boost::beast::http::basic_fields<Allocator>& f) noexcept {
  return basic_beast_fields_carrier<boost::beast::http::basic_fields<Allocator>>(f);
}
/// Reads `f`.
template <class Allocator>
basic_beast_fields_carrier<const boost::beast::http::basic_fields<Allocator>> beast_carrier(
    const boost::beast::http::basic_fields<Allocator>& f) noexcept {
  return basic_beast_fields_carrier<const boost::beast::http::basic_fields<Allocator>>(f);
}

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_CARRIERS_BEAST_HPP
