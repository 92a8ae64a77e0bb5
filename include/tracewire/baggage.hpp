// SPDX-License-Identifier: Apache-2.0
//
// tracewire/baggage.hpp: the W3C `baggage` header, as an owning value with inline, fixed capacity.
//
// Contract
// - basic_baggage<MaxMembers, MaxBytes, MaxProperties, Limits> keeps decoded members inline.
//   Defaults: 64 members and 8192 bytes (W3C Baggage "Limits": propagate at least that much), room
//   for 64 properties in total, the W3C limits. `baggage_legacy` applies the older limits some SDKs
//   still use: 180 members, 4096 bytes per member, 8192 in total.
// - assign(field) parses one field value; assign(first, last) combines several fields in order
//   (RFC 9110 5.3), with the limits applied to the total. Members are `key=value` with optional
//   properties (`;key` or `;key=value`); OWS around every part is trimmed; empty members are
//   ignored. Keys are RFC 7230 tokens, kept exactly as received (never percent-decoded). Values and
//   property values are percent-decoded (`%XX`, either case; `+` stays `+`), then read as UTF-8
//   with every invalid sequence replaced by U+FFFD. Duplicate keys are kept, in order.
// - An invalid member is skipped, and only that member; the status counts the skipped members and
//   names the rule the first one broke. A valid member that would break a limit (members, bytes,
//   property capacity) is dropped whole and counted; later members that still fit are kept. The
//   byte limit applies to the form this baggage is sent in: format()'s canonical encoding, commas
//   included. Nothing ever drops the whole baggage, and no member is ever cut.
// - get(key) / find(key) return the LAST member with that key (later entries override earlier
//   ones, as the OpenTelemetry SDKs' baggage maps do); iteration shows every member in order.
// - set(key, value, properties) replaces every member with that key by one new member at the end;
//   it refuses, leaving everything unchanged, a key that is not a token, a value or property value
//   that is not valid UTF-8, and a member that does not fit, each with its errc.
// - format() writes `key=value;prop=value,...` with no OWS, percent-encoding exactly the bytes
//   outside baggage-octet and `%` itself (uppercase hex, RFC 3986 UTF-8); formatted_size() is the
//   size query.
// - for_each_allowed(allowlist, fn) hands fn the members named in an allowlist: the way to promote
//   baggage to span attributes without copying everything across a trust boundary.
// - All operations are constexpr, noexcept and allocation-free; parsing is linear in the input.
#ifndef TRACEWIRE_BAGGAGE_HPP
#define TRACEWIRE_BAGGAGE_HPP

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "tracewire/config.hpp"
#include "tracewire/detail/bytes.hpp"
#include "tracewire/detail/index_iterator.hpp"
#include "tracewire/detail/percent.hpp"
#include "tracewire/error.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// Which size limits a baggage enforces on top of its capacity.
enum class baggage_limits : std::uint8_t {
  w3c,     ///< W3C Baggage: 64 members, 8192 bytes in total
  legacy,  ///< the older text some SDKs use: 180 members, 4096 bytes per member, 8192 in total
};

/// Outcome of assign(): the first problem met (an invalid member skipped, or a member dropped for a
/// limit), how many members were skipped as invalid, and how many valid ones were dropped.
struct baggage_status {
  errc error = errc::ok;
  std::size_t skipped = 0;
  std::size_t dropped = 0;
  constexpr explicit operator bool() const noexcept { return error == errc::ok; }
};

/// A property of a member: `key` alone, or `key=value` (value decoded).
struct baggage_property {
  std::string_view key;
  std::string_view value;
  bool has_value = false;
};

/// Spec limits (W3C Baggage, "Limits").
inline constexpr std::size_t baggage_max_members = 64;
inline constexpr std::size_t baggage_max_bytes = 8192;
inline constexpr std::size_t baggage_legacy_max_members = 180;
inline constexpr std::size_t baggage_legacy_max_member_bytes = 4096;

