// SPDX-License-Identifier: Apache-2.0
//
// tracewire_bench: the W3C trace-context and baggage codecs side by side with naive std::string
// baselines, on the inputs of inputs.hpp. Every benchmark reports ns/op (Google Benchmark) and
// `allocs_per_op` (heap allocations per iteration, from tests/support/alloc_counter). Each
// benchmark also gets `min` and `max` statistics, so `--benchmark_repetitions=5` gives best-of-5
// and the spread.
// Timings are never asserted anywhere; instruction counts come from callgrind_driver.cpp.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "alloc_counter.hpp"
#include "inputs.hpp"
#include "naive.hpp"
#include "self_check.hpp"
#include "tracewire/baggage.hpp"
#include "tracewire/traceparent.hpp"
#include "tracewire/tracestate.hpp"

namespace {

using namespace tracewire_bench;

void report_allocs(benchmark::State& state, std::size_t allocations) {
  state.counters["allocs_per_op"] =
      benchmark::Counter(static_cast<double>(allocations), benchmark::Counter::kAvgIterations);
}

// --- traceparent ---------------------------------------------------------------------------------

void traceparent_parse_tracewire(benchmark::State& state) {
  std::string_view in = traceparent_input;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(in);
    auto r = tracewire::parse_traceparent(in);
    benchmark::DoNotOptimize(r);
  }
  report_allocs(state, allocs.count());
}

void traceparent_parse_naive(benchmark::State& state) {
  std::string_view in = traceparent_input;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(in);
    naive::traceparent tp;
    bool ok = naive::parse_traceparent(in, tp);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(tp);
  }
  report_allocs(state, allocs.count());
}

void traceparent_format_buffer_tracewire(benchmark::State& state) {
  tracewire::traceparent tp = *tracewire::parse_traceparent(traceparent_input);
  char out[tracewire::traceparent_size];
  char* written = out;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(tp);
    auto r = tracewire::format_traceparent(tp, out, sizeof out);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(written);  // the asm may read out[]
  }
  report_allocs(state, allocs.count());
}

void traceparent_format_value_tracewire(benchmark::State& state) {
  tracewire::traceparent tp = *tracewire::parse_traceparent(traceparent_input);
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(tp);
    auto r = tracewire::format_traceparent(tp);
    benchmark::DoNotOptimize(r);
  }
  report_allocs(state, allocs.count());
}

void traceparent_format_naive(benchmark::State& state) {
  naive::traceparent tp;
  naive::parse_traceparent(traceparent_input, tp);
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(tp);
    std::string s = naive::format_traceparent(tp);
    benchmark::DoNotOptimize(s);
  }
  report_allocs(state, allocs.count());
}

// --- tracestate ----------------------------------------------------------------------------------

/// Reuses one tracestate through assign(), as a propagator holding one per request does.
void tracestate_parse_tracewire(benchmark::State& state, std::string_view input) {
  std::string_view in = input;
  tracewire::tracestate ts;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(in);
    auto st = ts.assign(in);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(ts);
  }
  report_allocs(state, allocs.count());
}

/// A fresh list per header, as SDKs build a new TraceState per extracted request.
void tracestate_parse_naive(benchmark::State& state, std::string_view input) {
  std::string_view in = input;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(in);
    naive::tracestate ts;
    bool ok = naive::parse_tracestate(in, ts);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(ts);
  }
  report_allocs(state, allocs.count());
}

/// Copy of the full list, then put of a new key: every iteration evicts the right-most member.
void tracestate_put_full_tracewire(benchmark::State& state) {
  tracewire::tracestate full;
  (void)full.assign(tracestate_32_input);
  std::string_view key = put_key;
  std::string_view value = put_value;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(full);
    benchmark::DoNotOptimize(key);
    benchmark::DoNotOptimize(value);
    tracewire::tracestate t = full;
    auto st = t.put(key, value);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(t);
  }
  report_allocs(state, allocs.count());
}

/// The copy alone, to read the cost of put itself off tracestate_put_full.
void tracestate_copy_full_tracewire(benchmark::State& state) {
  tracewire::tracestate full;
  (void)full.assign(tracestate_32_input);
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(full);
    tracewire::tracestate t = full;
    benchmark::DoNotOptimize(t);
  }
  report_allocs(state, allocs.count());
}

void tracestate_format_tracewire(benchmark::State& state, std::string_view input) {
  tracewire::tracestate ts;
  (void)ts.assign(input);
  char out[tracewire::tracestate::max_chars];
  char* written = out;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(ts);
    auto r = ts.format(out, sizeof out);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(written);  // the asm may read out[]
  }
  report_allocs(state, allocs.count());
}

// --- baggage -------------------------------------------------------------------------------------

/// Reuses one baggage through assign(), as a propagator holding one per request does.
void baggage_parse_tracewire(benchmark::State& state, std::string_view input) {
  std::string_view in = input;
  static tracewire::baggage bg;  // static: about 9 KiB
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(in);
    auto st = bg.assign(in);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(bg);
  }
  report_allocs(state, allocs.count());
}

/// A fresh list per header, as SDKs build a new Baggage per extracted request.
void baggage_parse_naive(benchmark::State& state, std::string_view input) {
  std::string_view in = input;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(in);
    naive::baggage bg;
    bool ok = naive::parse_baggage(in, bg);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(bg);
  }
  report_allocs(state, allocs.count());
}

