// SPDX-License-Identifier: Apache-2.0
//
// examples/checkout_journey/shop.cpp: the services (see shop.hpp).
#include "shop.hpp"

#include <cmath>
#include <cstdio>
#include <utility>

#include "tracewire/baggage.hpp"

namespace demo {

namespace {

using tracewire::span_kind;

/// The baggage entries a service may copy into its spans (baggage crosses trust boundaries: never
/// copy all of it).
constexpr std::string_view baggage_allowlist[] = {"enduser.id", "user.tier", "cart.value"};

void promote_baggage(span& s, const tracewire::baggage& bag) {
  bag.for_each_allowed(std::begin(baggage_allowlist), std::end(baggage_allowlist),
                       [&s](std::string_view k, std::string_view v) { s.set(k, v); });
}

/// The context a hop sends: the client span's identity and the baggage it carries on.
tracewire::context outbound(const span& client, const tracewire::baggage& bag) {
  tracewire::context ctx;
  ctx.span = client.context();
  ctx.baggage = bag;
  return ctx;
}

std::string hex(const tracewire::trace_id& id) {
  char buf[33] = {};
  id.to_hex(buf);
  return buf;
}

void set_http_server(span& s, std::string_view method, std::string_view target, int status) {
  s.set("http.request.method", method);
  s.set("url.path", target);
  s.set("http.response.status_code", static_cast<std::int64_t>(status));
}

void set_http_client(span& s, std::string_view method, std::string_view host, std::string_view url,
                     int status) {
  s.set("http.request.method", method);
  s.set("server.address", host);
  s.set("url.full", url);
  s.set("http.response.status_code", static_cast<std::int64_t>(status));
}

}  // namespace

std::string cents_text(std::int64_t cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100),
                static_cast<long long>(cents % 100));
  return buf;
}

std::vector<journey> make_journeys(int count, double premium_share, const faults& f,
                                   std::uint64_t seed, std::uint64_t start_ns) {
  std::vector<journey> out;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  static const char* const skus[] = {"SKU-TEA-001", "SKU-MUG-014",  "SKU-PEN-220", "SKU-BAG-031",
                                     "SKU-LAMP-77", "SKU-BOOK-905", "SKU-SOCK-12", "SKU-CHAIR-3"};
  std::uint64_t t = start_ns;
  for (int i = 0; i < count; ++i) {
    journey j;
    j.index = i;
    j.seed = rng();
    const double r = u(rng);
    j.tier = r < premium_share * 0.7   ? "premium"
             : r < premium_share       ? "vip"
             : r < premium_share + 0.3 ? "gold"
                                       : "free";
    j.user_id = "u-" + std::to_string(1000 + (rng() % 9000));
    j.cart_id = "c-" + std::to_string(100000 + i);
    const int n = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < n; ++k) {
      item it;
      it.sku = skus[rng() % 8];
      it.quantity = 1 + static_cast<int>(rng() % 3);
      it.price_cents = 199 + static_cast<std::int64_t>(rng() % 9800);
      it.catalog_price_cents = u(rng) < f.price_mismatch ? it.price_cents + 100 : it.price_cents;
      j.cart_value_cents += it.price_cents * it.quantity;
      j.items.push_back(it);
    }
    j.slow_payment = u(rng) < f.slow_payment;
    j.insufficient_stock = u(rng) < f.insufficient_stock;
    j.declined_card = u(rng) < f.declined_card;
    t += 2'000'000 + rng() % 8'000'000;  // arrivals 2-10 ms apart
    j.start_ns = t;
    out.push_back(std::move(j));
  }
  return out;
}

void shop::clock::work(double typical_ms) {
  std::lognormal_distribution<double> d(std::log(typical_ms), 0.35);
  now += static_cast<std::uint64_t>(d(rng) * 1e6);
}

shop::clock* shop::find(int index, journey*& j) noexcept {
  if (index < 0 || static_cast<std::size_t>(index) >= journeys_.size()) return nullptr;
  const auto i = static_cast<std::size_t>(index);
  j = &journeys_[i];
  return clocks_[i];
}

