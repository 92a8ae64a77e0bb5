// SPDX-License-Identifier: Apache-2.0
//
// Unit tests of tracewire/ring/span_record.hpp: every setter's stored / truncated / dropped
// outcome, replacement of existing keys, the OTLP dropped counts, events and links, and the
// default record holding a checkout span of the demo (12 attributes, 4 events).
#include "tracewire/ring/span_record.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "alloc_counter.hpp"

namespace {

using tracewire::attribute_type;
using tracewire::attribute_view;
using tracewire::record_status;
using tracewire::span_kind;
using tracewire::span_record;
using tracewire::span_status_code;

using small_record = tracewire::basic_span_record<64, 1, 1>;

std::vector<std::string> keys_of(const span_record& r) {
  std::vector<std::string> keys;
  r.for_each_attribute([&](const attribute_view& a) { keys.emplace_back(a.key()); });
  return keys;
}

TEST(SpanRecord, LayoutOfTheDefault) {
  static_assert(std::is_trivially_copyable_v<span_record>);
  EXPECT_EQ(sizeof(span_record), 888u);
  EXPECT_EQ(span_record::attribute_bytes, 704u);
  EXPECT_EQ(span_record::max_events, 4u);
  EXPECT_EQ(span_record::max_links, 2u);
}

TEST(SpanRecord, DefaultIsEmpty) {
  const span_record r;
  EXPECT_FALSE(r.trace_id().is_valid());
  EXPECT_FALSE(r.span_id().is_valid());
  EXPECT_FALSE(r.parent_span_id().is_valid());
  EXPECT_EQ(r.flags().value(), 0);
  EXPECT_EQ(r.kind(), span_kind::unspecified);
  EXPECT_EQ(r.status_code(), span_status_code::unset);
  EXPECT_EQ(r.name(), "");
  EXPECT_EQ(r.status_message(), "");
  EXPECT_EQ(r.attribute_count(), 0u);
  EXPECT_EQ(r.event_count(), 0u);
  EXPECT_EQ(r.link_count(), 0u);
  EXPECT_EQ(r.dropped_attributes_count(), 0u);
  EXPECT_EQ(r.dropped_events_count(), 0u);
  EXPECT_EQ(r.dropped_links_count(), 0u);
  EXPECT_EQ(r.bytes_used(), 0u);
  EXPECT_FALSE(r.find_attribute("x"));
}

TEST(SpanRecord, IdentityAndTimes) {
  span_record r;
  const auto tid = tracewire::trace_id::from_u64(0x4bf92f3577b34da6, 0xa3ce929d0e0e4736);
  const auto sid = tracewire::span_id::from_u64(0x00f067aa0ba902b7);
  const auto pid = tracewire::span_id::from_u64(0x1122334455667788);
  r.set_trace_id(tid);
  r.set_span_id(sid);
  r.set_parent_span_id(pid);
  r.set_flags(tracewire::trace_flags(0x03));
  r.set_kind(span_kind::server);
  r.set_start_time(1700000000000000000u);
  r.set_end_time(1700000000123456789u);
  EXPECT_EQ(r.trace_id(), tid);
  EXPECT_EQ(r.span_id(), sid);
  EXPECT_EQ(r.parent_span_id(), pid);
  EXPECT_EQ(r.flags().value(), 0x03);
  EXPECT_EQ(r.kind(), span_kind::server);
  EXPECT_EQ(r.start_time_unix_ns(), 1700000000000000000u);
  EXPECT_EQ(r.end_time_unix_ns(), 1700000000123456789u);
  // OTLP numbering.
  EXPECT_EQ(static_cast<int>(span_kind::consumer), 5);
  EXPECT_EQ(static_cast<int>(span_status_code::error), 2);
}

TEST(SpanRecord, NameIsReplacedAndTruncatedAtAUtf8Boundary) {
  span_record r;
  EXPECT_EQ(r.set_name("GET /cart"), record_status::stored);
  EXPECT_EQ(r.name(), "GET /cart");
  EXPECT_EQ(r.set_name("POST /checkout"), record_status::stored);
  EXPECT_EQ(r.name(), "POST /checkout");
  EXPECT_FALSE(r.name_truncated());
  EXPECT_EQ(r.bytes_used(), 3u + 14u);  // replaced, not appended

  // 254 ASCII bytes then a 2-byte character: the cut at 255 would split it, so 254 are kept.
  const std::string long_name = std::string(254, 'n') + "\xC3\xA9";
  EXPECT_EQ(r.set_name(long_name), record_status::truncated);
  EXPECT_EQ(r.name(), std::string(254, 'n'));
  EXPECT_TRUE(r.name_truncated());
  // Exactly 255 bytes fit without truncation.
  EXPECT_EQ(r.set_name(std::string(255, 'x')), record_status::stored);
  EXPECT_EQ(r.name().size(), 255u);
  EXPECT_FALSE(r.name_truncated());
  // The empty name removes the entry.
  EXPECT_EQ(r.set_name(""), record_status::stored);
  EXPECT_EQ(r.name(), "");
  EXPECT_EQ(r.bytes_used(), 0u);
}

TEST(SpanRecord, NameIsCutToTheFreeSpace) {
  small_record r;                                                                // 64 bytes
  ASSERT_EQ(r.set_attribute("k", std::string(40, 'v')), record_status::stored);  // 2+1+1+40 = 44
  // 20 bytes free: 3 for the entry header, 17 for the name.
  EXPECT_EQ(r.set_name("a-name-longer-than-seventeen"), record_status::truncated);
  EXPECT_EQ(r.name(), "a-name-longer-tha");
  EXPECT_TRUE(r.name_truncated());
  EXPECT_EQ(r.bytes_used(), 64u);
}

TEST(SpanRecord, AttributeTypes) {
  span_record r;
  EXPECT_EQ(r.set_attribute("http.request.method", "POST"), record_status::stored);
  EXPECT_EQ(r.set_attribute("http.response.status_code", 200), record_status::stored);
  EXPECT_EQ(r.set_attribute("payment.amount", 129.99), record_status::stored);
  EXPECT_EQ(r.set_attribute("cart.empty", false), record_status::stored);
  EXPECT_EQ(r.set_attribute("small", std::int8_t{-5}), record_status::stored);
  EXPECT_EQ(r.set_attribute("float", 0.5f), record_status::stored);
  EXPECT_EQ(r.set_attribute("std.string", std::string("value")), record_status::stored);
  EXPECT_EQ(r.attribute_count(), 7u);

  const attribute_view m = r.find_attribute("http.request.method");
  ASSERT_TRUE(m);
  EXPECT_EQ(m.type(), attribute_type::string);
  EXPECT_EQ(m.string_value(), "POST");
  EXPECT_FALSE(m.truncated());
  const attribute_view code = r.find_attribute("http.response.status_code");
  ASSERT_TRUE(code);
  EXPECT_EQ(code.type(), attribute_type::int64);
  EXPECT_EQ(code.int_value(), 200);
  const attribute_view amount = r.find_attribute("payment.amount");
  ASSERT_TRUE(amount);
  EXPECT_EQ(amount.type(), attribute_type::float64);
  EXPECT_EQ(amount.double_value(), 129.99);
  const attribute_view empty = r.find_attribute("cart.empty");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty.type(), attribute_type::boolean);
  EXPECT_FALSE(empty.bool_value());
  EXPECT_EQ(r.find_attribute("small").int_value(), -5);
  EXPECT_EQ(r.find_attribute("float").double_value(), 0.5);
  EXPECT_EQ(r.find_attribute("std.string").string_value(), "value");
  EXPECT_FALSE(r.find_attribute("http.request"));  // a prefix is not a key
}

