// SPDX-License-Identifier: Apache-2.0
//
// tracewire/error.hpp: errors are values.
//
// Every fallible operation returns either a `result<T>` (a value or an `errc`) or a status struct
// holding an `errc`. Each `errc` enumerator names exactly one rule of a specification (or one
// precondition of the API), so a caller can log *why* a header was ignored, not just that it was.
// `to_string(errc)` gives a one-line human message. No exceptions, no <system_error>.
#ifndef TRACEWIRE_ERROR_HPP
#define TRACEWIRE_ERROR_HPP

#include <cstdint>

#include "tracewire/config.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// The rule a piece of input (or an API call) broke. New enumerators are only ever appended.
enum class errc : std::uint8_t {
  ok = 0,  ///< No error.

  // --- output buffers ------------------------------------------------------------------------
  buffer_too_small,  ///< The caller's output buffer is smaller than the size query reported.

  // --- hexadecimal ids (W3C Trace Context 3.2.2.3/3.2.2.4) ---------------------------------------
  id_wrong_length,    ///< A hex id must be exactly 32 (trace-id) or 16 (span-id) digits.
  uppercase_hex,      ///< Hex digits must be lowercase (HEXDIGLC); `A`-`F` are rejected.
  invalid_hex,        ///< A character that is not a hex digit where one is required.
  trace_id_all_zero,  ///< The all-zero trace-id is invalid.
  span_id_all_zero,   ///< The all-zero span-id / parent-id is invalid.

  // --- traceparent / traceresponse (W3C Trace Context 3.2, Level 2 section 4) -----------------
  traceparent_too_short,      ///< Shorter than 55 characters (after trimming OWS).
  traceparent_too_long,       ///< Version 00 must be exactly 55 characters.
  version_not_hex,            ///< The version must be 2 lowercase hex digits followed by `-`.
  version_ff,                 ///< Version `ff` is forbidden.
  missing_dash,               ///< A field separator `-` is missing at offset 2, 35 or 52.
  trace_id_not_hex,           ///< The trace-id holds a character outside `0-9a-f`.
  parent_id_not_hex,          ///< The parent-id (span-id) holds a character outside `0-9a-f`.
  flags_not_hex,              ///< The trace-flags hold a character outside `0-9a-f`.
  parent_id_all_zero,         ///< The all-zero parent-id is invalid.
  future_version_bad_suffix,  ///< In a higher version, the flags must be followed by end or `-`.

  // --- tracestate (W3C Trace Context 3.3) -----------------------------------------------------
  tracestate_key_empty,           ///< A list member must start with a key (`=v` has none).
  tracestate_key_bad_first_char,  ///< A key must start with `a-z` or `0-9` (Level 1 simple key:
                                  ///< `a-z`).
  tracestate_key_invalid_char,    ///< A key may only hold `a-z 0-9 _ - * / @`.
  tracestate_key_too_long,        ///< A key is at most 256 characters.
  tracestate_key_bad_tenant,  ///< Level 1 `tenant@system`: tenant is 1-241 chars starting `a-z0-9`.
  tracestate_key_bad_system,  ///< Level 1 `tenant@system`: system is 1-14 chars starting `a-z`.
  tracestate_missing_equals,  ///< A list member is `key=value`; the `=` is missing.
  tracestate_value_empty,     ///< A value is 1-256 characters; an empty value is invalid.
  tracestate_value_invalid_char,    ///< A value holds only 0x20-0x7E except `,` and `=`.
  tracestate_value_too_long,        ///< A value is at most 256 characters (trailing OWS excluded).
  tracestate_too_many_members,      ///< At most 32 list members (empty members do not count).
  tracestate_duplicate_key,         ///< Only one entry per key is allowed.
  tracestate_member_too_large,      ///< The member cannot fit in this tracestate's capacity at all.
  tracestate_value_trailing_space,  ///< A value given to put() must not end with a space (it would
                                    ///< be read back as OWS and lost).

  // --- baggage (W3C Baggage, "Definition" and "Limits") -----------------------------------------
  baggage_key_empty,              ///< A list member or property must start with a key.
  baggage_key_invalid_char,       ///< A key is an RFC 7230 token (no spaces, separators, controls).
  baggage_missing_equals,         ///< A list member is `key=value`; the `=` is missing.
  baggage_value_invalid_char,     ///< A value holds only baggage-octets; others are sent as %XX.
  baggage_bad_percent_escape,     ///< `%` must be followed by two hex digits.
  baggage_property_invalid_char,  ///< After a value or property comes `;`, `,` or the end.
  baggage_too_many_members,       ///< More members than the limit (64; 180 under legacy limits).
  baggage_too_large,              ///< The baggage would exceed its byte limit (8192) when sent.
  baggage_member_too_large,       ///< Legacy limits: one member is at most 4096 bytes when sent.
  baggage_too_many_properties,    ///< More properties than this baggage's capacity holds.
  baggage_value_invalid_utf8,     ///< set(): a value or property value must be valid UTF-8.

