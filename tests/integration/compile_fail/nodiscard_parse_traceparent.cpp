// SPDX-License-Identifier: Apache-2.0
//
// parse_traceparent returns a [[nodiscard]] result: ignoring whether a header parsed is a bug.
// Compiled with -Werror=unused-result. Twin: the same call, explicitly discarded.
#include "tracewire/traceparent.hpp"

int main() {
#ifdef TW_MISUSE
  tracewire::parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
#else
  (void)tracewire::parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
#endif
  return 0;
}
