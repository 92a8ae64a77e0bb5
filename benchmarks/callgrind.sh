#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Instructions per operation from `valgrind --tool=callgrind` (hardware counters are not available on
# our machines; instruction counts are repeatable, times are not).
#
#   benchmarks/callgrind.sh <build-dir> [op ...]
#
# For each op of tracewire_callgrind_driver (all of them by default) the driver runs N and 2N times
# under callgrind; (Ir(2N) - Ir(N)) / N is the cost of one op with start-up, dynamic linking and
# first-call warm-up cancelled. N is TRACEWIRE_CALLGRIND_N (default 2000). Prints a markdown table.
# Configure the build directory as Release (see benchmarks/README.md) or the counts mean nothing.
set -euo pipefail

if [[ $# -lt 1 || ! -d $1 ]]; then
  echo "usage: $0 <build-dir> [op ...]" >&2
  exit 2
fi
build=$1
shift
n=${TRACEWIRE_CALLGRIND_N:-2000}
if ! [[ $n =~ ^[1-9][0-9]*$ ]]; then
  echo "TRACEWIRE_CALLGRIND_N must be a positive integer" >&2
  exit 2
fi

command -v valgrind >/dev/null || { echo "valgrind not found" >&2; exit 1; }
driver=$build/benchmarks/tracewire_callgrind_driver
if [[ ! -x $driver ]]; then
  driver=$(find "$build" -type f -name tracewire_callgrind_driver -perm -u+x 2>/dev/null | head -n 1)
fi
if [[ -z $driver || ! -x $driver ]]; then
  echo "tracewire_callgrind_driver not found under $build (build the benchmarks first)" >&2
  exit 1
fi
driver_dir=$(dirname "$driver")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints "<Ir> <allocations during the loop>" for one run of the driver.
measure() {
  local op=$1 iterations=$2 out=$work/callgrind.out
  if ! valgrind --tool=callgrind --callgrind-out-file="$out" "$driver" "$op" "$iterations" \
      >"$work/stdout" 2>"$work/stderr"; then
    echo "driver failed for $op:" >&2
    cat "$work/stderr" >&2
    return 1
  fi
  local ir allocs
  ir=$(awk '$1 == "summary:" { print $2 }' "$out")
  allocs=$(sed -n 's/.* allocations=\([0-9]*\) .*/\1/p' "$work/stdout")
  if [[ -z $ir || -z $allocs ]]; then
    echo "could not read the counts for $op" >&2
    return 1
  fi
  echo "$ir $allocs"
}

# The op table comes from the driver itself: name, target, kind, description.
declare -a names targets kinds descriptions
while IFS=$'\t' read -r name target kind description; do
  names+=("$name")
  targets+=("$target")
  kinds+=("$kind")
  descriptions+=("$description")
done < <("$driver" --list)

selected=("$@")
for s in "${selected[@]}"; do
  if ! printf '%s\n' "${names[@]}" | grep -qxF -- "$s"; then
    echo "unknown op '$s'; the ops are: ${names[*]}" >&2
    exit 2
  fi
done
is_selected() {
  [[ ${#selected[@]} -eq 0 ]] && return 0
  local s
  for s in "${selected[@]}"; do [[ $s == "$1" ]] && return 0; done
  return 1
}

source_dir=$(sed -n 's/^tracewire_SOURCE_DIR:STATIC=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
commit=unknown
if [[ -n $source_dir ]] && git -C "$source_dir" rev-parse --short HEAD >/dev/null 2>&1; then
  commit=$(git -C "$source_dir" rev-parse --short HEAD)
  if [[ -n $(git -C "$source_dir" status --porcelain -- include benchmarks 2>/dev/null) ]]; then
    commit="$commit + uncommitted changes in include/ or benchmarks/"
  fi
fi

echo "Instructions per operation, callgrind (valgrind $(valgrind --version | sed 's/^valgrind-//')), N = $n and 2N = $((2 * n))"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), tracewire commit: $commit"
"$driver" --info | sed 's/^/- /'
# Written by CMake next to the driver; multi-config generators put the driver in <config>/.
build_info=("$driver_dir"/callgrind_driver_build-*.txt)
config_info=$(dirname "$driver_dir")/callgrind_driver_build-$(basename "$driver_dir").txt
[[ -f $config_info ]] && build_info=("$config_info")
for f in "${build_info[@]}"; do
  if [[ -f $f ]]; then sed 's/^/- /; s/  */ /g' "$f"; fi
done
echo
echo "| operation | instructions/op | target | allocations/op | status |"
echo "|---|---:|---:|---:|---|"

failed=0
for i in "${!names[@]}"; do
  name=${names[$i]}
  is_selected "$name" || continue
  m1=$(measure "$name" "$n") || { failed=1; continue; }
  m2=$(measure "$name" $((2 * n))) || { failed=1; continue; }
  read -r ir1 allocations <<<"$m1"
  read -r ir2 _ <<<"$m2"
  per_op=$(awk -v a="$ir1" -v b="$ir2" -v n="$n" 'BEGIN { printf "%.1f", (b - a) / n }')
  # Exact, so that one allocation in N calls still shows (and fails the zero-allocation target).
  allocs=$(awk -v a="$allocations" -v n="$n" 'BEGIN { printf "%g", a / n }')
  target=${targets[$i]}
  case ${kinds[$i]} in
    baseline) status="baseline" ;;
    reference) status="reference" ;;
    *)
      if [[ $target == "-" ]]; then
        status="no target"
        [[ $allocations != 0 ]] && status="misses (allocates)"
      else
        status=$(awk -v p="$per_op" -v t="$target" -v a="$allocations" 'BEGIN {
          if (a != 0) print "misses (allocates)";
          else if (p <= t) print "meets";
          else print "misses";
        }')
      fi
      ;;
  esac
  [[ $target == "-" ]] && target="-" || target="<= $target"
  echo "| $name: ${descriptions[$i]} | $per_op | $target | $allocs | $status |"
done
exit $failed
