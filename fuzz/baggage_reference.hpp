// SPDX-License-Identifier: Apache-2.0
//
// fuzz/baggage_reference.hpp: a deliberately simple model of W3C Baggage, for the fuzzer to
// compare tracewire::basic_baggage and the percent codec in tracewire/detail/percent.hpp with.
// It favours obviousness over speed: members are std::string and std::vector, values are decoded
// in two separate passes (percent, then UTF-8), and every size is recomputed from the formatted
// text.
//
// What it encodes (W3C Baggage, "Definition" and "Limits"; RFC 7230 3.2.3, 3.2.6; RFC 3986 2.1;
// Unicode 15, 3.9; and the contract at the top of include/tracewire/baggage.hpp):
// - baggage-string = list-member *( OWS "," OWS list-member ); several fields combine in order, as
//   if joined with ',' (RFC 9110 5.3). A member that is empty or only OWS is ignored.
// - list-member = key OWS "=" OWS value *( OWS ";" OWS property ), property = key OWS "=" OWS
//   value / key; OWS = *( SP / HTAB ); key = token (tchar = "!#$%&'*+-.^_`|~" / DIGIT / ALPHA);
//   value = *baggage-octet, baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E, where
//   '%' must start a %XX escape (hex digits of either case).
// - Decoding: %XX becomes the byte, everything else stays ('+' is a plus); the bytes are then read
//   as UTF-8 with U+FFFD for every maximal invalid subpart (Unicode 3.9, Table 3-7) and for a
//   sequence cut short by the end. Keys are kept exactly as received.
// - An invalid member is skipped, alone, and counted; the error reported is the first rule broken
//   reading left to right (the table in parse_member below).
// - Limits, applied greedily to the valid members in order: a member is kept when, with it, the
//   baggage still has at most max_members members, at most max_properties properties in total,
//   (legacy limits only) a canonical member form of at most 4096 bytes, and a canonical form of
//   the whole baggage (commas included) of at most max_bytes bytes; otherwise it is dropped whole,
//   counted, and later members that fit are still kept. When several limits are broken at once
//   the first of that list is named.
// - Canonical form (format()): `key=value;pkey=pvalue;pkey,...`, no OWS, every byte outside
//   baggage-octet and '%' itself written as %XX with uppercase hex.
// - get/find: the LAST member with the key. set: replaces every member with the key by one new
//   member at the end; refused, with nothing changed, for an empty or non-token key or property
//   key, a value or property value that is not valid UTF-8, or a member that does not fit.
#ifndef TRACEWIRE_FUZZ_BAGGAGE_REFERENCE_HPP
#define TRACEWIRE_FUZZ_BAGGAGE_REFERENCE_HPP

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_support.hpp"
#include "tracewire/error.hpp"

namespace tracewire_fuzz {
namespace baggage_reference {

using tracewire::errc;

// --- character classes, written out from the grammars ------------------------------------------

inline bool is_ows(char c) { return c == ' ' || c == '\t'; }

inline bool tchar_rule(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if (c >= 'a' && c <= 'z') return true;
  if (c >= 'A' && c <= 'Z') return true;
  return c != 0 &&
         std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

inline bool baggage_octet_rule(unsigned char u) {
  return u == 0x21 || (u >= 0x23 && u <= 0x2B) || (u >= 0x2D && u <= 0x3A) ||
         (u >= 0x3C && u <= 0x5B) || (u >= 0x5D && u <= 0x7E);
}

/// The rules above tabulated once: the fuzzer's coverage instrumentation traces every comparison,
/// and these run for every byte of every input several times.
struct class_table {
  bool tchar[256];
  bool octet[256];
  class_table() : tchar(), octet() {
    for (unsigned c = 0; c < 256; ++c) {
      tchar[c] = tchar_rule(static_cast<unsigned char>(c));
      octet[c] = baggage_octet_rule(static_cast<unsigned char>(c));
    }
  }
};

inline const class_table& classes() {
  static const class_table t;
  return t;
}

inline bool is_tchar(char c) { return classes().tchar[static_cast<unsigned char>(c)]; }
inline bool is_baggage_octet(char c) { return classes().octet[static_cast<unsigned char>(c)]; }

inline int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

inline bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!is_tchar(c)) return false;
  }
  return true;
}

