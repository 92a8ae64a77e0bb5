// SPDX-License-Identifier: Apache-2.0
//
// Stands in for demo.checkout_journey_real when the build could not run it (a library missing,
// or a sanitizer the libraries do not support): prints why and exits with 77, which ctest reports
// as "Skipped" (SKIP_RETURN_CODE 77), never as a pass.
#include <cstdio>

int main(int argc, char** argv) {
  std::printf("SKIPPED: %s\n", argc > 1 ? argv[1] : "the real transports are not available");
  return 77;
}