TEST(SpanRecord, IntegerExtremes) {
  span_record r;
  constexpr auto min64 = std::numeric_limits<std::int64_t>::min();
  constexpr auto max64 = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(r.set_attribute("min", min64), record_status::stored);
  EXPECT_EQ(r.set_attribute("max", max64), record_status::stored);
  EXPECT_EQ(r.set_attribute("u.max", static_cast<std::uint64_t>(max64)), record_status::stored);
  EXPECT_EQ(r.set_attribute("u.over", static_cast<std::uint64_t>(max64) + 1),
            record_status::truncated);
  EXPECT_EQ(r.find_attribute("min").int_value(), min64);
  EXPECT_EQ(r.find_attribute("max").int_value(), max64);
  EXPECT_EQ(r.find_attribute("u.max").int_value(), max64);
  EXPECT_FALSE(r.find_attribute("u.max").truncated());
  EXPECT_EQ(r.find_attribute("u.over").int_value(), max64);
  EXPECT_TRUE(r.find_attribute("u.over").truncated());
}

TEST(SpanRecord, SameKeyReplacesTheValue) {
  span_record r;
  r.set_attribute("a", 1);
  r.set_attribute("b", "two");
  r.set_attribute("c", 3);
  const std::size_t used = r.bytes_used();
  EXPECT_EQ(r.set_attribute("b", "TWO"), record_status::stored);
  EXPECT_EQ(r.attribute_count(), 3u);
  EXPECT_EQ(r.bytes_used(), used);
  EXPECT_EQ(r.find_attribute("b").string_value(), "TWO");
  // The replaced attribute moves to the end (iteration is in the order last set).
  EXPECT_EQ(keys_of(r), (std::vector<std::string>{"a", "c", "b"}));
  // A different type replaces too.
  EXPECT_EQ(r.set_attribute("a", true), record_status::stored);
  EXPECT_EQ(r.attribute_count(), 3u);
  EXPECT_EQ(r.find_attribute("a").type(), attribute_type::boolean);
  EXPECT_TRUE(r.find_attribute("a").bool_value());
  EXPECT_EQ(keys_of(r), (std::vector<std::string>{"c", "b", "a"}));
}

