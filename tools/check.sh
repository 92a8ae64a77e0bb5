#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tools/check.sh: the one command that runs every test of tracewire.
#
#   tools/check.sh             the full matrix (what CI runs through .ci/run):
#                                gcc-cxx17    g++ C++17 Release: configure, build, ctest
#                                clang-cxx20  clang++ C++20 Release: configure, build, ctest
#                                asan-ubsan   clang++ C++17 under ASan + UBSan: configure, build, ctest
#                                tsan         clang++ under ThreadSanitizer: the thread tests only
#                                fuzz         clang++ libFuzzer targets: configure, build, then
#                                             fuzz/run_smoke.sh for a bounded time per target
#   tools/check.sh --quick     the developer loop: the dev preset (g++ Debug) configure, build, ctest
#
# Options: --quick, --jobs N (default: number of cores), --build-root DIR (default: build/ in the
# source tree; also TRACEWIRE_BUILD_ROOT), --fuzz-seconds N (default 20), --verbose (stream every
# command's output instead of keeping it in a log), --help.
#
# Every step prints a header, its duration and PASS, FAIL or SKIPPED (with the reason: a missing
# optional tool such as clang++). A failure does not stop the run: a failed build keeps going and
# its tests still run (those whose programs did not build fail); a step that cannot run because
# an earlier step failed is reported as FAIL, never skipped. The run ends with a
# summary table and the line "N passed, N failed, N skipped"; the exit status is non-zero if any
# step failed. Works from any directory, on a fresh clone, without a terminal or standard input.
set -uo pipefail

usage() {
  # The comment block at the top of this file, without the license line.
  awk 'NR > 3 && /^#/ { sub(/^# ?/, ""); print; next } NR > 3 { exit }' "${BASH_SOURCE[0]}"
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
quick=0
jobs=$(nproc 2>/dev/null || echo 2)
build_root=${TRACEWIRE_BUILD_ROOT:-$root/build}
fuzz_seconds=20
verbose=0

while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --jobs | -j)
      [ $# -ge 2 ] || { echo "check.sh: $1 needs a number" >&2; exit 2; }
      jobs=$2
      shift
      ;;
    --jobs=*) jobs=${1#--jobs=} ;;
    -j[0-9]*) jobs=${1#-j} ;;
    --build-root)
      [ $# -ge 2 ] || { echo "check.sh: $1 needs a directory" >&2; exit 2; }
      build_root=$2
      shift
      ;;
    --build-root=*) build_root=${1#--build-root=} ;;
    --fuzz-seconds)
      [ $# -ge 2 ] || { echo "check.sh: $1 needs a number" >&2; exit 2; }
      fuzz_seconds=$2
      shift
      ;;
    --fuzz-seconds=*) fuzz_seconds=${1#--fuzz-seconds=} ;;
    --verbose | -v) verbose=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      echo "check.sh: unknown option '$1'" >&2
      usage >&2
      exit 2
      ;;
  esac
  shift
done
case $jobs in '' | *[!0-9]* | 0) echo "check.sh: --jobs needs a positive number, got '$jobs'" >&2; exit 2 ;; esac
case $fuzz_seconds in '' | *[!0-9]*) echo "check.sh: --fuzz-seconds needs a number" >&2; exit 2 ;; esac

# Nothing below may wait for input: CI has none.
exec </dev/null
mkdir -p "$build_root" || { echo "check.sh: cannot create $build_root" >&2; exit 2; }
build_root=$(cd "$build_root" && pwd)
log_dir=$build_root/check-logs
mkdir -p "$log_dir"
cd "$root" || exit 2

# Ninja when it is installed (faster incremental builds); otherwise CMake's default generator.
if [ -z "${CMAKE_GENERATOR:-}" ] && command -v ninja >/dev/null 2>&1; then
  export CMAKE_GENERATOR=Ninja
fi
export CLICOLOR_FORCE=0 CTEST_OUTPUT_ON_FAILURE=1

