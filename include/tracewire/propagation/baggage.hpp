// SPDX-License-Identifier: Apache-2.0
//
// tracewire/propagation/baggage.hpp: the W3C Baggage propagator.
//
// Extract replaces the baggage with every `baggage` field combined in order into one list and
// applies the limits to the total (W3C Baggage "Limits": 64 members and 8192 bytes across all
// fields; whole members are dropped, never a partial one, never the whole baggage); an invalid
// member is skipped and the rest kept (status.detail names the first problem). No baggage field:
// the baggage is unchanged. Inject writes one `baggage` field, or removes a stale one when the
// baggage is empty.
#ifndef TRACEWIRE_PROPAGATION_BAGGAGE_HPP
#define TRACEWIRE_PROPAGATION_BAGGAGE_HPP

#include <string_view>

#include "tracewire/baggage.hpp"
#include "tracewire/carrier.hpp"
#include "tracewire/config.hpp"
#include "tracewire/context.hpp"
#include "tracewire/error.hpp"
#include "tracewire/propagation/propagator.hpp"

TRACEWIRE_BEGIN_NAMESPACE

namespace detail {
inline constexpr std::string_view baggage_fields[] = {"baggage"};
}  // namespace detail

/// W3C Baggage: the `baggage` field.
struct w3c_baggage {
  static constexpr std::string_view name = "baggage";
  static constexpr std::string_view field = "baggage";
  static constexpr field_list fields() noexcept { return {detail::baggage_fields, 1}; }

  template <class Carrier, std::size_t M, std::size_t B, std::size_t P, baggage_limits L>
  constexpr propagation_status extract(const Carrier& carrier,
                                       basic_baggage<M, B, P, L>& out) const noexcept {
    return extract_hits(carrier, scan_fields(carrier, detail::baggage_fields), 0, out);
  }

  /// Extract from a scan that looked for baggage at names[at] (see w3c_trace_context).
  template <class Carrier, std::size_t K, std::size_t M, std::size_t B, std::size_t P,
            baggage_limits L>
  constexpr propagation_status extract_hits(const Carrier& carrier,
                                            const field_hits<Carrier, K>& hits, std::size_t at,
                                            basic_baggage<M, B, P, L>& out) const noexcept {
    if (hits.count[at] == 0) return {errc::field_missing, errc::ok};
    baggage_status st;
    if (hits.count[at] == 1) {
      st = out.assign(Carrier::value(hits.first[at]));
    } else {
      const field_range<Carrier> fields = hits.values(carrier, at, field);
      st = out.assign(fields.begin(), fields.end());
    }
    return {errc::ok, st.error};
  }

  template <class Carrier, class SC, class BG>
  constexpr propagation_status extract(const Carrier& carrier,
                                       basic_context<SC, BG>& out) const noexcept {
    return extract(carrier, out.baggage);
  }

  template <std::size_t M, std::size_t B, std::size_t P, baggage_limits L, class Carrier>
  errc inject(const basic_baggage<M, B, P, L>& in, Carrier& carrier) const {
    if (in.empty()) {
      detail::erase_field(carrier, field);
      return errc::ok;
    }
    char buf[B];
    const result<std::size_t> n = in.format(buf, sizeof buf);
    if (!n) return n.error();
    return detail::set_trusted(carrier, field, std::string_view(buf, *n));
  }

  template <class SC, class BG, class Carrier>
  errc inject(const basic_context<SC, BG>& in, Carrier& carrier) const {
    return inject(in.baggage, carrier);
  }
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_PROPAGATION_BAGGAGE_HPP
