// SPDX-License-Identifier: Apache-2.0
//
// checkout_journey: one checkout becoming one trace across HTTP, gRPC and Kafka hops, with baggage,
// consistent sampling and a non-blocking exporter, built from tracewire's parts.
//
//   checkout_journey [--journeys N] [--ratio P] [--premium-share S] [--ring-capacity N]
//                    [--threads T] [--fault NAME=SHARE]... [--no-faults] [--waterfalls K]
//                    [--log-journeys K] [--seed S] [--spans-out FILE] [--transport memory|real]
//
// Faults: slow-payment, insufficient-stock, declined-card, price-mismatch. --help prints this.
#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "shop.hpp"
#include "telemetry.hpp"
#include "tracewire/version.hpp"
#include "transport.hpp"
#if TRACEWIRE_DEMO_REAL_TRANSPORT
#  include "transport_real.hpp"
#endif

namespace {

struct options {
  int journeys = 400;
  double ratio = 0.1;
  double premium_share = 0.15;
  std::size_t ring_capacity = 4096;
  int threads = 4;
  demo::faults faults;
  int waterfalls = 2;
  int log_journeys = 2;
  std::uint64_t seed = 20261201;
  std::string spans_out;
  std::string transport = "memory";
};

void usage(std::FILE* to) {
  std::fputs(
      "usage: checkout_journey [options]\n"
      "  --journeys N          checkouts to run (default 400)\n"
      "  --ratio P             probability sampler ratio for free and gold users (default 0.1)\n"
      "  --premium-share S     share of premium and vip users, always sampled (default 0.15)\n"
      "  --ring-capacity N     span ring capacity, 16..65536 (default 4096; small shows drops)\n"
      "  --threads T           request threads (default 4; at most 4 with --transport real)\n"
      "  --fault NAME=SHARE    slow-payment, insufficient-stock, declined-card, price-mismatch\n"
      "  --no-faults           no injected faults\n"
      "  --waterfalls K        waterfalls of the first K sampled journeys (default 2)\n"
      "  --log-journeys K      print the log lines of the first K journeys (default 2)\n"
      "  --seed S              random seed (the same seed gives the same journeys)\n"
      "  --spans-out FILE      write every exported span, decision and counter (for tests)\n"
      "  --transport memory    every hop serialised in memory (the default)\n"
      "  --transport real      HTTP over cpp-httplib on 127.0.0.1, gRPC in-process, Kafka on\n"
      "                        librdkafka's mock cluster (when the build found those libraries)\n",
      to);
}

bool parse_args(int argc, char** argv, options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", name);
        return nullptr;
      }
      return argv[++i];
    };
    const char* v = nullptr;
    if (a == "--help" || a == "-h") {
      usage(stdout);
      std::exit(0);
    } else if (a == "--journeys" && (v = value("--journeys"))) {
      o.journeys = std::atoi(v);
    } else if (a == "--ratio" && (v = value("--ratio"))) {
      o.ratio = std::atof(v);
    } else if (a == "--premium-share" && (v = value("--premium-share"))) {
      o.premium_share = std::atof(v);
    } else if (a == "--ring-capacity" && (v = value("--ring-capacity"))) {
      o.ring_capacity = static_cast<std::size_t>(std::strtoull(v, nullptr, 10));
    } else if (a == "--threads" && (v = value("--threads"))) {
      o.threads = std::max(1, std::atoi(v));
    } else if (a == "--waterfalls" && (v = value("--waterfalls"))) {
      o.waterfalls = std::atoi(v);
    } else if (a == "--log-journeys" && (v = value("--log-journeys"))) {
      o.log_journeys = std::atoi(v);
    } else if (a == "--seed" && (v = value("--seed"))) {
      o.seed = std::strtoull(v, nullptr, 10);
    } else if (a == "--spans-out" && (v = value("--spans-out"))) {
      o.spans_out = v;
    } else if (a == "--transport" && (v = value("--transport"))) {
      o.transport = v;
    } else if (a == "--no-faults") {
      o.faults = demo::faults{0, 0, 0, 0};
    } else if (a == "--fault" && (v = value("--fault"))) {
      const std::string f = v;
      const std::size_t eq = f.find('=');
      const std::string name = f.substr(0, eq);
      const double share = eq == std::string::npos ? 0.1 : std::atof(f.c_str() + eq + 1);
      if (name == "slow-payment") {
        o.faults.slow_payment = share;
      } else if (name == "insufficient-stock") {
        o.faults.insufficient_stock = share;
      } else if (name == "declined-card") {
        o.faults.declined_card = share;
      } else if (name == "price-mismatch") {
        o.faults.price_mismatch = share;
      } else {
        std::fprintf(stderr, "unknown fault '%s'\n", name.c_str());
        return false;
      }
    } else {
      if (v == nullptr && a.rfind("--", 0) == 0 && i < argc) {
        std::fprintf(stderr, "unknown or incomplete option '%s'\n", a.c_str());
      }
      return false;
    }
  }
  if (o.journeys < 1 || o.ratio < 0 || o.ratio > 1 || o.premium_share < 0 || o.premium_share > 1 ||
      o.ring_capacity < 1) {
    std::fprintf(stderr, "option out of range\n");
    return false;
  }
  return true;
}

