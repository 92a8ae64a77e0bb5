// SPDX-License-Identifier: Apache-2.0
//
// Run-time tests of id_generator and thread_ids: reproducible sequences, never an all-zero id (the
// documented skip of the one position that mixes to zero, forced with a chosen seed), every bit
// uniform, and distinct ids from several threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <thread>
#include <vector>

#include "tracewire/id_generator.hpp"

namespace tw = tracewire;

namespace {

// The Weyl increment of SplitMix64 (Steele, Lea, Flood 2014), as documented by the generator.
constexpr std::uint64_t weyl_gamma = 0x9E3779B97F4A7C15ull;

/// Counts of set bits per position over `n` ids; fails unless each is within `sigmas` standard
/// deviations of n/2 (binomial, p = 1/2).
void expect_uniform_bits(const std::vector<unsigned>& ones, std::size_t n, double sigmas,
                         const char* what) {
  const double mean = static_cast<double>(n) / 2.0;
  const double sd = std::sqrt(static_cast<double>(n) / 4.0);
  for (std::size_t bit = 0; bit < ones.size(); ++bit) {
    EXPECT_LE(std::fabs(static_cast<double>(ones[bit]) - mean), sigmas * sd)
        << what << " bit " << bit << ": " << ones[bit] << " ones in " << n;
  }
}

void count_bits(std::uint64_t v, unsigned* ones) {
  for (unsigned b = 0; b < 64; ++b) ones[b] += static_cast<unsigned>((v >> b) & 1u);
}

}  // namespace

TEST(id_generator, same_seed_same_sequence) {
  tw::id_generator a(12345);
  tw::id_generator b(12345);
  tw::id_generator c(12346);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    const tw::trace_id ta = a.new_trace_id();
    EXPECT_EQ(ta, b.new_trace_id());
    const tw::span_id sa = a.new_span_id();
    EXPECT_EQ(sa, b.new_span_id());
    EXPECT_EQ(a.next_u64(), b.next_u64());
    const tw::trace_id tc = c.new_trace_id();
    c.new_span_id();
    c.next_u64();
    differs |= ta != tc;
  }
  EXPECT_TRUE(differs);
  // reseed restarts the sequence.
  tw::id_generator d(999);
  const tw::trace_id first = d.new_trace_id();
  const tw::span_id second = d.new_span_id();
  d.new_trace_id();
  d.reseed(999);
  EXPECT_EQ(d.new_trace_id(), first);
  EXPECT_EQ(d.new_span_id(), second);
}

TEST(id_generator, ids_are_consecutive_draws) {
  // A trace-id takes two consecutive positions (high, low) and a span-id one, so the three draw
  // from one sequence.
  tw::id_generator g(77);
  tw::id_generator raw(77);
  const tw::trace_id t = g.new_trace_id();
  EXPECT_EQ(t.high(), raw.next_u64());
  EXPECT_EQ(t.low(), raw.next_u64());
  EXPECT_EQ(g.new_span_id().value(), raw.next_u64());
  EXPECT_EQ(g.next_u64(), raw.next_u64());
}

TEST(id_generator, the_position_that_mixes_to_zero_is_skipped) {
  // SplitMix64's mix is a bijection with mix(0) == 0, and position p gives mix(seed + p *
  // weyl_gamma). Seeding with -weyl_gamma puts the zero at the first position.
  const std::uint64_t zero_first = 0 - weyl_gamma;
  {
    tw::id_generator raw(zero_first);
    EXPECT_EQ(raw.next_u64(), 0u);  // a raw draw may be zero: this is the position
  }
  {
    // new_span_id skips it and returns the next position, which a generator seeded with 0 gives
    // first.
    tw::id_generator g(zero_first);
    tw::id_generator ref(0);
    const tw::span_id s = g.new_span_id();
    EXPECT_TRUE(s.is_valid());
    EXPECT_EQ(s, ref.new_span_id());
    EXPECT_EQ(g.next_u64(), ref.next_u64());  // exactly one position was skipped
  }
  {
    // A trace-id whose high half is the zero position is still valid (its low half is not zero).
    tw::id_generator g(zero_first);
    const tw::trace_id t = g.new_trace_id();
    EXPECT_TRUE(t.is_valid());
    EXPECT_EQ(t.high(), 0u);
    EXPECT_NE(t.low(), 0u);
  }
  {
    // ...and so is one whose low half is the zero position.
    tw::id_generator g(0 - 2 * weyl_gamma);
    const tw::trace_id t = g.new_trace_id();
    EXPECT_TRUE(t.is_valid());
    EXPECT_EQ(t.low(), 0u);
    EXPECT_NE(t.high(), 0u);
  }
}

TEST(id_generator, never_all_zero_around_every_seed_offset) {
  // Every seed that puts the zero position within the first few draws.
  for (std::uint64_t k = 1; k <= 16; ++k) {
    tw::id_generator spans(0 - k * weyl_gamma);
    tw::id_generator traces(0 - k * weyl_gamma);
    for (int i = 0; i < 20; ++i) {
      EXPECT_TRUE(spans.new_span_id().is_valid()) << k << " " << i;
      EXPECT_TRUE(traces.new_trace_id().is_valid()) << k << " " << i;
    }
  }
}