int shop::serve_http(int index, std::string_view method, std::string_view target,
                     const tracewire::context& inbound) {
  journey* j = nullptr;
  clock* c = find(index, j);
  if (c == nullptr) return 400;  // not a journey in flight
  if (target == "/checkout") return gateway(*j, method, target, inbound, *c);
  if (target == "/cart/checkout") return cart(*j, method, target, inbound, *c);
  if (target == "/inventory/reserve") return inventory(*j, method, target, inbound, *c);
  if (target == "/orders") return order(*j, method, target, inbound, *c);
  return 404;
}

int shop::serve_charge(int index, const tracewire::context& inbound) {
  journey* j = nullptr;
  clock* c = find(index, j);
  if (c == nullptr) return 5;  // NOT_FOUND
  return payment(*j, inbound, *c);
}

// --- the client and the gateway ----------------------------------------------------------------

void shop::checkout(std::size_t index) {
  journey& j = journeys_[index];
  clock c{j.start_ns, std::mt19937_64(j.seed)};
  clocks_[index] = &c;
  // What a browser sends: no trace context (the gateway starts the trace), ordinary headers.
  http_request req;
  req.method = "POST";
  req.target = "/checkout";
  req.headers = {{"host", "shop.example"},
                 {"user-agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"},
                 {"accept", "application/json"},
                 {"content-type", "application/json"},
                 {"x-user-id", j.user_id},
                 {"x-user-tier", j.tier},
                 {"x-cart-id", j.cart_id}};
  req.body = "{\"cart\":\"" + j.cart_id + "\"}";
  const int status = transport_->http(j.index, req, nullptr);
  clocks_[index] = nullptr;
  j.http_status = status;
  j.ok = status / 100 == 2;
  j.end_ns = c.now;
}

/// One HTTP call from `service` to `to` (host `<to>.internal`): a client span, child of `parent`,
/// whose context and `bag` are injected into the request by the transport; `latency_ms` of network
/// each way. Returns the HTTP status.
int shop::http_hop(journey& j, clock& c, std::string_view service, const span& parent,
                   const tracewire::baggage& bag, std::string_view to, std::string_view path,
                   double latency_ms) {
  const std::string name = "POST " + std::string(path);
  const std::string host = std::string(to) + ".internal";
  span call =
      tracer_.start(j.index, service, name, span_kind::client, &parent.context(), &bag, c.now);
  const http_request out{"POST", std::string(path), {{"host", host}}, j.cart_id};
  const tracewire::context ctx = outbound(call, bag);
  c.work(latency_ms);
  const int status = transport_->http(j.index, out, &ctx);
  c.work(latency_ms);
  set_http_client(call, "POST", host, "http://" + host + std::string(path), status);
  if (status >= 400) call.fail(std::string(to) + " returned " + std::to_string(status));
  tracer_.end(call, c.now);
  return status;
}

