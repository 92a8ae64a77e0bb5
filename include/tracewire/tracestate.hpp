// SPDX-License-Identifier: Apache-2.0
//
// tracewire/tracestate.hpp: the W3C `tracestate` header (W3C Trace Context 3.3), as an owning value
// with inline, fixed capacity.
//
// Contract
// - basic_tracestate<MaxMembers, MaxChars, Keys> stores its members inline, already formatted
//   (`k1=v1,k2=v2`, no OWS), so format() is one copy and view() needs none. Defaults: 32 members
//   (the spec's maximum) and 512 characters (the spec's "propagate at least 512 characters").
//   `basic_tracestate<32, 16447>` holds every conforming header without truncation.
// - assign(field) parses one field value; assign(first, last) combines several fields in order
//   (RFC 9110 5.3: repeated fields are one comma-separated list). Empty and whitespace-only members
//   are allowed and not counted. An invalid list (a bad key or value, more than 32 members, a key
//   that appears twice) discards the whole header: the tracestate is left empty and the errc says
//   why; members are checked left to right, each for its syntax (key, then value), then for being
//   the 33rd, then for repeating a key, and the first broken rule is the one reported. A valid list
//   that does not fit the capacity is truncated per 3.3.1.5: whole members only,
//   first those longer than 128 characters (right-most first), then from the right; the result
//   reports how many members were dropped.
// - Keys follow Level 2 by default (`[a-z0-9][a-z0-9_*/@-]{0,255}`); tracestate_keys::level1 is the
//   Level 1 grammar (simple key starting `a-z`, or `tenant@system` with tenant <= 241 and system
//   <= 14 characters) that Go, Java and JavaScript still enforce, and that the W3C test suite
//   checks.
// - put(key, value) validates both, moves an existing key to the left (never a duplicate), inserts
//   new keys at the left, and makes room by evicting the right-most member (or, when characters
//   rather than members are short, members longer than 128 characters first).
// - All operations are constexpr, noexcept and allocation-free; parsing is linear in the input.
#ifndef TRACEWIRE_TRACESTATE_HPP
#define TRACEWIRE_TRACESTATE_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "tracewire/config.hpp"
#include "tracewire/detail/bytes.hpp"
#include "tracewire/detail/index_iterator.hpp"
#include "tracewire/error.hpp"

#if TRACEWIRE_USE_SSE2
#  include <emmintrin.h>
#endif

TRACEWIRE_BEGIN_NAMESPACE

/// Which key grammar a tracestate enforces.
enum class tracestate_keys : std::uint8_t {
  level2,  ///< W3C Trace Context Level 2: `[a-z0-9][a-z0-9_*/@-]{0,255}` (the default)
  level1,  ///< Level 1: simple key `[a-z][a-z0-9_*/-]{0,255}` or `tenant@system`
};

/// Outcome of parsing or of put(): the rule broken (errc::ok if none), and how many whole members
/// were dropped to fit the capacity (truncation, or eviction by put()).
struct tracestate_status {
  errc error = errc::ok;
  std::size_t dropped = 0;
  constexpr explicit operator bool() const noexcept { return error == errc::ok; }
};

/// Spec limits (W3C Trace Context 3.3.1).
inline constexpr std::size_t tracestate_max_members = 32;
inline constexpr std::size_t tracestate_max_key = 256;
inline constexpr std::size_t tracestate_max_value = 256;
/// Members longer than this are the first to go when truncating (3.3.1.5).
inline constexpr std::size_t tracestate_truncation_threshold = 128;

