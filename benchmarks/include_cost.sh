#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Include cost of each public header (STYLE.md point 2): the `-std=c++17 -fsyntax-only` time of a
# translation unit that includes only that header, best of 5, minus the best of 5 of an empty
# translation unit. A few standard headers are measured the same way, for scale.
#
#   benchmarks/include_cost.sh [source-dir]       (default: the checkout this script is in)
#
# Compilers: TRACEWIRE_INCLUDE_COST_COMPILERS (default "g++ clang++"); runs: TRACEWIRE_INCLUDE_COST_RUNS
# (default 5). Prints a markdown table in milliseconds.
set -euo pipefail

root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
if [[ ! -d $root/include/tracewire ]]; then
  echo "usage: $0 [source-dir]   ($root/include/tracewire not found)" >&2
  exit 2
fi
runs=${TRACEWIRE_INCLUDE_COST_RUNS:-5}
read -r -a requested <<<"${TRACEWIRE_INCLUDE_COST_COMPILERS:-g++ clang++}"
compilers=()
for c in "${requested[@]}"; do
  if command -v "$c" >/dev/null; then compilers+=("$c"); else echo "skipping $c: not found" >&2; fi
done
[[ ${#compilers[@]} -gt 0 ]] || { echo "no compiler found" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Best-of-$runs wall time in nanoseconds of compiling one TU.
best_ns() {
  local cxx=$1 tu=$2 best="" i start end t
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    "$cxx" -std=c++17 -fsyntax-only -I"$root/include" "$tu"
    end=$(date +%s%N)
    t=$((end - start))
    if [[ -z $best || $t -lt $best ]]; then best=$t; fi
  done
  echo "$best"
}

ms() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e6 }'; }
# A difference below 1 ms is within the run-to-run noise of process start-up.
cost_ms() { awk -v ns="$1" 'BEGIN { if (ns < 1e6) print "~0"; else printf "%.1f", ns / 1e6 }'; }

# Rows: public headers (not detail/, and not the adapters that include a third-party library),
# then standard headers for scale.
rows=()
labels=()
while IFS= read -r rel; do
  rows+=("#include \"$rel\"")
  labels+=("$rel")
done < <(cd "$root/include" && find tracewire -name '*.hpp' -not -path '*/detail/*' |
           grep -vE '^tracewire/carriers/(httplib|beast|grpcpp|librdkafka)\.hpp$' | LC_ALL=C sort)
# The standard headers the public headers use, and <string>/<system_error> that STYLE.md avoids.
for h in cstdint cstring string_view array iterator atomic chrono emmintrin.h string system_error; do
  rows+=("#include <$h>")
  if [[ $h == *.h ]]; then
    labels+=("<$h> (compiler intrinsics, for scale)")
  else
    labels+=("<$h> (standard library, for scale)")
  fi
done

: >"$work/empty.cpp"
declare -A empty_ns
for c in "${compilers[@]}"; do empty_ns[$c]=$(best_ns "$c" "$work/empty.cpp"); done

header="| header |"
rule="|---|"
versions=()
for c in "${compilers[@]}"; do
  header+=" $c (ms) |"
  rule+="---:|"
  versions+=("$c: $("$c" --version | head -n 1)")
done

echo "Include cost: -std=c++17 -fsyntax-only, best of $runs, minus an empty TU (~0: below 1 ms, within noise)"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
for v in "${versions[@]}"; do echo "- $v"; done
line="- empty TU (subtracted):"
for c in "${compilers[@]}"; do line+=" $c $(ms "${empty_ns[$c]}") ms;"; done
echo "${line%;}"
echo
echo "$header"
echo "$rule"
for i in "${!rows[@]}"; do
  printf '%s\n' "${rows[$i]}" >"$work/tu.cpp"
  line="| ${labels[$i]} |"
  for c in "${compilers[@]}"; do
    t=$(best_ns "$c" "$work/tu.cpp")
    line+=" $(cost_ms $((t - empty_ns[$c]))) |"
  done
  echo "$line"
done
