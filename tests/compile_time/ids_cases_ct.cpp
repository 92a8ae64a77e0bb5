// SPDX-License-Identifier: Apache-2.0
//
// Compile-time run of tests/cases/id_cases.hpp; the run-time run is tests/unit/test_ids.cpp.
#include "id_cases.hpp"

static_assert(tracewire_test::all_cases_ok<tracewire_test::id_checker>(),
              "an id case failed at compile time; see case_ok<..., index>");

int main() { return 0; }