namespace detail {

enum : std::uint8_t {
  ts_lcalpha = 1,     // a-z
  ts_digit = 2,       // 0-9
  ts_key_char = 4,    // a-z 0-9 _ - * / @
  ts_value_char = 8,  // chr: 0x20-0x7E except ',' and '='
  ts_plain = 16       // nblk-chr: a value character that is not a space
};

struct ts_table_t {
  std::uint8_t cls[256];
};

constexpr ts_table_t make_ts_table() noexcept {
  ts_table_t t{};
  for (int c = 0x20; c <= 0x7E; ++c) {
    if (c != ',' && c != '=')
      t.cls[c] = static_cast<std::uint8_t>(ts_value_char | (c != ' ' ? ts_plain : 0));
  }
  for (int c = 'a'; c <= 'z'; ++c)
    t.cls[c] = static_cast<std::uint8_t>(t.cls[c] | ts_lcalpha | ts_key_char);
  for (int c = '0'; c <= '9'; ++c)
    t.cls[c] = static_cast<std::uint8_t>(t.cls[c] | ts_digit | ts_key_char);
  for (const char c : {'_', '-', '*', '/', '@'}) {
    t.cls[static_cast<unsigned char>(c)] =
        static_cast<std::uint8_t>(t.cls[static_cast<unsigned char>(c)] | ts_key_char);
  }
  return t;
}

inline constexpr ts_table_t ts_table = make_ts_table();

constexpr std::uint8_t ts_class(char c) noexcept {
  return ts_table.cls[static_cast<unsigned char>(c)];
}

/// A key's tag: its first and last character. Entries keep it so that most key comparisons stop
/// at one 16-bit compare (with the length); equal tags are always confirmed by comparing the keys.
constexpr std::uint16_t ts_key_tag(const char* k, std::size_t n) noexcept {
  if (n == 0) return 0;
  return static_cast<std::uint16_t>(static_cast<unsigned char>(k[0]) |
                                    static_cast<unsigned>(static_cast<unsigned char>(k[n - 1]))
                                        << 8);
}
constexpr std::uint16_t ts_key_tag(std::string_view key) noexcept {
  return ts_key_tag(key.data(), key.size());
}

/// A 7-bit Bloom-filter index for a key from its length, tag and middle character.
constexpr unsigned ts_bloom_index(std::size_t n, std::uint16_t tag, char mid) noexcept {
  const unsigned x = (static_cast<unsigned>(n) << 16 | tag) ^
                     static_cast<unsigned>(static_cast<unsigned char>(mid)) << 24;
  return (x * 0x9E3779B1u) >> 25;
}

/// Checks the structure of a key whose characters are all key chars: first character, length and,
/// for Level 1, the `tenant@system` form.
constexpr errc check_key_structure(std::string_view key, tracestate_keys keys) noexcept {
  if (key.empty()) return errc::tracestate_key_empty;
  if (key.size() > tracestate_max_key) return errc::tracestate_key_too_long;
  if (keys == tracestate_keys::level2) {
    return (ts_class(key[0]) & (ts_lcalpha | ts_digit)) ? errc::ok
                                                        : errc::tracestate_key_bad_first_char;
  }
  const std::size_t at = key.find('@');
  if (at == std::string_view::npos) {
    return (ts_class(key[0]) & ts_lcalpha) ? errc::ok : errc::tracestate_key_bad_first_char;
  }
  // Views built by hand, not with substr(), which may throw.
  const std::string_view tenant(key.data(), at);
  const std::string_view system(key.data() + at + 1, key.size() - at - 1);
  if (tenant.empty() || tenant.size() > 241 || !(ts_class(tenant[0]) & (ts_lcalpha | ts_digit))) {
    return errc::tracestate_key_bad_tenant;
  }
  if (system.empty() || system.size() > 14 || !(ts_class(system[0]) & ts_lcalpha) ||
      system.find('@') != std::string_view::npos) {
    return errc::tracestate_key_bad_system;
  }
  return errc::ok;
}

/// Full validation of a key given by the API (put, get accept any bytes but only valid keys match).
constexpr errc check_key(std::string_view key, tracestate_keys keys) noexcept {
  for (const char c : key) {
    if (!(ts_class(c) & ts_key_char)) return errc::tracestate_key_invalid_char;
  }
  return check_key_structure(key, keys);
}

/// Full validation of a value given by the API: 1-256 chr, the last not a space.
constexpr errc check_value(std::string_view v) noexcept {
  if (v.empty()) return errc::tracestate_value_empty;
  if (v.size() > tracestate_max_value) return errc::tracestate_value_too_long;
  for (const char c : v) {
    if (!(ts_class(c) & ts_value_char)) return errc::tracestate_value_invalid_char;
  }
  if (v.back() == ' ') return errc::tracestate_value_trailing_space;
  return errc::ok;
}

#if TRACEWIRE_USE_SSE2
/// Bit i set when p[i] is nblk-chr (0x21-0x7E except ',' and '=').
inline unsigned ts_plain_mask16(const char* p) noexcept {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Signed compares are exact: bytes >= 0x80 are negative and fail the range test.
  const __m128i in_range =
      _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(0x20)), _mm_cmplt_epi8(x, _mm_set1_epi8(0x7F)));
  const __m128i sep =
      _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(',')), _mm_cmpeq_epi8(x, _mm_set1_epi8('=')));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_andnot_si128(sep, in_range)));
}
#endif

