// SPDX-License-Identifier: Apache-2.0
//
// fuzz/fuzz_baggage.cpp: W3C Baggage (tracewire/baggage.hpp) and its percent codec
// (tracewire/detail/percent.hpp) against the reference model in baggage_reference.hpp, for three
// instantiations: the default baggage (64 members, 8192 bytes, 64 properties), baggage_legacy
// (180 members, 4096 bytes per member, 8192 in total) and a small basic_baggage<4, 128, 4> whose
// limits the fuzzer reaches easily.
//
// Input layout: `fields [0x00 operations]`.
// - The whole input, as raw bytes: percent_encoded_size / percent_encode / percent_decode /
//   is_valid_utf8 / utf8_sink against byte-by-byte references; percent_decode(percent_encode(x))
//   == x; every writer into two canary buffers, nothing written past the size it reports.
// - fields: split at '\n' into header fields, each copied into its own allocation, given to
//   assign(first, last). Checked: the same status as the reference (first error, skipped,
//   dropped), the same members with the same decoded values and properties in order; the same
//   fields joined with ',' into one field give the same result (RFC 9110 5.3); find/get/contains
//   name the last member with a key; for_each_allowed; format() into two canary buffers writes
//   exactly formatted_size() bytes, the reference's canonical text, nothing past it; a buffer one
//   byte short is refused untouched; the text re-parses to the same members with nothing skipped
//   or dropped and formats to the same text again (the canonical form is a fixed point).
// - operations: split at '\n'; each record's first byte selects set (0-2 properties) / set of an
//   existing key / erase / erase of an existing key / lookup / set of a long value / set with an
//   invalid UTF-8 value or property value / set with many properties, applied to the library and
//   to the model. A refused set must name a rule the call really breaks (an input rule whenever
//   one is broken) and change nothing; after each operation the whole baggage must agree.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "baggage_reference.hpp"
#include "fuzz_support.hpp"
#include "tracewire/baggage.hpp"
#include "tracewire/detail/percent.hpp"

