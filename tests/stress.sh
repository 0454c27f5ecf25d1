#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make stress: the stress tests at full size on the debug kernel
# (scripts/built-kernel.sh debug) with 4 vCPUs: 1000 unload/load cycles
# under a storm (t/reload_storm.sh), 500 namespaces torn down mid-dump and
# mid-sampling (t/ns_teardown.sh), 1 M spoofed SYNs and 1 M spoofed RSTs
# (t/spoof_flood.sh), 1000 table resets racing the CPUs' row hints
# (t/reset_race.sh).  make check runs the same tests, small, in the
# whole suite.  Not part of check: hours under tcg; the figures go to
# Documentation/testing.rst.
#
#   tests/stress.sh [TEST...]      (default: the four)
#
# STRESS_KERNEL=NAME boots another kernel of scripts/kernels.sh list;
# TRS_STRESS_CYCLES, TRS_STRESS_TEARDOWNS, TRS_STRESS_FLOOD, TRS_STRESS_RESETS
# scale the tests.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tcpresetstat
k=${STRESS_KERNEL:-debug}
export TRS_STRESS_CYCLES=${TRS_STRESS_CYCLES:-1000}
export TRS_STRESS_TEARDOWNS=${TRS_STRESS_TEARDOWNS:-500}
export TRS_STRESS_FLOOD=${TRS_STRESS_FLOOD:-1000000}
export TRS_STRESS_RESETS=${TRS_STRESS_RESETS:-1000}
export TRS_TEST_TIMEOUT=${TRS_TEST_TIMEOUT:-36000}
[ $# -gt 0 ] || set -- reload_storm ns_teardown spoof_flood reset_race

# The module and trs_hold.ko built for that kernel, in a copy of their own.
out=$cache/build/stress-$k
"$top/tests/build-for.sh" "$k" "$out" ||
	{ tail -n 20 "$out/build.log"; echo "FAIL: stress/build"; exit 1; }

start=$SECONDS
TRS_KO=$out/kmod/tcpresetstat.ko TRS_HOLD_KO=$out/control/trs_hold.ko "$top/tests/vm/run.sh" -K "$k" -c 4 -m 2048 -t 86400 \
	"$top/tests/vm/tests.sh" "$@" 2>&1 | tee "$out/vm.log" |
	sed -u -E 's/^(PASS|FAIL|SKIP): vm\//\1: stress\//'
rc=${PIPESTATUS[0]}
echo "stress on $k: $((SECONDS - start))s; log $out/vm.log (the time each test took: '=== NAME: Ns')"
grep -E '^=== .*: [0-9]+s$' "$out/vm.log"
pass=$(grep -c '^PASS' "$out/vm.log") fail=$(grep -c '^FAIL' "$out/vm.log")
[ "$rc" = 0 ] || [ "$fail" != 0 ] || { echo "FAIL: stress/vm (run.sh exit $rc)"; fail=$((fail + 1)); }
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
