#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tools/demo.sh: builds the checkout-journey demo (Release, the demo alone) and runs it.
#
#   tools/demo.sh [demo options]      e.g. tools/demo.sh --journeys 2000 --ratio 0.05
#   tools/demo.sh --help              the demo's options
#
# Needs only a C++17 compiler and CMake >= 3.14; the build goes to build/demo in the source tree
# (or TRACEWIRE_DEMO_BUILD_DIR).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${TRACEWIRE_DEMO_BUILD_DIR:-$root/build/demo}
generator=()
if [ -z "${CMAKE_GENERATOR:-}" ] && command -v ninja >/dev/null 2>&1; then
  generator=(-G Ninja)
fi
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DTRACEWIRE_BUILD_TESTS=OFF -DTRACEWIRE_BUILD_BENCHMARKS=OFF -DTRACEWIRE_BUILD_FUZZERS=OFF \
    -DTRACEWIRE_BUILD_EXAMPLES=ON -DTRACEWIRE_INSTALL=OFF >/dev/null
fi
cmake --build "$build" --target checkout_journey --parallel >/dev/null
exec "$build/examples/checkout_journey/checkout_journey" "$@"
