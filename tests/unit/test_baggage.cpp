// SPDX-License-Identifier: Apache-2.0
//
// Run-time tests of baggage (W3C Baggage): the shared assign and set/erase tables (also checked at
// compile time); every byte value at every position of a key, a value, a property key and a
// property value (long enough to cross 16-byte blocks, each input in its own exact-size heap block
// so ASan sees any over-read); every %XX byte in a value; random headers and random set/erase
// sequences compared with a plain reference model written from the spec and the contract (OWS,
// empty and invalid members, properties, U+FFFD, the member / byte / property limits, the legacy
// limits), at three capacities; round trips; for_each_allowed; and the rest of the API.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "baggage_cases.hpp"
#include "test_util.hpp"
#include "tracewire/baggage.hpp"

namespace tw = tracewire;
using tracewire_test::bg_capacity;
using tracewire_test::errc_text;
using tracewire_test::printable;

namespace {

const char* capacity_name(bg_capacity c) {
  switch (c) {
    case bg_capacity::spec:
      return "baggage (64 members, 8192 bytes, 64 properties)";
    case bg_capacity::legacy:
      return "baggage_legacy (180 members, 4096 per member, 8192 bytes)";
    case bg_capacity::small:
      return "basic_baggage<4, 64, 3>";
  }
  return "?";
}

/// The members of `b`, one per line, values and property values decoded and shown as C literals.
template <class B>
std::string dump(const B& b) {
  std::string s;
  for (const auto m : b) {
    s += "\n      " + printable(m.key()) + " = " + printable(m.value());
    for (std::size_t j = 0; j < m.property_count(); ++j) {
      const tw::baggage_property p = m.property(j);
      s += " ; " + printable(p.key) + (p.has_value ? " = " + printable(p.value) : std::string());
    }
  }
  return s;
}

template <class B>
std::string formatted(const B& b) {
  std::string out(b.formatted_size() + 16, '\0');
  const tw::result<std::size_t> n = b.format(out.data(), out.size());
  if (!n) return "<format failed: " + errc_text(n.error()) + ">";
  out.resize(*n);
  return out;
}

template <class B>
struct describe_assign {
  static std::string run(const tracewire_test::baggage_case& c) {
    B b;
    const tw::baggage_status st = b.assign(c.fields.begin(), c.fields.end());
    return "errc " + errc_text(st.error) + ", skipped " + std::to_string(st.skipped) +
           ", dropped " + std::to_string(st.dropped) + ", formatted " + printable(formatted(b)) +
           ", members:" + dump(b);
  }
};

template <class B>
struct describe_edit {
  static std::string run(const tracewire_test::baggage_edit_case& c) {
    B b;
    const tw::baggage_status init = b.assign(c.initial);
    std::string s = "initial errc " + errc_text(init.error) + ", ";
    if (c.op == tracewire_test::bg_op::set) {
      s += "set returned " +
           errc_text(b.set(c.key, c.value, c.properties.items, c.properties.count));
    } else {
      s += "erase returned " + std::to_string(b.erase(c.key));
    }
    return s + ", formatted " + printable(formatted(b)) + ", members:" + dump(b);
  }
};

template <template <class> class Describe, class Case>
std::string describe(const Case& c) {
  switch (c.capacity) {
    case bg_capacity::spec:
      return Describe<tracewire_test::baggage_for<bg_capacity::spec>>::run(c);
    case bg_capacity::legacy:
      return Describe<tracewire_test::baggage_for<bg_capacity::legacy>>::run(c);
    case bg_capacity::small:
      return Describe<tracewire_test::baggage_for<bg_capacity::small>>::run(c);
  }
  return "?";
}

/// A copy of `s` in a heap block of exactly its size: reading one byte past it is an ASan error.
class exact_copy {
 public:
  explicit exact_copy(std::string_view s)
      : p_(new char[s.size() == 0 ? 1 : s.size()]), n_(s.size()) {
    if (n_ != 0) std::memcpy(p_.get(), s.data(), n_);
  }
  std::string_view view() const { return std::string_view(p_.get(), n_); }