/// The index of the first character at or after i that is not nblk-chr, or n. Never reads outside
/// p[0, n): at the end of the input the last 16 characters are loaded and shifted instead.
constexpr std::size_t skip_plain_value(const char* p, std::size_t i, std::size_t n) noexcept {
#if TRACEWIRE_USE_SSE2
  if (!is_constant_evaluated()) {
    for (; i + 16 <= n; i += 16) {
      const unsigned m = ts_plain_mask16(p + i);
      if (m != 0xFFFFu) return i + static_cast<std::size_t>(countr_zero32(~m));
    }
    if (i < n && n >= 16) {  // bits past the end shift in as zero, i.e. "not plain"
      const unsigned m = ts_plain_mask16(p + n - 16) >> (16 - (n - i));
      return i + static_cast<std::size_t>(countr_zero32(~m));
    }
  }
#endif
  while (i < n && (ts_class(p[i]) & ts_plain)) ++i;
  return i;
}

/// One non-empty list member found by ts_scanner: the text `key=value` (OWS excluded) is
/// field[begin, begin + len).
struct ts_member {
  std::size_t begin = 0;
  std::size_t len = 0;
  std::size_t key_len = 0;
};

/// Walks the list members of one field value, validating each (W3C Trace Context 3.3.1.3).
/// next() returns errc::ok and sets `done` at the end of the field.
class ts_scanner {
 public:
  constexpr ts_scanner(std::string_view field, tracestate_keys keys, std::size_t start = 0) noexcept
      : p_(field.data()), n_(field.size()), i_(start), keys_(keys) {}

  TRACEWIRE_FORCE_INLINE constexpr errc next(ts_member& m, bool& done) noexcept {
    const char* const p = p_;
    const std::size_t n = n_;
    std::size_t i = i_;
    for (;;) {
      while (i < n && is_ows(p[i])) ++i;  // OWS before a member
      if (i == n) {
        done = true;
        return errc::ok;
      }
      if (p[i] != ',') break;
      ++i;  // an empty member: allowed, not counted
    }
    // key
    const std::size_t kb = i;
    while (i < n && (ts_class(p[i]) & ts_key_char)) ++i;
    const std::size_t klen = i - kb;
    if (i == n || p[i] != '=') {
      if (klen == 0 && i < n) return errc::tracestate_key_invalid_char;
      std::size_t j = i;
      while (j < n && is_ows(p[j])) ++j;
      if (j == n || p[j] == ',') return errc::tracestate_missing_equals;
      return errc::tracestate_key_invalid_char;
    }
    if (keys_ == tracestate_keys::level2) {
      if (klen == 0) return errc::tracestate_key_empty;
      if (klen > tracestate_max_key) return errc::tracestate_key_too_long;
      if (!(ts_class(p[kb]) & (ts_lcalpha | ts_digit))) return errc::tracestate_key_bad_first_char;
    } else if (const errc e = check_key_structure(std::string_view(p + kb, klen), keys_);
               e != errc::ok) {
      return e;
    }
    ++i;  // '='
    // value: chr up to the next ',' or the end; trailing spaces and tabs are OWS, not value.
    const std::size_t vb = i;
    std::size_t ve = vb;        // one past the last nblk-chr
    std::size_t first_tab = n;  // a tab is only allowed as trailing OWS
    for (;;) {
      const std::size_t j = skip_plain_value(p, i, n);
      if (j != i) ve = j;
      i = j;
      if (i == n || p[i] == ',') break;
      if (p[i] == '\t') {
        if (first_tab == n) first_tab = i;
      } else if (p[i] != ' ') {
        return errc::tracestate_value_invalid_char;
      }
      ++i;
    }
    if (first_tab < ve) return errc::tracestate_value_invalid_char;
    if (ve == vb) return errc::tracestate_value_empty;
    if (ve - vb > tracestate_max_value) return errc::tracestate_value_too_long;
    i_ = i < n ? i + 1 : i;  // past the ','
    m.begin = kb;
    m.len = ve - kb;
    m.key_len = klen;
    return errc::ok;
  }

 private:
  const char* p_;
  std::size_t n_;
  std::size_t i_;
  tracestate_keys keys_;
};

}  // namespace detail

