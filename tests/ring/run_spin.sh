#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Checks a SPIN model (run by ctest, see tests/ring/CMakeLists.txt):
#   run_spin.sh <model.pml> expect-pass       [spin -D flags]  no violation, states explored
#   run_spin.sh <model.pml> expect-violation  [spin -D flags]  SPIN must report a violation
# Generates the verifier (spin -a), compiles pan.c with the C compiler ($CC or cc), runs an
# exhaustive safety search (assertions and invalid end states) and reads pan's report.
# Exits 77 (ctest SKIP_RETURN_CODE) with the reason printed when spin or the C compiler is missing.
set -u

if [[ $# -lt 2 ]]; then
  echo "usage: $0 <model.pml> expect-pass|expect-violation [-DMACRO ...]" >&2
  exit 2
fi
model=$1
mode=$2
shift 2
case $mode in expect-pass | expect-violation) ;; *) echo "bad mode '$mode'" >&2; exit 2 ;; esac

spin=$(command -v spin || true)
if [[ -z $spin ]]; then
  echo "SKIPPED: spin is not installed (Debian package 'spin'); the ring's model is not checked"
  exit 77
fi
cc=$(command -v "${CC:-cc}" || true)
if [[ -z $cc ]]; then
  echo "SKIPPED: no C compiler ('${CC:-cc}') to build SPIN's verifier; the ring's model is not checked"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$model" "$work/model.pml" || exit 1
cd "$work" || exit 1

echo "model: $model $* ($mode)"
if ! "$spin" -a "$@" model.pml >spin.log 2>&1; then
  cat spin.log
  echo "FAIL: spin -a could not generate the verifier"
  exit 1
fi
if [[ ! -f pan.c ]]; then
  cat spin.log
  echo "FAIL: spin -a wrote no pan.c"
  exit 1
fi
if ! "$cc" -O2 -DSAFETY -o pan pan.c >cc.log 2>&1; then
  cat cc.log
  echo "FAIL: $cc could not compile pan.c"
  exit 1
fi
# -m: search depth limit (generous for this model); -n: no unreached-code report.
./pan -m1000000 -n >pan.log 2>&1
cat pan.log

errors=$(sed -n 's/.*errors: \([0-9][0-9]*\).*/\1/p' pan.log | head -n 1)
states=$(sed -n 's/^ *\([0-9][0-9.e+]*\) states, stored.*/\1/p' pan.log | head -n 1)
if [[ -z $errors || -z $states ]]; then
  echo "FAIL: could not read pan's report (errors: '$errors', states stored: '$states')"
  exit 1
fi
if grep -q "max search depth too small" pan.log; then
  echo "FAIL: the search was cut at the depth limit; the state space was not fully explored"
  exit 1
fi

if [[ $mode == expect-pass ]]; then
  if [[ $errors != 0 ]]; then
    echo "FAIL: SPIN found $errors violation(s) in the ring protocol"
    # The trail shows the interleaving that breaks it.
    [[ -f model.pml.trail ]] && "$spin" -t -p "$@" model.pml | tail -n 60
    exit 1
  fi
  if ! awk -v s="$states" 'BEGIN { exit !(s + 0 > 1000) }'; then
    echo "FAIL: only $states states explored; the model did not run"
    exit 1
  fi
  echo "PASS: no violation in $states states"
  exit 0
fi

# expect-violation: the seeded bug must be found, as an assertion or an invalid end state.
if [[ $errors == 0 ]]; then
  echo "FAIL: the seeded bug ($*) was NOT detected: the model or its checks are too weak"
  exit 1
fi
if ! grep -Eq "assertion violated|invalid end state" pan.log; then
  echo "FAIL: pan reported $errors error(s), but not an assertion or an invalid end state"
  exit 1
fi
echo "PASS: the seeded bug ($*) was detected: $(grep -E -m1 'assertion violated|invalid end state' pan.log)"
exit 0
