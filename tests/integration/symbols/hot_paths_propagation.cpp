// SPDX-License-Identifier: Apache-2.0
//
// Hot paths of the carriers and propagators (issue 4) for the symbol check: extract and inject of
// every propagator through a carrier of views with a carrier_buffer (the zero-allocation setup),
// the scan, and the B3 / Jaeger / grpc-trace-bin codecs. None may reference an allocation, a
// throw, abort or printf. The carriers over std::string containers allocate by design (the
// container's own strings) and are not listed.
#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "tracewire/carriers/http.hpp"
#include "tracewire/propagation.hpp"

#define TW_HOT_EXPORT __attribute__((noinline, used))

namespace tw_hot {

using views = std::vector<std::pair<std::string_view, std::string_view>>;
using view_carrier = tracewire::http_headers<views, tracewire::carrier_buffer<2048>>;

/// Inject writes through a fixed-capacity carrier of the user's own (a vector's growth path would
/// be the container's allocation, not tracewire's).
struct fixed_carrier {
  static constexpr tracewire::key_rule keys = tracewire::key_rule::ascii_case_insensitive;
  struct field {
    std::string_view key, value;
  };
  using iterator = const field*;
  iterator begin() const noexcept { return fields; }
  iterator end() const noexcept { return fields + size; }
  static std::string_view key(iterator it) noexcept { return it->key; }
  static std::string_view value(iterator it) noexcept { return it->value; }
  tracewire::errc set(std::string_view k, std::string_view v) noexcept {
    if (size == 16) return tracewire::errc::carrier_write_failed;
    bool ok_k = false, ok_v = false;
    const std::string_view sk = buffer.store(k, &ok_k);
    const std::string_view sv = buffer.store(v, &ok_v);
    if (!ok_k || !ok_v) return tracewire::errc::carrier_write_failed;
    fields[size++] = field{sk, sv};
    return tracewire::errc::ok;
  }
  field fields[16];
  std::size_t size = 0;
  tracewire::carrier_buffer<2048> buffer;
};

// --- extract ---------------------------------------------------------------------------------
TW_HOT_EXPORT tracewire::propagation_status extract_w3c(const view_carrier& c,
                                                        tracewire::span_context& out) noexcept {
  return tracewire::w3c_trace_context{}.extract(c, out);
}
TW_HOT_EXPORT tracewire::propagation_status extract_baggage(const view_carrier& c,
                                                            tracewire::baggage& out) noexcept {
  return tracewire::w3c_baggage{}.extract(c, out);
}
TW_HOT_EXPORT tracewire::propagation_status extract_w3c_and_baggage(
    const view_carrier& c, tracewire::context& out) noexcept {
  return tracewire::composite<tracewire::w3c_trace_context, tracewire::w3c_baggage>{}.extract(c,
                                                                                              out);
}
TW_HOT_EXPORT tracewire::propagation_status extract_b3(const view_carrier& c,
                                                       tracewire::span_context& out) noexcept {
  return tracewire::b3_multi{}.extract(c, out);
}
TW_HOT_EXPORT tracewire::propagation_status extract_jaeger(const view_carrier& c,
                                                           tracewire::context& out) noexcept {
  return tracewire::jaeger{}.extract(c, out);
}
TW_HOT_EXPORT tracewire::propagation_status extract_grpc_trace_bin(
    const view_carrier& c, tracewire::span_context& out) noexcept {
  return tracewire::grpc_trace_bin{}.extract(c, out);
}
TW_HOT_EXPORT tracewire::propagation_status extract_runtime_list(
    const tracewire::propagator_list& l, const view_carrier& c, tracewire::context& out) noexcept {
  return l.extract(c, out);
}

// --- inject ----------------------------------------------------------------------------------
TW_HOT_EXPORT tracewire::errc inject_w3c_and_baggage(const tracewire::context& in,
                                                     fixed_carrier& c) {
  return tracewire::composite<tracewire::w3c_trace_context, tracewire::w3c_baggage>{}.inject(in, c);
}
TW_HOT_EXPORT tracewire::errc inject_b3(const tracewire::span_context& in,
                                        fixed_carrier& c) {
  return tracewire::b3_single{}.inject(in, c);
}
TW_HOT_EXPORT tracewire::errc inject_jaeger(const tracewire::context& in,
                                            fixed_carrier& c) {
  return tracewire::jaeger{}.inject(in, c);
}
TW_HOT_EXPORT tracewire::errc inject_grpc_trace_bin(const tracewire::span_context& in,
                                                    fixed_carrier& c) {
  return tracewire::grpc_trace_bin{}.inject(in, c);
}

// --- codecs ----------------------------------------------------------------------------------
TW_HOT_EXPORT tracewire::result<tracewire::b3_header> parse_b3(std::string_view s) noexcept {
  return tracewire::parse_b3_single(s);
}
TW_HOT_EXPORT tracewire::result<tracewire::jaeger_header> parse_uber_trace_id(
    std::string_view s) noexcept {
  return tracewire::parse_jaeger(s);
}
TW_HOT_EXPORT tracewire::result<tracewire::grpc_trace_bin_header> parse_trace_bin(
    std::string_view s) noexcept {
  return tracewire::parse_grpc_trace_bin(s);
}
TW_HOT_EXPORT tracewire::result<tracewire::propagator_list> parse_propagators(
    std::string_view s) noexcept {
  return tracewire::propagator_list::parse(s);
}

}  // namespace tw_hot