template <std::size_t MaxMembers = tracestate_max_members, std::size_t MaxChars = 512,
          tracestate_keys Keys = tracestate_keys::level2>
class basic_tracestate {
  static_assert(MaxMembers >= 1 && MaxMembers <= tracestate_max_members,
                "W3C Trace Context 3.3.1.1: a tracestate list holds at most 32 members");
  static_assert(MaxChars >= 3 && MaxChars <= 0xFFFF, "member offsets are stored in 16 bits");

 public:
  static constexpr std::size_t max_members = MaxMembers;
  static constexpr std::size_t max_chars = MaxChars;
  static constexpr tracestate_keys key_rules = Keys;

  /// A view of one list member; valid until the tracestate is modified.
  struct member {
    std::string_view key;
    std::string_view value;
  };

  using const_iterator = detail::index_iterator<basic_tracestate, member>;

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  constexpr basic_tracestate() noexcept = default;

  /// Parses one field value into a new tracestate; the error if the header must be discarded.
  /// Truncation is not an error (use assign() to learn how many members were dropped).
  static constexpr result<basic_tracestate> parse(std::string_view field) noexcept {
    basic_tracestate ts;
    const tracestate_status st = ts.assign(field);
    if (!st) return st.error;
    return ts;
  }

  /// Replaces the content with the members of one field value. See the contract at the top.
  constexpr tracestate_status assign(std::string_view field) noexcept {
    return assign(&field, &field + 1);
  }

  /// Replaces the content with the members of several field values combined in order (RFC 9110
  /// 5.3). [first, last) is a forward range of values convertible to std::string_view.
  template <class ForwardIt>
  constexpr tracestate_status assign(ForwardIt first, ForwardIt last) noexcept {
    if (!detail::is_constant_evaluated() && assign_plain(first, last)) return {errc::ok, 0};
    return assign_general(first, last);
  }

 private:
  /// The general path of assign(): validates every member in order, names the first error,
  /// combines OWS-separated and empty members, and truncates when the list does not fit.
  template <class ForwardIt>
  constexpr tracestate_status assign_general(ForwardIt first, ForwardIt last) noexcept {
    clear();
    bool overflow = false;  // a member did not fit: the slow path decides what to keep
    for (ForwardIt it = first; it != last; ++it) {
      const std::string_view field = *it;
      errc e = errc::ok;
      run_state run;
      detail::ts_scanner scan(field, Keys);
      for (;;) {
        detail::ts_member m;
        bool done = false;
        e = scan.next(m, done);
        if (e != errc::ok || done) break;
        e = add_member(field.data(), m.begin, m.len, m.key_len, overflow, run);
        if (e != errc::ok) break;
        // Does not fit: the slow path validates everything again, in order, and truncates.
        if (overflow) return assign_truncating(first, last);
      }
      if (e != errc::ok) {
        clear();
        return {e, 0};
      }
      flush(field.data(), run);
    }
    return {errc::ok, 0};
  }

 public:
  // --- reading -------------------------------------------------------------------------------

  constexpr std::size_t size() const noexcept { return count_; }
  constexpr bool empty() const noexcept { return count_ == 0; }
  constexpr member operator[](std::size_t i) const noexcept {
    TRACEWIRE_ASSERT(i < count_);
    const entry& en = entries_[i];
    return member{std::string_view(data_ + en.offset, en.key_len),
                  std::string_view(data_ + en.offset + en.key_len + 1, en.value_len)};
  }
  constexpr const_iterator begin() const noexcept { return const_iterator(this, 0); }
  constexpr const_iterator end() const noexcept { return const_iterator(this, count_); }

  /// Index of `key` (0 = left-most), or npos.
  constexpr std::size_t find(std::string_view key) const noexcept {
    return find_tagged(key, detail::ts_key_tag(key));
  }
  constexpr bool contains(std::string_view key) const noexcept { return find(key) != npos; }
  /// The value of `key`, or an empty view when absent (a present value is never empty).
  constexpr std::string_view get(std::string_view key) const noexcept {
    const std::size_t i = find(key);
    return i == npos ? std::string_view() : (*this)[i].value;
  }

  // --- writing -------------------------------------------------------------------------------

