#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Outgoing connections that never open, for want of an answer or because a
# router says the host is unreachable:
#
#   [ client 192.0.2.1 ] --veth-- [ router 192.0.2.2 ]
#     198.51.100.0/24 via router    forwarding off: SYNs vanish (blackhole)
#     203.0.113.0/24  via router    forwarding on for it, route "unreachable":
#                                   ICMP host unreachable back
#
# With tcp_syn_retries=1 a connect() gives up after ~3 s with ETIMEDOUT
# (open_fail_active_timeout); the ICMP error aborts it at once with
# EHOSTUNREACH (open_fail_active_unreach).  Neither involves a RST.
#
# On a bare veth the ICMP comes back inside connect() itself, while the
# socket is locked, and TCP then only notes a soft error and retries until
# the SYN timeout (still EHOSTUNREACH, but later and timing-dependent).  A
# 50 ms delay on the router, as any real path has, makes it a hard error.
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
N=3
new_ns client
new_ns router
veth "$client" c0 192.0.2.1/24 "$router" r0 192.0.2.2/24
run ip -n "$client" route add 198.51.100.0/24 via 192.0.2.2
run ip -n "$client" route add 203.0.113.0/24 via 192.0.2.2
run in_ns "$client" sysctl -qw net.ipv4.tcp_syn_retries=1

log "SYNs into a blackhole"
run in_ns "$router" sysctl -qw net.ipv4.ip_forward=0
dest="192.0.2.1 198.51.100.7 80"
snap "$client" open_fail_active open_fail_active_timeout rst_in rst_out $MIBS \
	"destinations/$dest/open_fail_active_timeout" peers/198.51.100.7/open_fail_active
run in_ns "$client" $TCP timeout 198.51.100.7 80 $N
assert_delta "$client" open_fail_active $N
assert_delta "$client" open_fail_active_timeout $N
assert_delta "$client" "destinations/$dest/open_fail_active_timeout" $N
assert_delta "$client" peers/198.51.100.7/open_fail_active $N
assert_delta "$client" rst_in 0
assert_delta "$client" rst_out 0
assert_mibs "$client"

log "ICMP host unreachable from the router"
run in_ns "$router" sysctl -qw net.ipv4.ip_forward=1
# One ICMP error per SYN: no per-host rate limit in the test.
run in_ns "$router" sysctl -qw net.ipv4.icmp_ratelimit=0
run ip -n "$router" route add unreachable 203.0.113.0/24
# Built in, or a kernel without modules: nothing to load.
modprobe sch_netem 2>/dev/null || true
run in_ns "$router" tc qdisc add dev r0 root netem delay 50ms || skip "no netem"
dest="192.0.2.1 203.0.113.9 443"
snap "$client" open_fail_active open_fail_active_unreach open_fail_active_timeout $MIBS \
	"destinations/$dest/open_fail_active_unreach"
run in_ns "$client" $TCP unreach 203.0.113.9 443 $N
assert_delta "$client" open_fail_active $N
assert_delta "$client" open_fail_active_unreach $N
assert_delta "$client" open_fail_active_timeout 0
assert_delta "$client" "destinations/$dest/open_fail_active_unreach" $N
assert_mibs "$client"

# connect() fails with ECONNREFUSED here too, but from an ICMP error in
# SYN_SENT, not from a RST: the failed open is refused, and no RST is
# counted (tcp_reset() never ran, so its state change finds no mark).
log "ICMP port unreachable from the router: refused without a RST"
command -v nft >/dev/null || skip "nft not installed"
modprobe nft_reject_inet 2>/dev/null || true	# built in: nothing to load
in_ns "$router" nft add table inet t || skip "nf_tables not available"
run in_ns "$router" nft add chain inet t input '{ type filter hook input priority 0; }'
run in_ns "$router" nft add rule inet t input tcp dport 444 reject with icmp type port-unreachable
dest="192.0.2.1 192.0.2.2 444"
snap "$client" open_fail_active open_fail_active_refused rst_in rst_in_refused $MIBS \
	"destinations/$dest/open_fail_active_refused" "destinations/$dest/rst_in_refused" \
	ports/ephemeral/rst_in_refused
run in_ns "$client" $TCP refused 192.0.2.2 444 $N
assert_delta "$client" open_fail_active $N
assert_delta "$client" open_fail_active_refused $N
assert_delta "$client" "destinations/$dest/open_fail_active_refused" $N
assert_delta "$client" rst_in 0
assert_delta "$client" rst_in_refused 0
assert_delta "$client" "destinations/$dest/rst_in_refused" 0
assert_delta "$client" ports/ephemeral/rst_in_refused 0
assert_mibs "$client"
assert_sums "$client"
