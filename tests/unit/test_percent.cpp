// SPDX-License-Identifier: Apache-2.0
//
// Run-time tests of baggage's two codecs: RFC 3986 percent-encoding restricted to baggage-octets
// (tracewire/detail/percent.hpp: percent_encode, percent_encoded_size, percent_decode, and the
// readers and writer the baggage uses at run time: copy_run, decode_value,
// percent_encode_with_slack, checked against the portable functions and the table) and UTF-8
// decoding with U+FFFD for every maximal invalid subpart (Unicode 3.9, Table 3-7 and "U+FFFD
// Substitution of Maximal Subparts"), seen through the public baggage API (values and property
// values are decoded by assign(); set() refuses what is not valid UTF-8).
//
// Exhaustive where the space is small: every byte value; every 1- and 2-byte sequence; every
// 3-byte sequence with a non-ASCII first byte and one of the interesting last bytes; every 4-byte
// sequence from the lead bytes F0-F5 with every second byte and interesting third and fourth
// bytes; every Unicode scalar value and every surrogate. Round trips
// for every byte value and for random byte strings. Hand-written expectations for each boundary
// and each invalid class, and a reference decoder written from Table 3-7 for everything else.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "baggage_cases.hpp"
#include "test_util.hpp"
#include "tracewire/baggage.hpp"
#include "tracewire/detail/percent.hpp"

namespace tw = tracewire;
using tracewire_test::errc_text;
using tracewire_test::printable;

namespace {

const std::string fffd = "\xEF\xBF\xBD";

std::string repeat(const std::string& s, std::size_t n) {
  std::string r;
  for (std::size_t i = 0; i < n; ++i) r += s;
  return r;
}

/// Bytes from hex pairs separated by spaces: "C3 A9" -> "\xC3\xA9".
std::string bytes_of(std::string_view hex) {
  std::string s;
  for (std::size_t i = 0; i < hex.size();) {
    if (hex[i] == ' ') {
      ++i;
      continue;
    }
    s += static_cast<char>(tracewire_test::hex_either_nibble(hex[i]) * 16 +
                           tracewire_test::hex_either_nibble(hex[i + 1]));
    i += 2;
  }
  return s;
}

/// Every byte as %XX (uppercase, or lowercase).
std::string escape_all(std::string_view bytes, bool lower = false) {
  const char* digits = lower ? "0123456789abcdef" : "0123456789ABCDEF";
  std::string s;
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    s += '%';
    s += digits[c >> 4];
    s += digits[c & 0x0F];
  }
  return s;
}

/// Plain baggage-octets as they are, everything else %XX: the ASCII bytes of a sequence reach the
/// decoder as plain runs, the others as escapes.
std::string escape_needed(std::string_view bytes) {
  std::string s;
  for (const char ch : bytes) {
    if (tracewire_test::is_plain_octet(static_cast<unsigned char>(ch))) {
      s += ch;
    } else {
      s += escape_all(std::string_view(&ch, 1));
    }
  }
  return s;
}

std::string reference_replace(std::string_view bytes) {
  std::string out(3 * bytes.size(), '\0');
  out.resize(tracewire_test::reference_utf8_replace(bytes, out.data()));
  return out;
}

std::string encode(std::string_view s) {
  std::string out(tw::detail::percent_encoded_size(s), '\0');
  char* end = tw::detail::percent_encode(s, out.data());
  EXPECT_EQ(static_cast<std::size_t>(end - out.data()), out.size()) << printable(s);
  return out;
}

std::string decode(std::string_view s) {
  std::string out(s.size() + 1, '#');
  const std::size_t n = tw::detail::percent_decode(s, out.data());
  EXPECT_LE(n, s.size());
  EXPECT_EQ(out[s.size()], '#') << "percent_decode wrote past s.size() for " << printable(s);
  out.resize(n);
  return out;
}

