// SPDX-License-Identifier: Apache-2.0
//
// tests/cases/baggage_cases.hpp: every baggage case, written once.
//
// Sources: the examples of W3C Baggage ("Definition", "Example", "Examples of HTTP headers")
// verbatim, including `userId=Am%C3%A9lie`; the W3C test suite (w3c/baggage test/test_baggage.py:
// OWS everywhere, properties with and without values, `=` inside values, a percent-encoded value,
// 64 members, one 8192-byte member); the baggage lines of shared/ANCHORS.md "Known disagreements"
// (no `+` to space, non-ASCII values kept, keys never decoded, properties kept apart from values,
// a baggage over 8192 bytes keeps the members that fit); and one case per rule of baggage.hpp's
// contract (key and value rules, `%` escapes, properties, empty and invalid members, duplicates,
// the member / byte / property limits, the legacy limits, set / erase).
//
// Expected members are written as the canonical text format() must produce: members separated by
// ',', properties by ';', key and value by the first '='. Every other special byte is `%XX` in that
// form, so the text is unambiguous; the checkers decode it with their own decoder and compare the
// decoded values with what the baggage holds. Checked at compile time by
// tests/compile_time/baggage_cases_ct.cpp and at run time by tests/unit/test_baggage.cpp.
#ifndef TRACEWIRE_TESTS_CASES_BAGGAGE_CASES_HPP
#define TRACEWIRE_TESTS_CASES_BAGGAGE_CASES_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "case_support.hpp"
#include "tracewire/baggage.hpp"

namespace tracewire_test {

/// What a baggage checker found wrong (none = the case passed). Keep bg_mismatch_name() in step.
enum class bg_mismatch : std::uint8_t {
  none,
  bad_table_entry,   // the case itself is malformed
  setup,             // edit case: the initial text did not parse cleanly at its canonical size
  error,             // status.error / set()'s errc differs
  skipped,           // status.skipped differs
  dropped,           // status.dropped differs
  formatted_size,    // formatted_size() differs from the expected text's length
  format_error,      // format() refused a buffer of exactly formatted_size()
  format_size,       // format() reported a different count, or wrote past it
  format_text,       // format() wrote different text
  small_buffer,      // format() accepted a buffer one character short
  member_count,      // size() / empty() differ
  member_key,        // a member's key differs
  member_value,      // a member's decoded value differs
  property_count,    // a member's property count differs
  property_key,      // a property's key differs
  property_value,    // a property's value or has_value differs
  total_properties,  // property_count() of the whole baggage differs
  iteration,         // begin()/end() disagree with operator[]
  lookup,            // find / get / contains disagree with the members (the LAST one wins)
  absent,            // find / get / contains report a key that is not there
  expected_lookup,   // the case's explicit get(key) == value check failed
  reparse,           // parsing format()'s text does not give back the same members
  single_field,      // assign(field) disagrees with assign(&field, &field + 1)
  set_result,        // after an accepted set(), the last member is not the one set
  erase_result,      // erase() returned the wrong count
};

constexpr const char* bg_mismatch_name(bg_mismatch m) noexcept {
  switch (m) {
    case bg_mismatch::none:
      return "none";
    case bg_mismatch::bad_table_entry:
      return "bad table entry";
    case bg_mismatch::setup:
      return "initial text did not parse cleanly at its canonical size";
    case bg_mismatch::error:
      return "errc";
    case bg_mismatch::skipped:
      return "skipped count";
    case bg_mismatch::dropped:
      return "dropped count";
    case bg_mismatch::formatted_size:
      return "formatted_size()";
    case bg_mismatch::format_error:
      return "format() returned an error";
    case bg_mismatch::format_size:
      return "format() size";
    case bg_mismatch::format_text:
      return "formatted text";
    case bg_mismatch::small_buffer:
      return "buffer one character short accepted";
    case bg_mismatch::member_count:
      return "member count";
    case bg_mismatch::member_key:
      return "member key";
    case bg_mismatch::member_value:
      return "member value";
    case bg_mismatch::property_count:
      return "property count of a member";
    case bg_mismatch::property_key:
      return "property key";
    case bg_mismatch::property_value:
      return "property value";
    case bg_mismatch::total_properties:
      return "property_count() of the baggage";
    case bg_mismatch::iteration:
      return "iteration disagrees with operator[]";
    case bg_mismatch::lookup:
      return "find/get/contains (last occurrence)";
    case bg_mismatch::absent:
      return "find/get/contains of an absent key";
    case bg_mismatch::expected_lookup:
      return "the case's get(key) check";
    case bg_mismatch::reparse:
      return "re-parse of the formatted text";
    case bg_mismatch::single_field:
      return "assign(field) differs from assign(range)";
    case bg_mismatch::set_result:
      return "member written by set()";
    case bg_mismatch::erase_result:
      return "erase() count";
  }
  return "?";
}

// --- field lists ---------------------------------------------------------------------------

/// Up to 6 baggage field values, combined in order (RFC 9110 5.3).
struct bg_field_list {
  static constexpr std::size_t capacity = 6;
  std::string_view values[capacity]{};
  std::size_t count = 0;
  constexpr const std::string_view* begin() const noexcept { return values; }
  constexpr const std::string_view* end() const noexcept { return values + count; }
};

template <class... S>
constexpr bg_field_list bg_fields(S... s) noexcept {
  static_assert(sizeof...(S) >= 1 && sizeof...(S) <= bg_field_list::capacity,
                "raise bg_field_list::capacity");
  return bg_field_list{{std::string_view(s)...}, sizeof...(S)};
}

// --- the baggage types the tables run against ------------------------------------------------

enum class bg_capacity : std::uint8_t {
  spec,    ///< tracewire::baggage: 64 members, 8192 bytes, 64 properties (W3C limits)
  legacy,  ///< tracewire::baggage_legacy: 180 members, 4096 bytes per member, 8192 in total
  small,   ///< 4 members, 64 bytes, 3 properties: every limit with small numbers
};

template <bg_capacity C>
struct bg_type_of;
template <>
struct bg_type_of<bg_capacity::spec> {
  using type = tracewire::baggage;
};
template <>
struct bg_type_of<bg_capacity::legacy> {
  using type = tracewire::baggage_legacy;
};
template <>
struct bg_type_of<bg_capacity::small> {
  using type = tracewire::basic_baggage<4, 64, 3>;
};
template <bg_capacity C>
using baggage_for = typename bg_type_of<C>::type;

// --- long texts ------------------------------------------------------------------------------

/// "k000=v,k001=v,...": Count members numbered from First (key `<key>NNN`, ValueLen times 'v').
template <std::size_t First, std::size_t Count, std::size_t ValueLen>
constexpr text<Count*(5 + ValueLen) + Count - 1> numbered(char key = 'k') noexcept {
  static_assert(Count >= 1 && First + Count <= 1000, "three digits");
  text<Count*(5 + ValueLen) + Count - 1> t{};
  std::size_t p = 0;
  for (std::size_t i = First; i < First + Count; ++i) {
    if (i != First) t.chars[p++] = ',';
    t.chars[p++] = key;
    t.chars[p++] = static_cast<char>('0' + i / 100);
    t.chars[p++] = static_cast<char>('0' + i / 10 % 10);
    t.chars[p++] = static_cast<char>('0' + i % 10);
    t.chars[p++] = '=';
    for (std::size_t j = 0; j < ValueLen; ++j) t.chars[p++] = 'v';
  }
  return t;
}

/// ";p00;p01;...": Count value-less properties numbered from First.
template <std::size_t First, std::size_t Count>
constexpr text<Count * 4> numbered_props() noexcept {
  static_assert(First + Count <= 100, "two digits");
  text<Count * 4> t{};
  std::size_t p = 0;
  for (std::size_t i = First; i < First + Count; ++i) {
    t.chars[p++] = ';';
    t.chars[p++] = 'p';
    t.chars[p++] = static_cast<char>('0' + i / 10);
    t.chars[p++] = static_cast<char>('0' + i % 10);
  }
  return t;
}

/// The literal `s` (without its NUL) N times.
template <std::size_t N, std::size_t M>
constexpr text<N*(M - 1)> repeat_text(const char (&s)[M]) noexcept {
  text<N*(M - 1)> t{};
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t j = 0; j + 1 < M; ++j) t.chars[i * (M - 1) + j] = s[j];
  }
  return t;
}

/// Every baggage-octet except '%': %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E (W3C Baggage
/// "Definition"), written from the ABNF ranges, not from the library's table.
constexpr text<89> plain_octets() noexcept {
  text<89> t{};
  std::size_t p = 0;
  const int ranges[5][2] = {{0x21, 0x21}, {0x23, 0x2B}, {0x2D, 0x3A}, {0x3C, 0x5B}, {0x5D, 0x7E}};
  for (const auto& r : ranges) {
    for (int c = r[0]; c <= r[1]; ++c) {
      if (c != '%') t.chars[p++] = static_cast<char>(c);
    }
  }
  return t;
}

