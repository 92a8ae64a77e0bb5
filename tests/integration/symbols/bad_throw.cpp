// SPDX-License-Identifier: Apache-2.0
//
// Negative control of the symbol check: a throwing bounds check.
// symbol_check_negative.throw passes only if check_symbols.cmake reports a forbidden reference in
// this object, which proves the checker catches this kind of code. Each kind is its own object so
// that catching one cannot hide missing another.
#include <array>
#include <cstddef>

namespace tw_bad {

__attribute__((noinline, used)) char checked_at(const std::array<char, 4>& a, std::size_t i) {
  return a.at(i);
}

}  // namespace tw_bad
