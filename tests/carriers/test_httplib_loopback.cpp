// SPDX-License-Identifier: Apache-2.0
//
// carriers.httplib: a real cpp-httplib server and client on 127.0.0.1. The client injects through
// httplib_carrier(Headers&) and adds a second tracestate field; the server extracts through
// httplib_carrier(const Request&) and the test checks what arrived, including this version's
// percent-decoding of header values (carriers/httplib.hpp, PERCENT-DECODING).
#include <httplib.h>

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "alloc_counter.hpp"
#include "real_carrier_support.hpp"
#include "tracewire/carrier.hpp"
#include "tracewire/carriers/httplib.hpp"

namespace {

using namespace tracewire_test;

struct received {
  tracewire::context ctx;
  tracewire::propagation_status status;
  std::vector<std::string> traceparent, tracestate, baggage;
  std::size_t extract_allocations = 0;
};

std::vector<std::string> copy_values(const tracewire::httplib_headers_reader& c,
                                     std::string_view key) {
  std::vector<std::string> out;
  for (const std::string_view v : tracewire::field_values(c, key)) out.emplace_back(v);
  return out;
}

class HttplibLoopback : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.set_tcp_nodelay(true);
    server_.Get("/trace", [this](const httplib::Request& req, httplib::Response& res) {
      const auto carrier = tracewire::httplib_carrier(req);
      received r;
      {
        const alloc_scope allocs;  // extract reads views of the request: no allocation
        r.status = w3c_both{}.extract(carrier, r.ctx);
        r.extract_allocations = allocs.count();
      }
      r.traceparent = copy_values(carrier, "traceparent");
      r.tracestate = copy_values(carrier, "tracestate");
      r.baggage = copy_values(carrier, "baggage");
      {
        const std::lock_guard<std::mutex> lock(mutex_);
        got_ = std::move(r);
      }
      res.set_content("ok", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  void TearDown() override {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  /// Sends `headers` with GET /trace; true on a 200.
  bool send(const httplib::Headers& headers) {
    httplib::Client cli("127.0.0.1", port_);
    cli.set_tcp_nodelay(true);
    cli.set_connection_timeout(5);
    cli.set_read_timeout(5);
    cli.set_write_timeout(5);
    const auto res = cli.Get("/trace", headers);
    const bool ok = res && res->status == 200;
    cli.stop();  // before Server::stop(): no keep-alive connection left for the server to wait on
    return ok;
  }

  received got() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return got_;
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  received got_;
};

TEST_F(HttplibLoopback, InjectedContextArrivesAndSplitTracestateIsCombined) {
  httplib::Headers headers{{"Host", "shop.example"}, {"Accept", "*/*"}};
  auto carrier = tracewire::httplib_carrier(headers);
  ASSERT_EQ(w3c_both{}.inject(outbound_context(), carrier), tracewire::errc::ok);
  ASSERT_EQ(carrier.add("tracestate", tracestate_second), tracewire::errc::ok);
  // What the client sends: exactly one traceparent, two tracestate fields, the encoded baggage.
  EXPECT_EQ(tracewire::find_single(carrier, "traceparent").value, traceparent_sent);
  EXPECT_EQ(tracewire::field_values(carrier, "tracestate").count(), 2u);
  EXPECT_EQ(tracewire::find_single(carrier, "baggage").value, baggage_sent);

  ASSERT_TRUE(send(headers));
  const received r = got();
  ASSERT_EQ(r.traceparent, std::vector<std::string>{std::string(traceparent_sent)});
  ASSERT_EQ(r.tracestate, (std::vector<std::string>{std::string(tracestate_first),
                                                    std::string(tracestate_second)}));
  EXPECT_EQ(r.status.error, tracewire::errc::ok);
  expect_span_arrived(r.ctx.span);
  EXPECT_EQ(r.extract_allocations, 0u);
}

// cpp-httplib 0.11.4 percent-decodes received header values: `k=a%2Cb` arrives as `k=a,b`, so the
// baggage member k loses `,b` (the `b` is an invalid member and is skipped). When this test starts
// failing because the raw field is `...k=a%2Cb`, the installed cpp-httplib no longer decodes
// (0.44.0 stopped): update the note in carriers/httplib.hpp.
TEST_F(HttplibLoopback, ThisVersionPercentDecodesHeaderValues) {
  httplib::Headers headers;
  auto carrier = tracewire::httplib_carrier(headers);
  ASSERT_EQ(w3c_both{}.inject(outbound_context(), carrier), tracewire::errc::ok);
  ASSERT_TRUE(send(headers));
  const received r = got();
  ASSERT_EQ(r.baggage.size(), 1u);
  EXPECT_EQ(r.baggage[0], "userId=alice,isProduction=false,k=a,b");
  EXPECT_EQ(r.ctx.baggage.get("userId"), "alice");
  EXPECT_EQ(r.ctx.baggage.get("isProduction"), "false");
  EXPECT_TRUE(r.ctx.baggage.contains("k"));
  EXPECT_EQ(r.ctx.baggage.get("k"), "a");  // sent "a,b"
  EXPECT_EQ(r.ctx.baggage.size(), 3u);
  EXPECT_NE(r.status.detail, tracewire::errc::ok);  // the stray `b` was reported
}

TEST(HttplibCarrier, SetReplacesEveryCaseAndRefusesHeaderInjection) {
  httplib::Headers headers{{"TraceParent", "old-1"}, {"traceparent", "old-2"}, {"Host", "h"}};
  auto carrier = tracewire::httplib_carrier(headers);
  ASSERT_EQ(carrier.set("traceparent", traceparent_sent), tracewire::errc::ok);
  EXPECT_EQ(headers.count("traceparent"), 1u);
  EXPECT_EQ(tracewire::find_single(carrier, "traceparent").value, traceparent_sent);
  EXPECT_EQ(carrier.set("baggage", "a=1\r\nx-evil: 1"), tracewire::errc::carrier_value_invalid);
  EXPECT_EQ(carrier.set("Baggage", "a=1"), tracewire::errc::carrier_key_invalid);
  EXPECT_EQ(headers.count("baggage"), 0u);
  EXPECT_EQ(carrier.erase("HOST"), 0u);  // keys given to erase are lowercase, as propagators pass
  EXPECT_EQ(carrier.erase("host"), 1u);
  EXPECT_EQ(headers.size(), 1u);
}

}  // namespace