 private:
  std::unique_ptr<char[]> p_;
  std::size_t n_;
};

// --- the reference model -------------------------------------------------------------------

std::string utf8_replace(std::string_view bytes) {
  std::string out(3 * bytes.size(), '\0');
  out.resize(tracewire_test::reference_utf8_replace(bytes, out.data()));
  return out;
}

bool valid_utf8(std::string_view bytes) { return utf8_replace(bytes) == bytes; }

/// Canonical encoding: plain baggage-octets as they are, every other byte %XX (uppercase).
std::string encode(std::string_view bytes) {
  static const char digits[] = "0123456789ABCDEF";
  std::string s;
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (tracewire_test::is_plain_octet(c)) {
      s += ch;
    } else {
      s += '%';
      s += digits[c >> 4];
      s += digits[c & 0x0F];
    }
  }
  return s;
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!tracewire_test::is_tchar(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

struct ref_prop {
  std::string key;
  std::string value;
  bool has_value = false;
};

struct ref_member {
  std::string key;
  std::string value;  // decoded
  std::vector<ref_prop> props;

  /// Bytes in the canonical form.
  std::size_t size() const {
    std::size_t n = key.size() + 1 + encode(value).size();
    for (const ref_prop& p : props) {
      n += 1 + p.key.size() + (p.has_value ? 1 + encode(p.value).size() : 0);
    }
    return n;
  }
  std::string canonical() const {
    std::string s = key + "=" + encode(value);
    for (const ref_prop& p : props) {
      s += ";" + p.key + (p.has_value ? "=" + encode(p.value) : std::string());
    }
    return s;
  }
};

std::string canonical(const std::vector<ref_member>& ms) {
  std::string s;
  for (std::size_t i = 0; i < ms.size(); ++i) s += (i ? "," : "") + ms[i].canonical();
  return s;
}

std::size_t bytes_of(const std::vector<ref_member>& ms) { return canonical(ms).size(); }

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

int hex_value(char c) { return tracewire_test::hex_either_nibble(c); }

/// value = *baggage-octet with '%' HEXDIG HEXDIG, decoded then read as UTF-8; false if invalid.
bool ref_value(std::string_view s, std::string& out) {
  std::string bytes;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '%') {
      if (i + 2 >= s.size() || hex_value(s[i + 1]) < 0 || hex_value(s[i + 2]) < 0) return false;
      bytes += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else if (tracewire_test::is_plain_octet(c)) {
      bytes += s[i];
    } else {
      return false;
    }
  }
  out = utf8_replace(bytes);
  return true;
}

/// One list member (the text between commas): nullopt-like `false` when invalid; `empty` when
/// the member is empty (ignored).
bool ref_member_parse(std::string_view text, ref_member& m, bool& empty) {
  empty = trim(text).empty();
  if (empty) return true;
  // ';' appears in no key and no value, so it splits the member into its parts.
  std::vector<std::string_view> parts;
  std::size_t b = 0;
  for (;;) {
    const std::size_t e = text.find(';', b);
    parts.push_back(text.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  const std::size_t eq = parts[0].find('=');
  if (eq == std::string_view::npos) return false;
  m.key = std::string(trim(parts[0].substr(0, eq)));
  if (!is_token(m.key) || !ref_value(trim(parts[0].substr(eq + 1)), m.value)) return false;
  for (std::size_t k = 1; k < parts.size(); ++k) {
    ref_prop p;
    const std::size_t peq = parts[k].find('=');
    p.key = std::string(trim(parts[k].substr(0, peq)));
    if (!is_token(p.key)) return false;
    p.has_value = peq != std::string_view::npos;
    if (p.has_value && !ref_value(trim(parts[k].substr(peq + 1)), p.value)) return false;
    m.props.push_back(p);
  }
  return true;
}

struct ref_limits {
  std::size_t max_members;
  std::size_t max_bytes;
  std::size_t max_properties;
  std::size_t max_member_bytes;
};

template <class B>
ref_limits limits_of() {
  return {B::max_members, B::max_bytes, B::max_properties,
          B::limits == tw::baggage_limits::legacy ? 4096 : B::max_bytes};
}

std::size_t props_of(const std::vector<ref_member>& ms) {
  std::size_t n = 0;
  for (const ref_member& m : ms) n += m.props.size();
  return n;
}

/// Whether a member of `size` bytes and `props` properties can be appended to members that hold
/// `count` members, `bytes` bytes (canonical form) and `all_props` properties.
bool fits(std::size_t count, std::size_t bytes, std::size_t all_props, std::size_t size,
          std::size_t props, const ref_limits& lim) {
  if (count >= lim.max_members) return false;
  if (all_props + props > lim.max_properties) return false;
  if (size > lim.max_member_bytes) return false;
  return bytes + (count == 0 ? 0 : 1) + size <= lim.max_bytes;
}

bool fits(const std::vector<ref_member>& ms, const ref_member& m, const ref_limits& lim) {
  return fits(ms.size(), bytes_of(ms), props_of(ms), m.size(), m.props.size(), lim);
}

struct ref_result {
  std::vector<ref_member> members;
  std::size_t skipped = 0;
  std::size_t dropped = 0;
};

ref_result ref_parse(const std::vector<std::string>& fields, const ref_limits& lim) {
  ref_result r;
  std::size_t bytes = 0, props = 0;  // of r.members
  for (const std::string& f : fields) {
    std::size_t b = 0;
    for (;;) {
      const std::size_t e = f.find(',', b);
      const std::string_view text =
          std::string_view(f).substr(b, e == std::string::npos ? std::string::npos : e - b);
      ref_member m;
      bool empty = false;
      if (!ref_member_parse(text, m, empty)) {
        ++r.skipped;
      } else if (!empty) {
        const std::size_t size = m.size();
        if (fits(r.members.size(), bytes, props, size, m.props.size(), lim)) {
          bytes += (r.members.empty() ? 0 : 1) + size;
          props += m.props.size();
          r.members.push_back(m);
        } else {
          ++r.dropped;
        }
      }
      if (e == std::string::npos) break;
      b = e + 1;
    }
  }
  return r;
}

/// Empty when `b` holds exactly `want`, checked through every reader (check_members), else what
/// differs.
template <class B>
std::string difference(const B& b, const std::vector<ref_member>& want) {
  const std::string text = canonical(want);
  if (text.size() > B::max_bytes) return "the model exceeds the capacity (test bug)";
  const tracewire_test::bg_mismatch m = tracewire_test::check_members(b, text, true);
  if (m == tracewire_test::bg_mismatch::none) return {};
  return std::string(tracewire_test::bg_mismatch_name(m)) + "\n  expected " + printable(text) +
         "\n  actual   " + printable(formatted(b)) + ", members:" + dump(b);
}

// --- random inputs -----------------------------------------------------------------------------

class bg_generator {
 public:
  explicit bg_generator(std::uint64_t seed) : rng_(seed) {}

  std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  bool one_in(std::size_t n) { return below(n) == 0; }

  std::string key(std::size_t max_len = 12) {
    static const std::string_view tchars =
        "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    std::string k;
    const std::size_t n = 1 + below(max_len);
    while (k.size() < n) k += tchars[below(tchars.size())];
    return k;
  }

  /// Decoded bytes: mostly valid UTF-8 (ASCII, accents, CJK, emoji, the boundaries), sometimes
  /// arbitrary bytes.
  std::string bytes(std::size_t max_len) {
    std::string v;
    const std::size_t n = below(max_len + 1);
    const bool arbitrary = one_in(4);
    while (v.size() < n) {
      if (arbitrary) {
        v += static_cast<char>(below(256));
        continue;
      }
      switch (below(8)) {
        case 0:
          v += "\xC3\xA9";
          break;
        case 1:
          v += "\xE4\xB8\xAD";
          break;
        case 2:
          v += "\xF0\x9F\x98\x80";
          break;
        case 3: {
          static const char* const edges[] = {
              "\xC2\x80",         "\xDF\xBF",         "\xE0\xA0\x80", "\xEF\xBF\xBF",
              "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "\xED\x9F\xBF", "\xEE\x80\x80"};
          v += edges[below(8)];
          break;
        }
        default:
          v += static_cast<char>(below(128));
      }
    }
    return v;
  }

  /// The wire form of decoded bytes: plain octets mostly as they are, sometimes %XX (either case);
  /// every other byte as %XX.
  std::string wire(std::string_view bytes) {
    static const char upper[] = "0123456789ABCDEF";
    static const char lower[] = "0123456789abcdef";
    std::string s;
    for (const char ch : bytes) {
      const auto c = static_cast<unsigned char>(ch);
      if (tracewire_test::is_plain_octet(c) && !one_in(8)) {
        s += ch;
      } else {
        const char* d = one_in(2) ? upper : lower;
        s += '%';
        s += d[c >> 4];
        s += d[c & 0x0F];
      }
    }
    return s;
  }

  std::string ows() {
    static const char* const forms[] = {"", "", "", "", " ", "\t", "  ", " \t "};
    return forms[below(8)];
  }

  /// A member's text with random OWS wherever the grammar allows it; sometimes broken.
  std::string member_text(const ref_member& m, bool& broken) {
    std::string s = ows() + m.key + ows() + "=" + ows() + wire(m.value);
    for (const ref_prop& p : m.props) {
      s += ows() + ";" + ows() + p.key;
      if (p.has_value) s += ows() + "=" + ows() + wire(p.value);
    }
    s += ows();
    broken = one_in(10);
    if (broken) {
      // One rule broken: a byte outside baggage-octet, a bad escape, a missing '=', an empty
      // property, or a space inside a key.
      switch (below(5)) {
        case 0:
          s.insert(s.find('=') + 1, "\"");
          break;
        case 1:
          s += one_in(2) ? "%" : "%4";
          break;
        case 2:
          s = m.key;
          break;
        case 3:
          s += ";";
          break;
        default:
          s = "a b" + s;
      }
    }
    return s;
  }

  ref_member member(std::size_t max_value) {
    ref_member m;
    m.key = one_in(3) ? pool_key() : key();
    m.value = bytes(max_value);
    const std::size_t np = one_in(3) ? below(4) : 0;
    for (std::size_t j = 0; j < np; ++j) {
      ref_prop p;
      p.key = key(6);
      p.has_value = !one_in(3);
      if (p.has_value) p.value = bytes(8);
      m.props.push_back(p);
    }
    return m;
  }

  std::string pool_key() {
    static const char* const pool[] = {"a", "b", "userId", "k", "serverNode"};
    return pool[below(5)];
  }

  /// 1-6 fields holding up to `count` members (values up to `max_value` bytes), with empty members.
  std::vector<std::string> fields(std::size_t count, std::size_t max_value) {
    std::vector<std::string> fs(1);
    const std::size_t n = below(count + 1);
    for (std::size_t i = 0; i < n; ++i) {
      if (i != 0) {
        if (fs.size() < 6 && one_in(6)) {
          fs.emplace_back();
        } else {
          fs.back() += ",";
        }
      }
      while (one_in(8)) fs.back() += ows() + ",";  // empty members
      bool broken = false;
      fs.back() += member_text(member(max_value), broken);
    }
    if (one_in(4)) fs.back() += ",";
    if (one_in(6)) fs.emplace_back(ows());
    return fs;
  }

 private:
  std::mt19937_64 rng_;
};

template <class B>
void random_headers_against_reference(std::uint64_t seed, int rounds, std::size_t count,
                                      std::size_t max_value) {
  bg_generator gen(seed);
  const ref_limits lim = limits_of<B>();
  for (int round = 0; round < rounds; ++round) {
    const std::vector<std::string> fields = gen.fields(count, max_value);
    const auto context = [&] {
      std::string c = "seed " + std::to_string(seed) + " round " + std::to_string(round) + ":";
      for (const std::string& f : fields) c += "\n  field " + printable(f);
      return c;
    };
    const ref_result want = ref_parse(fields, lim);
    std::vector<exact_copy> copies;
    std::vector<std::string_view> views;
    for (const std::string& f : fields) copies.emplace_back(f);
    for (const exact_copy& c : copies) views.push_back(c.view());
    B b;
    const tw::baggage_status st = b.assign(views.begin(), views.end());
    const bool clean = want.skipped == 0 && want.dropped == 0;
    if (st.skipped != want.skipped || st.dropped != want.dropped ||
        static_cast<bool>(st) != clean || (st.error == tw::errc::ok) != clean) {
      FAIL() << context() << "\n  errc " << errc_text(st.error) << ", skipped " << st.skipped
             << ", dropped " << st.dropped << "; expected skipped " << want.skipped << ", dropped "
             << want.dropped;
    }
    if (const std::string d = difference(b, want.members); !d.empty()) {
      FAIL() << context() << "\n  " << d;
    }
  }
}

bool is_limit(tw::errc e) {
  return e == tw::errc::baggage_too_many_members || e == tw::errc::baggage_too_large ||
         e == tw::errc::baggage_member_too_large || e == tw::errc::baggage_too_many_properties;
}

template <class B>
void random_edits_against_reference(std::uint64_t seed, int steps, std::size_t max_value) {
  bg_generator gen(seed);
  const ref_limits lim = limits_of<B>();
  B b;
  std::vector<ref_member> model;
  for (int step = 0; step < steps; ++step) {
    if (step % 400 == 0) {
      // Start again from a parsed header: duplicates (which set() never makes) for erase to meet.
      const std::vector<std::string> fields = gen.fields(12, 16);
      static_cast<void>(b.assign(fields.begin(), fields.end()));
      model = ref_parse(fields, lim).members;
    }
    ref_member m = gen.member(gen.one_in(10) ? max_value : 16);
    const auto context = [&] {
      return "seed " + std::to_string(seed) + " step " + std::to_string(step) + " key " +
             printable(m.key) + " value " + printable(m.value);
    };
    if (gen.one_in(4)) {
      const std::size_t present = static_cast<std::size_t>(std::count_if(
          model.begin(), model.end(), [&](const ref_member& x) { return x.key == m.key; }));
      ASSERT_EQ(b.erase(m.key), present) << context();
      model.erase(std::remove_if(model.begin(), model.end(),
                                 [&](const ref_member& x) { return x.key == m.key; }),
                  model.end());
    } else {
      if (gen.one_in(20)) m.key = "bad key";
      std::vector<tw::baggage_property> props;
      for (const ref_prop& p : m.props) props.push_back({p.key, p.value, p.has_value});
      bool utf8_ok = valid_utf8(m.value);
      for (const ref_prop& p : m.props) utf8_ok = utf8_ok && (!p.has_value || valid_utf8(p.value));
      std::vector<ref_member> rest;
      for (const ref_member& x : model) {
        if (x.key != m.key) rest.push_back(x);
      }
      const tw::errc e = b.set(m.key, m.value, props.data(), props.size());
      if (!is_token(m.key)) {
        ASSERT_EQ(e, tw::errc::baggage_key_invalid_char) << context();
      } else if (!utf8_ok) {
        ASSERT_EQ(e, tw::errc::baggage_value_invalid_utf8) << context();
      } else if (!fits(rest, m, lim)) {
        ASSERT_TRUE(is_limit(e)) << context() << " returned " << errc_text(e);
      } else {
        ASSERT_EQ(e, tw::errc::ok) << context();
        model = rest;
        model.push_back(m);
      }
    }
    if (const std::string d = difference(b, model); !d.empty()) FAIL() << context() << "\n  " << d;
  }
}

/// assign(fields) of `B`, each field from its own heap block, agrees with the reference model:
/// the status counts and every member through every reader.
template <class B>
void expect_fields_like_reference(const std::vector<std::string>& fields) {
  const ref_result want = ref_parse(fields, limits_of<B>());
  std::vector<exact_copy> copies;
  std::vector<std::string_view> views;
  for (const std::string& f : fields) copies.emplace_back(f);
  for (const exact_copy& c : copies) views.push_back(c.view());
  B b;
  const tw::baggage_status st = b.assign(views.begin(), views.end());
  std::string context;
  for (const std::string& f : fields) context += "\n  field " + printable(f);
  const bool clean = want.skipped == 0 && want.dropped == 0;
  ASSERT_TRUE(st.skipped == want.skipped && st.dropped == want.dropped &&
              static_cast<bool>(st) == clean)
      << context << "\n  errc " << errc_text(st.error) << ", skipped " << st.skipped << ", dropped "
      << st.dropped << "; expected " << want.skipped << " and " << want.dropped;
  if (const std::string d = difference(b, want.members); !d.empty())
    FAIL() << context << "\n  " << d;
}

}  // namespace

// --- the shared case tables ----------------------------------------------------------------

TEST(baggage_cases, every_assign_case_at_run_time) {
  ASSERT_GT(tracewire_test::baggage_case_count, 180u);
  for (std::size_t i = 0; i < tracewire_test::baggage_case_count; ++i) {
    const tracewire_test::baggage_case& c = tracewire_test::baggage_cases[i];
    const tracewire_test::bg_mismatch m = tracewire_test::check_baggage_case(c, true);
    if (m == tracewire_test::bg_mismatch::none) continue;
    std::string in;
    for (const std::string_view f : c.fields) in += "\n    field " + printable(f);
    ADD_FAILURE() << "baggage case " << i << " (" << capacity_name(c.capacity) << "):" << in
                  << "\n  mismatch: " << tracewire_test::bg_mismatch_name(m)
                  << "\n  expected: errc " << errc_text(c.error) << ", skipped " << c.skipped
                  << ", dropped " << c.dropped << ", formatted " << printable(c.formatted)
                  << (c.lookup_key.empty() ? std::string()
                                           : ", get(" + printable(c.lookup_key) +
                                                 ") == " + printable(c.lookup_value))
                  << "\n  actual:   " << describe<describe_assign>(c);
  }
}

TEST(baggage_cases, every_set_and_erase_case_at_run_time) {
  ASSERT_GT(tracewire_test::baggage_edit_case_count, 80u);
  for (std::size_t i = 0; i < tracewire_test::baggage_edit_case_count; ++i) {
    const tracewire_test::baggage_edit_case& c = tracewire_test::baggage_edit_cases[i];
    const tracewire_test::bg_mismatch m = tracewire_test::check_baggage_edit_case(c, true);
    if (m == tracewire_test::bg_mismatch::none) continue;
    const bool set = c.op == tracewire_test::bg_op::set;
    std::string props;
    for (std::size_t j = 0; j < c.properties.count; ++j) {
      const tw::baggage_property& p = c.properties.items[j];
      props += " ;" + printable(p.key) + (p.has_value ? "=" + printable(p.value) : std::string());
    }
    ADD_FAILURE() << "baggage " << (set ? "set" : "erase") << " case " << i << " ("
                  << capacity_name(c.capacity) << "): initial " << printable(c.initial) << ", key "
                  << printable(c.key)
                  << (set ? ", value " + printable(c.value) + props : std::string())
                  << "\n  mismatch: " << tracewire_test::bg_mismatch_name(m) << "\n  expected: "
                  << (set ? "set returns " + errc_text(c.error)
                          : "erase returns " + std::to_string(c.erased))
                  << ", formatted " << printable(c.formatted)
                  << "\n  actual:   " << describe<describe_edit>(c);
  }
}

// --- exhaustive: every byte at every position ----------------------------------------------------

namespace {

/// Parses `field` (from its own heap block) and compares with the reference model.
void expect_like_reference(const std::string& field) {
  const ref_result want = ref_parse({field}, limits_of<tw::baggage>());
  const exact_copy copy(field);
  tw::baggage b;
  const tw::baggage_status st = b.assign(copy.view());
  ASSERT_EQ(st.skipped, want.skipped) << printable(field) << " errc " << errc_text(st.error);
  ASSERT_EQ(st.dropped, 0u) << printable(field);
  ASSERT_EQ(static_cast<bool>(st), want.skipped == 0) << printable(field);
  if (const std::string d = difference(b, want.members); !d.empty()) {
    FAIL() << printable(field) << "\n  " << d;
  }
}

// 40 tchars, none of them a hex digit (so a '%' put among them is never a valid escape).
const std::string base40 = "ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ";

}  // namespace

TEST(baggage_exhaustive, every_byte_at_every_key_position) {
  for (const bool last : {true, false}) {
    for (std::size_t pos = 0; pos < base40.size(); ++pos) {
      for (int c = 0; c < 256; ++c) {
        std::string key = base40;
        key[pos] = static_cast<char>(c);
        const std::string field = (last ? "z=1," : "") + key + "=1" + (last ? "" : ",z=1");
        expect_like_reference(field);
        if (HasFatalFailure()) return;
        // The rules by name: a tchar is part of the key; any other byte other than OWS, ',' or
        // '=' makes the member invalid.
        if (tracewire_test::is_tchar(static_cast<unsigned char>(c))) {
          tw::baggage b;
          ASSERT_TRUE(b.assign(field)) << printable(field);
          EXPECT_EQ(b.get(key), "1") << printable(field);
        } else if (c != ' ' && c != '\t' && c != ',' && c != '=') {
          tw::baggage b;
          const tw::baggage_status st = b.assign(field);
          ASSERT_EQ(st.skipped, 1u) << printable(field);
          EXPECT_TRUE(st.error == tw::errc::baggage_key_invalid_char ||
                      st.error == tw::errc::baggage_key_empty ||
                      st.error == tw::errc::baggage_missing_equals)
              << printable(field) << " " << errc_text(st.error);
          EXPECT_EQ(b.size(), 1u);
          EXPECT_EQ(b.get("z"), "1");
        }
      }
    }
  }
}

TEST(baggage_exhaustive, every_byte_at_every_value_position) {
  for (const bool last : {true, false}) {
    for (std::size_t pos = 0; pos < base40.size(); ++pos) {
      for (int c = 0; c < 256; ++c) {
        std::string value = base40;
        value[pos] = static_cast<char>(c);
        const std::string field = (last ? "z=1,k=" : "k=") + value + (last ? "" : ",z=1");
        expect_like_reference(field);
        if (HasFatalFailure()) return;
        tw::baggage b;
        const tw::baggage_status st = b.assign(field);
        if (tracewire_test::is_plain_octet(static_cast<unsigned char>(c))) {
          ASSERT_TRUE(st) << printable(field);
          EXPECT_EQ(b.get("k"), value) << printable(field);
        } else if (c == '%') {
          EXPECT_EQ(st.error, tw::errc::baggage_bad_percent_escape) << printable(field);
        } else if (c == '"' || c == '\\' || c < 0x09 || (c > 0x09 && c < 0x20) || c >= 0x7F) {
          EXPECT_EQ(st.error, tw::errc::baggage_value_invalid_char) << printable(field);
          EXPECT_EQ(b.size(), 1u);
        }
      }
    }
  }
}

TEST(baggage_exhaustive, every_byte_at_every_property_position) {
  for (const bool in_value : {false, true}) {
    for (std::size_t pos = 0; pos < base40.size(); ++pos) {
      for (int c = 0; c < 256; ++c) {
        std::string part = base40;
        part[pos] = static_cast<char>(c);
        const std::string field =
            in_value ? "k=v;p=" + part + ";q,z=1" : "k=v;" + part + "=1;q,z=1";
        expect_like_reference(field);
        if (HasFatalFailure()) return;
      }
    }
  }
}

TEST(baggage_exhaustive, every_escaped_byte_in_a_value) {
  // %XX of every byte, in both cases, alone and between ASCII: one byte decoded, U+FFFD for a byte
  // that cannot stand alone in UTF-8 (0x80-0xFF).
  static const char upper[] = "0123456789ABCDEF";
  static const char lower[] = "0123456789abcdef";
  for (int c = 0; c < 256; ++c) {
    for (const char* digits : {upper, lower}) {
      const std::string esc = std::string("%") + digits[c >> 4] + digits[c & 0x0F];
      const std::string field = "k=x" + esc + "y;p=" + esc;
      const exact_copy copy(field);
      tw::baggage b;
      ASSERT_TRUE(b.assign(copy.view())) << printable(field);
      const std::string decoded = c < 0x80 ? std::string(1, static_cast<char>(c)) : "\xEF\xBF\xBD";
      EXPECT_EQ(b.get("k"), "x" + decoded + "y") << printable(field);
      ASSERT_EQ(b[0].property_count(), 1u);
      EXPECT_EQ(b[0].property(0).value, decoded) << printable(field);
      EXPECT_EQ(formatted(b), "k=x" + encode(decoded) + "y;p=" + encode(decoded));
    }
  }
}

// --- every step of the run-time path: 16-character blocks, the end of the field, the storage ---

TEST(baggage_blocks, keys_values_and_escapes_at_every_offset) {
  // Keys and values of every length around one and two 16-character blocks, with an escape (or a
  // broken one) at the start, the middle or the end of the value; the member alone, first, last,
  // with a property, and at the end of a field longer than the 512 characters parsed from a
  // padded copy. The reference model decides.
  const std::string letters = "ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZghijklmn";
  const char* const escapes[] = {"",       "%20",       "%41", "%25", "%C3%A9", "%c3%a9",
                                 "%E2%82", "%F0%9F",    "%FF", "%2",  "%",      "%zz",
                                 "%C3%20", "%ED%A0%80", " ",   ";p",  "\x80"};
  const std::string filler = "f=" + std::string(600, 'v');
  for (std::size_t klen = 1; klen <= 34; ++klen) {
    for (std::size_t vlen = 0; vlen <= 34; ++vlen) {
      for (const char* esc : escapes) {
        for (const std::size_t at : {std::size_t{0}, vlen / 2, vlen}) {
          const std::string key = letters.substr(0, klen);
          std::string value = letters.substr(klen % 7, vlen);
          value.insert(at, esc);
          const std::string member = key + "=" + value;
          for (const std::vector<std::string>& fields :
               {std::vector<std::string>{member}, std::vector<std::string>{"a=1," + member},
                std::vector<std::string>{member + ",z=1"},
                std::vector<std::string>{"k=v;" + key + "=" + value + ";q"},
                std::vector<std::string>{filler + "," + member}}) {
            expect_fields_like_reference<tw::baggage>(fields);
            if (HasFatalFailure() || HasFailure()) return;
          }
        }
      }
    }
  }
}

TEST(baggage_blocks, storage_filling_up_inside_a_member) {
  // The small baggage (64 bytes, 3 properties): a second member whose bytes reach, meet or pass
  // the end of the storage, in every position, with escapes and properties.
  for (std::size_t first = 0; first <= 60; ++first) {
    for (std::size_t second = 0; second <= 40; ++second) {
      for (const char* tail : {"", "%20", "%C3%A9", ";p=1", ";p=%20;q", ";a;b;c;d"}) {
        const std::string field =
            "a=" + std::string(first, 'v') + ",b=" + std::string(second, 'w') + tail;
        expect_fields_like_reference<tracewire_test::baggage_for<bg_capacity::small>>({field});
        if (HasFatalFailure() || HasFailure()) return;
      }
    }
  }
  // The default baggage: members that end around the 8192-byte limit.
  for (std::size_t second = 0; second <= 40; ++second) {
    for (const char* tail : {"", "%20x", "%C3%A9", ";p=v"}) {
      const std::string field =
          "a=" + std::string(8150, 'v') + ",b=" + std::string(second, 'w') + tail + ",c=1";
      expect_fields_like_reference<tw::baggage>({field});
      if (HasFatalFailure() || HasFailure()) return;
    }
  }
}

TEST(baggage_blocks, limits_reached_by_short_members) {
  // The shortest members and properties, so that the member and property limits fall inside a
  // field of at most 512 characters (whose members are then checked one by one) or just outside
  // it (then none needs to be): every count around the limits, alone or after a first field,
  // and short members after a first field that nearly fills the byte limit.
  for (std::size_t count = 1; count <= 100; ++count) {
    std::string members, valued, props = "k=v";
    for (std::size_t k = 0; k < count; ++k) {
      members += k == 0 ? "a=" : ",a=";
      valued += k == 0 ? "ab=1" : ",ab=1";
      props += k % 2 == 0 ? ";p" : ";p=1";
    }
    for (const std::string& first : {std::string(), std::string("x=1;q")}) {
      for (const std::vector<std::string>& fields :
           {std::vector<std::string>{first, members}, std::vector<std::string>{first, valued},
            std::vector<std::string>{first, props}}) {
        expect_fields_like_reference<tw::baggage>(fields);
        expect_fields_like_reference<tw::baggage_legacy>(fields);
        expect_fields_like_reference<tracewire_test::baggage_for<bg_capacity::small>>(fields);
        if (HasFatalFailure() || HasFailure()) return;
      }
    }
  }
  for (std::size_t fill = 8100; fill <= 8190; ++fill) {
    expect_fields_like_reference<tw::baggage>(
        {"a=" + std::string(fill, 'v'), "b=1,c=2;p,d=%20,e=%41,f=x"});
    if (HasFatalFailure() || HasFailure()) return;
  }
}

TEST(baggage_blocks, rare_characters_between_common_ones) {
  // The run-time path takes [A-Za-z0-9._-] without looking and every other byte one by one:
  // each printable byte (and a few others) alone, doubled and between common ones, in every
  // part of a member, against the reference model.
  std::string bytes;
  for (int c = 0x20; c <= 0x7E; ++c) bytes += static_cast<char>(c);
  bytes += "\t\x7F\x80\xFF";
  for (const char c : bytes) {
    const std::string x(1, c);
    for (const std::string& part : {x, x + x, "a" + x + "b", "a." + x + "_-" + x + "9"}) {
      for (const std::string& field :
           {part + "=v", "k=" + part, "k=v;" + part, "k=v;p=" + part, "k=" + part + ";p=" + part,
            "a=1," + part + "=" + part + ",b=2", "k=%20" + part + "%41"}) {
        expect_fields_like_reference<tw::baggage>({field});
        if (HasFatalFailure() || HasFailure()) return;
      }
    }
  }
}

// --- the reference model on random input -------------------------------------------------------

TEST(baggage_random, headers_against_reference_model) {
  random_headers_against_reference<tw::baggage>(1, 3000, 12, 24);
  random_headers_against_reference<tw::baggage_legacy>(2, 1000, 12, 24);
  random_headers_against_reference<tracewire_test::baggage_for<bg_capacity::small>>(3, 3000, 8, 12);
}

TEST(baggage_random, headers_at_the_limits_against_reference_model) {
  // Many members: the 64 / 180 member limits and the property capacity.
  random_headers_against_reference<tw::baggage>(11, 100, 120, 40);
  random_headers_against_reference<tw::baggage_legacy>(12, 60, 240, 40);
  // Long values: the 8192-byte total and, under the legacy limits, 4096 bytes per member.
  random_headers_against_reference<tw::baggage>(13, 120, 8, 3000);
  random_headers_against_reference<tw::baggage_legacy>(14, 120, 8, 3000);
}

TEST(baggage_random, set_and_erase_against_reference_model) {
  random_edits_against_reference<tw::baggage>(21, 1200, 3000);
  random_edits_against_reference<tw::baggage_legacy>(22, 600, 3000);
  random_edits_against_reference<tracewire_test::baggage_for<bg_capacity::small>>(23, 2400, 40);
}

// --- round trips -------------------------------------------------------------------------------

TEST(baggage_round_trip, set_format_parse_gives_back_every_member) {
  bg_generator gen(31);
  for (int round = 0; round < 2000; ++round) {
    tw::baggage b;
    std::vector<ref_member> model;
    const std::size_t n = gen.below(10);
    for (std::size_t i = 0; i < n; ++i) {
      ref_member m = gen.member(30);
      m.value = utf8_replace(m.value);  // set() takes valid UTF-8
      for (ref_prop& p : m.props) p.value = p.has_value ? utf8_replace(p.value) : std::string();
      std::vector<tw::baggage_property> props;
      for (const ref_prop& p : m.props) props.push_back({p.key, p.value, p.has_value});
      ASSERT_EQ(b.set(m.key, m.value, props.data(), props.size()), tw::errc::ok);
      model.erase(std::remove_if(model.begin(), model.end(),
                                 [&](const ref_member& x) { return x.key == m.key; }),
                  model.end());
      model.push_back(m);
    }
    // check_members formats b, compares with the model's canonical text, and re-parses it.
    if (const std::string d = difference(b, model); !d.empty()) {
      FAIL() << "round " << round << ": " << d;
    }
  }
}

TEST(baggage_round_trip, format_of_parse_reparses_to_the_same_members) {
  // Arbitrary input, valid or not: whatever is kept formats into text that parses back cleanly to
  // the same members, and formats again to the same text.
  bg_generator gen(41);
  for (int round = 0; round < 3000; ++round) {
    const std::vector<std::string> fields = gen.fields(10, 20);
    tw::baggage b;
    static_cast<void>(b.assign(fields.begin(), fields.end()));
    const std::string text = formatted(b);
    tw::baggage again;
    const tw::baggage_status st = again.assign(text);
    ASSERT_TRUE(st) << printable(text) << " " << errc_text(st.error);
    ASSERT_TRUE(tracewire_test::same_members(b, again)) << printable(text);
    ASSERT_EQ(formatted(again), text);
  }
}

// --- for_each_allowed: promoting baggage to span attributes ------------------------------------

TEST(baggage_api, for_each_allowed_hands_out_only_the_allowlist) {
  tw::baggage b;
  ASSERT_TRUE(
      b.assign("enduser.id=Am%C3%A9lie,user.tier=gold,secret=hunter2,session.id=s1,"
               "user.tier=platinum;ttl=60"));
  const std::vector<std::string> allow = {"session.id", "user.tier", "absent", "enduser.id",
                                          "user.tier"};
  std::vector<std::pair<std::string, std::string>> got;
  const std::size_t n = b.for_each_allowed(allow.begin(), allow.end(),
                                           [&got](std::string_view k, std::string_view v) {
                                             got.emplace_back(std::string(k), std::string(v));
                                           });
  const std::vector<std::pair<std::string, std::string>> want = {
      {"session.id", "s1"},
      {"user.tier", "platinum"},  // the last occurrence, as get() returns
      {"enduser.id", "Am\xC3\xA9lie"},
      {"user.tier", "platinum"}};
  EXPECT_EQ(n, 4u);
  EXPECT_EQ(got, want);

  got.clear();
  EXPECT_EQ(b.for_each_allowed({"secret"},
                               [&got](std::string_view k, std::string_view v) {
                                 got.emplace_back(std::string(k), std::string(v));
                               }),
            1u);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].second, "hunter2");

  // Nothing allowed: nothing handed out, even though the baggage is full of members.
  std::size_t calls = 0;
  EXPECT_EQ(b.for_each_allowed({}, [&calls](std::string_view, std::string_view) { ++calls; }), 0u);
  EXPECT_EQ(b.for_each_allowed({"Secret", "secret ", "user"},
                               [&calls](std::string_view, std::string_view) { ++calls; }),
            0u);
  EXPECT_EQ(calls, 0u);

  tw::baggage empty;
  EXPECT_EQ(
      empty.for_each_allowed({"a"}, [&calls](std::string_view, std::string_view) { ++calls; }), 0u);
  EXPECT_EQ(calls, 0u);
}

// --- the rest of the API -----------------------------------------------------------------------

TEST(baggage_api, members_properties_and_views) {
  tw::baggage b;
  ASSERT_TRUE(
      b.assign("key1=value1;property1;property2, key2 = value2, key3=value3; "
               "propertyKey=propertyValue"));
  ASSERT_EQ(b.size(), 3u);
  EXPECT_FALSE(b.empty());
  EXPECT_EQ(b.property_count(), 3u);
  std::vector<std::string> keys;
  for (const auto m : b) keys.emplace_back(m.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"key1", "key2", "key3"}));
  EXPECT_EQ(b[0].property_count(), 2u);
  EXPECT_EQ(b[0].property(0).key, "property1");
  EXPECT_FALSE(b[0].property(0).has_value);
  EXPECT_TRUE(b[0].property(0).value.empty());
  EXPECT_EQ(b[0].property(1).key, "property2");
  EXPECT_EQ(b[1].property_count(), 0u);
  EXPECT_EQ(b[2].property(0).key, "propertyKey");
  EXPECT_TRUE(b[2].property(0).has_value);
  EXPECT_EQ(b[2].property(0).value, "propertyValue");
  EXPECT_EQ(b.find("key2"), 1u);
  EXPECT_EQ(b.find("key4"), tw::baggage::npos);
  EXPECT_TRUE(b.contains("key3"));
  EXPECT_FALSE(b.contains("KEY3"));

  // Iterators: post-increment, equality.
  auto it = b.begin();
  const auto before = it++;
  EXPECT_EQ((*before).key(), "key1");
  EXPECT_EQ((*it).key(), "key2");
  EXPECT_TRUE(before != it);
  EXPECT_TRUE(++it != b.end());
  EXPECT_TRUE(++it == b.end());
  EXPECT_EQ(std::distance(b.begin(), b.end()), 3);

  // clear() empties everything, and the baggage is reusable.
  b.clear();
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.formatted_size(), 0u);
  EXPECT_EQ(b.property_count(), 0u);
  char out[4] = {'#', '#', '#', '#'};
  const tw::result<std::size_t> n = b.format(out, 0);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0u);
  EXPECT_EQ(b.set("k", "v"), tw::errc::ok);
  EXPECT_EQ(formatted(b), "k=v");
}

