// SPDX-License-Identifier: Apache-2.0
//
// The program both consumer projects build (add_subdirectory and find_package): it must compile
// with nothing but `target_link_libraries(... tracewire::tracewire)` and give the right answers.
// Returns the number of failed checks.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "tracewire/tracewire.hpp"

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "consumer: check failed: %s\n", what);
    ++failures;
  }
}

}  // namespace

int main() {
#ifdef TW_EXPECT_CPLUSPLUS
  // The consumer's own language level, raised (never lowered) by tracewire's cxx_std_17.
  check(__cplusplus >= TW_EXPECT_CPLUSPLUS, "language level of the consumer");
#endif
#ifdef TW_EXPECT_VERSION
  // The version in the CMake package file and in version.hpp come from one source.
  check(std::strcmp(TRACEWIRE_VERSION_STRING, TW_EXPECT_VERSION) == 0,
        "package version equals TRACEWIRE_VERSION_STRING");
#endif

  // W3C Trace Context 3.2.2 example, parsed and formatted back.
  constexpr std::string_view header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  const auto tp = tracewire::parse_traceparent(header);
  check(static_cast<bool>(tp), "parse_traceparent accepts the spec example");
  if (tp) {
    check(tp->trace_id.high() == 0x4bf92f3577b34da6ull, "trace-id high 64 bits");
    check(tp->trace_id.low() == 0xa3ce929d0e0e4736ull, "trace-id low 64 bits");
    check(tp->parent_id.value() == 0x00f067aa0ba902b7ull, "parent-id");
    check(tp->flags.sampled(), "sampled flag");
    char out[tracewire::traceparent_size];
    const auto n = tracewire::format_traceparent(*tp, out, sizeof out);
    check(n && *n == header.size() && std::string_view(out, *n) == header, "format round trip");
  }
  check(tracewire::parse_traceparent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")
                .error() == tracewire::errc::uppercase_hex,
        "uppercase hex is rejected with uppercase_hex");

  // Compile-time use through the installed/vendored headers.
  static_assert(tracewire::parse_traceparent(header).has_value(), "constexpr parse");

  tracewire::tracestate ts;
  check(static_cast<bool>(ts.assign("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7")),
        "tracestate assign");
  check(static_cast<bool>(ts.put("vendor", "v1")), "tracestate put");
  check(ts.view() == "vendor=v1,congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", "tracestate view");

  tracewire::id_generator gen(42);
  check(gen.new_trace_id().is_valid() && gen.new_span_id().is_valid(), "generated ids are valid");

  if (failures == 0) std::printf("consumer: all checks passed\n");
  return failures;
}
