#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The CLI over generic netlink, against the CLI over /proc, in a namespace
# with traffic:
#
#   [ ns: client -> lo -> closed port 7211; server :7300 aborting ]
#
#   [ ns2 (tcpresetstat -n ns2): client -> lo -> TIME_WAIT toward :7600,
#     closed ports 7211, 7700..7801, server :7300 aborting ]
#
# "tcpresetstat -j" reads the family; with TCPRESETSTAT_PROC it parses
# /proc instead: both must give the same JSON (the sampler's own counters
# aside).  An unprivileged user gets totals and ports, no peers or
# destinations, and exit 0, but exit 4 from reset, config and events.
# Every subcommand then runs through -n against traffic of known size:
# timewait, the tables with --sort/--top, --prometheus (and promtool when
# the host has it), watch (rates times the time measured add up to the
# connects made meanwhile), config (read, set, refused), events (one alert
# for a burst of refused connects).  With the module unloaded the CLI
# exits 3.
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
CLI=$TOP/tools/tcpresetstat
new_ns ns
in_ns "$ns" $TCP refused 127.0.0.1 7211 4
in_ns "$ns" $TCP abort 127.0.0.1 7300 2

# The JSON without the sampler's counters, keys sorted.
norm() { python3 -S -c '
import json, sys
d = json.load(sys.stdin)
d["totals"] = {k: v for k, v in d["totals"].items() if not k.startswith("sampler_")}
for t in ("ports", "peers", "destinations"):
    d[t] = sorted(d[t], key=lambda r: json.dumps(r, sort_keys=True))
print(json.dumps(d, sort_keys=True))'; }
norm_table() { python3 -S -c '
import json, sys
print(json.dumps(sorted(json.load(sys.stdin)[sys.argv[1]], key=lambda r: json.dumps(r, sort_keys=True)), sort_keys=True))' "$1"; }
assert_same "netlink JSON = /proc JSON" 'in_ns "$ns" "$CLI" -j | norm' \
	'in_ns "$ns" env TCPRESETSTAT_PROC=/proc/tcpresetstat "$CLI" -j | norm'
via_nl=$(in_ns "$ns" "$CLI" -j | norm)
assert_eq "rst_out_refused over netlink" "$(python3 -S -c 'import json,sys; print(json.loads(sys.argv[1])["totals"]["rst_out_refused"])' "$via_nl")" 4

nobody=$(in_ns "$ns" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$CLI" -j) ||
	fail "unprivileged show failed: $nobody"
assert_eq "nobody: peers and destinations" \
	"$(python3 -S -c 'import json,sys; d=json.loads(sys.argv[1]); print(len(d["peers"]), len(d["destinations"]), len(d["ports"]) > 1)' "$nobody")" "0 0 True"

# Per-table subcommands and reset, over netlink.
assert_same "ports subcommand" 'in_ns "$ns" "$CLI" -j ports | norm_table ports' \
	'in_ns "$ns" "$CLI" -j | norm_table ports' 
set +e
out=$(in_ns "$ns" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$CLI" reset 2>&1); rc=$?
set -e
assert_eq "nobody: reset exit status" "$rc" 4
assert_eq "nobody: reset message" "$out" "Error: reset: Operation not permitted"
run in_ns "$ns" "$CLI" reset peers
assert_eq "peers after reset peers" "$(rows peers "$ns")" 1
assert_eq "totals kept" "$(ctr rst_out_refused "$ns")" 4
run in_ns "$ns" "$CLI" reset
assert_eq "totals after reset" "$(ctr rst_out_refused "$ns")" 0

# What follows runs in ns2 through -n, and reads JSON with python.
new_ns ns2
trs() { "$CLI" -n "$ns2" "$@"; }
# capture CMD...: CMD's output (stdout and stderr) in OUT, its status in RC.
capture() { echo "+ $*"; set +e; OUT=$("$@" 2>&1); RC=$?; set -e; }
# py EXPR: EXPR of the JSON object d read from stdin.
py() { python3 -S -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
# await_file FILE: FILE is no longer empty (bounded, 10 s).
await_file() {
	local i
	for i in $(seq 100); do [ -s "$1" ] && return 0; sleep 0.1; done
	fail "nothing written to $1"
}
# await_joined NS PID: a netlink socket of PID (libnl's port: PID in the
# low 22 bits) in NS has joined a multicast group (bounded, 5 s).
await_joined() {
	local i
	for i in $(seq 50); do
		in_ns "$1" awk -v pid="$2" '$2 == 16 && $3 % 4194304 == pid && $4 != "00000000" { ok = 1 }
			END { exit !ok }' /proc/net/netlink && return 0
		sleep 0.1
	done
	fail "process $2 joined no group: $(in_ns "$1" cat /proc/net/netlink)"
}

log "-n: the namespace's counters, as ip netns exec gives them"
assert_same "-n = ip netns exec" '"$CLI" -n "$ns2" -j | norm' 'in_ns "$ns2" "$CLI" -j | norm'
capture "$CLI" -n trs-no-such-ns
assert_eq "-n missing: exit" "$RC" 1
assert_eq "-n missing: message" "$OUT" \
	"Error: netns trs-no-such-ns: No such file or directory (ip netns list shows the names)"

log "timewait: 5 connections closed by the client"
in_ns "$ns2" $TCP time_wait 127.0.0.1 7600 5
await "$ns2" tw_total 5
await "$ns2" "destinations/127.0.0.1 127.0.0.1 7600/tw" 5
eph=$(ctr ephemeral_ports "$ns2")
pct=$(python3 -S -c "print(('%.2f' % (500 / $eph)).rstrip('0').rstrip('.'))")
tw=$(trs -j timewait)
assert_eq "timewait pressure" "$(py 'd["pressure"]["tw_total"], d["pressure"]["tw_ephemeral"], d["tw_ephemeral_pct"]' <<<"$tw")" "5 5 $pct"
assert_eq "timewait first row" "$(py '[d["destinations"][0][k] for k in ("addr", "remote_port", "tw", "estab", "eaddrnotavail")]' <<<"$tw")" "['127.0.0.1', 7600, 5, 0, 0]"
assert_eq "timewait line" "$(trs timewait | grep 'ephemeral ports in TIME_WAIT')" \
	"$pct% of ephemeral ports in TIME_WAIT (5 of $eph)"

log "tables, --sort, --top and Prometheus: 4 refused connects, 2 aborts"
in_ns "$ns2" $TCP refused 127.0.0.1 7211 4
in_ns "$ns2" $TCP abort 127.0.0.1 7300 2
assert_eq "ports by rst_out, top 1" "$(trs ports --sort rst_out --top 1 | awk 'NR > 2 { print $1 }')" \
	"7211
..."
assert_eq "destinations row" "$(trs -j destinations | py '[(r["open_fail_active_refused"], r["rst_in_refused"]) for r in d["destinations"] if r["remote_port"] == 7211]')" "[(4, 4)]"
assert_eq "peers row = /proc" "$(trs -j peers | py '[r["rst_in"] for r in d["peers"] if r["addr"] == "127.0.0.1"][0]')" \
	"$(cell peers 127.0.0.1 rst_in "$ns2")"
prom=$(trs --prometheus --tables all)
for want in "tcpresetstat_rst_out_refused_total{netns=\"$ns2\"} 4" \
	    "tcpresetstat_ports_rst_out_total{netns=\"$ns2\",port=\"7211\"} 4" \
	    "tcpresetstat_destinations_tw{netns=\"$ns2\",local_addr=\"127.0.0.1\",addr=\"127.0.0.1\",remote_port=\"7600\"} 5"; do
	grep -qxF "$want" <<<"$prom" || fail "no \"$want\" in --prometheus"
	echo "ok: $want"
done
assert_eq "--prometheus, by default: no series with addresses" \
	"$(trs --prometheus | grep -cE '^tcpresetstat_(peers|destinations|forwarded)_')" 0

log "serve: /metrics from the module, over HTTP, the namespace's label on every sample"
sdir=$(mktemp -d)
# Not through trs(): a function in the background is a subshell, whose pid
# $! would be; the signal must reach serve itself.
"$CLI" -n "$ns2" serve -l 127.0.0.1:9917 --tables all 2> "$sdir/err" &
serve_pid=$!
BG_PIDS+=("$serve_pid")	# killed at exit if the test fails before
scrape() {
	python3 -S - "$@" <<'PY'
import sys, urllib.request
try:
    with urllib.request.urlopen("http://127.0.0.1:9917/metrics", timeout=5) as r:
        sys.stdout.write(r.read().decode())
except OSError:
    sys.exit(1)
PY
}
i=0
until scrape > "$sdir/scrape" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "serve never answered"; sleep 0.1
done
for want in "tcpresetstat_rst_out_refused_total{netns=\"$ns2\"} 4" \
	    "tcpresetstat_ports_rst_out_total{netns=\"$ns2\",port=\"7211\"} 4" \
	    "tcpresetstat_destinations_tw{netns=\"$ns2\",local_addr=\"127.0.0.1\",addr=\"127.0.0.1\",remote_port=\"7600\"} 5"; do
	grep -qxF "$want" "$sdir/scrape" || fail "no \"$want\" in /metrics"
	echo "ok: /metrics: $want"
done
grep -q "^tcpresetstat_build_info{netns=\"$ns2\",version=\"" "$sdir/scrape" ||
	fail "no build_info in /metrics"
if command -v promtool > /dev/null; then
	promtool check metrics < "$sdir/scrape" || fail "promtool rejects /metrics"
	echo "ok: promtool check metrics /metrics"
fi
kill -TERM "$serve_pid"
rc=0
wait "$serve_pid" || rc=$?
assert_eq "serve: exit status on SIGTERM" "$rc" 0
if scrape > /dev/null 2>&1; then fail "something still answers on 127.0.0.1:9917"; fi
assert_eq "serve: its stderr" "$(cat "$sdir/err")" "tcpresetstat: serving /metrics on 127.0.0.1:9917"
if command -v promtool > /dev/null; then
	promtool check metrics <<<"$prom" || fail "promtool rejects --prometheus"
	echo "ok: promtool check metrics"
else
	log "no promtool on the host (Debian package prometheus): not checked"
fi

log "watch: rates times the time measured add up to the connects made meanwhile"
out=$(mktemp)
# watch_counts FILE: from text blocks, the rst_out_refused count (rate
# times the interval measured, summed); from JSON lines, the total, port
# 7801 and destination 7801 counts.
watch_counts() {
	if [ "$(head -c1 "$1")" = "{" ]; then
		python3 -S -c '
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
def count(rows, key, col):
    return sum(round(r[col] * o["elapsed"]) for o in objs for r in rows(o) if key(r))
print(count(lambda o: [o["rates"]["totals"]], lambda r: True, "rst_out_refused"),
      count(lambda o: o["rates"]["ports"], lambda r: r["port"] == 7801, "rst_out_refused"),
      count(lambda o: o["rates"]["destinations"], lambda r: r["remote_port"] == 7801,
            "open_fail_active_refused"))' "$1" 2>/dev/null
	else
		awk '/ per second over / { t = $5 } $1 == "rst_out_refused" { n += $2 * t }
			END { printf "%.0f\n", n }' "$1"
	fi
}
# watch_traffic WANT PORT COUNT CLI-ARGS...: watch runs (no count) while
# COUNT connects are refused by PORT, until its blocks add up to WANT
# (bounded, 30 s: a block is written after each interval), then stops on
# SIGTERM with status 0.  No race with a fixed number of intervals.
watch_traffic() {
	local want=$1 port=$2 n=$3 pid i; shift 3
	"$CLI" -n "$ns2" "$@" > "$out" 2>&1 &
	pid=$!
	BG_PIDS+=($pid)
	await_file "$out"
	in_ns "$ns2" $TCP refused 127.0.0.1 "$port" "$n"
	for i in $(seq 300); do
		[ "$(watch_counts "$out")" = "$want" ] && break
		sleep 0.1
	done
	kill -TERM "$pid"
	wait "$pid" || fail "$* failed: $(cat "$out")"
}
watch_traffic 3 7800 3 watch -i 1
assert_eq "watch: rst_out_refused" "$(watch_counts "$out")" 3
watch_traffic "4 4 4" 7801 4 -j watch -i 1
assert_eq "watch -j: total, port and destination counts" "$(watch_counts "$out")" "4 4 4"
"$CLI" -n "$ns2" watch -i 0.1 -c 6 > "$out" || fail "watch -c failed: $(cat "$out")"
assert_eq "watch blocks" "$(grep -c ' per second over ' "$out")" 6
"$CLI" -n "$ns2" -j watch -i 0.1 -c 6 > "$out" || fail "watch -j -c failed: $(cat "$out")"
assert_eq "watch -j: objects" "$(python3 -S -c '
import json, sys
print(sum(1 for l in open(sys.argv[1]) if "rates" in json.loads(l)))' "$out")" 6

log "config: read, set, a refused value changes nothing"
assert_eq "settings" "$(trs config | awk '{ printf "%s %s ", $1, $2 }')" \
	"ports_max 256 peers_max 256 destinations_max 256 idle_timeout 600 sample_interval_ms 1000 pressure_top 16 exhaustion_pct 80 alert_port_open_fail 0 alert_dest_open_fail 0 alert_peer_rst 0 alert_max_per_sec 10 forwarded_max 256 forwarded_pending 1024 "
assert_eq "settings -j" "$(trs -j config | py 'len(d["config"]), d["config"]["exhaustion_pct"]')" "13 80"
capture trs config ports_max=10 exhaustion_pct=0
assert_eq "refused: exit" "$RC" 2
assert_eq "refused: message" "$OUT" "Error: config: exhaustion_pct: percent, 1 to 100"
assert_eq "refused: ports_max kept" "$(trs config | awk '$1 == "ports_max" { print $2 }')" 256
capture trs config ports_max=ten
assert_eq "malformed: exit" "$RC" 2
assert_eq "malformed: message" "$OUT" \
	"Error: ports_max=ten: the value is not a decimal from 0 to 4294967295; see: tcpresetstat help"
assert_eq "set" "$(trs config alert_dest_open_fail=5 | awk '$1 == "alert_dest_open_fail" { print $2 }')" 5
assert_eq "set, read again" "$(trs -j config | py 'd["config"]["alert_dest_open_fail"]')" 5

log "events: one alert for 10 refused connects in a burst (threshold 5/s)"
for run in "-j 7700" "text 7701"; do
	fmt=${run% *} port=${run#* }
	out=$(mktemp)
	# Bounded by -t: an alert that never comes fails below, not by hanging.
	if [ "$fmt" = -j ]; then
		"$CLI" -n "$ns2" -j events -c 1 -t 60 > "$out" 2>&1 &
	else
		"$CLI" -n "$ns2" events -c 1 -t 60 > "$out" 2>&1 &
	fi
	pid=$!
	BG_PIDS+=($pid)
	await_joined "$ns2" "$pid"
	in_ns "$ns2" $TCP refused 127.0.0.1 "$port" 10
	wait "$pid" || fail "events $fmt failed: $(cat "$out")"
	if [ "$fmt" = -j ]; then
		assert_eq "events -j" "$(python3 -S -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
a = json.loads(lines[0])
print(len(lines), a["kind"], a["local_addr"], a["addr"], a["remote_port"], a["value"] >= 5,
      a["threshold"], a["suppressed"])' "$out")" "1 dest_open_fail 127.0.0.1 127.0.0.1 $port True 5 0"
	else
		assert_eq "events" "$(sed -E 's/ value=([5-9]|10) / value=5..10 /; s/ window_ms=[0-9]+ / window_ms=N /' "$out")" \
			"dest_open_fail local_addr=127.0.0.1 addr=127.0.0.1 remote_port=$port value=5..10 threshold=5 window_ms=N suppressed=0"
	fi
done
capture trs events -t 0.5
assert_eq "events -t, no alert: exit" "$RC" 0
assert_eq "events -t, no alert: output" "$OUT" ""

log "nobody: config and events need CAP_NET_ADMIN"
nobody() { in_ns "$ns2" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$CLI" "$@"; }
capture nobody config
assert_eq "nobody: config exit" "$RC" 4
assert_eq "nobody: config message" "$OUT" "Error: config: Operation not permitted"
capture nobody events -t 1
assert_eq "nobody: events exit" "$RC" 4
assert_eq "nobody: events message" "$OUT" "Error: events: Operation not permitted"
capture setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$CLI" -n "$ns2"
assert_eq "nobody: -n exit" "$RC" 4

rmmod tcpresetstat
set +e
out=$("$CLI" 2>&1); rc=$?
set -e
insmod "$KO"
assert_eq "exit status without the module" "$rc" 3
case $out in *"is the module loaded"*) echo "ok: hint given" ;; *) fail "no hint: $out" ;; esac
