// SPDX-License-Identifier: Apache-2.0
//
// examples/checkout_journey/shop.hpp: the services of a checkout and the journey they serve.
//
//   client --HTTP--> gateway --HTTP--> cart --HTTP--> inventory (one span per item)
//                            --gRPC--> payment --HTTPS--> external payment gateway
//                            --HTTP--> order --Kafka--> notification worker (another thread)
//
// Each service extracts the inbound context from its transport's carrier, starts its span (the
// sampler follows the parent), promotes an allowlist of baggage entries to span attributes, does
// its work on the journey's virtual clock, and injects the context into every outbound carrier.
// Which carriers depends on the transport (transport.hpp): in memory, or cpp-httplib, gRPC and
// librdkafka (--transport real).
#ifndef TRACEWIRE_EXAMPLES_CHECKOUT_SHOP_HPP
#define TRACEWIRE_EXAMPLES_CHECKOUT_SHOP_HPP

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "telemetry.hpp"
#include "transport.hpp"

namespace demo {

struct item {
  std::string sku;
  int quantity = 1;
  std::int64_t price_cents = 0;          // what the cart holds
  std::int64_t catalog_price_cents = 0;  // what the catalogue says now
};

struct faults {
  double slow_payment = 0.03;        // the payment gateway takes 1.2-2.5 s
  double insufficient_stock = 0.02;  // one item cannot be reserved
  double declined_card = 0.02;       // the card is declined
  double price_mismatch = 0.05;      // an item was repriced (an event, not an error)
};

struct journey {
  int index = 0;
  std::string user_id;
  std::string tier;  // free, gold, premium, vip
  std::string cart_id;
  std::vector<item> items;
  std::int64_t cart_value_cents = 0;
  std::uint64_t start_ns = 0;
  std::uint64_t seed = 0;  // this journey's random stream
  bool slow_payment = false;
  bool insufficient_stock = false;
  bool declined_card = false;

  // Results.
  std::string trace_id;  // hex, from the gateway span
  bool sampled = false;
  bool ok = false;
  std::string failed_step;
  int http_status = 0;
  std::uint64_t end_ns = 0;
};

/// Random journeys: tiers, carts and injected faults.
std::vector<journey> make_journeys(int count, double premium_share, const faults& f,
                                   std::uint64_t seed, std::uint64_t start_ns);

std::string cents_text(std::int64_t cents);

/// The services. checkout() runs one journey from the calling thread (the browser's request); the
/// notification worker runs on its own thread (run_worker) until the orders topic is closed.
/// Every hop goes through the transport, which calls back serve_http / serve_charge on the
/// receiving side with the context it extracted; the journey's virtual clock is looked up by the
/// journey index (demo bookkeeping, not trace context).
class shop final : public services {
 public:
  shop(tracer& t, std::vector<journey>& journeys, faults f)
      : tracer_(t), journeys_(journeys), clocks_(journeys.size(), nullptr), faults_(f) {}

  /// The transport every outbound hop takes. Set once, before the first checkout.
  void set_transport(transport& t) noexcept { transport_ = &t; }

  void checkout(std::size_t index);
  void run_worker();

  int serve_http(int journey, std::string_view method, std::string_view target,
                 const tracewire::context& inbound) override;
  int serve_charge(int journey, const tracewire::context& inbound) override;

 private:
  struct clock {
    std::uint64_t now;
    std::mt19937_64 rng;
    /// Advances by a duration drawn around `typical_ms` (a log-normal-ish spread).
    void work(double typical_ms);
  };

  /// The journey and its clock, or nullptr when `index` is not a journey in flight.
  clock* find(int index, journey*& j) noexcept;

  int gateway(journey& j, std::string_view method, std::string_view target,
              const tracewire::context& inbound, clock& c);
  int cart(journey& j, std::string_view method, std::string_view target,
           const tracewire::context& inbound, clock& c);
  int inventory(journey& j, std::string_view method, std::string_view target,
                const tracewire::context& inbound, clock& c);
  int order(journey& j, std::string_view method, std::string_view target,
            const tracewire::context& inbound, clock& c);
  int payment(journey& j, const tracewire::context& inbound, clock& c);  // a gRPC status code
  int http_hop(journey& j, clock& c, std::string_view service, const span& parent,
               const tracewire::baggage& bag, std::string_view to, std::string_view path,
               double latency_ms);

  tracer& tracer_;
  std::vector<journey>& journeys_;
  // clocks_[i] points at journey i's clock (on checkout()'s stack) while it runs. A hop's
  // receiving side reads it on another thread only while the sending thread waits for the reply,
  // so the clock is never touched by two threads at once (a hop that fails, after which the
  // receiver might still run, ends the process: transport_real.cpp).
  std::vector<clock*> clocks_;
  faults faults_;
  transport* transport_ = nullptr;
};

}  // namespace demo

#endif  // TRACEWIRE_EXAMPLES_CHECKOUT_SHOP_HPP