TEST(baggage_api, an_empty_value_is_told_apart_from_an_absent_key) {
  tw::baggage b;
  ASSERT_TRUE(b.assign("a="));
  EXPECT_TRUE(b.contains("a"));
  EXPECT_EQ(b.find("a"), 0u);
  EXPECT_TRUE(b.get("a").empty());
  EXPECT_FALSE(b.contains("b"));
  EXPECT_TRUE(b.get("b").empty());
}

TEST(baggage_api, assign_replaces_and_copies_are_independent) {
  tw::baggage a;
  ASSERT_TRUE(a.assign("x=1;p=2,y=2"));
  tw::baggage b = a;
  ASSERT_TRUE(a.assign("z=3"));
  EXPECT_EQ(formatted(a), "z=3");
  EXPECT_EQ(formatted(b), "x=1;p=2,y=2");
  ASSERT_EQ(b.erase("x"), 1u);
  EXPECT_EQ(formatted(b), "y=2");
  EXPECT_EQ(b.property_count(), 0u);
  b = a;
  EXPECT_EQ(formatted(b), "z=3");
  // A failed assign still replaces: the old members are gone, the valid new ones kept.
  const tw::baggage_status st = b.assign("bad,ok=1");
  EXPECT_EQ(st.error, tw::errc::baggage_missing_equals);
  EXPECT_EQ(formatted(b), "ok=1");
}

