// SPDX-License-Identifier: Apache-2.0
//
// Run-time tests of tracestate (W3C Trace Context 3.3): the shared assign and put/erase tables
// (also checked at compile time), every byte value at every position of a key and of a value
// (long enough to cross the SSE2 blocks), random valid lists and random put/erase sequences
// compared with a plain reference model written from the spec (combining fields, OWS, empty
// members, truncation per 3.3.1.5, eviction), at several capacities, and the rest of the API.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "test_util.hpp"
#include "tracestate_cases.hpp"
#include "tracewire/tracestate.hpp"

namespace tw = tracewire;
using tracewire_test::errc_text;
using tracewire_test::printable;

namespace {

// --- readable descriptions of the actual outcome ---------------------------------------------

template <class TS>
struct describe_assign {
  static std::string run(const tracewire_test::tracestate_case& c) {
    TS ts;
    const tw::tracestate_status st = ts.assign(c.fields.begin(), c.fields.end());
    return "errc " + errc_text(st.error) + ", dropped " + std::to_string(st.dropped) + ", list " +
           printable(ts.view());
  }
};

template <class TS>
struct describe_edit {
  static std::string run(const tracewire_test::tracestate_edit_case& c) {
    TS ts;
    const tw::tracestate_status init = ts.assign(c.initial);
    std::string s = "initial errc " + errc_text(init.error) + ", ";
    if (c.op == tracewire_test::ts_op::put) {
      const tw::tracestate_status st = ts.put(c.key, c.value);
      s += "put errc " + errc_text(st.error) + ", dropped " + std::to_string(st.dropped);
    } else {
      s += std::string("erase returned ") + (ts.erase(c.key) ? "true" : "false");
    }
    return s + ", list " + printable(ts.view());
  }
};

template <template <class> class Describe, class Case>
std::string describe(const Case& c) {
  using tracewire_test::L1;
  using tracewire_test::L2;
  using tracewire_test::ts_capacity;
  const bool spec = c.capacity == ts_capacity::spec;
  if (c.keys == L2) {
    return spec ? Describe<tracewire_test::tracestate_for<ts_capacity::spec, L2>>::run(c)
                : Describe<tracewire_test::tracestate_for<ts_capacity::small, L2>>::run(c);
  }
  return spec ? Describe<tracewire_test::tracestate_for<ts_capacity::spec, L1>>::run(c)
              : Describe<tracewire_test::tracestate_for<ts_capacity::small, L1>>::run(c);
}

const char* level_name(tw::tracestate_keys k) {
  return k == tw::tracestate_keys::level1 ? "Level 1" : "Level 2";
}
const char* capacity_name(tracewire_test::ts_capacity c) {
  return c == tracewire_test::ts_capacity::spec ? "32 members / 512 chars" : "4 members / 64 chars";
}

// --- a reference model written from the spec -------------------------------------------------

struct member {
  std::string key;
  std::string value;
  std::size_t size() const { return key.size() + 1 + value.size(); }
};

std::string join(const std::vector<member>& ms) {
  std::string s;
  for (std::size_t i = 0; i < ms.size(); ++i) {
    if (i != 0) s += ',';
    s += ms[i].key + "=" + ms[i].value;
  }
  return s;
}

std::size_t chars_of(const std::vector<member>& ms) {
  std::size_t n = ms.empty() ? 0 : ms.size() - 1;
  for (const member& m : ms) n += m.size();
  return n;
}

/// 3.3.1.5: whole entries only; entries over 128 characters first (from the right), then from the
/// right, until the list fits.
std::vector<member> reference_truncate(const std::vector<member>& in, std::size_t max_members,
                                       std::size_t max_chars, std::size_t& dropped) {
  std::vector<bool> keep(in.size(), true);
  std::size_t kept = in.size();
  std::size_t chars = chars_of(in);
  const auto fits = [&] { return kept <= max_members && chars <= max_chars; };
  const auto drop = [&](std::size_t i) {
    keep[i] = false;
    --kept;
    chars -= in[i].size() + (kept != 0 ? 1 : 0);  // the member and one comma
  };
  for (std::size_t i = in.size(); i > 0 && !fits(); --i) {
    if (in[i - 1].size() > 128) drop(i - 1);
  }
  for (std::size_t i = in.size(); i > 0 && !fits(); --i) {
    if (keep[i - 1]) drop(i - 1);
  }
  std::vector<member> out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (keep[i]) out.push_back(in[i]);
  }
  dropped = in.size() - out.size();
  return out;
}

