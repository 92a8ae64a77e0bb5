// SPDX-License-Identifier: Apache-2.0
//
// tracewire_real_bench: extract and inject W3C trace context + baggage through each real
// transport library's own container, holding 12 realistic request fields: traceparent, a
// 2-member tracestate, a 3-member baggage and 9 ordinary headers. Reports ns/op and
// `allocs_per_op` (tests/support/alloc_counter). Extract must not allocate (it reads views of the
// container); inject allocates whatever the library's container allocates to store a field
// (that is the library's cost, shown so users see it), plus nothing of tracewire's own.
// Each benchmark checks once, before timing, that the round trip gives the expected context.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alloc_counter.hpp"
#include "tracewire/carrier.hpp"
#include "tracewire/carriers/grpc.hpp"
#include "tracewire/context.hpp"
#include "tracewire/propagation/baggage.hpp"
#include "tracewire/propagation/composite.hpp"
#include "tracewire/propagation/w3c.hpp"

#if defined(TW_BENCH_HTTPLIB)
#  include "tracewire/carriers/httplib.hpp"
#endif
#if defined(TW_BENCH_BEAST)
#  include <boost/beast/http/fields.hpp>

#  include "tracewire/carriers/beast.hpp"
#endif
#if defined(TW_BENCH_GRPC)
#  include "tracewire/carriers/grpcpp.hpp"
#endif
#if defined(TW_BENCH_RDKAFKA)
#  include "tracewire/carriers/librdkafka.hpp"
#endif

