// SPDX-License-Identifier: Apache-2.0
//
// result<T> has an explicit operator bool: it cannot be stored as a bool (or an int) by accident.
// Twin: an explicit conversion compiles.
#include "tracewire/traceparent.hpp"

int main() {
  const auto r =
      tracewire::parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
#ifdef TW_MISUSE
  const bool ok = r;
#else
  const bool ok = static_cast<bool>(r);
#endif
  return ok ? 0 : 1;
}
