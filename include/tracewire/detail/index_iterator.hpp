// SPDX-License-Identifier: Apache-2.0
//
// tracewire/detail/index_iterator.hpp: the const iterator of tracewire's list types (tracestate,
// baggage): a position in an owner whose operator[] returns a view by value.
#ifndef TRACEWIRE_DETAIL_INDEX_ITERATOR_HPP
#define TRACEWIRE_DETAIL_INDEX_ITERATOR_HPP

#include <cstddef>
#include <string_view>

#include "tracewire/config.hpp"

#if TRACEWIRE_INCLUDE_ITERATOR
#  include <iterator>
#endif

TRACEWIRE_BEGIN_NAMESPACE
namespace detail {

/// A forward iterator over owner[0, size()); dereferencing yields owner[i] (a view, by value).
template <class Owner, class Value>
class index_iterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = Value;
  using difference_type = std::ptrdiff_t;
  using pointer = void;
  using reference = Value;

  constexpr index_iterator() noexcept = default;
  constexpr index_iterator(const Owner* owner, std::size_t i) noexcept : owner_(owner), i_(i) {}

  constexpr Value operator*() const noexcept { return (*owner_)[i_]; }
  constexpr index_iterator& operator++() noexcept {
    ++i_;
    return *this;
  }
  constexpr index_iterator operator++(int) noexcept {
    index_iterator t = *this;
    ++i_;
    return t;
  }
  friend constexpr bool operator==(const index_iterator& a, const index_iterator& b) noexcept {
    return a.i_ == b.i_;
  }
  friend constexpr bool operator!=(const index_iterator& a, const index_iterator& b) noexcept {
    return a.i_ != b.i_;
  }

 private:
  const Owner* owner_ = nullptr;
  std::size_t i_ = 0;
};

}  // namespace detail
TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_DETAIL_INDEX_ITERATOR_HPP
