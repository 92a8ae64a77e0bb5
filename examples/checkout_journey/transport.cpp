// SPDX-License-Identifier: Apache-2.0
//
// examples/checkout_journey/transport.cpp: the in-memory wire formats and the memory transport
// (see transport.hpp).
#include "transport.hpp"

#include <cstdint>

#include "tracewire/carriers/grpc.hpp"
#include "tracewire/carriers/http.hpp"
#include "tracewire/carriers/kafka.hpp"

namespace demo {

namespace {

std::string title_case(std::string_view name) {
  std::string out(name);
  bool start = true;
  for (char& c : out) {
    if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    start = c == '-';
  }
  return out;
}

void put_u32(std::string& out, std::size_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> static_cast<unsigned>(shift)) & 0xFFu));
}

std::size_t get_u32(const std::string& in, std::size_t& at) {
  std::size_t v = 0;
  for (int i = 0; i < 4 && at < in.size(); ++i) v = (v << 8) | static_cast<unsigned char>(in[at++]);
  return v;
}

void put_bytes(std::string& out, std::string_view s) {
  put_u32(out, s.size());
  out.append(s);
}

std::string get_bytes(const std::string& in, std::size_t& at) {
  const std::size_t n = get_u32(in, at);
  std::string s = in.substr(at, n);
  at += s.size();
  return s;
}

constexpr char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string http_serialize(const http_request& r) {
  std::string out = r.method + " " + r.target + " HTTP/1.1\r\n";
  for (const auto& h : r.headers) out += title_case(h.first) + ": " + h.second + "\r\n";
  out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n\r\n" + r.body;
  return out;
}

http_request http_parse(const std::string& wire) {
  http_request r;
  std::size_t at = wire.find("\r\n");
  const std::string line = wire.substr(0, at);
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = line.find(' ', sp1 + 1);
  r.method = line.substr(0, sp1);
  r.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  at += 2;
  for (;;) {
    const std::size_t eol = wire.find("\r\n", at);
    if (eol == std::string::npos || eol == at) {
      at = eol == std::string::npos ? wire.size() : eol + 2;
      break;
    }
    const std::string field = wire.substr(at, eol - at);
    const std::size_t colon = field.find(':');
    std::size_t v = colon + 1;
    while (v < field.size() && field[v] == ' ') ++v;
    if (field.compare(0, colon, "Content-Length") != 0)
      r.headers.emplace_back(field.substr(0, colon), field.substr(v));
    at = eol + 2;
  }
  r.body = wire.substr(at);
  return r;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = static_cast<std::uint32_t>(
        static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
        static_cast<unsigned char>(bytes[i + 2]));
    for (int s = 18; s >= 0; s -= 6) out.push_back(b64[(v >> static_cast<unsigned>(s)) & 63u]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest != 0) {
    std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]) << 16);
    if (rest == 2) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1]) << 8);
    out.push_back(b64[(v >> 18) & 63u]);
    out.push_back(b64[(v >> 12) & 63u]);
    if (rest == 2) out.push_back(b64[(v >> 6) & 63u]);
  }
  return out;  // unpadded, as gRPC sends it
}

std::string base64_decode(std::string_view text) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : text) {
    const char* p = std::char_traits<char>::find(b64, 64, c);
    if (p == nullptr) continue;  // padding
    acc = (acc << 6) | static_cast<std::uint32_t>(p - b64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> static_cast<unsigned>(bits)) & 0xFFu));
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> grpc_to_wire(const grpc_metadata& md) {
  std::vector<std::pair<std::string, std::string>> wire;
  for (const auto& kv : md) {
    const bool binary =
        kv.first.size() > 4 && kv.first.compare(kv.first.size() - 4, 4, "-bin") == 0;
    wire.emplace_back(kv.first, binary ? base64_encode(kv.second) : kv.second);
  }
  return wire;
}

grpc_metadata grpc_from_wire(const std::vector<std::pair<std::string, std::string>>& wire) {
  grpc_metadata md;
  for (const auto& kv : wire) {
    const bool binary =
        kv.first.size() > 4 && kv.first.compare(kv.first.size() - 4, 4, "-bin") == 0;
    md.emplace(kv.first, binary ? base64_decode(kv.second) : kv.second);
  }
  return md;
}

