// SPDX-License-Identifier: Apache-2.0
//
// The span ring's hot paths (push, fill-in-place, drain) and the span record's setters, for the
// symbol check (see hot_paths.cpp): none may reference an allocation function, a throw, abort or
// printf (DESIGN "Performance contract"; issue 6: no throw, no allocation, no lock, no logging).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tracewire/ring/sharded_span_ring.hpp"
#include "tracewire/ring/span_record.hpp"
#include "tracewire/ring/span_ring.hpp"

#define TW_HOT_EXPORT __attribute__((noinline, used))

namespace tw_hot {

using record = tracewire::span_record;
using ring = tracewire::span_ring<record, 1024>;
using sharded_ring = tracewire::sharded_span_ring<record, 256, 4>;

// --- span_ring ---------------------------------------------------------------------------------
TW_HOT_EXPORT bool ring_try_push(ring& r, const record& rec) noexcept { return r.try_push(rec); }
TW_HOT_EXPORT bool ring_try_emplace(ring& r, const tracewire::trace_id& trace,
                                    const tracewire::span_id& span, std::string_view name,
                                    std::uint64_t start, std::uint64_t end) noexcept {
  return r.try_emplace([&](record& slot) noexcept {
    slot.reset();
    slot.set_trace_id(trace);
    slot.set_span_id(span);
    slot.set_start_time(start);
    slot.set_end_time(end);
    slot.set_name(name);
  });
}
TW_HOT_EXPORT std::size_t ring_drain_visit(ring& r, std::size_t max,
                                           std::uint64_t& total_duration) noexcept {
  return r.drain(max, [&total_duration](const record& rec) noexcept {
    total_duration += rec.end_time_unix_ns() - rec.start_time_unix_ns();
  });
}
TW_HOT_EXPORT std::size_t ring_drain_copy(ring& r, record* out, std::size_t max) noexcept {
  return r.drain(out, max);
}
TW_HOT_EXPORT std::uint64_t ring_counters(const ring& r) noexcept {
  return r.pushed() + r.dropped() + r.size_approx();
}

// --- sharded_span_ring -------------------------------------------------------------------------
TW_HOT_EXPORT bool sharded_ring_try_push(sharded_ring& r, const record& rec) noexcept {
  return r.try_push(rec);
}
TW_HOT_EXPORT bool sharded_ring_try_push_to(sharded_ring& r, const record& rec,
                                            std::size_t shard) noexcept {
  return r.try_push(rec, shard);
}
TW_HOT_EXPORT std::size_t sharded_ring_drain_copy(sharded_ring& r, record* out,
                                                  std::size_t max) noexcept {
  return r.drain(out, max);
}

// --- span_record setters -----------------------------------------------------------------------
TW_HOT_EXPORT tracewire::record_status record_set_name(record& r, std::string_view name) noexcept {
  return r.set_name(name);
}
TW_HOT_EXPORT tracewire::record_status record_set_status(record& r, std::string_view msg) noexcept {
  return r.set_status(tracewire::span_status_code::error, msg);
}
TW_HOT_EXPORT tracewire::record_status record_set_string_attribute(record& r, std::string_view key,
                                                                   std::string_view v) noexcept {
  return r.set_attribute(key, v);
}
TW_HOT_EXPORT tracewire::record_status record_set_int_attribute(record& r, std::string_view key,
                                                                std::int64_t v) noexcept {
  return r.set_attribute(key, v);
}
TW_HOT_EXPORT tracewire::record_status record_set_unsigned_attribute(record& r,
                                                                     std::string_view key,
                                                                     std::uint64_t v) noexcept {
  return r.set_attribute(key, v);
}
TW_HOT_EXPORT tracewire::record_status record_set_double_attribute(record& r, std::string_view key,
                                                                   double v) noexcept {
  return r.set_attribute(key, v);
}
TW_HOT_EXPORT tracewire::record_status record_set_bool_attribute(record& r, std::string_view key,
                                                                 bool v) noexcept {
  return r.set_attribute(key, v);
}
TW_HOT_EXPORT std::size_t record_add_event(record& r, std::string_view name,
                                           std::uint64_t t) noexcept {
  return r.add_event(name, t);
}
TW_HOT_EXPORT tracewire::record_status record_set_event_attribute(record& r, std::size_t event,
                                                                  std::string_view key,
                                                                  std::int64_t v) noexcept {
  return r.set_event_attribute(event, key, v);
}
TW_HOT_EXPORT std::size_t record_add_link(record& r, const tracewire::trace_id& t,
                                          const tracewire::span_id& s) noexcept {
  return r.add_link(t, s);
}
TW_HOT_EXPORT tracewire::record_status record_set_link_attribute(record& r, std::size_t link,
                                                                 std::string_view key,
                                                                 std::string_view v) noexcept {
  return r.set_link_attribute(link, key, v);
}
TW_HOT_EXPORT void record_reset(record& r) noexcept { r.reset(); }
TW_HOT_EXPORT std::size_t record_find_attribute(const record& r, std::string_view key) noexcept {
  return r.find_attribute(key) ? 1u : 0u;
}

}  // namespace tw_hot
