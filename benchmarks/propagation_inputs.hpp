// SPDX-License-Identifier: Apache-2.0
//
// benchmarks/propagation_inputs.hpp: the request the propagation benchmarks extract from and inject
// into: 12 realistic HTTP request headers, three of them tracewire's (traceparent, a 2-member
// tracestate, a 3-member baggage with a property and a percent-encoded value).
#ifndef TRACEWIRE_BENCH_PROPAGATION_INPUTS_HPP
#define TRACEWIRE_BENCH_PROPAGATION_INPUTS_HPP

#include <string_view>
#include <utility>

#include "inputs.hpp"

namespace tracewire_bench {

inline constexpr std::pair<std::string_view, std::string_view> request_12[] = {
    {"host", "checkout.shop.example"},
    {"user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"},
    {"accept", "application/json"},
    {"accept-encoding", "gzip, deflate, br"},
    {"accept-language", "en-GB,en;q=0.8"},
    {"content-type", "application/json"},
    {"content-length", "512"},
    {"traceparent", traceparent_input},
    {"tracestate", tracestate_2_input},
    {"baggage", baggage_3_input},
    {"authorization",
     "Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo"},
    {"x-request-id", "9b2f6c1e-41a7-4d0b-8a61-2f4d8c1b7e55"},
};

}  // namespace tracewire_bench

#endif  // TRACEWIRE_BENCH_PROPAGATION_INPUTS_HPP
