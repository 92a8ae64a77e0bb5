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
// (transport_real.cpp), when those libraries were found at build time.
#ifndef TRACEWIRE_EXAMPLES_CHECKOUT_TRANSPORT_HPP
#define TRACEWIRE_EXAMPLES_CHECKOUT_TRANSPORT_HPP

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

}  // namespace demo

#endif  // TRACEWIRE_EXAMPLES_CHECKOUT_TRANSPORT_HPP
