#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make matrix: the whole VM suite on every kernel of scripts/kernels.sh list
# (one "N passed, N failed" per kernel), then the module built into a
# small 6.12 kernel (tests/builtin.sh) and booted for the smoke set, then
# into a PREEMPT_RT one with lockdep (tests/builtin.sh --rt-debug) for the
# whole suite but the reload tests; ends with the total.  Not part of make
# check: about an hour and a half here.
top=$(cd "$(dirname "$0")/.." && pwd)
results=$(mktemp)
trap 'rm -f "$results"' EXIT
rc=0
"$top/tests/kernels.sh" --full "$@" 2>&1 | tee -a "$results" | grep -v '^[0-9]* passed, [0-9]* failed$'
[ "${PIPESTATUS[0]}" = 0 ] || rc=1
if [ $# = 0 ]; then
	start=$SECONDS
	"$top/tests/builtin.sh" 2>&1 | tee -a "$results"
	[ "${PIPESTATUS[0]}" = 0 ] || rc=1
	echo "builtin: $(grep -c '^PASS: builtin/' "$results") passed," \
	     "$(grep -c '^FAIL: builtin/' "$results") failed in $((SECONDS - start))s"
	# The same, PREEMPT_RT with lockdep and the atomic-sleep checks, for
	# every test that does not reload the module.
	start=$SECONDS
	"$top/tests/builtin.sh" --rt-debug 2>&1 | tee -a "$results"
	[ "${PIPESTATUS[0]}" = 0 ] || rc=1
	echo "builtin-rt-debug: $(grep -c '^PASS: builtin-rt-debug/' "$results") passed," \
	     "$(grep -c '^FAIL: builtin-rt-debug/' "$results") failed in $((SECONDS - start))s"
fi
grep '^FAIL' "$results"
echo "$(grep -c '^PASS' "$results") passed, $(grep -c '^FAIL' "$results") failed"
exit $rc
