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
#ifndef TRACEWIRE_EXAMPLES_CHECKOUT_SHOP_HPP
#define TRACEWIRE_EXAMPLES_CHECKOUT_SHOP_HPP

#include <cstdint>
#include <random>
#include <string>
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

/// The services. checkout() runs one journey on the calling thread; the notification worker runs
/// on its own thread (run_worker) until the orders topic is closed.
class shop {
 public:
  shop(tracer& t, kafka_topic& orders, faults f) : tracer_(t), orders_(orders), faults_(f) {}

  void checkout(journey& j);
  void run_worker();

 private:
  struct clock {
    std::uint64_t now;
    std::mt19937_64 rng;
    /// Advances by a duration drawn around `typical_ms` (a log-normal-ish spread).
    void work(double typical_ms);
  };

  http_response gateway(journey& j, const http_request& in, clock& c);
  http_response cart(journey& j, const http_request& in, clock& c);
  http_response inventory(journey& j, const http_request& in, clock& c);
  http_response order(journey& j, const http_request& in, clock& c);
  int payment(journey& j, const grpc_metadata& in, clock& c);  // a gRPC status code

  tracer& tracer_;
  kafka_topic& orders_;
  faults faults_;
};

}  // namespace demo

#endif  // TRACEWIRE_EXAMPLES_CHECKOUT_SHOP_HPP
