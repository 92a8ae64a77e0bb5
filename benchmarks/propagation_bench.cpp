// SPDX-License-Identifier: Apache-2.0
//
// Google Benchmark cases of the propagators (issue 4): extract and inject of W3C trace context +
// baggage through the 12 request headers of propagation_inputs.hpp, in an
// unordered_map<string, string> and in a vector of string_view pairs (a parsed request), plus B3
// and Jaeger for comparison. ns/op and allocs_per_op; instruction counts come from
// ops_propagation.cpp under callgrind.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "alloc_counter.hpp"
#include "propagation_inputs.hpp"
#include "tracewire/carriers/http.hpp"
#include "tracewire/propagation.hpp"

namespace {

using namespace tracewire_bench;
using w3c_and_baggage = tracewire::composite<tracewire::w3c_trace_context, tracewire::w3c_baggage>;
using view_headers = std::vector<std::pair<std::string_view, std::string_view>>;

void report(benchmark::State& state, std::size_t allocations) {
  state.counters["allocs_per_op"] =
      benchmark::Counter(static_cast<double>(allocations), benchmark::Counter::kAvgIterations);
}

std::unordered_map<std::string, std::string> request_map() {
  std::unordered_map<std::string, std::string> m;
  for (const auto& kv : request_12) m.emplace(std::string(kv.first), std::string(kv.second));
  return m;
}

view_headers request_views() { return view_headers(std::begin(request_12), std::end(request_12)); }

void propagation_extract_unordered_map(benchmark::State& state) {
  const auto m = request_map();
  const auto c = tracewire::http_carrier(m);
  tracewire::context ctx;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    auto st = w3c_and_baggage{}.extract(c, ctx);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(ctx);
  }
  report(state, allocs.count());
}

void propagation_extract_views(benchmark::State& state) {
  auto v = request_views();
  tracewire::carrier_buffer<1> unused;
  const auto c = tracewire::http_carrier(v, unused);
  tracewire::context ctx;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    auto st = w3c_and_baggage{}.extract(c, ctx);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(ctx);
  }
  report(state, allocs.count());
}

tracewire::context extracted() {
  const auto m = request_map();
  tracewire::context ctx;
  static_cast<void>(w3c_and_baggage{}.extract(tracewire::http_carrier(m), ctx));
  return ctx;
}

void propagation_inject_views(benchmark::State& state) {
  const tracewire::context ctx = extracted();
  view_headers out;
  out.reserve(16);
  tracewire::carrier_buffer<1024> buf;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    out.clear();
    buf.clear();
    auto c = tracewire::http_carrier(out, buf);
    auto e = w3c_and_baggage{}.inject(ctx, c);
    benchmark::DoNotOptimize(e);
    benchmark::DoNotOptimize(out.data());
  }
  report(state, allocs.count());
}

void propagation_inject_unordered_map(benchmark::State& state) {
  const tracewire::context ctx = extracted();
  std::unordered_map<std::string, std::string> out;
  out.reserve(16);
  auto c = tracewire::http_carrier(out);
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    auto e = w3c_and_baggage{}.inject(ctx, c);
    benchmark::DoNotOptimize(e);
  }
  report(state, allocs.count());
}

template <class P>
void propagation_round_trip_views(benchmark::State& state) {
  const tracewire::context ctx = extracted();
  view_headers out;
  out.reserve(16);
  tracewire::carrier_buffer<1024> buf;
  tracewire::span_context back;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    out.clear();
    buf.clear();
    auto c = tracewire::http_carrier(out, buf);
    auto e = P{}.inject(ctx.span, c);
    auto st = P{}.extract(c, back);
    benchmark::DoNotOptimize(e);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(back);
  }
  report(state, allocs.count());
}

BENCHMARK(propagation_extract_unordered_map);
BENCHMARK(propagation_extract_views);
BENCHMARK(propagation_inject_views);
BENCHMARK(propagation_inject_unordered_map);
BENCHMARK_TEMPLATE(propagation_round_trip_views, tracewire::w3c_trace_context);
BENCHMARK_TEMPLATE(propagation_round_trip_views, tracewire::b3_single);
BENCHMARK_TEMPLATE(propagation_round_trip_views, tracewire::b3_multi);
BENCHMARK_TEMPLATE(propagation_round_trip_views, tracewire::jaeger);

}  // namespace
