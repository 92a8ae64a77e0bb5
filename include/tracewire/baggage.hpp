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
// - A field given to assign() may be a view into this baggage (say `b.assign(b.get("k"))`): at
//   run time such a field is parsed into a copy, which then replaces this baggage.
// - All operations are constexpr, noexcept and allocation-free; parsing is linear in the input.
#ifndef TRACEWIRE_BAGGAGE_HPP
#define TRACEWIRE_BAGGAGE_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
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
    clear();
    baggage_status st;
    if (!detail::is_constant_evaluated() && TRACEWIRE_UNLIKELY(overlaps(field))) {
      parse_aliased(field, st);
    } else {
      parse_field(field.data(), field.size(), st);
    }
    return st;
  }

  /// Replaces the content with the members of several field values combined in order.
  /// [first, last) is an input range of values convertible to std::string_view.
  template <class InputIt>
  constexpr baggage_status assign(InputIt first, InputIt last) noexcept {
    clear();
    baggage_status st;
    for (InputIt it = first; it != last; ++it) {
      const std::string_view field = *it;
      if (!detail::is_constant_evaluated() && TRACEWIRE_UNLIKELY(overlaps(field))) {
        parse_aliased(field, st);
        continue;
      }
      parse_field(field.data(), field.size(), st);
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
  /// True when v starts inside data_ (an empty view there too: harmless), or before it and
  /// reaches into it; unsigned wrap-around makes each test one comparison.
  bool overlaps(std::string_view v) const noexcept {
    const auto lo = reinterpret_cast<std::uintptr_t>(data_);
    const auto a = reinterpret_cast<std::uintptr_t>(v.data());
    return a - lo < MaxBytes || lo - a < v.size();
  }

  bool aliases(std::string_view key, std::string_view value, const baggage_property* props,
               std::size_t prop_n) const noexcept {
    const auto in = [this](std::string_view v) { return overlaps(v); };
    bool any = in(key) || in(value);
    for (std::size_t j = 0; j < prop_n; ++j) any = any || in(props[j].key) || in(props[j].value);
    return any;
  }

  /// parse_field() of a view into this baggage: parsing writes where it reads, so the field is
  /// parsed into a copy, which then replaces this baggage. Out of line: it needs a large frame.
  TRACEWIRE_DETAIL_NOINLINE void parse_aliased(std::string_view field,
                                               baggage_status& st) noexcept {
    basic_baggage copy = *this;
    copy.parse_field(field.data(), field.size(), st);
    *this = copy;
  }

  constexpr errc set_unaliased(std::string_view key, std::string_view value,
                               const baggage_property* props, std::size_t prop_n) noexcept {
    if (key.empty()) return errc::baggage_key_empty;
    if (!detail::is_token(key)) return errc::baggage_key_invalid_char;
    if (!detail::is_valid_utf8(value)) return errc::baggage_value_invalid_utf8;
    std::size_t enc = key.size() + 1 + detail::percent_encoded_size(value);
    std::size_t data = key.size() + 1 + value.size();  // as stored: separators included
    for (std::size_t j = 0; j < prop_n; ++j) {
      if (props[j].key.empty()) return errc::baggage_key_empty;
      if (!detail::is_token(props[j].key)) return errc::baggage_key_invalid_char;
      if (props[j].has_value && !detail::is_valid_utf8(props[j].value)) {
        return errc::baggage_value_invalid_utf8;
      }
      enc += 1 + props[j].key.size();
      data += 1 + props[j].key.size();
      if (props[j].has_value) {
        enc += 1 + detail::percent_encoded_size(props[j].value);
        data += 1 + props[j].value.size();
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
    // Append the member: `key=value`, then `;key` or `;key=value` for each property.
    const std::size_t start = size_;
    std::size_t at = start;
    detail::copy_chars(data_ + at, key.data(), key.size());
    at += key.size();
    data_[at++] = '=';
    detail::copy_chars(data_ + at, value.data(), value.size());
    at += value.size();
    for (std::size_t j = 0; j < prop_n; ++j) {
      data_[at++] = ';';
      prop_entry& pe = props_[prop_count_ + j];
      pe.off = static_cast<std::uint16_t>(at);
      pe.key_len = static_cast<std::uint16_t>(props[j].key.size());
      pe.has_value = props[j].has_value;
      detail::copy_chars(data_ + at, props[j].key.data(), props[j].key.size());
      at += props[j].key.size();
      pe.value_len = 0;
      if (props[j].has_value) {
        data_[at++] = '=';
        pe.value_len = static_cast<std::uint16_t>(props[j].value.size());
        detail::copy_chars(data_ + at, props[j].value.data(), props[j].value.size());
        at += props[j].value.size();
      }
    }
    // Stored as sent when the encoding adds nothing.
    commit(start, key.size(), value.size(), prop_n, enc, at, enc == data);
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
    // Copies may write ahead inside out[0, formatted_size()): what follows overwrites it. They
    // may read ahead inside data_.
    char* o = out;
    char* const end = out + encoded_;
    const char* const data_end = data_ + MaxBytes;
    const auto copy = [&o, end, data_end](const char* src, std::size_t n) {
      o = detail::copy_with_slack(o, static_cast<std::size_t>(end - o), src,
                                  static_cast<std::size_t>(data_end - src), n);
    };
    const auto encode = [&o, end, data_end](const char* src, std::size_t n) {
      o = detail::percent_encode_with_slack(src, n, static_cast<std::size_t>(data_end - src), o,
                                            static_cast<std::size_t>(end - o));
    };
    for (std::size_t i = 0; i < count_; ++i) {
      const entry& e = entries_[i];
      if (i != 0) *o++ = ',';
      const char* const k = data_ + e.off;
      if (e.verbatim) {  // stored as sent (set at parse or set time): one copy
        copy(k, e.encoded);
        continue;
      }
      copy(k, e.key_len + 1u);  // `key=`
      encode(k + e.key_len + 1, e.value_len);
      for (std::size_t j = e.prop_begin; j < std::size_t{e.prop_begin} + e.prop_count; ++j) {
        const prop_entry& pe = props_[j];
        const char* const pk = data_ + pe.off;
        copy(pk - 1, 1u + pe.key_len + (pe.has_value ? 1u : 0u));  // `;key` or `;key=`
        if (pe.has_value) encode(pk + pe.key_len + 1, pe.value_len);
      }
    }
    return static_cast<std::size_t>(o - out);
  }

 private:
  // A member is stored as it is sent when no byte needs an escape: `key=value;pkey=pvalue;pkey`,
  // with decoded values otherwise. So data_ never holds more than formatted_size() bytes, and
  // format() copies a verbatim member in one piece.
  // 16 bytes (alignas(8) pads 13 to 16): entries_[i] is then one shift away, not a multiply.
  struct alignas(8) entry {
    std::uint16_t off;  // key at data_[off], then '=' and the value, then the properties
    std::uint16_t key_len;
    std::uint16_t value_len;
    std::uint16_t prop_begin;  // index into props_
    std::uint16_t prop_count;
    std::uint16_t encoded;  // characters this member takes in format()
    bool verbatim;          // no byte of the value or of a property value needs a %XX escape
  };
  static_assert(sizeof(entry) == 16, "entries_[i] is addressed with a shift");
  struct prop_entry {
    std::uint16_t off;  // key at data_[off] (after its ';'), then '=' and the value if any
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
    return std::string_view(data_ + entries_[i].off + entries_[i].key_len + 1,
                            entries_[i].value_len);
  }
  constexpr baggage_property property_of(std::size_t k) const noexcept {
    const prop_entry& p = props_[k];
    return baggage_property{
        std::string_view(data_ + p.off, p.key_len),
        std::string_view(data_ + p.off + p.key_len + (p.has_value ? 1 : 0), p.value_len),
        p.has_value};
  }
  /// Bytes of data_ that member i occupies.
  constexpr std::size_t region_size(std::size_t i) const noexcept {
    const std::size_t end = i + 1 < count_ ? entries_[i + 1].off : size_;
    return end - entries_[i].off;
  }

  /// Records the member whose bytes were just written to data_[start, data_end): its key and value
  /// lengths, its `props` properties (already in props_ from prop_count_ on) and its sent size.
  constexpr void commit(std::size_t start, std::size_t klen, std::size_t vlen, std::size_t props,
                        std::size_t enc, std::size_t data_end, bool verbatim) noexcept {
    entries_[count_] = entry{static_cast<std::uint16_t>(start),
                             static_cast<std::uint16_t>(klen),
                             static_cast<std::uint16_t>(vlen),
                             static_cast<std::uint16_t>(prop_count_),
                             static_cast<std::uint16_t>(props),
                             static_cast<std::uint16_t>(enc),
                             verbatim};
    encoded_ += (count_ != 0 ? 1u : 0u) + enc;
    ++count_;
    size_ = data_end;
    prop_count_ += props;
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
    size_ -= len;
    prop_count_ -= gone.prop_count;
    encoded_ = count_ == 0 ? 0 : encoded_ - gone.encoded - 1u;
  }

  /// The first index at or after i that is not OWS.
  static constexpr std::size_t skip_ows(const char* p, std::size_t i, std::size_t n) noexcept {
    while (i < n && detail::is_ows(p[i])) ++i;
    return i;
  }

  /// Fields up to this long are parsed from a padded copy on the stack (see parse_padded).
  static constexpr std::size_t padded_field_max = 512;

  /// Adds the members of one field value p[0, n) and counts what was skipped and dropped in st.
  constexpr void parse_field(const char* p, std::size_t n, baggage_status& st) noexcept {
#if TRACEWIRE_USE_SSE2
    if (!detail::is_constant_evaluated() && n <= padded_field_max) return parse_padded(p, n, st);
#endif
    parse_members(p, n, n, st);
  }

#if TRACEWIRE_USE_SSE2
  /// Run time, n <= padded_field_max: the field is copied and padded with 16 commas, and one pass
  /// marks the bytes that are not [A-Za-z0-9._-] (detail::bg_simple_bits) in a bitmap, so
  /// add_simple() goes from one marked byte to the next and looks at those only. A member it does
  /// not take is handed to add_parsed(), which alone decides errors and limits. When the whole
  /// field obviously fits every limit (`roomy`), no member needs a limit check of its own.
  void parse_padded(const char* p, std::size_t n, baggage_status& st) noexcept {
    // marks[b] has bit k set when q[16b + k] is one of [A-Za-z0-9._-] (detail::bg_simple_bits);
    // mark_cursor visits the other bytes, the marked ones. The whole blocks are classified as
    // they are copied, then the block holding q[n] (a ',': marked), so every search ends at n at
    // the latest. Four zero entries follow (all marked): the cursor reads 64 bits at a time.
    char q[padded_field_max + 16];
    std::uint16_t marks[padded_field_max / 16 + 5];
    std::size_t b = 0;
    for (; 16 * b + 16 <= n; ++b) {
      __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * b));
#  if defined(__GNUC__) || defined(__clang__)
      // Opaque to the optimiser: GCC would otherwise split the copy off into a memcpy() call.
      __asm__("" : "+x"(x));
#  endif
      _mm_storeu_si128(reinterpret_cast<__m128i*>(q + 16 * b), x);
      marks[b] = static_cast<std::uint16_t>(detail::bg_simple_bits(x));
    }
    if (n >= 16) {  // the last characters: a 16-byte move overlapping the one before
      _mm_storeu_si128(reinterpret_cast<__m128i*>(q + n - 16),
                       _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16)));
    } else {
      detail::copy_small(q, p, n);
    }
    _mm_storeu_si128(reinterpret_cast<__m128i*>(q + n), _mm_set1_epi8(','));
    marks[b] = static_cast<std::uint16_t>(
        detail::bg_simple_bits(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 16 * b))));
    std::memset(marks + b + 1, 0, 8);
    // No member taken from q can break a limit: each takes at least 2 characters plus a ',', each
    // property 2, a member is sent in at most as many characters as it is received in, and data_
    // keeps room for add_simple()'s 16-byte stores past every member.
    // (n + 1) * 11 / 32 >= (n + 1) / 3 without a division; size_ <= encoded_ always.
    const bool roomy = count_ + (((n + 1) * 11) >> 5) <= MaxMembers &&
                       prop_count_ + n / 2 <= MaxProperties && n <= max_member_bytes &&
                       encoded_ + n + 16 <= MaxBytes;
    if (TRACEWIRE_LIKELY(roomy)) {
      add_members<true>(q, n, marks, st);
    } else {
      add_members_checked(q, n, marks, st);
    }
  }

  /// add_members() with a limit check for each member. Out of line: it keeps the registers of
  /// the common case free.
  TRACEWIRE_DETAIL_NOINLINE void add_members_checked(const char* q, std::size_t n,
                                                     const std::uint16_t* marks,
                                                     baggage_status& st) noexcept {
    add_members<false>(q, n, marks, st);
  }

  /// parse_padded()'s loop: add_simple() for each member, add_fallback() when it declines.
  template <bool Roomy>
  TRACEWIRE_FORCE_INLINE void add_members(const char* q, std::size_t n, const std::uint16_t* marks,
                                          baggage_status& st) noexcept {
    std::size_t i = 0;
    mark_cursor c(marks, 0);
    for (;;) {
      const std::size_t next = add_simple<Roomy>(q, n, i, c);
      if (TRACEWIRE_LIKELY(next != npos)) {
        if (next == n) break;
        i = next + 1;  // past the ','; c is there already
        continue;
      }
      const std::size_t end = add_fallback(q, n, i, st);
      if (end == n) break;
      i = end + 1;
      c = mark_cursor(marks, i);
    }
  }

  /// add_parsed() of the member at q[i] of parse_padded(), counted in st; returns the index of
  /// the ',' ending it, or n. Out of line: parse_padded()'s loop keeps its registers.
  TRACEWIRE_DETAIL_NOINLINE std::size_t add_fallback(const char* q, std::size_t n, std::size_t i,
                                                     baggage_status& st) noexcept {
    const step s = add_parsed(q, n, n + 16, i);
    std::size_t next = s.next;
    if (s.error != errc::ok) {
      if (is_limit(s.error)) {
        ++st.dropped;
      } else {
        ++st.skipped;
      }
      if (st.error == errc::ok) st.error = s.error;
      // An invalid member ends at the next ',' (none can appear inside one).
      while (next < n && q[next] != ',') ++next;
    }
    return next;
  }

  /// Walks the marked bytes of parse_padded()'s bitmap in order, from a given index on.
  struct mark_cursor {
    const std::uint16_t* marks;
    std::size_t base;    // a multiple of 16: bit k of `bits` is q[base + k]
    std::uint64_t bits;  // the marks not yet visited of q[base, base + 64)

    TRACEWIRE_FORCE_INLINE mark_cursor(const std::uint16_t* m, std::size_t i) noexcept
        : marks(m), base(i & ~std::size_t{15}), bits(load(m, i >> 4) >> (i & 15u) << (i & 15u)) {}
    /// The marks of q[16 block, 16 block + 64): the bytes outside the simple class.
    static TRACEWIRE_FORCE_INLINE std::uint64_t load(const std::uint16_t* m,
                                                     std::size_t block) noexcept {
      std::uint64_t w = 0;
      std::memcpy(&w, m + block, 8);
      return ~w;
    }
    /// The next marked index; there is always one (q[n]).
    TRACEWIRE_FORCE_INLINE std::size_t next() noexcept {
      while (bits == 0) {
        base += 64;
        bits = load(marks, base >> 4);
      }
      const std::size_t j = base + detail::countr_zero64(bits);
      bits &= bits - 1;
      return j;
    }
  };

  /// Copies q[from, to) to data_[at, ...) 16 bytes at a time (see parse_padded() for the room).
  TRACEWIRE_FORCE_INLINE void put_run(std::size_t at, const char* q, std::size_t from,
                                      std::size_t to) noexcept {
    for (; from < to; from += 16, at += 16) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(data_ + at),
                       _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + from)));
    }
  }

  /// The input copied to data_ so far: q[.., seg) went to data_[.., at).
  struct copied {
    std::size_t seg;
    std::size_t at;
  };

  /// Reads the value (or property value) whose marks `c` visits next, when it holds only plain
  /// baggage-octets and escapes of ASCII bytes; each escape is decoded into data_ (after copying
  /// what comes before it) and its growth when sent added to `extra`. Sets `end` to the index of
  /// the ',' or ';' ending it; false for anything else.
  TRACEWIRE_FORCE_INLINE bool simple_value(const char* q, mark_cursor& c, copied& cp,
                                           std::size_t& extra, std::size_t& end) noexcept {
    for (;;) {
      const std::size_t j = c.next();
      const char ch = q[j];
      if (ch == ',' || ch == ';') {
        end = j;
        return true;
      }
      if (ch == '%') {
        // Hex digits are never marked, so the next mark is past the escape. q[j + 2] is at most
        // q[n + 1]: padding, no hex digit.
        const std::uint8_t hi = detail::bg_class(q[j + 1]), lo = detail::bg_class(q[j + 2]);
        const unsigned b = (hi & 0xF0u) | (lo >> 4u);
        if ((hi & lo & detail::bg_hex) == 0 || b >= 0x80) return false;
        put_run(cp.at, q, cp.seg, j);
        cp.at += j - cp.seg;
        data_[cp.at++] = static_cast<char>(b);
        cp.seg = j + 3;
        if ((detail::bg_class(static_cast<char>(b)) & detail::bg_plain) == 0) extra += 2;
        continue;
      }
      if ((detail::bg_class(ch) & detail::bg_plain) == 0) return false;
    }
  }

  /// Reads the key (or property key) from q[i] on, whose marks `c` visits next: tchars up to the
  /// first other byte, whose index is returned.
  static TRACEWIRE_FORCE_INLINE std::size_t simple_key(const char* q, mark_cursor& c) noexcept {
    for (;;) {
      const std::size_t j = c.next();
      if (q[j] == '=' || (detail::bg_class(q[j]) & detail::bg_token) == 0) return j;
    }
  }

  /// Adds the member at q[i] when it has the common shape: a token key, '=', a value as
  /// simple_value() takes it, properties `;key` or `;key=value` alike, no OWS, ending at ','.
  /// `c` visits the marks from q[i] on. Returns the index of that ','; npos, having committed
  /// nothing, for anything else (and for a member that would break a limit, checked here unless
  /// Roomy). The entry's fields are stored as soon as they are known.
  template <bool Roomy>
  TRACEWIRE_FORCE_INLINE std::size_t add_simple(const char* q, std::size_t n, std::size_t i,
                                                mark_cursor& c) noexcept {
    const std::size_t start = size_;
    if (!Roomy && (MaxBytes - start < n - i + 16 || count_ == MaxMembers)) return npos;
    std::size_t j = simple_key(q, c);
    if (j == i || q[j] != '=') return npos;
    // When Roomy, `count_ < MaxMembers` here: every member before this one took 3 characters.
    entry& e = entries_[count_];
    const std::size_t klen = j - i;
    e.off = static_cast<std::uint16_t>(start);
    e.key_len = static_cast<std::uint16_t>(klen);
    std::size_t extra = 0;
    copied cp{i, start};
    if (!simple_value(q, c, cp, extra, j)) return npos;
    e.value_len = static_cast<std::uint16_t>(cp.at + (j - cp.seg) - (start + klen + 1));
    const std::size_t first_prop = prop_count_;
    std::size_t slot = first_prop;
    while (q[j] == ';') {
      const std::size_t k = j + 1;
      j = simple_key(q, c);
      if (j == k || (!Roomy && slot >= MaxProperties)) return npos;
      prop_entry& pe = props_[slot];
      pe.off = static_cast<std::uint16_t>(cp.at + (k - cp.seg));
      pe.key_len = static_cast<std::uint16_t>(j - k);
      std::size_t pvlen = 0;
      pe.has_value = q[j] == '=';
      if (pe.has_value) {
        const std::size_t out = cp.at + (j + 1 - cp.seg);
        if (!simple_value(q, c, cp, extra, j)) return npos;
        pvlen = cp.at + (j - cp.seg) - out;
      } else if (q[j] != ',' && q[j] != ';') {
        return npos;
      }
      pe.value_len = static_cast<std::uint16_t>(pvlen);
      ++slot;
    }
    put_run(cp.at, q, cp.seg, j);
    const std::size_t at = cp.at + (j - cp.seg);
    const std::size_t enc = at - start + extra;
    const std::size_t sep = count_ != 0 ? 1u : 0u;
    if (!Roomy &&
        (slot > MaxProperties || (max_member_bytes < MaxBytes && enc > max_member_bytes) ||
         encoded_ + sep + enc > MaxBytes)) {
      return npos;
    }
    e.prop_begin = static_cast<std::uint16_t>(first_prop);
    e.prop_count = static_cast<std::uint16_t>(slot - first_prop);
    e.encoded = static_cast<std::uint16_t>(enc);
    e.verbatim = extra == 0;
    encoded_ += sep + enc;
    ++count_;
    size_ = at;
    prop_count_ = slot;
    return j;
  }
