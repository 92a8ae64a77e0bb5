// SPDX-License-Identifier: Apache-2.0
//
// Negative control of the symbol check: a new[] expression.
// symbol_check_negative.new passes only if check_symbols.cmake reports a forbidden reference in
// this object, which proves the checker catches this kind of code. Each kind is its own object so
// that catching one cannot hide missing another.
#include <cstddef>
#include <string_view>

namespace tw_bad {

__attribute__((noinline, used)) char* copy_to_heap(std::string_view s) {
  char* p = new char[s.size()];
  for (std::size_t i = 0; i < s.size(); ++i) p[i] = s[i];
  return p;
}

}  // namespace tw_bad
