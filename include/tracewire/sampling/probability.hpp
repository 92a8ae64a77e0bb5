// SPDX-License-Identifier: Apache-2.0
//
// tracewire/sampling/probability.hpp: the consistent probability sampler (OpenTelemetry SDK
// "TraceIdRatioBased", tracestate-probability-sampling.md, OTEP 235).
//
// Contract
// - create(ratio) validates strictly: NaN, negative, above 1 and (0, 2^-56) are errors, each with
//   its errc (check_ratio); 0 gives a sampler that never keeps. Nothing is clamped or replaced.
// - Threshold, in integer arithmetic on the exact value of the double: T = 2^56 -
//   round_half_up(ratio * 2^56) (full precision, the default). With threshold_precision{d} the
//   spec's recommended rounding applies instead: d significant hex digits, one more for each
//   leading `f` ("Converting floating-point probability to threshold value": precision + exp/-4
//   with frexp's exp), rounding 1 - ratio half up, at most 14 digits; d = 4 is the spec's
//   recommendation and reproduces its table (0.1 -> e666, 0.01 -> fd70a). The rounded T is the one
//   compared and written, so decisions and `th` always agree.
// - Decision: R = `rv` from the `ot` entry when well-formed, else the low 56 bits of the trace-id
//   (bytes 9-15, big-endian); keep iff R >= T. On keep `th:T` is written into `ot` (other sub-keys
//   and other vendors' entries are kept); on drop `th` is erased (and an empty `ot`). `rv` is never
//   written or removed. The parent's sampled flag is ignored (the spec: TraceIdRatioBased MUST
//   ignore it; put this sampler behind parent_based or parent_threshold for children).
// - A higher ratio has a lower or equal threshold, so it keeps a superset (consistency).
// - Diagnostics (if a hook is set): randomness_presumed when R came from a trace-id whose random
//   flag is not set; ratio_sampler_for_child when the span has a parent; threshold_not_written when
//   `ot` could not take `th`.
// - Description: "TraceIdRatioBased{<ratio>}" with the shortest decimal that reads back as the
//   configured double (spec: GetDescription "TraceIdRatioBased{RATIO}").
#ifndef TRACEWIRE_SAMPLING_PROBABILITY_HPP
#define TRACEWIRE_SAMPLING_PROBABILITY_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tracewire/config.hpp"
#include "tracewire/error.hpp"
#include "tracewire/sampling/ot_tracestate.hpp"
#include "tracewire/sampling/sampler.hpp"

#ifndef TRACEWIRE_SAMPLING_NOINLINE
#  if defined(__GNUC__) || defined(__clang__)
#    define TRACEWIRE_SAMPLING_NOINLINE __attribute__((noinline))
#  elif defined(_MSC_VER)
#    define TRACEWIRE_SAMPLING_NOINLINE __declspec(noinline)
#  else
#    define TRACEWIRE_SAMPLING_NOINLINE
#  endif
#endif

TRACEWIRE_BEGIN_NAMESPACE

/// How many significant hex digits of the threshold to keep (1-14). `full` keeps all 56 bits.
struct threshold_precision {
  std::uint8_t digits = 14;

  static constexpr threshold_precision full() noexcept { return threshold_precision{14}; }
  /// The spec's recommendation for SDKs ("OpenTelemetry SDKs are recommended to use 4 digits").
  static constexpr threshold_precision recommended() noexcept { return threshold_precision{4}; }

  friend constexpr bool operator==(threshold_precision a, threshold_precision b) noexcept {
    return a.digits == b.digits;
  }
};

/// The 56-bit rejection threshold of `ratio`, which must pass check_ratio (0 gives 2^56, which
/// rejects everything).
constexpr std::uint64_t ratio_to_threshold(
    double ratio, threshold_precision precision = threshold_precision::full()) noexcept {
  TRACEWIRE_ASSERT(check_ratio(ratio) == errc::ok);
  if (!(ratio > 0.0)) return max_adjusted_count;
  if (ratio >= 1.0) return 0;
  const detail::u128 p = detail::ratio_times_2_108(ratio);  // exact
  unsigned digits = precision.digits;
  if (digits < 1) digits = 1;
  if (digits >= 14) {
    // T = 2^56 - round_half_up(ratio * 2^56); ratio * 2^56 = p / 2^52.
    const std::uint64_t kept = (p + detail::u128::pow2(51)).shr(52).lo;
    return max_adjusted_count - kept;
  }
  // The spec's precision rule: one more digit per 4 binary orders of magnitude below 1/2, so that
  // leading `f` digits do not eat the precision. frexp(ratio) = m * 2^exp with m in [0.5, 1).
  const int exp = static_cast<int>(p.bit_width()) - 108;
  digits += static_cast<unsigned>(-exp / 4);
  if (digits > 14) digits = 14;
  // Round (1 - ratio) half up to `digits` hex digits; (1 - ratio) * 2^108 is exact.
  const unsigned shift = 108 - 4 * digits;
  const detail::u128 q = detail::u128::pow2(108) - p;
  std::uint64_t rounded = (q + detail::u128::pow2(shift - 1)).shr(shift).lo;
  const std::uint64_t limit = std::uint64_t{1} << (4 * digits);
  if (rounded >= limit) rounded = limit - 1;  // as the spec's code: never round up to 2^56
  return rounded << (56 - 4 * digits);
}

