// SPDX-License-Identifier: Apache-2.0
//
// The hot paths never allocate (DESIGN.md, performance contract). tracewire_alloc_counter replaces
// the global operator new family in this binary and counts calls per thread; every hot path runs
// inside an alloc_scope and must leave the count at zero. The first test proves the counter sees an
// allocation, so the zeros mean something.
#include <gtest/gtest.h>

#include <cstddef>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "alloc_counter.hpp"
#include "tracewire/baggage.hpp"
#include "tracewire/detail/percent.hpp"
#include "tracewire/id_generator.hpp"
#include "tracewire/ids.hpp"
#include "tracewire/traceparent.hpp"
#include "tracewire/tracestate.hpp"

namespace tw = tracewire;

namespace {
// Makes the pointed-to memory observable, so the optimizer must keep the allocation.
void asm_escape(const void* p) {
#if defined(__GNUC__) || defined(__clang__)
  asm volatile("" : : "r"(p) : "memory");
#else
  static const void* volatile sink;
  sink = p;
#endif
}
}  // namespace
using tracewire_test::alloc_scope;

namespace {

// Stored through a volatile pointer so the compiler cannot elide the new/delete pair.
int* volatile g_sink = nullptr;

constexpr std::string_view kHeader = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

}  // namespace

TEST(alloc_counter, detects_an_allocation) {
  std::size_t n = 0;
  {
    alloc_scope scope;
    g_sink = new int(7);
    n = scope.count();
  }
  delete g_sink;
  EXPECT_EQ(n, 1u);
  {
    alloc_scope scope;
    std::vector<int> v(100);
    v[3] = 1;
    std::unique_ptr<int[]> a(new int[8]);
    a[0] = v[3];
    // Let both allocations escape, or clang may remove the new/delete pairs at -O2.
    asm_escape(v.data());
    asm_escape(a.get());
    n = scope.count();
  }
  EXPECT_EQ(n, 2u);
  {
    alloc_scope scope;
    const std::string s(100, 'x');  // longer than any small-string buffer
    n = scope.count();
    EXPECT_EQ(s.size(), 100u);
  }
  EXPECT_GE(n, 1u);
}

TEST(no_allocation, traceparent_parse_and_format) {
  std::size_t n = 0;
  tw::result<tw::traceparent> parsed(tw::errc::invalid_hex);
  tw::result<tw::traceparent> higher(tw::errc::invalid_hex);
  tw::result<tw::traceparent> bad(tw::errc::invalid_hex);
  tw::result<std::size_t> written(tw::errc::invalid_hex);
  tw::result<tw::trace_header_string> by_value(tw::errc::invalid_hex);
  tw::result<tw::traceresponse> response(tw::errc::invalid_hex);
  tw::result<tw::trace_header_string> response_text(tw::errc::invalid_hex);
  char out[tw::traceparent_size];
  {
    alloc_scope scope;
    parsed = tw::parse_traceparent(kHeader);  // the SSE2 fast path
    higher = tw::parse_traceparent(" cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x\t");
    bad = tw::parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01");
    written = tw::format_traceparent(*parsed, out, sizeof out);
    by_value = tw::format_traceparent(*parsed);
    response = tw::parse_traceresponse(kHeader);
    response_text = tw::format_traceresponse(*response);
    n = scope.count();
  }
  EXPECT_EQ(n, 0u);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(higher);
  EXPECT_EQ(bad.error(), tw::errc::uppercase_hex);
  ASSERT_TRUE(written);
  EXPECT_EQ(std::string_view(out, *written), kHeader);
  ASSERT_TRUE(by_value);
  EXPECT_EQ(by_value->view(), kHeader);
  ASSERT_TRUE(response_text);
  EXPECT_EQ(response_text->view(), kHeader);
}

