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
# No ageing: on the debug kernel the flood takes longer than the idle
# timeout (600 s), and the first sources' rows, idle since their SYN, would
# go and make room for later ones.
in_ns "$tgt" "$TOP/tools/tcpresetstat" config ports_max=$CAP peers_max=$CAP idle_timeout=0 > /dev/null ||
	fail "tgt: config failed"

# spoof KIND DPORT FROM: segments FROM..N-1 of the flood, from two senders
# in parallel (on 4 vCPUs of the debug kernel, SYNs went 1.4 times as fast
# as from one; four were slower than one).  Each says how many it sent.
spoof() {
	local half=$(((N - $3) / 2)) a b
	in_ns "$atk" $TCP spoof 192.0.2.2 "$2" "$half" "$1" "$3" > "$flood/a" &
	a=$!
	in_ns "$atk" $TCP spoof 192.0.2.2 "$2" $((N - $3 - half)) "$1" $(($3 + half)) > "$flood/b" &
	b=$!
	wait "$a" || fail "spoof $1 from $3: the first sender failed"
	wait "$b" || fail "spoof $1 from $3: the second sender failed"
	assert_eq "$1 sent from $3" "$(cat "$flood/a" "$flood/b")" "$(printf '%s\n' "$1 $half" "$1 $((N - $3 - half))")"
}
flood=$(mktemp -d)
# Which rows the full tables hold depends on which segments come first:
# the first CAP SYNs, from one sender, counted before the rest.
FIRST=$((N < CAP ? N : CAP))
run in_ns "$atk" $TCP spoof 192.0.2.2 0 "$FIRST" syn
await "$tgt" rst_out "$FIRST"
SECONDS=0
spoof syn 0 "$FIRST"
await "$tgt" rst_out "$N"
log "SYNs $FIRST to $N, two senders: ${SECONDS}s"
SECONDS=0
spoof rst 7 0
await "$tgt" rst_in "$N"
log "RSTs 0 to $N, two senders: ${SECONDS}s"
rm -r "$flood"
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
