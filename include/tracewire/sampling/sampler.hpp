// SPDX-License-Identifier: Apache-2.0
//
// tracewire/sampling/sampler.hpp: the sampler protocol (OpenTelemetry SDK "Sampling", ShouldSample
// and GetDescription), the views a sampler reads, and sampler descriptions.
//
// Contract
// - A sampler is a plain value type S with
//     template <class Params>
//     constexpr sampling_decision should_sample(const Params& p,
//                                               typename Params::tracestate_type& ts) const
//                                               noexcept;
//     constexpr void describe(description_writer& out) const noexcept;
//   Params is a basic_sampling_parameters<SpanContext, Baggage>. `ts` holds, on entry, the
//   tracestate the new span would carry if nothing changed (the parent's for a child; empty, or
//   the caller's initial tracestate, for a root) and, on return, the tracestate the new span MUST
//   carry (OpenTelemetry SDK, ShouldSample "Return value": a Tracestate; a sampler that does not
//   intend to change it leaves it alone). Working in place means a decision never copies a
//   tracestate; sample() below is the by-value form of the spec's SamplingResult.
// - The parent is `p.parent`: nullptr, or a context whose is_valid() is false, means a root span.
//   `p.trace_id` is the new span's trace-id (the parent's for a child, OpenTelemetry SDK "SDK Span
//   creation" step 1). `p.flags` are the trace flags the new span inherits before the sampled bit
//   is decided: the parent's for a child (W3C Trace Context Level 2: the random flag propagates
//   unchanged), what the id generator set for a root; samplers read the random flag from there.
// - Name, kind, attributes and baggage are views; the sampler never keeps them past the call.
// - Decisions are constexpr, noexcept, allocation-free and lock-free (rate_limited excepted from
//   constexpr only: it reads a clock and an atomic).
// - describe() appends the spec's description (GetDescription: "AlwaysOnSampler",
//   "TraceIdRatioBased{0.1}", "ParentBased{root:...,...}"). description(s) returns it by value;
//   description_writer also works as a size query (it counts what did not fit).
#ifndef TRACEWIRE_SAMPLING_SAMPLER_HPP
#define TRACEWIRE_SAMPLING_SAMPLER_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <utility>

#include "tracewire/baggage.hpp"
#include "tracewire/config.hpp"
#include "tracewire/context.hpp"
#include "tracewire/error.hpp"
#include "tracewire/ids.hpp"
#include "tracewire/span_types.hpp"

TRACEWIRE_BEGIN_NAMESPACE

// --- decision ----------------------------------------------------------------------------------

/// OpenTelemetry SDK, ShouldSample "Decision".
enum class sampling_decision : std::uint8_t {
  drop,               ///< IsRecording false, Sampled flag not set
  record_only,        ///< IsRecording true, Sampled flag not set
  record_and_sample,  ///< IsRecording true, Sampled flag set
};

constexpr bool is_recording(sampling_decision d) noexcept { return d != sampling_decision::drop; }
constexpr bool is_sampled(sampling_decision d) noexcept {
  return d == sampling_decision::record_and_sample;
}

// --- span kind and attributes ------------------------------------------------------------------

// span_kind and attribute_type come from span_types.hpp (shared with span records).

/// One attribute of the span to be created: a key and a value, both views.
struct attribute {
  std::string_view key;
  attribute_type type = attribute_type::string;
  std::string_view string_value;
  bool bool_value = false;
  std::int64_t int_value = 0;
  double double_value = 0.0;

  constexpr attribute() noexcept = default;
  /// A string attribute. (A `const char*` overload keeps literals from converting to bool.)
  constexpr attribute(std::string_view k, std::string_view v) noexcept : key(k), string_value(v) {}
  constexpr attribute(std::string_view k, const char* v) noexcept
      : key(k), string_value(std::string_view(v)) {}

  static constexpr attribute of_bool(std::string_view k, bool v) noexcept {
    attribute a;
    a.key = k;
    a.type = attribute_type::boolean;
    a.bool_value = v;
    return a;
  }
  static constexpr attribute of_int(std::string_view k, std::int64_t v) noexcept {
    attribute a;
    a.key = k;
    a.type = attribute_type::int64;
    a.int_value = v;
    return a;
  }
  static constexpr attribute of_double(std::string_view k, double v) noexcept {
    attribute a;
    a.key = k;
    a.type = attribute_type::float64;
    a.double_value = v;
    return a;
  }
};

