// SPDX-License-Identifier: Apache-2.0
//
// Run-time tests of trace_id, span_id and trace_flags (W3C Trace Context 3.2.2.3-3.2.2.5): the
// shared id case table (also checked at compile time), every byte value at every hex position of
// both ids, hex round trips against an independent encoder, the 64/56-bit accessors, ordering, and
// all 256 flag values.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <string_view>

#include "id_cases.hpp"
#include "test_util.hpp"
#include "tracewire/ids.hpp"

namespace tw = tracewire;
using tracewire_test::errc_text;
using tracewire_test::hex_of;
using tracewire_test::printable;

namespace {

bool is_lower_hex_char(int c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool is_upper_hex_letter(int c) { return c >= 'A' && c <= 'F'; }

std::string u64_hex(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

template <class Id, class Rng>
Id random_id(Rng& rng) {
  std::array<std::uint8_t, Id::size> b{};
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  b[Id::size - 1] |= 1;  // never all zero
  return Id::from_bytes(b);
}

template <class Id>
void sweep_every_byte_at_every_position(std::string_view base) {
  std::size_t accepted = 0;
  for (std::size_t pos = 0; pos < Id::hex_size; ++pos) {
    for (int b = 0; b < 256; ++b) {
      std::string s(base);
      s[pos] = static_cast<char>(b);
      const tw::result<Id> r = Id::from_hex(s);
      if (is_lower_hex_char(b)) {
        ASSERT_TRUE(r) << printable(s) << ": " << errc_text(r.error());
        EXPECT_EQ(tracewire_test::reference_hex(r->data(), Id::size), s);
        EXPECT_EQ(hex_of(*r), s);
        ++accepted;
      } else {
        EXPECT_EQ(r.error(),
                  is_upper_hex_letter(b) ? tw::errc::uppercase_hex : tw::errc::invalid_hex)
            << printable(s);
      }
    }
  }
  EXPECT_EQ(accepted, Id::hex_size * 16u);
}

}  // namespace

TEST(id_cases, every_case_at_run_time) {
  ASSERT_GT(tracewire_test::id_case_count, 30u);
  for (std::size_t i = 0; i < tracewire_test::id_case_count; ++i) {
    const tracewire_test::id_case& c = tracewire_test::id_cases[i];
    const tracewire_test::mismatch m = tracewire_test::check_id_case(c);
    if (m == tracewire_test::mismatch::none) continue;
    const tw::errc got = c.kind == tracewire_test::id_kind::trace
                             ? tw::trace_id::from_hex(c.hex).error()
                             : tw::span_id::from_hex(c.hex).error();
    ADD_FAILURE() << (c.kind == tracewire_test::id_kind::trace ? "trace" : "span") << " id case "
                  << i << ": " << printable(c.hex)
                  << "\n  mismatch: " << tracewire_test::mismatch_name(m)
                  << "\n  expected: " << errc_text(c.expected)
                  << "\n  actual:   " << errc_text(got);
  }
}

TEST(ids_exhaustive, every_byte_at_every_trace_id_position) {
  sweep_every_byte_at_every_position<tw::trace_id>("4bf92f3577b34da6a3ce929d0e0e4736");
}

TEST(ids_exhaustive, every_byte_at_every_span_id_position) {
  sweep_every_byte_at_every_position<tw::span_id>("00f067aa0ba902b7");
}

TEST(ids, wrong_lengths_come_before_bad_digits) {
  const std::string digits = "0123456789abcdef0123456789abcdef0123";
  for (std::size_t n = 0; n <= digits.size(); ++n) {
    const std::string s = digits.substr(0, n);
    EXPECT_EQ(tw::trace_id::from_hex(s).error(), n == 32 ? tw::errc::ok : tw::errc::id_wrong_length)
        << n;
    EXPECT_EQ(tw::span_id::from_hex(s).error(), n == 16 ? tw::errc::ok : tw::errc::id_wrong_length)
        << n;
    const std::string bad(n, 'Z');
    EXPECT_EQ(tw::trace_id::from_hex(bad).error(),
              n == 32 ? tw::errc::invalid_hex : tw::errc::id_wrong_length);
    EXPECT_EQ(tw::span_id::from_hex(bad).error(),
              n == 16 ? tw::errc::invalid_hex : tw::errc::id_wrong_length);
  }
}

TEST(ids, every_single_bit_id_is_valid_and_round_trips) {
  // A validity check that looks at whole words must still see every single bit.
  for (unsigned bit = 0; bit < 128; ++bit) {
    const std::uint64_t high = bit >= 64 ? (std::uint64_t{1} << (bit - 64)) : 0;
    const std::uint64_t low = bit < 64 ? (std::uint64_t{1} << bit) : 0;
    const tw::trace_id id = tw::trace_id::from_u64(high, low);
    EXPECT_TRUE(id.is_valid()) << bit;
    EXPECT_EQ(id.high(), high);
    EXPECT_EQ(id.low(), low);
    EXPECT_EQ(hex_of(id), u64_hex(high) + u64_hex(low));
    const tw::result<tw::trace_id> back = tw::trace_id::from_hex(hex_of(id));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, id);
  }
  for (unsigned bit = 0; bit < 64; ++bit) {
    const tw::span_id id = tw::span_id::from_u64(std::uint64_t{1} << bit);
    EXPECT_TRUE(id.is_valid()) << bit;
    EXPECT_EQ(id.value(), std::uint64_t{1} << bit);
    EXPECT_EQ(hex_of(id), u64_hex(std::uint64_t{1} << bit));
  }
  EXPECT_FALSE(tw::trace_id{}.is_valid());
  EXPECT_FALSE(tw::span_id{}.is_valid());
  EXPECT_FALSE(tw::trace_id::from_u64(0, 0).is_valid());
  EXPECT_FALSE(tw::span_id::from_u64(0).is_valid());
}

TEST(ids, byte_order_is_big_endian_as_on_the_wire) {
  const tw::trace_id t = tw::trace_id::from_u64(0x0102030405060708ull, 0x090a0b0c0d0e0f10ull);
  for (std::size_t i = 0; i < 16; ++i) EXPECT_EQ(t.bytes()[i], i + 1) << i;
  EXPECT_EQ(t.data(), t.bytes().data());
  EXPECT_EQ(hex_of(t), "0102030405060708090a0b0c0d0e0f10");
  EXPECT_EQ(t.low56(), 0x000a0b0c0d0e0f10ull);
  const tw::span_id s = tw::span_id::from_u64(0x0102030405060708ull);
  for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(s.bytes()[i], i + 1) << i;

  const std::uint8_t raw[16] = {0xff, 0,    0,    0,    0,    0,    0,    0x01,
                                0x80, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77};
  const tw::trace_id from_ptr = tw::trace_id::from_bytes(raw);
  EXPECT_EQ(from_ptr.high(), 0xff00000000000001ull);
  EXPECT_EQ(from_ptr.low(), 0x8011223344556677ull);
  EXPECT_EQ(from_ptr.low56(), 0x0011223344556677ull);  // bytes 9-15
  std::array<std::uint8_t, 16> arr{};
  for (std::size_t i = 0; i < 16; ++i) arr[i] = raw[i];
  EXPECT_EQ(tw::trace_id::from_bytes(arr), from_ptr);
  const std::array<std::uint8_t, 8> sarr = {0, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7};
  EXPECT_EQ(hex_of(tw::span_id::from_bytes(sarr)), "00f067aa0ba902b7");
  EXPECT_EQ(hex_of(tw::span_id::from_bytes(sarr.data())), "00f067aa0ba902b7");
  EXPECT_EQ(tw::trace_id::size, 16u);
  EXPECT_EQ(tw::trace_id::hex_size, 32u);
  EXPECT_EQ(tw::span_id::size, 8u);
  EXPECT_EQ(tw::span_id::hex_size, 16u);
}

TEST(ids, hex_round_trips_against_an_independent_encoder) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 20000; ++i) {
    const tw::trace_id t = tw::trace_id::from_u64(rng(), rng());
    const std::string hex = hex_of(t);
    EXPECT_EQ(hex, u64_hex(t.high()) + u64_hex(t.low()));
    EXPECT_EQ(hex, tracewire_test::reference_hex(t.data(), 16));
    EXPECT_EQ(t.low56(), t.low() & 0x00ffffffffffffffull);
    if (t.is_valid()) {
      const tw::result<tw::trace_id> back = tw::trace_id::from_hex(hex);
      ASSERT_TRUE(back);
      EXPECT_EQ(*back, t);
    }
    const tw::span_id s = tw::span_id::from_u64(rng());
    EXPECT_EQ(hex_of(s), u64_hex(s.value()));
    if (s.is_valid()) {
      const tw::result<tw::span_id> back = tw::span_id::from_hex(hex_of(s));
      ASSERT_TRUE(back);
      EXPECT_EQ(*back, s);
    }
  }
}

