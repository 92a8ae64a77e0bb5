// SPDX-License-Identifier: Apache-2.0
//
// tracewire/propagation/composite.hpp: several propagators as one.
//
// `composite<P...>` is composed at compile time (no virtual call, no allocation): extract runs each
// propagator in order on the same context, and since a propagator writes the context only when it
// finds something usable, a later propagator overrides an earlier one only with a valid context
// (as OpenTelemetry's composite TextMapPropagator does); inject runs each in order.
//
// `propagator_list` is the runtime form for SDKs configured at start-up from OTEL_PROPAGATORS
// (OpenTelemetry SDK environment variables): a comma-separated list of tracecontext, baggage, b3,
// b3multi, jaeger (and `none`), dispatched with a switch over at most 8 entries.
#ifndef TRACEWIRE_PROPAGATION_COMPOSITE_HPP
#define TRACEWIRE_PROPAGATION_COMPOSITE_HPP

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <type_traits>

#include "tracewire/config.hpp"
#include "tracewire/context.hpp"
#include "tracewire/error.hpp"
#include "tracewire/propagation/b3.hpp"
#include "tracewire/propagation/baggage.hpp"
#include "tracewire/propagation/jaeger.hpp"
#include "tracewire/propagation/propagator.hpp"
#include "tracewire/propagation/w3c.hpp"

TRACEWIRE_BEGIN_NAMESPACE

namespace detail {
inline constexpr std::string_view w3c_and_baggage_fields[] = {"traceparent", "tracestate",
                                                              "baggage"};

/// Folds the statuses of several extracts: ok if any propagator found its fields, else the first
/// real error, else field_missing; detail is the first detail reported.
constexpr void merge_status(propagation_status& into, const propagation_status& s,
                            bool& any_ok) noexcept {
  if (s.error == errc::ok) {
    any_ok = true;
  } else if (s.error != errc::field_missing &&
             (into.error == errc::field_missing || into.error == errc::ok)) {
    into.error = s.error;
  }
  if (into.detail == errc::ok) into.detail = s.detail;
}
}  // namespace detail

/// Every propagator in P, in order.
template <class... P>
struct composite : private P... {
  static_assert(sizeof...(P) >= 1, "a composite propagator needs at least one propagator");

  constexpr composite() noexcept = default;
  constexpr explicit composite(const P&... p) noexcept : P(p)... {}

  /// Calls f(name) for each field of each propagator, in order (duplicates included).
  template <class F>
  static constexpr void for_each_field(F&& f) {
    (for_each_of<P>(f), ...);
  }

  template <class Carrier, class SC, class BG>
  constexpr propagation_status extract(const Carrier& carrier,
                                       basic_context<SC, BG>& out) const noexcept {
    propagation_status status{errc::field_missing, errc::ok};
    bool any_ok = false;
    if constexpr (std::is_same_v<composite, composite<w3c_trace_context, w3c_baggage>>) {
      // The OpenTelemetry default pair: one pass over the carrier for all three fields.
      const field_hits<Carrier, 3> hits = scan_fields(carrier, detail::w3c_and_baggage_fields);
      detail::merge_status(status, w3c_trace_context{}.extract_hits(carrier, hits, 0, out.span),
                           any_ok);
      detail::merge_status(status, w3c_baggage{}.extract_hits(carrier, hits, 2, out.baggage),
                           any_ok);
    } else {
      ((detail::merge_status(status, static_cast<const P&>(*this).extract(carrier, out), any_ok)),
       ...);
    }
    if (any_ok) status.error = errc::ok;
    return status;
  }

  /// The first error any propagator reported (each still runs).
  template <class SC, class BG, class Carrier>
  errc inject(const basic_context<SC, BG>& in, Carrier& carrier) const {
    errc first = errc::ok;
    ((note(first, static_cast<const P&>(*this).inject(in, carrier))), ...);
    return first;
  }

 private:
  template <class Q, class F>
  static constexpr void for_each_of(F& f) {
    for (const std::string_view name : Q::fields()) f(name);
  }
  static constexpr void note(errc& first, errc e) noexcept {
    if (first == errc::ok) first = e;
  }
};

/// The propagators propagator_list can name.
enum class propagator_id : std::uint8_t {
  tracecontext,
  baggage_header,
  b3,
  b3multi,
  jaeger_header
};

/// The OTEL_PROPAGATORS name of a propagator.
constexpr std::string_view to_string(propagator_id id) noexcept {
  switch (id) {
    case propagator_id::tracecontext:
      return w3c_trace_context::name;
    case propagator_id::baggage_header:
      return w3c_baggage::name;
    case propagator_id::b3:
      return b3_single::name;
    case propagator_id::b3multi:
      return b3_multi::name;
    case propagator_id::jaeger_header:
      return jaeger::name;
  }
  return "unknown";
}