namespace {

using propagator = tracewire::composite<tracewire::w3c_trace_context, tracewire::w3c_baggage>;

// The 12 request fields, in the order a client would send them.
const std::vector<std::pair<std::string, std::string>>& request_fields() {
  static const std::vector<std::pair<std::string, std::string>> fields = {
      {"host", "checkout.shop.example"},
      {"user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0"},
      {"accept", "application/json, text/plain, */*"},
      {"accept-encoding", "gzip, deflate, br"},
      {"accept-language", "en-US,en;q=0.9"},
      {"content-type", "application/json"},
      {"content-length", "348"},
      {"x-request-id", "7f1c2a9e-5b3d-4e8a-9c61-0d2f4b8a1e77"},
      {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
      {"tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"},
      {"baggage", "userId=alice,serverNode=DF%2028,isProduction=false"},
      {"cookie", "session=9b1d4a0c7e2f; theme=dark"},
  };
  return fields;
}

void report_allocs(benchmark::State& state, std::size_t allocations) {
  state.counters["allocs_per_op"] =
      benchmark::Counter(static_cast<double>(allocations), benchmark::Counter::kAvgIterations);
}

/// The context every inject writes (what extract of request_fields() gives).
const tracewire::context& outbound() {
  static const tracewire::context ctx = [] {
    tracewire::context c;
    const auto& f = request_fields();
    std::multimap<std::string, std::string> m(f.begin(), f.end());
    static_cast<void>(propagator{}.extract(tracewire::http_carrier(m), c));
    return c;
  }();
  return ctx;
}

/// Aborts the benchmark program when an extract did not give the expected context.
void check(const tracewire::context& got, const char* what) {
  const tracewire::context& want = outbound();
  if (!(got.span == want.span) || got.baggage.size() != 3 || !want.span.is_valid() ||
      got.span.tracestate.size() != 2 || got.baggage.get("serverNode") != "DF 28") {
    std::fprintf(stderr, "self-check failed: %s\n", what);
    std::abort();
  }
}

template <class Carrier>
void run_extract(benchmark::State& state, const Carrier& carrier, const char* name) {
  tracewire::context ctx;
  if (!propagator{}.extract(carrier, ctx)) state.SkipWithError("extract failed");
  check(ctx, name);
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    auto status = propagator{}.extract(carrier, ctx);
    benchmark::DoNotOptimize(status);
    benchmark::DoNotOptimize(ctx);
  }
  report_allocs(state, allocs.count());
}

template <class Carrier>
void run_inject(benchmark::State& state, Carrier& carrier, const char* name) {
  const tracewire::context& ctx = outbound();
  if (propagator{}.inject(ctx, carrier) != tracewire::errc::ok) state.SkipWithError("inject");
  tracewire::context back;
  static_cast<void>(propagator{}.extract(carrier, back));
  check(back, name);
  const tracewire_test::alloc_scope allocs;
  for ([[maybe_unused]] auto _ : state) {
    auto e = propagator{}.inject(ctx, carrier);  // replaces the three fields every time
    benchmark::DoNotOptimize(e);
  }
  report_allocs(state, allocs.count());
}

// --- std::multimap<std::string, std::string>: the baseline container ---------------------------
void std_multimap_extract(benchmark::State& state) {
  const auto& f = request_fields();
  std::multimap<std::string, std::string> m(f.begin(), f.end());
  run_extract(state, tracewire::http_carrier(m), "std::multimap");
}
BENCHMARK(std_multimap_extract);

#if defined(TW_BENCH_HTTPLIB)
// --- cpp-httplib ---------------------------------------------------------------------------------
httplib::Headers httplib_headers() {
  httplib::Headers h;
  for (const auto& [k, v] : request_fields()) h.emplace(k, v);
  return h;
}
void httplib_extract(benchmark::State& state) {
  const httplib::Headers h = httplib_headers();
  run_extract(state, tracewire::httplib_carrier(h), "httplib extract");
}
void httplib_inject(benchmark::State& state) {
  httplib::Headers h = httplib_headers();
  auto carrier = tracewire::httplib_carrier(h);
  run_inject(state, carrier, "httplib inject");
}
BENCHMARK(httplib_extract);
BENCHMARK(httplib_inject);
#endif

#if defined(TW_BENCH_BEAST)
// --- Boost.Beast ---------------------------------------------------------------------------------
boost::beast::http::fields beast_fields() {
  boost::beast::http::fields f;
  for (const auto& [k, v] : request_fields()) f.insert(k, v);
  return f;
}
void beast_extract(benchmark::State& state) {
  const boost::beast::http::fields f = beast_fields();
  run_extract(state, tracewire::beast_carrier(f), "beast extract");
}
void beast_inject(benchmark::State& state) {
  boost::beast::http::fields f = beast_fields();
  auto carrier = tracewire::beast_carrier(f);
  run_inject(state, carrier, "beast inject");
}
BENCHMARK(beast_extract);
BENCHMARK(beast_inject);
#endif

#if defined(TW_BENCH_GRPC)
// --- gRPC: the server's multimap of string_ref, the client interceptor's send metadata -----------
void grpc_server_extract(benchmark::State& state) {
  const auto& f = request_fields();
  tracewire::grpc_received_metadata md;  // views of f, as gRPC's views of the call's metadata
  for (const auto& [k, v] : f)
    md.emplace(grpc::string_ref(k.data(), k.size()), grpc::string_ref(v.data(), v.size()));
  run_extract(state, tracewire::grpc_server_carrier(md), "grpc server extract");
}
void grpc_client_inject(benchmark::State& state) {
  const auto& f = request_fields();
  std::multimap<std::string, std::string> md(f.begin(), f.end());  // GetSendInitialMetadata()
  auto carrier = tracewire::grpc_carrier(md);
  run_inject(state, carrier, "grpc client inject");
}
BENCHMARK(grpc_server_extract);
BENCHMARK(grpc_client_inject);
#endif

#if defined(TW_BENCH_RDKAFKA)
// --- librdkafka ----------------------------------------------------------------------------------
// librdkafka allocates with malloc (one block per header added by inject's set()), which the
// operator-new counter does not see: its inject shows 0 here but costs 3 mallocs and 3 frees.
struct kafka_list {
  rd_kafka_headers_t* h = rd_kafka_headers_new(16);
  kafka_list() {
    for (const auto& [k, v] : request_fields())
      rd_kafka_header_add(h, k.data(), static_cast<ssize_t>(k.size()), v.data(),
                          static_cast<ssize_t>(v.size()));
  }
  ~kafka_list() { rd_kafka_headers_destroy(h); }
  kafka_list(const kafka_list&) = delete;
  kafka_list& operator=(const kafka_list&) = delete;
};
void rdkafka_extract(benchmark::State& state) {
  const kafka_list list;
  run_extract(state, tracewire::librdkafka_carrier(static_cast<const rd_kafka_headers_t*>(list.h)),
              "librdkafka extract");
}
void rdkafka_inject(benchmark::State& state) {
  const kafka_list list;
  auto carrier = tracewire::librdkafka_carrier(list.h);
  run_inject(state, carrier, "librdkafka inject");
}
BENCHMARK(rdkafka_extract);
BENCHMARK(rdkafka_inject);
#endif

}  // namespace

BENCHMARK_MAIN();
