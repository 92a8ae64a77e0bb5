// SPDX-License-Identifier: Apache-2.0
//
// benchmarks/naive.hpp: baselines written the way many SDKs write these codecs, so the benchmark
// shows what the allocation-free design buys. They check the same main rules (lengths, lowercase
// hex, version ff, all-zero ids, tracestate key/value characters, duplicates, 32 members) but are
// built from std::string copies, a split on the separator into a std::vector<std::string>, and a
// std::vector<std::pair<std::string, std::string>> for tracestate. Hex is decoded by a plain loop
// (no std::stoul, which would need exceptions). The baggage baseline is described with its code
// below. Not used outside the benchmarks.
#ifndef TRACEWIRE_BENCHMARKS_NAIVE_HPP
#define TRACEWIRE_BENCHMARKS_NAIVE_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tracewire_bench {
namespace naive {

struct traceparent {
  std::uint8_t version = 0;
  std::array<std::uint8_t, 16> trace_id{};
  std::array<std::uint8_t, 8> parent_id{};
  std::uint8_t flags = 0;
};

using tracestate = std::vector<std::pair<std::string, std::string>>;

inline std::string trim(const std::string& s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

inline std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t b = 0;
  for (;;) {
    const std::size_t e = s.find(sep, b);
    if (e == std::string::npos) {
      out.push_back(s.substr(b));
      return out;
    }
    out.push_back(s.substr(b, e - b));
    b = e + 1;
  }
}

inline int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // uppercase is rejected too (HEXDIGLC)
}

inline bool hex_to_bytes(const std::string& hex, std::uint8_t* out, std::size_t bytes) {
  if (hex.size() != 2 * bytes) return false;
  for (std::size_t i = 0; i < bytes; ++i) {
    const int hi = hex_digit(hex[2 * i]);
    const int lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return true;
}

inline bool all_zero(const std::uint8_t* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i] != 0) return false;
  }
  return true;
}

inline bool parse_traceparent(std::string_view header, traceparent& out) {
  const std::string s = trim(std::string(header));
  const std::vector<std::string> parts = split(s, '-');
  if (parts.size() < 4) return false;
  std::uint8_t version = 0;
  if (!hex_to_bytes(parts[0], &version, 1) || version == 0xFF) return false;
  if (version == 0 && (parts.size() != 4 || s.size() != 55)) return false;
  traceparent tp;
  tp.version = version;
  if (!hex_to_bytes(parts[1], tp.trace_id.data(), 16)) return false;
  if (!hex_to_bytes(parts[2], tp.parent_id.data(), 8)) return false;
  if (!hex_to_bytes(parts[3], &tp.flags, 1)) return false;
  if (all_zero(tp.trace_id.data(), 16) || all_zero(tp.parent_id.data(), 8)) return false;
  out = tp;
  return true;
}

inline std::string bytes_to_hex(const std::uint8_t* p, std::size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s += digits[p[i] >> 4];
    s += digits[p[i] & 0x0F];
  }
  return s;
}

inline std::string format_traceparent(const traceparent& tp) {
  std::string out = "00";
  out += "-";
  out += bytes_to_hex(tp.trace_id.data(), 16);
  out += "-";
  out += bytes_to_hex(tp.parent_id.data(), 8);
  out += "-";
  const std::uint8_t known = static_cast<std::uint8_t>(tp.flags & 0x03);
  out += bytes_to_hex(&known, 1);
  return out;
}

inline bool valid_key(const std::string& k) {
  if (k.empty() || k.size() > 256) return false;
  const char c0 = k[0];
  if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= '0' && c0 <= '9'))) return false;
  for (const char c : k) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                    c == '*' || c == '/' || c == '@';
    if (!ok) return false;
  }
  return true;
}

inline bool valid_value(const std::string& v) {
  if (v.empty() || v.size() > 256 || v.back() == ' ') return false;
  for (const char c : v) {
    if (c < 0x20 || c > 0x7E || c == ',' || c == '=') return false;
  }
  return true;
}

/// Parses into a fresh list, as SDKs do (a new TraceState per extracted header).
inline bool parse_tracestate(std::string_view header, tracestate& out) {
  tracestate result;
  for (const std::string& raw : split(std::string(header), ',')) {
    const std::string member = trim(raw);
    if (member.empty()) continue;
    const std::size_t eq = member.find('=');
    if (eq == std::string::npos) return false;
    std::string key = member.substr(0, eq);
    std::string value = member.substr(eq + 1);
    if (!valid_key(key) || !valid_value(value)) return false;
    for (const auto& kv : result) {
      if (kv.first == key) return false;
    }
    if (result.size() == 32) return false;
    result.emplace_back(std::move(key), std::move(value));
  }
  out = std::move(result);
  return true;
}