/// A runtime list of propagators (OTEL_PROPAGATORS). Default: tracecontext,baggage.
class propagator_list {
 public:
  static constexpr std::size_t capacity = 8;

  /// tracecontext, baggage (the OpenTelemetry SDK default).
  constexpr propagator_list() noexcept
      : ids_{propagator_id::tracecontext, propagator_id::baggage_header}, size_(2) {}

  /// Parses a comma-separated list of names (spaces and tabs around names ignored, a repeated name
  /// counted once, `none` alone means no propagator). Unknown names are errors
  /// (propagator_unknown_name), as are more than `capacity` distinct names.
  static constexpr result<propagator_list> parse(std::string_view names) noexcept {
    propagator_list list;
    list.size_ = 0;
    std::size_t start = 0;
    bool saw_none = false;
    for (std::size_t i = 0; i <= names.size(); ++i) {
      if (i != names.size() && names[i] != ',') continue;
      std::string_view name = detail::slice(names, start, i - start);
      start = i + 1;
      while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
      while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
      if (name.empty()) continue;
      if (name == "none") {
        saw_none = true;
        continue;
      }
      propagator_id id{};
      if (!lookup(name, id)) return errc::propagator_unknown_name;
      if (list.contains(id)) continue;
      if (list.size_ == capacity) return errc::too_many_propagators;
      list.ids_[list.size_++] = id;
    }
    if (saw_none && list.size_ != 0) return errc::propagator_unknown_name;
    return list;
  }

  /// From the environment variable OTEL_PROPAGATORS; unset or empty gives the default list.
  static result<propagator_list> from_env(const char* variable = "OTEL_PROPAGATORS") noexcept {
    const char* v = std::getenv(variable);
    if (v == nullptr || *v == '\0') return propagator_list();
    return parse(v);
  }

  constexpr std::size_t size() const noexcept { return size_; }
  constexpr bool empty() const noexcept { return size_ == 0; }
  constexpr propagator_id operator[](std::size_t i) const noexcept { return ids_[i]; }
  constexpr const propagator_id* begin() const noexcept { return ids_; }
  constexpr const propagator_id* end() const noexcept { return ids_ + size_; }
  constexpr bool contains(propagator_id id) const noexcept {
    for (std::size_t i = 0; i < size_; ++i)
      if (ids_[i] == id) return true;
    return false;
  }

  template <class Carrier, class SC, class BG>
  propagation_status extract(const Carrier& carrier, basic_context<SC, BG>& out) const noexcept {
    propagation_status status{errc::field_missing, errc::ok};
    bool any_ok = false;
    for (std::size_t i = 0; i < size_; ++i) {
      propagation_status s;
      switch (ids_[i]) {
        case propagator_id::tracecontext:
          s = w3c_trace_context{}.extract(carrier, out);
          break;
        case propagator_id::baggage_header:
          s = w3c_baggage{}.extract(carrier, out);
          break;
        case propagator_id::b3:
          s = b3_single{}.extract(carrier, out);
          break;
        case propagator_id::b3multi:
          s = b3_multi{}.extract(carrier, out);
          break;
        case propagator_id::jaeger_header:
          s = jaeger{}.extract(carrier, out);
          break;
      }
      detail::merge_status(status, s, any_ok);
    }
    if (any_ok) status.error = errc::ok;
    return status;
  }

  template <class SC, class BG, class Carrier>
  errc inject(const basic_context<SC, BG>& in, Carrier& carrier) const {
    errc first = errc::ok;
    for (std::size_t i = 0; i < size_; ++i) {
      errc e = errc::ok;
      switch (ids_[i]) {
        case propagator_id::tracecontext:
          e = w3c_trace_context{}.inject(in, carrier);
          break;
        case propagator_id::baggage_header:
          e = w3c_baggage{}.inject(in, carrier);
          break;
        case propagator_id::b3:
          e = b3_single{}.inject(in, carrier);
          break;
        case propagator_id::b3multi:
          e = b3_multi{}.inject(in, carrier);
          break;
        case propagator_id::jaeger_header:
          e = jaeger{}.inject(in, carrier);
          break;
      }
      if (first == errc::ok) first = e;
    }
    return first;
  }

 private:
  static constexpr bool lookup(std::string_view name, propagator_id& id) noexcept {
    constexpr propagator_id all[] = {propagator_id::tracecontext, propagator_id::baggage_header,
                                     propagator_id::b3, propagator_id::b3multi,
                                     propagator_id::jaeger_header};
    for (const propagator_id candidate : all) {
      if (to_string(candidate) == name) {
        id = candidate;
        return true;
      }
    }
    return false;
  }

  propagator_id ids_[capacity] = {};
  std::size_t size_ = 0;
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_PROPAGATION_COMPOSITE_HPP
