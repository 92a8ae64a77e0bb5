// SPDX-License-Identifier: Apache-2.0
//
// tracewire/span_types.hpp: the small vocabulary that samplers (which see a span before it
// starts) and span records (which keep it after it ends) share.
#ifndef TRACEWIRE_SPAN_TYPES_HPP
#define TRACEWIRE_SPAN_TYPES_HPP

#include <cstdint>

#include "tracewire/config.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// OpenTelemetry SpanKind, numbered as OTLP's Span.SpanKind. The API's default is `internal`;
/// `unspecified` exists only so that a zeroed record reads as "not set".
enum class span_kind : std::uint8_t {
  unspecified = 0,
  internal = 1,
  server = 2,
  client = 3,
  producer = 4,
  consumer = 5,
};

/// The scalar OpenTelemetry attribute value types (arrays are not represented).
enum class attribute_type : std::uint8_t {
  string = 0,
  int64 = 1,
  float64 = 2,
  boolean = 3,
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_SPAN_TYPES_HPP