  /// Sets `key` to `value` at the left of the list (W3C Trace Context 3.5: a modified key moves to
  /// the left; a new key is added at the left; never a duplicate). When the list is full, evicts
  /// from the right (members over 128 characters first when characters are short) and reports how
  /// many were dropped. Invalid keys or values are refused and nothing changes.
  constexpr tracestate_status put(std::string_view key, std::string_view value) noexcept {
    if (const errc e = detail::check_key(key, Keys); e != errc::ok) return {e, 0};
    if (const errc e = detail::check_value(value); e != errc::ok) return {e, 0};
    const std::size_t len = key.size() + 1 + value.size();
    if (len > MaxChars) return {errc::tracestate_member_too_large, 0};
    const std::uint16_t h = detail::ts_key_tag(key);
    if (const std::size_t i = find_tagged(key, h); i != npos) remove_at(i);
    std::size_t dropped = 0;
    while (count_ != 0 && (count_ == MaxMembers || size_ + len + 1 > MaxChars)) {
      remove_at(count_ == MaxMembers ? count_ - 1u : victim());
      ++dropped;
    }
    insert_front(key, value, h);
    return {errc::ok, dropped};
  }

  /// Removes `key`; false if it was not present.
  constexpr bool erase(std::string_view key) noexcept {
    const std::size_t i = find(key);
    if (i == npos) return false;
    remove_at(i);
    return true;
  }

  constexpr void clear() noexcept {
    count_ = 0;
    size_ = 0;
  }

  // --- formatting ----------------------------------------------------------------------------

  /// Size query: the characters format() writes (0 for an empty list, which should not be sent).
  constexpr std::size_t formatted_size() const noexcept { return size_; }

  /// The formatted header, without copying; valid until the tracestate is modified.
  constexpr std::string_view view() const noexcept { return std::string_view(data_, size_); }

  /// Writes the header (`k1=v1,k2=v2`, no OWS) into out[0, size); returns the characters written.
  constexpr result<std::size_t> format(char* out, std::size_t size) const noexcept {
    if (size < size_) return errc::buffer_too_small;
    detail::copy_bytes(out, data_, size_);
    return std::size_t{size_};
  }

  /// Same members in the same order.
  friend constexpr bool operator==(const basic_tracestate& a, const basic_tracestate& b) noexcept {
    return a.size_ == b.size_ && a.count_ == b.count_ &&
           detail::equal_chars(a.data_, b.data_, a.size_);
  }
  friend constexpr bool operator!=(const basic_tracestate& a, const basic_tracestate& b) noexcept {
    return !(a == b);
  }

 private:
  /// State of one assign() across fields.
  /// From this many members on, assign_plain() consults a Bloom filter before comparing keys.
  static constexpr std::size_t bloom_from = 8;

  /// Members that follow each other in a field with a single ',' between them are already in
  /// output form: they are copied as one run when the run ends.
  struct run_state {
    std::size_t begin = 0;  // in the field
    std::size_t len = 0;
    std::size_t dst = 0;  // in data_
  };

  /// True when the key fp[begin, begin + key_len) is already present. Members of the pending run
  /// are not in data_ yet: their keys are read from the field.
  constexpr bool find_duplicate(const char* fp, std::size_t begin, std::size_t key_len,
                                std::uint16_t h, const run_state& run) const noexcept {
    for (std::size_t i = 0; i < count_; ++i) {
      const entry& en = entries_[i];
      if (en.tag != h || en.key_len != key_len) continue;
      const char* k = (run.len != 0 && en.offset >= run.dst)
                          ? fp + run.begin + (en.offset - run.dst)
                          : data_ + en.offset;
      if (detail::equal_chars(k, fp + begin, key_len)) return true;
    }
    return false;
  }

