// SPDX-License-Identifier: Apache-2.0
//
// The carrier adapters over standard containers: every container kind, the key rules of each
// transport (HTTP case-insensitive; gRPC exact, lowercase, printable values except -bin; Kafka
// exact bytes, null differs from empty, keys repeat), and a user's own container.
#include <gtest/gtest.h>

#include <cstddef>
#include <deque>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fields_carrier.hpp"
#include "tracewire/carrier.hpp"
#include "tracewire/carriers/grpc.hpp"
#include "tracewire/carriers/http.hpp"
#include "tracewire/carriers/kafka.hpp"
#include "tracewire/propagation/baggage.hpp"
#include "tracewire/propagation/w3c.hpp"

namespace tw = tracewire;

namespace {

constexpr std::string_view tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

template <class Adapter>
std::vector<std::string> values_of(const Adapter& a, std::string_view key) {
  std::vector<std::string> out;
  for (const std::string_view v : tw::field_values(a, key)) out.emplace_back(v);
  return out;
}

// Every string container kind: the same request read and written through the HTTP adapter.
template <class C>
void check_http_container() {
  C c;
  auto a = tw::http_carrier(c);
  ASSERT_EQ(a.set("traceparent", tp), tw::errc::ok);
  ASSERT_EQ(a.set("tracestate", "a=1"), tw::errc::ok);
  ASSERT_EQ(a.set("accept", "*/*"), tw::errc::ok);
  EXPECT_EQ(values_of(a, "traceparent"), std::vector<std::string>{std::string(tp)});
  tw::span_context sc;
  ASSERT_TRUE(tw::w3c_trace_context{}.extract(a, sc));
  EXPECT_EQ(sc.tracestate.view(), "a=1");
  // set() replaces: still one field.
  ASSERT_EQ(a.set("tracestate", "b=2"), tw::errc::ok);
  EXPECT_EQ(values_of(a, "tracestate"), std::vector<std::string>{"b=2"});
  EXPECT_EQ(a.erase("tracestate"), 1u);
  EXPECT_TRUE(values_of(a, "tracestate").empty());
}

TEST(http_carrier, every_standard_container) {
  check_http_container<std::map<std::string, std::string>>();
  check_http_container<std::multimap<std::string, std::string>>();
  check_http_container<std::unordered_map<std::string, std::string>>();
  check_http_container<std::unordered_multimap<std::string, std::string>>();
  check_http_container<std::vector<std::pair<std::string, std::string>>>();
  check_http_container<std::deque<std::pair<std::string, std::string>>>();
  check_http_container<std::list<std::pair<std::string, std::string>>>();
}

TEST(http_carrier, names_are_case_insensitive_and_repeats_read_in_order) {
  std::vector<std::pair<std::string, std::string>> h{
      {"TraceState", "a=1"}, {"accept", "x"}, {"TRACESTATE", "b=2"}, {"tracestate", "c=3"}};
  auto a = tw::http_carrier(h);
  EXPECT_EQ(values_of(a, "tracestate"), (std::vector<std::string>{"a=1", "b=2", "c=3"}));
  EXPECT_EQ(tw::field_values(a, "tracestate").count(), 3u);
  EXPECT_EQ(tw::field_values(a, "tracestate").count(2), 2u);
  EXPECT_EQ(tw::find_single(a, "tracestate").error, tw::errc::field_repeated);
  EXPECT_EQ(tw::find_single(a, "accept").error, tw::errc::ok);
  EXPECT_EQ(tw::find_single(a, "nope").error, tw::errc::field_missing);
  // Writing removes every case variant and appends one lowercase field.
  ASSERT_EQ(a.set("tracestate", "d=4"), tw::errc::ok);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[1].first, "tracestate");
}

TEST(http_carrier, refuses_what_http_forbids) {
  std::map<std::string, std::string> h;
  auto a = tw::http_carrier(h);
  EXPECT_EQ(a.set("Traceparent", "x"), tw::errc::carrier_key_invalid);  // written lowercase
  EXPECT_EQ(a.set("bad key", "x"), tw::errc::carrier_key_invalid);
  EXPECT_EQ(a.set("", "x"), tw::errc::carrier_key_invalid);
  EXPECT_EQ(a.set("k", "a\r\nInjected: 1"), tw::errc::carrier_value_invalid);
  EXPECT_EQ(a.set("k", std::string_view("a\0b", 3)), tw::errc::carrier_value_invalid);
  EXPECT_TRUE(h.empty());
}

TEST(http_carrier, views_need_a_buffer_and_report_when_it_is_full) {
  std::vector<std::pair<std::string_view, std::string_view>> v;
  tw::carrier_buffer<80> buf;
  auto a = tw::http_carrier(v, buf);
  ASSERT_EQ(a.set("traceparent", tp), tw::errc::ok);
  EXPECT_EQ(buf.used(), 11u + tp.size());
  EXPECT_EQ(v[0].second, tp);
  EXPECT_NE(v[0].second.data(), tp.data());  // copied into the buffer, not the caller's
  EXPECT_EQ(a.set("tracestate", std::string(100, 'x')), tw::errc::carrier_write_failed);
  buf.clear();
  EXPECT_EQ(buf.used(), 0u);
}

