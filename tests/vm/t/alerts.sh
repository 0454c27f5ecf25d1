#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The config command and the "alerts" group, from a raw netlink client
# (tests/vm/genl.py):
#
#   [ ns: client -> lo -> closed ports 7211, 7212, 7301..7310, 7400 ]
#
# Settings start from the module parameters; a bad value is refused with a
# message naming it and changes nothing, not even the good values sent
# with it; a new table size empties the table and caps it.  A burst of
# failed connects above alert_dest_open_fail makes exactly one alert per
# destination; many at once pass alert_max_per_sec, and what it holds back
# is counted and reported by the next alert sent.  Unprivileged users may
# neither configure nor listen.
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
GENL="python3 -S $VMDIR/genl.py"
new_ns ns
setting() { in_ns "$ns" $GENL config | awk -v k="$1" '$1 == k { print $2 }'; }

log "defaults are the module parameters"
assert_eq "settings" "$(in_ns "$ns" $GENL config | tr '\n' ' ')" \
	"ports_max 256 peers_max 256 destinations_max 256 idle_timeout 600 sample_interval_ms 1000 pressure_top 16 exhaustion_pct 80 alert_port_open_fail 0 alert_dest_open_fail 0 alert_peer_rst 0 alert_max_per_sec 10 forwarded_max 256 forwarded_pending 1024 "

log "bad values change nothing"
assert_eq "exhaustion_pct=0" "$(in_ns "$ns" $GENL config exhaustion_pct=0)" \
	"error 34 exhaustion_pct: percent, 1 to 100"
assert_eq "good and bad together" "$(in_ns "$ns" $GENL config ports_max=10 pressure_top=5000)" \
	"error 34 pressure_top: destinations, 0 to 1024"
assert_eq "sample_interval_ms=50" "$(in_ns "$ns" $GENL config sample_interval_ms=50)" \
	"error 34 sample_interval_ms: 0 (off) or 100 to 3600000"
assert_eq "a setting of 8 bytes" "$(in_ns "$ns" $GENL raw 6 10000e800c0001000001000000000000)" \
	"error 22 invalid attribute length"
assert_eq "setting 14 (unknown)" "$(in_ns "$ns" $GENL raw 6 0c000e8008000e0001000000)" \
	"error 22 Unknown attribute type"
assert_eq "ports_max kept" "$(setting ports_max)" 256
nobody() { in_ns "$ns" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }
assert_eq "nobody: config" "$(nobody $GENL config)" "error 1 Operation not permitted"
# Kernels with admin-only groups (6.7, and backports) refuse the join;
# older ones (5.10) let anyone join, and the module's broadcast then skips
# sockets opened without CAP_NET_ADMIN: nobody must get no alert below.
nobody_join=$(nobody $GENL listen 0 1) || true
case $nobody_join in
"error 1 Operation not permitted") echo "ok: nobody: join alerts refused" ;;
joined) echo "ok: nobody: joins alerts (no admin-only groups here), gets none below" ;;
*) fail "nobody: join alerts: $nobody_join" ;;
esac

log "a new table size empties the table and caps it"
in_ns "$ns" $TCP refused 127.0.0.1 7100 1
assert_eq "ports rows before" "$(rows ports "$ns")" 3
run in_ns "$ns" $GENL config ports_max=2 > /dev/null
assert_eq "ports_max" "$(setting ports_max)" 2
assert_eq "ports rows after resize" "$(rows ports "$ns")" 1
# The server's RST (port 7101) comes before the client's (ephemeral): the
# two rows; 7102 and 7103 go to "other".
in_ns "$ns" $TCP refused_ports 127.0.0.1 7101 3 1
assert_eq "ports rows when full" "$(rows ports "$ns")" 3
assert_eq "other's rst_out" "$(cell ports other rst_out "$ns")" 2
assert_eq "ephemeral's rst_in" "$(cell ports ephemeral rst_in "$ns")" 3
assert_eq "totals kept" "$(ctr rst_out "$ns")" 4

