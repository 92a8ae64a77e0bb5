#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Runs every measurement of benchmarks/README.md and prints the "Measured" section: the machine,
# then the tables of run_benchmarks.sh (ns/op), callgrind.sh (instructions/op) and include_cost.sh.
#
#   benchmarks/measure_all.sh <build-dir> [--update-readme]
#
# With --update-readme the section between the `measured:begin` and `measured:end` markers of
# benchmarks/README.md is replaced. Takes about two minutes; run it on an otherwise idle machine
# (the timings, not the instruction counts, suffer from concurrent builds).
set -euo pipefail

if [[ $# -lt 1 || ! -d $1 ]]; then
  echo "usage: $0 <build-dir> [--update-readme]" >&2
  exit 2
fi
build=$1
update=0
[[ ${2:-} == --update-readme ]] && update=1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

section=$(mktemp)
trap 'rm -f "$section"' EXIT

first_line() { "$@" 2>/dev/null | head -n 1 || true; }

{
  echo "Measured $(date -u '+%Y-%m-%d') at tracewire commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(
    [[ -n $(git -C "$root" status --porcelain -- include benchmarks 2>/dev/null) ]] &&
      echo ' (with uncommitted changes in include/ or benchmarks/)')."
  echo
  echo "Machine:"
  echo
  echo '```'
  lscpu | grep -E '^(Model name|CPU\(s\)|Thread\(s\) per core|Hypervisor vendor|L1d cache|L2 cache|L3 cache):' |
    sed 's/  */ /g'
  first_line g++ --version
  first_line clang++ --version
  first_line valgrind --version
  if command -v dpkg-query >/dev/null; then
    echo "Google Benchmark $(dpkg-query -W -f '${Version}' libbenchmark-dev 2>/dev/null || echo '(version unknown)')"
  fi
  echo '```'
  echo
  echo "### Time and allocations (Google Benchmark)"
  echo
  "$here/run_benchmarks.sh" "$build"
  echo
  echo "### Instructions per operation (callgrind)"
  echo
  "$here/callgrind.sh" "$build"
  echo
  echo "### Include cost of each public header"
  echo
  "$here/include_cost.sh" "$root"
} >"$section"

if [[ $update -eq 0 ]]; then
  cat "$section"
  exit 0
fi

readme=$here/README.md
begin='<!-- measured:begin -->'
end='<!-- measured:end -->'
if ! grep -qxF "$begin" "$readme" || ! grep -qxF "$end" "$readme"; then
  echo "$readme lacks the $begin / $end markers" >&2
  exit 1
fi
updated=$(mktemp)
awk -v b="$begin" -v e="$end" -v f="$section" '
  $0 == b { print; while ((getline line < f) > 0) print line; skip = 1; next }
  $0 == e { skip = 0 }
  !skip { print }' "$readme" >"$updated"
cat "$updated" >"$readme"  # keeps the README's permissions
rm -f "$updated"
echo "updated $readme"