namespace bg_text {
// W3C test suite, test_parse_percent_encoded: urllib's quote of "\t \"';=asdf!@#$%^&*()". The
// canonical form re-encodes only what is outside baggage-octet, and '%'.
inline constexpr std::string_view w3c_quoted =
    "SomeKey=%09%20%22%27%3B%3Dasdf%21%40%23%24%25%5E%26%2A%28%29";
inline constexpr std::string_view w3c_quoted_ows =
    "SomeKey \t = \t %09%20%22%27%3B%3Dasdf%21%40%23%24%25%5E%26%2A%28%29 \t ";
inline constexpr std::string_view w3c_quoted_canonical = "SomeKey=%09%20%22'%3B=asdf!@#$%25^&*()";
inline constexpr std::string_view w3c_quoted_value = "\t \"';=asdf!@#$%^&*()";

// Every character a key may hold (RFC 7230 tchar) and every character a value may hold unencoded.
inline constexpr auto all_tchars =
    lit("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz") + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
inline constexpr auto all_tchars_member = all_tchars + "=1";
inline constexpr auto plain = plain_octets();
inline constexpr auto all_octets_member = lit("k=") + plain;

// Member count limit.
inline constexpr auto n64 = numbered<0, 64, 1>();
inline constexpr auto n65 = numbered<0, 65, 1>();
inline constexpr auto n66 = numbered<0, 66, 1>();
inline constexpr auto n200 = numbered<0, 200, 1>();
inline constexpr auto n0_40 = numbered<0, 40, 1>();
inline constexpr auto n40_25 = numbered<40, 25, 1>();
inline constexpr auto n0_32 = numbered<0, 32, 1>();
inline constexpr auto n32_32 = numbered<32, 32, 1>();
inline constexpr auto n65_then_bad = n65 + ",bad";
inline constexpr auto bad_then_n65 = lit("bad,") + n65;
inline constexpr auto n64_with_empties =
    lit(" , ,\t,") + numbered<0, 20, 1>() + ",,," + numbered<20, 44, 1>() + ", \t ,";
inline constexpr auto n180 = numbered<0, 180, 1>();
inline constexpr auto n181 = numbered<0, 181, 1>();

// Byte limit (8192 in the canonical form, commas included).
inline constexpr auto exactly8192 = lit("a=") + repeat<8190>('v');
inline constexpr auto exactly8193 = lit("a=") + repeat<8191>('v');
inline constexpr auto exactly8192_ows = lit(" \ta = ") + repeat<8190>('v') + " \t";
inline constexpr auto w3c_long_entry = lit("a=") + repeat_text<819>("0123456789");
inline constexpr auto a4000 = lit("a=") + repeat<3998>('v');
inline constexpr auto b4000 = lit("b=") + repeat<3998>('v');
inline constexpr auto c500 = lit("c=") + repeat<498>('v');
inline constexpr auto a4000_b4000_d = a4000 + "," + b4000 + ",d=1";
inline constexpr auto a4096_b4095 = lit("a=") + repeat<4094>('v') + ",b=" + repeat<4093>('v');
inline constexpr auto a4096_b4095_c = a4096_b4095 + ",c=";
// 64 members of 128 bytes: 63 fit (8126 bytes), the 64th does not; a small member after it does.
inline constexpr auto n64x128 = numbered<0, 64, 123>();
inline constexpr auto n64x128_s = n64x128 + ",s=1";
inline constexpr auto n64x128_s_t = n64x128 + ",s=1,t=2";
inline constexpr auto n63x128_s = numbered<0, 63, 123>() + ",s=1";
// ANCHORS: over 8192 bytes, the members that fit are kept (never the whole baggage dropped).
inline constexpr auto small_big_small = lit("a=1,big=") + repeat<8200>('v') + ",b=2";
// The limit is on the canonical form: "%41" is sent as "A", so these 8192 + 5003 input characters
// are 7735 bytes when sent...
inline constexpr auto a_escaped_b5000 =
    lit("a=") + repeat_text<2730>("%41") + ",b=" + repeat<5000>('v');
inline constexpr auto a_plain_b5000 = lit("a=") + repeat<2730>('A') + ",b=" + repeat<5000>('v');
// ...and "%FF" (invalid UTF-8) is sent as U+FFFD, "%EF%BF%BD": 3002 input characters, 9002 sent.
inline constexpr auto ff1000 = lit("a=") + repeat_text<1000>("%FF");
inline constexpr auto ff1000_then_small = ff1000 + ",b=1";
// Properties count toward the member's bytes.
inline constexpr auto a8186_prop = lit("a=") + repeat<8186>('v') + ";p=12";  // 8193
inline constexpr auto a8185_prop = lit("a=") + repeat<8185>('v') + ";p=12";  // 8192

// Property capacity (64 in the default baggage).
inline constexpr auto props64 = lit("a=1") + numbered_props<0, 64>();
inline constexpr auto props65 = lit("a=1") + numbered_props<0, 65>();
inline constexpr auto props60 = lit("a=1") + numbered_props<0, 60>();
inline constexpr auto props60_c4 = props60 + ",c=1;x;y;z;w";

// Legacy limits: 4096 bytes per member (canonical form).
inline constexpr auto m4096 = lit("a=") + repeat<4094>('v');
inline constexpr auto m4097 = lit("a=") + repeat<4095>('v');
inline constexpr auto m4097_then_b = m4097 + ",b=1";
inline constexpr auto m5000 = lit("a=") + repeat<4998>('v');
inline constexpr auto two4096 = lit("a=") + repeat<4094>('v') + ",b=" + repeat<4094>('v');
inline constexpr auto ff455 = lit("a=") + repeat_text<455>("%FF");  // 2 + 455 * 9 = 4097 sent
inline constexpr auto ff454 = lit("a=") + repeat_text<454>("%FF");  // 4088 sent
inline constexpr auto ff454_canonical = lit("a=") + repeat_text<454>("%EF%BF%BD");

// Small capacity (64 bytes).
inline constexpr auto small64 = lit("a=") + repeat<62>('v');
inline constexpr auto small65 = lit("a=") + repeat<63>('v');
inline constexpr auto small64_then_b = small64 + ",b=1";

// set / erase.
inline constexpr auto v8190 = repeat<8190>('v');
inline constexpr auto w8190 = repeat<8190>('w');
inline constexpr auto v8191 = repeat<8191>('v');
inline constexpr auto k8192 = lit("k=") + v8190;
inline constexpr auto a8192w = lit("a=") + w8190;
inline constexpr auto v4189 = repeat<4189>('v');  // "a4000,b=" + 4189: 8192 bytes
inline constexpr auto v4190 = repeat<4190>('v');
inline constexpr auto a4000_b4189 = a4000 + ",b=" + v4189;
inline constexpr auto e1365 = repeat_text<1365>("\xC3\xA9");  // 2 + 1365 * 6 = 8192 sent
inline constexpr auto e1366 = repeat_text<1366>("\xC3\xA9");
inline constexpr auto k_e1365 = lit("k=") + repeat_text<1365>("%C3%A9");
inline constexpr auto v4094 = repeat<4094>('v');
inline constexpr auto v4095 = repeat<4095>('v');
inline constexpr auto k4096 = lit("k=") + v4094;
inline constexpr auto n64_moved = numbered<1, 63, 1>() + ",k000=x";
inline constexpr auto n180_moved = numbered<1, 179, 1>() + ",k000=x";
inline constexpr auto n63 = numbered<0, 63, 1>();
inline constexpr auto n64_without_k000 = numbered<1, 63, 1>();
inline constexpr auto v62 = repeat<62>('v');
inline constexpr auto v63 = repeat<63>('v');
inline constexpr auto k64 = lit("k=") + v62;
inline constexpr auto v58 = repeat<58>('v');
inline constexpr auto v59 = repeat<59>('v');
inline constexpr auto a1_b64 = lit("a=1,b=") + v58;  // "a=1,b=" + 58: 64 bytes

// Fields longer than the 512 characters parsed from a padded copy: escapes in the last 16.
inline constexpr auto long_then_escapes = lit("a=") + repeat<600>('v') + ",k=x%20y%C3%A9";
inline constexpr auto long_then_bad_escape = lit("a=") + repeat<600>('v') + ",k=x%2";
inline constexpr auto long_then_cut_utf8 = lit("a=") + repeat<600>('v') + ",k=x%E2%82";
inline constexpr auto long_then_cut_utf8_canonical = lit("a=") + repeat<600>('v') + ",k=x%EF%BF%BD";
// A storage that fills up while a member is read (SMALL: 64 bytes): the last member just fits,
// or does not, its bytes running past the end of the storage.
inline constexpr auto small_fill = lit("a=") + repeat<40>('v') + ",b=" + repeat<19>('w');
inline constexpr auto small_over = lit("a=") + repeat<40>('v') + ",b=" + repeat<20>('w');
inline constexpr auto small_fill_escaped =
    lit("a=") + repeat<40>('v') + ",b=" + repeat<12>('w') + "%20;p=1";
inline constexpr auto small_over_escaped =
    lit("a=") + repeat<40>('v') + ",b=" + repeat<17>('w') + "%20;p=1";
inline constexpr auto small_a40 = lit("a=") + repeat<40>('v');
inline constexpr auto a600 = lit("a=") + repeat<600>('v');
}  // namespace bg_text

using namespace std::string_view_literals;
using E = tracewire::errc;

// --- assign (parse) cases --------------------------------------------------------------------

struct baggage_case {
  bg_field_list fields;
  bg_capacity capacity;
  tracewire::errc error;          // the first problem met, or ok
  std::size_t skipped;            // invalid members skipped
  std::size_t dropped;            // valid members dropped for a limit
  std::string_view formatted;     // the canonical text of the members kept
  std::string_view lookup_key;    // when not empty: get(lookup_key) must be lookup_value
  std::string_view lookup_value;  // (decoded bytes, written out in the table)
};

