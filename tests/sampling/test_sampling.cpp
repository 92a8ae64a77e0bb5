// SPDX-License-Identifier: Apache-2.0
//
// Run-time tests of the samplers: the shared case tables with readable messages, the diagnostic
// hook, the five ParentBased branches, parent_threshold, rule_based, rate_limited (with a fixed
// clock), from_env, descriptions, and zero allocations for every decision.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "alloc_counter.hpp"
#include "sampling_cases.hpp"
#include "tracewire/sampling/sampling.hpp"

namespace {

namespace tw = tracewire;
using tw::sampling_decision;

constexpr auto keep = sampling_decision::record_and_sample;
constexpr auto drop = sampling_decision::drop;
constexpr auto record = sampling_decision::record_only;

tw::trace_id id_of(std::string_view hex) {
  const auto r = tw::trace_id::from_hex(hex);
  EXPECT_TRUE(r.has_value()) << hex;
  return r.value_or(tw::trace_id::from_u64(0, 1));
}

tw::span_context context_of(std::string_view trace, bool sampled, bool remote,
                            std::string_view tracestate = "") {
  tw::span_context c;
  c.trace_id = id_of(trace);
  c.span_id = tw::span_id::from_u64(0x1234);
  c.flags = tw::trace_flags(static_cast<std::uint8_t>((sampled ? 1u : 0u) | 2u));
  c.remote = remote;
  EXPECT_TRUE(c.tracestate.assign(tracestate)) << tracestate;
  return c;
}

tw::sampling_parameters root_of(std::string_view trace, std::uint8_t flags = 2) {
  return tw::sampling_parameters::root(id_of(trace), tw::trace_flags(flags), "GET /");
}

template <class S>
std::string describe(const S& s) {
  return std::string(tw::description(s).view());
}

constexpr std::string_view kHigh = "0000000000000000ffffffffffffffff";  // R = 2^56 - 1
constexpr std::string_view kLow = "00000000000000000000000000000001";   // R = 1

// --- the case tables -----------------------------------------------------------------------------

TEST(SamplingCases, Thresholds) {
  for (std::size_t i = 0; i < tracewire_test::threshold_checker::count; ++i) {
    const auto& c = tracewire_test::threshold_cases[i];
    const auto s = tw::probability_sampler::create(c.ratio, tw::threshold_precision{c.digits});
    ASSERT_TRUE(s.has_value()) << i;
    EXPECT_EQ(tw::encode_threshold(s->threshold()).view(), c.th)
        << "case " << i << " ratio " << c.ratio << " digits " << int{c.digits};
    EXPECT_TRUE(tracewire_test::threshold_checker::check(i)) << i;
  }
}

TEST(SamplingCases, RatioValidation) {
  for (std::size_t i = 0; i < tracewire_test::ratio_checker::count; ++i) {
    const auto& c = tracewire_test::ratio_cases[i];
    EXPECT_EQ(tw::check_ratio(c.ratio), c.expected) << "case " << i << " ratio " << c.ratio;
    EXPECT_TRUE(tracewire_test::ratio_checker::check(i)) << i;
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(tw::check_ratio(nan), tw::errc::sampler_ratio_not_a_number);
  EXPECT_EQ(tw::probability_sampler::create(nan).error(), tw::errc::sampler_ratio_not_a_number);
  EXPECT_EQ(tw::legacy_ratio_python::create(nan).error(), tw::errc::sampler_ratio_not_a_number);
  EXPECT_EQ(tw::legacy_ratio_any::create(tw::legacy_algorithm::java, -nan).error(),
            tw::errc::sampler_ratio_not_a_number);
}

TEST(SamplingCases, ProbabilityDecisions) {
  for (std::size_t i = 0; i < tracewire_test::probability_checker::count; ++i) {
    const auto& c = tracewire_test::probability_cases[i];
    const auto s = tw::probability_sampler::create(c.ratio, tw::threshold_precision{c.digits});
    ASSERT_TRUE(s.has_value()) << i;
    tw::tracestate ts;
    ASSERT_TRUE(ts.assign(c.tracestate_in)) << i;
    auto p = root_of(c.trace);
    EXPECT_EQ(s->should_sample(p, ts), c.decision) << "case " << i << " " << c.trace;
    EXPECT_EQ(ts.view(), c.tracestate_out) << "case " << i << " from " << c.tracestate_in;
    EXPECT_TRUE(tracewire_test::probability_checker::check(i)) << i;
  }
}

TEST(SamplingCases, LegacyVectors) {
  for (std::size_t i = 0; i < tracewire_test::legacy_checker::count; ++i) {
    const auto& c = tracewire_test::legacy_cases[i];
    const auto s = tw::legacy_ratio_any::create(c.algorithm, c.ratio);
    ASSERT_TRUE(s.has_value()) << i;
    EXPECT_EQ(s->keeps(id_of(c.trace)), c.keep)
        << "case " << i << " " << tw::legacy_algorithm_name(c.algorithm) << " ratio " << c.ratio
        << " trace " << c.trace;
    EXPECT_TRUE(tracewire_test::legacy_checker::check(i)) << i;
  }
}

// All-zero and all-ones low bits for every algorithm, from each SDK's formula.
TEST(LegacyRatio, AllOnesAndAllZeroBits) {
  const tw::trace_id ones = id_of("ffffffffffffffffffffffffffffffff");
  const tw::trace_id low_zero = id_of("ffffffffffffffff0000000000000000");
  const tw::trace_id high_zero = id_of("0000000000000000ffffffffffffffff");
  struct row {
    tw::legacy_algorithm a;
    bool ones_at_half, low_zero_at_half, high_zero_at_half, ones_at_one;
  };
  using la = tw::legacy_algorithm;
  const row rows[] = {
      // go: (lo >> 1) < 2^62
      {la::go, false, true, false, true},
      {la::go_pre_1_12, false, false, true, true},
      // python: lo < 2^63; at 1 the bound is 2^64
      {la::python, false, true, false, true},
      // java: abs(-1) = 1 keeps; abs(0) keeps; at 1: abs(-1) < MAX
      {la::java, true, true, true, true},
      {la::dotnet, true, true, true, true},
      // erlang: ones masked to 2^63-1, not < 2^62; zero keeps; at 1: 2^63-1 < 2^63-1 is false
      {la::erlang, false, true, false, false},
      // javascript: xor of ffffffff four times is 0; low_zero: ffffffff ^ ffffffff = 0
      {la::javascript, true, true, true, true},
      // cpp: double(2^64-1) = 2^64, ratio 1.0 -> UINT64_MAX > threshold at 0.5
      {la::cpp, false, false, true, true},
      {la::cpp_pre_1_23, false, false, true, true},
  };
  for (const row& r : rows) {
    const auto half = *tw::legacy_ratio_any::create(r.a, 0.5);
    const auto one = *tw::legacy_ratio_any::create(r.a, 1.0);
    const auto zero = *tw::legacy_ratio_any::create(r.a, 0.0);
    const std::string_view n = tw::legacy_algorithm_name(r.a);
    EXPECT_EQ(half.keeps(ones), r.ones_at_half) << n;
    EXPECT_EQ(half.keeps(low_zero), r.low_zero_at_half) << n;
    EXPECT_EQ(half.keeps(high_zero), r.high_zero_at_half) << n;
    EXPECT_EQ(one.keeps(ones), r.ones_at_one) << n;
    for (const auto& id : {ones, low_zero, high_zero}) EXPECT_FALSE(zero.keeps(id)) << n;
  }
  // Erlang's decide(0, _) and JS's isValidTraceId: the invalid all-zero id is dropped even at 1.
  EXPECT_FALSE(tw::legacy_ratio_erlang::create(1.0)->keeps(tw::trace_id{}));
  EXPECT_FALSE(tw::legacy_ratio_javascript::create(1.0)->keeps(tw::trace_id{}));
  // Go compares 0 < bound: the all-zero id is kept at any positive ratio.
  EXPECT_TRUE(tw::legacy_ratio_go::create(0x1p-56)->keeps(tw::trace_id{}));
}

// legacy_ratio_cpp decides by one integer comparison with a precomputed cutoff; it must equal
// the SDK's per-decision double arithmetic (cpp_keep_direct) everywhere, in particular on both
// sides of every cutoff and on random ids.
TEST(LegacyRatio, CppCutoffEqualsTheSdkArithmetic) {
  std::vector<double> ratios = {0x1p-56, 1e-9, 0.001, 0.01,     0.1,           0.25, 1.0 / 3.0,
                                0.5,     0.7,  0.9,   0.999999, 1.0 - 0x1p-53, 1.0};
  std::uint64_t x = 0x2545F4914F6CDD1Du;
  const auto next = [&x] {
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    return x * 0x2545F4914F6CDD1Du;
  };
  for (int i = 0; i < 200; ++i) ratios.push_back(static_cast<double>(next() >> 11) * 0x1p-53);
  for (const double r : ratios) {
    const std::uint64_t t = tw::detail::cpp_calculate_threshold(r);
    if (t == 0) continue;
    const std::uint64_t cut = tw::detail::cpp_cutoff(t);
    std::vector<std::uint64_t> probes = {0, 1, UINT64_MAX, UINT64_MAX - 1, cut};
    for (std::uint64_t d = 1; d <= 4096; d *= 2) {
      probes.push_back(cut - d);
      if (cut <= UINT64_MAX - d) probes.push_back(cut + d);
    }
    for (int i = 0; i < 2000; ++i) probes.push_back(next());
    for (const std::uint64_t res : probes) {
      ASSERT_EQ(tw::detail::cpp_keep_direct(t, res), res <= cut) << r << " " << res;
    }
    const auto be = *tw::legacy_ratio_cpp::create(r);
    const auto host = *tw::legacy_ratio_cpp_pre_1_23::create(r);
    for (int i = 0; i < 2000; ++i) {
      const tw::trace_id id = tw::trace_id::from_u64(next(), next());
      EXPECT_EQ(be.keeps(id), tw::detail::cpp_keep_direct(t, id.high())) << r;
      EXPECT_EQ(host.keeps(id), tw::detail::cpp_keep_direct(t, tw::detail::host_order_high(id)))
          << r;
    }
  }
}

TEST(LegacyRatio, NamesAndDescriptions) {
  tw::legacy_algorithm a{};
  EXPECT_TRUE(tw::parse_legacy_algorithm("java", a));
  EXPECT_EQ(a, tw::legacy_algorithm::java);
  EXPECT_TRUE(tw::parse_legacy_algorithm("rust", a));
  EXPECT_EQ(a, tw::legacy_algorithm::go);
  EXPECT_TRUE(tw::parse_legacy_algorithm("cpp_pre_1_23", a));
  EXPECT_EQ(a, tw::legacy_algorithm::cpp_pre_1_23);
  EXPECT_FALSE(tw::parse_legacy_algorithm("Java", a));
  EXPECT_FALSE(tw::parse_legacy_algorithm("ruby", a));
  EXPECT_EQ(describe(*tw::legacy_ratio_java::create(0.25)),
            "LegacyTraceIdRatioBased{opentelemetry-java,0.25}");
  EXPECT_EQ(describe(*tw::legacy_ratio_cpp_pre_1_23::create(0.001)),
            "LegacyTraceIdRatioBased{opentelemetry-cpp<1.23,0.001}");
  EXPECT_EQ(describe(*tw::legacy_ratio_any::create(tw::legacy_algorithm::go, 1.0)),
            "LegacyTraceIdRatioBased{opentelemetry-go>=1.12,1}");
  // Legacy samplers never touch the tracestate, even with a th present.
  tw::tracestate ts;
  ASSERT_TRUE(ts.assign("ot=th:8,a=b"));
  auto p = root_of(kLow);
  EXPECT_EQ(tw::legacy_ratio_go::create(1.0)->should_sample(p, ts), keep);
  EXPECT_EQ(ts.view(), "ot=th:8,a=b");
}

// --- probability sampler -------------------------------------------------------------------------

struct hook_log {
  std::vector<tw::sampling_diagnostic> seen;
  static void record(tw::sampling_diagnostic d, void* self) noexcept {
    static_cast<hook_log*>(self)->seen.push_back(d);
  }
  tw::diagnostic_hook hook() { return tw::diagnostic_hook{&hook_log::record, this}; }
};

TEST(ProbabilitySampler, DiagnosticHook) {
  hook_log log;
  const auto s = *tw::probability_sampler::create(0.5, tw::threshold_precision::full(), log.hook());
  tw::tracestate ts;
  // Root, random flag set: nothing to report.
  auto p = root_of(kHigh, 0x02);
  EXPECT_EQ(s.should_sample(p, ts), keep);
  EXPECT_TRUE(log.seen.empty());
  // Root without the random flag: randomness presumed.
  ts.clear();
  p = root_of(kHigh, 0x00);
  EXPECT_EQ(s.should_sample(p, ts), keep);
  ASSERT_EQ(log.seen.size(), 1u);
  EXPECT_EQ(log.seen[0], tw::sampling_diagnostic::randomness_presumed);
  // An explicit rv vouches for the randomness: nothing presumed.
  log.seen.clear();
  ASSERT_TRUE(ts.assign("ot=rv:ffffffffffffff"));
  EXPECT_EQ(s.should_sample(p, ts), keep);
  EXPECT_TRUE(log.seen.empty());
  // A child: a ratio sampler used for a child (and the parent's random flag vouches).
  const tw::span_context parent = context_of(kHigh, true, true);
  auto child = tw::sampling_parameters::child_of(parent, "c");
  ts = parent.tracestate;
  EXPECT_EQ(s.should_sample(child, ts), keep);
  ASSERT_EQ(log.seen.size(), 1u);
  EXPECT_EQ(log.seen[0], tw::sampling_diagnostic::ratio_sampler_for_child);
}

TEST(ProbabilitySampler, ThresholdThatDoesNotFitIsErasedAndReported) {
  hook_log log;
  const auto s = *tw::probability_sampler::create(0.5, tw::threshold_precision::full(), log.hook());
  // An `ot` of 254 characters with th:c: th:8 fits (same length), a 14-digit th does not.
  std::string ot = "th:c;x:" + std::string(247, 'a');
  ASSERT_EQ(ot.size(), 254u);
  tw::tracestate ts;
  ASSERT_TRUE(ts.assign("ot=" + ot));
  auto p = root_of(kHigh);
  EXPECT_EQ(s.should_sample(p, ts), keep);
  EXPECT_EQ(ts.get("ot"), "th:8;x:" + std::string(247, 'a'));
  EXPECT_TRUE(log.seen.empty());

  const auto tenth =
      *tw::probability_sampler::create(0.1, tw::threshold_precision::full(), log.hook());
  ASSERT_TRUE(ts.assign("ot=" + ot));
  EXPECT_EQ(tenth.should_sample(p, ts), keep);            // the decision stands
  EXPECT_EQ(ts.get("ot"), "x:" + std::string(247, 'a'));  // the stale th:c is gone
  ASSERT_EQ(log.seen.size(), 1u);
  EXPECT_EQ(log.seen[0], tw::sampling_diagnostic::threshold_not_written);
}

TEST(ProbabilitySampler, KeepsOtherVendorsAndMovesOtLeft) {
  const auto s = *tw::probability_sampler::create(0.25);
  tw::tracestate ts;
  ASSERT_TRUE(ts.assign("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7,ot=rv:ffffffffffffff;k1:13"));
  auto p = root_of(kLow);
  EXPECT_EQ(s.should_sample(p, ts), keep);
  EXPECT_EQ(ts.view(), "ot=th:c;rv:ffffffffffffff;k1:13,congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
  // Dropping with rv below the threshold: th erased, rv and k1 kept, others untouched.
  ASSERT_TRUE(ts.assign("congo=t61rcWkgMzE,ot=th:0;rv:00000000000000;k1:13"));
  EXPECT_EQ(s.should_sample(p, ts), drop);
  EXPECT_EQ(ts.view(), "ot=rv:00000000000000;k1:13,congo=t61rcWkgMzE");
}

TEST(ProbabilitySampler, HigherRatioKeepsSuperset) {
  // Exhaustive over the 4-bit top of R and a sweep of ratios: keep(p1) implies keep(p2 >= p1).
  const double ratios[] = {0.0, 0x1p-56, 0.001, 0.01, 0.1, 0.25, 1.0 / 3.0, 0.5, 0.75, 0.999, 1.0};
  for (std::uint64_t r = 0; r < 256; ++r) {
    const std::uint64_t randomness = (r << 48) | (r * 0x0101010101ull & 0xFFFFFFFFFFFFull);
    bool kept_before = false;
    for (const double ratio : ratios) {
      const bool kept = tw::probability_sampler::create(ratio)->keeps(randomness);
      EXPECT_TRUE(!kept_before || kept) << ratio << " " << randomness;
      kept_before = kept;
    }
  }
}

TEST(ProbabilitySampler, DecodeRejectsMalformedValues) {
  std::uint64_t v = 0;
  EXPECT_TRUE(tw::decode_threshold("8", v));
  EXPECT_EQ(v, 0x80000000000000u);
  EXPECT_TRUE(tw::decode_threshold("00000000000001", v));
  EXPECT_EQ(v, 1u);
  EXPECT_FALSE(tw::decode_threshold("", v));
  EXPECT_FALSE(tw::decode_threshold("000000000000001", v));  // 15 digits
  EXPECT_FALSE(tw::decode_threshold("C", v));                // uppercase
  EXPECT_FALSE(tw::decode_randomness("8", v));               // rv is exactly 14 digits
  EXPECT_TRUE(tw::decode_randomness("7479cfb506891d", v));   // the spec's example
  EXPECT_EQ(v, 0x7479cfb506891du);
  EXPECT_EQ(tw::encode_threshold(0).view(), "0");
  EXPECT_EQ(tw::encode_threshold(1).view(), "00000000000001");
  EXPECT_EQ(tw::encode_threshold(0xfd70a400000000u).view(), "fd70a4");  // the spec's 1% example
}

TEST(AlwaysSamplers, DecisionsAndUntouchedTracestate) {
  tw::tracestate ts;
  ASSERT_TRUE(ts.assign("ot=th:8,a=b"));
  auto p = root_of(kLow);
  EXPECT_EQ(tw::always_on{}.should_sample(p, ts), keep);
  EXPECT_EQ(tw::always_off{}.should_sample(p, ts), drop);
  EXPECT_EQ(tw::always_record<tw::always_off>{}.should_sample(p, ts), record);
  EXPECT_EQ(ts.view(), "ot=th:8,a=b");
  // AlwaysRecord keeps its delegate's tracestate changes.
  const tw::always_record<tw::probability_sampler> rec(*tw::probability_sampler::create(0.5));
  EXPECT_EQ(rec.should_sample(p, ts), record);
  EXPECT_EQ(ts.view(), "a=b");
  EXPECT_EQ(describe(rec), "AlwaysRecord{TraceIdRatioBased{0.5}}");
}

// --- parent_based and parent_threshold -----------------------------------------------------------

TEST(ParentBased, FiveBranches) {
  // Each branch gets a distinguishable probability delegate; the th it writes names it.
  const auto s = tw::parent_based(*tw::probability_sampler::create(1.0),    // th:0
                                  *tw::probability_sampler::create(0.5),    // th:8
                                  *tw::probability_sampler::create(0.25),   // th:c
                                  *tw::probability_sampler::create(0.125),  // th:e
                                  *tw::probability_sampler::create(0.0625)  // th:f
  );
  struct branch {
    bool has_parent, remote, sampled;
    std::string_view th;
  };
  const branch branches[] = {{false, false, false, "ot=th:0"},
                             {true, true, true, "ot=th:8,vendor=v"},
                             {true, true, false, "ot=th:c,vendor=v"},
                             {true, false, true, "ot=th:e,vendor=v"},
                             {true, false, false, "ot=th:f,vendor=v"}};
  for (const branch& b : branches) {
    const tw::span_context parent = context_of(kHigh, b.sampled, b.remote, "vendor=v,ot=th:1");
    const auto p = b.has_parent ? tw::sampling_parameters::child_of(parent, "x") : root_of(kHigh);
    const auto r = tw::sample(s, p);
    EXPECT_EQ(r.decision, keep);
    EXPECT_EQ(r.tracestate.view(), b.th) << b.has_parent << b.remote << b.sampled;
  }
  // Invalid parent context = root.
  tw::span_context invalid;
  invalid.flags = tw::trace_flags(1);
  auto p = root_of(kHigh);
  p.parent = &invalid;
  EXPECT_EQ(tw::sample(s, p).tracestate.view(), "ot=th:0");
}

TEST(ParentBased, SpecDefaultsFollowTheParentAndPassTracestateThrough) {
  const auto s = tw::parent_based(*tw::probability_sampler::create(0.5));
  const std::string_view state = "a=1,ot=th:8;rv:00000000000000;x:y,b=2";
  for (const bool remote : {true, false}) {
    for (const bool sampled : {true, false}) {
      const tw::span_context parent = context_of(kLow, sampled, remote, state);
      const auto r = tw::sample(s, tw::sampling_parameters::child_of(parent, "c"));
      EXPECT_EQ(r.decision, sampled ? keep : drop);
      EXPECT_EQ(r.tracestate.view(), state);  // untouched
    }
  }
  // Only ot.th changes when a probability delegate decides for a child.
  const auto prob = tw::parent_based<tw::probability_sampler, tw::probability_sampler>(
      *tw::probability_sampler::create(0.5), *tw::probability_sampler::create(0.25));
  const tw::span_context parent = context_of(kHigh, true, true, state);
  const auto r = tw::sample(prob, tw::sampling_parameters::child_of(parent, "c"));
  EXPECT_EQ(r.decision, drop);  // rv 0 < th c
  EXPECT_EQ(r.tracestate.view(), "ot=rv:00000000000000;x:y,a=1,b=2");
}

TEST(ParentThreshold, FollowsParentAndChecksConsistency) {
  const tw::parent_threshold s(*tw::probability_sampler::create(0.5));
  struct row {
    std::string_view trace;
    bool sampled;
    std::string_view in, out;
    sampling_decision d;
  };
  const row rows[] = {
      {kHigh, true, "ot=th:c", "ot=th:c", keep},  // consistent: kept
      {kLow, true, "ot=th:c,z=1", "z=1", keep},   // R < th while sampled
      {kLow, true, "ot=th:c;rv:ffffffffffffff", "ot=th:c;rv:ffffffffffffff", keep},  // rv decides
      {kHigh, true, "ot=th:q;k:v", "ot=k:v", keep},                                  // malformed th
      {kHigh, true, "z=1", "z=1", keep},  // no th: none invented
      {kHigh, false, "ot=th:c;rv:00000000000000", "ot=rv:00000000000000", drop},
      {kLow, false, "z=1", "z=1", drop},
  };
  for (const row& w : rows) {
    const tw::span_context parent = context_of(w.trace, w.sampled, true, w.in);
    const auto r = tw::sample(s, tw::sampling_parameters::child_of(parent, "c"));
    EXPECT_EQ(r.decision, w.d) << w.in;
    EXPECT_EQ(r.tracestate.view(), w.out) << w.in;
  }
  // No parent: the root decides (and writes th).
  EXPECT_EQ(tw::sample(s, root_of(kHigh)).tracestate.view(), "ot=th:8");
  EXPECT_EQ(describe(s), "ParentThreshold{root:TraceIdRatioBased{0.5}}");
}

// --- rule_based ----------------------------------------------------------------------------------

TEST(RuleBased, FirstMatchDecides) {
  tw::rule_based<tw::probability_sampler, 6> rules;
  const auto all = *tw::probability_sampler::create(1.0);
  const auto none = tw::probability_sampler{};
  const auto tenth = *tw::probability_sampler::create(0.1);
  ASSERT_EQ(rules.add(tw::rule_predicate::attribute_in("user.tier", {"premium", "vip"}), all),
            tw::errc::ok);
  ASSERT_EQ(rules.add(tw::rule_predicate::baggage_in("user.tier", {"vip"}), all), tw::errc::ok);
  ASSERT_EQ(rules.add(tw::rule_predicate::name_starts_with("/health"), none), tw::errc::ok);
  ASSERT_EQ(rules.add(tw::rule_predicate::kind_is(tw::span_kind::consumer), all), tw::errc::ok);
  ASSERT_EQ(rules.add(tw::rule_predicate::attribute_in("retry", {"3", "true"}), all), tw::errc::ok);
  ASSERT_EQ(rules.add(tw::rule_predicate::always(), tenth), tw::errc::ok);
  EXPECT_EQ(rules.add(tw::rule_predicate::always(), tenth), tw::errc::sampler_too_many_rules);
  EXPECT_EQ(rules.size(), 6u);

  const auto decide = [&](tw::sampling_parameters p) {
    tw::tracestate ts;
    const auto d = rules.should_sample(p, ts);
    return std::make_pair(d, std::string(ts.view()));
  };
  auto p = root_of(kLow);  // R = 1: only a ratio-1 rule keeps it
  EXPECT_EQ(decide(p).first, drop);
  const tw::attribute premium[] = {{"http.route", "/x"}, {"user.tier", "premium"}};
  p.attributes = premium;
  EXPECT_EQ(decide(p), std::make_pair(keep, std::string("ot=th:0")));
  const tw::attribute gold[] = {{"user.tier", "gold"}};
  p.attributes = gold;
  EXPECT_EQ(decide(p).first, drop);
  tw::baggage bg;
  ASSERT_TRUE(bg.assign("user.tier=vip"));
  p.baggage = &bg;
  EXPECT_EQ(decide(p).first, keep);
  p.baggage = nullptr;
  p.kind = tw::span_kind::consumer;
  EXPECT_EQ(decide(p).first, keep);
  p.kind = tw::span_kind::server;
  const tw::attribute retries[] = {tw::attribute::of_int("retry", 3)};
  p.attributes = retries;
  EXPECT_EQ(decide(p).first, keep);
  const tw::attribute retried[] = {tw::attribute::of_bool("retry", true)};
  p.attributes = retried;
  EXPECT_EQ(decide(p).first, keep);
  const tw::attribute four[] = {tw::attribute::of_int("retry", -3)};
  p.attributes = four;
  EXPECT_EQ(decide(p).first, drop);
  const tw::attribute dbl[] = {tw::attribute::of_double("retry", 3.0)};
  p.attributes = dbl;
  EXPECT_EQ(decide(p).first, drop);  // doubles never equal a value
  // The catch-all 10% decides the rest, writing its th on keep.
  p = root_of(kHigh);
  EXPECT_EQ(decide(p), std::make_pair(keep, std::string("ot=th:e6666666666666")));
  p.name = "/healthz";
  EXPECT_EQ(decide(p).first, drop);
}

TEST(RuleBased, NoMatchDropsAndErasesThreshold) {
  tw::rule_based<tw::always_on, 2> rules;
  ASSERT_EQ(rules.add(tw::rule_predicate::name_is("checkout"), tw::always_on{}), tw::errc::ok);
  tw::tracestate ts;
  ASSERT_TRUE(ts.assign("ot=th:8;rv:01234567890abc,a=b"));
  auto p = root_of(kHigh);
  EXPECT_EQ(rules.should_sample(p, ts), drop);
  EXPECT_EQ(ts.view(), "ot=rv:01234567890abc,a=b");
  p.name = "checkout";
  EXPECT_EQ(rules.should_sample(p, ts), keep);
  EXPECT_EQ(describe(rules), "RuleBased{name=checkout:AlwaysOnSampler}");
}

TEST(RuleBased, PredicateWithTooManyValuesIsRefused) {
  tw::rule_based<tw::always_on> rules;
  const auto p =
      tw::rule_predicate::attribute_in("k", {"1", "2", "3", "4", "5", "6", "7", "8", "9"});
  EXPECT_FALSE(p.valid());
  EXPECT_EQ(rules.add(p, tw::always_on{}), tw::errc::sampler_argument_invalid);
  EXPECT_EQ(rules.size(), 0u);
  EXPECT_TRUE(
      tw::rule_predicate::attribute_in("k", {"1", "2", "3", "4", "5", "6", "7", "8"}).valid());
}

// --- rate_limited --------------------------------------------------------------------------------

TEST(RateLimited, ValidatesRate) {
  EXPECT_EQ(tw::rate_limit::per_second(0.0).error(), tw::errc::sampler_rate_invalid);
  EXPECT_EQ(tw::rate_limit::per_second(-1.0).error(), tw::errc::sampler_rate_invalid);
  EXPECT_EQ(tw::rate_limit::per_second(std::numeric_limits<double>::quiet_NaN()).error(),
            tw::errc::sampler_rate_invalid);
  EXPECT_EQ(tw::rate_limit::per_second(std::numeric_limits<double>::infinity()).error(),
            tw::errc::sampler_rate_invalid);
  EXPECT_EQ(tw::rate_limit::per_second(2e9).error(), tw::errc::sampler_rate_invalid);
  EXPECT_EQ(tw::rate_limit::per_second(1e-12).error(), tw::errc::sampler_rate_invalid);
  const auto r = *tw::rate_limit::per_second(4.0);
  EXPECT_EQ(r.interval_ns(), 250000000u);
  EXPECT_EQ(r.tolerance_ns(), 750000000u);
}

TEST(RateLimited, BurstThenSteadyRate) {
  const tw::rate_limited<> limiter(*tw::rate_limit::per_second(4.0));
  tw::tracestate ts;
  auto p = root_of(kHigh);
  const std::uint64_t t0 = 1'000'000'000'000;
  int kept = 0;
  for (int i = 0; i < 10; ++i) kept += limiter.should_sample_at(p, ts, t0) == keep ? 1 : 0;
  EXPECT_EQ(kept, 4);  // a burst of N
  EXPECT_EQ(limiter.should_sample_at(p, ts, t0 + 249'999'999), drop);
  EXPECT_EQ(limiter.should_sample_at(p, ts, t0 + 250'000'000), keep);  // one interval later
  // Over 10 s at 100 requests per second: 4 (burst) + 40.
  kept = 0;
  for (std::uint64_t ms = 260; ms < 10'260; ms += 10) {
    kept += limiter.should_sample_at(p, ts, t0 + ms * 1'000'000) == keep ? 1 : 0;
  }
  EXPECT_EQ(kept, 40);
  // After a long idle period the burst is available again, and no more.
  kept = 0;
  for (int i = 0; i < 10; ++i) {
    kept += limiter.should_sample_at(p, ts, t0 + 3'600'000'000'000) == keep ? 1 : 0;
  }
  EXPECT_EQ(kept, 4);
}

TEST(RateLimited, FractionalRateAndDelegate) {
  // 0.5 per second: one trace, then one every 2 s; the delegate's drops cost no slot.
  const tw::rate_limited<tw::probability_sampler> limiter(*tw::rate_limit::per_second(0.5),
                                                          *tw::probability_sampler::create(0.5));
  tw::tracestate ts;
  auto low = root_of(kLow);
  auto high = root_of(kHigh);
  EXPECT_EQ(limiter.should_sample_at(low, ts, 0), drop);
  EXPECT_EQ(limiter.should_sample_at(high, ts, 0), keep);
  EXPECT_EQ(ts.view(), "");  // th erased: the probability is unknown past a rate limit
  EXPECT_EQ(limiter.should_sample_at(high, ts, 1'999'999'999), drop);
  EXPECT_EQ(limiter.should_sample_at(high, ts, 2'000'000'000), keep);
  EXPECT_EQ(describe(limiter), "RateLimited{0.500/s,TraceIdRatioBased{0.5}}");
  EXPECT_EQ(describe(tw::rate_limited<>(*tw::rate_limit::per_second(100))),
            "RateLimited{100/s,AlwaysOnSampler}");
}

TEST(RateLimited, RealClock) {
  const tw::rate_limited<> limiter(*tw::rate_limit::per_second(1.0));
  tw::tracestate ts;
  auto p = root_of(kHigh);
  EXPECT_EQ(limiter.should_sample(p, ts), keep);
  EXPECT_EQ(limiter.should_sample(p, ts), drop);  // the next slot is a second away
}

// --- from_env ------------------------------------------------------------------------------------

TEST(FromEnv, KnownNames) {
  struct row {
    std::string_view name, arg;
    tw::sampler_name expected;
    double ratio;
  };
  const row rows[] = {
      {"always_on", "", tw::sampler_name::always_on, 1.0},
      {"always_off", "0.5", tw::sampler_name::always_off, 1.0},  // arg ignored
      {"traceidratio", "0.25", tw::sampler_name::traceidratio, 0.25},
      {"traceidratio", "", tw::sampler_name::traceidratio, 1.0},  // spec default 1.0
      {"parentbased_always_on", "", tw::sampler_name::parentbased_always_on, 1.0},
      {"parentbased_always_off", "", tw::sampler_name::parentbased_always_off, 1.0},
      {"parentbased_traceidratio", " 0.1\t", tw::sampler_name::parentbased_traceidratio, 0.1},
      {"  ParentBased_TraceIdRatio ", "1e-3", tw::sampler_name::parentbased_traceidratio, 0.001},
      {"traceidratio", "+0.5", tw::sampler_name::traceidratio, 0.5},
      {"traceidratio", "0", tw::sampler_name::traceidratio, 0.0},
      {"", "", tw::sampler_name::parentbased_always_on, 1.0},  // unset: the default
  };
  for (const row& r : rows) {
    const tw::sampler_config c = tw::from_env(r.name, r.arg);
    EXPECT_TRUE(c) << r.name << " " << tw::to_string(c.error);
    EXPECT_EQ(c.sampler.name(), r.expected) << r.name;
    EXPECT_EQ(c.sampler.ratio(), r.ratio) << r.name;
  }
}

TEST(FromEnv, ErrorsStillGiveTheSpecFallback) {
  struct row {
    std::string_view name, arg;
    tw::errc error;
    tw::sampler_name fallback;
  };
  const row rows[] = {
      {"jaeger_remote", "", tw::errc::sampler_unknown_name,
       tw::sampler_name::parentbased_always_on},
      {"xray", "", tw::errc::sampler_unknown_name, tw::sampler_name::parentbased_always_on},
      {"always-on", "", tw::errc::sampler_unknown_name, tw::sampler_name::parentbased_always_on},
      {"traceidratio", "ten percent", tw::errc::sampler_argument_invalid,
       tw::sampler_name::traceidratio},
      {"traceidratio", "0.1.2", tw::errc::sampler_argument_invalid, tw::sampler_name::traceidratio},
      {"traceidratio", "0.5x", tw::errc::sampler_argument_invalid, tw::sampler_name::traceidratio},
      {"traceidratio", "1.5", tw::errc::sampler_ratio_above_one, tw::sampler_name::traceidratio},
      {"parentbased_traceidratio", "-0.1", tw::errc::sampler_ratio_negative,
       tw::sampler_name::parentbased_traceidratio},
      {"traceidratio", "nan", tw::errc::sampler_ratio_not_a_number, tw::sampler_name::traceidratio},
      {"traceidratio", "1e-20", tw::errc::sampler_ratio_below_minimum,
       tw::sampler_name::traceidratio},
  };
  for (const row& r : rows) {
    const tw::sampler_config c = tw::from_env(r.name, r.arg);
    EXPECT_FALSE(c) << r.name << " " << r.arg;
    EXPECT_EQ(c.error, r.error) << r.name << " " << r.arg << ": " << tw::to_string(c.error);
    EXPECT_EQ(c.sampler.name(), r.fallback) << r.name;
    EXPECT_EQ(c.sampler.ratio(), 1.0) << r.name;  // the ratio behaves as unset
  }
}

TEST(FromEnv, DecidesLikeTheCompiledComposition) {
  const tw::sampler_config c = tw::from_env("parentbased_traceidratio", "0.25");
  const auto compiled = tw::parent_based(*tw::probability_sampler::create(0.25));
  EXPECT_EQ(describe(c.sampler), describe(compiled));
  const std::string_view traces[] = {kLow, kHigh, "4bf92f3577b34da6a3ce929d0e0e4736",
                                     "0000000000000000ffc0000000000000"};
  for (const std::string_view t : traces) {
    EXPECT_EQ(tw::sample(c.sampler, root_of(t)).decision,
              tw::sample(compiled, root_of(t)).decision);
    EXPECT_EQ(tw::sample(c.sampler, root_of(t)).tracestate,
              tw::sample(compiled, root_of(t)).tracestate);
    for (const bool sampled : {true, false}) {
      for (const bool remote : {true, false}) {
        const tw::span_context parent = context_of(t, sampled, remote, "ot=th:c");
        const auto p = tw::sampling_parameters::child_of(parent, "c");
        EXPECT_EQ(tw::sample(c.sampler, p).decision, tw::sample(compiled, p).decision);
        EXPECT_EQ(tw::sample(c.sampler, p).tracestate, tw::sample(compiled, p).tracestate);
      }
    }
  }
  EXPECT_EQ(describe(tw::from_env("always_on", "").sampler), "AlwaysOnSampler");
  EXPECT_EQ(describe(tw::from_env("traceidratio", "0.5").sampler), "TraceIdRatioBased{0.5}");
}

TEST(FromEnv, LegacyAlgorithmByName) {
  tw::ratio_options o;
  o.legacy = true;
  ASSERT_TRUE(tw::parse_legacy_algorithm("java", o.algorithm));
  const tw::sampler_config c = tw::from_env("traceidratio", "0.1", o);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c.sampler.legacy());
  EXPECT_EQ(describe(c.sampler), "LegacyTraceIdRatioBased{opentelemetry-java,0.1}");
  // ANCHORS: ffff...ff at 0.1 is kept by Java, dropped by Go.
  const auto all_ones = root_of("ffffffffffffffffffffffffffffffff");
  EXPECT_EQ(tw::sample(c.sampler, all_ones).decision, keep);
  o.algorithm = tw::legacy_algorithm::go;
  EXPECT_EQ(tw::sample(tw::from_env("traceidratio", "0.1", o).sampler, all_ones).decision, drop);
  // The 4-digit threshold option reaches the consistent sampler.
  tw::ratio_options four;
  four.precision = tw::threshold_precision::recommended();
  EXPECT_EQ(
      tw::sample(tw::from_env("traceidratio", "0.1", four).sampler, all_ones).tracestate.view(),
      "ot=th:e666");
}

TEST(FromEnv, ReadsTheEnvironment) {
  ::setenv("OTEL_TRACES_SAMPLER", "parentbased_traceidratio", 1);
  ::setenv("OTEL_TRACES_SAMPLER_ARG", "0.125", 1);
  const tw::sampler_config c = tw::from_env();
  EXPECT_TRUE(c);
  EXPECT_EQ(c.sampler.name(), tw::sampler_name::parentbased_traceidratio);
  EXPECT_EQ(c.sampler.ratio(), 0.125);
  ::unsetenv("OTEL_TRACES_SAMPLER");
  ::unsetenv("OTEL_TRACES_SAMPLER_ARG");
  EXPECT_EQ(tw::from_env().sampler.name(), tw::sampler_name::parentbased_always_on);
}

// --- descriptions --------------------------------------------------------------------------------

TEST(Description, SizeQueryAndTruncation) {
  const auto s = tw::parent_based(*tw::probability_sampler::create(0.1));
  const std::size_t n = tw::describe(s, nullptr, 0);
  std::string full(n, '\0');
  EXPECT_EQ(tw::describe(s, full.data(), full.size()), n);
  EXPECT_EQ(full, describe(s));
  char small[12];
  EXPECT_EQ(tw::describe(s, small, sizeof small), n);
  EXPECT_EQ(std::string_view(small, sizeof small), "ParentBased{");
  const auto d = tw::basic_sampler_description<16>::of(s);
  EXPECT_TRUE(d.truncated());
  EXPECT_EQ(d.view(), "ParentBased{root");
  EXPECT_EQ(d.full_size(), n);
}

TEST(Description, RatiosRoundTrip) {
  // The shortest decimal that reads back as the same double.
  const double ratios[] = {0.1,
                           0.2,
                           0.3,
                           1.0 / 3.0,
                           2.0 / 3.0,
                           0.7,
                           1e-5,
                           1e-10,
                           0.123456789,
                           0x1p-56,
                           0x1.fffffffffffffp-1,
                           0x1p-20 + 0x1p-72};
  for (const double r : ratios) {
    const std::string d = describe(*tw::probability_sampler::create(r));
    ASSERT_EQ(d.rfind("TraceIdRatioBased{0.", 0), 0u) << d;
    const std::string digits = d.substr(18, d.size() - 19);
    EXPECT_EQ(std::stod(digits), r) << d;
    // Dropping the last digit, or rounding it into the one before, no longer round-trips.
    std::string shorter = digits.substr(0, digits.size() - 1);
    EXPECT_NE(std::stod(shorter), r) << d;
    if (shorter.back() != '9' && shorter.back() != '.') {
      ++shorter.back();
      EXPECT_NE(std::stod(shorter), r) << d;
    }
  }
}

// --- no allocation -------------------------------------------------------------------------------

template <class S>
std::size_t allocations_of(const S& s) {
  const tw::span_context sampled = context_of(kHigh, true, true, "a=1,ot=th:8;rv:ffffffffffffff");
  const tw::span_context unsampled = context_of(kLow, false, false, "ot=th:8,b=2");
  tw::baggage bg;
  static_cast<void>(bg.assign("user.tier=vip"));
  const tw::attribute attrs[] = {{"user.tier", "gold"}, tw::attribute::of_int("n", 1)};
  tw::tracestate ts;
  const tracewire_test::alloc_scope scope;
  for (int i = 0; i < 4; ++i) {
    auto root = root_of(i % 2 == 0 ? kHigh : kLow, static_cast<std::uint8_t>(i & 2));
    root.attributes = attrs;
    root.baggage = &bg;
    ts.clear();
    static_cast<void>(s.should_sample(root, ts));
    ts = sampled.tracestate;
    static_cast<void>(s.should_sample(tw::sampling_parameters::child_of(sampled, "c"), ts));
    ts = unsampled.tracestate;
    static_cast<void>(s.should_sample(tw::sampling_parameters::child_of(unsampled, "c"), ts));
  }
  static_cast<void>(tw::description(s));
  return scope.count();
}

TEST(NoAllocation, EveryDecision) {
  EXPECT_EQ(allocations_of(tw::always_on{}), 0u);
  EXPECT_EQ(allocations_of(tw::always_off{}), 0u);
  EXPECT_EQ(allocations_of(
                tw::always_record<tw::probability_sampler>(*tw::probability_sampler::create(0.5))),
            0u);
  EXPECT_EQ(allocations_of(*tw::probability_sampler::create(0.5)), 0u);
  EXPECT_EQ(
      allocations_of(*tw::probability_sampler::create(0.1, tw::threshold_precision::recommended())),
      0u);
  EXPECT_EQ(allocations_of(tw::parent_based(*tw::probability_sampler::create(0.5))), 0u);
  EXPECT_EQ(allocations_of(tw::parent_threshold(*tw::probability_sampler::create(0.5))), 0u);
  EXPECT_EQ(allocations_of(*tw::legacy_ratio_go::create(0.5)), 0u);
  EXPECT_EQ(allocations_of(*tw::legacy_ratio_go_pre_1_12::create(0.5)), 0u);
  EXPECT_EQ(allocations_of(*tw::legacy_ratio_python::create(0.5)), 0u);
  EXPECT_EQ(allocations_of(*tw::legacy_ratio_java::create(0.5)), 0u);
  EXPECT_EQ(allocations_of(*tw::legacy_ratio_dotnet::create(0.5)), 0u);
  EXPECT_EQ(allocations_of(*tw::legacy_ratio_erlang::create(0.5)), 0u);
  EXPECT_EQ(allocations_of(*tw::legacy_ratio_javascript::create(0.5)), 0u);
  EXPECT_EQ(allocations_of(*tw::legacy_ratio_cpp::create(0.5)), 0u);
  EXPECT_EQ(allocations_of(*tw::legacy_ratio_cpp_pre_1_23::create(0.5)), 0u);
  EXPECT_EQ(allocations_of(*tw::legacy_ratio_any::create(tw::legacy_algorithm::erlang, 0.5)), 0u);
  tw::rule_based<tw::probability_sampler> rules;
  ASSERT_EQ(rules.add(tw::rule_predicate::baggage_in("user.tier", {"vip"}),
                      *tw::probability_sampler::create(1.0)),
            tw::errc::ok);
  ASSERT_EQ(rules.add(tw::rule_predicate::attribute_in("n", {"1"}), tw::probability_sampler{}),
            tw::errc::ok);
  EXPECT_EQ(allocations_of(rules), 0u);
  const tw::rate_limited<> limiter(*tw::rate_limit::per_second(1000));
  EXPECT_EQ(allocations_of(limiter), 0u);
  EXPECT_EQ(allocations_of(tw::from_env("parentbased_traceidratio", "0.5").sampler), 0u);
  const tracewire_test::alloc_scope scope;
  const tw::sampler_config c = tw::from_env(" traceidratio ", "0.25");
  EXPECT_TRUE(c);
  EXPECT_EQ(scope.count(), 0u);
}

}  // namespace
