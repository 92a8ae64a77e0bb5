// SPDX-License-Identifier: Apache-2.0
//
// The span ring side by side with a std::mutex + std::deque baseline (the shape of a locked
// exporter queue), both bounded to the same capacity and carrying the same default span_record
// (888 bytes) filled like a typical server span. Part of tracewire_bench (benchmarks/README.md).
//
//   ring_push_pop/*          one thread: push one record, drain one (a pair per iteration)
//   ring_emplace_pop/*       the same with try_emplace and a small fill (ids, times, name)
//   ring_push_full/*         push into a full ring: the drop path (counted, never blocking)
//   ring_1p1c_batch512/*     one producer thread, one consumer draining batches of 512;
//                            items/s is the throughput (manual time, from the first push to the
//                            last record drained)
//   ring_2p1c_batch512/*     two producers, one consumer, the same
// Producers in the threaded cases retry a full push after a yield, so every item is delivered and
// the figure is the sustained throughput. Every case reports allocs_per_op (tests/support
// alloc_counter, producer thread). Timings are never asserted.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "alloc_counter.hpp"
#include "mutex_queue.hpp"
#include "tracewire/ring/span_record.hpp"
#include "tracewire/ring/span_ring.hpp"

namespace {

using record = tracewire::span_record;
constexpr std::size_t ring_capacity = 1024;
constexpr std::size_t batch = 512;
constexpr std::size_t threaded_items = 200000;  // per iteration of the threaded cases

/// The baseline (mutex_queue.hpp), carrying the same records.
using mutex_queue = tracewire_bench::mutex_deque_queue<record>;

using ring_type = tracewire::span_ring<record, ring_capacity>;

record typical_span() {
  record r;
  r.set_trace_id(tracewire::trace_id::from_u64(0x4bf92f3577b34da6, 0xa3ce929d0e0e4736));
  r.set_span_id(tracewire::span_id::from_u64(0x00f067aa0ba902b7));
  r.set_parent_span_id(tracewire::span_id::from_u64(0x1122334455667788));
  r.set_flags(tracewire::trace_flags(1));
  r.set_kind(tracewire::span_kind::server);
  r.set_start_time(1700000000000000000u);
  r.set_end_time(1700000000012000000u);
  r.set_name("POST /api/v1/checkout");
  r.set_attribute("http.request.method", "POST");
  r.set_attribute("http.response.status_code", 201);
  r.set_attribute("url.path", "/api/v1/checkout");
  r.set_attribute("cart.id", "cart-7f3a9c21");
  r.set_attribute("enduser.id", "user-48213");
  r.set_attribute("user.tier", "gold");
  return r;
}

void report_allocs(benchmark::State& state, std::size_t allocations) {
  state.counters["allocs_per_op"] =
      benchmark::Counter(static_cast<double>(allocations), benchmark::Counter::kAvgIterations);
}

/// What an exporter does with a record: read a few fields.
struct visit_sum {
  std::uint64_t* sum;
  void operator()(const record& r) const noexcept {
    *sum += r.end_time_unix_ns() - r.start_time_unix_ns() + r.bytes_used();
  }
};

// --- single thread -------------------------------------------------------------------------------

void ring_push_pop_ring(benchmark::State& state) {
  const auto ring = std::make_unique<ring_type>();
  const record rec = typical_span();
  std::uint64_t sum = 0;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(ring->try_push(rec));
    benchmark::DoNotOptimize(ring->drain(1, visit_sum{&sum}));
  }
  report_allocs(state, allocs.count());
  benchmark::DoNotOptimize(sum);
}

void ring_push_pop_mutex(benchmark::State& state) {
  mutex_queue q(ring_capacity);
  std::vector<record> buffer;
  buffer.reserve(batch);
  const record rec = typical_span();
  std::uint64_t sum = 0;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(q.try_push(rec));
    benchmark::DoNotOptimize(q.drain(1, buffer, visit_sum{&sum}));
  }
  report_allocs(state, allocs.count());
  benchmark::DoNotOptimize(sum);
}

void ring_emplace_pop_ring(benchmark::State& state) {
  const auto ring = std::make_unique<ring_type>();
  const record proto = typical_span();
  std::uint64_t sum = 0, t = 0;
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    benchmark::DoNotOptimize(ring->try_emplace([&](record& r) noexcept {
      r.reset();
      r.set_trace_id(proto.trace_id());
      r.set_span_id(proto.span_id());
      r.set_start_time(t);
      r.set_end_time(++t);
      r.set_name("GET /cart");
    }));
    benchmark::DoNotOptimize(ring->drain(1, visit_sum{&sum}));
  }
  report_allocs(state, allocs.count());
  benchmark::DoNotOptimize(sum);
}

void ring_push_full_ring(benchmark::State& state) {
  const auto ring = std::make_unique<ring_type>();
  const record rec = typical_span();
  while (ring->try_push(rec)) {
  }
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(ring->try_push(rec));
  report_allocs(state, allocs.count());
  if (ring->pushed() != ring_capacity) state.SkipWithError("the ring was not full");
}