std::string hex(const tracewire::trace_id& id) {
  char b[33] = {};
  id.to_hex(b);
  return b;
}
std::string hex(const tracewire::span_id& id) {
  char b[17] = {};
  id.to_hex(b);
  return b;
}

const char* kind_name(tracewire::span_kind k) {
  switch (k) {
    case tracewire::span_kind::server:
      return "server";
    case tracewire::span_kind::client:
      return "client";
    case tracewire::span_kind::producer:
      return "producer";
    case tracewire::span_kind::consumer:
      return "consumer";
    default:
      return "internal";
  }
}

double ms(std::uint64_t ns) { return static_cast<double>(ns) / 1e6; }

/// The spans of one trace as a tree, printed in start order with a timeline bar.
void print_waterfall(const demo::journey& j, const std::vector<const demo::exported_span*>& spans) {
  if (spans.empty()) return;
  std::uint64_t t0 = spans.front()->start_ns, t1 = 0;
  for (const auto* s : spans) {
    t0 = std::min(t0, s->start_ns);
    t1 = std::max(t1, s->end_ns);
  }
  const double total = std::max(1.0, ms(t1 - t0));
  std::printf("\ntrace %s  journey %d  user.tier=%s  enduser.id=%s  cart.value=%s  %s\n",
              j.trace_id.c_str(), j.index, j.tier.c_str(), j.user_id.c_str(),
              demo::cents_text(j.cart_value_cents).c_str(),
              j.ok ? "OK" : ("FAILED at " + j.failed_step).c_str());
  std::map<std::string, std::vector<const demo::exported_span*>> children;
  std::set<std::string> ids;
  for (const auto* s : spans) ids.insert(hex(s->span_id));
  std::vector<const demo::exported_span*> roots;
  for (const auto* s : spans) {
    if (ids.count(hex(s->parent_id)) != 0) {
      children[hex(s->parent_id)].push_back(s);
    } else {
      roots.push_back(s);
    }
  }
  for (auto& kv : children)
    std::sort(kv.second.begin(), kv.second.end(),
              [](const auto* a, const auto* b) { return a->start_ns < b->start_ns; });
  constexpr int width = 40;
  std::printf("  %9s %10s  %-56s %-*s  %s\n", "start", "duration", "span", width + 2, "timeline",
              "key attributes");
  auto print = [&](auto&& self, const demo::exported_span* s, int depth) -> void {
    const double start = ms(s->start_ns - t0);
    const double dur = ms(s->end_ns - s->start_ns);
    int from = static_cast<int>(start / total * width);
    int len = std::max(1, static_cast<int>(dur / total * width + 0.5));
    from = std::min(from, width - 1);
    len = std::min(len, width - from);
    std::string bar(static_cast<std::size_t>(width), ' ');
    for (int k = from; k < from + len; ++k) bar[static_cast<std::size_t>(k)] = s->error ? 'x' : '=';
    std::string label = std::string(static_cast<std::size_t>(depth * 2), ' ') + "[" +
                        s->attribute("service.name") + "] " + s->name + " (" + kind_name(s->kind) +
                        ")";
    std::string keys;
    for (const char* k : {"http.response.status_code", "rpc.grpc.status_code", "order.id",
                          "payment.amount", "inventory.sku", "messaging.destination.name"}) {
      const std::string v = s->attribute(k);
      if (!v.empty()) keys += std::string(k) + "=" + v + " ";
    }
    for (const auto& e : s->events) keys += "event:" + e.first + " ";
    if (s->error) keys += "ERROR: " + s->status_message;
    std::printf("  %7.1fms %8.1fms  %-56.56s |%s|  %s\n", start, dur, label.c_str(), bar.c_str(),
                keys.c_str());
    const auto it = children.find(hex(s->span_id));
    if (it != children.end())
      for (const auto* c : it->second) self(self, c, depth + 1);
  };
  for (const auto* r : roots) print(print, r, 0);
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double rank = p * static_cast<double>(v.size() - 1);
  return v[static_cast<std::size_t>(std::lround(rank))];
}

}  // namespace

