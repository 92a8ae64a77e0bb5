#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# fuzz/run_smoke.sh BUILD_DIR [SECONDS_PER_TARGET]
#
# Bounded fuzz run of every target built in BUILD_DIR (configured with TRACEWIRE_BUILD_FUZZERS=ON).
# - libFuzzer build (clang): each target fuzzes for SECONDS_PER_TARGET (default 20) on a copy of
#   its seed corpus in a temporary directory, so the checked-in corpus never grows. A failure keeps
#   the temporary directory (reproducer and log) and its path is printed.
# - replay build (g++ and other compilers without libFuzzer): each target replays its seed corpus
#   once.
# Prints one line per target (PASS/FAIL, executions) and exits non-zero if any target failed.
set -u

usage() {
  echo "usage: $0 BUILD_DIR [SECONDS_PER_TARGET]" >&2
  exit 2
}
[ $# -ge 1 ] && [ $# -le 2 ] || usage
build_dir=$1
seconds=${2:-20}
case $seconds in '' | *[!0-9]*) usage ;; esac

here=$(cd "$(dirname "$0")" && pwd)
bin_dir=$build_dir/fuzz
engine_file=$bin_dir/fuzz_engine.txt
if [ ! -f "$engine_file" ]; then
  echo "run_smoke: $engine_file not found; configure with TRACEWIRE_BUILD_FUZZERS=ON, build" >&2
  exit 2
fi
engine=$(cat "$engine_file")

# Longest input each target is given: a traceparent or a pair of ids is short; tracestate needs
# room for 32 members, several fields and a list of operations; baggage needs room to cross its
# 8192-byte limit (and 180 legacy members) with operations after it.
max_len_for() {
  case $1 in
    tracestate) echo 4096 ;;
    baggage) echo 12288 ;;
    propagation) echo 16384 ;;
    *) echo 512 ;;
  esac
}

failed=0
for target in traceparent tracestate ids baggage propagation; do
  bin=$bin_dir/fuzz_$target
  corpus=$here/corpus/$target
  if [ ! -x "$bin" ]; then
    printf '%-18s FAIL  binary not built: %s\n' "fuzz_$target" "$bin"
    failed=1
    continue
  fi
  work=$(mktemp -d "${TMPDIR:-/tmp}/tracewire-fuzz-$target.XXXXXX")
  log=$work/log.txt

  if [ "$engine" = libfuzzer ]; then
    mkdir -p "$work/corpus"
    cp "$corpus"/* "$work/corpus/"
    dict=()
    [ -f "$here/dict/$target.dict" ] && dict=(-dict="$here/dict/$target.dict")
    # -timeout: one input taking 10 s is a hang (every codec is linear time);
    # -rss_limit_mb: ASan's quarantine is counted, so leave it room;
    # -artifact_prefix: reproducers go to the temporary directory, never to the source tree.
    { "$bin" "$work/corpus" "${dict[@]}" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 \
      -max_len="$(max_len_for "$target")" -print_final_stats=1 \
      -artifact_prefix="$work/" >"$log" 2>&1; } 2>/dev/null
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  else
    # The braces keep bash's own "Aborted" job message out of the output; the log has the details.
    { "$bin" "$corpus" >"$log" 2>&1; } 2>/dev/null
    rc=$?
    execs=$(sed -n 's/^replay: \([0-9]*\) inputs.*/\1/p' "$log" | tail -n 1)
  fi

  if [ $rc -eq 0 ]; then
    printf '%-18s PASS  %s executions (%s)\n' "fuzz_$target" "${execs:-?}" "$engine"
    rm -rf "$work"
  else
    printf '%-18s FAIL  exit %d after %s executions (%s); log and reproducer kept in %s\n' \
      "fuzz_$target" "$rc" "${execs:-?}" "$engine" "$work"
    { grep -A 2 'property violated' "$log" | head -n 3
      grep -E 'SUMMARY: |Test unit written|^replay: cannot' "$log" | head -n 3; } | sed 's/^/    /'
    failed=1
  fi
done
exit $failed
