// SPDX-License-Identifier: Apache-2.0
//
// Compile-time tests of the samplers: every case table of sampling_cases.hpp evaluated by the
// compiler (one constant evaluation per case), plus plain static_asserts on decisions, tracestate
// writes, compositions and descriptions. This translation unit compiling is the test.
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "case_support.hpp"
#include "sampling_cases.hpp"
#include "tracewire/sampling/always.hpp"
#include "tracewire/sampling/from_env.hpp"
#include "tracewire/sampling/legacy_ratio.hpp"
#include "tracewire/sampling/parent_based.hpp"
#include "tracewire/sampling/probability.hpp"
#include "tracewire/sampling/rule_based.hpp"

namespace tw = tracewire;
using tracewire_test::all_cases_ok;

#ifndef TRACEWIRE_SAMPLING_WRONG_CASE
static_assert(all_cases_ok<tracewire_test::threshold_checker>(), "threshold table");
static_assert(all_cases_ok<tracewire_test::ratio_checker>(), "ratio validation table");
static_assert(all_cases_ok<tracewire_test::probability_checker>(), "probability decisions");
static_assert(all_cases_ok<tracewire_test::legacy_checker>(), "legacy algorithm vectors");
#else
// A deliberately wrong row must break the build (the CMake test expects the failure): the Go
// algorithm keeps ffff...7fff at 0.5, so claiming a drop is wrong.
namespace probe {
inline constexpr tracewire_test::legacy_case wrong[] = {
    {tw::legacy_algorithm::go, 0.5, "ffffffffffffffff7fffffffffffffff", false}};
struct wrong_probe {
  static constexpr std::size_t count = 1;
  static constexpr bool check(std::size_t i) noexcept {
    const auto s = tw::legacy_ratio_any::create(wrong[i].algorithm, wrong[i].ratio);
    const bool ok = s->keeps(*tw::trace_id::from_hex(wrong[i].trace)) == wrong[i].keep;
    if (!ok) tracewire_test::case_failed(i);
    return ok;
  }
};
}  // namespace probe
static_assert(all_cases_ok<probe::wrong_probe>(), "must not compile");
#endif

