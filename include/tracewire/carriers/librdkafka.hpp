// SPDX-License-Identifier: Apache-2.0
//
// tracewire/carriers/librdkafka.hpp: a carrier adapter (carrier.hpp) over librdkafka's C header
// list `rd_kafka_headers_t`. Optional: this header includes <librdkafka/rdkafka.h> and is never
// included by tracewire.hpp. Tested against the Debian 12 package librdkafka-dev 2.0.2 (pkg-config
// `rdkafka`; there is no CMake config).
//
// Reading walks the list with rd_kafka_header_get_all(), which returns pointers into the message
// (the C++ RdKafka::Headers copies every header on every lookup; this does not): nothing is copied
// and nothing allocated. Keys are compared exactly and repeat in order (KIP-82); a null value
// (is_null() true, empty view) is distinct from an empty one. The views stay valid while the
// message (or the list) lives and is not modified.
// Writing: set() removes every header of that key (rd_kafka_header_remove) and adds one
// (rd_kafka_header_add, which copies); add() appends; set_null() writes a null value.
// Refused: an empty key or one holding NUL (errc::carrier_key_invalid: librdkafka stores names
// NUL-terminated), a key over max_key_size bytes (errc::carrier_write_failed: it is copied to a
// stack buffer to terminate it), and any write to a list librdkafka made read-only after produce
// (errc::carrier_write_failed).
//
//   // producer
//   rd_kafka_headers_t* hdrs = rd_kafka_headers_new(8);
//   auto carrier = tracewire::librdkafka_carrier(hdrs);
//   tracewire::composite<tracewire::w3c_trace_context, tracewire::w3c_baggage>{}.inject(ctx,
//                                                                                      carrier);
//   rd_kafka_producev(rk, RD_KAFKA_V_TOPIC("orders"), RD_KAFKA_V_HEADERS(hdrs), ...,
//                     RD_KAFKA_V_END);     // on success the message owns hdrs
//   // consumer
//   rd_kafka_headers_t* in = nullptr;
//   if (rd_kafka_message_headers(msg, &in) == RD_KAFKA_RESP_ERR_NO_ERROR)
//     propagator.extract(tracewire::librdkafka_carrier(static_cast<const rd_kafka_headers_t*>(in)),
//                        ctx);
#ifndef TRACEWIRE_CARRIERS_LIBRDKAFKA_HPP
#define TRACEWIRE_CARRIERS_LIBRDKAFKA_HPP

#include <librdkafka/rdkafka.h>

#include <cstddef>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "tracewire/carrier.hpp"
#include "tracewire/config.hpp"
#include "tracewire/error.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// Forward iterator over every header of a list, in order. Caches the header it points at, so
/// key() and value() cost nothing after the one rd_kafka_header_get_all() per step.
class librdkafka_header_iterator {
 public:
  using value_type = std::string_view;
  using difference_type = std::ptrdiff_t;
  using reference = std::string_view;
  using pointer = void;
  using iterator_category = std::forward_iterator_tag;

  librdkafka_header_iterator() noexcept = default;
  librdkafka_header_iterator(const rd_kafka_headers_t* h, std::size_t idx) noexcept
      : h_(h), idx_(idx) {
    load();
  }

  std::string_view key() const noexcept { return key_; }
  std::string_view value() const noexcept {
    return value_ == nullptr ? std::string_view() : std::string_view(value_, size_);
  }
  bool is_null() const noexcept { return value_ == nullptr; }
  std::string_view operator*() const noexcept { return value(); }

  librdkafka_header_iterator& operator++() noexcept {
    ++idx_;
    load();
    return *this;
  }
  librdkafka_header_iterator operator++(int) noexcept {
    librdkafka_header_iterator old = *this;
    ++*this;
    return old;
  }
  friend bool operator==(const librdkafka_header_iterator& a,
                         const librdkafka_header_iterator& b) noexcept {
    return a.idx_ == b.idx_;
  }
  friend bool operator!=(const librdkafka_header_iterator& a,
                         const librdkafka_header_iterator& b) noexcept {
    return !(a == b);
  }

 private:
  void load() noexcept {
    const char* name = nullptr;
    const void* value = nullptr;
    std::size_t size = 0;
    if (h_ != nullptr &&
        rd_kafka_header_get_all(h_, idx_, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      key_ = std::string_view(name);
      value_ = static_cast<const char*>(value);
      size_ = size;
    } else {
      key_ = std::string_view();
      value_ = nullptr;
      size_ = 0;
    }
  }

  const rd_kafka_headers_t* h_ = nullptr;
  std::size_t idx_ = 0;
  std::string_view key_;
  const char* value_ = nullptr;
  std::size_t size_ = 0;
};

/// Adapter over `Headers` (`rd_kafka_headers_t` or `const rd_kafka_headers_t`; a null pointer is
/// an empty list, what rd_kafka_message_headers() leaves for a message without headers). With a
/// const list it only reads.
template <class Headers>
class basic_librdkafka_carrier {
  static constexpr bool writable = !std::is_const_v<Headers>;

