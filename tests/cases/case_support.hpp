// SPDX-License-Identifier: Apache-2.0
//
// tests/cases/case_support.hpp: the small toolbox shared by the codec case tables.
//
// Every codec case is written once, in a constexpr table under tests/cases/, and checked twice:
// at compile time (tests/compile_time/, each case its own constant evaluation, so a wrong answer is
// a build error that names the case) and at run time (tests/unit/, with readable messages). The
// checkers return a `mismatch` naming what disagreed; at compile time a mismatch reaches
// case_failed(), which is deliberately not constexpr.
#ifndef TRACEWIRE_TESTS_CASES_CASE_SUPPORT_HPP
#define TRACEWIRE_TESTS_CASES_CASE_SUPPORT_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

namespace tracewire_test {

/// Reached only when case `index` of a table disagrees with the library. Not constexpr on
/// purpose: reaching it during constant evaluation makes the enclosing static_assert ill-formed.
inline void case_failed(std::size_t index) noexcept { static_cast<void>(index); }

/// What a checker found wrong (none = the case passed). The names are printed by the run-time
/// tests; keep mismatch_name() in step.
enum class mismatch : std::uint8_t {
  none,
  bad_table_entry,  // the case itself is malformed (e.g. expected hex of the wrong length)
  error,            // the errc differs from the expected one
  traceresponse,    // parse_traceresponse disagrees with parse_traceparent
  version,
  trace_id,
  parent_id,
  flags,
  format_error,  // the writer refused a value it must accept
  format_size,   // bytes written differ from the size query / the expected size
  format_text,   // the written text differs from the expected text
  reparse,       // parsing what was written does not give back the value
  dropped,       // tracestate: dropped count differs
  not_cleared,   // tracestate: an invalid list left members behind
  formatted,     // tracestate: view() differs from the expected text
  member_count,  // tracestate: size() differs from the members in the expected text
  member_text,   // tracestate: operator[] / iteration disagrees with the expected text
  lookup,        // tracestate: get / find / contains disagree with the members
  small_buffer,  // a writer accepted a buffer one byte too small
  static_parse,  // basic_tracestate::parse disagrees with assign
  erase_result,  // tracestate: erase() returned the wrong bool
  setup,         // tracestate put/erase case: the initial list did not parse as given
};

constexpr const char* mismatch_name(mismatch m) noexcept {
  switch (m) {
    case mismatch::none:
      return "none";
    case mismatch::bad_table_entry:
      return "bad table entry";
    case mismatch::error:
      return "errc";
    case mismatch::traceresponse:
      return "parse_traceresponse disagrees with parse_traceparent";
    case mismatch::version:
      return "version";
    case mismatch::trace_id:
      return "trace-id";
    case mismatch::parent_id:
      return "parent-id";
    case mismatch::flags:
      return "flags";
    case mismatch::format_error:
      return "format returned an error";
    case mismatch::format_size:
      return "format size";
    case mismatch::format_text:
      return "formatted text";
    case mismatch::reparse:
      return "re-parse of the formatted text";
    case mismatch::dropped:
      return "dropped count";
    case mismatch::not_cleared:
      return "invalid list not cleared";
    case mismatch::formatted:
      return "formatted list";
    case mismatch::member_count:
      return "member count";
    case mismatch::member_text:
      return "member key/value";
    case mismatch::lookup:
      return "get/find/contains";
    case mismatch::small_buffer:
      return "buffer one byte short accepted";
    case mismatch::static_parse:
      return "static parse()";
    case mismatch::erase_result:
      return "erase() result";
    case mismatch::setup:
      return "initial list did not parse";
  }
  return "?";
}

// --- hex, independent of the library's codec --------------------------------------------------

/// 0-15 for a lowercase hex digit, -1 otherwise.
constexpr int hex_nibble(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/// True when `hex` is exactly 2*n lowercase hex digits spelling bytes[0, n).
constexpr bool bytes_equal_hex(const std::uint8_t* bytes, std::size_t n,
                               std::string_view hex) noexcept {
  if (hex.size() != 2 * n) return false;
  for (std::size_t i = 0; i < n; ++i) {
    const int hi = hex_nibble(hex[2 * i]);
    const int lo = hex_nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0 || bytes[i] != static_cast<std::uint8_t>(hi * 16 + lo)) return false;
  }
  return true;
}

constexpr bool is_lower_hex(std::string_view s) noexcept {
  for (const char c : s) {
    if (hex_nibble(c) < 0) return false;
  }
  return true;
}

constexpr char hex_digit(unsigned v) noexcept { return "0123456789abcdef"[v & 0xFu]; }

// --- fixed-size text built at compile time (long keys and values for the tables) ---------------

/// N characters with static storage when used as an `inline constexpr` variable, so a
/// std::string_view into it is a constant expression.
template <std::size_t N>
struct text {
  char chars[N == 0 ? 1 : N]{};
  constexpr std::string_view view() const noexcept { return std::string_view(chars, N); }
};

template <std::size_t N>
constexpr text<N> repeat(char c) noexcept {
  text<N> t{};
  for (std::size_t i = 0; i < N; ++i) t.chars[i] = c;
  return t;
}

/// A string literal without its terminating NUL.
template <std::size_t N>
constexpr text<N - 1> lit(const char (&s)[N]) noexcept {
  text<N - 1> t{};
  for (std::size_t i = 0; i + 1 < N; ++i) t.chars[i] = s[i];
  return t;
}

template <std::size_t A, std::size_t B>
constexpr text<A + B> operator+(const text<A>& a, const text<B>& b) noexcept {
  text<A + B> t{};
  for (std::size_t i = 0; i < A; ++i) t.chars[i] = a.chars[i];
  for (std::size_t i = 0; i < B; ++i) t.chars[A + i] = b.chars[i];
  return t;
}

template <std::size_t A, std::size_t N>
constexpr text<A + N - 1> operator+(const text<A>& a, const char (&s)[N]) noexcept {
  return a + lit(s);
}

// --- compile-time driver ---------------------------------------------------------------------

/// `Checker::check(i)` for every i in [0, Checker::count), each in its own constant evaluation
/// (its own constexpr step budget; a failure names the instantiation `case_ok<Checker, i>`).
template <class Checker, std::size_t I>
inline constexpr bool case_ok = Checker::check(I);

template <class Checker, std::size_t... I>
constexpr bool all_cases_ok(std::index_sequence<I...>) noexcept {
  return (case_ok<Checker, I> && ...);
}

template <class Checker>
constexpr bool all_cases_ok() noexcept {
  return all_cases_ok<Checker>(std::make_index_sequence<Checker::count>{});
}

}  // namespace tracewire_test

#endif  // TRACEWIRE_TESTS_CASES_CASE_SUPPORT_HPP