/// What a baggage value `wire` decodes to (also as a property value); fails the test if the
/// member is not accepted.
std::string baggage_decoded(std::string_view wire) {
  const std::string field = "k=" + std::string(wire) + ";p=" + std::string(wire);
  tw::baggage b;
  const tw::baggage_status st = b.assign(field);
  EXPECT_TRUE(st) << printable(field) << " " << errc_text(st.error);
  if (b.size() != 1 || b[0].property_count() != 1) return "<not parsed>";
  EXPECT_EQ(b[0].property(0).value, b[0].value()) << printable(field);
  return std::string(b.get("k"));
}

/// UTF-8 of a code point, by the formula of Unicode 3.9 Table 3-6 (also for surrogates, which
/// gives the ill-formed ED A0..BF xx sequences).
std::string utf8_of(std::uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (cp >> 18));
    s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

}  // namespace

// --- percent_encode: exactly the bytes outside baggage-octet, and '%' -------------------------

TEST(percent_encode, every_byte_value) {
  for (int c = 0; c < 256; ++c) {
    const std::string in(1, static_cast<char>(c));
    const bool plain = (c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) ||
                        (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E)) &&
                       c != '%';
    static const char upper[] = "0123456789ABCDEF";
    const std::string want = plain ? in : std::string{'%', upper[c >> 4], upper[c & 0x0F]};
    EXPECT_EQ(encode(in), want) << "byte 0x" << tracewire_test::hex2(static_cast<unsigned>(c));
    EXPECT_EQ(tw::detail::percent_encoded_size(in), plain ? 1u : 3u);
  }
  // The ones the interop table names: '+' and '=' stay, space and '%' do not.
  EXPECT_EQ(encode("1+1=2"), "1+1=2");
  EXPECT_EQ(encode("DF 28"), "DF%2028");
  EXPECT_EQ(encode("100%"), "100%25");
  EXPECT_EQ(encode("Am\xC3\xA9lie"), "Am%C3%A9lie");
  EXPECT_EQ(encode(",;\"\\"), "%2C%3B%22%5C");
  EXPECT_EQ(encode(""), "");
}

TEST(percent_encode, every_byte_at_every_position_of_a_long_string) {
  // 40 bytes cross 16-byte blocks; the byte is tried at each position.
  const std::string base = "The-quick_brown.fox~jumps+over=the!lazy";
  for (std::size_t pos = 0; pos < base.size(); ++pos) {
    for (int c = 0; c < 256; ++c) {
      std::string in = base;
      in[pos] = static_cast<char>(c);
      std::string want;
      for (const char ch : in) {
        if (tracewire_test::is_plain_octet(static_cast<unsigned char>(ch))) {
          want += ch;
        } else {
          want += escape_all(std::string_view(&ch, 1));
        }
      }
      ASSERT_EQ(encode(in), want) << printable(in);
      ASSERT_EQ(decode(want), in);
    }
  }
}

// --- percent_decode ------------------------------------------------------------------------

TEST(percent_decode, escapes_of_either_case_and_everything_else_copied) {
  EXPECT_EQ(decode("Am%C3%A9lie"), "Am\xC3\xA9lie");
  EXPECT_EQ(decode("Am%c3%a9lie"), "Am\xC3\xA9lie");
  EXPECT_EQ(decode("%4a%4A"), "JJ");
  EXPECT_EQ(decode("1+1"), "1+1");    // never a space
  EXPECT_EQ(decode("%2525"), "%25");  // decoded once
  EXPECT_EQ(decode("%00"), std::string(1, '\0'));
  // A '%' not followed by two hex digits is copied (assign() reports it; this is the raw codec).
  EXPECT_EQ(decode("%"), "%");
  EXPECT_EQ(decode("a%"), "a%");
  EXPECT_EQ(decode("a%4"), "a%4");
  EXPECT_EQ(decode("%G1"), "%G1");
  EXPECT_EQ(decode("%4G"), "%4G");
  EXPECT_EQ(decode("%%41"), "%A");
  EXPECT_EQ(decode("%41%"), "A%");
  EXPECT_EQ(decode(""), "");
}