/// Every member valid and kept.
constexpr baggage_case bg_ok(bg_field_list f, std::string_view formatted,
                             bg_capacity cap = bg_capacity::spec) noexcept {
  return {f, cap, E::ok, 0, 0, formatted, {}, {}};
}
/// Every member valid and kept, and get(key) is the decoded `value`.
constexpr baggage_case bg_get(bg_field_list f, std::string_view formatted, std::string_view key,
                              std::string_view value) noexcept {
  return {f, bg_capacity::spec, E::ok, 0, 0, formatted, key, value};
}
/// `skipped` invalid members, the first one breaking rule `e`; the rest kept.
constexpr baggage_case bg_skip(bg_field_list f, tracewire::errc e, std::size_t skipped,
                               std::string_view formatted,
                               bg_capacity cap = bg_capacity::spec) noexcept {
  return {f, cap, e, skipped, 0, formatted, {}, {}};
}
/// `dropped` valid members dropped for a limit, the first one for `e`; the rest kept.
constexpr baggage_case bg_drop(bg_field_list f, tracewire::errc e, std::size_t dropped,
                               std::string_view formatted,
                               bg_capacity cap = bg_capacity::spec) noexcept {
  return {f, cap, e, 0, dropped, formatted, {}, {}};
}
constexpr baggage_case bg_mixed(bg_field_list f, tracewire::errc e, std::size_t skipped,
                                std::size_t dropped, std::string_view formatted,
                                bg_capacity cap = bg_capacity::spec) noexcept {
  return {f, cap, e, skipped, dropped, formatted, {}, {}};
}

inline constexpr bg_capacity SPEC = bg_capacity::spec;
inline constexpr bg_capacity LEGACY = bg_capacity::legacy;
inline constexpr bg_capacity SMALL = bg_capacity::small;

