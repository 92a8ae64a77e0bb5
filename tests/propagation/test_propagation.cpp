// SPDX-License-Identifier: Apache-2.0
//
// Run-time tests of the propagators: the case table of propagation_cases.hpp (also checked at
// compile time), baggage across fields and limits, Jaeger baggage, composite and the runtime list,
// and round trips of random contexts through every propagator.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "fields_carrier.hpp"
#include "propagation_cases.hpp"
#include "tracewire/carriers/grpc.hpp"
#include "tracewire/carriers/http.hpp"
#include "tracewire/propagation.hpp"

namespace tw = tracewire;
using tracewire_test::extract_mismatch;
using tracewire_test::field;

namespace {

TEST(propagation_cases, every_case_at_run_time) {
  for (std::size_t i = 0; i < tracewire_test::extract_case_count; ++i) {
    const auto& c = tracewire_test::extract_cases[i];
    const extract_mismatch m = tracewire_test::check_extract_case(c);
    EXPECT_EQ(m, extract_mismatch::none)
        << "case " << i << " (" << tracewire_test::prop_name(c.propagator) << ", first field "
        << c.fields[0].key << ": " << c.fields[0].value
        << "): " << tracewire_test::extract_mismatch_name(m);
  }
}

using http_map = std::multimap<std::string, std::string>;

tw::span_context make_context(std::uint64_t hi, std::uint64_t lo, std::uint64_t span,
                              std::uint8_t flags) {
  tw::span_context sc;
  sc.trace_id = tw::trace_id::from_u64(hi, lo);
  sc.span_id = tw::span_id::from_u64(span);
  sc.flags = tw::trace_flags(flags);
  return sc;
}

TEST(w3c, inject_zeroes_reserved_flags_and_writes_lowercase) {
  tw::span_context sc =
      make_context(0x4bf92f3577b34da6ull, 0xa3ce929d0e0e4736ull, 0x00f067aa0ba902b7ull, 0xff);
  ASSERT_TRUE(sc.tracestate.assign("congo=t61rcWkgMzE"));
  http_map h;
  auto c = tw::http_carrier(h);
  ASSERT_EQ(tw::w3c_trace_context{}.inject(sc, c), tw::errc::ok);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h.find("traceparent")->second,
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03");
  EXPECT_EQ(h.find("tracestate")->second, "congo=t61rcWkgMzE");
}

TEST(w3c, inject_replaces_existing_fields_of_any_case_and_removes_stale_tracestate) {
  http_map h{{"Traceparent", "00-11111111111111111111111111111111-1111111111111111-01"},
             {"TRACESTATE", "old=1"},
             {"tracestate", "old=2"},
             {"accept", "*/*"}};
  auto c = tw::http_carrier(h);
  const tw::span_context sc = make_context(1, 2, 3, 1);
  ASSERT_EQ(tw::w3c_trace_context{}.inject(sc, c), tw::errc::ok);
  EXPECT_EQ(h.size(), 2u);
  EXPECT_EQ(h.count("traceparent"), 1u);
  EXPECT_EQ(h.count("accept"), 1u);
  EXPECT_EQ(h.find("traceparent")->second,
            "00-00000000000000010000000000000002-0000000000000003-01");
}

TEST(w3c, invalid_context_is_not_injected) {
  http_map h;
  auto c = tw::http_carrier(h);
  tw::span_context sc;
  EXPECT_EQ(tw::w3c_trace_context{}.inject(sc, c), tw::errc::trace_id_all_zero);
  sc.trace_id = tw::trace_id::from_u64(0, 1);
  EXPECT_EQ(tw::w3c_trace_context{}.inject(sc, c), tw::errc::span_id_all_zero);
  EXPECT_TRUE(h.empty());
}

TEST(w3c, extract_leaves_the_context_alone_when_nothing_usable_arrives) {
  http_map h{{"traceparent", "00-zz"}};
  auto c = tw::http_carrier(h);
  tw::span_context sc = make_context(1, 2, 3, 1);
  const tw::span_context before = sc;
  EXPECT_EQ(tw::w3c_trace_context{}.extract(c, sc).error, tw::errc::traceparent_too_short);
  EXPECT_EQ(sc, before);
}

TEST(w3c, tracestate_split_over_many_fields_is_truncated_by_whole_members) {
  // 40 members over 40 fields: W3C 3.3.1.5 lets a receiver truncate; tracewire keeps the first 32.
  http_map h{{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}};
  for (int i = 0; i < 40; ++i) h.emplace("tracestate", "k" + std::to_string(i) + "=v");
  auto c = tw::http_carrier(h);
  tw::span_context sc;
  const tw::propagation_status st = tw::w3c_trace_context{}.extract(c, sc);
  EXPECT_EQ(st.error, tw::errc::ok);
  EXPECT_NE(st.detail, tw::errc::ok);
  EXPECT_TRUE(sc.is_valid());
  EXPECT_LE(sc.tracestate.size(), 32u);
}

TEST(traceresponse, round_trip) {
  http_map h;
  auto c = tw::http_carrier(h);
  const tw::span_context sc = make_context(0xaa, 0xbb, 0xcc, 0x01);
  ASSERT_EQ(tw::w3c_trace_response{}.inject(sc, c), tw::errc::ok);
  EXPECT_EQ(h.find("traceresponse")->second,
            "00-00000000000000aa00000000000000bb-00000000000000cc-01");
  tw::span_context back;
  ASSERT_TRUE(tw::w3c_trace_response{}.extract(c, back));
  EXPECT_EQ(back.trace_id, sc.trace_id);
  EXPECT_EQ(back.span_id, sc.span_id);
}

// --- baggage --------------------------------------------------------------------------------

TEST(baggage_propagator, combines_fields_in_order_and_applies_limits_to_the_total) {
  // Wire order (a vector keeps it; a std::multimap would sort "Baggage" before "baggage").
  std::vector<std::pair<std::string, std::string>> h{{"baggage", "a=1,b=2"}, {"Baggage", "c=3"}};
  auto c = tw::http_carrier(h);
  tw::baggage b;
  const tw::propagation_status st = tw::w3c_baggage{}.extract(c, b);
  ASSERT_EQ(st.error, tw::errc::ok);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].key(), "a");
  EXPECT_EQ(b[2].key(), "c");

  // 40 members in each of two fields: 64 in total are kept, whole members, the first ones.
  std::string f1, f2;
  for (int i = 0; i < 40; ++i) f1 += (i ? "," : "") + ("x" + std::to_string(i)) + "=1";
  for (int i = 0; i < 40; ++i) f2 += (i ? "," : "") + ("y" + std::to_string(i)) + "=2";
  http_map big{{"baggage", f1}, {"baggage", f2}};
  auto bc = tw::http_carrier(big);
  const tw::propagation_status st2 = tw::w3c_baggage{}.extract(bc, b);
  EXPECT_EQ(st2.error, tw::errc::ok);
  EXPECT_EQ(st2.detail, tw::errc::baggage_too_many_members);
  ASSERT_EQ(b.size(), 64u);
  EXPECT_EQ(b[0].key(), "x0");
  EXPECT_EQ(b[39].key(), "x39");
  EXPECT_EQ(b[40].key(), "y0");
}