/// 3.5: remove the key, make room (a full list loses its right-most member; when characters are
/// short, members over 128 characters go first, right-most first), insert at the left.
bool reference_put(std::vector<member>& ms, const member& m, std::size_t max_members,
                   std::size_t max_chars, std::size_t& dropped) {
  dropped = 0;
  if (m.size() > max_chars) return false;
  ms.erase(std::remove_if(ms.begin(), ms.end(), [&](const member& x) { return x.key == m.key; }),
           ms.end());
  while (!ms.empty() && (ms.size() == max_members || chars_of(ms) + 1 + m.size() > max_chars)) {
    std::size_t victim = ms.size() - 1;
    if (ms.size() < max_members) {
      for (std::size_t i = ms.size(); i > 0; --i) {
        if (ms[i - 1].size() > 128) {
          victim = i - 1;
          break;
        }
      }
    }
    ms.erase(ms.begin() + static_cast<std::ptrdiff_t>(victim));
    ++dropped;
  }
  ms.insert(ms.begin(), m);
  return true;
}

/// Empty when `ts` holds exactly `want` (checked through every reader), else what differs.
template <class TS>
std::string difference(const TS& ts, const std::vector<member>& want) {
  const std::string text = join(want);
  if (ts.view() != text) return "list " + printable(ts.view()) + ", expected " + printable(text);
  if (ts.size() != want.size()) return "size " + std::to_string(ts.size());
  if (ts.formatted_size() != text.size())
    return "formatted_size " + std::to_string(ts.formatted_size());
  std::size_t i = 0;
  for (const auto m : ts) {
    if (m.key != want[i].key || m.value != want[i].value) return "member " + std::to_string(i);
    if (ts.get(want[i].key) != want[i].value || ts.find(want[i].key) != i) {
      return "lookup of " + printable(want[i].key);
    }
    ++i;
  }
  if (i != want.size()) return "iteration ended after " + std::to_string(i);
  return {};
}

class list_generator {
 public:
  explicit list_generator(std::uint64_t seed) : rng_(seed) {}

  std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }

  /// A Level 2 key (also valid Level 1 when level1_safe: `[a-z][a-z0-9_*/-]*`, no `@`).
  std::string key(bool level1_safe) {
    static const char first[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    static const char rest[] = "abcdefghijklmnopqrstuvwxyz0123456789_-*/@";
    const std::size_t n = pick_length(256, 12);
    std::string k;
    k += level1_safe ? first[below(26)] : first[below(36)];
    while (k.size() < n) k += rest[below(level1_safe ? 40 : 41)];
    return k;
  }

  /// A value: 1-256 chr, the last one nblk-chr.
  std::string value() {
    const std::size_t n = pick_length(256, 16);
    std::string v;
    while (v.size() < n) {
      char c;
      do {
        c = static_cast<char>(0x20 + below(0x5F));
      } while (c == ',' || c == '=');
      v += c;
    }
    while (v.back() == ' ') v.back() = static_cast<char>('a' + below(26));
    return v;
  }

  std::string ows() {
    static const char* const forms[] = {"", "", "", " ", "\t", "  ", " \t "};
    return forms[below(7)];
  }

  std::vector<member> members(std::size_t max_count, bool level1_safe) {
    std::vector<member> ms;
    const std::size_t n = below(max_count + 1);
    while (ms.size() < n) {
      member m{key(level1_safe), value()};
      const bool dup =
          std::any_of(ms.begin(), ms.end(), [&](const member& x) { return x.key == m.key; });
      if (!dup) ms.push_back(m);
    }
    return ms;
  }

  /// The members rendered as 1-6 field values, with OWS and empty members sprinkled in.
  std::vector<std::string> render(const std::vector<member>& ms) {
    std::vector<std::string> fields(1);
    for (std::size_t i = 0; i < ms.size(); ++i) {
      if (i != 0) {
        if (fields.size() < 6 && below(5) == 0) {
          fields.emplace_back();
        } else {
          fields.back() += ows() + ",";
        }
      }
      while (below(6) == 0) fields.back() += ows() + ",";  // empty members
      fields.back() += ows() + ms[i].key + "=" + ms[i].value + ows();
    }
    if (below(4) == 0) fields.back() += ",";
    if (below(4) == 0) fields.emplace_back(ows());
    return fields;
  }

 private:
  /// Mostly short, sometimes up to `max`.
  std::size_t pick_length(std::size_t max, std::size_t typical) {
    return below(8) == 0 ? 1 + below(max) : 1 + below(typical);
  }
  std::mt19937_64 rng_;
};