TEST(id_generator, every_bit_is_uniform) {
  constexpr std::size_t n = 200000;
  tw::id_generator g(0x5eed);
  std::vector<unsigned> trace_ones(128, 0);
  std::vector<unsigned> span_ones(64, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const tw::trace_id t = g.new_trace_id();
    count_bits(t.low(), trace_ones.data());
    count_bits(t.high(), trace_ones.data() + 64);
    count_bits(g.new_span_id().value(), span_ones.data());
  }
  expect_uniform_bits(trace_ones, n, 5.0, "trace-id");
  expect_uniform_bits(span_ones, n, 5.0, "span-id");
}

TEST(id_generator, every_bit_is_uniform_from_an_entropy_seed) {
  // Not reproducible by design; 6 sigma over 192 bits fails by chance about once in 10^7 runs.
  constexpr std::size_t n = 100000;
  tw::id_generator g;
  std::vector<unsigned> ones(128, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const tw::trace_id t = g.new_trace_id();
    count_bits(t.low(), ones.data());
    count_bits(t.high(), ones.data() + 64);
  }
  expect_uniform_bits(ones, n, 6.0, "trace-id");
  std::vector<unsigned> thread_ones(64, 0);
  for (std::size_t i = 0; i < n; ++i)
    count_bits(tw::thread_ids::new_span_id().value(), thread_ones.data());
  expect_uniform_bits(thread_ones, n, 6.0, "thread_ids span-id");
}

TEST(id_generator, four_threads_sharing_one_generator_get_distinct_ids) {
  constexpr int threads = 4;
  constexpr std::size_t per_thread = 50000;
  tw::id_generator g(2024);
  std::vector<std::vector<std::uint64_t>> spans(threads);
  std::vector<std::vector<tw::trace_id>> traces(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      auto& s = spans[static_cast<std::size_t>(t)];
      auto& tr = traces[static_cast<std::size_t>(t)];
      s.reserve(per_thread);
      tr.reserve(per_thread / 5);
      for (std::size_t i = 0; i < per_thread; ++i) {
        s.push_back(g.new_span_id().value());
        if (i % 5 == 0) tr.push_back(g.new_trace_id());
      }
    });
  }
  for (std::thread& th : pool) th.join();
  std::vector<std::uint64_t> all_spans;
  std::vector<tw::trace_id> all_traces;
  for (int t = 0; t < threads; ++t) {
    all_spans.insert(all_spans.end(), spans[static_cast<std::size_t>(t)].begin(),
                     spans[static_cast<std::size_t>(t)].end());
    all_traces.insert(all_traces.end(), traces[static_cast<std::size_t>(t)].begin(),
                      traces[static_cast<std::size_t>(t)].end());
  }
  ASSERT_EQ(all_spans.size(), threads * per_thread);
  EXPECT_EQ(std::count(all_spans.begin(), all_spans.end(), 0u), 0);
  std::sort(all_spans.begin(), all_spans.end());
  EXPECT_EQ(std::adjacent_find(all_spans.begin(), all_spans.end()), all_spans.end())
      << "a span-id was handed out twice";
  for (const tw::trace_id& t : all_traces) EXPECT_TRUE(t.is_valid());
  std::sort(all_traces.begin(), all_traces.end());
  EXPECT_EQ(std::adjacent_find(all_traces.begin(), all_traces.end()), all_traces.end());
}

TEST(thread_ids, work_on_several_threads) {
  constexpr int threads = 4;
  constexpr std::size_t per_thread = 20000;
  std::vector<std::vector<std::uint64_t>> spans(threads);
  std::vector<std::vector<tw::trace_id>> traces(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (std::size_t i = 0; i < per_thread; ++i) {
        spans[static_cast<std::size_t>(t)].push_back(tw::thread_ids::new_span_id().value());
        traces[static_cast<std::size_t>(t)].push_back(tw::thread_ids::new_trace_id());
      }
    });
  }
  for (std::thread& th : pool) th.join();
  std::vector<std::uint64_t> all_spans;
  std::vector<tw::trace_id> all_traces;
  for (int t = 0; t < threads; ++t) {
    const auto& s = spans[static_cast<std::size_t>(t)];
    all_spans.insert(all_spans.end(), s.begin(), s.end());
    const auto& tr = traces[static_cast<std::size_t>(t)];
    all_traces.insert(all_traces.end(), tr.begin(), tr.end());
  }
  EXPECT_EQ(std::count(all_spans.begin(), all_spans.end(), 0u), 0);
  for (const tw::trace_id& t : all_traces) ASSERT_TRUE(t.is_valid());
  // Each thread has its own sequence; with 64/128 random bits a collision among 80,000 ids would
  // mean the threads share (or repeat) a sequence.
  std::sort(all_spans.begin(), all_spans.end());
  EXPECT_EQ(std::adjacent_find(all_spans.begin(), all_spans.end()), all_spans.end());
  std::sort(all_traces.begin(), all_traces.end());
  EXPECT_EQ(std::adjacent_find(all_traces.begin(), all_traces.end()), all_traces.end());
}

TEST(id_generator, entropy_seeded_generators_differ) {
  tw::id_generator a;
  tw::id_generator b;
  // Two entropy-seeded generators in one process (different stack addresses or clock readings)
  // must not produce the same sequence.
  EXPECT_NE(a.new_trace_id(), b.new_trace_id());
  EXPECT_TRUE(tw::global_id_generator().new_trace_id().is_valid());
  EXPECT_EQ(&tw::global_id_generator(), &tw::global_id_generator());
}
