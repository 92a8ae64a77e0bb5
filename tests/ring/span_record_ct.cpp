// SPDX-License-Identifier: Apache-2.0
//
// Compile-time test of span_record: the constexpr API (everything but the double attributes) is
// evaluated by static_assert, so a wrong answer, an out-of-bounds access or undefined behaviour in
// the byte area is a build error. The run-time twin of each check is in test_span_record.cpp.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tracewire/ring/span_record.hpp"

namespace {

using tracewire::record_status;
using tracewire::span_record;
using tiny = tracewire::basic_span_record<64, 1, 1>;

constexpr bool names_and_status() {
  span_record r;
  if (r.set_name("GET /cart") != record_status::stored) return false;
  if (r.set_name("POST /checkout") != record_status::stored) return false;
  if (r.name() != "POST /checkout" || r.bytes_used() != 17) return false;
  if (r.set_status(tracewire::span_status_code::error, "out of stock") != record_status::stored) {
    return false;
  }
  return r.status_message() == "out of stock" && !r.name_truncated();
}
static_assert(names_and_status());

constexpr bool attributes() {
  span_record r;
  r.set_attribute("http.request.method", "POST");
  r.set_attribute("http.response.status_code", 201);
  r.set_attribute("cart.empty", false);
  r.set_attribute("big", std::uint64_t{1} << 63);  // above INT64_MAX: saturated, truncated
  r.set_attribute("http.request.method", "GET");   // replaced
  const auto m = r.find_attribute("http.request.method");
  const auto c = r.find_attribute("http.response.status_code");
  const auto b = r.find_attribute("big");
  return r.attribute_count() == 4 && m && m.string_value() == "GET" && c.int_value() == 201 &&
         !r.find_attribute("cart.empty").bool_value() && b.truncated() &&
         b.int_value() == INT64_MAX && !r.find_attribute("missing");
}
static_assert(attributes());

constexpr bool utf8_truncation() {
  span_record r;
  char text[300]{};
  for (std::size_t i = 0; i < 254; ++i) text[i] = 'a';
  text[254] = '\xC3';  // a 2-byte character across the 255-byte limit
  text[255] = '\xA9';
  const auto st = r.set_attribute("k", std::string_view(text, 256));
  const auto v = r.find_attribute("k");
  return st == record_status::truncated && v.truncated() && v.string_value().size() == 254;
}
static_assert(utf8_truncation());

constexpr bool drops_are_counted() {
  tiny r;
  std::size_t stored = 0;
  const char keys[] = "abcdefghij";
  for (std::size_t i = 0; i < 10; ++i) {
    if (r.set_attribute(std::string_view(keys + i, 1), 7) == record_status::stored) ++stored;
  }
  const bool attrs = stored == 5 && r.dropped_attributes_count() == 5;
  const std::size_t e0 = r.add_event("e", 1);
  const std::size_t e1 = r.add_event("f", 2);  // MaxEvents = 1
  const std::size_t l0 =
      r.add_link(tracewire::trace_id::from_u64(1, 1), tracewire::span_id::from_u64(1));
  const std::size_t l1 =
      r.add_link(tracewire::trace_id::from_u64(1, 1), tracewire::span_id::from_u64(2));
  return attrs && e0 == 0 && e1 == tiny::npos && r.dropped_events_count() == 1 && l0 == 0 &&
         l1 == tiny::npos && r.dropped_links_count() == 1 && r.event(0).name() == "e";
}
static_assert(drops_are_counted());

constexpr bool events_and_links() {
  span_record r;
  const std::size_t e = r.add_event("price_mismatch", 42);
  r.set_event_attribute(e, "sku", "sku-1");
  r.set_attribute("sku", "span-level");
  const std::size_t l =
      r.add_link(tracewire::trace_id::from_u64(1, 2), tracewire::span_id::from_u64(3));
  r.set_link_attribute(l, "n", 5);
  return r.event(0).time_unix_ns() == 42 && r.event(0).attribute_count() == 1 &&
         r.event(0).find_attribute("sku").string_value() == "sku-1" &&
         r.find_attribute("sku").string_value() == "span-level" &&
         r.link(0).find_attribute("n").int_value() == 5 && r.attribute_count() == 1;
}
static_assert(events_and_links());

}  // namespace

int main() { return 0; }
