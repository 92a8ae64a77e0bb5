// SPDX-License-Identifier: Apache-2.0
//
// fuzz/fuzz_ids.cpp: trace_id / span_id hex codec and trace_flags (W3C Trace Context 3.2.2).
//
// Properties checked on every input:
// - from_hex on the whole input and on every 32- and 16-character slice of its start agrees with a
//   byte-by-byte reference decoder written here (exact length, lowercase only, the first offending
//   character names the error, all-zero rejected), and to_hex(from_hex(x)) == x when valid, written
//   identically into two canary buffers with nothing past hex_size touched.
// - The input bytes hex-encoded by the reference (always valid apart from all-zero), with one
//   character replaced at a position and by a value the input chooses: every byte value at every
//   hex position, both ids.
// - detail::decode_hex (SSE2 blocks at run time) agrees with detail::decode_hex_portable on
//   arbitrary bytes and lengths, and with the reference when valid.
// - from_bytes / bytes / high / low / low56 / value / from_u64 agree with big-endian arithmetic
//   done here; ordering agrees with memcmp; trace_flags bit accessors agree with bit arithmetic.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "tracewire/detail/hex.hpp"
#include "tracewire/ids.hpp"

namespace {

namespace tw = tracewire;
using tracewire_fuzz::canary_buffers;
using tracewire_fuzz::errc_name;
using tracewire_fuzz::escaped;
using tracewire_fuzz::owned_text;
using tracewire_fuzz::reference_hex;

// --- reference -------------------------------------------------------------------------------

int ref_hexdiglc(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

struct ref_id {
  tw::errc error = tw::errc::ok;
  std::uint8_t bytes[16]{};
};

/// The contract of ids.hpp read byte by byte: exactly 2*n characters, each HEXDIGLC (the first
/// that is not names the error: uppercase_hex for A-F, invalid_hex otherwise), not all zero.
ref_id reference_from_hex(std::string_view s, std::size_t n, tw::errc zero_error) {
  ref_id r;
  if (s.size() != 2 * n) {
    r.error = tw::errc::id_wrong_length;
    return r;
  }
  for (const char c : s) {
    if (ref_hexdiglc(c) < 0) {
      r.error = (c >= 'A' && c <= 'F') ? tw::errc::uppercase_hex : tw::errc::invalid_hex;
      return r;
    }
  }
  bool zero = true;
  for (std::size_t i = 0; i < n; ++i) {
    r.bytes[i] =
        static_cast<std::uint8_t>(ref_hexdiglc(s[2 * i]) * 16 + ref_hexdiglc(s[2 * i + 1]));
    zero = zero && r.bytes[i] == 0;
  }
  if (zero) r.error = zero_error;
  return r;
}

std::uint64_t ref_be64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v * 256u + p[i];
  return v;
}

// --- properties ------------------------------------------------------------------------------

template <class Id>
void check_valid_id(const Id& id, const std::uint8_t* want_bytes) {
  constexpr std::size_t n = Id::size;
  TRACEWIRE_FUZZ_CHECK(id.is_valid(), "a parsed id is not valid");
  TRACEWIRE_FUZZ_CHECK(
      std::memcmp(id.data(), want_bytes, n) == 0 &&
          std::memcmp(id.bytes().data(), want_bytes, n) == 0,
      "bytes " + reference_hex(id.data(), n) + ", expected " + reference_hex(want_bytes, n));
  TRACEWIRE_FUZZ_CHECK(Id::from_bytes(want_bytes) == id, "from_bytes differs");
  TRACEWIRE_FUZZ_CHECK(Id::from_bytes(id.bytes()) == id, "from_bytes(array) differs");

  // to_hex: two canary buffers with room to spare, and one of exactly hex_size.
  canary_buffers buf(Id::hex_size + 8);
  id.to_hex(buf.a());
  id.to_hex(buf.b());
  TRACEWIRE_FUZZ_CHECK(buf.same_prefix(Id::hex_size), "to_hex differs between canary buffers");
  TRACEWIRE_FUZZ_CHECK(buf.untouched_from(Id::hex_size), "to_hex wrote past hex_size");
  const std::string hex(buf.view_a(Id::hex_size));
  TRACEWIRE_FUZZ_CHECK(hex == reference_hex(want_bytes, n), "to_hex gave " + hex);
  canary_buffers exact(Id::hex_size);
  id.to_hex(exact.a());
  TRACEWIRE_FUZZ_CHECK(exact.view_a(Id::hex_size) == hex, "to_hex into an exact buffer differs");
}

void check_numbers(const tw::trace_id& t) {
  const std::uint64_t hi = ref_be64(t.data());
  const std::uint64_t lo = ref_be64(t.data() + 8);
  TRACEWIRE_FUZZ_CHECK(t.high() == hi && t.low() == lo, "high/low differ from big-endian");
  TRACEWIRE_FUZZ_CHECK(t.low56() == (lo & ((std::uint64_t{1} << 56) - 1)), "low56 differs");
  TRACEWIRE_FUZZ_CHECK(tw::trace_id::from_u64(hi, lo) == t, "from_u64(high, low) differs");
}

void check_numbers(const tw::span_id& s) {
  const std::uint64_t v = ref_be64(s.data());
  TRACEWIRE_FUZZ_CHECK(s.value() == v, "value differs from big-endian");
  TRACEWIRE_FUZZ_CHECK(tw::span_id::from_u64(v) == s, "from_u64(value) differs");
}

/// from_hex on `text` (copied to its own allocation) against the reference.
template <class Id>
void check_from_hex(std::string_view text) {
  const owned_text own(text);
  const std::string_view s = own.view();
  const tw::result<Id> got = Id::from_hex(s);
  const ref_id want = reference_from_hex(s, Id::size, Id::all_zero_error);
  TRACEWIRE_FUZZ_CHECK(got.error() == want.error, "from_hex(" + escaped(s) + "): got " +
                                                      errc_name(got.error()) + ", expected " +
                                                      errc_name(want.error));
  if (!got) return;
  check_valid_id(*got, want.bytes);
  check_numbers(*got);
  // to_hex(from_hex(x)) == x
  canary_buffers buf(Id::hex_size);
  got->to_hex(buf.a());
  TRACEWIRE_FUZZ_CHECK(buf.view_a(Id::hex_size) == s, "to_hex(from_hex(x)) != x");
}

/// Raw bytes as an id: accessors, validity, encoding and the hex round trip.
template <class Id>
void check_from_bytes(const std::uint8_t* p) {
  constexpr std::size_t n = Id::size;
  const Id id = Id::from_bytes(p);
  bool zero = true;
  for (std::size_t i = 0; i < n; ++i) zero = zero && p[i] == 0;
  TRACEWIRE_FUZZ_CHECK(id.is_valid() == !zero, "is_valid disagrees with the bytes");
  TRACEWIRE_FUZZ_CHECK(std::memcmp(id.data(), p, n) == 0, "from_bytes changed the bytes");
  check_numbers(id);
  if (!zero) check_valid_id(id, p);
  check_from_hex<Id>(reference_hex(p, n));
}

template <class Id>
void check_order(const std::uint8_t* pa, const std::uint8_t* pb) {
  const Id a = Id::from_bytes(pa);
  const Id b = Id::from_bytes(pb);
  const int c = std::memcmp(pa, pb, Id::size);
  TRACEWIRE_FUZZ_CHECK((a == b) == (c == 0) && (a != b) == (c != 0),
                       "equality differs from memcmp");
  TRACEWIRE_FUZZ_CHECK(
      (a < b) == (c < 0) && (a > b) == (c > 0) && (a <= b) == (c <= 0) && (a >= b) == (c >= 0),
      "ordering differs from memcmp");
  // The order of the ids is the order of their hex text.
  const int h = reference_hex(pa, Id::size).compare(reference_hex(pb, Id::size));
  TRACEWIRE_FUZZ_CHECK((h < 0) == (a < b) && (h == 0) == (a == b), "ordering differs from hex");
}

/// decode_hex (fast path at run time) against decode_hex_portable and the reference, on the
/// first 2*n bytes of the input.
void check_decode(std::string_view in, std::size_t n) {
  if (2 * n > in.size()) return;
  const owned_text text(in.substr(0, 2 * n));
  const std::unique_ptr<std::uint8_t[]> fast(new std::uint8_t[n]);
  const std::unique_ptr<std::uint8_t[]> portable(new std::uint8_t[n]);
  const bool ok_fast = tw::detail::decode_hex(text.data(), n, fast.get());
  const bool ok_portable = tw::detail::decode_hex_portable(text.data(), n, portable.get());
  TRACEWIRE_FUZZ_CHECK(ok_fast == ok_portable, "decode_hex " + std::to_string(ok_fast) +
                                                   ", portable " + std::to_string(ok_portable) +
                                                   " for n=" + std::to_string(n));
  bool ref_ok = true;
  for (const char c : text.view()) ref_ok = ref_ok && ref_hexdiglc(c) >= 0;
  TRACEWIRE_FUZZ_CHECK(ok_fast == ref_ok, "decode_hex validity differs from the reference");
  if (!ok_fast) return;
  TRACEWIRE_FUZZ_CHECK(n == 0 || std::memcmp(fast.get(), portable.get(), n) == 0,
                       "decode_hex bytes differ from portable for n=" + std::to_string(n));
  TRACEWIRE_FUZZ_CHECK(reference_hex(fast.get(), n) == text.view(), "decode_hex bytes are wrong");
}

void check_flags(std::uint8_t b) {
  const tw::trace_flags f(b);
  TRACEWIRE_FUZZ_CHECK(f.value() == b, "value");
  TRACEWIRE_FUZZ_CHECK(f.known().value() == (b & 0x03), "known");
  TRACEWIRE_FUZZ_CHECK(f.reserved() == (b & 0xFC), "reserved");
  TRACEWIRE_FUZZ_CHECK(f.sampled() == ((b & 0x01) != 0) && f.random() == ((b & 0x02) != 0),
                       "sampled/random");
  TRACEWIRE_FUZZ_CHECK(
      f.with_sampled(true).value() == (b | 0x01) && f.with_sampled(false).value() == (b & 0xFE) &&
          f.with_random(true).value() == (b | 0x02) && f.with_random(false).value() == (b & 0xFD),
      "with_sampled/with_random");
  TRACEWIRE_FUZZ_CHECK((f == tw::trace_flags(b)) && !(f != tw::trace_flags(b)), "equality");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const owned_text input(data, size);
  tracewire_fuzz::current_input() = input.view();
  const std::string_view s = input.view();
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(input.data());

  // The whole input, then every 32- and 16-character slice starting in its first 48 bytes.
  check_from_hex<tw::trace_id>(s);
  check_from_hex<tw::span_id>(s);
  for (std::size_t off = 0; off < 48 && off + 16 <= s.size(); ++off) {
    if (off + 32 <= s.size()) check_from_hex<tw::trace_id>(s.substr(off, 32));
    check_from_hex<tw::span_id>(s.substr(off, 16));
  }

  // Raw bytes as ids, and one hex character replaced (position and value from the input).
  if (size >= 16) {
    check_from_bytes<tw::trace_id>(bytes);
    check_from_bytes<tw::span_id>(bytes + 8);
  }
  if (size >= 18) {
    std::string hex = reference_hex(bytes + 2, 16);
    hex[bytes[0] % 32] = static_cast<char>(bytes[1]);
    check_from_hex<tw::trace_id>(hex);
    check_from_hex<tw::span_id>(std::string_view(hex).substr(bytes[0] % 17, 16));
  }
  if (size >= 32) {
    check_order<tw::trace_id>(bytes, bytes + 16);
    check_order<tw::span_id>(bytes, bytes + 8);
    check_order<tw::trace_id>(bytes, bytes);  // equal
  }

  // The decoder pair on arbitrary bytes: whole SSE2 blocks, a remainder, and odd lengths.
  const std::size_t half = s.size() / 2;
  check_decode(s, half);
  check_decode(s, 8);
  check_decode(s, 16);
  check_decode(s, half % 9);
  if (size > 0) check_decode(s, bytes[0] % (half + 1));

  for (std::size_t i = 0; i < size && i < 4; ++i) check_flags(bytes[i]);
  return 0;
}
