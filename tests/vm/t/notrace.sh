#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A kernel without tracepoints or kprobes (the notrace kernel: OpenWrt
# builds its kernels so): the module counts what its netfilter hooks see,
# every RST, and the opens that a RST or an ICMP error fails in SYN_SENT,
# found by a socket lookup on that rare path; what only the probes could
# count is left out of /proc and netlink and listed as unavailable.
#
#   [ client 192.0.2.1     ] --veth-- [ router ] --veth-- [ server 198.51.100.1 ]
#   [        2001:db8:1::1 ]          unreachable:        [        2001:db8:2::1 ]
#                                     203.0.113.0/24,     nft: :7401 rejected with
#                                     2001:db8:99::/64    ICMP port unreachable
#   server, on its loopback: refused connects to :7211, aborts from :7300;
#   client: refused through the router (:7600), ICMP unreachable from the
#   router, ICMP port unreachable from the server.
. "$(dirname "$0")/../lib.sh"
require_module
[ "$(ctr estab_reset)" = missing ] ||
	skip "the module has tracepoints here: the other tests count with them"
GENL="python3 -S $VMDIR/genl.py"
CLI=$TOP/tools/tcpresetstat
N=3
router_topology

log "left out: in /proc and netlink alike, listed by the CLI"
want_totals="rst_in_reset rst_in_other open_fail_active open_fail_active_timeout
open_fail_active_other open_fail_passive open_fail_passive_reset open_fail_passive_timeout
open_fail_passive_listen_drop estab_reset eaddrnotavail"
for c in $want_totals; do
	assert_eq "/proc: $c" "$(ctr "$c" "$server")" missing
done
headers() { in_ns "$1" awk '$1 == "table" { t = $2; getline; print t ":", $0 }' /proc/tcpresetstat; }
assert_eq "/proc: the tables' columns" "$(headers "$server")" "\
ports: port rst_in rst_in_refused rst_out rst_out_refused rst_out_abort rst_out_other listen_backlog listen_max
peers: addr rst_in rst_out rst_fwd_sent rst_fwd_rcvd open_fail_fwd
destinations: local_addr addr remote_port open_fail_active_refused open_fail_active_unreach rst_in_refused tw estab port_use_pct near_exhaustion
forwarded: addr remote_port open_fail_fwd open_fail_fwd_refused open_fail_fwd_unreach open_fail_fwd_timeout
reasons: reason rst_out_refused rst_out_abort rst_out_other"
# The CLI names what netlink's TRS_A_UNAVAILABLE lists, and /proc lacks.
unavailable() {
	python3 -S -c 'import json, sys
for k, v in json.load(sys.stdin).get("unavailable", {}).items():
    print(k + ":", " ".join(v))'
}
want="totals: ${want_totals//$'\n'/ }
ports: rst_in_reset rst_in_other open_fail_passive open_fail_passive_reset open_fail_passive_timeout open_fail_passive_listen_drop
peers: open_fail_active open_fail_passive estab_reset
destinations: open_fail_active open_fail_active_timeout open_fail_active_other rst_in_reset eaddrnotavail"
assert_eq "CLI over netlink" "$(in_ns "$server" "$CLI" -j show | unavailable)" "$want"
assert_eq "CLI from /proc" \
	"$(in_ns "$server" env TCPRESETSTAT_PROC=/proc/tcpresetstat "$CLI" -j show | unavailable)" "$want"
assert_eq "netlink: sets and columns left out" "$(in_ns "$server" $GENL unavailable | tr '\n' ' ')" \
	"0 2 0 3 0 9 0 11 0 13 0 14 0 15 0 16 0 17 0 18 0 19 1 2 1 3 1 8 1 9 1 10 1 11 2 4 2 5 2 6 3 0 3 2 3 4 3 6 3 7 "
# An alert on a counter this kernel cannot count would never fire.
err=$(in_ns "$server" $GENL config alert_dest_open_fail=2 2>&1) &&
	fail "alert_dest_open_fail on an unavailable counter was accepted"
case $err in
*"unavailable on this kernel"*) echo "ok: alert_dest_open_fail refused: $err" ;;
*) fail "alert_dest_open_fail: $err" ;;
esac
assert_eq "settings unchanged" "$(in_ns "$server" $GENL config | grep alert_dest_open_fail)" \
	"alert_dest_open_fail 0"

log "refused and aborted on the server's loopback, IPv4 and IPv6"
d4="destinations/127.0.0.1 127.0.0.1 7211" d6="destinations/::1 ::1 7211"
snap "$server" rst_in rst_out rst_out_refused rst_out_abort rst_in_refused \
	open_fail_active_refused open_fail_active_unreach ports/7211/rst_out_refused \
	peers/::1/rst_in peers/127.0.0.1/rst_in "$d4/open_fail_active_refused" \
	"$d4/rst_in_refused" "$d6/open_fail_active_refused" "$d6/rst_in_refused" \
	ports/ephemeral/rst_in_refused