void baggage_format_tracewire(benchmark::State& state, std::string_view input) {
  static tracewire::baggage bg;
  (void)bg.assign(input);
  static char out[tracewire::baggage::max_bytes];
  char* written = out;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(bg);
    auto r = bg.format(out, sizeof out);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(written);  // the asm may read out[]
  }
  report_allocs(state, allocs.count());
}

void baggage_format_naive(benchmark::State& state, std::string_view input) {
  naive::baggage bg;
  naive::parse_baggage(input, bg);
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(bg);
    std::string s = naive::format_baggage(bg);
    benchmark::DoNotOptimize(s);
  }
  report_allocs(state, allocs.count());
}

void baggage_get_tracewire(benchmark::State& state) {
  static tracewire::baggage bg;
  (void)bg.assign(baggage_3_input);
  std::string_view key = baggage_get_key;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(bg);
    benchmark::DoNotOptimize(key);
    std::string_view v = bg.get(key);
    benchmark::DoNotOptimize(v);
  }
  report_allocs(state, allocs.count());
}

/// Replaces the member of an existing key; from the second iteration on it is the last member.
void baggage_set_tracewire(benchmark::State& state) {
  static tracewire::baggage bg;
  (void)bg.assign(baggage_3_input);
  std::string_view key = baggage_set_key;
  std::string_view value = baggage_set_value;
  tracewire::baggage_property prop{baggage_set_property_key, baggage_set_property_value, true};
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(key);
    benchmark::DoNotOptimize(value);
    benchmark::DoNotOptimize(prop);
    auto e = bg.set(key, value, &prop, 1);
    benchmark::DoNotOptimize(e);
    benchmark::DoNotOptimize(bg);
  }
  report_allocs(state, allocs.count());
}

double stat_min(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }
double stat_max(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }

void add(benchmark::internal::Benchmark* b) {
  b->ComputeStatistics("min", stat_min)->ComputeStatistics("max", stat_max);
}

void register_all() {
  // Grouped by operation, tracewire first, so the console output reads side by side.
  add(benchmark::RegisterBenchmark("traceparent_parse/tracewire", traceparent_parse_tracewire));
  add(benchmark::RegisterBenchmark("traceparent_parse/naive", traceparent_parse_naive));
  add(benchmark::RegisterBenchmark("traceparent_format/tracewire_buffer",
                                   traceparent_format_buffer_tracewire));
  add(benchmark::RegisterBenchmark("traceparent_format/tracewire_value",
                                   traceparent_format_value_tracewire));
  add(benchmark::RegisterBenchmark("traceparent_format/naive", traceparent_format_naive));
  add(benchmark::RegisterBenchmark("tracestate_parse_2/tracewire", tracestate_parse_tracewire,
                                   tracestate_2_input));
  add(benchmark::RegisterBenchmark("tracestate_parse_2/naive", tracestate_parse_naive,
                                   tracestate_2_input));
  add(benchmark::RegisterBenchmark("tracestate_parse_32/tracewire", tracestate_parse_tracewire,
                                   tracestate_32_input));
  add(benchmark::RegisterBenchmark("tracestate_parse_32/naive", tracestate_parse_naive,
                                   tracestate_32_input));
  add(benchmark::RegisterBenchmark("tracestate_put_full/tracewire", tracestate_put_full_tracewire));
  add(benchmark::RegisterBenchmark("tracestate_copy_full/tracewire",
                                   tracestate_copy_full_tracewire));
  add(benchmark::RegisterBenchmark("tracestate_format_2/tracewire", tracestate_format_tracewire,
                                   tracestate_2_input));
  add(benchmark::RegisterBenchmark("tracestate_format_32/tracewire", tracestate_format_tracewire,
                                   tracestate_32_input));
  add(benchmark::RegisterBenchmark("baggage_parse_3/tracewire", baggage_parse_tracewire,
                                   baggage_3_input));
  add(benchmark::RegisterBenchmark("baggage_parse_3/naive", baggage_parse_naive, baggage_3_input));
  add(benchmark::RegisterBenchmark("baggage_format_3/tracewire", baggage_format_tracewire,
                                   baggage_3_input));
  add(benchmark::RegisterBenchmark("baggage_format_3/naive", baggage_format_naive,
                                   baggage_3_input));
  add(benchmark::RegisterBenchmark("baggage_parse_64/tracewire", baggage_parse_tracewire,
                                   baggage_64_input));
  add(benchmark::RegisterBenchmark("baggage_parse_64/naive", baggage_parse_naive,
                                   baggage_64_input));
  add(benchmark::RegisterBenchmark("baggage_format_64/tracewire", baggage_format_tracewire,
                                   baggage_64_input));
  add(benchmark::RegisterBenchmark("baggage_get/tracewire", baggage_get_tracewire));
  add(benchmark::RegisterBenchmark("baggage_set/tracewire", baggage_set_tracewire));
}

}  // namespace

int main(int argc, char** argv) {
  if (const char* error = tracewire_bench::self_check()) {
    std::fprintf(stderr, "tracewire_bench: self-check failed: %s\n", error);
    return 1;
  }
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
#if defined(__VERSION__)
  benchmark::AddCustomContext("compiler", __VERSION__);
#endif
  benchmark::AddCustomContext("tracewire_use_sse2", TRACEWIRE_USE_SSE2 ? "1" : "0");
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