void ring_push_full_mutex(benchmark::State& state) {
  mutex_queue q(ring_capacity);
  const record rec = typical_span();
  while (q.try_push(rec)) {
  }
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) benchmark::DoNotOptimize(q.try_push(rec));
  report_allocs(state, allocs.count());
}

// --- threads -------------------------------------------------------------------------------------

/// `producers` threads push threaded_items records in all (retrying a full push after a yield);
/// one consumer drains batches of 512. Returns the seconds from the start signal to the last
/// record drained. push(record) and drain(visitor) adapt the queue under test.
template <class Push, class Drain>
double run_threaded(std::size_t producers, Push push, Drain drain, std::size_t& allocations) {
  const record rec = typical_span();
  std::atomic<std::size_t> ready{0};
  std::atomic<bool> go{false};
  std::atomic<std::size_t> producer_allocs{0};
  std::uint64_t sum = 0;
  std::vector<std::thread> threads;
  const std::size_t per_producer = threaded_items / producers;
  for (std::size_t p = 0; p < producers; ++p) {
    threads.emplace_back([&] {
      ready.fetch_add(1);
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      const tracewire_test::alloc_scope allocs;
      for (std::size_t i = 0; i < per_producer; ++i) {
        while (!push(rec)) std::this_thread::yield();
      }
      producer_allocs.fetch_add(allocs.count());
    });
  }
  while (ready.load() != producers) std::this_thread::yield();
  const auto start = std::chrono::steady_clock::now();
  go.store(true, std::memory_order_release);
  std::size_t got = 0;
  const std::size_t total = per_producer * producers;
  while (got < total) {
    const std::size_t n = drain(visit_sum{&sum});
    got += n;
    if (n == 0) std::this_thread::yield();
  }
  const auto stop = std::chrono::steady_clock::now();
  for (std::thread& t : threads) t.join();
  benchmark::DoNotOptimize(sum);
  allocations += producer_allocs.load();
  return std::chrono::duration<double>(stop - start).count();
}

void ring_threaded_ring(benchmark::State& state, std::size_t producers) {
  const auto ring = std::make_unique<ring_type>();
  std::size_t allocations = 0;
  for ([[maybe_unused]] auto _ : state) {
    state.SetIterationTime(run_threaded(
        producers, [&](const record& r) { return ring->try_push(r); },
        [&](visit_sum v) { return ring->drain(batch, v); }, allocations));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(threaded_items / producers * producers));
  state.counters["allocs_per_op"] = benchmark::Counter(
      static_cast<double>(allocations) /
      static_cast<double>(static_cast<std::size_t>(state.iterations()) * threaded_items));
}

void ring_threaded_mutex(benchmark::State& state, std::size_t producers) {
  mutex_queue q(ring_capacity);
  std::vector<record> buffer;
  buffer.reserve(batch);
  std::size_t allocations = 0;
  for ([[maybe_unused]] auto _ : state) {
    state.SetIterationTime(run_threaded(
        producers, [&](const record& r) { return q.try_push(r); },
        [&](visit_sum v) { return q.drain(batch, buffer, v); }, allocations));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(threaded_items / producers * producers));
  state.counters["allocs_per_op"] = benchmark::Counter(
      static_cast<double>(allocations) /
      static_cast<double>(static_cast<std::size_t>(state.iterations()) * threaded_items));
}

double stat_min(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }
double stat_max(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }

benchmark::internal::Benchmark* with_stats(benchmark::internal::Benchmark* b) {
  return b->ComputeStatistics("min", stat_min)->ComputeStatistics("max", stat_max);
}

const bool registered = [] {
  with_stats(benchmark::RegisterBenchmark("ring_push_pop/tracewire", ring_push_pop_ring));
  with_stats(benchmark::RegisterBenchmark("ring_push_pop/mutex_deque", ring_push_pop_mutex));
  with_stats(benchmark::RegisterBenchmark("ring_emplace_pop/tracewire", ring_emplace_pop_ring));
  with_stats(benchmark::RegisterBenchmark("ring_push_full/tracewire", ring_push_full_ring));
  with_stats(benchmark::RegisterBenchmark("ring_push_full/mutex_deque", ring_push_full_mutex));
  for (const std::size_t producers : {std::size_t{1}, std::size_t{2}}) {
    const char* ring_name =
        producers == 1 ? "ring_1p1c_batch512/tracewire" : "ring_2p1c_batch512/tracewire";
    const char* mutex_name =
        producers == 1 ? "ring_1p1c_batch512/mutex_deque" : "ring_2p1c_batch512/mutex_deque";
    with_stats(benchmark::RegisterBenchmark(ring_name, ring_threaded_ring, producers))
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
    with_stats(benchmark::RegisterBenchmark(mutex_name, ring_threaded_mutex, producers))
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace
