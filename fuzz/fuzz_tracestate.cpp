// SPDX-License-Identifier: Apache-2.0
//
// fuzz/fuzz_tracestate.cpp: tracestate (W3C Trace Context 3.3) against the reference model in
// tracestate_reference.hpp, for four instantiations: the default tracestate (32 members, 512
// characters, Level 2 keys), tracestate_level1, a small basic_tracestate<4, 64> whose limits the
// fuzzer reaches easily, and basic_tracestate<32, 16447>, which must never truncate.
//
// Input layout: `fields [0x00 operations]`.
// - fields: split at '\n' into header fields, each copied into its own allocation, given to
//   assign(first, last). Checked: same errc as the reference (the first rule broken, left to
//   right), same members in order, same dropped count; an error leaves the list empty; the same
//   fields joined with ',' into one field give the same result (RFC 9110 5.3); view() is what
//   format() writes into two canary buffers, exactly formatted_size() bytes; a buffer one byte
//   short is refused untouched; the formatted text re-parses to an equal tracestate (checked
//   after assign and after the last operation; the other checks run after every step).
// - operations: split at '\n'; each record's first byte selects put / put of an existing key /
//   erase / erase of an existing key / put of a member of a chosen length / put with a key of a
//   chosen length, applied to the library and to the model; after each, the status and the whole
//   list must agree. A refused put must name a rule the key or value really breaks and change
//   nothing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "tracestate_reference.hpp"
#include "tracewire/tracestate.hpp"

