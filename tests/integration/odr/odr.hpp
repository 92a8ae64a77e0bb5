// SPDX-License-Identifier: Apache-2.0
//
// Functions defined in two translation units that each include every public header (tu_a.cpp in
// one order, tu_b.cpp in the reverse order). Linking them together fails on any non-inline
// definition in a header; main.cpp then checks that entities the headers define once per program
// (inline variables, function-local statics, thread_locals) really are one entity.
#ifndef TRACEWIRE_TEST_ODR_HPP
#define TRACEWIRE_TEST_ODR_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tw_odr {

struct addresses {
  const void* global_generator;  // &global_id_generator(): a function-local static
  const void* traceparent_size;  // an inline constexpr variable
  const void* cache_line;        // an inline constexpr variable
  const void* max_members;       // an inline constexpr variable
};

addresses addresses_a();
addresses addresses_b();

/// Parses a traceparent and re-formats it into out (55 bytes); false on error.
bool reformat_traceparent_a(std::string_view in, char* out);
bool reformat_traceparent_b(std::string_view in, char* out);

/// Parses a tracestate, puts key=value, writes the result into out; the bytes written or 0.
std::size_t tracestate_put_a(std::string_view in, std::string_view key, std::string_view value,
                             char* out, std::size_t size);
std::size_t tracestate_put_b(std::string_view in, std::string_view key, std::string_view value,
                             char* out, std::size_t size);

/// The global generator, reseeded in one translation unit and drawn from in the other.
void reseed_global_a(std::uint64_t seed);
std::uint64_t next_global_b();

/// to_string of an errc, from each translation unit.
const char* errc_text_a(int e);
const char* errc_text_b(int e);

}  // namespace tw_odr

#endif  // TRACEWIRE_TEST_ODR_HPP
