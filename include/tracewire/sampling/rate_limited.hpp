// SPDX-License-Identifier: Apache-2.0
//
// tracewire/sampling/rate_limited.hpp: at most N sampled traces per second, to protect an exporter
// from bursts. Lock-free and allocation-free.
//
// Contract
// - rate_limit::per_second(n) validates n (a positive, finite number of traces per second whose
//   interval is at least 1 ns; else errc::sampler_rate_invalid). Bursts of up to max(1, floor(n))
//   traces are allowed, then one per 1/n seconds (the generic cell rate algorithm: one atomic
//   64-bit "theoretical arrival time", advanced by compare-and-swap).
// - rate_limited<Sampler, Clock> asks Sampler first; only a record_and_sample decision consumes a
//   slot, and when none is left the decision becomes drop. Kept or not, `th` is erased: past a
//   rate limit the sampling probability is unknown (tracestate-probability-sampling, "General
//   requirements": such stages must erase the threshold). Other decisions pass through unchanged.
// - Put it at the root (parent_based<rate_limited<...>>): limiting children would cut traces.
// - Clock is any type with a static now() returning a std::chrono::time_point (default
//   std::chrono::steady_clock); should_sample_at() takes the time in nanoseconds instead, for
//   deterministic tests. Decisions are not constant expressions (atomics), everything else is.
// - Not copyable or movable (it owns an atomic); share one instance between threads.
// - Description: "RateLimited{<n>/s,<Sampler>}".
#ifndef TRACEWIRE_SAMPLING_RATE_LIMITED_HPP
#define TRACEWIRE_SAMPLING_RATE_LIMITED_HPP

#include <atomic>
#include <chrono>
#include <cstdint>
#include <utility>

#include "tracewire/config.hpp"
#include "tracewire/error.hpp"
#include "tracewire/sampling/always.hpp"
#include "tracewire/sampling/ot_tracestate.hpp"
#include "tracewire/sampling/sampler.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// A validated rate: the interval between traces and the burst tolerance, in nanoseconds.
class rate_limit {
 public:
  constexpr rate_limit() noexcept = default;

  static constexpr result<rate_limit> per_second(double n) noexcept {
    // `!(n > 0)` also rejects NaN; 1e9 per second is one per nanosecond, the clock's resolution.
    if (!(n > 0.0) || !(n <= 1e9)) return errc::sampler_rate_invalid;
    rate_limit r;
    r.per_second_ = n;
    const double interval = 1e9 / n;
    if (!(interval < 9.2e18)) return errc::sampler_rate_invalid;  // fits in an int64 of ns
    r.interval_ns_ = static_cast<std::uint64_t>(interval + 0.5);
    const double burst = n < 1.0 ? 1.0 : static_cast<double>(static_cast<std::uint64_t>(n));
    r.tolerance_ns_ = static_cast<std::uint64_t>(burst - 1.0) * r.interval_ns_;
    return r;
  }

  constexpr double traces_per_second() const noexcept { return per_second_; }
  constexpr std::uint64_t interval_ns() const noexcept { return interval_ns_; }
  constexpr std::uint64_t tolerance_ns() const noexcept { return tolerance_ns_; }

 private:
  double per_second_ = 1.0;
  std::uint64_t interval_ns_ = 1000000000;
  std::uint64_t tolerance_ns_ = 0;
};

template <class Sampler = always_on, class Clock = std::chrono::steady_clock>
class rate_limited {
 public:
  constexpr explicit rate_limited(rate_limit limit, Sampler s = {}) noexcept
      : sampler_(std::move(s)), limit_(limit) {}
  rate_limited(const rate_limited&) = delete;
  rate_limited& operator=(const rate_limited&) = delete;

  template <class Params>
  sampling_decision should_sample(const Params& p,
                                  typename Params::tracestate_type& ts) const noexcept {
    return decide(p, ts, [] {
      return static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
              .count());
    });
  }

  /// should_sample() at time `now_ns` (nanoseconds on any monotonic scale).
  template <class Params>
  sampling_decision should_sample_at(const Params& p, typename Params::tracestate_type& ts,
                                     std::uint64_t now_ns) const noexcept {
    return decide(p, ts, [now_ns] { return now_ns; });
  }

  /// Takes one slot at `now_ns` if one is free.
  bool try_acquire(std::uint64_t now_ns) const noexcept {
    // relaxed: the arrival time guards no other memory; the CAS alone orders the slots.
    std::uint64_t tat = next_.load(std::memory_order_relaxed);
    for (;;) {
      const std::uint64_t start = tat > now_ns ? tat : now_ns;
      if (start - now_ns > limit_.tolerance_ns()) return false;
      // relaxed on both paths: a failed CAS reloads `tat`, and no data is published with it.
      if (next_.compare_exchange_weak(tat, start + limit_.interval_ns(), std::memory_order_relaxed,
                                      std::memory_order_relaxed)) {
        return true;
      }
    }
  }

  void describe(description_writer& out) const noexcept {
    out.append("RateLimited{");
    // Whole rates as integers, others with three decimals ("0.500/s").
    const double n = limit_.traces_per_second();
    const auto milli = static_cast<std::uint64_t>(n * 1000.0 + 0.5);
    out.append_uint(milli / 1000);
    if (milli % 1000 != 0 || static_cast<double>(milli / 1000) != n) {
      out.put('.');
      out.put(static_cast<char>('0' + milli / 100 % 10));
      out.put(static_cast<char>('0' + milli / 10 % 10));
      out.put(static_cast<char>('0' + milli % 10));
    }
    out.append("/s,");
    sampler_.describe(out);
    out.put('}');
  }

  constexpr const rate_limit& limit() const noexcept { return limit_; }
  constexpr const Sampler& delegate() const noexcept { return sampler_; }

 private:
  template <class Params, class Now>
  sampling_decision decide(const Params& p, typename Params::tracestate_type& ts,
                           Now now) const noexcept {
    const sampling_decision d = sampler_.should_sample(p, ts);
    if (d != sampling_decision::record_and_sample) return d;
    erase_threshold(ts);
    return try_acquire(now()) ? d : sampling_decision::drop;
  }

  static_assert(std::atomic<std::uint64_t>::is_always_lock_free,
                "rate_limited must never take a lock");

  Sampler sampler_;
  rate_limit limit_;
  alignas(cache_line) mutable std::atomic<std::uint64_t> next_{0};
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_SAMPLING_RATE_LIMITED_HPP