namespace {

namespace tw = tracewire;
namespace ref = tracewire_fuzz::baggage_reference;
using tracewire_fuzz::canary_buffers;
using tracewire_fuzz::errc_name;
using tracewire_fuzz::escaped;
using tracewire_fuzz::field_input;
using tracewire_fuzz::owned_text;
using tracewire_fuzz::split;

constexpr std::size_t max_operations = 32;

/// Limits small enough for the fuzzer to reach every one of them in a few bytes.
using small_baggage = tw::basic_baggage<4, 128, 4>;

/// The name of each instantiation and its limits, written from the contract, not read from it.
template <class B>
struct traits;
template <>
struct traits<tw::baggage> {
  static constexpr const char* name = "baggage";
  static constexpr ref::limits limits{64, 8192, 64, false};
};
template <>
struct traits<tw::baggage_legacy> {
  static constexpr const char* name = "baggage_legacy";
  static constexpr ref::limits limits{180, 8192, 180, true};
};
template <>
struct traits<small_baggage> {
  static constexpr const char* name = "basic_baggage<4, 128, 4>";
  static constexpr ref::limits limits{4, 128, 4, false};
};

template <class B>
std::string where(const char* what) {
  return std::string(traits<B>::name) + ", " + what + ": ";
}

std::string describe(const ref::member& m) {
  std::string out = escaped(m.key) + "=" + escaped(m.value);
  for (const ref::property& p : m.properties) {
    out += ";" + escaped(p.key);
    if (p.has_value) out += "=" + escaped(p.value);
  }
  return out;
}

template <class Member>
std::string describe_lib(const Member& m) {
  std::string out = escaped(m.key()) + "=" + escaped(m.value());
  for (std::size_t j = 0; j < m.property_count(); ++j) {
    const tw::baggage_property p = m.property(j);
    out += ";" + escaped(p.key);
    if (p.has_value) out += "=" + escaped(p.value);
  }
  return out;
}

template <class Member>
bool same_member(const Member& got, const ref::member& want) {
  if (got.key() != want.key || got.value() != want.value) return false;
  if (got.property_count() != want.properties.size()) return false;
  for (std::size_t j = 0; j < want.properties.size(); ++j) {
    const tw::baggage_property p = got.property(j);
    const ref::property& w = want.properties[j];
    // A property without a value reads as an empty value.
    if (p.key != w.key || p.has_value != w.has_value || p.value != w.value) return false;
  }
  return true;
}

/// The library's members equal `want`, in order, through iteration and operator[].
template <class B>
void check_members(const B& b, const std::vector<ref::member>& want, const std::string& context) {
  TRACEWIRE_FUZZ_CHECK(
      b.size() == want.size() && b.empty() == want.empty(),
      context + "size " + std::to_string(b.size()) + ", expected " + std::to_string(want.size()));
  std::size_t i = 0;
  for (const auto mem : b) {
    TRACEWIRE_FUZZ_CHECK(i < want.size() && same_member(mem, want[i]),
                         context + "member " + std::to_string(i) + " is " + describe_lib(mem) +
                             ", expected " + (i < want.size() ? describe(want[i]) : "none"));
    TRACEWIRE_FUZZ_CHECK(same_member(b[i], want[i]),
                         context + "operator[] differs from iteration at " + std::to_string(i));
    ++i;
  }
  TRACEWIRE_FUZZ_CHECK(i == want.size(), context + "iteration length differs");
}

/// format() of `b` writes exactly `text`, as its size query said, nothing more; `tight`: also
/// into a buffer of exactly that size, and refuses one a byte short.
template <class B>
void check_format(const B& b, const std::string& text, const std::string& context, bool tight) {
  const std::size_t n = b.formatted_size();
  TRACEWIRE_FUZZ_CHECK(n == text.size(), context + "formatted_size " + std::to_string(n) +
                                             ", expected " + std::to_string(text.size()) + " for " +
                                             escaped(text));
  TRACEWIRE_FUZZ_CHECK(n <= B::max_bytes, context + "formatted_size over the byte limit");
  canary_buffers buf(n + 16);
  const tw::result<std::size_t> ra = b.format(buf.a(), buf.capacity());
  const tw::result<std::size_t> rb = b.format(buf.b(), buf.capacity());
  TRACEWIRE_FUZZ_CHECK(ra && rb && *ra == n && *rb == n,
                       context + "format result " + errc_name(ra.error()));
  TRACEWIRE_FUZZ_CHECK(
      buf.same_prefix(n) && buf.view_a(n) == text,
      context + "format wrote " + escaped(buf.view_a(n)) + ", expected " + escaped(text));
  TRACEWIRE_FUZZ_CHECK(buf.untouched_from(n), context + "format wrote past its size");
  if (!tight) return;
  canary_buffers exact(n);
  const tw::result<std::size_t> re = b.format(exact.a(), exact.capacity());
  TRACEWIRE_FUZZ_CHECK(re && *re == n && exact.view_a(n) == text, context + "exact buffer");
  if (n != 0) {
    canary_buffers small(n - 1);
    const tw::result<std::size_t> rs = b.format(small.a(), small.capacity());
    TRACEWIRE_FUZZ_CHECK(!rs && rs.error() == tw::errc::buffer_too_small && small.untouched_from(0),
                         context + "a buffer one byte short: " + errc_name(rs.error()));
  }
}

/// How much check_same verifies: after every operation the members and format() into two canary
/// buffers; after assign and after the last operation also every lookup, format() into exact and
/// short buffers, and that the text parses back.
enum class depth { members, lookups, reparse };

/// The library's baggage equals the model's, and every reader and writer agrees with it.
template <class B>
void check_same(const B& b, const ref::model& m, const char* what, depth level) {
  const std::string context = where<B>(what);
  const std::vector<ref::member>& want = m.members();
  check_members(b, want, context);
  TRACEWIRE_FUZZ_CHECK(b.property_count() == m.property_count(),
                       context + "property_count " + std::to_string(b.property_count()) +
                           ", expected " + std::to_string(m.property_count()));

  if (level != depth::members) {
    // Lookups name the last member with a key (baggage.hpp: later entries override earlier ones).
    std::map<std::string_view, std::size_t> last;
    for (std::size_t i = 0; i < want.size(); ++i) last[want[i].key] = i;
    for (const auto& [key, j] : last) {
      TRACEWIRE_FUZZ_CHECK(b.find(key) == j && b.contains(key) && b.get(key) == want[j].value,
                           context + "find/get of " + escaped(key) + " gave index " +
                               std::to_string(b.find(key)) + ", expected " + std::to_string(j));
    }
    // An allowlist: every key in member order (duplicates included) and one that is absent.
    std::vector<std::string_view> allow;
    for (const ref::member& w : want) allow.push_back(w.key);
    allow.push_back("absent key");
    using call = std::pair<std::string_view, std::string_view>;
    std::vector<call> got_calls;
    const std::size_t calls = b.for_each_allowed(
        allow.begin(), allow.end(),
        [&](std::string_view k, std::string_view v) { got_calls.emplace_back(k, v); });
    std::vector<call> want_calls;
    for (const std::string_view k : allow) {
      const auto it = last.find(k);
      if (it != last.end()) want_calls.emplace_back(k, want[it->second].value);
    }
    TRACEWIRE_FUZZ_CHECK(calls == want_calls.size() && got_calls == want_calls,
                         context + "for_each_allowed made " + std::to_string(calls) +
                             " calls, expected " + std::to_string(want_calls.size()) +
                             " (or other keys or values)");
  }

  const std::string text = m.formatted_text();
  check_format(b, text, context, level != depth::members);

  // The canonical text is a header that parses back to the same members, nothing skipped or
  // dropped (it holds within every limit), and formats to itself.
  if (level != depth::reparse) return;
  const owned_text again(text);
  B back;
  const tw::baggage_status st = back.assign(again.view());
  TRACEWIRE_FUZZ_CHECK(st && st.skipped == 0 && st.dropped == 0,
                       context + "re-parse of " + escaped(text) + ": " + errc_name(st.error) +
                           ", skipped " + std::to_string(st.skipped) + ", dropped " +
                           std::to_string(st.dropped));
  check_members(back, want, context + "re-parse of the formatted text: ");
  check_format(back, text, context + "format of the re-parsed text: ", false);
  // The model agrees that its canonical form is a fixed point.
  ref::model m2(traits<B>::limits);
  const ref::status st2 = m2.assign({std::string_view(text)});
  TRACEWIRE_FUZZ_CHECK(
      st2.error == tw::errc::ok && m2.formatted_text() == text,
      context + "reference re-parse of " + escaped(text) + ": " + errc_name(st2.error));
}

/// `pattern` repeated (or cut) to exactly n characters; `fallback` when the pattern is empty.
std::string cycled(std::string_view pattern, std::size_t n, char fallback) {
  if (pattern.empty()) return std::string(n, fallback);
  std::string out;
  out.reserve(n + pattern.size());
  while (out.size() < n) out.append(pattern);
  out.resize(n);
  return out;
}

/// A property from `k=v` (a value) or `k` (none).
ref::property property_from(std::string_view text) {
  ref::property p;
  const std::size_t eq = text.find('=');
  p.key = std::string(text.substr(0, eq));
  if (eq != std::string_view::npos) {
    p.has_value = true;
    p.value = std::string(text.substr(eq + 1));
  }
  return p;
}

/// Ill-formed UTF-8, one of each class (Unicode 3.9, Table 3-7): lone continuation bytes, bytes
/// that never start a sequence, overlong forms, surrogates, code points above U+10FFFF, sequences
/// cut short.
constexpr const char* invalid_utf8[] = {
    "\x80",                  // a lone continuation byte
    "\xBF",                  // a lone continuation byte
    "\xC0\x80",              // C0 never starts a sequence (an overlong 2-byte form)
    "\xC1\xBF",              // C1 never starts a sequence (an overlong 2-byte form)
    "\xC2",                  // a 2-byte sequence cut short
    "\xE0\x80\x80",          // overlong 3-byte form
    "\xE0\x9F\xBF",          // overlong 3-byte form
    "\xED\xA0\x80",          // a surrogate (U+D800)
    "\xED\xBF\xBF",          // a surrogate (U+DFFF)
    "\xE2\x82",              // a 3-byte sequence cut short
    "\xF0\x80\x80\x80",      // overlong 4-byte form
    "\xF0\x8F\xBF\xBF",      // overlong 4-byte form
    "\xF4\x90\x80\x80",      // above U+10FFFF
    "\xF5\x80\x80\x80",      // F5-FF never start a sequence
    "\xF0\x9F\x98",          // a 4-byte sequence cut short
    "\xF8\x88\x80\x80\x80",  // the old 5-byte form
    "\xFE",                  // never in UTF-8
    "\xFF",                  // never in UTF-8
    "\xC3\x28",              // a 2-byte lead followed by ASCII
    "\xE2\x28\xA1",          // a 3-byte lead followed by ASCII
};
constexpr std::size_t invalid_utf8_count = sizeof invalid_utf8 / sizeof invalid_utf8[0];

/// set() of `want` on the library and the model.
template <class B>
void apply_set(B& b, ref::model& m, const ref::member& want) {
  // The library sees its own exactly-sized copies.
  const owned_text k(want.key);
  const owned_text v(want.value);
  std::vector<owned_text> texts;
  texts.reserve(2 * want.properties.size());
  std::vector<tw::baggage_property> props;
  for (const ref::property& p : want.properties) {
    texts.emplace_back(p.key);
    const std::string_view pk = texts.back().view();
    texts.emplace_back(p.value);
    const std::string_view pv = texts.back().view();
    props.push_back(tw::baggage_property{pk, pv, p.has_value});
  }
  const tw::errc e = props.size() == 1 ? b.set(k.view(), v.view(), {props[0]})
                                       : b.set(k.view(), v.view(), props.data(), props.size());
  const ref::rule_set broken = m.set_rules_broken(want);
  if (broken != 0) {
    TRACEWIRE_FUZZ_CHECK(e != tw::errc::ok && ref::has(broken, e),
                         where<B>("set") + describe(want) + " gave " + errc_name(e) +
                             ", which is not a rule it breaks");
    check_same(b, m, "after a refused set", depth::members);
    return;
  }
  TRACEWIRE_FUZZ_CHECK(e == tw::errc::ok,
                       where<B>("set") + describe(want) + " refused: " + errc_name(e));
  m.set(want);
  TRACEWIRE_FUZZ_CHECK(b.find(k.view()) + 1 == b.size() && b.get(k.view()) == want.value,
                       where<B>("set") + "the member is not the last one");
  check_same(b, m, "after set", depth::members);
}

/// One operation record applied to the library and to the model.
template <class B>
void apply(B& b, ref::model& m, std::string_view rec) {
  if (rec.empty()) return;
  const unsigned op = static_cast<unsigned char>(rec[0]) % 8u;
  const std::size_t a1 = rec.size() > 1 ? static_cast<unsigned char>(rec[1]) : 0u;
  const std::size_t a2 = rec.size() > 2 ? static_cast<unsigned char>(rec[2]) : 0u;
  const std::string_view rest1 = rec.substr(1);
  const std::string_view rest2 = rec.size() > 2 ? rec.substr(2) : std::string_view();
  const std::string_view rest3 = rec.size() > 3 ? rec.substr(3) : std::string_view();
  const auto existing_key = [&](std::size_t i) {
    const std::vector<ref::member>& ms = m.members();
    return ms.empty() ? std::string("k") : ms[i % ms.size()].key;
  };
  // Parts of a set record, separated by 0x1F (a byte no key, and no value worth testing, needs):
  // key, value, then up to two properties `k=v` or `k`.
  const auto member_from = [](const std::vector<std::string_view>& parts, std::size_t first) {
    ref::member mem;
    if (parts.size() > first) mem.key = std::string(parts[first]);
    if (parts.size() > first + 1) mem.value = std::string(parts[first + 1]);
    for (std::size_t j = first + 2; j < parts.size() && j < first + 4; ++j) {
      mem.properties.push_back(property_from(parts[j]));
    }
    return mem;
  };

  switch (op) {
    case 0:  // set
      apply_set(b, m, member_from(split(rest1, '\x1f'), 0));
      return;
    case 1: {  // set of an existing key: replaces every member with it
      std::vector<std::string_view> parts = split(rest2, '\x1f');
      const std::string key = existing_key(a1);
      parts.insert(parts.begin(), key);
      apply_set(b, m, member_from(parts, 0));
      return;
    }
    case 2:
    case 3: {  // erase, of any key or of an existing one
      const std::string key = op == 2 ? std::string(rest1) : existing_key(a1);
      const owned_text k(key);
      const std::size_t got = b.erase(k.view());
      const std::size_t want = m.erase(key);
      TRACEWIRE_FUZZ_CHECK(got == want && !b.contains(k.view()),
                           where<B>("erase") + escaped(key) + " removed " + std::to_string(got) +
                               ", expected " + std::to_string(want));
      check_same(b, m, "after erase", depth::members);
      return;
    }
    case 4: {  // lookup of any key
      const owned_text k(rest1);
      const std::size_t j = m.find(rest1);
      const bool found = j != std::string_view::npos;
      TRACEWIRE_FUZZ_CHECK(b.find(k.view()) == (found ? j : B::npos) &&
                               b.contains(k.view()) == found &&
                               b.get(k.view()) == (found ? m.members()[j].value : std::string()),
                           where<B>("lookup") + escaped(rest1));
      return;
    }
    case 5: {  // a value of a chosen length (0-8399): reaches 128, 4096 and 8192 bytes exactly
      const std::vector<std::string_view> parts = split(rest3, '\x1f');
      ref::member mem = member_from(parts, 0);
      if (mem.key.empty()) mem.key = existing_key(a1);
      mem.value = cycled(mem.value, (a1 | (a2 << 8)) % 8400, 'v');
      apply_set(b, m, mem);
      return;
    }
    case 6: {  // an invalid UTF-8 sequence put into the value or into a property value
      const std::vector<std::string_view> parts = split(rest3, '\x1f');
      ref::member mem = member_from(parts, 0);
      if (mem.key.empty()) mem.key = existing_key(a1);
      const std::string bad = invalid_utf8[a1 % invalid_utf8_count];
      switch (a2 % 3) {
        case 0:
          mem.value += bad;
          break;
        case 1:
          mem.value = bad + mem.value;
          break;
        default:
          if (mem.properties.empty()) mem.properties.push_back(ref::property{"p", "", true});
          mem.properties[0].has_value = true;
          mem.properties[0].value += bad;
          break;
      }
      apply_set(b, m, mem);
      return;
    }
    default: {  // many properties (0-79): reaches the property limits 4, 64 and 180 in total
      ref::member mem = member_from(split(rest3, '\x1f'), 0);
      if (mem.key.empty()) mem.key = existing_key(a1);
      mem.properties.clear();
      for (std::size_t j = 0; j < a1 % 80; ++j) {
        const bool with_value = ((j + a2) & 1u) != 0;
        mem.properties.push_back(
            ref::property{"p" + std::to_string(j), with_value ? "v" : "", with_value});
      }
      apply_set(b, m, mem);
      return;
    }
  }
}

template <class B>
void run(const std::vector<std::string_view>& fields, std::string_view joined,
         const std::vector<std::string_view>& ops) {
  constexpr ref::limits lim = traits<B>::limits;
  TRACEWIRE_FUZZ_CHECK(B::max_members == lim.max_members && B::max_bytes == lim.max_bytes &&
                           B::max_properties == lim.max_properties,
                       where<B>("setup") + "the limits differ from the contract");
  ref::model m(lim);

  // assign() must replace, not append: start from a non-empty baggage.
  B b;
  TRACEWIRE_FUZZ_CHECK(b.set("zz", "old") == tw::errc::ok, where<B>("setup") + "set refused");
  const tw::baggage_status st = b.assign(fields.begin(), fields.end());
  const ref::status want = m.assign(fields);
  TRACEWIRE_FUZZ_CHECK(
      st.error == want.error && static_cast<bool>(st) == (st.error == tw::errc::ok),
      where<B>("assign") + "got " + errc_name(st.error) + ", expected " + errc_name(want.error));
  TRACEWIRE_FUZZ_CHECK(st.skipped == want.skipped && st.dropped == want.dropped,
                       where<B>("assign") + "skipped " + std::to_string(st.skipped) + ", dropped " +
                           std::to_string(st.dropped) + "; expected " +
                           std::to_string(want.skipped) + " and " + std::to_string(want.dropped));
  check_same(b, m, "after assign", depth::reparse);

  // Repeated fields are one comma-separated list (RFC 9110 5.3).
  B one;
  const tw::baggage_status st1 = one.assign(joined);
  TRACEWIRE_FUZZ_CHECK(
      st1.error == st.error && st1.skipped == st.skipped && st1.dropped == st.dropped,
      where<B>("joined fields") + errc_name(st1.error) + " vs " + errc_name(st.error));
  check_same(one, m, "joined fields", depth::members);

  if (ops.empty()) return;
  for (std::size_t i = 0; i < ops.size() && i < max_operations; ++i) apply(b, m, ops[i]);
  check_same(b, m, "after the operations", depth::reparse);
}

/// The percent codec and the UTF-8 reader on arbitrary bytes.
void check_codec(std::string_view raw) {
  const owned_text in(raw);
  const std::string context = "percent codec: ";

  // Encoding: size query, writer, content.
  const std::string want_enc = ref::percent_encode(raw);
  const std::size_t esize = tw::detail::percent_encoded_size(in.view());
  TRACEWIRE_FUZZ_CHECK(esize == want_enc.size(), context + "percent_encoded_size " +
                                                     std::to_string(esize) + ", expected " +
                                                     std::to_string(want_enc.size()));
  canary_buffers eb(esize + 8);
  const char* const ea = tw::detail::percent_encode(in.view(), eb.a());
  const char* const eb_end = tw::detail::percent_encode(in.view(), eb.b());
  TRACEWIRE_FUZZ_CHECK(ea == eb.a() + esize && eb_end == eb.b() + esize,
                       context + "percent_encode wrote another size than its size query");
  TRACEWIRE_FUZZ_CHECK(eb.same_prefix(esize) && eb.view_a(esize) == want_enc,
                       context + "percent_encode wrote " + escaped(eb.view_a(esize)) +
                           ", expected " + escaped(want_enc));
  TRACEWIRE_FUZZ_CHECK(eb.untouched_from(esize), context + "percent_encode wrote past its size");

  // Decoding the raw bytes: the byte-by-byte reference (a '%' without two hex digits is copied).
  const std::string want_dec = ref::percent_decode(raw);
  canary_buffers db(raw.size() + 8);
  const std::size_t da = tw::detail::percent_decode(in.view(), db.a());
  const std::size_t dbn = tw::detail::percent_decode(in.view(), db.b());
  TRACEWIRE_FUZZ_CHECK(
      da == want_dec.size() && dbn == da && db.same_prefix(da) && db.view_a(da) == want_dec,
      context + "percent_decode wrote " + escaped(db.view_a(da)) + ", expected " +
          escaped(want_dec));
  TRACEWIRE_FUZZ_CHECK(db.untouched_from(da), context + "percent_decode wrote past its count");

  // Round trip: decode(encode(v)) == v for any bytes.
  const owned_text enc(want_enc);
  canary_buffers rb(enc.size() + 8);
  const std::size_t rn = tw::detail::percent_decode(enc.view(), rb.a());
  TRACEWIRE_FUZZ_CHECK(
      rn == raw.size() && rb.view_a(rn) == raw && rb.untouched_from(rn),
      context + "percent_decode(percent_encode(v)) gave " + escaped(rb.view_a(rn)));

  // UTF-8: validity, and the sink (plain runs through put_plain, other bytes through put, as
  // baggage values are fed to it) against the maximal-subpart reference.
  TRACEWIRE_FUZZ_CHECK(tw::detail::is_valid_utf8(in.view()) == ref::is_valid_utf8(raw),
                       context + "is_valid_utf8 differs from the reference");
  const std::string want_utf8 = ref::utf8_sanitize(raw);
  const auto feed = [&](tw::detail::utf8_sink& sink) {
    std::size_t i = 0;
    while (i < raw.size()) {
      std::size_t j = i;
      while (j < raw.size() && ref::is_baggage_octet(raw[j]) && raw[j] != '%') ++j;
      if (j != i) {
        sink.put_plain(in.data() + i, j - i);
        i = j;
        continue;
      }
      sink.put(static_cast<unsigned char>(raw[i]));
      ++i;
    }
    return sink.finish();
  };
  canary_buffers sb(want_utf8.size() + 8);
  tw::detail::utf8_sink sink(sb.a(), want_utf8.size());
  const std::size_t sn = feed(sink);
  TRACEWIRE_FUZZ_CHECK(
      !sink.overflow() && sn == want_utf8.size() && sb.view_a(sn) == want_utf8,
      context + "utf8_sink wrote " + escaped(sb.view_a(sn)) + ", expected " + escaped(want_utf8));
  TRACEWIRE_FUZZ_CHECK(sink.encoded_size() == ref::percent_encode(want_utf8).size(),
                       context + "utf8_sink encoded_size " + std::to_string(sink.encoded_size()));
  TRACEWIRE_FUZZ_CHECK(sb.untouched_from(sn), context + "utf8_sink wrote past its count");
  if (!want_utf8.empty()) {
    // One byte short: the sink reports the overflow and stays inside its capacity.
    canary_buffers short_buf(want_utf8.size() + 8);
    tw::detail::utf8_sink short_sink(short_buf.a(), want_utf8.size() - 1);
    const std::size_t shn = feed(short_sink);
    TRACEWIRE_FUZZ_CHECK(short_sink.overflow() && shn < want_utf8.size() &&
                             short_buf.untouched_from(want_utf8.size() - 1),
                         context + "utf8_sink one byte short: no overflow, or wrote past it");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  tracewire_fuzz::current_input() = all;
  check_codec(all);

  const field_input in(all);

  run<tw::baggage>(in.fields, in.joined.view(), in.ops);
  run<tw::baggage_legacy>(in.fields, in.joined.view(), in.ops);
  run<small_baggage>(in.fields, in.joined.view(), in.ops);
  return 0;
}
