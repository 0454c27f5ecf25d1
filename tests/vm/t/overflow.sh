#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# More peers than the peers table holds (default 256 rows), in a fresh
# namespace:
#
#   [ ns: client 127.0.0.1 -> lo -> closed port 7700 on 127.1.0.1 .. 127.1.1.44 ]
#
# 300 refusals from 300 distinct addresses.  The first RST out (to
# 127.0.0.1) takes one row, the first 255 senders take the others, and the
# remaining 45 land in "other": the table stops growing and its columns
# still sum exactly to the totals.
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
N=300
ROWS=$(cat /sys/module/tcpresetstat/parameters/peers_max)
assert_eq "peers_max" "$ROWS" 256
new_ns ns
run in_ns "$ns" $TCP peers 127.1 $N 7700
assert_eq "rst_in" "$(ctr rst_in "$ns")" $N
assert_eq "peers rows (with other)" "$(rows peers "$ns")" $((ROWS + 1))
assert_eq "first peer has its row" "$(cell peers 127.1.0.1 rst_in "$ns")" 1
assert_eq "last peer is in other" "$(cell peers 127.1.1.44 rst_in "$ns")" 0
assert_eq "other rst_in" "$(cell peers other rst_in "$ns")" $((N - (ROWS - 1)))
assert_eq "peers column rst_in" "$(column_sum peers rst_in "$ns")" $N
assert_sums "$ns"
