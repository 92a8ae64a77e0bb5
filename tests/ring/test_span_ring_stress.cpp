// SPDX-License-Identifier: Apache-2.0
//
// Stress test of the span ring with drop-on-full, meant to run under ThreadSanitizer (the tsan
// preset registers it with label "tsan"; normal builds run it too). Several producers push
// span_records (half with try_push, half with try_emplace) into a small ring while one consumer
// drains batches of varying size; the consumer starts only once the ring has overflowed, so the
// drop path is always exercised. Checked:
// - exactly-once delivery and per-producer order: what the consumer got from each producer is
//   exactly the sequence of that producer's accepted pushes (true returns), in order;
// - pushed() + dropped() == attempted, and pushed() == accepted;
// - payload integrity: every field of every record is what its producer wrote (ids, times, name,
//   attributes of several types, an event), so a torn or stale record is caught;
// - no data race (ThreadSanitizer).
// Bounded in time: each scenario stops producing after a fixed number of pushes or after
// kProduceFor, whichever comes first (a few seconds in all, under TSan and ASan too).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

#include "tracewire/ring/sharded_span_ring.hpp"
#include "tracewire/ring/span_record.hpp"
#include "tracewire/ring/span_ring.hpp"

namespace {

using tracewire::span_record;

constexpr std::size_t kProducers = 4;
constexpr std::uint32_t kMaxPushesPerProducer = 200000;
constexpr auto kProduceFor = std::chrono::milliseconds(700);

char pattern(std::uint32_t producer, std::uint32_t seq, std::size_t i) {
  return static_cast<char>('a' + (producer * 7u + seq + i) % 26u);
}
std::uint64_t mix(std::uint32_t producer, std::uint32_t seq) {
  std::uint64_t x = (std::uint64_t{producer} << 32 | seq) * 0x9E3779B97F4A7C15ull;
  return (x ^ (x >> 29)) | 1;  // never zero: a valid span id
}

void fill(span_record& r, std::uint32_t producer, std::uint32_t seq) {
  char text[64];
  r.reset();
  r.set_trace_id(tracewire::trace_id::from_u64(producer + 1u, seq));
  r.set_span_id(tracewire::span_id::from_u64(mix(producer, seq)));
  r.set_start_time(seq);
  r.set_end_time(std::uint64_t{seq} + producer);
  const std::size_t name_len = 1 + seq % 40;
  for (std::size_t i = 0; i < name_len; ++i) text[i] = pattern(producer, seq, i);
  r.set_name(std::string_view(text, name_len));
  r.set_attribute("producer", producer);
  r.set_attribute("seq", seq);
  const std::size_t payload_len = seq % 61;
  for (std::size_t i = 0; i < payload_len; ++i) text[i] = pattern(producer, seq + 1, i);
  r.set_attribute("payload", std::string_view(text, payload_len));
  r.set_attribute("odd", (seq & 1) != 0);
  const std::size_t e = r.add_event("tick", std::uint64_t{seq} * 3);
  r.set_event_attribute(e, "ratio", static_cast<double>(seq) / 8.0);
}

/// Producer and sequence number of a record, or false when any field is not what fill() wrote.
bool check(const span_record& r, std::uint32_t& producer, std::uint32_t& seq) {
  const auto p = r.find_attribute("producer");
  const auto s = r.find_attribute("seq");
  if (!p || !s || p.int_value() < 0 || p.int_value() >= static_cast<std::int64_t>(kProducers) ||
      s.int_value() < 0 || s.int_value() > std::numeric_limits<std::uint32_t>::max()) {
    return false;
  }
  producer = static_cast<std::uint32_t>(p.int_value());
  seq = static_cast<std::uint32_t>(s.int_value());
  if (r.trace_id() != tracewire::trace_id::from_u64(producer + 1u, seq)) return false;
  if (r.span_id().value() != mix(producer, seq)) return false;
  if (r.start_time_unix_ns() != seq || r.end_time_unix_ns() != std::uint64_t{seq} + producer) {
    return false;
  }
  const std::string_view name = r.name();
  if (name.size() != 1 + seq % 40) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] != pattern(producer, seq, i)) return false;
  }
  const auto payload = r.find_attribute("payload");
  if (!payload || payload.string_value().size() != seq % 61) return false;
  for (std::size_t i = 0; i < payload.string_value().size(); ++i) {
    if (payload.string_value()[i] != pattern(producer, seq + 1, i)) return false;
  }
  const auto odd = r.find_attribute("odd");
  if (!odd || odd.bool_value() != ((seq & 1) != 0)) return false;
  if (r.attribute_count() != 4 || r.event_count() != 1) return false;
  if (r.event(0).name() != "tick" || r.event(0).time_unix_ns() != std::uint64_t{seq} * 3) {
    return false;
  }
  const auto ratio = r.event(0).find_attribute("ratio");
  return ratio && ratio.double_value() == static_cast<double>(seq) / 8.0;
}