template <std::size_t MaxMembers = baggage_max_members, std::size_t MaxBytes = baggage_max_bytes,
          std::size_t MaxProperties = 64, baggage_limits Limits = baggage_limits::w3c>
class basic_baggage {
  static_assert(MaxMembers >= 1 && MaxMembers <= 0xFFFF, "member indices are 16-bit");
  static_assert(MaxBytes >= 2 && MaxBytes <= 0xFFFF, "offsets into the inline storage are 16-bit");
  static_assert(MaxProperties <= 0xFFFF, "property indices are 16-bit");

 public:
  static constexpr std::size_t max_members = MaxMembers;
  static constexpr std::size_t max_bytes = MaxBytes;
  static constexpr std::size_t max_properties = MaxProperties;
  static constexpr baggage_limits limits = Limits;
  /// The most bytes one member may take when sent.
  static constexpr std::size_t max_member_bytes =
      Limits == baggage_limits::legacy && baggage_legacy_max_member_bytes < MaxBytes
          ? baggage_legacy_max_member_bytes
          : MaxBytes;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  /// A view of one member; valid until the baggage is modified.
  class member {
   public:
    constexpr std::string_view key() const noexcept { return b_->key_of(i_); }
    constexpr std::string_view value() const noexcept { return b_->value_of(i_); }
    constexpr std::size_t property_count() const noexcept { return b_->entries_[i_].prop_count; }
    constexpr baggage_property property(std::size_t j) const noexcept {
      TRACEWIRE_ASSERT(j < property_count());
      return b_->property_of(b_->entries_[i_].prop_begin + j);
    }

   private:
    friend class basic_baggage;
    constexpr member(const basic_baggage* b, std::size_t i) noexcept : b_(b), i_(i) {}
    const basic_baggage* b_;
    std::size_t i_;
  };

  using const_iterator = detail::index_iterator<basic_baggage, member>;

  constexpr basic_baggage() noexcept = default;

  // --- parsing -------------------------------------------------------------------------------

  /// Replaces the content with the members of one field value. See the contract at the top.
  constexpr baggage_status assign(std::string_view field) noexcept {
    return assign(&field, &field + 1);
  }

  /// Replaces the content with the members of several field values combined in order.
  /// [first, last) is an input range of values convertible to std::string_view.
  template <class InputIt>
  constexpr baggage_status assign(InputIt first, InputIt last) noexcept {
    clear();
    baggage_status st;
    for (InputIt it = first; it != last; ++it) {
      const std::string_view field = *it;
      const char* const p = field.data();
      const std::size_t n = field.size();
      std::size_t i = 0;
      for (;;) {
        const step st_member = add_parsed(p, n, i);
        const errc r = st_member.error;
        i = st_member.next;
        if (r != errc::ok) {
          if (is_limit(r)) {
            ++st.dropped;
          } else {
            ++st.skipped;
          }
          if (st.error == errc::ok) st.error = r;
        }
        // Past the member's ',' (an invalid member ends at the next ',': none can appear in one).
        while (i < n && p[i] != ',') ++i;
        if (i == n) break;
        ++i;
      }
    }
    return st;
  }

  // --- reading -------------------------------------------------------------------------------

  constexpr std::size_t size() const noexcept { return count_; }
  constexpr bool empty() const noexcept { return count_ == 0; }
  constexpr member operator[](std::size_t i) const noexcept {
    TRACEWIRE_ASSERT(i < count_);
    return member(this, i);
  }
  constexpr const_iterator begin() const noexcept { return const_iterator(this, 0); }
  constexpr const_iterator end() const noexcept { return const_iterator(this, count_); }
  /// Properties held by all members together.
  constexpr std::size_t property_count() const noexcept { return prop_count_; }

