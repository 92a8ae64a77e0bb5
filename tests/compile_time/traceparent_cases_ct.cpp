// SPDX-License-Identifier: Apache-2.0
//
// Compile-time run of tests/cases/traceparent_cases.hpp: this translation unit compiles only if
// every case passes during constant evaluation (the portable parser path). The run-time run of the
// same table is tests/unit/test_traceparent.cpp (the SSE2 path on x86-64).
#include "traceparent_cases.hpp"

static_assert(
    tracewire_test::all_cases_ok<tracewire_test::traceparent_checker>(),
    "a traceparent case failed at compile time; the diagnostic names case_ok<..., index>");

int main() { return 0; }
