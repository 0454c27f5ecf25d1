#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unload and load the module, again and again, while everything that can
# touch it runs:
#
#   [ storm: refused connects, IPv4 and IPv6, without pause; in turn:
#            GET and dumps (CLI, netlink), reset, config changes, an
#            events listener, /proc readers ]
#   [ churn-*: namespaces made, given traffic and deleted ]
#   [ burst: nothing but the known burst of each cycle ]
#
# After each load, a burst of 5 refused connects over IPv4 and 3 over
# IPv6 in its own namespace must count exactly.  TRS_STRESS_CYCLES cycles
# (make check runs 20, make stress 1000).  The kernel's checkers,
# panic_on_warn and run.sh's log check judge what happens meanwhile: a use
# after free, a hook or probe left behind, a lock held across unload, a
# soft lockup.
#
# tests/vm/control/trs_hold.ko ($TRS_HOLD_KO) stays loaded meanwhile: it
# holds netfilter's static keys, the tracepoints' keys and static calls and
# the kprobe sites the module uses, so that loading and unloading patches
# no kernel text.  Under tcg, a CPU on a jump label while another patches
# it can spin for good, with the module's hooks or with hooks that do
# nothing (Documentation/testing.rst, "The soft lockup at unload").
# TRS_STRESS_KEYS=0 leaves the sites to the module, to reproduce that.
. "$(dirname "$0")/../lib.sh"
require_module
require_tracepoints
CYCLES=${TRS_STRESS_CYCLES:-20}
CLI=$TOP/tools/tcpresetstat
HOLD_KO=${TRS_HOLD_KO:-$TOP/tests/vm/control/trs_hold.ko}
# The storm stops before trs_hold goes: its processes would otherwise
# outlive the test and run through the sites trs_hold's unload patches.
# (A failure before they are defined has no storm or modsys.py to stop.)
trap 'declare -F stop_storm > /dev/null && stop_storm; stop_burst; declare -F stop_modsys > /dev/null && stop_modsys; cleanup_ns; [ -e /proc/tcpresetstat ] || insmod "$KO"; rmmod trs_hold 2> /dev/null' EXIT
stop_burst() {
	[ -z "${BURST_PID:-}" ] || { kill "$BURST_PID"; wait "$BURST_PID"; } 2> /dev/null || true
	BURST_PID=
}
if [ "${TRS_STRESS_KEYS:-1}" = 1 ]; then
	[ -f "$HOLD_KO" ] || fail "$HOLD_KO not built (make control)"
	insmod "$HOLD_KO" || fail "insmod $HOLD_KO failed"
	dmesg | grep "trs_hold: " | tail -n 4
	dmesg | grep -q "trs_hold: holding 6 hooks, [1-9] tracepoints, 3 kprobes" ||
		fail "trs_hold did not say what it holds"
	# The module's kretprobes join the ones held (an aggregate probe):
	# each function has two probes and was armed once.
	list=/sys/kernel/debug/kprobes/list
	if [ -r "$list" ]; then
		for f in tcp_conn_request tcp_check_req reqsk_timer_handler; do
			assert_eq "probes on $f" "$(awk -v s="$f+0x0" '$3 == s' "$list" | wc -l)" 2
		done
	fi
fi
new_ns storm
new_ns burst
stop=$(mktemp -u)

