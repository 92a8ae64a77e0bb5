// SPDX-License-Identifier: Apache-2.0
//
// tracewire/carriers/grpc.hpp: gRPC metadata in a standard container.
//
// Rules (gRPC over HTTP/2, PROTOCOL-HTTP2.md "Custom-Metadata"): keys are lowercase
// `0-9 a-z _ - .` and compared exactly; values of ordinary keys are printable ASCII (0x20-0x7E);
// keys ending in `-bin` carry raw bytes (base64 happens on the wire only, never in the process).
// gRPC C++ aborts the process on a key or value that breaks these rules, so set() checks first and
// refuses with errc::carrier_key_invalid / carrier_value_invalid.
//
//   std::multimap<std::string, std::string> md;
//   auto carrier = tracewire::grpc_carrier(md);
#ifndef TRACEWIRE_CARRIERS_GRPC_HPP
#define TRACEWIRE_CARRIERS_GRPC_HPP

#include <string_view>

#include "tracewire/carrier.hpp"
#include "tracewire/config.hpp"
#include "tracewire/detail/container_carrier.hpp"
#include "tracewire/error.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// The gRPC metadata rules.
struct grpc_policy {
  static constexpr key_rule keys = key_rule::exact;

  static constexpr bool is_binary_key(std::string_view key) noexcept {
    return key.size() >= 4 && detail::slice(key, key.size() - 4, 4) == "-bin";
  }
  static constexpr errc check_key(std::string_view key) noexcept {
    if (key.empty()) return errc::carrier_key_invalid;
    for (const char c : key) {
      const bool ok =
          (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
      if (!ok) return errc::carrier_key_invalid;
    }
    return errc::ok;
  }
  static constexpr errc check(std::string_view key, std::string_view value) noexcept {
    if (const errc e = check_key(key); e != errc::ok) return e;
    if (is_binary_key(key)) return errc::ok;
    for (const char c : value)
      if (c < 0x20 || c > 0x7E) return errc::carrier_value_invalid;
    return errc::ok;
  }
};

template <class Container, class Buffer = no_carrier_buffer>
using grpc_metadata = container_carrier<Container, grpc_policy, Buffer>;

template <class Container>
grpc_metadata<Container> grpc_carrier(Container& c) noexcept {
  return grpc_metadata<Container>(c);
}
template <class Container, std::size_t N>
grpc_metadata<Container, carrier_buffer<N>> grpc_carrier(Container& c,
                                                         carrier_buffer<N>& buffer) noexcept {
  return grpc_metadata<Container, carrier_buffer<N>>(c, buffer);
}

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_CARRIERS_GRPC_HPP
