#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The CLI over generic netlink, against the CLI over /proc, in a namespace
# with traffic:
#
#   [ ns: client -> lo -> closed port 7211; server :7300 aborting ]
#
# "tcpresetstat -j" reads the family; with TCPRESETSTAT_PROC it parses
# /proc instead: both must give the same JSON (the sampler's own counters
# aside).  An unprivileged user gets totals and ports, no peers or
# destinations, and exit 0; with the module unloaded the CLI exits 3.
. "$(dirname "$0")/../lib.sh"
require_module
CLI=$TOP/tools/tcpresetstat
new_ns ns
in_ns "$ns" $TCP refused 127.0.0.1 7211 4
in_ns "$ns" $TCP abort 127.0.0.1 7300 2

# The JSON without the sampler's counters, keys sorted.
norm() { python3 -c '
import json, sys
d = json.load(sys.stdin)
d["totals"] = {k: v for k, v in d["totals"].items() if not k.startswith("sampler_")}
for t in ("ports", "peers", "destinations"):
    d[t] = sorted(d[t], key=lambda r: json.dumps(r, sort_keys=True))
print(json.dumps(d, sort_keys=True))'; }
norm_table() { python3 -c '
import json, sys
print(json.dumps(sorted(json.load(sys.stdin)[sys.argv[1]], key=lambda r: json.dumps(r, sort_keys=True)), sort_keys=True))' "$1"; }
assert_same "netlink JSON = /proc JSON" 'in_ns "$ns" "$CLI" -j | norm' \
	'in_ns "$ns" env TCPRESETSTAT_PROC=/proc/tcpresetstat "$CLI" -j | norm'
via_nl=$(in_ns "$ns" "$CLI" -j | norm)
assert_eq "rst_out_refused over netlink" "$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["totals"]["rst_out_refused"])' "$via_nl")" 4

nobody=$(in_ns "$ns" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$CLI" -j) ||
	fail "unprivileged show failed: $nobody"
assert_eq "nobody: peers and destinations" \
	"$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(len(d["peers"]), len(d["destinations"]), len(d["ports"]) > 1)' "$nobody")" "0 0 True"

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

rmmod tcpresetstat
set +e
out=$("$CLI" 2>&1); rc=$?
set -e
insmod "$TOP/kmod/tcpresetstat.ko"
assert_eq "exit status without the module" "$rc" 3
case $out in *"is the module loaded"*) echo "ok: hint given" ;; *) fail "no hint: $out" ;; esac
