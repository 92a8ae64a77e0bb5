// SPDX-License-Identifier: Apache-2.0
//
// Translation unit B of the ODR test: every public header, included in reverse order.
#include "all_headers.hpp"
#include "odr.hpp"

namespace tw_odr {

addresses addresses_b() {
  return addresses{&tracewire::global_id_generator(), &tracewire::traceparent_size,
                   &tracewire::cache_line, &tracewire::tracestate_max_members};
}

bool reformat_traceparent_b(std::string_view in, char* out) {
  const auto tp = tracewire::parse_traceparent(in);
  if (!tp) return false;
  const auto n = tracewire::format_traceparent(*tp, out, tracewire::traceparent_size);
  return n && *n == tracewire::traceparent_size;
}

std::size_t tracestate_put_b(std::string_view in, std::string_view key, std::string_view value,
                             char* out, std::size_t size) {
  auto ts = tracewire::tracestate::parse(in);
  if (!ts) return 0;
  if (!ts->put(key, value)) return 0;
  const auto n = ts->format(out, size);
  return n ? *n : 0;
}

const char* errc_text_b(int e) { return tracewire::to_string(static_cast<tracewire::errc>(e)); }

std::uint64_t next_global_b() { return tracewire::global_id_generator().next_u64(); }

}  // namespace tw_odr
