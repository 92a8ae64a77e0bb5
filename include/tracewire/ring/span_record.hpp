// SPDX-License-Identifier: Apache-2.0
//
// tracewire/ring/span_record.hpp: a finished span as one fixed-size, trivially copyable value, the
// unit that span_ring carries from request threads to the exporter.
//
// Contract
// - basic_span_record<AttributeBytes, MaxEvents, MaxLinks> holds the OpenTelemetry span fields
//   (OTLP trace.proto Span): trace_id, span_id, parent span_id, trace flags, kind, status code and
//   message, start and end time (Unix ns), name, attributes, events (name, time, attributes) and
//   links (trace_id, span_id, flags, attributes), plus the dropped_*_count fields of OTLP.
// - Everything of variable length (the name, the status message, event names, and the attributes of
//   the span, its events and its links) shares one inline byte area of AttributeBytes bytes, so a
//   record with few attributes can have long names and the other way round. The default record is
//   888 bytes, so a ring slot (8-byte sequence + record) is exactly 14 cache lines; it holds the
//   checkout demo's busiest span (14 semantic-convention and business attributes, an error
//   message and 4 events with 2 attributes each) with room to spare. Smaller records are one
//   template argument away (basic_span_record<184, 2, 1> is 312 bytes, a 5-line slot).
// - Setters never allocate, never throw, and truncate visibly: each returns record_status::stored,
//   ::truncated (kept, but cut; the entry's truncated() is true) or ::dropped (not kept; counted
//   in dropped_attributes_count() / dropped_events_count() / dropped_links_count() where OTLP has
//   such a count). Strings are cut at a UTF-8 character boundary (OTLP strings must be valid
//   UTF-8), to at most 255 bytes; the name and the status message are also cut to the free space,
//   attribute values are not (an attribute that does not fit is dropped and counted, as
//   OpenTelemetry's attribute count limit does).
// - Setting an attribute whose key the same owner (span, event or link) already has replaces the
//   value (OpenTelemetry API: "setting an attribute with the same key as an existing attribute
//   SHOULD overwrite the existing attribute's value"). An empty key is invalid and the attribute is
//   dropped and counted; so is a key longer than 255 bytes.
// - Integers of any width are stored as int64 (OTLP has no unsigned type); an unsigned value above
//   INT64_MAX is stored as INT64_MAX and marked truncated.
// - Reading is by views that point into the record (valid while it lives and is not modified).
//   Nothing here is hot for the exporter: lookups scan the byte area (linear, at most
//   AttributeBytes bytes).
// - Everything is constexpr except what touches a double (C++17 has no constexpr bit_cast).
#ifndef TRACEWIRE_RING_SPAN_RECORD_HPP
#define TRACEWIRE_RING_SPAN_RECORD_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "tracewire/config.hpp"
#include "tracewire/detail/bytes.hpp"
#include "tracewire/ids.hpp"
#include "tracewire/span_types.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// OTLP Status.StatusCode, same numbering.
enum class span_status_code : std::uint8_t {
  unset = 0,
  ok = 1,
  error = 2,
};

/// What a setter did with its input.
enum class record_status : std::uint8_t {
  stored,     ///< kept as given
  truncated,  ///< kept, but cut (a string to a UTF-8 boundary, an unsigned value to INT64_MAX)
  dropped,    ///< not kept (no room, or an invalid key); counted where OTLP has a count
};