template <class TS>
void random_lists_against_reference(std::uint64_t seed, int rounds) {
  list_generator gen(seed);
  const bool level1 = TS::key_rules == tw::tracestate_keys::level1;
  for (int round = 0; round < rounds; ++round) {
    const std::vector<member> ms = gen.members(32, level1);
    const std::vector<std::string> fields = gen.render(ms);
    const auto context = [&] {
      std::string c =
          "seed " + std::to_string(seed) + " round " + std::to_string(round) + ", fields:";
      for (const std::string& f : fields) c += "\n  " + printable(f);
      return c;
    };
    std::size_t want_dropped = 0;
    const std::vector<member> want =
        reference_truncate(ms, TS::max_members, TS::max_chars, want_dropped);
    TS ts;
    const tw::tracestate_status st = ts.assign(fields.begin(), fields.end());
    if (st.error != tw::errc::ok || st.dropped != want_dropped) {
      FAIL() << context() << "\n  errc " << errc_text(st.error) << ", dropped " << st.dropped
             << ", expected ok, dropped " << want_dropped;
    }
    if (const std::string d = difference(ts, want); !d.empty()) FAIL() << context() << "\n  " << d;
    if (fields.size() == 1) {
      const tw::result<TS> parsed = TS::parse(fields[0]);
      if (!parsed || !(*parsed == ts)) FAIL() << context() << "\n  static parse() differs";
    }
  }
}

template <class TS>
void random_edits_against_reference(std::uint64_t seed, int steps) {
  list_generator gen(seed);
  const bool level1 = TS::key_rules == tw::tracestate_keys::level1;
  std::vector<std::string> pool;  // a small key pool, so updates and erases of present keys happen
  for (int i = 0; i < 40; ++i) pool.push_back(gen.key(level1));
  TS ts;
  std::vector<member> model;
  for (int step = 0; step < steps; ++step) {
    const std::string& key = pool[gen.below(pool.size())];
    const auto context = [&] {
      return "seed " + std::to_string(seed) + " step " + std::to_string(step) + " key " +
             printable(key);
    };
    if (gen.below(4) == 0) {
      const bool present =
          std::any_of(model.begin(), model.end(), [&](const member& m) { return m.key == key; });
      EXPECT_EQ(ts.erase(key), present) << context();
      model.erase(
          std::remove_if(model.begin(), model.end(), [&](const member& m) { return m.key == key; }),
          model.end());
    } else {
      const member m{key, gen.value()};
      std::size_t want_dropped = 0;
      const bool accepted = reference_put(model, m, TS::max_members, TS::max_chars, want_dropped);
      const tw::tracestate_status st = ts.put(m.key, m.value);
      if (accepted) {
        ASSERT_EQ(st.error, tw::errc::ok) << context() << " " << errc_text(st.error);
        EXPECT_EQ(st.dropped, want_dropped) << context();
      } else {
        ASSERT_EQ(st.error, tw::errc::tracestate_member_too_large) << context();
      }
    }
    if (const std::string d = difference(ts, model); !d.empty()) FAIL() << context() << ": " << d;
  }
}

}  // namespace

// --- the shared case tables ----------------------------------------------------------------

TEST(tracestate_cases, every_assign_case_at_run_time) {
  ASSERT_GT(tracewire_test::tracestate_case_count, 150u);
  for (std::size_t i = 0; i < tracewire_test::tracestate_case_count; ++i) {
    const tracewire_test::tracestate_case& c = tracewire_test::tracestate_cases[i];
    const tracewire_test::mismatch m = tracewire_test::check_tracestate_case(c);
    if (m == tracewire_test::mismatch::none) continue;
    std::string in;
    for (const std::string_view f : c.fields) in += "\n    field " + printable(f);
    ADD_FAILURE() << "tracestate case " << i << " (" << level_name(c.keys) << ", "
                  << capacity_name(c.capacity) << "):" << in
                  << "\n  mismatch: " << tracewire_test::mismatch_name(m) << "\n  expected: errc "
                  << errc_text(c.expected) << ", dropped " << c.dropped << ", list "
                  << printable(c.formatted) << "\n  actual:   " << describe<describe_assign>(c);
  }
}

