// SPDX-License-Identifier: Apache-2.0
//
// Random ids come from run-time state (a thread_local generator seeded from entropy): asking for
// one in a constant expression must not compile. Twin: the same expression checked at run time.
#include "tracewire/id_generator.hpp"

int main() {
#ifdef TW_MISUSE
  static_assert(tracewire::thread_ids::new_trace_id().is_valid(), "ids are made at run time");
  return 0;
#else
  return tracewire::thread_ids::new_trace_id().is_valid() ? 0 : 1;
#endif
}