namespace detail {

// Byte-area entry: [tag][key length][key bytes][value]. Tag bits 0-2: entry_kind, bit 3:
// truncated, bits 4-7: owner (0 = the span, 1..E = event i-1, E+1..E+L = link).
enum entry_kind : std::uint8_t {
  entry_string = 0,   // value: [length][bytes]
  entry_int64 = 1,    // value: 8 bytes, little-endian
  entry_float64 = 2,  // value: the 8 bytes of the IEEE 754 binary64, little-endian
  entry_boolean = 3,  // value: 1 byte, 0 or 1
  entry_name = 4,     // the span's or an event's name: no key, value as entry_string
  entry_message = 5,  // the status message: no key, value as entry_string
};
inline constexpr std::uint8_t entry_kind_mask = 0x07;
inline constexpr std::uint8_t entry_truncated_bit = 0x08;
inline constexpr unsigned entry_owner_shift = 4;
inline constexpr std::size_t max_entry_owners = 16;  // 4 bits
inline constexpr std::size_t max_record_string = 255;

constexpr std::uint8_t u8(std::size_t v) noexcept { return static_cast<std::uint8_t>(v); }
constexpr std::uint8_t byte_at(const char* p) noexcept { return static_cast<std::uint8_t>(*p); }

/// Length of the longest prefix of s[0, n) that is at most `limit` bytes and does not end inside
/// a UTF-8 sequence (a continuation byte at the cut means the character started before it).
constexpr std::size_t utf8_prefix(const char* s, std::size_t n, std::size_t limit) noexcept {
  if (n <= limit) return n;
  std::size_t cut = limit;
  while (cut > 0 && (byte_at(s + cut) & 0xC0u) == 0x80u) --cut;
  return cut;
}

constexpr void store_le64(char* p, std::uint64_t v) noexcept {
  for (std::size_t i = 0; i < 8; ++i)
    p[i] = static_cast<char>(static_cast<std::uint8_t>(v >> (8 * i)));
}
constexpr std::uint64_t load_le64(const char* p) noexcept {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v |= std::uint64_t{byte_at(p + i)} << (8 * i);
  return v;
}
inline std::uint64_t double_bits(double d) noexcept {
  static_assert(sizeof(double) == 8, "attributes store IEEE 754 binary64 values");
  std::uint64_t u = 0;
  std::memcpy(&u, &d, sizeof u);
  return u;
}
inline double bits_double(std::uint64_t u) noexcept {
  double d = 0;
  std::memcpy(&d, &u, sizeof d);
  return d;
}

/// Bytes of the entry starting at p (whose tag and key length are in place).
constexpr std::size_t entry_size(const char* p) noexcept {
  const std::size_t head = 2 + std::size_t{byte_at(p + 1)};
  switch (byte_at(p) & entry_kind_mask) {
    case entry_int64:
    case entry_float64:
      return head + 8;
    case entry_boolean:
      return head + 1;
    default:  // strings, names, messages
      return head + 1 + std::size_t{byte_at(p + head)};
  }
}

}  // namespace detail

/// A finished span. AttributeBytes: the shared byte area (names, status message, attributes of the
/// span, its events and links); MaxEvents, MaxLinks: how many events and links are kept.
template <std::size_t AttributeBytes = 704, std::size_t MaxEvents = 4, std::size_t MaxLinks = 2>
class basic_span_record;

/// One attribute, read in place. A default-constructed view is "not found" (operator bool false).
class attribute_view {
 public:
  constexpr attribute_view() noexcept = default;

  constexpr explicit operator bool() const noexcept { return entry_ != nullptr; }

  constexpr std::string_view key() const noexcept {
    return std::string_view(entry_ + 2, detail::byte_at(entry_ + 1));
  }
  constexpr attribute_type type() const noexcept {
    return static_cast<attribute_type>(detail::byte_at(entry_) & detail::entry_kind_mask);
  }
  /// The value was cut when stored (see record_status::truncated).
  constexpr bool truncated() const noexcept {
    return (detail::byte_at(entry_) & detail::entry_truncated_bit) != 0;
  }
  /// Precondition: type() == attribute_type::string.
  constexpr std::string_view string_value() const noexcept {
    TRACEWIRE_ASSERT(type() == attribute_type::string);
    const char* v = value();
    return std::string_view(v + 1, detail::byte_at(v));
  }
  /// Precondition: type() == attribute_type::int64.
  constexpr std::int64_t int_value() const noexcept {
    TRACEWIRE_ASSERT(type() == attribute_type::int64);
    return static_cast<std::int64_t>(detail::load_le64(value()));
  }
  /// Precondition: type() == attribute_type::float64.
  double double_value() const noexcept {
    TRACEWIRE_ASSERT(type() == attribute_type::float64);
    return detail::bits_double(detail::load_le64(value()));
  }
  /// Precondition: type() == attribute_type::boolean.
  constexpr bool bool_value() const noexcept {
    TRACEWIRE_ASSERT(type() == attribute_type::boolean);
    return *value() != 0;
  }