TEST(ids, to_hex_writes_exactly_hex_size_characters) {
  const tw::trace_id t = tw::trace_id::from_hex("4bf92f3577b34da6a3ce929d0e0e4736").value();
  char buf[40];
  std::memset(buf, '#', sizeof buf);
  t.to_hex(buf + 2);
  EXPECT_EQ(std::string_view(buf, 40), "##4bf92f3577b34da6a3ce929d0e0e4736######");
  const tw::span_id s = tw::span_id::from_hex("00f067aa0ba902b7").value();
  std::memset(buf, '#', sizeof buf);
  s.to_hex(buf + 1);
  EXPECT_EQ(std::string_view(buf, 20), "#00f067aa0ba902b7###");
}

TEST(ids, ordering_is_the_numeric_order_of_the_hex_string) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 20000; ++i) {
    // Small alphabets make equal and nearly equal ids common.
    tw::trace_id a = random_id<tw::trace_id>(rng);
    tw::trace_id b = random_id<tw::trace_id>(rng);
    if (i % 3 == 0) b = a;
    if (i % 3 == 1)
      b = tw::trace_id::from_u64(a.high(), a.low() ^ (std::uint64_t{1} << (rng() % 64)));
    const std::string ha = hex_of(a);
    const std::string hb = hex_of(b);
    EXPECT_EQ(a == b, ha == hb);
    EXPECT_EQ(a != b, ha != hb);
    EXPECT_EQ(a < b, ha < hb);
    EXPECT_EQ(a > b, ha > hb);
    EXPECT_EQ(a <= b, ha <= hb);
    EXPECT_EQ(a >= b, ha >= hb);
    EXPECT_EQ(a < b, a.high() < b.high() || (a.high() == b.high() && a.low() < b.low()));

    tw::span_id x = random_id<tw::span_id>(rng);
    tw::span_id y = random_id<tw::span_id>(rng);
    if (i % 3 == 0) y = x;
    EXPECT_EQ(x == y, x.value() == y.value());
    EXPECT_EQ(x != y, x.value() != y.value());
    EXPECT_EQ(x < y, x.value() < y.value());
    EXPECT_EQ(x > y, x.value() > y.value());
    EXPECT_EQ(x <= y, x.value() <= y.value());
    EXPECT_EQ(x >= y, x.value() >= y.value());
  }
}

