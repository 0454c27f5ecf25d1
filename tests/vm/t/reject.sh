#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# netfilter REJECT with tcp-reset, on loopback:
#
#   [ ns: client -> lo -> nft input: tcp dport 7400 reject with tcp reset ]
#   [      client <-> server :7401, then nft rejects its next data segment ]
#
# A REJECTed SYN is answered exactly like a closed port (rst_out_refused);
# a REJECTed data segment of an established connection is rst_out_other.
# The kernel's OutRsts does not count REJECT's RSTs at all: that is one of
# the gaps tcpresetstat fills, asserted below.
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
command -v nft >/dev/null || skip "nft not installed"
modprobe nft_reject_inet 2>/dev/null || true
N=10
new_ns ns
in_ns "$ns" nft add table inet t || skip "nf_tables not available"
run in_ns "$ns" nft add chain inet t input '{ type filter hook input priority 0; }'
run in_ns "$ns" nft add rule inet t input tcp dport 7400 reject with tcp reset

log "SYN to a REJECTed port"
snap "$ns" rst_out rst_out_refused rst_out_other rst_in_refused open_fail_active_refused OutRsts ports/7400/rst_out_refused
run in_ns "$ns" $TCP refused 127.0.0.1 7400 $N
assert_delta "$ns" rst_out $N
assert_delta "$ns" rst_out_refused $N
assert_delta "$ns" rst_out_other 0
assert_delta "$ns" rst_in_refused $N
assert_delta "$ns" open_fail_active_refused $N
assert_delta "$ns" ports/7400/rst_out_refused $N
assert_delta "$ns" OutRsts 0

log "SYN REJECTed on output, IPv6 (the hook sees the rejected socket)"
run in_ns "$ns" nft add chain inet t output '{ type filter hook output priority 0; }'
run in_ns "$ns" nft add rule inet t output ip6 daddr ::1 tcp dport 7402 reject with tcp reset
snap "$ns" rst_out_refused rst_out_abort ports/7402/rst_in
run in_ns "$ns" $TCP refused ::1 7402 $N
assert_delta "$ns" rst_out_refused $N
assert_delta "$ns" rst_out_abort 0

log "data segment REJECTed on an established connection"
snap "$ns" rst_out rst_out_refused rst_out_other rst_in_reset estab_reset
# The python side stays alive (sockets open) until the counters are
# checked: closing the server sockets afterwards sends FINs to clients
# that are gone, whose RSTs would be counted too.
coproc PY { in_ns "$ns" $TCP reject_established 127.0.0.1 7401 $N 2>&1; }
read -r -t 60 line <&"${PY[0]}"
assert_eq "python" "$line" "rejected $N"
assert_delta "$ns" rst_out $N
assert_delta "$ns" rst_out_other $N
assert_delta "$ns" rst_out_refused 0
assert_delta "$ns" rst_in_reset $N
assert_delta "$ns" estab_reset $N
assert_sums "$ns"

# The server's sockets close when python ends, and their FINs must be
# answered: with the rule still there, the clients' RSTs would be
# rejected and the namespace would outlive the test, its orphans
# retransmitting for minutes (busy, for the sampler, and invisible).
run in_ns "$ns" nft delete table inet t
eval "exec ${PY[1]}>&-"
wait "$PY_PID" || true
for i in $(seq 100); do
	left=$(in_ns "$ns" ss -Htan '( sport = :7401 or dport = :7401 )' | wc -l)
	[ "$left" = 0 ] && break
	sleep 0.05
done
assert_eq "sockets left on port 7401" "$left" 0
