// SPDX-License-Identifier: Apache-2.0
//
// tests/sampling/sampling_cases.hpp: the sampler case tables, each written once and checked both
// at compile time (sampling_ct.cpp, one constant evaluation per case) and at run time
// (test_sampling.cpp). Expected values come from the specifications and from each SDK's source
// line (cited per table), worked out by hand or with Python's fractions module, never from
// tracewire itself.
#ifndef TRACEWIRE_TESTS_SAMPLING_SAMPLING_CASES_HPP
#define TRACEWIRE_TESTS_SAMPLING_SAMPLING_CASES_HPP

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

#include "case_support.hpp"
#include "tracewire/sampling/legacy_ratio.hpp"
#include "tracewire/sampling/probability.hpp"

namespace tracewire_test {

namespace tw = ::tracewire;

// --- thresholds ----------------------------------------------------------------------------------
// tracestate-probability-sampling.md: 0.5 -> 8, 0.25 -> c, 1 -> 0 (th:0), the precision table for
// precision 4 (1/3 -> aaab, 0.2 -> cccd, 0.1 -> e666, 0.01 -> fd70a, ... 1e-6 -> ffffef39); full
// precision: T = 2^56 - floor(p * 2^56 + 1/2) on the exact double (Python fractions).
struct threshold_case {
  double ratio;
  std::uint8_t digits;  // threshold_precision
  std::string_view th;
};

inline constexpr threshold_case threshold_cases[] = {
    {1.0, 14, "0"},
    {0.5, 14, "8"},
    {0.25, 14, "c"},
    {0.125, 14, "e"},
    {0.0625, 14, "f"},
    {0.1, 14, "e6666666666666"},
    {0.2, 14, "cccccccccccccc"},
    {1.0 / 3.0, 14, "aaaaaaaaaaaaac"},
    {0.01, 14, "fd70a3d70a3d71"},
    {0.999999, 14, "000010c6f7a0b8"},  // leading zeros kept: pad to 14, then strip
    {0x1p-56, 14, "ffffffffffffff"},
    {1.0, 4, "0"},
    {0.5, 4, "8"},
    {1.0 / 3.0, 4, "aaab"},
    {0.25, 4, "c"},
    {0.2, 4, "cccd"},
    {0.125, 4, "e"},
    {0.1, 4, "e666"},
    {0.0625, 4, "f"},
    {0.01, 4, "fd70a"},
    {0.001, 4, "ffbe77"},
    {0.0001, 4, "fff9724"},
    {0.00001, 4, "ffff583a"},
    {0.000001, 4, "ffffef39"},
    {1.0 / 3.0, 3, "aab"},
    {0.2, 5, "ccccd"},
    {0.01, 5, "fd70a4"},
};

struct threshold_checker {
  static constexpr std::size_t count = sizeof threshold_cases / sizeof threshold_cases[0];
  static constexpr bool check(std::size_t i) noexcept {
    const threshold_case& c = threshold_cases[i];
    const auto s = tw::probability_sampler::create(c.ratio, tw::threshold_precision{c.digits});
    bool ok = s.has_value() && tw::encode_threshold(s->threshold()).view() == c.th;
    // decode(encode(T)) == T: the written value is the one compared
    std::uint64_t back = 0;
    ok = ok && tw::decode_threshold(c.th, back) && back == s->threshold();
    if (!ok) case_failed(i);
    return ok;
  }
};

// --- ratio validation
// -----------------------------------------------------------------------------
struct ratio_case {
  double ratio;
  tw::errc expected;
};

inline constexpr ratio_case ratio_cases[] = {
    {0.0, tw::errc::ok},
    {-0.0, tw::errc::ok},
    {0x1p-56, tw::errc::ok},
    {1.0, tw::errc::ok},
    {0.5, tw::errc::ok},
    {0x1p-57, tw::errc::sampler_ratio_below_minimum},
    {0x1.fffffffffffffp-57, tw::errc::sampler_ratio_below_minimum},  // just below 2^-56
    {0x1p-1074, tw::errc::sampler_ratio_below_minimum},              // smallest subnormal
    {-0x1p-1074, tw::errc::sampler_ratio_negative},
    {-0.5, tw::errc::sampler_ratio_negative},
    {-std::numeric_limits<double>::infinity(), tw::errc::sampler_ratio_negative},
    {0x1.0000000000001p0, tw::errc::sampler_ratio_above_one},  // just above 1
    {std::numeric_limits<double>::infinity(), tw::errc::sampler_ratio_above_one},
};

struct ratio_checker {
  static constexpr std::size_t count = sizeof ratio_cases / sizeof ratio_cases[0];
  static constexpr bool check(std::size_t i) noexcept {
    const ratio_case& c = ratio_cases[i];
    const auto p = tw::probability_sampler::create(c.ratio);
    const auto l = tw::legacy_ratio_go::create(c.ratio);
    const bool ok =
        tw::check_ratio(c.ratio) == c.expected &&
        (c.expected == tw::errc::ok ? p.has_value() && l.has_value()
                                    : p.error() == c.expected && l.error() == c.expected);
    if (!ok) case_failed(i);
    return ok;
  }
};

// --- probability sampler decisions ---------------------------------------------------------------
// TraceIdRatioBased sampler algorithm (sdk.md): R = rv or the trace-id's low 56 bits, keep iff
// R >= T, on keep write th:T; tracestate-handling: other ot sub-keys and other entries are kept,
// an updated key moves to the left (W3C 3.5).
struct probability_case {
  double ratio;
  std::uint8_t digits;
  std::string_view trace;
  std::string_view tracestate_in;
  tw::sampling_decision decision;
  std::string_view tracestate_out;
};

inline constexpr auto keep = tw::sampling_decision::record_and_sample;
inline constexpr auto drop = tw::sampling_decision::drop;

inline constexpr probability_case probability_cases[] = {
    // ANCHORS: 4bf92f3577b34da6a3ce929d0e0e4736 at 0.5 is kept with th:8
    {0.5, 14, "4bf92f3577b34da6a3ce929d0e0e4736", "", keep, "ot=th:8"},
    // R == T keeps; R == T - 1 drops
    {0.5, 14, "00000000000000000080000000000000", "", keep, "ot=th:8"},
    {0.5, 14, "000000000000000fff7fffffffffffff", "", drop, ""},
    // byte 8 is not part of R
    {0.5, 14, "0000000000000000ff7fffffffffffff", "", drop, ""},
    // ratio 1 keeps all-zero low bits and writes th:0
    {1.0, 14, "ffffffffffffffff0000000000000000", "", keep, "ot=th:0"},
    // ratio 2^-56: only R = 2^56 - 1 (all-ones low bits) is kept
    {0x1p-56, 14, "00000000000000000000000000000001", "", drop, ""},
    {0x1p-56, 14, "0000000000000000ffffffffffffffff", "", keep, "ot=th:ffffffffffffff"},
    {0x1p-56, 14, "000000000000000000fffffffffffffe", "", drop, ""},
    // ratio 0 never keeps, not even all ones
    {0.0, 14, "ffffffffffffffffffffffffffffffff", "", drop, ""},
    // ANCHORS: ffff...ff at 0.1 is kept (th:e6666666666666), and with 4 digits th:e666
    {0.1, 14, "ffffffffffffffffffffffffffffffff", "", keep, "ot=th:e6666666666666"},
    {0.1, 4, "ffffffffffffffffffffffffffffffff", "", keep, "ot=th:e666"},
    // rv replaces the trace-id (and is never modified); other ot sub-keys and vendors are kept
    {0.5, 14, "ffffffffffffffffffffffffffffffff", "ot=rv:7fffffffffffff,vendor=x", drop,
     "ot=rv:7fffffffffffff,vendor=x"},
    {0.5, 14, "00000000000000000000000000000001", "vendor=x,ot=th:c;rv:80000000000000;foo:bar",
     keep, "ot=th:8;rv:80000000000000;foo:bar,vendor=x"},
    // drop erases th and keeps the rest; the updated ot moves to the left
    {0.25, 14, "ffffffffffffffffffffffffffffffff", "a=b,ot=th:8;rv:90000000000000;zz:1", drop,
     "ot=rv:90000000000000;zz:1,a=b"},
    // drop erases an ot left empty
    {0.5, 14, "00000000000000000000000000000001", "a=b,ot=th:8", drop, "a=b"},
    // nothing to change: the tracestate is left exactly as it was (no move to the left)
    {0.5, 14, "ffffffffffffffffffffffffffffffff", "a=b,ot=th:8", keep, "a=b,ot=th:8"},
    {0.5, 14, "00000000000000000000000000000001", "a=b,c=d", drop, "a=b,c=d"},
    // a non-canonical th with the same value is rewritten canonically
    {0.5, 14, "ffffffffffffffffffffffffffffffff", "a=b,ot=th:80", keep, "ot=th:8,a=b"},
    // malformed rv: the trace-id decides, the rv is carried verbatim
    {0.5, 14, "ffffffffffffffffffffffffffffffff", "ot=rv:xyz", keep, "ot=th:8;rv:xyz"},
    {0.5, 14, "ffffffffffffffffffffffffffffffff", "ot=rv:FFFFFFFFFFFFFF", keep,
     "ot=th:8;rv:FFFFFFFFFFFFFF"},
    // malformed th is replaced on keep and erased on drop
    {0.5, 14, "ffffffffffffffffffffffffffffffff", "ot=th:zz;p:1", keep, "ot=th:8;p:1"},
    {0.5, 14, "00000000000000000000000000000001", "ot=p:1;th:zz", drop, "ot=p:1"},
    // empty ot members are dropped when ot is rewritten
    {0.5, 14, "ffffffffffffffffffffffffffffffff", "ot=;;rv:ffffffffffffff;;", keep,
     "ot=th:8;rv:ffffffffffffff"},
};

struct probability_checker {
  static constexpr std::size_t count = sizeof probability_cases / sizeof probability_cases[0];
  static constexpr bool check(std::size_t i) noexcept {
    const probability_case& c = probability_cases[i];
    const auto s = tw::probability_sampler::create(c.ratio, tw::threshold_precision{c.digits});
    const auto id = tw::trace_id::from_hex(c.trace);
    tw::tracestate ts;
    bool ok = s.has_value() && id.has_value() && ts.assign(c.tracestate_in);
    if (ok) {
      tw::sampling_parameters p;
      p.trace_id = *id;
      p.flags = tw::trace_flags(tw::trace_flags::random_bit);
      ok = s->should_sample(p, ts) == c.decision && ts.view() == c.tracestate_out;
    }
    if (!ok) case_failed(i);
    return ok;
  }
};

// --- legacy algorithms
// ---------------------------------------------------------------------------- Each row from the
// SDK line cited in legacy_ratio.hpp, computed by hand: Go (lo >> 1) < uint64(p * 2^63); Python lo
// < round(p * 2^64); Java abs(int64(lo)) < int64(p * 2^63); .NET the same on hi; Erlang (lo &
// (2^63-1)) < p * 2^63 exactly; JS xor of 32-bit words < floor(p * 0xffffffff); C++
// CalculateThreshold(double(hi) / 2^64) <= CalculateThreshold(p).
struct legacy_case {
  tw::legacy_algorithm algorithm;
  double ratio;
  std::string_view trace;
  bool keep;
};

using la = tw::legacy_algorithm;

inline constexpr legacy_case legacy_cases[] = {
    // shared/ANCHORS.md, "Examples"
    {la::go, 0.5, "4bf92f3577b34da6a3ce929d0e0e4736", false},
    {la::cpp, 0.5, "4bf92f3577b34da6a3ce929d0e0e4736", true},
    {la::java, 0.5, "4bf92f3577b34da6a3ce929d0e0e4736", false},
    {la::javascript, 0.5, "4bf92f3577b34da6a3ce929d0e0e4736", false},
    {la::go, 0.1, "ffffffffffffffffffffffffffffffff", false},
    {la::java, 0.1, "ffffffffffffffffffffffffffffffff", true},
    {la::javascript, 0.1, "ffffffffffffffffffffffffffffffff", true},
    // Go >= 1.12: bound 2^62 at 0.5, so lo < 2^63 keeps; p = 1 is AlwaysSample; p = 0 never
    {la::go, 0.5, "ffffffffffffffff7fffffffffffffff", true},
    {la::go, 0.5, "00000000000000008000000000000000", false},
    {la::go, 1.0, "ffffffffffffffffffffffffffffffff", true},
    {la::go, 0.0, "00000000000000010000000000000000", false},
    // Go < 1.12: the same on bytes 0-7
    {la::go_pre_1_12, 0.5, "7fffffffffffffffffffffffffffffff", true},
    {la::go_pre_1_12, 0.5, "80000000000000000000000000000000", false},
    {la::go_pre_1_12, 0.5, "4bf92f3577b34da6a3ce929d0e0e4736", true},
    // Python: round-half-even of p * 2^64; 513 * 2^-65 * 2^64 = 256.5 -> 256, 515 -> 257.5 -> 258
    {la::python, 0.5, "ffffffffffffffff7fffffffffffffff", true},
    {la::python, 0.5, "00000000000000008000000000000000", false},
    {la::python, 1.0, "0000000000000000ffffffffffffffff", true},
    {la::python, 0.0, "00000000000000010000000000000000", false},
    {la::python, 513 * 0x1p-65, "000000000000000000000000000000ff", true},
    {la::python, 513 * 0x1p-65, "00000000000000000000000000000100", false},
    {la::python, 515 * 0x1p-65, "00000000000000000000000000000101", true},
    {la::python, 0x1p-56, "000000000000000000000000000000ff", true},
    {la::python, 0x1p-56, "00000000000000000000000000000100", false},
    // Java: abs of the signed low long; abs(Long.MIN_VALUE) stays negative (kept); p = 1 bound is
    // Long.MAX_VALUE (so +-MAX is dropped); p = 0 bound is Long.MIN_VALUE (nothing kept)
    {la::java, 0.5, "00000000000000003fffffffffffffff", true},
    {la::java, 0.5, "00000000000000004000000000000000", false},
    {la::java, 0.5, "0000000000000000c000000000000001", true},
    {la::java, 0.5, "0000000000000000c000000000000000", false},
    {la::java, 0.5, "00000000000000008000000000000000", true},
    {la::java, 0.0, "00000000000000008000000000000000", false},
    {la::java, 1.0, "00000000000000007fffffffffffffff", false},
    {la::java, 1.0, "00000000000000008000000000000001", false},
    {la::java, 1.0, "0000000000000000ffffffffffffffff", true},
    // .NET: the same on bytes 0-7, and Math.Abs(long.MinValue) throws (drop)
    {la::dotnet, 0.5, "3fffffffffffffff0000000000000000", true},
    {la::dotnet, 0.5, "40000000000000000000000000000000", false},
    {la::dotnet, 0.5, "c0000000000000010000000000000000", true},
    {la::dotnet, 0.5, "80000000000000000000000000000000", false},
    {la::dotnet, 0.1, "ffffffffffffffff0000000000000000", true},
    {la::dotnet, 1.0, "7fffffffffffffff0000000000000000", false},
    // Erlang: sign bit masked; exact integer/float comparison (2^7 < 2^7 + 2^-45); p = 1 bound
    // 2^63 - 1; trace-id 0 drops (tested separately: it is not a valid hex id)
    {la::erlang, 0.5, "ffffffffffffffffbfffffffffffffff", true},
    {la::erlang, 0.5, "00000000000000004000000000000000", false},
    {la::erlang, 1.0, "00000000000000007fffffffffffffff", false},
    {la::erlang, 1.0, "0000000000000000fffffffffffffffe", true},
    {la::erlang, 0x1p-56 + 0x1p-108, "00000000000000000000000000000080", true},
    {la::erlang, 0x1p-56 + 0x1p-108, "00000000000000000000000000000081", false},
    {la::erlang, 0.0, "00000000000000000000000000000001", false},
    // JS: floor(0.5 * 0xffffffff) = 2147483647; p = 1 gives 0xffffffff, so xor 0xffffffff drops
    {la::javascript, 0.5, "0000000000000000000000007ffffffe", true},
    {la::javascript, 0.5, "0000000000000000000000007fffffff", false},
    {la::javascript, 0.5, "7fffffff7fffffff7fffffff7ffffffe", true},
    {la::javascript, 1.0, "000000000000000000000000ffffffff", false},
    {la::javascript, 1.0, "000000000000000000000000fffffffe", true},
    // C++ >= 1.23: CalculateThreshold(0.5) = 2^63 - 1; 2^63, 2^63 + 511 and 2^63 + 1024 (a tie,
    // to even) convert to the double 2^63 (ratio 0.5, kept); 2^63 + 1025 rounds up and is above
    {la::cpp, 0.5, "80000000000000000000000000000000", true},
    {la::cpp, 0.5, "80000000000001ff0000000000000000", true},
    {la::cpp, 0.5, "80000000000004000000000000000000", true},
    {la::cpp, 0.5, "80000000000004010000000000000000", false},
    {la::cpp, 1.0, "ffffffffffffffffffffffffffffffff", true},
    {la::cpp, 0.0, "00000000000000000000000000000001", false},
    {la::cpp, 0.5, "0104000000000080ffffffffffffffff", true},
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    // C++ < 1.23 on a little-endian host: bytes 0-7 reversed, 0x8000000000000401 is dropped
    {la::cpp_pre_1_23, 0.5, "0104000000000080ffffffffffffffff", false},
    {la::cpp_pre_1_23, 0.5, "00000000000000800000000000000000", true},
    {la::cpp_pre_1_23, 0.5, "4bf92f3577b34da6a3ce929d0e0e4736", false},
#endif
};

struct legacy_checker {
  static constexpr std::size_t count = sizeof legacy_cases / sizeof legacy_cases[0];
  static constexpr bool check(std::size_t i) noexcept {
    const legacy_case& c = legacy_cases[i];
    const auto s = tw::legacy_ratio_any::create(c.algorithm, c.ratio);
    const auto id = tw::trace_id::from_hex(c.trace);
    bool ok = s.has_value() && id.has_value() && s->keeps(*id) == c.keep;
    // the compile-time type agrees with the runtime switch
    ok = ok && keeps_static(c.algorithm, c.ratio, *id) == c.keep;
    if (!ok) case_failed(i);
    return ok;
  }

  template <la A>
  static constexpr bool keeps_as(double ratio, const tw::trace_id& id) noexcept {
    return tw::legacy_ratio<A>::create(ratio)->keeps(id);
  }
  static constexpr bool keeps_static(la a, double ratio, const tw::trace_id& id) noexcept {
    switch (a) {
      case la::go:
        return keeps_as<la::go>(ratio, id);
      case la::go_pre_1_12:
        return keeps_as<la::go_pre_1_12>(ratio, id);
      case la::python:
        return keeps_as<la::python>(ratio, id);
      case la::java:
        return keeps_as<la::java>(ratio, id);
      case la::dotnet:
        return keeps_as<la::dotnet>(ratio, id);
      case la::erlang:
        return keeps_as<la::erlang>(ratio, id);
      case la::javascript:
        return keeps_as<la::javascript>(ratio, id);
      case la::cpp:
        return keeps_as<la::cpp>(ratio, id);
      case la::cpp_pre_1_23:
        return keeps_as<la::cpp_pre_1_23>(ratio, id);
    }
    return false;
  }
};

}  // namespace tracewire_test

#endif  // TRACEWIRE_TESTS_SAMPLING_SAMPLING_CASES_HPP
