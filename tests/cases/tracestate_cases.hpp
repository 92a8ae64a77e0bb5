// SPDX-License-Identifier: Apache-2.0
//
// tests/cases/tracestate_cases.hpp: every tracestate case, written once.
//
// Sources: the examples of W3C Trace Context 3.1 and 3.3 verbatim, the W3C test suite
// (w3c/trace-context test/test.py: split fields, empty fields, duplicated keys, all allowed
// characters, OWS, illegal keys and vendor formats, 32 vs 33 members, key / tenant / system length
// limits, illegal values), the interop table of shared/ANCHORS.md ("Known disagreements": a put of
// an existing key never duplicates, a put on a full list evicts the right-most member, empty
// members do not count toward 32), truncation per 3.3.1.5 with the default and with a small
// capacity, and one case per rule of tracestate.hpp's contract. Checked at compile time by
// tests/compile_time/tracestate_cases_ct.cpp and at run time by tests/unit/test_tracestate.cpp.
#ifndef TRACEWIRE_TESTS_CASES_TRACESTATE_CASES_HPP
#define TRACEWIRE_TESTS_CASES_TRACESTATE_CASES_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "case_support.hpp"
#include "tracewire/tracestate.hpp"

namespace tracewire_test {

/// Up to 6 tracestate field values, combined in order (RFC 9110 5.3).
struct field_list {
  static constexpr std::size_t capacity = 6;
  std::string_view values[capacity]{};
  std::size_t count = 0;
  constexpr const std::string_view* begin() const noexcept { return values; }
  constexpr const std::string_view* end() const noexcept { return values + count; }
};

template <class... S>
constexpr field_list fields(S... s) noexcept {
  static_assert(sizeof...(S) <= field_list::capacity, "raise field_list::capacity");
  return field_list{{std::string_view(s)...}, sizeof...(S)};
}

/// The tracestate types the tables run against.
enum class ts_capacity : std::uint8_t {
  spec,   ///< 32 members, 512 characters (the default `tracestate`)
  small,  ///< 4 members, 64 characters: truncation and eviction with small numbers
};

template <ts_capacity C, tracewire::tracestate_keys K>
using tracestate_for = tracewire::basic_tracestate<C == ts_capacity::spec ? 32 : 4,
                                                   C == ts_capacity::spec ? 512 : 64, K>;

inline constexpr tracewire::tracestate_keys L1 = tracewire::tracestate_keys::level1;
inline constexpr tracewire::tracestate_keys L2 = tracewire::tracestate_keys::level2;

// --- long texts ------------------------------------------------------------------------------

/// "p00=vvv,p01=vvv,...": Count members of 4 + ValueLen characters (valid under both key levels).
template <std::size_t Count, std::size_t ValueLen>
constexpr text<Count*(4 + ValueLen) + Count - 1> numbered(char key, char value) noexcept {
  text<Count*(4 + ValueLen) + Count - 1> t{};
  std::size_t p = 0;
  for (std::size_t i = 0; i < Count; ++i) {
    if (i != 0) t.chars[p++] = ',';
    t.chars[p++] = key;
    t.chars[p++] = static_cast<char>('0' + i / 10);
    t.chars[p++] = static_cast<char>('0' + i % 10);
    t.chars[p++] = '=';
    for (std::size_t j = 0; j < ValueLen; ++j) t.chars[p++] = value;
  }
  return t;
}

/// Every character a value may hold (W3C test suite, test_tracestate_all_allowed_characters):
/// 0x20-0x2B, 0x2D-0x3C, 0x3E-0x7E. It starts with a space, which is kept (leading spaces are part
/// of the value).
constexpr text<93> all_value_chars() noexcept {
  text<93> t{};
  std::size_t p = 0;
  for (int c = 0x20; c <= 0x7E; ++c) {
    if (c != ',' && c != '=') t.chars[p++] = static_cast<char>(c);
  }
  return t;
}

namespace ts_text {
inline constexpr auto key256 = repeat<256>('z') + "=1";
inline constexpr auto key257 = repeat<257>('z') + "=1";
inline constexpr auto foo_and_key256 = lit("foo=1,") + key256;
inline constexpr auto tenant241_system14 = repeat<241>('t') + "@" + repeat<14>('v') + "=1";
inline constexpr auto foo_and_tenant241_system14 = lit("foo=1,") + tenant241_system14;
inline constexpr auto tenant242 = repeat<242>('t') + "@v=1";
inline constexpr auto foo_and_tenant242 = lit("foo=1,") + tenant242;
inline constexpr auto system15 = lit("t@") + repeat<15>('v') + "=1";
inline constexpr auto foo_and_system15 = lit("foo=1,") + system15;
inline constexpr auto tenant240_system15 = repeat<240>('t') + "@" + repeat<15>('v') + "=1";
inline constexpr auto system14_digits = lit("t@v012345678_-*/=1");

inline constexpr auto key_plain = lit("abcdefghijklmnopqrstuvwxyz0123456789_-*/");
inline constexpr auto key_vendor = key_plain + "@a-z0-9_-*/";
inline constexpr auto all_chars_plain = key_plain + "=" + all_value_chars();
inline constexpr auto all_chars_vendor = key_vendor + "=" + all_value_chars();

inline constexpr auto value256 = lit("k=") + repeat<256>('v');
inline constexpr auto value257 = lit("k=") + repeat<257>('v');
inline constexpr auto value256_ows = value256 + " \t \t";
inline constexpr auto value255_space = lit("k=") + repeat<255>('v') + " ";
inline constexpr auto value255 = lit("k=") + repeat<255>('v');
inline constexpr auto value_inner_spaces = lit("k=a") + repeat<254>(' ') + "b";
inline constexpr auto value_leading_spaces = lit("k=") + repeat<255>(' ') + "b";

// Truncation, default capacity (512 characters): members over 128 characters go first, right-most
// first; then members from the right.
inline constexpr auto v200 = repeat<200>('v');
inline constexpr auto three_big = lit("a=") + v200 + ",b=" + v200 + ",c=" + v200;
inline constexpr auto two_big = lit("a=") + v200 + ",b=" + v200;
inline constexpr auto three_big_two_small = three_big + ",x=1,y=2";
inline constexpr auto two_big_two_small = two_big + ",x=1,y=2";
inline constexpr auto big_a = lit("a=") + v200;
inline constexpr auto big_b = lit("b=") + v200;
inline constexpr auto big_c = lit("c=") + v200;
inline constexpr auto small20 = numbered<20, 16>('m', 'x');
inline constexpr auto big_small20_big =
    lit("a=") + repeat<150>('v') + "," + small20 + ",z=" + repeat<150>('v');
inline constexpr auto small25 = numbered<25, 16>('m', 'x');  // 524 characters
inline constexpr auto small24 = numbered<24, 16>('m', 'x');  // 503 characters
inline constexpr auto exactly512 = small24 + ",q=123456";
inline constexpr auto exactly513 = small24 + ",q=1234567";
inline constexpr auto small32 = numbered<32, 12>('m', 'x');  // 543 characters
inline constexpr auto small30 = numbered<30, 12>('m', 'x');
inline constexpr auto small10 = numbered<10, 16>('m', 'x');  // 209 characters
// A 303-character member (52-character key, 250-character value), then 209 characters: 513.
inline constexpr auto big303_small10 = repeat<52>('k') + "=" + repeat<250>('v') + "," + small10;
inline constexpr auto big302_small10 = repeat<51>('k') + "=" + repeat<250>('v') + "," + small10;
inline constexpr auto small19 = numbered<19, 16>('m', 'x');
inline constexpr auto small18 = numbered<18, 16>('m', 'x');
inline constexpr auto exactly128_small19 = lit("a=") + repeat<126>('v') + "," + small19;  // 527
inline constexpr auto exactly128_small18 = lit("a=") + repeat<126>('v') + "," + small18;
inline constexpr auto small13 = numbered<13, 16>('m', 'x');
inline constexpr auto len128_len129_small13 =
    lit("a=") + repeat<126>('v') + ",b=" + repeat<127>('v') + "," + small13;  // 531
inline constexpr auto len128_small13 = lit("a=") + repeat<126>('v') + "," + small13;

// Truncation, small capacity (4 members, 64 characters).
inline constexpr auto two30_and_c = lit("a=") + repeat<30>('v') + ",b=" + repeat<30>('v') + ",c=1";
inline constexpr auto one30 = lit("a=") + repeat<30>('v');
inline constexpr auto one100 = lit("a=") + repeat<100>('v');
inline constexpr auto small_then_100 = lit("a=1,b=") + repeat<100>('v');
inline constexpr auto v100_then_small = lit("a=") + repeat<100>('v') + ",b=1";
inline constexpr auto v130_then_small = lit("a=") + repeat<130>('v') + ",b=1,c=2";
inline constexpr auto exactly64 = lit("a=") + repeat<62>('v');
inline constexpr auto exactly65 = lit("a=") + repeat<63>('v');

// put / erase.
inline constexpr auto v28 = repeat<28>('v');
inline constexpr auto two28 = lit("a=") + v28 + ",b=" + v28;  // 61 characters
inline constexpr auto c_and_a28 = lit("c=1,a=") + v28;
inline constexpr auto a28_b28 = lit("a=") + v28 + ",b=" + v28;
inline constexpr auto k62 = lit("k=") + repeat<62>('v');
inline constexpr auto v62 = repeat<62>('v');
inline constexpr auto v63 = repeat<63>('v');
inline constexpr auto big_b1_big_d2 = lit("a=") + v200 + ",b=1,c=" + v200 + ",d=2";  // 413
inline constexpr auto v150 = repeat<150>('v');
inline constexpr auto put_e150_result = lit("e=") + v150 + ",a=" + v200 + ",b=1,d=2";
inline constexpr auto small12 = numbered<12, 16>('m', 'x');
inline constexpr auto big150_small12 = lit("a=") + v150 + "," + small12;  // 404
inline constexpr auto v254 = repeat<254>('v');
inline constexpr auto put_e254_result = lit("e=") + v254 + "," + small12;
inline constexpr auto small14 = numbered<14, 16>('m', 'x');
inline constexpr auto put_e200_result = lit("e=") + v200 + "," + small14;
inline constexpr auto v256 = repeat<256>('v');
inline constexpr auto v257 = repeat<257>('v');
inline constexpr auto z256 = repeat<256>('z');
inline constexpr auto z257 = repeat<257>('z');
inline constexpr auto t242_at_v = repeat<242>('t') + "@v";
inline constexpr auto put_z256_result = z256 + "=1,foo=1,bar=2";
inline constexpr auto put_v256_result = lit("foo=") + v256 + ",bar=2";
}  // namespace ts_text

// The W3C test suite's 32 and 33 member lists (test_tracestate_member_count_limit), split over
// four fields as the suite sends them.
namespace ts_w3c {
inline constexpr std::string_view f1 =
    "bar01=01,bar02=02,bar03=03,bar04=04,bar05=05,bar06=06,bar07=07,bar08=08,bar09=09,bar10=10";
inline constexpr std::string_view f2 =
    "bar11=11,bar12=12,bar13=13,bar14=14,bar15=15,bar16=16,bar17=17,bar18=18,bar19=19,bar20=20";
inline constexpr std::string_view f3 =
    "bar21=21,bar22=22,bar23=23,bar24=24,bar25=25,bar26=26,bar27=27,bar28=28,bar29=29,bar30=30";
inline constexpr std::string_view f4_32 = "bar31=31,bar32=32";
inline constexpr std::string_view f4_33 = "bar31=31,bar32=32,bar33=33";
inline constexpr std::string_view all32 =
    "bar01=01,bar02=02,bar03=03,bar04=04,bar05=05,bar06=06,bar07=07,bar08=08,bar09=09,bar10=10,"
    "bar11=11,bar12=12,bar13=13,bar14=14,bar15=15,bar16=16,bar17=17,bar18=18,bar19=19,bar20=20,"
    "bar21=21,bar22=22,bar23=23,bar24=24,bar25=25,bar26=26,bar27=27,bar28=28,bar29=29,bar30=30,"
    "bar31=31,bar32=32";
inline constexpr std::string_view all33 =
    "bar01=01,bar02=02,bar03=03,bar04=04,bar05=05,bar06=06,bar07=07,bar08=08,bar09=09,bar10=10,"
    "bar11=11,bar12=12,bar13=13,bar14=14,bar15=15,bar16=16,bar17=17,bar18=18,bar19=19,bar20=20,"
    "bar21=21,bar22=22,bar23=23,bar24=24,bar25=25,bar26=26,bar27=27,bar28=28,bar29=29,bar30=30,"
    "bar31=31,bar32=32,bar33=33";
// 32 members with empty and whitespace-only members between them: still 32 (3.3.1.1).
inline constexpr std::string_view all32_with_empties =
    ",bar01=01,,bar02=02, ,bar03=03,\t,bar04=04 , bar05=05,bar06=06,bar07=07,bar08=08,bar09=09,"
    "bar10=10,,,,bar11=11,bar12=12,bar13=13,bar14=14,bar15=15,bar16=16,bar17=17,bar18=18,"
    "bar19=19,bar20=20,bar21=21,bar22=22,bar23=23,bar24=24,bar25=25,bar26=26,bar27=27,bar28=28,"
    "bar29=29,bar30=30,bar31=31,bar32=32, \t ,";
inline constexpr std::string_view all33_with_empties =
    ",bar01=01,,bar02=02, ,bar03=03,\t,bar04=04 , bar05=05,bar06=06,bar07=07,bar08=08,bar09=09,"
    "bar10=10,,,,bar11=11,bar12=12,bar13=13,bar14=14,bar15=15,bar16=16,bar17=17,bar18=18,"
    "bar19=19,bar20=20,bar21=21,bar22=22,bar23=23,bar24=24,bar25=25,bar26=26,bar27=27,bar28=28,"
    "bar29=29,bar30=30,bar31=31,bar32=32, \t ,bar33=33";
inline constexpr std::string_view new_then_31 =
    "new=1,"
    "bar01=01,bar02=02,bar03=03,bar04=04,bar05=05,bar06=06,bar07=07,bar08=08,bar09=09,bar10=10,"
    "bar11=11,bar12=12,bar13=13,bar14=14,bar15=15,bar16=16,bar17=17,bar18=18,bar19=19,bar20=20,"
    "bar21=21,bar22=22,bar23=23,bar24=24,bar25=25,bar26=26,bar27=27,bar28=28,bar29=29,bar30=30,"
    "bar31=31";
inline constexpr std::string_view bar32_moved =
    "bar32=x,"
    "bar01=01,bar02=02,bar03=03,bar04=04,bar05=05,bar06=06,bar07=07,bar08=08,bar09=09,bar10=10,"
    "bar11=11,bar12=12,bar13=13,bar14=14,bar15=15,bar16=16,bar17=17,bar18=18,bar19=19,bar20=20,"
    "bar21=21,bar22=22,bar23=23,bar24=24,bar25=25,bar26=26,bar27=27,bar28=28,bar29=29,bar30=30,"
    "bar31=31";
inline constexpr std::string_view bar05_moved =
    "bar05=x,"
    "bar01=01,bar02=02,bar03=03,bar04=04,bar06=06,bar07=07,bar08=08,bar09=09,bar10=10,"
    "bar11=11,bar12=12,bar13=13,bar14=14,bar15=15,bar16=16,bar17=17,bar18=18,bar19=19,bar20=20,"
    "bar21=21,bar22=22,bar23=23,bar24=24,bar25=25,bar26=26,bar27=27,bar28=28,bar29=29,bar30=30,"
    "bar31=31,bar32=32";
inline constexpr std::string_view without_bar01 =
    "bar02=02,bar03=03,bar04=04,bar05=05,bar06=06,bar07=07,bar08=08,bar09=09,bar10=10,"
    "bar11=11,bar12=12,bar13=13,bar14=14,bar15=15,bar16=16,bar17=17,bar18=18,bar19=19,bar20=20,"
    "bar21=21,bar22=22,bar23=23,bar24=24,bar25=25,bar26=26,bar27=27,bar28=28,bar29=29,bar30=30,"
    "bar31=31,bar32=32";
}  // namespace ts_w3c

// --- assign (parse) cases --------------------------------------------------------------------

struct tracestate_case {
  field_list fields;
  tracewire::tracestate_keys keys;
  ts_capacity capacity;
  tracewire::errc expected;
  std::string_view formatted;  // expected view() (empty on error: the list is discarded)
  std::size_t dropped;         // whole members dropped to fit the capacity
};

/// A valid list that fits: the formatted result and nothing dropped.
constexpr tracestate_case ts_ok(field_list f, std::string_view formatted,
                                tracewire::tracestate_keys k = L2,
                                ts_capacity cap = ts_capacity::spec) noexcept {
  return {f, k, cap, tracewire::errc::ok, formatted, 0};
}
/// An invalid list: discarded as a whole, with the rule broken.
constexpr tracestate_case ts_bad(field_list f, tracewire::errc e, tracewire::tracestate_keys k = L2,
                                 ts_capacity cap = ts_capacity::spec) noexcept {
  return {f, k, cap, e, {}, 0};
}
/// A valid list truncated to the capacity (3.3.1.5).
constexpr tracestate_case ts_cut(field_list f, std::string_view formatted, std::size_t dropped,
                                 ts_capacity cap = ts_capacity::spec,
                                 tracewire::tracestate_keys k = L2) noexcept {
  return {f, k, cap, tracewire::errc::ok, formatted, dropped};
}

using namespace std::string_view_literals;
using E = tracewire::errc;

inline constexpr tracestate_case tracestate_cases[] = {
    // --- W3C Trace Context examples, verbatim --------------------------------------------------
    ts_ok(fields("congo=t61rcWkgMzE"), "congo=t61rcWkgMzE"),
    ts_ok(fields("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
          "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
    ts_ok(fields("congo=ucfJifl5GOE,rojo=00f067aa0ba902b7"),
          "congo=ucfJifl5GOE,rojo=00f067aa0ba902b7"),
    ts_ok(fields("rojo=00f067aa0ba902b7"), "rojo=00f067aa0ba902b7"),
    ts_ok(fields("vendorname1=opaqueValue1,vendorname2=opaqueValue2"),
          "vendorname1=opaqueValue1,vendorname2=opaqueValue2"),
    // 3.3.1.3 "Only one entry per key is allowed": the list the spec says must not be produced.
    ts_bad(fields("congo=congosFirstPosition,rojo=rojosFirstPosition,congo=congosSecondPosition"),
           E::tracestate_duplicate_key),
    ts_ok(fields("congo=congosSecondPosition,rojo=rojosFirstPosition"),
          "congo=congosSecondPosition,rojo=rojosFirstPosition"),

    // --- W3C test suite -------------------------------------------------------------------------
    // test_tracestate_included_traceparent_included
    ts_ok(fields("foo=1,bar=2"), "foo=1,bar=2"),
    // test_tracestate_multiple_headers_different_keys: combined in order.
    ts_ok(fields("foo=1,bar=2", "rojo=1,congo=2", "baz=3"), "foo=1,bar=2,rojo=1,congo=2,baz=3"),
    // test_tracestate_empty_header
    ts_ok(fields(""), ""),
    ts_ok(fields("foo=1", ""), "foo=1"),
    ts_ok(fields("", "foo=1"), "foo=1"),
    // test_tracestate_duplicated_keys: in one field and across fields.
    ts_bad(fields("foo=1,foo=1"), E::tracestate_duplicate_key),
    ts_bad(fields("foo=1,foo=2"), E::tracestate_duplicate_key),
    ts_bad(fields("foo=1", "foo=1"), E::tracestate_duplicate_key),
    ts_bad(fields("foo=1", "foo=2"), E::tracestate_duplicate_key),
    // test_tracestate_all_allowed_characters (both key levels accept both keys).
    ts_ok(fields(ts_text::all_chars_plain.view()), ts_text::all_chars_plain.view()),
    ts_ok(fields(ts_text::all_chars_vendor.view()), ts_text::all_chars_vendor.view()),
    ts_ok(fields(ts_text::all_chars_plain.view()), ts_text::all_chars_plain.view(), L1),
    ts_ok(fields(ts_text::all_chars_vendor.view()), ts_text::all_chars_vendor.view(), L1),
    // test_tracestate_ows_handling
    ts_ok(fields("foo=1 \t , \t bar=2, \t baz=3"), "foo=1,bar=2,baz=3"),
    ts_ok(fields("foo=1\t \t,\t \tbar=2,\t \tbaz=3"), "foo=1,bar=2,baz=3"),
    ts_ok(fields(" foo=1"), "foo=1"),
    ts_ok(fields("\tfoo=1"), "foo=1"),
    ts_ok(fields("foo=1 "), "foo=1"),
    ts_ok(fields("foo=1\t"), "foo=1"),
    ts_ok(fields("\t foo=1 \t"), "foo=1"),
    // test_tracestate_key_illegal_characters
    ts_bad(fields("foo =1"), E::tracestate_key_invalid_char),
    ts_bad(fields("FOO=1"), E::tracestate_key_invalid_char),
    ts_bad(fields("foo.bar=1"), E::tracestate_key_invalid_char),
    // test_tracestate_key_illegal_vendor_format: invalid under Level 1; Level 2 gave `@` no
    // structure, so only a key that does not start with a-z0-9 stays invalid.
    ts_bad(fields("foo@=1,bar=2"), E::tracestate_key_bad_system, L1),
    ts_bad(fields("@foo=1,bar=2"), E::tracestate_key_bad_tenant, L1),
    ts_bad(fields("foo@@bar=1,bar=2"), E::tracestate_key_bad_system, L1),
    ts_bad(fields("foo@bar@baz=1,bar=2"), E::tracestate_key_bad_system, L1),
    ts_ok(fields("foo@=1,bar=2"), "foo@=1,bar=2"),
    ts_bad(fields("@foo=1,bar=2"), E::tracestate_key_bad_first_char),
    ts_ok(fields("foo@@bar=1,bar=2"), "foo@@bar=1,bar=2"),
    ts_ok(fields("foo@bar@baz=1,bar=2"), "foo@bar@baz=1,bar=2"),
    // test_tracestate_member_count_limit: 32 members across split fields, then 33.
    ts_ok(fields(ts_w3c::f1, ts_w3c::f2, ts_w3c::f3, ts_w3c::f4_32), ts_w3c::all32),
    ts_bad(fields(ts_w3c::f1, ts_w3c::f2, ts_w3c::f3, ts_w3c::f4_33),
           E::tracestate_too_many_members),
    ts_ok(fields(ts_w3c::f1, ts_w3c::f2, ts_w3c::f3, ts_w3c::f4_32), ts_w3c::all32, L1),
    ts_bad(fields(ts_w3c::f1, ts_w3c::f2, ts_w3c::f3, ts_w3c::f4_33),
           E::tracestate_too_many_members, L1),
    // test_tracestate_key_length_limit: key 256 / 257; Level 1 tenant 241 / 242, system 14 / 15.
    ts_ok(fields("foo=1", ts_text::key256.view()), ts_text::foo_and_key256.view()),
    ts_bad(fields("foo=1", ts_text::key257.view()), E::tracestate_key_too_long),
    ts_ok(fields("foo=1", ts_text::key256.view()), ts_text::foo_and_key256.view(), L1),
    ts_bad(fields("foo=1", ts_text::key257.view()), E::tracestate_key_too_long, L1),
    ts_ok(fields("foo=1", ts_text::tenant241_system14.view()),
          ts_text::foo_and_tenant241_system14.view(), L1),
    ts_bad(fields("foo=1", ts_text::tenant242.view()), E::tracestate_key_bad_tenant, L1),
    ts_bad(fields("foo=1", ts_text::system15.view()), E::tracestate_key_bad_system, L1),
    ts_bad(fields(ts_text::tenant240_system15.view()), E::tracestate_key_bad_system, L1),
    ts_ok(fields(ts_text::system14_digits.view()), ts_text::system14_digits.view(), L1),
    // ...and under Level 2 the `@` is just a key character: only the 256 limit applies.
    ts_ok(fields("foo=1", ts_text::tenant241_system14.view()),
          ts_text::foo_and_tenant241_system14.view()),
    ts_ok(fields("foo=1", ts_text::tenant242.view()), ts_text::foo_and_tenant242.view()),
    ts_ok(fields("foo=1", ts_text::system15.view()), ts_text::foo_and_system15.view()),
    ts_ok(fields(ts_text::tenant240_system15.view()), ts_text::tenant240_system15.view()),
    // test_tracestate_value_illegal_characters
    ts_bad(fields("foo=bar=baz"), E::tracestate_value_invalid_char),
    ts_bad(fields("foo=,bar=3"), E::tracestate_value_empty),

    // --- shared/ANCHORS.md: empty members are allowed and do not count toward 32 ----------------
    ts_ok(fields(ts_w3c::all32_with_empties), ts_w3c::all32),
    ts_bad(fields(ts_w3c::all33_with_empties), E::tracestate_too_many_members),
    ts_ok(fields(ts_w3c::all32, "", " ", ","), ts_w3c::all32),
    ts_bad(fields(ts_w3c::all33), E::tracestate_too_many_members),

    // --- keys ------------------------------------------------------------------------------------
    ts_ok(fields("1foo=1"), "1foo=1"),
    ts_bad(fields("1foo=1"), E::tracestate_key_bad_first_char, L1),
    ts_ok(fields("1foo@bar=1"), "1foo@bar=1", L1),
    ts_bad(fields("foo@1bar=1"), E::tracestate_key_bad_system, L1),
    ts_bad(fields("foo@_bar=1"), E::tracestate_key_bad_system, L1),
    ts_ok(fields("foo@1bar=1"), "foo@1bar=1"),
    ts_bad(fields("_foo@bar=1"), E::tracestate_key_bad_tenant, L1),
    ts_bad(fields("_foo=1"), E::tracestate_key_bad_first_char),
    ts_bad(fields("-foo=1"), E::tracestate_key_bad_first_char),
    ts_bad(fields("*foo=1"), E::tracestate_key_bad_first_char),
    ts_bad(fields("/foo=1"), E::tracestate_key_bad_first_char),
    ts_bad(fields("_foo=1"), E::tracestate_key_bad_first_char, L1),
    ts_ok(fields("a/b*c_d-e=1"), "a/b*c_d-e=1"),
    ts_ok(fields("a/b*c_d-e=1"), "a/b*c_d-e=1", L1),
    ts_ok(fields("0=0,z=z,9@=9"), "0=0,z=z,9@=9"),
    ts_bad(fields("fOo=1"), E::tracestate_key_invalid_char),
    ts_bad(fields("foo bar=1"), E::tracestate_key_invalid_char),
    ts_bad(fields("foo\t=1"), E::tracestate_key_invalid_char),
    ts_bad(fields("f\xc3\xb6o=1"), E::tracestate_key_invalid_char),
    ts_bad(fields("=1"), E::tracestate_key_empty),
    ts_bad(fields(" =1"), E::tracestate_key_empty),
    ts_bad(fields("foo=1,=2"), E::tracestate_key_empty),
    ts_bad(fields("foo"), E::tracestate_missing_equals),
    ts_bad(fields("foo=1,bar"), E::tracestate_missing_equals),
    ts_bad(fields("foo ,bar=1"), E::tracestate_missing_equals),
    ts_bad(fields("foo=1", "bar"), E::tracestate_missing_equals),
    // Keys that share a hash (31*'b' + '@' == 31*'a' + '_') are still different keys.
    ts_ok(fields("b@=1,a_=2"), "b@=1,a_=2"),
    ts_bad(fields("a_=1,b@=2,a_=3"), E::tracestate_duplicate_key),
    // An invalid member anywhere discards the whole list, valid members included.
    ts_bad(fields("foo=1,bar=2", "baz=3,Qux=4"), E::tracestate_key_invalid_char),

    // --- values ----------------------------------------------------------------------------------
    ts_ok(fields(ts_text::value256.view()), ts_text::value256.view()),
    ts_bad(fields(ts_text::value257.view()), E::tracestate_value_too_long),
    ts_ok(fields(ts_text::value256_ows.view()), ts_text::value256.view()),
    ts_ok(fields(ts_text::value255_space.view()), ts_text::value255.view()),
    ts_ok(fields(ts_text::value_inner_spaces.view()), ts_text::value_inner_spaces.view()),
    ts_ok(fields(ts_text::value_leading_spaces.view()), ts_text::value_leading_spaces.view()),
    // Leading spaces are part of the value; trailing spaces and tabs are OWS (3.3.1.3.2).
    ts_ok(fields("foo=  bar"), "foo=  bar"),
    ts_ok(fields("foo=b a r  "), "foo=b a r"),
    ts_ok(fields("foo= bar ,baz=  1\t"), "foo= bar,baz=  1"),
    ts_bad(fields("foo= "), E::tracestate_value_empty),
    ts_bad(fields("foo= \t "), E::tracestate_value_empty),
    ts_bad(fields("foo="), E::tracestate_value_empty),
    ts_bad(fields("foo=1,bar="), E::tracestate_value_empty),
    ts_bad(fields("foo=a\tb"), E::tracestate_value_invalid_char),
    ts_bad(fields("foo=\tb"), E::tracestate_value_invalid_char),
    ts_bad(fields("foo=a\x7f"), E::tracestate_value_invalid_char),
    ts_bad(fields("foo=\xc3\xa9t\xc3\xa9"), E::tracestate_value_invalid_char),
    ts_bad(fields("foo=a\nb"), E::tracestate_value_invalid_char),
    ts_bad(fields("foo=a\rb"), E::tracestate_value_invalid_char),
    ts_bad(fields("foo=a\0b"sv), E::tracestate_value_invalid_char),
    ts_bad(fields("foo=a=b,bar=1"), E::tracestate_value_invalid_char),

    // --- empty members, OWS, several fields ----------------------------------------------------
    ts_ok(fields(), ""),
    ts_ok(fields(" "), ""),
    ts_ok(fields(" \t "), ""),
    ts_ok(fields(","), ""),
    ts_ok(fields(" , ,\t, "), ""),
    ts_ok(fields("", ""), ""),
    ts_ok(fields(",,,foo=1,,,"), "foo=1"),
    ts_ok(fields(", foo=1 ,, bar=2 ,"), "foo=1,bar=2"),
    ts_ok(fields("foo=1 ", " bar=2"), "foo=1,bar=2"),
    ts_ok(fields("foo=1", "", " ", "bar=2", ",", "baz=3"), "foo=1,bar=2,baz=3"),

    // --- truncation, default capacity (512 characters; 3.3.1.5) -------------------------------
    ts_ok(fields(ts_text::exactly512.view()), ts_text::exactly512.view()),
    ts_cut(fields(ts_text::exactly513.view()), ts_text::small24.view(), 1),
    ts_cut(fields(ts_text::small25.view()), ts_text::small24.view(), 1),
    ts_cut(fields(ts_text::small32.view()), ts_text::small30.view(), 2),
    ts_cut(fields(ts_text::three_big.view()), ts_text::two_big.view(), 1),
    ts_cut(fields(ts_text::big_a.view(), ts_text::big_b.view(), ts_text::big_c.view()),
           ts_text::two_big.view(), 1),
    // The over-128 member goes even though small members are further right.
    ts_cut(fields(ts_text::three_big_two_small.view()), ts_text::two_big_two_small.view(), 1),
    ts_cut(fields(ts_text::big303_small10.view()), ts_text::small10.view(), 1),
    ts_ok(fields(ts_text::big302_small10.view()), ts_text::big302_small10.view()),
    // All members over 128 go first (right-most first), then from the right.
    ts_cut(fields(ts_text::big_small20_big.view()), ts_text::small20.view(), 2),
    // 128 characters is not "larger than 128".
    ts_cut(fields(ts_text::exactly128_small19.view()), ts_text::exactly128_small18.view(), 1),
    ts_cut(fields(ts_text::len128_len129_small13.view()), ts_text::len128_small13.view(), 1),
    // Truncation does not excuse an invalid list.
    ts_bad(fields(ts_text::small25.view(), "m00=again"), E::tracestate_duplicate_key),
    ts_bad(fields(ts_text::small25.view(), "Bad=1"), E::tracestate_key_invalid_char),

    // --- truncation, small capacity (4 members, 64 characters) -------------------------------
    ts_ok(fields("a=1,b=2,c=3,d=4"), "a=1,b=2,c=3,d=4", L2, ts_capacity::small),
    ts_ok(fields(",,a=1,,, b=2 ,c=3,d=4,,,"), "a=1,b=2,c=3,d=4", L2, ts_capacity::small),
    ts_cut(fields("a=1,b=2,c=3,d=4,e=5"), "a=1,b=2,c=3,d=4", 1, ts_capacity::small),
    ts_cut(fields("a=1,b=2,c=3,d=4,e=5,f=6,g=7"), "a=1,b=2,c=3,d=4", 3, ts_capacity::small),
    ts_cut(fields("a=1,b=2", "c=3,d=4", "e=5"), "a=1,b=2,c=3,d=4", 1, ts_capacity::small),
    ts_cut(fields(ts_w3c::f1, ts_w3c::f2, ts_w3c::f3, ts_w3c::f4_32),
           "bar01=01,bar02=02,bar03=03,bar04=04", 28, ts_capacity::small),
    ts_cut(fields(ts_text::two30_and_c.view()), ts_text::one30.view(), 2, ts_capacity::small),
    ts_cut(fields(ts_text::one100.view()), "", 1, ts_capacity::small),
    ts_cut(fields(ts_text::small_then_100.view()), "a=1", 1, ts_capacity::small),
    ts_cut(fields(ts_text::v100_then_small.view()), "", 2, ts_capacity::small),
    ts_cut(fields(ts_text::v130_then_small.view()), "b=1,c=2", 1, ts_capacity::small),
    ts_ok(fields(ts_text::exactly64.view()), ts_text::exactly64.view(), L2, ts_capacity::small),
    ts_cut(fields(ts_text::exactly65.view()), "", 1, ts_capacity::small),
    ts_cut(fields("a=1,b=2,c=3,d=4,e=5"), "a=1,b=2,c=3,d=4", 1, ts_capacity::small, L1),
    // Members beyond the capacity are still validated: duplicates, bad keys, the 32 limit.
    ts_bad(fields("a=1,b=2,c=3,d=4,e=5,a=6"), E::tracestate_duplicate_key, L2, ts_capacity::small),
    ts_bad(fields("a=1,b=2,c=3,d=4,e=5", "e=6"), E::tracestate_duplicate_key, L2,
           ts_capacity::small),
    ts_bad(fields("a=1,b=2,c=3,d=4,e=5,F=6"), E::tracestate_key_invalid_char, L2,
           ts_capacity::small),
    ts_bad(fields("a=1,b=2,c=3,d=4,e=5,f="), E::tracestate_value_empty, L2, ts_capacity::small),
    ts_bad(fields("a=1,b=2,c=3,d=4,e=5,1f=6"), E::tracestate_key_bad_first_char, L1,
           ts_capacity::small),
    ts_bad(fields(ts_w3c::all33), E::tracestate_too_many_members, L2, ts_capacity::small),
    ts_bad(fields(ts_w3c::f1, ts_w3c::f2, ts_w3c::f3, ts_w3c::f4_33),
           E::tracestate_too_many_members, L2, ts_capacity::small),
};

inline constexpr std::size_t tracestate_case_count =
    sizeof(tracestate_cases) / sizeof(tracestate_cases[0]);

// --- put / erase cases -----------------------------------------------------------------------

enum class ts_op : std::uint8_t { put, erase };

struct tracestate_edit_case {
  std::string_view initial;  // one field value; must parse without error or truncation
  ts_capacity capacity;
  tracewire::tracestate_keys keys;
  ts_op op;
  std::string_view key;
  std::string_view value;      // put only
  tracewire::errc expected;    // put: the status; erase: always ok
  bool erased;                 // erase: the expected return value
  std::string_view formatted;  // expected view() afterwards (the initial list if refused)
  std::size_t dropped;         // put: members evicted
};

constexpr tracestate_edit_case ts_put(std::string_view initial, std::string_view key,
                                      std::string_view value, tracewire::errc e,
                                      std::string_view formatted, std::size_t dropped = 0,
                                      ts_capacity cap = ts_capacity::spec,
                                      tracewire::tracestate_keys k = L2) noexcept {
  return {initial, cap, k, ts_op::put, key, value, e, false, formatted, dropped};
}
/// A put that must be refused, leaving the list unchanged.
constexpr tracestate_edit_case ts_put_refused(std::string_view initial, std::string_view key,
                                              std::string_view value, tracewire::errc e,
                                              tracewire::tracestate_keys k = L2,
                                              ts_capacity cap = ts_capacity::spec) noexcept {
  return {initial, cap, k, ts_op::put, key, value, e, false, initial, 0};
}
constexpr tracestate_edit_case ts_erase(std::string_view initial, std::string_view key, bool erased,
                                        std::string_view formatted) noexcept {
  return {initial, ts_capacity::spec,   L2,     ts_op::erase, key,
          {},      tracewire::errc::ok, erased, formatted,    0};
}

inline constexpr tracestate_edit_case tracestate_edit_cases[] = {
    // --- W3C Trace Context 3.1 and 3.3.1.3 examples, verbatim ---------------------------------
    // Rojo adds its entry to the left of Congo's.
    ts_put("congo=t61rcWkgMzE", "rojo", "00f067aa0ba902b7", E::ok,
           "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
    // Congo updates its entry, which moves to the left.
    ts_put("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", "congo", "ucfJifl5GOE", E::ok,
           "congo=ucfJifl5GOE,rojo=00f067aa0ba902b7"),
    // "the entry would be rewritten to only include the most recent position"
    ts_put("congo=congosFirstPosition,rojo=rojosFirstPosition", "congo", "congosSecondPosition",
           E::ok, "congo=congosSecondPosition,rojo=rojosFirstPosition"),

    // --- put ---------------------------------------------------------------------------------
    ts_put("", "foo", "1", E::ok, "foo=1"),
    ts_put("foo=1", "bar", "2", E::ok, "bar=2,foo=1"),
    ts_put("foo=1,bar=2,baz=3", "baz", "3", E::ok, "baz=3,foo=1,bar=2"),  // same value: still moves
    ts_put("foo=1,bar=2,baz=3", "bar", "x", E::ok, "bar=x,foo=1,baz=3"),
    ts_put("foo=1,bar=2,baz=3", "foo", "x", E::ok, "foo=x,bar=2,baz=3"),
    ts_put("foo=1", "foo", " leading", E::ok, "foo= leading"),
    ts_put("b@=1", "a_", "2", E::ok, "a_=2,b@=1"),  // same hash, different key
    ts_put("foo=1", "foo@bar@baz", "1", E::ok, "foo@bar@baz=1,foo=1"),
    ts_put("foo=1", "1x", "1", E::ok, "1x=1,foo=1"),
    ts_put("foo=1,bar=2", ts_text::z256.view(), "1", E::ok, ts_text::put_z256_result.view()),
    ts_put("foo=1,bar=2", "foo", ts_text::v256.view(), E::ok, ts_text::put_v256_result.view()),
    ts_put("foo=1", "foo@bar", "1", E::ok, "foo@bar=1,foo=1", 0, ts_capacity::spec, L1),
    // shared/ANCHORS.md: a put on a full list evicts the right-most member; a put of an existing
    // key on a full list never duplicates and never evicts.
    ts_put(ts_w3c::all32, "new", "1", E::ok, ts_w3c::new_then_31, 1),
    ts_put(ts_w3c::all32, "bar32", "x", E::ok, ts_w3c::bar32_moved, 0),
    ts_put(ts_w3c::all32, "bar05", "x", E::ok, ts_w3c::bar05_moved, 0),
    // Characters short: the right-most member over 128 characters goes first.
    ts_put(ts_text::big_b1_big_d2.view(), "e", ts_text::v150.view(), E::ok,
           ts_text::put_e150_result.view(), 1),
    ts_put(ts_text::big150_small12.view(), "e", ts_text::v254.view(), E::ok,
           ts_text::put_e254_result.view(), 1),
    // ...then from the right, as many as needed.
    ts_put(ts_text::small20.view(), "e", ts_text::v200.view(), E::ok,
           ts_text::put_e200_result.view(), 6),

    // --- put refused: nothing changes --------------------------------------------------------
    ts_put_refused("foo=1,bar=2", "", "1", E::tracestate_key_empty),
    ts_put_refused("foo=1,bar=2", "FOO", "1", E::tracestate_key_invalid_char),
    ts_put_refused("foo=1,bar=2", "foo bar", "1", E::tracestate_key_invalid_char),
    ts_put_refused("foo=1,bar=2", "foo=", "1", E::tracestate_key_invalid_char),
    ts_put_refused("foo=1,bar=2", "_x", "1", E::tracestate_key_bad_first_char),
    ts_put_refused("foo=1,bar=2", "@x", "1", E::tracestate_key_bad_first_char),
    ts_put_refused("foo=1,bar=2", ts_text::z257.view(), "1", E::tracestate_key_too_long),
    ts_put_refused("foo=1,bar=2", "1x", "1", E::tracestate_key_bad_first_char, L1),
    ts_put_refused("foo=1,bar=2", "foo@bar@baz", "1", E::tracestate_key_bad_system, L1),
    ts_put_refused("foo=1,bar=2", "foo@", "1", E::tracestate_key_bad_system, L1),
    ts_put_refused("foo=1,bar=2", ts_text::t242_at_v.view(), "1", E::tracestate_key_bad_tenant, L1),
    ts_put_refused("foo=1,bar=2", "foo", "", E::tracestate_value_empty),
    ts_put_refused("foo=1,bar=2", "foo", "a,b", E::tracestate_value_invalid_char),
    ts_put_refused("foo=1,bar=2", "foo", "a=b", E::tracestate_value_invalid_char),
    ts_put_refused("foo=1,bar=2", "foo", "a\tb", E::tracestate_value_invalid_char),
    ts_put_refused("foo=1,bar=2", "foo", "a\x7f", E::tracestate_value_invalid_char),
    ts_put_refused("foo=1,bar=2", "foo", "\xc3\xa9", E::tracestate_value_invalid_char),
    // A value ends with a non-space character (nblk-chr).
    ts_put_refused("foo=1,bar=2", "foo", "a ", E::tracestate_value_trailing_space),
    ts_put_refused("foo=1,bar=2", "foo", ts_text::v257.view(), E::tracestate_value_too_long),

    // --- small capacity (4 members, 64 characters) ------------------------------------------
    ts_put("a=1,b=2,c=3,d=4", "e", "5", E::ok, "e=5,a=1,b=2,c=3", 1, ts_capacity::small),
    ts_put("a=1,b=2,c=3,d=4", "d", "9", E::ok, "d=9,a=1,b=2,c=3", 0, ts_capacity::small),
    ts_put("a=1,b=2,c=3,d=4", "b", "9", E::ok, "b=9,a=1,c=3,d=4", 0, ts_capacity::small),
    ts_put(ts_text::two28.view(), "c", "1", E::ok, ts_text::c_and_a28.view(), 1,
           ts_capacity::small),
    ts_put(ts_text::two28.view(), "a", ts_text::v28.view(), E::ok, ts_text::a28_b28.view(), 0,
           ts_capacity::small),
    ts_put("a=1,b=2", "k", ts_text::v62.view(), E::ok, ts_text::k62.view(), 2, ts_capacity::small),
    ts_put("", "k", ts_text::v62.view(), E::ok, ts_text::k62.view(), 0, ts_capacity::small),
    ts_put(ts_text::k62.view(), "k", "1", E::ok, "k=1", 0, ts_capacity::small),
    ts_put_refused("a=1", "k", ts_text::v63.view(), E::tracestate_member_too_large, L2,
                   ts_capacity::small),
    ts_put_refused("a=1", "1a", "1", E::tracestate_key_bad_first_char, L1, ts_capacity::small),
    ts_put("a=1,b=2,c=3,d=4", "1a", "1", E::ok, "1a=1,a=1,b=2,c=3", 1, ts_capacity::small),

    // --- erase -------------------------------------------------------------------------------
    ts_erase("foo=1,bar=2,baz=3", "bar", true, "foo=1,baz=3"),
    ts_erase("foo=1,bar=2,baz=3", "foo", true, "bar=2,baz=3"),
    ts_erase("foo=1,bar=2,baz=3", "baz", true, "foo=1,bar=2"),
    ts_erase("foo=1", "foo", true, ""),
    ts_erase("foo=1,bar=2,baz=3", "qux", false, "foo=1,bar=2,baz=3"),
    ts_erase("foo=1,bar=2,baz=3", "", false, "foo=1,bar=2,baz=3"),
    ts_erase("foo=1,bar=2,baz=3", "FOO", false, "foo=1,bar=2,baz=3"),
    ts_erase("foo=1,bar=2,baz=3", "fo", false, "foo=1,bar=2,baz=3"),
    ts_erase("foo=1,bar=2,baz=3", "foo=1", false, "foo=1,bar=2,baz=3"),
    ts_erase("a_=1", "b@", false, "a_=1"),
    ts_erase("", "foo", false, ""),
    ts_erase(ts_w3c::all32, "bar01", true, ts_w3c::without_bar01),
};

inline constexpr std::size_t tracestate_edit_case_count =
    sizeof(tracestate_edit_cases) / sizeof(tracestate_edit_cases[0]);

// --- checkers --------------------------------------------------------------------------------

/// `ts` holds exactly the members of `formatted`, in order, and every reader agrees: size, empty,
/// iteration, operator[], get, find, contains, view, formatted_size, format (exact buffer and one
/// byte short), operator==, and a re-parse of the formatted text.
template <class TS>
constexpr mismatch check_members(const TS& ts, std::string_view formatted) noexcept {
  if (ts.view() != formatted) return mismatch::formatted;
  if (ts.formatted_size() != formatted.size()) return mismatch::format_size;
  std::size_t expected_count = 0;
  if (!formatted.empty()) {
    expected_count = 1;
    for (const char c : formatted) expected_count += c == ',' ? 1u : 0u;
  }
  if (ts.size() != expected_count || ts.empty() != (expected_count == 0))
    return mismatch::member_count;

  std::size_t pos = 0;
  std::size_t i = 0;
  for (auto it = ts.begin(); it != ts.end(); ++it, ++i) {
    if (i >= expected_count) return mismatch::member_count;
    std::size_t end = formatted.find(',', pos);
    if (end == std::string_view::npos) end = formatted.size();
    const std::string_view want = formatted.substr(pos, end - pos);
    const std::size_t eq = want.find('=');
    if (eq == std::string_view::npos) return mismatch::bad_table_entry;
    const std::string_view key = want.substr(0, eq);
    const std::string_view value = want.substr(eq + 1);
    const auto m = *it;
    if (m.key != key || m.value != value) return mismatch::member_text;
    if (ts[i].key != key || ts[i].value != value) return mismatch::member_text;
    if (ts.get(key) != value || ts.find(key) != i || !ts.contains(key)) return mismatch::lookup;
    pos = end + 1;
  }
  if (i != expected_count) return mismatch::member_count;
  if (ts.contains("absent-key") || !ts.get("absent-key").empty() ||
      ts.find("absent-key") != TS::npos) {
    return mismatch::lookup;
  }

  char out[TS::max_chars + 1]{};
  const tracewire::result<std::size_t> n = ts.format(out, formatted.size());
  if (!n) return mismatch::format_error;
  if (*n != formatted.size() || out[formatted.size()] != '\0') return mismatch::format_size;
  if (std::string_view(out, *n) != formatted) return mismatch::format_text;
  if (!formatted.empty() &&
      ts.format(out, formatted.size() - 1).error() != tracewire::errc::buffer_too_small) {
    return mismatch::small_buffer;
  }

  TS again;
  const tracewire::tracestate_status st = again.assign(formatted);
  if (!st || st.dropped != 0 || !(again == ts) || again != ts) return mismatch::reparse;
  return mismatch::none;
}

template <class TS>
constexpr mismatch check_tracestate_case_as(const tracestate_case& c) noexcept {
  TS ts;
  // assign() replaces whatever was there before.
  if (!ts.put("stale", "1")) return mismatch::setup;
  const tracewire::tracestate_status st = ts.assign(c.fields.begin(), c.fields.end());
  if (st.error != c.expected) return mismatch::error;
  if (st.dropped != c.dropped) return mismatch::dropped;
  if (!st) {
    if (!ts.empty() || ts.size() != 0 || ts.formatted_size() != 0 || !ts.view().empty() ||
        !(ts == TS{})) {
      return mismatch::not_cleared;
    }
  } else if (const mismatch m = check_members(ts, c.formatted); m != mismatch::none) {
    return m;
  }
  if (c.fields.count == 1) {
    // The static parse of one field agrees with assign (truncation is not an error).
    const tracewire::result<TS> parsed = TS::parse(c.fields.values[0]);
    if (parsed.error() != c.expected) return mismatch::static_parse;
    if (parsed && !(*parsed == ts)) return mismatch::static_parse;
    // And so does assign of the single field.
    TS one;
    const tracewire::tracestate_status st1 = one.assign(c.fields.values[0]);
    if (st1.error != st.error || st1.dropped != st.dropped || !(one == ts))
      return mismatch::static_parse;
  }
  return mismatch::none;
}

template <class TS>
constexpr mismatch check_tracestate_edit_as(const tracestate_edit_case& c) noexcept {
  TS ts;
  const tracewire::tracestate_status init = ts.assign(c.initial);
  if (!init || init.dropped != 0 || ts.view() != c.initial) return mismatch::setup;
  if (c.op == ts_op::put) {
    const tracewire::tracestate_status st = ts.put(c.key, c.value);
    if (st.error != c.expected) return mismatch::error;
    if (st.dropped != c.dropped) return mismatch::dropped;
  } else {
    if (ts.erase(c.key) != c.erased) return mismatch::erase_result;
  }
  return check_members(ts, c.formatted);
}

template <template <class> class Check, class Case>
constexpr mismatch dispatch_tracestate(const Case& c) noexcept {
  const bool spec = c.capacity == ts_capacity::spec;
  if (c.keys == tracewire::tracestate_keys::level2) {
    return spec ? Check<tracestate_for<ts_capacity::spec, L2>>::run(c)
                : Check<tracestate_for<ts_capacity::small, L2>>::run(c);
  }
  return spec ? Check<tracestate_for<ts_capacity::spec, L1>>::run(c)
              : Check<tracestate_for<ts_capacity::small, L1>>::run(c);
}

template <class TS>
struct assign_check {
  static constexpr mismatch run(const tracestate_case& c) noexcept {
    return check_tracestate_case_as<TS>(c);
  }
};
template <class TS>
struct edit_check {
  static constexpr mismatch run(const tracestate_edit_case& c) noexcept {
    return check_tracestate_edit_as<TS>(c);
  }
};

constexpr mismatch check_tracestate_case(const tracestate_case& c) noexcept {
  return dispatch_tracestate<assign_check>(c);
}
constexpr mismatch check_tracestate_edit_case(const tracestate_edit_case& c) noexcept {
  return dispatch_tracestate<edit_check>(c);
}

struct tracestate_checker {
  static constexpr std::size_t count = tracestate_case_count;
  static constexpr bool check(std::size_t i) noexcept {
    if (check_tracestate_case(tracestate_cases[i]) == mismatch::none) return true;
    case_failed(i);
    return false;
  }
};

struct tracestate_edit_checker {
  static constexpr std::size_t count = tracestate_edit_case_count;
  static constexpr bool check(std::size_t i) noexcept {
    if (check_tracestate_edit_case(tracestate_edit_cases[i]) == mismatch::none) return true;
    case_failed(i);
    return false;
  }
};

}  // namespace tracewire_test

#endif  // TRACEWIRE_TESTS_CASES_TRACESTATE_CASES_HPP