 private:
  template <std::size_t, std::size_t, std::size_t>
  friend class basic_span_record;
  constexpr explicit attribute_view(const char* entry) noexcept : entry_(entry) {}
  constexpr const char* value() const noexcept { return entry_ + 2 + detail::byte_at(entry_ + 1); }

  const char* entry_ = nullptr;
};

template <std::size_t AttributeBytes, std::size_t MaxEvents, std::size_t MaxLinks>
class basic_span_record {
  static_assert(AttributeBytes >= 64 && AttributeBytes <= 65535,
                "the byte area is indexed with 16 bits and must hold at least a name");
  static_assert(1 + MaxEvents + MaxLinks <= detail::max_entry_owners,
                "an entry names its owner (span, event or link) in 4 bits");

 public:
  static constexpr std::size_t attribute_bytes = AttributeBytes;
  static constexpr std::size_t max_events = MaxEvents;
  static constexpr std::size_t max_links = MaxLinks;
  /// Longest string kept (name, message, key, value); longer values are truncated.
  static constexpr std::size_t max_string = detail::max_record_string;
  /// Returned by add_event / add_link when the event or link was dropped.
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  /// What the event and link views share: the attributes of their owner (an event or a link).
  class owned_view {
   public:
    constexpr std::size_t attribute_count() const noexcept {
      return record_->count_attributes(owner_);
    }
    template <class F>
    constexpr void for_each_attribute(F&& f) const noexcept {
      record_->visit_attributes(owner_, f);
    }
    constexpr attribute_view find_attribute(std::string_view key) const noexcept {
      return record_->find(owner_, key);
    }

   protected:
    constexpr owned_view(const basic_span_record* r, std::size_t i, std::uint8_t owner) noexcept
        : record_(r), index_(i), owner_(owner) {}
    const basic_span_record* record_;
    std::size_t index_;
    std::uint8_t owner_;
  };

  /// A read-only view of event i.
  class event_view : public owned_view {
   public:
    constexpr std::string_view name() const noexcept {
      return this->record_->text(detail::entry_name, this->owner_);
    }
    constexpr bool name_truncated() const noexcept {
      return this->record_->text_truncated(detail::entry_name, this->owner_);
    }
    constexpr std::uint64_t time_unix_ns() const noexcept {
      return this->record_->events_[this->index_].time_unix_ns;
    }
    constexpr std::uint32_t dropped_attributes_count() const noexcept {
      return this->record_->events_[this->index_].dropped_attributes;
    }

   private:
    friend class basic_span_record;
    constexpr event_view(const basic_span_record* r, std::size_t i) noexcept
        : owned_view(r, i, detail::u8(1 + i)) {}
  };

  /// A read-only view of link i.
  class link_view : public owned_view {
   public:
    constexpr ::tracewire::trace_id trace_id() const noexcept {
      return this->record_->links_[this->index_].trace_id;
    }
    constexpr ::tracewire::span_id span_id() const noexcept {
      return this->record_->links_[this->index_].span_id;
    }
    constexpr trace_flags flags() const noexcept {
      return this->record_->links_[this->index_].flags;
    }
    constexpr std::uint32_t dropped_attributes_count() const noexcept {
      return this->record_->links_[this->index_].dropped_attributes;
    }