/// A view of the span's initial attributes (OpenTelemetry SDK ShouldSample "Initial set of
/// Attributes"); may be empty. The attributes must outlive the call.
class attributes_view {
 public:
  constexpr attributes_view() noexcept = default;
  constexpr attributes_view(const attribute* data, std::size_t size) noexcept
      : data_(data), size_(size) {}
  template <std::size_t N>
  constexpr attributes_view(const attribute (&a)[N]) noexcept  // NOLINT: implicit
      : data_(a), size_(N) {}

  constexpr std::size_t size() const noexcept { return size_; }
  constexpr bool empty() const noexcept { return size_ == 0; }
  constexpr const attribute& operator[](std::size_t i) const noexcept {
    TRACEWIRE_ASSERT(i < size_);
    return data_[i];
  }
  constexpr const attribute* begin() const noexcept { return data_; }
  constexpr const attribute* end() const noexcept { return data_ + size_; }

  /// The first attribute with `key`, or nullptr.
  constexpr const attribute* find(std::string_view key) const noexcept {
    for (std::size_t i = 0; i < size_; ++i) {
      if (data_[i].key == key) return data_ + i;
    }
    return nullptr;
  }

 private:
  const attribute* data_ = nullptr;
  std::size_t size_ = 0;
};

// --- parameters and result ---------------------------------------------------------------------

/// The input of ShouldSample (OpenTelemetry SDK, "ShouldSample" required arguments; links are not
/// represented). An aggregate: set the members you have.
template <class SpanContext = span_context, class Baggage = ::tracewire::baggage>
struct basic_sampling_parameters {
  using span_context_type = SpanContext;
  using tracestate_type = typename SpanContext::tracestate_type;
  using baggage_type = Baggage;

  const SpanContext* parent = nullptr;  ///< nullptr or !is_valid(): a root span
  ::tracewire::trace_id trace_id;       ///< of the span to be created
  trace_flags flags;                    ///< inherited flags (the random flag is read here)
  std::string_view name;                ///< of the span to be created
  span_kind kind = span_kind::internal;
  attributes_view attributes;        ///< may be empty
  const Baggage* baggage = nullptr;  ///< nullptr when there is none

  /// True when the span has a valid parent (OpenTelemetry SDK: an invalid SpanContext means root).
  constexpr bool has_parent() const noexcept { return parent != nullptr && parent->is_valid(); }

  /// Parameters for a child of `p`: its trace-id and flags.
  static constexpr basic_sampling_parameters child_of(
      const SpanContext& p, std::string_view name, span_kind kind = span_kind::internal) noexcept {
    basic_sampling_parameters r;
    r.parent = &p;
    r.trace_id = p.trace_id;
    r.flags = p.flags;
    r.name = name;
    r.kind = kind;
    return r;
  }
  /// Parameters for a new root with the id generator's trace-id and flags.
  static constexpr basic_sampling_parameters root(const ::tracewire::trace_id& id, trace_flags f,
                                                  std::string_view name,
                                                  span_kind kind = span_kind::internal) noexcept {
    basic_sampling_parameters r;
    r.trace_id = id;
    r.flags = f;
    r.name = name;
    r.kind = kind;
    return r;
  }
};

/// Parameters with W3C-sized tracestate and baggage.
using sampling_parameters = basic_sampling_parameters<>;

/// OpenTelemetry SDK "SamplingResult": the decision and the tracestate the span must carry.
template <class TraceState>
struct basic_sampling_result {
  sampling_decision decision = sampling_decision::drop;
  TraceState tracestate;
};

using sampling_result = basic_sampling_result<tracestate>;

/// ShouldSample by value: starts from the parent's tracestate (empty for a root) and returns the
/// decision with the tracestate the new span must carry.
template <class Sampler, class Params>
constexpr basic_sampling_result<typename Params::tracestate_type> sample(const Sampler& s,
                                                                         const Params& p) noexcept {
  basic_sampling_result<typename Params::tracestate_type> r;
  if (p.has_parent()) r.tracestate = p.parent->tracestate;
  r.decision = s.should_sample(p, r.tracestate);
  return r;
}