TEST(tracestate_cases, every_put_and_erase_case_at_run_time) {
  ASSERT_GT(tracewire_test::tracestate_edit_case_count, 60u);
  for (std::size_t i = 0; i < tracewire_test::tracestate_edit_case_count; ++i) {
    const tracewire_test::tracestate_edit_case& c = tracewire_test::tracestate_edit_cases[i];
    const tracewire_test::mismatch m = tracewire_test::check_tracestate_edit_case(c);
    if (m == tracewire_test::mismatch::none) continue;
    const bool put = c.op == tracewire_test::ts_op::put;
    ADD_FAILURE() << "tracestate " << (put ? "put" : "erase") << " case " << i << " ("
                  << level_name(c.keys) << ", " << capacity_name(c.capacity) << "): initial "
                  << printable(c.initial) << ", key " << printable(c.key)
                  << (put ? ", value " + printable(c.value) : std::string())
                  << "\n  mismatch: " << tracewire_test::mismatch_name(m) << "\n  expected: "
                  << (put ? "errc " + errc_text(c.expected) + ", dropped " +
                                std::to_string(c.dropped)
                          : std::string("erase returns ") + (c.erased ? "true" : "false"))
                  << ", list " << printable(c.formatted)
                  << "\n  actual:   " << describe<describe_edit>(c);
  }
}

// --- exhaustive: every byte at every position of a key and of a value --------------------------

namespace {

bool is_nblk(int b) { return b >= 0x21 && b <= 0x7E && b != ',' && b != '='; }
bool is_key_char(int b) {
  return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '_' || b == '-' || b == '*' ||
         b == '/' || b == '@';
}

}  // namespace

TEST(tracestate_exhaustive, every_byte_at_every_value_position) {
  // A 40-character value crosses the 16-character blocks of the SSE2 scanner; it is tried as the
  // last member (the scanner's end-of-input path) and followed by another member.
  const std::string base(40, 'x');
  for (const bool last : {true, false}) {
    for (std::size_t pos = 0; pos < base.size(); ++pos) {
      for (int b = 0; b < 256; ++b) {
        std::string value = base;
        value[pos] = static_cast<char>(b);
        const std::string field = "k=" + value + (last ? "" : ",z=1");
        const bool at_end = pos + 1 == base.size();
        tw::errc want = tw::errc::tracestate_value_invalid_char;
        std::string want_value = value;
        if (is_nblk(b)) {
          want = tw::errc::ok;
        } else if (b == ' ' || (b == '\t' && at_end)) {
          // A space is a value character, except at the end where, like a tab, it is OWS.
          want = tw::errc::ok;
          if (at_end) want_value = base.substr(0, pos);
        } else if (b == ',') {
          // Splits the member: "k=" + head, then a member without "=" (or, at the end, an empty
          // member).
          if (pos == 0) {
            want = tw::errc::tracestate_value_empty;
          } else if (at_end) {
            want = tw::errc::ok;
            want_value = base.substr(0, pos);
          } else {
            want = tw::errc::tracestate_missing_equals;
          }
        }
        tw::tracestate ts;
        const tw::tracestate_status st = ts.assign(field);
        ASSERT_EQ(st.error, want) << printable(field) << " got " << errc_text(st.error);
        if (want == tw::errc::ok) {
          EXPECT_EQ(ts.get("k"), want_value) << printable(field);
          EXPECT_EQ(ts.size(), last ? 1u : 2u) << printable(field);
        } else {
          EXPECT_TRUE(ts.empty());
        }
      }
    }
  }
}