  /// Run-time fast path for the common shape of a header: fields of plain `key=value` members
  /// separated by a single ',' (no OWS, no empty members), no duplicate keys, all fitting the
  /// capacity. Either it accepts the whole input, with exactly the result the general path would
  /// give, or it returns false and the general path starts again from scratch; it never reports an
  /// error itself. All state stays in locals (registers) until the end.
  template <class ForwardIt>
  TRACEWIRE_FORCE_INLINE bool assign_plain(ForwardIt first, ForwardIt last) noexcept {
    std::size_t count = 0, size = 0;
    std::uint64_t bloom_lo = 0, bloom_hi = 0;  // 128-bit Bloom filter of keys, from bloom_from on
    for (ForwardIt it = first; it != last; ++it) {
      const std::string_view field = *it;
      const char* const p = field.data();
      const std::size_t n = field.size();
      // The pending run: field[run_begin, run_end) goes to data_[run_dst, ...) when it ends.
      std::size_t run_begin = 0, run_end = 0, run_dst = size;
      for (std::size_t i = 0; i < n;) {
        if (!(detail::ts_class(p[i]) & (detail::ts_lcalpha | detail::ts_digit))) return false;
        std::size_t j = i + 1;
        while (j < n && (detail::ts_class(p[j]) & detail::ts_key_char)) ++j;
        const std::size_t klen = j - i;
        if (j == n || p[j] != '=' || klen > tracestate_max_key) return false;
        if (Keys != tracestate_keys::level2 &&
            detail::check_key_structure(std::string_view(p + i, klen), Keys) != errc::ok) {
          return false;
        }
        const std::size_t ve = detail::skip_plain_value(p, j + 1, n);
        const std::size_t vlen = ve - j - 1;
        if (vlen - 1 >= tracestate_max_value) return false;  // 1..256 characters
        if (ve != n && (p[ve] != ',' || ve + 1 == n))
          return false;  // a trailing ',' is an empty member
        const std::size_t len = ve - i;
        const std::size_t at = count != 0 ? size + 1 : 0;
        if (count == MaxMembers || at + len > MaxChars) return false;
        const std::uint16_t tag = detail::ts_key_tag(p + i, klen);
        // Where an earlier key is: members of the pending run are not in data_ yet.
        const auto key_at = [&](const entry& en) {
          return (run_end != run_begin && en.offset >= run_dst)
                     ? p + run_begin + (en.offset - run_dst)
                     : data_ + en.offset;
        };
        bool maybe_seen = true;  // small lists: compare with every entry
        // Only lists that can grow past bloom_from use the filter (and g++ -O1 then sees no
        // out-of-range entries_ index for small capacities).
        if constexpr (MaxMembers > bloom_from) {
          if (count >= bloom_from) {
            const auto add = [&](unsigned b) {
              std::uint64_t& word = (b & 64u) != 0 ? bloom_hi : bloom_lo;
              const std::uint64_t bit = std::uint64_t{1} << (b & 63u);
              const bool was = (word & bit) != 0;
              word |= bit;
              return was;
            };
            if (count == bloom_from) {  // switch to the filter: enter the keys so far
              for (std::size_t k = 0; k < count; ++k) {
                const entry& en = entries_[k];
                add(detail::ts_bloom_index(en.key_len, en.tag, key_at(en)[en.key_len / 2]));
              }
            }
            maybe_seen = add(detail::ts_bloom_index(klen, tag, p[i + klen / 2]));
          }
        }
        if (maybe_seen) {
          for (std::size_t k = 0; k < count; ++k) {
            const entry& en = entries_[k];
            if (en.tag == tag && en.key_len == klen &&
                detail::equal_chars(key_at(en), p + i, klen)) {
              return false;  // a duplicate key: the general path reports it
            }
          }
        }
        if (run_end == run_begin || i != run_end + 1) {  // start another run
          if (run_end != run_begin) {
            detail::copy_chars(data_ + run_dst, p + run_begin, run_end - run_begin);
          }
          if (count != 0) data_[size] = ',';
          run_begin = i;
          run_dst = at;
        }
        run_end = ve;
        store_entry(count, at, klen, vlen, tag);
        ++count;
        size = at + len;
        i = ve + 1;
      }
      detail::copy_chars(data_ + run_dst, p + run_begin, run_end - run_begin);
    }
    count_ = static_cast<std::uint8_t>(count);
    size_ = static_cast<std::uint16_t>(size);
    return true;
  }

  /// entries_[i] = {at, klen, vlen, h}; one 64-bit store on little-endian targets.
  void store_entry(std::size_t i, std::size_t at, std::size_t klen, std::size_t vlen,
                   std::uint16_t h) noexcept {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    static_assert(sizeof(entry) == 8, "entry is four 16-bit fields");
    // All four values are below 2^16 (checked by the caller), so no masking is needed.
    const std::uint64_t packed =
        static_cast<std::uint64_t>(at) | static_cast<std::uint64_t>(klen) << 16 |
        static_cast<std::uint64_t>(vlen) << 32 | static_cast<std::uint64_t>(h) << 48;
    std::memcpy(&entries_[i], &packed, sizeof packed);
#else
    entries_[i] = entry{static_cast<std::uint16_t>(at), static_cast<std::uint16_t>(klen),
                        static_cast<std::uint16_t>(vlen), h};
#endif
  }