TEST(baggage_propagator, skips_a_bad_member_keeps_the_rest_and_round_trips) {
  http_map h{{"baggage", "userId=Am%C3%A9lie,bad key=1,tier=gold;source=gw"}};
  auto c = tw::http_carrier(h);
  tw::baggage b;
  const tw::propagation_status st = tw::w3c_baggage{}.extract(c, b);
  EXPECT_EQ(st.error, tw::errc::ok);
  EXPECT_EQ(st.detail, tw::errc::baggage_key_invalid_char);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b.get("userId"), "Am\xC3\xA9lie");
  http_map out;
  auto oc = tw::http_carrier(out);
  ASSERT_EQ(tw::w3c_baggage{}.inject(b, oc), tw::errc::ok);
  EXPECT_EQ(out.find("baggage")->second, "userId=Am%C3%A9lie,tier=gold;source=gw");
}

TEST(baggage_propagator, missing_field_leaves_baggage_and_empty_baggage_removes_the_field) {
  http_map h{{"baggage", "stale=1"}};
  auto c = tw::http_carrier(h);
  tw::baggage b;
  ASSERT_EQ(b.set("k", "v"), tw::errc::ok);
  http_map none;
  auto nc = tw::http_carrier(none);
  EXPECT_EQ(tw::w3c_baggage{}.extract(nc, b).error, tw::errc::field_missing);
  EXPECT_EQ(b.size(), 1u);
  b.clear();
  EXPECT_EQ(tw::w3c_baggage{}.inject(b, c), tw::errc::ok);
  EXPECT_TRUE(h.empty());
}