  /// Index of the last member with `key`, or npos.
  constexpr std::size_t find(std::string_view key) const noexcept {
    for (std::size_t i = count_; i > 0; --i) {
      if (key_of(i - 1) == key) return i - 1;
    }
    return npos;
  }
  constexpr bool contains(std::string_view key) const noexcept { return find(key) != npos; }
  /// The decoded value of the last member with `key`; an empty view when absent (an empty value is
  /// also possible: use contains() or find() to tell them apart).
  constexpr std::string_view get(std::string_view key) const noexcept {
    const std::size_t i = find(key);
    return i == npos ? std::string_view() : value_of(i);
  }

  /// Calls fn(key, value) for each key of the allowlist [first, last) that is present (with the
  /// value get() returns), in allowlist order; returns how many calls were made.
  template <class InputIt, class Fn>
  constexpr std::size_t for_each_allowed(InputIt first, InputIt last, Fn&& fn) const noexcept {
    std::size_t n = 0;
    for (InputIt it = first; it != last; ++it) {
      const std::string_view key = *it;
      const std::size_t i = find(key);
      if (i == npos) continue;
      fn(key_of(i), value_of(i));
      ++n;
    }
    return n;
  }
  template <class Fn>
  constexpr std::size_t for_each_allowed(std::initializer_list<std::string_view> allow,
                                         Fn&& fn) const noexcept {
    return for_each_allowed(allow.begin(), allow.end(), static_cast<Fn&&>(fn));
  }

  // --- writing -------------------------------------------------------------------------------

  /// Replaces every member with `key` by `key=value` with the given properties, at the end.
  /// The arguments may be views into this baggage (say `b.set(b[0].key(), "x")`): at run time such
  /// a call is applied to a copy, which then replaces this one.
  constexpr errc set(std::string_view key, std::string_view value,
                     const baggage_property* props = nullptr, std::size_t prop_n = 0) noexcept {
    if (!detail::is_constant_evaluated() && aliases(key, value, props, prop_n)) {
      basic_baggage copy = *this;  // the views keep pointing into *this, unchanged until the end
      const errc e = copy.set_unaliased(key, value, props, prop_n);
      if (e == errc::ok) *this = copy;
      return e;
    }
    return set_unaliased(key, value, props, prop_n);
  }

 private:
  bool aliases(std::string_view key, std::string_view value, const baggage_property* props,
               std::size_t prop_n) const noexcept {
    const auto lo = reinterpret_cast<std::uintptr_t>(data_);
    const auto hi = lo + MaxBytes;
    const auto in = [lo, hi](std::string_view v) {
      const auto a = reinterpret_cast<std::uintptr_t>(v.data());
      return !v.empty() && a < hi && a + v.size() > lo;
    };
    bool any = in(key) || in(value);
    for (std::size_t j = 0; j < prop_n; ++j) any = any || in(props[j].key) || in(props[j].value);
    return any;
  }

