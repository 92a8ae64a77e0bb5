// SPDX-License-Identifier: Apache-2.0
//
// format_traceparent returns a [[nodiscard]] result: ignoring it ignores buffer_too_small and
// sends an unwritten buffer. Compiled with -Werror=unused-result. Twin: explicitly discarded.
#include "tracewire/traceparent.hpp"

int main() {
  tracewire::traceparent tp;
  tp.trace_id = tracewire::trace_id::from_u64(1, 2);
  tp.parent_id = tracewire::span_id::from_u64(3);
  char out[tracewire::traceparent_size];
#ifdef TW_MISUSE
  tracewire::format_traceparent(tp, out, sizeof out);
#else
  (void)tracewire::format_traceparent(tp, out, sizeof out);
#endif
  return out[0] == '0' ? 0 : 1;
}
