// SPDX-License-Identifier: Apache-2.0
//
// fuzz/fuzz_traceparent.cpp: traceparent and traceresponse (W3C Trace Context 3.2, Level 2 4).
//
// Properties checked on every input:
// - The run-time parser (SSE2 fast path when available) and the portable constexpr parser agree
//   exactly: same errc, same fields. parse_traceresponse agrees with parse_traceparent.
// - A reference reading of the grammar written here, independently of the library, agrees on
//   valid/invalid and on every field.
// - For a valid input: the formatted header is exactly formatted_size() bytes, identical in two
//   buffers pre-filled with different canaries, nothing is written past it, it is version 00 in
//   lowercase with the reserved flag bits zeroed, it equals the input's own id text, and it
//   re-parses to the same ids and to flags.known(). A buffer one byte too small gets
//   buffer_too_small and is not written at all.
// - The first 25 input bytes, taken as raw trace-id, parent-id and flags, format to the reference
//   hex (or to the all-zero error, writing nothing) and parse back.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "tracewire/ids.hpp"
#include "tracewire/traceparent.hpp"

namespace {

namespace tw = tracewire;
using tracewire_fuzz::canary_buffers;
using tracewire_fuzz::errc_name;
using tracewire_fuzz::owned_text;
using tracewire_fuzz::reference_hex;

// --- reference -------------------------------------------------------------------------------

int ref_hexdiglc(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // uppercase is not HEXDIGLC (3.2.2.1)
}

/// Decodes 2*n HEXDIGLC characters; false if any is not one.
bool ref_decode(std::string_view s, std::size_t n, std::uint8_t* out) {
  for (std::size_t i = 0; i < n; ++i) {
    const int hi = ref_hexdiglc(s[2 * i]);
    const int lo = ref_hexdiglc(s[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return true;
}

bool all_zero(const std::uint8_t* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i] != 0) return false;
  }
  return true;
}

struct ref_header {
  bool valid = false;
  std::uint8_t version = 0;
  std::uint8_t trace[16]{};
  std::uint8_t span[8]{};
  std::uint8_t flags = 0;
  std::string_view text;  // the value without surrounding OWS
};

/// W3C Trace Context 3.2.2 and "Versioning of traceparent", read directly from the spec.
ref_header reference_parse(std::string_view s) {
  ref_header r;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  r.text = s;
  if (s.size() < 55) return r;  // even a higher version is at least 55 characters
  if (!ref_decode(s.substr(0, 2), 1, &r.version) || r.version == 0xFF) return r;
  if (s[2] != '-' || s[35] != '-' || s[52] != '-') return r;
  if (r.version == 0 && s.size() != 55) return r;  // version 00 is exactly 55
  if (s.size() > 55 && s[55] != '-') return r;     // flags end the string or precede '-'
  if (!ref_decode(s.substr(3, 32), 16, r.trace)) return r;
  if (!ref_decode(s.substr(36, 16), 8, r.span)) return r;
  if (!ref_decode(s.substr(53, 2), 1, &r.flags)) return r;
  if (all_zero(r.trace, 16) || all_zero(r.span, 8)) return r;  // 3.2.2.3, 3.2.2.4
  r.valid = true;
  return r;
}

bool is_traceparent_error(tw::errc e) {
  switch (e) {
    case tw::errc::uppercase_hex:
    case tw::errc::traceparent_too_short:
    case tw::errc::traceparent_too_long:
    case tw::errc::version_not_hex:
    case tw::errc::version_ff:
    case tw::errc::missing_dash:
    case tw::errc::trace_id_not_hex:
    case tw::errc::parent_id_not_hex:
    case tw::errc::flags_not_hex:
    case tw::errc::trace_id_all_zero:
    case tw::errc::parent_id_all_zero:
    case tw::errc::future_version_bad_suffix:
      return true;
    default:
      return false;
  }
}

bool same_fields(const tw::traceparent& a, const tw::traceparent& b) {
  return a.version == b.version && a.trace_id == b.trace_id && a.parent_id == b.parent_id &&
         a.flags == b.flags;
}

std::string hex_of(const tw::traceparent& tp) {
  return reference_hex(tp.trace_id.data(), 16) + "-" + reference_hex(tp.parent_id.data(), 8) +
         " v" + std::to_string(tp.version) + " f" + std::to_string(tp.flags.value());
}

// --- formatting ------------------------------------------------------------------------------

/// Formats `tp` and checks the writer contract; returns the text written.
std::string check_format(const tw::traceparent& tp, std::size_t extra) {
  const std::size_t want = tw::formatted_size(tp);
  TRACEWIRE_FUZZ_CHECK(want == tw::traceparent_size, "formatted_size is " + std::to_string(want));

  canary_buffers buf(want + extra);
  const tw::result<std::size_t> ra = tw::format_traceparent(tp, buf.a(), buf.capacity());
  const tw::result<std::size_t> rb = tw::format_traceparent(tp, buf.b(), buf.capacity());
  TRACEWIRE_FUZZ_CHECK(ra && rb, "format failed: " + errc_name(ra.error()));
  TRACEWIRE_FUZZ_CHECK(*ra == want && *rb == want, "wrote " + std::to_string(*ra) + " bytes");
  TRACEWIRE_FUZZ_CHECK(buf.same_prefix(want), "outputs differ between canary buffers");
  TRACEWIRE_FUZZ_CHECK(buf.untouched_from(want), "wrote past the reported size");
  const std::string out(buf.view_a(want));

  // Exactly-sized destination: an overflow would be an AddressSanitizer report.
  canary_buffers exact(want);
  const tw::result<std::size_t> re = tw::format_traceparent(tp, exact.a(), exact.capacity());
  TRACEWIRE_FUZZ_CHECK(re && *re == want && exact.view_a(want) == out, "exact buffer differs");

  // One byte short: refused, nothing written.
  canary_buffers small(want - 1);
  const tw::result<std::size_t> rs = tw::format_traceparent(tp, small.a(), small.capacity());
  const tw::result<std::size_t> rs2 = tw::format_traceparent(tp, small.b(), small.capacity());
  TRACEWIRE_FUZZ_CHECK(!rs && rs.error() == tw::errc::buffer_too_small && !rs2,
                       "small buffer: " + errc_name(rs.error()));
  TRACEWIRE_FUZZ_CHECK(small.untouched_from(0), "a refused format wrote to the buffer");
  const tw::result<std::size_t> rz = tw::format_traceparent(tp, nullptr, 0);
  TRACEWIRE_FUZZ_CHECK(!rz && rz.error() == tw::errc::buffer_too_small, "size 0 accepted");

  // The by-value form and traceresponse write the same text.
  const auto rv = tw::format_traceparent(tp);
  TRACEWIRE_FUZZ_CHECK(rv && rv->view() == out, "by-value format differs");
  const tw::traceresponse tr{tp.version, tp.trace_id, tp.parent_id, tp.flags};
  canary_buffers rbuf(want);
  const tw::result<std::size_t> rr = tw::format_traceresponse(tr, rbuf.a(), rbuf.capacity());
  TRACEWIRE_FUZZ_CHECK(rr && *rr == want && rbuf.view_a(want) == out, "traceresponse differs");

  // Version 00, lowercase, reserved flag bits zeroed (3.2.2.5: "Vendors MUST set those to zero").
  const std::uint8_t known = tp.flags.known().value();
  const std::string expected = "00-" + reference_hex(tp.trace_id.data(), 16) + "-" +
                               reference_hex(tp.parent_id.data(), 8) + "-" +
                               reference_hex(&known, 1);
  TRACEWIRE_FUZZ_CHECK(out == expected, "formatted " + out + ", expected " + expected);

  // Round trip: the text re-parses to the same ids and the known flags.
  const owned_text again(out);
  const tw::result<tw::traceparent> back = tw::parse_traceparent(again.view());
  TRACEWIRE_FUZZ_CHECK(back, "formatted text does not parse: " + errc_name(back.error()));
  TRACEWIRE_FUZZ_CHECK(back->version == 0 && back->trace_id == tp.trace_id &&
                           back->parent_id == tp.parent_id && back->flags == tp.flags.known(),
                       "round trip changed the header: " + hex_of(*back));
  return out;
}

void check_parse(std::string_view s) {
  const tw::result<tw::traceparent> fast = tw::parse_traceparent(s);
  const tw::result<tw::traceparent> portable = tw::detail::parse_traceparent_portable(s);
  const tw::result<tw::traceresponse> resp = tw::parse_traceresponse(s);

  TRACEWIRE_FUZZ_CHECK(
      fast.error() == portable.error(),
      "fast path " + errc_name(fast.error()) + ", portable " + errc_name(portable.error()));
  TRACEWIRE_FUZZ_CHECK(
      resp.error() == fast.error(),
      "traceresponse " + errc_name(resp.error()) + ", traceparent " + errc_name(fast.error()));

  const ref_header ref = reference_parse(s);
  TRACEWIRE_FUZZ_CHECK(fast.has_value() == ref.valid,
                       std::string("reference says ") + (ref.valid ? "valid" : "invalid") +
                           ", library says " + errc_name(fast.error()));
  if (!fast) {
    TRACEWIRE_FUZZ_CHECK(is_traceparent_error(fast.error()),
                         "not a traceparent rule: " + errc_name(fast.error()));
    return;
  }

  TRACEWIRE_FUZZ_CHECK(same_fields(*fast, *portable),
                       "fast " + hex_of(*fast) + ", portable " + hex_of(*portable));
  TRACEWIRE_FUZZ_CHECK(resp->version == fast->version && resp->trace_id == fast->trace_id &&
                           resp->child_id == fast->parent_id && resp->flags == fast->flags,
                       "traceresponse fields differ");
  TRACEWIRE_FUZZ_CHECK(fast->version == ref.version && fast->flags.value() == ref.flags &&
                           std::memcmp(fast->trace_id.data(), ref.trace, 16) == 0 &&
                           std::memcmp(fast->parent_id.data(), ref.span, 8) == 0,
                       "fields differ from the reference: " + hex_of(*fast));

  const std::string out = check_format(*fast, 16);
  // The input was lowercase hex, so the output repeats its id text (version and flags aside).
  TRACEWIRE_FUZZ_CHECK(out.compare(3, 49, ref.text.substr(3, 49)) == 0,
                       "ids re-encoded differently: " + out);
}

/// Raw bytes as ids: the writer's all-zero rules and the hex encoder.
void check_raw(const std::uint8_t* data, std::size_t size) {
  if (size < 25) return;
  tw::traceparent tp;
  tp.trace_id = tw::trace_id::from_bytes(data);
  tp.parent_id = tw::span_id::from_bytes(data + 16);
  tp.flags = tw::trace_flags(data[24]);
  tp.version = size > 25 ? data[25] : 0;  // any version: output is always 00

  const bool trace_zero = all_zero(data, 16);
  const bool span_zero = all_zero(data + 16, 8);
  if (!trace_zero && !span_zero) {
    check_format(tp, 3);
    return;
  }
  canary_buffers buf(tw::traceparent_size + 8);
  const tw::result<std::size_t> r = tw::format_traceparent(tp, buf.a(), buf.capacity());
  const tw::errc want = trace_zero ? tw::errc::trace_id_all_zero : tw::errc::span_id_all_zero;
  TRACEWIRE_FUZZ_CHECK(!r && r.error() == want, "all-zero id: got " + errc_name(r.error()));
  TRACEWIRE_FUZZ_CHECK(buf.untouched_from(0), "a refused format wrote to the buffer");
  TRACEWIRE_FUZZ_CHECK(!tw::format_traceparent(tp), "by-value format accepted an all-zero id");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const owned_text input(data, size);
  tracewire_fuzz::current_input() = input.view();
  check_parse(input.view());
  check_raw(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  return 0;
}
