// SPDX-License-Identifier: Apache-2.0
//
// benchmarks/ops_sampling.cpp: sampler decisions for tracewire_callgrind_driver (table
// "30-sampling", see driver_ops.hpp). Targets from issue 5: a probability decision without a
// tracestate write <= 25 instructions, with the `th` write <= 250, parent_based dispatch <= 40,
// each legacy algorithm <= 25, rate_limited <= 60. Every op starts from the same state, so N and
// 2N runs measure the same work.
#include <cstdint>

#include "driver_ops.hpp"
#include "tracewire/sampling/always.hpp"
#include "tracewire/sampling/from_env.hpp"
#include "tracewire/sampling/legacy_ratio.hpp"
#include "tracewire/sampling/parent_based.hpp"
#include "tracewire/sampling/probability.hpp"
#include "tracewire/sampling/rate_limited.hpp"
#include "tracewire/sampling/rule_based.hpp"

namespace {

namespace tw = tracewire;
using namespace tracewire_bench;

constexpr auto keep = tw::sampling_decision::record_and_sample;
constexpr auto drop = tw::sampling_decision::drop;

// The ANCHORS example id (R = 0xce929d0e0e4736) and two ids on either side of th:e666... (0.1).
const tw::trace_id g_anchor = tw::trace_id::from_u64(0x4bf92f3577b34da6u, 0xa3ce929d0e0e4736u);
const tw::trace_id g_kept = tw::trace_id::from_u64(0x0af7651916cd43ddu, 0x84f7651916cd43ddu);
const tw::trace_id g_dropped = tw::trace_id::from_u64(0x0af7651916cd43ddu, 0x8448eb211c80319cu);

tw::probability_sampler g_tenth;
tw::parent_based<tw::probability_sampler> g_parent_based;
tw::parent_threshold<tw::probability_sampler> g_parent_threshold;
tw::configured_sampler g_configured;
tw::rule_based<tw::probability_sampler> g_rules;
tw::span_context g_remote_sampled;
tw::sampling_parameters g_root_kept, g_root_dropped, g_child;
tw::tracestate g_empty, g_child_ts, g_ts;
const tw::attribute g_attrs[] = {{"http.route", "/cart"}, {"user.tier", "gold"}};
const tw::rate_limited<> g_limiter(*tw::rate_limit::per_second(1e6));  // a slot every 1000 ns
std::uint64_t g_now = 0;

// Each op returns 1 when the algorithm decides as its SDK does for the ANCHORS id at 0.5.
#define TW_LEGACY(name, type, expect_keep)                                          \
  const auto g_##name = *tw::type::create(0.5);                                     \
  TRACEWIRE_BENCH_NOINLINE std::uint64_t op_legacy_##name() {                       \
    return opaque(&g_##name)->keeps(*opaque(&g_anchor)) == (expect_keep) ? 1u : 0u; \
  }
TW_LEGACY(go, legacy_ratio_go, false)
TW_LEGACY(go_pre_1_12, legacy_ratio_go_pre_1_12, true)
TW_LEGACY(python, legacy_ratio_python, false)
TW_LEGACY(java, legacy_ratio_java, false)
TW_LEGACY(dotnet, legacy_ratio_dotnet, false)
TW_LEGACY(erlang, legacy_ratio_erlang, true)
TW_LEGACY(javascript, legacy_ratio_javascript, false)
TW_LEGACY(cpp, legacy_ratio_cpp, true)
TW_LEGACY(cpp_pre_1_23, legacy_ratio_cpp_pre_1_23, false)
#undef TW_LEGACY

bool prepare_sampling() {
  const auto tenth = tw::probability_sampler::create(0.1);
  const auto configured =
      tw::configured_sampler::create(tw::sampler_name::parentbased_traceidratio, 0.1);
  if (!tenth || !configured) return false;
  g_tenth = *tenth;
  g_parent_based = tw::parent_based<tw::probability_sampler>(g_tenth);
  g_parent_threshold = tw::parent_threshold<tw::probability_sampler>(g_tenth);
  g_configured = *configured;
  if (g_rules.add(tw::rule_predicate::attribute_in("user.tier", {"premium", "vip"}),
                  *tw::probability_sampler::create(1.0)) != tw::errc::ok ||
      g_rules.add(tw::rule_predicate::always(), g_tenth) != tw::errc::ok) {
    return false;
  }
  g_root_kept = tw::sampling_parameters::root(g_kept, tw::trace_flags(2), "GET /cart");
  g_root_dropped = tw::sampling_parameters::root(g_dropped, tw::trace_flags(2), "GET /cart");
  g_root_dropped.attributes = g_attrs;
  g_remote_sampled.trace_id = g_kept;
  g_remote_sampled.span_id = tw::span_id::from_u64(0x00f067aa0ba902b7u);
  g_remote_sampled.flags = tw::trace_flags(3);
  g_remote_sampled.remote = true;
  if (!g_remote_sampled.tracestate.assign("ot=th:e6666666666666,congo=t61rcWkgMzE")) return false;
  g_child = tw::sampling_parameters::child_of(g_remote_sampled, "SELECT", tw::span_kind::client);
  g_child_ts = g_remote_sampled.tracestate;
  // Self-check: every op below makes the decision its expected value says.
  tw::tracestate ts;
  return g_tenth.should_sample(g_root_dropped, ts) == drop &&
         g_tenth.should_sample(g_root_kept, ts) == keep && ts.view() == "ot=th:e6666666666666";
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_probability_drop() {
  // Root, R below the threshold, empty tracestate: nothing to erase, nothing written.
  const tw::sampling_decision d =
      opaque(&g_tenth)->should_sample(*opaque(&g_root_dropped), g_empty);
  escape(g_empty);
  return d == drop ? 1u : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_probability_keep_write() {
  // Root, R above the threshold: writes ot=th:e6666666666666 into an empty tracestate.
  tw::tracestate& ts = *opaque(&g_ts);
  ts.clear();
  const tw::sampling_decision d = opaque(&g_tenth)->should_sample(*opaque(&g_root_kept), ts);
  escape(ts);
  return d == keep ? ts.size() : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_parent_based_child() {
  // Remote sampled parent: dispatch to AlwaysOn; the parent's tracestate is left alone.
  const tw::sampling_decision d =
      opaque(&g_parent_based)->should_sample(*opaque(&g_child), *opaque(&g_child_ts));
  return d == keep ? 1u : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_parent_based_root_drop() {
  const tw::sampling_decision d =
      opaque(&g_parent_based)->should_sample(*opaque(&g_root_dropped), g_empty);
  escape(g_empty);
  return d == drop ? 1u : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_parent_threshold_child() {
  // Remote sampled parent with a consistent th: reads ot, checks R >= th, writes nothing.
  const tw::sampling_decision d =
      opaque(&g_parent_threshold)->should_sample(*opaque(&g_child), *opaque(&g_child_ts));
  escape(g_child_ts);
  return d == keep ? 1u : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_configured_root_drop() {
  const tw::sampling_decision d =
      opaque(&g_configured)->should_sample(*opaque(&g_root_dropped), g_empty);
  escape(g_empty);
  return d == drop ? 1u : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_rule_based_fallthrough() {
  // user.tier=gold does not match {premium, vip}; the catch-all 10% drops.
  const tw::sampling_decision d =
      opaque(&g_rules)->should_sample(*opaque(&g_root_dropped), g_empty);
  escape(g_empty);
  return d == drop ? 1u : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_rate_limited() {
  // One request per slot interval: always granted, the CAS succeeds first time.
  g_now += 1000;
  const tw::sampling_decision d =
      opaque(&g_limiter)->should_sample_at(*opaque(&g_root_kept), g_empty, opaque(g_now));
  escape(g_empty);
  return d == keep ? 1u : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_rate_limited_clock() {
  // The same with std::chrono::steady_clock; denied after the first million per second.
  const tw::sampling_decision d =
      opaque(&g_limiter)->should_sample(*opaque(&g_root_dropped), g_empty);
  escape(g_empty);
  return d == keep || d == drop ? 1u : 0u;
}

constexpr tracewire_bench::op sampling_ops[] = {
    {"sampling_probability_drop", "25", "tracewire",
     "probability_sampler 0.1, root, R < T, empty tracestate (no write)", 1, op_probability_drop},
    {"sampling_probability_keep_write", "250", "tracewire",
     "probability_sampler 0.1, root, R >= T: writes ot=th:e6666666666666", 1,
     op_probability_keep_write},
    {"sampling_parent_based_child", "40", "tracewire",
     "parent_based<probability>, remote sampled parent -> AlwaysOn", 1, op_parent_based_child},
    {"sampling_parent_based_root_drop", "40", "tracewire",
     "parent_based<probability>, no parent -> probability drop", 1, op_parent_based_root_drop},
    {"sampling_parent_threshold_child", "-", "tracewire",
     "parent_threshold, sampled parent with ot=th:e666..., consistency check", 1,
     op_parent_threshold_child},
    {"sampling_configured_root_drop", "-", "tracewire",
     "from_env parentbased_traceidratio 0.1 (runtime form), root drop", 1, op_configured_root_drop},
    {"sampling_rule_based_fallthrough", "-", "tracewire",
     "2 rules: attribute_in miss, then 10% drop", 1, op_rule_based_fallthrough},
    {"sampling_rate_limited", "60", "tracewire",
     "rate_limited<always_on>, time given (should_sample_at), slot free", 1, op_rate_limited},
    {"sampling_rate_limited_clock", "-", "tracewire",
     "rate_limited<always_on> reading steady_clock", 1, op_rate_limited_clock},
    {"sampling_legacy_go", "25", "tracewire", "Go >= 1.12 / Rust, ANCHORS id, 0.5 (drop)", 1,
     op_legacy_go},
    {"sampling_legacy_go_pre_1_12", "25", "tracewire", "Go < 1.12, ANCHORS id, 0.5 (keep)", 1,
     op_legacy_go_pre_1_12},
    {"sampling_legacy_python", "25", "tracewire", "Python, ANCHORS id, 0.5 (drop)", 1,
     op_legacy_python},
    {"sampling_legacy_java", "25", "tracewire", "Java, ANCHORS id, 0.5 (drop)", 1, op_legacy_java},
    {"sampling_legacy_dotnet", "25", "tracewire", ".NET, ANCHORS id, 0.5 (drop)", 1,
     op_legacy_dotnet},
    {"sampling_legacy_erlang", "25", "tracewire", "Erlang, ANCHORS id, 0.5 (keep)", 1,
     op_legacy_erlang},
    {"sampling_legacy_javascript", "25", "tracewire", "JavaScript, ANCHORS id, 0.5 (drop)", 1,
     op_legacy_javascript},
    {"sampling_legacy_cpp", "25", "tracewire", "C++ >= 1.23, ANCHORS id, 0.5 (keep)", 1,
     op_legacy_cpp},
    {"sampling_legacy_cpp_pre_1_23", "25", "tracewire",
     "C++ < 1.23 (little-endian host), ANCHORS id, 0.5 (drop)", 1, op_legacy_cpp_pre_1_23},
};

const tracewire_bench::op_registrar sampling_registrar("30-sampling", sampling_ops,
                                                       prepare_sampling);

}  // namespace