inline constexpr baggage_case baggage_cases[] = {
    // --- W3C Baggage examples, verbatim -----------------------------------------------------
    // "Examples of HTTP headers": single header, split headers, names and values with spaces.
    bg_get(bg_fields("userId=alice,serverNode=DF%2028,isProduction=false"),
           "userId=alice,serverNode=DF%2028,isProduction=false", "serverNode", "DF 28"),
    bg_get(bg_fields("userId=alice", "serverNode=DF%2028,isProduction=false"),
           "userId=alice,serverNode=DF%2028,isProduction=false", "isProduction", "false"),
    bg_get(bg_fields("userId =   alice", "serverNode = DF%2028, isProduction = false"),
           "userId=alice,serverNode=DF%2028,isProduction=false", "userId", "alice"),
    bg_ok(bg_fields("serverNode=DF%2028"), "serverNode=DF%2028"),
    bg_ok(bg_fields("userId=alice"), "userId=alice"),
    bg_ok(bg_fields("isProduction=false"), "isProduction=false"),
    // "Example": 3 members, properties, OWS around the '=' and after ';'.
    bg_get(bg_fields("key1=value1;property1;property2, key2 = value2, key3=value3; "
                     "propertyKey=propertyValue"),
           "key1=value1;property1;property2,key2=value2,key3=value3;propertyKey=propertyValue",
           "key3", "value3"),
    // "value": a URL-encoded UTF-8 string; Amelie with an acute accent is `Am%C3%A9lie`.
    bg_get(bg_fields("userId=Am%C3%A9lie"), "userId=Am%C3%A9lie", "userId", "Am\xC3\xA9lie"),
    bg_get(bg_fields("userId=Am%c3%a9lie"), "userId=Am%C3%A9lie", "userId", "Am\xC3\xA9lie"),
    bg_get(bg_fields("userId=Am%C3%A9lie,serverNode=DF%2028,isProduction=false"),
           "userId=Am%C3%A9lie,serverNode=DF%2028,isProduction=false", "userId", "Am\xC3\xA9lie"),
    // "property": `;k1=v1;k2;k3=v3`.
    bg_ok(bg_fields("key=value;k1=v1;k2;k3=v3"), "key=value;k1=v1;k2;k3=v3"),
    // "value MAY contain any number of the equal sign (=) characters".
    bg_get(bg_fields("k==="), "k===", "k", "=="),

    // --- W3C test suite (test/test_baggage.py) ---------------------------------------------
    bg_get(bg_fields("SomeKey=SomeValue"), "SomeKey=SomeValue", "SomeKey", "SomeValue"),
    bg_ok(bg_fields("SomeKey=SomeValue;SomeProp,SomeKey2=SomeValue2;ValueProp=PropVal"),
          "SomeKey=SomeValue;SomeProp,SomeKey2=SomeValue2;ValueProp=PropVal"),
    bg_ok(bg_fields("SomeKey \t = \t SomeValue \t ; \t SomeProp \t , \t SomeKey2 \t = \t "
                    "SomeValue2 \t ; \t ValueProp \t = \t PropVal"),
          "SomeKey=SomeValue;SomeProp,SomeKey2=SomeValue2;ValueProp=PropVal"),
    bg_ok(bg_fields("SomeKey=SomeValue;SomePropKey=SomePropValue,SomeKey2=SomeValue2;"
                    "SomePropKey2=SomePropValue2"),
          "SomeKey=SomeValue;SomePropKey=SomePropValue,SomeKey2=SomeValue2;"
          "SomePropKey2=SomePropValue2"),
    bg_ok(bg_fields("SomeKey \t = \t SomeValue \t ; \t SomePropKey=SomePropValue \t , \t SomeKey2 "
                    "\t = \t SomeValue2 \t ; \t SomePropKey2 \t = \t SomePropValue2"),
          "SomeKey=SomeValue;SomePropKey=SomePropValue,SomeKey2=SomeValue2;"
          "SomePropKey2=SomePropValue2"),
    bg_get(bg_fields("SomeKey=SomeValue=equals"), "SomeKey=SomeValue=equals", "SomeKey",
           "SomeValue=equals"),
    bg_get(bg_fields(bg_text::w3c_quoted), bg_text::w3c_quoted_canonical, "SomeKey",
           bg_text::w3c_quoted_value),
    bg_get(bg_fields(bg_text::w3c_quoted_ows), bg_text::w3c_quoted_canonical, "SomeKey",
           bg_text::w3c_quoted_value),
    bg_ok(bg_fields("SomeKey=SomeValue;SomeProp"), "SomeKey=SomeValue;SomeProp"),
    bg_ok(bg_fields("SomeKey=SomeValue;SomeProp;SecondProp=PropValue"),
          "SomeKey=SomeValue;SomeProp;SecondProp=PropValue"),
    bg_ok(bg_fields("SomeKey=SomeValue;SomePropKey=SomePropValue"),
          "SomeKey=SomeValue;SomePropKey=SomePropValue"),
    bg_ok(bg_fields("SomeKey \t = \t SomeValue \t "), "SomeKey=SomeValue"),
    bg_ok(bg_fields("SomeKey \t = \t SomeValue \t ; \t SomeProp"), "SomeKey=SomeValue;SomeProp"),
    bg_ok(bg_fields("SomeKey \t = \t SomeValue \t ; \t SomeProp \t ; \t SecondProp \t = \t "
                    "PropValue"),
          "SomeKey=SomeValue;SomeProp;SecondProp=PropValue"),
    bg_ok(bg_fields("SomeKey \t = \t SomeValue \t ; \t SomePropKey \t = \t SomePropValue"),
          "SomeKey=SomeValue;SomePropKey=SomePropValue"),
    // test_serialize_at_least_64 and test_serialize_long_entry.
    bg_ok(bg_fields(bg_text::n64.view()), bg_text::n64.view()),
    bg_ok(bg_fields(bg_text::w3c_long_entry.view()), bg_text::w3c_long_entry.view()),

    // --- keys: RFC 7230 tokens, kept exactly as received --------------------------------------
    bg_ok(bg_fields(bg_text::all_tchars_member.view()), bg_text::all_tchars_member.view()),
    // ANCHORS: keys are never percent-decoded; `a%20b` is a literal key.
    bg_get(bg_fields("a%20b=1"), "a%20b=1", "a%20b", "1"),
    bg_get(bg_fields("%41=1"), "%41=1", "%41", "1"),
    bg_ok(bg_fields("Key=1,key=2,KEY=3"), "Key=1,key=2,KEY=3"),  // case-sensitive, not duplicates
    bg_skip(bg_fields("a b=1"), E::baggage_key_invalid_char, 1, ""),
    bg_skip(bg_fields("a\"b=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a(b=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a)b=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a/b=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a:b=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a<b=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a>b=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a?b=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a@b=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a[b=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a\\b=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a]b=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a{b=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a}b=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a\x7F=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a\x01=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("\xC3\xA9=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("\"a\"=1,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("=1,ok=1"), E::baggage_key_empty, 1, "ok=1"),
    bg_skip(bg_fields(" \t = 1,ok=1"), E::baggage_key_empty, 1, "ok=1"),
    bg_skip(bg_fields("=,ok=1"), E::baggage_key_empty, 1, "ok=1"),
    // The '=' is required (list-member = key OWS "=" OWS value ...).
    bg_skip(bg_fields("a"), E::baggage_missing_equals, 1, ""),
    bg_skip(bg_fields("a ,ok=1"), E::baggage_missing_equals, 1, "ok=1"),
    bg_skip(bg_fields("a;p=1,ok=1"), E::baggage_missing_equals, 1, "ok=1"),
    bg_skip(bg_fields("ok=1,a"), E::baggage_missing_equals, 1, "ok=1"),
    // OWS around the key is trimmed.
    bg_ok(bg_fields(" \t a \t = \t 1 \t "), "a=1"),
    bg_ok(bg_fields("\ta\t=\t1\t"), "a=1"),

    // --- values: baggage-octets and %XX escapes, decoded to UTF-8 ------------------------------
    bg_get(bg_fields("a="), "a=", "a", ""),
    bg_get(bg_fields("a= \t "), "a=", "a", ""),
    bg_get(bg_fields("a = ,b=2"), "a=,b=2", "a", ""),
    bg_get(bg_fields(bg_text::all_octets_member.view()), bg_text::all_octets_member.view(), "k",
           bg_text::plain.view()),
    // ANCHORS: `+` is a literal plus, never a space (form encoding is an interop bug).
    bg_get(bg_fields("a=x+y"), "a=x+y", "a", "x+y"),
    bg_get(bg_fields("a=%2B"), "a=+", "a", "+"),
    bg_get(bg_fields("a=x%20y"), "a=x%20y", "a", "x y"),
    bg_get(bg_fields("a=%41%42c"), "a=ABc", "a", "ABc"),  // escapes of plain octets: canonical
    bg_get(bg_fields("a=%4a%4A"), "a=JJ", "a", "JJ"),     // either case of hex digit
    bg_get(bg_fields("a=%25"), "a=%25", "a", "%"),
    bg_get(bg_fields("a=%2525"), "a=%2525", "a", "%25"),  // decoded once only
    bg_get(bg_fields("a=%2C%3B%22%5C"), "a=%2C%3B%22%5C", "a", ",;\"\\"),
    bg_get(bg_fields("a=%00"), "a=%00", "a", std::string_view("\0", 1)),
    bg_get(bg_fields("a=%7F%09%0A"), "a=%7F%09%0A", "a", "\x7F\t\n"),
    bg_get(bg_fields("a=%E2%82%AC"), "a=%E2%82%AC", "a", "\xE2\x82\xAC"),
    bg_get(bg_fields("a=%F0%9F%98%80"), "a=%F0%9F%98%80", "a", "\xF0\x9F\x98\x80"),
    // Invalid UTF-8 becomes U+FFFD (one per maximal subpart; test_percent.cpp has every class).
    bg_get(bg_fields("a=%FF"), "a=%EF%BF%BD", "a", "\xEF\xBF\xBD"),
    bg_get(bg_fields("a=x%C3"), "a=x%EF%BF%BD", "a", "x\xEF\xBF\xBD"),
    bg_get(bg_fields("a=%C3x"), "a=%EF%BF%BDx", "a", "\xEF\xBF\xBDx"),
    bg_get(bg_fields("a=%ED%A0%80"), "a=%EF%BF%BD%EF%BF%BD%EF%BF%BD", "a",
           "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"),
    // Characters outside baggage-octet make the member invalid.
    bg_skip(bg_fields("a=b\"c,ok=1"), E::baggage_value_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a=b\\c,ok=1"), E::baggage_value_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a=\"b\",ok=1"), E::baggage_value_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a=\xC3\xA9,ok=1"), E::baggage_value_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a=b\x7f,ok=1"), E::baggage_value_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a=b\x01,ok=1"), E::baggage_value_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a=b\nc,ok=1"), E::baggage_value_invalid_char, 1, "ok=1"),
    // Whitespace inside a value: after the value (and OWS) only ';', ',' or the end may come.
    bg_skip(bg_fields("a=b c,ok=1"), E::baggage_property_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a=b\tc,ok=1"), E::baggage_property_invalid_char, 1, "ok=1"),
    // '%' must be followed by two hex digits, also at the very end.
    bg_skip(bg_fields("a=%,ok=1"), E::baggage_bad_percent_escape, 1, "ok=1"),
    bg_skip(bg_fields("a=%4,ok=1"), E::baggage_bad_percent_escape, 1, "ok=1"),
    bg_skip(bg_fields("a=%G1,ok=1"), E::baggage_bad_percent_escape, 1, "ok=1"),
    bg_skip(bg_fields("a=%4G,ok=1"), E::baggage_bad_percent_escape, 1, "ok=1"),
    bg_skip(bg_fields("a=%%41,ok=1"), E::baggage_bad_percent_escape, 1, "ok=1"),
    bg_skip(bg_fields("a=%4;p,ok=1"), E::baggage_bad_percent_escape, 1, "ok=1"),
    bg_skip(bg_fields("a=% 41,ok=1"), E::baggage_bad_percent_escape, 1, "ok=1"),
    bg_skip(bg_fields("ok=1,a=x%"), E::baggage_bad_percent_escape, 1, "ok=1"),
    bg_skip(bg_fields("ok=1,a=x%4"), E::baggage_bad_percent_escape, 1, "ok=1"),
    bg_skip(bg_fields("ok=1,a=%41%"), E::baggage_bad_percent_escape, 1, "ok=1"),
    bg_skip(bg_fields("ok=1,a=%41%4"), E::baggage_bad_percent_escape, 1, "ok=1"),
    bg_skip(bg_fields("ok=1", "a=%4"), E::baggage_bad_percent_escape, 1, "ok=1"),

    // --- properties: `;key` or `;key=value`, OWS anywhere, values decoded ---------------------
    bg_ok(bg_fields("a=1;p"), "a=1;p"),
    bg_ok(bg_fields("a=1;p="), "a=1;p="),
    bg_ok(bg_fields("a=1;p=v"), "a=1;p=v"),
    bg_ok(bg_fields("a=;p"), "a=;p"),
    bg_ok(bg_fields("a=1 ; p ; q = v ;r= \t;s"), "a=1;p;q=v;r=;s"),
    bg_ok(bg_fields(" a = 1 ;\tp\t=\tv\t,\tb\t=\t2\t;\tq\t"), "a=1;p=v,b=2;q"),
    bg_ok(bg_fields("a=1;p=v=w;q=="), "a=1;p=v=w;q=="),
    bg_ok(bg_fields("a=1;p;p;p=2"), "a=1;p;p;p=2"),  // repeated property keys are kept
    bg_ok(bg_fields("a=1;%41=%41"), "a=1;%41=A"),    // property keys are not decoded either
    bg_ok(bg_fields("a=1;p=%3B%2C%3D"), "a=1;p=%3B%2C="),
    bg_ok(bg_fields("a=1;p=Am%C3%A9lie"), "a=1;p=Am%C3%A9lie"),
    bg_ok(bg_fields("a=1;p=%FF"), "a=1;p=%EF%BF%BD"),
    bg_ok(bg_fields("a=1;p=x+y"), "a=1;p=x+y"),
    // ANCHORS: properties are kept apart from the value (never glued to it), and a property is
    // re-sent as `;p=v` (never `;p%3Dv`).
    bg_get(bg_fields("a=1;p=2"), "a=1;p=2", "a", "1"),
    bg_get(bg_fields("a=1 ; p = 2"), "a=1;p=2", "a", "1"),
    bg_get(bg_fields("a=;p=2"), "a=;p=2", "a", ""),
    // Invalid properties make the member invalid, and only that member.
    bg_skip(bg_fields("a=1;,ok=1"), E::baggage_key_empty, 1, "ok=1"),
    bg_skip(bg_fields("a=1; ,ok=1"), E::baggage_key_empty, 1, "ok=1"),
    bg_skip(bg_fields("a=1;;p,ok=1"), E::baggage_key_empty, 1, "ok=1"),
    bg_skip(bg_fields("a=1;=v,ok=1"), E::baggage_key_empty, 1, "ok=1"),
    bg_skip(bg_fields("a=1;@,ok=1"), E::baggage_key_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a=1 p,ok=1"), E::baggage_property_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a=1;p q,ok=1"), E::baggage_property_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a=1;p=v w,ok=1"), E::baggage_property_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a=1;p=\"v\",ok=1"), E::baggage_value_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a=1;p=v\\,ok=1"), E::baggage_value_invalid_char, 1, "ok=1"),
    bg_skip(bg_fields("a=1;p=%,ok=1"), E::baggage_bad_percent_escape, 1, "ok=1"),
    bg_skip(bg_fields("a=1;p=%4,ok=1"), E::baggage_bad_percent_escape, 1, "ok=1"),
    bg_skip(bg_fields("ok=1,a=1;p=%4"), E::baggage_bad_percent_escape, 1, "ok=1"),

    // --- empty members are ignored -------------------------------------------------------------
    bg_ok(bg_fields(""), ""),
    bg_ok(bg_fields(","), ""),
    bg_ok(bg_fields(" \t , \t ,, "), ""),
    bg_ok(bg_fields("", "", ""), ""),
    bg_ok(bg_fields("a=1,,b=2"), "a=1,b=2"),
    bg_ok(bg_fields(",a=1,"), "a=1"),
    bg_ok(bg_fields(" , a=1 , \t , b=2 , "), "a=1,b=2"),
    bg_ok(bg_fields("", "a=1", "", "b=2", ""), "a=1,b=2"),
    bg_ok(bg_fields(bg_text::n64_with_empties.view()), bg_text::n64.view()),

    // --- an invalid member is skipped, only it; the status names the first rule broken ----------
    bg_skip(bg_fields("a=1,b,c=3"), E::baggage_missing_equals, 1, "a=1,c=3"),
    bg_skip(bg_fields("a=1,=2,c=3,d"), E::baggage_key_empty, 2, "a=1,c=3"),
    bg_skip(bg_fields("a=%ZZ", "b=2", "c d=3"), E::baggage_bad_percent_escape, 2, "b=2"),
    bg_skip(bg_fields("a=1;p=\"x\",b=2;q=%41"), E::baggage_value_invalid_char, 1, "b=2;q=A"),
    bg_skip(bg_fields("x", "y", "z"), E::baggage_missing_equals, 3, ""),
    bg_skip(bg_fields("a b=1,c\"=2,=3"), E::baggage_key_invalid_char, 3, ""),

    // --- duplicates are kept, in order; get() returns the last ----------------------------------
    bg_get(bg_fields("a=1,b=2,a=3"), "a=1,b=2,a=3", "a", "3"),
    bg_get(bg_fields("a=1", "a=2"), "a=1,a=2", "a", "2"),
    bg_get(bg_fields("a=1,a=1"), "a=1,a=1", "a", "1"),
    bg_get(bg_fields("a=1;p,a=2;q=x,a=3"), "a=1;p,a=2;q=x,a=3", "a", "3"),
    bg_get(bg_fields("a=x,a=,b=1"), "a=x,a=,b=1", "a", ""),  // the last one, even when empty

    // --- limits: 64 members -------------------------------------------------------------------
    bg_drop(bg_fields(bg_text::n65.view()), E::baggage_too_many_members, 1, bg_text::n64.view()),
    bg_drop(bg_fields(bg_text::n66.view()), E::baggage_too_many_members, 2, bg_text::n64.view()),
    bg_drop(bg_fields(bg_text::n200.view()), E::baggage_too_many_members, 136, bg_text::n64.view()),
    bg_drop(bg_fields(bg_text::n0_40.view(), bg_text::n40_25.view()), E::baggage_too_many_members,
            1, bg_text::n64.view()),
    // Invalid members do not count toward 64; skipped and dropped are counted apart.
    bg_skip(bg_fields(bg_text::n0_32.view(), "x", bg_text::n32_32.view()),
            E::baggage_missing_equals, 1, bg_text::n64.view()),
    bg_mixed(bg_fields(bg_text::n65_then_bad.view()), E::baggage_too_many_members, 1, 1,
             bg_text::n64.view()),
    bg_mixed(bg_fields(bg_text::bad_then_n65.view()), E::baggage_missing_equals, 1, 1,
             bg_text::n64.view()),

    // --- limits: 8192 bytes, in the canonical form, across all fields ---------------------------
    bg_ok(bg_fields(bg_text::exactly8192.view()), bg_text::exactly8192.view()),
    bg_ok(bg_fields(bg_text::exactly8192_ows.view()), bg_text::exactly8192.view()),
    bg_drop(bg_fields(bg_text::exactly8193.view()), E::baggage_too_large, 1, ""),
    bg_drop(bg_fields(bg_text::a4000.view(), bg_text::b4000.view(), bg_text::c500.view(), "d=1"),
            E::baggage_too_large, 1, bg_text::a4000_b4000_d.view()),
    bg_ok(bg_fields(bg_text::a4096_b4095.view()), bg_text::a4096_b4095.view()),
    bg_drop(bg_fields(bg_text::a4096_b4095_c.view()), E::baggage_too_large, 1,
            bg_text::a4096_b4095.view()),
    bg_drop(bg_fields(bg_text::n64x128_s.view()), E::baggage_too_large, 1,
            bg_text::n63x128_s.view()),
    bg_drop(bg_fields(bg_text::n64x128_s_t.view()), E::baggage_too_large, 2,
            bg_text::n63x128_s.view()),
    // ANCHORS: a baggage over 8192 bytes keeps the members that fit.
    bg_drop(bg_fields(bg_text::small_big_small.view()), E::baggage_too_large, 1, "a=1,b=2"),
    bg_ok(bg_fields(bg_text::a_escaped_b5000.view()), bg_text::a_plain_b5000.view()),
    bg_drop(bg_fields(bg_text::ff1000.view()), E::baggage_too_large, 1, ""),
    bg_drop(bg_fields(bg_text::ff1000_then_small.view()), E::baggage_too_large, 1, "b=1"),
    bg_drop(bg_fields(bg_text::a8186_prop.view()), E::baggage_too_large, 1, ""),
    bg_ok(bg_fields(bg_text::a8185_prop.view()), bg_text::a8185_prop.view()),
    // A member over 4096 bytes is fine under the W3C limits.
    bg_ok(bg_fields(bg_text::m5000.view()), bg_text::m5000.view()),

    // --- limits: property capacity ---------------------------------------------------------------
    bg_ok(bg_fields(bg_text::props64.view()), bg_text::props64.view()),
    bg_drop(bg_fields(bg_text::props65.view(), "b=1"), E::baggage_too_many_properties, 1, "b=1"),
    bg_drop(bg_fields(bg_text::props60.view(), "b=1;x;y;z;w;v", "c=1;x;y;z;w"),
            E::baggage_too_many_properties, 1, bg_text::props60_c4.view()),

    // --- small capacity: 4 members, 64 bytes, 3 properties --------------------------------------
    bg_ok(bg_fields("a=1,b=2,c=3,d=4"), "a=1,b=2,c=3,d=4", SMALL),
    bg_drop(bg_fields("a=1,b=2,c=3,d=4,e=5"), E::baggage_too_many_members, 1, "a=1,b=2,c=3,d=4",
            SMALL),
    bg_drop(bg_fields("a=1;p;q,b=2;r;s,c=3;t"), E::baggage_too_many_properties, 1, "a=1;p;q,c=3;t",
            SMALL),
    bg_ok(bg_fields(bg_text::small64.view()), bg_text::small64.view(), SMALL),
    bg_drop(bg_fields(bg_text::small65.view(), "b=1"), E::baggage_too_large, 1, "b=1", SMALL),
    bg_drop(bg_fields(bg_text::small64_then_b.view()), E::baggage_too_large, 1,
            bg_text::small64.view(), SMALL),
    bg_mixed(bg_fields("a=1,x,b=2,c=3,d=4,e=5,f"), E::baggage_missing_equals, 2, 1,
             "a=1,b=2,c=3,d=4", SMALL),

    // --- legacy limits: 180 members, 4096 bytes per member, 8192 in total ----------------
    bg_ok(bg_fields(bg_text::n180.view()), bg_text::n180.view(), LEGACY),
    bg_drop(bg_fields(bg_text::n181.view()), E::baggage_too_many_members, 1, bg_text::n180.view(),
            LEGACY),
    bg_drop(bg_fields(bg_text::n200.view()), E::baggage_too_many_members, 20, bg_text::n180.view(),
            LEGACY),
    bg_ok(bg_fields(bg_text::m4096.view()), bg_text::m4096.view(), LEGACY),
    bg_drop(bg_fields(bg_text::m4097.view()), E::baggage_member_too_large, 1, "", LEGACY),
    bg_drop(bg_fields(bg_text::m4097_then_b.view()), E::baggage_member_too_large, 1, "b=1", LEGACY),
    bg_drop(bg_fields(bg_text::two4096.view()), E::baggage_too_large, 1, bg_text::m4096.view(),
            LEGACY),
    bg_drop(bg_fields(bg_text::ff455.view()), E::baggage_member_too_large, 1, "", LEGACY),
    bg_ok(bg_fields(bg_text::ff454.view()), bg_text::ff454_canonical.view(), LEGACY),
    bg_ok(bg_fields("userId=Am%C3%A9lie;p=1"), "userId=Am%C3%A9lie;p=1", LEGACY),

    // --- where the run-time path changes its step (16-character blocks, the end of the field,
    // the end of the storage) ------------------------------------------------------------------
    bg_ok(bg_fields("abcdefghijklmno=1"), "abcdefghijklmno=1"),
    bg_ok(bg_fields("abcdefghijklmnop=1"), "abcdefghijklmnop=1"),
    bg_ok(bg_fields("abcdefghijklmnopq=1,b=2"), "abcdefghijklmnopq=1,b=2"),
    bg_ok(bg_fields("a=1,abcdefghijkl=1"), "a=1,abcdefghijkl=1"),
    bg_get(bg_fields("k=0123456789abc%20xyz"), "k=0123456789abc%20xyz", "k", "0123456789abc xyz"),
    bg_get(bg_fields("k=0123456789abcd%20xyz"), "k=0123456789abcd%20xyz", "k",
           "0123456789abcd xyz"),
    bg_get(bg_fields("k=0123456789abcdefghijklmn%41"), "k=0123456789abcdefghijklmnA", "k",
           "0123456789abcdefghijklmnA"),
    bg_skip(bg_fields("k=v%"), E::baggage_bad_percent_escape, 1, ""),
    bg_skip(bg_fields("k=v%2"), E::baggage_bad_percent_escape, 1, ""),
    bg_skip(bg_fields("k=v%2,ok=1"), E::baggage_bad_percent_escape, 1, "ok=1"),
    bg_skip(bg_fields("k=%C3%2,ok=1"), E::baggage_bad_percent_escape, 1, "ok=1"),
    bg_get(bg_fields("k=v%C3"), "k=v%EF%BF%BD", "k", "v\xEF\xBF\xBD"),
    bg_get(bg_fields("k=%C3%C3%A9"), "k=%EF%BF%BD%C3%A9", "k", "\xEF\xBF\xBD\xC3\xA9"),
    bg_get(bg_fields("k=%E0%80x"), "k=%EF%BF%BD%EF%BF%BDx", "k", "\xEF\xBF\xBD\xEF\xBF\xBDx"),
    bg_get(bg_fields("k=%20%C3%A9%41"), "k=%20%C3%A9A", "k",
           " \xC3\xA9"
           "A"),
    bg_get(bg_fields("k=%F0%9F%98%80;p=%f0%9f%98%80"), "k=%F0%9F%98%80;p=%F0%9F%98%80", "k",
           "\xF0\x9F\x98\x80"),
    bg_ok(bg_fields("k=a%20b;p;q=%C3%A9"), "k=a%20b;p;q=%C3%A9"),
    bg_ok(bg_fields("k=v;p;q=r"), "k=v;p;q=r"),
    bg_ok(bg_fields("k=v;p=;q"), "k=v;p=;q"),
    bg_ok(bg_fields("k=v;abcdefghijklmnop=1;abcdefghijklmno"),
          "k=v;abcdefghijklmnop=1;abcdefghijklmno"),
    bg_get(bg_fields("a%20=1"), "a%20=1", "a%20", "1"),
    bg_ok(bg_fields("k= v ;p = x"), "k=v;p=x"),
    bg_ok(bg_fields("k=v\t;\tp"), "k=v;p"),
    bg_ok(bg_fields(bg_text::long_then_escapes.view()), bg_text::long_then_escapes.view()),
    bg_skip(bg_fields(bg_text::long_then_bad_escape.view()), E::baggage_bad_percent_escape, 1,
            bg_text::a600.view()),
    bg_ok(bg_fields(bg_text::long_then_cut_utf8.view()),
          bg_text::long_then_cut_utf8_canonical.view()),
    bg_ok(bg_fields(bg_text::small_fill.view()), bg_text::small_fill.view(), SMALL),
    bg_ok(bg_fields(bg_text::small_fill_escaped.view()), bg_text::small_fill_escaped.view(), SMALL),
    bg_drop(bg_fields(bg_text::small_over.view()), E::baggage_too_large, 1,
            bg_text::small_a40.view(), SMALL),
    bg_drop(bg_fields(bg_text::small_over_escaped.view()), E::baggage_too_large, 1,
            bg_text::small_a40.view(), SMALL),
};