  constexpr errc set_unaliased(std::string_view key, std::string_view value,
                               const baggage_property* props, std::size_t prop_n) noexcept {
    if (key.empty()) return errc::baggage_key_empty;
    if (!detail::is_token(key)) return errc::baggage_key_invalid_char;
    if (!detail::is_valid_utf8(value)) return errc::baggage_value_invalid_utf8;
    std::size_t enc = key.size() + 1 + detail::percent_encoded_size(value);
    std::size_t data = key.size() + value.size();
    for (std::size_t j = 0; j < prop_n; ++j) {
      if (props[j].key.empty()) return errc::baggage_key_empty;
      if (!detail::is_token(props[j].key)) return errc::baggage_key_invalid_char;
      if (props[j].has_value && !detail::is_valid_utf8(props[j].value)) {
        return errc::baggage_value_invalid_utf8;
      }
      enc += 1 + props[j].key.size();
      data += props[j].key.size();
      if (props[j].has_value) {
        enc += 1 + detail::percent_encoded_size(props[j].value);
        data += props[j].value.size();
      }
    }
    // What is left once the members with this key are gone.
    std::size_t keep_count = 0, keep_enc = 0, keep_props = 0, keep_data = 0;
    for (std::size_t i = 0; i < count_; ++i) {
      if (key_of(i) == key) continue;
      ++keep_count;
      keep_enc += entries_[i].encoded;
      keep_props += entries_[i].prop_count;
      keep_data += region_size(i);
    }
    // The limits in the order assign() checks them.
    if (keep_count == MaxMembers) return errc::baggage_too_many_members;
    if (keep_props + prop_n > MaxProperties) return errc::baggage_too_many_properties;
    if (max_member_bytes < MaxBytes && enc > max_member_bytes) {
      return errc::baggage_member_too_large;
    }
    if (keep_enc + keep_count + enc > MaxBytes || keep_data + data > MaxBytes) {
      return errc::baggage_too_large;
    }
    erase(key);
    // Append the member: key, value, then each property's key and value.
    const std::size_t start = size_;
    std::size_t at = start;
    detail::copy_chars(data_ + at, key.data(), key.size());
    at += key.size();
    detail::copy_chars(data_ + at, value.data(), value.size());
    at += value.size();
    for (std::size_t j = 0; j < prop_n; ++j) {
      prop_entry& pe = props_[prop_count_ + j];
      pe.off = static_cast<std::uint16_t>(at);
      pe.key_len = static_cast<std::uint16_t>(props[j].key.size());
      pe.has_value = props[j].has_value;
      detail::copy_chars(data_ + at, props[j].key.data(), props[j].key.size());
      at += props[j].key.size();
      pe.value_len = 0;
      if (props[j].has_value) {
        pe.value_len = static_cast<std::uint16_t>(props[j].value.size());
        detail::copy_chars(data_ + at, props[j].value.data(), props[j].value.size());
        at += props[j].value.size();
      }
    }
    commit(start, key.size(), value.size(), prop_n, enc, at);
    return errc::ok;
  }

 public:
  constexpr errc set(std::string_view key, std::string_view value,
                     std::initializer_list<baggage_property> props) noexcept {
    return set(key, value, props.begin(), props.size());
  }

  /// Removes every member with `key`; returns how many were removed.
  constexpr std::size_t erase(std::string_view key) noexcept {
    std::size_t n = 0;
    for (std::size_t i = count_; i > 0; --i) {
      if (key_of(i - 1) == key) {
        remove_at(i - 1);
        ++n;
      }
    }
    return n;
  }

  constexpr void clear() noexcept {
    count_ = 0;
    size_ = 0;
    prop_count_ = 0;
    encoded_ = 0;
  }

  // --- formatting ----------------------------------------------------------------------------

  /// Size query: the characters format() writes (never more than MaxBytes).
  constexpr std::size_t formatted_size() const noexcept { return encoded_; }

  /// Writes the header into out[0, size); returns the characters written.
  constexpr result<std::size_t> format(char* out, std::size_t size) const noexcept {
    if (size < encoded_) return errc::buffer_too_small;
    char* o = out;
    for (std::size_t i = 0; i < count_; ++i) {
      if (i != 0) *o++ = ',';
      const std::string_view k = key_of(i);
      detail::copy_chars(o, k.data(), k.size());
      o += k.size();
      *o++ = '=';
      o = detail::percent_encode(value_of(i), o);
      for (std::size_t j = 0; j < entries_[i].prop_count; ++j) {
        const baggage_property p = property_of(entries_[i].prop_begin + j);
        *o++ = ';';
        detail::copy_chars(o, p.key.data(), p.key.size());
        o += p.key.size();
        if (p.has_value) {
          *o++ = '=';
          o = detail::percent_encode(p.value, o);
        }
      }
    }
    return static_cast<std::size_t>(o - out);
  }

 private:
  struct entry {
    std::uint16_t off;  // key at data_[off]; then the value; then the properties' bytes
    std::uint16_t key_len;
    std::uint16_t value_len;
    std::uint16_t prop_begin;  // index into props_
    std::uint16_t prop_count;
    std::uint16_t encoded;  // characters this member takes in format()
  };
  struct prop_entry {
    std::uint16_t off;  // key at data_[off], value right after it
    std::uint16_t key_len;
    std::uint16_t value_len;
    bool has_value;
  };

