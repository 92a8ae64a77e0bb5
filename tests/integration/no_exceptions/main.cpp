// SPDX-License-Identifier: Apache-2.0
//
// Built with -fno-exceptions -fno-rtti together with one translation unit per public header: the
// library must compile and give the right answers where exceptions and RTTI are off (embedded,
// game and kernel-adjacent code). A plain main(), no GoogleTest, which needs neither either way.
// Returns the number of failed checks.
#include <cstdio>
#include <string_view>

#include "tracewire/tracewire.hpp"

namespace {

int failures = 0;

void check(bool ok, const char* what, int line) {
  if (!ok) {
    std::fprintf(stderr, "no_exceptions.cpp:%d: check failed: %s\n", line, what);
    ++failures;
  }
}
#define TW_CHECK(cond) check((cond), #cond, __LINE__)

using tracewire::errc;

void traceparent_cases() {
  // W3C Trace Context 3.2.2 example.
  constexpr std::string_view example = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  const auto tp = tracewire::parse_traceparent(example);
  TW_CHECK(tp.has_value());
  TW_CHECK(tp->version == 0);
  TW_CHECK(tp->trace_id.high() == 0x4bf92f3577b34da6ull);
  TW_CHECK(tp->trace_id.low() == 0xa3ce929d0e0e4736ull);
  TW_CHECK(tp->parent_id.value() == 0x00f067aa0ba902b7ull);
  TW_CHECK(tp->flags.value() == 0x01 && tp->flags.sampled() && !tp->flags.random());

  // Surrounding OWS is tolerated; every rule has its own errc.
  TW_CHECK(
      tracewire::parse_traceparent(" \t00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\t ")
          .has_value());
  TW_CHECK(tracewire::parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0")
               .error() == errc::traceparent_too_short);
  TW_CHECK(tracewire::parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-011")
               .error() == errc::traceparent_too_long);
  TW_CHECK(tracewire::parse_traceparent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
               .error() == errc::version_ff);
  TW_CHECK(tracewire::parse_traceparent("00-4bf92f3577b34dA6a3ce929d0e0e4736-00f067aa0ba902b7-01")
               .error() == errc::uppercase_hex);
  TW_CHECK(tracewire::parse_traceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01")
               .error() == errc::trace_id_all_zero);
  TW_CHECK(tracewire::parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")
               .error() == errc::parent_id_all_zero);
  // A higher version may carry more fields after a '-'.
  const auto future =
      tracewire::parse_traceparent("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what");
  TW_CHECK(future.has_value() && future->version == 0xcc);
  TW_CHECK(tracewire::parse_traceparent("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x")
               .error() == errc::future_version_bad_suffix);

  // Format: always version 00, lowercase, reserved flag bits zeroed.
  tracewire::traceparent out_tp = *future;
  out_tp.flags = tracewire::trace_flags(0xff);
  char buf[tracewire::traceparent_size + 1] = {};
  const auto n = tracewire::format_traceparent(out_tp, buf, sizeof buf);
  TW_CHECK(n.has_value() && *n == tracewire::traceparent_size);
  TW_CHECK(std::string_view(buf, tracewire::traceparent_size) ==
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03");
  TW_CHECK(tracewire::format_traceparent(out_tp, buf, tracewire::traceparent_size - 1).error() ==
           errc::buffer_too_small);
  const auto by_value = tracewire::format_traceparent(*tp);
  TW_CHECK(by_value.has_value() && by_value->view() == example);
  TW_CHECK(tracewire::format_traceparent(tracewire::traceparent{}).error() ==
           errc::trace_id_all_zero);

  // traceresponse shares the grammar.
  const auto tr = tracewire::parse_traceresponse(example);
  TW_CHECK(tr.has_value() && tr->child_id == tp->parent_id);
  const auto tr_text = tracewire::format_traceresponse(*tr);
  TW_CHECK(tr_text.has_value() && tr_text->view() == example);
}

void id_cases() {
  const auto t = tracewire::trace_id::from_hex("4bf92f3577b34da6a3ce929d0e0e4736");
  TW_CHECK(t.has_value() && t->low56() == 0x00ce929d0e0e4736ull);
  char hex[tracewire::trace_id::hex_size];
  t->to_hex(hex);
  TW_CHECK(std::string_view(hex, sizeof hex) == "4bf92f3577b34da6a3ce929d0e0e4736");
  TW_CHECK(tracewire::trace_id::from_hex("4bf92f3577b34da6a3ce929d0e0e473").error() ==
           errc::id_wrong_length);
  TW_CHECK(tracewire::span_id::from_hex("00f067aa0ba902bg").error() == errc::invalid_hex);
  TW_CHECK(tracewire::span_id::from_hex("0000000000000000").error() == errc::span_id_all_zero);
  TW_CHECK(tracewire::span_id::from_u64(1) < tracewire::span_id::from_u64(2));
}

void tracestate_cases() {
  tracewire::tracestate ts;
  TW_CHECK(static_cast<bool>(ts.assign("rojo=00f067aa0ba902b7, ,congo=t61rcWkgMzE")));
  TW_CHECK(ts.size() == 2);
  TW_CHECK(ts.get("congo") == "t61rcWkgMzE");
  TW_CHECK(ts.get("absent").empty());
  TW_CHECK(ts.find("rojo") == 0);

  // put: an update moves the key to the left; a new key goes to the left.
  TW_CHECK(static_cast<bool>(ts.put("congo", "x")));
  TW_CHECK(ts.view() == "congo=x,rojo=00f067aa0ba902b7");
  TW_CHECK(static_cast<bool>(ts.put("new@sys", "v")));
  TW_CHECK(ts.view() == "new@sys=v,congo=x,rojo=00f067aa0ba902b7");
  TW_CHECK(ts.put("Bad", "v").error == errc::tracestate_key_bad_first_char ||
           ts.put("Bad", "v").error == errc::tracestate_key_invalid_char);
  TW_CHECK(ts.erase("congo") && !ts.erase("congo"));
  char out[64];
  const auto n = ts.format(out, sizeof out);
  TW_CHECK(n.has_value() && std::string_view(out, *n) == "new@sys=v,rojo=00f067aa0ba902b7");
  TW_CHECK(n.has_value() && *n == ts.formatted_size());
  TW_CHECK(ts.format(out, 3).error() == errc::buffer_too_small);

  // Invalid lists are discarded whole, with the reason.
  TW_CHECK(tracewire::tracestate::parse("a=1,a=2").error() == errc::tracestate_duplicate_key);
  TW_CHECK(tracewire::tracestate::parse("a=1,b").error() == errc::tracestate_missing_equals);
  char many[33 * 5];
  std::size_t len = 0;
  for (int i = 0; i < 33; ++i) {
    if (i != 0) many[len++] = ',';
    many[len++] = static_cast<char>('a' + i / 26);
    many[len++] = static_cast<char>('a' + i % 26);
    many[len++] = '=';
    many[len++] = '1';
  }
  TW_CHECK(tracewire::tracestate::parse(std::string_view(many, len)).error() ==
           errc::tracestate_too_many_members);
  TW_CHECK(tracewire::tracestate::parse(std::string_view(many, len - 5)).value().size() == 32);

  // Several fields combine in order (RFC 9110 5.3).
  const std::string_view fields[] = {"a=1", "b=2,c=3"};
  TW_CHECK(static_cast<bool>(ts.assign(fields, fields + 2)) && ts.view() == "a=1,b=2,c=3");
}

void generator_cases() {
  tracewire::id_generator g1(12345);
  tracewire::id_generator g2(12345);
  const tracewire::trace_id t1 = g1.new_trace_id();
  const tracewire::span_id s1 = g1.new_span_id();
  TW_CHECK(t1.is_valid() && s1.is_valid());
  TW_CHECK(g2.new_trace_id() == t1 && g2.new_span_id() == s1);  // same seed, same sequence
  TW_CHECK(g1.new_trace_id() != t1);
  tracewire::id_generator seeded_from_entropy;
  TW_CHECK(seeded_from_entropy.new_span_id().is_valid());
  const tracewire::trace_id a = tracewire::thread_ids::new_trace_id();
  const tracewire::trace_id b = tracewire::thread_ids::new_trace_id();
  TW_CHECK(a.is_valid() && b.is_valid() && a != b);
  TW_CHECK(tracewire::thread_ids::new_span_id().is_valid());
}

}  // namespace

int main() {
  traceparent_cases();
  id_cases();
  tracestate_cases();
  generator_cases();
  if (failures == 0) std::printf("no_exceptions: all checks passed\n");
  return failures;
}
