// SPDX-License-Identifier: Apache-2.0
//
// errc is an enum class: an error code does not silently become an int (or compare equal to 0
// for "ok" by accident). Twin: an explicit cast compiles.
#include "tracewire/error.hpp"

int main() {
#ifdef TW_MISUSE
  const int code = tracewire::errc::ok;
#else
  const int code = static_cast<int>(tracewire::errc::ok);
#endif
  return code;
}
