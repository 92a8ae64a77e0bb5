// SPDX-License-Identifier: Apache-2.0
//
// Plain static_asserts on the pure constexpr API (STYLE 10): ids, flags, result, errc messages,
// traceparent and tracestate, all evaluated by the compiler. This translation unit compiling is
// the test.
#include <array>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

#include "tracewire/tracewire.hpp"

namespace tw = tracewire;
using namespace std::string_view_literals;

// --- ABI namespace and layout ------------------------------------------------------------------
static_assert(std::is_same_v<tw::trace_id, tw::v1::trace_id>,
              "entities live in the inline ABI namespace");
static_assert(sizeof(tw::trace_id) == 16 && sizeof(tw::span_id) == 8 &&
                  sizeof(tw::trace_flags) == 1,
              "ids are their wire bytes, nothing more");
static_assert(std::is_trivially_copyable_v<tw::trace_id> &&
                  std::is_trivially_copyable_v<tw::span_id> &&
                  std::is_trivially_copyable_v<tw::trace_flags> &&
                  std::is_trivially_copyable_v<tw::traceparent>,
              "ids and traceparent are plain values");
static_assert(std::is_trivially_copyable_v<tw::tracestate>, "tracestate keeps its bytes inline");
static_assert(std::is_nothrow_default_constructible_v<tw::tracestate>, "no throwing constructors");
static_assert(!std::is_convertible_v<int, tw::trace_flags>, "trace_flags(bits) is explicit");
static_assert(!std::is_convertible_v<tw::result<int>, bool>, "operator bool is explicit");
static_assert(std::is_same_v<std::underlying_type_t<tw::errc>, std::uint8_t>, "errc is one byte");
static_assert(!std::is_copy_constructible_v<tw::id_generator>,
              "a generator is not copied by accident");
static_assert(noexcept(tw::parse_traceparent(std::string_view())), "parsers never throw");
static_assert(noexcept(tw::tracestate::parse(std::string_view())), "parsers never throw");
static_assert(noexcept(std::declval<tw::tracestate&>().put("k", "v")), "put never throws");

// --- ids ---------------------------------------------------------------------------------------
constexpr tw::trace_id kTrace =
    tw::trace_id::from_u64(0x4bf92f3577b34da6ull, 0xa3ce929d0e0e4736ull);
static_assert(tw::trace_id::from_hex("4bf92f3577b34da6a3ce929d0e0e4736").value() == kTrace, "");
static_assert(kTrace.high() == 0x4bf92f3577b34da6ull && kTrace.low() == 0xa3ce929d0e0e4736ull, "");
static_assert(kTrace.low56() == 0x00ce929d0e0e4736ull, "low56 is bytes 9-15");
static_assert(kTrace.bytes()[0] == 0x4b && kTrace.bytes()[15] == 0x36,
              "big-endian, as on the wire");
static_assert(kTrace.is_valid() && !tw::trace_id{}.is_valid() && !tw::span_id{}.is_valid(), "");
static_assert(tw::trace_id::from_hex("00000000000000000000000000000000").error() ==
                  tw::errc::trace_id_all_zero,
              "");
static_assert(tw::span_id::from_hex("0000000000000000").error() == tw::errc::span_id_all_zero, "");
static_assert(tw::trace_id::from_hex("4BF92F3577B34DA6A3CE929D0E0E4736").error() ==
                  tw::errc::uppercase_hex,
              "");
static_assert(tw::trace_id::from_hex("4bf92f3577b34da6a3ce929d0e0e47").error() ==
                  tw::errc::id_wrong_length,
              "");
static_assert(tw::span_id::from_hex("00f067aa0ba902bz").error() == tw::errc::invalid_hex, "");
static_assert(tw::span_id::from_hex("00f067aa0ba902b7").value().value() == 0x00f067aa0ba902b7ull,
              "");
static_assert(tw::trace_id::from_u64(0, 1) < tw::trace_id::from_u64(0, 2) &&
                  tw::trace_id::from_u64(0, ~0ull) < tw::trace_id::from_u64(1, 0) &&
                  tw::trace_id::from_u64(1, 0) > tw::trace_id::from_u64(0, 5) &&
                  tw::trace_id::from_u64(3, 3) <= tw::trace_id::from_u64(3, 3) &&
                  tw::trace_id::from_u64(3, 3) >= tw::trace_id::from_u64(3, 3) &&
                  tw::trace_id::from_u64(3, 3) != tw::trace_id::from_u64(3, 4),
              "ordering is the numeric order of the 128-bit value");
static_assert(tw::span_id::from_u64(1) < tw::span_id::from_u64(0x8000000000000000ull), "");
static_assert(tw::trace_id::from_bytes(kTrace.bytes()) == kTrace, "");

constexpr std::array<char, 32> trace_hex(const tw::trace_id& id) {
  std::array<char, 32> out{};
  id.to_hex(out.data());
  return out;
}
constexpr bool equal(const std::array<char, 32>& a, std::string_view b) {
  for (std::size_t i = 0; i < 32; ++i) {
    if (a[i] != b[i]) return false;
  }
  return b.size() == 32;
}
static_assert(equal(trace_hex(kTrace), "4bf92f3577b34da6a3ce929d0e0e4736"), "to_hex is lowercase");
static_assert(equal(trace_hex(tw::trace_id::from_u64(~0ull, 0)),
                    "ffffffffffffffff0000000000000000"),
              "");