// --- codecs --------------------------------------------------------------------------------------

/// RFC 3986 2.1 restricted to baggage-octet: every other byte, and '%', as %XX (uppercase hex).
inline std::string percent_encode(std::string_view s) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && is_baggage_octet(s[j]) && s[j] != '%') ++j;
    out.append(s.substr(i, j - i));
    if (j == s.size()) break;
    const auto u = static_cast<unsigned char>(s[j]);
    const char escape[3] = {'%', digits[u >> 4], digits[u & 0x0F]};
    out.append(escape, 3);
    i = j + 1;
  }
  return out;
}

/// Byte by byte: '%' with two hex digits after it is one byte; anything else is copied.
inline std::string percent_decode(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 3;
    } else {
      out += s[i];
      ++i;
    }
  }
  return out;
}

/// Bytes read as UTF-8: well-formed sequences (Unicode 3.9, Table 3-7) are kept, each maximal
/// subpart of an ill-formed one becomes U+FFFD. `replaced` counts the substitutions.
inline std::string utf8_sanitize(std::string_view s, std::size_t* replaced = nullptr) {
  std::size_t bad = 0;
  const std::string_view replacement("\xEF\xBF\xBD");
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      std::size_t j = i + 1;
      while (j < s.size() && static_cast<unsigned char>(s[j]) < 0x80) ++j;
      out.append(s.substr(i, j - i));
      i = j;
      continue;
    }
    // Length of the sequence b starts, and the range its second byte must be in.
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0) lo = 0xA0;  // no overlong forms
      if (b == 0xED) hi = 0x9F;  // no surrogates
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0) lo = 0x90;  // no overlong forms
      if (b == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    } else {
      out += replacement;  // 0x80-0xC1, 0xF5-0xFF never start a sequence
      ++bad;
      ++i;
      continue;
    }
    std::size_t k = 1;
    while (k < len && i + k < s.size()) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      const unsigned l = k == 1 ? lo : 0x80u, h = k == 1 ? hi : 0xBFu;
      if (c < l || c > h) break;
      ++k;
    }
    if (k == len) {
      out += s.substr(i, len);
    } else {
      out += replacement;  // the maximal subpart s[i, i + k)
      ++bad;
    }
    i += k;
  }
  if (replaced != nullptr) *replaced = bad;
  return out;
}

inline bool is_valid_utf8(std::string_view s) {
  std::size_t bad = 0;
  utf8_sanitize(s, &bad);
  return bad == 0;
}

// --- the model -----------------------------------------------------------------------------------

struct property {
  std::string key;
  std::string value;
  bool has_value = false;
};

struct member {
  std::string key;
  std::string value;
  std::vector<property> properties;
};

/// The canonical form of one member.
inline std::string formatted(const member& m) {
  std::string out = m.key + "=" + percent_encode(m.value);
  for (const property& p : m.properties) {
    out += ';';
    out += p.key;
    if (p.has_value) out += "=" + percent_encode(p.value);
  }
  return out;
}

struct limits {
  std::size_t max_members;
  std::size_t max_bytes;
  std::size_t max_properties;
  bool legacy;  ///< adds the 4096-byte limit per member
};

inline constexpr std::size_t legacy_max_member_bytes = 4096;

struct status {
  errc error = errc::ok;
  std::size_t skipped = 0;
  std::size_t dropped = 0;
};

/// Outcome of reading one member: ignored (empty), invalid (error set), or a member.
struct parsed {
  bool empty = false;
  errc error = errc::ok;
  member value;
};

/// Reads a value (or property value) starting at s[i]: baggage-octets, '%' only as %XX. On return
/// i is just past it; the text is decoded into `out`. Returns the rule broken, if any.
inline errc read_value(std::string_view s, std::size_t& i, std::string& out) {
  const std::size_t start = i;
  while (i < s.size() && is_baggage_octet(s[i])) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || hex_digit(s[i + 1]) < 0 || hex_digit(s[i + 2]) < 0) {
        return errc::baggage_bad_percent_escape;
      }
      i += 3;
    } else {
      ++i;
    }
  }
  // A character that touches the value and cannot end it belongs to the value.
  if (i < s.size() && !is_ows(s[i]) && s[i] != ';') return errc::baggage_value_invalid_char;
  out = utf8_sanitize(percent_decode(s.substr(start, i - start)));
  return errc::ok;
}

