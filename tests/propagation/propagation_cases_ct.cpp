// SPDX-License-Identifier: Apache-2.0
//
// Compile-time run of propagation_cases.hpp: every extract case, and its inject/extract round trip,
// through a constexpr carrier (fields_carrier.hpp). This translation unit compiles only if every
// case passes during constant evaluation; test_propagation.cpp runs the same table at run time.
#include "propagation_cases.hpp"

static_assert(
    tracewire_test::all_cases_ok<tracewire_test::extract_checker>(),
    "a propagation case failed at compile time; the diagnostic names case_ok<..., index>");

int main() { return 0; }
