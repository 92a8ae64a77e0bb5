// SPDX-License-Identifier: Apache-2.0
//
// tracewire/propagation.hpp: every propagator, the standard-container carriers and the context.
#ifndef TRACEWIRE_PROPAGATION_HPP
#define TRACEWIRE_PROPAGATION_HPP

#include "tracewire/carrier.hpp"
#include "tracewire/carriers/grpc.hpp"
#include "tracewire/carriers/http.hpp"
#include "tracewire/carriers/kafka.hpp"
#include "tracewire/context.hpp"
#include "tracewire/propagation/b3.hpp"
#include "tracewire/propagation/baggage.hpp"
#include "tracewire/propagation/composite.hpp"
#include "tracewire/propagation/grpc_trace_bin.hpp"
#include "tracewire/propagation/jaeger.hpp"
#include "tracewire/propagation/propagator.hpp"
#include "tracewire/propagation/w3c.hpp"

#endif  // TRACEWIRE_PROPAGATION_HPP