// --- Jaeger baggage -------------------------------------------------------------------------

TEST(jaeger, uberctx_baggage_extract_and_inject) {
  http_map h{{"uber-trace-id", "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:1"},
             {"uberctx-user", "Am%C3%A9lie"},
             {"UberCtx-Tier", "gold%2Cplus"},
             {"uberctx-", "no key"},
             {"uberctx-bad key", "x"}};
  auto c = tw::http_carrier(h);
  tw::context ctx;
  const tw::propagation_status st = tw::jaeger{}.extract(c, ctx);
  EXPECT_EQ(st.error, tw::errc::ok);
  EXPECT_EQ(st.detail, tw::errc::baggage_key_invalid_char);
  EXPECT_TRUE(ctx.span.is_valid());
  ASSERT_EQ(ctx.baggage.size(), 2u);
  EXPECT_EQ(ctx.baggage.get("user"), "Am\xC3\xA9lie");
  EXPECT_EQ(ctx.baggage.get("Tier"), "gold,plus");

  http_map out;
  auto oc = tw::http_carrier(out);
  ASSERT_EQ(tw::jaeger{}.inject(ctx, oc), tw::errc::ok);
  EXPECT_EQ(out.find("uber-trace-id")->second,
            "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:1");
  EXPECT_EQ(out.find("uberctx-user")->second, "Am%C3%A9lie");
  EXPECT_EQ(out.find("uberctx-tier")->second, "gold%2Cplus");
}

TEST(jaeger, baggage_alone_is_extracted) {
  http_map h{{"uberctx-k", "v"}};
  auto c = tw::http_carrier(h);
  tw::context ctx;
  EXPECT_EQ(tw::jaeger{}.extract(c, ctx).error, tw::errc::ok);
  EXPECT_FALSE(ctx.span.is_valid());
  EXPECT_EQ(ctx.baggage.get("k"), "v");
}

// --- grpc-trace-bin through gRPC metadata ---------------------------------------------------

TEST(grpc_trace_bin, raw_bytes_in_a_bin_key) {
  std::multimap<std::string, std::string> md;
  auto c = tw::grpc_carrier(md);
  const tw::span_context sc = make_context(0x0102030405060708ull, 0x090a0b0c0d0e0f10ull, 0x1112, 1);
  ASSERT_EQ(tw::grpc_trace_bin{}.inject(sc, c), tw::errc::ok);
  const std::string& v = md.find("grpc-trace-bin")->second;
  ASSERT_EQ(v.size(), 29u);
  EXPECT_EQ(v[0], '\0');
  EXPECT_EQ(v[2], '\x01');
  EXPECT_EQ(v[28], '\x01');
  tw::span_context back;
  ASSERT_TRUE(tw::grpc_trace_bin{}.extract(c, back));
  EXPECT_EQ(back.trace_id, sc.trace_id);
  EXPECT_EQ(back.span_id, sc.span_id);
  EXPECT_TRUE(back.sampled());
}

// --- composite and the runtime list ----------------------------------------------------------

