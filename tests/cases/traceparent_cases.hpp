// SPDX-License-Identifier: Apache-2.0
//
// tests/cases/traceparent_cases.hpp: every traceparent / traceresponse case, written once.
//
// Sources: the examples of W3C Trace Context (Level 1 and 2) section 3.2 verbatim, the W3C test
// suite (w3c/trace-context test/test.py: version 0x00 and 0xcc, ff, illegal characters, too long
// and too short fields, OWS), the interop table of shared/ANCHORS.md ("Known disagreements"), and
// one case per rule of the parser's contract (traceparent.hpp). Checked at compile time by
// tests/compile_time/traceparent_cases_ct.cpp and at run time by tests/unit/test_traceparent.cpp.
#ifndef TRACEWIRE_TESTS_CASES_TRACEPARENT_CASES_HPP
#define TRACEWIRE_TESTS_CASES_TRACEPARENT_CASES_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "case_support.hpp"
#include "tracewire/traceparent.hpp"

namespace tracewire_test {

struct traceparent_case {
  std::string_view input;
  tracewire::errc expected;
  // Expected fields when expected == errc::ok: version as received, ids in lowercase hex, all 8
  // flag bits as received.
  std::uint8_t version;
  std::string_view trace_id;
  std::string_view parent_id;
  std::uint8_t flags;
};

constexpr traceparent_case tp_ok(std::string_view in, std::uint8_t version, std::string_view trace,
                                 std::string_view parent, std::uint8_t flags) noexcept {
  return {in, tracewire::errc::ok, version, trace, parent, flags};
}
constexpr traceparent_case tp_bad(std::string_view in, tracewire::errc e) noexcept {
  return {in, e, 0, {}, {}, 0};
}

namespace tp_ids {
// W3C Trace Context 3.2.2 examples.
inline constexpr std::string_view spec_trace = "4bf92f3577b34da6a3ce929d0e0e4736";
inline constexpr std::string_view spec_parent = "00f067aa0ba902b7";
// W3C Trace Context 3.1 (Congo/Rojo walkthrough).
inline constexpr std::string_view walk_trace = "0af7651916cd43dd8448eb211c80319c";
// W3C test suite (test/test.py).
inline constexpr std::string_view suite_trace = "12345678901234567890123456789012";
inline constexpr std::string_view suite_parent = "1234567890123456";
}  // namespace tp_ids

using namespace std::string_view_literals;

inline constexpr traceparent_case traceparent_cases[] = {
    // --- W3C Trace Context examples, verbatim ---------------------------------------------------
    // 3.2.2.5 "Valid traceparent when caller sampled this request"
    tp_ok("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", 0x00, tp_ids::spec_trace,
          tp_ids::spec_parent, 0x01),
    // "Valid traceparent when caller didn't sample this request"
    tp_ok("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", 0x00, tp_ids::spec_trace,
          tp_ids::spec_parent, 0x00),
    // 3.1 walkthrough: Congo, then Rojo, then Congo again.
    tp_ok("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", 0x00, tp_ids::walk_trace,
          "b7ad6b7169203331", 0x01),
    tp_ok("00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01", 0x00, tp_ids::walk_trace,
          "00f067aa0ba902b7", 0x01),
    tp_ok("00-0af7651916cd43dd8448eb211c80319c-b9c7c989f97918e1-01", 0x00, tp_ids::walk_trace,
          "b9c7c989f97918e1", 0x01),
    // Level 2 3.2.2.6: the random flag (0x02), alone and with sampled.
    tp_ok("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02", 0x00, tp_ids::spec_trace,
          tp_ids::spec_parent, 0x02),
    tp_ok("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03", 0x00, tp_ids::spec_trace,
          tp_ids::spec_parent, 0x03),
    // 3.2.2.5: "a flag 00000001 could be encoded as 01 in hex, or 09 in hex if present with the
    // flag 00001000": reserved bits are accepted and kept.
    tp_ok("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09", 0x00, tp_ids::spec_trace,
          tp_ids::spec_parent, 0x09),

    // --- W3C test suite
    // ---------------------------------------------------------------------------
    tp_ok("00-12345678901234567890123456789012-1234567890123456-01", 0x00, tp_ids::suite_trace,
          tp_ids::suite_parent, 0x01),
    tp_ok("00-12345678901234567890123456789012-1234567890123456-00", 0x00, tp_ids::suite_trace,
          tp_ids::suite_parent, 0x00),
    // test_traceparent_version_0x00: version 00 is exactly 55 characters.
    tp_bad("00-12345678901234567890123456789012-1234567890123456-01.",
           tracewire::errc::traceparent_too_long),
    tp_bad("00-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like",
           tracewire::errc::traceparent_too_long),
    // test_traceparent_version_0xcc: a higher version, alone or followed by "-" and more.
    tp_ok("cc-12345678901234567890123456789012-1234567890123456-01", 0xcc, tp_ids::suite_trace,
          tp_ids::suite_parent, 0x01),
    tp_ok("cc-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like",
          0xcc, tp_ids::suite_trace, tp_ids::suite_parent, 0x01),
    tp_bad("cc-12345678901234567890123456789012-1234567890123456-01.what-the-future-will-be-like",
           tracewire::errc::future_version_bad_suffix),
    // test_traceparent_version_0xff
    tp_bad("ff-12345678901234567890123456789012-1234567890123456-01", tracewire::errc::version_ff),
    // test_traceparent_version_illegal_characters
    tp_bad(".0-12345678901234567890123456789012-1234567890123456-01",
           tracewire::errc::version_not_hex),
    tp_bad("0.-12345678901234567890123456789012-1234567890123456-01",
           tracewire::errc::version_not_hex),
    // test_traceparent_version_too_long: the third character is not the "-" after 2 digits.
    tp_bad("000-12345678901234567890123456789012-1234567890123456-01",
           tracewire::errc::missing_dash),
    tp_bad("0000-12345678901234567890123456789012-1234567890123456-01",
           tracewire::errc::missing_dash),
    // test_traceparent_version_too_short: "0-" is not 2 hex digits.
    tp_bad("0-12345678901234567890123456789012-1234567890123456-01",
           tracewire::errc::version_not_hex),
    // test_traceparent_trace_id_all_zero
    tp_bad("00-00000000000000000000000000000000-1234567890123456-01",
           tracewire::errc::trace_id_all_zero),
    // test_traceparent_trace_id_illegal_characters
    tp_bad("00-.2345678901234567890123456789012-1234567890123456-01",
           tracewire::errc::trace_id_not_hex),
    tp_bad("00-1234567890123456789012345678901.-1234567890123456-01",
           tracewire::errc::trace_id_not_hex),
    // test_traceparent_trace_id_too_long / too_short (version 00: the length decides)
    tp_bad("00-123456789012345678901234567890123-1234567890123456-01",
           tracewire::errc::traceparent_too_long),
    tp_bad("00-1234567890123456789012345678901-1234567890123456-01",
           tracewire::errc::traceparent_too_short),
    // test_traceparent_parent_id_all_zero
    tp_bad("00-12345678901234567890123456789012-0000000000000000-01",
           tracewire::errc::parent_id_all_zero),
    // test_traceparent_parent_id_illegal_characters
    tp_bad("00-12345678901234567890123456789012-.234567890123456-01",
           tracewire::errc::parent_id_not_hex),
    tp_bad("00-12345678901234567890123456789012-123456789012345.-01",
           tracewire::errc::parent_id_not_hex),
    // test_traceparent_parent_id_too_long / too_short
    tp_bad("00-12345678901234567890123456789012-12345678901234567-01",
           tracewire::errc::traceparent_too_long),
    tp_bad("00-12345678901234567890123456789012-123456789012345-01",
           tracewire::errc::traceparent_too_short),
    // test_traceparent_trace_flags_illegal_characters
    tp_bad("00-12345678901234567890123456789012-1234567890123456-.0",
           tracewire::errc::flags_not_hex),
    tp_bad("00-12345678901234567890123456789012-1234567890123456-0.",
           tracewire::errc::flags_not_hex),
    // test_traceparent_trace_flags_too_long / too_short
    tp_bad("00-12345678901234567890123456789012-1234567890123456-001",
           tracewire::errc::traceparent_too_long),
    tp_bad("00-12345678901234567890123456789012-1234567890123456-1",
           tracewire::errc::traceparent_too_short),
    // test_traceparent_ows_handling: spaces and tabs at either end or both.
    tp_ok(" 00-12345678901234567890123456789012-1234567890123456-01", 0x00, tp_ids::suite_trace,
          tp_ids::suite_parent, 0x01),
    tp_ok("\t00-12345678901234567890123456789012-1234567890123456-01", 0x00, tp_ids::suite_trace,
          tp_ids::suite_parent, 0x01),
    tp_ok("00-12345678901234567890123456789012-1234567890123456-01 ", 0x00, tp_ids::suite_trace,
          tp_ids::suite_parent, 0x01),
    tp_ok("00-12345678901234567890123456789012-1234567890123456-01\t", 0x00, tp_ids::suite_trace,
          tp_ids::suite_parent, 0x01),
    tp_ok("\t 00-12345678901234567890123456789012-1234567890123456-01 \t", 0x00,
          tp_ids::suite_trace, tp_ids::suite_parent, 0x01),

    // --- shared/ANCHORS.md "Known disagreements"
    // --------------------------------------------------
    // C++ SDK re-emits unknown bits in uppercase: uppercase is not HEXDIGLC.
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-FF",
           tracewire::errc::uppercase_hex),
    // Go rejects flags above 0x03; the spec says accept (and zero unknown bits on output, which the
    // checker verifies: this one is re-emitted as -03).
    tp_ok("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff", 0x00, tp_ids::spec_trace,
          tp_ids::spec_parent, 0xff),
    tp_ok("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-04", 0x00, tp_ids::spec_trace,
          tp_ids::spec_parent, 0x04),
    // JS emits "-0ff" for flags ff: 56 characters, not a version-00 header.
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0ff",
           tracewire::errc::traceparent_too_long),
    // ...and under a higher version the flags "0f" are followed by "f", neither end nor "-".
    tp_bad("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0ff",
           tracewire::errc::future_version_bad_suffix),

    // --- lowercase only (HEXDIGLC) in every field ----------------------------------------------
    tp_bad("0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
           tracewire::errc::uppercase_hex),
    tp_bad("CC-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
           tracewire::errc::uppercase_hex),
    tp_bad("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
           tracewire::errc::uppercase_hex),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e473F-00f067aa0ba902b7-01",
           tracewire::errc::uppercase_hex),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
           tracewire::errc::uppercase_hex),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902bB-01",
           tracewire::errc::uppercase_hex),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0B",
           tracewire::errc::uppercase_hex),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-A0",
           tracewire::errc::uppercase_hex),
    // Letters past f, in either case, are not hex at all.
    tp_bad("0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
           tracewire::errc::version_not_hex),
    tp_bad("0G-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
           tracewire::errc::version_not_hex),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
           tracewire::errc::trace_id_not_hex),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902bz-01",
           tracewire::errc::parent_id_not_hex),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x",
           tracewire::errc::flags_not_hex),
    // The first rule broken, left to right, is reported.
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e473g-00F067aa0ba902b7-01",
           tracewire::errc::trace_id_not_hex),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e473G-00f067aa0ba902bz-01",
           tracewire::errc::trace_id_not_hex),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e473A-00f067aa0ba902bz-01",
           tracewire::errc::uppercase_hex),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902bz-0B",
           tracewire::errc::parent_id_not_hex),
    tp_bad("00-00000000000000000000000000000000-0000000000000000-01",
           tracewire::errc::trace_id_all_zero),

    // --- the version byte ---------------------------------------------------------------------
    tp_ok("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", 0x01, tp_ids::spec_trace,
          tp_ids::spec_parent, 0x01),
    tp_ok("fe-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", 0xfe, tp_ids::spec_trace,
          tp_ids::spec_parent, 0x01),
    tp_bad("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future",
           tracewire::errc::version_ff),
    tp_bad("fF-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
           tracewire::errc::uppercase_hex),
    // Higher versions: a trailing "-" alone is "followed by a dash"; unknown fields are not read.
    tp_ok("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-", 0xcc, tp_ids::spec_trace,
          tp_ids::spec_parent, 0x01),
    tp_ok("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-XYZ,;=\x7f", 0x01,
          tp_ids::spec_trace, tp_ids::spec_parent, 0x00),
    tp_ok("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff-00-00", 0xcc, tp_ids::spec_trace,
          tp_ids::spec_parent, 0xff),
    tp_bad("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
           tracewire::errc::future_version_bad_suffix),
    tp_bad("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 x",
           tracewire::errc::future_version_bad_suffix),
    tp_bad("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-001",
           tracewire::errc::future_version_bad_suffix),
    // Higher versions keep the field layout: a longer id moves the dashes.
    tp_bad("cc-12345678901234567890123456789012a-1234567890123456-01",
           tracewire::errc::missing_dash),
    tp_bad("cc-12345678901234567890123456789012-12345678901234567-01",
           tracewire::errc::missing_dash),
    tp_bad("cc-12345678901234567890123456789012-1234567890123456-1",
           tracewire::errc::traceparent_too_short),
    tp_bad("cc-00000000000000000000000000000000-1234567890123456-01-x",
           tracewire::errc::trace_id_all_zero),
    tp_bad("cc-12345678901234567890123456789012-0000000000000000-01-x",
           tracewire::errc::parent_id_all_zero),
    tp_bad("cc-12345678901234567890123456789012-1234567890123456-0g-x",
           tracewire::errc::flags_not_hex),

    // --- lengths and separators ------------------------------------------------------------------
    tp_bad("", tracewire::errc::traceparent_too_short),
    tp_bad(" \t \t", tracewire::errc::traceparent_too_short),
    tp_bad("0", tracewire::errc::version_not_hex),
    tp_bad("ff", tracewire::errc::version_ff),
    tp_bad("00", tracewire::errc::missing_dash),
    tp_bad("00-", tracewire::errc::traceparent_too_short),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",
           tracewire::errc::traceparent_too_short),
    tp_bad("00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
           tracewire::errc::missing_dash),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
           tracewire::errc::missing_dash),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7_01",
           tracewire::errc::missing_dash),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",
           tracewire::errc::traceparent_too_long),
    // Only spaces and tabs are OWS; other whitespace is a character like any other.
    tp_bad("\n00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
           tracewire::errc::version_not_hex),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\n",
           tracewire::errc::traceparent_too_long),
    tp_bad("\v00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
           tracewire::errc::version_not_hex),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 x",
           tracewire::errc::traceparent_too_long),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736 -00f067aa0ba902b7-01",
           tracewire::errc::traceparent_too_long),
    tp_bad("00 -4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
           tracewire::errc::missing_dash),
    tp_ok(" \t  \t00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\t\t  ", 0x00,
          tp_ids::spec_trace, tp_ids::spec_parent, 0x01),
    // Embedded NUL bytes are characters, not terminators.
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0\0"sv,
           tracewire::errc::flags_not_hex),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\0"sv,
           tracewire::errc::traceparent_too_long),
    tp_bad("00-4bf92f3577b34da6a3ce9\0"
           "9d0e0e4736-00f067aa0ba902b7-01"sv,
           tracewire::errc::trace_id_not_hex),
    // Bytes above 0x7f are not hex digits.
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba9\xc3\xa9"
           "b7-01",
           tracewire::errc::parent_id_not_hex),
    tp_bad("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba9\xe9"
           "2b7-01",
           tracewire::errc::parent_id_not_hex),
    tp_bad("\xff\xff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
           tracewire::errc::version_not_hex),
    // Smallest and largest ids.
    tp_ok("00-00000000000000000000000000000001-0000000000000001-00", 0x00,
          "00000000000000000000000000000001", "0000000000000001", 0x00),
    tp_ok("00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-ff", 0x00,
          "ffffffffffffffffffffffffffffffff", "ffffffffffffffff", 0xff),
    tp_ok("00-10000000000000000000000000000000-1000000000000000-80", 0x00,
          "10000000000000000000000000000000", "1000000000000000", 0x80),
};

