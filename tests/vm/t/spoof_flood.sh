#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A spoofed flood: SYNs to closed ports and RSTs to a closed port, each
# from a source address and port of its own (raw sockets, tcp.py spoof):
#
#   [ atk 192.0.2.1 ] --veth-- [ tgt 192.0.2.2, routes 10.0.0.0/8 back ]
#
# tgt answers every SYN with a RST and receives every RST: its totals are
# exact, its ports and peers tables stop at their caps (the rest lands in
# "other", so the columns still sum to the totals): the memory the tables
# take is what the caps allow, whatever the number of sources.
# TRS_STRESS_FLOOD segments of each kind (default 5000; make stress sends
# 1 M of each).
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
N=${TRS_STRESS_FLOOD:-5000}
CAP=256
new_ns atk
new_ns tgt
veth "$atk" a0 192.0.2.1/24 "$tgt" t0 192.0.2.2/24
ip -n "$tgt" route add 10.0.0.0/8 via 192.0.2.1
in_ns "$tgt" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.t0.rp_filter=0
# veth hands each segment to the backlog: none may be dropped there.
old_backlog=$(sysctl -n net.core.netdev_max_backlog)
trap 'cleanup_ns; sysctl -qw net.core.netdev_max_backlog=$old_backlog' EXIT
sysctl -qw net.core.netdev_max_backlog=100000
drops() { # the backlog's drops, every CPU's (hex, the second column)
	local s=0 a b r
	while read -r a b r; do s=$((s + 16#$b)); done < /proc/net/softnet_stat
	echo $s
}
drops0=$(drops)
in_ns "$tgt" "$TOP/tools/tcpresetstat" config ports_max=$CAP peers_max=$CAP > /dev/null

run in_ns "$atk" $TCP spoof 192.0.2.2 0 "$N" syn
run in_ns "$atk" $TCP spoof 192.0.2.2 7 "$N" rst
await "$tgt" rst_in "$N"
assert_eq "backlog drops" "$(drops)" "$drops0"
assert_eq "tgt: totals" "$(get "$tgt" rst_out rst_out_refused rst_in rst_in_other OutRsts)" \
	"$(printf '%s\n' "$N" "$N" "$N" "$N" "$N")"
# Full tables: the cap's rows and "other".  The SYNs' first CAP ports
# have rows (port 7, of the RSTs, comes too late), and so have their
# first CAP sources, which the RSTs come from again.
assert_eq "tgt: rows" "$(get "$tgt" rows:ports rows:peers)" \
	"$(printf '%s\n' $((CAP + 1)) $((CAP + 1)))"
hits=$((CAP * (N / 31000) + (N % 31000 < CAP ? N % 31000 : CAP)))
assert_eq "tgt: ports 'other'" "$(get "$tgt" ports/other/rst_out ports/other/rst_in)" \
	"$(printf '%s\n' $((N - hits)) "$N")"
assert_eq "tgt: peers 'other'" "$(get "$tgt" peers/other/rst_out peers/other/rst_in)" \
	"$(printf '%s\n' $((N - CAP)) $((N - CAP)))"
assert_sums "$tgt"