TEST(percent_round_trip, every_byte_value_and_every_pair) {
  for (int a = 0; a < 256; ++a) {
    const std::string one(1, static_cast<char>(a));
    ASSERT_EQ(decode(encode(one)), one) << a;
    ASSERT_EQ(decode(escape_all(one)), one) << a;
    ASSERT_EQ(decode(escape_all(one, true)), one) << a;
    for (int b = 0; b < 256; ++b) {
      const std::string two = {static_cast<char>(a), static_cast<char>(b)};
      ASSERT_EQ(decode(encode(two)), two) << a << " " << b;
    }
  }
}

TEST(percent_round_trip, random_byte_strings) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 8000; ++round) {
    std::string v(static_cast<std::size_t>(rng() % 300), '\0');
    for (char& c : v) c = static_cast<char>(rng() % 256);
    const std::string e = encode(v);
    ASSERT_EQ(decode(e), v) << printable(v);
    for (const char c : e) {
      ASSERT_TRUE(tracewire_test::is_plain_octet(static_cast<unsigned char>(c)) || c == '%' ||
                  (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))
          << printable(e);
    }
  }
}

// --- UTF-8: every boundary of the 1-, 2-, 3- and 4-byte forms --------------------------------

namespace {

struct boundary {
  std::uint32_t code_point;
  const char* utf8_hex;
  const char* encoded;
};

// Unicode 3.9, Table 3-7: the first and last code point of each length, and the edges around the
// surrogates; the encodings written out by hand.
const boundary boundaries[] = {
    {0x0000, "00", "%00"},
    {0x007F, "7F", "%7F"},
    {0x0080, "C2 80", "%C2%80"},
    {0x07FF, "DF BF", "%DF%BF"},
    {0x0800, "E0 A0 80", "%E0%A0%80"},
    {0xD7FF, "ED 9F BF", "%ED%9F%BF"},
    {0xE000, "EE 80 80", "%EE%80%80"},
    {0xFFFD, "EF BF BD", "%EF%BF%BD"},
    {0xFFFF, "EF BF BF", "%EF%BF%BF"},
    {0x10000, "F0 90 80 80", "%F0%90%80%80"},
    {0x10FFFF, "F4 8F BF BF", "%F4%8F%BF%BF"},
};

}  // namespace

TEST(utf8, every_length_boundary_encodes_and_decodes) {
  for (const boundary& bd : boundaries) {
    const std::string bytes = bytes_of(bd.utf8_hex);
    SCOPED_TRACE("U+" + std::to_string(bd.code_point) + " " + bd.utf8_hex);
    ASSERT_EQ(utf8_of(bd.code_point), bytes) << "the table itself is wrong";
    EXPECT_EQ(encode(bytes), bd.encoded);
    EXPECT_EQ(decode(bd.encoded), bytes);
    // Through the baggage: parsed (either case of hex), kept as is, written back the same.
    EXPECT_EQ(baggage_decoded(bd.encoded), bytes);
    EXPECT_EQ(baggage_decoded(escape_all(bytes, true)), bytes);
    EXPECT_EQ(baggage_decoded("<" + std::string(bd.encoded) + ">"), "<" + bytes + ">");
    tw::baggage b;
    ASSERT_EQ(b.set("k", bytes, {{"p", bytes, true}}), tw::errc::ok);
    char out[64];
    const tw::result<std::size_t> n = b.format(out, sizeof out);
    ASSERT_TRUE(n);
    EXPECT_EQ(std::string(out, *n),
              "k=" + std::string(bd.encoded) + ";p=" + std::string(bd.encoded));
  }
}

TEST(utf8, every_scalar_value_is_kept_and_every_surrogate_replaced) {
  tw::baggage b;
  std::string field;
  for (std::uint32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    const std::string bytes = utf8_of(cp);
    field = "k=" + escape_needed(bytes);
    const tw::baggage_status st = b.assign(field);
    ASSERT_TRUE(st) << cp;
    const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    // A surrogate's three bytes ED A0..BF 80..BF are three maximal subparts (ED's second byte
    // must be 80..9F): three U+FFFD.
    ASSERT_EQ(b.get("k"), surrogate ? repeat(fffd, 3) : bytes) << "U+" << cp;
    ASSERT_EQ(b.set("v", bytes), surrogate ? tw::errc::baggage_value_invalid_utf8 : tw::errc::ok)
        << "U+" << cp;
  }
}

