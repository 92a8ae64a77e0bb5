// SPDX-License-Identifier: Apache-2.0
//
// examples/checkout_journey/transport_real.cpp: --transport real (see transport_real.hpp).
//
//   HTTP   browser->gateway, gateway->cart, cart->inventory, gateway->order: an httplib::Client
//          per request to one httplib::Server on 127.0.0.1 (ephemeral port) hosting the four
//          services on their paths; context through tracewire::httplib_carrier both ways.
//   gRPC   gateway->payment: a unary call through grpc::GenericStub over the server's in-process
//          channel to a CallbackGenericService; grpc_client_carrier(ClientContext) to inject,
//          grpc_server_carrier(ServerContext) to extract.
//   Kafka  order->notification worker: rd_kafka_produceva to topic `orders` on librdkafka's mock
//          cluster, consumed on the worker's thread; librdkafka_carrier on both sides.
//
// Trace context crosses only in the libraries' own containers. Demo bookkeeping that is not trace
// context rides beside it: the journey index in an application field `x-journey` (an HTTP header,
// gRPC metadata) and, for Kafka, the journey index and the record's virtual creation time in the
// OrderCreated payload. The services look the journey and its virtual clock up by that index, so
// span times stay virtual (the network adds nothing to them) and the output stays comparable with
// the memory transport; the summary's wall time shows what the real hops cost.
//
// Every wait is bounded: HTTP and gRPC calls time out after 30 s (a failed hop ends the process
// with a message: see hop_failed), the worker waits at most 30 s for the last records after
// close_orders() (a shortfall counts in failures() and the demo exits 1), and start-up and
// shutdown run under a watchdog that ends the process with a message after 30 s (a hung library
// must not hang the demo).
//
// Request threads: cpp-httplib 0.11.4 listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG,
// compiled into the library), and a connection that overflows it fails its request (seen with 16
// request threads). A request thread has at most one connection attempt in flight (its hops are
// sequential), so at most real_max_request_threads (4) threads keep the backlog from filling.
#include "transport_real.hpp"

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "tracewire/carriers/grpcpp.hpp"
#include "tracewire/carriers/httplib.hpp"
#include "tracewire/carriers/librdkafka.hpp"

namespace demo {

namespace {

using steady = std::chrono::steady_clock;

constexpr int hop_timeout_s = 30;  // an HTTP or gRPC hop, the worker's final drain, a flush
constexpr const char* orders_topic = "orders";
constexpr const char* charge_method = "/payment.PaymentService/Charge";

/// Ends the process with a message unless destroyed within `limit_s` seconds.
class watchdog {
 public:
  watchdog(std::string what, int limit_s)
      : what_(std::move(what)), thread_([this, limit_s] { run(limit_s); }) {}
  ~watchdog() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  watchdog(const watchdog&) = delete;
  watchdog& operator=(const watchdog&) = delete;

 private:
  void run(int limit_s) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (cv_.wait_for(lock, std::chrono::seconds(limit_s), [this] { return done_; })) return;
    std::fprintf(stderr, "checkout_journey: %s did not finish within %d s (a hung library?)\n",
                 what_.c_str(), limit_s);
    std::fflush(stderr);
    std::_Exit(1);
  }