   private:
    friend class basic_span_record;
    constexpr link_view(const basic_span_record* r, std::size_t i) noexcept
        : owned_view(r, i, detail::u8(1 + MaxEvents + i)) {}
  };

  constexpr basic_span_record() noexcept = default;

  /// Makes `dst` equal to this record, copying only what is in use: the fixed fields, the events
  /// and links present, and the used prefix of the byte area (an 888-byte record holding a
  /// typical span copies a third of that). What span_ring's try_push uses instead of operator=.
  void copy_to(basic_span_record& dst) const noexcept {
    if constexpr (sizeof(basic_span_record) <= 384) {
      dst = *this;  // small records: one straight copy beats the bookkeeping below
      return;
    }
    dst.start_time_unix_ns_ = start_time_unix_ns_;
    dst.end_time_unix_ns_ = end_time_unix_ns_;
    dst.trace_id_ = trace_id_;
    dst.span_id_ = span_id_;
    dst.parent_span_id_ = parent_span_id_;
    dst.used_ = used_;
    dst.dropped_attributes_ = dropped_attributes_;
    dst.dropped_events_ = dropped_events_;
    dst.dropped_links_ = dropped_links_;
    dst.flags_ = flags_;
    dst.kind_ = kind_;
    dst.status_ = status_;
    dst.event_count_ = event_count_;
    dst.link_count_ = link_count_;
    for (std::size_t i = 0; i < event_count_; ++i) dst.events_[i] = events_[i];
    for (std::size_t i = 0; i < link_count_; ++i) dst.links_[i] = links_[i];
    std::memcpy(dst.bytes_, bytes_, used_);
  }

  /// Back to the default (empty) state. Cost independent of AttributeBytes: the byte area is not
  /// cleared, only marked unused, so a record reused in place (span_ring::try_emplace) is cheap.
  constexpr void reset() noexcept {
    start_time_unix_ns_ = 0;
    end_time_unix_ns_ = 0;
    trace_id_ = {};
    span_id_ = {};
    parent_span_id_ = {};
    used_ = 0;
    dropped_attributes_ = 0;
    dropped_events_ = 0;
    dropped_links_ = 0;
    flags_ = {};
    kind_ = span_kind::unspecified;
    status_ = span_status_code::unset;
    event_count_ = 0;
    link_count_ = 0;
  }

  // --- identity and times ----------------------------------------------------------------------
  constexpr void set_trace_id(const ::tracewire::trace_id& id) noexcept { trace_id_ = id; }
  constexpr void set_span_id(const ::tracewire::span_id& id) noexcept { span_id_ = id; }
  /// All zero (the default) for a root span.
  constexpr void set_parent_span_id(const ::tracewire::span_id& id) noexcept {
    parent_span_id_ = id;
  }
  constexpr void set_flags(trace_flags f) noexcept { flags_ = f; }
  constexpr void set_kind(span_kind k) noexcept { kind_ = k; }
  constexpr void set_start_time(std::uint64_t unix_ns) noexcept { start_time_unix_ns_ = unix_ns; }
  constexpr void set_end_time(std::uint64_t unix_ns) noexcept { end_time_unix_ns_ = unix_ns; }

  constexpr const ::tracewire::trace_id& trace_id() const noexcept { return trace_id_; }
  constexpr const ::tracewire::span_id& span_id() const noexcept { return span_id_; }
  constexpr const ::tracewire::span_id& parent_span_id() const noexcept { return parent_span_id_; }
  constexpr trace_flags flags() const noexcept { return flags_; }
  constexpr span_kind kind() const noexcept { return kind_; }
  constexpr std::uint64_t start_time_unix_ns() const noexcept { return start_time_unix_ns_; }
  constexpr std::uint64_t end_time_unix_ns() const noexcept { return end_time_unix_ns_; }