// --- UTF-8: every invalid class, with the exact number of U+FFFD -------------------------------

namespace {

struct invalid_case {
  const char* what;
  const char* input_hex;
  std::string expected;  // the decoded bytes
};

std::vector<invalid_case> invalid_cases() {
  const std::string A = "A";
  return {
      // Lone continuation bytes: one U+FFFD each.
      {"lone continuation 80", "80", fffd},
      {"lone continuation BF", "BF", fffd},
      {"two continuations", "80 BF", repeat(fffd, 2)},
      {"continuation after a complete sequence", "C3 A9 80", "\xC3\xA9" + fffd},
      // Bytes that never appear in UTF-8: C0, C1, F5..FF.
      {"overlong 2-byte C0 80 (U+0000)", "C0 80", repeat(fffd, 2)},
      {"overlong 2-byte C1 BF (U+007F)", "C1 BF", repeat(fffd, 2)},
      {"F5 (beyond U+10FFFF)", "F5 80 80 80", repeat(fffd, 4)},
      {"F8 (old 5-byte form)", "F8 88 80 80 80", repeat(fffd, 5)},
      {"FC (old 6-byte form)", "FC 84 80 80 80 80", repeat(fffd, 6)},
      {"FE", "FE", fffd},
      {"FF", "FF", fffd},
      {"FF FE", "FF FE", repeat(fffd, 2)},
      // Overlong 3- and 4-byte forms: E0 needs A0..BF, F0 needs 90..BF next; the lead alone is
      // the maximal subpart, then each continuation byte is its own.
      {"overlong 3-byte E0 80 80", "E0 80 80", repeat(fffd, 3)},
      {"overlong 3-byte E0 9F BF (U+07FF)", "E0 9F BF", repeat(fffd, 3)},
      {"overlong 4-byte F0 80 80 80", "F0 80 80 80", repeat(fffd, 4)},
      {"overlong 4-byte F0 8F BF BF (U+FFFF)", "F0 8F BF BF", repeat(fffd, 4)},
      // Surrogates: ED needs 80..9F next.
      {"surrogate U+D800", "ED A0 80", repeat(fffd, 3)},
      {"surrogate U+DBFF", "ED AF BF", repeat(fffd, 3)},
      {"surrogate U+DC00", "ED B0 80", repeat(fffd, 3)},
      {"surrogate U+DFFF", "ED BF BF", repeat(fffd, 3)},
      {"surrogate pair", "ED A0 BD ED B8 80", repeat(fffd, 6)},
      // Beyond U+10FFFF: F4 needs 80..8F next.
      {"U+110000", "F4 90 80 80", repeat(fffd, 4)},
      {"F4 BF BF BF", "F4 BF BF BF", repeat(fffd, 4)},
      // Truncated at the end of the value: the maximal subpart is one U+FFFD.
      {"truncated 2-byte", "C3", fffd},
      {"truncated 3-byte, 1 of 3", "E2", fffd},
      {"truncated 3-byte, 2 of 3", "E2 82", fffd},
      {"truncated 3-byte E0 A0", "E0 A0", fffd},
      {"truncated 3-byte ED 9F", "ED 9F", fffd},
      {"truncated 4-byte, 1 of 4", "F0", fffd},
      {"truncated 4-byte, 2 of 4", "F0 9F", fffd},
      {"truncated 4-byte, 3 of 4", "F0 9F 98", fffd},
      {"truncated 4-byte F4 8F BF", "F4 8F BF", fffd},
      {"valid then truncated", "41 C3 A9 E2 82", "A\xC3\xA9" + fffd},
      // Truncated before an ASCII byte, or before another lead byte.
      {"2-byte cut by ASCII", "C3 41", fffd + A},
      {"3-byte cut by ASCII after 1", "E2 41", fffd + A},
      {"3-byte cut by ASCII after 2", "E2 82 41", fffd + A},
      {"4-byte cut by ASCII after 3", "F0 9F 98 41", fffd + A},
      {"4-byte cut by ASCII after 2", "F1 80 41", fffd + A},
      {"2-byte cut by a lead byte", "C3 C3 A9", fffd + "\xC3\xA9"},
      {"3-byte cut by a lead byte", "E2 82 E2 82 AC", fffd + "\xE2\x82\xAC"},
      {"4-byte cut by a lead byte", "F0 9F 98 F0 9F 98 80", fffd + "\xF0\x9F\x98\x80"},
      // Unicode 3.9, Table 3-8, verbatim: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64 decodes to
      // 0061 FFFD FFFD FFFD 0062 FFFD 0063 FFFD FFFD 0064.
      {"Unicode Table 3-8", "61 F1 80 80 E1 80 C2 62 80 63 80 BF 64",
       "a" + repeat(fffd, 3) + "b" + fffd + "c" + repeat(fffd, 2) + "d"},
      // Valid sequences around invalid ones are kept.
      {"valid around invalid", "C3 A9 FF F0 9F 98 80", "\xC3\xA9" + fffd + "\xF0\x9F\x98\x80"},
  };
}

}  // namespace

