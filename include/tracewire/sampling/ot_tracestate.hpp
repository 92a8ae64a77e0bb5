// SPDX-License-Identifier: Apache-2.0
//
// tracewire/sampling/ot_tracestate.hpp: the OpenTelemetry `ot` tracestate entry as samplers use it
// (OpenTelemetry specification, "TraceState Handling"): the rejection threshold `th` and the
// explicit randomness `rv`.
//
// Contract
// - The `ot` value is `key:value` sub-keys separated by `;` (keys `[a-z][a-z0-9]*`, values
//   `[A-Za-z0-9._-]`, at most 256 characters in all). Reading is lenient: any member that is not a
//   well-formed `th` or `rv` is carried verbatim and never interpreted.
// - `th`: 1 to 14 lowercase hex digits, right-padded with zeros to 14 and read as a 56-bit
//   rejection threshold (`th:0` = keep everything, `th:8` = 50%, `th:c` = 25%).
// - `rv`: exactly 14 lowercase hex digits, a 56-bit randomness value that replaces the trace-id's.
//   Nothing here ever writes or removes `rv` (SDK "Do not overwrite explicit randomness").
// - set_threshold() writes `th:<T>` as the first sub-key and keeps every other sub-key in order;
//   erase_threshold() removes `th` and removes an `ot` left empty. Either one leaves the
//   tracestate untouched when nothing changes; when `ot` changes it moves to the left of the
//   list (W3C Trace Context 3.5: an updated key moves left). If the new `ot` value would exceed
//   256 characters, set_threshold() erases the stale `th` instead and reports false.
// - encode_threshold(T) is the 14-digit hex form with trailing zeros removed, padded BEFORE the
//   zeros are removed so leading zeros survive (`th:0` for T = 0).
#ifndef TRACEWIRE_SAMPLING_OT_TRACESTATE_HPP
#define TRACEWIRE_SAMPLING_OT_TRACESTATE_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tracewire/config.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// 2^56: the number of distinct 56-bit randomness values ("MaxAdjustedCount"); a threshold is
/// below it, and a sampler configured with it never keeps anything.
inline constexpr std::uint64_t max_adjusted_count = std::uint64_t{1} << 56;

/// The tracestate key of the OpenTelemetry entry.
inline constexpr std::string_view ot_key = "ot";
/// The longest `ot` value (tracestate-handling: "MUST NOT exceed 256 characters").
inline constexpr std::size_t ot_max_value = 256;

/// A `th` value as text: 1 to 14 lowercase hex digits.
struct threshold_text {
  char chars[14]{};
  std::size_t size = 0;
  constexpr std::string_view view() const noexcept { return std::string_view(chars, size); }
};

/// The `th` encoding of threshold T < 2^56 (tracestate-probability-sampling, "Converting integer
/// threshold to a th-value").
constexpr threshold_text encode_threshold(std::uint64_t t) noexcept {
  threshold_text out;
  for (std::size_t i = 0; i < 14; ++i) {
    out.chars[i] = "0123456789abcdef"[(t >> (52 - 4 * i)) & 0xFu];
  }
  std::size_t n = 14;
  for (std::uint64_t v = t; n > 1 && (v & 0xFu) == 0; v >>= 4) --n;
  out.size = n;
  return out;
}