/// Reads the text between two commas. The error named, left to right:
/// - no key where a member starts: '=' -> key_empty, any other character -> key_invalid_char;
/// - after the key (and OWS): ';' or the end -> missing_equals, anything but '=' ->
///   key_invalid_char (a key holding a character no token may);
/// - in a value: '%' without two hex digits -> bad_percent_escape; a character touching the value
///   that is not OWS or ';' -> value_invalid_char;
/// - after a value or a property (and OWS): anything but ';' -> property_invalid_char;
/// - no key where a property starts: '=', ';' or the end -> key_empty, any other character ->
///   key_invalid_char.
inline parsed parse_member(std::string_view s) {
  parsed r;
  const auto skip_ows = [&](std::size_t i) {
    while (i < s.size() && is_ows(s[i])) ++i;
    return i;
  };
  const auto fail = [&](errc e) {
    r.error = e;
    return r;
  };
  std::size_t i = skip_ows(0);
  if (i == s.size()) {
    r.empty = true;
    return r;
  }
  std::size_t k = i;
  while (k < s.size() && is_tchar(s[k])) ++k;
  if (k == i) return fail(s[i] == '=' ? errc::baggage_key_empty : errc::baggage_key_invalid_char);
  r.value.key = std::string(s.substr(i, k - i));
  i = skip_ows(k);
  if (i == s.size() || s[i] == ';') return fail(errc::baggage_missing_equals);
  if (s[i] != '=') return fail(errc::baggage_key_invalid_char);
  i = skip_ows(i + 1);
  if (const errc e = read_value(s, i, r.value.value); e != errc::ok) return fail(e);
  for (;;) {
    i = skip_ows(i);
    if (i == s.size()) break;
    if (s[i] != ';') return fail(errc::baggage_property_invalid_char);
    i = skip_ows(i + 1);
    k = i;
    while (k < s.size() && is_tchar(s[k])) ++k;
    if (k == i) {
      const bool delimiter = i == s.size() || s[i] == '=' || s[i] == ';';
      return fail(delimiter ? errc::baggage_key_empty : errc::baggage_key_invalid_char);
    }
    property p;
    p.key = std::string(s.substr(i, k - i));
    i = skip_ows(k);
    if (i < s.size() && s[i] == '=') {
      p.has_value = true;
      i = skip_ows(i + 1);
      if (const errc e = read_value(s, i, p.value); e != errc::ok) return fail(e);
    }
    r.value.properties.push_back(p);
  }
  return r;
}

/// Every rule of the grammar and of set() that a key breaks.
using rule_set = unsigned long long;
inline rule_set bit(errc e) { return rule_set{1} << static_cast<unsigned>(e); }
inline bool has(rule_set s, errc e) { return (s & bit(e)) != 0; }

inline rule_set key_rules_broken(std::string_view k) {
  if (k.empty()) return bit(errc::baggage_key_empty);
  return is_token(k) ? 0 : bit(errc::baggage_key_invalid_char);
}

/// A baggage as a plain list of members, with the limits of the type it models. Each member's
/// canonical form is kept next to it (computed once, when the member is added).
class model {
 public:
  explicit model(limits l) : limits_(l) {}

  const std::vector<member>& members() const { return members_; }

  /// What format() must write.
  std::string formatted_text() const {
    std::string out;
    for (const std::string& c : canonical_) {
      if (!out.empty()) out += ',';
      out += c;
    }
    return out;
  }

  std::size_t property_count() const {
    std::size_t n = 0;
    for (const member& m : members_) n += m.properties.size();
    return n;
  }

  /// Index of the last member with `key`, or npos.
  std::size_t find(std::string_view key) const {
    for (std::size_t i = members_.size(); i > 0; --i) {
      if (members_[i - 1].key == key) return i - 1;
    }
    return std::string_view::npos;
  }