  // --- carriers and propagators (W3C Trace Context 3.2/3.3 "combining", B3, Jaeger, OpenCensus) --
  field_missing,               ///< The carrier holds no field of that name.
  field_repeated,              ///< A single-valued field (traceparent, b3, uber-trace-id,
                               ///< grpc-trace-bin) arrived more than once.
  carrier_key_invalid,         ///< The key breaks the transport's rules (gRPC: lowercase token).
  carrier_value_invalid,       ///< The value breaks the transport's rules (gRPC: printable ASCII).
  carrier_write_failed,        ///< The carrier refused the write (full, or out of memory).
  b3_malformed,                ///< b3 is `{trace}-{span}[-{sampling}[-{parent}]]` or a lone state.
  b3_bad_sampling_state,       ///< The B3 sampling state is `0`, `1` or `d` (multi: also
                               ///< `true`/`false`); `x-b3-flags` is `1`.
  trace_id_wrong_length,       ///< A B3 trace-id has 16 or 32 hex digits; Jaeger 1 to 32.
  jaeger_malformed,            ///< uber-trace-id is `{trace}:{span}:{parent}:{flags}`.
  jaeger_bad_flags,            ///< Jaeger flags are 1 or 2 hex digits.
  grpc_trace_bin_wrong_length,  ///< grpc-trace-bin is exactly 29 bytes (version 0).
  grpc_trace_bin_bad_version,   ///< grpc-trace-bin version byte must be 0.
  grpc_trace_bin_bad_field,     ///< grpc-trace-bin field ids are 0 (trace), 1 (span), 2 (options).
  propagator_unknown_name,      ///< OTEL_PROPAGATORS names one this library does not implement.
  too_many_propagators,         ///< More propagators than the runtime list holds.

  // --- samplers (OpenTelemetry SDK "Sampling", TraceIdRatioBased / ProbabilitySampler) ---------
  sampler_ratio_not_a_number,   ///< The sampling ratio is NaN.
  sampler_ratio_negative,       ///< The sampling ratio is below 0.
  sampler_ratio_above_one,      ///< The sampling ratio is above 1.
  sampler_ratio_below_minimum,  ///< A ratio in (0, 2^-56) has no 56-bit threshold; use 0 or more.
  sampler_unknown_name,         ///< OTEL_TRACES_SAMPLER names no sampler this library implements.
  sampler_argument_invalid,     ///< OTEL_TRACES_SAMPLER_ARG is not a number in [0, 1].
  sampler_rate_invalid,         ///< A rate limit must be a positive number of traces per second.
  sampler_too_many_rules,       ///< More rules than the rule_based sampler's capacity.
};

