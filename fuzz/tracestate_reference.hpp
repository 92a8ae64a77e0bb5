// SPDX-License-Identifier: Apache-2.0
//
// fuzz/tracestate_reference.hpp: a deliberately simple model of the W3C tracestate rules, for the
// fuzzer to compare tracewire::basic_tracestate with. It favours obviousness over speed: members
// are std::string pairs in a std::vector, every limit is recomputed from scratch.
//
// What it encodes (W3C Trace Context Level 2, section 3.3, and the contract at the top of
// include/tracewire/tracestate.hpp):
// - list = list-member 0*31( OWS "," OWS list-member ); a member is key "=" value, or empty/OWS
//   (allowed, not counted). Several fields combine in order, as if joined with ',' (RFC 9110 5.3).
// - key (Level 2) = ( lcalpha / DIGIT ) 0*255( keychar ), keychar = lcalpha / DIGIT / _ - * / @.
//   key (Level 1) = lcalpha 0*255( lcalpha / DIGIT / _ - * / ) or tenant "@" system, tenant =
//   ( lcalpha / DIGIT ) 0*240( ... ), system = lcalpha 0*13( ... ).
// - value = 0*255( chr ) nblk-chr; chr = 0x20-0x7E except ',' and '='; trailing spaces and tabs
//   are OWS, leading spaces belong to the value.
// - Invalid list (bad key or value, 33+ members, a duplicate key): the whole header is discarded.
//   The error reported is the first rule broken reading left to right: members in order; within a
//   member the key (its characters, then emptiness, length, structure), then the value (its
//   characters, then emptiness, length), then the member count, then duplication (a 33rd member
//   that repeats a key is reported as the 33rd).
// - Truncation to the capacity (3.3.1.5): whole members; while over, drop the right-most member
//   longer than 128 characters; then, while still over, drop the right-most member.
// - put: key and value validated (refused with no change); an existing key is removed first; then
//   while the list is full (count) drop the right-most member, or while characters are short drop
//   the right-most member over 128 characters, else the right-most; insert at the left.
#ifndef TRACEWIRE_FUZZ_TRACESTATE_REFERENCE_HPP
#define TRACEWIRE_FUZZ_TRACESTATE_REFERENCE_HPP

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "tracewire/error.hpp"
#include "tracewire/tracestate.hpp"