  std::string what_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;  // last: starts after the members it uses
};

/// Ends the process after a failed HTTP or gRPC hop. The sender cannot know whether the receiving
/// handler still runs, and that handler works on the journey's clock, which lives on the sending
/// thread's stack: carrying on could let both touch it. A failed hop means a broken or hung
/// library anyway, and the demo would exit 1 at the end.
[[noreturn]] void hop_failed(const std::string& what) {
  std::fprintf(stderr, "checkout_journey: %s; stopping\n", what.c_str());
  std::fflush(stderr);
  std::_Exit(1);
}

/// The journey index of an `x-journey` field; -1 when absent or malformed (the services refuse it).
int parse_journey(std::string_view text) {
  if (text.empty() || text.size() > 9) return -1;
  int v = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

/// The unsigned number after `"name":` in a JSON payload the order service wrote; 0 if absent.
std::uint64_t json_number(std::string_view json, std::string_view name) {
  const std::string key = "\"" + std::string(name) + "\":";
  const std::size_t at = json.find(key);
  if (at == std::string_view::npos) return 0;
  std::uint64_t v = 0;
  for (std::size_t i = at + key.size(); i < json.size() && json[i] >= '0' && json[i] <= '9'; ++i)
    v = v * 10 + static_cast<std::uint64_t>(json[i] - '0');
  return v;
}

// --- gRPC: payment.PaymentService/Charge -------------------------------------------------------

/// One Charge call: reads the request, runs the payment service, answers OK with a message or
/// FAILED_PRECONDITION (declined card) without one.
class charge_reactor final : public grpc::ServerGenericBidiReactor {
 public:
  charge_reactor(services& s, grpc::GenericCallbackServerContext* ctx) : services_(s), ctx_(ctx) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no Charge request"));
      return;
    }
    if (ctx_->method() != charge_method) {
      Finish(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, ctx_->method()));
      return;
    }
    // gRPC C++ 1.51 consumes grpc-trace-bin in its core (carriers/grpcpp.hpp), so only the W3C
    // fields reach client_metadata() here; they are what grpc_propagator lets win anyway.
    tracewire::context inbound;
    static_cast<void>(grpc_propagator{}.extract(tracewire::grpc_server_carrier(*ctx_), inbound));
    int journey = -1;
    const auto& md = ctx_->client_metadata();
    const auto it = md.find("x-journey");
    if (it != md.end())
      journey = parse_journey(std::string_view(it->second.data(), it->second.size()));
    const int code = services_.serve_charge(journey, inbound);
    if (code == 0) {
      grpc::Slice slice(std::string("{\"status\":\"charged\"}"));
      response_ = grpc::ByteBuffer(&slice, 1);
      StartWriteAndFinish(&response_, grpc::WriteOptions(), grpc::Status::OK);
    } else {
      Finish(grpc::Status(static_cast<grpc::StatusCode>(code), "card declined"));
    }
  }
  void OnDone() override { delete this; }

 private:
  services& services_;
  grpc::GenericCallbackServerContext* ctx_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
};

class payment_service final : public grpc::CallbackGenericService {
 public:
  explicit payment_service(services& s) : services_(s) {}

 private:
  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext* ctx) override {
    return new charge_reactor(services_, ctx);
  }
  services& services_;
};

// --- librdkafka handles ------------------------------------------------------------------------

struct rk_deleter {
  void operator()(rd_kafka_t* rk) const noexcept { rd_kafka_destroy(rk); }
};
struct rkt_deleter {
  void operator()(rd_kafka_topic_t* t) const noexcept { rd_kafka_topic_destroy(t); }
};
struct msg_deleter {
  void operator()(rd_kafka_message_t* m) const noexcept { rd_kafka_message_destroy(m); }
};
using rk_ptr = std::unique_ptr<rd_kafka_t, rk_deleter>;
using rkt_ptr = std::unique_ptr<rd_kafka_topic_t, rkt_deleter>;
using msg_ptr = std::unique_ptr<rd_kafka_message_t, msg_deleter>;

rk_ptr make_kafka_client(rd_kafka_type_t type,
                         std::initializer_list<std::pair<const char*, std::string>> settings,
                         std::string& error) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (const auto& [name, value] : settings) {
    if (rd_kafka_conf_set(conf, name, value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      error = std::string(name) + ": " + err;
      rd_kafka_conf_destroy(conf);
      return nullptr;
    }
  }
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof err);  // takes conf on success
  if (rk == nullptr) {
    error = std::string("rd_kafka_new: ") + err;
    rd_kafka_conf_destroy(conf);
  }
  return rk_ptr(rk);
}

