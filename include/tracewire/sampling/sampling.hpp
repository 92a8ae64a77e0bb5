// SPDX-License-Identifier: Apache-2.0
//
// tracewire/sampling/sampling.hpp: every sampler header. rate_limited.hpp (which includes
// <atomic> and <chrono>) and from_env.hpp (<charconv>, <cstdlib>) are heavier than the others;
// include the individual headers when include time matters.
#ifndef TRACEWIRE_SAMPLING_SAMPLING_HPP
#define TRACEWIRE_SAMPLING_SAMPLING_HPP

#include "tracewire/sampling/always.hpp"
#include "tracewire/sampling/from_env.hpp"
#include "tracewire/sampling/legacy_ratio.hpp"
#include "tracewire/sampling/ot_tracestate.hpp"
#include "tracewire/sampling/parent_based.hpp"
#include "tracewire/sampling/probability.hpp"
#include "tracewire/sampling/rate_limited.hpp"
#include "tracewire/sampling/rule_based.hpp"
#include "tracewire/sampling/sampler.hpp"

#endif  // TRACEWIRE_SAMPLING_SAMPLING_HPP