#endif

  /// parse_field() of p[0, n), which may be read up to p[readable] (see detail::copy_run()).
  constexpr void parse_members(const char* p, std::size_t n, std::size_t readable,
                               baggage_status& st) noexcept {
    std::size_t i = 0;
    for (;;) {
#if TRACEWIRE_USE_SSE2
      if (!detail::is_constant_evaluated()) {
        i = add_common_run(p, n, readable, i);
        if (i == npos) break;  // the field is done
      }
#endif
      const step st_member = add_parsed(p, n, readable, i);
      const errc r = st_member.error;
      i = st_member.next;
      if (TRACEWIRE_UNLIKELY(r != errc::ok)) {
        if (is_limit(r)) {
          ++st.dropped;
        } else {
          ++st.skipped;
        }
        if (st.error == errc::ok) st.error = r;
        // An invalid member ends at the next ',' (none can appear inside one).
        while (i < n && p[i] != ',') ++i;
      }
      if (i == n) break;
      ++i;  // past the ',' that ended the member
    }
  }

#if TRACEWIRE_USE_SSE2
  /// Run time: the value (or property value) at p[i], in the common shape: plain runs and escapes
  /// of ASCII bytes, copied to data_[at, ...) 16 characters at a time. Returns its end in the
  /// input (on the character that ended it) and in data_, and adds the %XX growth to `extra`; npos
  /// for anything else (a byte >= 0x80, a bad escape, the end of what may be read).
  TRACEWIRE_FORCE_INLINE detail::run_end common_value(const char* p, std::size_t n,
                                                      std::size_t readable, std::size_t i,
                                                      std::size_t at, std::size_t& extra) noexcept {
    for (;;) {
      if (TRACEWIRE_UNLIKELY(i + 16 > readable)) return {npos, at};
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(data_ + at), x);
      const unsigned stop = ~detail::bg_plain_bits(x) & 0xFFFFu;
      if (stop == 0) {
        i += 16;
        at += 16;
        continue;
      }
      const auto run = static_cast<std::size_t>(detail::countr_zero32(stop));
      i += run;
      at += run;
      if (p[i] != '%') return {i, at};
      if (n - i < 3) return {npos, at};
      const std::uint8_t hi = detail::bg_class(p[i + 1]), lo = detail::bg_class(p[i + 2]);
      const unsigned b = (hi & 0xF0u) | (lo >> 4u);
      if ((hi & lo & detail::bg_hex) == 0 || b >= 0x80) return {npos, at};
      data_[at++] = static_cast<char>(b);
      if ((detail::bg_class(static_cast<char>(b)) & detail::bg_plain) == 0) extra += 2;
      i += 3;
    }
  }

  /// Run time: adds the member at p[i] when it has the common shape (a key of 1-15 tchars right
  /// before '=', values as common_value() takes them, properties `;key` or `;key=value`, no OWS,
  /// ending at ',' or at n) and fits every limit with room to spare; returns the index of the
  /// ',' ending it, or n. Anything else returns npos having committed nothing, and add_parsed()
  /// reads the member again: it alone decides errors and limits, so both paths always agree.
  /// Loads 16 characters at a time, never past p[readable].
  /// Run time: add_common() for the members from p[i] on while they have the common shape.
  /// Returns the start of the first member that does not, or npos when the field is done.
  TRACEWIRE_FORCE_INLINE std::size_t add_common_run(const char* p, std::size_t n,
                                                    std::size_t readable, std::size_t i) noexcept {
    for (;;) {
      const std::size_t next = add_common(p, n, readable, i);
      if (next == npos) return i;
      if (next == n) return npos;
      i = next + 1;  // past the ','
    }
  }

  TRACEWIRE_FORCE_INLINE std::size_t add_common(const char* p, std::size_t n, std::size_t readable,
                                                std::size_t i) noexcept {
    const std::size_t start = size_;
    // Every byte written (the member's decoded bytes never outnumber its characters, n - i at
    // most) plus one 16-byte store past them fits in data_: no capacity check below.
    if (MaxBytes - start < n - i + 16 || i + 16 > readable) return npos;
    __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(data_ + start), x);
    const auto klen = static_cast<std::size_t>(
        detail::countr_zero32((~detail::bg_token_bits(x) & 0xFFFFu) | 0x10000u));
    if (klen == 0 || klen == 16 || p[i + klen] != '=') return npos;
    std::size_t extra = 0;
    // The store above put the '=' after the key too.
    const detail::run_end v = common_value(p, n, readable, i + klen + 1, start + klen + 1, extra);
    if (v.in == npos) return npos;
    i = v.in;
    std::size_t at = v.out;
    const std::size_t vlen = at - start - klen - 1;
    std::size_t enc = klen + 1 + vlen;
    std::size_t props = 0;
    while (p[i] == ';') {
      ++i;
      const std::size_t slot = prop_count_ + props;
      if (slot >= MaxProperties || i + 16 > readable) return npos;
      x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      data_[at++] = ';';
      _mm_storeu_si128(reinterpret_cast<__m128i*>(data_ + at), x);
      const auto plen = static_cast<std::size_t>(
          detail::countr_zero32((~detail::bg_token_bits(x) & 0xFFFFu) | 0x10000u));
      if (plen == 0 || plen == 16) return npos;
      prop_entry& pe = props_[slot];
      pe.off = static_cast<std::uint16_t>(at);
      pe.key_len = static_cast<std::uint16_t>(plen);
      i += plen;
      at += plen;
      enc += 1 + plen;
      pe.has_value = p[i] == '=';
      std::size_t pvlen = 0;
      if (pe.has_value) {  // the '=' is stored already, with the key
        const detail::run_end pv = common_value(p, n, readable, i + 1, at + 1, extra);
        if (pv.in == npos) return npos;
        pvlen = pv.out - at - 1;
        i = pv.in;
        at = pv.out;
        enc += 1 + pvlen;
      }
      pe.value_len = static_cast<std::uint16_t>(pvlen);
      ++props;
    }
    // p[n] is ',' in a padded copy; without padding i + 16 <= readable == n held, so i < n.
    if (p[i] != ',' && i != n) return npos;
    enc += extra;
    if (count_ == MaxMembers || prop_count_ + props > MaxProperties ||
        (max_member_bytes < MaxBytes && enc > max_member_bytes) ||
        encoded_ + (count_ != 0 ? 1u : 0u) + enc > MaxBytes) {
      return npos;
    }
    commit(start, klen, vlen, props, enc, at, extra == 0);
    return i;
  }
