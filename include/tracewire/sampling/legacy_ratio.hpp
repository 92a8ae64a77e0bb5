// SPDX-License-Identifier: Apache-2.0
//
// tracewire/sampling/legacy_ratio.hpp: the TraceIdRatioBased algorithms of the OpenTelemetry SDKs
// as they were written before the consistent sampler, each reproduced bit for bit (including its
// double rounding), so a C++ service keeps exactly the traces its neighbour in another language
// keeps.
//
// Contract
// - legacy_ratio<A>::create(ratio) validates like probability_sampler (check_ratio: NaN, negative,
//   above 1 and (0, 2^-56) are errors); each SDK's own clamping of bad input is not reproduced.
// - should_sample() reads only the trace-id, exactly as the SDK named by A, and never touches the
//   tracestate (none of these SDKs writes one) nor the parent's flags.
// - The algorithms (ids are big-endian bytes; `hi` = bytes 0-7, `lo` = bytes 8-15):
//     go            Go SDK >= 1.12 and Rust:  (lo >> 1) < uint64(p * 2^63); p >= 1 always
//     go_pre_1_12   Go SDK < 1.12:            (hi >> 1) < uint64(p * 2^63); p >= 1 always
//     python        Python:                   lo < round_half_even(p * 2^64)
//     java          Java:                     abs(int64(lo)) < int64(p * 2^63) (0 -> INT64_MIN,
//                                             1 -> INT64_MAX); abs(INT64_MIN) stays negative
//     dotnet        .NET:                     the same on int64(hi); abs(INT64_MIN) throws
//                                             OverflowException in .NET: reported as drop
//     erlang        Erlang:                   (lo & (2^63-1)) < p * 2^63 compared exactly
//                                             (0 -> 0, 1 -> 2^63-1); trace-id 0 drops
//     javascript    JavaScript:               xor of the four 32-bit words < floor(p * 0xffffffff)
//                                             (a double product); an invalid trace-id drops
//     cpp           C++ SDK >= 1.23:          C(double(hi) / 2^64) <= C(p) and C(p) != 0, with
//                                             C = CalculateThreshold (doubles, see below);
//                                             evaluated as hi <= a cutoff computed from that
//                                             arithmetic at construction (proof at cpp_cutoff)
//     cpp_pre_1_23  C++ SDK < 1.23:           the same with bytes 0-7 in host order (memcpy)
// - Where shared/ANCHORS.md differs from the SDK source, the source wins: JavaScript at p = 1
//   keeps xor < 0xffffffff, so an id whose words xor to 0xffffffff is dropped; .NET takes
//   Math.Abs of the signed high long (not a mask of the sign bit).
// - Description: "LegacyTraceIdRatioBased{<sdk>,<ratio>}" naming the SDK whose algorithm runs.
#ifndef TRACEWIRE_SAMPLING_LEGACY_RATIO_HPP
#define TRACEWIRE_SAMPLING_LEGACY_RATIO_HPP

#include <cstdint>
#include <cstring>
#include <string_view>

#include "tracewire/config.hpp"
#include "tracewire/error.hpp"
#include "tracewire/ids.hpp"
#include "tracewire/sampling/sampler.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// Which SDK's TraceIdRatioBased to reproduce.
enum class legacy_algorithm : std::uint8_t {
  go,            ///< opentelemetry-go >= 1.12 (also opentelemetry-rust)
  go_pre_1_12,   ///< opentelemetry-go < 1.12
  python,        ///< opentelemetry-python
  java,          ///< opentelemetry-java
  dotnet,        ///< opentelemetry-dotnet
  erlang,        ///< opentelemetry-erlang
  javascript,    ///< opentelemetry-js
  cpp,           ///< opentelemetry-cpp >= 1.23
  cpp_pre_1_23,  ///< opentelemetry-cpp < 1.23 (host byte order)
};

