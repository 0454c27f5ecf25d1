#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A dump far larger than one netlink message: the module reloaded with a
# 4096-row peers table, 3000 distinct peers (closed-port connects to
# 127.1.0.1 .. 127.1.11.184), then the peers dump must return every row
# once, uninterrupted (nothing changes meanwhile), equal to /proc.
. "$(dirname "$0")/../lib.sh"
require_module
GENL="python3 -S $VMDIR/genl.py"
N=3000
reload() { rmmod tcpresetstat && insmod "$KO" "$@"; }
trap 'cleanup_ns; reload' EXIT
run reload peers_max=4096
new_ns ns
run in_ns "$ns" $TCP peers 127.1 $N 7700
out=$(in_ns "$ns" $GENL dump peers)
assert_eq "rows (peers, 127.0.0.1, other)" "$(wc -l <<<"$out")" $((N + 2))
assert_eq "not interrupted" "$(grep -c interrupted <<<"$out")" 0
assert_eq "distinct rows" "$(sort -u <<<"$out" | wc -l)" $((N + 2))
assert_eq "rst_in summed" "$(awk '{ s += $2 } END { print s }' <<<"$out")" $N
assert_eq "= /proc" "$(sort <<<"$out")" "$(in_ns "$ns" awk '$1 == "table" { p = ($2 == "peers"); h = 1; next } p && h { h = 0; next } p' /proc/tcpresetstat | sort)"
