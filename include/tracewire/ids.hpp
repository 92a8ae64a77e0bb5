// SPDX-License-Identifier: Apache-2.0
//
// tracewire/ids.hpp: trace_id, span_id and trace_flags (W3C Trace Context 3.2.2).
//
// Contract
// - trace_id is 16 bytes, span_id 8 bytes, both big-endian as on the wire. The all-zero value of
//   either is invalid (a default-constructed id is that invalid value).
// - from_hex accepts exactly 32 (trace) or 16 (span) lowercase hex digits and rejects the all-zero
//   id; errors name the rule (id_wrong_length, uppercase_hex, invalid_hex, *_all_zero).
// - to_hex writes lowercase hex, always exactly hex_size characters.
// - trace_flags keeps all 8 bits as received; `known()` masks the bits this version defines
//   (sampled 0x01, random 0x02) and is what writers emit (reserved bits are zeroed on output).
// - Everything is constexpr and noexcept; nothing allocates.
#ifndef TRACEWIRE_IDS_HPP
#define TRACEWIRE_IDS_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "tracewire/config.hpp"
#include "tracewire/detail/bytes.hpp"
#include "tracewire/detail/hex.hpp"
#include "tracewire/error.hpp"

TRACEWIRE_BEGIN_NAMESPACE

namespace detail {

/// Shared implementation of trace_id and span_id: N big-endian bytes.
template <std::size_t N, class Derived>
class id_base {
  static_assert(N % 8 == 0, "ids are whole 64-bit words");

 public:
  static constexpr std::size_t size = N;          ///< bytes
  static constexpr std::size_t hex_size = 2 * N;  ///< characters of the hex form

  constexpr id_base() noexcept = default;

  /// The id from N bytes in wire (big-endian) order.
  static constexpr Derived from_bytes(const std::uint8_t* bytes) noexcept {
    Derived id;
    copy_bytes(id.bytes_.data(), bytes, N);
    return id;
  }
  static constexpr Derived from_bytes(const std::array<std::uint8_t, N>& bytes) noexcept {
    return from_bytes(bytes.data());
  }

  /// Parses exactly hex_size lowercase hex digits; the all-zero id is rejected.
  static constexpr result<Derived> from_hex(std::string_view hex) noexcept {
    if (hex.size() != hex_size) return errc::id_wrong_length;
    Derived id;
    if (!decode_hex(hex.data(), N, id.bytes_.data())) {
      return classify_non_hex(hex[find_non_hex(hex.data(), hex_size)]);
    }
    if (!id.is_valid()) return Derived::all_zero_error;
    return id;
  }

  /// Writes exactly hex_size lowercase hex characters to out.
  constexpr void to_hex(char* out) const noexcept { encode_hex(bytes_.data(), N, out); }

  constexpr const std::array<std::uint8_t, N>& bytes() const noexcept { return bytes_; }
  constexpr const std::uint8_t* data() const noexcept { return bytes_.data(); }

  /// Not all zero (W3C Trace Context 3.2.2.3 / 3.2.2.4).
  constexpr bool is_valid() const noexcept {
    if (!is_constant_evaluated()) {
      std::uint64_t w[N / 8]{};  // N is a multiple of 8: test whole words at run time
      std::memcpy(w, bytes_.data(), N);
      std::uint64_t any = 0;
      for (std::size_t i = 0; i < N / 8; ++i) any |= w[i];
      return any != 0;
    }
    std::uint8_t any = 0;
    for (std::size_t i = 0; i < N; ++i) any = static_cast<std::uint8_t>(any | bytes_[i]);
    return any != 0;
  }

  friend constexpr bool operator==(const Derived& a, const Derived& b) noexcept {
    for (std::size_t i = 0; i < N; ++i) {
      if (a.bytes_[i] != b.bytes_[i]) return false;
    }
    return true;
  }
  friend constexpr bool operator!=(const Derived& a, const Derived& b) noexcept {
    return !(a == b);
  }
  /// Ordering is the numeric order of the big-endian value (equivalently, of the hex string).
  friend constexpr bool operator<(const Derived& a, const Derived& b) noexcept {
    for (std::size_t i = 0; i < N; ++i) {
      if (a.bytes_[i] != b.bytes_[i]) return a.bytes_[i] < b.bytes_[i];
    }
    return false;
  }
  friend constexpr bool operator>(const Derived& a, const Derived& b) noexcept { return b < a; }
  friend constexpr bool operator<=(const Derived& a, const Derived& b) noexcept { return !(b < a); }
  friend constexpr bool operator>=(const Derived& a, const Derived& b) noexcept { return !(a < b); }

