#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TIME_WAIT toward one destination:
#
#   [ ns: client -> lo -> server 127.0.0.1:7900, 2000 short connections,
#         the client closing first ]
#
# Each connection leaves the client's ephemeral port in TIME_WAIT for 60 s.
# The sampler must see them all: the destination's tw, tw_total and
# tw_ephemeral equal what ss counts at the same moment (2000 unless some
# expired because the run took over 60 s), and port_use_pct is those ports
# over the ephemeral range.  tcp_tw_reuse=0: loopback's default reuse
# would recycle TIME_WAIT sockets on a port collision.
. "$(dirname "$0")/../lib.sh"
require_module
N=2000
new_ns ns
run in_ns "$ns" sysctl -qw net.ipv4.tcp_tw_reuse=0
start=$SECONDS
run in_ns "$ns" $TCP time_wait 127.0.0.1 7900 $N
dest="destinations/127.0.0.1 127.0.0.1 7900"
ss_tw() { in_ns "$ns" ss -Htan state time-wait dst 127.0.0.1 dport = :7900 | wc -l; }

# The sampler runs every second; TIME_WAIT only shrinks after 60 s.  Poll
# (bounded) until a sample agrees with ss.
for i in $(seq 100); do
	want=$(ss_tw)
	mapfile -t v < <(get "$ns" "$dest/tw" tw_total tw_ephemeral ephemeral_ports "$dest/port_use_pct" "$dest/estab")
	[ "${v[0]}" = "$want" ] && [ "$(ss_tw)" = "$want" ] && break
	sleep 0.1
done
log "ss: $want in TIME_WAIT after $((SECONDS - start)) s"
assert_eq "$dest tw = ss" "${v[0]}" "$want"
assert_eq "tw_total = ss" "${v[1]}" "$want"
assert_eq "tw_ephemeral = ss" "${v[2]}" "$want"
assert_eq "$dest estab" "${v[5]}" 0
assert_eq "ephemeral_ports (default range)" "${v[3]}" $((60999 - 32768 + 1))
assert_eq "$dest port_use_pct" "${v[4]}" $((100 * want / v[3]))
if [ $((SECONDS - start)) -lt 55 ]; then
	assert_eq "none expired yet" "$want" $N
fi
