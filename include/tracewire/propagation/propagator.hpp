// SPDX-License-Identifier: Apache-2.0
//
// tracewire/propagation/propagator.hpp: what every propagator has in common.
//
// A propagator is a plain value type (no virtual functions) with
//
//   static constexpr field_list fields();            // the carrier fields it reads and writes
//   propagation_status extract(const Carrier&, context&) const;   // also span_context / baggage
//   errc inject(const context&, Carrier&) const;                  // overloads where they apply
//
// over any carrier adapter (carrier.hpp). Extract never allocates (it reads views of the carrier
// and parses into the context's inline storage); inject formats into a stack buffer and hands the
// bytes to the carrier's set(), so any allocation is the carrier container's own.
//
// Extract writes the context only when it finds a usable one, and otherwise leaves it exactly as it
// was (as OpenTelemetry's TextMapPropagator returns the context it was given): pass a fresh context
// to learn whether a parent arrived (`ctx.span.is_valid()`), and a composite lets a later
// propagator override an earlier one only with something valid.
// `propagation_status::error` is errc::ok when the propagator's fields were present and usable,
// errc::field_missing when none of them is present, or the rule a field broke (W3C Trace Context
// 3.2: the trace restarts). `detail` names a problem that did not discard the context: a
// tracestate or baggage member dropped, skipped or truncated.
#ifndef TRACEWIRE_PROPAGATION_PROPAGATOR_HPP
#define TRACEWIRE_PROPAGATION_PROPAGATOR_HPP

#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include "tracewire/config.hpp"
#include "tracewire/context.hpp"
#include "tracewire/error.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// Outcome of an extract (see the contract at the top of this file).
struct propagation_status {
  errc error = errc::ok;   ///< the rule that discarded what this propagator extracts, or ok
  errc detail = errc::ok;  ///< a problem that kept the context (members dropped or skipped)
  constexpr explicit operator bool() const noexcept { return error == errc::ok; }
};

/// The fields a propagator uses (lowercase names), for CORS allow-lists and proxies.
struct field_list {
  const std::string_view* first = nullptr;
  std::size_t count = 0;
  constexpr const std::string_view* begin() const noexcept { return first; }
  constexpr const std::string_view* end() const noexcept { return first + count; }
  constexpr std::size_t size() const noexcept { return count; }
  constexpr std::string_view operator[](std::size_t i) const noexcept { return first[i]; }
};

/// The extract and inject overloads every span-context propagator has: on a span_context, and on a
/// context (its span part). Derived implements extract_span(carrier, span_context&) and
/// inject_span(span_context, carrier).
template <class Derived>
struct span_propagator {
  template <class Carrier, class TS>
  constexpr propagation_status extract(const Carrier& carrier,
                                       basic_span_context<TS>& out) const noexcept {
    return static_cast<const Derived&>(*this).extract_span(carrier, out);
  }
  template <class Carrier, class SC, class BG>
  constexpr propagation_status extract(const Carrier& carrier,
                                       basic_context<SC, BG>& out) const noexcept {
    return static_cast<const Derived&>(*this).extract_span(carrier, out.span);
  }
  template <class TS, class Carrier>
  constexpr errc inject(const basic_span_context<TS>& in, Carrier& carrier) const {
    return static_cast<const Derived&>(*this).inject_span(in, carrier);
  }
  template <class SC, class BG, class Carrier>
  constexpr errc inject(const basic_context<SC, BG>& in, Carrier& carrier) const {
    return static_cast<const Derived&>(*this).inject_span(in.span, carrier);
  }
};

namespace detail {

template <class Carrier, class = void>
struct carrier_has_erase : std::false_type {};
template <class Carrier>
struct carrier_has_erase<Carrier, std::void_t<decltype(std::declval<Carrier&>().erase(
                                      std::declval<std::string_view>()))>> : std::true_type {};

/// Removes a field the context no longer has (an empty tracestate or baggage), so that a carrier
/// reused from an inbound request does not forward a stale value. Carriers without erase() skip it.
template <class Carrier>
constexpr void erase_field(Carrier& c, std::string_view key) {
  if constexpr (carrier_has_erase<Carrier>::value) static_cast<void>(c.erase(key));
}

template <class Carrier, class = void>
struct carrier_has_set_trusted : std::false_type {};
template <class Carrier>
struct carrier_has_set_trusted<
    Carrier, std::void_t<decltype(std::declval<Carrier&>().set_trusted(
                 std::declval<std::string_view>(), std::declval<std::string_view>()))>>
    : std::true_type {};

/// Writes a field whose name is one of the propagator's own constants and whose value the
/// propagator built itself (lowercase hex, a validated tracestate, percent-encoded baggage, or the
/// raw bytes of a `-bin` key): valid for every transport, so a carrier that offers set_trusted()
/// skips its checks. Any other carrier gets set().
template <class Carrier>
constexpr errc set_trusted(Carrier& c, std::string_view key, std::string_view value) {
  if constexpr (carrier_has_set_trusted<Carrier>::value) {
    return c.set_trusted(key, value);
  } else {
    return c.set(key, value);
  }
}

/// Why a context cannot be injected (it is not valid).
template <class TS>
constexpr errc invalid_reason(const basic_span_context<TS>& sc) noexcept {
  return !sc.trace_id.is_valid() ? errc::trace_id_all_zero : errc::span_id_all_zero;
}

}  // namespace detail

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_PROPAGATION_PROPAGATOR_HPP
