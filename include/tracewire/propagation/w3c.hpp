// SPDX-License-Identifier: Apache-2.0
//
// tracewire/propagation/w3c.hpp: the W3C Trace Context propagator (traceparent + tracestate) and
// the Level 2 traceresponse.
//
// Extract (W3C Trace Context 3.2, 3.3):
// - exactly one traceparent field, and it parses: else nothing is taken from the carrier (restart
//   the trace) and the status names errc::field_missing, errc::field_repeated or the parse error;
// - tracestate only when traceparent is valid (then it replaces the context's tracestate, empty
//   when no tracestate field arrived); every tracestate field is combined in order (3.3.1.1
//   "multiple tracestate headers"); a tracestate that breaks a rule is discarded without
//   discarding the traceparent (status.detail names the rule), and one that is too long is
//   truncated by whole members (3.3.1.5, status.detail = tracestate_too_many_members);
// - the context is marked remote; all eight flag bits are kept as received.
// Inject: traceparent version 00 with lowercase hex and unknown flag bits zeroed, then the
// tracestate when it is not empty (an empty one removes a stale tracestate field). An invalid
// context writes nothing and returns trace_id_all_zero / span_id_all_zero.
#ifndef TRACEWIRE_PROPAGATION_W3C_HPP
#define TRACEWIRE_PROPAGATION_W3C_HPP

#include <string_view>

#include "tracewire/carrier.hpp"
#include "tracewire/config.hpp"
#include "tracewire/context.hpp"
#include "tracewire/error.hpp"
#include "tracewire/propagation/propagator.hpp"
#include "tracewire/traceparent.hpp"

TRACEWIRE_BEGIN_NAMESPACE

namespace detail {
inline constexpr std::string_view w3c_fields[] = {"traceparent", "tracestate"};
inline constexpr std::string_view traceresponse_fields[] = {"traceresponse"};
}  // namespace detail

/// W3C Trace Context: `traceparent` and `tracestate`.
struct w3c_trace_context : span_propagator<w3c_trace_context> {
  static constexpr std::string_view name = "tracecontext";
  static constexpr std::string_view traceparent_field = "traceparent";
  static constexpr std::string_view tracestate_field = "tracestate";
  static constexpr field_list fields() noexcept { return {detail::w3c_fields, 2}; }

  template <class Carrier, class TS>
  constexpr propagation_status extract_span(const Carrier& carrier,
                                            basic_span_context<TS>& out) const noexcept {
    // One pass finds both fields (W3C 3.2: exactly one traceparent; 3.3.1.1: tracestate may be
    // split over several fields, combined in order).
    return extract_hits(carrier, scan_fields(carrier, detail::w3c_fields), 0, out);
  }

  /// Extract from a scan that looked for traceparent at names[at] and tracestate at names[at + 1]
  /// (a composite scans once for all its propagators).
  template <class Carrier, std::size_t K, class TS>
  constexpr propagation_status extract_hits(const Carrier& carrier,
                                            const field_hits<Carrier, K>& hits, std::size_t at,
                                            basic_span_context<TS>& out) const noexcept {
    if (hits.count[at] == 0) return {errc::field_missing, errc::ok};
    if (hits.count[at] > 1) return {errc::field_repeated, errc::ok};
    const result<traceparent> parsed = parse_traceparent(Carrier::value(hits.first[at]));
    if (!parsed) return {parsed.error(), errc::ok};
    out.trace_id = parsed->trace_id;
    out.span_id = parsed->parent_id;
    out.flags = parsed->flags;
    out.remote = true;
    tracestate_status st;
    if (hits.count[at + 1] == 0) {
      out.tracestate.clear();
    } else if (hits.count[at + 1] == 1) {
      st = out.tracestate.assign(Carrier::value(hits.first[at + 1]));
    } else {
      const field_range<Carrier> ts = hits.values(carrier, at + 1, tracestate_field);
      st = out.tracestate.assign(ts.begin(), ts.end());
    }
    propagation_status status;
    if (!st) {
      status.detail = st.error;
    } else if (st.dropped != 0) {
      status.detail = errc::tracestate_too_many_members;
    }
    return status;
  }

  template <class TS, class Carrier>
  constexpr errc inject_span(const basic_span_context<TS>& in, Carrier& carrier) const {
    if (!in.is_valid()) return detail::invalid_reason(in);
    traceparent tp;
    tp.trace_id = in.trace_id;
    tp.parent_id = in.span_id;
    tp.flags = in.flags;
    char buf[traceparent_size] = {};
    const result<std::size_t> n = format_traceparent(tp, buf, sizeof buf);
    if (!n) return n.error();
    if (const errc e = detail::set_trusted(carrier, traceparent_field, std::string_view(buf, *n));
        e != errc::ok)
      return e;
    if (in.tracestate.empty()) {
      detail::erase_field(carrier, tracestate_field);
      return errc::ok;
    }
    return detail::set_trusted(carrier, tracestate_field, in.tracestate.view());
  }
};

/// W3C Trace Context Level 2 `traceresponse` (section 4): the callee's trace-id, its own span-id
/// (child-id) and flags, sent back in a response. Extract fills trace_id, span_id = child-id and
/// flags (remote); tracestate is not part of it.
struct w3c_trace_response : span_propagator<w3c_trace_response> {
  static constexpr std::string_view name = "traceresponse";
  static constexpr std::string_view field = "traceresponse";
  static constexpr field_list fields() noexcept { return {detail::traceresponse_fields, 1}; }

  template <class Carrier, class TS>
  constexpr propagation_status extract_span(const Carrier& carrier,
                                            basic_span_context<TS>& out) const noexcept {
    const single_field f = find_single(carrier, field);
    if (f.error != errc::ok) return {f.error, errc::ok};
    const result<traceresponse> parsed = parse_traceresponse(f.value);
    if (!parsed) return {parsed.error(), errc::ok};
    out.trace_id = parsed->trace_id;
    out.span_id = parsed->child_id;
    out.flags = parsed->flags;
    out.tracestate.clear();
    out.remote = true;
    return {};
  }

  template <class TS, class Carrier>
  constexpr errc inject_span(const basic_span_context<TS>& in, Carrier& carrier) const {
    if (!in.is_valid()) return detail::invalid_reason(in);
    traceresponse tr;
    tr.trace_id = in.trace_id;
    tr.child_id = in.span_id;
    tr.flags = in.flags;
    char buf[traceparent_size] = {};
    const result<std::size_t> n = format_traceresponse(tr, buf, sizeof buf);
    if (!n) return n.error();
    return detail::set_trusted(carrier, field, std::string_view(buf, *n));
  }
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_PROPAGATION_W3C_HPP
