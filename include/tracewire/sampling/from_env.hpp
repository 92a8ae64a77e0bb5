// SPDX-License-Identifier: Apache-2.0
//
// tracewire/sampling/from_env.hpp: the runtime-configured sampler of the standard environment
// variables OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG (OpenTelemetry "SDK environment
// variables", General SDK configuration).
//
// Contract
// - configured_sampler is one of always_on, always_off, traceidratio, parentbased_always_on,
//   parentbased_always_off, parentbased_traceidratio, chosen at run time: a small value, one
//   switch per decision, the same decisions and descriptions as the compile-time compositions
//   (parent_based<probability_sampler> and so on). Its ratio sampler is probability_sampler
//   (the spec's TraceIdRatioBased) unless ratio_options names a legacy SDK algorithm.
// - from_env(sampler, arg) takes the two variable values as strings (tests need no environment);
//   from_env() reads them with std::getenv. Names are matched case-insensitively after trimming
//   spaces and tabs; an empty or unset name is the spec default, parentbased_always_on. The
//   argument is used by the two ratio samplers only (default 1.0 when empty), and must be a whole
//   decimal number.
// - Errors never leave the caller without a sampler: the result holds the sampler the spec says to
//   use ("Invalid or unrecognized input MUST be logged and MUST be ignored", i.e. behave as if
//   unset) together with the errc saying what was wrong:
//     sampler_unknown_name       a name this library does not implement (jaeger_remote and xray
//                                included); the sampler is parentbased_always_on
//     sampler_argument_invalid   an argument that is not a number; the ratio is 1.0
//     sampler_ratio_not_a_number, sampler_ratio_negative, sampler_ratio_above_one,
//     sampler_ratio_below_minimum  a number that is not a valid ratio; the ratio is 1.0
// - Parsing is not a hot path and is not constexpr; decisions are both.
#ifndef TRACEWIRE_SAMPLING_FROM_ENV_HPP
#define TRACEWIRE_SAMPLING_FROM_ENV_HPP

#include <cstdint>
#include <cstdlib>
#include <string_view>

#if defined(__has_include)
#  if __has_include(<charconv>)
#    include <charconv>
#  endif
#endif

#include "tracewire/config.hpp"
#include "tracewire/error.hpp"
#include "tracewire/sampling/always.hpp"
#include "tracewire/sampling/legacy_ratio.hpp"
#include "tracewire/sampling/parent_based.hpp"
#include "tracewire/sampling/probability.hpp"
#include "tracewire/sampling/sampler.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// The OTEL_TRACES_SAMPLER values this library implements.
enum class sampler_name : std::uint8_t {
  always_on,
  always_off,
  traceidratio,
  parentbased_always_on,
  parentbased_always_off,
  parentbased_traceidratio,
};

/// Which ratio algorithm the traceidratio samplers run.
struct ratio_options {
  bool legacy = false;  ///< false: probability_sampler (the spec's consistent sampler)
  legacy_algorithm algorithm = legacy_algorithm::go;            ///< when legacy
  threshold_precision precision = threshold_precision::full();  ///< when not legacy
};

class configured_sampler {
 public:
  /// parentbased_always_on, the spec's default sampler.
  constexpr configured_sampler() noexcept = default;

  /// The sampler `name` with `ratio` (ignored by the samplers that take none).
  static constexpr result<configured_sampler> create(sampler_name name, double ratio = 1.0,
                                                     ratio_options options = {}) noexcept {
    configured_sampler s;
    s.name_ = name;
    if (name == sampler_name::traceidratio || name == sampler_name::parentbased_traceidratio) {
      s.legacy_ = options.legacy;
      if (options.legacy) {
        const result<legacy_ratio_any> r = legacy_ratio_any::create(options.algorithm, ratio);
        if (!r) return r.error();
        s.legacy_ratio_ = *r;
      } else {
        const result<probability_sampler> r = probability_sampler::create(ratio, options.precision);
        if (!r) return r.error();
        s.ratio_ = *r;
      }
    }
    return s;
  }

