// SPDX-License-Identifier: Apache-2.0
//
// A tracestate list holds at most 32 members (W3C Trace Context 3.3.1.1): a capacity of 33 must
// be rejected at compile time. Twin: 32, the spec maximum, compiles.
#include "tracewire/tracestate.hpp"

#ifdef TW_MISUSE
using checked = tracewire::basic_tracestate<33>;
#else
using checked = tracewire::basic_tracestate<32>;
#endif

int main() {
  checked ts;
  return static_cast<int>(ts.size());
}