inline constexpr std::size_t baggage_case_count = sizeof(baggage_cases) / sizeof(baggage_cases[0]);

// --- set / erase cases -----------------------------------------------------------------------

enum class bg_op : std::uint8_t { set, erase };

/// Up to 3 properties for set().
struct bg_prop_list {
  static constexpr std::size_t capacity = 3;
  tracewire::baggage_property items[capacity]{};
  std::size_t count = 0;
};

constexpr tracewire::baggage_property prop(std::string_view key) noexcept {
  return tracewire::baggage_property{key, {}, false};
}
constexpr tracewire::baggage_property prop(std::string_view key, std::string_view value) noexcept {
  return tracewire::baggage_property{key, value, true};
}
template <class... P>
constexpr bg_prop_list props(P... p) noexcept {
  static_assert(sizeof...(P) <= bg_prop_list::capacity, "raise bg_prop_list::capacity");
  return bg_prop_list{{p...}, sizeof...(P)};
}

struct baggage_edit_case {
  std::string_view initial;  // canonical text; must parse cleanly (and be as long as it formats)
  bg_capacity capacity;
  bg_op op;
  std::string_view key;
  std::string_view value;      // set only
  bg_prop_list properties;     // set only
  tracewire::errc error;       // set: the expected result
  std::size_t erased;          // erase: the expected count
  std::string_view formatted;  // the canonical text afterwards (the initial one if refused)
};

