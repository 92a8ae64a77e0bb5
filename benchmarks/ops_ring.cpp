// SPDX-License-Identifier: Apache-2.0
//
// Callgrind ops of the span ring (registry key "40-ring"; see driver_ops.hpp and callgrind.sh),
// single-threaded, on the default span_record (888 bytes) filled like a typical server span:
//
//   ring_push            try_push of one record (the protocol plus an 888-byte copy)
//   ring_push_compact    try_push of the same content in a basic_span_record<184, 2, 1> (312 bytes)
//   ring_emplace_small   try_emplace with a small fill (trace and span id, start and end time,
//                        copied from a prototype record: 40 bytes instead of 888)
//   ring_emplace_named   try_emplace with reset() + ids + times + a name
//   ring_pop             drain(1, visitor): one record visited in place and freed
//   ring_push_drain_512  512 try_push then one drain(512, visitor); (this - 512 * ring_push) / 512
//                        is the per-record cost of a batch drain
//   ring_push_full       try_push into a full ring: the drop path
//   mutex_*              the same on the std::mutex + std::deque baseline (one allocation per
//                        push of a record this size: libstdc++'s deque keeps one per node)
//
// The push and pop rings hold 8192 records, so the default N = 2000 (2N + 1 = 4001 calls) never
// fills or empties them. With a larger TRACEWIRE_CALLGRIND_N the op drains (or refills) the ring
// when it runs out, and that cost is amortised into the count (about one pop or push per op).
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string_view>

#include "driver_ops.hpp"
#include "mutex_queue.hpp"
#include "tracewire/ring/span_record.hpp"
#include "tracewire/ring/span_ring.hpp"

