// SPDX-License-Identifier: Apache-2.0
//
// tests/propagation/propagation_cases.hpp: extract cases for every trace-context propagator, over a
// carrier of given fields, written once and checked at compile time (propagation_cases_ct.cpp) and
// at run time (test_propagation.cpp). Each case also checks the round trip: what inject writes
// for the extracted context extracts to the same context.
//
// The interop rows say which peer emits that form (shared/ANCHORS.md, "Known disagreements" and
// "Other formats").
#ifndef TRACEWIRE_TESTS_PROPAGATION_PROPAGATION_CASES_HPP
#define TRACEWIRE_TESTS_PROPAGATION_PROPAGATION_CASES_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "case_support.hpp"
#include "fields_carrier.hpp"
#include "tracewire/context.hpp"
#include "tracewire/propagation/b3.hpp"
#include "tracewire/propagation/grpc_trace_bin.hpp"
#include "tracewire/propagation/jaeger.hpp"
#include "tracewire/propagation/w3c.hpp"

namespace tracewire_test {

enum class prop : std::uint8_t { w3c, b3, b3multi, jaeger, grpc_bin, traceresponse };

constexpr const char* prop_name(prop p) noexcept {
  switch (p) {
    case prop::w3c:
      return "w3c_trace_context";
    case prop::b3:
      return "b3_single";
    case prop::b3multi:
      return "b3_multi";
    case prop::jaeger:
      return "jaeger";
    case prop::grpc_bin:
      return "grpc_trace_bin";
    case prop::traceresponse:
      return "w3c_trace_response";
  }
  return "?";
}

struct extract_case {
  prop propagator;
  field fields[4];
  std::size_t field_count;
  tracewire::errc error;   // status.error
  tracewire::errc detail;  // status.detail
  std::string_view trace;  // 32 hex digits, or empty: no context extracted
  std::string_view span;   // 16 hex digits
  std::uint8_t flags;      // as extracted
  std::string_view tracestate;
};

enum class extract_mismatch : std::uint8_t {
  none,
  error,
  detail,
  validity,
  trace_id,
  span_id,
  flags,
  remote,
  tracestate,
  inject_error,
  round_trip,
};

constexpr const char* extract_mismatch_name(extract_mismatch m) noexcept {
  switch (m) {
    case extract_mismatch::none:
      return "none";
    case extract_mismatch::error:
      return "status.error";
    case extract_mismatch::detail:
      return "status.detail";
    case extract_mismatch::validity:
      return "context validity";
    case extract_mismatch::trace_id:
      return "trace-id";
    case extract_mismatch::span_id:
      return "span-id";
    case extract_mismatch::flags:
      return "flags";
    case extract_mismatch::remote:
      return "remote";
    case extract_mismatch::tracestate:
      return "tracestate";
    case extract_mismatch::inject_error:
      return "inject returned an error";
    case extract_mismatch::round_trip:
      return "extract(inject(ctx)) != ctx";
  }
  return "?";
}

inline constexpr std::string_view T = "4bf92f3577b34da6a3ce929d0e0e4736";
inline constexpr std::string_view S = "00f067aa0ba902b7";
using E = tracewire::errc;

// The 29 grpc-trace-bin bytes for T, S, options 1 (and variants), as text with NULs.
inline constexpr char bin_ok[] =
    "\x00\x00\x4b\xf9\x2f\x35\x77\xb3\x4d\xa6\xa3\xce\x92\x9d\x0e\x0e\x47\x36\x01\x00\xf0\x67\xaa"
    "\x0b\xa9\x02\xb7\x02\x01";
inline constexpr char bin_bad_version[] =
    "\x01\x00\x4b\xf9\x2f\x35\x77\xb3\x4d\xa6\xa3\xce\x92\x9d\x0e\x0e\x47\x36\x01\x00\xf0\x67\xaa"
    "\x0b\xa9\x02\xb7\x02\x01";
inline constexpr char bin_bad_field[] =
    "\x00\x00\x4b\xf9\x2f\x35\x77\xb3\x4d\xa6\xa3\xce\x92\x9d\x0e\x0e\x47\x36\x02\x00\xf0\x67\xaa"
    "\x0b\xa9\x02\xb7\x02\x01";
inline constexpr char bin_zero_trace[] =
    "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\xf0\x67\xaa"
    "\x0b\xa9\x02\xb7\x02\x00";
constexpr std::string_view bin(const char (&b)[30], std::size_t n = 29) noexcept {
  return std::string_view(b, n);
}

// clang-format off
inline constexpr extract_case extract_cases[] = {
    // --- W3C trace context ------------------------------------------------------------------
    {prop::w3c, {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}}, 1,
     E::ok, E::ok, T, S, 0x01, ""},
    {prop::w3c, {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
                 {"tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"}}, 2,
     E::ok, E::ok, T, S, 0x01, "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"},
    // Split tracestate (W3C 3.3.1.1; only the JS SDK combines them today): one list, in order.
    {prop::w3c, {{"tracestate", "rojo=00f067aa0ba902b7"},
                 {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"},
                 {"tracestate", "congo=t61rcWkgMzE"}}, 3,
     E::ok, E::ok, T, S, 0x00, "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"},
    // An empty tracestate field between two others contributes nothing.
    {prop::w3c, {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
                 {"tracestate", "a=1"}, {"tracestate", ""}, {"tracestate", "b=2"}}, 4,
     E::ok, E::ok, T, S, 0x01, "a=1,b=2"},
    // HTTP field names are case-insensitive.
    {prop::w3c, {{"TraceParent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
                 {"TRACESTATE", "a=1"}}, 2,
     E::ok, E::ok, T, S, 0x01, "a=1"},
    // Two traceparent fields: invalid (W3C 3.2), the trace restarts; tracestate is ignored.
    {prop::w3c, {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
                 {"Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
                 {"tracestate", "a=1"}}, 3,
     E::field_repeated, E::ok, "", "", 0, ""},
    {prop::w3c, {{"tracestate", "a=1"}}, 1, E::field_missing, E::ok, "", "", 0, ""},
    // Reserved flag bits are kept as received (zeroed only when sent).
    {prop::w3c, {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff"}}, 1,
     E::ok, E::ok, T, S, 0xff, ""},
    // The C++ SDK re-emits unknown flags in uppercase (`-FF`): not HEXDIGLC, restart.
    {prop::w3c, {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-FF"}}, 1,
     E::uppercase_hex, E::ok, "", "", 0, ""},
    // The JS SDK emits `-0ff` for flags ff: version 00 is exactly 55 characters.
    {prop::w3c, {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0ff"}}, 1,
     E::traceparent_too_long, E::ok, "", "", 0, ""},
    // A higher version with more fields is read (W3C 3.2.4 "versioning").
    {prop::w3c, {{"traceparent", "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03-what"},
                 {"tracestate", "a=1"}}, 2,
     E::ok, E::ok, T, S, 0x03, "a=1"},
    // OWS around the value.
    {prop::w3c, {{"traceparent", " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\t"}}, 1,
     E::ok, E::ok, T, S, 0x01, ""},
    // A broken tracestate is dropped, the traceparent kept.
    {prop::w3c, {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
                 {"tracestate", "a=1,b=2,a=3"}}, 2,
     E::ok, E::tracestate_duplicate_key, T, S, 0x01, ""},
    {prop::w3c, {{"traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"}}, 1,
     E::trace_id_all_zero, E::ok, "", "", 0, ""},

    // --- traceresponse (Level 2) -----------------------------------------------------------
    {prop::traceresponse,
     {{"traceresponse", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}}, 1,
     E::ok, E::ok, T, S, 0x01, ""},
    {prop::traceresponse, {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}},
     1, E::field_missing, E::ok, "", "", 0, ""},

    // --- B3 single ------------------------------------------------------------------------
    {prop::b3, {{"b3", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1"}}, 1,
     E::ok, E::ok, T, S, 0x01, ""},
    {prop::b3, {{"b3", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-d"}}, 1,
     E::ok, E::ok, T, S, 0x01, ""},
    {prop::b3, {{"b3", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0-00f067aa0ba902b8"}}, 1,
     E::ok, E::ok, T, S, 0x00, ""},
    // Zipkin (Brave) with 64-bit trace-ids: left-padded to 128 bits.
    {prop::b3, {{"b3", "a3ce929d0e0e4736-00f067aa0ba902b7-1"}}, 1,
     E::ok, E::ok, "0000000000000000a3ce929d0e0e4736", S, 0x01, ""},
    {prop::b3, {{"b3", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-x"}}, 1,
     E::b3_bad_sampling_state, E::ok, "", "", 0, ""},
    {prop::b3, {{"b3", "4bf92f3577b34da6a3ce929d0e0e4736"}}, 1, E::b3_malformed, E::ok, "", "", 0, ""},
    {prop::b3, {{"b3", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1-00f067aa0ba902b8-x"}}, 1,
     E::b3_malformed, E::ok, "", "", 0, ""},
    {prop::b3, {{"b3", "4bf92f3577b34da6a3ce92-00f067aa0ba902b7-1"}}, 1,
     E::trace_id_wrong_length, E::ok, "", "", 0, ""},
    {prop::b3, {{"b3", "4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-1"}}, 1,
     E::uppercase_hex, E::ok, "", "", 0, ""},
    {prop::b3, {{"b3", "0000000000000000-00f067aa0ba902b7-1"}}, 1,
     E::trace_id_all_zero, E::ok, "", "", 0, ""},
    {prop::b3, {{"b3", "4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-1"}}, 1,
     E::span_id_all_zero, E::ok, "", "", 0, ""},
    // The sampling-only form: no parent; the flags of the (invalid) context carry the decision.
    {prop::b3, {{"b3", "1"}}, 1, E::ok, E::ok, "", "", 0x01, ""},
    {prop::b3, {{"b3", "0"}}, 1, E::ok, E::ok, "", "", 0x00, ""},
    {prop::b3, {{"b3", "d"}}, 1, E::ok, E::ok, "", "", 0x01, ""},
    {prop::b3, {{"b3", "a=1"}}, 1, E::b3_malformed, E::ok, "", "", 0, ""},
    // The single header wins over multi when both are present (as OpenTelemetry's B3 extract).
    {prop::b3, {{"x-b3-traceid", "0000000000000000a3ce929d0e0e4736"},
                {"x-b3-spanid", "00f067aa0ba902b8"},
                {"b3", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1"}}, 3,
     E::ok, E::ok, T, S, 0x01, ""},
    {prop::b3, {{"b3", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1"},
                {"B3", "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1"}}, 2,
     E::field_repeated, E::ok, "", "", 0, ""},

    // --- B3 multi -------------------------------------------------------------------------
    {prop::b3multi, {{"X-B3-TraceId", "4bf92f3577b34da6a3ce929d0e0e4736"},
                     {"X-B3-SpanId", "00f067aa0ba902b7"}, {"X-B3-Sampled", "1"}}, 3,
     E::ok, E::ok, T, S, 0x01, ""},
    // Legacy `true` and the debug flag.
    {prop::b3multi, {{"x-b3-traceid", "4bf92f3577b34da6a3ce929d0e0e4736"},
                     {"x-b3-spanid", "00f067aa0ba902b7"}, {"x-b3-sampled", "true"}}, 3,
     E::ok, E::ok, T, S, 0x01, ""},
    {prop::b3multi, {{"x-b3-traceid", "4bf92f3577b34da6a3ce929d0e0e4736"},
                     {"x-b3-spanid", "00f067aa0ba902b7"}, {"x-b3-flags", "1"}}, 3,
     E::ok, E::ok, T, S, 0x01, ""},
    {prop::b3multi, {{"x-b3-traceid", "a3ce929d0e0e4736"}, {"x-b3-spanid", "00f067aa0ba902b7"},
                     {"x-b3-parentspanid", "00f067aa0ba902b8"}, {"x-b3-sampled", "0"}}, 4,
     E::ok, E::ok, "0000000000000000a3ce929d0e0e4736", S, 0x00, ""},
    {prop::b3multi, {{"x-b3-traceid", "4bf92f3577b34da6a3ce929d0e0e4736"}}, 1,
     E::b3_malformed, E::ok, "", "", 0, ""},
    {prop::b3multi, {{"x-b3-traceid", "4bf92f3577b34da6a3ce929d0e0e4736"},
                     {"x-b3-spanid", "00f067aa0ba902b7"}, {"x-b3-sampled", "yes"}}, 3,
     E::b3_bad_sampling_state, E::ok, "", "", 0, ""},
    {prop::b3multi, {{"x-b3-traceid", "4bf92f3577b34da6a3ce929d0e0e4736"},
                     {"x-b3-spanid", "00f067aa0ba902b7"}, {"x-b3-flags", "2"}}, 3,
     E::b3_bad_sampling_state, E::ok, "", "", 0, ""},
    {prop::b3multi, {{"x-b3-sampled", "1"}}, 1, E::ok, E::ok, "", "", 0x01, ""},
    {prop::b3multi, {{"x-b3-spanid", "00f067aa0ba902b7"}, {"x-b3-spanid", "00f067aa0ba902b7"},
                     {"x-b3-traceid", "4bf92f3577b34da6a3ce929d0e0e4736"}}, 3,
     E::field_repeated, E::ok, "", "", 0, ""},
    {prop::b3multi, {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}}, 1,
     E::field_missing, E::ok, "", "", 0, ""},

    // --- Jaeger ---------------------------------------------------------------------------
    {prop::jaeger, {{"uber-trace-id", "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:1"}}, 1,
     E::ok, E::ok, T, S, 0x01, ""},
    // `:` URL-encoded by some HTTP clients, either case.
    {prop::jaeger,
     {{"Uber-Trace-Id", "4bf92f3577b34da6a3ce929d0e0e4736%3A00f067aa0ba902b7%3a0%3A1"}}, 1,
     E::ok, E::ok, T, S, 0x01, ""},
    // Jaeger clients print ids with %x: leading zeros dropped, and some print uppercase.
    {prop::jaeger, {{"uber-trace-id", "a3ce929d0e0e4736:f067aa0ba902b7:0:1"}}, 1,
     E::ok, E::ok, "0000000000000000a3ce929d0e0e4736", S, 0x01, ""},
    {prop::jaeger, {{"uber-trace-id", "4BF92F3577B34DA6A3CE929D0E0E4736:F067AA0BA902B7:1:3"}}, 1,
     E::ok, E::ok, T, S, 0x01, ""},
    // Debug (0x02) implies sampled, as in the OpenTelemetry Go and Java Jaeger propagators.
    {prop::jaeger, {{"uber-trace-id", "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:2"}}, 1,
     E::ok, E::ok, T, S, 0x01, ""},
    {prop::jaeger, {{"uber-trace-id", "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:0"}}, 1,
     E::ok, E::ok, T, S, 0x00, ""},
    {prop::jaeger, {{"uber-trace-id", "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0"}}, 1,
     E::jaeger_malformed, E::ok, "", "", 0, ""},
    {prop::jaeger, {{"uber-trace-id", "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:1:1"}},
     1, E::jaeger_malformed, E::ok, "", "", 0, ""},
    {prop::jaeger, {{"uber-trace-id", "4bf92f3577b34da6a3ce929d0e0e4736f:00f067aa0ba902b7:0:1"}}, 1,
     E::trace_id_wrong_length, E::ok, "", "", 0, ""},
    {prop::jaeger, {{"uber-trace-id", "0:00f067aa0ba902b7:0:1"}}, 1,
     E::trace_id_all_zero, E::ok, "", "", 0, ""},
    {prop::jaeger, {{"uber-trace-id", "4bf92f3577b34da6a3ce929d0e0e4736:0:0:1"}}, 1,
     E::span_id_all_zero, E::ok, "", "", 0, ""},
    {prop::jaeger, {{"uber-trace-id", "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:100"}},
     1, E::jaeger_bad_flags, E::ok, "", "", 0, ""},
    {prop::jaeger, {{"uber-trace-id", "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:x"}}, 1,
     E::jaeger_bad_flags, E::ok, "", "", 0, ""},
    {prop::jaeger, {{"uber-trace-id", ":00f067aa0ba902b7:0:1"}}, 1,
     E::trace_id_not_hex, E::ok, "", "", 0, ""},

    // --- grpc-trace-bin (raw bytes; no base64 inside the process) --------------------------
    {prop::grpc_bin, {{"grpc-trace-bin", bin(bin_ok)}}, 1, E::ok, E::ok, T, S, 0x01, ""},
    {prop::grpc_bin, {{"grpc-trace-bin", bin(bin_ok, 28)}}, 1,
     E::grpc_trace_bin_wrong_length, E::ok, "", "", 0, ""},
    {prop::grpc_bin, {{"grpc-trace-bin", bin(bin_ok, 30)}}, 1,
     E::grpc_trace_bin_wrong_length, E::ok, "", "", 0, ""},
    {prop::grpc_bin, {{"grpc-trace-bin", bin(bin_bad_version)}}, 1,
     E::grpc_trace_bin_bad_version, E::ok, "", "", 0, ""},
    {prop::grpc_bin, {{"grpc-trace-bin", bin(bin_bad_field)}}, 1,
     E::grpc_trace_bin_bad_field, E::ok, "", "", 0, ""},
    {prop::grpc_bin, {{"grpc-trace-bin", bin(bin_zero_trace)}}, 1,
     E::trace_id_all_zero, E::ok, "", "", 0, ""},
};
// clang-format on
inline constexpr std::size_t extract_case_count = sizeof(extract_cases) / sizeof(extract_cases[0]);

using carrier_t = fields_carrier<8, 1024>;
using context_t = tracewire::span_context;

template <class F>
constexpr auto with_propagator(prop p, F&& f) {
  switch (p) {
    case prop::w3c:
      return f(tracewire::w3c_trace_context{});
    case prop::b3:
      return f(tracewire::b3_single{});
    case prop::b3multi:
      return f(tracewire::b3_multi{});
    case prop::jaeger:
      return f(tracewire::jaeger{});
    case prop::grpc_bin:
      return f(tracewire::grpc_trace_bin{});
    case prop::traceresponse:
      break;
  }
  return f(tracewire::w3c_trace_response{});
}

constexpr bool same_context(const context_t& a, const context_t& b) noexcept {
  return a.trace_id == b.trace_id && a.span_id == b.span_id &&
         a.flags.sampled() == b.flags.sampled() && a.tracestate == b.tracestate &&
         a.remote == b.remote;
}

constexpr extract_mismatch check_extract_case(const extract_case& c) noexcept {
  const carrier_t carrier(c.fields, c.field_count);
  context_t ctx;
  const tracewire::propagation_status st =
      with_propagator(c.propagator, [&](auto p) { return p.extract(carrier, ctx); });
  if (st.error != c.error) return extract_mismatch::error;
  if (st.detail != c.detail) return extract_mismatch::detail;
  if (ctx.is_valid() != !c.trace.empty()) return extract_mismatch::validity;
  if (ctx.flags.value() != c.flags) return extract_mismatch::flags;
  if (!ctx.is_valid()) return extract_mismatch::none;
  if (!bytes_equal_hex(ctx.trace_id.data(), 16, c.trace)) return extract_mismatch::trace_id;
  if (!bytes_equal_hex(ctx.span_id.data(), 8, c.span)) return extract_mismatch::span_id;
  if (!ctx.remote) return extract_mismatch::remote;
  if (ctx.tracestate.view() != c.tracestate) return extract_mismatch::tracestate;
  // Round trip through the same propagator.
  carrier_t out;
  const tracewire::errc e =
      with_propagator(c.propagator, [&](auto p) { return p.inject(ctx, out); });
  if (e != tracewire::errc::ok) return extract_mismatch::inject_error;
  context_t again;
  const tracewire::propagation_status st2 =
      with_propagator(c.propagator, [&](auto p) { return p.extract(out, again); });
  if (st2.error != tracewire::errc::ok || !same_context(ctx, again))
    return extract_mismatch::round_trip;
  return extract_mismatch::none;
}

struct extract_checker {
  static constexpr std::size_t count = extract_case_count;
  static constexpr bool check(std::size_t i) noexcept {
    if (check_extract_case(extract_cases[i]) == extract_mismatch::none) return true;
    case_failed(i);
    return false;
  }
};

}  // namespace tracewire_test

#endif  // TRACEWIRE_TESTS_PROPAGATION_PROPAGATION_CASES_HPP