# --- bookkeeping --------------------------------------------------------------------------------
step_names=()
step_results=()
step_times=()
step_notes=()
n_pass=0
n_fail=0
n_skip=0
# EPOCHREALTIME (bash 5) with the decimal separator of any locale removed: microseconds.
now_us() { echo "${EPOCHREALTIME//[.,]/}"; }
run_start=$(now_us)
fmt_us() {  # microseconds -> "12.3 s"
  local us=$1
  printf '%d.%d s' $((us / 1000000)) $(((us % 1000000) / 100000))
}

record() {  # name result time_us note
  step_names+=("$1")
  step_results+=("$2")
  step_times+=("$3")
  step_notes+=("$4")
  case $2 in
    PASS) n_pass=$((n_pass + 1)) ;;
    FAIL) n_fail=$((n_fail + 1)) ;;
    SKIPPED) n_skip=$((n_skip + 1)) ;;
  esac
}

header() {
  echo
  echo "==> [$(( ${#step_names[@]} + 1 ))] $1"
}

# run_step NAME COMMAND...: runs COMMAND from the source root, output to a log (or streamed with
# --verbose); returns the command's status.
run_step() {
  local name=$1
  shift
  local log
  log=$log_dir/$(echo "$name" | tr ' /' '__').log
  header "$name"
  echo "    \$ $*"
  local t0 rc
  t0=$(now_us)
  if [ "$verbose" = 1 ]; then
    "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
  else
    "$@" >"$log" 2>&1
    rc=$?
  fi
  local dt=$(($(now_us) - t0))
  if [ "$rc" -eq 0 ]; then
    echo "    PASS ($(fmt_us "$dt"))"
    record "$name" PASS "$dt" ""
  else
    if [ "$verbose" != 1 ]; then
      # CI keeps the whole log of a failed step; a terminal gets the end of it.
      if [ "${CI:-}" = true ]; then
        sed 's/^/    | /' "$log"
      else
        tail -n 100 "$log" | sed 's/^/    | /'
      fi
    fi
    echo "    FAIL ($(fmt_us "$dt"), exit $rc) - log: $log"
    record "$name" FAIL "$dt" "exit $rc; log: $log"
  fi
  return "$rc"
}

fail_step() {  # name reason: a step that could not run counts as failed
  header "$1"
  echo "    FAIL: $2"
  record "$1" FAIL 0 "$2"
}

skip_step() {  # name reason: only for a missing optional tool
  header "$1"
  echo "    SKIPPED: $2"
  record "$1" SKIPPED 0 "$2"
}

print_summary() {
  local total_us=$(($(now_us) - run_start))
  echo
  echo "=================================== summary ==================================="
  printf '%-28s %-8s %9s  %s\n' "step" "result" "time" "note"
  printf '%-28s %-8s %9s  %s\n' "----" "------" "----" "----"
  local i
  for i in "${!step_names[@]}"; do
    printf '%-28s %-8s %9s  %s\n' "${step_names[$i]}" "${step_results[$i]}" \
      "$(fmt_us "${step_times[$i]}")" "${step_notes[$i]}"
  done
  echo "-------------------------------------------------------------------------------"
  echo "total wall time: $(fmt_us "$total_us") (jobs: $jobs, build root: $build_root)"
  echo "$n_pass passed, $n_fail failed, $n_skip skipped"
}

trap 'echo; echo "check.sh: interrupted"; print_summary; exit 130' INT TERM

# --- prerequisites ------------------------------------------------------------------------------
# Presets of version 6 need CMake 3.25; without CMake nothing at all can run.
if ! command -v cmake >/dev/null 2>&1; then
  fail_step "cmake" "cmake not found (install cmake >= 3.25)"
  print_summary
  exit 1
fi
cmake_version=$(cmake --version | sed -n '1s/[^0-9]*\([0-9][0-9.]*\).*/\1/p')
if ! printf '3.25.0\n%s\n' "$cmake_version" | sort -V -C; then
  fail_step "cmake" "cmake $cmake_version is older than 3.25 (CMakePresets.json version 6)"
  print_summary
  exit 1
fi
echo "tracewire check: $( [ "$quick" = 1 ] && echo quick || echo full ) run; source $root"
echo "cmake $cmake_version, generator ${CMAKE_GENERATOR:-default}, $jobs jobs, logs in $log_dir"

