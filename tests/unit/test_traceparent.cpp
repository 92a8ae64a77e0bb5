// SPDX-License-Identifier: Apache-2.0
//
// Run-time tests of traceparent / traceresponse (W3C Trace Context 3.2, Level 2 section 4): the
// shared case table (also checked at compile time), then the exhaustive sweeps of STYLE 11 (all 256
// version bytes, all 256 flag bytes, every byte value at every position of both ids, the
// separators and the flags) and round trips in both directions. At run time on x86-64, version-00
// headers of 55 characters take the SSE2 fast path; the other versions and every error take the
// portable path, so the sweeps run with version 00 and with a higher version.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <string_view>

#include "test_util.hpp"
#include "traceparent_cases.hpp"
#include "tracewire/traceparent.hpp"

namespace tw = tracewire;
using tracewire_test::errc_text;
using tracewire_test::hex_of;
using tracewire_test::printable;

namespace {

constexpr std::string_view kTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr std::string_view kParent = "00f067aa0ba902b7";

std::string header(std::string_view version, std::string_view trace, std::string_view parent,
                   std::string_view flags, std::string_view suffix = {}) {
  std::string s;
  s.append(version).append("-").append(trace).append("-").append(parent).append("-").append(flags);
  s.append(suffix);
  return s;
}

std::string describe(const tw::result<tw::traceparent>& r) {
  if (!r) return "error " + errc_text(r.error());
  return "version " + tracewire_test::hex2(r->version) + ", trace-id " + hex_of(r->trace_id) +
         ", parent-id " + hex_of(r->parent_id) + ", flags " +
         tracewire_test::hex2(r->flags.value());
}

std::string format_string(const tw::traceparent& tp) {
  char out[tw::traceparent_size];
  const tw::result<std::size_t> n = tw::format_traceparent(tp, out, sizeof out);
  if (!n) return "<error " + errc_text(n.error()) + ">";
  return std::string(out, *n);
}

bool is_lower_hex_char(int c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool is_upper_hex_letter(int c) { return c >= 'A' && c <= 'F'; }

}  // namespace

// --- the shared case table ----------------------------------------------------------------------

TEST(traceparent_cases, every_case_at_run_time) {
  ASSERT_GT(tracewire_test::traceparent_case_count, 90u);
  for (std::size_t i = 0; i < tracewire_test::traceparent_case_count; ++i) {
    const tracewire_test::traceparent_case& c = tracewire_test::traceparent_cases[i];
    const tracewire_test::mismatch m = tracewire_test::check_traceparent_case(c);
    if (m == tracewire_test::mismatch::none) continue;
    std::string want = "error " + errc_text(c.expected);
    if (c.expected == tw::errc::ok) {
      want = "version " + tracewire_test::hex2(c.version) + ", trace-id " +
             std::string(c.trace_id) + ", parent-id " + std::string(c.parent_id) + ", flags " +
             tracewire_test::hex2(c.flags);
    }
    const tw::result<tw::traceparent> got = tw::parse_traceparent(c.input);
    ADD_FAILURE() << "traceparent case " << i << ": " << printable(c.input)
                  << "\n  mismatch: " << tracewire_test::mismatch_name(m)
                  << "\n  expected: " << want << "\n  actual:   " << describe(got)
                  << (got ? "\n  formatted: " + format_string(*got) : std::string());
  }
}

// --- exhaustive: the version byte -----------------------------------------------------------

TEST(traceparent_exhaustive, all_256_version_values) {
  for (unsigned v = 0; v < 256; ++v) {
    const std::string version = tracewire_test::hex2(v);
    SCOPED_TRACE("version " + version);
    // Exactly 55 characters: every version but ff.
    const tw::result<tw::traceparent> r =
        tw::parse_traceparent(header(version, kTrace, kParent, "01"));
    if (v == 0xff) {
      EXPECT_EQ(r.error(), tw::errc::version_ff);
    } else {
      ASSERT_TRUE(r) << errc_text(r.error());
      EXPECT_EQ(r->version, v);
      EXPECT_EQ(hex_of(r->trace_id), kTrace);
      EXPECT_EQ(hex_of(r->parent_id), kParent);
      EXPECT_EQ(r->flags.value(), 0x01);
      // Written back as version 00 whatever was received.
      EXPECT_EQ(format_string(*r), header("00", kTrace, kParent, "01"));
    }
    // Followed by "-" and unknown fields: only higher versions (00 is exactly 55 characters).
    const tw::result<tw::traceparent> f =
        tw::parse_traceparent(header(version, kTrace, kParent, "01", "-future"));
    if (v == 0xff) {
      EXPECT_EQ(f.error(), tw::errc::version_ff);
    } else if (v == 0) {
      EXPECT_EQ(f.error(), tw::errc::traceparent_too_long);
    } else {
      ASSERT_TRUE(f) << errc_text(f.error());
      EXPECT_EQ(f->version, v);
    }
    // The same value in uppercase is not HEXDIGLC.
    std::string upper = version;
    for (char& ch : upper) {
      if (ch >= 'a' && ch <= 'f') ch = static_cast<char>(ch - 'a' + 'A');
    }
    if (upper != version) {
      EXPECT_EQ(tw::parse_traceparent(header(upper, kTrace, kParent, "01")).error(),
                tw::errc::uppercase_hex);
    }
  }
}

TEST(traceparent_exhaustive, every_non_hex_byte_in_each_version_position) {
  for (int b = 0; b < 256; ++b) {
    if (is_lower_hex_char(b)) continue;
    for (std::size_t pos = 0; pos < 2; ++pos) {
      std::string s = header("00", kTrace, kParent, "01");
      s[pos] = static_cast<char>(b);
      // An OWS byte at offset 0 is trimmed, leaving "0-..." whose version is not 2 hex digits:
      // the same error.
      const tw::errc want =
          is_upper_hex_letter(b) ? tw::errc::uppercase_hex : tw::errc::version_not_hex;
      EXPECT_EQ(tw::parse_traceparent(s).error(), want)
          << "byte 0x" << tracewire_test::hex2(static_cast<unsigned>(b)) << " at offset " << pos;
      // A higher-version header of more than 55 characters takes the portable path.
      s += "-x";
      EXPECT_EQ(tw::parse_traceparent(s).error(), want)
          << "byte 0x" << tracewire_test::hex2(static_cast<unsigned>(b)) << " at offset " << pos
          << " (with suffix)";
    }
  }
}

// --- exhaustive: the flags byte -------------------------------------------------------------

TEST(traceparent_exhaustive, all_256_flag_values) {
  for (unsigned f = 0; f < 256; ++f) {
    SCOPED_TRACE("flags " + tracewire_test::hex2(f));
    for (const std::string_view version : {std::string_view("00"), std::string_view("cc")}) {
      const std::string in = header(version, kTrace, kParent, tracewire_test::hex2(f));
      const tw::result<tw::traceparent> r = tw::parse_traceparent(in);
      ASSERT_TRUE(r) << printable(in) << ": " << errc_text(r.error());
      // Every bit is kept as received (reserved bits are not a reason to reject)...
      EXPECT_EQ(r->flags.value(), f);
      EXPECT_EQ(r->flags.sampled(), (f & 0x01u) != 0);
      EXPECT_EQ(r->flags.random(), (f & 0x02u) != 0);
      EXPECT_EQ(r->flags.reserved(), f & 0xFCu);
      EXPECT_EQ(r->flags.known().value(), f & 0x03u);
      // ...and reserved bits are zeroed on output (3.2.2.5.2 "Vendors MUST set those to zero").
      const std::string want = header("00", kTrace, kParent, tracewire_test::hex2(f & 0x03u));
      EXPECT_EQ(format_string(*r), want);
      const tw::result<tw::trace_header_string> by_value = tw::format_traceparent(*r);
      ASSERT_TRUE(by_value);
      EXPECT_EQ(by_value->view(), want);
      const tw::result<tw::traceresponse> tr = tw::parse_traceresponse(in);
      ASSERT_TRUE(tr);
      EXPECT_EQ(tr->flags.value(), f);
      const tw::result<tw::trace_header_string> tr_text = tw::format_traceresponse(*tr);
      ASSERT_TRUE(tr_text);
      EXPECT_EQ(tr_text->view(), want);
    }
  }
}

TEST(traceparent_exhaustive, every_non_hex_byte_in_each_flags_position) {
  for (int b = 0; b < 256; ++b) {
    if (is_lower_hex_char(b)) continue;
    for (std::size_t pos = 53; pos < 55; ++pos) {
      std::string s = header("00", kTrace, kParent, "01");
      s[pos] = static_cast<char>(b);
      tw::errc want = is_upper_hex_letter(b) ? tw::errc::uppercase_hex : tw::errc::flags_not_hex;
      // OWS as the last character is trimmed: 54 characters are left.
      if (pos == 54 && (b == ' ' || b == '\t')) want = tw::errc::traceparent_too_short;
      EXPECT_EQ(tw::parse_traceparent(s).error(), want)
          << "byte 0x" << tracewire_test::hex2(static_cast<unsigned>(b)) << " at offset " << pos;
      EXPECT_EQ(tw::parse_traceresponse(s).error(), want);
    }
  }
}

// --- exhaustive: every byte value at every hex position of both ids --------------------------

TEST(traceparent_exhaustive, every_byte_at_every_id_position) {
  struct variant {
    std::string_view version;
    std::string_view suffix;
  };
  // 00: the SSE2 fast path; cc: the portable path, with and without unknown trailing fields.
  const variant variants[] = {{"00", ""}, {"cc", ""}, {"cc", "-ab"}};
  std::size_t accepted = 0;
  for (const variant& var : variants) {
    const std::string base = header(var.version, kTrace, kParent, "01", var.suffix);
    for (std::size_t pos = 3; pos < 52; ++pos) {
      if (pos == 35) continue;  // the separator; see every_byte_at_each_separator
      const bool in_trace = pos < 35;
      for (int b = 0; b < 256; ++b) {
        std::string s = base;
        s[pos] = static_cast<char>(b);
        const tw::result<tw::traceparent> r = tw::parse_traceparent(s);
        const tw::result<tw::traceresponse> tr = tw::parse_traceresponse(s);
        if (is_lower_hex_char(b)) {
          ASSERT_TRUE(r) << printable(s) << ": " << errc_text(r.error());
          ASSERT_TRUE(tr);
          // The decoded ids are exactly the digits received.
          EXPECT_EQ(hex_of(r->trace_id), s.substr(3, 32));
          EXPECT_EQ(hex_of(r->parent_id), s.substr(36, 16));
          EXPECT_EQ(tracewire_test::reference_hex(r->trace_id.data(), 16), s.substr(3, 32));
          EXPECT_EQ(tracewire_test::reference_hex(r->parent_id.data(), 8), s.substr(36, 16));
          EXPECT_EQ(tr->trace_id, r->trace_id);
          EXPECT_EQ(tr->child_id, r->parent_id);
          ++accepted;
        } else {
          const tw::errc want = is_upper_hex_letter(b) ? tw::errc::uppercase_hex
                                                       : (in_trace ? tw::errc::trace_id_not_hex
                                                                   : tw::errc::parent_id_not_hex);
          EXPECT_EQ(r.error(), want) << printable(s);
          EXPECT_EQ(tr.error(), want) << printable(s);
        }
      }
    }
  }
  EXPECT_EQ(accepted, 3u * 48u * 16u);  // exactly the 16 HEXDIGLC digits at each of 48 positions
}

TEST(traceparent_exhaustive, every_byte_at_each_separator) {
  for (const std::string_view version : {std::string_view("00"), std::string_view("cc")}) {
    for (const std::size_t pos : {std::size_t{2}, std::size_t{35}, std::size_t{52}}) {
      for (int b = 0; b < 256; ++b) {
        std::string s = header(version, kTrace, kParent, "01");
        s[pos] = static_cast<char>(b);
        const tw::errc want = b == '-' ? tw::errc::ok : tw::errc::missing_dash;
        EXPECT_EQ(tw::parse_traceparent(s).error(), want)
            << printable(s) << " byte 0x" << tracewire_test::hex2(static_cast<unsigned>(b));
      }
    }
  }
}

TEST(traceparent_exhaustive, every_byte_after_the_flags) {
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    const bool ows = c == ' ' || c == '\t';
    // Version 00 is exactly 55 characters: anything but trailing OWS makes it too long.
    const std::string v00 = header("00", kTrace, kParent, "01") + c;
    EXPECT_EQ(tw::parse_traceparent(v00).error(),
              ows ? tw::errc::ok : tw::errc::traceparent_too_long)
        << printable(v00);
    // A higher version: end of string or "-" (trailing OWS is trimmed first).
    const std::string vcc = header("cc", kTrace, kParent, "01") + c;
    const tw::errc want = (ows || c == '-') ? tw::errc::ok : tw::errc::future_version_bad_suffix;
    EXPECT_EQ(tw::parse_traceparent(vcc).error(), want) << printable(vcc);
    EXPECT_EQ(tw::parse_traceparent(vcc + "x").error(),
              c == '-' ? tw::errc::ok : tw::errc::future_version_bad_suffix)
        << printable(vcc + "x");
  }
}

