#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A router namespace forwarding resets between two others, IPv4 and IPv6:
#
#   [ client 192.0.2.1   ] --veth-- [ router 192.0.2.2   | 198.51.100.2   ] --veth-- [ server 198.51.100.1   ]
#   [        2001:db8:1::1 ]          [      2001:db8:1::2 | 2001:db8:2::2 ]           [      2001:db8:2::1 ]
#
# The client connects N times to a closed port on the server: the server
# originates N refusals, the router forwards them (rst_fwd, and per peer:
# sent by the server, received by the client), the client receives them.
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
N=10
router_topology

for pair in 192.0.2.1,198.51.100.1 2001:db8:1::1,2001:db8:2::1; do
	caddr=${pair%,*} saddr=${pair#*,}
	log "client $caddr -> router -> server $saddr"
	snap "$router" rst_fwd rst_in rst_out peers/$saddr/rst_fwd_sent peers/$caddr/rst_fwd_rcvd
	snap "$client" rst_in_refused open_fail_active_refused peers/$saddr/rst_in
	snap "$server" rst_out_refused ports/7600/rst_out_refused peers/$caddr/rst_out
	run in_ns "$client" $TCP refused "$saddr" 7600 $N
	assert_delta "$router" rst_fwd $N
	assert_delta "$router" peers/$saddr/rst_fwd_sent $N
	assert_delta "$router" peers/$caddr/rst_fwd_rcvd $N
	assert_delta "$router" rst_in 0
	assert_delta "$router" rst_out 0
	assert_delta "$client" rst_in_refused $N
	assert_delta "$client" open_fail_active_refused $N
	assert_delta "$client" peers/$saddr/rst_in $N
	assert_delta "$server" rst_out_refused $N
	assert_delta "$server" ports/7600/rst_out_refused $N
	assert_delta "$server" peers/$caddr/rst_out $N
	assert_sums "$router"
done