log "sampler off and on again"
run in_ns "$ns" $GENL config sample_interval_ms=0 > /dev/null
in_ns "$ns" $TCP time_wait 127.0.0.1 7500 3
run in_ns "$ns" $GENL config sample_interval_ms=200 > /dev/null
await "$ns" tw_total 3

log "one alert per destination crossing alert_dest_open_fail"
run in_ns "$ns" $GENL config alert_dest_open_fail=5 > /dev/null
start_alerts "$ns"
if [ "$nobody_join" = joined ]; then
	NOBODY_ALERTS=$(mktemp)
	start_bg "$NOBODY_ALERTS" joined "$ns" setpriv --reuid=65534 --regid=65534 \
		--clear-groups --inh-caps=-all python3 -S "$VMDIR/genl.py" listen 300 1000
fi
in_ns "$ns" $TCP refused 127.0.0.1 7211 10
await "$ns" alerts_sent 1
in_ns "$ns" $TCP refused 127.0.0.1 7212 10
await "$ns" alerts_sent 2
await_alerts 2
# A burst of 10 crosses 5/s in one window at least, whatever the windows.
assert_eq "first alert" "$(sed -n 2p "$ALERTS" | awk '{ v = substr($5, 7) + 0; print $1, $2, $3, $4, (v >= 5 && v <= 10), $6, $8 }')" \
	"dest_open_fail 127.0.0.1 127.0.0.1 7211 1 threshold=5 suppressed=0"
assert_eq "second alert" "$(sed -n 3p "$ALERTS" | cut -d' ' -f1-4)" "dest_open_fail 127.0.0.1 127.0.0.1 7212"
assert_eq "nothing suppressed" "$(ctr alerts_suppressed "$ns")" 0

log "a storm of crossings passes alert_max_per_sec"
# One a second: however slowly the bursts go, some crossings share one.
run in_ns "$ns" $GENL config alert_max_per_sec=1 > /dev/null
in_ns "$ns" $TCP refused_ports 127.0.0.1 7301 10 10
for i in $(seq 50); do
	[ $(( $(ctr alerts_sent "$ns") + $(ctr alerts_suppressed "$ns") )) -ge 12 ] && break
	sleep 0.1
done
sent=$(ctr alerts_sent "$ns") suppressed=$(ctr alerts_suppressed "$ns")
assert_eq "every crossing sent or suppressed" $((sent + suppressed)) 12
[ "$suppressed" -gt 0 ] || fail "nothing suppressed: $sent sent"
echo "ok: $((sent - 2)) sent, $suppressed suppressed"
await_alerts "$sent"
# The next alert, in a later second, reports what was held back.
in_ns "$ns" $TCP refused 127.0.0.1 7400 10
await "$ns" alerts_sent $((sent + 1))
await_alerts $((sent + 1))
assert_eq "suppressed reported" "$(grep _ "$ALERTS" | sed 's/.*suppressed=//' | paste -sd+ | bc)" "$suppressed"
assert_eq "last alert" "$(grep _ "$ALERTS" | tail -n1 | cut -d' ' -f1-4)" "dest_open_fail 127.0.0.1 127.0.0.1 7400"
assert_eq "no other kind" "$(grep _ "$ALERTS" | grep -vc '^dest_open_fail ')" 0

log "RSTs from a peer"
run in_ns "$ns" $GENL config alert_dest_open_fail=0 alert_peer_rst=5 alert_max_per_sec=10 > /dev/null
before=$(ctr alerts_sent "$ns")
in_ns "$ns" $TCP refused ::1 7600 10
await "$ns" alerts_sent $((before + 1))
await_alerts $((sent + 2))
assert_eq "peer alert" "$(grep _ "$ALERTS" | tail -n1 | cut -d' ' -f1-2)" "peer_rst ::1"
# Every alert above went out while nobody's listener was joined, seconds
# ago: the same broadcasts reached root's listener.
[ -z "${NOBODY_ALERTS:-}" ] ||
	assert_eq "alerts to nobody" "$(grep -c _ "$NOBODY_ALERTS")" 0
