// SPDX-License-Identifier: Apache-2.0
//
// ODR test driver: the two translation units must agree on every entity the headers define once
// per program, and compute the same answers. Returns the number of failed checks.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "odr.hpp"

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "odr_two_tus: check failed: %s\n", what);
    ++failures;
  }
}

}  // namespace

int main() {
  const tw_odr::addresses a = tw_odr::addresses_a();
  const tw_odr::addresses b = tw_odr::addresses_b();
  check(a.global_generator == b.global_generator, "one global_id_generator() per program");
  check(a.traceparent_size == b.traceparent_size, "one traceparent_size per program");
  check(a.cache_line == b.cache_line, "one cache_line per program");
  check(a.max_members == b.max_members, "one tracestate_max_members per program");

  // The generator reseeded through A is the one B draws from: two draws after the same seed.
  tw_odr::reseed_global_a(7);
  const std::uint64_t first = tw_odr::next_global_b();
  tw_odr::reseed_global_a(7);
  check(tw_odr::next_global_b() == first, "reseed in A restarts the sequence B draws from");

  constexpr std::string_view header = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  char out_a[55];
  char out_b[55];
  check(tw_odr::reformat_traceparent_a(header, out_a), "A parses and formats");
  check(tw_odr::reformat_traceparent_b(header, out_b), "B parses and formats");
  check(std::string_view(out_a, 55) == header && std::string_view(out_b, 55) == header,
        "both round trips give the input back");

  char ts_a[512];
  char ts_b[512];
  const std::size_t na = tw_odr::tracestate_put_a("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
                                                  "congo", "new", ts_a, sizeof ts_a);
  const std::size_t nb = tw_odr::tracestate_put_b("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
                                                  "congo", "new", ts_b, sizeof ts_b);
  constexpr std::string_view expected = "congo=new,rojo=00f067aa0ba902b7";
  check(std::string_view(ts_a, na) == expected, "A: put moves an updated key to the left");
  check(std::string_view(ts_b, nb) == expected, "B: put moves an updated key to the left");

  for (int e = 0; e < 8; ++e) {
    check(std::strcmp(tw_odr::errc_text_a(e), tw_odr::errc_text_b(e)) == 0, "to_string agrees");
  }

  if (failures == 0) std::printf("odr_two_tus: all checks passed\n");
  return failures;
}
