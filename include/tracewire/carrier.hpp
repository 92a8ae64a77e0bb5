// SPDX-License-Identifier: Apache-2.0
//
// tracewire/carrier.hpp: the protocol propagators use to read and write a transport's fields.
//
// A carrier adapter is a small value that refers to the transport's own container (HTTP header
// fields, gRPC metadata, Kafka record headers). Propagators never see the container; they see:
//
//   struct my_adapter {
//     static constexpr tracewire::key_rule keys = tracewire::key_rule::ascii_case_insensitive;
//     using iterator = ...;                        // forward iterator over every field, wire order
//     iterator begin() const;  iterator end() const;
//     static std::string_view key(iterator);       // the field name as stored
//     static std::string_view value(iterator);     // the bytes (empty for a Kafka null value)
//     static bool is_null(iterator);               // Kafka only: a null value (not an empty one)
//     tracewire::errc set(std::string_view key, std::string_view value);  // replace every field
//                                                  // of that name by one (propagators' keys are
//                                                  // lowercase); errc::ok or carrier_* errors
//   };
//
// Reading goes through `field_values(adapter, key)`: a forward range over the values of every
// field named `key` (under the adapter's key rule), in wire order, so a propagator counts
// duplicates (two traceparent fields are invalid) and combines split fields (tracestate and baggage
// may arrive as several fields, W3C Trace Context 3.3.1.1, RFC 9110 5.3) without copying anything.
// The range is what basic_tracestate::assign and basic_baggage::assign take.
//
// Key rules (`key_rule`): HTTP field names are ASCII case-insensitive (RFC 9110 5.1); gRPC metadata
// keys and Kafka header keys are compared exactly. Ready adapters for standard containers are in
// carriers/http.hpp, carriers/grpc.hpp and carriers/kafka.hpp; a user's own container needs only
// the members above (see README "Your own carrier").
#ifndef TRACEWIRE_CARRIER_HPP
#define TRACEWIRE_CARRIER_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "tracewire/config.hpp"
#include "tracewire/error.hpp"

#if TRACEWIRE_INCLUDE_ITERATOR
#  include <iterator>
#endif

TRACEWIRE_BEGIN_NAMESPACE

/// How a carrier compares field names.
enum class key_rule : std::uint8_t {
  ascii_case_insensitive,  ///< HTTP (RFC 9110 5.1): `Traceparent` and `traceparent` are one field
  exact,                   ///< gRPC metadata (already lowercase), Kafka headers (bytes)
};

namespace detail {

constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

/// True when `stored` names the field `lower` (a lowercase key) under `rule`.
constexpr bool key_matches(key_rule rule, std::string_view stored,
                           std::string_view lower) noexcept {
  if (stored.size() != lower.size()) return false;
  if (rule == key_rule::exact) return stored == lower;
  for (std::size_t i = 0; i < stored.size(); ++i)
    if (ascii_lower(stored[i]) != lower[i]) return false;
  return true;
}

/// True when every character of `key` is a lowercase HTTP token character (what propagators emit;
/// gRPC accepts only `0-9 a-z _ - .`).
constexpr bool is_lowercase_key(std::string_view key) noexcept {
  for (const char c : key)
    if (c >= 'A' && c <= 'Z') return false;
  return !key.empty();
}

template <class Adapter, class = void>
struct has_is_null : std::false_type {};
template <class Adapter>
struct has_is_null<
    Adapter, std::void_t<decltype(Adapter::is_null(std::declval<typename Adapter::iterator>()))>>
    : std::true_type {};

}  // namespace detail

/// A forward range over the values of every field named `key` in an adapter, in wire order.
/// Holds the adapter by reference: keep the adapter alive while iterating.
template <class Adapter>
class field_range {
 public:
  using base_iterator = typename Adapter::iterator;

  class iterator {
   public:
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using reference = std::string_view;
    using pointer = void;
    using iterator_category = std::forward_iterator_tag;

    constexpr iterator() = default;
    constexpr iterator(base_iterator it, base_iterator end, std::string_view key) noexcept
        : it_(it), end_(end), key_(key) {
      skip();
    }

    constexpr std::string_view operator*() const noexcept { return Adapter::value(it_); }
    /// Kafka: the field's value is null (not the same as empty). Always false elsewhere.
    constexpr bool is_null() const noexcept {
      if constexpr (detail::has_is_null<Adapter>::value) {
        return Adapter::is_null(it_);
      } else {
        return false;
      }
    }
    constexpr iterator& operator++() noexcept {
      ++it_;
      skip();
      return *this;
    }
    constexpr iterator operator++(int) noexcept {
      iterator old = *this;
      ++*this;
      return old;
    }
    friend constexpr bool operator==(const iterator& a, const iterator& b) noexcept {
      return a.it_ == b.it_;
    }
    friend constexpr bool operator!=(const iterator& a, const iterator& b) noexcept {
      return !(a == b);
    }

   private:
    constexpr void skip() noexcept {
      while (it_ != end_ && !detail::key_matches(Adapter::keys, Adapter::key(it_), key_)) ++it_;
    }

    base_iterator it_{};
    base_iterator end_{};
    std::string_view key_;
  };

  constexpr field_range(const Adapter& adapter, std::string_view key) noexcept
      : adapter_(adapter), key_(key) {}

  constexpr iterator begin() const noexcept {
    return iterator(adapter_.begin(), adapter_.end(), key_);
  }
  constexpr iterator end() const noexcept { return iterator(adapter_.end(), adapter_.end(), key_); }

  /// How many fields have this name, counting up to `limit` (enough to tell one from several).
  constexpr std::size_t count(std::size_t limit = static_cast<std::size_t>(-1)) const noexcept {
    std::size_t n = 0;
    for (iterator it = begin(), e = end(); it != e && n < limit; ++it) ++n;
    return n;
  }

 private:
  const Adapter& adapter_;
  std::string_view key_;
};

/// The values of every field named `key` (lowercase) in `adapter`, in wire order.
template <class Adapter>
constexpr field_range<Adapter> field_values(const Adapter& adapter, std::string_view key) noexcept {
  return field_range<Adapter>(adapter, key);
}

/// What a single-valued field (traceparent, b3, uber-trace-id, grpc-trace-bin) holds.
struct single_field {
  std::string_view value;
  errc error = errc::field_missing;  ///< ok, field_missing or field_repeated
  bool null = false;                 ///< Kafka: the one field has a null value
};

/// Finds the one field named `key`: errc::field_missing when there is none, errc::field_repeated
/// when there are several (W3C Trace Context 3.2: a receiver that sees more than one traceparent
/// treats the header as invalid; the same holds for every single-valued format).
template <class Adapter>
constexpr single_field find_single(const Adapter& adapter, std::string_view key) noexcept {
  single_field out;
  const field_range<Adapter> range(adapter, key);
  auto it = range.begin();
  const auto end = range.end();
  if (it == end) return out;
  out.value = *it;
  out.null = it.is_null();
  ++it;
  out.error = it == end ? errc::ok : errc::field_repeated;
  return out;
}

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_CARRIER_HPP
