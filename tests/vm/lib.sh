# SPDX-License-Identifier: GPL-2.0
# Helpers for the VM tests (sourced).  Every test runs inside the guest as
# root, in namespaces it creates itself, and exits 0 (pass), 1 (fail) or
# 4 (skip, kselftest style).
set -eu

VMDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$VMDIR/../.." && pwd)
# The module under test: the checkout's, or another kernel's build of it.
KO=${TRS_KO:-$TOP/kmod/tcpresetstat.ko}
TCP="python3 -S $VMDIR/tcp.py"
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

# get NS NAME...: the values of NAMEs, one per line, from one read of the
# namespace's /proc/tcpresetstat and TCP MIBs ("" = the initial namespace).
# A NAME is a total (rst_in), a MIB counter (Capitalised: OutRsts), a table
# cell TABLE/KEY/COLUMN (KEY: the key columns joined by spaces, "7211",
# "other", "127.0.0.1 127.0.0.1 7211"), rows:TABLE (rows, "other"
# included) or sum:TABLE/COLUMN.  A missing cell or sum reads 0, a missing
# total or MIB "missing".
# One awk, inside the namespace: every process started costs (a third of a
# second under the debug kernel's checkers), and the tests read often.
get() {
	local ns=$1; shift
	TRS_NAMES=$(printf '%s\n' "$@") in_ns "$ns" awk "$VALUES_AWK" \
		/proc/tcpresetstat /proc/net/snmp /proc/net/netstat
}

