// SPDX-License-Identifier: Apache-2.0
//
// examples/checkout_journey/transport.hpp: the three transports of the journey, in memory.
//
// Every hop serialises what a real client would put on the wire and the receiving service parses
// it back into its own container, so context crosses each hop only through a carrier, never as an
// object handed over in memory:
// - HTTP/1.1: a request head in text, header names in the Title-Case many clients send, parsed
//   back into a vector of (name, value) strings (so lookups must be case-insensitive);
// - gRPC: metadata as an HTTP/2 header block, `-bin` values base64-encoded on the wire as gRPC
//   does, decoded back into raw bytes in the receiving process's std::multimap;
// - Kafka: a record with its headers (byte values, repeated keys allowed) serialised into a
//   broker queue and consumed by the notification worker on its own thread.
// With --transport real the HTTP, gRPC and Kafka hops use cpp-httplib, gRPC and librdkafka instead
// (transport_real.cpp), when those libraries were found at build time. Either way the services see
// only the `transport` interface below: the client side injects the context into the transport's
// own container through its tracewire carrier, the server side extracts it from what arrived.
#ifndef TRACEWIRE_EXAMPLES_CHECKOUT_TRANSPORT_HPP
#define TRACEWIRE_EXAMPLES_CHECKOUT_TRANSPORT_HPP

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tracewire/context.hpp"
#include "tracewire/propagation.hpp"

namespace demo {

// --- HTTP --------------------------------------------------------------------------------------

using http_headers = std::vector<std::pair<std::string, std::string>>;

struct http_request {
  std::string method;
  std::string target;
  http_headers headers;
  std::string body;
};

struct http_response {
  int status = 200;
  http_headers headers;
  std::string body;
};

/// The request head as a client writes it: `Title-Case` names (`traceparent` -> `Traceparent`).
std::string http_serialize(const http_request& r);
/// Parses what http_serialize wrote (request line, `Name: value` lines, blank line, body).
http_request http_parse(const std::string& wire);

// --- gRPC --------------------------------------------------------------------------------------

using grpc_metadata = std::multimap<std::string, std::string>;

/// HTTP/2 header block of a gRPC call: `-bin` values are base64 on the wire (gRPC's rule).
std::vector<std::pair<std::string, std::string>> grpc_to_wire(const grpc_metadata& md);
grpc_metadata grpc_from_wire(const std::vector<std::pair<std::string, std::string>>& wire);

std::string base64_encode(std::string_view bytes);
std::string base64_decode(std::string_view text);

// --- Kafka -------------------------------------------------------------------------------------

using kafka_bytes = std::vector<std::byte>;
using kafka_headers = std::vector<std::pair<std::string, std::optional<kafka_bytes>>>;

struct kafka_record {
  std::uint64_t timestamp_ns = 0;  // the record timestamp (Kafka's CreateTime)
  int journey = 0;                 // for the demo's bookkeeping only; not serialised as context
  std::string topic;
  std::string key;
  std::string value;
  kafka_headers headers;
};

/// An in-memory topic: produce appends the serialised record, consume blocks until one is there
/// or the topic is closed.
class kafka_topic {
 public:
  void produce(const kafka_record& r);
  /// False when the topic is closed and empty.
  bool consume(kafka_record& out);
  void close();

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> log_;
  bool closed_ = false;
};

std::string kafka_serialize(const kafka_record& r);
kafka_record kafka_parse(const std::string& wire);

// --- the hops as the services see them ---------------------------------------------------------

using http_propagator = tracewire::composite<tracewire::w3c_trace_context, tracewire::w3c_baggage>;
// gRPC peers that still speak OpenCensus read grpc-trace-bin; W3C comes last so it wins (it also
// carries tracestate).
using grpc_propagator = tracewire::composite<tracewire::grpc_trace_bin,
                                             tracewire::w3c_trace_context, tracewire::w3c_baggage>;
using kafka_propagator = tracewire::composite<tracewire::w3c_trace_context, tracewire::w3c_baggage>;

/// A record the notification worker consumed: the context extracted from its headers, and the
/// demo's bookkeeping (which journey, and the virtual time at which it was produced).
struct order_message {
  int journey = 0;
  std::uint64_t created_ns = 0;
  std::string key;
  tracewire::context ctx;
};

/// The receiving side of the hops: a transport extracts the inbound context from its own carrier
/// and calls these (on whichever thread its library delivers the request).
class services {
 public:
  virtual ~services() = default;
  /// An HTTP request to one of the HTTP services (chosen by `target`); returns the status.
  virtual int serve_http(int journey, std::string_view method, std::string_view target,
                         const tracewire::context& inbound) = 0;
  /// payment.PaymentService/Charge; returns a gRPC status code.
  virtual int serve_charge(int journey, const tracewire::context& inbound) = 0;
};

/// The sending side of the hops, and the orders topic. Every function may be called from several
/// threads at once (consume from the worker thread only).
class transport {
 public:
  virtual ~transport() = default;

  /// Sends `req` with `ctx` injected (http_propagator; nothing when null) and returns the
  /// response status. A hop the transport cannot complete does not return (transport_real.cpp).
  virtual int http(int journey, const http_request& req, const tracewire::context* ctx) = 0;
  /// Calls payment.PaymentService/Charge with `ctx` injected (grpc_propagator); the status code.
  virtual int charge(int journey, const tracewire::context& ctx) = 0;
  /// Publishes an OrderCreated record keyed `key` to the orders topic, `ctx` injected
  /// (kafka_propagator); `created_ns` is the record's (virtual) creation time.
  virtual void publish(int journey, std::uint64_t created_ns, const std::string& key,
                       const std::string& value, const tracewire::context& ctx) = 0;
  /// The next record for the notification worker; false once close_orders() was called and
  /// every published record was consumed (or the wait for them failed: see failures()).
  virtual bool consume(order_message& out) = 0;
  /// No more publish() calls follow.
  virtual void close_orders() = 0;

  /// Failures of the transport itself that did not end the process (records the worker never
  /// received), and the first one's description.
  std::uint64_t failures() const noexcept { return failures_.load(std::memory_order_relaxed); }
  std::string first_failure() const;

 protected:
  void fail(const std::string& what);

 private:
  std::atomic<std::uint64_t> failures_{0};  // relaxed: a count read after the threads joined
  mutable std::mutex mutex_;                // guards first_failure_
  std::string first_failure_;
};

/// Every hop serialised in memory (see the top of this file); the default, needing no library.
class memory_transport final : public transport {
 public:
  explicit memory_transport(services& s) : services_(s) {}

  int http(int journey, const http_request& req, const tracewire::context* ctx) override;
  int charge(int journey, const tracewire::context& ctx) override;
  void publish(int journey, std::uint64_t created_ns, const std::string& key,
               const std::string& value, const tracewire::context& ctx) override;
  bool consume(order_message& out) override;
  void close_orders() override { orders_.close(); }

 private:
  services& services_;
  kafka_topic orders_;
};

}  // namespace demo

#endif  // TRACEWIRE_EXAMPLES_CHECKOUT_TRANSPORT_HPP
