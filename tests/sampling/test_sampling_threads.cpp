// SPDX-License-Identifier: Apache-2.0
//
// rate_limited under contention: many threads compete for the slots of one limiter at fixed
// instants; exactly the allowed number is granted, never more (the compare-and-swap loop neither
// loses nor duplicates a slot). Registered with the "tsan" label under the thread sanitizer.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "tracewire/sampling/rate_limited.hpp"

namespace {

namespace tw = tracewire;

TEST(RateLimitedThreads, ExactlyTheBurstIsGranted) {
  constexpr int threads = 4;
  constexpr int attempts = 20000;
  const tw::rate_limited<> limiter(*tw::rate_limit::per_second(1000.0));  // burst 1000, 1 per ms
  std::atomic<int> granted{0};
  std::atomic<int> ready{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      // seq_cst start line: the threads start competing together
      ready.fetch_add(1);
      while (ready.load() < threads) {
      }
      tw::tracestate ts;
      const auto p =
          tw::sampling_parameters::root(tw::trace_id::from_u64(1, 1), tw::trace_flags(2), "x");
      int mine = 0;
      for (int i = 0; i < attempts; ++i) {
        // 10 ms of simulated time across the run: 1000 (burst) + 10 more slots
        const std::uint64_t now = 5'000'000'000 + static_cast<std::uint64_t>(i) * 500;
        if (limiter.should_sample_at(p, ts, now) == tw::sampling_decision::record_and_sample)
          ++mine;
      }
      granted.fetch_add(mine, std::memory_order_relaxed);  // read after join()
    });
  }
  for (auto& t : pool) t.join();
  // Slot j (0-based) is granted at the earliest attempt with now >= 5 s + j ms - 999 ms (the
  // tolerance): the burst j = 0..999 at 5 s, then j = 1000..1008 up to the last instant,
  // 5 s + 10 ms - 500 ns. Every thread ends with 2000 attempts past 5 s + 9 ms, far more than the
  // slots, so the count does not depend on how the threads interleave.
  EXPECT_EQ(granted.load(), 1000 + 9);
}

}  // namespace
