// SPDX-License-Identifier: Apache-2.0
//
// benchmarks/inputs.hpp: the reference input set, shared by the Google Benchmark binary
// (tracewire_bench) and the callgrind driver, so ns/op and instructions/op describe the same work.
// Every input is a std::string_view over a literal: no strlen or copy is ever part of a
// measurement.
#ifndef TRACEWIRE_BENCHMARKS_INPUTS_HPP
#define TRACEWIRE_BENCHMARKS_INPUTS_HPP

#include <cstddef>
#include <string_view>

namespace tracewire_bench {

/// The example of W3C Trace Context 3.2.2: a version-00 header, sampled.
inline constexpr std::string_view traceparent_input =
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/// The two-vendor example of W3C Trace Context 3.3.1.
inline constexpr std::string_view tracestate_2_input = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";

/// A full list: 32 short vendor entries (the spec's maximum member count), 415 characters, so it
/// fits the default 512-character tracestate without truncation.
inline constexpr std::string_view tracestate_32_input =
    "k00=00f067aa,k01=9f27e15b,k02=3d5f5b0c,k03=db96d4bd,"
    "k04=79ce4e6e,k05=1805c81f,k06=b63d41d0,k07=5474bb81,"
    "k08=f2ac3532,k09=90e3aee3,k10=2f1b2894,k11=cd52a245,"
    "k12=6b8a1bf6,k13=09c195a7,k14=a7f90f58,k15=46308909,"
    "k16=e46802ba,k17=829f7c6b,k18=20d6f61c,k19=bf0e6fcd,"
    "k20=5d45e97e,k21=fb7d632f,k22=99b4dce0,k23=37ec5691,"
    "k24=d623d042,k25=745b49f3,k26=1292c3a4,k27=b0ca3d55,"
    "k28=4f01b706,k29=ed3930b7,k30=8b70aa68,k31=29a82419";

/// The member put() adds to the full list: a key the list does not hold, so every put evicts the
/// right-most member (W3C Trace Context 3.5).
inline constexpr std::string_view put_key = "rojo";
inline constexpr std::string_view put_value = "00f067aa0ba902b7";

constexpr std::size_t count_char(std::string_view s, char c) noexcept {
  std::size_t n = 0;
  for (const char x : s) n += x == c ? 1u : 0u;
  return n;
}

static_assert(traceparent_input.size() == 55, "a version-00 traceparent is exactly 55 characters");
static_assert(count_char(tracestate_2_input, '=') == 2, "two members");
static_assert(count_char(tracestate_32_input, '=') == 32, "32 members: the spec's maximum");
static_assert(tracestate_32_input.size() < 512,
              "must fit the default tracestate capacity, or the benchmark measures truncation");

}  // namespace tracewire_bench

#endif  // TRACEWIRE_BENCHMARKS_INPUTS_HPP
