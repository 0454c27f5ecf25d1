#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The VM harness's own tests: run.sh must pass a script's exit status
# through and must fail, never hang or pass, when the guest warns, oopses,
# hangs, or a test assertion is wrong.  Prints PASS:/FAIL: lines.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
kdir=${KDIR:-$("$top/scripts/kdir.sh")}
make -s -C "$kdir" M="$here/selftest" modules >/dev/null 2>&1 ||
	{ echo "FAIL: vm-harness/build-selftest-module"; exit 1; }

failed=0
expect() { # expect NAME WANT_RC WANT_TEXT RUN_ARGS...
	local name=$1 want=$2 text=$3 out rc; shift 3
	out=$("$here/run.sh" "$@" 2>&1); rc=$?
	if [ "$rc" = "$want" ] && grep -q -- "$text" <<<"$out"; then
		echo "PASS: vm-harness/$name"
	else
		echo "FAIL: vm-harness/$name (exit $rc, want $want and '$text')"
		tail -n 15 <<<"$out"
		failed=1
	fi
}
expect exit-status 3 "" -t 120 "$here/selftest/guest.sh" exit3
expect warning 1 "WARNING:" -t 120 "$here/selftest/guest.sh" warn
expect oops 1 "kernel BUG" -t 120 "$here/selftest/guest.sh" bug
expect timeout 1 "timed out" -t 25 "$here/selftest/guest.sh" hang
expect broken-assert 1 "deliberately wrong: got 1, want 2" -t 120 "$here/selftest/guest.sh" assert
TRS_VM_BOOT_TIMEOUT=0 expect stalled-boot 1 "two boots stalled" -t 120 "$here/selftest/guest.sh" exit3
exit $failed