TEST(SpanRecord, ReplacementThatDoesNotFitKeepsTheOldValue) {
  small_record r;
  ASSERT_EQ(r.set_attribute("k", std::string(50, 'v')), record_status::stored);   // 54 of 64
  EXPECT_EQ(r.set_attribute("k", std::string(61, 'w')), record_status::dropped);  // needs 65
  EXPECT_EQ(r.find_attribute("k").string_value(), std::string(50, 'v'));
  EXPECT_EQ(r.dropped_attributes_count(), 1u);
  // Replacing with something that only fits once the old value is gone works.
  EXPECT_EQ(r.set_attribute("k", std::string(60, 'w')), record_status::stored);  // needs 64
  EXPECT_EQ(r.find_attribute("k").string_value(), std::string(60, 'w'));
  EXPECT_EQ(r.bytes_used(), 64u);
}

TEST(SpanRecord, InvalidKeysAreDroppedAndCounted) {
  span_record r;
  EXPECT_EQ(r.set_attribute("", 1), record_status::dropped);
  EXPECT_EQ(r.set_attribute(std::string(256, 'k'), 1), record_status::dropped);
  EXPECT_EQ(r.set_attribute(std::string(255, 'k'), 1), record_status::stored);
  EXPECT_EQ(r.dropped_attributes_count(), 2u);
  EXPECT_EQ(r.attribute_count(), 1u);
}

TEST(SpanRecord, LongStringValuesAreTruncatedAtAUtf8Boundary) {
  span_record r;
  // A 3-byte character straddling the 255-byte limit: cut before it.
  const std::string v = std::string(253, 'a') + "\xE2\x82\xAC" + "tail";
  EXPECT_EQ(r.set_attribute("k", v), record_status::truncated);
  const attribute_view a = r.find_attribute("k");
  EXPECT_TRUE(a.truncated());
  EXPECT_EQ(a.string_value(), std::string(253, 'a'));
  // A 4-byte character ending exactly at 255 is kept whole.
  const std::string w = std::string(251, 'b') + "\xF0\x9F\x98\x80" + "more";
  EXPECT_EQ(r.set_attribute("w", w), record_status::truncated);
  EXPECT_EQ(r.find_attribute("w").string_value(), w.substr(0, 255));
}