/// ShouldSample by value for a root span that starts from a tracestate the caller provides (the
/// OpenTelemetry API lets users set the initial tracestate of a root, e.g. an explicit `rv`).
template <class Sampler, class Params>
constexpr basic_sampling_result<typename Params::tracestate_type> sample(
    const Sampler& s, const Params& p, const typename Params::tracestate_type& initial) noexcept {
  basic_sampling_result<typename Params::tracestate_type> r;
  r.tracestate = p.has_parent() ? p.parent->tracestate : initial;
  r.decision = s.should_sample(p, r.tracestate);
  return r;
}

// --- diagnostics -------------------------------------------------------------------------------

/// The situations the specification says a sampler SHOULD warn about. Samplers report them to a
/// diagnostic_hook; tracewire itself never logs.
enum class sampling_diagnostic : std::uint8_t {
  /// A ratio decision used the trace-id as randomness although neither the random flag nor an
  /// explicit `rv` vouches for it (OpenTelemetry SDK, "TraceIdRatioBased sampler compatibility
  /// warning"; tracestate-probability-sampling "Migration").
  randomness_presumed,
  /// A ratio sampler decided for a span that has a parent: different SDKs may disagree, so
  /// TraceIdRatioBased is meant for roots, behind ParentBased (the original SDK text).
  ratio_sampler_for_child,
  /// The `ot` entry could not take the new `th` (it would exceed 256 characters,
  /// tracestate-handling
  /// "Setting values"); the stale threshold was erased instead.
  threshold_not_written,
};

/// A callback for sampling_diagnostic events: a function pointer and a context pointer, so
/// samplers stay trivially copyable and constexpr. Called on every occurrence, on the deciding
/// thread; a hook that wants "the first time only" keeps its own flag. Must not throw.
struct diagnostic_hook {
  void (*function)(sampling_diagnostic, void* context) noexcept = nullptr;
  void* context = nullptr;

  constexpr explicit operator bool() const noexcept { return function != nullptr; }
  constexpr void operator()(sampling_diagnostic d) const noexcept {
    if (function != nullptr) function(d, context);
  }
};

// --- descriptions ------------------------------------------------------------------------------

/// Appends text to a caller buffer and counts every character asked for, so a writer over a
/// too-small (or null, zero-sized) buffer doubles as the size query.
class description_writer {
 public:
  constexpr description_writer(char* out, std::size_t capacity) noexcept
      : out_(out), capacity_(capacity) {}

  constexpr void append(std::string_view s) noexcept {
    for (const char c : s) put(c);
  }
  constexpr void put(char c) noexcept {
    if (size_ < capacity_) out_[size_] = c;
    ++size_;
  }
  /// Appends a ratio in [0, 1] as the shortest decimal that reads back as the same double (the
  /// spec asks for enough precision to tell samplers apart). Values in (0, 2^-56) are outside what
  /// any tracewire sampler accepts and are written as "<2^-56".
  constexpr void append_ratio(double r) noexcept;
  constexpr void append_uint(std::uint64_t v) noexcept {
    char digits[20]{};
    std::size_t n = 0;
    do {
      digits[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) put(digits[--n]);
  }

  /// Characters asked for (written or not).
  constexpr std::size_t size() const noexcept { return size_; }
  constexpr bool truncated() const noexcept { return size_ > capacity_; }

 private:
  char* out_;
  std::size_t capacity_;
  std::size_t size_ = 0;
};

/// A description by value, truncated (and flagged) past N characters.
template <std::size_t N>
class basic_sampler_description {
 public:
  static constexpr std::size_t capacity = N;
  constexpr std::string_view view() const noexcept {
    return std::string_view(chars_, size_ < N ? size_ : N);
  }
  /// The full length; larger than capacity when truncated.
  constexpr std::size_t full_size() const noexcept { return size_; }
  constexpr bool truncated() const noexcept { return size_ > N; }

