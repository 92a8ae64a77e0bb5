// SPDX-License-Identifier: Apache-2.0
//
// tracestate::parse returns a [[nodiscard]] result: calling it for its effect does nothing (it
// is static). Compiled with -Werror=unused-result. Twin: explicitly discarded.
#include "tracewire/tracestate.hpp"

int main() {
#ifdef TW_MISUSE
  tracewire::tracestate::parse("congo=t61rcWkgMzE");
#else
  (void)tracewire::tracestate::parse("congo=t61rcWkgMzE");
#endif
  return 0;
}
