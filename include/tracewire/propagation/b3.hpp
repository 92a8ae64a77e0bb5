// SPDX-License-Identifier: Apache-2.0
//
// tracewire/propagation/b3.hpp: Zipkin B3, single header (`b3`) and multiple headers (`x-b3-*`).
//
// Single (openzipkin/b3-propagation "Single Header"):
//   b3: {trace_id}-{span_id}[-{sampling_state}[-{parent_span_id}]]   or   b3: {sampling_state}
// trace_id 16 or 32 lowercase hex (a 64-bit id is left-padded with zeros to 128 bits), span_id and
// parent_span_id 16, sampling_state `0` (deny), `1` (accept) or `d` (debug, implies accept).
// Multi: x-b3-traceid, x-b3-spanid, x-b3-parentspanid, x-b3-sampled (`0`/`1`, and the legacy
// `false`/`true`), x-b3-flags `1` (debug; then x-b3-sampled is redundant).
//
// Both propagators read either form on extract (the single header wins when both are present, as
// the OpenTelemetry B3 propagator does); `b3_single` writes the single header and `b3_multi` the
// multiple headers. Debug and "deferred" (no sampling state) are visible through parse_b3_single /
// b3_header; a span_context carries only the sampled flag (debug sets it).
// The sampling-only forms (`b3: 1`) carry no ids: extract returns ok and, when the context it was
// given is not valid, sets only its sampled flag (the caller's decision for a new root).
#ifndef TRACEWIRE_PROPAGATION_B3_HPP
#define TRACEWIRE_PROPAGATION_B3_HPP

#include <cstdint>
#include <string_view>

#include "tracewire/carrier.hpp"
#include "tracewire/config.hpp"
#include "tracewire/context.hpp"
#include "tracewire/detail/hex.hpp"
#include "tracewire/error.hpp"
#include "tracewire/ids.hpp"
#include "tracewire/propagation/propagator.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// The B3 sampling state.
enum class b3_sampling : std::uint8_t {
  deferred,  ///< no sampling state: the receiver decides
  deny,      ///< `0`
  accept,    ///< `1`
  debug,     ///< `d` (single) or `x-b3-flags: 1` (multi): accept, and force trace
};

/// A parsed B3 header (either form).
struct b3_header {
  ::tracewire::trace_id trace_id;  ///< all zero in the sampling-only form
  ::tracewire::span_id span_id;    ///< all zero in the sampling-only form
  ::tracewire::span_id parent_id;  ///< all zero when absent
  b3_sampling sampling = b3_sampling::deferred;
  bool has_ids = false;  ///< false: the sampling-only form
  constexpr bool sampled() const noexcept {
    return sampling == b3_sampling::accept || sampling == b3_sampling::debug;
  }
};

namespace detail {

inline constexpr std::string_view b3_single_fields[] = {"b3"};
inline constexpr std::string_view b3_multi_fields[] = {
    "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags"};

/// A B3 trace-id: 16 or 32 lowercase hex digits; 16 are the low 64 bits.
constexpr result<trace_id> parse_b3_trace_id(std::string_view s) noexcept {
  if (s.size() == 32) return trace_id::from_hex(s);
  if (s.size() != 16) return errc::trace_id_wrong_length;
  const result<span_id> low = span_id::from_hex(s);  // 16 digits, non-zero: same rules
  if (!low) return low.error() == errc::span_id_all_zero ? errc::trace_id_all_zero : low.error();
  return trace_id::from_u64(0, low->value());
}

constexpr result<b3_sampling> parse_b3_state(std::string_view s, bool multi) noexcept {
  if (s == "1") return b3_sampling::accept;
  if (s == "0") return b3_sampling::deny;
  if (!multi && s == "d") return b3_sampling::debug;
  if (multi && s == "true") return b3_sampling::accept;
  if (multi && s == "false") return b3_sampling::deny;
  return errc::b3_bad_sampling_state;
}

constexpr std::string_view b3_trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace detail

/// Parses a `b3` single-header value.
constexpr result<b3_header> parse_b3_single(std::string_view s) noexcept {
  s = detail::b3_trim(s);
  b3_header h;
  if (s.size() == 1) {
    const result<b3_sampling> st = detail::parse_b3_state(s, false);
    if (!st) return st.error();
    h.sampling = *st;
    return h;
  }
  // Split on '-' into at most four fields.
  std::string_view f[4];
  std::size_t n = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '-') {
      if (n == 4) return errc::b3_malformed;
      f[n++] = detail::slice(s, start, i - start);
      start = i + 1;
    }
  }
  if (n < 2) return errc::b3_malformed;
  const result<trace_id> t = detail::parse_b3_trace_id(f[0]);
  if (!t) return t.error();
  const result<span_id> sp = span_id::from_hex(f[1]);
  if (!sp) return sp.error();
  h.trace_id = *t;
  h.span_id = *sp;
  h.has_ids = true;
  if (n >= 3) {
    const result<b3_sampling> st = detail::parse_b3_state(f[2], false);
    if (!st) return st.error();
    h.sampling = *st;
  }
  if (n == 4) {
    const result<span_id> parent = span_id::from_hex(f[3]);
    if (!parent) return parent.error();
    h.parent_id = *parent;
  }
  return h;
}

/// Characters format_b3_single writes: 32 + 1 + 16 + 2.
inline constexpr std::size_t b3_single_size = 51;

/// Writes `{trace_id:32}-{span_id:16}-{0|1}` (what the OpenTelemetry B3 propagators emit).
constexpr result<std::size_t> format_b3_single(const trace_id& t, const span_id& s, bool sampled,
                                               char* out, std::size_t size) noexcept {
  if (size < b3_single_size) return errc::buffer_too_small;
  t.to_hex(out);
  out[32] = '-';
  s.to_hex(out + 33);
  out[49] = '-';
  out[50] = sampled ? '1' : '0';
  return b3_single_size;
}

