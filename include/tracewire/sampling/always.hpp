// SPDX-License-Identifier: Apache-2.0
//
// tracewire/sampling/always.hpp: AlwaysOn, AlwaysOff and AlwaysRecord (OpenTelemetry SDK,
// "Built-in samplers").
//
// Contract
// - always_on returns record_and_sample, always_off returns drop; neither reads nor changes the
//   tracestate (the spec's AlwaysOn/AlwaysOff return the passed-in tracestate). A sampled span
//   without `th` is "non-probabilistic" (tracestate-probability-sampling: adjusted count not
//   defined); use probability_sampler with ratio 1 to write `th:0`.
// - always_record<S> asks S and turns drop into record_only, so span processors see every span
//   while only S's choice is exported (the spec's AlwaysRecord decorator).
// - Descriptions: "AlwaysOnSampler", "AlwaysOffSampler" (both MUST per the spec),
//   "AlwaysRecord{<S>}".
#ifndef TRACEWIRE_SAMPLING_ALWAYS_HPP
#define TRACEWIRE_SAMPLING_ALWAYS_HPP

#include <utility>

#include "tracewire/config.hpp"
#include "tracewire/sampling/sampler.hpp"

TRACEWIRE_BEGIN_NAMESPACE

struct always_on {
  template <class Params>
  constexpr sampling_decision should_sample(const Params&,
                                            typename Params::tracestate_type&) const noexcept {
    return sampling_decision::record_and_sample;
  }
  constexpr void describe(description_writer& out) const noexcept { out.append("AlwaysOnSampler"); }
};

struct always_off {
  template <class Params>
  constexpr sampling_decision should_sample(const Params&,
                                            typename Params::tracestate_type&) const noexcept {
    return sampling_decision::drop;
  }
  constexpr void describe(description_writer& out) const noexcept {
    out.append("AlwaysOffSampler");
  }
};

template <class Sampler>
class always_record {
 public:
  constexpr always_record() noexcept = default;
  constexpr explicit always_record(Sampler s) noexcept : sampler_(std::move(s)) {}

  template <class Params>
  constexpr sampling_decision should_sample(const Params& p,
                                            typename Params::tracestate_type& ts) const noexcept {
    const sampling_decision d = sampler_.should_sample(p, ts);
    return d == sampling_decision::drop ? sampling_decision::record_only : d;
  }
  constexpr void describe(description_writer& out) const noexcept {
    out.append("AlwaysRecord{");
    sampler_.describe(out);
    out.put('}');
  }
  constexpr const Sampler& delegate() const noexcept { return sampler_; }

 private:
  Sampler sampler_{};
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_SAMPLING_ALWAYS_HPP