namespace {

using namespace tracewire_bench;
using record = tracewire::span_record;
constexpr std::size_t big_capacity = 8192;
using big_ring = tracewire::span_ring<record, big_capacity>;
using batch_ring = tracewire::span_ring<record, 1024>;
using full_ring = tracewire::span_ring<record, 2>;
using compact_record = tracewire::basic_span_record<184, 2, 1>;  // 312 bytes, a 5-line slot
using compact_ring = tracewire::span_ring<compact_record, big_capacity>;

/// The baseline (mutex_queue.hpp), carrying the same records.
using mutex_queue = tracewire_bench::mutex_deque_queue<record>;

record g_record;
std::unique_ptr<big_ring> g_push_ring, g_emplace_ring, g_pop_ring;
std::unique_ptr<batch_ring> g_batch_ring;
std::unique_ptr<full_ring> g_full_ring;
std::unique_ptr<compact_ring> g_compact_ring;
compact_record g_compact_record;
std::unique_ptr<mutex_queue> g_mutex_push, g_mutex_pop, g_mutex_full;
record g_popped;
std::uint64_t g_sum = 0;
std::uint64_t g_time = 0;

struct visit_sum {
  void operator()(const record& r) const noexcept {
    g_sum += r.end_time_unix_ns() - r.start_time_unix_ns() + r.bytes_used();
  }
};

bool prepare_ring() {
  g_record.set_trace_id(tracewire::trace_id::from_u64(0x4bf92f3577b34da6, 0xa3ce929d0e0e4736));
  g_record.set_span_id(tracewire::span_id::from_u64(0x00f067aa0ba902b7));
  g_record.set_parent_span_id(tracewire::span_id::from_u64(0x1122334455667788));
  g_record.set_kind(tracewire::span_kind::server);
  g_record.set_start_time(1700000000000000000u);
  g_record.set_end_time(1700000000012000000u);
  bool ok = g_record.set_name("POST /api/v1/checkout") == tracewire::record_status::stored;
  ok = ok &&
       g_record.set_attribute("http.request.method", "POST") == tracewire::record_status::stored;
  ok = ok &&
       g_record.set_attribute("http.response.status_code", 201) == tracewire::record_status::stored;
  ok = ok &&
       g_record.set_attribute("url.path", "/api/v1/checkout") == tracewire::record_status::stored;
  ok = ok && g_record.set_attribute("cart.id", "cart-7f3a9c21") == tracewire::record_status::stored;
  g_push_ring = std::make_unique<big_ring>();
  g_emplace_ring = std::make_unique<big_ring>();
  g_pop_ring = std::make_unique<big_ring>();
  g_batch_ring = std::make_unique<batch_ring>();
  g_full_ring = std::make_unique<full_ring>();
  g_compact_ring = std::make_unique<compact_ring>();
  ok = ok && g_compact_record.set_name(g_record.name()) == tracewire::record_status::stored;
  g_record.for_each_attribute([&ok](const tracewire::attribute_view& a) {
    if (a.type() == tracewire::attribute_type::string) {
      ok = ok && g_compact_record.set_attribute(a.key(), a.string_value()) ==
                     tracewire::record_status::stored;
    } else {
      ok = ok && g_compact_record.set_attribute(a.key(), a.int_value()) ==
                     tracewire::record_status::stored;
    }
  });
  g_mutex_push = std::make_unique<mutex_queue>(big_capacity);
  g_mutex_pop = std::make_unique<mutex_queue>(big_capacity);
  g_mutex_full = std::make_unique<mutex_queue>(2);
  for (std::size_t i = 0; i < big_capacity; ++i) {
    ok = ok && g_pop_ring->try_push(g_record) && g_mutex_pop->try_push(g_record);
  }
  ok = ok && g_full_ring->try_push(g_record) && g_full_ring->try_push(g_record) &&
       !g_full_ring->try_push(g_record);
  ok = ok && g_mutex_full->try_push(g_record) && g_mutex_full->try_push(g_record) &&
       !g_mutex_full->try_push(g_record);
  return ok;
}

// Out of line: runs once per 8192 ops, and only when N exceeds the ring.
TRACEWIRE_BENCH_NOINLINE void empty_ring(big_ring& r) {
  while (r.drain(big_capacity, visit_sum{}) != 0) {
  }
}
TRACEWIRE_BENCH_NOINLINE void fill_ring(big_ring& r) {
  while (r.try_push(g_record)) {
  }
}
TRACEWIRE_BENCH_NOINLINE void fill_queue(mutex_queue& q) {
  while (q.try_push(g_record)) {
  }
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_ring_push() {
  big_ring& r = *opaque(g_push_ring.get());
  const record& rec = *opaque(&g_record);
  if (TRACEWIRE_LIKELY(r.try_push(rec))) return 1;
  empty_ring(r);
  return r.try_push(rec) ? 1u : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_ring_push_compact() {
  compact_ring& r = *opaque(g_compact_ring.get());
  const compact_record& rec = *opaque(&g_compact_record);
  if (TRACEWIRE_LIKELY(r.try_push(rec))) return 1;
  while (r.drain(big_capacity, [](const compact_record&) noexcept {}) != 0) {
  }
  return r.try_push(rec) ? 1u : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_ring_emplace_small() {
  big_ring& r = *opaque(g_emplace_ring.get());
  const record& proto = *opaque(&g_record);
  auto fill = [&proto](record& slot) noexcept {
    slot.set_trace_id(proto.trace_id());
    slot.set_span_id(proto.span_id());
    slot.set_start_time(proto.start_time_unix_ns());
    slot.set_end_time(proto.end_time_unix_ns());
  };
  if (TRACEWIRE_LIKELY(r.try_emplace(fill))) return 1;
  empty_ring(r);
  return r.try_emplace(fill) ? 1u : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_ring_emplace_named() {
  big_ring& r = *opaque(g_emplace_ring.get());
  const record& proto = *opaque(&g_record);
  const std::string_view name = opaque_view("GET /cart");
  const std::uint64_t t = g_time++;
  auto fill = [&proto, t, name](record& slot) noexcept {
    slot.reset();
    slot.set_trace_id(proto.trace_id());
    slot.set_span_id(proto.span_id());
    slot.set_start_time(t);
    slot.set_end_time(t + 1000);
    slot.set_name(name);
  };
  if (TRACEWIRE_LIKELY(r.try_emplace(fill))) return 1;
  empty_ring(r);
  return r.try_emplace(fill) ? 1u : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_ring_pop() {
  big_ring& r = *opaque(g_pop_ring.get());
  if (TRACEWIRE_LIKELY(r.drain(1, visit_sum{}) == 1)) return 1;
  fill_ring(r);
  return r.drain(1, visit_sum{});
}

// Out of line so that `callgrind_annotate --inclusive=yes` separates the pushes from the drain:
// inclusive(op_ring_push_drain_512) - inclusive(push_512) is the drain of 512 records.
TRACEWIRE_BENCH_NOINLINE void push_512(batch_ring& r, const record& rec) {
  for (std::size_t i = 0; i < 512; ++i) r.try_push(rec);
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_ring_push_drain_512() {
  batch_ring& r = *opaque(g_batch_ring.get());
  push_512(r, *opaque(&g_record));
  return r.drain(512, visit_sum{});
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_ring_push_full() {
  return opaque(g_full_ring.get())->try_push(*opaque(&g_record)) ? 0u : 1u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_mutex_push() {
  mutex_queue& q = *opaque(g_mutex_push.get());
  const record& rec = *opaque(&g_record);
  if (TRACEWIRE_LIKELY(q.try_push(rec))) return 1;
  q.clear();
  return q.try_push(rec) ? 1u : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_mutex_pop() {
  mutex_queue& q = *opaque(g_mutex_pop.get());
  if (TRACEWIRE_UNLIKELY(!q.try_pop(g_popped))) {
    fill_queue(q);
    if (!q.try_pop(g_popped)) return 0;
  }
  visit_sum{}(g_popped);
  return 1;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_mutex_push_full() {
  return opaque(g_mutex_full.get())->try_push(*opaque(&g_record)) ? 0u : 1u;
}

constexpr op ring_ops[] = {
    {"ring_push", "40", "tracewire",
     "span_ring::try_push, default 888-byte span_record (with the amortised drain that empties "
     "the ring when full, ~24 of the count)",
     1, op_ring_push},
    {"ring_push_compact", "-", "tracewire",
     "span_ring::try_push, basic_span_record<184, 2, 1> (312 bytes), same content", 1,
     op_ring_push_compact},
    {"ring_emplace_small", "40", "tracewire",
     "span_ring::try_emplace, fill = ids and times (no copy of a whole record)", 1,
     op_ring_emplace_small},
    {"ring_emplace_named", "-", "tracewire",
     "span_ring::try_emplace, fill = reset + ids + times + name", 1, op_ring_emplace_named},
    {"ring_pop", "40", "tracewire", "span_ring::drain(1, visitor), record visited in place", 1,
     op_ring_pop},
    {"ring_push_drain_512", "-", "tracewire", "512 x try_push + drain(512, visitor)", 512,
     op_ring_push_drain_512},
    {"ring_push_full", "-", "tracewire", "span_ring::try_push into a full ring (dropped, counted)",
     1, op_ring_push_full},
    {"mutex_push", "-", "baseline", "std::mutex + std::deque push_back, same record", 1,
     op_mutex_push},
    {"mutex_pop", "-", "baseline", "std::mutex + std::deque front + pop_front (copy out)", 1,
     op_mutex_pop},
    {"mutex_push_full", "-", "baseline", "std::mutex + std::deque push when full (dropped)", 1,
     op_mutex_push_full},
};
const op_registrar ring_registrar("40-ring", ring_ops, prepare_ring);

}  // namespace