/// The SDK an algorithm comes from, as it appears in descriptions.
constexpr std::string_view legacy_algorithm_name(legacy_algorithm a) noexcept {
  switch (a) {
    case legacy_algorithm::go:
      return "opentelemetry-go>=1.12";
    case legacy_algorithm::go_pre_1_12:
      return "opentelemetry-go<1.12";
    case legacy_algorithm::python:
      return "opentelemetry-python";
    case legacy_algorithm::java:
      return "opentelemetry-java";
    case legacy_algorithm::dotnet:
      return "opentelemetry-dotnet";
    case legacy_algorithm::erlang:
      return "opentelemetry-erlang";
    case legacy_algorithm::javascript:
      return "opentelemetry-js";
    case legacy_algorithm::cpp:
      return "opentelemetry-cpp>=1.23";
    case legacy_algorithm::cpp_pre_1_23:
      return "opentelemetry-cpp<1.23";
  }
  return "?";
}

namespace detail {

/// What each algorithm precomputes from the ratio: one 64-bit bound, plus "keep everything" for
/// the SDKs whose bound does not fit (Go's AlwaysSample for p >= 1, Python's 2^64).
struct legacy_bound {
  std::uint64_t bound = 0;
  bool all = false;
  bool none = false;  // opentelemetry-cpp's threshold_ == 0
};

/// opentelemetry-cpp sdk/src/trace/samplers/trace_id_ratio.cc, CalculateThreshold(): the
/// product with UINT32_MAX as a double, its integer part as the high 32 bits, and
/// `ldexp(modf(product), 32) + product` (one rounded double addition) as the low part.
constexpr std::uint64_t cpp_calculate_threshold(double ratio) noexcept {
  if (ratio <= 0.0) return 0;
  if (ratio >= 1.0) return UINT64_MAX;
  const double product = 4294967295.0 * ratio;  // `UINT32_MAX * ratio`
  const double hi_bits = static_cast<double>(static_cast<std::uint64_t>(product));  // modf
  const double lo_bits = (product - hi_bits) * 4294967296.0 + product;  // ldexp(frac, 32) + product
  return (static_cast<std::uint64_t>(hi_bits) << 32) + static_cast<std::uint64_t>(lo_bits);
}

/// opentelemetry-cpp CalculateThresholdFromBuffer(): the 8 bytes as a double ratio of UINT64_MAX,
/// which as a double is 2^64 (so the division is exact after the conversion's rounding).
constexpr std::uint64_t cpp_threshold_of_id(std::uint64_t res) noexcept {
  return cpp_calculate_threshold(static_cast<double>(res) / 18446744073709551616.0);
}

/// opentelemetry-cpp ShouldSample() as written: `threshold_ != 0 &&
/// CalculateThresholdFromBuffer(trace_id) <= threshold_`, for the 8 bytes read as `res`.
constexpr bool cpp_keep_direct(std::uint64_t threshold, std::uint64_t res) noexcept {
  return threshold != 0 && cpp_threshold_of_id(res) <= threshold;
}

/// The largest `res` that cpp_keep_direct() keeps (threshold != 0). The kept ids are exactly
/// [0, cutoff]: the conversion to double, the division by 2^64 and CalculateThreshold() are each
/// monotone non-decreasing (within one integer part of `product` the low part grows with the
/// fraction; across an integer k the value before is at most k*2^32 + k - 2^11, the value at k is
/// k*2^32 + k, because the fraction's gap to 1 is at least one ulp of `product`, 2^-21). So the
/// per-decision double arithmetic reduces to one integer comparison with the same result; the
/// tests compare both forms around every cutoff.
constexpr std::uint64_t cpp_cutoff(std::uint64_t threshold) noexcept {
  std::uint64_t lo = 0, hi = UINT64_MAX;  // cpp_keep_direct(threshold, 0) holds: 0 <= threshold
  while (lo < hi) {
    const std::uint64_t mid = lo + (hi - lo) / 2 + 1;
    if (cpp_keep_direct(threshold, mid)) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

/// Bytes 0-7 as memcpy into a uint64_t reads them on this host: little-endian unless the compiler
/// says otherwise.
constexpr std::uint64_t host_order_high(const trace_id& id) noexcept {
#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return id_high(id);
#else
  if (!is_constant_evaluated()) {
    std::uint64_t v = 0;
    std::memcpy(&v, id.data(), 8);
    return v;
  }
  std::uint64_t v = 0;
  for (std::size_t i = 8; i > 0; --i) v = (v << 8) | id.bytes()[i - 1];
  return v;
#endif
}

constexpr legacy_bound make_legacy_bound(legacy_algorithm a, double p) noexcept {
  legacy_bound b;
  switch (a) {
    case legacy_algorithm::go:
    case legacy_algorithm::go_pre_1_12:
      // opentelemetry-go sdk/trace/sampling.go TraceIDRatioBased(): fraction >= 1 returns
      // AlwaysSample(); else traceIDUpperBound = uint64(fraction * (1 << 63)) (exact product,
      // truncating conversion).
      if (p >= 1.0) {
        b.all = true;
      } else {
        b.bound = static_cast<std::uint64_t>(p * 0x1p63);
      }
      break;
    case legacy_algorithm::python: {
      // opentelemetry-python sampling.py TraceIdRatioBased.get_bound_for_rate():
      // round(rate * (TRACE_ID_LIMIT + 1)); Python's round() of a float is half-to-even.
      const double x = p * 0x1p64;
      if (x >= 0x1p64) {
        b.all = true;  // bound 2^64: every 64-bit value is below it
      } else if (x >= 0x1p53) {
        b.bound = static_cast<std::uint64_t>(x);  // already an integer
      } else {
        std::uint64_t fl = static_cast<std::uint64_t>(x);
        const double frac = x - static_cast<double>(fl);
        if (frac > 0.5 || (frac == 0.5 && (fl & 1u) != 0)) ++fl;
        b.bound = fl;
      }
      break;
    }
    case legacy_algorithm::java:
    case legacy_algorithm::dotnet:
      // opentelemetry-java TraceIdRatioBasedSampler.create() and opentelemetry-dotnet
      // TraceIdRatioBasedSampler(): 0.0 -> Long.MIN_VALUE, 1.0 -> Long.MAX_VALUE, else
      // (long)(ratio * Long.MAX_VALUE), where Long.MAX_VALUE as a double is 2^63.
      if (p == 0.0) {
        b.bound = std::uint64_t{1} << 63;  // INT64_MIN as bits
      } else if (p == 1.0) {
        b.bound = (std::uint64_t{1} << 63) - 1;
      } else {
        b.bound = static_cast<std::uint64_t>(p * 0x1p63);
      }
      break;
    case legacy_algorithm::erlang: {
      // opentelemetry-erlang otel_sampler_trace_id_ratio_based.erl setup(): 0.0 -> 0,
      // 1.0 -> ?MAX_VALUE, else P * ?MAX_VALUE, a float (?MAX_VALUE converts to 2^63). Erlang
      // compares an integer with a float exactly, so `X < F` is `X < ceil(F)`.
      if (p == 0.0) {
        b.bound = 0;
      } else if (p == 1.0) {
        b.bound = (std::uint64_t{1} << 63) - 1;
      } else {
        const double f = p * 0x1p63;
        const std::uint64_t fl = static_cast<std::uint64_t>(f);
        b.bound = static_cast<double>(fl) == f ? fl : fl + 1;
      }
      break;
    }
    case legacy_algorithm::javascript:
      // opentelemetry-js TraceIdRatioBasedSampler.ts constructor:
      // Math.floor(this._ratio * 0xffffffff), the product rounded as a double first.
      b.bound = static_cast<std::uint64_t>(p * 4294967295.0);
      break;
    case legacy_algorithm::cpp:
    case legacy_algorithm::cpp_pre_1_23: {
      // opentelemetry-cpp TraceIdRatioBasedSampler(): threshold_(CalculateThreshold(ratio)); the
      // decision is precomputed as the cutoff of the kept ids (see cpp_cutoff).
      const std::uint64_t threshold = cpp_calculate_threshold(p);
      b.none = threshold == 0;
      b.bound = b.none ? 0 : cpp_cutoff(threshold);
      break;
    }
  }
  return b;
}

TRACEWIRE_FORCE_INLINE constexpr bool legacy_keep(legacy_algorithm a, const legacy_bound& b,
                                                  const trace_id& id) noexcept {
  switch (a) {
    case legacy_algorithm::go:
      // sampling.go traceIDRatioSampler.ShouldSample():
      // x := binary.BigEndian.Uint64(p.TraceID[8:16]) >> 1; if x < ts.traceIDUpperBound
      return b.all || (detail::id_low(id) >> 1) < b.bound;
    case legacy_algorithm::go_pre_1_12:
      // Before 1.12: binary.BigEndian.Uint64(p.TraceID[0:8]) >> 1
      return b.all || (detail::id_high(id) >> 1) < b.bound;
    case legacy_algorithm::python:
      // sampling.py should_sample(): if trace_id & self.TRACE_ID_LIMIT < self.bound
      return b.all || detail::id_low(id) < b.bound;
    case legacy_algorithm::java: {
      // TraceIdRatioBasedSampler.shouldSample():
      // Math.abs(TraceIdHex.getTraceIdRandomPart(traceId)) < getIdUpperBound(), the random part
      // being the low 8 bytes as a signed long; Math.abs(Long.MIN_VALUE) is Long.MIN_VALUE.
      const std::uint64_t x = detail::id_low(id);
      const std::uint64_t magnitude = (x >> 63) != 0 ? 0 - x : x;  // two's complement abs
      return static_cast<std::int64_t>(magnitude) < static_cast<std::int64_t>(b.bound);
    }
    case legacy_algorithm::dotnet: {
      // TraceIdRatioBasedSampler.ShouldSample(): Math.Abs(GetLowerLong(traceIdBytes)) <
      // this.idUpperBound; GetLowerLong() folds bytes 0-7, big-endian, into a signed long.
      const std::uint64_t x = detail::id_high(id);
      if (x == (std::uint64_t{1} << 63)) return false;  // Math.Abs throws OverflowException
      const std::uint64_t magnitude = (x >> 63) != 0 ? 0 - x : x;
      return static_cast<std::int64_t>(magnitude) < static_cast<std::int64_t>(b.bound);
    }
    case legacy_algorithm::erlang: {
      // otel_sampler_trace_id_ratio_based.erl decide(): decide(0, _) -> ?DROP; Lower64Bits =
      // TraceId band ?MAX_VALUE; erlang:abs(Lower64Bits) < IdUpperBound
      const std::uint64_t hi = id_high(id), lo = id_low(id);
      return (hi | lo) != 0 && (lo & ((std::uint64_t{1} << 63) - 1)) < b.bound;
    }
    case legacy_algorithm::javascript: {
      // TraceIdRatioBasedSampler.ts shouldSample(): isValidTraceId(traceId) &&
      // this._accumulate(traceId) < this._upperBound; _accumulate XORs the four 8-hex-digit
      // words (`(accumulation ^ part) >>> 0`).
      const std::uint64_t hi = id_high(id), lo = id_low(id);
      const std::uint64_t x = hi ^ lo;
      const std::uint64_t acc = (x ^ (x >> 32)) & 0xFFFFFFFFu;
      return (hi | lo) != 0 && acc < b.bound;  // isValidTraceId: not all zero
    }
    case legacy_algorithm::cpp:
      // trace_id_ratio.cc ShouldSample(): if (threshold_ == 0) DROP;
      // if (CalculateThresholdFromBuffer(trace_id) <= threshold_) RECORD_AND_SAMPLE
      // (bytes 0-7 big-endian since 1.23), as the equivalent cutoff comparison.
      return !b.none && id_high(id) <= b.bound;
    case legacy_algorithm::cpp_pre_1_23:
      // Before 1.23: std::memcpy(&res, &trace_id, 8), i.e. host byte order.
      return !b.none && host_order_high(id) <= b.bound;
  }
  return false;
}

/// "LegacyTraceIdRatioBased{<sdk>,<ratio>}", the description of both legacy sampler forms.
constexpr void describe_legacy(description_writer& out, legacy_algorithm a, double ratio) noexcept {
  out.append("LegacyTraceIdRatioBased{");
  out.append(legacy_algorithm_name(a));
  out.put(',');
  out.append_ratio(ratio);
  out.put('}');
}

}  // namespace detail

/// One SDK's TraceIdRatioBased, chosen at compile time.
template <legacy_algorithm Algorithm>
class legacy_ratio {
 public:
  static constexpr legacy_algorithm algorithm = Algorithm;

  /// Keeps nothing (ratio 0); the state of a default-constructed result.
  constexpr legacy_ratio() noexcept : bound_(detail::make_legacy_bound(Algorithm, 0.0)) {}

  static constexpr result<legacy_ratio> create(double ratio) noexcept {
    if (const errc e = check_ratio(ratio); e != errc::ok) return e;
    legacy_ratio s;
    s.ratio_ = ratio;
    s.bound_ = detail::make_legacy_bound(Algorithm, ratio);
    return s;
  }

  template <class Params>
  constexpr sampling_decision should_sample(const Params& p,
                                            typename Params::tracestate_type&) const noexcept {
    return keeps(p.trace_id) ? sampling_decision::record_and_sample : sampling_decision::drop;
  }

  /// The decision for a trace-id alone.
  constexpr bool keeps(const trace_id& id) const noexcept {
    return detail::legacy_keep(Algorithm, bound_, id);
  }

  constexpr void describe(description_writer& out) const noexcept {
    detail::describe_legacy(out, Algorithm, ratio_);
  }

  constexpr double ratio() const noexcept { return ratio_; }

 private:
  double ratio_ = 0.0;
  detail::legacy_bound bound_;
};

using legacy_ratio_go = legacy_ratio<legacy_algorithm::go>;
using legacy_ratio_rust = legacy_ratio<legacy_algorithm::go>;
using legacy_ratio_go_pre_1_12 = legacy_ratio<legacy_algorithm::go_pre_1_12>;
using legacy_ratio_python = legacy_ratio<legacy_algorithm::python>;
using legacy_ratio_java = legacy_ratio<legacy_algorithm::java>;
using legacy_ratio_dotnet = legacy_ratio<legacy_algorithm::dotnet>;
using legacy_ratio_erlang = legacy_ratio<legacy_algorithm::erlang>;
using legacy_ratio_javascript = legacy_ratio<legacy_algorithm::javascript>;
using legacy_ratio_cpp = legacy_ratio<legacy_algorithm::cpp>;
using legacy_ratio_cpp_pre_1_23 = legacy_ratio<legacy_algorithm::cpp_pre_1_23>;

/// The same algorithms chosen at run time (configuration by name): one switch per decision.
class legacy_ratio_any {
 public:
  constexpr legacy_ratio_any() noexcept = default;

  static constexpr result<legacy_ratio_any> create(legacy_algorithm a, double ratio) noexcept {
    if (const errc e = check_ratio(ratio); e != errc::ok) return e;
    legacy_ratio_any s;
    s.algorithm_ = a;
    s.ratio_ = ratio;
    s.bound_ = detail::make_legacy_bound(a, ratio);
    return s;
  }

  template <class Params>
  constexpr sampling_decision should_sample(const Params& p,
                                            typename Params::tracestate_type&) const noexcept {
    return keeps(p.trace_id) ? sampling_decision::record_and_sample : sampling_decision::drop;
  }
  constexpr bool keeps(const trace_id& id) const noexcept {
    return detail::legacy_keep(algorithm_, bound_, id);
  }
  constexpr void describe(description_writer& out) const noexcept {
    detail::describe_legacy(out, algorithm_, ratio_);
  }

  constexpr legacy_algorithm algorithm() const noexcept { return algorithm_; }
  constexpr double ratio() const noexcept { return ratio_; }

 private:
  legacy_algorithm algorithm_ = legacy_algorithm::go;
  double ratio_ = 0.0;
  detail::legacy_bound bound_{};  // Go at ratio 0: bound 0, keeps nothing
};

/// The algorithm named `name` (the enumerator's spelling, e.g. "go", "java", "cpp_pre_1_23", or
/// "rust" for go); false if none.
constexpr bool parse_legacy_algorithm(std::string_view name, legacy_algorithm& out) noexcept {
  struct entry {
    std::string_view name;
    legacy_algorithm a;
  };
  constexpr entry table[] = {{"go", legacy_algorithm::go},
                             {"rust", legacy_algorithm::go},
                             {"go_pre_1_12", legacy_algorithm::go_pre_1_12},
                             {"python", legacy_algorithm::python},
                             {"java", legacy_algorithm::java},
                             {"dotnet", legacy_algorithm::dotnet},
                             {"erlang", legacy_algorithm::erlang},
                             {"javascript", legacy_algorithm::javascript},
                             {"js", legacy_algorithm::javascript},
                             {"cpp", legacy_algorithm::cpp},
                             {"cpp_pre_1_23", legacy_algorithm::cpp_pre_1_23}};
  for (const entry& e : table) {
    if (e.name == name) {
      out = e.a;
      return true;
    }
  }
  return false;
}

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_SAMPLING_LEGACY_RATIO_HPP
