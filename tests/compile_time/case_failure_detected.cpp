// SPDX-License-Identifier: Apache-2.0
//
// Proof that the compile-time case runs can fail (STYLE 12: a must-fail / must-compile pair).
// Built as is, each small table below holds correct cases and the translation unit compiles. With
// TRACEWIRE_TEST_WRONG_CASE set to 1-4, one table gains a case whose expectation is subtly wrong
// (one flag bit, one dropped member, one errc, one byte of a value); that build must fail with a
// diagnostic naming case_failed. tests/CMakeLists.txt registers one ctest per table.
#include <cstddef>

#include "id_cases.hpp"
#include "traceparent_cases.hpp"
#include "tracestate_cases.hpp"

#ifndef TRACEWIRE_TEST_WRONG_CASE
#  define TRACEWIRE_TEST_WRONG_CASE 0
#endif

namespace probe {
using namespace tracewire_test;

inline constexpr traceparent_case traceparent_table[] = {
    tp_ok("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", 0, tp_ids::spec_trace,
          tp_ids::spec_parent, 0x01),
#if TRACEWIRE_TEST_WRONG_CASE == 1
    // Wrong: the flags are 0x03, not 0x01.
    tp_ok("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03", 0, tp_ids::spec_trace,
          tp_ids::spec_parent, 0x01),
#endif
};

inline constexpr tracestate_case tracestate_table[] = {
    ts_cut(fields("a=1,b=2,c=3,d=4,e=5"), "a=1,b=2,c=3,d=4", 1, ts_capacity::small),
#if TRACEWIRE_TEST_WRONG_CASE == 2
    // Wrong: two members are dropped, not one.
    ts_cut(fields("a=1,b=2,c=3,d=4,e=5,f=6"), "a=1,b=2,c=3,d=4", 1, ts_capacity::small),
#endif
};

inline constexpr tracestate_edit_case edit_table[] = {
    ts_put("congo=t61rcWkgMzE", "rojo", "00f067aa0ba902b7", tracewire::errc::ok,
           "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
#if TRACEWIRE_TEST_WRONG_CASE == 3
    // Wrong: one byte of the expected list differs.
    ts_put("congo=t61rcWkgMzE", "rojo", "00f067aa0ba902b7", tracewire::errc::ok,
           "rojo=00f067aa0ba902b7,congo=t61rcWkgMzF"),
#endif
};

inline constexpr id_case id_table[] = {
    span_ok("00f067aa0ba902b7", 0x00f067aa0ba902b7ull),
#if TRACEWIRE_TEST_WRONG_CASE == 4
    // Wrong: uppercase is uppercase_hex, not invalid_hex.
    span_bad("00F067AA0BA902B7", tracewire::errc::invalid_hex),
#endif
};

#define TRACEWIRE_TEST_CHECKER(name, table, check_fn)                      \
  struct name {                                                            \
    static constexpr std::size_t count = sizeof(table) / sizeof(table[0]); \
    static constexpr bool check(std::size_t i) noexcept {                  \
      if (check_fn(table[i]) == mismatch::none) return true;               \
      case_failed(i);                                                      \
      return false;                                                        \
    }                                                                      \
  }

TRACEWIRE_TEST_CHECKER(traceparent_probe, traceparent_table, check_traceparent_case);
TRACEWIRE_TEST_CHECKER(tracestate_probe, tracestate_table, check_tracestate_case);
TRACEWIRE_TEST_CHECKER(edit_probe, edit_table, check_tracestate_edit_case);
TRACEWIRE_TEST_CHECKER(id_probe, id_table, check_id_case);

static_assert(all_cases_ok<traceparent_probe>(), "traceparent probe");
static_assert(all_cases_ok<tracestate_probe>(), "tracestate probe");
static_assert(all_cases_ok<edit_probe>(), "tracestate put probe");
static_assert(all_cases_ok<id_probe>(), "id probe");
}  // namespace probe

int main() { return 0; }
