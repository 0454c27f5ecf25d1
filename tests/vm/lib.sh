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

BG_PIDS=()
cleanup_ns() {
	local ns
	[ ${#BG_PIDS[@]} -eq 0 ] || kill "${BG_PIDS[@]}" 2>/dev/null || true
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

# cell TABLE KEY COLUMN [NS]: one counter of a table row, 0 if there is no
# such row.  KEY is the row's key columns joined by spaces
# ("7211", "other", "127.0.0.1 127.0.0.1 7211").
cell() {
	in_ns "${4:-}" awk -v t="$1" -v k="$2" -v c="$3" '
		$1 == "table" { intab = ($2 == t); hdr = intab; next }
		intab && hdr { nk = (t == "destinations") ? 3 : 1
			       for (i = 1; i <= NF; i++) col[$i] = i; hdr = 0; next }
		intab { key = $1; for (i = 2; i <= nk; i++) key = key " " $i
			if (key == k) { print $(col[c]); f = 1 } }
		END { if (!f) print 0 }' /proc/tcpresetstat
}

# rows TABLE [NS]: how many rows a table has, "other" included.
rows() {
	in_ns "${2:-}" awk -v t="$1" '$1 == "table" && $2 == t { print $3 }' /proc/tcpresetstat
}

# column_sum TABLE COLUMN [NS]: a column summed over all rows.
column_sum() {
	in_ns "${3:-}" awk -v t="$1" -v c="$2" '
		$1 == "table" { intab = ($2 == t); hdr = intab; next }
		intab && hdr { for (i = 1; i <= NF; i++) col[$i] = i; hdr = 0; next }
		intab { s += $(col[c]) }
		END { print s + 0 }' /proc/tcpresetstat
}

# value NAME [NS]: a MIB counter (Capitalised, e.g. OutRsts), a table cell
# (TABLE/KEY/COLUMN) or a total.
value() {
	local t k c
	case $1 in
	[A-Z]*) mib "$1" "${2:-}" ;;
	*/*/*) IFS=/ read -r t k c <<<"$1"; cell "$t" "$k" "$c" "${2:-}" ;;
	*) ctr "$1" "${2:-}" ;;
	esac
}

# snap NS NAME...: remember values before traffic.
declare -A SNAP=()
snap() {
	local ns=$1 n; shift
	for n in "$@"; do SNAP[$ns/$n]=$(value "$n" "$ns"); done
}

delta() {
	echo $(( $(value "$2" "$1") - ${SNAP[$1/$2]} ))
}

# veth NS1 IF1 ADDR1 NS2 IF2 ADDR2: a veth pair between two namespaces,
# both ends up, with the given addresses (CIDR; IPv6 without DAD).
veth() {
	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4"
	ip -n "$1" addr add "$3" dev "$2" nodad 2>/dev/null || ip -n "$1" addr add "$3" dev "$2"
	ip -n "$4" addr add "$6" dev "$5" nodad 2>/dev/null || ip -n "$4" addr add "$6" dev "$5"
	ip -n "$1" link set "$2" up
	ip -n "$4" link set "$5" up
}

assert_eq() { # assert_eq WHAT GOT WANT
	if [ "$2" != "$3" ]; then fail "$1: got $2, want $3"; fi
	case $3 in *$'\n'*) echo "ok: $1" ;; *) echo "ok: $1 = $3" ;; esac
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

# The spec's sum rules, and every table column against its total (the
# tables' "other" rows keep the sums exact; no ageing in the tests).
assert_sums() {
	local ns=${1:-} c
	sum_of() { local t=0 n; for n in "$@"; do t=$((t + $(ctr "$n" "$ns"))); done; echo $t; }
	assert_eq "${ns:-init}: rst_in sum" "$(ctr rst_in "$ns")" \
		"$(sum_of rst_in_refused rst_in_reset rst_in_other)"
	assert_eq "${ns:-init}: rst_out sum" "$(ctr rst_out "$ns")" \
		"$(sum_of rst_out_refused rst_out_abort rst_out_other)"
	assert_eq "${ns:-init}: open_fail_active sum" "$(ctr open_fail_active "$ns")" \
		"$(sum_of open_fail_active_refused open_fail_active_timeout open_fail_active_unreach open_fail_active_other)"
	assert_eq "${ns:-init}: open_fail_passive sum" "$(ctr open_fail_passive "$ns")" \
		"$(sum_of open_fail_passive_reset open_fail_passive_timeout open_fail_passive_listen_drop)"
	for c in rst_in rst_in_refused rst_in_reset rst_out rst_out_refused rst_out_abort \
		 rst_out_other open_fail_passive open_fail_passive_reset open_fail_passive_timeout; do
		assert_eq "${ns:-init}: ports column $c" "$(column_sum ports $c "$ns")" "$(ctr $c "$ns")"
	done
	for c in rst_in rst_out open_fail_active open_fail_passive estab_reset; do
		assert_eq "${ns:-init}: peers column $c" "$(column_sum peers $c "$ns")" "$(ctr $c "$ns")"
	done
	assert_eq "${ns:-init}: peers column rst_fwd_sent" "$(column_sum peers rst_fwd_sent "$ns")" "$(ctr rst_fwd "$ns")"
	assert_eq "${ns:-init}: peers column rst_fwd_rcvd" "$(column_sum peers rst_fwd_rcvd "$ns")" "$(ctr rst_fwd "$ns")"
	for c in open_fail_active open_fail_active_refused open_fail_active_timeout \
		 open_fail_active_unreach open_fail_active_other rst_in_refused; do
		assert_eq "${ns:-init}: destinations column $c" "$(column_sum destinations $c "$ns")" "$(ctr $c "$ns")"
	done
}

# The spec's MIB cross-checks over the traffic since snap (taken with
# OutRsts AttemptFails EstabResets rst_out open_fail_active
# open_fail_passive_reset estab_reset), for traffic without REJECT rules
# or raw senders of RSTs.
assert_mibs() {
	local ns=$1
	assert_eq "$ns: rst_out = OutRsts" "$(delta "$ns" rst_out)" "$(delta "$ns" OutRsts)"
	assert_eq "$ns: open_fail_active + open_fail_passive_reset = AttemptFails" \
		$(( $(delta "$ns" open_fail_active) + $(delta "$ns" open_fail_passive_reset) )) \
		"$(delta "$ns" AttemptFails)"
	assert_eq "$ns: estab_reset = EstabResets" "$(delta "$ns" estab_reset)" "$(delta "$ns" EstabResets)"
}
MIBS="OutRsts AttemptFails EstabResets rst_out open_fail_active open_fail_passive_reset estab_reset"

require_module() {
	[ -r /proc/tcpresetstat ] || fail "module not loaded"
}

# start_listener NS HOST PORT [BACKLOG]: a listener that never accepts,
# alive until the test ends.
start_listener() {
	local out i
	out=$(mktemp)
	in_ns "$1" $TCP listen "$2" "$3" "${4:-128}" > "$out" 2>&1 &
	BG_PIDS+=($!)
	for i in $(seq 100); do
		grep -q listening "$out" && return 0
		sleep 0.05
	done
	fail "listener on $2:$3 did not start: $(cat "$out")"
}
