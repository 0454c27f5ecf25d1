#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# RSTs sent from a VRF, IPv4 and IPv6, in both of the VRF's output modes:
#
#   [ client 192.0.2.1, 2001:db8::1 ] --veth-- [ server: s0 enslaved to VRF blue,
#                                                192.0.2.2, 2001:db8::2, port 7212 closed ]
#
# A VRF runs LOCAL_OUT twice for a segment it sends: once for its own
# device, once for the real one.  Each refusal must count once: rst_out,
# its port and peer rows by exactly N, as OutRsts.  "direct" is the
# VRF's default (no qdisc on it); with a qdisc the VRF redirects the
# segment through its own device first.
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
N=4
modprobe vrf 2>/dev/null || true
new_ns client
new_ns server
veth "$client" c0 192.0.2.1/24 "$server" s0 192.0.2.2/24
ip -n "$client" addr add 2001:db8::1/64 dev c0 nodad
ip -n "$server" link add blue type vrf table 10 2>/dev/null || skip "no VRF support"
run ip -n "$server" link set blue up
run ip -n "$server" link set s0 master blue
# Enslaving flushes the addresses' routes into the VRF's table: add them again.
ip -n "$server" addr add 192.0.2.2/24 dev s0 2>/dev/null || true
ip -n "$server" addr add 2001:db8::2/64 dev s0 nodad
run ip -n "$server" link set s0 up

for mode in direct redirect; do
	[ $mode = redirect ] && run ip -n "$server" link set blue txqueuelen 1000 &&
		run tc -n "$server" qdisc add dev blue root pfifo
	for pair in 192.0.2.1,192.0.2.2 2001:db8::1,2001:db8::2; do
		caddr=${pair%,*} saddr=${pair#*,}
		log "$mode: client $caddr -> server $saddr in VRF blue"
		snap "$server" $MIBS rst_out_refused ports/7212/rst_out peers/$caddr/rst_out
		snap "$client" rst_in_refused
		run in_ns "$client" $TCP refused "$saddr" 7212 $N
		assert_delta "$client" rst_in_refused $N
		assert_delta "$server" rst_out $N
		assert_delta "$server" rst_out_refused $N
		assert_delta "$server" ports/7212/rst_out $N
		assert_delta "$server" peers/$caddr/rst_out $N
		assert_mibs "$server"
	done
done
