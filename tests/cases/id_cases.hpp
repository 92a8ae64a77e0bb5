// SPDX-License-Identifier: Apache-2.0
//
// tests/cases/id_cases.hpp: trace_id / span_id hex codec cases (W3C Trace Context 3.2.2.3 and
// 3.2.2.4: 32 / 16 HEXDIGLC, all zeros invalid), written once. Checked at compile time by
// tests/compile_time/ids_ct.cpp and at run time by tests/unit/test_ids.cpp.
#ifndef TRACEWIRE_TESTS_CASES_ID_CASES_HPP
#define TRACEWIRE_TESTS_CASES_ID_CASES_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "case_support.hpp"
#include "tracewire/ids.hpp"

namespace tracewire_test {

enum class id_kind : std::uint8_t { trace, span };

struct id_case {
  id_kind kind;
  std::string_view hex;
  tracewire::errc expected;
  std::uint64_t high;  // trace: bytes 0-7; span: the value
  std::uint64_t low;   // trace: bytes 8-15; span: unused
};

constexpr id_case trace_ok(std::string_view hex, std::uint64_t high, std::uint64_t low) noexcept {
  return {id_kind::trace, hex, tracewire::errc::ok, high, low};
}
constexpr id_case trace_bad(std::string_view hex, tracewire::errc e) noexcept {
  return {id_kind::trace, hex, e, 0, 0};
}
constexpr id_case span_ok(std::string_view hex, std::uint64_t value) noexcept {
  return {id_kind::span, hex, tracewire::errc::ok, value, 0};
}
constexpr id_case span_bad(std::string_view hex, tracewire::errc e) noexcept {
  return {id_kind::span, hex, e, 0, 0};
}

using namespace std::string_view_literals;

inline constexpr id_case id_cases[] = {
    // W3C Trace Context 3.2.2.3 / 3.2.2.4 examples.
    trace_ok("4bf92f3577b34da6a3ce929d0e0e4736", 0x4bf92f3577b34da6ull, 0xa3ce929d0e0e4736ull),
    span_ok("00f067aa0ba902b7", 0x00f067aa0ba902b7ull),
    trace_bad("00000000000000000000000000000000", tracewire::errc::trace_id_all_zero),
    span_bad("0000000000000000", tracewire::errc::span_id_all_zero),
    // Extremes.
    trace_ok("00000000000000000000000000000001", 0, 1),
    trace_ok("10000000000000000000000000000000", 0x1000000000000000ull, 0),
    trace_ok("ffffffffffffffffffffffffffffffff", ~0ull, ~0ull),
    trace_ok("0123456789abcdeffedcba9876543210", 0x0123456789abcdefull, 0xfedcba9876543210ull),
    span_ok("0000000000000001", 1),
    span_ok("8000000000000000", 0x8000000000000000ull),
    span_ok("ffffffffffffffff", ~0ull),
    // Length first: exactly 32 / 16 digits.
    trace_bad("", tracewire::errc::id_wrong_length),
    trace_bad("4bf92f3577b34da6a3ce929d0e0e473", tracewire::errc::id_wrong_length),
    trace_bad("4bf92f3577b34da6a3ce929d0e0e47360", tracewire::errc::id_wrong_length),
    trace_bad("00f067aa0ba902b7", tracewire::errc::id_wrong_length),
    trace_bad("4bf92f3577b34da6a3ce929d0e0e473G0", tracewire::errc::id_wrong_length),
    span_bad("", tracewire::errc::id_wrong_length),
    span_bad("00f067aa0ba902b", tracewire::errc::id_wrong_length),
    span_bad("00f067aa0ba902b70", tracewire::errc::id_wrong_length),
    span_bad("4bf92f3577b34da6a3ce929d0e0e4736", tracewire::errc::id_wrong_length),
    // Lowercase only (HEXDIGLC); the first offending digit names the error.
    trace_bad("4BF92F3577B34DA6A3CE929D0E0E4736", tracewire::errc::uppercase_hex),
    trace_bad("4bf92f3577b34da6a3ce929d0e0e473F", tracewire::errc::uppercase_hex),
    trace_bad("4bf92f3577b34da6a3ce929d0e0e473g", tracewire::errc::invalid_hex),
    trace_bad("Abf92f3577b34da6a3ce929d0e0e473g", tracewire::errc::uppercase_hex),
    trace_bad("gbf92f3577b34da6a3ce929d0e0e473A", tracewire::errc::invalid_hex),
    trace_bad(" bf92f3577b34da6a3ce929d0e0e4736", tracewire::errc::invalid_hex),
    trace_bad("4bf92f3577b34da6-3ce929d0e0e4736", tracewire::errc::invalid_hex),
    trace_bad("4bf92f3577b34da6a3ce929d0e0e473\0"sv, tracewire::errc::invalid_hex),
    trace_bad("0000000000000000000000000000000G", tracewire::errc::invalid_hex),
    span_bad("00F067AA0BA902B7", tracewire::errc::uppercase_hex),
    span_bad("00f067aa0ba902bx", tracewire::errc::invalid_hex),
    span_bad("00f067aa0ba902b\xff", tracewire::errc::invalid_hex),
    span_bad("000000000000000A", tracewire::errc::uppercase_hex),
};

inline constexpr std::size_t id_case_count = sizeof(id_cases) / sizeof(id_cases[0]);

template <class Id>
constexpr mismatch check_hex_round_trip(const Id& id, std::string_view hex) noexcept {
  char out[Id::hex_size + 1]{};
  id.to_hex(out);
  if (out[Id::hex_size] != '\0') return mismatch::format_size;  // wrote past hex_size
  for (std::size_t i = 0; i < Id::hex_size; ++i) {
    if (out[i] != hex[i]) return mismatch::format_text;
  }
  if (Id::from_bytes(id.bytes()) != id || Id::from_bytes(id.data()) != id) return mismatch::reparse;
  if (!id.is_valid()) return mismatch::reparse;
  return mismatch::none;
}

/// from_hex gives the expected errc; on success the numeric accessors, to_hex, from_u64 and
/// from_bytes agree with the expected value.
constexpr mismatch check_id_case(const id_case& c) noexcept {
  if (c.kind == id_kind::trace) {
    const tracewire::result<tracewire::trace_id> r = tracewire::trace_id::from_hex(c.hex);
    if (r.error() != c.expected) return mismatch::error;
    if (!r) return mismatch::none;
    if (r->high() != c.high || r->low() != c.low) return mismatch::trace_id;
    if (r->low56() != (c.low & 0x00FFFFFFFFFFFFFFull)) return mismatch::trace_id;
    if (!bytes_equal_hex(r->data(), 16, c.hex)) return mismatch::trace_id;
    if (tracewire::trace_id::from_u64(c.high, c.low) != *r) return mismatch::trace_id;
    return check_hex_round_trip(*r, c.hex);
  }
  const tracewire::result<tracewire::span_id> r = tracewire::span_id::from_hex(c.hex);
  if (r.error() != c.expected) return mismatch::error;
  if (!r) return mismatch::none;
  if (r->value() != c.high) return mismatch::parent_id;
  if (!bytes_equal_hex(r->data(), 8, c.hex)) return mismatch::parent_id;
  if (tracewire::span_id::from_u64(c.high) != *r) return mismatch::parent_id;
  return check_hex_round_trip(*r, c.hex);
}

struct id_checker {
  static constexpr std::size_t count = id_case_count;
  static constexpr bool check(std::size_t i) noexcept {
    if (check_id_case(id_cases[i]) == mismatch::none) return true;
    case_failed(i);
    return false;
  }
};

}  // namespace tracewire_test

#endif  // TRACEWIRE_TESTS_CASES_ID_CASES_HPP
