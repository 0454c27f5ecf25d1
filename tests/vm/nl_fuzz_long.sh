#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The long netlink fuzz, inside the VM:
#
#   tests/vm/run.sh -t 3600 tests/vm/nl_fuzz_long.sh [COUNT [SEED]]
#   (or make -C tests/fuzz fuzz-long FUZZ_COUNT=... FUZZ_SEED=...)
#
# Loads the module and runs tests/vm/t/nl_fuzz.sh with COUNT buffers per
# mode (default 100000) and SEED, root and user one after the other, then
# both at once (TRS_FUZZ_PARALLEL=1): four times COUNT in all.  Without
# tests.sh's 300 s limit for one test (run.sh's -t bounds it); unloads
# at the end.  run.sh passes no environment into the guest: hence the
# arguments.  Prints PASS:/FAIL: lines like tests.sh.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
export TRS_FUZZ_COUNT=${1:-100000} TRS_FUZZ_PARALLEL=1
[ -z "${2:-}" ] || export TRS_FUZZ_SEED=$2
if insmod "${TRS_KO:-$top/kmod/tcpresetstat.ko}" && [ -r /proc/tcpresetstat ]; then
	echo "PASS: vm/load"
else
	echo "FAIL: vm/load"
	exit 1
fi
start=$SECONDS
bash "$here/t/nl_fuzz.sh"
rc=$?
echo "=== nl_fuzz_long: $((SECONDS - start))s"
case $rc in
0) echo "PASS: vm/nl_fuzz_long" ;;
*) echo "FAIL: vm/nl_fuzz_long (exit $rc)" ;;
esac
rmmod tcpresetstat || { echo "FAIL: vm/unload"; exit 1; }
exit $rc