namespace detail {

template <class Carrier>
constexpr result<b3_header> extract_b3_multi(const Carrier& carrier, bool& present) noexcept {
  b3_header h;
  const single_field tid = find_single(carrier, b3_multi_fields[0]);
  const single_field sid = find_single(carrier, b3_multi_fields[1]);
  const single_field pid = find_single(carrier, b3_multi_fields[2]);
  const single_field smp = find_single(carrier, b3_multi_fields[3]);
  const single_field flg = find_single(carrier, b3_multi_fields[4]);
  present = tid.error != errc::field_missing || sid.error != errc::field_missing ||
            smp.error != errc::field_missing || flg.error != errc::field_missing;
  if (!present) return errc::field_missing;
  for (const single_field* f : {&tid, &sid, &pid, &smp, &flg})
    if (f->error == errc::field_repeated) return errc::field_repeated;
  if (smp.error == errc::ok) {
    const result<b3_sampling> st = parse_b3_state(b3_trim(smp.value), true);
    if (!st) return st.error();
    h.sampling = *st;
  }
  if (flg.error == errc::ok) {
    if (b3_trim(flg.value) != "1") return errc::b3_bad_sampling_state;
    h.sampling = b3_sampling::debug;
  }
  if (tid.error == errc::field_missing && sid.error == errc::field_missing) return h;
  if (tid.error != errc::ok || sid.error != errc::ok) return errc::b3_malformed;
  const result<trace_id> t = parse_b3_trace_id(b3_trim(tid.value));
  if (!t) return t.error();
  const result<span_id> s = span_id::from_hex(b3_trim(sid.value));
  if (!s) return s.error();
  h.trace_id = *t;
  h.span_id = *s;
  h.has_ids = true;
  if (pid.error == errc::ok) {
    const result<span_id> p = span_id::from_hex(b3_trim(pid.value));
    if (!p) return p.error();
    h.parent_id = *p;
  }
  return h;
}

/// Reads either B3 form: the single header when present, else the multiple headers.
template <class Carrier>
constexpr result<b3_header> extract_b3(const Carrier& carrier) noexcept {
  const single_field single = find_single(carrier, b3_single_fields[0]);
  if (single.error == errc::field_repeated) return errc::field_repeated;
  if (single.error == errc::ok) return parse_b3_single(single.value);
  bool present = false;
  return extract_b3_multi(carrier, present);
}

template <class TS>
constexpr propagation_status b3_to_context(const result<b3_header>& h,
                                           basic_span_context<TS>& out) noexcept {
  if (!h) return {h.error(), errc::ok};
  if (h->has_ids) {
    out.trace_id = h->trace_id;
    out.span_id = h->span_id;
    out.flags = trace_flags().with_sampled(h->sampled());
    out.tracestate.clear();
    out.remote = true;
  } else if (!out.is_valid()) {
    // The sampling-only form: no parent, but the caller's decision for a new root.
    out.flags = trace_flags().with_sampled(h->sampled());
  }
  return {};
}

}  // namespace detail

/// Extracts B3 (either form); injects the single `b3` header.
struct b3_single : span_propagator<b3_single> {
  static constexpr std::string_view name = "b3";
  static constexpr field_list fields() noexcept { return {detail::b3_single_fields, 1}; }

  template <class Carrier, class TS>
  constexpr propagation_status extract_span(const Carrier& carrier,
                                            basic_span_context<TS>& out) const noexcept {
    return detail::b3_to_context(detail::extract_b3(carrier), out);
  }

  template <class TS, class Carrier>
  constexpr errc inject_span(const basic_span_context<TS>& in, Carrier& carrier) const {
    if (!in.is_valid()) return detail::invalid_reason(in);
    char buf[b3_single_size] = {};
    const result<std::size_t> n =
        format_b3_single(in.trace_id, in.span_id, in.sampled(), buf, sizeof buf);
    if (!n) return n.error();
    return detail::set_trusted(carrier, detail::b3_single_fields[0], std::string_view(buf, *n));
  }
};

/// Extracts B3 (either form); injects x-b3-traceid, x-b3-spanid and x-b3-sampled.
struct b3_multi : span_propagator<b3_multi> {
  static constexpr std::string_view name = "b3multi";
  static constexpr field_list fields() noexcept { return {detail::b3_multi_fields, 5}; }

  template <class Carrier, class TS>
  constexpr propagation_status extract_span(const Carrier& carrier,
                                            basic_span_context<TS>& out) const noexcept {
    return detail::b3_to_context(detail::extract_b3(carrier), out);
  }

  template <class TS, class Carrier>
  constexpr errc inject_span(const basic_span_context<TS>& in, Carrier& carrier) const {
    if (!in.is_valid()) return detail::invalid_reason(in);
    char tid[32] = {};
    char sid[16] = {};
    in.trace_id.to_hex(tid);
    in.span_id.to_hex(sid);
    if (const errc e =
            detail::set_trusted(carrier, detail::b3_multi_fields[0], std::string_view(tid, 32));
        e != errc::ok)
      return e;
    if (const errc e =
            detail::set_trusted(carrier, detail::b3_multi_fields[1], std::string_view(sid, 16));
        e != errc::ok)
      return e;
    detail::erase_field(carrier, detail::b3_multi_fields[2]);
    detail::erase_field(carrier, detail::b3_multi_fields[4]);
    return detail::set_trusted(carrier, detail::b3_multi_fields[3], in.sampled() ? "1" : "0");
  }
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_PROPAGATION_B3_HPP