# The native build tool's keep-going flag (Ninja: -k 0, Make: -k).
case ${CMAKE_GENERATOR:-Unix Makefiles} in
  Ninja*) keep_going=(-k 0) ;;
  *Makefiles) keep_going=(-k) ;;
  *) keep_going=() ;;
esac

# --- one preset: configure, build, ctest ------------------------------------------------------
# preset_steps PRESET COMPILER [VAR=VALUE...]: the VAR=VALUE pairs are the test environment.
preset_steps() {
  local preset=$1 compiler=$2
  shift 2
  local dir=$build_root/$preset
  if ! command -v "$compiler" >/dev/null 2>&1; then
    local why="$compiler not found (install it, e.g. with .ci/run)"
    skip_step "$preset configure" "$why"
    skip_step "$preset build" "$why"
    skip_step "$preset test" "$why"
    return
  fi
  # --fresh: the preset's cache values always win over a cache left by an earlier run.
  if ! run_step "$preset configure" cmake --preset "$preset" -B "$dir" --fresh; then
    fail_step "$preset build" "not run: configure failed"
    fail_step "$preset test" "not run: configure failed"
    return
  fi
  # Keep going past a failed target, and run the tests even then: one broken test file must not
  # hide the results of all the others (its own tests fail as "not run", so the step still fails).
  run_step "$preset build" cmake --build "$dir" --parallel "$jobs" -- "${keep_going[@]}"
  run_step "$preset test" env "$@" ctest --test-dir "$dir" --output-on-failure --no-tests=error \
    --parallel "$jobs" --timeout 900
  report_skipped_tests "$preset" "$dir"
}

# Tests that skipped themselves (a missing optional package: exit code 77) are listed with the
# reason they printed, so nothing is skipped silently.
report_skipped_tests() {
  local preset=$1 dir=$2 log
  log=$dir/Testing/Temporary/LastTest.log
  [ -f "$log" ] || return 0
  # LastTest.log holds each test's output; a skipped test printed a line starting with SKIPPED.
  local reasons
  reasons=$(grep -E '^SKIPPED' "$log" | sort -u)
  if [ -n "$reasons" ]; then
    echo "    skipped tests in $preset (their reasons):"
    echo "$reasons" | sed 's/^/      /'
  fi
}

asan_env=(ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1
          UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1)

if [ "$quick" = 1 ]; then
  preset_steps dev g++
else
  preset_steps gcc-cxx17 g++
  preset_steps clang-cxx20 clang++
  preset_steps asan-ubsan clang++ "${asan_env[@]}"
  preset_steps tsan clang++ TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1

  # Fuzzing: the targets are built by the fuzz preset and run for a bounded time each.
  fuzz_dir=$build_root/fuzz
  if ! command -v clang++ >/dev/null 2>&1; then
    skip_step "fuzz configure" "clang++ not found (libFuzzer needs clang)"
    skip_step "fuzz build" "clang++ not found (libFuzzer needs clang)"
    skip_step "fuzz smoke" "clang++ not found (libFuzzer needs clang)"
  elif [ ! -f "$root/fuzz/CMakeLists.txt" ]; then
    # Without it the top level silently builds no fuzz target: that must not pass as fuzzed.
    fail_step "fuzz configure" "fuzz/CMakeLists.txt is missing"
    fail_step "fuzz build" "not run: fuzz/CMakeLists.txt is missing"
    fail_step "fuzz smoke" "not run: fuzz/CMakeLists.txt is missing"
  elif ! run_step "fuzz configure" cmake --preset fuzz -B "$fuzz_dir" --fresh; then
    fail_step "fuzz build" "not run: configure failed"
    fail_step "fuzz smoke" "not run: configure failed"
  elif ! run_step "fuzz build" cmake --build "$fuzz_dir" --parallel "$jobs" -- "${keep_going[@]}"; then
    fail_step "fuzz smoke" "not run: build failed"
  elif [ ! -f "$root/fuzz/run_smoke.sh" ]; then
    fail_step "fuzz smoke" "fuzz/run_smoke.sh is missing"
  else
    run_step "fuzz smoke" env "${asan_env[@]}" bash "$root/fuzz/run_smoke.sh" "$fuzz_dir" \
      "$fuzz_seconds"
  fi
fi

print_summary
[ "$n_fail" -eq 0 ]