TEST(utf8, every_invalid_class_gives_one_replacement_per_maximal_subpart) {
  for (const invalid_case& c : invalid_cases()) {
    const std::string bytes = bytes_of(c.input_hex);
    SCOPED_TRACE(std::string(c.what) + ": " + c.input_hex);
    ASSERT_EQ(reference_replace(bytes), c.expected) << "the reference decoder disagrees";
    // Every byte escaped; ASCII bytes plain; lowercase hex; and between plain neighbours.
    EXPECT_EQ(baggage_decoded(escape_all(bytes)), c.expected);
    EXPECT_EQ(baggage_decoded(escape_needed(bytes)), c.expected);
    EXPECT_EQ(baggage_decoded(escape_all(bytes, true)), c.expected);
    EXPECT_EQ(baggage_decoded("x" + escape_needed(bytes) + "y"), "x" + c.expected + "y");
    // set() takes valid UTF-8 only.
    tw::baggage b;
    EXPECT_EQ(b.set("k", bytes), tw::errc::baggage_value_invalid_utf8);
    EXPECT_EQ(b.set("k", "v", {{"p", bytes, true}}), tw::errc::baggage_value_invalid_utf8);
    EXPECT_TRUE(b.empty());
    // What the decoder produced is valid, and is kept as is by set().
    EXPECT_EQ(b.set("k", c.expected), tw::errc::ok);
  }
}

// --- UTF-8: exhaustive short sequences against the reference decoder ---------------------------

namespace {

/// Decodes `bytes` through assign() (in the variant `shape` selects) and compares with the
/// reference; also checks that set() accepts exactly the valid sequences. Returns false (after
/// reporting) on the first disagreement.
bool agrees_with_reference(tw::baggage& b, std::string_view bytes, unsigned shape) {
  static const char upper[] = "0123456789ABCDEF";
  static const char lower[] = "0123456789abcdef";
  char field[64];
  std::size_t n = 0;
  field[n++] = 'k';
  field[n++] = '=';
  if (shape & 2u) field[n++] = 'x';
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if ((shape & 1u) && tracewire_test::is_plain_octet(c)) {
      field[n++] = ch;
    } else {
      const char* d = (shape & 4u) ? lower : upper;
      field[n++] = '%';
      field[n++] = d[c >> 4];
      field[n++] = d[c & 0x0F];
    }
  }
  if (shape & 2u) field[n++] = 'y';
  char want[64];
  std::size_t w = 0;
  if (shape & 2u) want[w++] = 'x';
  w += tracewire_test::reference_utf8_replace(bytes, want + w);
  if (shape & 2u) want[w++] = 'y';
  const tw::baggage_status st = b.assign(std::string_view(field, n));
  const std::string_view got = b.size() == 1 ? b[0].value() : std::string_view("<none>");
  if (!st || got != std::string_view(want, w)) {
    ADD_FAILURE() << "input " << printable(std::string_view(field, n)) << " decoded to "
                  << printable(got) << ", expected " << printable(std::string_view(want, w)) << " ("
                  << errc_text(st.error) << ")";
    return false;
  }
  const bool valid = tracewire_test::reference_utf8_replace(bytes, want) == bytes.size() &&
                     std::string_view(want, bytes.size()) == bytes;
  const tw::errc e = b.set("s", bytes);
  if ((e == tw::errc::ok) != valid) {
    ADD_FAILURE() << "set() of " << printable(bytes) << " returned " << errc_text(e)
                  << ", the sequence is " << (valid ? "valid" : "invalid") << " UTF-8";
    return false;
  }
  return true;
}