  /// Replaces the content with the members of the fields, combined in order.
  status assign(const std::vector<std::string_view>& fields) {
    members_.clear();
    canonical_.clear();
    status st;
    std::size_t bytes = 0;  // of the canonical form so far
    std::size_t props = 0;
    const auto note = [&st](errc e) {
      if (st.error == errc::ok) st.error = e;
    };
    for (const std::string_view field : fields) {
      for (const std::string_view piece : split(field, ',')) {
        parsed p = parse_member(piece);
        if (p.empty) continue;
        if (p.error != errc::ok) {
          ++st.skipped;
          note(p.error);
          continue;
        }
        std::string own = formatted(p.value);
        const rule_set broken = limits_broken(p.value, own.size(), members_.size(), bytes, props);
        if (broken != 0) {
          ++st.dropped;
          note(first_limit(broken));
          continue;
        }
        bytes += (members_.empty() ? 0 : 1) + own.size();
        props += p.value.properties.size();
        members_.push_back(std::move(p.value));
        canonical_.push_back(std::move(own));
      }
    }
    return st;
  }

  /// Every rule set(key, value, props) breaks: input rules first (when any is broken, only those
  /// are returned), then the limits, measured without the members the call would replace.
  rule_set set_rules_broken(const member& m) const {
    rule_set s = key_rules_broken(m.key);
    if (!is_valid_utf8(m.value)) s |= bit(errc::baggage_value_invalid_utf8);
    for (const property& p : m.properties) {
      s |= key_rules_broken(p.key);
      if (p.has_value && !is_valid_utf8(p.value)) s |= bit(errc::baggage_value_invalid_utf8);
    }
    if (s != 0) return s;
    std::size_t count = 0, bytes = 0, props = 0;
    for (std::size_t i = 0; i < members_.size(); ++i) {
      if (members_[i].key == m.key) continue;
      bytes += (count == 0 ? 0 : 1) + canonical_[i].size();
      props += members_[i].properties.size();
      ++count;
    }
    return limits_broken(m, formatted(m).size(), count, bytes, props);
  }

  /// set() of a member set_rules_broken accepts.
  void set(const member& m) {
    erase(m.key);
    members_.push_back(m);
    canonical_.push_back(formatted(m));
  }

  std::size_t erase(std::string_view key) {
    std::size_t n = 0;
    for (std::size_t i = members_.size(); i > 0; --i) {
      if (members_[i - 1].key == key) {
        members_.erase(members_.begin() + static_cast<std::ptrdiff_t>(i - 1));
        canonical_.erase(canonical_.begin() + static_cast<std::ptrdiff_t>(i - 1));
        ++n;
      }
    }
    return n;
  }

 private:
  /// The limits that appending `m` (`own` bytes in canonical form) would break, when `count`
  /// members are kept, taking `bytes` bytes in canonical form and holding `props` properties.
  rule_set limits_broken(const member& m, std::size_t own, std::size_t count, std::size_t bytes,
                         std::size_t props) const {
    rule_set s = 0;
    if (count + 1 > limits_.max_members) s |= bit(errc::baggage_too_many_members);
    if (props + m.properties.size() > limits_.max_properties) {
      s |= bit(errc::baggage_too_many_properties);
    }
    if (limits_.legacy && own > legacy_max_member_bytes) s |= bit(errc::baggage_member_too_large);
    if (bytes + (count == 0 ? 0 : 1) + own > limits_.max_bytes) s |= bit(errc::baggage_too_large);
    return s;
  }

  /// The limit named when several are broken at once.
  static errc first_limit(rule_set s) {
    for (const errc e : {errc::baggage_too_many_members, errc::baggage_too_many_properties,
                         errc::baggage_member_too_large, errc::baggage_too_large}) {
      if (has(s, e)) return e;
    }
    return errc::ok;
  }

  limits limits_;
  std::vector<member> members_;
  std::vector<std::string> canonical_;  // formatted(members_[i])
};

}  // namespace baggage_reference
}  // namespace tracewire_fuzz

#endif  // TRACEWIRE_FUZZ_BAGGAGE_REFERENCE_HPP