/// Topic metadata first, on each client (avoids an occasional one-second stall; ANCHORS.md).
bool fetch_metadata(rd_kafka_t* rk, std::string& error) {
  const rkt_ptr topic(rd_kafka_topic_new(rk, orders_topic, nullptr));
  const struct rd_kafka_metadata* md = nullptr;
  const rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, topic.get(), &md, hop_timeout_s * 1000);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    error = std::string("Kafka metadata: ") + rd_kafka_err2str(e);
    return false;
  }
  rd_kafka_metadata_destroy(md);
  return true;
}

// --- the transport -----------------------------------------------------------------------------

class real_transport final : public transport {
 public:
  explicit real_transport(services& s) : services_(s), payment_(s) {}
  ~real_transport() override { shutdown(); }
  real_transport(const real_transport&) = delete;
  real_transport& operator=(const real_transport&) = delete;

  bool start(int request_threads, std::string& message);

  int http(int journey, const http_request& req, const tracewire::context* ctx) override;
  int charge(int journey, const tracewire::context& ctx) override;
  void publish(int journey, std::uint64_t created_ns, const std::string& key,
               const std::string& value, const tracewire::context& ctx) override;
  bool consume(order_message& out) override;
  void close_orders() override;

 private:
  bool start_http(int request_threads, std::string& error);
  bool start_grpc(std::string& error);
  bool start_kafka(std::string& error);
  void serve(const httplib::Request& req, httplib::Response& res);
  void shutdown();

  services& services_;

  httplib::Server http_server_;
  std::thread http_thread_;
  int http_port_ = 0;

  payment_service payment_;
  std::unique_ptr<grpc::Server> grpc_server_;
  std::shared_ptr<grpc::Channel> grpc_channel_;
  std::unique_ptr<grpc::GenericStub> grpc_stub_;

  rk_ptr producer_;  // owns the mock cluster
  rk_ptr consumer_;
  std::string bootstraps_;
  std::atomic<std::uint64_t> produced_{0};  // relaxed: read after close_orders' release store
  std::uint64_t consumed_ = 0;              // the worker thread's own
  steady::time_point drain_deadline_;       // written before closed_ is set
  std::atomic<bool> closed_{false};         // release/acquire: publishes drain_deadline_
};

bool real_transport::start(int request_threads, std::string& message) {
  const watchdog guard("starting the real transports", hop_timeout_s);
  const auto t0 = steady::now();
  if (!start_http(request_threads, message) || !start_grpc(message) || !start_kafka(message))
    return false;
  const double ms = std::chrono::duration<double, std::milli>(steady::now() - t0).count();
  message = "HTTP cpp-httplib " CPPHTTPLIB_VERSION " on 127.0.0.1:" + std::to_string(http_port_) +
            ", gRPC " + grpc::Version() + " in-process, Kafka librdkafka " +
            rd_kafka_version_str() + " mock cluster " + bootstraps_ + " (started in " +
            std::to_string(static_cast<int>(ms)) + " ms)";
  return true;
}

