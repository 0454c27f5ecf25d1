#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module on every kernel of scripts/kernels.sh list: each is built with
# W=1 (no warning allowed) into the cache, then booted with its own build.
#
#   tests/kernels.sh [--full | --tests "TEST..."] [NAME...]
#
# By default (make check) every kernel but the default one, whose full
# suite make check runs anyway, and the debug and notrace ones, which make
# check boots with --tests (notrace, without tracepoints and kprobes, has
# a set of its own), boots for the smoke set: one test of each subsystem.
# --full (make matrix) runs the whole VM suite on each named kernel
# (default: all) and prints "N passed, N failed" per kernel, then a
# total; --tests the tests named.  Result lines are "PASS: kernel/NAME/..."
# so the kernels' results stay apart.
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tcpresetstat
full='' only=''
case ${1:-} in
--full) full=1; shift ;;
--tests) only=$2; shift 2 ;;
esac
# Load; t/smoke.sh: refused and aborted connects (IPv4 and IPv6),
# forwarding (IPv4 and IPv6), listen drops and gauges, a TIME_WAIT sample,
# netlink against /proc, an alert; unload; no splat in the log (run.sh).
SMOKE="smoke"

names=("$@")
if [ ${#names[@]} = 0 ]; then
	mapfile -t names < <("$top/scripts/kernels.sh" list)
	[ -n "$full" ] || mapfile -t names < <(printf '%s\n' "${names[@]}" | grep -vxE '6\.1|debug|notrace')
fi

total_pass=0 total_fail=0
for k in "${names[@]}"; do
	start=$SECONDS
	pass=0 fail=0
	out=$cache/build/$k
	log=$out/build.log
	if "$top/tests/build-for.sh" "$k" "$out"; then
		echo "PASS: kernel/$k/build"; pass=$((pass + 1))
	else
		echo "FAIL: kernel/$k/build"; fail=$((fail + 1))
		grep -E 'warning|error|ERROR' -A3 "$log" | head -n 30
		tail -n 5 "$log"
	fi
	if [ -f "$out/kmod/tcpresetstat.ko" ]; then
		tests=()
		[ -n "$full" ] || read -ra tests <<<"${only:-$SMOKE}"
		# Under KASAN, lockdep and kmemleak in tcg everything is about 4
		# times slower (Documentation/testing.rst).
		t=1800 per=300
		[ "$k" != debug ] || t=7200 per=1200
		TRS_KO=$out/kmod/tcpresetstat.ko TRS_HOLD_KO=$out/control/trs_hold.ko \
			TRS_TEST_TIMEOUT=$per "$top/tests/vm/run.sh" -K "$k" -t $t \
			"$top/tests/vm/tests.sh" "${tests[@]}" > "$out/vm.log" 2>&1
		rc=$?
		grep -E '^(PASS|FAIL|SKIP): ' "$out/vm.log" |
			sed -E "s|^(PASS\|FAIL\|SKIP): |\\1: kernel/$k/|" > "$out/results"
		cat "$out/results"
		p=$(grep -c '^PASS' "$out/results") f=$(grep -c '^FAIL' "$out/results")
		pass=$((pass + p)) fail=$((fail + f))
		if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
			echo "FAIL: kernel/$k/vm (run.sh exit $rc)"; fail=$((fail + 1))
		fi
		if [ "$rc" != 0 ]; then grep -E '^vm:|not ok' "$out/vm.log" | head -n 20; tail -n 40 "$out/vm.log" | grep -v '^ok' | tail -n 15; fi
	fi
	echo "kernel $k: $pass passed, $fail failed in $((SECONDS - start))s"
	total_pass=$((total_pass + pass)) total_fail=$((total_fail + fail))
done
[ -z "$full" ] || echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