std::string kafka_serialize(const kafka_record& r) {
  std::string out;
  put_u32(out, static_cast<std::size_t>(r.timestamp_ns >> 32));
  put_u32(out, static_cast<std::size_t>(r.timestamp_ns & 0xFFFFFFFFu));
  put_u32(out, static_cast<std::size_t>(r.journey));
  put_bytes(out, r.topic);
  put_bytes(out, r.key);
  put_bytes(out, r.value);
  put_u32(out, r.headers.size());
  for (const auto& h : r.headers) {
    put_bytes(out, h.first);
    out.push_back(h.second.has_value() ? '\1' : '\0');  // a null value is not an empty one
    if (h.second)
      put_bytes(
          out, std::string_view(reinterpret_cast<const char*>(h.second->data()), h.second->size()));
  }
  return out;
}

kafka_record kafka_parse(const std::string& wire) {
  kafka_record r;
  std::size_t at = 0;
  const std::uint64_t hi = get_u32(wire, at);
  r.timestamp_ns = (hi << 32) | get_u32(wire, at);
  r.journey = static_cast<int>(get_u32(wire, at));
  r.topic = get_bytes(wire, at);
  r.key = get_bytes(wire, at);
  r.value = get_bytes(wire, at);
  const std::size_t n = get_u32(wire, at);
  for (std::size_t i = 0; i < n && at < wire.size(); ++i) {
    std::string key = get_bytes(wire, at);
    const bool present = wire[at++] != '\0';
    if (!present) {
      r.headers.emplace_back(std::move(key), std::nullopt);
      continue;
    }
    const std::string v = get_bytes(wire, at);
    const auto* p = reinterpret_cast<const std::byte*>(v.data());
    r.headers.emplace_back(std::move(key), kafka_bytes(p, p + v.size()));
  }
  return r;
}

void kafka_topic::produce(const kafka_record& r) {
  std::string wire = kafka_serialize(r);
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    log_.push_back(std::move(wire));
  }
  ready_.notify_one();
}

bool kafka_topic::consume(kafka_record& out) {
  std::unique_lock<std::mutex> lock(mutex_);
  ready_.wait(lock, [this] { return closed_ || !log_.empty(); });
  if (log_.empty()) return false;
  const std::string wire = std::move(log_.front());
  log_.pop_front();
  lock.unlock();
  out = kafka_parse(wire);
  return true;
}

void kafka_topic::close() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
  }
  ready_.notify_all();
}

// --- transport --------------------------------------------------------------------------------

std::string transport::first_failure() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return first_failure_;
}

void transport::fail(const std::string& what) {
  if (failures_.fetch_add(1, std::memory_order_relaxed) == 0) {
    const std::lock_guard<std::mutex> lock(mutex_);
    first_failure_ = what;
  }
}

// --- memory transport: every hop crosses as bytes, context only through the carriers -----------

int memory_transport::http(int journey, const http_request& req, const tracewire::context* ctx) {
  http_request out = req;
  if (ctx != nullptr) {
    auto carrier = tracewire::http_carrier(out.headers);
    static_cast<void>(http_propagator{}.inject(*ctx, carrier));
  }
  const http_request in = http_parse(http_serialize(out));
  tracewire::context inbound;
  static_cast<void>(http_propagator{}.extract(tracewire::http_carrier(in.headers), inbound));
  return services_.serve_http(journey, in.method, in.target, inbound);
}

int memory_transport::charge(int journey, const tracewire::context& ctx) {
  grpc_metadata md;
  auto carrier = tracewire::grpc_carrier(md);
  static_cast<void>(grpc_propagator{}.inject(ctx, carrier));
  const grpc_metadata in = grpc_from_wire(grpc_to_wire(md));
  tracewire::context inbound;
  static_cast<void>(grpc_propagator{}.extract(tracewire::grpc_carrier(in), inbound));
  return services_.serve_charge(journey, inbound);
}

void memory_transport::publish(int journey, std::uint64_t created_ns, const std::string& key,
                               const std::string& value, const tracewire::context& ctx) {
  kafka_record rec;
  rec.topic = "orders";
  rec.key = key;
  rec.value = value;
  rec.headers.emplace_back("content-type", kafka_bytes{std::byte{'j'}, std::byte{'s'}});
  auto carrier = tracewire::kafka_carrier(rec.headers);
  static_cast<void>(kafka_propagator{}.inject(ctx, carrier));
  rec.timestamp_ns = created_ns;
  rec.journey = journey;
  orders_.produce(rec);
}

bool memory_transport::consume(order_message& out) {
  kafka_record rec;
  if (!orders_.consume(rec)) return false;
  out.journey = rec.journey;
  out.created_ns = rec.timestamp_ns;
  out.key = rec.key;
  out.ctx = tracewire::context{};
  static_cast<void>(kafka_propagator{}.extract(tracewire::kafka_carrier(rec.headers), out.ctx));
  return true;
}

}  // namespace demo