// Second-or-later bytes that sit on the edges of Table 3-7's ranges, plus ASCII and lead bytes.
const unsigned char interesting[] = {0x00, 0x41, 0x7F, 0x80, 0x81, 0x8F, 0x90, 0x9F, 0xA0,
                                     0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xF0, 0xF4, 0xFF};

}  // namespace

TEST(utf8_exhaustive, every_one_and_two_byte_sequence) {
  tw::baggage b;
  for (unsigned shape = 0; shape < 8; ++shape) {
    for (int a = 0; a < 256; ++a) {
      const char one[1] = {static_cast<char>(a)};
      ASSERT_TRUE(agrees_with_reference(b, std::string_view(one, 1), shape));
    }
  }
  for (int a = 0; a < 256; ++a) {
    for (int c = 0; c < 256; ++c) {
      const char two[2] = {static_cast<char>(a), static_cast<char>(c)};
      // Every pair in two shapes: all escaped / ASCII plain, alone / between plain neighbours.
      ASSERT_TRUE(agrees_with_reference(b, std::string_view(two, 2), 0));
      ASSERT_TRUE(agrees_with_reference(b, std::string_view(two, 2), 3));
    }
  }
}

TEST(utf8_exhaustive, every_three_byte_sequence_with_an_interesting_last_byte) {
  tw::baggage b;
  unsigned shape = 0;
  for (int a = 0x80; a < 256; ++a) {
    for (int c = 0; c < 256; ++c) {
      for (const unsigned char d : interesting) {
        const char three[3] = {static_cast<char>(a), static_cast<char>(c), static_cast<char>(d)};
        ASSERT_TRUE(agrees_with_reference(b, std::string_view(three, 3), shape++ & 7u));
      }
    }
  }
}

TEST(utf8_exhaustive, every_four_byte_lead_with_every_second_byte) {
  tw::baggage b;
  unsigned shape = 0;
  for (int a = 0xF0; a <= 0xF5; ++a) {
    for (int c = 0; c < 256; ++c) {
      for (const unsigned char d : interesting) {
        for (const unsigned char e : interesting) {
          const char four[4] = {static_cast<char>(a), static_cast<char>(c), static_cast<char>(d),
                                static_cast<char>(e)};
          ASSERT_TRUE(agrees_with_reference(b, std::string_view(four, 4), shape++ & 7u));
        }
      }
    }
  }
}

TEST(utf8_random, byte_strings_against_the_reference) {
  std::mt19937_64 rng(11);
  tw::baggage b;
  for (int round = 0; round < 50000; ++round) {
    char v[16];
    const std::size_t n = static_cast<std::size_t>(rng() % 17);
    for (std::size_t i = 0; i < n; ++i) {
      // Mostly the bytes that matter to UTF-8, sometimes anything.
      const std::uint64_t r = rng();
      v[i] = static_cast<char>(r % 4 == 0 ? (r >> 8) % 256
                                          : interesting[(r >> 8) % sizeof interesting]);
    }
    ASSERT_TRUE(agrees_with_reference(b, std::string_view(v, n), static_cast<unsigned>(rng() % 8)));
  }
}