/// The sampling probability a threshold stands for: (2^56 - T) / 2^56.
constexpr double threshold_to_probability(std::uint64_t t) noexcept {
  return static_cast<double>(max_adjusted_count - t) * 0x1p-56;
}

class probability_sampler {
 public:
  /// A sampler that keeps nothing (ratio 0); the state of a default-constructed result.
  constexpr probability_sampler() noexcept = default;

  /// The sampler for `ratio`, or the rule the ratio breaks (see check_ratio).
  static constexpr result<probability_sampler> create(
      double ratio, threshold_precision precision = threshold_precision::full(),
      diagnostic_hook hook = {}) noexcept {
    if (const errc e = check_ratio(ratio); e != errc::ok) return e;
    if (precision.digits < 1 || precision.digits > 14) return errc::sampler_argument_invalid;
    probability_sampler s;
    s.ratio_ = ratio;
    s.threshold_ = ratio_to_threshold(ratio, precision);
    s.hook_ = hook;
    // `ot=th:<T>` once, here: a keep on an empty tracestate only assigns it.
    const threshold_text th = encode_threshold(s.threshold_ & (max_adjusted_count - 1));
    for (std::size_t i = 0; i < th.size; ++i) s.member_[6 + i] = th.chars[i];
    s.member_size_ = static_cast<std::uint8_t>(6 + th.size);
    return s;
  }

  template <class Params>
  constexpr sampling_decision should_sample(const Params& p,
                                            typename Params::tracestate_type& ts) const noexcept {
    if (TRACEWIRE_LIKELY(ts.empty()) && hook_.function == nullptr) {
      // A new root's usual case: no `rv` to read, no `th` to erase, nothing to report; on keep
      // the tracestate becomes the precomputed `ot=th:T`.
      if (detail::id_low56(p.trace_id) < threshold_) return sampling_decision::drop;
      static_cast<void>(ts.assign(std::string_view(member_, member_size_)));
      return sampling_decision::record_and_sample;
    }
    return should_sample_general(p, ts);
  }

  /// The decision alone, for a randomness value already known (no tracestate involved).
  constexpr bool keeps(std::uint64_t randomness) const noexcept { return randomness >= threshold_; }

  constexpr void describe(description_writer& out) const noexcept {
    out.append("TraceIdRatioBased{");
    out.append_ratio(ratio_);
    out.put('}');
  }

  constexpr double ratio() const noexcept { return ratio_; }
  /// The rejection threshold; 2^56 for ratio 0.
  constexpr std::uint64_t threshold() const noexcept { return threshold_; }
  constexpr diagnostic_hook hook() const noexcept { return hook_; }
  constexpr void set_hook(diagnostic_hook h) noexcept { hook_ = h; }

 private:
  template <class Params>
  TRACEWIRE_SAMPLING_NOINLINE constexpr sampling_decision should_sample_general(
      const Params& p, typename Params::tracestate_type& ts) const noexcept {
    if (TRACEWIRE_UNLIKELY(static_cast<bool>(hook_)) && p.has_parent()) {
      hook_(sampling_diagnostic::ratio_sampler_for_child);
    }
    const ot_fields f = read_ot(ts);
    std::uint64_t r = f.rv;
    if (!f.rv_valid) {
      r = detail::id_low56(p.trace_id);
      if (TRACEWIRE_UNLIKELY(static_cast<bool>(hook_)) && !p.flags.random()) {
        hook_(sampling_diagnostic::randomness_presumed);
      }
    }
    if (r >= threshold_) {
      if (!set_threshold(ts, f, threshold_)) hook_(sampling_diagnostic::threshold_not_written);
      return sampling_decision::record_and_sample;
    }
    erase_threshold(ts, f);
    return sampling_decision::drop;
  }

  double ratio_ = 0.0;
  std::uint64_t threshold_ = max_adjusted_count;
  diagnostic_hook hook_{};
  char member_[6 + 14]{'o', 't', '=', 't', 'h', ':', '0'};  // `ot=th:<T>`, written on keep
  std::uint8_t member_size_ = 7;
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_SAMPLING_PROBABILITY_HPP
