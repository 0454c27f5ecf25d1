# SPDX-License-Identifier: GPL-2.0
# Helpers for the VM tests (sourced).  Every test runs inside the guest as
# root, in namespaces it creates itself, and exits 0 (pass), 1 (fail) or
# 4 (skip, kselftest style).
set -eu

VMDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$VMDIR/../.." && pwd)
TCP="python3 $VMDIR/tcp.py"
KSFT_SKIP=4
NS_LIST=()

log() { echo "# $*"; }
# Echo a command, then run it.
run() { echo "+ $*"; "$@"; }
fail() { echo "not ok: $*"; exit 1; }
skip() { echo "skip: $*"; exit $KSFT_SKIP; }

cleanup_ns() {
	local ns
	for ns in "${NS_LIST[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
}
trap cleanup_ns EXIT

# new_ns VAR: create a namespace with a unique name, loopback up.
new_ns() {
	local name
	name="trs-$1-$$-${#NS_LIST[@]}"
	ip netns add "$name"
	ip -n "$name" link set lo up
	NS_LIST+=("$name")
	printf -v "$1" %s "$name"
}

# in_ns NS CMD...: run in a namespace ("" = the initial one).
in_ns() {
	local ns=$1; shift
	if [ -n "$ns" ]; then ip netns exec "$ns" "$@"; else "$@"; fi
}

# ctr NAME [NS]: a total from /proc/tcpresetstat as seen from NS.
ctr() {
	in_ns "${2:-}" awk -v n="$1" '$1 == n { print $2; f = 1 } END { if (!f) print "missing" }' /proc/tcpresetstat
}

# mib NAME [NS]: a TCP MIB counter (Tcp: in /proc/net/snmp, TcpExt: in netstat).
mib() {
	in_ns "${2:-}" awk -v n="$1" '
		/^(Tcp|TcpExt):/ { if (!hdr[$1]) { hdr[$1] = 1; for (i = 2; i <= NF; i++) col[$1, i] = $i; next }
				  for (i = 2; i <= NF; i++) if (col[$1, i] == n) { print $i; f = 1 } }
		END { if (!f) print "missing" }' /proc/net/snmp /proc/net/netstat
}

# snap NS NAME...: remember counters (totals or MIBs) before traffic.
declare -A SNAP=()
snap() {
	local ns=$1 n; shift
	for n in "$@"; do
		case $n in [A-Z]*) SNAP[$ns/$n]=$(mib "$n" "$ns") ;; *) SNAP[$ns/$n]=$(ctr "$n" "$ns") ;; esac
	done
}

delta() {
	local ns=$1 n=$2 now
	case $n in [A-Z]*) now=$(mib "$n" "$ns") ;; *) now=$(ctr "$n" "$ns") ;; esac
	echo $((now - ${SNAP[$ns/$n]}))
}

assert_eq() { # assert_eq WHAT GOT WANT
	if [ "$2" != "$3" ]; then fail "$1: got $2, want $3"; fi
	echo "ok: $1 = $3"
}

# assert_delta NS NAME WANT: the counter moved by exactly WANT since snap,
# polling (bounded, 5 s) because softirq work may still be in flight.
assert_delta() {
	local ns=$1 n=$2 want=$3 i d
	for i in $(seq 100); do
		d=$(delta "$ns" "$n")
		[ "$d" = "$want" ] && break
		[ "$d" -gt "$want" ] 2>/dev/null && break
		sleep 0.05
	done
	assert_eq "${ns:-init}: $n delta" "$d" "$want"
}

# Sum rules of the spec, checked on every read of a namespace.
assert_sums() {
	local ns=${1:-}
	assert_eq "${ns:-init}: rst_in sum" "$(ctr rst_in "$ns")" \
		$(( $(ctr rst_in_refused "$ns") + $(ctr rst_in_reset "$ns") + $(ctr rst_in_other "$ns") ))
	assert_eq "${ns:-init}: rst_out sum" "$(ctr rst_out "$ns")" \
		$(( $(ctr rst_out_refused "$ns") + $(ctr rst_out_abort "$ns") + $(ctr rst_out_other "$ns") ))
}

require_module() {
	[ -r /proc/tcpresetstat ] || fail "module not loaded"
}
