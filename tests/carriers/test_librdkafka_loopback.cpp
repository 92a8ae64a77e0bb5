// SPDX-License-Identifier: Apache-2.0
//
// carriers.librdkafka: a record produced to librdkafka's built-in mock cluster
// (`test.mock.num.brokers=1`, no broker process) with headers written through
// librdkafka_carrier(rd_kafka_headers_t*), consumed from offset 0 and read through
// librdkafka_carrier(const rd_kafka_headers_t*): traceparent, two tracestate headers combined,
// baggage, a repeated key in order, and a null value that differs from an empty one.
// Bounded in time: every wait has a deadline (the whole test fails, never hangs, after 20 s).
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "real_carrier_support.hpp"
#include "tracewire/carrier.hpp"
#include "tracewire/carriers/librdkafka.hpp"

namespace {

using namespace tracewire_test;
using clock_type = std::chrono::steady_clock;

constexpr const char* topic_name = "tracewire-carrier";
constexpr int timeout_ms = 20000;

struct rk_deleter {
  void operator()(rd_kafka_t* rk) const noexcept { rd_kafka_destroy(rk); }
};
struct rkt_deleter {
  void operator()(rd_kafka_topic_t* t) const noexcept { rd_kafka_topic_destroy(t); }
};
struct msg_deleter {
  void operator()(rd_kafka_message_t* m) const noexcept { rd_kafka_message_destroy(m); }
};
struct hdrs_deleter {
  void operator()(rd_kafka_headers_t* h) const noexcept { rd_kafka_headers_destroy(h); }
};
using rk_ptr = std::unique_ptr<rd_kafka_t, rk_deleter>;
using rkt_ptr = std::unique_ptr<rd_kafka_topic_t, rkt_deleter>;
using msg_ptr = std::unique_ptr<rd_kafka_message_t, msg_deleter>;
using hdrs_ptr = std::unique_ptr<rd_kafka_headers_t, hdrs_deleter>;

/// A client with `settings` (name, value pairs); fails the test on a bad setting.
rk_ptr make_client(rd_kafka_type_t type,
                   const std::vector<std::pair<const char*, std::string>>& settings) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (const auto& [name, value] : settings) {
    if (rd_kafka_conf_set(conf, name, value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      ADD_FAILURE() << name << ": " << err;
      rd_kafka_conf_destroy(conf);
      return nullptr;
    }
  }
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof err);  // takes conf on success
  if (rk == nullptr) {
    ADD_FAILURE() << "rd_kafka_new: " << err;
    rd_kafka_conf_destroy(conf);
  }
  return rk_ptr(rk);
}

/// Topic metadata first, on each client (avoids an occasional one-second stall; ANCHORS.md).
void fetch_metadata(rd_kafka_t* rk) {
  rkt_ptr topic(rd_kafka_topic_new(rk, topic_name, nullptr));
  const struct rd_kafka_metadata* md = nullptr;
  ASSERT_EQ(rd_kafka_metadata(rk, 0, topic.get(), &md, timeout_ms), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_metadata_destroy(md);
}

std::vector<std::pair<std::string, std::string>> all_headers(
    const tracewire::librdkafka_headers_reader& c) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto it = c.begin(); it != c.end(); ++it)
    out.emplace_back(std::string(c.key(it)), c.is_null(it) ? "<null>" : std::string(c.value(it)));
  return out;
}

