#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# --all-netns: every namespace at once, each with its own counts.
#
#   [ A (named): 3 connects refused by :7211 ]  [ B (named): 5 ]
#   [ an unnamed namespace, held by a process: 2 ]  [ the initial one ]
#
# The namespaces listed must be exactly those the test finds itself (ip
# netns list, readlink of every /proc/PID/ns/net), the initial one first,
# labelled by name or "net:[INODE]"; each one's counts exact in text, JSON
# and Prometheus (each metric's HELP once, promtool clean), and through
# serve --all-netns.  Not root: exit 4; with -n: exit 2; a namespace whose
# last process exited is no longer listed.
. "$(dirname "$0")/../lib.sh"
require_module
CLI=$TOP/tools/tcpresetstat

new_ns A
new_ns B
refuse "$A" 127.0.0.1 7211 3
refuse "$B" 127.0.0.1 7211 5
dir=$(mktemp -d)
# The unnamed one: its process refuses 2 connects, says so, and stays.
unshare -n bash -c 'ip link set lo up
	for i in 1 2; do { : < /dev/tcp/127.0.0.1/7211; } 2> /dev/null && exit 1; done
	echo ready; exec sleep 600' > "$dir/holder" 2>&1 &
holder=$!
BG_PIDS+=("$holder")
for i in $(seq 100); do grep -q ready "$dir/holder" && break; sleep 0.05; done
grep -q ready "$dir/holder" || fail "the unnamed namespace's process did not start: $(cat "$dir/holder")"
unnamed=$(readlink "/proc/$holder/ns/net")
own=$(readlink /proc/self/ns/net)

# What --all-netns must list, found independently: the names (one per
# namespace: the first in byte order), then every other namespace's
# "net:[INODE]", the initial one first.
expected() {
	local -A named=()
	local n l own_label=$own others=()
	for n in $(ip netns list | awk '{ print $1 }' | LC_ALL=C sort); do
		l=$(ip netns exec "$n" readlink /proc/self/ns/net)
		[ -n "${named[$l]:-}" ] || named[$l]=$n
	done
	[ -z "${named[$own]:-}" ] || own_label=${named[$own]}
	echo "$own_label"
	for n in $(ip netns list | awk '{ print $1 }' | LC_ALL=C sort); do
		l=$(ip netns exec "$n" readlink /proc/self/ns/net)
		[ "$l" != "$own" ] && [ "${named[$l]}" = "$n" ] && echo "$n"
	done
	for l in $(readlink /proc/[0-9]*/ns/net 2> /dev/null | LC_ALL=C sort -u); do
		[ "$l" = "$own" ] || [ -n "${named[$l]:-}" ] || others+=("${l//[^0-9]/}")
	done
	for n in $(printf '%s\n' "${others[@]}" | sort -n); do echo "net:[$n]"; done
}
want=$(expected)
own_label=$(head -1 <<<"$want")
# py EXPR [ARG...]: EXPR of the JSON object d read from stdin (ARGs in sys.argv[1:]).
py() { local e=$1; shift; python3 -S -c "import json, sys; d = json.load(sys.stdin); print($e)" "$@"; }

log "JSON: the namespaces, in order, each with its counts"
json=$("$CLI" --all-netns -j)
assert_eq "namespaces listed" "$(py '"\n".join(n["netns"] for n in d["namespaces"])' <<<"$json")" "$want"
assert_eq "the unnamed one's inode" \
	"$(py '[n["inode"] for n in d["namespaces"] if n["netns"] == sys.argv[1]]' "$unnamed" <<<"$json")" \
	"[${unnamed//[^0-9]/}]"
count() { # count LABEL: rst_out_refused of that namespace, from $json
	python3 -S -c 'import json, sys
d = json.loads(sys.argv[2])
print(*[n["totals"]["rst_out_refused"] for n in d["namespaces"] if n["netns"] == sys.argv[1]])' "$1" "$json"
}
assert_eq "A: rst_out_refused" "$(count "$A")" 3
assert_eq "B: rst_out_refused" "$(count "$B")" 5
assert_eq "unnamed: rst_out_refused" "$(count "$unnamed")" 2
assert_eq "initial: rst_out_refused = its /proc" "$(count "$own_label")" "$(ctr rst_out_refused "")"
assert_eq "B: port 7211 row" \
	"$(python3 -S -c 'import json, sys
