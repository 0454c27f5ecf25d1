#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Ephemeral port exhaustion, reserved ports, and per-namespace ranges:
#
#   [ ns: ip_local_port_range 40000-40199; client -> lo -> 127.0.0.1:7901,
#         250 connections kept open ]
#   [ other: ip_local_port_range 50000-50099 ]
#
# 200 connections take every port; each further connect() fails with
# EADDRNOTAVAIL, and eaddrnotavail (total and for the destination) counts
# exactly the failures the client saw.  The destination is then at 100 %
# use and near exhaustion, which is one dest_exhaustion alert.  Reserving 10 ports inside the range takes
# exactly 10 from ephemeral_ports; the other namespace reports its own.
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
new_ns ns
new_ns other
run in_ns "$ns" sysctl -qw net.ipv4.ip_local_port_range="40000 40199" net.ipv4.tcp_tw_reuse=0
run in_ns "$other" sysctl -qw net.ipv4.ip_local_port_range="50000 50099"
dest="destinations/127.0.0.1 127.0.0.1 7901"
snap "$ns" eaddrnotavail "$dest/eaddrnotavail" open_fail_active AttemptFails
start_alerts "$ns"

out=$(mktemp)
ip netns exec "$ns" $TCP exhaust 127.0.0.1 7901 250 > "$out" 2>&1 &
BG_PIDS+=($!)
for i in $(seq 600); do grep -q connected "$out" && break; sleep 0.1; done
read -r _ connected _ failed < "$out"
log "client: connected $connected, failed $failed"
assert_eq "connections that got a port" "$connected" 200
assert_delta "$ns" eaddrnotavail "$failed"
assert_delta "$ns" "$dest/eaddrnotavail" "$failed"
# No SYN was sent: not a failed open, for us as for the kernel's MIB.
assert_delta "$ns" open_fail_active 0
assert_delta "$ns" AttemptFails 0

await "$ns" ephemeral_ports 200
await "$ns" "$dest/port_use_pct" 100
await "$ns" "$dest/estab" 200
await "$ns" "$dest/near_exhaustion" 1
await_alerts 1
# Crossed at 80 % or later, depending on when the sampler looked.
assert_eq "alert" "$(grep _ "$ALERTS" | awk '{ v = substr($5, 7) + 0; print $1, $2, $3, $4, (v >= 80 && v <= 100), $6, $7 }')" \
	"dest_exhaustion 127.0.0.1 127.0.0.1 7901 1 threshold=80 window_ms=0"
await "$other" ephemeral_ports 100
await "$other" port_range_lo 50000
# The other sysctls, also per namespace.
run in_ns "$other" sysctl -qw net.ipv4.tcp_max_tw_buckets=1234
await "$ns" tw_reuse 0
await "$other" tw_reuse "$(in_ns "$other" sysctl -n net.ipv4.tcp_tw_reuse)"
await "$other" max_tw_buckets 1234
await "$ns" max_tw_buckets "$(in_ns "$ns" sysctl -n net.ipv4.tcp_max_tw_buckets)"

run in_ns "$ns" sysctl -qw net.ipv4.ip_local_reserved_ports=40010-40019,40300
await "$ns" ephemeral_ports 190
await "$other" ephemeral_ports 100
assert_sums "$ns"
