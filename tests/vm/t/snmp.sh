#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tcpresetstat snmp under a real snmpd (net-snmp, pass_persist), all in
# one namespace:
#
#   [ ns: client -> lo -> closed port 7211, 5 times
#         snmpd udp:127.0.0.1:16161 -> pass_persist BASE tcpresetstat snmp
#         snmpget, snmpwalk, snmpset -v2c -> 127.0.0.1:16161 ]
#
# The rst_out_refused total and the ports row of 7211 read 5 through
# snmpget; a walk of the subtree through snmpd gives exactly the instances
# the tool gives when walked by hand over the same protocol; a set is
# refused (notWritable) and changes nothing.  Without snmpd: skip.
. "$(dirname "$0")/../lib.sh"
require_module
for c in snmpd snmpget snmpwalk snmpset; do
	command -v "$c" > /dev/null || skip "no $c (Debian packages snmpd and snmp)"
done
CLI=$TOP/tools/tcpresetstat
BASE=.1.3.6.1.4.1.32473
PORT=16161
new_ns ns
refuse "$ns" 127.0.0.1 7211 5
await "$ns" rst_out_refused 5

dir=$(mktemp -d)
mkdir "$dir/persist"
# Numeric OIDs throughout: no MIB needed, on either side.
cat > "$dir/snmpd.conf" <<CONF
agentaddress udp:127.0.0.1:$PORT
rocommunity public 127.0.0.1
rwcommunity private 127.0.0.1
pass_persist $BASE $CLI snmp
CONF
# snmpd runs as root here: the tool it starts must be executable from the
# read-only host root, and snmpd's state goes to /tmp.
[ -x "$CLI" ] || fail "$CLI is not executable"
start_bg "$dir/log" "NET-SNMP version" "$ns" env SNMP_PERSISTENT_DIR="$dir/persist" MIBS= \
	snmpd -f -Lo -C -c "$dir/snmpd.conf" -p "$dir/pid"
snmp() { # snmp TOOL ARGS...: against our snmpd, numeric OIDs, bare values
	local tool=$1; shift
	in_ns "$ns" "$tool" -v2c -t 2 -r 1 -On "$@"
}
# snmpd answers once it has bound its port and pinged the tool (bounded, 10 s).
for i in $(seq 50); do
	v=$(snmp snmpget -Oqv -c public 127.0.0.1:$PORT $BASE.1.1.6.0 2>&1) && break
	sleep 0.2
done
log "snmpd: $(head -n 3 "$dir/log" | tr '\n' ' ')"

assert_eq "snmpget rst_out_refused total" "$v" 5
assert_eq "= the CLI's" "$v" "$(ctr rst_out_refused "$ns")"
assert_eq "snmpget ports 7211 kind (port)" \
	"$(snmp snmpget -Oqv -c public 127.0.0.1:$PORT $BASE.1.3.1.2.7211)" 1
assert_eq "snmpget ports 7211 rst_out_refused" \
	"$(snmp snmpget -Oqv -c public 127.0.0.1:$PORT $BASE.1.3.1.8.7211)" 5
assert_eq "= the CLI's row" "$(cell ports 7211 rst_out_refused "$ns")" 5

# The tool walked by hand over pass_persist: the OID of every instance.
tool_walk() {
	local oid=$BASE type value
	coproc W { ip netns exec "$ns" "$CLI" snmp; }
	while :; do
		printf 'getnext\n%s\n' "$oid" >&"${W[1]}"
		read -r -t 5 oid <&"${W[0]}" || fail "tcpresetstat snmp did not answer"
		[ "$oid" != NONE ] || break
		read -r -t 5 type <&"${W[0]}" && read -r -t 5 value <&"${W[0]}" ||
			fail "tcpresetstat snmp answered $oid without a value"
		echo "$oid"
	done
	eval "exec ${W[1]}>&-"
	wait "$W_PID"
}
via_tool=$(tool_walk)
via_snmpd=$(snmp snmpwalk -c public 127.0.0.1:$PORT $BASE | awk '{ print $1 }')
assert_eq "snmpwalk instances = the tool's ($(wc -l <<<"$via_tool"))" "$via_snmpd" "$via_tool"
[ "$(wc -l <<<"$via_tool")" -gt 20 ] || fail "only $(wc -l <<<"$via_tool") instances"
grep -qx "$BASE.1.3.1.8.7211" <<<"$via_snmpd" || fail "no ports row 7211 in the walk"

log "a set is refused, and changes nothing"
set +e
out=$(snmp snmpset -c private 127.0.0.1:$PORT $BASE.1.1.6.0 i 0 2>&1)
rc=$?
set -e
[ "$rc" -ne 0 ] && grep -q notWritable <<<"$out" || fail "snmpset: exit $rc: $out"
echo "ok: snmpset refused: $(grep -m1 Reason <<<"$out")"
assert_eq "rst_out_refused after the set" \
	"$(snmp snmpget -Oqv -c public 127.0.0.1:$PORT $BASE.1.1.6.0)" 5
assert_eq "= the CLI's, after the set" "$(ctr rst_out_refused "$ns")" 5