  template <class Params>
  constexpr sampling_decision should_sample(const Params& p,
                                            typename Params::tracestate_type& ts) const noexcept {
    switch (name_) {
      case sampler_name::always_on:
        return sampling_decision::record_and_sample;
      case sampler_name::always_off:
        return sampling_decision::drop;
      case sampler_name::traceidratio:
        return ratio_decision(p, ts);
      case sampler_name::parentbased_always_on:
      case sampler_name::parentbased_always_off:
      case sampler_name::parentbased_traceidratio:
        break;
    }
    // ParentBased with the spec's default delegates for parents.
    if (p.has_parent()) {
      return p.parent->sampled() ? sampling_decision::record_and_sample : sampling_decision::drop;
    }
    if (name_ == sampler_name::parentbased_always_on) return sampling_decision::record_and_sample;
    if (name_ == sampler_name::parentbased_always_off) return sampling_decision::drop;
    return ratio_decision(p, ts);
  }

  constexpr void describe(description_writer& out) const noexcept {
    switch (name_) {
      case sampler_name::always_on:
        always_on{}.describe(out);
        return;
      case sampler_name::always_off:
        always_off{}.describe(out);
        return;
      case sampler_name::traceidratio:
        describe_ratio(out);
        return;
      case sampler_name::parentbased_always_on:
      case sampler_name::parentbased_always_off:
      case sampler_name::parentbased_traceidratio:
        break;
    }
    out.append("ParentBased{root:");
    if (name_ == sampler_name::parentbased_always_on) {
      always_on{}.describe(out);
    } else if (name_ == sampler_name::parentbased_always_off) {
      always_off{}.describe(out);
    } else {
      describe_ratio(out);
    }
    out.append(
        ",remoteParentSampled:AlwaysOnSampler,remoteParentNotSampled:AlwaysOffSampler,"
        "localParentSampled:AlwaysOnSampler,localParentNotSampled:AlwaysOffSampler}");
  }

  constexpr sampler_name name() const noexcept { return name_; }
  constexpr bool legacy() const noexcept { return legacy_; }
  /// The ratio of the traceidratio samplers (1 for the others).
  constexpr double ratio() const noexcept {
    if (name_ != sampler_name::traceidratio && name_ != sampler_name::parentbased_traceidratio) {
      return 1.0;
    }
    return legacy_ ? legacy_ratio_.ratio() : ratio_.ratio();
  }

 private:
  template <class Params>
  constexpr sampling_decision ratio_decision(const Params& p,
                                             typename Params::tracestate_type& ts) const noexcept {
    return legacy_ ? legacy_ratio_.should_sample(p, ts) : ratio_.should_sample(p, ts);
  }
  constexpr void describe_ratio(description_writer& out) const noexcept {
    if (legacy_) {
      legacy_ratio_.describe(out);
    } else {
      ratio_.describe(out);
    }
  }

  sampler_name name_ = sampler_name::parentbased_always_on;
  bool legacy_ = false;
  probability_sampler ratio_{};
  legacy_ratio_any legacy_ratio_{};
};

/// What from_env() found: a sampler that is always usable, and the first problem met.
struct sampler_config {
  configured_sampler sampler;
  errc error = errc::ok;
  constexpr explicit operator bool() const noexcept { return error == errc::ok; }
};

namespace detail {

constexpr std::string_view trim_config_ows(std::string_view s) noexcept {
  std::size_t b = 0, e = s.size();
  while (b < e && is_ows(s[b])) ++b;
  while (e > b && is_ows(s[e - 1])) --e;
  return std::string_view(s.data() + b, e - b);
}

constexpr bool equal_ignoring_case(std::string_view a, std::string_view lower) noexcept {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char c = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (c != lower[i]) return false;
  }
  return true;
}

