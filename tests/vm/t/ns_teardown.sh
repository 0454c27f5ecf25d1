#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A namespace torn down while the module works on it, again and again:
#
#   [ gone-N: 100 peers rows (spoofed RSTs on lo), TIME_WAIT sockets,
#     the sampler every 100 ms; a peers dump left half-read ]
#
# The namespace's name is deleted first; the holder of the dump (its
# socket keeps the namespace alive) is then killed, so that the dump's
# end, the namespace's exit and the sampler's walk of its sockets meet.
# Each namespace first counts exactly; afterwards the module still counts
# exactly in a fresh one, and the kernel's checkers (run.sh) see no use
# after free or leak.  TRS_STRESS_TEARDOWNS rounds (default 5: a round
# takes about 10 s on the debug kernel; make stress runs 500), the time
# so far logged every 50th.  100 rows are about three messages of a dump:
# the first leaves the rest in flight.
. "$(dirname "$0")/../lib.sh"
require_module
ROUNDS=${TRS_STRESS_TEARDOWNS:-5}
GENL="python3 -S $VMDIR/genl.py"
ROWS=100

for i in $(seq "$ROUNDS"); do
	n=trs-gone-$$-$i
	ip netns add "$n"
	ip -n "$n" link set lo up
	in_ns "$n" "$TOP/tools/tcpresetstat" config peers_max=1024 sample_interval_ms=100 > /dev/null
	in_ns "$n" $TCP spoof 127.0.0.1 7600 $ROWS rst > /dev/null
	in_ns "$n" $TCP time_wait 127.0.0.1 7601 20 > /dev/null
	# Exact before it goes: every spoofed RST is a peer of its own, and
	# sent (raw: rst_out) to 127.0.0.1, one more peer; then "other".
	assert_eq "round $i: rst_in, rst_out, peers rows" "$(get "$n" rst_in rst_out rows:peers)" \
		"$(printf '%s\n' $ROWS $ROWS $((ROWS + 2)))"
	out=$(mktemp)
	start_bg "$out" holding "$n" $GENL hold peers
	holder=${BG_PIDS[-1]}
	ip netns del "$n"
	kill -9 $holder
	wait $holder 2>/dev/null || true
	rm -f "$out"
	[ $((i % 50)) != 0 ] || log "round $i of $ROUNDS: ${SECONDS}s"
done
echo "ok: $ROUNDS namespaces torn down mid-dump and mid-sampling"

new_ns after
in_ns "$after" $TCP refused 127.0.0.1 7211 3 > /dev/null
await "$after" rst_out 3
assert_eq "a fresh namespace counts" "$(get "$after" rst_in ports/7211/rst_out_refused)" "$(printf '%s\n' 3 3)"
