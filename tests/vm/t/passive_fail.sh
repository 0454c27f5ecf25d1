#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Incoming opens that never reach the application, from bare SYNs sent by
# a raw socket (so no client socket retransmits or answers them):
#
#   [ ns: raw SYN 127.0.0.1:4000x -> lo -> listener :7500 ]
#     The SYN-ACK finds no socket, so the sender's stack answers it with a
#     RST: the request socket is reset (open_fail_passive_reset,
#     AttemptFails, EmbryonicRsts).  Above alert_port_open_fail, the burst
#     makes one port_open_fail alert.
#
#   [ client 192.0.2.1 ] --veth-- [ server 192.0.2.2, listener :7501 ]
#     The server's neighbour entry for the client is a wrong MAC, so its
#     SYN-ACKs reach nobody; with tcp_synack_retries=1 the request expires
#     after ~3 s (open_fail_passive_timeout).
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
require_kretprobes
new_ns ns

log "request sockets reset"
N=5
start_listener "$ns" 127.0.0.1 7500
run in_ns "$ns" python3 -S "$VMDIR/genl.py" config alert_port_open_fail=3 > /dev/null
start_alerts "$ns"
snap "$ns" open_fail_passive open_fail_passive_reset rst_out_other rst_in_other EmbryonicRsts $MIBS \
	ports/7500/open_fail_passive_reset ports/7500/open_fail_passive peers/127.0.0.1/open_fail_passive
run in_ns "$ns" $TCP rawsyn 127.0.0.1 127.0.0.1 7500 $N 40000
assert_delta "$ns" open_fail_passive_reset $N
assert_delta "$ns" open_fail_passive $N
assert_delta "$ns" ports/7500/open_fail_passive_reset $N
assert_delta "$ns" ports/7500/open_fail_passive $N
assert_delta "$ns" peers/127.0.0.1/open_fail_passive $N
assert_delta "$ns" rst_out_other $N
assert_delta "$ns" rst_in_other $N
assert_delta "$ns" EmbryonicRsts $N
assert_mibs "$ns"
assert_sums "$ns"
await_alerts 1
assert_eq "alert" "$(grep _ "$ALERTS" | cut -d' ' -f1,2,4)" "port_open_fail 7500 threshold=3"

log "request sockets timing out"
N=2
new_ns client
new_ns server
veth "$client" c0 192.0.2.1/24 "$server" s0 192.0.2.2/24
run ip -n "$server" neigh replace 192.0.2.1 lladdr 02:00:00:00:00:77 dev s0 nud permanent
run in_ns "$server" sysctl -qw net.ipv4.tcp_synack_retries=1
start_listener "$server" 192.0.2.2 7501
snap "$server" open_fail_passive open_fail_passive_timeout open_fail_passive_reset $MIBS \
	ports/7501/open_fail_passive_timeout peers/192.0.2.1/open_fail_passive
run in_ns "$client" $TCP rawsyn 192.0.2.1 192.0.2.2 7501 $N 41000
# Bounded wait: two SYN-ACKs, 1 s + 2 s, then the request is dropped.
for i in $(seq 150); do
	[ "$(delta "$server" open_fail_passive_timeout)" -ge $N ] && break
	sleep 0.1
done
assert_delta "$server" open_fail_passive_timeout $N
assert_delta "$server" open_fail_passive $N
assert_delta "$server" open_fail_passive_reset 0
assert_delta "$server" ports/7501/open_fail_passive_timeout $N
assert_delta "$server" peers/192.0.2.1/open_fail_passive $N
assert_mibs "$server"
assert_sums "$server"
