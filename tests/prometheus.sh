#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: the alerting rules of prometheus/rules.yml.  promtool accepts
# them and their unit tests (rules_test.yml) pass, and every metric they or
# their tests name is one the CLI exports (tcpresetstat help metrics), so a
# renamed metric cannot leave a rule that never fires.  promtool is in Debian's prometheus package
# (scripts/deps.sh check); without it, SKIP.
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
if ! command -v promtool > /dev/null; then
	echo "SKIP: prometheus (no promtool: Debian package prometheus)"
	exit 0
fi
failed=0
check() { # check NAME CMD...
	local name=$1 out; shift
	if out=$("$@" 2>&1); then
		echo "PASS: prometheus/$name"
	else
		printf '%s\n' "$out"
		echo "FAIL: prometheus/$name"
		failed=1
	fi
}
check rules promtool check rules prometheus/rules.yml
check rules_test promtool test rules prometheus/rules_test.yml

exported=$(tools/tcpresetstat help metrics | sort -u)
used=$(grep -ohE 'tcpresetstat_[a-z0-9_]+' prometheus/rules.yml prometheus/rules_test.yml | sort -u)
unknown=$(comm -23 <(printf '%s\n' "$used") <(printf '%s\n' "$exported"))
if [ -n "$used" ] && [ -n "$exported" ] && [ -z "$unknown" ]; then
	echo "PASS: prometheus/names ($(wc -l <<<"$used") metrics, all exported)"
else
	echo "not exported by the CLI: ${unknown:-(nothing read)}"
	echo "FAIL: prometheus/names"
	failed=1
fi
exit "$failed"
