// SPDX-License-Identifier: Apache-2.0
//
// tracewire/propagation/grpc_trace_bin.hpp: `grpc-trace-bin`, the OpenCensus binary format that
// gRPC services still send in `-bin` metadata (opencensus-specs encodings/BinaryEncoding.md).
//
//   byte 0      version 0
//   byte 1      field 0, bytes 2-17 trace-id
//   byte 18     field 1, bytes 19-26 span-id
//   byte 27     field 2, byte 28 trace options (bit 0: sampled)
//
// Exactly these 29 bytes are accepted (other lengths, versions or field ids are errors). The value
// is raw bytes inside the process: gRPC base64-encodes `-bin` metadata on the wire only, so neither
// extract nor inject ever sees or produces base64.
#ifndef TRACEWIRE_PROPAGATION_GRPC_TRACE_BIN_HPP
#define TRACEWIRE_PROPAGATION_GRPC_TRACE_BIN_HPP

#include <cstdint>
#include <string_view>

#include "tracewire/carrier.hpp"
#include "tracewire/config.hpp"
#include "tracewire/context.hpp"
#include "tracewire/error.hpp"
#include "tracewire/ids.hpp"
#include "tracewire/propagation/propagator.hpp"

TRACEWIRE_BEGIN_NAMESPACE

inline constexpr std::size_t grpc_trace_bin_size = 29;

struct grpc_trace_bin_header {
  ::tracewire::trace_id trace_id;
  ::tracewire::span_id span_id;
  std::uint8_t options = 0;  ///< bit 0: sampled
};

/// Parses the 29 raw bytes.
constexpr result<grpc_trace_bin_header> parse_grpc_trace_bin(std::string_view s) noexcept {
  if (s.size() != grpc_trace_bin_size) return errc::grpc_trace_bin_wrong_length;
  const auto byte = [&s](std::size_t i) { return static_cast<std::uint8_t>(s[i]); };
  if (byte(0) != 0) return errc::grpc_trace_bin_bad_version;
  if (byte(1) != 0 || byte(18) != 1 || byte(27) != 2) return errc::grpc_trace_bin_bad_field;
  std::uint8_t t[16] = {};
  std::uint8_t sp[8] = {};
  for (std::size_t i = 0; i < 16; ++i) t[i] = byte(2 + i);
  for (std::size_t i = 0; i < 8; ++i) sp[i] = byte(19 + i);
  grpc_trace_bin_header h;
  h.trace_id = trace_id::from_bytes(t);
  h.span_id = span_id::from_bytes(sp);
  h.options = byte(28);
  if (!h.trace_id.is_valid()) return errc::trace_id_all_zero;
  if (!h.span_id.is_valid()) return errc::span_id_all_zero;
  return h;
}

/// Writes the 29 bytes (options: the sampled bit only).
constexpr result<std::size_t> format_grpc_trace_bin(const trace_id& t, const span_id& s,
                                                    bool sampled, char* out,
                                                    std::size_t size) noexcept {
  if (size < grpc_trace_bin_size) return errc::buffer_too_small;
  out[0] = 0;
  out[1] = 0;
  for (std::size_t i = 0; i < 16; ++i) out[2 + i] = static_cast<char>(t.bytes()[i]);
  out[18] = 1;
  for (std::size_t i = 0; i < 8; ++i) out[19 + i] = static_cast<char>(s.bytes()[i]);
  out[27] = 2;
  out[28] = sampled ? 1 : 0;
  return grpc_trace_bin_size;
}

namespace detail {
inline constexpr std::string_view grpc_trace_bin_fields[] = {"grpc-trace-bin"};
}  // namespace detail

/// The `grpc-trace-bin` propagator (gRPC metadata; the key ends in `-bin`, so the value is bytes).
struct grpc_trace_bin : span_propagator<grpc_trace_bin> {
  static constexpr std::string_view name = "grpc-trace-bin";
  static constexpr field_list fields() noexcept { return {detail::grpc_trace_bin_fields, 1}; }

  template <class Carrier, class TS>
  constexpr propagation_status extract_span(const Carrier& carrier,
                                            basic_span_context<TS>& out) const noexcept {
    const single_field f = find_single(carrier, detail::grpc_trace_bin_fields[0]);
    if (f.error != errc::ok) return {f.error, errc::ok};
    const result<grpc_trace_bin_header> h = parse_grpc_trace_bin(f.value);
    if (!h) return {h.error(), errc::ok};
    out.trace_id = h->trace_id;
    out.span_id = h->span_id;
    out.flags = trace_flags().with_sampled((h->options & 1) != 0);
    out.tracestate.clear();
    out.remote = true;
    return {};
  }

  template <class TS, class Carrier>
  constexpr errc inject_span(const basic_span_context<TS>& in, Carrier& carrier) const {
    if (!in.is_valid()) return detail::invalid_reason(in);
    char buf[grpc_trace_bin_size] = {};
    const result<std::size_t> n =
        format_grpc_trace_bin(in.trace_id, in.span_id, in.sampled(), buf, sizeof buf);
    if (!n) return n.error();
    return detail::set_trusted(carrier, detail::grpc_trace_bin_fields[0],
                               std::string_view(buf, *n));
  }
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_PROPAGATION_GRPC_TRACE_BIN_HPP