TEST(traceparent_exhaustive, every_prefix_is_rejected) {
  for (const std::string_view version : {std::string_view("00"), std::string_view("cc")}) {
    const std::string full = header(version, kTrace, kParent, "01");
    for (std::size_t n = 0; n < full.size(); ++n) {
      const tw::errc e = tw::parse_traceparent(std::string_view(full).substr(0, n)).error();
      EXPECT_NE(e, tw::errc::ok) << n;
      // Once the version and its dash are there, the only rule broken is the length.
      if (n >= 3) {
        EXPECT_EQ(e, tw::errc::traceparent_too_short) << n;
      }
    }
  }
}

TEST(traceparent, ows_combinations_at_both_ends) {
  const std::string core = header("00", kTrace, kParent, "01");
  const std::string_view pads[] = {"", " ", "\t", "  ", " \t", "\t ", "\t\t", " \t \t"};
  for (const std::string_view lead : pads) {
    for (const std::string_view trail : pads) {
      const std::string s = std::string(lead) + core + std::string(trail);
      const tw::result<tw::traceparent> r = tw::parse_traceparent(s);
      ASSERT_TRUE(r) << printable(s) << ": " << errc_text(r.error());
      EXPECT_EQ(format_string(*r), core);
    }
  }
  // Other whitespace is not OWS.
  for (const char c : {'\n', '\r', '\v', '\f'}) {
    EXPECT_FALSE(tw::parse_traceparent(std::string(1, c) + core)) << static_cast<int>(c);
    EXPECT_FALSE(tw::parse_traceparent(core + std::string(1, c))) << static_cast<int>(c);
  }
}