namespace {

namespace tw = tracewire;
namespace ref = tracewire_fuzz::reference;
using tracewire_fuzz::canary_buffers;
using tracewire_fuzz::errc_name;
using tracewire_fuzz::escaped;
using tracewire_fuzz::field_input;
using tracewire_fuzz::owned_text;

constexpr std::size_t max_operations = 48;

/// `pattern` repeated (or cut) to exactly n characters; `fallback` when the pattern is empty.
std::string cycled(std::string_view pattern, std::size_t n, char fallback) {
  std::string out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    out += pattern.empty() ? fallback : pattern[i % pattern.size()];
  return out;
}

/// Holds every conforming header untruncated (tracestate.hpp), so it must never drop a member.
using tracestate_max = tw::basic_tracestate<32, 16447>;

template <class TS>
const char* type_name() {
  if (TS::max_chars == 64) return "basic_tracestate<4, 64>";
  if (TS::max_chars == tracestate_max::max_chars) return "basic_tracestate<32, 16447>";
  return TS::key_rules == tw::tracestate_keys::level1 ? "tracestate_level1" : "tracestate";
}

template <class TS>
std::string where(const char* what) {
  return std::string(type_name<TS>()) + ", " + what + ": ";
}

/// The library's list equals the model's, and every reader and writer agrees with it.
template <class TS>
void check_same(const TS& ts, const ref::model& m, const char* context, bool reparse) {
  const std::vector<ref::member>& want = m.members();
  const std::string text = m.formatted();
  TRACEWIRE_FUZZ_CHECK(ts.size() == want.size() && ts.empty() == want.empty(),
                       where<TS>(context) + "size " + std::to_string(ts.size()) + ", expected " +
                           std::to_string(want.size()) + "; view " + escaped(ts.view()) +
                           ", expected " + escaped(text));
  TRACEWIRE_FUZZ_CHECK(ts.view() == text, where<TS>(context) + "view " + escaped(ts.view()) +
                                              ", expected " + escaped(text));
  std::size_t i = 0;
  for (const auto mem : ts) {
    TRACEWIRE_FUZZ_CHECK(mem.key == want[i].key && mem.value == want[i].value,
                         where<TS>(context) + "member " + std::to_string(i) + " is " +
                             escaped(mem.key) + "=" + escaped(mem.value));
    TRACEWIRE_FUZZ_CHECK(ts[i].key == mem.key && ts[i].value == mem.value,
                         where<TS>(context) + "operator[] differs from iteration");
    TRACEWIRE_FUZZ_CHECK(
        ts.find(mem.key) == i && ts.contains(mem.key) && ts.get(mem.key) == mem.value,
        where<TS>(context) + "find/get of " + escaped(mem.key));
    ++i;
  }
  TRACEWIRE_FUZZ_CHECK(i == want.size(), where<TS>(context) + "iteration length differs");

  // Size query and writer: two canary buffers with room to spare, an exact one, one byte short.
  const std::size_t n = ts.formatted_size();
  TRACEWIRE_FUZZ_CHECK(n == text.size(),
                       where<TS>(context) + "formatted_size " + std::to_string(n));
  canary_buffers buf(n + 8);
  const tw::result<std::size_t> ra = ts.format(buf.a(), buf.capacity());
  const tw::result<std::size_t> rb = ts.format(buf.b(), buf.capacity());
  TRACEWIRE_FUZZ_CHECK(ra && rb && *ra == n && *rb == n, where<TS>(context) + "format result");
  TRACEWIRE_FUZZ_CHECK(buf.same_prefix(n) && buf.view_a(n) == text,
                       where<TS>(context) + "format wrote " + escaped(buf.view_a(n)));
  TRACEWIRE_FUZZ_CHECK(buf.untouched_from(n), where<TS>(context) + "format wrote past its size");
  canary_buffers exact(n);
  const tw::result<std::size_t> re = ts.format(exact.a(), exact.capacity());
  TRACEWIRE_FUZZ_CHECK(re && *re == n && exact.view_a(n) == text,
                       where<TS>(context) + "exact buffer");
  if (n != 0) {
    canary_buffers small(n - 1);
    const tw::result<std::size_t> rs = ts.format(small.a(), small.capacity());
    TRACEWIRE_FUZZ_CHECK(!rs && rs.error() == tw::errc::buffer_too_small && small.untouched_from(0),
                         where<TS>(context) + "a buffer one byte short: " + errc_name(rs.error()));
  }

  // The formatted text is a valid header that parses back to the same list, untruncated.
  if (!reparse) return;
  const owned_text again(text);
  TS back;
  const tw::tracestate_status st = back.assign(again.view());
  TRACEWIRE_FUZZ_CHECK(st && st.dropped == 0 && back == ts && !(back != ts),
                       where<TS>(context) + "re-parse of " + escaped(text) + ": " +
                           errc_name(st.error) + ", dropped " + std::to_string(st.dropped));
  const tw::result<TS> parsed = TS::parse(again.view());
  TRACEWIRE_FUZZ_CHECK(parsed && *parsed == ts,
                       where<TS>(context) + "parse() differs from assign()");
}

/// One operation record applied to the library and to the model.
template <class TS>
void apply(TS& ts, ref::model& m, std::string_view rec) {
  if (rec.empty()) return;
  const unsigned op = static_cast<unsigned char>(rec[0]) % 6u;
  const std::size_t arg = rec.size() > 1 ? static_cast<unsigned char>(rec[1]) : 0u;
  std::string key;
  std::string value;
  const auto key_value = [&](std::string_view rest) {
    const std::size_t eq = rest.find('=');
    key = std::string(rest.substr(0, eq));
    value = eq == std::string_view::npos ? std::string() : std::string(rest.substr(eq + 1));
  };
  const auto existing_key = [&] {
    const auto& ms = m.members();
    return ms.empty() ? std::string("k") : ms[arg % ms.size()].key;
  };
  const std::string_view rest1 = rec.substr(1);
  const std::string_view rest2 = rec.size() > 2 ? rec.substr(2) : std::string_view();
  // 0-511, chosen directly by the input: reaches the 128-character truncation threshold, the
  // 256-character key and value limits and the 512-character capacity exactly.
  const std::size_t len = arg + 256u * ((static_cast<unsigned char>(rec[0]) / 6u) & 1u);

  bool is_put = true;
  switch (op) {
    case 0:
      key_value(rest1);
      break;
    case 1:
      key = existing_key();
      value = std::string(rest2);
      break;
    case 2:
      key = std::string(rest1);
      is_put = false;
      break;
    case 3:
      key = existing_key();
      is_put = false;
      break;
    case 4:  // a member of exactly `len` characters, when the key leaves room for a value
      key_value(rest2);
      value = cycled(value, len > key.size() + 1 ? len - key.size() - 1 : 0, 'v');
      break;
    default:
      key_value(rest2);
      key = cycled(key, len, 'k');
      break;
  }
  // The library sees its own exactly-sized copies.
  const owned_text k(key);
  const owned_text v(value);

  if (!is_put) {
    const bool got = ts.erase(k.view());
    const bool want = m.erase(key);
    TRACEWIRE_FUZZ_CHECK(got == want,
                         where<TS>("erase") + escaped(key) + " returned " + std::to_string(got));
    check_same(ts, m, "after erase", false);
    return;
  }

  const tw::tracestate_status st = ts.put(k.view(), v.view());
  const ref::rule_set broken = m.put_rules_broken(key, value);
  if (broken != 0) {
    TRACEWIRE_FUZZ_CHECK(!st && ref::has(broken, st.error) && st.dropped == 0,
                         where<TS>("put") + escaped(key) + "=" + escaped(value) + " gave " +
                             errc_name(st.error) + ", which is not a rule it breaks");
    check_same(ts, m, "after a refused put", false);
    return;
  }
  TRACEWIRE_FUZZ_CHECK(st, where<TS>("put") + escaped(key) + "=" + escaped(value) +
                               " refused: " + errc_name(st.error));
  const std::size_t dropped = m.put(key, value);
  TRACEWIRE_FUZZ_CHECK(st.dropped == dropped, where<TS>("put") + "dropped " +
                                                  std::to_string(st.dropped) + ", expected " +
                                                  std::to_string(dropped));
  TRACEWIRE_FUZZ_CHECK(ts.get(k.view()) == value && ts.find(k.view()) == 0,
                       where<TS>("put") + "the key is not at the left");
  check_same(ts, m, "after put", false);
}

template <class TS>
void run(const std::vector<std::string_view>& fields, std::string_view joined,
         const std::vector<std::string_view>& ops) {
  ref::model m(TS::max_members, TS::max_chars, TS::key_rules);

  // assign() must replace, not append: start from a non-empty list.
  TS ts;
  TRACEWIRE_FUZZ_CHECK(ts.put("zz", "old"), where<TS>("setup") + "put refused");
  const tw::tracestate_status st = ts.assign(fields.begin(), fields.end());
  const ref::status want = m.assign(fields);
  TRACEWIRE_FUZZ_CHECK(st.error == want.error, where<TS>("assign") + "got " + errc_name(st.error) +
                                                   ", expected " + errc_name(want.error));
  TRACEWIRE_FUZZ_CHECK(st.dropped == want.dropped, where<TS>("assign") + "dropped " +
                                                       std::to_string(st.dropped) + ", expected " +
                                                       std::to_string(want.dropped));
  TRACEWIRE_FUZZ_CHECK(TS::max_chars != tracestate_max::max_chars || st.dropped == 0,
                       where<TS>("assign") + "a conforming header was truncated");
  check_same(ts, m, "after assign", true);

  // Repeated fields are one comma-separated list (RFC 9110 5.3).
  TS one;
  const tw::tracestate_status st1 = one.assign(joined);
  TRACEWIRE_FUZZ_CHECK(
      st1.error == st.error && st1.dropped == st.dropped && one == ts,
      where<TS>("joined fields") + errc_name(st1.error) + " vs " + errc_name(st.error));

  if (ops.empty()) return;
  for (std::size_t i = 0; i < ops.size() && i < max_operations; ++i) apply(ts, m, ops[i]);
  check_same(ts, m, "after the operations", true);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  tracewire_fuzz::current_input() = all;
  const field_input in(all);

  run<tw::tracestate>(in.fields, in.joined.view(), in.ops);
  run<tw::tracestate_level1>(in.fields, in.joined.view(), in.ops);
  run<tw::basic_tracestate<4, 64>>(in.fields, in.joined.view(), in.ops);
  run<tracestate_max>(in.fields, in.joined.view(), in.ops);
  return 0;
}