  template <class Sampler>
  static constexpr basic_sampler_description of(const Sampler& s) noexcept {
    basic_sampler_description d;
    description_writer w(d.chars_, N);
    s.describe(w);
    d.size_ = w.size();
    return d;
  }

 private:
  char chars_[N]{};
  std::size_t size_ = 0;
};

using sampler_description = basic_sampler_description<512>;

/// GetDescription by value.
template <class Sampler>
constexpr sampler_description description(const Sampler& s) noexcept {
  return sampler_description::of(s);
}

/// Size query and write pair: writes at most `size` characters of the description and returns its
/// full length (a result larger than `size` means it was cut).
template <class Sampler>
constexpr std::size_t describe(const Sampler& s, char* out, std::size_t size) noexcept {
  description_writer w(out, size);
  s.describe(w);
  return w.size();
}

// --- detail: 128-bit arithmetic and exact ratio decomposition -----------------------------------

namespace detail {

/// Big-endian 64-bit load: one load and a byte swap at run time (trace_id::high()/low() assemble
/// bytes one at a time, which costs about 40 instructions more per decision), a loop in constant
/// evaluation.
constexpr std::uint64_t load_be64(const std::uint8_t* p) noexcept {
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && TRACEWIRE_HAS_BUILTIN(__builtin_bswap64)
  if (!is_constant_evaluated()) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, 8);
    return __builtin_bswap64(v);
  }
#endif
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}
/// Bytes 0-7 and 8-15 of a trace-id as big-endian integers (trace_id::high() and low()).
constexpr std::uint64_t id_high(const trace_id& id) noexcept { return load_be64(id.data()); }
constexpr std::uint64_t id_low(const trace_id& id) noexcept { return load_be64(id.data() + 8); }
/// The right-most 56 bits (trace_id::low56()).
constexpr std::uint64_t id_low56(const trace_id& id) noexcept {
  return id_low(id) & 0x00FFFFFFFFFFFFFFull;
}

/// Unsigned 128-bit integer, enough for the exact ratio arithmetic below (portable, constexpr).
struct u128 {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;

  friend constexpr bool operator<(u128 a, u128 b) noexcept {
    return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
  }
  friend constexpr bool operator==(u128 a, u128 b) noexcept { return a.hi == b.hi && a.lo == b.lo; }
  friend constexpr bool operator<=(u128 a, u128 b) noexcept { return !(b < a); }
  friend constexpr u128 operator+(u128 a, u128 b) noexcept {
    const std::uint64_t sum = a.lo + b.lo;
    return u128{a.hi + b.hi + (sum < a.lo ? 1u : 0u), sum};
  }
  friend constexpr u128 operator-(u128 a, u128 b) noexcept {
    return u128{a.hi - b.hi - (a.lo < b.lo ? 1u : 0u), a.lo - b.lo};
  }
  constexpr u128 shl(unsigned s) const noexcept {
    if (s == 0) return *this;
    if (s >= 64) return u128{lo << (s - 64), 0};
    return u128{(hi << s) | (lo >> (64 - s)), lo << s};
  }
  constexpr u128 shr(unsigned s) const noexcept {
    if (s == 0) return *this;
    if (s >= 64) return u128{0, hi >> (s - 64)};
    return u128{hi >> s, (lo >> s) | (hi << (64 - s))};
  }
  constexpr u128 times10() const noexcept { return shl(3) + shl(1); }
  constexpr unsigned bit_width() const noexcept {
    unsigned n = 0;
    for (u128 v = *this; !(v == u128{}); v = v.shr(1)) ++n;
    return n;
  }
  static constexpr u128 pow2(unsigned s) noexcept { return u128{0, 1}.shl(s); }
};

/// The smallest ratio with a 56-bit threshold (OpenTelemetry SDK, TraceIdRatioBased
/// configuration: "The minimum valid sampling ratio is 2^-56").
inline constexpr double min_ratio = 0x1p-56;

/// r * 2^108 as an exact integer, for r in [2^-56, 1] (every such double has its lowest mantissa
/// bit at 2^-108 or above, and scaling by a power of two is exact).
constexpr u128 ratio_times_2_108(double r) noexcept {
  const double m = r * 0x1p108;
  const double hi = static_cast<double>(static_cast<std::uint64_t>(m * 0x1p-64));
  return u128{static_cast<std::uint64_t>(hi), static_cast<std::uint64_t>(m - hi * 0x1p64)};
}