// --- interop table (shared/ANCHORS.md "Known disagreements") ---------------------------------

TEST(traceparent_interop, uppercase_ff_rejected_lowercase_ff_reemitted_as_03) {
  EXPECT_EQ(tw::parse_traceparent(header("00", kTrace, kParent, "FF")).error(),
            tw::errc::uppercase_hex);
  const tw::result<tw::traceparent> r = tw::parse_traceparent(header("00", kTrace, kParent, "ff"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->flags.value(), 0xff);
  EXPECT_EQ(format_string(*r), header("00", kTrace, kParent, "03"));
  // JavaScript's "-0ff" is not a version-00 header.
  EXPECT_EQ(tw::parse_traceparent(header("00", kTrace, kParent, "0ff")).error(),
            tw::errc::traceparent_too_long);
}

// --- writers ---------------------------------------------------------------------------------

TEST(traceparent_format, errors_write_nothing) {
  const tw::traceparent good{0, tw::trace_id::from_hex(kTrace).value(),
                             tw::span_id::from_hex(kParent).value(), tw::trace_flags(0x01)};
  const auto untouched = [](const char* buf, std::size_t n, char fill) {
    for (std::size_t i = 0; i < n; ++i) {
      if (buf[i] != fill) return false;
    }
    return true;
  };
  for (std::size_t size = 0; size < tw::traceparent_size; ++size) {
    char buf[64];
    std::memset(buf, '#', sizeof buf);
    const tw::result<std::size_t> r = tw::format_traceparent(good, buf, size);
    EXPECT_EQ(r.error(), tw::errc::buffer_too_small) << size;
    EXPECT_TRUE(untouched(buf, sizeof buf, '#')) << size;
  }
  // A larger buffer: exactly 55 characters written, nothing after them.
  char big[80];
  std::memset(big, '#', sizeof big);
  const tw::result<std::size_t> ok = tw::format_traceparent(good, big, sizeof big);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, tw::traceparent_size);
  EXPECT_EQ(std::string_view(big, 55), header("00", kTrace, kParent, "01"));
  EXPECT_TRUE(untouched(big + 55, sizeof big - 55, '#'));

  tw::traceparent zero_trace = good;
  zero_trace.trace_id = tw::trace_id{};
  tw::traceparent zero_parent = good;
  zero_parent.parent_id = tw::span_id{};
  tw::traceparent both_zero = zero_trace;
  both_zero.parent_id = tw::span_id{};
  char buf[64];
  std::memset(buf, '#', sizeof buf);
  EXPECT_EQ(tw::format_traceparent(zero_trace, buf, sizeof buf).error(),
            tw::errc::trace_id_all_zero);
  EXPECT_EQ(tw::format_traceparent(zero_parent, buf, sizeof buf).error(),
            tw::errc::span_id_all_zero);
  EXPECT_EQ(tw::format_traceparent(both_zero, buf, sizeof buf).error(),
            tw::errc::trace_id_all_zero);
  EXPECT_EQ(tw::format_traceparent(zero_trace, buf, 0).error(), tw::errc::trace_id_all_zero);
  EXPECT_TRUE(untouched(buf, sizeof buf, '#'));
  EXPECT_EQ(tw::format_traceparent(zero_trace).error(), tw::errc::trace_id_all_zero);
  EXPECT_EQ(tw::format_traceparent(zero_parent).error(), tw::errc::span_id_all_zero);
  EXPECT_EQ(tw::format_traceparent(tw::traceparent{}).error(), tw::errc::trace_id_all_zero);

  const tw::traceresponse zero_child{0, good.trace_id, tw::span_id{}, tw::trace_flags(1)};
  EXPECT_EQ(tw::format_traceresponse(zero_child, buf, sizeof buf).error(),
            tw::errc::span_id_all_zero);
  EXPECT_EQ(tw::format_traceresponse(zero_child).error(), tw::errc::span_id_all_zero);
  const tw::traceresponse good_resp{7, good.trace_id, good.parent_id, tw::trace_flags(0xfe)};
  EXPECT_EQ(tw::format_traceresponse(good_resp, buf, 54).error(), tw::errc::buffer_too_small);
  EXPECT_TRUE(untouched(buf, sizeof buf, '#'));
  EXPECT_EQ(tw::formatted_size(good), tw::traceparent_size);
  EXPECT_EQ(tw::formatted_size(good_resp), tw::traceparent_size);
  const tw::result<tw::trace_header_string> s = tw::format_traceresponse(good_resp);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->size(), tw::traceparent_size);
  EXPECT_EQ(s->view(), header("00", kTrace, kParent, "02"));
}