int main(int argc, char** argv) {
  options o;
  if (!parse_args(argc, argv, o)) {
    usage(stderr);
    return 2;
  }
  if (o.transport != "memory" && o.transport != "real") {
    std::fprintf(stderr, "--transport %s: unknown transport (memory or real)\n",
                 o.transport.c_str());
    return 2;
  }
#if !TRACEWIRE_DEMO_REAL_TRANSPORT
  if (o.transport == "real") {
    std::fprintf(stderr,
                 "--transport real: this build has the in-memory transport only; the real one "
                 "needs cpp-httplib, gRPC C++ and librdkafka at build time (Debian packages "
                 "libcpp-httplib-dev, libgrpc++-dev + protobuf-compiler-grpc, librdkafka-dev): "
                 "install them and reconfigure\n");
    return 2;
  }
#endif

  // Sampling: parent-based; at the root, premium and vip users always, the rest at `ratio` with
  // the consistent probability sampler (56-bit threshold, th in tracestate).
  const auto keep_all = tracewire::probability_sampler::create(1.0);
  const auto ratio = tracewire::probability_sampler::create(o.ratio);
  if (!keep_all || !ratio) {
    std::fprintf(stderr, "invalid ratio %g: %s\n", o.ratio, tracewire::to_string(ratio.error()));
    return 2;
  }
  demo::root_sampler root;
  if (root.add(tracewire::rule_predicate::baggage_in("user.tier", {"premium", "vip"}), *keep_all) !=
          tracewire::errc::ok ||
      root.add(tracewire::rule_predicate::always(), *ratio) != tracewire::errc::ok) {
    std::fprintf(stderr, "could not build the sampling rules\n");
    return 2;
  }
  const demo::service_sampler sampler(root);

  std::unique_ptr<demo::ring_base> ring = demo::make_ring(o.ring_capacity);
  demo::tracer tracer(sampler, *ring, demo::log_options{o.log_journeys});
  const std::uint64_t epoch_ns =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  std::vector<demo::journey> journeys =
      demo::make_journeys(o.journeys, o.premium_share, o.faults, o.seed, epoch_ns);
  demo::shop shop(tracer, journeys, o.faults);

  std::unique_ptr<demo::transport> transport;
  std::string transport_info;
  if (o.transport == "real") {
#if TRACEWIRE_DEMO_REAL_TRANSPORT
    o.threads = std::min(o.threads, demo::real_max_request_threads);
    transport = demo::make_real_transport(shop, o.threads, transport_info);
    if (!transport) {
      std::fprintf(stderr, "--transport real: %s\n", transport_info.c_str());
      return 1;
    }
#endif
  } else {
    transport = std::make_unique<demo::memory_transport>(shop);
  }
  shop.set_transport(*transport);
  const auto wall0 = std::chrono::steady_clock::now();

  std::printf(
      "tracewire %s checkout journey: %d journeys, ratio %.3g, premium+vip share %.2f, "
      "ring capacity %zu, %d request threads, transport %s\n",
      TRACEWIRE_VERSION_STRING, o.journeys, o.ratio, o.premium_share, ring->capacity(), o.threads,
      o.transport.c_str());
  if (!transport_info.empty()) std::printf("transport: %s\n", transport_info.c_str());
  const auto description = tracewire::description(sampler);
  std::printf("sampler: %.*s\n\nlog lines of the first journeys:\n",
              static_cast<int>(description.view().size()), description.view().data());

  {
    demo::exporter exp(*ring);
    std::thread worker([&] { shop.run_worker(); });
    // Journeys run in order within a thread; threads interleave (journey i on thread i % T).
    std::vector<std::thread> threads;
    for (int t = 0; t < o.threads; ++t) {
      threads.emplace_back([&, t] {
        for (std::size_t i = static_cast<std::size_t>(t); i < journeys.size();
             i += static_cast<std::size_t>(o.threads))
          shop.checkout(i);
      });
    }
    for (auto& th : threads) th.join();
    transport->close_orders();
    worker.join();
    const std::uint64_t hop_failures = transport->failures();
    const std::string first_failure = transport->first_failure();
    transport.reset();  // the real transport shuts its servers and clients down here
    exp.stop();
    std::vector<demo::exported_span>& spans = exp.spans();
    const double wall_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall0).count();

    // Group the exported spans by trace.
    std::map<std::string, std::vector<const demo::exported_span*>> by_trace;
    for (const auto& s : spans) by_trace[hex(s.trace_id)].push_back(&s);

    int shown = 0;
    for (const auto& j : journeys) {
      if (shown >= o.waterfalls) break;
      if (!j.sampled) continue;
      const auto it = by_trace.find(j.trace_id);
      if (it == by_trace.end()) continue;
      print_waterfall(j, it->second);
      ++shown;
    }
    // And one failed journey, if a sampled one failed.
    for (const auto& j : journeys) {
      if (shown >= o.waterfalls + 1 || j.ok || !j.sampled) continue;
      const auto it = by_trace.find(j.trace_id);
      if (it == by_trace.end()) continue;
      print_waterfall(j, it->second);
      ++shown;
      break;
    }

    // --- summary ---------------------------------------------------------------------------
    std::printf("\nsummary\n");
    std::printf("  journeys run: %d in %.0f ms wall time (%d ok", o.journeys, wall_ms,
                static_cast<int>(std::count_if(journeys.begin(), journeys.end(),
                                               [](const demo::journey& j) { return j.ok; })));
    std::map<std::string, int> failures;
    for (const auto& j : journeys)
      if (!j.ok) ++failures[j.failed_step];
    for (const auto& f : failures) std::printf(", %d failed at %s", f.second, f.first.c_str());
    std::printf(")\n  sampled share by tier (premium and vip always; others at the ratio):\n");
    std::map<std::string, std::pair<int, int>> tiers;
    for (const auto& j : journeys) {
      auto& t = tiers[j.tier];
      ++t.first;
      t.second += j.sampled ? 1 : 0;
    }
    for (const auto& t : tiers)
      std::printf("    %-8s %5d journeys, %5d sampled (%5.1f%%)\n", t.first.c_str(), t.second.first,
                  t.second.second, 100.0 * t.second.second / std::max(1, t.second.first));
    const std::vector<demo::decision> decisions = tracer.decisions();
    std::map<int, std::set<bool>> per_journey;
    for (const auto& d : decisions) per_journey[d.journey].insert(d.sampled);
    const auto consistent =
        static_cast<int>(std::count_if(per_journey.begin(), per_journey.end(),
                                       [](const auto& kv) { return kv.second.size() == 1; }));
    std::printf(
        "  sampling decisions: %zu across all hops; %d of %zu journeys decided the same at "
        "every hop\n",
        decisions.size(), consistent, per_journey.size());
    // Every sampled span is handed to the ring once: accepted (later exported) or dropped.
    const std::uint64_t handed = ring->pushed() + ring->dropped();
    std::printf("  spans: pushed=%" PRIu64 " exported=%zu dropped=%" PRIu64
                " (ring capacity %zu, %" PRIu64
                " exporter batches; a full ring drops and counts,"
                " it never blocks a request)\n",
                handed, spans.size(), ring->dropped(), ring->capacity(), exp.batches());
    std::printf("  per-step latency of exported spans (ms):\n    %-44s %6s %8s %8s %8s\n", "step",
                "count", "p50", "p90", "p99");
    std::map<std::string, std::vector<double>> steps;
    for (const auto& s : spans) {
      if (s.kind == tracewire::span_kind::client) continue;
      const std::string step = s.name.rfind("reserve ", 0) == 0 ? "reserve {sku}" : s.name;
      steps[s.attribute("service.name") + " " + step].push_back(ms(s.end_ns - s.start_ns));
    }
    for (const auto& kv : steps)
      std::printf("    %-44.44s %6zu %8.1f %8.1f %8.1f\n", kv.first.c_str(), kv.second.size(),
                  percentile(kv.second, 0.5), percentile(kv.second, 0.9),
                  percentile(kv.second, 0.99));

    if (!o.spans_out.empty()) {
      std::ofstream out(o.spans_out);
      for (const auto& j : journeys)
        out << "journey\t" << j.index << '\t' << j.trace_id << '\t' << j.tier << '\t' << j.user_id
            << '\t' << demo::cents_text(j.cart_value_cents) << '\t' << (j.sampled ? 1 : 0) << '\t'
            << (j.ok ? "ok" : j.failed_step) << '\n';
      for (const auto& d : decisions)
        out << "decision\t" << d.journey << '\t' << d.service << '\t' << (d.sampled ? 1 : 0)
            << '\n';
      for (const auto& s : spans) {
        out << "span\t" << hex(s.trace_id) << '\t' << hex(s.span_id) << '\t' << hex(s.parent_id)
            << '\t' << kind_name(s.kind) << '\t' << s.name << '\t' << (s.error ? 1 : 0) << '\t'
            << s.start_ns << '\t' << s.end_ns << '\t';
        for (const auto& a : s.attributes) out << a.first << '=' << a.second << ';';
        out << '\n';
      }
      out << "counters\t" << handed << '\t' << spans.size() << '\t' << ring->dropped() << '\n';
      if (!out) {
        std::fprintf(stderr, "could not write %s\n", o.spans_out.c_str());
        return 1;
      }
    }
    if (hop_failures != 0) {
      std::fprintf(stderr, "%" PRIu64 " transport failures; the first: %s\n", hop_failures,
                   first_failure.c_str());
      return 1;
    }
  }
  return 0;
}
