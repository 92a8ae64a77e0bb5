// SPDX-License-Identifier: Apache-2.0
//
// tracewire/ring/span_ring.hpp: a bounded, lock-free ring of finished spans; many threads push,
// one exporter drains in batches, and a full ring drops the newest record and counts it.
//
// Contract
// - span_ring<Record, Capacity> stores Capacity records inline (no allocation, ever: put the ring
//   in static storage or allocate it once at start-up). Record is any trivially copyable type
//   (span_record by default in practice); Capacity is a power of two.
// - Producers, any number of threads: try_push(record) copies a record in; try_emplace(fill) lets
//   fill(Record&) write it in place (fill must be noexcept; it receives the slot's previous
//   contents, so it must set every field it relies on, e.g. start with span_record::reset()).
//   Both return false when the ring is full: the record is dropped and counted in dropped(), and
//   the caller is never slowed, blocked or logged at. A push never waits for another producer or
//   for the consumer: one CAS on the head claims a slot, a release store publishes it.
// - One consumer thread at a time: drain(max, visitor) calls visitor(const Record&) on up to max
//   records in push order, in place (no copy), with no atomic read-modify-write per record;
//   drain(out, max) copies them into out[0, n). Both return how many were consumed. A producer
//   parked between its claim and its publish is a hole: drain stops there (records claimed after
//   it wait, they are not lost) and resumes from it on a later call. If the visitor throws, the
//   record it was given stays in the ring and is visited again by the next drain.
// - pushed() and dropped() count since construction (pushed + dropped == attempts);
//   size_approx() is a snapshot of how many records wait; capacity() is Capacity. Drops are
//   counted per thread (the first 32 threads of the process own a counter each and increment it
//   without a locked instruction; later threads share one), so the drop path costs a few plain
//   instructions. Its first use in a thread initialises a thread_local index; in a dlopen()ed
//   library the C runtime may allocate that thread's TLS block then, once per thread.
// - No lock, no throw, no allocation, no logging, no waiting. Waking the exporter (a condition
//   variable, a timer, an eventfd) is the embedder's choice: drain returns 0 when there is nothing.
// - The protocol is Dmitry Vyukov's bounded MPMC queue (per-slot sequence numbers) with one
//   consumer: slot i of lap L has sequence i + L*Capacity while free for a producer, and that plus
//   1 once published; 64-bit indices, masked, never reduced modulo anything else, so they wrap at
//   2^64 only (a test starts the indices just below it). A SPIN model of this protocol is in
//   tests/ring/span_ring.pml.
#ifndef TRACEWIRE_RING_SPAN_RING_HPP
#define TRACEWIRE_RING_SPAN_RING_HPP

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "tracewire/config.hpp"

TRACEWIRE_BEGIN_NAMESPACE

namespace detail {

/// A value alone on its own cache line(s), so that writers of neighbouring values do not
/// invalidate it (false sharing).
template <class T>
struct alignas(cache_line) cache_line_padded {
  T value;
};

template <class Record, class = void>
struct has_copy_to : std::false_type {};
template <class Record>
struct has_copy_to<
    Record, std::void_t<decltype(std::declval<const Record&>().copy_to(std::declval<Record&>()))>>
    : std::true_type {};

/// dst = src, through Record::copy_to when it has one (span_record copies only what is in use).
template <class Record>
void copy_record(const Record& src, Record& dst) noexcept {
  if constexpr (has_copy_to<Record>::value) {
    src.copy_to(dst);
  } else {
    dst = src;
  }
}

inline std::atomic<std::size_t> next_thread_index{0};

/// A number fixed for the calling thread and never handed to another thread of the process
/// (indices are not reused when threads exit). The first call of each thread initialises it.
inline std::size_t this_thread_index() noexcept {
  // relaxed: the counter only has to hand out distinct values; it orders nothing.
  thread_local const std::size_t index = next_thread_index.fetch_add(1, std::memory_order_relaxed);
  return index;
}

/// The drop counters of one ring. The first `owned` threads of the process each own a counter
/// and increment it without a read-modify-write (a locked instruction would cost as much as the
/// rest of the drop path); later threads share one counter and use fetch_add. Each counter alone
/// on its cache line, so dropping threads do not invalidate each other's (false sharing).
class drop_counters {
 public:
  static constexpr std::size_t owned = 32;

  drop_counters() noexcept {
    for (auto& c : counters_) c.value.store(0, std::memory_order_relaxed);  // relaxed: not shared
  }