// --- round trips ---------------------------------------------------------------------------

TEST(traceparent_round_trip, parse_format_parse_random_headers) {
  std::mt19937_64 rng(20240502);
  const char* digits = "0123456789abcdef";
  const auto hex = [&](std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += digits[rng() & 0xF];
    return s;
  };
  std::size_t checked = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string version = "00";
    std::string suffix;
    if (i % 2 == 1) {  // a higher version, sometimes with unknown fields
      do {
        version = hex(2);
      } while (version == "00" || version == "ff");
      if (rng() % 2) suffix = "-" + hex(rng() % 20);
    }
    const std::string in = header(version, hex(32), hex(16), hex(2), suffix);
    const tw::result<tw::traceparent> a = tw::parse_traceparent(in);
    if (!a) {  // only an all-zero id may be rejected, and it essentially never occurs
      EXPECT_TRUE(a.error() == tw::errc::trace_id_all_zero ||
                  a.error() == tw::errc::parent_id_all_zero)
          << printable(in);
      continue;
    }
    const std::string out = format_string(*a);
    ASSERT_EQ(out.size(), tw::traceparent_size);
    // The fields are copied verbatim; the version becomes 00 and reserved flag bits are zeroed.
    const unsigned flags = static_cast<unsigned>(std::stoul(in.substr(53, 2), nullptr, 16));
    EXPECT_EQ(out,
              header("00", in.substr(3, 32), in.substr(36, 16), tracewire_test::hex2(flags & 3u)));
    const tw::result<tw::traceparent> b = tw::parse_traceparent(out);
    ASSERT_TRUE(b) << printable(out);
    EXPECT_EQ(b->version, 0);
    EXPECT_EQ(b->trace_id, a->trace_id);
    EXPECT_EQ(b->parent_id, a->parent_id);
    EXPECT_EQ(b->flags, a->flags.known());
    EXPECT_EQ(format_string(*b), out);
    ++checked;
  }
  EXPECT_GT(checked, 19990u);
}

