// SPDX-License-Identifier: Apache-2.0
//
// tracewire/id_generator.hpp: random trace and span ids.
//
// Contract
// - id_generator is SplitMix64 over an atomic Weyl sequence: each id costs one relaxed fetch_add
//   and a few multiplications, is thread-safe and lock-free, and allocates nothing.
// - Every output bit is uniform, so a new root may set the W3C Level 2 random flag.
// - The mix is a bijection of the sequence position, so one generator never returns the same
//   span-id twice in 2^64 draws; an all-zero id is never returned (the one position that would give
//   zero is skipped; a trace-id takes two consecutive positions, which cannot both give zero).
// - Seeded: the same seed gives the same sequence (for reproducible tests). Default-constructed:
//   seeded from clocks and address-space layout. Not a cryptographic generator: do not use ids as
//   secrets.
// - thread_ids() returns ids from a per-thread generator (no shared cache line between threads),
//   each seeded once from a process-wide generator.
#ifndef TRACEWIRE_ID_GENERATOR_HPP
#define TRACEWIRE_ID_GENERATOR_HPP

#include <atomic>
#include <chrono>
#include <cstdint>

#include "tracewire/config.hpp"
#include "tracewire/ids.hpp"

TRACEWIRE_BEGIN_NAMESPACE

namespace detail {

inline constexpr std::uint64_t splitmix_gamma = 0x9E3779B97F4A7C15ull;

/// SplitMix64's output function (Steele, Lea, Flood 2014): a bijection on 64-bit values.
constexpr std::uint64_t splitmix64_mix(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// A single-threaded SplitMix64 state; the building block of both generators.
struct splitmix64 {
  std::uint64_t state = 0;
  constexpr std::uint64_t next() noexcept { return splitmix64_mix(state += splitmix_gamma); }
};

inline std::uint64_t entropy_seed() noexcept {
  int local = 0;
  const auto mono =
      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  const auto wall =
      static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
  const auto stack = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(&local));
  const auto code = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(&entropy_seed));
  return splitmix64_mix(mono ^ splitmix64_mix(wall ^ splitmix64_mix(stack ^ (code << 1))));
}

constexpr trace_id trace_id_from(std::uint64_t a, std::uint64_t b) noexcept {
  return trace_id::from_u64(a, b);  // never both zero: a and b mix consecutive positions
}

}  // namespace detail

/// Thread-safe, lock-free, allocation-free generator of random ids.
class id_generator {
 public:
  /// Seeded from clocks and address-space layout.
  id_generator() noexcept : state_(detail::entropy_seed()) {}
  /// Deterministic: the same seed gives the same sequence.
  constexpr explicit id_generator(std::uint64_t seed) noexcept : state_(seed) {}

  id_generator(const id_generator&) = delete;
  id_generator& operator=(const id_generator&) = delete;

  /// A uniformly random, never all-zero trace-id.
  trace_id new_trace_id() noexcept {
    // relaxed: the counter only has to hand out distinct positions; no other memory is published.
    const std::uint64_t s = state_.fetch_add(2 * detail::splitmix_gamma, std::memory_order_relaxed);
    return detail::trace_id_from(detail::splitmix64_mix(s + detail::splitmix_gamma),
                                 detail::splitmix64_mix(s + 2 * detail::splitmix_gamma));
  }

  /// A uniformly random, never all-zero span-id.
  span_id new_span_id() noexcept {
    for (;;) {
      // relaxed: as above.
      const std::uint64_t s = state_.fetch_add(detail::splitmix_gamma, std::memory_order_relaxed);
      const std::uint64_t v = detail::splitmix64_mix(s + detail::splitmix_gamma);
      if (TRACEWIRE_LIKELY(v != 0)) return span_id::from_u64(v);
    }
  }

  /// A raw 64-bit draw (for seeding other generators).
  std::uint64_t next_u64() noexcept {
    // relaxed: as above.
    const std::uint64_t s = state_.fetch_add(detail::splitmix_gamma, std::memory_order_relaxed);
    return detail::splitmix64_mix(s + detail::splitmix_gamma);
  }

  /// Restarts the sequence from `seed`.
  void reseed(std::uint64_t seed) noexcept {
    // relaxed: reseeding races with concurrent draws by design; any interleaving is acceptable.
    state_.store(seed, std::memory_order_relaxed);
  }

 private:
  std::atomic<std::uint64_t> state_;
};

/// The process-wide generator, seeded from entropy on first use.
inline id_generator& global_id_generator() noexcept {
  static id_generator g;
  return g;
}

/// Per-thread generator: no cache line is shared between threads after the first call on a thread.
class thread_ids {
 public:
  static trace_id new_trace_id() noexcept {
    detail::splitmix64& g = local();
    const std::uint64_t a = g.next();
    return detail::trace_id_from(a, g.next());
  }
  static span_id new_span_id() noexcept {
    detail::splitmix64& g = local();
    for (;;) {
      const std::uint64_t v = g.next();
      if (TRACEWIRE_LIKELY(v != 0)) return span_id::from_u64(v);
    }
  }

 private:
  static detail::splitmix64& local() noexcept {
    // Constant-initialised and trivially destructible: no TLS guard, no exit-time destructor.
    static thread_local detail::splitmix64 g{};
    static thread_local bool seeded = false;
    if (TRACEWIRE_UNLIKELY(!seeded)) {
      g.state = global_id_generator().next_u64();
      seeded = true;
    }
    return g;
  }
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_ID_GENERATOR_HPP
