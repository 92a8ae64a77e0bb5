// SPDX-License-Identifier: Apache-2.0
//
// Callgrind ops of the propagators (issue 4): extract and inject of W3C trace context + baggage
// through the 12 request headers of propagation_inputs.hpp, held in the containers services use.
// Registered with tracewire_callgrind_driver under "20-propagation" (driver_ops.hpp).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "driver_ops.hpp"
#include "propagation_inputs.hpp"
#include "tracewire/carriers/http.hpp"
#include "tracewire/propagation.hpp"

namespace {

using namespace tracewire_bench;
using w3c_and_baggage = tracewire::composite<tracewire::w3c_trace_context, tracewire::w3c_baggage>;
using view_headers = std::vector<std::pair<std::string_view, std::string_view>>;

std::unordered_map<std::string, std::string> g_map;
view_headers g_views;
tracewire::context g_ctx;      // extract target (reused)
tracewire::context g_to_send;  // inject source
view_headers g_out;
tracewire::carrier_buffer<1024> g_buffer;
std::unordered_map<std::string, std::string> g_out_map;

bool prepare_propagation() {
  for (const auto& kv : request_12) {
    g_map.emplace(std::string(kv.first), std::string(kv.second));
    g_views.emplace_back(kv.first, kv.second);
  }
  auto c = tracewire::http_carrier(g_map);
  if (!w3c_and_baggage{}.extract(c, g_to_send)) return false;
  g_out.reserve(16);
  g_out_map.reserve(16);
  return g_to_send.span.tracestate.size() == 2 && g_to_send.baggage.size() == 3;
}

/// Returns members found (tracestate + baggage), so a failed extract is caught by the driver.
TRACEWIRE_BENCH_NOINLINE std::uint64_t op_extract_unordered_map() {
  const auto c = tracewire::http_carrier(*opaque(&g_map));
  const tracewire::propagation_status st = w3c_and_baggage{}.extract(c, g_ctx);
  escape(g_ctx);
  return st ? g_ctx.span.tracestate.size() + g_ctx.baggage.size() : 0;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_extract_views() {
  tracewire::carrier_buffer<1>* none = nullptr;
  static tracewire::carrier_buffer<1> unused;
  none = &unused;
  const auto c = tracewire::http_carrier(*opaque(&g_views), *none);
  const tracewire::propagation_status st = w3c_and_baggage{}.extract(c, g_ctx);
  escape(g_ctx);
  return st ? g_ctx.span.tracestate.size() + g_ctx.baggage.size() : 0;
}

/// Inject into an empty, pre-sized vector of views with a carrier_buffer (0 allocations).
TRACEWIRE_BENCH_NOINLINE std::uint64_t op_inject_views() {
  view_headers& out = *opaque(&g_out);
  out.clear();
  g_buffer.clear();
  auto c = tracewire::http_carrier(out, g_buffer);
  const tracewire::errc e = w3c_and_baggage{}.inject(*opaque(&g_to_send), c);
  escape(out);
  return e == tracewire::errc::ok ? out.size() : 0;
}

/// Inject into an unordered_map<string, string> that already holds the three fields (a forwarded
/// request): set() replaces them, so the container frees and allocates its own strings and nodes.
TRACEWIRE_BENCH_NOINLINE std::uint64_t op_inject_unordered_map() {
  auto& out = *opaque(&g_out_map);
  auto c = tracewire::http_carrier(out);
  const tracewire::errc e = w3c_and_baggage{}.inject(*opaque(&g_to_send), c);
  escape(out);
  return e == tracewire::errc::ok ? out.size() : 0;
}

constexpr op propagation_ops[] = {
    {"extract_w3c_baggage_unordered_map", "1500", "tracewire",
     "composite<w3c, baggage>::extract from unordered_map<string,string>, 12 headers", 5,
     op_extract_unordered_map},
    {"extract_w3c_baggage_views", "-", "tracewire",
     "the same from a vector<pair<string_view,string_view>> (a parsed request)", 5,
     op_extract_views},
    {"inject_w3c_baggage_views", "1000", "tracewire",
     "composite<w3c, baggage>::inject into a pre-sized view vector + carrier_buffer", 3,
     op_inject_views},
    {"inject_w3c_baggage_unordered_map", "-", "reference",
     "the same into unordered_map<string,string> (container allocations included)", 3,
     op_inject_unordered_map},
};

const op_registrar propagation_registrar("20-propagation", propagation_ops, prepare_propagation);

}  // namespace
