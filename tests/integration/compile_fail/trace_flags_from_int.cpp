// SPDX-License-Identifier: Apache-2.0
//
// trace_flags has an explicit constructor: an int does not silently become a set of flags (a
// caller meaning "sampled" must say so). Twin: direct initialization compiles.
#include "tracewire/ids.hpp"

int main() {
#ifdef TW_MISUSE
  tracewire::trace_flags f = 1;
#else
  tracewire::trace_flags f{1};
#endif
  return f.sampled() ? 0 : 1;
}