TEST(tracestate_exhaustive, every_byte_at_every_key_position) {
  const std::string base = "abcdefghijklmnopqrst";  // 20 characters
  for (std::size_t pos = 0; pos < base.size(); ++pos) {
    for (int b = 0; b < 256; ++b) {
      std::string key = base;
      key[pos] = static_cast<char>(b);
      const std::string field = key + "=1";
      const bool first = pos == 0;
      const bool ows = b == ' ' || b == '\t';
      // Level 2.
      tw::errc l2 = tw::errc::tracestate_key_invalid_char;
      std::string want_key = key;
      if (is_key_char(b)) {
        l2 = (!first || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9'))
                 ? tw::errc::ok
                 : tw::errc::tracestate_key_bad_first_char;
      } else if (first && (ows || b == ',')) {  // OWS or an empty member before the key
        l2 = tw::errc::ok;
        want_key = key.substr(1);
      } else if (first && b == '=') {
        l2 = tw::errc::tracestate_key_empty;
      } else if (b == ',') {
        l2 = tw::errc::tracestate_missing_equals;  // "abc" then "def...=1"
      } else if (b == '=') {
        l2 = tw::errc::tracestate_value_invalid_char;  // key "abc", value "def...=1"
      }
      // Level 1: a simple key starts with a-z; `tenant@system` has a system of 1-14 characters.
      tw::errc l1 = l2;
      if (l2 == tw::errc::ok && first && b >= '0' && b <= '9')
        l1 = tw::errc::tracestate_key_bad_first_char;
      if (b == '@') {
        const std::size_t system = base.size() - pos - 1;
        l1 = first ? tw::errc::tracestate_key_bad_tenant
                   : (system >= 1 && system <= 14 ? tw::errc::ok
                                                  : tw::errc::tracestate_key_bad_system);
      }
      tw::tracestate ts2;
      const tw::tracestate_status st2 = ts2.assign(field);
      ASSERT_EQ(st2.error, l2) << "Level 2 " << printable(field) << " got " << errc_text(st2.error);
      if (l2 == tw::errc::ok) {
        EXPECT_EQ(ts2.get(want_key), "1") << printable(field);
      }
      tw::tracestate_level1 ts1;
      const tw::tracestate_status st1 = ts1.assign(field);
      ASSERT_EQ(st1.error, l1) << "Level 1 " << printable(field) << " got " << errc_text(st1.error);
      // put() applies the same key grammar to the keys it accepts.
      if (is_key_char(b)) {
        tw::tracestate p2;
        EXPECT_EQ(p2.put(key, "1").error, l2) << printable(key);
        tw::tracestate_level1 p1;
        EXPECT_EQ(p1.put(key, "1").error, l1) << printable(key);
      } else {
        tw::tracestate p2;
        EXPECT_FALSE(p2.put(key, "1")) << printable(key);
        EXPECT_TRUE(p2.empty());
      }
    }
  }
}

TEST(tracestate_exhaustive, every_byte_as_a_put_value) {
  for (int b = 0; b < 256; ++b) {
    const std::string v(1, static_cast<char>(b));
    tw::tracestate ts;
    const tw::tracestate_status st = ts.put("k", v);
    EXPECT_EQ(static_cast<bool>(st), is_nblk(b)) << printable(v) << " " << errc_text(st.error);
    EXPECT_EQ(ts.size(), is_nblk(b) ? 1u : 0u);
    // In the middle of a value a space is fine; anything else must be a value character.
    const std::string mid = "a" + v + "b";
    tw::tracestate ts_mid;
    EXPECT_EQ(static_cast<bool>(ts_mid.put("k", mid)), is_nblk(b) || b == ' ') << printable(mid);
  }
}

// --- random lists and edits against the reference model -------------------------------------

TEST(tracestate_reference, random_lists_default_capacity) {
  random_lists_against_reference<tw::tracestate>(1, 1500);
}
TEST(tracestate_reference, random_lists_level1) {
  random_lists_against_reference<tw::tracestate_level1>(2, 500);
}
TEST(tracestate_reference, random_lists_small_capacities) {
  random_lists_against_reference<tw::basic_tracestate<4, 64>>(3, 800);
  random_lists_against_reference<tw::basic_tracestate<8, 128>>(4, 800);
  random_lists_against_reference<tw::basic_tracestate<1, 300>>(5, 400);
  random_lists_against_reference<tw::basic_tracestate<32, 1024>>(6, 500);
}
TEST(tracestate_reference, random_lists_never_truncated_at_full_capacity) {
  random_lists_against_reference<tw::basic_tracestate<32, 16447>>(7, 500);
}
TEST(tracestate_reference, random_puts_and_erases) {
  random_edits_against_reference<tw::tracestate>(11, 4000);
  random_edits_against_reference<tw::tracestate_level1>(12, 2000);
  random_edits_against_reference<tw::basic_tracestate<4, 64>>(13, 4000);
  random_edits_against_reference<tw::basic_tracestate<8, 300>>(14, 4000);
  random_edits_against_reference<tw::basic_tracestate<32, 16447>>(15, 2000);
}

// --- the rest of the API --------------------------------------------------------------------

TEST(tracestate, capacity_of_the_defaults) {
  EXPECT_EQ(tw::tracestate::max_members, 32u);
  EXPECT_EQ(tw::tracestate::max_chars, 512u);
  EXPECT_EQ(tw::tracestate::key_rules, tw::tracestate_keys::level2);
  EXPECT_EQ(tw::tracestate_level1::key_rules, tw::tracestate_keys::level1);
  EXPECT_EQ(tw::tracestate_level1::max_members, 32u);
  EXPECT_EQ(tw::tracestate_level1::max_chars, 512u);
  EXPECT_EQ(tw::tracestate_max_members, 32u);
  EXPECT_EQ(tw::tracestate_max_key, 256u);
  EXPECT_EQ(tw::tracestate_max_value, 256u);
  EXPECT_EQ(tw::tracestate_truncation_threshold, 128u);
}

TEST(tracestate, largest_conforming_header_fits_basic_tracestate_32_16447) {
  // 32 members, each a 256-character key and a 256-character value: 16447 characters.
  std::string header;
  std::vector<std::string> keys;
  for (int i = 0; i < 32; ++i) {
    std::string key(256, static_cast<char>('a' + i % 26));
    key[1] = static_cast<char>('0' + i / 26);
    keys.push_back(key);
    if (i != 0) header += ',';
    header += key + "=" + std::string(256, static_cast<char>('A' + i % 26));
  }
  ASSERT_EQ(header.size(), 16447u);
  tw::basic_tracestate<32, 16447> big;
  const tw::tracestate_status st = big.assign(header);
  ASSERT_TRUE(st) << errc_text(st.error);
  EXPECT_EQ(st.dropped, 0u);
  EXPECT_EQ(big.size(), 32u);
  EXPECT_EQ(big.view(), header);
  for (int i = 0; i < 32; ++i) EXPECT_EQ(big.get(keys[static_cast<std::size_t>(i)]).size(), 256u);
  // The default 512-character tracestate cannot hold any of these 513-character members: all are
  // over 128 characters, so all go (whole members only), and the list is still valid.
  tw::tracestate small;
  const tw::tracestate_status cut = small.assign(header);
  EXPECT_TRUE(cut);
  EXPECT_EQ(cut.dropped, 32u);
  EXPECT_TRUE(small.empty());
}

TEST(tracestate, readers) {
  tw::tracestate ts;
  EXPECT_TRUE(ts.empty());
  EXPECT_EQ(ts.size(), 0u);
  EXPECT_EQ(ts.formatted_size(), 0u);
  EXPECT_EQ(ts.view(), "");
  EXPECT_TRUE(ts.begin() == ts.end());
  ASSERT_TRUE(ts.assign("rojo=00f067aa0ba902b7, congo=t61rcWkgMzE,\tx=  y"));
  EXPECT_EQ(ts.size(), 3u);
  EXPECT_FALSE(ts.empty());
  EXPECT_EQ(ts.view(), "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,x=  y");
  EXPECT_EQ(ts.formatted_size(), ts.view().size());
  EXPECT_EQ(ts[0].key, "rojo");
  EXPECT_EQ(ts[0].value, "00f067aa0ba902b7");
  EXPECT_EQ(ts[1].key, "congo");
  EXPECT_EQ(ts[2].value, "  y");
  EXPECT_EQ(ts.find("rojo"), 0u);
  EXPECT_EQ(ts.find("congo"), 1u);
  EXPECT_EQ(ts.find("x"), 2u);
  EXPECT_EQ(ts.find("nope"), tw::tracestate::npos);
  EXPECT_EQ(ts.find("ROJO"), tw::tracestate::npos);
  EXPECT_EQ(ts.find("roj"), tw::tracestate::npos);
  EXPECT_EQ(ts.find(""), tw::tracestate::npos);
  EXPECT_TRUE(ts.contains("congo"));
  EXPECT_FALSE(ts.contains("cong"));
  EXPECT_EQ(ts.get("congo"), "t61rcWkgMzE");
  EXPECT_TRUE(ts.get("absent").empty());
  EXPECT_TRUE(ts.get("Bad Key!").empty());
  // Iteration: forward iterator semantics, in order.
  std::vector<std::string> seen;
  for (auto it = ts.begin(); it != ts.end(); it++) seen.push_back(std::string((*it).key));
  EXPECT_EQ(seen, (std::vector<std::string>{"rojo", "congo", "x"}));
  auto it = ts.begin();
  auto copy = it++;
  EXPECT_TRUE(copy == ts.begin());
  EXPECT_TRUE(it != ts.begin());
  EXPECT_EQ((*it).key, "congo");
  EXPECT_EQ(std::distance(ts.begin(), ts.end()), 3);
}

TEST(tracestate, format_exact_and_too_small) {
  tw::tracestate ts;
  ASSERT_TRUE(ts.assign("foo=1,bar=2"));
  char buf[32];
  for (std::size_t size = 0; size < 11; ++size) {
    std::memset(buf, '#', sizeof buf);
    EXPECT_EQ(ts.format(buf, size).error(), tw::errc::buffer_too_small) << size;
    EXPECT_EQ(std::string_view(buf, sizeof buf), std::string(sizeof buf, '#')) << size;
  }
  std::memset(buf, '#', sizeof buf);
  const tw::result<std::size_t> n = ts.format(buf, 11);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 11u);
  EXPECT_EQ(std::string_view(buf, 12), "foo=1,bar=2#");
  std::memset(buf, '#', sizeof buf);
  const tw::result<std::size_t> big = ts.format(buf, sizeof buf);
  ASSERT_TRUE(big);
  EXPECT_EQ(*big, 11u);
  EXPECT_EQ(std::string_view(buf, 12), "foo=1,bar=2#");
  // An empty list writes nothing, and fits a buffer of size 0.
  tw::tracestate empty;
  std::memset(buf, '#', sizeof buf);
  const tw::result<std::size_t> zero = empty.format(buf, 0);
  ASSERT_TRUE(zero);
  EXPECT_EQ(*zero, 0u);
  EXPECT_EQ(buf[0], '#');
}