inline constexpr std::size_t traceparent_case_count =
    sizeof(traceparent_cases) / sizeof(traceparent_cases[0]);

/// The version-00 text a conforming writer emits for case c: lowercase, reserved flag bits zeroed.
constexpr char expected_output_char(const traceparent_case& c, std::size_t i) noexcept {
  if (i < 2) return '0';
  if (i == 2 || i == 35 || i == 52) return '-';
  if (i < 35) return c.trace_id[i - 3];
  if (i < 52) return c.parent_id[i - 36];
  const unsigned known = c.flags & 0x03u;
  return hex_digit(i == 53 ? known >> 4 : known);
}

template <class Parsed>
constexpr mismatch check_fields(const traceparent_case& c, const Parsed& version_and_ids,
                                const tracewire::span_id& span) noexcept {
  if (version_and_ids.version != c.version) return mismatch::version;
  if (!bytes_equal_hex(version_and_ids.trace_id.data(), 16, c.trace_id)) return mismatch::trace_id;
  if (!bytes_equal_hex(span.data(), 8, c.parent_id)) return mismatch::parent_id;
  if (version_and_ids.flags.value() != c.flags) return mismatch::flags;
  return mismatch::none;
}

/// Checks one case: parse_traceparent and parse_traceresponse give the expected errc and fields;
/// the value is written back as version 00 with reserved bits zeroed (both writer forms, both
/// header kinds), the size query matches, and the written text parses back to the same ids.
constexpr mismatch check_traceparent_case(const traceparent_case& c) noexcept {
  using tracewire::errc;
  if (c.expected == errc::ok && (c.trace_id.size() != 32 || c.parent_id.size() != 16 ||
                                 !is_lower_hex(c.trace_id) || !is_lower_hex(c.parent_id))) {
    return mismatch::bad_table_entry;
  }
  const tracewire::result<tracewire::traceparent> tp = tracewire::parse_traceparent(c.input);
  if (tp.error() != c.expected) return mismatch::error;
  const tracewire::result<tracewire::traceresponse> tr = tracewire::parse_traceresponse(c.input);
  if (tr.error() != c.expected) return mismatch::traceresponse;
  if (!tp) return mismatch::none;

  if (const mismatch m = check_fields(c, *tp, tp->parent_id); m != mismatch::none) return m;
  if (const mismatch m = check_fields(c, *tr, tr->child_id); m != mismatch::none) {
    return mismatch::traceresponse;
  }

  if (tracewire::formatted_size(*tp) != tracewire::traceparent_size ||
      tracewire::formatted_size(*tr) != tracewire::traceparent_size) {
    return mismatch::format_size;
  }
  char out[tracewire::traceparent_size + 1]{};
  const tracewire::result<std::size_t> n = tracewire::format_traceparent(*tp, out, sizeof out);
  if (!n) return mismatch::format_error;
  if (*n != tracewire::traceparent_size) return mismatch::format_size;
  if (out[tracewire::traceparent_size] != '\0') return mismatch::format_size;  // wrote past 55
  const tracewire::result<tracewire::trace_header_string> by_value =
      tracewire::format_traceparent(*tp);
  if (!by_value) return mismatch::format_error;
  char resp[tracewire::traceparent_size]{};
  const tracewire::result<std::size_t> rn =
      tracewire::format_traceresponse(*tr, resp, tracewire::traceparent_size);
  if (!rn || *rn != tracewire::traceparent_size) return mismatch::traceresponse;
  for (std::size_t i = 0; i < tracewire::traceparent_size; ++i) {
    const char want = expected_output_char(c, i);
    if (out[i] != want || by_value->data[i] != want) return mismatch::format_text;
    if (resp[i] != want) return mismatch::traceresponse;
  }
  if (by_value->view().size() != tracewire::traceparent_size) return mismatch::format_size;

  // One byte short: refused, and nothing is written.
  char small[tracewire::traceparent_size]{};
  const tracewire::result<std::size_t> s =
      tracewire::format_traceparent(*tp, small, tracewire::traceparent_size - 1);
  if (s.error() != errc::buffer_too_small) return mismatch::small_buffer;
  for (const char ch : small) {
    if (ch != '\0') return mismatch::small_buffer;
  }

  const tracewire::result<tracewire::traceparent> again =
      tracewire::parse_traceparent(std::string_view(out, tracewire::traceparent_size));
  if (!again || again->version != 0 || again->trace_id != tp->trace_id ||
      again->parent_id != tp->parent_id || again->flags != tp->flags.known()) {
    return mismatch::reparse;
  }
  return mismatch::none;
}

/// Compile-time driver: case i is checked in its own constant evaluation.
struct traceparent_checker {
  static constexpr std::size_t count = traceparent_case_count;
  static constexpr bool check(std::size_t i) noexcept {
    if (check_traceparent_case(traceparent_cases[i]) == mismatch::none) return true;
    case_failed(i);
    return false;
  }
};

}  // namespace tracewire_test

#endif  // TRACEWIRE_TESTS_CASES_TRACEPARENT_CASES_HPP
