// SPDX-License-Identifier: Apache-2.0
//
// trace_id::from_hex returns a [[nodiscard]] result. Compiled with -Werror=unused-result.
// Twin: explicitly discarded.
#include "tracewire/ids.hpp"

int main() {
#ifdef TW_MISUSE
  tracewire::trace_id::from_hex("4bf92f3577b34da6a3ce929d0e0e4736");
#else
  (void)tracewire::trace_id::from_hex("4bf92f3577b34da6a3ce929d0e0e4736");
#endif
  return 0;
}