// --- trace_flags -------------------------------------------------------------------------------
static_assert(tw::trace_flags{}.value() == 0 && !tw::trace_flags{}.sampled(), "");
static_assert(tw::trace_flags(0x01).sampled() && !tw::trace_flags(0x01).random(), "");
static_assert(tw::trace_flags(0x02).random() && !tw::trace_flags(0x02).sampled(), "");
static_assert(tw::trace_flags(0xff).known().value() == 0x03 &&
                  tw::trace_flags(0xff).reserved() == 0xfc,
              "reserved bits are kept, and known() masks them");
static_assert(tw::trace_flags(0xfc).with_sampled(true).value() == 0xfd &&
                  tw::trace_flags(0xff).with_random(false).value() == 0xfd &&
                  tw::trace_flags(0x00).with_random(true).with_sampled(true) ==
                      tw::trace_flags(0x03),
              "with_* change one bit only");

// --- errc and result ---------------------------------------------------------------------------
static_assert(std::string_view(tw::to_string(tw::errc::ok)) == "ok", "");
static_assert(std::string_view(tw::to_string(tw::errc::version_ff)) != "unknown error", "");
static_assert(tw::result<int>(4).value() == 4 && *tw::result<int>(5) == 5, "");
static_assert(tw::result<int>(tw::errc::invalid_hex).error() == tw::errc::invalid_hex, "");
static_assert(!tw::result<int>(tw::errc::invalid_hex).has_value() &&
                  tw::result<int>(tw::errc::invalid_hex).value_or(8) == 8,
              "");

// --- traceparent -------------------------------------------------------------------------------
constexpr auto kParsed =
    tw::parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
static_assert(kParsed && kParsed->version == 0 && kParsed->trace_id == kTrace &&
                  kParsed->parent_id == tw::span_id::from_u64(0x00f067aa0ba902b7ull) &&
                  kParsed->flags.sampled(),
              "W3C Trace Context 3.2.2.5 example, parsed at compile time");
static_assert(tw::parse_traceparent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                      .error() == tw::errc::version_ff,
              "");
static_assert(tw::parse_traceresponse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                      ->child_id == kParsed->parent_id,
              "");
static_assert(tw::traceparent_size == 55 && tw::formatted_size(tw::traceparent{}) == 55, "");
constexpr tw::traceparent kReserved{7, kTrace, tw::span_id::from_u64(1), tw::trace_flags(0xff)};
static_assert(tw::format_traceparent(kReserved)->view() ==
                  "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000001-03",
              "written as version 00 with reserved bits zeroed");
static_assert(tw::format_traceparent(tw::traceparent{}).error() == tw::errc::trace_id_all_zero, "");
static_assert(tw::format_traceparent(tw::traceparent{0, kTrace, {}, {}}).error() ==
                  tw::errc::span_id_all_zero,
              "");
constexpr std::size_t format_into_small_buffer() {
  char buf[10]{};
  return tw::format_traceparent(kReserved, buf, sizeof buf).error() == tw::errc::buffer_too_small
             ? 1
             : 0;
}
static_assert(format_into_small_buffer() == 1, "");

// --- tracestate --------------------------------------------------------------------------------
static_assert(tw::tracestate::max_members == 32 && tw::tracestate::max_chars == 512 &&
                  tw::tracestate::key_rules == tw::tracestate_keys::level2,
              "the default holds the spec's 32 members and 512 characters, Level 2 keys");
static_assert(tw::tracestate_level1::key_rules == tw::tracestate_keys::level1, "");

constexpr tw::tracestate congo_then_rojo() {
  tw::tracestate ts;
  static_cast<void>(ts.assign("congo=t61rcWkgMzE"));
  static_cast<void>(ts.put("rojo", "00f067aa0ba902b7"));
  static_cast<void>(ts.put("congo", "ucfJifl5GOE"));
  return ts;
}
constexpr tw::tracestate kState = congo_then_rojo();
static_assert(kState.view() == "congo=ucfJifl5GOE,rojo=00f067aa0ba902b7",
              "W3C Trace Context 3.1: the updated entry moves to the left");
static_assert(kState.size() == 2 && kState.get("rojo") == "00f067aa0ba902b7" &&
                  kState.find("congo") == 0 && !kState.contains("absent") &&
                  kState.formatted_size() == 39,
              "");
static_assert(kState[1].key == "rojo" && (*kState.begin()).value == "ucfJifl5GOE", "");
static_assert(tw::tracestate::parse("foo=1,foo=2").error() == tw::errc::tracestate_duplicate_key,
              "");
static_assert(tw::tracestate::parse("foo@bar@baz=1")->size() == 1, "");
static_assert(tw::tracestate_level1::parse("foo@bar@baz=1").error() ==
                  tw::errc::tracestate_key_bad_system,
              "");
static_assert(tw::tracestate::parse("a=1 ,, b=2")->view() == "a=1,b=2", "");
static_assert(tw::basic_tracestate<2, 64>::parse("a=1,b=2,c=3")->view() == "a=1,b=2",
              "truncation keeps whole members");
constexpr std::size_t evicted_on_full_list() {
  tw::basic_tracestate<2, 64> ts;
  static_cast<void>(ts.assign("a=1,b=2"));
  return ts.put("c", "3").dropped * 10 + (ts.view() == "c=3,a=1" ? 1 : 0);
}
static_assert(evicted_on_full_list() == 11, "a put on a full list evicts the right-most member");

int main() { return 0; }