TEST(composite, later_valid_context_wins_and_invalid_ones_do_not_erase) {
  http_map h{{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
             {"b3", "bad"},
             {"baggage", "k=v"}};
  auto c = tw::http_carrier(h);
  tw::composite<tw::w3c_trace_context, tw::b3_single, tw::w3c_baggage> p;
  tw::context ctx;
  const tw::propagation_status st = p.extract(c, ctx);
  EXPECT_EQ(st.error, tw::errc::ok);
  EXPECT_TRUE(ctx.span.is_valid());
  EXPECT_EQ(ctx.baggage.get("k"), "v");

  h.erase("b3");
  h.emplace("b3", "a3ce929d0e0e4736-00f067aa0ba902b8-1");
  tw::context ctx2;
  ASSERT_TRUE(p.extract(c, ctx2));
  EXPECT_EQ(ctx2.span.span_id, tw::span_id::from_u64(0x00f067aa0ba902b8ull));
}

TEST(composite, all_missing_and_first_real_error) {
  http_map h{{"accept", "*/*"}};
  auto c = tw::http_carrier(h);
  tw::composite<tw::w3c_trace_context, tw::w3c_baggage> p;
  tw::context ctx;
  EXPECT_EQ(p.extract(c, ctx).error, tw::errc::field_missing);
  h.emplace("traceparent", "00-zz");
  EXPECT_EQ(p.extract(c, ctx).error, tw::errc::traceparent_too_short);
}

TEST(composite, inject_writes_every_format_and_lists_fields) {
  tw::composite<tw::w3c_trace_context, tw::w3c_baggage, tw::b3_multi, tw::jaeger> p;
  tw::context ctx;
  ctx.span = make_context(1, 2, 3, 1);
  ASSERT_EQ(ctx.baggage.set("k", "v"), tw::errc::ok);
  http_map h;
  auto c = tw::http_carrier(h);
  ASSERT_EQ(p.inject(ctx, c), tw::errc::ok);
  for (const char* k : {"traceparent", "baggage", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled",
                        "uber-trace-id", "uberctx-k"})
    EXPECT_EQ(h.count(k), 1u) << k;
  std::vector<std::string> fields;
  p.for_each_field([&](std::string_view f) { fields.emplace_back(f); });
  EXPECT_EQ(fields.size(), 2u + 1u + 5u + 1u);
  EXPECT_EQ(fields.front(), "traceparent");
}

TEST(propagator_list, parses_otel_propagators) {
  auto l = tw::propagator_list::parse("tracecontext, baggage,b3multi ,jaeger,b3,tracecontext");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->size(), 5u);
  EXPECT_EQ((*l)[2], tw::propagator_id::b3multi);
  EXPECT_EQ(tw::propagator_list::parse("xray").error(), tw::errc::propagator_unknown_name);
  EXPECT_EQ(tw::propagator_list::parse("none, b3").error(), tw::errc::propagator_unknown_name);
  auto none = tw::propagator_list::parse("none");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(tw::propagator_list().size(), 2u);  // tracecontext,baggage
  static_assert(tw::propagator_list::parse("b3,jaeger")->size() == 2);
}

TEST(propagator_list, from_env_and_dispatch) {
  ::setenv("TRACEWIRE_TEST_PROPAGATORS", "b3,baggage", 1);
  auto l = tw::propagator_list::from_env("TRACEWIRE_TEST_PROPAGATORS");
  ASSERT_TRUE(l);
  tw::context ctx;
  ctx.span = make_context(5, 6, 7, 1);
  ASSERT_EQ(ctx.baggage.set("a", "b"), tw::errc::ok);
  http_map h;
  auto c = tw::http_carrier(h);
  ASSERT_EQ(l->inject(ctx, c), tw::errc::ok);
  EXPECT_EQ(h.count("b3"), 1u);
  EXPECT_EQ(h.count("baggage"), 1u);
  EXPECT_EQ(h.count("traceparent"), 0u);
  tw::context back;
  ASSERT_TRUE(l->extract(c, back));
  EXPECT_EQ(back.span.trace_id, ctx.span.trace_id);
  EXPECT_EQ(back.baggage.get("a"), "b");
  ::unsetenv("TRACEWIRE_TEST_PROPAGATORS");
  auto d = tw::propagator_list::from_env("TRACEWIRE_TEST_PROPAGATORS");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->size(), 2u);
}

// --- random round trips ----------------------------------------------------------------------

template <class P>
void random_round_trips(const P& p, bool keeps_tracestate) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 2000; ++i) {
    tw::span_context sc;
    do {
      sc = make_context(rng(), rng(), rng(), static_cast<std::uint8_t>(rng() & 1));
    } while (!sc.is_valid());
    if (keeps_tracestate && (i % 3) == 0) {
      ASSERT_TRUE(sc.tracestate.assign("v" + std::to_string(i) + "=x,other=y"));
    }
    tracewire_test::fields_carrier<8, 1024> c;
    ASSERT_EQ(p.inject(sc, c), tw::errc::ok);
    tw::span_context back;
    ASSERT_TRUE(p.extract(c, back)) << i;
    EXPECT_EQ(back.trace_id, sc.trace_id);
    EXPECT_EQ(back.span_id, sc.span_id);
    EXPECT_EQ(back.sampled(), sc.sampled());
    if (keeps_tracestate) {
      EXPECT_EQ(back.tracestate, sc.tracestate);
    }
  }
}

TEST(round_trip, random_contexts_through_every_propagator) {
  random_round_trips(tw::w3c_trace_context{}, true);
  random_round_trips(tw::b3_single{}, false);
  random_round_trips(tw::b3_multi{}, false);
  random_round_trips(tw::jaeger{}, false);
  random_round_trips(tw::grpc_trace_bin{}, false);
  random_round_trips(tw::w3c_trace_response{}, false);
}

}  // namespace