  static constexpr bool is_limit(errc e) noexcept {
    return e == errc::baggage_too_many_members || e == errc::baggage_too_large ||
           e == errc::baggage_member_too_large || e == errc::baggage_too_many_properties;
  }

  constexpr std::string_view key_of(std::size_t i) const noexcept {
    return std::string_view(data_ + entries_[i].off, entries_[i].key_len);
  }
  constexpr std::string_view value_of(std::size_t i) const noexcept {
    return std::string_view(data_ + entries_[i].off + entries_[i].key_len, entries_[i].value_len);
  }
  constexpr baggage_property property_of(std::size_t k) const noexcept {
    const prop_entry& p = props_[k];
    return baggage_property{std::string_view(data_ + p.off, p.key_len),
                            std::string_view(data_ + p.off + p.key_len, p.value_len), p.has_value};
  }
  /// Bytes of data_ that member i occupies.
  constexpr std::size_t region_size(std::size_t i) const noexcept {
    const std::size_t end = i + 1 < count_ ? entries_[i + 1].off : size_;
    return end - entries_[i].off;
  }

  /// Records the member whose bytes were just written to data_[start, data_end): its key and value
  /// lengths, its `props` properties (already in props_ from prop_count_ on) and its sent size.
  constexpr void commit(std::size_t start, std::size_t klen, std::size_t vlen, std::size_t props,
                        std::size_t enc, std::size_t data_end) noexcept {
    entry& en = entries_[count_];
    en.off = static_cast<std::uint16_t>(start);
    en.key_len = static_cast<std::uint16_t>(klen);
    en.value_len = static_cast<std::uint16_t>(vlen);
    en.prop_begin = prop_count_;
    en.prop_count = static_cast<std::uint16_t>(props);
    en.encoded = static_cast<std::uint16_t>(enc);
    encoded_ = static_cast<std::uint16_t>(encoded_ + (count_ != 0 ? 1u : 0u) + enc);
    ++count_;
    size_ = static_cast<std::uint16_t>(data_end);
    prop_count_ = static_cast<std::uint16_t>(prop_count_ + props);
  }

  constexpr void remove_at(std::size_t i) noexcept {
    const entry gone = entries_[i];
    const std::size_t len = region_size(i);
    detail::move_bytes(data_ + gone.off, data_ + gone.off + len,
                       std::size_t{size_} - gone.off - len);
    detail::move_bytes(props_ + gone.prop_begin, props_ + gone.prop_begin + gone.prop_count,
                       std::size_t{prop_count_} - gone.prop_begin - gone.prop_count);
    for (std::size_t k = gone.prop_begin; k + gone.prop_count < prop_count_; ++k) {
      props_[k].off = static_cast<std::uint16_t>(props_[k].off - len);
    }
    for (std::size_t j = i + 1; j < count_; ++j) {
      entries_[j - 1] = entries_[j];
      entries_[j - 1].off = static_cast<std::uint16_t>(entries_[j - 1].off - len);
      entries_[j - 1].prop_begin =
          static_cast<std::uint16_t>(entries_[j - 1].prop_begin - gone.prop_count);
    }
    --count_;
    size_ = static_cast<std::uint16_t>(size_ - len);
    prop_count_ = static_cast<std::uint16_t>(prop_count_ - gone.prop_count);
    encoded_ = static_cast<std::uint16_t>(count_ == 0 ? 0 : encoded_ - gone.encoded - 1u);
  }

