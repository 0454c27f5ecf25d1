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

# kmemleak's rule (tests/vm/kmemleak.sh) catches a leak: on the debug kernel,
# which make check's debug runner has built and cached by now.  Built in
# the cache, which the guest sees (its /tmp is its own).
leak=${XDG_CACHE_HOME:-$HOME/.cache}/tcpresetstat/build/selftest-debug
rm -rf "$leak"
mkdir -p "$leak"
cp "$here/selftest/trs_oops.c" "$here/selftest/Kbuild" "$leak/"
if "$top/scripts/kernels.sh" fetch debug > "$leak/build.log" 2>&1 &&
   "$top/scripts/kernels.sh" make debug M="$leak" modules >> "$leak/build.log" 2>&1; then
	TRS_KO=$leak/trs_oops.ko expect kmemleak 1 "kmemleak: 3 objects leaked" -K debug -t 600 \
		"$here/selftest/guest.sh" leak "$leak/trs_oops.ko"
else
	tail -n 15 "$leak/build.log"
	echo "FAIL: vm-harness/kmemleak (cannot build trs_oops for the debug kernel)"
	failed=1
fi
exit $failed