TEST(LibrdkafkaLoopback, HeadersWrittenByTheAdapterArriveThroughTheMockCluster) {
  const auto deadline = clock_type::now() + std::chrono::milliseconds(timeout_ms);

  rk_ptr producer = make_client(
      RD_KAFKA_PRODUCER, {{"test.mock.num.brokers", "1"}, {"linger.ms", "0"}, {"log_level", "3"}});
  ASSERT_TRUE(producer);
  rd_kafka_mock_cluster_t* mock = rd_kafka_handle_mock_cluster(producer.get());
  ASSERT_NE(mock, nullptr);
  ASSERT_EQ(rd_kafka_mock_topic_create(mock, topic_name, 1, 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  const std::string bootstraps = rd_kafka_mock_cluster_bootstraps(mock);
  rk_ptr consumer = make_client(RD_KAFKA_CONSUMER, {{"bootstrap.servers", bootstraps},
                                                    {"group.id", "tracewire-test"},
                                                    {"enable.auto.commit", "false"},
                                                    {"fetch.wait.max.ms", "10"},
                                                    {"log_level", "3"}});
  ASSERT_TRUE(consumer);
  fetch_metadata(producer.get());
  fetch_metadata(consumer.get());

  // --- produce: headers through the adapter -------------------------------------------------
  hdrs_ptr hdrs(rd_kafka_headers_new(8));
  auto out = tracewire::librdkafka_carrier(hdrs.get());
  ASSERT_EQ(out.add("traceparent", "stale"), tracewire::errc::ok);  // set() must replace it
  ASSERT_EQ(w3c_both{}.inject(outbound_context(), out), tracewire::errc::ok);
  ASSERT_EQ(out.add("tracestate", tracestate_second), tracewire::errc::ok);
  ASSERT_EQ(out.add("x-repeated", "first"), tracewire::errc::ok);
  ASSERT_EQ(out.add("x-repeated", "second"), tracewire::errc::ok);
  ASSERT_EQ(out.set_null("x-null"), tracewire::errc::ok);
  ASSERT_EQ(out.set("x-empty", ""), tracewire::errc::ok);
  ASSERT_EQ(out.set("", "v"), tracewire::errc::carrier_key_invalid);
  ASSERT_EQ(out.set(std::string_view("a\0b", 3), "v"), tracewire::errc::carrier_key_invalid);
  ASSERT_EQ(rd_kafka_header_cnt(hdrs.get()), 8u);
  EXPECT_EQ(tracewire::find_single(out, "traceparent").value, traceparent_sent);

  // rd_kafka_produceva, not the RD_KAFKA_V_* macros of rd_kafka_producev: those expand to GNU
  // statement expressions in our own code, which -Wpedantic rejects under clang.
  char payload[] = "order-42";
  rd_kafka_vu_t vu[5] = {};
  vu[0].vtype = RD_KAFKA_VTYPE_TOPIC;
  vu[0].u.cstr = topic_name;
  vu[1].vtype = RD_KAFKA_VTYPE_PARTITION;
  vu[1].u.i32 = 0;
  vu[2].vtype = RD_KAFKA_VTYPE_VALUE;
  vu[2].u.mem.ptr = payload;
  vu[2].u.mem.size = sizeof payload - 1;
  vu[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vu[3].u.i = RD_KAFKA_MSG_F_COPY;
  vu[4].vtype = RD_KAFKA_VTYPE_HEADERS;
  vu[4].u.headers = hdrs.get();
  rd_kafka_error_t* produce_error = rd_kafka_produceva(producer.get(), vu, 5);
  ASSERT_EQ(produce_error, nullptr) << rd_kafka_error_string(produce_error);
  static_cast<void>(hdrs.release());  // the message owns the list now
  ASSERT_EQ(rd_kafka_flush(producer.get(), timeout_ms), RD_KAFKA_RESP_ERR_NO_ERROR);

  // --- consume from the explicit offset 0 ------------------------------------------------------
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(parts, topic_name, 0)->offset = 0;
  const rd_kafka_resp_err_t assigned = rd_kafka_assign(consumer.get(), parts);
  rd_kafka_topic_partition_list_destroy(parts);
  ASSERT_EQ(assigned, RD_KAFKA_RESP_ERR_NO_ERROR);

  msg_ptr msg;
  while (!msg && clock_type::now() < deadline) {
    msg_ptr m(rd_kafka_consumer_poll(consumer.get(), 100));
    if (!m) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) continue;
    ASSERT_EQ(m->err, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_message_errstr(m.get());
    msg = std::move(m);
  }
  ASSERT_TRUE(msg) << "no message within " << timeout_ms << " ms";
  ASSERT_EQ(std::string(static_cast<const char*>(msg->payload), msg->len), "order-42");

  rd_kafka_headers_t* in_hdrs = nullptr;  // parsed on this first call, owned by the message
  ASSERT_EQ(rd_kafka_message_headers(msg.get(), &in_hdrs), RD_KAFKA_RESP_ERR_NO_ERROR);
  const auto in = tracewire::librdkafka_carrier(static_cast<const rd_kafka_headers_t*>(in_hdrs));

  tracewire::context ctx;
  tracewire::propagation_status status;
  {
    const alloc_scope allocs;  // views into the message: no copy, no allocation
    status = w3c_both{}.extract(in, ctx);
    EXPECT_EQ(allocs.count(), 0u);
  }
  EXPECT_EQ(status.error, tracewire::errc::ok);
  EXPECT_EQ(status.detail, tracewire::errc::ok);
  expect_span_arrived(ctx.span);
  EXPECT_EQ(ctx.baggage.size(), 3u);
  EXPECT_EQ(ctx.baggage.get("k"), "a,b");  // Kafka values are bytes: nothing decodes them

  const std::vector<std::pair<std::string, std::string>> expected = {
      {"traceparent", std::string(traceparent_sent)},
      {"tracestate", std::string(tracestate_first)},
      {"baggage", std::string(baggage_sent)},
      {"tracestate", std::string(tracestate_second)},
      {"x-repeated", "first"},
      {"x-repeated", "second"},
      {"x-null", "<null>"},
      {"x-empty", ""},
  };
  EXPECT_EQ(all_headers(in), expected);

  const tracewire::single_field null_field = tracewire::find_single(in, "x-null");
  EXPECT_EQ(null_field.error, tracewire::errc::ok);
  EXPECT_TRUE(null_field.null);
  const tracewire::single_field empty_field = tracewire::find_single(in, "x-empty");
  EXPECT_EQ(empty_field.error, tracewire::errc::ok);
  EXPECT_FALSE(empty_field.null);
  EXPECT_TRUE(empty_field.value.empty());
  EXPECT_EQ(tracewire::find_single(in, "x-repeated").error, tracewire::errc::field_repeated);
  EXPECT_EQ(tracewire::find_single(in, "Traceparent").error, tracewire::errc::field_missing);

  EXPECT_EQ(rd_kafka_consumer_close(consumer.get()), RD_KAFKA_RESP_ERR_NO_ERROR);
}

TEST(LibrdkafkaCarrier, SetEraseAndAnEmptyList) {
  hdrs_ptr hdrs(rd_kafka_headers_new(4));
  auto c = tracewire::librdkafka_carrier(hdrs.get());
  ASSERT_EQ(c.add("k", "1"), tracewire::errc::ok);
  ASSERT_EQ(c.add("other", "x"), tracewire::errc::ok);
  ASSERT_EQ(c.add("k", "2"), tracewire::errc::ok);
  EXPECT_EQ(tracewire::field_values(c, "k").count(), 2u);
  ASSERT_EQ(c.set("k", "3"), tracewire::errc::ok);
  EXPECT_EQ(tracewire::find_single(c, "k").value, "3");
  EXPECT_EQ(c.erase("k"), 1u);
  EXPECT_EQ(c.erase("k"), 0u);
  EXPECT_EQ(c.set(std::string(300, 'a'), "v"), tracewire::errc::carrier_write_failed);
  EXPECT_EQ(rd_kafka_header_cnt(hdrs.get()), 1u);

  // A message without headers: rd_kafka_message_headers leaves a null list.
  const auto none = tracewire::librdkafka_carrier(static_cast<const rd_kafka_headers_t*>(nullptr));
  EXPECT_TRUE(none.begin() == none.end());
  tracewire::context ctx;
  EXPECT_EQ(w3c_both{}.extract(none, ctx).error, tracewire::errc::field_missing);
}

}  // namespace