  void count() noexcept {
    const std::size_t t = this_thread_index();
    if (TRACEWIRE_LIKELY(t < owned)) {
      std::atomic<std::uint64_t>& c = counters_[t].value;
      // relaxed load and store, not fetch_add: only this thread ever writes counter t, so no
      // increment can be lost; readers only sum the counters.
      c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    } else {
      counters_[owned].value.fetch_add(1, std::memory_order_relaxed);  // relaxed: a statistic
    }
  }

  /// The sum; exact when no thread is dropping.
  std::uint64_t total() const noexcept {
    std::uint64_t n = 0;
    // relaxed: a statistic; each counter is exact, the sum a snapshot.
    for (const auto& c : counters_) n += c.value.load(std::memory_order_relaxed);
    return n;
  }

 private:
  cache_line_padded<std::atomic<std::uint64_t>> counters_[owned + 1];
};

}  // namespace detail

template <class Record, std::size_t Capacity>
class span_ring {
  static_assert(Capacity >= 2 && (Capacity & (Capacity - 1)) == 0,
                "capacity must be a power of two so that an index maps to a slot with a mask");
  static_assert(std::is_trivially_copyable_v<Record>,
                "records are copied in and out of slots as plain bytes, never constructed there");
  static_assert(std::is_nothrow_default_constructible_v<Record>,
                "slots are default-constructed once, when the ring is built, and must not throw");
  static_assert(alignof(Record) <= cache_line,
                "a slot is aligned to a cache line; an over-aligned record would break the layout");
  static_assert(std::atomic<std::uint64_t>::is_always_lock_free,
                "a push must never take a lock: 64-bit atomics must be lock-free");

 public:
  using record_type = Record;

  /// An empty ring whose indices start at 0.
  span_ring() noexcept : span_ring(0) {}

  /// An empty ring whose first record gets index `first_index`. For tests: starting just below
  /// 2^64 exercises the index wrap-around that a real ring reaches only after 2^64 pushes. Any
  /// value behaves the same as 0 otherwise.
  explicit span_ring(std::uint64_t first_index) noexcept : first_index_(first_index) {
    head_.value.store(first_index, std::memory_order_relaxed);  // relaxed: not yet shared
    tail_.value.store(first_index, std::memory_order_relaxed);  // relaxed: not yet shared
    for (std::uint64_t i = first_index, end = first_index + Capacity; i != end; ++i) {
      // relaxed: the ring is published to other threads by whatever hands them its address.
      slots_[i & mask].sequence.store(i, std::memory_order_relaxed);
    }
  }

  span_ring(const span_ring&) = delete;
  span_ring& operator=(const span_ring&) = delete;

  static constexpr std::size_t capacity() noexcept { return Capacity; }

  // --- producers (any thread) ------------------------------------------------------------------

  /// Copies `record` into the ring. False when the ring is full: the record is dropped and counted.
  bool try_push(const Record& record) noexcept {
    std::uint64_t pos;
    slot* s = claim(pos);
    if (TRACEWIRE_UNLIKELY(s == nullptr)) return false;
    detail::copy_record(record, s->record);
    publish(*s, pos);
    return true;
  }

  /// Claims a slot and calls fill(Record&) on it in place, then publishes it. False when the ring
  /// is full (fill is not called; the drop is counted). fill sees the slot's previous contents.
  template <class Fill>
  bool try_emplace(Fill&& fill) noexcept {
    static_assert(std::is_nothrow_invocable_v<Fill&, Record&>,
                  "fill runs between claim and publish: a throw would leave a hole that stops the "
                  "consumer forever, so fill must be noexcept");
    std::uint64_t pos;
    slot* s = claim(pos);
    if (TRACEWIRE_UNLIKELY(s == nullptr)) return false;
    fill(s->record);
    publish(*s, pos);
    return true;
  }

  // --- the consumer (one thread at a time) -----------------------------------------------------

  /// Calls visitor(const Record&) on up to `max` records in push order, in place, and frees their
  /// slots. Returns how many were visited: fewer than max when the ring is empty or the next
  /// record is still being written.
  template <class Visitor>
  std::size_t drain(std::size_t max, Visitor&& visitor) noexcept(
      std::is_nothrow_invocable_v<Visitor&, const Record&>) {
    // relaxed: only this (the consumer) thread writes tail_.
    std::uint64_t pos = tail_.value.load(std::memory_order_relaxed);
    std::size_t n = 0;
    for (; n < max; ++n, ++pos) {
      slot& s = slots_[pos & mask];
      // acquire: pairs with the producer's release in publish(); the record is then complete.
      if (s.sequence.load(std::memory_order_acquire) != pos + 1) break;
      visitor(static_cast<const Record&>(s.record));
      // release: our reads of the record happen before a producer that sees this value reuses
      // the slot (it acquires the sequence in claim()).
      s.sequence.store(pos + Capacity, std::memory_order_release);
      // relaxed: tail_ is only read for size_approx(), an estimate; the slot is freed above.
      tail_.value.store(pos + 1, std::memory_order_relaxed);
    }
    return n;
  }

