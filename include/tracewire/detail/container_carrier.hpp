// SPDX-License-Identifier: Apache-2.0
//
// tracewire/detail/container_carrier.hpp: one carrier adapter (carrier.hpp) over any standard
// container of (key, value) pairs, parameterised by a transport policy (carriers/http.hpp,
// carriers/grpc.hpp, carriers/kafka.hpp).
//
// Containers: std::map, std::multimap, std::unordered_map, std::unordered_multimap, and sequences
// of std::pair (std::vector, std::deque, std::list). Keys: std::string or std::string_view. Values:
// std::string, std::string_view, a vector of 1-byte elements (char, unsigned char, std::uint8_t,
// std::byte), or std::optional of one of these (Kafka: nullopt is a null value).
//
// Containers of views do not own what they point at: the adapter then needs a caller-provided
// `carrier_buffer<N>` into which set() copies the written key and value (so inject allocates
// nothing at all with a pre-sized vector of string_view pairs).
#ifndef TRACEWIRE_DETAIL_CONTAINER_CARRIER_HPP
#define TRACEWIRE_DETAIL_CONTAINER_CARRIER_HPP

#include <cstddef>
#include <cstring>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "tracewire/carrier.hpp"
#include "tracewire/config.hpp"
#include "tracewire/error.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// Storage for the keys and values a propagator writes into a container of views. Reuse one per
/// request (clear() it, or construct it on the stack); N bytes in total.
template <std::size_t N>
class carrier_buffer {
 public:
  static_assert(N > 0, "carrier_buffer needs room for at least one byte");

  /// A stable copy of `s`, or an empty view with *ok = false when it does not fit.
  constexpr std::string_view store(std::string_view s, bool* ok) noexcept {
    if (s.size() > N - used_) {
      *ok = false;
      return {};
    }
    char* at = data_ + used_;
    if (detail::is_constant_evaluated() || s.size() < 16) {
      for (std::size_t i = 0; i < s.size(); ++i) at[i] = s[i];
    } else {
      std::memcpy(at, s.data(), s.size());
    }
    used_ += s.size();
    *ok = true;
    return std::string_view(at, s.size());
  }
  constexpr std::size_t used() const noexcept { return used_; }
  constexpr std::size_t capacity() const noexcept { return N; }
  /// Invalidates every view handed out.
  constexpr void clear() noexcept { used_ = 0; }

 private:
  char data_[N] = {};
  std::size_t used_ = 0;
};

/// No buffer: the container owns its keys and values.
struct no_carrier_buffer {};

namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T, class = void>
struct is_byte_vector : std::false_type {};
template <class T>
struct is_byte_vector<
    T, std::void_t<decltype(std::declval<const T&>().data()),
                   decltype(std::declval<const T&>().size()), typename T::value_type>>
    : std::bool_constant<sizeof(typename T::value_type) == 1 &&
                         !std::is_convertible_v<const T&, std::string_view>> {};

/// The bytes of a stored value (empty for a null optional).
template <class V>
std::string_view value_view(const V& v) noexcept {
  if constexpr (is_optional<V>::value) {
    return v.has_value() ? value_view(*v) : std::string_view();
  } else if constexpr (std::is_convertible_v<const V&, std::string_view>) {
    return std::string_view(v);
  } else {
    static_assert(is_byte_vector<V>::value,
                  "carrier values must be strings, string_views or vectors of 1-byte elements");
    return std::string_view(reinterpret_cast<const char*>(v.data()), v.size());
  }
}

template <class V>
constexpr bool value_is_null(const V& v) noexcept {
  if constexpr (is_optional<V>::value) {
    return !v.has_value();
  } else {
    static_cast<void>(v);
    return false;
  }
}

template <class V>
struct value_is_view : std::is_same<V, std::string_view> {};
template <class V>
struct value_is_view<std::optional<V>> : value_is_view<V> {};

/// Builds a stored value from bytes that outlive it (the caller's or the buffer's).
template <class V>
V make_value(std::string_view s) {
  if constexpr (is_optional<V>::value) {
    return V(make_value<typename V::value_type>(s));
  } else if constexpr (std::is_same_v<V, std::string_view>) {
    return s;
  } else if constexpr (std::is_constructible_v<V, std::string_view>) {
    return V(s);
  } else {
    using byte = typename V::value_type;
    const byte* p = reinterpret_cast<const byte*>(s.data());
    return V(p, p + s.size());
  }
}

template <class C, class = void>
struct is_associative : std::false_type {};
template <class C>
struct is_associative<C, std::void_t<typename C::key_type, typename C::mapped_type>>
    : std::true_type {};

