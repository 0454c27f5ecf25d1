#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TIME_WAIT toward two destinations:
#
#   [ ns: clients -> lo -> server 127.0.0.1:7900: 1000 short connections
#         from IPv4 sockets, 400 from IPv6 sockets to ::ffff:127.0.0.1;
#         clients -> lo -> server [::1]:7903: 200 ]
#
# The client closes first: each connection leaves its ephemeral port in
# TIME_WAIT for 60 s.  The sampler must see them all: an IPv6 socket to an
# IPv4-mapped address goes to the same destination as an IPv4 one, so
# 127.0.0.1's tw is 1400; each destination's tw, and tw_total and
# tw_ephemeral, equal what ss counts at the same moment (fewer only if some
# expired because the run took over 60 s), and port_use_pct is the ports
# over the ephemeral range.  tcp_tw_reuse=0: loopback's default reuse would
# recycle TIME_WAIT sockets on a port collision.
. "$(dirname "$0")/../lib.sh"
require_module
N4=1000 MAPPED=400 N6=200
new_ns ns
run in_ns "$ns" sysctl -qw net.ipv4.tcp_tw_reuse=0
start=$SECONDS
run in_ns "$ns" $TCP time_wait 127.0.0.1 7900 $N4
run in_ns "$ns" $TCP time_wait 127.0.0.1 7900 $MAPPED ::ffff:127.0.0.1
run in_ns "$ns" $TCP time_wait ::1 7903 $N6
made=$((SECONDS - start))
dest4="destinations/127.0.0.1 127.0.0.1 7900"
dest6="destinations/::1 ::1 7903"
ss_tw() { in_ns "$ns" ss -Htan state time-wait "$@" | wc -l; }

# The sampler runs every second; TIME_WAIT only shrinks after 60 s.  Poll
# until a sample agrees with ss, for 25 s: well before the first expire,
# so that a sampler that disagrees cannot wait until both say 0.
deadline=$((SECONDS + 25))
while [ $SECONDS -lt $deadline ]; do
	want4=$(ss_tw dport = :7900) want6=$(ss_tw dport = :7903) all=$(ss_tw)
	mapfile -t v < <(get "$ns" "$dest4/tw" "$dest6/tw" tw_total tw_ephemeral ephemeral_ports \
		"$dest4/port_use_pct" "$dest4/estab" "$dest6/port_use_pct")
	[ "${v[0]}" = "$want4" ] && [ "${v[1]}" = "$want6" ] && [ "${v[2]}" = "$all" ] &&
		[ "$(ss_tw)" = "$all" ] && break
	sleep 0.1
done
log "ss: $want4 + $want6 in TIME_WAIT after $((SECONDS - start)) s (made in $made s)"
assert_eq "$dest4 tw = ss" "${v[0]}" "$want4"
assert_eq "$dest6 tw = ss" "${v[1]}" "$want6"
assert_eq "every TIME_WAIT is to one of them" "$all" $((want4 + want6))
assert_eq "tw_total = ss" "${v[2]}" "$all"
assert_eq "tw_ephemeral = ss" "${v[3]}" "$all"
assert_eq "$dest4 estab" "${v[6]}" 0
assert_eq "ephemeral_ports (default range)" "${v[4]}" $((60999 - 32768 + 1))
assert_eq "$dest4 port_use_pct" "${v[5]}" $((100 * want4 / v[4]))
assert_eq "$dest6 port_use_pct" "${v[7]}" $((100 * want6 / v[4]))
if [ $((SECONDS - start)) -lt 55 ]; then
	assert_eq "none expired yet" "$want4 $want6" "$((N4 + MAPPED)) $N6"
fi