// --- baggage -------------------------------------------------------------------------------------
// Written as SDKs write it: copy the header, split on ',' and then ';' into vectors of strings,
// trim each part, split key from value on the first '=', check the characters, and percent-decode
// into a fresh std::string (W3C Baggage "Definition"). An invalid member is skipped, and only it;
// members past 64, or past 8192 bytes counted on the member text as received, are dropped whole
// (W3C Baggage "Limits"). Unlike tracewire it rejects invalid UTF-8 after decoding (as the Go SDK
// does) instead of substituting U+FFFD; the benchmark inputs are valid UTF-8.

struct baggage_property {
  std::string key;
  std::string value;
  bool has_value = false;
};

struct baggage_member {
  std::string key;
  std::string value;
  std::vector<baggage_property> properties;
};

/// Members in order, duplicates kept: the same model as tracewire::baggage.
using baggage = std::vector<baggage_member>;

inline bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

inline bool is_token(const std::string& s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!is_tchar(c)) return false;
  }
  return true;
}

/// baggage-octet: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E.
inline bool is_baggage_octet(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) ||
         (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

inline int hex_digit_either(char c) {
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return hex_digit(c);
}

inline bool is_valid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b < 0x80) {
      ++i;
      continue;
    }
    if (b >= 0xC2 && b <= 0xDF) {
      need = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      need = 2;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    for (std::size_t k = 1; k <= need; ++k) {
      if (i + k >= s.size()) return false;
      const auto c = static_cast<unsigned char>(s[i + k]);
      if (c < lo || c > hi) return false;
      lo = 0x80;
      hi = 0xBF;
    }
    i += need + 1;
  }
  return true;
}

/// Checks the characters of an encoded value and decodes it into a fresh string.
inline bool percent_decode(const std::string& in, std::string& out) {
  std::string decoded;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (!is_baggage_octet(in[i])) return false;
    if (in[i] != '%') {
      decoded += in[i];
      continue;
    }
    if (i + 2 >= in.size()) return false;
    const int hi = hex_digit_either(in[i + 1]);
    const int lo = hex_digit_either(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    decoded += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  if (!is_valid_utf8(decoded)) return false;
  out = std::move(decoded);
  return true;
}

/// Splits `key [= value]` on the first '=' and trims both sides.
inline void split_pair(const std::string& text, std::string& key, std::string& value,
                       bool& has_value) {
  const std::size_t eq = text.find('=');
  has_value = eq != std::string::npos;
  key = trim(text.substr(0, eq));
  value = has_value ? trim(text.substr(eq + 1)) : std::string();
}

/// Parses into a fresh list, as SDKs do (a new Baggage per extracted request).
inline bool parse_baggage(std::string_view header, baggage& out) {
  baggage result;
  std::size_t bytes = 0;
  for (const std::string& raw : split(std::string(header), ',')) {
    const std::string member = trim(raw);
    if (member.empty()) continue;
    const std::vector<std::string> parts = split(member, ';');
    baggage_member m;
    std::string raw_value;
    bool has_value = false;
    split_pair(parts[0], m.key, raw_value, has_value);
    if (!has_value || !is_token(m.key) || !percent_decode(raw_value, m.value)) continue;
    bool ok = true;
    for (std::size_t i = 1; i < parts.size() && ok; ++i) {
      baggage_property p;
      std::string raw_property_value;
      split_pair(trim(parts[i]), p.key, raw_property_value, p.has_value);
      ok = is_token(p.key) && (!p.has_value || percent_decode(raw_property_value, p.value));
      m.properties.push_back(std::move(p));
    }
    if (!ok) continue;
    const std::size_t with_comma = bytes + (result.empty() ? 0 : 1) + member.size();
    if (result.size() == 64 || with_comma > 8192) continue;
    bytes = with_comma;
    result.push_back(std::move(m));
  }
  out = std::move(result);
  return true;
}

/// Percent-encodes everything outside baggage-octet, and '%' itself (RFC 3986, uppercase hex).
inline std::string percent_encode(const std::string& v) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : v) {
    if (is_baggage_octet(c) && c != '%') {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += '%';
      out += digits[b >> 4];
      out += digits[b & 0x0F];
    }
  }
  return out;
}

inline std::string format_baggage(const baggage& b) {
  std::string out;
  for (const baggage_member& m : b) {
    if (!out.empty()) out += ',';
    out += m.key;
    out += '=';
    out += percent_encode(m.value);
    for (const baggage_property& p : m.properties) {
      out += ';';
      out += p.key;
      if (p.has_value) {
        out += '=';
        out += percent_encode(p.value);
      }
    }
  }
  return out;
}

}  // namespace naive
}  // namespace tracewire_bench

#endif  // TRACEWIRE_BENCHMARKS_NAIVE_HPP
