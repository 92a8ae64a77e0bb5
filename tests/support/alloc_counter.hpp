// SPDX-License-Identifier: Apache-2.0
//
// tests/support/alloc_counter.hpp: counts heap allocations made by the current thread.
// Link alloc_counter.cpp (target tracewire_alloc_counter), which replaces the global operator new
// and delete family, into a test binary; then wrap the code under test:
//
//   tracewire_test::alloc_scope scope;
//   ... hot path ...
//   EXPECT_EQ(scope.count(), 0u);
#ifndef TRACEWIRE_TESTS_ALLOC_COUNTER_HPP
#define TRACEWIRE_TESTS_ALLOC_COUNTER_HPP

#include <cstddef>

namespace tracewire_test {

/// Allocations (any operator new / new[] form) made by this thread since it started.
std::size_t allocations_on_this_thread() noexcept;

/// Counts allocations made by this thread between construction and count().
class alloc_scope {
 public:
  alloc_scope() noexcept : start_(allocations_on_this_thread()) {}
  std::size_t count() const noexcept { return allocations_on_this_thread() - start_; }

 private:
  std::size_t start_;
};

}  // namespace tracewire_test

#endif  // TRACEWIRE_TESTS_ALLOC_COUNTER_HPP
