// SPDX-License-Identifier: Apache-2.0
//
// tracewire/propagation/jaeger.hpp: the Jaeger propagator (`uber-trace-id` and `uberctx-*`).
//
//   uber-trace-id: {trace-id}:{span-id}:{parent-span-id}:{flags}
// trace-id 1-32 hex digits and span-id 1-16 (leading zeros optional, either case: Jaeger clients
// print with %x), parent-span-id 1-16 (deprecated, `0` when absent), flags 1-2 hex digits: 0x01
// sampled, 0x02 debug (which implies sampled, as in the OpenTelemetry Go and Java propagators).
// `:` may arrive URL-encoded as `%3A` (some HTTP clients encode header values).
// Baggage travels as one field per item, `uberctx-{key}: {url-encoded value}`.
// Inject writes 32 + 16 hex digits, parent `0`, flags `1` or `0`, and one `uberctx-` field per
// baggage member (key lowercased: HTTP field names are case-insensitive and Jaeger clients
// lowercase them on extract; value percent-encoded as UTF-8, RFC 3986).
#ifndef TRACEWIRE_PROPAGATION_JAEGER_HPP
#define TRACEWIRE_PROPAGATION_JAEGER_HPP

#include <cstdint>
#include <string_view>

#include "tracewire/baggage.hpp"
#include "tracewire/carrier.hpp"
#include "tracewire/config.hpp"
#include "tracewire/context.hpp"
#include "tracewire/detail/percent.hpp"
#include "tracewire/error.hpp"
#include "tracewire/ids.hpp"
#include "tracewire/propagation/propagator.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// A parsed uber-trace-id.
struct jaeger_header {
  ::tracewire::trace_id trace_id;
  ::tracewire::span_id span_id;
  ::tracewire::span_id parent_id;  ///< zero when `0`
  std::uint8_t flags = 0;
  constexpr bool sampled() const noexcept { return (flags & 0x03) != 0; }
  constexpr bool debug() const noexcept { return (flags & 0x02) != 0; }
};

namespace detail {

inline constexpr std::string_view jaeger_fields[] = {"uber-trace-id"};
inline constexpr std::string_view jaeger_baggage_prefix = "uberctx-";
/// The longest uber-trace-id accepted: 32 + 16 + 16 + 2 digits and three `%3A` separators.
inline constexpr std::size_t jaeger_max_size = 32 + 16 + 16 + 2 + 9;

constexpr int hex_either_case(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// 1 to `max_digits` hex digits (either case), right-aligned into `out` (max_digits / 2 bytes).
constexpr bool jaeger_hex(std::string_view s, std::size_t max_digits, std::uint8_t* out) noexcept {
  if (s.empty() || s.size() > max_digits) return false;
  for (std::size_t i = 0; i < max_digits / 2; ++i) out[i] = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const int v = hex_either_case(s[s.size() - 1 - i]);
    if (v < 0) return false;
    std::uint8_t& b = out[max_digits / 2 - 1 - i / 2];
    b = static_cast<std::uint8_t>(b | ((i % 2) != 0 ? v << 4 : v));
  }
  return true;
}

}  // namespace detail

/// Parses an uber-trace-id value (`:` or `%3A` separators).
constexpr result<jaeger_header> parse_jaeger(std::string_view s) noexcept {
  if (s.size() > detail::jaeger_max_size) return errc::jaeger_malformed;
  std::string_view f[4];
  std::size_t n = 0;
  std::size_t start = 0;
  std::size_t i = 0;
  while (i <= s.size()) {
    std::size_t sep = 0;
    if (i == s.size() || s[i] == ':') {
      sep = 1;
    } else if (s[i] == '%' && i + 2 < s.size() && s[i + 1] == '3' &&
               (s[i + 2] == 'A' || s[i + 2] == 'a')) {
      sep = 3;
    }
    if (sep == 0) {
      ++i;
      continue;
    }
    if (n == 4) return errc::jaeger_malformed;
    f[n++] = detail::slice(s, start, i - start);
    i += sep;
    start = i;
  }
  if (n != 4) return errc::jaeger_malformed;
  jaeger_header h;
  std::uint8_t t[16] = {};
  if (f[0].size() > 32) return errc::trace_id_wrong_length;
  if (!detail::jaeger_hex(f[0], 32, t)) return errc::trace_id_not_hex;
  h.trace_id = trace_id::from_bytes(t);
  if (!h.trace_id.is_valid()) return errc::trace_id_all_zero;
  std::uint8_t b[8] = {};
  if (!detail::jaeger_hex(f[1], 16, b)) return errc::parent_id_not_hex;
  h.span_id = span_id::from_bytes(b);
  if (!h.span_id.is_valid()) return errc::span_id_all_zero;
  if (!detail::jaeger_hex(f[2], 16, b)) return errc::parent_id_not_hex;
  h.parent_id = span_id::from_bytes(b);
  std::uint8_t fl[1] = {};
  if (!detail::jaeger_hex(f[3], 2, fl)) return errc::jaeger_bad_flags;
  h.flags = fl[0];
  return h;
}

/// Characters format_jaeger writes: 32 + 1 + 16 + 1 + 1 + 1 + 1.
inline constexpr std::size_t jaeger_size = 53;