namespace detail {

constexpr int ot_hex(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/// Reads 1..max_digits lowercase hex digits, right-padded to 14; false if malformed.
constexpr bool read_hex56(std::string_view v, std::size_t min_digits, std::uint64_t& out) noexcept {
  if (v.size() < min_digits || v.size() > 14) return false;
  std::uint64_t x = 0;
  for (const char c : v) {
    const int d = ot_hex(c);
    if (d < 0) return false;
    x = (x << 4) | static_cast<std::uint64_t>(d);
  }
  out = x << (4 * (14 - v.size()));
  return true;
}

}  // namespace detail

/// Decodes a `th` value (1-14 lowercase hex digits); false if malformed.
constexpr bool decode_threshold(std::string_view v, std::uint64_t& out) noexcept {
  return detail::read_hex56(v, 1, out);
}
/// Decodes an `rv` value (exactly 14 lowercase hex digits); false if malformed.
constexpr bool decode_randomness(std::string_view v, std::uint64_t& out) noexcept {
  return detail::read_hex56(v, 14, out);
}

/// What a sampler needs from an `ot` value: where `th` is, and the values of `th` and `rv`.
struct ot_fields {
  std::string_view value;    ///< the whole `ot` value (empty when there is no `ot` entry)
  std::string_view th_text;  ///< the text after `th:` (empty when there is no `th`)
  bool has_th = false;       ///< a `th` sub-key is present (well-formed or not)
  bool th_valid = false;     ///< ... and well-formed; then `th` holds it
  bool rv_valid = false;     ///< a well-formed `rv` is present; then `rv` holds it
  std::uint64_t th = 0;
  std::uint64_t rv = 0;
};

/// Splits an `ot` value into sub-keys; the first occurrence of a key counts (keys are unique by
/// the spec, so a repeat is malformed input and only the first is interpreted).
constexpr ot_fields parse_ot(std::string_view value) noexcept {
  ot_fields f;
  f.value = value;
  bool seen_rv = false;
  std::size_t i = 0;
  while (i <= value.size()) {
    std::size_t j = i;
    while (j < value.size() && value[j] != ';') ++j;
    const std::string_view m(value.data() + i, j - i);
    if (m.size() >= 3 && m[2] == ':' && m[0] == 't' && m[1] == 'h' && !f.has_th) {
      f.has_th = true;
      f.th_text = std::string_view(m.data() + 3, m.size() - 3);
      f.th_valid = decode_threshold(f.th_text, f.th);
    } else if (m.size() >= 3 && m[2] == ':' && m[0] == 'r' && m[1] == 'v' && !seen_rv) {
      seen_rv = true;
      f.rv_valid = decode_randomness(std::string_view(m.data() + 3, m.size() - 3), f.rv);
    }
    i = j + 1;
  }
  return f;
}

/// The `ot` fields of a tracestate (all false when there is no `ot` entry).
template <class TraceState>
constexpr ot_fields read_ot(const TraceState& ts) noexcept {
  if (ts.empty()) return ot_fields{};
  const std::string_view v = ts.get(ot_key);
  if (v.empty()) return ot_fields{};
  return parse_ot(v);
}

namespace detail {

/// Appends to buf every sub-key of `value` except `th` (and empty members), each preceded by ';'
/// when `sep_first` or not first. Returns the new length, or ot_max_value + 1 if it overflowed.
constexpr std::size_t copy_ot_without_th(std::string_view value, char* buf, std::size_t n,
                                         bool sep_first) noexcept {
  std::size_t i = 0;
  bool first = !sep_first;
  while (i <= value.size()) {
    std::size_t j = i;
    while (j < value.size() && value[j] != ';') ++j;
    const std::size_t len = j - i;
    const bool is_th = len >= 3 && value[i] == 't' && value[i + 1] == 'h' && value[i + 2] == ':';
    if (len != 0 && !is_th) {
      if (n + len + (first ? 0 : 1) > ot_max_value) return ot_max_value + 1;
      if (!first) buf[n++] = ';';
      for (std::size_t k = 0; k < len; ++k) buf[n++] = value[i + k];
      first = false;
    }
    i = j + 1;
  }
  return n;
}

/// A tracestate value may not end with a space (W3C Trace Context 3.3.1.3.2); a lenient `ot`
/// member may, once the members after it are gone.
constexpr std::size_t trim_trailing_spaces(const char* buf, std::size_t n) noexcept {
  if (n > ot_max_value) return n;
  while (n > 0 && buf[n - 1] == ' ') --n;
  return n;
}

}  // namespace detail

/// Removes `th` from the `ot` entry (and an `ot` entry left empty). `f` is read_ot(ts) from
/// before any change. No write when there is no `th`.
template <class TraceState>
constexpr void erase_threshold(TraceState& ts, const ot_fields& f) noexcept {
  if (!f.has_th) return;
  char buf[ot_max_value + 1]{};
  const std::size_t n =
      detail::trim_trailing_spaces(buf, detail::copy_ot_without_th(f.value, buf, 0, false));
  if (n == 0) {
    ts.erase(ot_key);
    return;
  }
  // Shorter than the value it replaces, built from its characters, no trailing space: accepted.
  static_cast<void>(ts.put(ot_key, std::string_view(buf, n)));
}

template <class TraceState>
constexpr void erase_threshold(TraceState& ts) noexcept {
  erase_threshold(ts, read_ot(ts));
}

namespace detail {

/// The general case of set_threshold(): `th:<t>` followed by the other sub-keys of `f.value`, in
/// `buf` (ot_max_value + 1 characters).
template <class TraceState>
constexpr bool put_threshold_into(TraceState& ts, const ot_fields& f, const threshold_text& th,
                                  char* buf) noexcept {
  buf[0] = 't';
  buf[1] = 'h';
  buf[2] = ':';
  for (std::size_t i = 0; i < th.size; ++i) buf[3 + i] = th.chars[i];
  const std::size_t n =
      trim_trailing_spaces(buf, copy_ot_without_th(f.value, buf, 3 + th.size, true));
  return n <= ot_max_value && static_cast<bool>(ts.put(ot_key, std::string_view(buf, n)));
}

/// Run time: the same with a buffer that is not zeroed first (constexpr needs it initialised).
template <class TraceState>
bool put_threshold_runtime(TraceState& ts, const ot_fields& f, const threshold_text& th) noexcept {
  char buf[ot_max_value + 1];
  return put_threshold_into(ts, f, th, buf);
}

}  // namespace detail

/// Sets `th` to threshold t (< 2^56) in the `ot` entry. `f` is read_ot(ts) from before any
/// change. Returns false when the value would exceed 256 characters or the tracestate refused it;
/// the stale `th` is then erased.
template <class TraceState>
constexpr bool set_threshold(TraceState& ts, const ot_fields& f, std::uint64_t t) noexcept {
  const threshold_text th = encode_threshold(t);
  if (f.th_valid && f.th == t && f.th_text == th.view()) return true;  // nothing to write
  bool written = false;
  if (f.value.empty()) {
    // No `ot` entry yet (a new root): the value is `th:<t>` alone.
    char buf[3 + 14]{'t', 'h', ':'};
    for (std::size_t i = 0; i < th.size; ++i) buf[3 + i] = th.chars[i];
    written = static_cast<bool>(ts.put(ot_key, std::string_view(buf, 3 + th.size)));
  } else if (!detail::is_constant_evaluated()) {
    written = detail::put_threshold_runtime(ts, f, th);
  } else {
    char buf[ot_max_value + 1]{};
    written = detail::put_threshold_into(ts, f, th, buf);
  }
  if (!written) erase_threshold(ts, f);
  return written;
}

template <class TraceState>
constexpr bool set_threshold(TraceState& ts, std::uint64_t t) noexcept {
  return set_threshold(ts, read_ot(ts), t);
}

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_SAMPLING_OT_TRACESTATE_HPP