int shop::gateway(journey& j, std::string_view method, std::string_view target,
                  const tracewire::context& inbound, clock& c) {
  // The edge puts the business context in baggage, for every hop downstream.
  tracewire::baggage bag = inbound.baggage;
  static_cast<void>(bag.set("enduser.id", j.user_id));
  static_cast<void>(bag.set("user.tier", j.tier));
  static_cast<void>(bag.set("cart.value", cents_text(j.cart_value_cents)));

  span s = tracer_.start(j.index, "gateway", "POST /checkout", span_kind::server, &inbound.span,
                         &bag, c.now);
  j.trace_id = hex(s.context().trace_id);
  j.sampled = s.sampled();
  promote_baggage(s, bag);
  s.set("cart.id", std::string_view(j.cart_id));
  tracer_.log(j.index, "gateway", s, "POST /checkout cart=" + j.cart_id + " user.tier=" + j.tier);
  c.work(1.5);

  int result = 201;
  // 1. cart: validate prices and reserve inventory.
  if (const int status = http_hop(j, c, "gateway", s, bag, "cart", "/cart/checkout", 0.4);
      status >= 400) {
    result = status;
    j.failed_step = "inventory";
  }
  // 2. payment over gRPC.
  if (j.failed_step.empty()) {
    span call = tracer_.start(j.index, "gateway", "payment.PaymentService/Charge",
                              span_kind::client, &s.context(), &bag, c.now);
    call.set("rpc.system", "grpc");
    call.set("rpc.service", "payment.PaymentService");
    call.set("rpc.method", "Charge");
    const tracewire::context ctx = outbound(call, bag);
    c.work(0.6);
    const int code = transport_->charge(j.index, ctx);
    c.work(0.3);
    call.set("rpc.grpc.status_code", static_cast<std::int64_t>(code));
    if (code != 0) {
      call.fail("payment failed (gRPC status " + std::to_string(code) + ")");
      result = 402;
      j.failed_step = "payment";
    }
    tracer_.end(call, c.now);
  }
  // 3. order: create it; it publishes OrderCreated to Kafka.
  if (j.failed_step.empty()) {
    if (const int status = http_hop(j, c, "gateway", s, bag, "order", "/orders", 0.4);
        status >= 400) {
      result = status;
      j.failed_step = "order";
    }
  }
  c.work(0.8);
  set_http_server(s, method, target, result);
  if (!j.failed_step.empty()) s.fail("checkout failed at " + j.failed_step);
  tracer_.log(j.index, "gateway", s,
              "responded " + std::to_string(result) +
                  (j.failed_step.empty() ? "" : " (failed at " + j.failed_step + ")"));
  tracer_.end(s, c.now);
  return result;
}

// --- cart and inventory ------------------------------------------------------------------------

int shop::cart(journey& j, std::string_view method, std::string_view target,
               const tracewire::context& inbound, clock& c) {
  span s = tracer_.start(j.index, "cart", "POST /cart/checkout", span_kind::server, &inbound.span,
                         &inbound.baggage, c.now);
  promote_baggage(s, inbound.baggage);
  s.set("cart.id", std::string_view(j.cart_id));
  s.set("cart.items", static_cast<std::int64_t>(j.items.size()));
  tracer_.log(j.index, "cart", s, "validating " + std::to_string(j.items.size()) + " items");
  for (const item& it : j.items) {
    c.work(0.3);
    if (it.catalog_price_cents != it.price_cents) {
      s.event("price_mismatch", c.now);  // repriced from the catalogue; not an error
      s.set("cart.repriced", true);
    }
  }
  const int reserved =
      http_hop(j, c, "cart", s, inbound.baggage, "inventory", "/inventory/reserve", 0.3);
  const int status = reserved >= 400 ? 409 : 200;
  set_http_server(s, method, target, status);
  if (status != 200) s.fail("reservation failed");
  tracer_.end(s, c.now);
  return status;
}

int shop::inventory(journey& j, std::string_view method, std::string_view target,
                    const tracewire::context& inbound, clock& c) {
  span s = tracer_.start(j.index, "inventory", "POST /inventory/reserve", span_kind::server,
                         &inbound.span, &inbound.baggage, c.now);
  promote_baggage(s, inbound.baggage);
  int status = 200;
  const std::size_t short_item = j.insufficient_stock ? j.seed % j.items.size() : j.items.size();
  for (std::size_t i = 0; i < j.items.size(); ++i) {
    const item& it = j.items[i];
    span child = tracer_.start(j.index, "inventory", "reserve " + it.sku, span_kind::internal,
                               &s.context(), &inbound.baggage, c.now);
    child.set("inventory.sku", std::string_view(it.sku));
    child.set("inventory.quantity", static_cast<std::int64_t>(it.quantity));
    c.work(2.0);
    if (i == short_item) {
      child.event("insufficient_stock", c.now);
      child.fail("insufficient stock for " + it.sku);
      tracer_.log(j.index, "inventory", child, "insufficient stock for " + it.sku);
      status = 409;
    }
    tracer_.end(child, c.now);
    if (status != 200) break;
  }
  set_http_server(s, method, target, status);
  if (status != 200) s.fail("insufficient stock");
  tracer_.end(s, c.now);
  return status;
}

