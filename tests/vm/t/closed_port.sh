#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# connect() N times to a closed port on loopback, IPv4 and IPv6, in a fresh
# namespace:
#
#   [ ns: client -> lo -> closed port 7211 ]    (the initial ns stays quiet)
#
# Each connect sends one SYN, and the stack answers one RST+ACK that is
# delivered back: rst_out and rst_in rise by exactly N, classified as
# refused, matching OutRsts; nothing moves in the initial namespace.
. "$(dirname "$0")/../lib.sh"
require_module
N=25
new_ns ns

for host in 127.0.0.1 ::1; do
	log "closed port on $host"
	snap "$ns" rst_in rst_in_refused rst_out rst_out_refused OutRsts
	snap "" rst_in rst_out
	run in_ns "$ns" $TCP refused "$host" 7211 $N
	assert_delta "$ns" rst_out $N
	assert_delta "$ns" rst_out_refused $N
	assert_delta "$ns" rst_in $N
	assert_delta "$ns" rst_in_refused $N
	assert_delta "$ns" OutRsts $N
	assert_delta "" rst_in 0
	assert_delta "" rst_out 0
	assert_sums "$ns"
done
