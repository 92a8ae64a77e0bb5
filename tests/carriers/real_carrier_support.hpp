// SPDX-License-Identifier: Apache-2.0
//
// tests/carriers/real_carrier_support.hpp: the context every real-transport loopback test sends,
// and what must arrive. One place, so the four tests check the same things.
#ifndef TRACEWIRE_TESTS_REAL_CARRIER_SUPPORT_HPP
#define TRACEWIRE_TESTS_REAL_CARRIER_SUPPORT_HPP

#include <gtest/gtest.h>

#include <string_view>

#include "tracewire/context.hpp"
#include "tracewire/ids.hpp"
#include "tracewire/propagation/baggage.hpp"
#include "tracewire/propagation/composite.hpp"
#include "tracewire/propagation/w3c.hpp"

namespace tracewire_test {

// W3C Trace Context's own example ids (section 3.2.2.3 / 3.2.2.4), sampled.
inline constexpr std::string_view trace_id_hex = "4bf92f3577b34da6a3ce929d0e0e4736";
inline constexpr std::string_view span_id_hex = "00f067aa0ba902b7";
inline constexpr std::string_view traceparent_sent =
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
// The propagator writes the first tracestate field; the test adds a second one itself, so the
// receiver must combine two fields in order (W3C Trace Context 3.3.1.1).
inline constexpr std::string_view tracestate_first = "congo=t61rcWkgMzE";
inline constexpr std::string_view tracestate_second = "rojo=00f067aa0ba902b7";
inline constexpr std::string_view tracestate_combined = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";
// `k` holds a comma, which W3C Baggage percent-encodes: the field on the wire is exactly this.
inline constexpr std::string_view baggage_sent = "userId=alice,isProduction=false,k=a%2Cb";

using w3c_both = tracewire::composite<tracewire::w3c_trace_context, tracewire::w3c_baggage>;

/// The outbound context: the W3C example ids, sampled, one tracestate member, three baggage
/// members.
inline tracewire::context outbound_context() {
  tracewire::context ctx;
  ctx.span.trace_id = *tracewire::trace_id::from_hex(trace_id_hex);
  ctx.span.span_id = *tracewire::span_id::from_hex(span_id_hex);
  ctx.span.flags = tracewire::trace_flags(tracewire::trace_flags::sampled_bit);
  EXPECT_TRUE(ctx.span.tracestate.put("congo", "t61rcWkgMzE"));
  EXPECT_EQ(ctx.baggage.set("userId", "alice"), tracewire::errc::ok);
  EXPECT_EQ(ctx.baggage.set("isProduction", "false"), tracewire::errc::ok);
  EXPECT_EQ(ctx.baggage.set("k", "a,b"), tracewire::errc::ok);
  return ctx;
}

/// The span part of what a receiver must extract: ids, flags, remote, both tracestate fields.
inline void expect_span_arrived(const tracewire::span_context& sc) {
  EXPECT_TRUE(sc.is_valid());
  EXPECT_EQ(sc.trace_id, *tracewire::trace_id::from_hex(trace_id_hex));
  EXPECT_EQ(sc.span_id, *tracewire::span_id::from_hex(span_id_hex));
  EXPECT_TRUE(sc.sampled());
  EXPECT_TRUE(sc.remote);
  EXPECT_EQ(sc.tracestate.view(), tracestate_combined);
}

}  // namespace tracewire_test

#endif  // TRACEWIRE_TESTS_REAL_CARRIER_SUPPORT_HPP