// --- payment (gRPC server) and the external payment gateway ------------------------------------

int shop::payment(journey& j, const tracewire::context& inbound, clock& c) {
  span s = tracer_.start(j.index, "payment", "payment.PaymentService/Charge", span_kind::server,
                         &inbound.span, &inbound.baggage, c.now);
  promote_baggage(s, inbound.baggage);
  s.set("rpc.system", "grpc");
  s.set("rpc.service", "payment.PaymentService");
  s.set("rpc.method", "Charge");
  s.set("payment.amount", static_cast<double>(j.cart_value_cents) / 100.0);
  s.set("payment.currency", "EUR");
  c.work(0.8);
  span psp = tracer_.start(j.index, "payment", "POST", span_kind::client, &s.context(),
                           &inbound.baggage, c.now);
  c.work(j.slow_payment ? 1800.0 : 120.0);
  const int http_status = j.declined_card ? 402 : 201;
  set_http_client(psp, "POST", "psp.example", "https://psp.example/v1/charges", http_status);
  if (j.declined_card) {
    psp.event("card_declined", c.now);
    psp.fail("card_declined");
  }
  tracer_.end(psp, c.now);
  c.work(0.5);
  const int code = j.declined_card ? 9 : 0;  // FAILED_PRECONDITION
  s.set("rpc.grpc.status_code", static_cast<std::int64_t>(code));
  if (code != 0) s.fail("card declined");
  if (j.slow_payment) tracer_.log(j.index, "payment", s, "payment gateway answered slowly");
  tracer_.end(s, c.now);
  return code;
}

// --- order (publishes to Kafka) and the notification worker ------------------------------------

int shop::order(journey& j, std::string_view method, std::string_view target,
                const tracewire::context& inbound, clock& c) {
  span s = tracer_.start(j.index, "order", "POST /orders", span_kind::server, &inbound.span,
                         &inbound.baggage, c.now);
  promote_baggage(s, inbound.baggage);
  const std::string order_id = "o-" + std::to_string(500000 + j.index);
  s.set("order.id", std::string_view(order_id));
  c.work(3.0);
  span pub = tracer_.start(j.index, "order", "publish orders", span_kind::producer, &s.context(),
                           &inbound.baggage, c.now);
  pub.set("messaging.system", "kafka");
  pub.set("messaging.destination.name", "orders");
  pub.set("messaging.operation.type", "send");
  pub.set("messaging.kafka.message.key", std::string_view(order_id));
  const tracewire::context ctx = outbound(pub, inbound.baggage);
  c.work(1.0);
  transport_->publish(j.index, c.now, order_id,
                      "{\"type\":\"OrderCreated\",\"order\":\"" + order_id + "\"}", ctx);
  tracer_.end(pub, c.now);
  c.work(0.5);
  set_http_server(s, method, target, 201);
  tracer_.end(s, c.now);
  return 201;
}

void shop::run_worker() {
  order_message m;
  while (transport_->consume(m)) {
    clock c{m.created_ns, std::mt19937_64(m.created_ns)};
    c.work(25.0);  // consumer lag
    const tracewire::context& ctx = m.ctx;
    span s = tracer_.start(m.journey, "notifier", "process orders", span_kind::consumer, &ctx.span,
                           &ctx.baggage, c.now);
    s.set("messaging.system", "kafka");
    s.set("messaging.destination.name", "orders");
    s.set("messaging.operation.type", "process");
    s.set("messaging.kafka.message.key", std::string_view(m.key));
    promote_baggage(s, ctx.baggage);
    tracer_.log(m.journey, "notifier", s,
                "OrderCreated " + m.key + " for " + std::string(ctx.baggage.get("enduser.id")));
    c.work(1.0);
    span mail = tracer_.start(m.journey, "notifier", "send order confirmation", span_kind::internal,
                              &s.context(), &ctx.baggage, c.now);
    c.work(40.0);
    tracer_.end(mail, c.now);
    tracer_.end(s, c.now);
  }
}

}  // namespace demo
