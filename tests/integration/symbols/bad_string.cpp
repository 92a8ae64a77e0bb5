// SPDX-License-Identifier: Apache-2.0
//
// Negative control of the symbol check: a std::string copy, which allocates (directly, or through
// the out-of-line members libstdc++ instantiates itself).
// symbol_check_negative.string passes only if check_symbols.cmake reports a forbidden reference in
// this object, which proves the checker catches this kind of code. Each kind is its own object so
// that catching one cannot hide missing another.
#include <string>
#include <string_view>

namespace tw_bad {

__attribute__((noinline, used)) std::string copy_to_string(std::string_view s) {
  return std::string(s);
}

}  // namespace tw_bad
