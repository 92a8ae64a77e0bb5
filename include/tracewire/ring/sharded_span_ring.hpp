// SPDX-License-Identifier: Apache-2.0
//
// tracewire/ring/sharded_span_ring.hpp: Shards independent span_rings behind one producer and
// consumer API, for machines where one ring's head (a single cache line every producer CASes)
// becomes the contention point.
//
// Contract
// - sharded_span_ring<Record, CapacityPerShard, Shards>: a producer thread always uses the same
//   shard (assigned round-robin on its first push, process-wide), so records of one thread keep
//   their push order; records of different shards are delivered in no particular order relative
//   to each other. try_push(record, shard) and try_emplace(fill, shard) let the embedder choose
//   (e.g. by CPU); shard is taken modulo Shards.
// - A full shard drops the record and counts it (the record does not spill into another shard:
//   that would break per-thread order), even if other shards have room.
// - drain(max, visitor) and drain(out, max) behave as span_ring's, over all shards, starting at a
//   shard that rotates on every call so that no shard is starved when max is reached.
// - pushed(), dropped(), size_approx() sum the shards; capacity() is CapacityPerShard * Shards.
// - Same guarantees as span_ring: no lock, no throw, no allocation, no waiting. The first push of
//   a thread initialises a thread_local (in a dlopen()ed library the C runtime may allocate that
//   thread's TLS block then, once per thread; pass the shard explicitly to avoid it).
#ifndef TRACEWIRE_RING_SHARDED_SPAN_RING_HPP
#define TRACEWIRE_RING_SHARDED_SPAN_RING_HPP

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "tracewire/config.hpp"
#include "tracewire/ring/span_ring.hpp"

TRACEWIRE_BEGIN_NAMESPACE

template <class Record, std::size_t CapacityPerShard, std::size_t Shards>
class sharded_span_ring {
  static_assert(Shards >= 1, "a sharded ring needs at least one shard");

 public:
  using record_type = Record;
  using shard_type = span_ring<Record, CapacityPerShard>;

  sharded_span_ring() noexcept = default;
  /// For tests, as span_ring(first_index): every shard starts its indices there.
  explicit sharded_span_ring(std::uint64_t first_index) noexcept
      : sharded_span_ring(first_index, std::make_index_sequence<Shards>{}) {}

  sharded_span_ring(const sharded_span_ring&) = delete;
  sharded_span_ring& operator=(const sharded_span_ring&) = delete;

  static constexpr std::size_t shard_count() noexcept { return Shards; }
  static constexpr std::size_t capacity() noexcept { return CapacityPerShard * Shards; }

  // --- producers -------------------------------------------------------------------------------
  bool try_push(const Record& record) noexcept {
    return try_push(record, detail::this_thread_index());
  }
  bool try_push(const Record& record, std::size_t shard) noexcept {
    return shards_[shard % Shards].try_push(record);
  }
  template <class Fill>
  bool try_emplace(Fill&& fill) noexcept {
    return try_emplace(static_cast<Fill&&>(fill), detail::this_thread_index());
  }
  template <class Fill>
  bool try_emplace(Fill&& fill, std::size_t shard) noexcept {
    return shards_[shard % Shards].try_emplace(static_cast<Fill&&>(fill));
  }

  // --- the consumer (one thread at a time) -----------------------------------------------------
  template <class Visitor>
  std::size_t drain(std::size_t max, Visitor&& visitor) noexcept(
      std::is_nothrow_invocable_v<Visitor&, const Record&>) {
    const std::size_t first = next_drain_;
    next_drain_ = first + 1 == Shards ? 0 : first + 1;
    std::size_t n = 0;
    for (std::size_t k = 0; k < Shards && n < max; ++k) {
      const std::size_t i = first + k < Shards ? first + k : first + k - Shards;
      n += shards_[i].drain(max - n, visitor);
    }
    return n;
  }
  std::size_t drain(Record* out, std::size_t max) noexcept {
    std::size_t n = 0;
    return drain(max, [out, &n](const Record& r) noexcept { out[n++] = r; });
  }

  // --- counters --------------------------------------------------------------------------------
  std::uint64_t pushed() const noexcept {
    std::uint64_t n = 0;
    for (const shard_type& s : shards_) n += s.pushed();
    return n;
  }
  std::uint64_t dropped() const noexcept {
    std::uint64_t n = 0;
    for (const shard_type& s : shards_) n += s.dropped();
    return n;
  }
  std::size_t size_approx() const noexcept {
    std::size_t n = 0;
    for (const shard_type& s : shards_) n += s.size_approx();
    return n;
  }
  /// Shard i, for per-shard statistics. Precondition: i < Shards.
  const shard_type& shard(std::size_t i) const noexcept {
    TRACEWIRE_ASSERT(i < Shards);
    return shards_[i];
  }

 private:
  template <std::size_t... I>
  sharded_span_ring(std::uint64_t first_index, std::index_sequence<I...>) noexcept
      : shards_{shard_type((static_cast<void>(I), first_index))...} {}

  shard_type shards_[Shards];
  std::size_t next_drain_ = 0;  // consumer only
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_RING_SHARDED_SPAN_RING_HPP
