// SPDX-License-Identifier: Apache-2.0
//
// Run-time tests of error.hpp: every errc has its own one-line message, and result<T> behaves like
// std::expected<T, errc> without exceptions.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <set>
#include <string>

#include "tracewire/error.hpp"

namespace tw = tracewire;

TEST(errc, every_enumerator_has_its_own_message) {
  const int last = static_cast<int>(tw::errc::sampler_too_many_rules);
  std::set<std::string> seen;
  for (int i = 0; i <= last; ++i) {
    const char* msg = tw::to_string(static_cast<tw::errc>(i));
    ASSERT_NE(msg, nullptr) << i;
    const std::string s(msg);
    EXPECT_FALSE(s.empty()) << i;
    EXPECT_NE(s, "unknown error") << i;
    EXPECT_EQ(s.find('\n'), std::string::npos) << i;                 // one line
    for (const char c : s) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << i;  // pure ASCII
    EXPECT_TRUE(seen.insert(s).second) << "duplicate message for errc " << i << ": " << s;
  }
  EXPECT_STREQ(tw::to_string(tw::errc::ok), "ok");
  // A value past the last enumerator (a newer library's errc, or garbage) is still a message.
  EXPECT_STREQ(tw::to_string(static_cast<tw::errc>(last + 1)), "unknown error");
  EXPECT_STREQ(tw::to_string(static_cast<tw::errc>(255)), "unknown error");
  EXPECT_EQ(sizeof(tw::errc), 1u);
}

TEST(result, value_and_error) {
  tw::result<int> good(42);
  EXPECT_TRUE(good.has_value());
  EXPECT_TRUE(static_cast<bool>(good));
  EXPECT_EQ(good.error(), tw::errc::ok);
  EXPECT_EQ(good.value(), 42);
  EXPECT_EQ(*good, 42);
  EXPECT_EQ(good.value_or(7), 42);
  good.value() = 43;  // mutable access
  EXPECT_EQ(*good, 43);
  *good = 44;
  EXPECT_EQ(good.value(), 44);

  const tw::result<int> bad(tw::errc::invalid_hex);
  EXPECT_FALSE(bad.has_value());
  EXPECT_FALSE(static_cast<bool>(bad));
  EXPECT_EQ(bad.error(), tw::errc::invalid_hex);
  EXPECT_EQ(bad.value_or(7), 7);

  struct point {
    int x = 0;
    int y = 0;
  };
  tw::result<point> p(point{1, 2});
  EXPECT_EQ(p->x, 1);
  p->y = 5;
  EXPECT_EQ((*p).y, 5);
  const tw::result<point>& cp = p;
  EXPECT_EQ(cp->y, 5);
  EXPECT_EQ(cp.value().x, 1);
}

TEST(result, usable_in_constant_expressions) {
  constexpr tw::result<int> good(3);
  constexpr tw::result<int> bad(tw::errc::buffer_too_small);
  static_assert(good.has_value() && *good == 3 && good.value_or(9) == 3, "");
  static_assert(!bad && bad.error() == tw::errc::buffer_too_small && bad.value_or(9) == 9, "");
  EXPECT_TRUE(good);
  EXPECT_FALSE(bad);
}
