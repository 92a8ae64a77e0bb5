// SPDX-License-Identifier: Apache-2.0
//
// benchmarks/naive.hpp: baselines written the way many SDKs write these codecs, so the benchmark
// shows what the allocation-free design buys. They check the same main rules (lengths, lowercase
// hex, version ff, all-zero ids, tracestate key/value characters, duplicates, 32 members) but are
// built from std::string copies, a split on the separator into a std::vector<std::string>, and a
// std::vector<std::pair<std::string, std::string>> for tracestate. Hex is decoded by a plain loop
// (no std::stoul, which would need exceptions). Not used outside the benchmarks.
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

}  // namespace naive
}  // namespace tracewire_bench

#endif  // TRACEWIRE_BENCHMARKS_NAIVE_HPP
