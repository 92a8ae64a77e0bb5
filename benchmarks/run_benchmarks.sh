#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Runs tracewire_bench with repetitions and prints a markdown table: CPU ns/op (median and min over
# the repetitions, and the spread (max - min) / min), allocations/op, and how many times slower the
# naive baseline is than tracewire on the same operation (best of N against best of N: the minimum
# is the figure least disturbed by other load on the machine).
#
#   benchmarks/run_benchmarks.sh <build-dir> [extra tracewire_bench arguments]
#
# Repetitions: TRACEWIRE_BENCH_REPETITIONS (default 5). The raw JSON is kept in
# <build-dir>/benchmarks/tracewire_bench.json. Needs jq.
set -euo pipefail

if [[ $# -lt 1 || ! -d $1 ]]; then
  echo "usage: $0 <build-dir> [extra tracewire_bench arguments]" >&2
  exit 2
fi
build=$1
shift
reps=${TRACEWIRE_BENCH_REPETITIONS:-5}
command -v jq >/dev/null || { echo "jq not found (apt-get install jq)" >&2; exit 1; }
bench=$build/benchmarks/tracewire_bench
if [[ ! -x $bench ]]; then
  bench=$(find "$build" -type f -name tracewire_bench -perm -u+x 2>/dev/null | head -n 1)
fi
if [[ -z $bench || ! -x $bench ]]; then
  echo "tracewire_bench not found under $build (build the benchmarks first)" >&2
  exit 1
fi
json=$(dirname "$bench")/tracewire_bench.json

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Random interleaving runs the repetitions of all benchmarks in a shuffled order, so a burst of load
# from elsewhere spoils one repetition of several benchmarks rather than all of one.
if ! "$bench" --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
    --benchmark_enable_random_interleaving=true --benchmark_out="$json" --benchmark_out_format=json "$@" >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi

source_dir=$(sed -n 's/^tracewire_SOURCE_DIR:STATIC=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
commit=unknown
if [[ -n $source_dir ]] && git -C "$source_dir" rev-parse --short HEAD >/dev/null 2>&1; then
  commit=$(git -C "$source_dir" rev-parse --short HEAD)
  if [[ -n $(git -C "$source_dir" status --porcelain -- include benchmarks 2>/dev/null) ]]; then
    commit="$commit + uncommitted changes in include/ or benchmarks/"
  fi
fi

jq -r --arg commit "$commit" --arg reps "$reps" '
  def fmt(x): if x >= 100 then (x | round | tostring)
              else ((x * 10 | round) as $t | "\($t / 10 | floor).\($t % 10)") end;
  .context as $c
  | [.benchmarks[] | select(.run_type == "aggregate")] as $aggs
  # registration order (family_index), whatever order random interleaving ran them in
  | ([$aggs[] | {run_name, family_index}] | unique_by(.family_index) | sort_by(.family_index)
     | map(.run_name)) as $names
  | def agg($n; $a): first($aggs[] | select(.run_name == $n and .aggregate_name == $a));
    def op($n): $n | split("/")[0];
    ( "Google Benchmark, CPU time per operation over \($reps) repetitions",
      "",
      "- date: \($c.date), tracewire commit: \($commit), host: \($c.num_cpus) CPUs at \($c.mhz_per_cpu) MHz, load average \($c.load_avg | map(. * 100 | round / 100) | join(" "))",
      "- compiler: \($c.compiler // "unknown"), Google Benchmark library build: \($c.library_build_type)",
      "",
      "| operation | implementation | median ns | min ns | spread (max-min)/min | allocations/op | vs tracewire (min) |",
      "|---|---|---:|---:|---:|---:|---:|",
      ( $names[]
        | . as $n
        | agg($n; "median") as $med
        | agg($n; "min") as $min
        | agg($n; "max") as $max
        | (first($names[] | select(op(.) == op($n) and (split("/")[1] | startswith("tracewire"))))) as $ref
        | (if ($n | split("/")[1] | startswith("tracewire")) then "" else
             (agg($ref; "min").cpu_time) as $r
             | if $r > 0 then "\(fmt($min.cpu_time / $r))x slower" else "" end
           end) as $vs
        | "| \(op($n)) | \($n | split("/")[1]) | \(fmt($med.cpu_time)) | \(fmt($min.cpu_time)) | \((($max.cpu_time - $min.cpu_time) / $min.cpu_time * 100) | round)% | \($med.allocs_per_op) | \($vs) |"
      )
    )' "$json"