TEST(no_allocation, id_hex_codec) {
  std::size_t n = 0;
  tw::result<tw::trace_id> t(tw::errc::invalid_hex);
  tw::result<tw::span_id> s(tw::errc::invalid_hex);
  tw::result<tw::trace_id> bad(tw::errc::invalid_hex);
  char hex[32];
  char span_hex[16];
  {
    alloc_scope scope;
    t = tw::trace_id::from_hex("4bf92f3577b34da6a3ce929d0e0e4736");
    s = tw::span_id::from_hex("00f067aa0ba902b7");
    bad = tw::trace_id::from_hex("4BF92F3577B34DA6A3CE929D0E0E4736");
    t->to_hex(hex);
    s->to_hex(span_hex);
    n = scope.count();
  }
  EXPECT_EQ(n, 0u);
  ASSERT_TRUE(t);
  EXPECT_EQ(std::string_view(hex, 32), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(std::string_view(span_hex, 16), "00f067aa0ba902b7");
  EXPECT_EQ(bad.error(), tw::errc::uppercase_hex);
}

TEST(no_allocation, tracestate_every_operation) {
  // Built outside the scope: the inputs themselves are heap strings.
  std::string many;  // 32 members: a full list
  for (int i = 0; i < 32; ++i) {
    many += (i ? "," : "") + std::string("key") + std::to_string(i) + "=v" + std::to_string(i);
  }
  const std::string twenty = many.substr(0, many.find("key20") - 1);
  const std::string huge = std::string(150, 'k') + "=" + std::string(200, 'v');  // 351 characters
  const std::string_view split[] = {"rojo=00f067aa0ba902b7", "", " congo=t61rcWkgMzE , x=1"};
  const std::string_view split_long[] = {twenty, huge};

  std::size_t n = 0;
  tw::tracestate ts;
  tw::tracestate big;
  tw::tracestate several;
  tw::tracestate cut;
  tw::basic_tracestate<4, 64> small;
  tw::tracestate_status st_one{}, st_many{}, st_split{}, st_cut{}, st_small{}, st_put{}, st_evict{},
      st_bad{};
  bool got_congo = false;
  bool erased = false;
  char out[512];
  tw::result<std::size_t> written(tw::errc::invalid_hex);
  tw::result<tw::tracestate> parsed(tw::errc::invalid_hex);
  {
    alloc_scope scope;
    st_one = ts.assign("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
    st_many = big.assign(many);
    st_split = several.assign(std::begin(split), std::end(split));
    st_cut = cut.assign(std::begin(split_long), std::end(split_long));  // the truncating slow path
    st_small = small.assign("a=1,b=2,c=3,d=4,e=5,f=6");
    parsed = tw::tracestate::parse("foo=1,bar=2");
    st_bad = ts.assign("foo=1,foo=2");
    st_one = ts.assign("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
    got_congo = ts.get("congo") == "t61rcWkgMzE";  // a view: compared before ts changes
    st_put = ts.put("tw", "put-value");
    st_evict = big.put("new", "1");  // full list: evicts the right-most
    erased = ts.erase("rojo");
    written = ts.format(out, sizeof out);
    n = scope.count();
  }
  EXPECT_EQ(n, 0u);
  EXPECT_TRUE(st_one);
  EXPECT_TRUE(st_many);
  EXPECT_EQ(big.size(), 32u);
  EXPECT_TRUE(st_split);
  EXPECT_EQ(several.size(), 3u);
  EXPECT_TRUE(st_cut);
  EXPECT_EQ(st_cut.dropped, 1u);
  EXPECT_TRUE(st_small);
  EXPECT_EQ(st_small.dropped, 2u);
  EXPECT_EQ(cut.size(), 20u);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(st_bad.error, tw::errc::tracestate_duplicate_key);
  EXPECT_TRUE(got_congo);
  EXPECT_TRUE(st_put);
  EXPECT_EQ(st_evict.dropped, 1u);
  EXPECT_TRUE(erased);
  ASSERT_TRUE(written);
  EXPECT_EQ(std::string_view(out, *written), "tw=put-value,congo=t61rcWkgMzE");
}

TEST(no_allocation, small_capacity_truncation_and_eviction) {
  std::size_t n = 0;
  tw::basic_tracestate<4, 64> ts;
  tw::tracestate_status a{}, b{}, c{};
  {
    alloc_scope scope;
    a = ts.assign("a=1,b=2,c=3,d=4,e=5");
    b = ts.put("k", "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv");
    c = ts.put("a", "2");
    n = scope.count();
  }
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(a.dropped, 1u);
  EXPECT_TRUE(b);
  EXPECT_GE(b.dropped, 1u);
  EXPECT_TRUE(c);
}

TEST(no_allocation, baggage_every_operation) {
  // Built outside the scope: the inputs themselves are heap strings.
  std::string many;  // 70 members: the member limit drops 6
  for (int i = 0; i < 70; ++i) {
    many += (i ? "," : "") + std::string("m") + std::to_string(i) + "=v%20" + std::to_string(i);
  }
  const std::string huge = "big=" + std::string(9000, 'v');  // over 8192 bytes: dropped whole
  const std::string_view split[] = {"userId=alice", "", " serverNode = DF%2028 , bad", huge,
                                    "isProduction=false;p=%C3%A9"};
  const std::string long_value(4000, 'w');
  const tw::baggage_property props[] = {{"ttl", "60", true}, {"sensitive", "", false}};
  const std::string_view allow[] = {"userId", "absent", "serverNode"};

  std::size_t n = 0;
  tw::baggage b;
  tw::baggage limits;
  tw::baggage several;
  tw::baggage_legacy legacy;
  tw::basic_baggage<4, 64, 3> small;
  tw::baggage_status st_one{}, st_many{}, st_split{}, st_legacy{}, st_small{}, st_bad{};
  tw::errc set_plain = tw::errc::ok, set_props = tw::errc::ok, set_big = tw::errc::ok,
           set_refused = tw::errc::ok, set_replace = tw::errc::ok;
  std::string_view got;
  std::size_t found = 0, erased = 0, allowed = 0, attribute_bytes = 0, size_query = 0;
  bool has = false;
  char out[tw::baggage::max_bytes];
  tw::result<std::size_t> written(tw::errc::buffer_too_small);
  tw::result<std::size_t> too_small(tw::errc::ok);
  char encoded[64];
  char decoded[64];
  std::size_t decoded_n = 0;
  char* encoded_end = nullptr;
  {
    alloc_scope scope;
    st_one = b.assign("userId=Am%C3%A9lie;p,serverNode=DF%2028,isProduction=false");
    st_many = limits.assign(many);
    st_split = several.assign(std::begin(split), std::end(split));
    st_legacy = legacy.assign(many);
    st_small = small.assign("a=1;p;q,b=2;r;s,c=3,d=4,e=5,f=6");  // b: properties; f: members
    st_bad = b.assign("a=%ZZ,b=\"x\",c=%FF,=1");
    st_one = b.assign("userId=Am%C3%A9lie;p,serverNode=DF%2028,isProduction=false");
    got = b.get("userId");
    has = got == "Am\xC3\xA9lie";
    found = b.find("serverNode");
    has = has && b.contains("isProduction");
    set_plain = b.set("tw", "put value");
    set_props = b.set("userId", "Am\xC3\xA9lie", props, 2);
    set_replace = b.set("tw", "again", {{"x", "y", true}});
    set_big = several.set("long", long_value);
    set_refused = b.set("bad key", "1");
    erased = b.erase("serverNode");
    allowed = b.for_each_allowed(std::begin(allow), std::end(allow),
                                 [&attribute_bytes](std::string_view k, std::string_view v) {
                                   attribute_bytes += k.size() + v.size();
                                 });
    allowed +=
        b.for_each_allowed({"tw"}, [&attribute_bytes](std::string_view k, std::string_view v) {
          attribute_bytes += k.size() + v.size();
        });
    size_query = b.formatted_size();
    written = b.format(out, sizeof out);
    too_small = b.format(out, 3);
    encoded_end = tw::detail::percent_encode("Am\xC3\xA9lie 100%", encoded);
    decoded_n = tw::detail::percent_decode("Am%C3%A9lie%20100%25", decoded);
    n = scope.count();
  }
  EXPECT_EQ(n, 0u);
  EXPECT_TRUE(st_one);
  EXPECT_EQ(st_many.dropped, 6u);
  EXPECT_EQ(limits.size(), 64u);
  EXPECT_EQ(st_split.skipped, 1u);
  EXPECT_EQ(st_split.dropped, 1u);
  EXPECT_EQ(several.size(), 4u);  // the 3 members that fit, then "long" from set()
  EXPECT_EQ(several.get("long").size(), long_value.size());
  EXPECT_TRUE(st_legacy);
  EXPECT_EQ(legacy.size(), 70u);
  EXPECT_EQ(st_small.dropped, 2u);
  EXPECT_EQ(st_bad.skipped, 3u);
  EXPECT_TRUE(has);
  EXPECT_EQ(found, 1u);
  EXPECT_EQ(set_plain, tw::errc::ok);
  EXPECT_EQ(set_props, tw::errc::ok);
  EXPECT_EQ(set_replace, tw::errc::ok);
  EXPECT_EQ(set_big, tw::errc::ok);
  EXPECT_EQ(set_refused, tw::errc::baggage_key_invalid_char);
  EXPECT_EQ(erased, 1u);
  EXPECT_EQ(allowed, 2u);
  EXPECT_EQ(attribute_bytes, std::string_view("userIdAm\xC3\xA9lietwagain").size());
  ASSERT_TRUE(written);
  EXPECT_EQ(*written, size_query);
  EXPECT_EQ(std::string_view(out, *written),
            "isProduction=false,userId=Am%C3%A9lie;ttl=60;sensitive,tw=again;x=y");
  EXPECT_EQ(too_small.error(), tw::errc::buffer_too_small);
  EXPECT_EQ(std::string_view(encoded, static_cast<std::size_t>(encoded_end - encoded)),
            "Am%C3%A9lie%20100%25");
  EXPECT_EQ(std::string_view(decoded, decoded_n), "Am\xC3\xA9lie 100%");
}

TEST(no_allocation, id_generation) {
  tw::id_generator g(1);
  std::size_t n = 0;
  tw::trace_id t;
  tw::span_id s;
  tw::trace_id tt;
  tw::span_id ts;
  tw::trace_id global;
  // thread_ids seeds its per-thread state from the global generator on first use on a thread; warm
  // both up outside the scope, as a long-running service would have.
  static_cast<void>(tw::thread_ids::new_span_id());
  {
    alloc_scope scope;
    for (int i = 0; i < 1000; ++i) {
      t = g.new_trace_id();
      s = g.new_span_id();
      tt = tw::thread_ids::new_trace_id();
      ts = tw::thread_ids::new_span_id();
      global = tw::global_id_generator().new_trace_id();
    }
    n = scope.count();
  }
  EXPECT_EQ(n, 0u);
  EXPECT_TRUE(t.is_valid());
  EXPECT_TRUE(s.is_valid());
  EXPECT_TRUE(tt.is_valid());
  EXPECT_TRUE(ts.is_valid());
  EXPECT_TRUE(global.is_valid());
}

TEST(no_allocation, first_use_of_thread_ids_on_a_new_thread) {
  // The per-thread state is constant-initialised and trivially destructible (id_generator.hpp):
  // even the first call on a fresh thread must not allocate.
  std::size_t n = 99;
  std::thread th([&n] {
    alloc_scope scope;
    const tw::span_id s = tw::thread_ids::new_span_id();
    n = scope.count();
    EXPECT_TRUE(s.is_valid());
  });
  th.join();
  EXPECT_EQ(n, 0u);
}