#endif

  /// What add_parsed() found, and where it stopped (inside the member, or on the ',' ending it).
  /// The cursor is passed by value and returned, so it stays in a register while parsing.
  struct step {
    errc error;
    std::size_t next;
  };

  /// Parses the list member starting at p[i] (it ends at the next ',' or at n) and, when valid and
  /// within the limits, appends it. The error is ok (also for an empty member, which is ignored)
  /// or the rule broken.
  ///
  /// Bytes are written to data_ while they are read, only inside data_ and from size_ on (so a
  /// member that turns out invalid or too large leaves nothing behind); past MaxBytes the member
  /// is still read to the end, because it may be invalid rather than too large. No separate
  /// overflow test is needed: data_ never holds more than formatted_size() bytes, so a member
  /// whose bytes would not fit breaks the byte limit.
  TRACEWIRE_FORCE_INLINE constexpr step add_parsed(const char* p, std::size_t n,
                                                   std::size_t readable, std::size_t i) noexcept {
    // Each OWS test below comes after the test for the separator that usually follows instead.
    if (i < n && detail::is_ows(p[i])) i = skip_ows(p, i, n);
    if (i == n || p[i] == ',') return {errc::ok, i};  // an empty member
    const std::size_t start = size_;
    // key: tchars, copied as they are scanned
    const detail::run_end key =
        detail::copy_run<detail::bg_token>(p, i, n, readable, data_, start, MaxBytes);
    const std::size_t klen = key.in - i;
    if (klen == 0)
      return {p[i] == '=' ? errc::baggage_key_empty : errc::baggage_key_invalid_char, i};
    i = key.in;
    if (TRACEWIRE_UNLIKELY(i == n || p[i] != '=')) {
      i = skip_ows(p, i, n);
      if (i == n || p[i] != '=') {
        return {i == n || p[i] == ',' || p[i] == ';' ? errc::baggage_missing_equals
                                                     : errc::baggage_key_invalid_char,
                i};
      }
    }
    ++i;
    if (i < n && detail::is_ows(p[i])) i = skip_ows(p, i, n);
    // value, stored after an '='
    if (key.out < MaxBytes) data_[key.out] = '=';
    const detail::decoded_value v =
        detail::decode_value(p, i, n, readable, data_, key.out + 1, MaxBytes);
    i = v.in;
    if (v.bad_escape) return {errc::baggage_bad_percent_escape, i};
    const std::size_t vlen = v.out - key.out - 1;
    std::size_t at = v.out;
    std::size_t enc = klen + 1 + vlen + v.extra;
    bool verbatim = v.extra == 0;
    // properties: `;key` or `;key=value`, OWS around every part
    std::size_t props = 0;
    bool after_value = true;  // p[i] follows a value: a stray character belongs to that value
    for (;;) {
      if (i == n || p[i] == ',') break;
      if (p[i] != ';') {
        if (detail::is_ows(p[i])) {
          i = skip_ows(p, i, n);
          if (i == n || p[i] == ',') break;
        } else if (after_value) {
          return {errc::baggage_value_invalid_char, i};
        }
        if (p[i] != ';') return {errc::baggage_property_invalid_char, i};
      }
      ++i;
      if (i < n && detail::is_ows(p[i])) i = skip_ows(p, i, n);
      if (at < MaxBytes) data_[at] = ';';
      const detail::run_end pk =
          detail::copy_run<detail::bg_token>(p, i, n, readable, data_, at + 1, MaxBytes);
      const std::size_t plen = pk.in - i;
      if (plen == 0) {
        return {i != n && p[i] != ',' && p[i] != '=' && p[i] != ';' ? errc::baggage_key_invalid_char
                                                                    : errc::baggage_key_empty,
                i};
      }
      i = pk.in;
      if (i < n && detail::is_ows(p[i])) i = skip_ows(p, i, n);
      after_value = i < n && p[i] == '=';
      const std::size_t slot = prop_count_ + props;
      std::size_t pvlen = 0;
      if (after_value) {
        ++i;
        if (i < n && detail::is_ows(p[i])) i = skip_ows(p, i, n);
        if (pk.out < MaxBytes) data_[pk.out] = '=';
        const detail::decoded_value pv =
            detail::decode_value(p, i, n, readable, data_, pk.out + 1, MaxBytes);
        i = pv.in;
        if (pv.bad_escape) return {errc::baggage_bad_percent_escape, i};
        pvlen = pv.out - pk.out - 1;
        enc += 1 + pvlen + pv.extra;
        verbatim = verbatim && pv.extra == 0;
      }
      if (slot < MaxProperties) {
        prop_entry& pe = props_[slot];
        pe.off = static_cast<std::uint16_t>(at + 1);
        pe.key_len = static_cast<std::uint16_t>(plen);
        pe.value_len = static_cast<std::uint16_t>(pvlen);
        pe.has_value = after_value;
      }
      at = pk.out + (after_value ? 1 + pvlen : 0);
      enc += 1 + plen;
      ++props;
    }
    // Limits: a valid member that does not fit is dropped, whole.
    if (count_ == MaxMembers) return {errc::baggage_too_many_members, i};
    if (prop_count_ + props > MaxProperties) return {errc::baggage_too_many_properties, i};
    if (max_member_bytes < MaxBytes && enc > max_member_bytes) {
      return {errc::baggage_member_too_large, i};
    }
    if (at > MaxBytes || encoded_ + (count_ != 0 ? 1u : 0u) + enc > MaxBytes) {
      return {errc::baggage_too_large, i};
    }
    commit(start, klen, vlen, props, enc, at, verbatim);
    return {errc::ok, i};
  }

  char data_[MaxBytes]{};
  entry entries_[MaxMembers]{};
  prop_entry props_[MaxProperties == 0 ? 1 : MaxProperties]{};
  // Full-width counters: updating four adjacent 16-bit fields costs shifts and masks.
  std::size_t size_ = 0;        // bytes of data_ in use
  std::size_t count_ = 0;       // members
  std::size_t prop_count_ = 0;  // properties of all members
  std::size_t encoded_ = 0;     // formatted_size()
};

/// The default baggage: W3C limits (64 members, 8192 bytes), 64 properties.
using baggage = basic_baggage<>;
/// The older limits some SDKs still apply: 180 members, 4096 bytes per member, 8192 in total.
using baggage_legacy =
    basic_baggage<baggage_legacy_max_members, baggage_max_bytes, 180, baggage_limits::legacy>;

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_BAGGAGE_HPP