TEST(utf8_random, valid_strings_survive_set_format_parse) {
  // decode(encode(v)) == v through the whole baggage path, for valid UTF-8 of every length.
  std::mt19937_64 rng(13);
  for (int round = 0; round < 5000; ++round) {
    std::string v;
    const std::size_t n = static_cast<std::size_t>(rng() % 40);
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t cp = 0;
      switch (rng() % 4) {
        case 0:
          cp = static_cast<std::uint32_t>(rng() % 0x80);
          break;
        case 1:
          cp = static_cast<std::uint32_t>(0x80 + rng() % (0x800 - 0x80));
          break;
        case 2:
          do {
            cp = static_cast<std::uint32_t>(0x800 + rng() % (0x10000 - 0x800));
          } while (cp >= 0xD800 && cp <= 0xDFFF);
          break;
        default:
          cp = static_cast<std::uint32_t>(0x10000 + rng() % (0x110000 - 0x10000));
      }
      v += utf8_of(cp);
    }
    tw::baggage b;
    ASSERT_EQ(b.set("k", v, {{"p", v, true}}), tw::errc::ok) << printable(v);
    std::string out(b.formatted_size(), '\0');
    const tw::result<std::size_t> written = b.format(out.data(), out.size());
    ASSERT_TRUE(written);
    ASSERT_EQ(out, "k=" + encode(v) + ";p=" + encode(v));
    tw::baggage again;
    ASSERT_TRUE(again.assign(out));
    ASSERT_EQ(again.get("k"), v);
    ASSERT_EQ(again[0].property(0).value, v);
  }
}

// --- the parser's and the writer's run-time readers (detail/percent.hpp) -----------------------

namespace {

/// The index of the first byte of s[i, n) outside `cls`, byte by byte from the table.
std::size_t scalar_run_end(std::string_view s, std::size_t i, std::uint8_t cls) {
  while (i < s.size() && (tw::detail::bg_class(s[i]) & cls)) ++i;
  return i;
}

/// copy_run of class `Cls` over s from i, unpadded and padded (16 commas), into a 64-byte output of
/// capacity `cap`; both must stop where the table says and copy exactly the run (inside cap).
template <std::uint8_t Cls>
void expect_run(const std::string& s, std::size_t i, std::size_t cap) {
  const std::size_t want = scalar_run_end(s, i, Cls);
  const std::string padded = s + std::string(16, ',');
  for (const bool pad : {false, true}) {
    const std::unique_ptr<char[]> in(new char[padded.size()]);
    std::memcpy(in.get(), padded.data(), padded.size());
    char out[96];
    std::memset(out, '#', sizeof out);
    const std::size_t at = 5;
    const tw::detail::run_end r = tw::detail::copy_run<Cls>(
        in.get(), i, s.size(), pad ? padded.size() : s.size(), out, at, cap);
    ASSERT_EQ(r.in, want) << printable(s) << " from " << i << (pad ? " padded" : "");
    ASSERT_EQ(r.out, at + (want - i)) << printable(s);
    const std::size_t copied = cap > at ? std::min(want - i, cap - at) : 0;
    if (at + (want - i) <= cap) {
      ASSERT_EQ(std::string_view(out + at, copied), s.substr(i, copied)) << printable(s);
    }
    for (std::size_t k = cap; k < sizeof out; ++k) ASSERT_EQ(out[k], '#') << "wrote past cap";
  }
}

}  // namespace

TEST(percent_runs, every_byte_in_every_lane_stops_token_and_plain_runs_as_the_table_says) {
  // The SSE2 masks against the class table: every byte at every position of strings of 1 to 40
  // characters (one block, two blocks, the last partial block), from several starting points.
  for (std::size_t len = 1; len <= 40; ++len) {
    for (std::size_t pos = 0; pos < len; ++pos) {
      for (int c = 0; c < 256; ++c) {
        std::string s(len, 'a');
        s[pos] = static_cast<char>(c);
        for (const std::size_t from : {std::size_t{0}, pos / 2, pos}) {
          expect_run<tw::detail::bg_token>(s, from, 96);
          expect_run<tw::detail::bg_plain>(s, from, 96);
          if (HasFatalFailure()) return;
        }
      }
    }
  }
  // A capacity that ends inside the run: the run is still measured, nothing written past cap.
  for (std::size_t cap = 0; cap <= 60; ++cap) {
    expect_run<tw::detail::bg_plain>(std::string(40, 'v') + ",", 0, cap);
    expect_run<tw::detail::bg_token>(std::string(40, 'k') + "=", 3, cap);
    if (HasFatalFailure()) return;
  }
}