TEST(SpanRecord, FullAreaDropsAndCountsAndSaturates) {
  small_record r;
  std::size_t stored = 0;
  for (int i = 0; i < 20; ++i) {
    const char key[2] = {static_cast<char>('a' + i), 0};
    if (r.set_attribute(key, i) == record_status::stored) ++stored;  // 11 bytes each
  }
  EXPECT_EQ(stored, 5u);  // 5 * 11 = 55 <= 64 < 66
  EXPECT_EQ(r.attribute_count(), 5u);
  EXPECT_EQ(r.dropped_attributes_count(), 15u);
  // A smaller one still fits in the 9 bytes left.
  EXPECT_EQ(r.set_attribute("z", true), record_status::stored);  // 2 + 1 + 1
  for (int i = 0; i < 70000; ++i) static_cast<void>(r.set_attribute("big", 1.0));
  EXPECT_EQ(r.dropped_attributes_count(), 65535u);  // 16-bit, saturating
}

TEST(SpanRecord, Status) {
  span_record r;
  EXPECT_EQ(r.set_status(span_status_code::error, "insufficient stock for sku-42"),
            record_status::stored);
  EXPECT_EQ(r.status_code(), span_status_code::error);
  EXPECT_EQ(r.status_message(), "insufficient stock for sku-42");
  // OTLP: a message only goes with an error; OK clears it.
  EXPECT_EQ(r.set_status(span_status_code::ok, "ignored"), record_status::stored);
  EXPECT_EQ(r.status_code(), span_status_code::ok);
  EXPECT_EQ(r.status_message(), "");
  EXPECT_EQ(r.bytes_used(), 0u);
  EXPECT_EQ(r.set_status(span_status_code::error, std::string(300, 'm')), record_status::truncated);
  EXPECT_EQ(r.status_message().size(), 255u);
  EXPECT_TRUE(r.status_message_truncated());
}

TEST(SpanRecord, Events) {
  span_record r;
  r.set_attribute("span.attr", 1);
  const std::size_t e0 = r.add_event("price_mismatch", 100);
  const std::size_t e1 = r.add_event("insufficient_stock", 200);
  ASSERT_EQ(e0, 0u);
  ASSERT_EQ(e1, 1u);
  EXPECT_EQ(r.set_event_attribute(e0, "expected", 10.5), record_status::stored);
  EXPECT_EQ(r.set_event_attribute(e0, "actual", 11.25), record_status::stored);
  EXPECT_EQ(r.set_event_attribute(e1, "sku", "sku-42"), record_status::stored);
  // The same key on the span and on an event are different attributes.
  EXPECT_EQ(r.set_event_attribute(e1, "span.attr", 2), record_status::stored);
  EXPECT_EQ(r.attribute_count(), 1u);
  EXPECT_EQ(r.find_attribute("span.attr").int_value(), 1);

  ASSERT_EQ(r.event_count(), 2u);
  EXPECT_EQ(r.event(0).name(), "price_mismatch");
  EXPECT_EQ(r.event(0).time_unix_ns(), 100u);
  EXPECT_EQ(r.event(0).attribute_count(), 2u);
  EXPECT_EQ(r.event(0).find_attribute("actual").double_value(), 11.25);
  EXPECT_FALSE(r.event(0).find_attribute("sku"));
  EXPECT_EQ(r.event(1).name(), "insufficient_stock");
  EXPECT_EQ(r.event(1).find_attribute("sku").string_value(), "sku-42");
  EXPECT_EQ(r.event(1).find_attribute("span.attr").int_value(), 2);
  std::vector<std::string> keys;
  r.event(0).for_each_attribute([&](const attribute_view& a) { keys.emplace_back(a.key()); });
  EXPECT_EQ(keys, (std::vector<std::string>{"expected", "actual"}));

  EXPECT_EQ(r.add_event("e2", 3), 2u);
  EXPECT_EQ(r.add_event("e3", 4), 3u);
  EXPECT_EQ(r.add_event("e4", 5), span_record::npos);  // MaxEvents = 4
  EXPECT_EQ(r.dropped_events_count(), 1u);
  // Attributes of a dropped event are ignored, not counted again.
  EXPECT_EQ(r.set_event_attribute(span_record::npos, "k", 1), record_status::dropped);
  EXPECT_EQ(r.dropped_attributes_count(), 0u);
  EXPECT_EQ(r.event(3).name(), "e3");
}