/// std::map / std::unordered_map (emplace returns a pair), not the multi variants.
template <class C, class = void>
struct is_unique_associative : std::false_type {};
template <class C>
struct is_unique_associative<
    C, std::void_t<typename C::mapped_type,
                   decltype(std::declval<C&>()
                                .emplace(std::declval<typename C::key_type>(),
                                         std::declval<typename C::mapped_type>())
                                .second)>> : std::true_type {};

template <class C>
struct pair_types {
  using key_type = std::remove_const_t<typename C::value_type::first_type>;
  using mapped_type = typename C::value_type::second_type;
};

}  // namespace detail

/// The carrier adapter over a standard container. `Policy` supplies the transport's rules:
/// `static constexpr key_rule keys` and `static constexpr errc check(key, value)`.
template <class Container, class Policy, class Buffer = no_carrier_buffer>
class container_carrier {
  using key_type = typename detail::pair_types<Container>::key_type;
  using mapped_type = typename detail::pair_types<Container>::mapped_type;
  static constexpr bool key_is_view = std::is_same_v<key_type, std::string_view>;
  static constexpr bool value_is_view = detail::value_is_view<mapped_type>::value;
  static constexpr bool has_buffer = !std::is_same_v<Buffer, no_carrier_buffer>;

 public:
  static constexpr key_rule keys = Policy::keys;
  using container_type = Container;
  using iterator = typename Container::const_iterator;

  /// For containers that own their keys and values.
  explicit container_carrier(Container& c) noexcept : c_(&c), buffer_(nullptr) {
    static_assert(has_buffer || (!key_is_view && !value_is_view),
                  "a container of string_views needs a carrier_buffer to own what is written: "
                  "pass one as the second argument");
  }
  /// For containers of views: set() copies keys and values into `buffer`.
  container_carrier(Container& c, Buffer& buffer) noexcept : c_(&c), buffer_(&buffer) {}

  iterator begin() const noexcept { return c_->cbegin(); }
  iterator end() const noexcept { return c_->cend(); }
  static std::string_view key(iterator it) noexcept { return std::string_view(it->first); }
  static std::string_view value(iterator it) noexcept { return detail::value_view(it->second); }
  static bool is_null(iterator it) noexcept { return detail::value_is_null(it->second); }

  /// Replaces every field named `key` (under the transport's key rule) by one field holding
  /// `value`. Refuses (and writes nothing) what the transport forbids.
  errc set(std::string_view key, std::string_view value) {
    if (const errc e = Policy::check(key, value); e != errc::ok) return e;
    return set_trusted(key, value);
  }

  /// set() without the transport's checks: for a key and value known to be valid for every
  /// transport (what tracewire's propagators write, see propagation/propagator.hpp).
  errc set_trusted(std::string_view key, std::string_view value) {
    erase(key);
    return append(key, value);
  }

  /// Appends a field without removing others of the same name.
  errc add(std::string_view key, std::string_view value) {
    if (const errc e = Policy::check(key, value); e != errc::ok) return e;
    return append(key, value);
  }

 private:
  errc append(std::string_view key, std::string_view value) {
    if constexpr (key_is_view || value_is_view) {
      static_assert(has_buffer, "a container of string_views needs a carrier_buffer");
      bool ok = true;
      if constexpr (key_is_view) key = buffer_->store(key, &ok);
      if (!ok) return errc::carrier_write_failed;
      if constexpr (value_is_view) value = buffer_->store(value, &ok);
      if (!ok) return errc::carrier_write_failed;
    }
    if constexpr (detail::is_unique_associative<Container>::value) {
      // A map holds one value per exact key: add() of a key already present cannot append.
      if (!c_->emplace(key_type(key), detail::make_value<mapped_type>(value)).second)
        return errc::carrier_write_failed;
    } else if constexpr (detail::is_associative<Container>::value) {
      c_->emplace(key_type(key), detail::make_value<mapped_type>(value));
    } else {
      c_->emplace_back(key_type(key), detail::make_value<mapped_type>(value));
    }
    return errc::ok;
  }

 public:
  /// Removes every field named `key`; returns how many.
  std::size_t erase(std::string_view key) {
    std::size_t n = 0;
    for (auto it = c_->begin(); it != c_->end();) {
      if (detail::key_matches(keys, std::string_view(it->first), key)) {
        it = c_->erase(it);
        ++n;
      } else {
        ++it;
      }
    }
    return n;
  }

  Container& container() const noexcept { return *c_; }

 private:
  Container* c_;
  Buffer* buffer_;
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_DETAIL_CONTAINER_CARRIER_HPP
