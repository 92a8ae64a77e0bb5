// SPDX-License-Identifier: Apache-2.0
//
// tracewire/tracewire.hpp: umbrella header. Includes every standard-library-only public header.
// The optional adapters for third-party libraries (carriers/httplib.hpp and friends) are never
// included from here.
#ifndef TRACEWIRE_TRACEWIRE_HPP
#define TRACEWIRE_TRACEWIRE_HPP

#include "tracewire/baggage.hpp"
#include "tracewire/carrier.hpp"
#include "tracewire/config.hpp"
#include "tracewire/context.hpp"
#include "tracewire/error.hpp"
#include "tracewire/id_generator.hpp"
#include "tracewire/ids.hpp"
#include "tracewire/propagation.hpp"
#include "tracewire/ring/sharded_span_ring.hpp"
#include "tracewire/ring/span_record.hpp"
#include "tracewire/ring/span_ring.hpp"
#include "tracewire/sampling/sampling.hpp"
#include "tracewire/span_types.hpp"
#include "tracewire/traceparent.hpp"
#include "tracewire/tracestate.hpp"
#include "tracewire/version.hpp"

#endif  // TRACEWIRE_TRACEWIRE_HPP