d = json.loads(sys.argv[2])
print([r["rst_out_refused"] for n in d["namespaces"] if n["netns"] == sys.argv[1] for r in n["ports"] if r["port"] == 7211])' "$B" "$json")" "[5]"

log "text: each namespace under its own heading"
text=$("$CLI" --all-netns ports)
assert_eq "headings" "$(grep '^netns ' <<<"$text" | cut -d' ' -f2-)" "$want"
assert_eq "B's port 7211 line" \
	"$(awk -v h="netns $B" '$0 == h { on = 1; next } /^netns / { on = 0 }
		on && $1 == "port" { for (i = 1; i <= NF; i++) if ($i == "rst_out_refused") c = i }
		on && $1 == "7211" { print $c }' <<<"$text")" 5

log "Prometheus: each sample labelled, each metric's HELP once"
prom=$("$CLI" --all-netns --prometheus)
for w in "tcpresetstat_rst_out_refused_total{netns=\"$A\"} 3" \
	 "tcpresetstat_rst_out_refused_total{netns=\"$B\"} 5" \
	 "tcpresetstat_rst_out_refused_total{netns=\"$unnamed\"} 2" \
	 "tcpresetstat_ports_rst_out_refused_total{netns=\"$B\",port=\"7211\"} 5"; do
	grep -qxF "$w" <<<"$prom" || fail "no \"$w\" in --all-netns --prometheus"
	echo "ok: $w"
done
assert_eq "HELP lines of rst_out_refused" "$(grep -c '^# HELP tcpresetstat_rst_out_refused_total ' <<<"$prom")" 1
assert_eq "its samples: one per namespace" \
	"$(grep -c '^tcpresetstat_rst_out_refused_total{' <<<"$prom")" "$(wc -l <<<"$want")"
assert_eq "no metric's HELP twice" "$(grep '^# HELP ' <<<"$prom" | sort | uniq -d)" ""
if command -v promtool > /dev/null; then
	promtool check metrics <<<"$prom" || fail "promtool rejects --all-netns --prometheus"
	echo "ok: promtool check metrics"
fi

log "serve --all-netns"
"$CLI" serve --all-netns -l 127.0.0.1:9918 2> "$dir/err" &
serve_pid=$!
BG_PIDS+=("$serve_pid")
i=0
until python3 -S -c 'import sys, urllib.request
sys.stdout.write(urllib.request.urlopen("http://127.0.0.1:9918/metrics", timeout=5).read().decode())' \
	> "$dir/scrape" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "serve never answered"; sleep 0.1
done
for w in "tcpresetstat_rst_out_refused_total{netns=\"$A\"} 3" \
	 "tcpresetstat_ports_rst_out_refused_total{netns=\"$unnamed\",port=\"7211\"} 2"; do
	grep -qxF "$w" "$dir/scrape" || fail "no \"$w\" in /metrics"
	echo "ok: /metrics: $w"
done
kill -TERM "$serve_pid"
rc=0
wait "$serve_pid" || rc=$?
assert_eq "serve: exit status" "$rc" 0

log "bad use: not root, with -n"
set +e
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$CLI" --all-netns 2>&1); rc=$?
set -e
assert_eq "nobody: exit status" "$rc" 4
assert_eq "nobody: message" "$out" \
	"Error: --all-netns: Operation not permitted (entering namespaces needs CAP_SYS_ADMIN)"
set +e
out=$("$CLI" --all-netns -n "$A" 2>&1); rc=$?
set -e
assert_eq "with -n: exit status" "$rc" 2
assert_eq "with -n: message" "$out" "Error: --all-netns: cannot be combined with -n; see: tcpresetstat help"

log "a namespace whose last process exited is gone from the list"
kill "$holder"
wait "$holder" 2> /dev/null || true
want=$(expected)
assert_eq "namespaces listed" "$("$CLI" --all-netns -j | py '"\n".join(n["netns"] for n in d["namespaces"])')" "$want"
if grep -qxF "$unnamed" <<<"$want"; then fail "$unnamed still expected"; fi
echo "ok: $unnamed gone"
