#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every subsystem once, for the kernels that get a smoke run (make check,
# tests/kernels.sh), with exact counts:
#
#   [ client 192.0.2.1     ] --veth-- [ router ] --veth-- [ server 198.51.100.1 ]
#   [        2001:db8:1::1 ]                              [        2001:db8:2::1 ]
#   server, on its loopback: refused connects to :7211 (IPv4, IPv6), aborts
#   from :7300 and :7301 (the task moved across CPUs), a listener on :7800
#   (backlog 1) whose queue fills, TIME_WAIT toward :7900; client: refused
#   connects through the router to :7600.
#
# The hooks (received, sent, forwarded; IPv4 and IPv6), the tracepoint
# probes (refused, reset, the kernel's reasons from 6.10), the kretprobes
# (listen drops), the tables, the sampler (TIME_WAIT, listen gauges:
# lhash2's walk differs before 5.19), netlink (GET and dumps = /proc) and
# alerts (one, over the admin-only group or its 5.10 substitute).
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
require_kretprobes
GENL="python3 -S $VMDIR/genl.py"
N=3
router_topology

log "refused and aborted on the server's loopback, IPv4 and IPv6"
nosock=reasons/$(rst_reason no_socket)/rst_out_refused
state=reasons/$(rst_reason tcp_state)/rst_out_abort
snap "$server" rst_out_refused rst_in_refused open_fail_active_refused rst_out_abort \
	rst_in_reset ports/7211/rst_out_refused peers/::1/rst_in "peers/127.0.0.1/rst_in" \
	"$nosock" "$state"
run in_ns "$server" $TCP refused 127.0.0.1 7211 $N
run in_ns "$server" $TCP refused ::1 7211 $N
run in_ns "$server" $TCP abort 127.0.0.1 7300 $N
# and 10 whose tasks move across CPUs: some between hook and tracepoint
run in_ns "$server" $TCP abort_migrating 127.0.0.1 7301 10
assert_delta "$server" rst_out_refused $((2 * N))
assert_delta "$server" rst_in_refused $((2 * N))
assert_delta "$server" open_fail_active_refused $((2 * N))
assert_delta "$server" ports/7211/rst_out_refused $((2 * N))
assert_delta "$server" peers/::1/rst_in $N
assert_delta "$server" rst_out_abort $((N + 10))
assert_delta "$server" rst_in_reset $((N + 10))
assert_delta "$server" peers/127.0.0.1/rst_in $((2 * N + 10))
assert_delta "$server" "$nosock" $((2 * N))
assert_delta "$server" "$state" $((N + 10))

log "forwarded through the router, IPv4 and IPv6"
snap "$router" rst_fwd peers/198.51.100.1/rst_fwd_sent peers/2001:db8:1::1/rst_fwd_rcvd
run in_ns "$client" $TCP refused 198.51.100.1 7600 $N
run in_ns "$client" $TCP refused 2001:db8:2::1 7600 $N
assert_delta "$router" rst_fwd $((2 * N))
assert_delta "$router" peers/198.51.100.1/rst_fwd_sent $N
assert_delta "$router" peers/2001:db8:1::1/rst_fwd_rcvd $N
assert_sums "$router"

log "a full accept queue, then TIME_WAIT: the sampler's gauges"
start_listener "$server" 127.0.0.1 7800 1
snap "$server" open_fail_passive_listen_drop ListenDrops peers/127.0.0.1/open_fail_passive
run in_ns "$server" $TCP syns 127.0.0.1 7800 6 1.5
drops=$(delta "$server" ListenDrops)
[ "$drops" -gt 0 ] || fail "no SYN was dropped: the test made no listen drop"
assert_delta "$server" open_fail_passive_listen_drop "$drops"
assert_delta "$server" peers/127.0.0.1/open_fail_passive "$drops"
await "$server" ports/7800/listen_max 1
await "$server" ports/7800/listen_backlog 2
run in_ns "$server" $TCP time_wait 127.0.0.1 7900 20
await "$server" "destinations/127.0.0.1 127.0.0.1 7900/tw" 20
assert_sums "$server"

log "netlink: GET and a dump say what /proc says"
assert_same "GET = /proc" 'genl_vs_proc "$server"' 'proc_flat "$server" | grep -v "^sampler_"'
assert_same "dump peers = /proc" 'in_ns "$server" $GENL dump peers | sort' 'proc_rows "$server" peers'
assert_eq "dump ports port=7211" "$(in_ns "$server" $GENL dump ports port=7211 | cut -d' ' -f1)" 7211

log "one alert"
run in_ns "$server" $GENL config alert_dest_open_fail=2 > /dev/null
start_alerts "$server"
run in_ns "$server" $TCP refused 127.0.0.1 7212 5
await "$server" alerts_sent 1
await_alerts 1
assert_eq "the alert" "$(grep _ "$ALERTS" | cut -d' ' -f1-4)" "dest_open_fail 127.0.0.1 127.0.0.1 7212"
