// SPDX-License-Identifier: Apache-2.0
//
// The sampler decisions as exported, non-inlined functions for the symbol check (see
// hot_paths.cpp): none may reference an allocation function, a throw, abort or printf.
#include <cstdint>

#include "tracewire/sampling/always.hpp"
#include "tracewire/sampling/from_env.hpp"
#include "tracewire/sampling/legacy_ratio.hpp"
#include "tracewire/sampling/ot_tracestate.hpp"
#include "tracewire/sampling/parent_based.hpp"
#include "tracewire/sampling/probability.hpp"
#include "tracewire/sampling/rate_limited.hpp"
#include "tracewire/sampling/rule_based.hpp"

#define TW_HOT_EXPORT __attribute__((noinline, used))

namespace tw_hot {

namespace tw = tracewire;
using params = tw::sampling_parameters;
using decision = tw::sampling_decision;

// --- built-in samplers ------------------------------------------------------------------------
TW_HOT_EXPORT decision sample_always_on(const params& p, tw::tracestate& ts) noexcept {
  return tw::always_on{}.should_sample(p, ts);
}
TW_HOT_EXPORT decision sample_always_off(const params& p, tw::tracestate& ts) noexcept {
  return tw::always_off{}.should_sample(p, ts);
}
TW_HOT_EXPORT decision sample_always_record(const tw::always_record<tw::probability_sampler>& s,
                                            const params& p, tw::tracestate& ts) noexcept {
  return s.should_sample(p, ts);
}
TW_HOT_EXPORT decision sample_probability(const tw::probability_sampler& s, const params& p,
                                          tw::tracestate& ts) noexcept {
  return s.should_sample(p, ts);
}
TW_HOT_EXPORT decision sample_parent_based(const tw::parent_based<tw::probability_sampler>& s,
                                           const params& p, tw::tracestate& ts) noexcept {
  return s.should_sample(p, ts);
}
TW_HOT_EXPORT decision
sample_parent_threshold(const tw::parent_threshold<tw::probability_sampler>& s, const params& p,
                        tw::tracestate& ts) noexcept {
  return s.should_sample(p, ts);
}
TW_HOT_EXPORT decision sample_rule_based(const tw::rule_based<tw::probability_sampler>& s,
                                         const params& p, tw::tracestate& ts) noexcept {
  return s.should_sample(p, ts);
}
TW_HOT_EXPORT decision sample_rate_limited(const tw::rate_limited<>& s, const params& p,
                                           tw::tracestate& ts) noexcept {
  return s.should_sample(p, ts);
}
TW_HOT_EXPORT decision sample_configured(const tw::configured_sampler& s, const params& p,
                                         tw::tracestate& ts) noexcept {
  return s.should_sample(p, ts);
}

// --- legacy algorithms ------------------------------------------------------------------------
TW_HOT_EXPORT bool legacy_go(const tw::legacy_ratio_go& s, const tw::trace_id& id) noexcept {
  return s.keeps(id);
}
TW_HOT_EXPORT bool legacy_go_pre_1_12(const tw::legacy_ratio_go_pre_1_12& s,
                                      const tw::trace_id& id) noexcept {
  return s.keeps(id);
}
TW_HOT_EXPORT bool legacy_python(const tw::legacy_ratio_python& s,
                                 const tw::trace_id& id) noexcept {
  return s.keeps(id);
}
TW_HOT_EXPORT bool legacy_java(const tw::legacy_ratio_java& s, const tw::trace_id& id) noexcept {
  return s.keeps(id);
}
TW_HOT_EXPORT bool legacy_dotnet(const tw::legacy_ratio_dotnet& s,
                                 const tw::trace_id& id) noexcept {
  return s.keeps(id);
}
TW_HOT_EXPORT bool legacy_erlang(const tw::legacy_ratio_erlang& s,
                                 const tw::trace_id& id) noexcept {
  return s.keeps(id);
}
TW_HOT_EXPORT bool legacy_javascript(const tw::legacy_ratio_javascript& s,
                                     const tw::trace_id& id) noexcept {
  return s.keeps(id);
}
TW_HOT_EXPORT bool legacy_cpp(const tw::legacy_ratio_cpp& s, const tw::trace_id& id) noexcept {
  return s.keeps(id);
}
TW_HOT_EXPORT bool legacy_cpp_pre_1_23(const tw::legacy_ratio_cpp_pre_1_23& s,
                                       const tw::trace_id& id) noexcept {
  return s.keeps(id);
}
TW_HOT_EXPORT bool legacy_any(const tw::legacy_ratio_any& s, const tw::trace_id& id) noexcept {
  return s.keeps(id);
}

// --- the ot entry -----------------------------------------------------------------------------
TW_HOT_EXPORT bool ot_set_threshold(tw::tracestate& ts, std::uint64_t t) noexcept {
  return tw::set_threshold(ts, t);
}
TW_HOT_EXPORT void ot_erase_threshold(tw::tracestate& ts) noexcept { tw::erase_threshold(ts); }

}  // namespace tw_hot
