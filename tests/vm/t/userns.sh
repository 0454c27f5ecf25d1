#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A network namespace owned by a user namespace, as an unprivileged
# user's container has (unshare -Urn):
#
#   [ u: client -> lo -> closed port 7211, 3 times ]
#
# Its root has CAP_NET_ADMIN over u, not over the host: it may configure
# u and read its peers, but not make the module cost more than the host
# chose (the module parameters, 256 rows and 1000 ms here): no table
# above 256 rows, unless it is already bigger and shrinks, no interval
# below 1000 ms.  The host's root may.  A refused value changes nothing.
# An unprivileged reader of /proc gets totals, pressure and ports, not
# the tables of addresses.
. "$(dirname "$0")/../lib.sh"
require_module
GENL="python3 -S $VMDIR/genl.py"
out=$(mktemp)
unshare -Urn sleep 300 > "$out" 2>&1 &
BG_PIDS+=($!)
pid=$!
for i in $(seq 50); do
	[ "$(readlink /proc/$pid/ns/net)" != "$(readlink /proc/self/ns/net)" ] && break
	sleep 0.1
done
[ "$(readlink /proc/$pid/ns/net)" != "$(readlink /proc/self/ns/net)" ] ||
	skip "no user namespace: $(cat "$out")"
uroot() { nsenter -t "$pid" -U -n --preserve-credentials "$@"; }
host() { nsenter -t "$pid" -n "$@"; }
setting() { host $GENL config | awk -v k="$1" '$1 == k { print $2 }'; }

run uroot ip link set lo up
run uroot $TCP refused 127.0.0.1 7211 3
peers=$(uroot $GENL dump peers)
case $peers in error*|"") fail "u's root: peers over netlink: $peers" ;; esac
echo "ok: u's root: peers over netlink"
assert_eq "u's root: tables in /proc" \
	"$(uroot awk '$1 == "table" { print $2 }' /proc/tcpresetstat | paste -sd' ')" \
	"ports peers destinations forwarded reasons"

log "u's root may not raise the cost"
msg="needs CAP_NET_ADMIN in the initial user namespace"
assert_eq "ports_max=257" "$(uroot $GENL config ports_max=257)" \
	"error 1 ports_max: above the module parameter $msg"
assert_eq "ports_max=10 peers_max=100000" "$(uroot $GENL config ports_max=10 peers_max=100000)" \
	"error 1 peers_max: above the module parameter $msg"
assert_eq "sample_interval_ms=999" "$(uroot $GENL config sample_interval_ms=999)" \
	"error 1 sample_interval_ms: below the module parameter $msg"
set +e
cli=$(uroot "$TOP/tools/tcpresetstat" config destinations_max=300 2>&1); rc=$?
set -e
assert_eq "the CLI: exit status" "$rc" 4
assert_eq "the CLI: message" "$cli" \
	"Error: config: destinations_max: above the module parameter $msg"
assert_eq "nothing changed" \
	"$(setting ports_max) $(setting peers_max) $(setting destinations_max) $(setting sample_interval_ms)" \
	"256 256 256 1000"

log "u's root may lower it, and go back up to the parameter"
run uroot $GENL config ports_max=10 sample_interval_ms=5000 > /dev/null
assert_eq "lowered" "$(setting ports_max) $(setting sample_interval_ms)" "10 5000"
run uroot $GENL config ports_max=256 sample_interval_ms=1000 > /dev/null
assert_eq "back to the parameter" "$(setting ports_max) $(setting sample_interval_ms)" "256 1000"

log "the host's root may raise it; u's root may then shrink, not regrow"
run host $GENL config ports_max=4096 sample_interval_ms=200 > /dev/null
assert_eq "raised by the host" "$(setting ports_max) $(setting sample_interval_ms)" "4096 200"
run uroot $GENL config ports_max=2000 > /dev/null
assert_eq "shrunk by u's root" "$(setting ports_max)" 2000
assert_eq "ports_max=2001" "$(uroot $GENL config ports_max=2001)" \
	"error 1 ports_max: above the module parameter $msg"
assert_eq "sample_interval_ms=200 kept" "$(setting sample_interval_ms)" 200

log "an unprivileged reader of /proc"
new_ns ns
nobody() { in_ns "$ns" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }
in_ns "$ns" $TCP refused 127.0.0.1 7211 2
assert_eq "nobody: tables" "$(nobody awk '$1 == "table" { print $2 }' /proc/tcpresetstat | paste -sd' ')" \
	"ports reasons"
assert_eq "root: tables" "$(in_ns "$ns" awk '$1 == "table" { print $2 }' /proc/tcpresetstat | paste -sd' ')" \
	"ports peers destinations forwarded reasons"
assert_same "nobody: root's file with ports only" \
	'nobody cat /proc/tcpresetstat' \
	"in_ns \"\$ns\" awk '\$1 == \"table\" { skip = \$2 == \"peers\" || \$2 == \"destinations\" || \$2 == \"forwarded\" } !skip' /proc/tcpresetstat"

log "an unprivileged user of the CLI: tables asked for by name fail, show says what it left out"
CLI=$TOP/tools/tcpresetstat
# cli ARGS...: the CLI as nobody in ns; stdout and stderr in $cli_out and
# $cli_err, the status in $cli_rc.
cli() {
	local e
	e=$(mktemp)
	set +e
	cli_out=$(nobody "$CLI" "$@" 2> "$e")
	cli_rc=$?
	set -e
	cli_err=$(cat "$e")
}
for t in peers destinations forwarded; do
	cli "$t"
	assert_eq "nobody: $t" "$cli_rc: $cli_out$cli_err" \
		"4: Error: $t: Operation not permitted (needs CAP_NET_ADMIN)"
	cli -j "$t"
	assert_eq "nobody: -j $t" "$cli_rc: $cli_out$cli_err" \
		"4: {\"error\":{\"what\":\"$t\",\"reason\":\"Operation not permitted (needs CAP_NET_ADMIN)\",\"code\":4}}"
done
cli show
assert_eq "nobody: show: status and warning" "$cli_rc: $cli_err" \
	"0: Warning: peers, destinations, forwarded: left out: Operation not permitted (needs CAP_NET_ADMIN)"
cli -j show
assert_eq "nobody: -j show: left_out, port 7211's rst_out_refused" "$cli_rc: $(python3 -S -c '
import json, sys
d = json.loads(sys.argv[1])
print(d["left_out"], [r["rst_out_refused"] for r in d["ports"] if r["port"] == 7211])' "$cli_out")" \
	"0: ['peers', 'destinations', 'forwarded'] [2]"
assert_eq "root: -j show: nothing left out" "$(in_ns "$ns" "$CLI" -j show 2>&1 | python3 -S -c '
import json, sys
print("left_out" in json.load(sys.stdin))')" "False"