 public:
  static constexpr key_rule keys = key_rule::exact;
  /// Longest key set()/erase() accept (copied to a stack buffer to NUL-terminate it).
  static constexpr std::size_t max_key_size = 255;
  using iterator = librdkafka_header_iterator;

  explicit basic_librdkafka_carrier(Headers* h) noexcept : h_(h) {}

  iterator begin() const noexcept { return iterator(h_, 0); }
  iterator end() const noexcept {
    return iterator(h_, h_ == nullptr ? 0 : rd_kafka_header_cnt(h_));
  }
  static std::string_view key(const iterator& it) noexcept { return it.key(); }
  static std::string_view value(const iterator& it) noexcept { return it.value(); }
  static bool is_null(const iterator& it) noexcept { return it.is_null(); }

  /// Replaces every header named `key` by one holding `value` (bytes; may be empty).
  template <bool W = writable, std::enable_if_t<W, int> = 0>
  errc set(std::string_view key, std::string_view value) {
    return replace(key, value.data() == nullptr ? "" : value.data(), value.size());
  }
  /// Replaces every header named `key` by one with a null value.
  template <bool W = writable, std::enable_if_t<W, int> = 0>
  errc set_null(std::string_view key) {
    return replace(key, nullptr, 0);
  }
  /// Appends a header named `key` after the others (a repeated key).
  template <bool W = writable, std::enable_if_t<W, int> = 0>
  errc add(std::string_view key, std::string_view value) {
    if (const errc e = check_key(key); e != errc::ok) return e;
    return append(key, value.data() == nullptr ? "" : value.data(), value.size());
  }
  /// Removes every header named `key`; returns how many.
  template <bool W = writable, std::enable_if_t<W, int> = 0>
  std::size_t erase(std::string_view key) {
    char name[max_key_size + 1];
    if (h_ == nullptr || check_key(key) != errc::ok || !terminate(key, name)) return 0;
    const std::size_t before = rd_kafka_header_cnt(h_);
    static_cast<void>(rd_kafka_header_remove(h_, name));
    return before - rd_kafka_header_cnt(h_);
  }

  Headers* headers() const noexcept { return h_; }

 private:
  static constexpr errc check_key(std::string_view key) noexcept {
    if (key.empty() || key.find('\0') != std::string_view::npos) return errc::carrier_key_invalid;
    return errc::ok;
  }
  static bool terminate(std::string_view key, char (&out)[max_key_size + 1]) noexcept {
    if (key.size() > max_key_size) return false;
    std::memcpy(out, key.data(), key.size());
    out[key.size()] = '\0';
    return true;
  }
  errc replace(std::string_view key, const char* value, std::size_t size) {
    if (const errc e = check_key(key); e != errc::ok) return e;
    if (h_ == nullptr) return errc::carrier_write_failed;
    char name[max_key_size + 1];
    if (!terminate(key, name)) return errc::carrier_write_failed;
    const rd_kafka_resp_err_t r = rd_kafka_header_remove(h_, name);
    if (r != RD_KAFKA_RESP_ERR_NO_ERROR && r != RD_KAFKA_RESP_ERR__NOENT)
      return errc::carrier_write_failed;  // __READ_ONLY: the list was handed to librdkafka
    return append(key, value, size);
  }
  errc append(std::string_view key, const char* value, std::size_t size) {
    if (h_ == nullptr) return errc::carrier_write_failed;
    const rd_kafka_resp_err_t r = rd_kafka_header_add(
        h_, key.data(), static_cast<ssize_t>(key.size()), value, static_cast<ssize_t>(size));
    return r == RD_KAFKA_RESP_ERR_NO_ERROR ? errc::ok : errc::carrier_write_failed;
  }

  Headers* h_;
};

using librdkafka_headers_reader = basic_librdkafka_carrier<const rd_kafka_headers_t>;
using librdkafka_headers_writer = basic_librdkafka_carrier<rd_kafka_headers_t>;

/// Reads and writes `h`.
inline librdkafka_headers_writer librdkafka_carrier(rd_kafka_headers_t* h) noexcept {
  return librdkafka_headers_writer(h);
}
/// Reads `h` (a consumed message's headers).
inline librdkafka_headers_reader librdkafka_carrier(const rd_kafka_headers_t* h) noexcept {
  return librdkafka_headers_reader(h);
}

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_CARRIERS_LIBRDKAFKA_HPP
