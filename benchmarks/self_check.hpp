// SPDX-License-Identifier: Apache-2.0
//
// benchmarks/self_check.hpp: before anything is timed or counted, both benchmark programs check
// that every measured operation succeeds on its input and that tracewire and the naive baselines
// agree. A benchmark of an error path (a rejected input, a truncated list, a put that does not
// evict) would report flattering numbers for work that was never done.
#ifndef TRACEWIRE_BENCHMARKS_SELF_CHECK_HPP
#define TRACEWIRE_BENCHMARKS_SELF_CHECK_HPP

#include <cstddef>
#include <string>
#include <string_view>

#include "inputs.hpp"
#include "naive.hpp"
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
  return nullptr;
}

}  // namespace tracewire_bench

#endif  // TRACEWIRE_BENCHMARKS_SELF_CHECK_HPP
