// SPDX-License-Identifier: Apache-2.0
//
// fuzz/fuzz_support.hpp: what every fuzz target shares.
//
// - owned_text: the code under test never sees the fuzzer's buffer. Every string it is given lives
//   in its own heap allocation of exactly its size, so AddressSanitizer reports a read one byte
//   past the end of a std::string_view (or one byte before its start).
// - canary_buffers: writers write into two buffers pre-filled with different bytes; the two
//   outputs must agree (a byte the writer forgot to write shows up as a difference) and every byte
//   past the reported size must still hold its canary (a byte written out of bounds shows up).
// - TRACEWIRE_FUZZ_CHECK: a property violation prints what was expected and aborts, which
//   libFuzzer (and the replay main) report as a failure, with the input saved as a reproducer.
#ifndef TRACEWIRE_FUZZ_SUPPORT_HPP
#define TRACEWIRE_FUZZ_SUPPORT_HPP

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tracewire/error.hpp"

namespace tracewire_fuzz {

/// The input being run, kept for the failure message.
inline std::string_view& current_input() {
  static std::string_view in;
  return in;
}

/// `s` with every byte outside printable ASCII (and the backslash and quote) escaped as \xNN.
inline std::string escaped(std::string_view s) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F && c != '\\' && c != '"') {
      out += c;
    } else {
      out += "\\x";
      out += digits[u >> 4];
      out += digits[u & 0x0F];
    }
  }
  out += '"';
  return out;
}

[[noreturn]] inline void fail(const char* file, int line, const char* cond,
                              const std::string& why) {
  std::fprintf(stderr, "\n%s:%d: property violated: %s\n  %s\n  input (%zu bytes): %s\n", file,
               line, cond, why.c_str(), current_input().size(),
               escaped(current_input().substr(0, 2048)).c_str());
  std::fflush(stderr);
  std::abort();
}

/// Checks a property; `why` is only evaluated (and may be any std::string expression) on failure.
#define TRACEWIRE_FUZZ_CHECK(cond, why)                                               \
  do {                                                                                \
    if (!(cond)) ::tracewire_fuzz::fail(__FILE__, __LINE__, #cond, std::string(why)); \
  } while (false)

inline std::string errc_name(tracewire::errc e) {
  return std::string(tracewire::to_string(e)) + " (" + std::to_string(static_cast<unsigned>(e)) +
         ")";
}

/// A copy of some text in its own heap allocation of exactly its size (see the top of the file).
class owned_text {
 public:
  owned_text() = default;
  explicit owned_text(std::string_view s) : data_(new char[s.size()]), size_(s.size()) {
    if (size_ != 0) std::memcpy(data_.get(), s.data(), size_);
  }
  owned_text(const std::uint8_t* p, std::size_t n)
      : owned_text(std::string_view(reinterpret_cast<const char*>(p), n)) {}

  std::string_view view() const noexcept { return std::string_view(data_.get(), size_); }
  const char* data() const noexcept { return data_.get(); }
  std::size_t size() const noexcept { return size_; }

 private:
  // new char[0] is a valid, unique pointer whose every access AddressSanitizer reports.
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
};

/// The pieces of `s` between `sep` characters (empty pieces included; one piece for no `sep`).
inline std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

/// A fuzz input laid out for the list codecs: the bytes before the first '\0' are header fields
/// split at '\n', each copied into its own exactly-sized allocation (so an over-read of one field
/// is reported); `joined` is the same fields joined with ',' as one field; the bytes after the
/// first '\0' are operation records split at '\n'.
struct field_input {
  std::vector<owned_text> owned;
  std::vector<std::string_view> fields;
  owned_text joined;
  std::vector<std::string_view> ops;

  explicit field_input(std::string_view all) {
    const std::size_t cut = all.find('\0');
    const std::string_view header = all.substr(0, cut);
    const std::string_view ops_text =
        cut == std::string_view::npos ? std::string_view() : all.substr(cut + 1);
    for (const std::string_view f : split(header, '\n')) owned.emplace_back(f);
    std::string joined_text;
    for (const owned_text& f : owned) {
      if (!fields.empty()) joined_text += ',';
      joined_text += f.view();
      fields.push_back(f.view());
    }
    joined = owned_text(joined_text);
    if (!ops_text.empty()) ops = split(ops_text, '\n');
  }
};

/// Two output buffers of `capacity` bytes, filled with different canary bytes, each in its own
/// exactly-sized heap allocation.
class canary_buffers {
 public:
  static constexpr char canary_a = static_cast<char>(0xA5);
  static constexpr char canary_b = static_cast<char>(0x5A);

  explicit canary_buffers(std::size_t capacity)
      : a_(new char[capacity]), b_(new char[capacity]), capacity_(capacity) {
    if (capacity_ != 0) {
      std::memset(a_.get(), canary_a, capacity_);
      std::memset(b_.get(), canary_b, capacity_);
    }
  }

  char* a() noexcept { return a_.get(); }
  char* b() noexcept { return b_.get(); }
  std::size_t capacity() const noexcept { return capacity_; }
  std::string_view view_a(std::size_t n) const noexcept { return std::string_view(a_.get(), n); }

  /// Both outputs agree on [0, n).
  bool same_prefix(std::size_t n) const noexcept {
    return n <= capacity_ && (n == 0 || std::memcmp(a_.get(), b_.get(), n) == 0);
  }
  /// Every byte in [from, capacity) still holds its canary.
  bool untouched_from(std::size_t from) const noexcept {
    for (std::size_t i = from; i < capacity_; ++i) {
      if (a_[i] != canary_a || b_[i] != canary_b) return false;
    }
    return true;
  }

 private:
  std::unique_ptr<char[]> a_;
  std::unique_ptr<char[]> b_;
  std::size_t capacity_;
};

/// Lowercase hex of n bytes, written independently of the library (for expected values).
inline std::string reference_hex(const std::uint8_t* p, std::size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 0x0F];
  }
  return out;
}

}  // namespace tracewire_fuzz

#endif  // TRACEWIRE_FUZZ_SUPPORT_HPP
