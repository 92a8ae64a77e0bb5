// SPDX-License-Identifier: Apache-2.0
//
// fuzz_propagation: random carriers through every propagator (issue 4).
//
// Input: byte 0 picks the propagator (and whether the carrier follows HTTP or exact key rules);
// the rest is fields separated by '\n', each `key:value` split at its first ':' (a field without
// ':' has that key and an empty value), each key and value in its own exactly-sized allocation.
// Properties:
// - extract never misbehaves (ASan/UBSan), returns a defined errc, and finds exactly the fields a
//   byte-by-byte reference finds (count, repetition) for every name a propagator uses;
// - when a context was extracted, inject(extract(x)) extracts to the same context (ids, sampled,
//   tracestate for W3C, the baggage members for W3C baggage and Jaeger);
// - extract writes nothing when it reports an error or a missing field.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "fuzz_support.hpp"
#include "tracewire/carriers/grpc.hpp"
#include "tracewire/carriers/http.hpp"
#include "tracewire/propagation.hpp"

namespace {

using tracewire_fuzz::owned_text;
using views = std::vector<std::pair<std::string_view, std::string_view>>;

char ref_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool ref_match(bool ci, std::string_view stored, std::string_view name) {
  if (stored.size() != name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = ci ? ref_lower(stored[i]) : stored[i];
    if (c != name[i]) return false;
  }
  return true;
}

template <class Carrier>
void check_lookup(const Carrier& c, const views& fields, bool ci) {
  static constexpr std::string_view names[] = {"traceparent",  "tracestate",    "baggage",
                                               "b3",           "uber-trace-id", "grpc-trace-bin",
                                               "x-b3-traceid", "traceresponse"};
  for (const std::string_view name : names) {
    std::size_t expected = 0;
    for (const auto& f : fields) expected += ref_match(ci, f.first, name) ? 1u : 0u;
    const std::size_t got = tracewire::field_values(c, name).count();
    TRACEWIRE_FUZZ_CHECK(got == expected, "field_values(" + std::string(name) +
                                              ").count() = " + std::to_string(got) +
                                              ", reference " + std::to_string(expected));
    const tracewire::single_field s = tracewire::find_single(c, name);
    const tracewire::errc want = expected == 0   ? tracewire::errc::field_missing
                                 : expected == 1 ? tracewire::errc::ok
                                                 : tracewire::errc::field_repeated;
    TRACEWIRE_FUZZ_CHECK(s.error == want,
                         "find_single error " + tracewire_fuzz::errc_name(s.error));
  }
}

bool same_span(const tracewire::span_context& a, const tracewire::span_context& b, bool state) {
  return a.trace_id == b.trace_id && a.span_id == b.span_id && a.sampled() == b.sampled() &&
         (!state || a.tracestate == b.tracestate);
}

std::string formatted(const tracewire::baggage& b) {
  std::string s(b.formatted_size(), '\0');
  const auto n = b.format(s.data(), s.size());
  return n ? s.substr(0, *n) : std::string("<format failed>");
}

template <class P, class Carrier>
void check_propagator(const P& p, const Carrier& c, bool state, bool bag) {
  const bool bag_independent = std::is_same_v<P, tracewire::jaeger>;
  tracewire::context ctx;
  const tracewire::context fresh;
  const tracewire::propagation_status st = p.extract(c, ctx);
  TRACEWIRE_FUZZ_CHECK(static_cast<unsigned>(st.error) <=
                           static_cast<unsigned>(tracewire::errc::sampler_too_many_rules),
                       "undefined errc");
  if (st.error != tracewire::errc::ok) {
    // The span context is untouched. (Jaeger's uberctx- baggage is independent of its
    // uber-trace-id: a broken uber-trace-id still lets the baggage through.)
    TRACEWIRE_FUZZ_CHECK(
        ctx.span == fresh.span && (ctx.baggage.empty() || bag_independent),
        "extract wrote the context but reported " + tracewire_fuzz::errc_name(st.error));
    return;
  }
  if (!ctx.span.is_valid() && ctx.baggage.empty()) return;
  views out;
  tracewire::carrier_buffer<64 * 1024> buf;
  auto oc = tracewire::http_carrier(out, buf);
  const tracewire::errc e = p.inject(ctx, oc);
  TRACEWIRE_FUZZ_CHECK(e == tracewire::errc::ok || !ctx.span.is_valid(),
                       "inject of an extracted context failed: " + tracewire_fuzz::errc_name(e));
  tracewire::context back;
  const tracewire::propagation_status st2 = p.extract(oc, back);
  if (ctx.span.is_valid()) {
    TRACEWIRE_FUZZ_CHECK(st2.error == tracewire::errc::ok && same_span(ctx.span, back.span, state),
                         "inject(extract(x)) did not extract to the same span context");
  }
  if (bag) {
    TRACEWIRE_FUZZ_CHECK(formatted(ctx.baggage) == formatted(back.baggage),
                         "baggage changed in a round trip: " + formatted(ctx.baggage) + " vs " +
                             formatted(back.baggage));
  }
}

template <class Carrier>
void run_all(unsigned which, const Carrier& c) {
  switch (which % 7) {
    case 0:
      check_propagator(tracewire::w3c_trace_context{}, c, true, false);
      break;
    case 1:
      check_propagator(tracewire::w3c_baggage{}, c, false, true);
      break;
    case 2:
      check_propagator(tracewire::b3_single{}, c, false, false);
      break;
    case 3:
      check_propagator(tracewire::b3_multi{}, c, false, false);
      break;
    case 4:
      check_propagator(tracewire::jaeger{}, c, false, false);
      break;
    case 5:
      check_propagator(tracewire::grpc_trace_bin{}, c, false, false);
      break;
    default:
      check_propagator(tracewire::composite<tracewire::w3c_trace_context, tracewire::w3c_baggage>{},
                       c, true, true);
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  tracewire_fuzz::current_input() = all;
  if (size == 0) return 0;
  const unsigned which = data[0];
  std::vector<owned_text> storage;
  views fields;
  const std::vector<std::string_view> lines = tracewire_fuzz::split(all.substr(1), '\n');
  if (lines.size() > 64) return 0;
  storage.reserve(2 * lines.size());
  for (const std::string_view line : lines) {
    const std::size_t colon = line.find(':');
    const std::string_view k = colon == std::string_view::npos ? line : line.substr(0, colon);
    const std::string_view v =
        colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    storage.emplace_back(k);
    const std::string_view sk = storage.back().view();
    storage.emplace_back(v);
    fields.emplace_back(sk, storage.back().view());
  }
  tracewire::carrier_buffer<1> unused;
  if ((which & 0x80) == 0) {
    const auto c = tracewire::http_carrier(fields, unused);
    check_lookup(c, fields, true);
    run_all(which, c);
  } else {
    const auto c = tracewire::grpc_carrier(fields, unused);
    check_lookup(c, fields, false);
    run_all(which, c);
  }
  return 0;
}