  constexpr void flush(const char* fp, run_state& run) noexcept {
    detail::copy_chars(data_ + run.dst, fp + run.begin, run.len);
    run.len = 0;
  }

  /// Records one validated member `fp[begin, begin + len)` whose key is `key_len` long.
  TRACEWIRE_FORCE_INLINE constexpr errc add_member(const char* fp, std::size_t begin,
                                                   std::size_t len, std::size_t key_len,
                                                   bool& overflow, run_state& run) noexcept {
    // Per member, in order: the 33rd member breaks the count before it can be a duplicate.
    if (count_ == tracestate_max_members) return errc::tracestate_too_many_members;
    const std::uint16_t h = detail::ts_key_tag(fp + begin, key_len);
    if (find_duplicate(fp, begin, key_len, h, run)) return errc::tracestate_duplicate_key;
    const std::size_t sep = count_ != 0 ? 1u : 0u;
    const std::size_t at = size_ + sep;
    if (count_ == MaxMembers || at + len > MaxChars) {
      overflow = true;
      return errc::ok;
    }
    if (run.len != 0 && begin == run.begin + run.len + 1) {
      run.len += 1 + len;
    } else {
      flush(fp, run);
      if (sep != 0) data_[size_] = ',';
      run.begin = begin;
      run.len = len;
      run.dst = at;
    }
    entry& en = entries_[count_];
    en.offset = static_cast<std::uint16_t>(at);
    en.key_len = static_cast<std::uint16_t>(key_len);
    en.value_len = static_cast<std::uint16_t>(len - key_len - 1);
    en.tag = h;
    ++count_;
    size_ = static_cast<std::uint16_t>(at + len);
    return errc::ok;
  }

  struct entry {
    std::uint16_t offset;  // of the key in data_
    std::uint16_t key_len;
    std::uint16_t value_len;
    std::uint16_t tag;  // detail::ts_key_tag(key)
  };

  static constexpr std::size_t member_len(const entry& e) noexcept {
    return std::size_t{e.key_len} + 1u + e.value_len;
  }

  constexpr std::size_t find_tagged(std::string_view key, std::uint16_t h) const noexcept {
    for (std::size_t i = 0; i < count_; ++i) {
      const entry& en = entries_[i];
      if (en.tag == h && en.key_len == key.size() &&
          detail::equal_chars(data_ + en.offset, key.data(), key.size())) {
        return i;
      }
    }
    return npos;
  }

  constexpr void write_member(std::size_t at, std::string_view k, std::string_view v) noexcept {
    detail::copy_bytes(data_ + at, k.data(), k.size());
    data_[at + k.size()] = '=';
    detail::copy_bytes(data_ + at + k.size() + 1, v.data(), v.size());
  }

  /// Appends at the right; false (and no change) when it does not fit.
  constexpr bool append_back(std::string_view k, std::string_view v, std::uint16_t h) noexcept {
    const std::size_t sep = count_ != 0 ? 1u : 0u;
    const std::size_t at = size_ + sep;
    const std::size_t end = at + k.size() + 1 + v.size();
    if (count_ == MaxMembers || end > MaxChars) return false;
    if (sep != 0) data_[size_] = ',';
    write_member(at, k, v);
    entries_[count_] = entry{static_cast<std::uint16_t>(at), static_cast<std::uint16_t>(k.size()),
                             static_cast<std::uint16_t>(v.size()), h};
    ++count_;
    size_ = static_cast<std::uint16_t>(end);
    return true;
  }

  /// Inserts at the left; the caller made room.
  constexpr void insert_front(std::string_view k, std::string_view v, std::uint16_t h) noexcept {
    const std::size_t len = k.size() + 1 + v.size();
    const std::size_t shift = count_ != 0 ? len + 1 : len;
    detail::move_bytes(data_ + shift, data_, size_);
    write_member(0, k, v);
    if (count_ != 0) data_[len] = ',';
    for (std::size_t i = count_; i > 0; --i) {
      entries_[i] = entries_[i - 1];
      entries_[i].offset = static_cast<std::uint16_t>(entries_[i].offset + shift);
    }
    entries_[0] =
        entry{0, static_cast<std::uint16_t>(k.size()), static_cast<std::uint16_t>(v.size()), h};
    ++count_;
    size_ = static_cast<std::uint16_t>(size_ + shift);
  }

