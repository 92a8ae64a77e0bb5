// SPDX-License-Identifier: Apache-2.0
//
// Sampler decisions (issue 5) in tracewire_bench: ns/op and allocations per op for the consistent
// probability sampler (with and without the `th` write), parent_based dispatch, every legacy
// algorithm, rule_based, rate_limited and the runtime-configured form. Each benchmark decides over
// a ring of 1024 pseudo-random trace-ids, so branches are as unpredictable as real traffic.
// Timings are never asserted; instruction counts come from ops_sampling.cpp.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "alloc_counter.hpp"
#include "tracewire/sampling/always.hpp"
#include "tracewire/sampling/from_env.hpp"
#include "tracewire/sampling/legacy_ratio.hpp"
#include "tracewire/sampling/parent_based.hpp"
#include "tracewire/sampling/probability.hpp"
#include "tracewire/sampling/rate_limited.hpp"
#include "tracewire/sampling/rule_based.hpp"

namespace {

namespace tw = tracewire;

void report_sampling_allocs(benchmark::State& state, std::size_t allocations) {
  state.counters["allocs_per_op"] =
      benchmark::Counter(static_cast<double>(allocations), benchmark::Counter::kAvgIterations);
}

constexpr std::size_t kIds = 1024;

const std::vector<tw::sampling_parameters>& root_params() {
  static const std::vector<tw::sampling_parameters> params = [] {
    std::vector<tw::sampling_parameters> v;
    std::uint64_t x = 0x9E3779B97F4A7C15u;
    for (std::size_t i = 0; i < kIds; ++i) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      const std::uint64_t hi = x;
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      v.push_back(tw::sampling_parameters::root(tw::trace_id::from_u64(hi, x), tw::trace_flags(2),
                                                "GET /cart"));
    }
    return v;
  }();
  return params;
}

/// Decides for every id in turn; `reset` says whether the tracestate is cleared before each
/// decision (the keep path writes `th`; clearing keeps every decision starting from empty).
template <class Sampler>
void run_decisions(benchmark::State& state, const Sampler& s) {
  const auto& params = root_params();
  tw::tracestate ts;
  std::size_t i = 0;
  std::size_t kept = 0;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    ts.clear();
    const tw::sampling_decision d = s.should_sample(params[i], ts);
    kept += d == tw::sampling_decision::record_and_sample ? 1u : 0u;
    benchmark::DoNotOptimize(ts);
    i = (i + 1) & (kIds - 1);
  }
  report_sampling_allocs(state, allocs.count());
  state.counters["kept"] =
      benchmark::Counter(static_cast<double>(kept), benchmark::Counter::kAvgIterations);
}

void sampling_probability_10pct(benchmark::State& state) {
  run_decisions(state, *tw::probability_sampler::create(0.1));
}
void sampling_probability_10pct_4_digits(benchmark::State& state) {
  run_decisions(state,
                *tw::probability_sampler::create(0.1, tw::threshold_precision::recommended()));
}
void sampling_probability_never_writes(benchmark::State& state) {
  // Ratio 0: every decision drops on an empty tracestate (the path without any write).
  run_decisions(state, tw::probability_sampler{});
}
void sampling_parent_based_root(benchmark::State& state) {
  run_decisions(state, tw::parent_based(*tw::probability_sampler::create(0.1)));
}

void sampling_parent_based_child(benchmark::State& state) {
  const auto s = tw::parent_based(*tw::probability_sampler::create(0.1));
  tw::span_context parent;
  parent.trace_id = root_params()[0].trace_id;
  parent.span_id = tw::span_id::from_u64(1);
  parent.flags = tw::trace_flags(3);
  parent.remote = true;
  static_cast<void>(parent.tracestate.assign("ot=th:e6666666666666,congo=t61rcWkgMzE"));
  const auto p = tw::sampling_parameters::child_of(parent, "SELECT");
  tw::tracestate ts = parent.tracestate;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(s.should_sample(p, ts));
  }
  report_sampling_allocs(state, allocs.count());
}

template <class Legacy>
void sampling_legacy(benchmark::State& state) {
  run_decisions(state, *Legacy::create(0.1));
}

void sampling_rule_based(benchmark::State& state) {
  tw::rule_based<tw::probability_sampler> rules;
  static_cast<void>(rules.add(tw::rule_predicate::attribute_in("user.tier", {"premium", "vip"}),
                              *tw::probability_sampler::create(1.0)));
  static_cast<void>(rules.add(tw::rule_predicate::always(), *tw::probability_sampler::create(0.1)));
  run_decisions(state, rules);
}

void sampling_rate_limited(benchmark::State& state) {
  const tw::rate_limited<> limiter(*tw::rate_limit::per_second(1000));
  run_decisions(state, limiter);
}

void sampling_configured(benchmark::State& state) {
  run_decisions(state, tw::from_env("parentbased_traceidratio", "0.1").sampler);
}

BENCHMARK(sampling_probability_10pct);
BENCHMARK(sampling_probability_10pct_4_digits);
BENCHMARK(sampling_probability_never_writes);
BENCHMARK(sampling_parent_based_root);
BENCHMARK(sampling_parent_based_child);
BENCHMARK_TEMPLATE(sampling_legacy, tw::legacy_ratio_go);
BENCHMARK_TEMPLATE(sampling_legacy, tw::legacy_ratio_go_pre_1_12);
BENCHMARK_TEMPLATE(sampling_legacy, tw::legacy_ratio_python);
BENCHMARK_TEMPLATE(sampling_legacy, tw::legacy_ratio_java);
BENCHMARK_TEMPLATE(sampling_legacy, tw::legacy_ratio_dotnet);
BENCHMARK_TEMPLATE(sampling_legacy, tw::legacy_ratio_erlang);
BENCHMARK_TEMPLATE(sampling_legacy, tw::legacy_ratio_javascript);
BENCHMARK_TEMPLATE(sampling_legacy, tw::legacy_ratio_cpp);
BENCHMARK_TEMPLATE(sampling_legacy, tw::legacy_ratio_cpp_pre_1_23);
BENCHMARK(sampling_rule_based);
BENCHMARK(sampling_rate_limited);
BENCHMARK(sampling_configured);

}  // namespace