  // --- name and status -------------------------------------------------------------------------
  /// Replaces the name; cut to 255 bytes and to the free space, at a UTF-8 boundary.
  constexpr record_status set_name(std::string_view name) noexcept {
    return put_text(detail::entry_name, 0, name);
  }
  constexpr std::string_view name() const noexcept { return text(detail::entry_name, 0); }
  constexpr bool name_truncated() const noexcept { return text_truncated(detail::entry_name, 0); }

  /// Sets the status code and replaces the message. OTLP: the message is only meaningful with
  /// span_status_code::error, so any other code stores no message (and returns stored).
  constexpr record_status set_status(span_status_code code,
                                     std::string_view message = {}) noexcept {
    status_ = code;
    erase_entry(find_entry(detail::entry_message, 0, {}));
    if (code != span_status_code::error || message.empty()) return record_status::stored;
    return put_text(detail::entry_message, 0, message);
  }
  constexpr span_status_code status_code() const noexcept { return status_; }
  constexpr std::string_view status_message() const noexcept {
    return text(detail::entry_message, 0);
  }
  constexpr bool status_message_truncated() const noexcept {
    return text_truncated(detail::entry_message, 0);
  }

  // --- attributes of the span ------------------------------------------------------------------
  /// Sets (or replaces) an attribute. T: bool, any integer type, float or double, or anything
  /// convertible to std::string_view (string literals included).
  template <class T>
  constexpr record_status set_attribute(std::string_view key, const T& value) noexcept {
    return put_value(0, key, value, dropped_attributes_);
  }
  constexpr std::size_t attribute_count() const noexcept { return count_attributes(0); }
  constexpr std::uint32_t dropped_attributes_count() const noexcept { return dropped_attributes_; }
  /// The span attribute with this key, or an empty view.
  constexpr attribute_view find_attribute(std::string_view key) const noexcept {
    return find(0, key);
  }
  /// Calls f(attribute_view) for each span attribute, in the order last set (a replaced
  /// attribute moves to the end).
  template <class F>
  constexpr void for_each_attribute(F&& f) const noexcept {
    visit_attributes(0, f);
  }

  // --- events ----------------------------------------------------------------------------------
  /// Adds an event and returns its index, or npos when MaxEvents are already kept or its name
  /// does not fit (then counted in dropped_events_count()). The name is cut to 255 bytes.
  constexpr std::size_t add_event(std::string_view name, std::uint64_t time_unix_ns) noexcept {
    if (event_count_ == MaxEvents) return drop_event();
    const std::size_t i = event_count_;
    if (put_text(detail::u8(detail::entry_name), detail::u8(1 + i), name, false) ==
        record_status::dropped) {
      return drop_event();
    }
    events_[i] = event_entry{time_unix_ns, 0};
    ++event_count_;
    return i;
  }
  /// Sets an attribute of event `event` (an index from add_event; npos is accepted and ignored:
  /// the event itself was dropped and counted). Drops are counted per event.
  template <class T>
  constexpr record_status set_event_attribute(std::size_t event, std::string_view key,
                                              const T& value) noexcept {
    if (event >= event_count_) {
      TRACEWIRE_ASSERT(event == npos);
      return record_status::dropped;
    }
    return put_value(detail::u8(1 + event), key, value, events_[event].dropped_attributes);
  }
  constexpr std::size_t event_count() const noexcept { return event_count_; }
  /// Precondition: i < event_count().
  constexpr event_view event(std::size_t i) const noexcept {
    TRACEWIRE_ASSERT(i < event_count_);
    return event_view(this, i);
  }
  constexpr std::uint32_t dropped_events_count() const noexcept { return dropped_events_; }