  /// Removes member i together with one adjacent comma.
  constexpr void remove_at(std::size_t i) noexcept {
    const std::size_t start = entries_[i].offset;
    const std::size_t len = member_len(entries_[i]);
    if (i + 1 == count_) {
      size_ = static_cast<std::uint16_t>(i == 0 ? 0 : start - 1);  // drop the preceding comma
    } else {
      const std::size_t gone = len + 1;  // the member and the comma after it
      detail::move_bytes(data_ + start, data_ + start + gone, size_ - start - gone);
      for (std::size_t j = i + 1; j < count_; ++j) {
        entries_[j - 1] = entries_[j];
        entries_[j - 1].offset = static_cast<std::uint16_t>(entries_[j - 1].offset - gone);
      }
      size_ = static_cast<std::uint16_t>(size_ - gone);
    }
    --count_;
  }

  /// The member to drop when characters are short: the right-most one over 128 characters, else
  /// the right-most (W3C Trace Context 3.3.1.5).
  constexpr std::size_t victim() const noexcept {
    for (std::size_t i = count_; i > 0; --i) {
      if (member_len(entries_[i - 1]) > tracestate_truncation_threshold) return i - 1;
    }
    return count_ - 1u;
  }

  /// Slow path of assign(): the list is valid but does not fit. Collect every member, choose which
  /// to keep per 3.3.1.5, then copy the kept ones in order.
  template <class ForwardIt>
  constexpr tracestate_status assign_truncating(ForwardIt first, ForwardIt last) noexcept {
    struct span {
      std::string_view key;
      std::string_view value;
      std::uint16_t tag;
      bool keep;
    };
    span all[tracestate_max_members]{};
    std::size_t n = 0;
    for (ForwardIt it = first; it != last; ++it) {
      const std::string_view field = *it;
      detail::ts_scanner scan(field, Keys);
      for (;;) {
        detail::ts_member m;
        bool done = false;
        errc e = scan.next(m, done);
        if (e == errc::ok && done) break;
        // Views built by hand, not with substr(), which may throw.
        const std::string_view k(field.data() + m.begin, m.key_len);
        const std::uint16_t h = detail::ts_key_tag(k);
        if (e == errc::ok && n == tracestate_max_members) e = errc::tracestate_too_many_members;
        for (std::size_t j = 0; e == errc::ok && j < n; ++j) {
          if (all[j].tag == h && all[j].key == k) e = errc::tracestate_duplicate_key;
        }
        if (e != errc::ok) {
          clear();
          return {e, 0};
        }
        all[n++] =
            span{k, std::string_view(field.data() + m.begin + m.key_len + 1, m.len - m.key_len - 1),
                 h, true};
      }
    }
    std::size_t kept = n;
    std::size_t chars = n - 1;  // commas
    for (std::size_t i = 0; i < n; ++i) chars += all[i].key.size() + 1 + all[i].value.size();
    const auto over = [&] { return kept > MaxMembers || chars > MaxChars; };
    for (std::size_t i = n; i > 0 && over(); --i) {  // members over 128 characters, from the right
      span& s = all[i - 1];
      const std::size_t len = s.key.size() + 1 + s.value.size();
      if (len > tracestate_truncation_threshold) {
        s.keep = false;
        --kept;
        chars -= len + (kept != 0 ? 1u : 0u);
      }
    }
    for (std::size_t i = n; i > 0 && over(); --i) {  // then from the right
      span& s = all[i - 1];
      if (!s.keep) continue;
      s.keep = false;
      --kept;
      chars -= s.key.size() + 1 + s.value.size() + (kept != 0 ? 1u : 0u);
    }
    clear();
    for (std::size_t i = 0; i < n; ++i) {
      if (all[i].keep) append_back(all[i].key, all[i].value, all[i].tag);
    }
    return {errc::ok, n - kept};
  }

  char data_[MaxChars]{};
  entry entries_[MaxMembers]{};
  std::uint16_t size_ = 0;
  std::uint8_t count_ = 0;
};

/// The default tracestate: 32 members, 512 characters, Level 2 keys.
using tracestate = basic_tracestate<>;
/// A tracestate enforcing the Level 1 key grammar (as Go, Java and JavaScript do).
using tracestate_level1 = basic_tracestate<tracestate_max_members, 512, tracestate_keys::level1>;

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_TRACESTATE_HPP
