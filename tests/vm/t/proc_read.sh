#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# How /proc/tcpresetstat reads, with tables bigger than a page:
#
#   [ a: client 127.0.0.1 -> lo -> closed port 7803 on 127.1.0.1 .. 127.1.1.44 ]
#   [ b: client 127.0.0.1 -> lo -> closed port 7802, 5 times ]
#
# - a file opened before its rows exist (its buffer is sized at open) still
#   reads every row: the peers and destinations tables fill (256 rows +
#   "other") while it is open;
# - reads of 1, 7, 4096 and 65536 bytes give the same text as one read;
# - a write is refused and changes nothing;
# - a process that reads, moves to another namespace and reads the same
#   path again sees the other namespace's file.
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
READ="python3 -S $VMDIR/procread.py"
N=300
ROWS=$(cat /sys/module/tcpresetstat/parameters/peers_max)
assert_eq "peers_max" "$ROWS" 256
assert_eq "destinations_max" "$(cat /sys/module/tcpresetstat/parameters/destinations_max)" 256
new_ns a
new_ns b
run in_ns "$b" $TCP refused 127.0.0.1 7802 5

# complete FILE: every table has as many row lines as its header says.
complete() {
	awk '$1 == "table" { if (t != "" && n != 0) bad = 1
			     t = $2; n = $3; hdr = 1; next }
	     t != "" && hdr { hdr = 0; next }
	     t != "" { n--; if (n < 0) bad = 1 }
	     END { if (t == "" || n != 0) bad = 1; print bad ? "no" : "yes" }' "$1"
}

out=$(mktemp)
log "open, then $N refusals from $N peers, then read"
in_ns "$a" $READ open_then $TCP peers 127.1 $N 7803 > "$out"
assert_eq "read after open: every table complete" "$(complete "$out")" yes
assert_eq "read after open: rst_in" "$(values_of rst_in < "$out")" $N
assert_eq "read after open: peers rows" "$(values_of rows:peers < "$out")" $((ROWS + 1))
assert_eq "read after open: destinations rows" "$(values_of rows:destinations < "$out")" 257
assert_eq "read after open: destinations open_fail_active_refused" \
	"$(values_of sum:destinations/open_fail_active_refused < "$out")" $N
size=$(wc -c < "$out")
[ "$size" -gt 16384 ] || fail "the file is only $size bytes: too small to test"
log "the file is $size bytes"

log "reads in chunks"
in_ns "$a" $READ chunks > "$out"
assert_eq "chunked reads: every table complete" "$(complete "$out")" yes
assert_eq "chunked reads: peers other rst_in" "$(values_of peers/other/rst_in < "$out")" \
	$((N - (ROWS - 1)))

log "a write"
before=$(in_ns "$a" grep -v '^sampler_' /proc/tcpresetstat)
if err=$(in_ns "$a" bash -c 'echo 0 > /proc/tcpresetstat' 2>&1); then
	fail "a write to /proc/tcpresetstat succeeded"
fi
case $err in
*"Permission denied"*) echo "ok: write refused: $err" ;;
*) fail "write: want Permission denied, got: $err" ;;
esac
assert_eq "nothing changed by the write" "$(in_ns "$a" grep -v '^sampler_' /proc/tcpresetstat)" "$before"

log "read, setns, read again"
in_ns "$a" $READ setns "$b" > "$out"
assert_eq "before setns: rst_in" "$(sed '/^--$/,$d' "$out" | values_of rst_in)" $N
assert_eq "after setns: rst_in" "$(sed '1,/^--$/d' "$out" | values_of rst_in)" 5
assert_eq "after setns: peers rows" "$(sed '1,/^--$/d' "$out" | values_of rows:peers)" 2
