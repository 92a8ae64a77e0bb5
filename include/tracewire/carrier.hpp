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
//     // optional:
//     std::size_t erase(std::string_view key);     // inject removes a stale tracestate/baggage
//     tracewire::errc set_trusted(std::string_view key, std::string_view value);  // set() without
//                                                  // the transport's checks, for what tracewire
//                                                  // builds itself (always valid)
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
#include <cstring>
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

/// s[pos, pos + n) for pos <= s.size() (the caller's invariant), without string_view::substr's
/// bounds check and the exception it references.
constexpr std::string_view slice(std::string_view s, std::size_t pos, std::size_t n) noexcept {
  return std::string_view(s.data() + pos, n);
}

constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

/// Eight bytes with A-Z turned into a-z (SWAR: a byte is uppercase when adding 0x3F reaches 0x80
/// and adding 0x25 does not; the high bit is masked first so no addition carries into the next
/// byte, and bytes >= 0x80 keep their high bit and so never equal an ASCII name byte).
inline std::uint64_t ascii_lower8(std::uint64_t w) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  const std::uint64_t x = w & (0x7F * ones);
  const std::uint64_t upper = (x + 0x3F * ones) & ~(x + 0x25 * ones) & (0x80 * ones);
  return w | (upper >> 2);
}

inline std::uint64_t load8(const char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
inline std::uint32_t load4(const char* p) noexcept {
  std::uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}

/// Case-insensitive equality of two strings of the same length n >= 4, the second lowercase:
/// overlapping word loads, no byte loop.
inline bool equal_ci_words(const char* a, const char* lower, std::size_t n) noexcept {
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8)
      if (ascii_lower8(load8(a + i)) != load8(lower + i)) return false;
    return ascii_lower8(load8(a + n - 8)) == load8(lower + n - 8);
  }
  const auto lower4 = [](std::uint32_t v) {
    return static_cast<std::uint32_t>(ascii_lower8(v));  // the zero high half stays zero
  };
  return lower4(load4(a)) == load4(lower) && lower4(load4(a + n - 4)) == load4(lower + n - 4);
}

/// True when `stored` names the field `lower` (a lowercase key) under `rule`.
constexpr bool key_matches(key_rule rule, std::string_view stored,
                           std::string_view lower) noexcept {
  if (stored.size() != lower.size()) return false;
  if (rule == key_rule::exact) return stored == lower;
  if (!is_constant_evaluated() && stored.size() >= 4)
    return equal_ci_words(stored.data(), lower.data(), stored.size());
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
      : adapter_(adapter), start_(adapter.begin()), key_(key) {}
  /// The fields named `key` from `start` on (a position found by scan_fields, so the fields
  /// before it are not compared again).
  constexpr field_range(const Adapter& adapter, base_iterator start, std::string_view key) noexcept
      : adapter_(adapter), start_(start), key_(key) {}

  constexpr iterator begin() const noexcept { return iterator(start_, adapter_.end(), key_); }
  constexpr iterator end() const noexcept { return iterator(adapter_.end(), adapter_.end(), key_); }

  /// How many fields have this name, counting up to `limit` (enough to tell one from several).
  constexpr std::size_t count(std::size_t limit = static_cast<std::size_t>(-1)) const noexcept {
    std::size_t n = 0;
    for (iterator it = begin(), e = end(); it != e && n < limit; ++it) ++n;
    return n;
  }

 private:
  const Adapter& adapter_;
  base_iterator start_;
  std::string_view key_;
};

/// The values of every field named `key` (lowercase) in `adapter`, in wire order.
template <class Adapter>
constexpr field_range<Adapter> field_values(const Adapter& adapter, std::string_view key) noexcept {
  return field_range<Adapter>(adapter, key);
}

/// What one pass over a carrier found for K field names: how many fields have each name (0, 1, or
/// 2 meaning "two or more") and where the first of them is.
template <class Adapter, std::size_t K>
struct field_hits {
  typename Adapter::iterator first[K] = {};
  std::uint8_t count[K] = {};

  /// The values of every field named names[i], from its first occurrence on.
  constexpr field_range<Adapter> values(const Adapter& adapter, std::size_t i,
                                        std::string_view name) const noexcept {
    return field_range<Adapter>(adapter, count[i] == 0 ? adapter.end() : first[i], name);
  }
};

/// One pass over every field of `adapter`, looking for K lowercase names at once: what a
/// propagator with several fields (traceparent and tracestate) uses instead of K passes.
template <class Adapter, std::size_t K>
constexpr field_hits<Adapter, K> scan_fields(const Adapter& adapter,
                                             const std::string_view (&names)[K]) noexcept {
  field_hits<Adapter, K> hits;
  // Most fields of a request have none of the K lengths: one bit test rejects them.
  std::uint64_t lengths = 0;
  for (std::size_t i = 0; i < K; ++i) lengths |= std::uint64_t{1} << (names[i].size() & 63u);
  for (auto it = adapter.begin(), end = adapter.end(); it != end; ++it) {
    const std::string_view key = Adapter::key(it);
    if (((lengths >> (key.size() & 63u)) & 1u) == 0) continue;
    for (std::size_t i = 0; i < K; ++i) {
      if (!detail::key_matches(Adapter::keys, key, names[i])) continue;
      if (hits.count[i] == 0) hits.first[i] = it;
      if (hits.count[i] < 2) ++hits.count[i];
      break;
    }
  }
  return hits;
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