TEST(SpanRecord, EventNamesAndEventAttributeDrops) {
  small_record r;                                               // 64 bytes, 1 event
  const std::size_t e = r.add_event(std::string(300, 'e'), 1);  // cut to 255: does not fit 64
  EXPECT_EQ(e, small_record::npos);
  EXPECT_EQ(r.dropped_events_count(), 1u);
  const std::size_t f = r.add_event("checkout", 2);
  ASSERT_EQ(f, 0u);
  EXPECT_FALSE(r.event(0).name_truncated());
  EXPECT_EQ(r.set_event_attribute(f, "k", std::string(60, 'v')), record_status::dropped);
  EXPECT_EQ(r.event(0).dropped_attributes_count(), 1u);
  EXPECT_EQ(r.dropped_attributes_count(), 0u);  // counted on the event, not the span

  span_record big;
  const std::size_t g = big.add_event(std::string(300, 'e'), 1);
  ASSERT_EQ(g, 0u);
  EXPECT_EQ(big.event(0).name().size(), 255u);
  EXPECT_TRUE(big.event(0).name_truncated());
}

TEST(SpanRecord, Links) {
  span_record r;
  const auto t1 = tracewire::trace_id::from_u64(1, 2);
  const auto s1 = tracewire::span_id::from_u64(3);
  const std::size_t l0 = r.add_link(t1, s1, tracewire::trace_flags(1));
  ASSERT_EQ(l0, 0u);
  EXPECT_EQ(r.set_link_attribute(l0, "messaging.batch", true), record_status::stored);
  EXPECT_EQ(r.add_link(t1, tracewire::span_id::from_u64(4)), 1u);
  EXPECT_EQ(r.add_link(t1, s1), span_record::npos);  // MaxLinks = 2
  EXPECT_EQ(r.dropped_links_count(), 1u);
  EXPECT_EQ(r.set_link_attribute(span_record::npos, "k", 1), record_status::dropped);
  ASSERT_EQ(r.link_count(), 2u);
  EXPECT_EQ(r.link(0).trace_id(), t1);
  EXPECT_EQ(r.link(0).span_id(), s1);
  EXPECT_TRUE(r.link(0).flags().sampled());
  EXPECT_EQ(r.link(0).attribute_count(), 1u);
  EXPECT_TRUE(r.link(0).find_attribute("messaging.batch").bool_value());
  EXPECT_EQ(r.link(1).span_id().value(), 4u);
  EXPECT_EQ(r.link(1).attribute_count(), 0u);
  EXPECT_EQ(r.attribute_count(), 0u);  // link attributes are not span attributes
}

// The checkout demo's busiest span, every attribute key the demo uses at once (9
// semantic-convention and 5 business attributes), an error message, and 4 events with 2 attributes
// each, must fit the default record with nothing dropped or truncated.
void fill_checkout_span(span_record& r) {
  r.reset();
  r.set_trace_id(tracewire::trace_id::from_u64(0x4bf92f3577b34da6, 0xa3ce929d0e0e4736));
  r.set_span_id(tracewire::span_id::from_u64(0x00f067aa0ba902b7));
  r.set_kind(span_kind::server);
  r.set_start_time(1700000000000000000u);
  r.set_end_time(1700000000012000000u);
  const record_status statuses[] = {
      r.set_name("POST /api/v1/checkout"),
      r.set_attribute("http.request.method", "POST"),
      r.set_attribute("http.response.status_code", 201),
      r.set_attribute("url.path", "/api/v1/checkout"),
      r.set_attribute("rpc.system", "grpc"),
      r.set_attribute("rpc.service", "payment.PaymentService"),
      r.set_attribute("rpc.method", "Authorize"),
      r.set_attribute("messaging.system", "kafka"),
      r.set_attribute("messaging.destination.name", "orders"),
      r.set_attribute("messaging.operation.type", "publish"),
      r.set_attribute("cart.id", "cart-7f3a9c21"),
      r.set_attribute("order.id", "ord-2024-000123"),
      r.set_attribute("payment.amount", 129.99),
      r.set_attribute("enduser.id", "user-48213"),
      r.set_attribute("user.tier", "gold"),
      r.set_status(span_status_code::error, "insufficient stock for 1 item"),
  };
  for (const record_status s : statuses) EXPECT_EQ(s, record_status::stored);
  const std::size_t e0 = r.add_event("price_mismatch", 1700000000001000000u);
  EXPECT_EQ(r.set_event_attribute(e0, "expected", 19.99), record_status::stored);
  EXPECT_EQ(r.set_event_attribute(e0, "actual", 21.49), record_status::stored);
  const std::size_t e1 = r.add_event("insufficient_stock", 1700000000002000000u);
  EXPECT_EQ(r.set_event_attribute(e1, "sku", "sku-10042"), record_status::stored);
  EXPECT_EQ(r.set_event_attribute(e1, "requested", 3), record_status::stored);
  const std::size_t e2 = r.add_event("retry", 1700000000003000000u);
  EXPECT_EQ(r.set_event_attribute(e2, "attempt", 2), record_status::stored);
  EXPECT_EQ(r.set_event_attribute(e2, "backoff.ms", 50), record_status::stored);
  const std::size_t e3 = r.add_event("exception", 1700000000004000000u);
  EXPECT_EQ(r.set_event_attribute(e3, "exception.type", "StockError"), record_status::stored);
  EXPECT_EQ(r.set_event_attribute(e3, "exception.message", "sku-10042 out of stock"),
            record_status::stored);
}

