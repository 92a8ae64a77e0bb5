// SPDX-License-Identifier: Apache-2.0
//
// tests/propagation/fields_carrier.hpp: a user's own carrier, written the way the README tells a
// user to adapt a container tracewire does not know: a fixed array of (key, value) views that owns
// what is written into it. Everything is constexpr, so the propagation case tables run through it
// at compile time as well as at run time.
#ifndef TRACEWIRE_TESTS_PROPAGATION_FIELDS_CARRIER_HPP
#define TRACEWIRE_TESTS_PROPAGATION_FIELDS_CARRIER_HPP

#include <cstddef>
#include <string_view>

#include "tracewire/carrier.hpp"
#include "tracewire/error.hpp"

namespace tracewire_test {

struct field {
  std::string_view key;
  std::string_view value;
};

/// Up to N fields and B bytes of written text. HTTP rules (case-insensitive names).
template <std::size_t N = 8, std::size_t B = 1024,
          tracewire::key_rule Rule = tracewire::key_rule::ascii_case_insensitive>
class fields_carrier {
 public:
  // --- the carrier protocol (tracewire/carrier.hpp) -------------------------------------------
  static constexpr tracewire::key_rule keys = Rule;
  using iterator = const field*;
  constexpr iterator begin() const noexcept { return fields_; }
  constexpr iterator end() const noexcept { return fields_ + size_; }
  static constexpr std::string_view key(iterator it) noexcept { return it->key; }
  static constexpr std::string_view value(iterator it) noexcept { return it->value; }
  constexpr tracewire::errc set(std::string_view k, std::string_view v) noexcept {
    erase(k);
    if (size_ == N) return tracewire::errc::carrier_write_failed;
    const std::string_view stored_key = store(k);
    const std::string_view stored_value = store(v);
    if (stored_key.size() != k.size() || stored_value.size() != v.size())
      return tracewire::errc::carrier_write_failed;
    fields_[size_++] = field{stored_key, stored_value};
    return tracewire::errc::ok;
  }
  constexpr std::size_t erase(std::string_view k) noexcept {
    std::size_t kept = 0;
    std::size_t removed = 0;
    for (std::size_t i = 0; i < size_; ++i) {
      if (tracewire::detail::key_matches(keys, fields_[i].key, k)) {
        ++removed;
      } else {
        fields_[kept++] = fields_[i];
      }
    }
    size_ = kept;
    return removed;
  }

  // --- test helpers ------------------------------------------------------------------------
  constexpr fields_carrier() noexcept = default;
  /// Fields given by the test (views into its own static text).
  constexpr fields_carrier(const field* f, std::size_t n) noexcept {
    for (std::size_t i = 0; i < n && i < N; ++i) fields_[size_++] = f[i];
  }
  constexpr std::size_t size() const noexcept { return size_; }
  constexpr field operator[](std::size_t i) const noexcept { return fields_[i]; }
  /// The value of the only field named k (empty if none).
  constexpr std::string_view get(std::string_view k) const noexcept {
    for (std::size_t i = 0; i < size_; ++i)
      if (tracewire::detail::key_matches(keys, fields_[i].key, k)) return fields_[i].value;
    return {};
  }

 private:
  constexpr std::string_view store(std::string_view s) noexcept {
    if (s.size() > B - used_) return {};
    const std::size_t at = used_;
    for (std::size_t i = 0; i < s.size(); ++i) bytes_[at + i] = s[i];
    used_ += s.size();
    return std::string_view(bytes_ + at, s.size());
  }

  field fields_[N] = {};
  std::size_t size_ = 0;
  char bytes_[B] = {};
  std::size_t used_ = 0;
};

}  // namespace tracewire_test

#endif  // TRACEWIRE_TESTS_PROPAGATION_FIELDS_CARRIER_HPP
