#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A router's view of its clients' failed opens (the forwarded table), with
# conntrack following the router's connections (an nft ct rule):
#
#   [ client 192.0.2.1     ] --veth-- [ router ] --veth-- [ server 198.51.100.1 ]
#   [        2001:db8:1::1 ]                               [        2001:db8:2::1 ]
#                                                          :7600 closed: RST
#                                                          :7401 nft reject: ICMP host unreachable
#                                                          :7402 nft drop: no answer
#                                                          :7500 listening: answered
#
# Each cause is counted exactly once per connect, in the router's totals,
# its forwarded row (by the address and port the client asked for) and the
# client's peers row, however many SYNs the client retransmits.  A timeout
# is counted when conntrack's SYN_SENT entry expires (3 s here).
. "$(dirname "$0")/../lib.sh"
require_module
N=3
GENL="python3 -S $VMDIR/genl.py"
CLI=$TOP/tools/tcpresetstat
router_topology
command -v nft >/dev/null || skip "nft not installed"
modprobe nft_reject_inet 2>/dev/null || true
modprobe nft_ct 2>/dev/null || true
in_ns "$server" nft add table inet t || skip "nf_tables not available"
run in_ns "$server" nft add chain inet t in '{ type filter hook input priority 0; }'
run in_ns "$server" nft add rule inet t in tcp dport 7401 reject with icmpx type host-unreachable
run in_ns "$server" nft add rule inet t in tcp dport 7402 drop
run in_ns "$client" sysctl -qw net.ipv4.tcp_syn_retries=1
# The ICMP error must reach the client after connect() released its socket
# (active_fail.sh says why): 50 ms, as on any real path.
modprobe sch_netem 2>/dev/null || true
run in_ns "$router" tc qdisc add dev rc root netem delay 50ms || skip "no netem"

FWD="open_fail_fwd open_fail_fwd_refused open_fail_fwd_unreach open_fail_fwd_timeout open_fwd_untracked"

log "without conntrack in the router's namespace nothing is followed"
snap "$router" $FWD rst_fwd
run in_ns "$client" $TCP refused 198.51.100.1 7600 $N
assert_delta "$router" rst_fwd $N
for c in $FWD; do assert_delta "$router" $c 0; done

log "conntrack on: an nft ct rule in the router"
run in_ns "$router" nft add table inet trsct
run in_ns "$router" nft add chain inet trsct forwarding '{ type filter hook forward priority 0; }'
run in_ns "$router" nft add rule inet trsct forwarding ct state invalid counter
run in_ns "$router" sysctl -qw net.netfilter.nf_conntrack_tcp_timeout_syn_sent=3

for pair in 192.0.2.1,198.51.100.1 2001:db8:1::1,2001:db8:2::1; do
	caddr=${pair%,*} saddr=${pair#*,}
	log "client $caddr -> router -> server $saddr"
	start_listener "$server" "$saddr" 7500
	snap "$router" $FWD "peers/$caddr/open_fail_fwd" \
		"forwarded/$saddr 7600/open_fail_fwd_refused" \
		"forwarded/$saddr 7401/open_fail_fwd_unreach" \
		"forwarded/$saddr 7402/open_fail_fwd_timeout" \
		"forwarded/$saddr 7402/open_fail_fwd" \
		"forwarded/$saddr 7500/open_fail_fwd" rows:forwarded
	run in_ns "$client" $TCP refused "$saddr" 7600 $N
	run in_ns "$client" $TCP unreach "$saddr" 7401 $N
	run in_ns "$client" python3 -S -c 'import socket, sys
for _ in range(int(sys.argv[2])):
    socket.create_connection((sys.argv[1], 7500), timeout=10).close()' "$saddr" $N
	assert_delta "$router" open_fail_fwd_refused $N
	assert_delta "$router" "forwarded/$saddr 7600/open_fail_fwd_refused" $N
	assert_delta "$router" open_fail_fwd_unreach $N
	assert_delta "$router" "forwarded/$saddr 7401/open_fail_fwd_unreach" $N
	run in_ns "$client" $TCP timeout "$saddr" 7402 $N
	# conntrack gives up 3 s after the last SYN; the module looks each second.
	for i in $(seq 150); do
		[ "$(delta "$router" open_fail_fwd_timeout)" -ge $N ] && break
		sleep 0.1
	done
	assert_delta "$router" open_fail_fwd_timeout $N
	assert_delta "$router" "forwarded/$saddr 7402/open_fail_fwd_timeout" $N
	assert_delta "$router" "forwarded/$saddr 7402/open_fail_fwd" $N
	assert_delta "$router" open_fail_fwd $((3 * N))
	assert_delta "$router" "peers/$caddr/open_fail_fwd" $((3 * N))
	# Answered opens are not failures, then or when their entries expire.
	assert_delta "$router" "forwarded/$saddr 7500/open_fail_fwd" 0
	assert_delta "$router" rows:forwarded 3
	assert_delta "$router" open_fwd_untracked 0
	assert_sums "$router"
	kill "${BG_PIDS[-1]}"
done

log "netlink: GET and the dump say what /proc says"
assert_same "router: GET = /proc" 'genl_vs_proc "$router"' 'proc_flat "$router" | grep -v "^sampler_"'
assert_same "router: dump forwarded = /proc" 'in_ns "$router" $GENL dump forwarded | sort' \
	'proc_rows "$router" forwarded'
assert_eq "CLI: forwarded refused to 198.51.100.1:7600" \
	"$(in_ns "$router" "$CLI" -j forwarded |
	   python3 -S -c 'import json, sys
print([r["open_fail_fwd_refused"] for r in json.load(sys.stdin)["forwarded"]
       if r["addr"] == "198.51.100.1" and r["remote_port"] == 7600])')" "[$N]"

log "forwarded_pending=1: the second of two opens at once is not followed"
run in_ns "$router" $GENL config forwarded_pending=1 > /dev/null
snap "$router" $FWD
run in_ns "$client" $TCP timeout 198.51.100.1 7402 2
for i in $(seq 150); do
	[ "$(delta "$router" open_fail_fwd_timeout)" -ge 1 ] && break
	sleep 0.1
done
assert_delta "$router" open_fail_fwd_timeout 1
assert_delta "$router" open_fwd_untracked 1
assert_delta "$router" open_fail_fwd 1
run in_ns "$router" $GENL config forwarded_pending=1024 > /dev/null

log "reset empties the table; the module unloads with opens pending"
run in_ns "$router" $GENL reset forwarded > /dev/null
assert_eq "rows after reset" "$(rows forwarded "$router")" 1
run in_ns "$client" $TCP timeout 198.51.100.1 7402 1
