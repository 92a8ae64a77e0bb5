// SPDX-License-Identifier: Apache-2.0
//
// benchmarks/inputs.hpp: the reference input set, shared by the Google Benchmark binary
// (tracewire_bench) and the callgrind driver, so ns/op and instructions/op describe the same work.
// Every input is a std::string_view over a literal: no strlen or copy is ever part of a
// measurement.
#ifndef TRACEWIRE_BENCHMARKS_INPUTS_HPP
#define TRACEWIRE_BENCHMARKS_INPUTS_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tracewire_bench {

/// The example of W3C Trace Context 3.2.2: a version-00 header, sampled.
inline constexpr std::string_view traceparent_input =
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/// The two-vendor example of W3C Trace Context 3.3.1.
inline constexpr std::string_view tracestate_2_input = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";

/// A full list: 32 short vendor entries (the spec's maximum member count), 415 characters, so it
/// fits the default 512-character tracestate without truncation.
inline constexpr std::string_view tracestate_32_input =
    "k00=00f067aa,k01=9f27e15b,k02=3d5f5b0c,k03=db96d4bd,"
    "k04=79ce4e6e,k05=1805c81f,k06=b63d41d0,k07=5474bb81,"
    "k08=f2ac3532,k09=90e3aee3,k10=2f1b2894,k11=cd52a245,"
    "k12=6b8a1bf6,k13=09c195a7,k14=a7f90f58,k15=46308909,"
    "k16=e46802ba,k17=829f7c6b,k18=20d6f61c,k19=bf0e6fcd,"
    "k20=5d45e97e,k21=fb7d632f,k22=99b4dce0,k23=37ec5691,"
    "k24=d623d042,k25=745b49f3,k26=1292c3a4,k27=b0ca3d55,"
    "k28=4f01b706,k29=ed3930b7,k30=8b70aa68,k31=29a82419";

/// The member put() adds to the full list: a key the list does not hold, so every put evicts the
/// right-most member (W3C Trace Context 3.5).
inline constexpr std::string_view put_key = "rojo";
inline constexpr std::string_view put_value = "00f067aa0ba902b7";

/// A realistic W3C baggage header: 3 members, the second with one property (`;source=gateway`),
/// the third with one percent-encoded value (`%20`, a space: it decodes to `129.90 EUR`). 74
/// characters, already in the canonical form format() writes, so formatting it reproduces it.
inline constexpr std::string_view baggage_3_input =
    "enduser.id=u-8231,user.tier=premium;source=gateway,cart.value=129.90%20EUR";

/// get() looks this key up in the 3-member baggage: get() returns the last member with the key, so
/// it searches from the right and the first member is the longest of the three searches.
inline constexpr std::string_view baggage_get_key = "enduser.id";
inline constexpr std::string_view baggage_get_value = "u-8231";

/// set() writes this member into the 3-member baggage: it replaces
/// `user.tier=premium;source=gateway` (W3C Baggage allows duplicates, but set() replaces every
/// member with the key and appends the new one; from the second call on, the member it replaces is
/// the last one).
inline constexpr std::string_view baggage_set_key = "user.tier";
inline constexpr std::string_view baggage_set_value = "gold";
inline constexpr std::string_view baggage_set_property_key = "source";
inline constexpr std::string_view baggage_set_property_value = "gateway";
inline constexpr std::string_view baggage_after_set =
    "enduser.id=u-8231,cart.value=129.90%20EUR,user.tier=gold;source=gateway";

/// The largest baggage W3C Baggage ("Limits") requires every hop to propagate: 64 members of 127
/// characters each, 8191 characters with the commas, one short of the 8192-byte limit, so nothing
/// is dropped. Member i (00 to 63) is `app.attr_<i>=<value>`, in canonical form:
/// - every value is 64-ary pseudo-random text (A-Z a-z 0-9 - _, a fixed LCG) with a `%20` (space)
///   after each run of 15 characters;
/// - when i % 8 == 0 (8 members) the value starts with `caf%C3%A9%20` ("cafe" with an acute e, a
///   2-byte UTF-8 sequence, then a space);
/// - when i % 4 == 3 (16 members) the member ends with one property, `;origin=edge`.
/// Built at compile time by make_baggage_64(); the static_asserts below pin its shape.
inline constexpr std::size_t baggage_64_members = 64;
inline constexpr std::size_t baggage_64_member_chars = 127;
inline constexpr std::size_t baggage_64_chars =
    baggage_64_members * baggage_64_member_chars + (baggage_64_members - 1);