  // --- links -----------------------------------------------------------------------------------
  /// Adds a link and returns its index, or npos when MaxLinks are already kept (then counted in
  /// dropped_links_count()). The linked span's tracestate is not kept.
  constexpr std::size_t add_link(const ::tracewire::trace_id& trace,
                                 const ::tracewire::span_id& span,
                                 trace_flags flags = {}) noexcept {
    if (link_count_ == MaxLinks) {
      count_drop(dropped_links_);
      return npos;
    }
    links_[link_count_] = link_entry{trace, span, flags, 0};
    return link_count_++;
  }
  /// Sets an attribute of link `link` (an index from add_link; npos is accepted and ignored).
  template <class T>
  constexpr record_status set_link_attribute(std::size_t link, std::string_view key,
                                             const T& value) noexcept {
    if (link >= link_count_) {
      TRACEWIRE_ASSERT(link == npos);
      return record_status::dropped;
    }
    return put_value(detail::u8(1 + MaxEvents + link), key, value, links_[link].dropped_attributes);
  }
  constexpr std::size_t link_count() const noexcept { return link_count_; }
  /// Precondition: i < link_count().
  constexpr link_view link(std::size_t i) const noexcept {
    TRACEWIRE_ASSERT(i < link_count_);
    return link_view(this, i);
  }
  constexpr std::uint32_t dropped_links_count() const noexcept { return dropped_links_; }

  /// Bytes of the shared area in use (names, message, attributes).
  constexpr std::size_t bytes_used() const noexcept { return used_; }

 private:
  struct event_entry {
    std::uint64_t time_unix_ns;
    std::uint16_t dropped_attributes;
  };
  struct link_entry {
    ::tracewire::trace_id trace_id;
    ::tracewire::span_id span_id;
    trace_flags flags;
    std::uint16_t dropped_attributes;
  };

  static constexpr void count_drop(std::uint16_t& counter) noexcept {
    if (counter != UINT16_MAX) ++counter;  // OTLP counts saturate
  }
  constexpr std::size_t drop_event() noexcept {
    count_drop(dropped_events_);
    return npos;
  }

  static constexpr std::uint8_t tag_of(std::uint8_t kind, std::uint8_t owner) noexcept {
    return static_cast<std::uint8_t>(kind | (owner << detail::entry_owner_shift));
  }
  static constexpr bool is_attribute(std::uint8_t tag) noexcept {
    return (tag & detail::entry_kind_mask) <= detail::entry_boolean;
  }

  /// Offset of the entry of this kind and owner (and, for attributes, key), or npos.
  constexpr std::size_t find_entry(std::uint8_t kind, std::uint8_t owner,
                                   std::string_view key) const noexcept {
    const std::uint8_t want = tag_of(kind, owner);
    const bool attribute = is_attribute(kind);
    for (std::size_t at = 0; at < used_; at += detail::entry_size(&bytes_[at])) {
      const auto tag =
          static_cast<std::uint8_t>(detail::byte_at(&bytes_[at]) & ~detail::entry_truncated_bit);
      const bool same_kind =
          attribute ? (is_attribute(tag) && (tag >> detail::entry_owner_shift) == owner)
                    : tag == want;
      if (!same_kind) continue;
      if (!attribute) return at;
      if (detail::byte_at(&bytes_[at + 1]) == key.size() &&
          detail::equal_chars(&bytes_[at + 2], key.data(), key.size())) {
        return at;
      }
    }
    return npos;
  }

  constexpr void erase_entry(std::size_t at) noexcept {
    if (at == npos) return;
    const std::size_t n = detail::entry_size(&bytes_[at]);
    detail::move_bytes(&bytes_[at], &bytes_[at + n], used_ - at - n);
    used_ = static_cast<std::uint16_t>(used_ - n);
  }