TEST(percent_runs, decode_value_agrees_with_percent_decode_and_the_utf8_sink) {
  // Random values of plain characters and escapes (ASCII, UTF-8 sequences, broken ones), ended
  // by a separator, the end, or a bad escape: decode_value gives what percent_decode followed by
  // the UTF-8 sink gives, and its `extra` is what percent-encoding the result adds.
  std::mt19937_64 rng(77);
  const char* const pieces[] = {"a",
                                "Z9",
                                "-._~",
                                "%20",
                                "%41",
                                "%25",
                                "%2C",
                                "%C3%A9",
                                "%c3%a9",
                                "%E2%82",
                                "%AC",
                                "%F0%9F%98%80",
                                "%ED%A0%80",
                                "%FF",
                                "%C0%AF",
                                "+",
                                "0123456789abcdef"};
  const char* const endings[] = {"", ",x", ";p", " ", "%", "%2", "%G1", "\x80"};
  for (int round = 0; round < 20000; ++round) {
    std::string value;
    const std::size_t n_pieces = rng() % 12;
    for (std::size_t k = 0; k < n_pieces; ++k)
      value += pieces[rng() % (sizeof pieces / sizeof pieces[0])];
    const std::string ending = endings[rng() % (sizeof endings / sizeof endings[0])];
    const std::string field = value + ending;
    const bool bad = ending == "%" || ending == "%2" || ending == "%G1";
    for (const bool pad : {false, true}) {
      const std::string in_text = field + (pad ? std::string(16, ',') : std::string());
      const std::unique_ptr<char[]> in(new char[in_text.size()]);  // exact: ASan sees over-reads
      std::memcpy(in.get(), in_text.data(), in_text.size());
      char out[512];
      const tw::detail::decoded_value d = tw::detail::decode_value(
          in.get(), 0, field.size(), pad ? in_text.size() : field.size(), out, 0, sizeof out);
      ASSERT_EQ(d.bad_escape, bad) << printable(field);
      if (bad) {
        ASSERT_EQ(d.in, value.size()) << printable(field);
        continue;
      }
      ASSERT_EQ(d.in, value.size()) << printable(field);
      char raw[512];
      const std::size_t raw_n = tw::detail::percent_decode(value, raw);
      char want_buf[1024];
      tw::detail::utf8_sink sink(want_buf, sizeof want_buf);
      for (std::size_t k = 0; k < raw_n; ++k) sink.put(static_cast<unsigned char>(raw[k]));
      const std::string want(want_buf, sink.finish());
      ASSERT_EQ(std::string_view(out, d.out), want) << printable(field);
      ASSERT_EQ(want.size() + d.extra, tw::detail::percent_encoded_size(want)) << printable(field);
    }
  }
}

TEST(percent_runs, encode_with_slack_equals_percent_encode_and_stays_in_its_room) {
  std::mt19937_64 rng(78);
  for (int round = 0; round < 20000; ++round) {
    std::string s(rng() % 70, '\0');
    for (char& c : s) {
      const unsigned r = static_cast<unsigned>(rng() % 8);
      c = r < 5 ? static_cast<char>('a' + rng() % 26) : static_cast<char>(rng() % 256);
    }
    const std::size_t s_slack = rng() % 20, out_slack = rng() % 20;
    const std::string want_enc = [&] {
      std::string e(s.size() * 3, '\0');
      e.resize(static_cast<std::size_t>(tw::detail::percent_encode(s, e.data()) - e.data()));
      return e;
    }();
    // The input with room to read after it, the output with room to write (then canaries).
    std::string src = s + std::string(s_slack, 'x');
    std::vector<char> out(want_enc.size() + out_slack + 16, '#');
    char* const end = tw::detail::percent_encode_with_slack(
        src.data(), s.size(), src.size(), out.data(), want_enc.size() + out_slack);
    ASSERT_EQ(static_cast<std::size_t>(end - out.data()), want_enc.size()) << printable(s);
    ASSERT_EQ(std::string_view(out.data(), want_enc.size()), want_enc) << printable(s);
    for (std::size_t k = want_enc.size() + out_slack; k < out.size(); ++k) {
      ASSERT_EQ(out[k], '#') << "wrote past its room: " << printable(s);
    }
  }
}
