// SPDX-License-Identifier: Apache-2.0
//
// benchmarks/self_check.hpp: before anything is timed or counted, both benchmark programs check
// that every measured operation succeeds on its input and that tracewire and the naive baselines
// agree (for baggage: on every decoded value and property). A benchmark of an error path (a
// rejected input, a truncated list, a put that does not evict, a dropped baggage member) would
// report flattering numbers for work that was never done.
#ifndef TRACEWIRE_BENCHMARKS_SELF_CHECK_HPP
#define TRACEWIRE_BENCHMARKS_SELF_CHECK_HPP

#include <cstddef>
#include <string>
#include <string_view>

#include "inputs.hpp"
#include "naive.hpp"
#include "tracewire/baggage.hpp"
#include "tracewire/traceparent.hpp"
#include "tracewire/tracestate.hpp"

namespace tracewire_bench {

/// Same members in the same order in both representations.
inline bool same_members(const tracewire::tracestate& ts, const naive::tracestate& nv) {
  if (ts.size() != nv.size()) return false;
  for (std::size_t i = 0; i < ts.size(); ++i) {
    if (ts[i].key != nv[i].first || ts[i].value != nv[i].second) return false;
  }
  return true;
}

/// Same members (keys, decoded values, properties) in the same order in both representations.
inline bool same_members(const tracewire::baggage& bg, const naive::baggage& nv) {
  if (bg.size() != nv.size()) return false;
  for (std::size_t i = 0; i < bg.size(); ++i) {
    const auto m = bg[i];
    const naive::baggage_member& n = nv[i];
    if (m.key() != n.key || m.value() != n.value || m.property_count() != n.properties.size()) {
      return false;
    }
    for (std::size_t j = 0; j < m.property_count(); ++j) {
      const tracewire::baggage_property p = m.property(j);
      if (p.key != n.properties[j].key || p.value != n.properties[j].value ||
          p.has_value != n.properties[j].has_value) {
        return false;
      }
    }
  }
  return true;
}

/// nullptr when a baggage header parses whole (nothing skipped or dropped) into `members` members,
/// formats back to itself (the inputs are canonical), and the naive baseline decodes the same
/// members and formats the same text; else what went wrong.
inline const char* check_baggage_round_trip(std::string_view header, std::size_t members,
                                            tracewire::baggage& bg) {
  const tracewire::baggage_status st = bg.assign(header);
  if (!st || st.skipped != 0 || st.dropped != 0 || bg.size() != members) {
    return "tracewire baggage assign did not keep every member";
  }
  if (bg.formatted_size() != header.size()) return "tracewire baggage formatted_size wrong";
  static char out[tracewire::baggage::max_bytes];
  const auto f = bg.format(out, sizeof out);
  if (!f || std::string_view(out, *f) != header) return "tracewire baggage format wrong";
  naive::baggage nv;
  if (!naive::parse_baggage(header, nv)) return "naive baggage parse failed";
  if (!same_members(bg, nv)) return "naive and tracewire baggage parses disagree";
  if (naive::format_baggage(nv) != header) return "naive baggage format wrong";
  return nullptr;
}

/// nullptr when every benchmarked operation does the intended work, else what went wrong.
inline const char* self_check() {
  // traceparent
  const auto tp = tracewire::parse_traceparent(traceparent_input);
  if (!tp) return "tracewire::parse_traceparent rejected the traceparent input";
  char hex[32];
  tp->trace_id.to_hex(hex);
  if (std::string_view(hex, 32) != traceparent_input.substr(3, 32)) return "trace-id decoded wrong";
  tp->parent_id.to_hex(hex);
  if (std::string_view(hex, 16) != traceparent_input.substr(36, 16))
    return "parent-id decoded wrong";
  if (tp->flags.value() != 0x01) return "trace-flags decoded wrong";

  char buf[tracewire::traceparent_size];
  const auto w = tracewire::format_traceparent(*tp, buf, sizeof buf);
  if (!w || *w != traceparent_input.size() || std::string_view(buf, *w) != traceparent_input) {
    return "tracewire::format_traceparent (buffer) did not reproduce the input";
  }
  const auto v = tracewire::format_traceparent(*tp);
  if (!v || v->view() != traceparent_input) {
    return "tracewire::format_traceparent (by value) did not reproduce the input";
  }

  naive::traceparent ntp;
  if (!naive::parse_traceparent(traceparent_input, ntp)) return "naive traceparent parse failed";
  if (ntp.trace_id != tp->trace_id.bytes() || ntp.parent_id != tp->parent_id.bytes() ||
      ntp.flags != tp->flags.value() || ntp.version != tp->version) {
    return "naive and tracewire traceparent parses disagree";
  }
  if (naive::format_traceparent(ntp) != traceparent_input) return "naive traceparent format wrong";

  // tracestate: both lists must parse whole (no truncation), and agree with the baseline.
  const std::string_view lists[] = {tracestate_2_input, tracestate_32_input};
  const std::size_t sizes[] = {2, 32};
  for (std::size_t i = 0; i < 2; ++i) {
    tracewire::tracestate ts;
    const tracewire::tracestate_status st = ts.assign(lists[i]);
    if (!st || st.dropped != 0 || ts.size() != sizes[i]) {
      return "tracewire tracestate assign did not keep every member";
    }
    if (ts.view() != lists[i]) return "tracewire tracestate view differs from the input";
    char out[512];
    const auto f = ts.format(out, sizeof out);
    if (!f || std::string_view(out, *f) != lists[i]) return "tracewire tracestate format wrong";
    naive::tracestate nv;
    if (!naive::parse_tracestate(lists[i], nv)) return "naive tracestate parse failed";
    if (!same_members(ts, nv)) return "naive and tracewire tracestate parses disagree";
  }

  // put on the full list: the new key goes to the left and the right-most member is evicted.
  tracewire::tracestate full;
  if (!full.assign(tracestate_32_input)) return "32-member list rejected";
  tracewire::tracestate t = full;
  const tracewire::tracestate_status ps = t.put(put_key, put_value);
  if (!ps || ps.dropped != 1 || t.size() != 32 || t[0].key != put_key || t[0].value != put_value ||
      t.contains("k31") || !t.contains("k30")) {
    return "put on the full list did not insert at the left and evict the right-most member";
  }

  // baggage: both headers parse whole and round-trip, tracewire and the baseline agree, and the
  // decoded values are the ones inputs.hpp describes.
  static tracewire::baggage bg;  // static: about 9 KiB
  if (const char* e = check_baggage_round_trip(baggage_3_input, 3, bg)) return e;
  if (bg.get("enduser.id") != "u-8231" || bg.get("user.tier") != "premium" ||
      bg.get("cart.value") != "129.90 EUR" || bg.property_count() != 1 ||
      bg[1].property_count() != 1 || bg[1].property(0).key != "source" ||
      bg[1].property(0).value != "gateway" || !bg[1].property(0).has_value) {
    return "3-member baggage decoded wrong";
  }
  if (bg.get(baggage_get_key) != baggage_get_value)
    return "baggage get of the benchmarked key wrong";
  // set replaces user.tier and appends it; a second set (what every later iteration does) too.
  const tracewire::baggage_property prop{baggage_set_property_key, baggage_set_property_value,
                                         true};
  char out[tracewire::baggage::max_bytes];
  for (int round = 0; round < 2; ++round) {
    if (bg.set(baggage_set_key, baggage_set_value, &prop, 1) != tracewire::errc::ok) {
      return "baggage set refused the benchmarked member";
    }
    const auto f = bg.format(out, sizeof out);
    if (bg.size() != 3 || !f || std::string_view(out, *f) != baggage_after_set) {
      return "baggage set did not replace the member";
    }
  }

  if (const char* e = check_baggage_round_trip(baggage_64_input, baggage_64_members, bg)) return e;
  if (bg.property_count() != 16) return "64-member baggage: expected 16 properties";
  for (std::size_t i = 0; i < bg.size(); ++i) {
    const auto m = bg[i];
    const std::string_view value = m.value();
    // Decoded: no escape left; the %20 runs and the UTF-8 prefix decoded.
    if (value.find('%') != std::string_view::npos || value.find(' ') == std::string_view::npos ||
        (i % 8 == 0) != (value.substr(0, 6) == "caf\xC3\xA9 ") ||
        m.property_count() != (i % 4 == 3 ? 1u : 0u)) {
      return "64-member baggage decoded wrong";
    }
  }
  return nullptr;
}

}  // namespace tracewire_bench

#endif  // TRACEWIRE_BENCHMARKS_SELF_CHECK_HPP
