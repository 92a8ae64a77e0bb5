// SPDX-License-Identifier: Apache-2.0
//
// tracewire/sampling/parent_based.hpp: ParentBased (OpenTelemetry SDK, "ParentBased") and
// parent_threshold, the parent-following sampler of consistent probability sampling
// (ComposableParentThreshold; tracestate-probability-sampling "Parent-based threshold").
//
// Contract
// - parent_based<Root, RemoteSampled, RemoteNotSampled, LocalSampled, LocalNotSampled> calls
//   exactly one delegate, chosen by the spec's table: no valid parent -> Root; remote parent
//   sampled / not sampled; local parent sampled / not sampled. Defaults are the spec's: AlwaysOn
//   for sampled parents, AlwaysOff for unsampled ones. Composition is at compile time: each
//   delegate is a member of its own type and the dispatch is two branches. The tracestate is
//   whatever the chosen delegate leaves (the defaults leave it untouched).
// - parent_threshold<Root>: no valid parent -> Root. Otherwise the decision follows the parent's
//   sampled flag and the parent's `th` travels on, subject to the spec's general requirements:
//   a malformed `th`, or one the decision contradicts (sampled while R < th, where R is `rv` or
//   the trace-id's low 56 bits), is erased; an unsampled child erases `th` as the probability
//   sampler does on drop; a sampled parent without `th` yields no `th`. Nothing else changes.
// - Descriptions: "ParentBased{root:R,remoteParentSampled:A,remoteParentNotSampled:B,
//   localParentSampled:C,localParentNotSampled:D}" (the form the Go, Java and Python SDKs use) and
//   "ParentThreshold{root:R}".
#ifndef TRACEWIRE_SAMPLING_PARENT_BASED_HPP
#define TRACEWIRE_SAMPLING_PARENT_BASED_HPP

#include <utility>

#include "tracewire/config.hpp"
#include "tracewire/sampling/always.hpp"
#include "tracewire/sampling/ot_tracestate.hpp"
#include "tracewire/sampling/sampler.hpp"

TRACEWIRE_BEGIN_NAMESPACE

template <class Root, class RemoteSampled = always_on, class RemoteNotSampled = always_off,
          class LocalSampled = always_on, class LocalNotSampled = always_off>
class parent_based {
 public:
  constexpr parent_based() noexcept = default;
  constexpr explicit parent_based(Root root, RemoteSampled remote_sampled = {},
                                  RemoteNotSampled remote_not_sampled = {},
                                  LocalSampled local_sampled = {},
                                  LocalNotSampled local_not_sampled = {}) noexcept
      : root_(std::move(root)),
        remote_sampled_(std::move(remote_sampled)),
        remote_not_sampled_(std::move(remote_not_sampled)),
        local_sampled_(std::move(local_sampled)),
        local_not_sampled_(std::move(local_not_sampled)) {}

  template <class Params>
  constexpr sampling_decision should_sample(const Params& p,
                                            typename Params::tracestate_type& ts) const noexcept {
    if (!p.has_parent()) return root_.should_sample(p, ts);
    const bool sampled = p.parent->sampled();
    if (p.parent->remote) {
      return sampled ? remote_sampled_.should_sample(p, ts)
                     : remote_not_sampled_.should_sample(p, ts);
    }
    return sampled ? local_sampled_.should_sample(p, ts) : local_not_sampled_.should_sample(p, ts);
  }

  constexpr void describe(description_writer& out) const noexcept {
    out.append("ParentBased{root:");
    root_.describe(out);
    out.append(",remoteParentSampled:");
    remote_sampled_.describe(out);
    out.append(",remoteParentNotSampled:");
    remote_not_sampled_.describe(out);
    out.append(",localParentSampled:");
    local_sampled_.describe(out);
    out.append(",localParentNotSampled:");
    local_not_sampled_.describe(out);
    out.put('}');
  }

  constexpr const Root& root() const noexcept { return root_; }
  constexpr const RemoteSampled& remote_parent_sampled() const noexcept { return remote_sampled_; }
  constexpr const RemoteNotSampled& remote_parent_not_sampled() const noexcept {
    return remote_not_sampled_;
  }
  constexpr const LocalSampled& local_parent_sampled() const noexcept { return local_sampled_; }
  constexpr const LocalNotSampled& local_parent_not_sampled() const noexcept {
    return local_not_sampled_;
  }

 private:
  Root root_{};
  RemoteSampled remote_sampled_{};
  RemoteNotSampled remote_not_sampled_{};
  LocalSampled local_sampled_{};
  LocalNotSampled local_not_sampled_{};
};

template <class Root>
parent_based(Root) -> parent_based<Root>;
template <class Root, class RS, class RNS, class LS, class LNS>
parent_based(Root, RS, RNS, LS, LNS) -> parent_based<Root, RS, RNS, LS, LNS>;

template <class Root>
class parent_threshold {
 public:
  constexpr parent_threshold() noexcept = default;
  constexpr explicit parent_threshold(Root root) noexcept : root_(std::move(root)) {}

  template <class Params>
  constexpr sampling_decision should_sample(const Params& p,
                                            typename Params::tracestate_type& ts) const noexcept {
    if (!p.has_parent()) return root_.should_sample(p, ts);
    const bool sampled = p.parent->sampled();
    const ot_fields f = read_ot(ts);
    if (f.has_th) {
      // Spec "General requirements": erase an apparently inconsistent (or unreadable) threshold.
      const std::uint64_t r = f.rv_valid ? f.rv : detail::id_low56(p.trace_id);
      if (!sampled || !f.th_valid || r < f.th) erase_threshold(ts, f);
    }
    return sampled ? sampling_decision::record_and_sample : sampling_decision::drop;
  }

  constexpr void describe(description_writer& out) const noexcept {
    out.append("ParentThreshold{root:");
    root_.describe(out);
    out.put('}');
  }

  constexpr const Root& root() const noexcept { return root_; }

 private:
  Root root_{};
};

template <class Root>
parent_threshold(Root) -> parent_threshold<Root>;

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_SAMPLING_PARENT_BASED_HPP
