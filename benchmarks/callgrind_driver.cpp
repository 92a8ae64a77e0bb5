// SPDX-License-Identifier: Apache-2.0
//
// tracewire_callgrind_driver: runs one named operation N times, for instruction counting under
// `valgrind --tool=callgrind` (see callgrind.sh, which runs N and 2N iterations and reports
// (Ir(2N) - Ir(N)) / N, so start-up, dynamic linking and the first-call warm-up cancel out).
//
//   tracewire_callgrind_driver --list            one line per op: name, target, kind, description
//   tracewire_callgrind_driver --info            compiler and configuration of this binary
//   tracewire_callgrind_driver <op> <N>          run <op> N times, print allocations per op
//   tracewire_callgrind_driver all <N>           every op in turn (the ctest smoke test)
//
// Each op is a noinline (and, under g++, noipa) function, called through a pointer, whose inputs
// are precomputed std::string_views (no strlen per call) passed through an empty asm statement, so
// the compiler can neither hoist the work out of the loop nor specialise it for a known input.
// The library code is inlined into the op, as it is into any caller of a header-only library. The
// `empty` op measures what the loop and call add to every other op (they are not subtracted).
// This file holds the codec ops; other areas register theirs from benchmarks/ops_<area>.cpp
// (driver_ops.hpp).
#include <cinttypes>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "alloc_counter.hpp"
#include "driver_ops.hpp"
#include "inputs.hpp"
#include "naive.hpp"
#include "self_check.hpp"
#include "tracewire/baggage.hpp"
#include "tracewire/traceparent.hpp"
#include "tracewire/tracestate.hpp"

