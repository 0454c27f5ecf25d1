#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A listener with backlog 1 that never accepts, on loopback:
#
#   [ ns: 6 clients -> lo -> listener 127.0.0.1:7800 (backlog 1, no accept) ]
#
# Two handshakes fill the accept queue; every further SYN (and each of its
# retransmits) is dropped by the kernel's tcp_listendrop().
# open_fail_passive_listen_drop must equal the ListenDrops delta and the
# listener's own drop count (ss -m "d"), per port and for the peer, and
# the sampled listen_backlog/listen_max must match ss -ltn.  Once the
# listener is gone, the next sample sets its port's gauges back to 0.
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
require_kretprobes
new_ns ns
start_listener "$ns" 127.0.0.1 7800 1
listener=${BG_PIDS[-1]}
snap "$ns" open_fail_passive_listen_drop open_fail_passive ListenDrops ListenOverflows \
	ports/7800/open_fail_passive_listen_drop peers/127.0.0.1/open_fail_passive

run in_ns "$ns" $TCP syns 127.0.0.1 7800 6 1.5
# ss: "State Recv-Q Send-Q Local Peer" then "skmem:(...,dN)".
read -r recvq sendq < <(in_ns "$ns" ss -Hltn 'sport = :7800' | awk '{ print $2, $3 }')
sk_drops=$(in_ns "$ns" ss -Hltnm 'sport = :7800' | grep -o ',d[0-9]*)' | tr -dc 0-9)
log "ss: Recv-Q $recvq Send-Q $sendq drops $sk_drops"
drops=$(delta "$ns" ListenDrops)
[ "$drops" -gt 0 ] || fail "no SYN was dropped: the test made no listen drop"
assert_eq "ListenDrops = listener's drop count" "$drops" "$sk_drops"
assert_delta "$ns" open_fail_passive_listen_drop "$drops"
assert_delta "$ns" ports/7800/open_fail_passive_listen_drop "$drops"
assert_delta "$ns" peers/127.0.0.1/open_fail_passive "$drops"
assert_delta "$ns" open_fail_passive "$drops"
# The gauges are sampled every second.
await "$ns" ports/7800/listen_max "$sendq"
await "$ns" ports/7800/listen_backlog "$recvq"
assert_eq "accept queue full" "$recvq" 2

log "drops just before the listener closes"
run in_ns "$ns" $TCP syns 127.0.0.1 7800 3 0.2
kill "$listener"
wait "$listener" 2>/dev/null || true  # killed on purpose: 143
drops=$(delta "$ns" ListenDrops)
assert_delta "$ns" open_fail_passive_listen_drop "$drops"
assert_delta "$ns" ports/7800/open_fail_passive_listen_drop "$drops"
# Once the listener is gone, its port's queue gauges read 0 again.
await "$ns" ports/7800/listen_max 0
assert_sums "$ns"