constexpr baggage_edit_case bg_set(std::string_view initial, std::string_view key,
                                   std::string_view value, std::string_view formatted,
                                   bg_prop_list p = {},
                                   bg_capacity cap = bg_capacity::spec) noexcept {
  return {initial, cap, bg_op::set, key, value, p, E::ok, 0, formatted};
}
/// A set() that must be refused with `e`, leaving the baggage unchanged.
constexpr baggage_edit_case bg_set_refused(std::string_view initial, std::string_view key,
                                           std::string_view value, tracewire::errc e,
                                           bg_prop_list p = {},
                                           bg_capacity cap = bg_capacity::spec) noexcept {
  return {initial, cap, bg_op::set, key, value, p, e, 0, initial};
}
constexpr baggage_edit_case bg_erase(std::string_view initial, std::string_view key,
                                     std::size_t erased, std::string_view formatted,
                                     bg_capacity cap = bg_capacity::spec) noexcept {
  return {initial, cap, bg_op::erase, key, {}, {}, E::ok, erased, formatted};
}

inline constexpr baggage_edit_case baggage_edit_cases[] = {
    // --- set: appended at the end, replacing every member with that key ----------------------
    bg_set("", "k", "v", "k=v"),
    bg_set("a=1", "b", "2", "a=1,b=2"),
    bg_set("a=1,b=2,a=3,c=4", "a", "9", "b=2,c=4,a=9"),
    bg_set("a=1,b=2", "a", "1", "b=2,a=1"),  // same value: still moves to the end
    bg_set("a=1;p=x,b=2;q,c=3;r=y", "b", "9", "a=1;p=x,c=3;r=y,b=9"),
    bg_set("a=1;p=x,b=2;q,c=3;r=y", "a", "9", "b=2;q,c=3;r=y,a=9"),
    bg_set("Key=1", "key", "2", "Key=1,key=2"),  // keys are case-sensitive
    // W3C Baggage "Examples of HTTP headers", written by set(): userId "alice", serverNode
    // "DF 28", isProduction false; and the value example Amelie -> Am%C3%A9lie.
    bg_set("userId=alice,serverNode=DF%2028", "isProduction", "false",
           "userId=alice,serverNode=DF%2028,isProduction=false"),
    bg_set("", "serverNode", "DF 28", "serverNode=DF%2028"),
    bg_set("", "userId", "Am\xC3\xA9lie", "userId=Am%C3%A9lie"),
    // Exactly the bytes outside baggage-octet, and '%', are encoded (uppercase hex).
    bg_set("", "k", "1+2", "k=1+2"),  // ANCHORS: never `+` for a space, never `%2B` for a plus
    bg_set("", "k", "x y", "k=x%20y"),
    bg_set("", "k", "100%", "k=100%25"),
    bg_set("", "k", "a,b;c", "k=a%2Cb%3Bc"),
    bg_set("", "k", "\"\\", "k=%22%5C"),
    bg_set("", "k", "a=b=", "k=a=b="),
    bg_set("", "k", "", "k="),
    bg_set("", "k", "\t\n\x7F", "k=%09%0A%7F"),
    bg_set("", "k", std::string_view("\0", 1), "k=%00"),
    bg_set("", "k", bg_text::plain.view(), bg_text::all_octets_member.view()),
    bg_set("", "k", "\xE2\x82\xAC\xF0\x9F\x98\x80", "k=%E2%82%AC%F0%9F%98%80"),
    bg_set("", "k", "\xEF\xBF\xBD", "k=%EF%BF%BD"),  // U+FFFD itself is valid UTF-8
    // Keys are written as given: any token, '%' included, never encoded.
    bg_set("", bg_text::all_tchars.view(), "1", bg_text::all_tchars_member.view()),
    bg_set("", "a%20b", "1", "a%20b=1"),
    // Properties, in order; property values encoded like values.
    bg_set("", "k", "v", "k=v;p;q=x%20y", props(prop("p"), prop("q", "x y"))),
    bg_set("", "k", "v", "k=v;q=", props(prop("q", ""))),
    bg_set("", "k", "v", "k=v;p=Am%C3%A9lie;p=1+2",
           props(prop("p", "Am\xC3\xA9lie"), prop("p", "1+2"))),
    bg_set("a=1;x,b=2", "a", "3", "b=2,a=3;y=%3B", props(prop("y", ";"))),
    // A property without a value: whatever is in .value is ignored.
    bg_set("", "k", "v", "k=v;p", props(tracewire::baggage_property{"p", "\xFF", false})),

    // --- set refused: nothing changes -----------------------------------------------------------
    bg_set_refused("a=1,b=2", "", "1", E::baggage_key_empty),
    bg_set_refused("a=1,b=2", "a b", "1", E::baggage_key_invalid_char),
    bg_set_refused("a=1,b=2", "a=b", "1", E::baggage_key_invalid_char),
    bg_set_refused("a=1,b=2", "a,b", "1", E::baggage_key_invalid_char),
    bg_set_refused("a=1,b=2", "a;b", "1", E::baggage_key_invalid_char),
    bg_set_refused("a=1,b=2", "a\"", "1", E::baggage_key_invalid_char),
    bg_set_refused("a=1,b=2", "a@b", "1", E::baggage_key_invalid_char),
    bg_set_refused("a=1,b=2", " a", "1", E::baggage_key_invalid_char),
    bg_set_refused("a=1,b=2", "\xC3\xA9", "1", E::baggage_key_invalid_char),
    bg_set_refused("a=1,b=2", "a", "\xFF", E::baggage_value_invalid_utf8),
    bg_set_refused("a=1,b=2", "a", "x\xC3", E::baggage_value_invalid_utf8),
    bg_set_refused("a=1,b=2", "c", "\xC0\x80", E::baggage_value_invalid_utf8),
    bg_set_refused("a=1,b=2", "c", "\xED\xA0\x80", E::baggage_value_invalid_utf8),
    bg_set_refused("a=1,b=2", "c", "\xF4\x90\x80\x80", E::baggage_value_invalid_utf8),
    bg_set_refused("a=1,b=2", "c", "\x80", E::baggage_value_invalid_utf8),
    bg_set_refused("a=1,b=2", "c", "1", E::baggage_key_empty, props(prop(""))),
    bg_set_refused("a=1,b=2", "c", "1", E::baggage_key_invalid_char, props(prop("p q"))),
    bg_set_refused("a=1,b=2", "c", "1", E::baggage_key_invalid_char,
                   props(prop("p", "1"), prop("p=", "1"))),
    bg_set_refused("a=1,b=2", "c", "1", E::baggage_value_invalid_utf8,
                   props(prop("p", "\xE2\x82"))),
    // Too large (canonical form, commas included): refused, even when the key exists.
    bg_set_refused(bg_text::exactly8192.view(), "b", "1", E::baggage_too_large),
    bg_set_refused("", "k", bg_text::v8191.view(), E::baggage_too_large),
    bg_set_refused("", "k", bg_text::e1366.view(), E::baggage_too_large),
    bg_set_refused(bg_text::a4000.view(), "b", bg_text::v4190.view(), E::baggage_too_large),
    bg_set_refused("a=1", "a", bg_text::v8191.view(), E::baggage_too_large),
    bg_set("", "k", bg_text::v8190.view(), bg_text::k8192.view()),
    bg_set("", "k", bg_text::e1365.view(), bg_text::k_e1365.view()),
    bg_set(bg_text::a4000.view(), "b", bg_text::v4189.view(), bg_text::a4000_b4189.view()),
    // Replacing a member frees its bytes first.
    bg_set(bg_text::exactly8192.view(), "a", bg_text::w8190.view(), bg_text::a8192w.view()),
    bg_set(bg_text::exactly8192.view(), "a", "1", "a=1"),
    // Too many members: a new key is refused on a full baggage; an existing one is replaced.
    bg_set_refused(bg_text::n64.view(), "new", "1", E::baggage_too_many_members),
    bg_set(bg_text::n64.view(), "k000", "x", bg_text::n64_moved.view()),
    bg_set(bg_text::n63.view(), "k063", "v", bg_text::n64.view()),
    // Legacy limits: 4096 bytes per member.
    bg_set("", "k", bg_text::v4094.view(), bg_text::k4096.view(), {}, LEGACY),
    bg_set_refused("", "k", bg_text::v4095.view(), E::baggage_member_too_large, {}, LEGACY),
    bg_set_refused(bg_text::n180.view(), "new", "1", E::baggage_too_many_members, {}, LEGACY),
    bg_set(bg_text::n180.view(), "k000", "x", bg_text::n180_moved.view(), {}, LEGACY),
    // Small capacity: 4 members, 64 bytes, 3 properties.
    bg_set_refused("a=1,b=2,c=3,d=4", "e", "5", E::baggage_too_many_members, {}, SMALL),
    bg_set("a=1,b=2,c=3,d=4", "b", "5", "a=1,c=3,d=4,b=5", {}, SMALL),
    bg_set_refused("a=1;p;q", "b", "2", E::baggage_too_many_properties, props(prop("r"), prop("s")),
                   SMALL),
    bg_set("a=1;p;q", "b", "2", "a=1;p;q,b=2;r", props(prop("r")), SMALL),
    bg_set("a=1;p;q", "a", "2", "a=2;r;s;t", props(prop("r"), prop("s"), prop("t")), SMALL),
    bg_set_refused("", "k", bg_text::v63.view(), E::baggage_too_large, {}, SMALL),
    bg_set("", "k", bg_text::v62.view(), bg_text::k64.view(), {}, SMALL),
    bg_set_refused("a=1", "b", bg_text::v59.view(), E::baggage_too_large, {}, SMALL),
    bg_set("a=1", "b", bg_text::v58.view(), bg_text::a1_b64.view(), {}, SMALL),

    // --- erase: every member with the key; returns how many ------------------------------
    bg_erase("a=1,b=2,a=3", "a", 2, "b=2"),
    bg_erase("a=1,b=2,a=3", "b", 1, "a=1,a=3"),
    bg_erase("a=1,b=2,a=3", "c", 0, "a=1,b=2,a=3"),
    bg_erase("a=1,b=2,a=3", "", 0, "a=1,b=2,a=3"),
    bg_erase("a=1,b=2,a=3", "A", 0, "a=1,b=2,a=3"),
    bg_erase("a=1,b=2,a=3", "a=1", 0, "a=1,b=2,a=3"),
    bg_erase("a=1", "a", 1, ""),
    bg_erase("", "a", 0, ""),
    bg_erase("a=1;p=x,b=2;q;r=y,c=3;s", "b", 1, "a=1;p=x,c=3;s"),
    bg_erase("a=1;p=x,b=2;q;r=y,c=3;s", "a", 1, "b=2;q;r=y,c=3;s"),
    bg_erase("a=1;p=x,b=2;q;r=y,c=3;s", "c", 1, "a=1;p=x,b=2;q;r=y"),
    bg_erase("a=%C3%A9;p=%20,b=%20;q=%C3%A9", "a", 1, "b=%20;q=%C3%A9"),
    bg_erase("a%20b=1,a=2", "a b", 0, "a%20b=1,a=2"),  // keys are not decoded for erase either
    bg_erase("a%20b=1,a=2", "a%20b", 1, "a=2"),
    bg_erase(bg_text::n64.view(), "k000", 1, bg_text::n64_without_k000.view()),
};