/// A one-line, human-readable description of the rule `e` names.
constexpr const char* to_string(errc e) noexcept {
  switch (e) {
    case errc::ok:
      return "ok";
    case errc::buffer_too_small:
      return "output buffer too small";
    case errc::id_wrong_length:
      return "id must be exactly 32 (trace-id) or 16 (span-id) hex digits";
    case errc::uppercase_hex:
      return "hex digits must be lowercase";
    case errc::invalid_hex:
      return "not a hex digit";
    case errc::trace_id_all_zero:
      return "trace-id must not be all zeros";
    case errc::span_id_all_zero:
      return "span-id must not be all zeros";
    case errc::traceparent_too_short:
      return "traceparent shorter than 55 characters";
    case errc::traceparent_too_long:
      return "traceparent version 00 must be exactly 55 characters";
    case errc::version_not_hex:
      return "traceparent version must be 2 lowercase hex digits";
    case errc::version_ff:
      return "traceparent version ff is forbidden";
    case errc::missing_dash:
      return "traceparent field separator '-' missing";
    case errc::trace_id_not_hex:
      return "trace-id must be 32 lowercase hex digits";
    case errc::parent_id_not_hex:
      return "parent-id must be 16 lowercase hex digits";
    case errc::flags_not_hex:
      return "trace-flags must be 2 lowercase hex digits";
    case errc::parent_id_all_zero:
      return "parent-id must not be all zeros";
    case errc::future_version_bad_suffix:
      return "traceparent of a higher version: flags must be followed by end or '-'";
    case errc::tracestate_key_empty:
      return "tracestate member has no key";
    case errc::tracestate_key_bad_first_char:
      return "tracestate key must start with a-z or 0-9";
    case errc::tracestate_key_invalid_char:
      return "tracestate key may only contain a-z 0-9 _ - * / @";
    case errc::tracestate_key_too_long:
      return "tracestate key longer than 256 characters";
    case errc::tracestate_key_bad_tenant:
      return "tracestate tenant id must be 1-241 characters starting with a-z or 0-9";
    case errc::tracestate_key_bad_system:
      return "tracestate system id must be 1-14 characters starting with a-z";
    case errc::tracestate_missing_equals:
      return "tracestate member is not key=value";
    case errc::tracestate_value_empty:
      return "tracestate value is empty";
    case errc::tracestate_value_invalid_char:
      return "tracestate value may only contain printable ASCII except ',' and '='";
    case errc::tracestate_value_too_long:
      return "tracestate value longer than 256 characters";
    case errc::tracestate_too_many_members:
      return "tracestate has more than 32 list members";
    case errc::tracestate_duplicate_key:
      return "tracestate key appears more than once";
    case errc::tracestate_member_too_large:
      return "tracestate member does not fit the tracestate capacity";
    case errc::tracestate_value_trailing_space:
      return "tracestate value must not end with a space";
    case errc::baggage_key_empty:
      return "baggage member or property has no key";
    case errc::baggage_key_invalid_char:
      return "baggage key must be an RFC 7230 token";
    case errc::baggage_missing_equals:
      return "baggage member is not key=value";
    case errc::baggage_value_invalid_char:
      return "baggage value may only contain baggage-octets (others must be percent-encoded)";
    case errc::baggage_bad_percent_escape:
      return "baggage '%' must be followed by two hex digits";
    case errc::baggage_property_invalid_char:
      return "baggage value or property must be followed by ';', ',' or the end";
    case errc::baggage_too_many_members:
      return "baggage has more members than its limit";
    case errc::baggage_too_large:
      return "baggage would exceed its byte limit";
    case errc::baggage_member_too_large:
      return "baggage member exceeds 4096 bytes (legacy limits)";
    case errc::baggage_too_many_properties:
      return "baggage has more properties than it can hold";
    case errc::baggage_value_invalid_utf8:
      return "baggage value must be valid UTF-8";
    case errc::field_missing:
      return "field not present in the carrier";
    case errc::field_repeated:
      return "single-valued field arrived more than once";
    case errc::carrier_key_invalid:
      return "key not valid for this transport";
    case errc::carrier_value_invalid:
      return "value not valid for this transport";
    case errc::carrier_write_failed:
      return "carrier refused the write";
    case errc::b3_malformed:
      return "b3 must be {trace}-{span}[-{sampling}[-{parent}]] or a lone sampling state";
    case errc::b3_bad_sampling_state:
      return "B3 sampling state must be 0, 1 or d";
    case errc::trace_id_wrong_length:
      return "trace-id has the wrong number of hex digits for this format";
    case errc::jaeger_malformed:
      return "uber-trace-id must be {trace}:{span}:{parent}:{flags}";
    case errc::jaeger_bad_flags:
      return "Jaeger flags must be 1 or 2 hex digits";
    case errc::grpc_trace_bin_wrong_length:
      return "grpc-trace-bin must be exactly 29 bytes";
    case errc::grpc_trace_bin_bad_version:
      return "grpc-trace-bin version must be 0";
    case errc::grpc_trace_bin_bad_field:
      return "grpc-trace-bin field ids must be 0, 1, 2 in order";
    case errc::propagator_unknown_name:
      return "unknown propagator name";
    case errc::too_many_propagators:
      return "too many propagators for the runtime list";
    case errc::sampler_ratio_not_a_number:
      return "sampling ratio is NaN";
    case errc::sampler_ratio_negative:
      return "sampling ratio is negative";
    case errc::sampler_ratio_above_one:
      return "sampling ratio is above 1";
    case errc::sampler_ratio_below_minimum:
      return "sampling ratio is in (0, 2^-56), below the smallest threshold";
    case errc::sampler_unknown_name:
      return "unknown sampler name";
    case errc::sampler_argument_invalid:
      return "sampler argument is not a number in [0, 1]";
    case errc::sampler_rate_invalid:
      return "rate limit must be a positive number of traces per second";
    case errc::sampler_too_many_rules:
      return "too many sampling rules for this rule_based capacity";
  }
  return "unknown error";
}

/// A value of type T or the errc saying why there is none; shaped like std::expected<T, errc>
/// without exceptions. T must be default-constructible and copyable. Calling value() or operator*
/// on an error is a precondition violation (checked by TRACEWIRE_ASSERT) and yields T{}.
template <class T>
class [[nodiscard]] result {
 public:
  using value_type = T;
  using error_type = errc;

  constexpr result(const T& v) noexcept : value_(v), error_(errc::ok) {}  // NOLINT: implicit
  constexpr result(errc e) noexcept : value_(), error_(e) {               // NOLINT: implicit
    TRACEWIRE_ASSERT(e != errc::ok);
  }

  constexpr bool has_value() const noexcept { return error_ == errc::ok; }
  constexpr explicit operator bool() const noexcept { return has_value(); }
  constexpr errc error() const noexcept { return error_; }

  constexpr const T& value() const& noexcept {
    TRACEWIRE_ASSERT(has_value());
    return value_;
  }
  constexpr T& value() & noexcept {
    TRACEWIRE_ASSERT(has_value());
    return value_;
  }
  constexpr const T& operator*() const& noexcept { return value(); }
  constexpr T& operator*() & noexcept { return value(); }
  constexpr const T* operator->() const noexcept { return &value_; }
  constexpr T* operator->() noexcept { return &value_; }

  /// The value, or `fallback` when this holds an error.
  constexpr T value_or(const T& fallback) const noexcept { return has_value() ? value_ : fallback; }

 private:
  T value_;
  errc error_;
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_ERROR_HPP
