// SPDX-License-Identifier: Apache-2.0
//
// Compile-time run of tests/cases/tracestate_cases.hpp (assign, put and erase cases): this
// translation unit compiles only if every case passes during constant evaluation. The run-time run
// of the same tables is tests/unit/test_tracestate.cpp.
#include "tracestate_cases.hpp"

static_assert(tracewire_test::all_cases_ok<tracewire_test::tracestate_checker>(),
              "a tracestate assign case failed at compile time; see case_ok<..., index>");
static_assert(tracewire_test::all_cases_ok<tracewire_test::tracestate_edit_checker>(),
              "a tracestate put/erase case failed at compile time; see case_ok<..., index>");

int main() { return 0; }
