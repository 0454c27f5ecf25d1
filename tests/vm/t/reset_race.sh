#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Table resets while other CPUs count into the rows they remove.
#
# Each CPU remembers the last row it found in each table, its hint
# (kmod/table.h), valid while the table's count of removals has not moved.
# A reset walks the buckets in order, unlinking rows as it finds them: a
# CPU that reads the count after the walk has started, then finds a row
# the walk has not reached yet, must not keep a hint that the count still
# validates once that row is freed.
#
# The race is set up in the destinations table, whose rows a refused
# connect's events all resolve to the same key (so a hint stays until a
# removal invalidates it), made large so that a walk takes long:
#   - a first connect to each of a few ports makes their rows; a dump
#     shows the walk's order (the buckets');
#   - CPU 0 resets the table, TRS_STRESS_RESETS times, 0.5 s apart (longer
#     than a grace period), while a storm of refused connects on it keeps
#     the first row of that order alive: each walk starts with it;
#   - a storm on every other CPU keeps the last row of that order alive:
#     its first event after a walk started looks that row up while the
#     walk still has to reach it.
# A hint left on the freed row is used in the pause: the debug kernel's
# KASAN reports it at once (make check runs this test there; the bug this
# was written for failed it in each of 3 runs of 20 resets).  Then,
# with no reset any more, a refused connect to each port from each CPU
# must land in its row exactly: on a kernel without KASAN, a hint the
# last reset left on a freed row would lose such a count.
. "$(dirname "$0")/../lib.sh"
require_module
RESETS=${TRS_STRESS_RESETS:-20}
PORT=7300 PORTS=8
ncpu=$(nproc)
[ "$ncpu" -ge 2 ] || skip "needs 2 CPUs"
new_ns race
storms=()
# Each storm is a process group of its own (job control), so that killing
# it ends the connect in flight too.
stop_storms() {
	local pid
	for pid in "${storms[@]}"; do kill -- -"$pid" 2> /dev/null || true; done
	wait "${storms[@]}" 2> /dev/null || true
	storms=()
}
trap 'stop_storms; cleanup_ns' EXIT
# connects CPU PORT...: one refused connect to each PORT, from a subshell
# pinned to CPU (what it starts inherits that).
connects() {
	local cpu=$1; shift
	(
		taskset -pc "$cpu" $BASHPID > /dev/null
		refuse "$race" 127.0.0.1 "$*" 1
	) || exit 1
}

run in_ns "$race" python3 -S "$VMDIR/genl.py" config destinations_max=1048576 > /dev/null
connects 0 $(seq $PORT $((PORT + PORTS - 1)))
order=($(in_ns "$race" python3 -S "$VMDIR/genl.py" dump destinations |
	awk -v lo=$PORT -v hi=$((PORT + PORTS)) '$3 >= lo && $3 < hi { print $3 }'))
assert_eq "rows made" "${#order[@]}" $PORTS
first=${order[0]} last=${order[-1]}
log "walk order ${order[*]}: CPU 0 storms $first, the others $last"

snap "$race" rst_out_refused
set -m
in_ns "$race" taskset -c 0 $TCP refused 127.0.0.1 "$first" 100000000 &
storms+=($!)
for cpu in $(seq 1 $((ncpu - 1))); do
	in_ns "$race" taskset -c "$cpu" $TCP refused 127.0.0.1 "$last" 100000000 &
	storms+=($!)
done
set +m
# The resets start once the storms count.
for i in $(seq 100); do
	[ "$(delta "$race" rst_out_refused)" -ge $((20 * ncpu)) ] && break
	sleep 0.1
done
[ "$(delta "$race" rst_out_refused)" -ge $((20 * ncpu)) ] || fail "the storms did not start"
run in_ns "$race" taskset -c 0 python3 -S "$VMDIR/genl.py" reset destinations "$RESETS" 0.5
# They must still have been running at the last reset.
for pid in "${storms[@]}"; do
	kill -0 "$pid" 2> /dev/null || fail "a storm ended before the resets did"
done
stop_storms
log "$RESETS resets under $ncpu storms"

# NAME WANT pairs: each CPU's connects count once in each of their rows'
# columns.
checks=(rst_out_refused $((2 * ncpu)))
for p in "$first" "$last"; do
	checks+=("destinations/127.0.0.1 127.0.0.1 $p/open_fail_active_refused" "$ncpu"
		 "destinations/127.0.0.1 127.0.0.1 $p/rst_in_refused" "$ncpu")
done
keys=()
for ((i = 0; i < ${#checks[@]}; i += 2)); do keys+=("${checks[i]}"); done
snap "$race" "${keys[@]}"
for cpu in $(seq 0 $((ncpu - 1))); do connects "$cpu" "$first" "$last"; done
assert_deltas "$race" "${checks[@]}"