TEST(traceparent_round_trip, format_parse_random_values) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    tw::traceparent tp;
    tp.version = static_cast<std::uint8_t>(rng());
    tp.trace_id = tw::trace_id::from_u64(rng(), rng() | 1u);  // never all zero
    tp.parent_id = tw::span_id::from_u64(rng() | 1u);
    tp.flags = tw::trace_flags(static_cast<std::uint8_t>(rng()));
    const std::string text = format_string(tp);
    ASSERT_EQ(text.size(), tw::traceparent_size);
    char want[64];
    std::snprintf(want, sizeof want, "00-%016llx%016llx-%016llx-%02x",
                  static_cast<unsigned long long>(tp.trace_id.high()),
                  static_cast<unsigned long long>(tp.trace_id.low()),
                  static_cast<unsigned long long>(tp.parent_id.value()), tp.flags.value() & 3u);
    EXPECT_EQ(text, want);
    const tw::result<tw::traceparent> back = tw::parse_traceparent(text);
    ASSERT_TRUE(back) << printable(text);
    EXPECT_EQ(back->version, 0);
    EXPECT_EQ(back->trace_id, tp.trace_id);
    EXPECT_EQ(back->parent_id, tp.parent_id);
    EXPECT_EQ(back->flags, tp.flags.known());
    // The same through traceresponse.
    const tw::traceresponse tr{tp.version, tp.trace_id, tp.parent_id, tp.flags};
    const tw::result<tw::trace_header_string> rt = tw::format_traceresponse(tr);
    ASSERT_TRUE(rt);
    EXPECT_EQ(rt->view(), text);
    const tw::result<tw::traceresponse> back_tr = tw::parse_traceresponse(rt->view());
    ASSERT_TRUE(back_tr);
    EXPECT_EQ(back_tr->child_id, tp.parent_id);
  }
}
