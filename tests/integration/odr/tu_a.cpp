// SPDX-License-Identifier: Apache-2.0
//
// Translation unit A of the ODR test: every public header, included in sorted order.
#include "all_headers.hpp"
#include "odr.hpp"

namespace tw_odr {

addresses addresses_a() {
  return addresses{&tracewire::global_id_generator(), &tracewire::traceparent_size,
                   &tracewire::cache_line, &tracewire::tracestate_max_members};
}

bool reformat_traceparent_a(std::string_view in, char* out) {
  const auto tp = tracewire::parse_traceparent(in);
  if (!tp) return false;
  const auto n = tracewire::format_traceparent(*tp, out, tracewire::traceparent_size);
  return n && *n == tracewire::traceparent_size;
}

std::size_t tracestate_put_a(std::string_view in, std::string_view key, std::string_view value,
                             char* out, std::size_t size) {
  auto ts = tracewire::tracestate::parse(in);
  if (!ts) return 0;
  if (!ts->put(key, value)) return 0;
  const auto n = ts->format(out, size);
  return n ? *n : 0;
}

const char* errc_text_a(int e) { return tracewire::to_string(static_cast<tracewire::errc>(e)); }

void reseed_global_a(std::uint64_t seed) { tracewire::global_id_generator().reseed(seed); }

}  // namespace tw_odr
