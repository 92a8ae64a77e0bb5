// SPDX-License-Identifier: Apache-2.0
//
// tracewire allocates nothing during extract or inject: with a pre-sized vector of string_view
// pairs and a carrier_buffer, a whole request's extract and inject make zero allocations; with
// std::string containers, the only allocations are the container's own (counted here against
// what the same writes cost without tracewire).
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "alloc_counter.hpp"
#include "tracewire/carriers/grpc.hpp"
#include "tracewire/carriers/http.hpp"
#include "tracewire/carriers/kafka.hpp"
#include "tracewire/propagation.hpp"

namespace tw = tracewire;
using tracewire_test::alloc_scope;

namespace {

using view_headers = std::vector<std::pair<std::string_view, std::string_view>>;

view_headers request_headers() {
  return {{"host", "shop.example"},
          {"user-agent", "curl/8.5"},
          {"accept", "*/*"},
          {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
          {"tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"},
          {"baggage", "userId=Am%C3%A9lie,user.tier=gold;source=gateway,cart.value=129.90"}};
}

TEST(propagation_alloc, extract_everything_from_views_allocates_nothing) {
  const view_headers h = request_headers();
  tw::carrier_buffer<16> unused;
  view_headers copy = h;
  auto c = tw::http_carrier(copy, unused);
  tw::context ctx;
  tw::composite<tw::w3c_trace_context, tw::w3c_baggage, tw::b3_multi, tw::jaeger> p;
  const alloc_scope scope;
  const tw::propagation_status st = p.extract(c, ctx);
  EXPECT_EQ(scope.count(), 0u);
  EXPECT_TRUE(st);
  EXPECT_EQ(ctx.baggage.size(), 3u);
  EXPECT_EQ(ctx.span.tracestate.size(), 2u);
}

TEST(propagation_alloc, inject_into_a_presized_view_vector_allocates_nothing) {
  view_headers h = request_headers();
  tw::carrier_buffer<16> unused;
  auto in = tw::http_carrier(h, unused);
  tw::context ctx;
  ASSERT_TRUE((tw::composite<tw::w3c_trace_context, tw::w3c_baggage>{}.extract(in, ctx)));

  view_headers out;
  out.reserve(16);
  tw::carrier_buffer<1024> buf;
  auto oc = tw::http_carrier(out, buf);
  tw::composite<tw::w3c_trace_context, tw::w3c_baggage, tw::b3_single, tw::b3_multi, tw::jaeger>
      all;
  const alloc_scope scope;
  const tw::errc e = all.inject(ctx, oc);
  EXPECT_EQ(scope.count(), 0u);
  EXPECT_EQ(e, tw::errc::ok);
  EXPECT_GE(out.size(), 8u);
}

TEST(propagation_alloc, runtime_list_and_grpc_bin_allocate_nothing) {
  view_headers h = request_headers();
  tw::carrier_buffer<512> buf;
  auto c = tw::http_carrier(h, buf);
  const auto list = tw::propagator_list::parse("tracecontext,baggage,b3,jaeger");
  ASSERT_TRUE(list);
  tw::context ctx;
  std::vector<std::pair<std::string_view, std::string_view>> md;
  md.reserve(8);
  auto g = tw::grpc_carrier(md, buf);
  const alloc_scope scope;
  EXPECT_TRUE(list->extract(c, ctx));
  EXPECT_EQ(tw::grpc_trace_bin{}.inject(ctx, g), tw::errc::ok);
  tw::span_context back;
  EXPECT_TRUE(tw::grpc_trace_bin{}.extract(g, back));
  EXPECT_EQ(scope.count(), 0u);
}

TEST(propagation_alloc, string_containers_allocate_only_for_their_own_strings) {
  // Extract from an unordered_map<string, string>: reading is free.
  std::unordered_map<std::string, std::string> h;
  for (const auto& kv : request_headers()) h.emplace(kv.first, kv.second);
  auto c = tw::http_carrier(h);
  tw::context ctx;
  {
    const alloc_scope scope;
    ASSERT_TRUE((tw::composite<tw::w3c_trace_context, tw::w3c_baggage>{}.extract(c, ctx)));
    EXPECT_EQ(scope.count(), 0u);
  }
  // Inject into a fresh one: what the container itself needs (node + key/value strings longer
  // than the small-string buffer), nothing more.
  std::unordered_map<std::string, std::string> out;
  out.reserve(8);
  auto oc = tw::http_carrier(out);
  std::size_t by_tracewire = 0;
  {
    const alloc_scope scope;
    ASSERT_EQ((tw::composite<tw::w3c_trace_context, tw::w3c_baggage>{}.inject(ctx, oc)),
              tw::errc::ok);
    by_tracewire = scope.count();
  }
  std::unordered_map<std::string, std::string> manual;
  manual.reserve(8);
  std::size_t by_hand = 0;
  {
    const alloc_scope scope;
    for (const auto& kv : out) manual.emplace(std::string(kv.first), std::string(kv.second));
    by_hand = scope.count();
  }
  EXPECT_EQ(by_tracewire, by_hand);
}

}  // namespace