TEST(SpanRecord, DefaultHoldsTheCheckoutSpan) {
  span_record r;
  fill_checkout_span(r);
  EXPECT_EQ(r.attribute_count(), 14u);
  EXPECT_EQ(r.event_count(), 4u);
  EXPECT_EQ(r.dropped_attributes_count(), 0u);
  EXPECT_EQ(r.dropped_events_count(), 0u);
  for (std::size_t i = 0; i < r.event_count(); ++i) {
    EXPECT_EQ(r.event(i).attribute_count(), 2u);
    EXPECT_EQ(r.event(i).dropped_attributes_count(), 0u);
  }
  EXPECT_EQ(r.name(), "POST /api/v1/checkout");
  EXPECT_EQ(r.find_attribute("messaging.destination.name").string_value(), "orders");
  // Room left for at least one more attribute of the same kind (e.g. 2+16+1+16 bytes).
  std::printf("checkout span uses %zu of %zu bytes\n", r.bytes_used(),
              span_record::attribute_bytes);
  EXPECT_LE(r.bytes_used() + 40, span_record::attribute_bytes);
}

TEST(SpanRecord, CopyIsByValue) {
  span_record a;
  fill_checkout_span(a);
  span_record b;
  std::memcpy(static_cast<void*>(&b), &a, sizeof a);  // what the ring does
  a.reset();
  EXPECT_EQ(b.name(), "POST /api/v1/checkout");
  EXPECT_EQ(b.find_attribute("user.tier").string_value(), "gold");
  EXPECT_EQ(b.event(1).find_attribute("requested").int_value(), 3);
  EXPECT_EQ(a.name(), "");
}

TEST(SpanRecord, ResetClearsEverything) {
  span_record r;
  fill_checkout_span(r);
  r.add_link(tracewire::trace_id::from_u64(1, 1), tracewire::span_id::from_u64(1));
  r.reset();
  EXPECT_EQ(r.name(), "");
  EXPECT_EQ(r.attribute_count(), 0u);
  EXPECT_EQ(r.event_count(), 0u);
  EXPECT_EQ(r.link_count(), 0u);
  EXPECT_EQ(r.bytes_used(), 0u);
  EXPECT_EQ(r.status_code(), span_status_code::unset);
  EXPECT_FALSE(r.trace_id().is_valid());
}

TEST(SpanRecord, SettersDoNotAllocate) {
  span_record r;
  const tracewire_test::alloc_scope allocs;
  fill_checkout_span(r);
  r.add_link(tracewire::trace_id::from_u64(1, 1), tracewire::span_id::from_u64(1));
  r.set_attribute("http.response.status_code", 500);  // replacement
  std::size_t n = 0;
  r.for_each_attribute([&n](const attribute_view&) { ++n; });
  EXPECT_EQ(allocs.count(), 0u);
  EXPECT_EQ(n, 14u);
}

}  // namespace