run in_ns "$server" $TCP refused 127.0.0.1 7211 $N
run in_ns "$server" $TCP refused ::1 7211 $N
run in_ns "$server" $TCP abort 127.0.0.1 7300 $N
assert_delta "$server" rst_out $((3 * N))
assert_delta "$server" rst_in $((3 * N))
assert_delta "$server" rst_out_refused $((2 * N))
assert_delta "$server" rst_out_abort $N
assert_delta "$server" rst_in_refused $((2 * N))
assert_delta "$server" open_fail_active_refused $((2 * N))
assert_delta "$server" open_fail_active_unreach 0
assert_delta "$server" ports/7211/rst_out_refused $((2 * N))
assert_delta "$server" ports/ephemeral/rst_in_refused $((2 * N))
assert_delta "$server" peers/::1/rst_in $N
assert_delta "$server" peers/127.0.0.1/rst_in $((2 * N))
for d in "$d4" "$d6"; do
	assert_delta "$server" "$d/open_fail_active_refused" $N
	assert_delta "$server" "$d/rst_in_refused" $N
done

log "refused through the router, IPv4 and IPv6"
d4="destinations/192.0.2.1 198.51.100.1 7600" d6="destinations/2001:db8:1::1 2001:db8:2::1 7600"
snap "$router" rst_fwd peers/198.51.100.1/rst_fwd_sent peers/2001:db8:1::1/rst_fwd_rcvd rst_in
snap "$client" rst_in rst_in_refused open_fail_active_refused "$d4/rst_in_refused" \
	"$d6/open_fail_active_refused"
run in_ns "$client" $TCP refused 198.51.100.1 7600 $N
run in_ns "$client" $TCP refused 2001:db8:2::1 7600 $N
assert_delta "$router" rst_fwd $((2 * N))
assert_delta "$router" peers/198.51.100.1/rst_fwd_sent $N
assert_delta "$router" peers/2001:db8:1::1/rst_fwd_rcvd $N
assert_delta "$router" rst_in 0
assert_delta "$client" rst_in $((2 * N))
assert_delta "$client" rst_in_refused $((2 * N))
assert_delta "$client" open_fail_active_refused $((2 * N))
assert_delta "$client" "$d4/rst_in_refused" $N
assert_delta "$client" "$d6/open_fail_active_refused" $N

log "ICMP errors: unreachable from the router, port unreachable from the server"
command -v nft >/dev/null || skip "nft not installed"
modprobe nft_reject_inet 2>/dev/null || true
in_ns "$server" nft add table inet t || skip "nf_tables not available"
run in_ns "$server" nft add chain inet t in '{ type filter hook input priority 0; }'
run in_ns "$server" nft add rule inet t in tcp dport 7401 reject with icmpx type port-unreachable
run ip -n "$router" route add unreachable 203.0.113.0/24
run ip -n "$router" -6 route add unreachable 2001:db8:99::/64
run ip -n "$client" route add 203.0.113.0/24 via 192.0.2.2
run ip -n "$client" -6 route add 2001:db8:99::/64 via 2001:db8:1::2
# One ICMP error per SYN; and, as t/active_fail.sh says why, a delay
# toward the client, so that the errors find its socket unlocked.
for ns in "$router" "$server"; do
	run in_ns "$ns" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
done
modprobe sch_netem 2>/dev/null || true
run in_ns "$router" tc qdisc add dev rc root netem delay 50ms || skip "no netem"
u4="destinations/192.0.2.1 203.0.113.9 443" u6="destinations/2001:db8:1::1 2001:db8:99::9 443"
p4="destinations/192.0.2.1 198.51.100.1 7401" p6="destinations/2001:db8:1::1 2001:db8:2::1 7401"
snap "$client" rst_in rst_in_refused open_fail_active_refused open_fail_active_unreach \
	"$u4/open_fail_active_unreach" "$u6/open_fail_active_unreach" \
	"$p4/open_fail_active_refused" "$p6/open_fail_active_refused" "$p4/rst_in_refused"
run in_ns "$client" $TCP unreach 203.0.113.9 443 $N
run in_ns "$client" $TCP unreach 2001:db8:99::9 443 $N ENETUNREACH
run in_ns "$client" $TCP unreach 198.51.100.1 7401 $N ECONNREFUSED
run in_ns "$client" $TCP unreach 2001:db8:2::1 7401 $N ECONNREFUSED
assert_delta "$client" open_fail_active_unreach $((2 * N))
assert_delta "$client" open_fail_active_refused $((2 * N))
assert_delta "$client" rst_in 0
assert_delta "$client" rst_in_refused 0
assert_delta "$client" "$u4/open_fail_active_unreach" $N
assert_delta "$client" "$u6/open_fail_active_unreach" $N
assert_delta "$client" "$p4/open_fail_active_refused" $N
assert_delta "$client" "$p6/open_fail_active_refused" $N
assert_delta "$client" "$p4/rst_in_refused" 0

log "netlink: GET and dumps say what /proc says"
for ns in "$server" "$client" "$router"; do
	assert_same "$ns: GET = /proc" 'genl_vs_proc "$ns"' 'proc_flat "$ns" | grep -v "^sampler_"'
	for t in ports peers destinations forwarded; do
		assert_same "$ns: dump $t = /proc" 'in_ns "$ns" $GENL dump $t | sort' 'proc_rows "$ns" $t'
	done
done