namespace {

using namespace tracewire_bench;

// Prepared once by prepare(), before the measured loop.
tracewire::traceparent g_traceparent;
naive::traceparent g_naive_traceparent;
tracewire::tracestate g_reused;  // the object the parse ops assign() into
tracewire::tracestate g_list_2;
tracewire::tracestate g_list_32;
char g_out[512];
tracewire::baggage g_bg_reused;  // the object the baggage parse ops assign() into
tracewire::baggage g_bg_3;       // read by format and get
tracewire::baggage g_bg_set;     // written by set
tracewire::baggage g_bg_64;
naive::baggage g_naive_bg_3;
tracewire::baggage_property g_set_property{baggage_set_property_key, baggage_set_property_value,
                                           true};
char g_bg_out[tracewire::baggage::max_bytes];

bool prepare() {
  const auto tp = tracewire::parse_traceparent(traceparent_input);
  if (!tp) return false;
  g_traceparent = *tp;
  return naive::parse_traceparent(traceparent_input, g_naive_traceparent) &&
         g_list_2.assign(tracestate_2_input) && g_list_32.assign(tracestate_32_input) &&
         g_bg_3.assign(baggage_3_input) && g_bg_set.assign(baggage_3_input) &&
         g_bg_64.assign(baggage_64_input) && naive::parse_baggage(baggage_3_input, g_naive_bg_3);
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_empty() { return opaque(std::uint64_t{1}); }

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_traceparent_parse() {
  const auto r = tracewire::parse_traceparent(opaque_view(traceparent_input));
  escape(r);
  return r.has_value() ? 1u : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_traceparent_format_buffer() {
  const auto r =
      tracewire::format_traceparent(*opaque(&g_traceparent), opaque(g_out), sizeof g_out);
  escape(r);
  return r.has_value() ? *r : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_traceparent_format_value() {
  const auto r = tracewire::format_traceparent(*opaque(&g_traceparent));
  escape(r);
  return r.has_value() ? 1u : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_tracestate_parse_2() {
  const tracewire::tracestate_status st =
      opaque(&g_reused)->assign(opaque_view(tracestate_2_input));
  escape(st);
  return st ? g_reused.size() : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_tracestate_parse_32() {
  const tracewire::tracestate_status st =
      opaque(&g_reused)->assign(opaque_view(tracestate_32_input));
  escape(st);
  return st ? g_reused.size() : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_tracestate_put_full() {
  tracewire::tracestate t = *opaque(&g_list_32);
  const tracewire::tracestate_status st = t.put(opaque_view(put_key), opaque_view(put_value));
  escape(t);
  return st ? st.dropped : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_tracestate_copy_full() {
  tracewire::tracestate t = *opaque(&g_list_32);
  escape(t);
  return t.size();
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_tracestate_format_2() {
  const auto r = opaque(&g_list_2)->format(opaque(g_out), sizeof g_out);
  escape(r);
  return r.has_value() ? *r : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_tracestate_format_32() {
  const auto r = opaque(&g_list_32)->format(opaque(g_out), sizeof g_out);
  escape(r);
  return r.has_value() ? *r : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_naive_traceparent_parse() {
  naive::traceparent tp;
  const bool ok = naive::parse_traceparent(opaque_view(traceparent_input), tp);
  escape(tp);
  return ok ? 1u : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_naive_traceparent_format() {
  const std::string s = naive::format_traceparent(*opaque(&g_naive_traceparent));
  escape(s);
  return s.size();
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_naive_tracestate_parse_2() {
  naive::tracestate ts;
  const bool ok = naive::parse_tracestate(opaque_view(tracestate_2_input), ts);
  escape(ts);
  return ok ? ts.size() : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_naive_tracestate_parse_32() {
  naive::tracestate ts;
  const bool ok = naive::parse_tracestate(opaque_view(tracestate_32_input), ts);
  escape(ts);
  return ok ? ts.size() : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_baggage_parse_3() {
  const tracewire::baggage_status st = opaque(&g_bg_reused)->assign(opaque_view(baggage_3_input));
  escape(st);
  return st ? g_bg_reused.size() : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_baggage_parse_64() {
  const tracewire::baggage_status st = opaque(&g_bg_reused)->assign(opaque_view(baggage_64_input));
  escape(st);
  return st ? g_bg_reused.size() : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_baggage_format_3() {
  const auto r = opaque(&g_bg_3)->format(opaque(g_bg_out), sizeof g_bg_out);
  escape(r);
  return r.has_value() ? *r : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_baggage_format_64() {
  const auto r = opaque(&g_bg_64)->format(opaque(g_bg_out), sizeof g_bg_out);
  escape(r);
  return r.has_value() ? *r : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_baggage_get() {
  const std::string_view v = opaque(&g_bg_3)->get(opaque_view(baggage_get_key));
  escape(v);
  return v.size();
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_baggage_set() {
  const tracewire::errc e = opaque(&g_bg_set)->set(
      opaque_view(baggage_set_key), opaque_view(baggage_set_value), opaque(&g_set_property), 1);
  escape(g_bg_set);
  return e == tracewire::errc::ok ? g_bg_set.size() : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_naive_baggage_parse_3() {
  naive::baggage bg;
  const bool ok = naive::parse_baggage(opaque_view(baggage_3_input), bg);
  escape(bg);
  return ok ? bg.size() : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_naive_baggage_parse_64() {
  naive::baggage bg;
  const bool ok = naive::parse_baggage(opaque_view(baggage_64_input), bg);
  escape(bg);
  return ok ? bg.size() : 0u;
}

TRACEWIRE_BENCH_NOINLINE std::uint64_t op_naive_baggage_format_3() {
  const std::string s = naive::format_baggage(*opaque(&g_naive_bg_3));
  escape(s);
  return s.size();
}


// Order: each tracewire op followed by its baseline; callgrind.sh prints rows in this order.
constexpr op codec_ops[] = {
    {"empty", "-", "reference", "loop + indirect call + return (included in every row)", 1,
     op_empty},
    {"traceparent_parse", "150", "tracewire", "parse_traceparent, version 00, 55 chars", 1,
     op_traceparent_parse},
    {"naive_traceparent_parse", "-", "baseline", "std::string split on '-', hex loop", 1,
     op_naive_traceparent_parse},
    {"traceparent_format_buffer", "100", "tracewire", "format_traceparent into a char buffer",
     tracewire::traceparent_size, op_traceparent_format_buffer},
    {"traceparent_format_value", "100", "tracewire", "format_traceparent by value", 1,
     op_traceparent_format_value},
    {"naive_traceparent_format", "-", "baseline", "std::string appends", 55,
     op_naive_traceparent_format},
    {"tracestate_parse_2", "400", "tracewire", "assign() of 2 members into a reused tracestate", 2,
     op_tracestate_parse_2},
    {"naive_tracestate_parse_2", "-", "baseline", "vector<pair<string,string>>, 2 members", 2,
     op_naive_tracestate_parse_2},
    {"tracestate_parse_32", "6000", "tracewire",
     "assign() of 32 members (415 chars) into a reused tracestate", 32, op_tracestate_parse_32},
    {"naive_tracestate_parse_32", "-", "baseline", "vector<pair<string,string>>, 32 members", 32,
     op_naive_tracestate_parse_32},
    {"tracestate_put_full", "-", "tracewire",
     "copy of the 32-member list, then put of a new key (evicts one)", 1, op_tracestate_put_full},
    {"tracestate_copy_full", "-", "reference", "the copy alone (subtract from put_full)", 32,
     op_tracestate_copy_full},
    {"tracestate_format_2", "-", "tracewire", "format() of 2 members into a char buffer",
     tracestate_2_input.size(), op_tracestate_format_2},
    {"tracestate_format_32", "-", "tracewire", "format() of 32 members into a char buffer",
     tracestate_32_input.size(), op_tracestate_format_32},
    {"baggage_parse_3", "600", "tracewire",
     "assign() of 3 members (74 chars, 1 property, 1 %20) into a reused baggage", 3,
     op_baggage_parse_3},
    {"naive_baggage_parse_3", "-", "baseline",
     "split/trim/percent-decode into vector<member> of std::string, 3 members", 3,
     op_naive_baggage_parse_3},
    {"baggage_format_3", "400", "tracewire", "format() of the 3 members into a char buffer",
     baggage_3_input.size(), op_baggage_format_3},
    {"naive_baggage_format_3", "-", "baseline", "std::string appends, percent-encoding, 3 members",
     baggage_3_input.size(), op_naive_baggage_format_3},
    {"baggage_parse_64", "60000", "tracewire",
     "assign() of 64 members (8191 chars) into a reused baggage", baggage_64_members,
     op_baggage_parse_64},
    {"naive_baggage_parse_64", "-", "baseline",
     "split/trim/percent-decode into vector<member> of std::string, 64 members", baggage_64_members,
     op_naive_baggage_parse_64},
    {"baggage_format_64", "-", "tracewire", "format() of the 64 members into a char buffer",
     baggage_64_input.size(), op_baggage_format_64},
    {"baggage_get", "-", "tracewire", "get() of the first of 3 keys (searched from the right)",
     baggage_get_value.size(), op_baggage_get},
    {"baggage_set", "-", "tracewire",
     "set() of user.tier=gold;source=gateway, replacing the member of that key (3 members)", 3,
     op_baggage_set},
};

const op_registrar codec_registrar("00-codecs", codec_ops, prepare);

/// The registered tables in the order of their keys.
void sort_tables() {
  op_table* t = g_op_registry.tables;
  for (std::size_t i = 1; i < g_op_registry.count; ++i)
    for (std::size_t j = i; j > 0 && std::string_view(t[j].key) < std::string_view(t[j - 1].key); --j) {
      const op_table tmp = t[j];
      t[j] = t[j - 1];
      t[j - 1] = tmp;
    }
}

template <class F>
void for_each_op(F f) {
  for (std::size_t i = 0; i < g_op_registry.count; ++i) {
    const op_table& table = g_op_registry.tables[i];
    for (std::size_t k = 0; k < table.count; ++k) f(table.ops[k]);
  }
}

int usage() {
  std::fprintf(stderr,
               "usage: tracewire_callgrind_driver --list | --info | <op> <iterations> | all "
               "<iterations>\n");
  return 2;
}

/// Runs `o` n times; prints its allocations per op. Fails if the op does not do its full work.
int run_op(const op& o, unsigned long long n) {
  // The op must do its full work, or its count would describe an error path.
  if (const std::uint64_t got = o.run(); got != o.expected) {
    std::fprintf(stderr, "%s returned %" PRIu64 ", expected %" PRIu64 "\n", o.name, got,
                 o.expected);
    return 1;
  }
  std::uint64_t (*const run)() = o.run;
  std::uint64_t sum = 0;
  const tracewire_test::alloc_scope allocs;
  for (unsigned long long i = 0; i < n; ++i) sum += run();
  const std::size_t allocations = allocs.count();
  if (sum != o.expected * n) {
    std::fprintf(stderr, "%s: results changed between iterations\n", o.name);
    return 1;
  }
  std::printf("op=%s iterations=%llu allocations=%zu allocs_per_op=%.2f\n", o.name, n, allocations,
              static_cast<double>(allocations) / static_cast<double>(n));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  sort_tables();
  if (argc == 2 && std::strcmp(argv[1], "--list") == 0) {
    for_each_op([](const op& o) {
      std::printf("%s\t%s\t%s\t%s\n", o.name, o.target, o.kind, o.description);
    });
    return 0;
  }
  if (argc == 2 && std::strcmp(argv[1], "--info") == 0) {
#if defined(__VERSION__)
    std::printf("__VERSION__: %s\n", __VERSION__);
#endif
    std::printf("__cplusplus: %ld\n", static_cast<long>(__cplusplus));
#if defined(__OPTIMIZE__)
    std::printf("optimized: yes\n");
#else
    std::printf("optimized: NO (instruction counts are meaningless)\n");
#endif
    std::printf("TRACEWIRE_USE_SSE2: %d\n", TRACEWIRE_USE_SSE2);
    return 0;
  }
  if (argc != 3) return usage();

  const bool all = std::strcmp(argv[1], "all") == 0;
  const op* chosen = nullptr;
  for_each_op([&](const op& o) {
    if (std::strcmp(argv[1], o.name) == 0) chosen = &o;
  });
  if (chosen == nullptr && !all) {
    std::fprintf(stderr, "unknown op '%s'\n", argv[1]);
    return usage();
  }
  char* end = nullptr;
  const unsigned long long n = std::strtoull(argv[2], &end, 10);
  if (end == argv[2] || *end != '\0' || n == 0) return usage();

  if (const char* error = self_check()) {
    std::fprintf(stderr, "self-check failed: %s\n", error);
    return 1;
  }
  for (std::size_t i = 0; i < g_op_registry.count; ++i) {
    const op_table& table = g_op_registry.tables[i];
    if (table.prepare != nullptr && !table.prepare()) {
      std::fprintf(stderr, "could not prepare the inputs of %s\n", table.key);
      return 1;
    }
  }
  if (!all) return run_op(*chosen, n);
  int status = 0;
  for_each_op([&](const op& o) { status |= run_op(o, n); });
  return status;
}