  /// Name or message: replaces, cut to 255 bytes and (when cut_to_fit) to the free space.
  constexpr record_status put_text(std::uint8_t kind, std::uint8_t owner, std::string_view s,
                                   bool cut_to_fit = true) noexcept {
    erase_entry(find_entry(kind, owner, {}));
    if (s.empty()) return record_status::stored;  // an absent entry reads as empty
    const std::size_t free = AttributeBytes - used_;
    if (free < 4) return record_status::dropped;
    std::size_t limit = detail::max_record_string;
    if (cut_to_fit && free - 3 < limit) limit = free - 3;
    const std::size_t n = detail::utf8_prefix(s.data(), s.size(), limit);
    if (3 + n > free) return record_status::dropped;
    const bool cut = n < s.size();
    char* p = &bytes_[used_];
    p[0] = static_cast<char>(tag_of(kind, owner) | (cut ? detail::entry_truncated_bit : 0));
    p[1] = 0;
    p[2] = static_cast<char>(detail::u8(n));
    detail::copy_bytes(p + 3, s.data(), n);
    used_ = static_cast<std::uint16_t>(used_ + 3 + n);
    return cut ? record_status::truncated : record_status::stored;
  }

  constexpr std::string_view text(std::uint8_t kind, std::uint8_t owner) const noexcept {
    const std::size_t at = find_entry(kind, owner, {});
    if (at == npos) return {};
    return std::string_view(&bytes_[at + 3], detail::byte_at(&bytes_[at + 2]));
  }
  constexpr bool text_truncated(std::uint8_t kind, std::uint8_t owner) const noexcept {
    const std::size_t at = find_entry(kind, owner, {});
    return at != npos && (detail::byte_at(&bytes_[at]) & detail::entry_truncated_bit) != 0;
  }

  /// Writes an attribute entry of `value_size` value bytes, replacing one with the same key.
  /// Returns a pointer to the value bytes, or nullptr when dropped.
  constexpr char* put_entry(std::uint8_t kind, bool truncated, std::uint8_t owner,
                            std::string_view key, std::size_t value_size,
                            std::uint16_t& dropped) noexcept {
    if (key.empty() || key.size() > detail::max_record_string) {
      count_drop(dropped);
      return nullptr;
    }
    const std::size_t need = 2 + key.size() + value_size;
    const std::size_t old = find_entry(kind, owner, key);
    const std::size_t reclaimable = old == npos ? 0 : detail::entry_size(&bytes_[old]);
    if (need > AttributeBytes - used_ + reclaimable) {
      count_drop(dropped);
      return nullptr;
    }
    erase_entry(old);
    char* p = &bytes_[used_];
    p[0] = static_cast<char>(tag_of(kind, owner) | (truncated ? detail::entry_truncated_bit : 0));
    p[1] = static_cast<char>(detail::u8(key.size()));
    detail::copy_bytes(p + 2, key.data(), key.size());
    used_ = static_cast<std::uint16_t>(used_ + need);
    return p + 2 + key.size();
  }

  constexpr record_status put_string(std::uint8_t owner, std::string_view key, std::string_view v,
                                     std::uint16_t& dropped) noexcept {
    const std::size_t n = detail::utf8_prefix(v.data(), v.size(), detail::max_record_string);
    const bool cut = n < v.size();
    char* p = put_entry(detail::entry_string, cut, owner, key, 1 + n, dropped);
    if (p == nullptr) return record_status::dropped;
    p[0] = static_cast<char>(detail::u8(n));
    detail::copy_bytes(p + 1, v.data(), n);
    return cut ? record_status::truncated : record_status::stored;
  }
  constexpr record_status put_int(std::uint8_t owner, std::string_view key, std::uint64_t bits,
                                  bool cut, std::uint16_t& dropped) noexcept {
    char* p = put_entry(detail::entry_int64, cut, owner, key, 8, dropped);
    if (p == nullptr) return record_status::dropped;
    detail::store_le64(p, bits);
    return cut ? record_status::truncated : record_status::stored;
  }
  record_status put_double(std::uint8_t owner, std::string_view key, double v,
                           std::uint16_t& dropped) noexcept {
    char* p = put_entry(detail::entry_float64, false, owner, key, 8, dropped);
    if (p == nullptr) return record_status::dropped;
    detail::store_le64(p, detail::double_bits(v));
    return record_status::stored;
  }
  constexpr record_status put_bool(std::uint8_t owner, std::string_view key, bool v,
                                   std::uint16_t& dropped) noexcept {
    char* p = put_entry(detail::entry_boolean, false, owner, key, 1, dropped);
    if (p == nullptr) return record_status::dropped;
    p[0] = v ? 1 : 0;
    return record_status::stored;
  }