TEST(baggage_api, assign_from_a_view_into_itself) {
  // A value that is itself a header, short (parsed from a padded copy) and long (in place).
  for (const std::size_t len : {std::size_t{3}, std::size_t{700}}) {
    const std::string inner = "x=" + std::string(len, 'v') + "%2Cy=a%2520b%3Bp";  // x=...,y=a%20b;p
    tw::baggage b;
    ASSERT_TRUE(b.assign("k=" + inner + ",z=1"));
    ASSERT_EQ(b.get("k"), "x=" + std::string(len, 'v') + ",y=a%20b;p");
    const tw::baggage_status st = b.assign(b.get("k"));
    ASSERT_TRUE(st) << errc_text(st.error);
    EXPECT_EQ(formatted(b), "x=" + std::string(len, 'v') + ",y=a%20b;p");
    EXPECT_EQ(b.get("y"), "a b");
  }
}

TEST(baggage_api, several_fields_from_any_range_of_strings) {
  const std::vector<std::string> fields = {"userId=alice", "", "serverNode=DF%2028",
                                           " ,isProduction=false, "};
  tw::baggage b;
  ASSERT_TRUE(b.assign(fields.begin(), fields.end()));
  EXPECT_EQ(formatted(b), "userId=alice,serverNode=DF%2028,isProduction=false");
  EXPECT_EQ(b.get("serverNode"), "DF 28");
  // An empty range gives an empty baggage.
  ASSERT_TRUE(b.assign(fields.begin(), fields.begin()));
  EXPECT_TRUE(b.empty());
}

