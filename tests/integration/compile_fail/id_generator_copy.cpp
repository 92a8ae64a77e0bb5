// SPDX-License-Identifier: Apache-2.0
//
// id_generator is not copyable: a copy would replay the same id sequence (duplicate trace ids).
// Twin: a reference to the same generator compiles.
#include "tracewire/id_generator.hpp"

int main() {
  tracewire::id_generator a(1);
#ifdef TW_MISUSE
  tracewire::id_generator b = a;
#else
  tracewire::id_generator& b = a;
#endif
  return b.new_span_id().is_valid() ? 0 : 1;
}
