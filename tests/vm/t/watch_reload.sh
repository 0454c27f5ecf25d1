#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# watch across a module reload:
#
#   [ w: watch -j -i 2 -c 6 over netlink; 2 refused connects before the
#        reload, 3 after ]
#
# The reload gives the family another id: watch must find it again (not
# die on ENOENT), not count an interval in which the module was away, and
# take the reload for a reset: the rates times the time measured add up to
# exactly 2 + 3 connects, over exactly 6 intervals, exit 0.
. "$(dirname "$0")/../lib.sh"
require_module
CLI=$TOP/tools/tcpresetstat
trap 'cleanup_ns; [ -e /proc/tcpresetstat ] || insmod "$KO"' EXIT
new_ns w
out=$(mktemp) errs=$(mktemp)

intervals() { grep -c '"rates"' "$out" || true; }
# await_intervals N: watch has printed N intervals (bounded, 60 s).
await_intervals() {
	local i
	for i in $(seq 600); do
		[ "$(intervals)" -ge "$1" ] && return 0
		sleep 0.1
	done
	fail "watch printed $(intervals) intervals, not $1: $(cat "$errs")"
}

"$CLI" -n "$w" -j watch -i 2 -c 6 > "$out" 2> "$errs" &
pid=$!
BG_PIDS+=($pid)
await_intervals 1
refuse "$w" 127.0.0.1 7600 2
await "$w" rst_out_refused 2
await_intervals 2
run rmmod tcpresetstat
run insmod "$KO"
refuse "$w" 127.0.0.1 7600 3
await "$w" rst_out_refused 3
set +e
wait "$pid"
rc=$?
set -e
log "stderr: $(cat "$errs")"
assert_eq "watch exit status" "$rc" 0
assert_eq "intervals" "$(intervals)" 6
assert_eq "rst_out_refused, rates times elapsed" "$(python3 -S -c '
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
print(sum(round(o["rates"]["totals"]["rst_out_refused"] * o["elapsed"]) for o in objs))' "$out")" 5