  /// Copies up to `max` records, in push order, into out[0, n) and returns n.
  std::size_t drain(Record* out, std::size_t max) noexcept {
    std::size_t n = 0;
    return drain(max, [out, &n](const Record& r) noexcept { detail::copy_record(r, out[n++]); });
  }

  // --- counters (any thread; snapshots) --------------------------------------------------------

  /// Records accepted since construction (each claimed slot, published or about to be).
  std::uint64_t pushed() const noexcept {
    // relaxed: a statistic; the head itself is the count of claims.
    return head_.value.load(std::memory_order_relaxed) - first_index_;
  }
  /// Records dropped because the ring was full, since construction.
  std::uint64_t dropped() const noexcept { return dropped_.total(); }
  /// Records claimed and not yet consumed, in [0, Capacity]; exact when no thread is pushing or
  /// draining.
  std::size_t size_approx() const noexcept {
    // Tail first: the head read after it is never behind it (head >= tail at every instant and
    // both only grow), so the difference cannot underflow. relaxed: an estimate.
    const std::uint64_t tail = tail_.value.load(std::memory_order_relaxed);
    const std::uint64_t head = head_.value.load(std::memory_order_relaxed);
    const std::uint64_t n = head - tail;
    return n > Capacity ? Capacity : static_cast<std::size_t>(n);
  }

 private:
  struct alignas(cache_line) slot {
    std::atomic<std::uint64_t> sequence;
    Record record;
  };
  static constexpr std::uint64_t mask = Capacity - 1;

  /// The slot for the next index (stored in pos), owned by the caller until publish(); nullptr
  /// when full.
  slot* claim(std::uint64_t& pos) noexcept {
    // relaxed: a hint; the CAS below decides, and the slot's data is ordered by its sequence.
    pos = head_.value.load(std::memory_order_relaxed);
    for (;;) {
      slot& s = slots_[pos & mask];
      // acquire: pairs with the consumer's release in drain(); its reads of the previous record
      // in this slot happen before we overwrite it.
      const std::uint64_t seq = s.sequence.load(std::memory_order_acquire);
      const auto diff = static_cast<std::int64_t>(seq - pos);
      if (diff == 0) {
        // relaxed: the CAS only arbitrates which producer owns index pos; nothing is published
        // through head_. On failure pos is reloaded and we retry.
        if (head_.value.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed,
                                              std::memory_order_relaxed)) {
          return &s;
        }
      } else if (diff < 0) {
        // The slot still holds the record of index pos - Capacity (published or being written):
        // Capacity records are claimed and not consumed. Drop the newest.
        dropped_.count();
        return nullptr;
      } else {
        // Another producer claimed pos and the consumer has freed it since: our head was stale.
        pos = head_.value.load(std::memory_order_relaxed);  // relaxed: a hint, as above
      }
    }
  }

  static void publish(slot& s, std::uint64_t pos) noexcept {
    // release: the record written before this store is visible to the consumer that acquires it.
    s.sequence.store(pos + 1, std::memory_order_release);
  }

  // Producers write head_, the consumer tail_, each dropping thread its own dropped_ counter: each
  // alone on its line so that none of them invalidates another's (false sharing). first_index_ is
  // read-only.
  detail::cache_line_padded<std::atomic<std::uint64_t>> head_;
  detail::cache_line_padded<std::atomic<std::uint64_t>> tail_;
  detail::drop_counters dropped_;
  std::uint64_t first_index_;
  slot slots_[Capacity];

  static_assert(sizeof(detail::cache_line_padded<std::atomic<std::uint64_t>>) == cache_line &&
                    alignof(detail::cache_line_padded<std::atomic<std::uint64_t>>) == cache_line,
                "head, tail and the drop counter each fill exactly one cache line, to prevent "
                "false sharing between producers and the consumer");
  static_assert(sizeof(slot) % cache_line == 0,
                "slots are whole cache lines: two producers writing neighbouring slots never "
                "share a line");
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_RING_SPAN_RING_HPP