/// The whole of `s` as a double; false if it is not exactly one number.
inline bool parse_double(std::string_view s, double& out) noexcept {
  if (s.empty()) return false;
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
  const char* first = s.data();
  if (*first == '+') ++first;  // from_chars refuses a leading '+', strtod accepts it
  const std::from_chars_result r = std::from_chars(first, s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
#else
  // Without floating-point from_chars: plain decimals whose value is exact as the quotient of two
  // doubles (at most 15 significant digits and 22 decimals; Clinger's fast path), else refuse.
  std::size_t i = 0;
  bool negative = false;
  if (s[i] == '+' || s[i] == '-') negative = s[i++] == '-';
  std::uint64_t mantissa = 0;
  int digits = 0, decimals = 0;
  bool dot = false, any = false;
  for (; i < s.size(); ++i) {
    if (s[i] == '.' && !dot) {
      dot = true;
      continue;
    }
    if (s[i] < '0' || s[i] > '9') return false;
    any = true;
    if (mantissa == 0 && s[i] == '0') {
      if (dot) ++decimals;
      continue;
    }
    if (++digits > 15) return false;
    mantissa = mantissa * 10 + static_cast<std::uint64_t>(s[i] - '0');
    if (dot) ++decimals;
  }
  if (!any || decimals > 22) return false;
  double scale = 1.0;
  for (int k = 0; k < decimals; ++k) scale *= 10.0;
  out = static_cast<double>(mantissa) / scale;
  if (negative) out = -out;
  return true;
#endif
}

}  // namespace detail

/// The sampler that OTEL_TRACES_SAMPLER = `name` and OTEL_TRACES_SAMPLER_ARG = `arg` configure.
inline sampler_config from_env(std::string_view name, std::string_view arg,
                               ratio_options options = {}) noexcept {
  struct known {
    std::string_view text;
    sampler_name value;
  };
  constexpr known names[] = {
      {"always_on", sampler_name::always_on},
      {"always_off", sampler_name::always_off},
      {"traceidratio", sampler_name::traceidratio},
      {"parentbased_always_on", sampler_name::parentbased_always_on},
      {"parentbased_always_off", sampler_name::parentbased_always_off},
      {"parentbased_traceidratio", sampler_name::parentbased_traceidratio},
  };
  sampler_config out;
  name = detail::trim_config_ows(name);
  sampler_name chosen = sampler_name::parentbased_always_on;
  if (!name.empty()) {
    bool found = false;
    for (const known& k : names) {
      if (detail::equal_ignoring_case(name, k.text)) {
        chosen = k.value;
        found = true;
        break;
      }
    }
    if (!found) {
      out.error = errc::sampler_unknown_name;
      return out;  // the default sampler
    }
  }
  double ratio = 1.0;
  if (chosen == sampler_name::traceidratio || chosen == sampler_name::parentbased_traceidratio) {
    arg = detail::trim_config_ows(arg);
    if (!arg.empty()) {
      double parsed = 0.0;
      if (!detail::parse_double(arg, parsed)) {
        out.error = errc::sampler_argument_invalid;
      } else if (const errc e = check_ratio(parsed); e != errc::ok) {
        out.error = e;
      } else {
        ratio = parsed;
      }
    }
  }
  const result<configured_sampler> s = configured_sampler::create(chosen, ratio, options);
  if (s) {
    out.sampler = *s;
  } else if (out.error == errc::ok) {
    out.error = s.error();  // only an invalid ratio_options precision gets here
  }
  return out;
}

/// from_env() on the process environment (std::getenv; not safe against a concurrent setenv).
inline sampler_config from_env(ratio_options options = {}) noexcept {
  const char* name = std::getenv("OTEL_TRACES_SAMPLER");
  const char* arg = std::getenv("OTEL_TRACES_SAMPLER_ARG");
  return from_env(name != nullptr ? std::string_view(name) : std::string_view(),
                  arg != nullptr ? std::string_view(arg) : std::string_view(), options);
}

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_SAMPLING_FROM_ENV_HPP
