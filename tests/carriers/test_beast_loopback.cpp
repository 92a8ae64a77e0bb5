// SPDX-License-Identifier: Apache-2.0
//
// carriers.beast: a Boost.Beast HTTP/1.1 round trip over a real TCP socket on 127.0.0.1. The
// client injects through beast_carrier(request) and adds a second tracestate field; a server
// thread reads the request with http::read and extracts through beast_carrier(const fields&).
// Beast keeps values as received: the baggage member k=a%2Cb arrives intact (compare the
// percent-decoding of cpp-httplib 0.11.4 in test_httplib_loopback.cpp).
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "alloc_counter.hpp"
#include "real_carrier_support.hpp"
#include "tracewire/carrier.hpp"
#include "tracewire/carriers/beast.hpp"

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace tracewire_test;

struct received {
  tracewire::context ctx;
  tracewire::propagation_status status;
  std::vector<std::string> names;  // every field name in wire order, as received
  std::vector<std::string> tracestate, baggage;
  std::size_t extract_allocations = 0;
  bool ok = false;
};

/// Serves one request on `acceptor` and extracts from it.
void serve_one(tcp::acceptor& acceptor, received& r) {
  boost::system::error_code ec;
  tcp::socket socket(acceptor.get_executor());
  acceptor.accept(socket, ec);
  if (ec) return;
  boost::beast::flat_buffer buffer;
  http::request<http::string_body> req;
  http::read(socket, buffer, req, ec);
  if (ec) return;
  const http::fields& fields = req.base();
  const auto carrier = tracewire::beast_carrier(fields);
  {
    const alloc_scope allocs;
    r.status = w3c_both{}.extract(carrier, r.ctx);
    r.extract_allocations = allocs.count();
  }
  for (const auto& f : fields) r.names.emplace_back(f.name_string());
  for (const std::string_view v : tracewire::field_values(carrier, "tracestate"))
    r.tracestate.emplace_back(v);
  for (const std::string_view v : tracewire::field_values(carrier, "baggage"))
    r.baggage.emplace_back(v);
  http::response<http::string_body> res{http::status::ok, req.version()};
  res.body() = "ok";
  res.prepare_payload();
  http::write(socket, res, ec);
  r.ok = !ec;
  socket.shutdown(tcp::socket::shutdown_both, ec);
}

TEST(BeastLoopback, InjectedContextArrivesUndecodedInWireOrder) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const unsigned short port = acceptor.local_endpoint().port();
  received r;
  std::thread server([&] { serve_one(acceptor, r); });

  http::request<http::empty_body> req{http::verb::get, "/trace", 11};
  req.set(http::field::host, "shop.example");
  req.set(http::field::user_agent, "tracewire-test");
  auto carrier = tracewire::beast_carrier(req.base());
  ASSERT_EQ(w3c_both{}.inject(outbound_context(), carrier), tracewire::errc::ok);
  req.set(http::field::accept, "*/*");  // added between the two tracestate fields
  ASSERT_EQ(carrier.add("tracestate", tracestate_second), tracewire::errc::ok);

  boost::system::error_code ec;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  ASSERT_FALSE(ec) << ec.message();
  http::write(socket, req, ec);
  ASSERT_FALSE(ec) << ec.message();
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(res.result(), http::status::ok);
  server.join();

  ASSERT_TRUE(r.ok);
  // Beast inserts a repeated name after the last field of that name (fields::insert), both when
  // the client builds the request and when the server's parser stores it: fields of one name stay
  // together in the order they were added, other fields keep their order.
  const std::vector<std::string> stored_order = {
      "Host", "User-Agent", "traceparent", "tracestate", "tracestate", "baggage", "Accept"};
  EXPECT_EQ(r.names, stored_order);
  EXPECT_EQ(r.tracestate, (std::vector<std::string>{std::string(tracestate_first),
                                                    std::string(tracestate_second)}));
  ASSERT_EQ(r.baggage, std::vector<std::string>{std::string(baggage_sent)});
  EXPECT_EQ(r.status.error, tracewire::errc::ok);
  EXPECT_EQ(r.status.detail, tracewire::errc::ok);
  expect_span_arrived(r.ctx.span);
  EXPECT_EQ(r.ctx.baggage.size(), 3u);
  EXPECT_EQ(r.ctx.baggage.get("userId"), "alice");
  EXPECT_EQ(r.ctx.baggage.get("k"), "a,b");
  EXPECT_EQ(r.extract_allocations, 0u);
}

TEST(BeastCarrier, SetReplacesEveryCaseEraseAndChecks) {
  http::fields f;
  f.insert("TraceParent", "old-1");
  f.insert("Host", "h");
  f.insert("traceparent", "old-2");
  auto carrier = tracewire::beast_carrier(f);
  EXPECT_EQ(tracewire::find_single(carrier, "traceparent").error, tracewire::errc::field_repeated);
  ASSERT_EQ(carrier.set("traceparent", traceparent_sent), tracewire::errc::ok);
  EXPECT_EQ(tracewire::find_single(carrier, "traceparent").value, traceparent_sent);
  EXPECT_EQ(f.count("traceparent"), 1u);
  EXPECT_EQ(carrier.set("baggage", "a=1\r\nx-evil: 1"), tracewire::errc::carrier_value_invalid);
  EXPECT_EQ(carrier.set("Baggage", "a=1"), tracewire::errc::carrier_key_invalid);
  EXPECT_EQ(f.count("baggage"), 0u);
  // An empty tracestate removes a stale field (w3c inject calls erase()).
  ASSERT_EQ(carrier.add("tracestate", "x=1"), tracewire::errc::ok);
  tracewire::span_context sc = outbound_context().span;
  sc.tracestate.clear();
  ASSERT_EQ(tracewire::w3c_trace_context{}.inject(sc, carrier), tracewire::errc::ok);
  EXPECT_EQ(f.count("tracestate"), 0u);
}

}  // namespace