namespace tracewire_fuzz {
namespace reference {

using tracewire::errc;
using tracewire::tracestate_keys;

inline bool is_ows(char c) { return c == ' ' || c == '\t'; }
inline bool is_lcalpha(char c) { return c >= 'a' && c <= 'z'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_keychar(char c) {
  return is_lcalpha(c) || is_digit(c) || c == '_' || c == '-' || c == '*' || c == '/' || c == '@';
}
inline bool is_chr(char c) { return c >= 0x20 && c <= 0x7E && c != ',' && c != '='; }

/// Every rule of the key grammar that `k` breaks, as a bit set over errc values.
using rule_set = unsigned long long;
inline rule_set bit(errc e) { return rule_set{1} << static_cast<unsigned>(e); }
inline bool has(rule_set s, errc e) { return (s & bit(e)) != 0; }

inline rule_set key_rules_broken(std::string_view k, tracestate_keys keys) {
  rule_set s = 0;
  for (const char c : k) {
    if (!is_keychar(c)) s |= bit(errc::tracestate_key_invalid_char);
  }
  if (k.empty()) return s | bit(errc::tracestate_key_empty);
  if (k.size() > 256) s |= bit(errc::tracestate_key_too_long);
  if (keys == tracestate_keys::level2) {
    if (!is_lcalpha(k[0]) && !is_digit(k[0])) s |= bit(errc::tracestate_key_bad_first_char);
    return s;
  }
  const std::size_t at = k.find('@');
  if (at == std::string_view::npos) {
    if (!is_lcalpha(k[0])) s |= bit(errc::tracestate_key_bad_first_char);
    return s;
  }
  const std::string_view tenant = k.substr(0, at);
  const std::string_view system = k.substr(at + 1);
  if (tenant.empty() || tenant.size() > 241 || !(is_lcalpha(tenant[0]) || is_digit(tenant[0]))) {
    s |= bit(errc::tracestate_key_bad_tenant);
  }
  if (system.empty() || system.size() > 14 || !is_lcalpha(system[0]) ||
      system.find('@') != std::string_view::npos) {
    s |= bit(errc::tracestate_key_bad_system);
  }
  return s;
}

/// The one error a parser reports for a key: characters first, then the structure in the order
/// empty, too long, first character / tenant / system.
inline errc first_key_error(std::string_view k, tracestate_keys keys) {
  const rule_set s = key_rules_broken(k, keys);
  for (const errc e : {errc::tracestate_key_invalid_char, errc::tracestate_key_empty,
                       errc::tracestate_key_too_long, errc::tracestate_key_bad_first_char,
                       errc::tracestate_key_bad_tenant, errc::tracestate_key_bad_system}) {
    if (has(s, e)) return e;
  }
  return errc::ok;
}

/// Every rule a value given to put() breaks.
inline rule_set value_rules_broken(std::string_view v) {
  rule_set s = 0;
  if (v.empty()) s |= bit(errc::tracestate_value_empty);
  if (v.size() > 256) s |= bit(errc::tracestate_value_too_long);
  for (const char c : v) {
    if (!is_chr(c)) s |= bit(errc::tracestate_value_invalid_char);
  }
  // value ends with nblk-chr: a trailing space would be read back as OWS and lost.
  if (!v.empty() && v.back() == ' ') s |= bit(errc::tracestate_value_trailing_space);
  return s;
}

struct member {
  std::string key;
  std::string value;
  std::size_t length() const { return key.size() + 1 + value.size(); }
};

struct status {
  errc error = errc::ok;
  std::size_t dropped = 0;
};

/// A tracestate as a plain list of members with the capacity of the type it models.
class model {
 public:
  model(std::size_t max_members, std::size_t max_chars, tracestate_keys keys)
      : max_members_(max_members), max_chars_(max_chars), keys_(keys) {}

  const std::vector<member>& members() const { return members_; }

  /// `k1=v1,k2=v2`: what format() must write.
  std::string formatted() const { return join(members_); }

  const member* find(std::string_view key) const {
    for (const member& m : members_) {
      if (m.key == key) return &m;
    }
    return nullptr;
  }

  /// Replaces the content with the members of the fields, combined in order.
  status assign(const std::vector<std::string_view>& fields) {
    members_.clear();
    std::vector<member> all;
    for (const std::string_view field : fields) {
      for (const std::string_view piece : split(field, ',')) {
        const std::string_view m = trim_ows(piece);
        if (m.empty()) continue;  // empty and whitespace-only members are allowed
        const std::size_t eq = m.find('=');
        if (eq == std::string_view::npos) {
          // No '=': a member that is only key characters lacks its '='; anything else is a key
          // with a character no key may hold.
          for (const char c : m) {
            if (!is_keychar(c)) return {errc::tracestate_key_invalid_char, 0};
          }
          return {errc::tracestate_missing_equals, 0};
        }
        const std::string_view key = m.substr(0, eq);
        const std::string_view value = m.substr(eq + 1);  // trailing OWS already trimmed
        if (const errc e = first_key_error(key, keys_); e != errc::ok) return {e, 0};
        for (const char c : value) {
          if (!is_chr(c)) return {errc::tracestate_value_invalid_char, 0};
        }
        if (value.empty()) return {errc::tracestate_value_empty, 0};
        if (value.size() > 256) return {errc::tracestate_value_too_long, 0};
        if (all.size() == 32) return {errc::tracestate_too_many_members, 0};
        for (const member& seen : all) {
          if (seen.key == key) return {errc::tracestate_duplicate_key, 0};
        }
        all.push_back(member{std::string(key), std::string(value)});
      }
    }
    // Truncation (3.3.1.5): whole members, those over 128 characters first, then from the right.
    std::vector<bool> keep(all.size(), true);
    for (std::size_t i = all.size(); i > 0 && over(all, keep); --i) {
      if (all[i - 1].length() > 128) keep[i - 1] = false;
    }
    for (std::size_t i = all.size(); i > 0 && over(all, keep); --i) keep[i - 1] = false;
    std::size_t dropped = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (keep[i]) {
        members_.push_back(all[i]);
      } else {
        ++dropped;
      }
    }
    return {errc::ok, dropped};
  }

  /// Every rule put(key, value) breaks; empty when put must succeed.
  rule_set put_rules_broken(std::string_view key, std::string_view value) const {
    rule_set s = key_rules_broken(key, keys_) | value_rules_broken(value);
    if (key.size() + 1 + value.size() > max_chars_) s |= bit(errc::tracestate_member_too_large);
    return s;
  }

  /// put() of a valid key and value (the caller checked put_rules_broken); returns the number of
  /// members evicted.
  std::size_t put(std::string_view key, std::string_view value) {
    erase(key);  // an update moves the key to the left: remove, then insert at the left
    const member fresh{std::string(key), std::string(value)};
    std::size_t dropped = 0;
    while (!members_.empty() &&
           (members_.size() == max_members_ || chars(members_) + 1 + fresh.length() > max_chars_)) {
      std::size_t victim = members_.size() - 1;
      if (members_.size() < max_members_) {  // characters are short: over-128 members first
        for (std::size_t i = members_.size(); i > 0; --i) {
          if (members_[i - 1].length() > 128) {
            victim = i - 1;
            break;
          }
        }
      }
      members_.erase(members_.begin() + static_cast<std::ptrdiff_t>(victim));
      ++dropped;
    }
    members_.insert(members_.begin(), fresh);
    return dropped;
  }

  bool erase(std::string_view key) {
    for (std::size_t i = 0; i < members_.size(); ++i) {
      if (members_[i].key == key) {
        members_.erase(members_.begin() + static_cast<std::ptrdiff_t>(i));
        return true;
      }
    }
    return false;
  }

 private:
  static std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
    return s;
  }

  static std::string join(const std::vector<member>& ms) {
    std::string out;
    for (const member& m : ms) {
      if (!out.empty()) out += ',';
      out += m.key;
      out += '=';
      out += m.value;
    }
    return out;
  }

  /// Characters of the formatted list: the members and one ',' between each two.
  static std::size_t chars(const std::vector<member>& ms) {
    std::size_t n = 0;
    for (const member& m : ms) n += m.length();
    return ms.empty() ? 0 : n + ms.size() - 1;
  }

  /// Whether the members marked `keep` exceed the capacity.
  bool over(const std::vector<member>& all, const std::vector<bool>& keep) const {
    std::size_t count = 0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (!keep[i]) continue;
      ++count;
      n += all[i].length();
    }
    const std::size_t total = count == 0 ? 0 : n + count - 1;
    return count > max_members_ || total > max_chars_;
  }

  std::size_t max_members_;
  std::size_t max_chars_;
  tracestate_keys keys_;
  std::vector<member> members_;
};

}  // namespace reference
}  // namespace tracewire_fuzz

#endif  // TRACEWIRE_FUZZ_TRACESTATE_REFERENCE_HPP
