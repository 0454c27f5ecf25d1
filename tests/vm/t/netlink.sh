#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The generic netlink family against /proc, in a namespace with traffic,
# from a raw netlink client (tests/vm/genl.py):
#
#   [ ns: client -> lo -> closed port 7211; server :7300 aborting ]  [ other ]
#
# GET and every dump must say exactly what /proc says; filters select;
# bad requests fail with the right errno and message and change nothing;
# an unprivileged user sees totals and ports but not peers, destinations
# or reset; reset empties what it names; other namespaces see their own.
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
GENL="python3 -S $VMDIR/genl.py"
new_ns ns
new_ns other
in_ns "$ns" $TCP refused 127.0.0.1 7211 5
in_ns "$ns" $TCP refused ::1 7211 2
in_ns "$ns" $TCP abort 127.0.0.1 7300 3
# The abort server's listener is gone: let a sample zero its queue gauges,
# so that "nothing changed" below compares settled numbers.
await "$ns" ports/7300/listen_max 0

log "GET = /proc totals and pressure (the sampler's own counters aside)"
assert_same "GET = /proc" 'genl_vs_proc "$ns"' 'proc_flat "$ns" | grep -v "^sampler_"'
assert_eq "other ns: rst_in over netlink" "$(genl_vs_proc "$other" | awk '$1 == "rst_in" { print $2 }')" 0

log "dumps = /proc tables"
for t in ports peers destinations forwarded; do
	assert_same "dump $t = /proc" 'in_ns "$ns" $GENL dump $t | sort' 'proc_rows "$ns" $t'
done
assert_eq "dump ports port=7211" "$(in_ns "$ns" $GENL dump ports port=7211 | cut -d' ' -f1-7)" "7211 0 0 0 0 7 7"
assert_eq "dump peers in 127.0.0.0/8" "$(in_ns "$ns" $GENL dump peers addr=127.0.0.0 prefix=104 | cut -d' ' -f1-3)" "127.0.0.1 8 8"
assert_eq "dump peers ::1/128" "$(in_ns "$ns" $GENL dump peers addr=::1 | cut -d' ' -f1-3)" "::1 2 2"
assert_eq "dump with min=1000" "$(in_ns "$ns" $GENL dump ports min=1000)" ""
assert_eq "destinations with port=7300" "$(in_ns "$ns" $GENL dump destinations port=7300 | cut -d' ' -f1-3)" "127.0.0.1 127.0.0.1 7300"

log "bad requests fail and change nothing"
before=$(proc_flat "$ns" | grep -v '^sampler_'; proc_rows "$ns" ports)
expect_err() { # expect_err WHAT ERRNO MESSAGE CMD...
	local what=$1 errno=$2 msg=$3 out; shift 3
	out=$(in_ns "$ns" "$@") && fail "$what: succeeded: $out"
	assert_eq "$what" "$out" "error $errno $msg"
}
expect_err "peers by port" 22 "peers have no port" $GENL dump peers port=1
expect_err "ports by address" 22 "ports have no address" $GENL dump ports addr=127.0.0.1
expect_err "prefix without address" 22 "a prefix length needs an address" $GENL raw 3 05000c0008000000 dump
expect_err "unknown command" 95 "Operation not supported" $GENL raw 99 ""
expect_err "attribute GET does not take" 22 "Unsupported attribute" $GENL raw 1 0500060001000000
expect_err "filter port of 4 bytes" 22 "invalid attribute length" $GENL raw 2 08000a0001000000 dump
expect_err "address of 4 bytes" 34 "binary attribute size out of range" $GENL raw 3 08000b007f000001 dump
expect_err "prefix 129" 34 "integer out of range" $GENL raw 3 14000b0000000000000000000000ffff7f00000105000c0081000000 dump
expect_err "reset table 7" 34 "integer out of range" $GENL raw 5 0500040007000000
expect_err "attribute longer than the message" 22 "Invalid argument" $GENL raw 2 ff000a000100 dump
assert_eq "nothing changed" "$(proc_flat "$ns" | grep -v '^sampler_'; proc_rows "$ns" ports)" "$before"

log "an unprivileged user"
nobody() { in_ns "$ns" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }
assert_eq "nobody: GET" "$(nobody $GENL get | head -n1)" "t 0 $(ctr rst_in "$ns")"
assert_eq "nobody: ports" "$(nobody $GENL dump ports | sort)" "$(proc_rows "$ns" ports)"
assert_eq "nobody: peers" "$(nobody $GENL dump peers)" "error 1 Operation not permitted"
assert_eq "nobody: destinations" "$(nobody $GENL dump destinations)" "error 1 Operation not permitted"
assert_eq "nobody: reset" "$(nobody $GENL reset)" "error 1 Operation not permitted"
assert_eq "nothing changed" "$(proc_flat "$ns" | grep -v '^sampler_'; proc_rows "$ns" ports)" "$before"

log "reset"
run in_ns "$ns" $GENL reset ports
assert_eq "ports after reset ports" "$(proc_rows "$ns" ports)" "other 0 0 0 0 0 0 0 0 0 0 0 0 0 0"
assert_eq "totals kept" "$(ctr rst_in "$ns")" 10
assert_eq "peers kept" "$(rows peers "$ns")" 3
run in_ns "$ns" $GENL reset
assert_eq "rst_in after reset" "$(ctr rst_in "$ns")" 0
assert_eq "estab_reset after reset" "$(ctr estab_reset "$ns")" 0
assert_eq "peers after reset" "$(rows peers "$ns")" 1
in_ns "$ns" $TCP refused 127.0.0.1 7211 1
assert_eq "rst_out_refused counts again" "$(ctr rst_out_refused "$ns")" 1
assert_sums "$ns"
