#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own reason for each RST this host sends (sk_rst_reason,
# Linux 6.10 and later; before, every RST is "unknown"), per class of
# rst_out, on loopback:
#
#   [ ns: client -> lo -> closed port 7600            refused: no_socket
#         raw ACK -> lo -> closed port 7600            other:   no_socket
#         raw ACK -> lo -> listener :7604              other:   tcp_flags
#         client <-> server :7601, close, unread data  abort:   tcp_abort_on_close
#         client <-> server :7602, SO_LINGER 0         abort:   tcp_state
#         the same, :7605, the task moved across CPUs  abort:   tcp_state
#         client -> lo -> nft reject :7603             refused: unknown ]
#
# The reasons table's columns sum to the rst_out classes (assert_sums,
# after every test); here each reason gets exactly its RSTs, and the CLI
# reads the same rows over netlink as from /proc.  The listener's answer
# is the stack's although, from 6.13, the listener owns it (an abort
# before kmod/account.c looked at its destructor).
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
N=4
CLI=$TOP/tools/tcpresetstat
new_ns ns

[ "$(rst_reason no_socket)" = unknown ] &&
	log "kernel $(uname -r) before 6.10: no reasons, every RST is unknown"

# step COLUMN REASON COUNT CMD...: CMD sends COUNT RSTs of class COLUMN
# (rst_out_refused, ...), all counted under REASON and nothing else.
step() {
	local col=$1 r c; r=$(rst_reason "$2"); local n=$3; shift 3
	local -a cells=()
	for c in rst_out_refused rst_out_abort rst_out_other; do
		cells+=("sum:reasons/$c" "reasons/$r/$c")
	done
	log "$col, reason $r: $*"
	snap "$ns" "$col" "${cells[@]}"
	run "$@"
	assert_delta "$ns" "$col" "$n"
	for c in rst_out_refused rst_out_abort rst_out_other; do
		if [ "$c" = "$col" ]; then
			assert_delta "$ns" "reasons/$r/$c" "$n"
			assert_delta "$ns" "sum:reasons/$c" "$n"
		else
			assert_delta "$ns" "sum:reasons/$c" 0
		fi
	done
	assert_sums "$ns"
}

for host in 127.0.0.1 ::1; do
	step rst_out_refused no_socket $N in_ns "$ns" $TCP refused "$host" 7600 $N
	step rst_out_abort tcp_abort_on_close $N in_ns "$ns" $TCP unread "$host" 7601 $N
	step rst_out_abort tcp_state $N in_ns "$ns" $TCP abort "$host" 7602 $N
done
# Aborts whose tasks a second process moves from CPU to CPU all the
# while: on a preemptible kernel (the debug kernel, PREEMPT_RT), some
# migrate between the hook and the tracepoint, and keep their reason.
step rst_out_abort tcp_state 40 in_ns "$ns" $TCP abort_migrating 127.0.0.1 7605 40
step rst_out_other no_socket $N in_ns "$ns" $TCP rawack 127.0.0.1 127.0.0.1 7600 $N 42000
start_listener "$ns" 127.0.0.1 7604
step rst_out_other tcp_flags $N in_ns "$ns" $TCP rawack 127.0.0.1 127.0.0.1 7604 $N 43000

modprobe nft_reject_inet 2>/dev/null || true	# built in: nothing to load
if command -v nft >/dev/null && in_ns "$ns" nft add table inet t 2>/dev/null; then
	run in_ns "$ns" nft add chain inet t input '{ type filter hook input priority 0; }'
	run in_ns "$ns" nft add rule inet t input tcp dport 7603 reject with tcp reset
	step rst_out_refused unknown $N in_ns "$ns" $TCP refused 127.0.0.1 7603 $N
	run in_ns "$ns" nft delete table inet t
else
	log "no nf_tables REJECT here: its RSTs (unknown) not checked"
fi

log "the CLI over netlink gives /proc's rows"
proc=$(proc_rows "$ns" reasons)
genl=$(in_ns "$ns" "$CLI" -j | python3 -S -c '
import json, sys
for r in json.load(sys.stdin)["reasons"]:
    print(r["reason"], r["rst_out_refused"], r["rst_out_abort"], r["rst_out_other"])' | sort)
assert_eq "reasons rows, netlink = /proc" "$genl" "$proc"
[ -n "$proc" ] || fail "no reasons rows"

log "a reset empties the table"
run in_ns "$ns" "$CLI" reset
assert_eq "reasons rows after reset" "$(rows reasons "$ns")" 0
