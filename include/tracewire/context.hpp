// SPDX-License-Identifier: Apache-2.0
//
// tracewire/context.hpp: what a propagator extracts and injects, and what a sampler reads.
//
// `span_context` is the identity of one span as it crosses a process boundary: trace-id, span-id,
// trace-flags, the vendor tracestate, and whether it came from another process (`remote`). It is
// the OpenTelemetry API's SpanContext. `context` adds the baggage that travels next to it. Both are
// plain values with all storage inline (no allocation, trivially copyable when their parts are), so
// a request handler keeps them on its stack.
//
// A span_context is valid when both ids are non-zero (OpenTelemetry API "IsValid"); extract()
// leaves an invalid one (is_valid() false) when no usable parent arrived, which a sampler treats as
// "no parent".
#ifndef TRACEWIRE_CONTEXT_HPP
#define TRACEWIRE_CONTEXT_HPP

#include "tracewire/baggage.hpp"
#include "tracewire/config.hpp"
#include "tracewire/ids.hpp"
#include "tracewire/tracestate.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// The propagated identity of a span. `TraceState` is any basic_tracestate instantiation.
template <class TraceState>
struct basic_span_context {
  using tracestate_type = TraceState;

  ::tracewire::trace_id trace_id;  ///< all zero: no context
  ::tracewire::span_id span_id;    ///< all zero: no context
  trace_flags flags;               ///< as received (reserved bits are zeroed only when sent)
  TraceState tracestate;           ///< the vendor list, empty when none arrived
  bool remote = false;             ///< true when extracted from a carrier (another process)

  /// Both ids are non-zero (OpenTelemetry API, SpanContext "IsValid").
  constexpr bool is_valid() const noexcept { return trace_id.is_valid() && span_id.is_valid(); }
  constexpr bool sampled() const noexcept { return flags.sampled(); }

  friend constexpr bool operator==(const basic_span_context& a,
                                   const basic_span_context& b) noexcept {
    return a.trace_id == b.trace_id && a.span_id == b.span_id && a.flags == b.flags &&
           a.tracestate == b.tracestate && a.remote == b.remote;
  }
  friend constexpr bool operator!=(const basic_span_context& a,
                                   const basic_span_context& b) noexcept {
    return !(a == b);
  }
};

/// The span context with a W3C-sized tracestate (32 members, 512 characters).
using span_context = basic_span_context<tracestate>;

/// A span context and the baggage that travels with it: what a composite propagator extracts.
template <class SpanContext, class Baggage>
struct basic_context {
  using span_context_type = SpanContext;
  using baggage_type = Baggage;

  SpanContext span;
  Baggage baggage;
};

/// W3C sizes throughout: 32 tracestate members, 64 baggage members / 8192 bytes.
using context = basic_context<span_context, ::tracewire::baggage>;

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_CONTEXT_HPP
