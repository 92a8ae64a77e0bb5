// SPDX-License-Identifier: Apache-2.0
//
// Stands in for a real-transport test whose library is not installed: prints why and exits with
// 77, which ctest reports as "Skipped" (SKIP_RETURN_CODE 77), never as a pass.
#include <cstdio>

int main(int argc, char** argv) {
  std::printf("SKIPPED: %s\n", argc > 1 ? argv[1] : "a library is not installed");
  return 77;
}