 protected:
  /// Big-endian 64-bit load of bytes [offset, offset + 8).
  constexpr std::uint64_t load_be64(std::size_t offset) const noexcept {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | bytes_[offset + i];
    return v;
  }
  constexpr void store_be64(std::size_t offset, std::uint64_t v) noexcept {
    for (std::size_t i = 0; i < 8; ++i) {
      bytes_[offset + 7 - i] = static_cast<std::uint8_t>(v & 0xFF);
      v >>= 8;
    }
  }

  std::array<std::uint8_t, N> bytes_{};
};

}  // namespace detail

/// A 16-byte W3C trace-id.
class trace_id : public detail::id_base<16, trace_id> {
 public:
  static constexpr errc all_zero_error = errc::trace_id_all_zero;

  constexpr trace_id() noexcept = default;

  /// The id whose bytes 0-7 are `high` and bytes 8-15 are `low`, both big-endian.
  static constexpr trace_id from_u64(std::uint64_t high, std::uint64_t low) noexcept {
    trace_id id;
    id.store_be64(0, high);
    id.store_be64(8, low);
    return id;
  }
  /// Bytes 0-7 as a big-endian integer.
  constexpr std::uint64_t high() const noexcept { return load_be64(0); }
  /// Bytes 8-15 as a big-endian integer.
  constexpr std::uint64_t low() const noexcept { return load_be64(8); }
  /// The right-most 56 bits (bytes 9-15): the randomness W3C Trace Context Level 2 promises when
  /// the random flag is set, and what OpenTelemetry's consistent sampler compares.
  constexpr std::uint64_t low56() const noexcept { return low() & 0x00FFFFFFFFFFFFFFull; }
};

/// An 8-byte W3C span-id (the parent-id of traceparent).
class span_id : public detail::id_base<8, span_id> {
 public:
  static constexpr errc all_zero_error = errc::span_id_all_zero;

  constexpr span_id() noexcept = default;

  static constexpr span_id from_u64(std::uint64_t v) noexcept {
    span_id id;
    id.store_be64(0, v);
    return id;
  }
  /// The 8 bytes as a big-endian integer.
  constexpr std::uint64_t value() const noexcept { return load_be64(0); }
};

/// The 8-bit trace-flags field (W3C Trace Context 3.2.2.5, Level 2 3.2.2.6).
class trace_flags {
 public:
  static constexpr std::uint8_t sampled_bit = 0x01;  ///< the caller may have recorded the trace
  static constexpr std::uint8_t random_bit = 0x02;   ///< Level 2: low 56 trace-id bits are random
  static constexpr std::uint8_t known_mask = sampled_bit | random_bit;

  constexpr trace_flags() noexcept = default;
  constexpr explicit trace_flags(std::uint8_t bits) noexcept : bits_(bits) {}

  /// All 8 bits as received (reserved bits included).
  constexpr std::uint8_t value() const noexcept { return bits_; }
  /// Only the bits this version defines: what a writer emits.
  constexpr trace_flags known() const noexcept {
    return trace_flags(static_cast<std::uint8_t>(bits_ & known_mask));
  }
  /// The reserved (undefined) bits that were set; kept on input, zeroed on output.
  constexpr std::uint8_t reserved() const noexcept {
    return static_cast<std::uint8_t>(bits_ & static_cast<std::uint8_t>(~known_mask));
  }
  constexpr bool sampled() const noexcept { return (bits_ & sampled_bit) != 0; }
  constexpr bool random() const noexcept { return (bits_ & random_bit) != 0; }

  constexpr trace_flags with_sampled(bool on) const noexcept { return with(sampled_bit, on); }
  constexpr trace_flags with_random(bool on) const noexcept { return with(random_bit, on); }

  friend constexpr bool operator==(trace_flags a, trace_flags b) noexcept {
    return a.bits_ == b.bits_;
  }
  friend constexpr bool operator!=(trace_flags a, trace_flags b) noexcept { return !(a == b); }

 private:
  constexpr trace_flags with(std::uint8_t bit, bool on) const noexcept {
    return trace_flags(
        static_cast<std::uint8_t>(on ? (bits_ | bit) : (bits_ & static_cast<std::uint8_t>(~bit))));
  }

  std::uint8_t bits_ = 0;
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_IDS_HPP