bool real_transport::start_http(int request_threads, std::string& error) {
  http_server_.set_tcp_nodelay(true);
  http_server_.set_read_timeout(hop_timeout_s, 0);
  http_server_.set_write_timeout(hop_timeout_s, 0);
  // A checkout holds up to three server threads at once (gateway -> cart -> inventory, each
  // waiting for the next), so the pool must outnumber 3 x the request threads or requests queue
  // behind the handlers waiting for them.
  const std::size_t pool = 3 * static_cast<std::size_t>(request_threads) + 2;
  http_server_.new_task_queue = [pool] { return new httplib::ThreadPool(pool); };
  for (const char* path : {"/checkout", "/cart/checkout", "/inventory/reserve", "/orders"})
    http_server_.Post(
        path, [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); });
  http_port_ = http_server_.bind_to_any_port("127.0.0.1");
  if (http_port_ <= 0) {
    error = "cpp-httplib: cannot listen on 127.0.0.1";
    return false;
  }
  http_thread_ = std::thread([this] { http_server_.listen_after_bind(); });
  // Server::stop() before the accept loop runs would be lost and the join would hang: wait.
  const auto deadline = steady::now() + std::chrono::seconds(5);
  while (!http_server_.is_running()) {
    if (steady::now() > deadline) {
      error = "cpp-httplib: the server did not start";
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

bool real_transport::start_grpc(std::string& error) {
  grpc::ServerBuilder builder;
  builder.RegisterCallbackGenericService(&payment_);
  grpc_server_ = builder.BuildAndStart();  // no port: the in-process channel only
  if (!grpc_server_) {
    error = "gRPC: the server did not start";
    return false;
  }
  grpc_channel_ = grpc_server_->InProcessChannel(grpc::ChannelArguments());
  grpc_stub_ = std::make_unique<grpc::GenericStub>(grpc_channel_);
  return true;
}

bool real_transport::start_kafka(std::string& error) {
  producer_ = make_kafka_client(
      RD_KAFKA_PRODUCER, {{"test.mock.num.brokers", "1"}, {"linger.ms", "1"}, {"log_level", "3"}},
      error);
  if (!producer_) return false;
  rd_kafka_mock_cluster_t* mock = rd_kafka_handle_mock_cluster(producer_.get());
  if (mock == nullptr) {
    error = "librdkafka: no mock cluster";
    return false;
  }
  if (rd_kafka_mock_topic_create(mock, orders_topic, 1, 1) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    error = "librdkafka: cannot create the orders topic";
    return false;
  }
  bootstraps_ = rd_kafka_mock_cluster_bootstraps(mock);
  consumer_ = make_kafka_client(RD_KAFKA_CONSUMER,
                                {{"bootstrap.servers", bootstraps_},
                                 {"group.id", "notifier"},
                                 {"enable.auto.commit", "false"},
                                 {"fetch.wait.max.ms", "10"},
                                 {"log_level", "3"}},
                                error);
  if (!consumer_ || !fetch_metadata(producer_.get(), error) ||
      !fetch_metadata(consumer_.get(), error))
    return false;
  // From the explicit offset 0 (OFFSET_BEGINNING would wait 500 ms; ANCHORS.md).
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(parts, orders_topic, 0)->offset = 0;
  const rd_kafka_resp_err_t assigned = rd_kafka_assign(consumer_.get(), parts);
  rd_kafka_topic_partition_list_destroy(parts);
  if (assigned != RD_KAFKA_RESP_ERR_NO_ERROR) {
    error = std::string("librdkafka: assign: ") + rd_kafka_err2str(assigned);
    return false;
  }
  return true;
}

void real_transport::shutdown() {
  const watchdog guard("shutting down the real transports", hop_timeout_s);
  // HTTP: each request's httplib::Client lives for that request only (and, without keep-alive,
  // closes its connection), so by now no client holds a connection the server would wait on.
  if (http_thread_.joinable()) {
    http_server_.stop();
    http_thread_.join();
  }
  grpc_stub_.reset();
  grpc_channel_.reset();
  if (grpc_server_) {
    grpc_server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc_server_.reset();
  }
  if (consumer_) static_cast<void>(rd_kafka_consumer_close(consumer_.get()));
  consumer_.reset();
  producer_.reset();  // destroys the mock cluster with it
}

// --- HTTP ----------------------------------------------------------------------------------------

void real_transport::serve(const httplib::Request& req, httplib::Response& res) {
  // cpp-httplib 0.11.4 percent-decodes received header values (carriers/httplib.hpp,
  // PERCENT-DECODING), which would cut a baggage value holding %XX. The demo's baggage values
  // (enduser.id=u-1234, user.tier=premium, cart.value=94.59) need no percent-encoding, so they
  // arrive intact.
  tracewire::context inbound;
  static_cast<void>(http_propagator{}.extract(tracewire::httplib_carrier(req), inbound));
  const int journey = parse_journey(req.get_header_value("x-journey"));
  res.status = services_.serve_http(journey, req.method, req.path, inbound);
  res.set_content("{}", "application/json");
}

int real_transport::http(int journey, const http_request& req, const tracewire::context* ctx) {
  httplib::Headers headers;
  std::string content_type = "text/plain";
  for (const auto& h : req.headers) {
    if (h.first == "content-type") {
      content_type = h.second;  // Post() writes Content-Type itself
    } else {
      headers.emplace(h.first, h.second);
    }
  }
  headers.emplace("x-journey", std::to_string(journey));  // bookkeeping, not trace context
  if (ctx != nullptr) {
    auto carrier = tracewire::httplib_carrier(headers);
    static_cast<void>(http_propagator{}.inject(*ctx, carrier));
  }
  // One client per request, called from request threads and from the server's own handler
  // threads (gateway -> cart): without keep-alive (httplib's default) it closes its connection
  // when done, so nothing is left open for Server::stop() to wait on.
  httplib::Client cli("127.0.0.1", http_port_);
  cli.set_tcp_nodelay(true);
  cli.set_connection_timeout(5, 0);
  cli.set_read_timeout(hop_timeout_s, 0);
  cli.set_write_timeout(hop_timeout_s, 0);
  const httplib::Result res = cli.Post(req.target, headers, req.body, content_type);
  if (!res) hop_failed("HTTP POST " + req.target + " failed: " + httplib::to_string(res.error()));
  return res->status;
}

// --- gRPC ----------------------------------------------------------------------------------------

int real_transport::charge(int journey, const tracewire::context& ctx) {
  grpc::ClientContext cctx;
  cctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(hop_timeout_s));
  auto carrier = tracewire::grpc_client_carrier(cctx);
  static_cast<void>(grpc_propagator{}.inject(ctx, carrier));
  cctx.AddMetadata("x-journey", std::to_string(journey));  // bookkeeping, not trace context
  grpc::Slice slice(std::string("{\"currency\":\"EUR\"}"));
  const grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  std::future<grpc::Status> result = done.get_future();
  grpc_stub_->UnaryCall(&cctx, charge_method, grpc::StubOptions(), &request, &response,
                        [&done](grpc::Status s) { done.set_value(std::move(s)); });
  // The deadline makes gRPC complete the call; should it not, cancel, and give up on the process
  // rather than return while gRPC still holds pointers into this frame.
  if (result.wait_for(std::chrono::seconds(hop_timeout_s + 5)) != std::future_status::ready) {
    cctx.TryCancel();
    if (result.wait_for(std::chrono::seconds(5)) != std::future_status::ready)
      hop_failed("a gRPC call did not complete (a hung library?)");
  }
  const grpc::Status status = result.get();
  const grpc::StatusCode code = status.error_code();
  if (code != grpc::StatusCode::OK && code != grpc::StatusCode::FAILED_PRECONDITION)
    hop_failed("gRPC " + std::string(charge_method) + " failed: status " +
               std::to_string(static_cast<int>(code)) + " " + status.error_message());
  return static_cast<int>(code);
}

// --- Kafka ---------------------------------------------------------------------------------------

void real_transport::publish(int journey, std::uint64_t created_ns, const std::string& key,
                             const std::string& value, const tracewire::context& ctx) {
  rd_kafka_headers_t* hdrs = rd_kafka_headers_new(4);
  auto carrier = tracewire::librdkafka_carrier(hdrs);
  static_cast<void>(carrier.add("content-type", "application/json"));
  static_cast<void>(kafka_propagator{}.inject(ctx, carrier));
  // Bookkeeping in the payload, not trace context: the journey, and the virtual creation time
  // the worker's clock starts from (Kafka's own timestamp has only milliseconds).
  std::string payload = value.substr(0, value.size() - 1) +
                        ",\"journey\":" + std::to_string(journey) +
                        ",\"created_ns\":" + std::to_string(created_ns) + "}";
  // rd_kafka_produceva, not rd_kafka_producev: its RD_KAFKA_V_* macros expand to GNU statement
  // expressions, which clang rejects under -Wpedantic.
  rd_kafka_vu_t vu[6] = {};
  vu[0].vtype = RD_KAFKA_VTYPE_TOPIC;
  vu[0].u.cstr = orders_topic;
  vu[1].vtype = RD_KAFKA_VTYPE_PARTITION;
  vu[1].u.i32 = 0;
  vu[2].vtype = RD_KAFKA_VTYPE_KEY;
  vu[2].u.mem.ptr = const_cast<char*>(key.data());  // copied (MSG_F_COPY)
  vu[2].u.mem.size = key.size();
  vu[3].vtype = RD_KAFKA_VTYPE_VALUE;
  vu[3].u.mem.ptr = payload.data();
  vu[3].u.mem.size = payload.size();
  vu[4].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vu[4].u.i = RD_KAFKA_MSG_F_COPY;
  vu[5].vtype = RD_KAFKA_VTYPE_HEADERS;
  vu[5].u.headers = hdrs;  // the message owns them on success
  if (rd_kafka_error_t* e = rd_kafka_produceva(producer_.get(), vu, 6)) {
    fail(std::string("Kafka produce: ") + rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    rd_kafka_headers_destroy(hdrs);
    return;
  }
  produced_.fetch_add(1, std::memory_order_relaxed);
}

void real_transport::close_orders() {
  // Every publish() has returned (the request threads were joined): deliver what is queued.
  const rd_kafka_resp_err_t e = rd_kafka_flush(producer_.get(), hop_timeout_s * 1000);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) fail(std::string("Kafka flush: ") + rd_kafka_err2str(e));
  drain_deadline_ = steady::now() + std::chrono::seconds(hop_timeout_s);
  closed_.store(true, std::memory_order_release);
}

bool real_transport::consume(order_message& out) {
  for (;;) {
    if (closed_.load(std::memory_order_acquire)) {
      const std::uint64_t produced = produced_.load(std::memory_order_relaxed);
      if (consumed_ >= produced) return false;
      if (steady::now() > drain_deadline_) {
        fail("Kafka: the worker consumed " + std::to_string(consumed_) + " of " +
             std::to_string(produced) + " records within " + std::to_string(hop_timeout_s) + " s");
        return false;
      }
    }
    const msg_ptr m(rd_kafka_consumer_poll(consumer_.get(), 50));
    if (!m || m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) continue;
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      fail(std::string("Kafka consume: ") + rd_kafka_message_errstr(m.get()));
      continue;
    }
    ++consumed_;
    out.ctx = tracewire::context{};
    rd_kafka_headers_t* in = nullptr;  // owned by the message
    if (rd_kafka_message_headers(m.get(), &in) == RD_KAFKA_RESP_ERR_NO_ERROR)
      static_cast<void>(kafka_propagator{}.extract(
          tracewire::librdkafka_carrier(static_cast<const rd_kafka_headers_t*>(in)), out.ctx));
    if (m->key != nullptr) {
      out.key.assign(static_cast<const char*>(m->key), m->key_len);
    } else {
      out.key.clear();
    }
    const std::string_view payload(static_cast<const char*>(m->payload), m->len);
    const std::uint64_t journey = json_number(payload, "journey");
    out.journey = journey > 1'000'000'000u ? -1 : static_cast<int>(journey);
    out.created_ns = json_number(payload, "created_ns");
    return true;
  }
}

}  // namespace

std::unique_ptr<transport> make_real_transport(services& s, int request_threads,
                                               std::string& message) {
  auto t = std::make_unique<real_transport>(s);
  if (!t->start(request_threads, message)) return nullptr;
  return t;
}

}  // namespace demo