TEST(baggage_api, set_with_an_initializer_list_of_properties) {
  tw::baggage b;
  ASSERT_EQ(b.set("k", "x y", {{"p", "", false}, {"q", "1+1=2", true}}), tw::errc::ok);
  EXPECT_EQ(formatted(b), "k=x%20y;p;q=1+1=2");
  ASSERT_EQ(b.set("k", "2", {}), tw::errc::ok);
  EXPECT_EQ(formatted(b), "k=2");
  EXPECT_EQ(b.property_count(), 0u);
}

TEST(baggage_api, format_reports_a_short_buffer_at_every_size) {
  tw::baggage b;
  ASSERT_TRUE(b.assign("userId=Am%C3%A9lie;p=%20,serverNode=DF%2028,isProduction=false"));
  const std::string want = "userId=Am%C3%A9lie;p=%20,serverNode=DF%2028,isProduction=false";
  ASSERT_EQ(b.formatted_size(), want.size());
  for (std::size_t size = 0; size < want.size(); ++size) {
    std::vector<char> out(size + 1);
    EXPECT_EQ(b.format(out.data(), size).error(), tw::errc::buffer_too_small) << size;
  }
  std::vector<char> out(want.size() + 10, '#');
  const tw::result<std::size_t> n = b.format(out.data(), out.size());
  ASSERT_TRUE(n);
  EXPECT_EQ(std::string(out.data(), *n), want);
  EXPECT_EQ(out[*n], '#');
}

TEST(baggage_api, status_counts_and_first_error) {
  // The first problem met names the status; skipped and dropped are counted apart.
  std::string many;
  for (int i = 0; i < 70; ++i) many += (i ? "," : "") + ("m" + std::to_string(i)) + "=1";
  const std::vector<std::string> fields = {"a=%G0", many, "b", "c=\"", "d=1"};
  tw::baggage b;
  const tw::baggage_status st = b.assign(fields.begin(), fields.end());
  EXPECT_FALSE(st);
  EXPECT_EQ(st.error, tw::errc::baggage_bad_percent_escape);
  EXPECT_EQ(st.skipped, 3u);
  EXPECT_EQ(st.dropped, 7u);  // m64..m69 and d
  EXPECT_EQ(b.size(), 64u);
  EXPECT_EQ(b.get("m63"), "1");
  EXPECT_FALSE(b.contains("d"));
}
