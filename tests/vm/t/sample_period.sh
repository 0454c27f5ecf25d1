#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A namespace sampled every 100 ms beside one sampled every 20 s:
#
#   [ a: a listener on 127.0.0.1:7910; sample_interval_ms=100 ]
#   [ b: a listener on 127.0.0.1:7910; sample_interval_ms=20000 ]
#
# Both are busy, so a's walks would serve b too if b were due soon
# enough.  b may join a walk early only by as much as a's interval (and
# by at most half its own): over more than half of b's 20 s, while a is
# sampled again and again, b is not sampled again.  A window of half
# b's interval would have sampled it at 10 s.
. "$(dirname "$0")/../lib.sh"
require_module
GENL="python3 -S $VMDIR/genl.py"
new_ns a; new_ns b
start_listener "$a" 127.0.0.1 7910
start_listener "$b" 127.0.0.1 7910

# set_interval NS MS: set the interval, and wait for the sample it asks
# for; sampler_runs after it is in $RUNS.
set_interval() {
	local r0
	r0=$(get "$1" sampler_runs)
	in_ns "$1" $GENL config sample_interval_ms="$2" > /dev/null
	await_sampled "$1" "$r0"
}

set_interval "$b" 20000
rb=$RUNS
start=$SECONDS
set_interval "$a" 100
ra=$RUNS
log "b at $rb runs, a at $ra"
# Past half b's interval (12 s by the second counter, 11 s at least),
# with a sampled meanwhile, whatever each of a's walks costs.
deadline=$((start + 60))
while [ $((SECONDS - start)) -lt 12 ] || [ "$(get "$a" sampler_runs)" -lt $((ra + 20)) ]; do
	[ $SECONDS -lt $deadline ] || fail "a: fewer than 20 samples in 60 s"
	sleep 0.2
done
got=$(get "$b" sampler_runs)
took=$((SECONDS - start))
log "a sampled $(( $(get "$a" sampler_runs) - ra )) times in $took s"
# b is due 20 s after its sample, up to 100 ms early.
[ $took -lt 19 ] || skip "took $took s: b may be due"
assert_eq "b: sampler_runs over half its interval beside a" "$got" "$rb"