TEST(tracestate, equality_is_same_members_same_order) {
  tw::tracestate a;
  tw::tracestate b;
  EXPECT_TRUE(a == b);
  ASSERT_TRUE(a.assign("foo=1,bar=2"));
  ASSERT_TRUE(b.assign(" foo=1 ,, bar=2 "));
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a != b);
  ASSERT_TRUE(b.assign("bar=2,foo=1"));
  EXPECT_FALSE(a == b);
  EXPECT_TRUE(a != b);
  ASSERT_TRUE(b.assign("foo=1,bar=3"));
  EXPECT_TRUE(a != b);
  ASSERT_TRUE(b.assign("foo=1"));
  EXPECT_TRUE(a != b);
  // Built by put in reverse order gives the same list.
  tw::tracestate c;
  ASSERT_TRUE(c.put("bar", "2"));
  ASSERT_TRUE(c.put("foo", "1"));
  EXPECT_TRUE(a == c);
}

TEST(tracestate, assign_replaces_and_an_invalid_list_leaves_it_empty) {
  tw::tracestate ts;
  ASSERT_TRUE(ts.assign("foo=1,bar=2"));
  ASSERT_TRUE(ts.assign("baz=3"));
  EXPECT_EQ(ts.view(), "baz=3");
  const tw::tracestate_status bad = ts.assign("baz=3,Bad=1");
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.error, tw::errc::tracestate_key_invalid_char);
  EXPECT_EQ(bad.dropped, 0u);
  EXPECT_TRUE(ts.empty());
  EXPECT_EQ(ts.view(), "");
  ASSERT_TRUE(ts.put("a", "1"));
  ts.clear();
  EXPECT_TRUE(ts.empty());
  EXPECT_EQ(ts.formatted_size(), 0u);
  // Several fields from any forward range of string-like values.
  const std::vector<std::string> fields = {"a=1", "", "b=2 , c=3"};
  ASSERT_TRUE(ts.assign(fields.begin(), fields.end()));
  EXPECT_EQ(ts.view(), "a=1,b=2,c=3");
  const char* const raw[] = {"x=1", "y=2"};
  ASSERT_TRUE(ts.assign(std::begin(raw), std::end(raw)));
  EXPECT_EQ(ts.view(), "x=1,y=2");
  ASSERT_TRUE(ts.assign(fields.begin(), fields.begin()));  // no field at all
  EXPECT_TRUE(ts.empty());
}

