#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# connect() N times to a closed port on loopback, IPv4 and IPv6, in a fresh
# namespace, while a second namespace watches:
#
#   [ ns: client -> lo -> closed port 7211 ]   [ other: idle ]
#
# Each connect sends one SYN, and the stack answers one RST+ACK that is
# delivered back: rst_out and rst_in rise by exactly N, classified as
# refused, the connect fails as refused, the rows for port 7211, the peer
# and the destination say the same, the MIBs agree, and nothing moves in
# the other namespace or the initial one.
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
N=25
new_ns ns
new_ns other
# Everything but the sampler's own counters, which move with time.
traffic_counters() { in_ns "$1" grep -v '^sampler_' /proc/tcpresetstat; }
other_before=$(traffic_counters "$other")

for host in 127.0.0.1 ::1; do
	log "closed port on $host"
	dest="$host $host 7211"
	snap "$ns" rst_in rst_in_refused rst_out rst_out_refused \
		open_fail_active open_fail_active_refused $MIBS \
		ports/7211/rst_out_refused ports/ephemeral/rst_in_refused \
		peers/$host/rst_in peers/$host/rst_out peers/$host/open_fail_active \
		"destinations/$dest/open_fail_active_refused" \
		"destinations/$dest/rst_in_refused"
	snap "" rst_in rst_out
	run in_ns "$ns" $TCP refused "$host" 7211 $N
	assert_delta "$ns" rst_out $N
	assert_delta "$ns" rst_out_refused $N
	assert_delta "$ns" rst_in $N
	assert_delta "$ns" rst_in_refused $N
	assert_delta "$ns" open_fail_active $N
	assert_delta "$ns" open_fail_active_refused $N
	assert_delta "$ns" ports/7211/rst_out_refused $N
	assert_delta "$ns" ports/ephemeral/rst_in_refused $N
	assert_delta "$ns" peers/$host/rst_in $N
	assert_delta "$ns" peers/$host/rst_out $N
	assert_delta "$ns" peers/$host/open_fail_active $N
	assert_delta "$ns" "destinations/$dest/open_fail_active_refused" $N
	assert_delta "$ns" "destinations/$dest/rst_in_refused" $N
	assert_delta "$ns" AttemptFails $N
	assert_mibs "$ns"
	assert_delta "" rst_in 0
	assert_delta "" rst_out 0
	assert_sums "$ns"
done
assert_eq "other namespace unchanged" "$(traffic_counters "$other")" "$other_before"