  /// Decodes the value starting at p[i] (up to n) into data_[at, ...): runs of plain octets are
  /// copied, %XX escapes decoded, the whole read as UTF-8 (invalid sequences become U+FFFD).
  /// Returns the error, and sets i to the first character after the value, out_len and enc_len.
  TRACEWIRE_FORCE_INLINE constexpr errc decode_value(const char* p, std::size_t& i, std::size_t n,
                                                     std::size_t at, std::size_t& out_len,
                                                     std::size_t& enc_len,
                                                     bool& overflow) noexcept {
    // Fast path: a value with no escape is one run of plain octets, copied as is.
    const std::size_t run = detail::skip_plain_octets(p, i, n) - i;
    if (TRACEWIRE_LIKELY(run == n - i || p[i + run] != '%')) {
      if (!overflow && at <= MaxBytes && run <= MaxBytes - at) {
        detail::copy_chars(data_ + at, p + i, run);
      } else {
        overflow = true;
      }
      i += run;
      out_len = run;
      enc_len = run;
      return errc::ok;
    }
    return decode_escaped(p, i, n, at, out_len, enc_len, overflow);
  }

  /// decode_value() for a value with %XX escapes: decoded and read as UTF-8.
  constexpr errc decode_escaped(const char* p, std::size_t& i, std::size_t n, std::size_t at,
                                std::size_t& out_len, std::size_t& enc_len,
                                bool& overflow) noexcept {
    // Past the storage (a member that will be dropped) the value is still validated.
    const bool room = !overflow && at <= MaxBytes;
    detail::utf8_sink sink(data_ + (room ? at : 0), room ? MaxBytes - at : 0);
    while (i < n) {
      const std::size_t j = detail::skip_plain_octets(p, i, n);
      sink.put_plain(p + i, j - i);
      i = j;
      if (i == n || p[i] != '%') break;
      if (i + 2 >= n) return errc::baggage_bad_percent_escape;
      const unsigned hi = detail::hex_either(p[i + 1]), lo = detail::hex_either(p[i + 2]);
      if (hi > 15 || lo > 15) return errc::baggage_bad_percent_escape;
      sink.put(static_cast<unsigned char>((hi << 4) | lo));
      i += 3;
    }
    out_len = sink.finish();
    enc_len = sink.encoded_size();
    overflow = overflow || sink.overflow();
    return errc::ok;
  }

  /// What add_parsed() found, and where it stopped (inside the member, or on the ',' ending it).
  /// The cursor is passed by value and returned, so it stays in a register while parsing.
  struct step {
    errc error;
    std::size_t next;
  };