TEST(tracestate, static_parse) {
  const tw::result<tw::tracestate> ok =
      tw::tracestate::parse("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->size(), 2u);
  EXPECT_EQ(ok->get("congo"), "t61rcWkgMzE");
  EXPECT_EQ(tw::tracestate::parse("foo=1,foo=2").error(), tw::errc::tracestate_duplicate_key);
  EXPECT_EQ(tw::tracestate_level1::parse("foo@bar@baz=1").error(),
            tw::errc::tracestate_key_bad_system);
  // Truncation is not an error.
  const tw::result<tw::basic_tracestate<2, 64>> cut =
      tw::basic_tracestate<2, 64>::parse("a=1,b=2,c=3");
  ASSERT_TRUE(cut);
  EXPECT_EQ(cut->view(), "a=1,b=2");
}

TEST(tracestate, is_a_value_type) {
  tw::tracestate a;
  ASSERT_TRUE(a.assign("foo=1,bar=2"));
  tw::tracestate b = a;
  ASSERT_TRUE(b.put("baz", "3"));
  EXPECT_EQ(a.view(), "foo=1,bar=2");
  EXPECT_EQ(b.view(), "baz=3,foo=1,bar=2");
  a = b;
  EXPECT_TRUE(a == b);
  EXPECT_EQ(a.get("baz"), "3");
  // Views into the copy point into the copy.
  EXPECT_NE(a.view().data(), b.view().data());
}

TEST(tracestate, small_capacity_put_eviction) {
  tw::basic_tracestate<4, 64> ts;
  for (const char* k : {"a", "b", "c", "d"}) ASSERT_EQ(ts.put(k, "1").dropped, 0u);
  EXPECT_EQ(ts.view(), "d=1,c=1,b=1,a=1");
  // Full by members: the right-most member goes.
  tw::tracestate_status st = ts.put("e", "1");
  EXPECT_TRUE(st);
  EXPECT_EQ(st.dropped, 1u);
  EXPECT_EQ(ts.view(), "e=1,d=1,c=1,b=1");
  // Updating a present key on a full list evicts nothing.
  st = ts.put("b", "2");
  EXPECT_EQ(st.dropped, 0u);
  EXPECT_EQ(ts.view(), "b=2,e=1,d=1,c=1");
  // Full by members and short of characters: the right-most member for the count, then as many
  // right-most members as the characters need (none is over 128 characters).
  st = ts.put("k", std::string(55, 'v'));
  EXPECT_EQ(st.dropped, 3u);
  EXPECT_EQ(ts.view(), "k=" + std::string(55, 'v') + ",b=2");
  // A member larger than the whole capacity is refused and changes nothing.
  st = ts.put("z", std::string(63, 'v'));
  EXPECT_EQ(st.error, tw::errc::tracestate_member_too_large);
  EXPECT_EQ(ts.view(), "k=" + std::string(55, 'v') + ",b=2");
  // Exactly the capacity: everything else goes.
  st = ts.put("z", std::string(62, 'v'));
  EXPECT_TRUE(st);
  EXPECT_EQ(st.dropped, 2u);
  EXPECT_EQ(ts.size(), 1u);
  EXPECT_EQ(ts.formatted_size(), 64u);
}

TEST(tracestate, empty_members_do_not_count) {
  // shared/ANCHORS.md: Java drops such a header and C++ counts empty members toward 32.
  std::string field;
  for (int i = 0; i < 32; ++i) field += "k" + std::to_string(i) + "=v, ,\t,,";
  field += std::string(100, ',');
  tw::tracestate ts;
  const tw::tracestate_status st = ts.assign(field);
  ASSERT_TRUE(st) << errc_text(st.error);
  EXPECT_EQ(ts.size(), 32u);
  EXPECT_EQ(st.dropped, 0u);
  EXPECT_EQ(ts.assign(field + "k32=v").error, tw::errc::tracestate_too_many_members);
}