namespace {

constexpr tw::trace_id id_of(std::string_view hex) { return *tw::trace_id::from_hex(hex); }

constexpr tw::span_context context_of(std::string_view trace, bool sampled, bool remote,
                                      std::string_view tracestate = "") {
  tw::span_context c;
  c.trace_id = id_of(trace);
  c.span_id = tw::span_id::from_u64(1);
  c.flags = tw::trace_flags(static_cast<std::uint8_t>((sampled ? 1u : 0u) | 2u));
  c.remote = remote;
  static_cast<void>(c.tracestate.assign(tracestate));
  return c;
}

template <class Sampler>
constexpr tw::sampling_decision decide_root(const Sampler& s, std::string_view trace) {
  const auto p = tw::sampling_parameters::root(id_of(trace), tw::trace_flags(2), "GET /");
  tw::tracestate ts;
  return s.should_sample(p, ts);
}

// The parent is copied into the evaluation (GCC refuses to compare the address of a temporary
// that outlives the call with nullptr in a constant expression).
template <class Sampler>
constexpr tw::sampling_result decide_child(const Sampler& s, tw::span_context parent) {
  return tw::sample(s, tw::sampling_parameters::child_of(parent, "child"));
}

constexpr auto keep = tw::sampling_decision::record_and_sample;
constexpr auto drop = tw::sampling_decision::drop;
constexpr auto record = tw::sampling_decision::record_only;

constexpr std::string_view kHigh = "0000000000000000ffffffffffffffff";  // R = 2^56 - 1
constexpr std::string_view kLow = "00000000000000000000000000000001";   // R = 1

// --- always_on / always_off / always_record -----------------------------------------------------
static_assert(decide_root(tw::always_on{}, kLow) == keep);
static_assert(decide_root(tw::always_off{}, kHigh) == drop);
static_assert(decide_root(tw::always_record<tw::always_off>{}, kHigh) == record);
static_assert(decide_root(tw::always_record<tw::always_on>{}, kHigh) == keep);
static_assert(tw::description(tw::always_on{}).view() == "AlwaysOnSampler");
static_assert(tw::description(tw::always_off{}).view() == "AlwaysOffSampler");
static_assert(tw::description(tw::always_record<tw::always_off>{}).view() ==
              "AlwaysRecord{AlwaysOffSampler}");

// --- probability_sampler -----------------------------------------------------------------------
constexpr tw::probability_sampler kTenth = *tw::probability_sampler::create(0.1);
static_assert(kTenth.threshold() == 0xe6666666666666u);
static_assert(decide_root(kTenth, kHigh) == keep && decide_root(kTenth, kLow) == drop);
static_assert(tw::sample(kTenth,
                         tw::sampling_parameters::root(id_of(kHigh), tw::trace_flags(2), "x"))
                  .tracestate.view() == "ot=th:e6666666666666");
static_assert(tw::description(kTenth).view() == "TraceIdRatioBased{0.1}");
static_assert(tw::description(*tw::probability_sampler::create(1.0 / 3.0)).view() ==
              "TraceIdRatioBased{0.3333333333333333}");
static_assert(tw::description(*tw::probability_sampler::create(0x1p-56)).view() ==
              "TraceIdRatioBased{0.000000000000000013877787807814457}");
static_assert(tw::description(tw::probability_sampler{}).view() == "TraceIdRatioBased{0}");
static_assert(!tw::probability_sampler::create(0.5, tw::threshold_precision{0}).has_value());
static_assert(!tw::probability_sampler::create(0.5, tw::threshold_precision{15}).has_value());
// Consistency: a higher ratio never has a higher threshold.
static_assert(tw::ratio_to_threshold(0.11) < tw::ratio_to_threshold(0.1) &&
              tw::ratio_to_threshold(0.1) < tw::ratio_to_threshold(0.0999999999));
static_assert(tw::threshold_to_probability(0x80000000000000u) == 0.5);

// --- parent_based: the five branches ------------------------------------------------------------
// Root 0.1 and four distinguishable delegates: each branch's decision and description prove which
// delegate ran.
using branchy = tw::parent_based<tw::probability_sampler, tw::always_off, tw::always_on,
                                 tw::always_record<tw::always_off>, tw::always_on>;
constexpr branchy kBranchy{kTenth};
static_assert(decide_root(kBranchy, kHigh) == keep && decide_root(kBranchy, kLow) == drop);
static_assert(decide_child(kBranchy, context_of(kHigh, true, true)).decision == drop);
static_assert(decide_child(kBranchy, context_of(kHigh, false, true)).decision == keep);
static_assert(decide_child(kBranchy, context_of(kHigh, true, false)).decision == record);
static_assert(decide_child(kBranchy, context_of(kHigh, false, false)).decision == keep);
// Spec defaults: follow the parent.
constexpr tw::parent_based kDefault{kTenth};
static_assert(decide_child(kDefault, context_of(kLow, true, true)).decision == keep);
static_assert(decide_child(kDefault, context_of(kHigh, false, true)).decision == drop);
static_assert(decide_child(kDefault, context_of(kLow, true, false)).decision == keep);
static_assert(decide_child(kDefault, context_of(kHigh, false, false)).decision == drop);
// The parent's tracestate passes through untouched with the default delegates.
static_assert(decide_child(kDefault, context_of(kLow, true, true, "a=1,ot=th:8;rv:00000000000001"))
                  .tracestate.view() == "a=1,ot=th:8;rv:00000000000001");
// A parent whose context is invalid is a root.
static_assert(decide_root(kDefault, kLow) == drop);
static_assert(tw::description(kDefault).view() ==
              "ParentBased{root:TraceIdRatioBased{0.1},remoteParentSampled:AlwaysOnSampler,"
              "remoteParentNotSampled:AlwaysOffSampler,localParentSampled:AlwaysOnSampler,"
              "localParentNotSampled:AlwaysOffSampler}");

// --- parent_threshold ----------------------------------------------------------------------------
constexpr tw::parent_threshold kThreshold{kTenth};
// consistent sampled parent: th kept
static_assert(decide_child(kThreshold, context_of(kHigh, true, true, "ot=th:8"))
                  .tracestate.view() == "ot=th:8");
// sampled but R < th: inconsistent, erased
static_assert(decide_child(kThreshold, context_of(kLow, true, true, "ot=th:8,x=y"))
                  .tracestate.view() == "x=y");
// not sampled: drop, th erased, rv kept
static_assert(decide_child(kThreshold, context_of(kLow, false, true, "ot=th:8;rv:00000000000001"))
                  .tracestate.view() == "ot=rv:00000000000001");
static_assert(decide_child(kThreshold, context_of(kLow, false, true)).decision == drop);
// sampled without th: kept, no th invented
static_assert(decide_child(kThreshold, context_of(kLow, true, false, "x=y")).tracestate.view() ==
              "x=y");

// --- rule_based ----------------------------------------------------------------------------------
constexpr tw::rule_based<tw::probability_sampler> make_rules() {
  tw::rule_based<tw::probability_sampler> r;
  static_cast<void>(r.add(tw::rule_predicate::attribute_in("user.tier", {"premium", "vip"}),
                          *tw::probability_sampler::create(1.0)));
  static_cast<void>(r.add(tw::rule_predicate::name_is("/health"), tw::probability_sampler{}));
  static_cast<void>(r.add(tw::rule_predicate::always(), kTenth));
  return r;
}
constexpr tw::attribute kVip[] = {{"user.tier", "vip"}};
constexpr tw::sampling_decision decide_rules(std::string_view name, tw::attributes_view attrs) {
  auto p = tw::sampling_parameters::root(id_of(kLow), tw::trace_flags(2), name);
  p.attributes = attrs;
  tw::tracestate ts;
  return make_rules().should_sample(p, ts);
}
static_assert(decide_rules("GET /", kVip) == keep);
static_assert(decide_rules("GET /", {}) == drop);
static_assert(decide_rules("/health", {}) == drop);
static_assert(make_rules().size() == 3);

// --- configured_sampler (runtime form) is constexpr too
// ---------------------------------------------
constexpr tw::configured_sampler kConfigured =
    *tw::configured_sampler::create(tw::sampler_name::parentbased_traceidratio, 0.1);
static_assert(decide_root(kConfigured, kHigh) == keep && decide_root(kConfigured, kLow) == drop);
static_assert(decide_child(kConfigured, context_of(kLow, true, true)).decision == keep);
static_assert(tw::description(kConfigured).view() == tw::description(kDefault).view());

// --- the protocol --------------------------------------------------------------------------------
static_assert(tw::is_sampler_v<tw::always_on> && tw::is_sampler_v<tw::probability_sampler> &&
              tw::is_sampler_v<tw::legacy_ratio_java> && tw::is_sampler_v<branchy> &&
              tw::is_sampler_v<tw::rule_based<tw::probability_sampler>> &&
              tw::is_sampler_v<tw::configured_sampler>);
static_assert(!tw::is_sampler_v<int> && !tw::is_sampler_v<tw::trace_id>);
static_assert(std::is_trivially_copyable_v<tw::probability_sampler> &&
                  std::is_trivially_copyable_v<tw::legacy_ratio_go> &&
                  std::is_trivially_copyable_v<tw::parent_based<tw::probability_sampler>>,
              "samplers are plain values");
static_assert(noexcept(kTenth.should_sample(std::declval<const tw::sampling_parameters&>(),
                                            std::declval<tw::tracestate&>())),
              "decisions never throw");

}  // namespace

int main() { return 0; }