/// Shortest round-trip digits of r in [2^-56, 1) after "0.", by Steele and White's free-format
/// algorithm (the one behind Python's repr and Go's %v): emit digits until the value so far is
/// closer to r than to either neighbouring double.
constexpr void append_fraction_digits(description_writer& w, double r) noexcept {
  const u128 m = ratio_times_2_108(r);  // r = m * 2^-108
  const unsigned width = m.bit_width();
  const unsigned shift = width > 53 ? width - 53 : 0;  // r = f * 2^(shift - 108), f has 53 bits
  const u128 f = m.shr(shift);
  const bool boundary = f == u128::pow2(52);  // the double below is half as far away
  const bool even = (f.lo & 1u) == 0;         // round-half-even: the interval is closed
  // r = R / S; the halfway points to the neighbours are R -/+ M- / M+ over S.
  const unsigned scale = 108 - shift;  // r = f / 2^scale
  u128 big_r = f.shl(boundary ? 2 : 1);
  const u128 big_s = u128::pow2(scale + (boundary ? 2 : 1));
  u128 m_plus = u128{0, boundary ? 2u : 1u};
  u128 m_minus = u128{0, 1};
  for (int n = 0; n < 40; ++n) {
    big_r = big_r.times10();
    m_plus = m_plus.times10();
    m_minus = m_minus.times10();
    unsigned digit = 0;
    while (big_s <= big_r) {
      big_r = big_r - big_s;
      ++digit;
    }
    const bool low = even ? big_r <= m_minus : big_r < m_minus;
    const u128 upper = big_r + m_plus;
    const bool high = even ? big_s <= upper : big_s < upper;
    if (!low && !high) {
      w.put(static_cast<char>('0' + digit));
      continue;
    }
    if (high && (!low || big_s < big_r + big_r || (big_s == big_r + big_r && (digit & 1u) != 0))) {
      ++digit;
    }
    w.put(static_cast<char>('0' + digit));
    return;
  }
}

}  // namespace detail

constexpr void description_writer::append_ratio(double r) noexcept {
  if (r != r) {
    append("NaN");
  } else if (r <= 0.0) {
    put('0');
  } else if (r >= 1.0) {
    put('1');
  } else if (r < detail::min_ratio) {
    append("<2^-56");
  } else {
    append("0.");
    detail::append_fraction_digits(*this, r);
  }
}

// --- ratio validation --------------------------------------------------------------------------

/// The rule a sampling ratio breaks, errc::ok if none: NaN, negative, above 1, or in (0, 2^-56)
/// where no 56-bit threshold exists (OpenTelemetry SDK, TraceIdRatioBased configuration). 0 is
/// valid (it never samples).
constexpr errc check_ratio(double r) noexcept {
  if (r != r) return errc::sampler_ratio_not_a_number;
  if (r < 0.0) return errc::sampler_ratio_negative;
  if (r > 1.0) return errc::sampler_ratio_above_one;
  if (r > 0.0 && r < detail::min_ratio) return errc::sampler_ratio_below_minimum;
  return errc::ok;
}

// --- sampler detection -------------------------------------------------------------------------

namespace detail {
template <class S, class Params, class = void>
struct is_sampler_for : std::false_type {};
template <class S, class Params>
struct is_sampler_for<
    S, Params,
    std::void_t<decltype(std::declval<const S&>().should_sample(
                    std::declval<const Params&>(),
                    std::declval<typename Params::tracestate_type&>())),
                decltype(std::declval<const S&>().describe(std::declval<description_writer&>()))>>
    : std::bool_constant<std::is_same_v<decltype(std::declval<const S&>().should_sample(
                                            std::declval<const Params&>(),
                                            std::declval<typename Params::tracestate_type&>())),
                                        sampling_decision>> {};
}  // namespace detail

/// True when S implements the sampler protocol for parameters of type Params.
template <class S, class Params = sampling_parameters>
inline constexpr bool is_sampler_v = detail::is_sampler_for<S, Params>::value;

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_SAMPLING_SAMPLER_HPP
