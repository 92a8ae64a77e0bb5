// SPDX-License-Identifier: Apache-2.0
//
// Compile-time run of tests/cases/baggage_cases.hpp (assign, set and erase cases), plus plain
// static_asserts on the rest of the constexpr baggage API: this translation unit compiles only if
// every case passes during constant evaluation. The run-time run of the same tables is
// tests/unit/test_baggage.cpp.
//
// Built with TRACEWIRE_BAGGAGE_WRONG_CASE=1 or 2 (tests/CMakeLists.txt), only a small probe table
// is compiled, holding one correct case and one subtly wrong one (a skipped count off by one, one
// byte of a decoded value); that build must fail naming case_failed, which proves the compile-time
// run of these tables can fail (STYLE 12).
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include "baggage_cases.hpp"

namespace tw = tracewire;
using tracewire_test::all_cases_ok;

#ifndef TRACEWIRE_BAGGAGE_WRONG_CASE

static_assert(all_cases_ok<tracewire_test::baggage_checker>(),
              "a baggage assign case failed at compile time; see case_ok<..., index>");
static_assert(all_cases_ok<tracewire_test::baggage_edit_checker>(),
              "a baggage set/erase case failed at compile time; see case_ok<..., index>");

// --- the rest of the API, evaluated by the compiler ----------------------------------------------
static_assert(tw::baggage::max_members == 64 && tw::baggage::max_bytes == 8192 &&
                  tw::baggage::max_properties == 64 &&
                  tw::baggage::limits == tw::baggage_limits::w3c &&
                  tw::baggage::max_member_bytes == 8192,
              "W3C Baggage limits: 64 members, 8192 bytes");
static_assert(tw::baggage_legacy::max_members == 180 && tw::baggage_legacy::max_bytes == 8192 &&
                  tw::baggage_legacy::max_member_bytes == 4096 &&
                  tw::baggage_legacy::limits == tw::baggage_limits::legacy,
              "the older limits: 180 members, 4096 bytes per member, 8192 in total");
static_assert(tw::baggage_max_members == 64 && tw::baggage_max_bytes == 8192 &&
                  tw::baggage_legacy_max_members == 180 &&
                  tw::baggage_legacy_max_member_bytes == 4096,
              "");
static_assert(std::is_nothrow_default_constructible_v<tw::baggage>, "no throwing constructors");
static_assert(std::is_trivially_copyable_v<tw::baggage>, "a baggage keeps its bytes inline");
static_assert(noexcept(std::declval<tw::baggage&>().assign(std::string_view())), "never throws");
static_assert(noexcept(std::declval<tw::baggage&>().set("k", "v")), "never throws");
static_assert(!std::is_convertible_v<tw::baggage_status, bool>, "operator bool is explicit");

namespace {

struct attribute_log {
  char keys[64]{};
  std::size_t used = 0;
  std::size_t value_bytes = 0;
};

// The allowlist is walked in its own order; each key present gives its last value; absent keys
// and keys not on the list are never handed out.
constexpr bool allowlist_at_compile_time() {
  tw::baggage b;
  if (!b.assign("user.tier=gold,session.id=s1,enduser.id=Am%C3%A9lie,user.tier=platinum")) {
    return false;
  }
  attribute_log log;
  const std::size_t n = b.for_each_allowed({"enduser.id", "absent", "user.tier"},
                                           [&log](std::string_view key, std::string_view value) {
                                             log.keys[log.used++] = key[0];
                                             log.value_bytes += value.size();
                                             if (key == "user.tier" && value != "platinum")
                                               log.value_bytes += 1000;
                                             if (key == "enduser.id" && value != "Am\xC3\xA9lie")
                                               log.value_bytes += 1000;
                                           });
  return n == 2 && log.used == 2 && log.keys[0] == 'e' && log.keys[1] == 'u' &&
         log.value_bytes == 7 + 8;
}
static_assert(allowlist_at_compile_time(), "for_each_allowed hands out only the allowed keys");

constexpr bool iterator_range_allowlist() {
  tw::baggage b;
  static_cast<void>(b.assign("a=1,b=2,c=3"));
  const std::string_view allow[] = {"c", "a", "z"};
  std::size_t sum = 0;
  const std::size_t n =
      b.for_each_allowed(allow, allow + 3, [&sum](std::string_view, std::string_view v) {
        sum = sum * 10 + static_cast<std::size_t>(v[0] - '0');
      });
  return n == 2 && sum == 31;
}
static_assert(iterator_range_allowlist(), "for_each_allowed over an iterator range");

// A copy is an independent value.
constexpr bool copies_are_values() {
  tw::baggage a;
  static_cast<void>(a.assign("k=1;p=x"));
  tw::baggage b = a;
  if (b.set("k", "2") != tw::errc::ok) return false;
  return a.get("k") == "1" && b.get("k") == "2" && a[0].property_count() == 1 &&
         b[0].property_count() == 0;
}
static_assert(copies_are_values(), "");

// The initializer_list overload of set().
constexpr bool set_with_initializer_list() {
  tw::baggage b;
  if (b.set("k", "v w",
            {tw::baggage_property{"p", "", false}, tw::baggage_property{"q", "%", true}}) !=
      tw::errc::ok) {
    return false;
  }
  char out[32]{};
  const tw::result<std::size_t> n = b.format(out, sizeof out);
  return n && std::string_view(out, *n) == "k=v%20w;p;q=%25" && b.formatted_size() == *n;
}
static_assert(set_with_initializer_list(), "");

}  // namespace

#else  // TRACEWIRE_BAGGAGE_WRONG_CASE: the must-fail probe

namespace probe {
using namespace tracewire_test;

inline constexpr baggage_case assign_table[] = {
    bg_skip(bg_fields("a=1,b,c=3"), E::baggage_missing_equals, 1, "a=1,c=3"),
#  if TRACEWIRE_BAGGAGE_WRONG_CASE == 1
    // Wrong: two members are skipped, not one.
    bg_skip(bg_fields("a=1,b,c=3,d"), E::baggage_missing_equals, 1, "a=1,c=3"),
#  endif
};

inline constexpr baggage_edit_case edit_table[] = {
    bg_set("", "userId", "Am\xC3\xA9lie", "userId=Am%C3%A9lie"),
#  if TRACEWIRE_BAGGAGE_WRONG_CASE == 2
    // Wrong: one byte of the encoded value differs.
    bg_set("", "userId", "Am\xC3\xA9lie", "userId=Am%C3%A8lie"),
#  endif
};

struct assign_probe {
  static constexpr std::size_t count = sizeof(assign_table) / sizeof(assign_table[0]);
  static constexpr bool check(std::size_t i) noexcept {
    if (check_baggage_case(assign_table[i], true) == bg_mismatch::none) return true;
    case_failed(i);
    return false;
  }
};
struct edit_probe {
  static constexpr std::size_t count = sizeof(edit_table) / sizeof(edit_table[0]);
  static constexpr bool check(std::size_t i) noexcept {
    if (check_baggage_edit_case(edit_table[i], true) == bg_mismatch::none) return true;
    case_failed(i);
    return false;
  }
};

static_assert(all_cases_ok<assign_probe>(), "baggage assign probe");
static_assert(all_cases_ok<edit_probe>(), "baggage set probe");
}  // namespace probe

#endif

int main() { return 0; }
