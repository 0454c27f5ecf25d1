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
# (make stress runs 1000).  The kernel's checkers, panic_on_warn and
# run.sh's log check judge what happens meanwhile: a use after free, a hook
# or probe left behind, a lock held across unload, a soft lockup.
#
# A namespace of its own holds nf_tables base chains on the hooks the
# module uses, so that loading and unloading never turns netfilter's static
# keys on or off: under tcg, a CPU on such a jump label while another
# patches it can spin for good, with the module's hooks or with hooks that
# do nothing (Documentation/testing.rst, "The soft lockup at unload").
# TRS_STRESS_KEYS=0 leaves the keys to the module, to reproduce that.
# The tracepoints' keys and the kretprobes' int3s still flip: until those
# are held too, make check skips this test (TRS_STRESS_CYCLES unset).
. "$(dirname "$0")/../lib.sh"
require_module
[ -n "${TRS_STRESS_CYCLES:-}" ] ||
	skip "tcg's lockup on patched code (Documentation/testing.rst): make stress, or TRS_STRESS_CYCLES=N"
command -v nft > /dev/null || skip "nft not installed"
CYCLES=$TRS_STRESS_CYCLES
CLI=$TOP/tools/tcpresetstat
trap 'cleanup_ns; [ -e /proc/tcpresetstat ] || insmod "$KO"' EXIT
new_ns storm
new_ns burst
new_ns keys
if [ "${TRS_STRESS_KEYS:-1}" = 1 ]; then
	in_ns "$keys" nft -f - <<-'NFT' || skip "nf_tables not available"
	table inet keys {
		chain i { type filter hook input priority 0; }
		chain o { type filter hook output priority 0; }
		chain f { type filter hook forward priority 0; }
	}
	NFT
fi
stop=$(mktemp -u)

# loop_bg CMD...: CMD again and again, its failures (the module is away
# half of the time) ignored, until $stop exists.
loop_bg() {
	( while [ ! -e "$stop" ]; do "$@" > /dev/null 2>&1 || true; done ) &
	BG_PIDS+=($!)
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
	in_ns "$storm" python3 "$VMDIR/genl.py" dump destinations
	"$CLI" -n "$storm" reset ports
	"$CLI" -n "$storm" config ports_max=16 alert_port_open_fail=1
	"$CLI" -n "$storm" events -t 1
	"$CLI" -n "$storm" config ports_max=4096 sample_interval_ms=100
	cat /proc/tcpresetstat
	in_ns "$storm" cat /proc/net/tcpresetstat
}
# A refused connect without a process of its own: bash's /dev/tcp.
refuse() { # refuse HOST PORT COUNT
	local i
	for i in $(seq "$3"); do
		{ : < "/dev/tcp/$1/$2"; } 2> /dev/null && fail "connect to $1 port $2 succeeded"
	done
	return 0
}

# The storm's traffic never stops: one process each, looping for long.
loop_bg in_ns "$storm" $TCP refused 127.0.0.1 7400 100000000
loop_bg in_ns "$storm" $TCP refused ::1 7401 100000000
loop_bg churn
loop_bg control

for i in $(seq "$CYCLES"); do
	# rmmod waits for no one: a reader or a dump in flight must not make
	# it fail (EBUSY) or hang.
	rmmod tcpresetstat || fail "cycle $i: rmmod failed"
	[ ! -e /proc/tcpresetstat ] || fail "cycle $i: /proc/tcpresetstat left after rmmod"
	# Every fifth load with module parameters, as a vendor's modprobe.d.
	if [ $((i % 5)) = 0 ]; then
		insmod "$KO" ports_max=64 sample_interval_ms=200 || fail "cycle $i: insmod with parameters failed"
	else
		insmod "$KO" || fail "cycle $i: insmod failed"
	fi
	in_ns "$burst" bash -c "$(declare -f refuse fail); refuse 127.0.0.1 7211 5; refuse ::1 7211 3"
	await "$burst" rst_out 8
	assert_eq "cycle $i: burst" "$(get "$burst" rst_in rst_out_refused open_fail_active_refused \
		ports/7211/rst_out_refused peers/127.0.0.1/rst_in peers/::1/rst_in)" \
		"$(printf '%s\n' 8 8 8 8 5 3)"
	[ $((i % 10)) != 0 ] || log "cycle $i of $CYCLES"
done
touch "$stop"
echo "ok: $CYCLES cycles, each burst exact"