constexpr result<std::size_t> format_jaeger(const trace_id& t, const span_id& s, bool sampled,
                                            char* out, std::size_t size) noexcept {
  if (size < jaeger_size) return errc::buffer_too_small;
  t.to_hex(out);
  out[32] = ':';
  s.to_hex(out + 33);
  out[49] = ':';
  out[50] = '0';
  out[51] = ':';
  out[52] = sampled ? '1' : '0';
  return jaeger_size;
}

/// The Jaeger propagator: `uber-trace-id` for the span context, `uberctx-*` for baggage.
struct jaeger {
  static constexpr std::string_view name = "jaeger";
  static constexpr field_list fields() noexcept { return {detail::jaeger_fields, 1}; }
  static constexpr std::string_view baggage_prefix = detail::jaeger_baggage_prefix;

  template <class Carrier, class TS>
  constexpr propagation_status extract(const Carrier& carrier,
                                       basic_span_context<TS>& out) const noexcept {
    const single_field f = find_single(carrier, detail::jaeger_fields[0]);
    if (f.error != errc::ok) return {f.error, errc::ok};
    const result<jaeger_header> h = parse_jaeger(f.value);
    if (!h) return {h.error(), errc::ok};
    out.trace_id = h->trace_id;
    out.span_id = h->span_id;
    out.flags = trace_flags().with_sampled(h->sampled());
    out.tracestate.clear();
    out.remote = true;
    return {};
  }

  /// Adds every `uberctx-{key}` field to `out` with set() (so it replaces members of that key and
  /// keeps the others, e.g. those a W3C baggage propagator extracted before): the value URL-decoded
  /// (`%XX`; `+` stays `+`), invalid UTF-8 replaced by U+FFFD as in W3C baggage, keys that are not
  /// tokens skipped. status.error is field_missing when there is no such field.
  template <class Carrier, std::size_t M, std::size_t B, std::size_t P, baggage_limits L>
  propagation_status extract_baggage(const Carrier& carrier,
                                     basic_baggage<M, B, P, L>& out) const noexcept {
    propagation_status status{errc::field_missing, errc::ok};
    const std::string_view prefix = detail::jaeger_baggage_prefix;
    char decoded[B];
    for (auto it = carrier.begin(), end = carrier.end(); it != end; ++it) {
      const std::string_view key = Carrier::key(it);
      if (key.size() <= prefix.size() ||
          !detail::key_matches(Carrier::keys, detail::slice(key, 0, prefix.size()), prefix))
        continue;
      status.error = errc::ok;
      const std::string_view value = Carrier::value(it);
      if (value.size() > B) {
        if (status.detail == errc::ok) status.detail = errc::baggage_too_large;
        continue;
      }
      const std::size_t n = detail::percent_decode(value, decoded);
      const errc e = out.set(detail::slice(key, prefix.size(), key.size() - prefix.size()),
                             std::string_view(decoded, n));
      if (e != errc::ok && status.detail == errc::ok) status.detail = e;
    }
    return status;
  }

  template <class Carrier, class SC, class BG>
  propagation_status extract(const Carrier& carrier, basic_context<SC, BG>& out) const noexcept {
    const propagation_status span = extract(carrier, out.span);
    const propagation_status bag = extract_baggage(carrier, out.baggage);
    // Baggage alone is a successful extract too; a broken uber-trace-id is still reported.
    if (span.error == errc::field_missing && bag.error == errc::ok) return {errc::ok, bag.detail};
    return {span.error, bag.detail};
  }

  template <class TS, class Carrier>
  constexpr errc inject(const basic_span_context<TS>& in, Carrier& carrier) const {
    if (!in.is_valid()) return detail::invalid_reason(in);
    char buf[jaeger_size] = {};
    const result<std::size_t> n =
        format_jaeger(in.trace_id, in.span_id, in.sampled(), buf, sizeof buf);
    if (!n) return n.error();
    return detail::set_trusted(carrier, detail::jaeger_fields[0], std::string_view(buf, *n));
  }

  /// One `uberctx-{key}` field per member (a duplicated key: the last occurrence, as get()).
  template <std::size_t M, std::size_t B, std::size_t P, baggage_limits L, class Carrier>
  errc inject_baggage(const basic_baggage<M, B, P, L>& in, Carrier& carrier) const {
    constexpr std::size_t prefix = detail::jaeger_baggage_prefix.size();
    char key[prefix + B];
    char value[3 * B];
    for (std::size_t i = 0; i < detail::jaeger_baggage_prefix.size(); ++i)
      key[i] = detail::jaeger_baggage_prefix[i];
    errc first = errc::ok;
    for (const auto& m : in) {
      const std::string_view k = m.key();
      for (std::size_t i = 0; i < k.size(); ++i) key[prefix + i] = detail::ascii_lower(k[i]);
      const std::string_view v = in.get(k);
      const char* end = detail::percent_encode(v, value);
      const errc e = carrier.set(std::string_view(key, prefix + k.size()),
                                 std::string_view(value, static_cast<std::size_t>(end - value)));
      if (e != errc::ok && first == errc::ok) first = e;
    }
    return first;
  }

  template <class SC, class BG, class Carrier>
  errc inject(const basic_context<SC, BG>& in, Carrier& carrier) const {
    const errc e = inject(in.span, carrier);
    const errc b = inject_baggage(in.baggage, carrier);
    return e != errc::ok ? e : b;
  }
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_PROPAGATION_JAEGER_HPP
