// SPDX-License-Identifier: Apache-2.0
//
// tracewire/carriers/kafka.hpp: Kafka record headers in a standard container.
//
// Rules (Kafka protocol, KIP-82): a header is a string key and a byte-array value; keys repeat,
// are compared exactly (byte for byte), and keep their order; a value may be null, which is not
// the same as empty (field_range's iterator reports is_null()). set() replaces every header of
// that key (so a consumer that forwards a record does not send two traceparent headers).
//
//   std::vector<std::pair<std::string, std::optional<std::vector<std::byte>>>> headers;
//   auto carrier = tracewire::kafka_carrier(headers);
#ifndef TRACEWIRE_CARRIERS_KAFKA_HPP
#define TRACEWIRE_CARRIERS_KAFKA_HPP

#include <string_view>

#include "tracewire/carrier.hpp"
#include "tracewire/config.hpp"
#include "tracewire/detail/container_carrier.hpp"
#include "tracewire/error.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// The Kafka header rules: any non-empty key, any bytes.
struct kafka_policy {
  static constexpr key_rule keys = key_rule::exact;
  static constexpr errc check(std::string_view key, std::string_view) noexcept {
    return key.empty() ? errc::carrier_key_invalid : errc::ok;
  }
};

template <class Container, class Buffer = no_carrier_buffer>
using kafka_headers = container_carrier<Container, kafka_policy, Buffer>;

template <class Container>
kafka_headers<Container> kafka_carrier(Container& c) noexcept {
  return kafka_headers<Container>(c);
}
template <class Container, std::size_t N>
kafka_headers<Container, carrier_buffer<N>> kafka_carrier(Container& c,
                                                          carrier_buffer<N>& buffer) noexcept {
  return kafka_headers<Container, carrier_buffer<N>>(c, buffer);
}

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_CARRIERS_KAFKA_HPP
