// SPDX-License-Identifier: Apache-2.0
//
// Every hot path in an exported, non-inlined function, compiled at -O2 into an object file that
// check_symbols.cmake inspects with `nm -C`: none may reference an allocation function, a throw,
// abort or printf (DESIGN "Performance contract": hot paths never allocate, never throw).
// Each function is introduced by TW_HOT_EXPORT at the start of a line; CMake collects those names
// and the checker requires every one of them to be defined in the object.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tracewire/detail/percent.hpp"
#include "tracewire/tracewire.hpp"

#define TW_HOT_EXPORT __attribute__((noinline, used))

namespace tw_hot {

using small_tracestate = tracewire::basic_tracestate<4, 64>;

// --- traceparent / traceresponse -----------------------------------------------------------
TW_HOT_EXPORT tracewire::result<tracewire::traceparent> parse_traceparent(
    std::string_view s) noexcept {
  return tracewire::parse_traceparent(s);
}
TW_HOT_EXPORT tracewire::result<std::size_t> format_traceparent_buffer(
    const tracewire::traceparent& tp, char* out, std::size_t n) noexcept {
  return tracewire::format_traceparent(tp, out, n);
}
TW_HOT_EXPORT tracewire::result<tracewire::trace_header_string> format_traceparent_value(
    const tracewire::traceparent& tp) noexcept {
  return tracewire::format_traceparent(tp);
}
TW_HOT_EXPORT tracewire::result<tracewire::traceresponse> parse_traceresponse(
    std::string_view s) noexcept {
  return tracewire::parse_traceresponse(s);
}
TW_HOT_EXPORT tracewire::result<std::size_t> format_traceresponse_buffer(
    const tracewire::traceresponse& tr, char* out, std::size_t n) noexcept {
  return tracewire::format_traceresponse(tr, out, n);
}
TW_HOT_EXPORT tracewire::result<tracewire::trace_header_string> format_traceresponse_value(
    const tracewire::traceresponse& tr) noexcept {
  return tracewire::format_traceresponse(tr);
}

// --- ids -----------------------------------------------------------------------------------
TW_HOT_EXPORT tracewire::result<tracewire::trace_id> trace_id_from_hex(
    std::string_view s) noexcept {
  return tracewire::trace_id::from_hex(s);
}
TW_HOT_EXPORT tracewire::result<tracewire::span_id> span_id_from_hex(std::string_view s) noexcept {
  return tracewire::span_id::from_hex(s);
}
TW_HOT_EXPORT void trace_id_to_hex(const tracewire::trace_id& id, char* out) noexcept {
  id.to_hex(out);
}
TW_HOT_EXPORT void span_id_to_hex(const tracewire::span_id& id, char* out) noexcept {
  id.to_hex(out);
}
TW_HOT_EXPORT const char* errc_to_string(tracewire::errc e) noexcept {
  return tracewire::to_string(e);
}

// --- tracestate ----------------------------------------------------------------------------
TW_HOT_EXPORT tracewire::tracestate_status tracestate_assign_one(tracewire::tracestate& ts,
                                                                 std::string_view field) noexcept {
  return ts.assign(field);
}
TW_HOT_EXPORT tracewire::tracestate_status tracestate_assign_many(
    tracewire::tracestate& ts, const std::string_view* first,
    const std::string_view* last) noexcept {
  return ts.assign(first, last);
}
// The truncating path (3.3.1.5) and the Level 1 key grammar are hot paths too.
TW_HOT_EXPORT tracewire::tracestate_status tracestate_assign_truncating(
    small_tracestate& ts, std::string_view field) noexcept {
  return ts.assign(field);
}
TW_HOT_EXPORT tracewire::tracestate_status tracestate_level1_assign(
    tracewire::tracestate_level1& ts, std::string_view field) noexcept {
  return ts.assign(field);
}
TW_HOT_EXPORT tracewire::tracestate_status tracestate_level1_put(tracewire::tracestate_level1& ts,
                                                                 std::string_view key,
                                                                 std::string_view value) noexcept {
  return ts.put(key, value);
}
TW_HOT_EXPORT tracewire::result<tracewire::tracestate> tracestate_parse(
    std::string_view field) noexcept {
  return tracewire::tracestate::parse(field);
}
TW_HOT_EXPORT std::string_view tracestate_get(const tracewire::tracestate& ts,
                                              std::string_view key) noexcept {
  return ts.get(key);
}
TW_HOT_EXPORT std::size_t tracestate_find(const tracewire::tracestate& ts,
                                          std::string_view key) noexcept {
  return ts.find(key);
}
TW_HOT_EXPORT tracewire::tracestate_status tracestate_put(tracewire::tracestate& ts,
                                                          std::string_view key,
                                                          std::string_view value) noexcept {
  return ts.put(key, value);
}
TW_HOT_EXPORT tracewire::tracestate_status tracestate_put_small(small_tracestate& ts,
                                                                std::string_view key,
                                                                std::string_view value) noexcept {
  return ts.put(key, value);
}
TW_HOT_EXPORT bool tracestate_erase(tracewire::tracestate& ts, std::string_view key) noexcept {
  return ts.erase(key);
}
TW_HOT_EXPORT tracewire::result<std::size_t> tracestate_format(const tracewire::tracestate& ts,
                                                               char* out, std::size_t n) noexcept {
  return ts.format(out, n);
}
TW_HOT_EXPORT std::string_view tracestate_view(const tracewire::tracestate& ts) noexcept {
  return ts.view();
}
TW_HOT_EXPORT std::size_t tracestate_iterate(const tracewire::tracestate& ts) noexcept {
  std::size_t total = 0;
  for (const auto m : ts) total += m.key.size() + m.value.size();
  return total;
}

// --- baggage -------------------------------------------------------------------------------
TW_HOT_EXPORT tracewire::baggage_status baggage_assign_one(tracewire::baggage& b,
                                                           std::string_view field) noexcept {
  return b.assign(field);
}
TW_HOT_EXPORT tracewire::baggage_status baggage_assign_many(tracewire::baggage& b,
                                                            const std::string_view* first,
                                                            const std::string_view* last) noexcept {
  return b.assign(first, last);
}
// The legacy limits (4096 bytes per member) and a small capacity take the dropping paths.
TW_HOT_EXPORT tracewire::baggage_status baggage_legacy_assign(tracewire::baggage_legacy& b,
                                                              std::string_view field) noexcept {
  return b.assign(field);
}
TW_HOT_EXPORT tracewire::baggage_status baggage_small_assign(tracewire::basic_baggage<4, 64, 3>& b,
                                                             std::string_view field) noexcept {
  return b.assign(field);
}
TW_HOT_EXPORT std::string_view baggage_get(const tracewire::baggage& b,
                                           std::string_view key) noexcept {
  return b.get(key);
}
TW_HOT_EXPORT std::size_t baggage_find(const tracewire::baggage& b, std::string_view key) noexcept {
  return b.find(key);
}
TW_HOT_EXPORT tracewire::errc baggage_set(tracewire::baggage& b, std::string_view key,
                                          std::string_view value,
                                          const tracewire::baggage_property* props,
                                          std::size_t n) noexcept {
  return b.set(key, value, props, n);
}
TW_HOT_EXPORT tracewire::errc baggage_set_with_properties(tracewire::baggage& b,
                                                          std::string_view key,
                                                          std::string_view value) noexcept {
  return b.set(key, value, {{"ttl", "60", true}, {"sensitive", {}, false}});
}
TW_HOT_EXPORT std::size_t baggage_erase(tracewire::baggage& b, std::string_view key) noexcept {
  return b.erase(key);
}
TW_HOT_EXPORT tracewire::result<std::size_t> baggage_format(const tracewire::baggage& b, char* out,
                                                            std::size_t n) noexcept {
  return b.format(out, n);
}
TW_HOT_EXPORT std::size_t baggage_formatted_size(const tracewire::baggage& b) noexcept {
  return b.formatted_size();
}
TW_HOT_EXPORT std::size_t baggage_iterate(const tracewire::baggage& b) noexcept {
  std::size_t total = 0;
  for (const auto m : b) {
    total += m.key().size() + m.value().size();
    for (std::size_t j = 0; j < m.property_count(); ++j) total += m.property(j).value.size();
  }
  return total;
}
// Promoting allowed entries to span attributes: the callback only sums, so anything else the
// object references comes from the library.
TW_HOT_EXPORT std::size_t baggage_for_each_allowed(const tracewire::baggage& b,
                                                   const std::string_view* first,
                                                   const std::string_view* last,
                                                   std::size_t* bytes) noexcept {
  return b.for_each_allowed(first, last, [bytes](std::string_view k, std::string_view v) {
    *bytes += k.size() + v.size();
  });
}
TW_HOT_EXPORT char* percent_encode(std::string_view s, char* out) noexcept {
  return tracewire::detail::percent_encode(s, out);
}
TW_HOT_EXPORT std::size_t percent_decode(std::string_view s, char* out) noexcept {
  return tracewire::detail::percent_decode(s, out);
}

// --- id generation -------------------------------------------------------------------------
TW_HOT_EXPORT tracewire::trace_id generator_new_trace_id(tracewire::id_generator& g) noexcept {
  return g.new_trace_id();
}
TW_HOT_EXPORT tracewire::span_id generator_new_span_id(tracewire::id_generator& g) noexcept {
  return g.new_span_id();
}
TW_HOT_EXPORT tracewire::trace_id thread_new_trace_id() noexcept {
  return tracewire::thread_ids::new_trace_id();
}
TW_HOT_EXPORT tracewire::span_id thread_new_span_id() noexcept {
  return tracewire::thread_ids::new_span_id();
}

}  // namespace tw_hot