// --- trace_flags --------------------------------------------------------------------------

TEST(trace_flags, all_256_values) {
  for (unsigned v = 0; v < 256; ++v) {
    const tw::trace_flags f(static_cast<std::uint8_t>(v));
    SCOPED_TRACE(v);
    EXPECT_EQ(f.value(), v);
    EXPECT_EQ(f.sampled(), (v & 1u) != 0);
    EXPECT_EQ(f.random(), (v & 2u) != 0);
    EXPECT_EQ(f.known().value(), v & 3u);
    EXPECT_EQ(f.reserved(), v & 0xfcu);
    EXPECT_EQ(f.known().reserved(), 0u);
    // with_* change one bit and keep every other bit, reserved ones included.
    EXPECT_EQ(f.with_sampled(true).value(), v | 1u);
    EXPECT_EQ(f.with_sampled(false).value(), v & ~1u);
    EXPECT_EQ(f.with_random(true).value(), v | 2u);
    EXPECT_EQ(f.with_random(false).value(), v & ~2u);
    EXPECT_TRUE(f.with_sampled(true).sampled());
    EXPECT_FALSE(f.with_sampled(false).sampled());
    EXPECT_TRUE(f.with_random(true).random());
    EXPECT_FALSE(f.with_random(false).random());
    EXPECT_EQ(f.with_random(true).sampled(), f.sampled());
    EXPECT_EQ(f.with_sampled(true).random(), f.random());
    for (unsigned w = 0; w < 256; w += 17) {
      const tw::trace_flags g(static_cast<std::uint8_t>(w));
      EXPECT_EQ(f == g, v == w);
      EXPECT_EQ(f != g, v != w);
    }
  }
  EXPECT_EQ(tw::trace_flags{}.value(), 0);
  EXPECT_EQ(tw::trace_flags::sampled_bit, 0x01);
  EXPECT_EQ(tw::trace_flags::random_bit, 0x02);
  EXPECT_EQ(tw::trace_flags::known_mask, 0x03);
}