  template <class T>
  constexpr record_status put_value(std::uint8_t owner, std::string_view key, const T& value,
                                    std::uint16_t& dropped) noexcept {
    if constexpr (std::is_same_v<T, bool>) {
      return put_bool(owner, key, value, dropped);
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      return put_int(owner, key, static_cast<std::uint64_t>(static_cast<std::int64_t>(value)),
                     false, dropped);
    } else if constexpr (std::is_integral_v<T>) {
      constexpr auto max = static_cast<std::uint64_t>(INT64_MAX);
      const auto u = static_cast<std::uint64_t>(value);
      return put_int(owner, key, u > max ? max : u, u > max, dropped);
    } else if constexpr (std::is_floating_point_v<T>) {
      return put_double(owner, key, static_cast<double>(value), dropped);
    } else {
      static_assert(std::is_convertible_v<const T&, std::string_view>,
                    "attribute values are bool, integers, floating-point or strings");
      return put_string(owner, key, std::string_view(value), dropped);
    }
  }

  constexpr attribute_view find(std::uint8_t owner, std::string_view key) const noexcept {
    const std::size_t at = find_entry(detail::entry_string, owner, key);
    return at == npos ? attribute_view() : attribute_view(&bytes_[at]);
  }
  constexpr std::size_t count_attributes(std::uint8_t owner) const noexcept {
    std::size_t n = 0;
    auto count = [&n](const attribute_view&) noexcept { ++n; };
    visit_attributes(owner, count);
    return n;
  }
  template <class F>
  constexpr void visit_attributes(std::uint8_t owner, F& f) const noexcept {
    for (std::size_t at = 0; at < used_; at += detail::entry_size(&bytes_[at])) {
      const std::uint8_t tag = detail::byte_at(&bytes_[at]);
      if (is_attribute(tag) && (tag >> detail::entry_owner_shift) == owner) {
        f(attribute_view(&bytes_[at]));
      }
    }
  }

  // Fixed part first (one cache line for the default record), then events, links and the area.
  std::uint64_t start_time_unix_ns_ = 0;
  std::uint64_t end_time_unix_ns_ = 0;
  ::tracewire::trace_id trace_id_{};
  ::tracewire::span_id span_id_{};
  ::tracewire::span_id parent_span_id_{};
  std::uint16_t used_ = 0;
  std::uint16_t dropped_attributes_ = 0;
  std::uint16_t dropped_events_ = 0;
  std::uint16_t dropped_links_ = 0;
  trace_flags flags_{};
  span_kind kind_ = span_kind::unspecified;
  span_status_code status_ = span_status_code::unset;
  std::uint8_t event_count_ = 0;
  std::uint8_t link_count_ = 0;
  event_entry events_[MaxEvents == 0 ? 1 : MaxEvents]{};
  link_entry links_[MaxLinks == 0 ? 1 : MaxLinks]{};
  char bytes_[AttributeBytes]{};
};

/// The default record: 888 bytes; 704 shared bytes, 4 events, 2 links.
using span_record = basic_span_record<>;

static_assert(std::is_trivially_copyable_v<span_record>,
              "span records are copied into ring slots with memcpy semantics");
static_assert(std::is_trivially_destructible_v<span_record>,
              "ring slots are reused without running destructors");
static_assert(sizeof(span_record) == 888,
              "the default record plus its 8-byte slot sequence is exactly 14 cache lines");

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_RING_SPAN_RECORD_HPP