# loop_bg CMD...: CMD again and again, its failures (the module is away
# half of the time) ignored, until $stop exists.  Each loop is a process
# group of its own (job control), so that stop_storm ends the command in
# flight too.  At nice 19: the storm keeps every CPU busy, and a process
# started at the same priority (rmmod, insmod, the burst's) took seconds
# to get going on the debug kernel; this way the cycle's own steps run when
# they can, and the storm on every other CPU and whenever they wait.
loop_bg() {
	set -m
	( renice -n 19 -p $BASHPID > /dev/null
	  while [ ! -e "$stop" ]; do "$@" > /dev/null 2>&1 || true; done ) &
	set +m
	BG_PIDS+=($!)
}
stop_storm() {
	local pid
	touch "$stop"
	for pid in "${BG_PIDS[@]}"; do kill -- -"$pid" 2> /dev/null || true; done
	wait "${BG_PIDS[@]}" 2> /dev/null || true
	BG_PIDS=()
}
churn() {
	local n=trs-churn-$$
	ip netns add "$n" && ip -n "$n" link set lo up &&
		ip netns exec "$n" $TCP refused 127.0.0.1 7500 3
	ip netns del "$n"
}
# Everything that asks the module something, in turn: one process's worth
# of CPU, so that the cycles still come round on two vCPUs.
control() {
	"$CLI" -n "$storm" --json
	"$CLI" -n "$storm" peers
	in_ns "$storm" python3 -S "$VMDIR/genl.py" dump destinations
	"$CLI" -n "$storm" reset ports
	"$CLI" -n "$storm" config ports_max=16 alert_port_open_fail=1
	"$CLI" -n "$storm" events -t 1
	"$CLI" -n "$storm" config ports_max=4096 sample_interval_ms=100
	cat /proc/tcpresetstat
	in_ns "$storm" cat /proc/net/tcpresetstat
}
# The cycles load and unload through one process, tests/vm/modsys.py,
# with finit_module(2) and delete_module(2) as insmod and rmmod make them:
# on the debug kernel under the storm, starting rmmod or insmod took
# longer than the unload or load itself.  modsys REQUEST: its answer in
# $MOD_OUT, "ok" or "error ERRNO ..." (bounded, 60 s).  Not in $(...):
# that forks.
modfifo=$(mktemp -d)
mkfifo "$modfifo/in" "$modfifo/out"
python3 -S "$VMDIR/modsys.py" < "$modfifo/in" > "$modfifo/out" &
MOD_PID=$!
exec {MOD_W}> "$modfifo/in" {MOD_R}< "$modfifo/out"
modsys() {
	local out
	MOD_OUT="(no answer from modsys.py)"
	echo "$*" >&"$MOD_W" && read -r -t 60 -u "$MOD_R" out || return 1
	MOD_OUT=$out
	[ "$out" = ok ]
}
stop_modsys() {
	[ -z "${MOD_PID:-}" ] || { exec {MOD_W}>&-; wait "$MOD_PID"; } 2> /dev/null || true
	MOD_PID=
	rm -rf "$modfifo"
}
# unload, again while the module is in use.  Netlink holds a reference on
# the module for each dump in flight (the storm's dumps): delete_module
# fails with EAGAIN until the dump ends, as for any module with a netlink
# family (rmmod says "in use").  Bounded (10 s): a reference that is
# never put fails the test.
BUSY=0
# nap: 0.1 s, without starting sleep(1): a read that times out on a pipe
# nobody writes to.
exec {NAP}<> <(:)
nap() { read -r -t 0.1 -u "$NAP" _ || true; }
unload() {
	local n
	for ((n = 0; n < 100; n++)); do
		modsys unload tcpresetstat && return 0
		case $MOD_OUT in
		"error EAGAIN "*) BUSY=$((BUSY + 1)); nap ;;
		*) break ;;
		esac
	done
	echo "$MOD_OUT"
	return 1
}
# The storm's traffic never stops: one process each, looping for long.
loop_bg in_ns "$storm" $TCP refused 127.0.0.1 7400 100000000
loop_bg in_ns "$storm" $TCP refused ::1 7401 100000000
loop_bg churn
loop_bg control

# The burst, 5 refused connects over IPv4 and 3 over IPv6, and the read
# of its counters, each cycle: burst_counts prints them ($TRS_NAMES, read
# as lib.sh's get does) once rst_out reaches 8 (polled, 5 s at most), then
# "end".  One shell in the burst's namespace runs it for every cycle, on
# a line from the test (burst_shell): on the debug kernel under the
# storm, each process started costs about a second, and starting ip netns
# exec and a shell each cycle cost more than the burst.  One awk per read.
BURST_NAMES=$(printf '%s\n' rst_out rst_in rst_out_refused open_fail_active_refused \
	ports/7211/rst_out_refused peers/127.0.0.1/rst_in peers/::1/rst_in)