# values_of NAME...: as get, from text read elsewhere (on stdin).
values_of() {
	TRS_NAMES=$(printf '%s\n' "$@") awk "$VALUES_AWK"
}
# A file that cannot be read (the module unloaded) is said and passed over,
# as cat did: awk would stop there.
VALUES_AWK='
		BEGIN { n = split(ENVIRON["TRS_NAMES"], want, "\n")
			for (i = 1; i < ARGC; i++)
				if ((getline line < ARGV[i]) < 0) {
					print "get: cannot read " ARGV[i] > "/dev/stderr"
					delete ARGV[i]
				} else close(ARGV[i]) }
		/^(Tcp|TcpExt):/ {
			if (!($1 in mibhdr)) { mibhdr[$1] = 1; for (i = 2; i <= NF; i++) mcol[$1, i] = $i; next }
			for (i = 2; i <= NF; i++) val[mcol[$1, i]] = $i
			next
		}
		/^[A-Z]/ { next }
		$1 == "table" { t = $2; val["rows:" t] = $3; hdr = 1; next }
		t != "" && hdr { nk = (t == "destinations") ? 3 : (t == "forwarded") ? 2 : 1
				 for (i = 1; i <= NF; i++) col[i] = $i; hdr = 0; next }
		t != "" { key = $1; for (i = 2; i <= nk; i++) key = key " " $i
			  for (i = nk + 1; i <= NF; i++) { val[t "/" key "/" col[i]] = $i; val["sum:" t "/" col[i]] += $i }
			  next }
		NF == 2 { val[$1] = $2 }
		END { for (i = 1; i <= n; i++) {
			w = want[i]
			if (w in val) print val[w]
			else if (w ~ /\// || w ~ /^rows:/) print 0
			else print "missing" } }'

ctr() { get "${2:-}" "$1"; }
cell() { get "${4:-}" "$1/$2/$3"; }
rows() { get "${2:-}" "rows:$1"; }
column_sum() { get "${3:-}" "sum:$1/$2"; }
value() { get "${2:-}" "$1"; }

# snap NS NAME...: remember values before traffic.
declare -A SNAP=()
snap() {
	local ns=$1 n v; shift
	local -a vals
	mapfile -t vals < <(get "$ns" "$@")
	for n in "$@"; do SNAP[$ns/$n]=${vals[0]}; vals=("${vals[@]:1}"); done
}

delta() {
	echo $(( $(value "$2" "$1") - ${SNAP[$1/$2]} ))
}

# proc_flat NS: /proc's totals and pressure as "NAME VALUE" lines;
# genl_vs_proc NS: the same names with the values of a netlink GET (the
# sampler's own counters left out: they move between the two reads);
# proc_rows NS TABLE: /proc's rows of TABLE, sorted, to compare with a dump.
proc_flat() { in_ns "$1" awk 'NR > 1 && $1 == "table" { exit } NR > 1 { print $1, $2 }' /proc/tcpresetstat; }
genl_vs_proc() {
	paste -d' ' <(proc_flat "$1" | cut -d' ' -f1) <(in_ns "$1" python3 -S "$VMDIR/genl.py" get | awk '{ print $3 }') |
	grep -v '^sampler_'
}
proc_rows() { in_ns "$1" awk -v t="$2" '$1 == "table" { in_t = ($2 == t); hdr = 1; next }
	in_t && hdr { hdr = 0; next } in_t' /proc/tcpresetstat | sort; }

# router_topology: namespaces $client, $router and $server, the router
# forwarding IPv4 and IPv6 between the other two:
#
#   [ client 192.0.2.1   ] --veth-- [ router 192.0.2.2   | 198.51.100.2   ] --veth-- [ server 198.51.100.1   ]
#   [        2001:db8:1::1 ]          [      2001:db8:1::2 | 2001:db8:2::2 ]           [      2001:db8:2::1 ]
router_topology() {
	new_ns client
	new_ns router
	new_ns server
	veth "$client" c0 192.0.2.1/24 "$router" rc 192.0.2.2/24
	veth "$server" s0 198.51.100.1/24 "$router" rs 198.51.100.2/24
	ip -n "$client" addr add 2001:db8:1::1/64 dev c0 nodad
	ip -n "$router" addr add 2001:db8:1::2/64 dev rc nodad
	ip -n "$server" addr add 2001:db8:2::1/64 dev s0 nodad
	ip -n "$router" addr add 2001:db8:2::2/64 dev rs nodad
	run ip -n "$client" route add 198.51.100.0/24 via 192.0.2.2
	run ip -n "$server" route add 192.0.2.0/24 via 198.51.100.2
	run ip -n "$client" route add 2001:db8:2::/64 via 2001:db8:1::2
	run ip -n "$server" route add 2001:db8:1::/64 via 2001:db8:2::2
	run in_ns "$router" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
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

# assert_deltas NS NAME WANT [NAME WANT...]: as assert_delta for several
# counters, each poll one read of them all (get).
assert_deltas() {
	local ns=$1 i j; shift
	local -a names=() want=() now got
	while [ $# -gt 0 ]; do names+=("$1"); want+=("$2"); shift 2; done
	for i in $(seq 100); do
		mapfile -t now < <(get "$ns" "${names[@]}")
		got=()
		for j in "${!names[@]}"; do got+=($((now[j] - SNAP[$ns/${names[j]}]))); done
		[ "${got[*]}" = "${want[*]}" ] && break
		sleep 0.05
	done
	for j in "${!names[@]}"; do
		assert_eq "${ns:-init}: ${names[j]} delta" "${got[j]}" "${want[j]}"
	done
}

# The spec's sum rules, and table columns against their totals (the
# tables' "other" rows keep the sums exact; no ageing in the tests), all
# from one read: "TOTAL = PART + PART..." equations.
SUM_RULES=(
	"rst_in = rst_in_refused rst_in_reset rst_in_other"
	"rst_out = rst_out_refused rst_out_abort rst_out_other"
	"open_fail_active = open_fail_active_refused open_fail_active_timeout open_fail_active_unreach open_fail_active_other"
	"open_fail_passive = open_fail_passive_reset open_fail_passive_timeout open_fail_passive_listen_drop"
	"rst_fwd = sum:peers/rst_fwd_sent" "rst_fwd = sum:peers/rst_fwd_rcvd"
	"open_fail_fwd = open_fail_fwd_refused open_fail_fwd_unreach open_fail_fwd_timeout"
	"open_fail_fwd = sum:peers/open_fail_fwd"
)
for c in rst_in rst_in_refused rst_in_reset rst_out rst_out_refused rst_out_abort \
	 rst_out_other open_fail_passive open_fail_passive_reset open_fail_passive_timeout \
	 open_fail_passive_listen_drop; do
	SUM_RULES+=("$c = sum:ports/$c")
done
for c in rst_in rst_out open_fail_active open_fail_passive estab_reset; do
	SUM_RULES+=("$c = sum:peers/$c")
done
for c in rst_out_refused rst_out_abort rst_out_other; do
	SUM_RULES+=("$c = sum:reasons/$c")
done
for c in open_fail_fwd open_fail_fwd_refused open_fail_fwd_unreach open_fail_fwd_timeout; do
	SUM_RULES+=("$c = sum:forwarded/$c")
done
for c in open_fail_active open_fail_active_refused open_fail_active_timeout \
	 open_fail_active_unreach open_fail_active_other rst_in_refused; do
	SUM_RULES+=("$c = sum:destinations/$c")
done

assert_sums() {
	local ns=${1:-} rule lhs rhs n sum got
	local -A v=()
	local -a names vals
	for rule in "${SUM_RULES[@]}"; do names+=(${rule/=/}); done
	mapfile -t vals < <(get "$ns" "${names[@]}")
	for n in "${!names[@]}"; do v[${names[$n]}]=${vals[$n]}; done
	for rule in "${SUM_RULES[@]}"; do
		lhs=${rule%% =*} rhs=${rule#*= } sum=0 got=" ${v[${rule%% =*}]}"
		for n in $rhs; do got+=" ${v[$n]}"; done
		# A kernel without probes leaves totals out (require_tracepoints).
		if [[ " ${v[estab_reset]} ${v[open_fail_passive_timeout]} " == *" missing "* &&
		      "$got " == *" missing "* ]]; then
			echo "# ${ns:-init}: $lhs: left out by this kernel"
			continue
		fi
		for n in $rhs; do sum=$((sum + ${v[$n]})); done
		assert_eq "${ns:-init}: $lhs = ${rhs// / + }" "$sum" "${v[$lhs]}"
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

# rst_reason NAME: the reasons row (tests/vm/t/reasons.sh) that the
# kernel's reason NAME (lower case, no SK_RST_REASON_) is counted in here:
# NAME from Linux 6.10, "unknown" before.
rst_reason() {
	local major minor
	IFS=.- read -r major minor _ <<< "$(uname -r)"
	if [ "$major" -gt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -ge 10 ]; }; then
		echo "$1"
	else
		echo unknown
	fi
}

require_module() {
	[ -r /proc/tcpresetstat ] || fail "module not loaded"
}

# require_tracepoints, require_kretprobes: skip on a kernel built without
# them (the notrace kernel, as OpenWrt's), where the module leaves out what
# only they count (t/notrace.sh tests what it counts there).
require_tracepoints() {
	[ "$(ctr estab_reset)" != missing ] ||
		skip "needs tracepoints, which this kernel was built without"
}
require_kretprobes() {
	[ "$(ctr open_fail_passive_timeout)" != missing ] ||
		skip "needs kretprobes, which this kernel was built without"
}

# refuse NS HOST PORT COUNT: COUNT connects to a closed port, each refused,
# from bash's /dev/tcp: no process of its own to start (fast on slow
# kernels, unlike $TCP).  A connect that succeeds fails the test.  PORT
# may be a list ("7300 7301"): COUNT to each, in turn.
refuse() {
	in_ns "$1" bash -c 'for p in $2; do for i in $(seq "$3"); do
		{ : < "/dev/tcp/$1/$p"; } 2> /dev/null && exit 1
	done; done; exit 0' - "$2" "$3" "$4" || fail "a connect to $2 port $3 succeeded"
}

# start_bg OUT WORD NS CMD...: run CMD in namespace NS in the background
# until the test ends, its output in OUT, and wait (bounded, 5 s) until it
# prints WORD.  Not through in_ns: $! must be CMD itself, not a subshell.
start_bg() {
	local out=$1 word=$2 ns=$3 i; shift 3
	ip netns exec "$ns" "$@" > "$out" 2>&1 &
	BG_PIDS+=($!)
	for i in $(seq 100); do
		grep -q "$word" "$out" && return 0
		sleep 0.05
	done
	fail "$* did not start: $(cat "$out")"
}

# start_listener NS HOST PORT [BACKLOG]: a listener that never accepts,
# alive until the test ends (or killed: its PID is ${BG_PIDS[-1]}).
start_listener() {
	start_bg "$(mktemp)" listening "$1" $TCP listen "$2" "$3" "${4:-128}"
}

# start_alerts NS: join the namespace's "alerts" group (tests/vm/genl.py
# listen) until the test ends; its lines go to $ALERTS.
start_alerts() {
	ALERTS=$(mktemp)
	start_bg "$ALERTS" joined "$1" python3 -S "$VMDIR/genl.py" listen 300 1000
}

# await_alerts N: the listener has printed exactly N alerts (bounded, 5 s).
await_alerts() {
	local i n
	for i in $(seq 50); do
		n=$(grep -c _ "$ALERTS")
		[ "$n" -ge "$1" ] && break
		sleep 0.1
	done
	assert_eq "alerts received" "$n" "$1"
}

# await NS NAME WANT: a value (see get) reads WANT, polling (bounded,
# 5 s) for sampled values that the next sample brings.
await() {
	local i v
	for i in $(seq 50); do
		v=$(get "$1" "$2")
		[ "$v" = "$3" ] && break
		sleep 0.1
	done
	assert_eq "${1:-init}: $2" "$v" "$3"
}

# await_sampled NS AFTER: the namespace's sampler_runs goes past AFTER
# (bounded, 5 s), and is then in $RUNS.
await_sampled() {
	local i
	for i in $(seq 50); do
		RUNS=$(get "$1" sampler_runs)
		[ "$RUNS" -gt "$2" ] && return 0
		sleep 0.1
	done
	fail "${1:-init}: sampler_runs $RUNS, not past $2"
}

# assert_same WHAT CMD_A CMD_B: two ways of reading the same counters agree.
# Sampled gauges (listen queues, TIME_WAIT) may move between two reads, so
# poll (bounded) for a pair of back-to-back reads that agree.
assert_same() {
	local what=$1 a b i
	for i in $(seq 30); do
		a=$(eval "$2") b=$(eval "$3")
		[ "$a" = "$b" ] && break
		sleep 0.1
	done
	assert_eq "$what" "$a" "$b"
}
