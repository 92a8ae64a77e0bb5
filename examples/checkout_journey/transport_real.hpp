// SPDX-License-Identifier: Apache-2.0
//
// examples/checkout_journey/transport_real.hpp: --transport real, every hop through a real
// library (transport_real.cpp; built only when cpp-httplib, gRPC C++ and librdkafka were found,
// which defines TRACEWIRE_DEMO_REAL_TRANSPORT=1). This header includes none of them.
#ifndef TRACEWIRE_EXAMPLES_CHECKOUT_TRANSPORT_REAL_HPP
#define TRACEWIRE_EXAMPLES_CHECKOUT_TRANSPORT_REAL_HPP

#include <memory>
#include <string>

#include "transport.hpp"

namespace demo {

/// The most request threads the real transport runs (cpp-httplib's listen backlog of 5:
/// transport_real.cpp).
inline constexpr int real_max_request_threads = 4;

/// Starts the HTTP server on 127.0.0.1, the in-process gRPC server and the Kafka mock cluster,
/// delivering to `s`; sized for `request_threads` concurrent checkouts. On success `message`
/// describes the endpoints; on failure the result is null and `message` says why. Destroying the
/// transport shuts everything down (or ends the process with a message after 30 s).
std::unique_ptr<transport> make_real_transport(services& s, int request_threads,
                                               std::string& message);

}  // namespace demo

#endif  // TRACEWIRE_EXAMPLES_CHECKOUT_TRANSPORT_REAL_HPP