TEST(http_carrier, unique_map_add_of_an_existing_key_is_refused) {
  std::map<std::string, std::string> m{{"baggage", "a=1"}};
  auto a = tw::http_carrier(m);
  EXPECT_EQ(a.add("baggage", "b=2"), tw::errc::carrier_write_failed);
  std::multimap<std::string, std::string> mm{{"baggage", "a=1"}};
  auto b = tw::http_carrier(mm);
  EXPECT_EQ(b.add("baggage", "b=2"), tw::errc::ok);
  EXPECT_EQ(values_of(b, "baggage"), (std::vector<std::string>{"a=1", "b=2"}));
}

TEST(grpc_carrier, exact_lowercase_keys_printable_values_binary_bin_keys) {
  std::multimap<std::string, std::string> md{{"Traceparent", std::string(tp)}};
  auto a = tw::grpc_carrier(md);
  // gRPC keys are lowercase on the wire; an uppercase key is not the same field.
  EXPECT_EQ(tw::find_single(a, "traceparent").error, tw::errc::field_missing);
  EXPECT_EQ(a.set("traceparent", tp), tw::errc::ok);
  EXPECT_EQ(a.set("TraceParent", tp), tw::errc::carrier_key_invalid);
  EXPECT_EQ(a.set("trace parent", tp), tw::errc::carrier_key_invalid);
  EXPECT_EQ(a.set("k", "caf\xC3\xA9"), tw::errc::carrier_value_invalid);
  EXPECT_EQ(a.set("k", "tab\there"), tw::errc::carrier_value_invalid);
  const std::string raw("\x00\xff\r\n", 4);
  EXPECT_EQ(a.set("k-bin", raw), tw::errc::ok);
  EXPECT_EQ(md.find("k-bin")->second, raw);
}

TEST(kafka_carrier, bytes_null_versus_empty_and_repeated_keys) {
  using bytes = std::vector<std::byte>;
  std::vector<std::pair<std::string, std::optional<bytes>>> headers;
  headers.emplace_back("baggage", bytes{std::byte{'a'}, std::byte{'='}, std::byte{'1'}});
  headers.emplace_back("baggage", std::nullopt);
  headers.emplace_back("baggage", bytes{});
  headers.emplace_back("Baggage", bytes{std::byte{'x'}});  // exact keys: another header
  auto a = tw::kafka_carrier(headers);
  const auto range = tw::field_values(a, "baggage");
  std::vector<std::pair<bool, std::string>> seen;
  for (auto it = range.begin(); it != range.end(); ++it) seen.emplace_back(it.is_null(), *it);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], (std::pair<bool, std::string>{false, "a=1"}));
  EXPECT_EQ(seen[1], (std::pair<bool, std::string>{true, ""}));
  EXPECT_EQ(seen[2], (std::pair<bool, std::string>{false, ""}));
  // set() replaces every header of the key (exact match only) with one non-null value.
  ASSERT_EQ(a.set("baggage", "b=2"), tw::errc::ok);
  ASSERT_EQ(headers.size(), 2u);
  EXPECT_EQ(headers[0].first, "Baggage");
  ASSERT_TRUE(headers[1].second.has_value());
  EXPECT_EQ(headers[1].second->size(), 3u);
}

TEST(kafka_carrier, byte_valued_variants) {
  std::vector<std::pair<std::string, std::vector<unsigned char>>> a1;
  std::multimap<std::string, std::vector<char>> a2;
  std::vector<std::pair<std::string, std::vector<std::uint8_t>>> a3;
  std::vector<std::pair<std::string, std::string>> a4;
  tw::span_context sc;
  sc.trace_id = tw::trace_id::from_u64(1, 2);
  sc.span_id = tw::span_id::from_u64(3);
  auto roundtrip = [&](auto& container) {
    auto c = tw::kafka_carrier(container);
    ASSERT_EQ(tw::w3c_trace_context{}.inject(sc, c), tw::errc::ok);
    tw::span_context back;
    ASSERT_TRUE(tw::w3c_trace_context{}.extract(c, back));
    EXPECT_EQ(back.trace_id, sc.trace_id);
  };
  roundtrip(a1);
  roundtrip(a2);
  roundtrip(a3);
  roundtrip(a4);
}

TEST(kafka_carrier, null_traceparent_is_an_invalid_header) {
  std::vector<std::pair<std::string, std::optional<std::string>>> h{{"traceparent", std::nullopt}};
  auto a = tw::kafka_carrier(h);
  const tw::single_field f = tw::find_single(a, "traceparent");
  EXPECT_EQ(f.error, tw::errc::ok);
  EXPECT_TRUE(f.null);
  tw::span_context sc;
  EXPECT_EQ(tw::w3c_trace_context{}.extract(a, sc).error, tw::errc::traceparent_too_short);
}

TEST(own_carrier, a_few_lines_adapt_any_container) {
  // fields_carrier.hpp is the README's "your own carrier": a fixed array of views.
  const tracewire_test::field f[] = {{"traceparent", tp}, {"baggage", "k=v"}};
  tracewire_test::fields_carrier<4, 256> c(f, 2);
  tw::context ctx;
  ASSERT_TRUE(tw::w3c_trace_context{}.extract(c, ctx));
  ASSERT_TRUE(tw::w3c_baggage{}.extract(c, ctx));
  EXPECT_EQ(ctx.baggage.get("k"), "v");
}

}  // namespace