  /// Parses the list member starting at p[i] (it ends at the next ',' or at n) and, when valid and
  /// within the limits, appends it. The error is ok (also for an empty member, which is ignored)
  /// or the rule broken.
  constexpr step add_parsed(const char* p, std::size_t n, std::size_t i) noexcept {
    const auto ends = [p, n](std::size_t k) { return k == n || p[k] == ','; };
    while (i < n && detail::is_ows(p[i])) ++i;
    if (ends(i)) return {errc::ok, i};  // an empty member
    // key: four characters per step while they last
    const std::size_t kb = i;
    while (i + 4 <= n &&
           (detail::bg_class(p[i]) & detail::bg_class(p[i + 1]) & detail::bg_class(p[i + 2]) &
            detail::bg_class(p[i + 3]) & detail::bg_token)) {
      i += 4;
    }
    while (i < n && (detail::bg_class(p[i]) & detail::bg_token)) ++i;
    const std::size_t klen = i - kb;
    if (klen == 0) {
      return {p[i] == '=' ? errc::baggage_key_empty : errc::baggage_key_invalid_char, i};
    }
    while (i < n && detail::is_ows(p[i])) ++i;
    if (ends(i) || p[i] != '=') {
      return {
          ends(i) || p[i] == ';' ? errc::baggage_missing_equals : errc::baggage_key_invalid_char,
          i};
    }
    ++i;
    while (i < n && detail::is_ows(p[i])) ++i;
    bool overflow = klen > MaxBytes - size_;
    const std::size_t start = size_;
    std::size_t at = start;
    if (!overflow) detail::copy_chars(data_ + at, p + kb, klen);
    at += klen;
    // value
    std::size_t vlen = 0, venc = 0;
    if (const errc e = decode_value(p, i, n, at, vlen, venc, overflow); e != errc::ok) {
      return {e, i};
    }
    if (!ends(i) && !detail::is_ows(p[i]) && p[i] != ';')
      return {errc::baggage_value_invalid_char, i};
    at += vlen;
    std::size_t enc = klen + 1 + venc;
    // properties
    std::size_t props = 0;
    for (;;) {
      while (i < n && detail::is_ows(p[i])) ++i;
      if (ends(i)) break;
      if (p[i] != ';') return {errc::baggage_property_invalid_char, i};
      ++i;
      while (i < n && detail::is_ows(p[i])) ++i;
      const std::size_t pb = i;
      while (i < n && (detail::bg_class(p[i]) & detail::bg_token)) ++i;
      const std::size_t plen = i - pb;
      if (plen == 0) {
        return {!ends(i) && p[i] != '=' && p[i] != ';' ? errc::baggage_key_invalid_char
                                                       : errc::baggage_key_empty,
                i};
      }
      std::size_t q = i;
      while (q < n && detail::is_ows(p[q])) ++q;
      const bool has_value = !ends(q) && p[q] == '=';
      const std::size_t slot = prop_count_ + props;
      if (slot >= MaxProperties || at > MaxBytes || plen > MaxBytes - at) overflow = true;
      if (!overflow) {
        prop_entry& pe = props_[slot];
        pe.off = static_cast<std::uint16_t>(at);
        pe.key_len = static_cast<std::uint16_t>(plen);
        pe.value_len = 0;
        pe.has_value = has_value;
        detail::copy_chars(data_ + at, p + pb, plen);
      }
      at += plen;
      enc += 1 + plen;
      if (has_value) {
        i = q + 1;
        while (i < n && detail::is_ows(p[i])) ++i;
        std::size_t pvlen = 0, pvenc = 0;
        if (const errc e = decode_value(p, i, n, at, pvlen, pvenc, overflow); e != errc::ok) {
          return {e, i};
        }
        if (!overflow) props_[slot].value_len = static_cast<std::uint16_t>(pvlen);
        if (!ends(i) && !detail::is_ows(p[i]) && p[i] != ';')
          return {errc::baggage_value_invalid_char, i};
        at += pvlen;
        enc += 1 + pvenc;
      } else {
        i = q;
      }
      ++props;
    }
    // Limits: a valid member that does not fit is dropped, whole.
    if (count_ == MaxMembers) return {errc::baggage_too_many_members, i};
    if (prop_count_ + props > MaxProperties) return {errc::baggage_too_many_properties, i};
    if (max_member_bytes < MaxBytes && enc > max_member_bytes) {
      return {errc::baggage_member_too_large, i};
    }
    if (overflow || encoded_ + (count_ != 0 ? 1u : 0u) + enc > MaxBytes) {
      return {errc::baggage_too_large, i};
    }
    commit(start, klen, vlen, props, enc, at);
    return {errc::ok, i};
  }

  char data_[MaxBytes]{};
  entry entries_[MaxMembers]{};
  prop_entry props_[MaxProperties == 0 ? 1 : MaxProperties]{};
  std::uint16_t size_ = 0;        // bytes of data_ in use
  std::uint16_t count_ = 0;       // members
  std::uint16_t prop_count_ = 0;  // properties of all members
  std::uint16_t encoded_ = 0;     // formatted_size()
};

/// The default baggage: W3C limits (64 members, 8192 bytes), 64 properties.
using baggage = basic_baggage<>;
/// The older limits some SDKs still apply: 180 members, 4096 bytes per member, 8192 in total.
using baggage_legacy =
    basic_baggage<baggage_legacy_max_members, baggage_max_bytes, 180, baggage_limits::legacy>;

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_BAGGAGE_HPP
