// SPDX-License-Identifier: Apache-2.0
//
// Member offsets are stored in 16 bits, so a character capacity above 65535 must be rejected at
// compile time rather than silently wrap. Twin: 65535 compiles.
#include "tracewire/tracestate.hpp"

#ifdef TW_MISUSE
using checked = tracewire::basic_tracestate<32, 70000>;
#else
using checked = tracewire::basic_tracestate<32, 65535>;
#endif

static_assert(checked::max_chars > 0, "instantiates the class template");

int main() { return 0; }
