// SPDX-License-Identifier: Apache-2.0
//
// Negative control of the symbol check: a printf.
// symbol_check_negative.print passes only if check_symbols.cmake reports a forbidden reference in
// this object, which proves the checker catches this kind of code. Each kind is its own object so
// that catching one cannot hide missing another.
#include <cstdio>

namespace tw_bad {

__attribute__((noinline, used)) void say(const char* what, int n) {
  std::printf("%s %d\n", what, n);
}

}  // namespace tw_bad
