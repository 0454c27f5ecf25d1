#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the VM (tests/vm/run.sh tests/vm/tests.sh [TEST...]): loads the
# freshly built module, runs each tests/vm/t/*.sh (or the named ones), and
# prints one "PASS: vm/<name>", "FAIL: vm/<name>" or "SKIP: vm/<name>" line
# per test.  Exits non-zero if anything failed.  With TRS_BUILTIN=1 (run.sh
# -i) the module is built into the booted kernel: nothing is loaded or
# unloaded, and "load" checks that it is there.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
failed=0
result() { # result NAME RC
	case $2 in
	0) echo "PASS: vm/$1" ;;
	4) echo "SKIP: vm/$1" ;;
	*) echo "FAIL: vm/$1 (exit $2)"; failed=1 ;;
	esac
}

builtin=${TRS_BUILTIN:-}
# A kernel with kmemleak (the debug kernel): what leaked before our module
# first loaded is not ours.
. "$here/kmemleak.sh"
kmemleak_forget
if { [ "$builtin" = 1 ] || insmod "${TRS_KO:-$top/kmod/tcpresetstat.ko}"; } && [ -r /proc/tcpresetstat ] &&
   head -n1 /proc/tcpresetstat | grep -qx "version 1"; then
	result load 0
else
	result load 1
	exit 1
fi

if [ $# -eq 0 ]; then set -- "$here"/t/*.sh; fi
for t in "$@"; do
	name=$(basename "$t" .sh)
	echo "=== $name"
	start=$SECONDS
	timeout "${TRS_TEST_TIMEOUT:-300}" bash "$here/t/$name.sh"
	rc=$?
	echo "=== $name: $((SECONDS - start))s"
	result "$name" $rc
done

# Unload must succeed and remove every trace.
if [ "$builtin" = 1 ]; then
	echo "SKIP: vm/unload (built in)"
elif rmmod tcpresetstat && [ ! -e /proc/tcpresetstat ] && [ ! -e /proc/net/tcpresetstat ]; then
	result unload 0
else
	result unload 1
fi

# Leaks, after the last unload: every report since the forget above fails
# the run (tests/vm/selftest.sh checks that a leak does).
if have_kmemleak && [ "$builtin" != 1 ]; then
	kmemleak_check
	result kmemleak $?
fi
exit $failed