BURST_WANT=$(printf '%s\n' 8 8 8 8 8 5 3)
burst_counts() {
	local a i v
	for a in 127.0.0.1 127.0.0.1 127.0.0.1 127.0.0.1 127.0.0.1 ::1 ::1 ::1; do
		{ : < "/dev/tcp/$a/7211"; } 2> /dev/null && { echo "a connect to $a port 7211 succeeded"; return 1; }
	done
	for ((i = 0; i < 50; i++)); do
		v=$(awk "$VALUES_AWK" /proc/tcpresetstat /proc/net/snmp /proc/net/netstat) || return 1
		[ "${v%%$'\n'*}" = 8 ] && break
		nap
	done
	echo "$v"
}
burst_shell() {
	exec {NAP}<> <(:)
	while read -r _; do burst_counts; echo end; done
}
coproc BURST { TRS_NAMES=$BURST_NAMES VALUES_AWK=$VALUES_AWK exec ip netns exec "$burst" \
	bash -c "$(declare -f nap burst_counts burst_shell); burst_shell"; }
# burst: one burst through that shell, what it printed in $BURST_OUT
# (bounded, 60 s).  Not in $(...): that forks.
burst() {
	local line
	BURST_OUT=
	echo go >&"${BURST[1]}" || return 1
	while IFS= read -r -t 60 -u "${BURST[0]}" line; do
		[ "$line" = end ] && { BURST_OUT=${BURST_OUT%$'\n'}; return 0; }
		BURST_OUT+=$line$'\n'
	done
	BURST_OUT+="(no end from the burst's shell)"
	return 1
}
# took STEP T0: STEP (unload, load, burst) took the ms from T0 (an
# $EPOCHREALTIME) to now: their sums and maxima over the cycles, logged
# every tenth cycle and at the end.
declare -A SUM=() MAX=()
took() {
	local t0=${2//[.,]/} ms
	ms=$(((${EPOCHREALTIME//[.,]/} - t0) / 1000))
	SUM[$1]=$((${SUM[$1]:-0} + ms))
	[ "$ms" -le "${MAX[$1]:-0}" ] || MAX[$1]=$ms
}
times() {
	local k out=
	for k in unload load burst; do
		out+=" $k mean $((SUM[$k] / $1)) max ${MAX[$k]} ms;"
	done
	echo "${out%;}"
}

for i in $(seq "$CYCLES"); do
	# An unload waits for no one: a /proc reader, a request or an events
	# listener must not make it fail or hang; a dump may delay it.
	t=$EPOCHREALTIME
	unload || fail "cycle $i: unload failed"
	took unload "$t"
	[ ! -e /proc/tcpresetstat ] || fail "cycle $i: /proc/tcpresetstat left after the unload"
	# Every fifth load with module parameters, as a vendor's modprobe.d.
	t=$EPOCHREALTIME
	if [ $((i % 5)) = 0 ]; then
		modsys load "$KO" ports_max=64 sample_interval_ms=200 ||
			fail "cycle $i: load with parameters failed: $MOD_OUT"
	else
		modsys load "$KO" || fail "cycle $i: load failed: $MOD_OUT"
	fi
	took load "$t"
	t=$EPOCHREALTIME
	burst || true
	assert_eq "cycle $i: burst" "$BURST_OUT" "$BURST_WANT"
	took burst "$t"
	[ $((i % 10)) != 0 ] || log "cycle $i of $CYCLES:$(times "$i")"
done
stop_storm
stop_burst
stop_modsys
! pgrep -f "refused 127.0.0.1 7400" > /dev/null || fail "the storm outlived stop_storm"
echo "ok: $CYCLES cycles, each burst exact (an unload met a dump in flight $BUSY times)"
log "$CYCLES cycles:$(times "$CYCLES")"
# The tests after this one expect the module as tests.sh loaded it: no
# parameters (the last load may have had some).
run rmmod tcpresetstat
run insmod "$KO"
assert_eq "ports_max, as the parameter's default" "$(in_ns "$burst" python3 -S "$VMDIR/genl.py" config |
	awk '$1 == "ports_max" { print $2 }')" 256
