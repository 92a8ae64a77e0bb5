// SPDX-License-Identifier: Apache-2.0
//
// tests/unit/test_util.hpp: readable failure messages for the run-time tests.
#ifndef TRACEWIRE_TESTS_UNIT_TEST_UTIL_HPP
#define TRACEWIRE_TESTS_UNIT_TEST_UTIL_HPP

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string>
#include <string_view>

#include "tracewire/error.hpp"
#include "tracewire/ids.hpp"

namespace tracewire_test {

/// `s` as a C-like quoted literal: printable ASCII as is, everything else as \t, \n, \xNN. Very
/// long inputs are shortened in the middle, with their length.
inline std::string printable(std::string_view s) {
  std::string out = "\"";
  const auto put = [&out](unsigned char c) {
    if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  };
  if (s.size() <= 160) {
    for (const char c : s) put(static_cast<unsigned char>(c));
  } else {
    for (const char c : s.substr(0, 70)) put(static_cast<unsigned char>(c));
    out += "...";
    for (const char c : s.substr(s.size() - 70)) put(static_cast<unsigned char>(c));
  }
  out += "\" (";
  out += std::to_string(s.size());
  out += " chars)";
  return out;
}

inline std::string errc_text(tracewire::errc e) {
  return std::string(tracewire::to_string(e)) + " [" + std::to_string(static_cast<int>(e)) + "]";
}

template <class Id>
std::string hex_of(const Id& id) {
  char buf[Id::hex_size];
  id.to_hex(buf);
  return std::string(buf, Id::hex_size);
}

/// Lowercase hex of the first n bytes, independent of the library's encoder.
inline std::string reference_hex(const std::uint8_t* bytes, std::size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s += digits[bytes[i] >> 4];
    s += digits[bytes[i] & 0x0F];
  }
  return s;
}

inline std::string hex2(unsigned v) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02x", v & 0xFFu);
  return buf;
}

}  // namespace tracewire_test

#endif  // TRACEWIRE_TESTS_UNIT_TEST_UTIL_HPP