template <class Ring>
void run_stress(Ring& ring) {
  std::vector<std::vector<std::uint32_t>> accepted(kProducers);
  std::vector<std::uint64_t> attempted(kProducers, 0);
  for (auto& a : accepted) a.reserve(kMaxPushesPerProducer);
  std::atomic<std::size_t> producers_done{0};
  std::atomic<bool> start{false};
  const auto deadline = std::chrono::steady_clock::now() + kProduceFor;

  std::vector<std::thread> producers;
  for (std::uint32_t p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      while (!start.load(std::memory_order_acquire)) std::this_thread::yield();
      std::vector<std::uint32_t>& mine = accepted[p];
      std::uint32_t seq = 0;
      for (; seq < kMaxPushesPerProducer; ++seq) {
        if ((seq & 255) == 0 && std::chrono::steady_clock::now() > deadline) break;
        bool ok;
        if (p % 2 == 0) {
          span_record r;
          fill(r, p, seq);
          ok = ring.try_push(r);
        } else {
          ok = ring.try_emplace([p, seq](span_record& r) noexcept { fill(r, p, seq); });
        }
        if (ok) mine.push_back(seq);
        if (seq % 1024 == 1023) std::this_thread::yield();  // vary the interleavings
      }
      attempted[p] = seq;
      producers_done.fetch_add(1, std::memory_order_release);
    });
  }

  std::vector<std::vector<std::uint32_t>> received(kProducers);
  std::size_t corrupt = 0;
  auto visit = [&](const span_record& r) {
    std::uint32_t producer = 0, seq = 0;
    if (!check(r, producer, seq)) {
      ++corrupt;
      return;
    }
    received[producer].push_back(seq);
  };

  start.store(true, std::memory_order_release);
  // Let the ring overflow first, so that drops always happen.
  while (ring.dropped() == 0 && producers_done.load(std::memory_order_acquire) < kProducers) {
    std::this_thread::yield();
  }
  std::size_t batch = 1;
  for (;;) {
    const bool all_done = producers_done.load(std::memory_order_acquire) == kProducers;
    const std::size_t n = ring.drain(batch, visit);
    batch = batch % 97 + 1;
    if (n == 0) {
      if (all_done) break;  // every push was published before its producer counted itself done
      std::this_thread::yield();
    }
  }
  for (std::thread& t : producers) t.join();

  EXPECT_EQ(corrupt, 0u) << "records whose payload differs from what their producer wrote";
  std::uint64_t total_attempted = 0, total_accepted = 0;
  for (std::size_t p = 0; p < kProducers; ++p) {
    total_attempted += attempted[p];
    total_accepted += accepted[p].size();
    // Exactly once and in order: the same sequence, element by element.
    EXPECT_EQ(received[p].size(), accepted[p].size()) << "producer " << p;
    EXPECT_TRUE(received[p] == accepted[p])
        << "producer " << p << ": lost, duplicated or reordered";
  }
  EXPECT_EQ(ring.pushed(), total_accepted);
  EXPECT_EQ(ring.pushed() + ring.dropped(), total_attempted);
  EXPECT_GT(ring.dropped(), 0u);
  EXPECT_GT(total_accepted, 0u);
  EXPECT_EQ(ring.size_approx(), 0u);
  std::printf("  attempted %llu, delivered %llu, dropped %llu\n",
              static_cast<unsigned long long>(total_attempted),
              static_cast<unsigned long long>(total_accepted),
              static_cast<unsigned long long>(ring.dropped()));
}

TEST(SpanRingStress, ManyProducersOneConsumer) {
  auto ring = std::make_unique<tracewire::span_ring<span_record, 64>>();
  run_stress(*ring);
}

TEST(SpanRingStress, IndicesWrapAround2Pow64) {
  auto ring = std::make_unique<tracewire::span_ring<span_record, 64>>(
      std::numeric_limits<std::uint64_t>::max() - 100);
  run_stress(*ring);
  EXPECT_GT(ring->pushed(), 100u) << "the indices did not cross 2^64";
}

TEST(SpanRingStress, Sharded) {
  auto ring = std::make_unique<tracewire::sharded_span_ring<span_record, 32, 2>>();
  run_stress(*ring);
}

}  // namespace
