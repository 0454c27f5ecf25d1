#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A server that aborts established connections, two ways, on loopback:
#
#   [ ns: client <-> lo <-> server :7300 (SO_LINGER 0, then close)
#                           server :7301 (close with unread data) ]
#
# Each abort is one RST from the server's own socket (rst_out_abort on
# its port) that the client takes as "connection reset by peer"
# (rst_in_reset), and two established sockets torn down (estab_reset:
# the server's and the client's), as EstabResets counts them.
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
N=10
new_ns ns

for host in 127.0.0.1 ::1; do
	for way in abort:7300 unread:7301; do
		cmd=${way%:*} port=${way#*:}
		log "$cmd on $host port $port"
		snap "$ns" rst_out_abort rst_in_reset rst_in_refused $MIBS \
			ports/$port/rst_out_abort ports/ephemeral/rst_in_reset \
			peers/$host/estab_reset "destinations/$host $host $port/rst_in_reset"
		run in_ns "$ns" $TCP "$cmd" "$host" "$port" $N
		assert_delta "$ns" rst_out_abort $N
		assert_delta "$ns" rst_in_reset $N
		assert_delta "$ns" rst_in_refused 0
		assert_delta "$ns" estab_reset $((2 * N))
		assert_delta "$ns" ports/$port/rst_out_abort $N
		assert_delta "$ns" ports/ephemeral/rst_in_reset $N
		assert_delta "$ns" peers/$host/estab_reset $((2 * N))
		assert_delta "$ns" "destinations/$host $host $port/rst_in_reset" $N
		assert_mibs "$ns"
		assert_sums "$ns"
	done
done