struct generated_header {
  char text[baggage_64_chars]{};
  std::size_t size = 0;
};

constexpr generated_header make_baggage_64() noexcept {
  constexpr std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  constexpr std::string_view property = ";origin=edge";
  constexpr std::string_view non_ascii = "caf%C3%A9%20";
  generated_header h;
  std::uint32_t rng = 0x2545F491u;
  std::size_t o = 0;
  const auto put = [&h, &o](std::string_view s) {
    for (const char c : s) h.text[o++] = c;
  };
  for (std::size_t i = 0; i < baggage_64_members; ++i) {
    if (i != 0) h.text[o++] = ',';
    const std::size_t member_end = o + baggage_64_member_chars;
    const std::size_t value_end = member_end - (i % 4 == 3 ? property.size() : 0);
    put("app.attr_");
    h.text[o++] = static_cast<char>('0' + i / 10);
    h.text[o++] = static_cast<char>('0' + i % 10);
    h.text[o++] = '=';
    if (i % 8 == 0) put(non_ascii);
    std::size_t run = 0;
    while (o < value_end) {
      // An escape only where a plain character still follows it: the value never ends in a space.
      if (run == 15 && value_end - o > 3) {
        put("%20");
        run = 0;
        continue;
      }
      rng = rng * 1664525u + 1013904223u;  // Numerical Recipes LCG; the top 6 bits pick a character
      h.text[o++] = alphabet[rng >> 26];
      ++run;
    }
    if (i % 4 == 3) put(property);
  }
  h.size = o;
  return h;
}

inline constexpr generated_header baggage_64_storage = make_baggage_64();
inline constexpr std::string_view baggage_64_input(baggage_64_storage.text,
                                                   baggage_64_storage.size);

constexpr std::size_t count_char(std::string_view s, char c) noexcept {
  std::size_t n = 0;
  for (const char x : s) n += x == c ? 1u : 0u;
  return n;
}

/// Every member of the 64-member header is exactly baggage_64_member_chars long.
constexpr bool members_all_sized(std::string_view s, std::size_t member_chars) noexcept {
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ',') {
      if (i - start != member_chars) return false;
      start = i + 1;
    }
  }
  return true;
}

static_assert(traceparent_input.size() == 55, "a version-00 traceparent is exactly 55 characters");
static_assert(count_char(tracestate_2_input, '=') == 2, "two members");
static_assert(count_char(tracestate_32_input, '=') == 32, "32 members: the spec's maximum");
static_assert(tracestate_32_input.size() < 512,
              "must fit the default tracestate capacity, or the benchmark measures truncation");
static_assert(baggage_3_input.size() == 74 && count_char(baggage_3_input, ',') == 2 &&
                  count_char(baggage_3_input, ';') == 1 && count_char(baggage_3_input, '%') == 1,
              "3 members, one property, one percent-encoded octet");
static_assert(baggage_after_set.size() == baggage_3_input.size() - 3,
              "premium -> gold, everything else moved");
static_assert(baggage_64_storage.size == baggage_64_chars && baggage_64_input.size() == 8191,
              "the generator must fill the header exactly");
static_assert(baggage_64_input.size() <= 8192,
              "must fit the W3C 8192-byte limit, or the benchmark measures dropped members");
static_assert(count_char(baggage_64_input, ',') == 63 && members_all_sized(baggage_64_input, 127),
              "64 members of 127 characters each");
static_assert(count_char(baggage_64_input, ';') == 16 &&
                  count_char(baggage_64_input, '=') == 64 + 16,
              "16 members with one `key=value` property each");
static_assert(baggage_64_input.substr(0, 24) == "app.attr_00=caf%C3%A9%20",
              "member 0 starts with the non-ASCII prefix");

}  // namespace tracewire_bench

#endif  // TRACEWIRE_BENCHMARKS_INPUTS_HPP
