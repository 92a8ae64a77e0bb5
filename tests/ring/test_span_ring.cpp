// SPDX-License-Identifier: Apache-2.0
//
// Unit tests of tracewire/ring/span_ring.hpp and sharded_span_ring.hpp: FIFO order, drop-on-full
// with its counter, batch limits, the index wrap-around (indices started just below 2^64, checked
// against a std::deque model), a producer parked between claim and publish, fill-in-place, the
// sharded variant, and zero allocations in push and drain.
#include "tracewire/ring/span_ring.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <thread>
#include <vector>

#ifndef TRACEWIRE_RING_TEST_NO_ALLOC_COUNTER
#  include "alloc_counter.hpp"
#endif
#include "tracewire/ring/sharded_span_ring.hpp"
#include "tracewire/ring/span_record.hpp"

namespace {

struct item {
  std::uint64_t value = 0;
  std::uint64_t check = 0;  // ~value: a torn or stale copy shows
};
item make_item(std::uint64_t v) { return item{v, ~v}; }

template <std::size_t N>
using item_ring = tracewire::span_ring<item, N>;

std::vector<std::uint64_t> drain_values(item_ring<8>& ring, std::size_t max) {
  std::vector<std::uint64_t> out;
  ring.drain(max, [&](const item& it) {
    EXPECT_EQ(it.check, ~it.value);
    out.push_back(it.value);
  });
  return out;
}

TEST(SpanRing, Layout) {
  static_assert(alignof(item_ring<8>) == tracewire::cache_line);
  static_assert(item_ring<8>::capacity() == 8);
  // head, tail, 33 drop counters and the first index: 36 lines; then 8 one-line slots.
  EXPECT_EQ(sizeof(item_ring<8>), 36 * tracewire::cache_line + 8 * tracewire::cache_line);
  using record_ring = tracewire::span_ring<tracewire::span_record, 4>;
  EXPECT_EQ(sizeof(record_ring), 36 * tracewire::cache_line + 4 * 14 * tracewire::cache_line);
}

TEST(SpanRing, FifoAndCounters) {
  item_ring<8> ring;
  EXPECT_EQ(ring.size_approx(), 0u);
  for (std::uint64_t i = 0; i < 5; ++i) EXPECT_TRUE(ring.try_push(make_item(i)));
  EXPECT_EQ(ring.size_approx(), 5u);
  EXPECT_EQ(ring.pushed(), 5u);
  EXPECT_EQ(ring.dropped(), 0u);
  EXPECT_EQ(drain_values(ring, 3), (std::vector<std::uint64_t>{0, 1, 2}));
  EXPECT_EQ(ring.size_approx(), 2u);
  item out[10];
  EXPECT_EQ(ring.drain(out, 10), 2u);
  EXPECT_EQ(out[0].value, 3u);
  EXPECT_EQ(out[1].value, 4u);
  EXPECT_EQ(ring.drain(out, 10), 0u);
  EXPECT_EQ(ring.drain(0, [](const item&) { ADD_FAILURE() << "max 0 visits nothing"; }), 0u);
  EXPECT_EQ(ring.size_approx(), 0u);
}

TEST(SpanRing, FullDropsTheNewestAndCountsIt) {
  item_ring<8> ring;
  for (std::uint64_t i = 0; i < 8; ++i) EXPECT_TRUE(ring.try_push(make_item(i)));
  EXPECT_FALSE(ring.try_push(make_item(100)));
  EXPECT_FALSE(ring.try_emplace([](item&) noexcept { ADD_FAILURE() << "fill on a full ring"; }));
  EXPECT_EQ(ring.pushed(), 8u);
  EXPECT_EQ(ring.dropped(), 2u);
  EXPECT_EQ(ring.size_approx(), 8u);
  EXPECT_EQ(drain_values(ring, 100), (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  // Room again: one slot freed is one push accepted.
  EXPECT_TRUE(ring.try_push(make_item(8)));
  EXPECT_EQ(drain_values(ring, 100), (std::vector<std::uint64_t>{8}));
  EXPECT_EQ(ring.pushed() + ring.dropped(), 11u);
}

TEST(SpanRing, TryEmplaceFillsInPlace) {
  item_ring<8> ring;
  EXPECT_TRUE(ring.try_emplace([](item& it) noexcept { it = make_item(7); }));
  std::uint64_t seen_previous = 1;
  // Fill sees the slot's previous contents: slot 1 was never used, so a default item.
  EXPECT_TRUE(ring.try_emplace([&](item& it) noexcept {
    seen_previous = it.value;
    it = make_item(9);
  }));
  EXPECT_EQ(seen_previous, 0u);
  EXPECT_EQ(drain_values(ring, 8), (std::vector<std::uint64_t>{7, 9}));
}

// The ring against a std::deque model, with its indices started at `first`, for many rounds of
// pushes and drains of varying sizes: every index crossing 2^64 must behave like any other.
void check_against_model(std::uint64_t first) {
  auto ring = std::make_unique<item_ring<8>>(first);
  std::deque<std::uint64_t> model;
  std::uint64_t next = 0, accepted = 0, dropped = 0;
  for (std::size_t round = 0; round < 40; ++round) {
    const std::size_t pushes = 1 + (round * 5) % 11;  // 1..11: sometimes more than capacity
    for (std::size_t p = 0; p < pushes; ++p, ++next) {
      const bool ok = ring->try_push(make_item(next));
      ASSERT_EQ(ok, model.size() < 8) << "first index " << first << ", push " << next;
      if (ok) {
        model.push_back(next);
        ++accepted;
      } else {
        ++dropped;
      }
    }
    ASSERT_EQ(ring->size_approx(), model.size());
    const std::size_t max = (round * 3) % 10;  // 0..9
    std::size_t visited = 0;
    const std::size_t n = ring->drain(max, [&](const item& it) {
      ASSERT_FALSE(model.empty());
      EXPECT_EQ(it.value, model.front()) << "first index " << first;
      EXPECT_EQ(it.check, ~it.value);
      model.pop_front();
      ++visited;
    });
    ASSERT_EQ(n, visited);
    ASSERT_EQ(ring->pushed(), accepted);
    ASSERT_EQ(ring->dropped(), dropped);
  }
  // Everything left comes out in order.
  while (!model.empty()) {
    item it;
    ASSERT_EQ(ring->drain(&it, 1), 1u);
    EXPECT_EQ(it.value, model.front());
    model.pop_front();
  }
  item it;
  EXPECT_EQ(ring->drain(&it, 1), 0u);
}

TEST(SpanRing, WrapAroundNear2Pow64) {
  constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  // Every alignment of the wrap relative to the slots, and the indices' extreme values.
  for (std::uint64_t k = 0; k <= 20; ++k) check_against_model(max - k);
  check_against_model(0);
  check_against_model(std::uint64_t{1} << 63);
  check_against_model((std::uint64_t{1} << 63) - 3);
}

TEST(SpanRing, WrapAroundCountersAndSize) {
  constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  item_ring<4> ring(max - 1);  // indices max-1, max, 0, 1, ...
  for (std::uint64_t i = 0; i < 4; ++i) EXPECT_TRUE(ring.try_push(make_item(i)));
  EXPECT_EQ(ring.pushed(), 4u);
  EXPECT_EQ(ring.size_approx(), 4u);
  EXPECT_FALSE(ring.try_push(make_item(4)));
  item out[4];
  EXPECT_EQ(ring.drain(out, 3), 3u);
  EXPECT_EQ(ring.size_approx(), 1u);
  EXPECT_EQ(out[2].value, 2u);
}

// Drops are counted per thread; threads beyond the 32 that own a counter share one. Either way
// every drop is counted exactly once.
TEST(SpanRing, DropsAreCountedFromManyThreads) {
  item_ring<2> ring;
  ASSERT_TRUE(ring.try_push(make_item(0)));
  ASSERT_TRUE(ring.try_push(make_item(1)));
  std::uint64_t expected = 0;
  // 40 threads, at least 8 of them past the owned counters, 2 at a time, 100 drops each.
  for (int round = 0; round < 20; ++round) {
    std::thread a([&] {
      for (int i = 0; i < 100; ++i) EXPECT_FALSE(ring.try_push(make_item(2)));
    });
    std::thread b([&] {
      for (int i = 0; i < 100; ++i) EXPECT_FALSE(ring.try_push(make_item(3)));
    });
    a.join();
    b.join();
    expected += 200;
  }
  EXPECT_GE(tracewire::detail::next_thread_index.load(), 40u);
  EXPECT_EQ(ring.dropped(), expected);
  EXPECT_EQ(ring.pushed(), 2u);
}

// A producer that has claimed a slot and not yet published it: the other producers continue, the
// consumer stops at the hole, and resumes from it once it is published.
TEST(SpanRing, ParkedProducerIsAHoleNotABarrier) {
  item_ring<8> ring;
  ASSERT_TRUE(ring.try_push(make_item(1)));  // index 0

  std::atomic<bool> claimed{false}, release{false};
  std::thread parked([&] {
    const bool ok = ring.try_emplace([&](item& it) noexcept {  // index 1
      it = make_item(2);
      claimed.store(true, std::memory_order_release);
      while (!release.load(std::memory_order_acquire)) std::this_thread::yield();
    });
    EXPECT_TRUE(ok);
  });
  while (!claimed.load(std::memory_order_acquire)) std::this_thread::yield();

  // Other producers are not blocked by the parked one.
  ASSERT_TRUE(ring.try_push(make_item(3)));  // index 2
  ASSERT_TRUE(ring.try_push(make_item(4)));  // index 3
  EXPECT_EQ(ring.size_approx(), 4u);

  // The consumer gets what precedes the hole, then stops there (repeatedly).
  std::vector<std::uint64_t> got;
  auto collect = [&](const item& it) { got.push_back(it.value); };
  EXPECT_EQ(ring.drain(100, collect), 1u);
  EXPECT_EQ(ring.drain(100, collect), 0u);
  EXPECT_EQ(got, (std::vector<std::uint64_t>{1}));
  // Producers keep going until the ring is full: 3 waiting + 5 more = 8 claimed and unconsumed.
  for (std::uint64_t v = 5; v < 10; ++v) EXPECT_TRUE(ring.try_push(make_item(v)));
  EXPECT_FALSE(ring.try_push(make_item(10)));
  EXPECT_EQ(ring.dropped(), 1u);

  release.store(true, std::memory_order_release);
  parked.join();
  EXPECT_EQ(ring.drain(100, collect), 8u);
  EXPECT_EQ(got, (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(ring.pushed(), 9u);
}

TEST(SpanRing, ThrowingVisitorLeavesTheRecordInTheRing) {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  item_ring<8> ring;
  for (std::uint64_t i = 0; i < 3; ++i) ASSERT_TRUE(ring.try_push(make_item(i)));
  std::vector<std::uint64_t> got;
  try {
    ring.drain(10, [&](const item& it) {
      if (it.value == 1) throw 1;
      got.push_back(it.value);
    });
    ADD_FAILURE() << "the visitor's exception was swallowed";
  } catch (int) {
  }
  EXPECT_EQ(ring.size_approx(), 2u);
  EXPECT_EQ(ring.drain(10, [&](const item& it) { got.push_back(it.value); }), 2u);
  EXPECT_EQ(got, (std::vector<std::uint64_t>{0, 1, 2}));
#else
  GTEST_SKIP() << "built without exceptions";
#endif
}

TEST(SpanRing, CarriesSpanRecords) {
  using record = tracewire::span_record;
  auto ring = std::make_unique<tracewire::span_ring<record, 4>>();
  record r;
  r.set_name("GET /cart");
  r.set_trace_id(tracewire::trace_id::from_u64(1, 2));
  r.set_attribute("cart.id", "cart-1");
  ASSERT_TRUE(ring->try_push(r));
  ASSERT_TRUE(ring->try_emplace([](record& slot) noexcept {
    slot.reset();
    slot.set_name("emplaced");
    slot.set_attribute("n", 2);
  }));
  std::size_t seen = 0;
  ring->drain(10, [&](const record& got) {
    if (seen++ == 0) {
      EXPECT_EQ(got.name(), "GET /cart");
      EXPECT_EQ(got.trace_id(), tracewire::trace_id::from_u64(1, 2));
      EXPECT_EQ(got.find_attribute("cart.id").string_value(), "cart-1");
    } else {
      EXPECT_EQ(got.name(), "emplaced");
      EXPECT_EQ(got.attribute_count(), 1u);
      EXPECT_EQ(got.find_attribute("n").int_value(), 2);
    }
  });
  EXPECT_EQ(seen, 2u);
}

TEST(ShardedSpanRing, ThreadsKeepTheirShardAndOrder) {
  using ring_type = tracewire::sharded_span_ring<item, 8, 4>;
  auto ring = std::make_unique<ring_type>();
  static_assert(ring_type::capacity() == 32);
  // Explicit shards: each shard is its own ring; a full shard drops even if others have room.
  for (std::uint64_t i = 0; i < 9; ++i) {
    EXPECT_EQ(ring->try_push(make_item(i), 2), i < 8);
  }
  EXPECT_EQ(ring->shard(2).pushed(), 8u);
  EXPECT_EQ(ring->shard(2).dropped(), 1u);
  EXPECT_EQ(ring->shard(0).pushed(), 0u);
  EXPECT_FALSE(ring->try_push(make_item(100), 6));  // 6 % 4 == 2: still full
  EXPECT_EQ(ring->dropped(), 2u);
  EXPECT_EQ(ring->pushed(), 8u);
  std::vector<std::uint64_t> got;
  ring->drain(100, [&](const item& it) { got.push_back(it.value); });
  EXPECT_EQ(got, (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7}));

  // Without a shard argument, the calling thread always lands on the same shard.
  auto fresh = std::make_unique<ring_type>();
  for (std::uint64_t i = 0; i < 5; ++i) ASSERT_TRUE(fresh->try_push(make_item(i)));
  std::size_t non_empty = 0;
  for (std::size_t s = 0; s < 4; ++s) non_empty += fresh->shard(s).size_approx() != 0;
  EXPECT_EQ(non_empty, 1u);
  // Another thread gets the next shard (round-robin), so two threads use two shards.
  std::thread([&] { ASSERT_TRUE(fresh->try_push(make_item(50))); }).join();
  non_empty = 0;
  for (std::size_t s = 0; s < 4; ++s) non_empty += fresh->shard(s).size_approx() != 0;
  EXPECT_EQ(non_empty, 2u);
  EXPECT_EQ(fresh->pushed(), 6u);
  EXPECT_EQ(fresh->size_approx(), 6u);
  got.clear();
  item out[16];
  const std::size_t n = fresh->drain(out, 16);
  ASSERT_EQ(n, 6u);
  for (std::size_t i = 0; i < n; ++i) got.push_back(out[i].value);
  // Per-thread order holds whatever order the shards were visited in.
  std::vector<std::uint64_t> mine;
  for (std::uint64_t v : got) {
    if (v != 50) mine.push_back(v);
  }
  EXPECT_EQ(mine, (std::vector<std::uint64_t>{0, 1, 2, 3, 4}));
}

TEST(ShardedSpanRing, DrainRotatesItsStartingShard) {
  auto ring = std::make_unique<tracewire::sharded_span_ring<item, 8, 2>>();
  for (std::uint64_t i = 0; i < 4; ++i) {
    ASSERT_TRUE(ring->try_push(make_item(i), 0));
    ASSERT_TRUE(ring->try_push(make_item(100 + i), 1));
  }
  // Batches of 2: the first starts at shard 0, the next at shard 1, and so on; neither starves.
  item out[2];
  ASSERT_EQ(ring->drain(out, 2), 2u);
  EXPECT_EQ(out[0].value, 0u);
  ASSERT_EQ(ring->drain(out, 2), 2u);
  EXPECT_EQ(out[0].value, 100u);
  ASSERT_EQ(ring->drain(out, 2), 2u);
  EXPECT_EQ(out[0].value, 2u);
}

TEST(ShardedSpanRing, WrapAround) {
  constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  auto ring = std::make_unique<tracewire::sharded_span_ring<item, 4, 2>>(max - 1);
  for (std::uint64_t round = 0; round < 10; ++round) {
    for (std::uint64_t i = 0; i < 3; ++i) ASSERT_TRUE(ring->try_push(make_item(round * 3 + i), 1));
    item out[3];
    ASSERT_EQ(ring->drain(out, 3), 3u);
    for (std::uint64_t i = 0; i < 3; ++i) EXPECT_EQ(out[i].value, round * 3 + i);
  }
  EXPECT_EQ(ring->pushed(), 30u);
}

#ifndef TRACEWIRE_RING_TEST_NO_ALLOC_COUNTER
TEST(SpanRing, PushAndDrainDoNotAllocate) {
  using record = tracewire::span_record;
  auto ring = std::make_unique<tracewire::span_ring<record, 8>>();
  auto sharded = std::make_unique<tracewire::sharded_span_ring<record, 8, 2>>();
  auto out = std::make_unique<record[]>(8);
  record r;
  r.set_name("GET /cart");
  r.set_attribute("cart.id", "cart-1");
  std::size_t visited = 0;

  const tracewire_test::alloc_scope allocs;
  for (int i = 0; i < 8; ++i) {
    ring->try_push(r);
    sharded->try_push(r);
  }
  const bool full_push = ring->try_push(r);  // the drop path
  const bool full_emplace = ring->try_emplace([](record& s) noexcept { s.set_name("x"); });
  visited += ring->drain(4, [](const record&) noexcept {});
  visited += ring->drain(out.get(), 8);
  const bool emplaced = ring->try_emplace([](record& s) noexcept {
    s.reset();
    s.set_name("in place");
  });
  visited += ring->drain(out.get(), 8);
  visited += sharded->drain(out.get(), 8);
  visited += sharded->drain(8, [](const record&) noexcept {});
  const std::size_t count = allocs.count();

  EXPECT_EQ(count, 0u);
  EXPECT_FALSE(full_push);
  EXPECT_FALSE(full_emplace);
  EXPECT_TRUE(emplaced);
  EXPECT_EQ(visited, 8u + 1u + 8u);
  EXPECT_EQ(ring->dropped(), 2u);
}

#endif  // TRACEWIRE_RING_TEST_NO_ALLOC_COUNTER

}  // namespace