inline constexpr std::size_t baggage_edit_case_count =
    sizeof(baggage_edit_cases) / sizeof(baggage_edit_cases[0]);

// --- reference codecs, written from the specs, independent of the library ------------------------

/// True for a baggage-octet other than '%' (W3C Baggage "Definition": %x21 / %x23-2B / %x2D-3A /
/// %x3C-5B / %x5D-7E): the bytes sent as they are.
constexpr bool is_plain_octet(unsigned char c) noexcept {
  return c == 0x21 || (c >= 0x23 && c <= 0x2B && c != '%') || (c >= 0x2D && c <= 0x3A) ||
         (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

/// RFC 7230 3.2.6 tchar.
constexpr bool is_tchar(unsigned char c) noexcept {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  for (const char s : std::string_view("!#$%&'*+-.^_`|~")) {
    if (c == static_cast<unsigned char>(s)) return true;
  }
  return false;
}

/// Unicode 3.9, Table 3-7 (well-formed UTF-8) and "U+FFFD Substitution of Maximal Subparts": the
/// bytes of `in` with every maximal subpart of an ill-formed sequence replaced by U+FFFD (EF BF
/// BD). Writes at most 3 * in.size() bytes to out; returns the count.
constexpr std::size_t reference_utf8_replace(std::string_view in, char* out) noexcept {
  std::size_t o = 0;
  std::size_t i = 0;
  while (i < in.size()) {
    const auto b0 = static_cast<unsigned char>(in[i]);
    std::size_t len = 0;            // 0: not a lead byte of any well-formed sequence
    unsigned lo = 0x80, hi = 0xBF;  // the range of the second byte (Table 3-7)
    if (b0 <= 0x7F) {
      len = 1;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
    } else if (b0 == 0xE0) {
      len = 3;
      lo = 0xA0;
    } else if (b0 == 0xED) {
      len = 3;
      hi = 0x9F;
    } else if (b0 >= 0xE1 && b0 <= 0xEF) {
      len = 3;
    } else if (b0 == 0xF0) {
      len = 4;
      lo = 0x90;
    } else if (b0 == 0xF4) {
      len = 4;
      hi = 0x8F;
    } else if (b0 >= 0xF1 && b0 <= 0xF3) {
      len = 4;
    }
    std::size_t k = 1;  // length of the well-formed prefix starting at i
    while (len != 0 && k < len && i + k < in.size()) {
      const auto b = static_cast<unsigned char>(in[i + k]);
      if (b < (k == 1 ? lo : 0x80u) || b > (k == 1 ? hi : 0xBFu)) break;
      ++k;
    }
    if (len != 0 && k == len) {
      for (std::size_t j = 0; j < len; ++j) out[o++] = in[i + j];
      i += len;
    } else {
      out[o++] = '\xEF';
      out[o++] = '\xBF';
      out[o++] = '\xBD';
      i += k;  // the maximal subpart (at least one byte)
    }
  }
  return o;
}

// --- an independent decoder for the expected canonical text -----------------------------------

/// 0-15 for a hex digit of either case, -1 otherwise.
constexpr int hex_either_nibble(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// True when percent-decoding `encoded` gives exactly the bytes of `decoded`.
constexpr bool decodes_to(std::string_view encoded, std::string_view decoded) noexcept {
  std::size_t j = 0;
  for (std::size_t i = 0; i < encoded.size(); ++i, ++j) {
    char c = encoded[i];
    if (c == '%') {
      if (i + 2 >= encoded.size()) return false;
      const int hi = hex_either_nibble(encoded[i + 1]);
      const int lo = hex_either_nibble(encoded[i + 2]);
      if (hi < 0 || lo < 0) return false;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (j >= decoded.size() || decoded[j] != c) return false;
  }
  return j == decoded.size();
}

/// The part of `s` from `pos` up to the next `sep` (or the end).
constexpr std::string_view part_until(std::string_view s, std::size_t pos, char sep) noexcept {
  const std::size_t end = s.find(sep, pos);
  return s.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
}

/// Compares one member of a baggage with one member of the canonical text.
template <class Member>
constexpr bg_mismatch compare_member(const Member& m, std::string_view text) noexcept {
  const std::string_view head = part_until(text, 0, ';');
  const std::size_t eq = head.find('=');
  if (eq == std::string_view::npos) return bg_mismatch::bad_table_entry;
  if (m.key() != head.substr(0, eq)) return bg_mismatch::member_key;
  if (!decodes_to(head.substr(eq + 1), m.value())) return bg_mismatch::member_value;
  std::size_t k = 0;
  for (std::size_t pos = head.size(); pos < text.size();) {
    const std::string_view p = part_until(text, pos + 1, ';');
    if (k >= m.property_count()) return bg_mismatch::property_count;
    const tracewire::baggage_property got = m.property(k);
    const std::size_t peq = p.find('=');
    if (got.key != p.substr(0, peq)) return bg_mismatch::property_key;
    if (got.has_value != (peq != std::string_view::npos)) return bg_mismatch::property_value;
    if (got.has_value ? !decodes_to(p.substr(peq + 1), got.value) : !got.value.empty()) {
      return bg_mismatch::property_value;
    }
    ++k;
    pos += 1 + p.size();
  }
  if (k != m.property_count()) return bg_mismatch::property_count;
  return bg_mismatch::none;
}

/// Two members hold the same key, value and properties.
template <class M1, class M2>
constexpr bool same_member(const M1& a, const M2& b) noexcept {
  if (a.key() != b.key() || a.value() != b.value() || a.property_count() != b.property_count()) {
    return false;
  }
  for (std::size_t j = 0; j < a.property_count(); ++j) {
    const tracewire::baggage_property x = a.property(j), y = b.property(j);
    if (x.key != y.key || x.has_value != y.has_value || x.value != y.value) return false;
  }
  return true;
}

template <class B1, class B2>
constexpr bool same_members(const B1& a, const B2& b) noexcept {
  if (a.size() != b.size() || a.property_count() != b.property_count()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same_member(a[i], b[i])) return false;
  }
  return a.formatted_size() == b.formatted_size();
}

// --- checkers --------------------------------------------------------------------------------

/// `b` holds exactly the members of the canonical text `formatted`, in order, and every reader
/// agrees: formatted_size, format (exact buffer and one short), size, empty, iteration,
/// operator[], every property, property_count, find / get / contains (the last occurrence wins),
/// an absent key, and a re-parse of what format() wrote. The run-time run is `thorough`; the
/// compile-time run (thorough = false) checks the lookups of the first and last 8 members only
/// and re-parses texts of up to 2048 characters only, which keeps the 8 KiB cases well inside the
/// compilers' default constexpr step budgets.
template <class B>
constexpr bg_mismatch check_members(const B& b, std::string_view formatted,
                                    bool thorough) noexcept {
  if (formatted.size() > B::max_bytes) return bg_mismatch::bad_table_entry;
  if (b.formatted_size() != formatted.size()) return bg_mismatch::formatted_size;
  char out[B::max_bytes + 1]{};
  out[formatted.size()] = '#';
  const tracewire::result<std::size_t> n = b.format(out, formatted.size());
  if (!n) return bg_mismatch::format_error;
  if (*n != formatted.size() || out[formatted.size()] != '#') return bg_mismatch::format_size;
  if (std::string_view(out, *n) != formatted) return bg_mismatch::format_text;
  if (!formatted.empty() &&
      b.format(out, formatted.size() - 1).error() != tracewire::errc::buffer_too_small) {
    return bg_mismatch::small_buffer;
  }

  std::size_t count = 0;
  if (!formatted.empty()) {
    count = 1;
    for (const char c : formatted) count += c == ',' ? 1u : 0u;
  }
  if (b.size() != count || b.empty() != (count == 0)) return bg_mismatch::member_count;

  std::size_t pos = 0;
  std::size_t i = 0;
  std::size_t props = 0;
  for (auto it = b.begin(); it != b.end(); ++it, ++i) {
    if (i >= count) return bg_mismatch::member_count;
    const std::string_view text = part_until(formatted, pos, ',');
    const auto m = *it;
    if (const bg_mismatch r = compare_member(m, text); r != bg_mismatch::none) return r;
    if (!same_member(m, b[i])) return bg_mismatch::iteration;
    props += m.property_count();
    pos += text.size() + 1;
  }
  if (i != count) return bg_mismatch::iteration;
  if (b.property_count() != props) return bg_mismatch::total_properties;

  for (std::size_t k = 0; k < count; ++k) {
    if (!thorough && k >= 8 && k + 8 < count) continue;
    const std::string_view key = b[k].key();
    std::size_t last = count - 1;
    while (b[last].key() != key) --last;  // terminates at k at the latest
    if (b.find(key) != last || !b.contains(key) || b.get(key) != b[last].value()) {
      return bg_mismatch::lookup;
    }
  }
  // Not a token, so never a key.
  if (b.find("no such key") != B::npos || b.contains("no such key") ||
      !b.get("no such key").empty()) {
    return bg_mismatch::absent;
  }

  if (!thorough && formatted.size() > 2048) return bg_mismatch::none;
  B again;
  const tracewire::baggage_status st = again.assign(formatted);
  if (!st || st.skipped != 0 || st.dropped != 0 || !same_members(again, b)) {
    return bg_mismatch::reparse;
  }
  return bg_mismatch::none;
}

template <class B>
constexpr bg_mismatch check_baggage_case_as(const baggage_case& c, bool thorough) noexcept {
  B b;
  // assign() replaces whatever was there before.
  if (b.set("stale", "1") != tracewire::errc::ok) return bg_mismatch::setup;
  const tracewire::baggage_status st = b.assign(c.fields.begin(), c.fields.end());
  if (st.error != c.error || static_cast<bool>(st) != (c.error == tracewire::errc::ok)) {
    return bg_mismatch::error;
  }
  if (st.skipped != c.skipped) return bg_mismatch::skipped;
  if (st.dropped != c.dropped) return bg_mismatch::dropped;
  if (const bg_mismatch m = check_members(b, c.formatted, thorough); m != bg_mismatch::none) {
    return m;
  }
  if (!c.lookup_key.empty() &&
      (!b.contains(c.lookup_key) || b.get(c.lookup_key) != c.lookup_value)) {
    return bg_mismatch::expected_lookup;
  }
  if (c.fields.count == 1 && (thorough || c.fields.values[0].size() <= 2048)) {
    B one;
    const tracewire::baggage_status st1 = one.assign(c.fields.values[0]);
    if (st1.error != st.error || st1.skipped != st.skipped || st1.dropped != st.dropped ||
        !same_members(one, b)) {
      return bg_mismatch::single_field;
    }
  }
  return bg_mismatch::none;
}

template <class B>
constexpr bg_mismatch check_baggage_edit_as(const baggage_edit_case& c, bool thorough) noexcept {
  B b;
  // The assign cases check parsing; here the initial text only has to be taken whole (its
  // canonical size is a cheap proof; the full check_members below runs on the result).
  const tracewire::baggage_status init = b.assign(c.initial);
  if (!init || init.skipped != 0 || init.dropped != 0 || b.formatted_size() != c.initial.size()) {
    return bg_mismatch::setup;
  }
  if (c.op == bg_op::set) {
    const tracewire::errc e = b.set(c.key, c.value, c.properties.items, c.properties.count);
    if (e != c.error) return bg_mismatch::error;
    if (e == tracewire::errc::ok) {
      const auto last = b[b.size() - 1];
      if (last.key() != c.key || last.value() != c.value ||
          last.property_count() != c.properties.count) {
        return bg_mismatch::set_result;
      }
      for (std::size_t j = 0; j < c.properties.count; ++j) {
        const tracewire::baggage_property want = c.properties.items[j];
        const tracewire::baggage_property got = last.property(j);
        if (got.key != want.key || got.has_value != want.has_value ||
            got.value != (want.has_value ? want.value : std::string_view())) {
          return bg_mismatch::set_result;
        }
      }
      if (b.get(c.key) != c.value || b.find(c.key) != b.size() - 1) return bg_mismatch::set_result;
    }
  } else {
    if (b.erase(c.key) != c.erased) return bg_mismatch::erase_result;
    if (b.contains(c.key)) return bg_mismatch::erase_result;
  }
  return check_members(b, c.formatted, thorough);
}

template <template <class> class Check, class Case>
constexpr bg_mismatch dispatch_baggage(const Case& c, bool thorough) noexcept {
  switch (c.capacity) {
    case bg_capacity::spec:
      return Check<baggage_for<bg_capacity::spec>>::run(c, thorough);
    case bg_capacity::legacy:
      return Check<baggage_for<bg_capacity::legacy>>::run(c, thorough);
    case bg_capacity::small:
      return Check<baggage_for<bg_capacity::small>>::run(c, thorough);
  }
  return bg_mismatch::bad_table_entry;
}

template <class B>
struct bg_assign_check {
  static constexpr bg_mismatch run(const baggage_case& c, bool thorough) noexcept {
    return check_baggage_case_as<B>(c, thorough);
  }
};
template <class B>
struct bg_edit_check {
  static constexpr bg_mismatch run(const baggage_edit_case& c, bool thorough) noexcept {
    return check_baggage_edit_as<B>(c, thorough);
  }
};

constexpr bg_mismatch check_baggage_case(const baggage_case& c, bool thorough) noexcept {
  return dispatch_baggage<bg_assign_check>(c, thorough);
}
constexpr bg_mismatch check_baggage_edit_case(const baggage_edit_case& c, bool thorough) noexcept {
  return dispatch_baggage<bg_edit_check>(c, thorough);
}

struct baggage_checker {
  static constexpr std::size_t count = baggage_case_count;
  static constexpr bool check(std::size_t i) noexcept {
    if (check_baggage_case(baggage_cases[i], false) == bg_mismatch::none) return true;
    case_failed(i);
    return false;
  }
};

struct baggage_edit_checker {
  static constexpr std::size_t count = baggage_edit_case_count;
  static constexpr bool check(std::size_t i) noexcept {
    if (check_baggage_edit_case(baggage_edit_cases[i], false) == bg_mismatch::none) return true;
    case_failed(i);
    return false;
  }
};

}  // namespace tracewire_test

#endif  // TRACEWIRE_TESTS_CASES_BAGGAGE_CASES_HPP
