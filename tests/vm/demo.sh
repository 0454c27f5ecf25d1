#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: inside the VM, load the module and replay three field reports,
# each in namespaces of its own, then show what tcpresetstat saw there.
#
# 1. A dead service: clients keep connecting to port 7211 on a host where
#    nothing listens any more; every SYN is answered with a RST.
#      [ dead: client -> lo -> 127.0.0.1:7211 and [::1]:7211 ]
# 2. "Connection reset by peer": an upstream resets established
#    connections; the application only sees ECONNRESET.
#      [ app 192.0.2.1 ] --veth-- [ upstream 192.0.2.2:8080 (SO_LINGER 0) ]
# 3. A router between two networks forwards the resets one side sends
#    the other.
#      [ client 198.51.100.1 ] -- [ router ] -- [ server 203.0.113.1 (port 5432 closed) ]
. "$(dirname "$0")/lib.sh"
TRS=$TOP/tools/tcpresetstat
insmod "$TOP/kmod/tcpresetstat.ko" || fail "cannot load the module"

show() { # show NS TITLE
	echo
	echo "==== $2"
	echo "---- tcpresetstat (inside that namespace) ----"
	in_ns "$1" "$TRS"
}

new_ns dead
log "1. a client connecting to a dead port 7211, 5 times over IPv4 and 3 over IPv6"
in_ns "$dead" $TCP refused 127.0.0.1 7211 5
in_ns "$dead" $TCP refused ::1 7211 3
show "$dead" "1. dead port 7211: every connect refused"

new_ns app
new_ns upstream
veth "$app" a0 192.0.2.1/24 "$upstream" u0 192.0.2.2/24
log "2. an upstream resetting 4 established connections"
out=$(mktemp)
in_ns "$upstream" $TCP abort_server 192.0.2.2 8080 4 > "$out" &
for i in $(seq 100); do grep -q listening "$out" && break; sleep 0.05; done
in_ns "$app" $TCP reset_client 192.0.2.2 8080 4
wait
show "$app" "2. the application's host: connection reset by peer 192.0.2.2:8080"

new_ns client
new_ns router
new_ns server
veth "$client" c0 198.51.100.1/24 "$router" rc 198.51.100.2/24
veth "$server" s0 203.0.113.1/24 "$router" rs 203.0.113.2/24
ip -n "$client" route add 203.0.113.0/24 via 198.51.100.2
ip -n "$server" route add 198.51.100.0/24 via 203.0.113.2
in_ns "$router" sysctl -qw net.ipv4.ip_forward=1
log "3. a client connecting 6 times through a router to a closed port"
in_ns "$client" $TCP refused 203.0.113.1 5432 6
show "$router" "3. the router: resets it forwarded, by sender and receiver"

echo
echo "---- tcpresetstat -j show (the router) ----"
in_ns "$router" "$TRS" -j show
echo
echo "---- /proc/tcpresetstat (the dead-port host) ----"
in_ns "$dead" cat /proc/tcpresetstat
