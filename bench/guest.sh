#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The benchmarks, inside one VM boot (bench/run.sh starts two, plain tcg
# and icount, through tests/vm/run.sh):
#
#   bench/guest.sh [BENCH_X=VALUE...] [SECTION...]
#	SECTION: bulk storm memory sampler readpath profile (default: all)
#
# Each measurement is one JSON line appended to $TRS_OUT/bench.jsonl;
# bench/report.py turns them into tables.  Configurations alternate within
# each round (their order rotates from round to round), so that a drift of
# the emulated machine hits them all alike.  Timings are the guest's own
# clock; CPU is the busy time of all vCPUs from /proc/stat (user, nice,
# system, irq, softirq, steal), over the measurement, and for the storm also
# from /proc/schedstat (what tasks ran, in ns), which bench/run.sh's icount
# boot reports: there the guest's clock counts instructions.
#
# Topologies:
#   bulk, loopback:  [ lo: iperf3 client -> lo -> iperf3 server ]
#   bulk, routed:    [ client 192.0.2.1 ] --veth-- [ router ] --veth-- [ server 198.51.100.1 ]
#   storm:           [ client 192.0.2.1 ] --veth-- [ server 192.0.2.2, port 7211 closed ]
#   memory, readpath: [ ns: 127.0.0.1 -> lo -> closed ports on 127.1.x.y ]
#   sampler:         [ ns: twgen, N connections left in TIME_WAIT on lo ]
#                    [ ns1 .. nsK: the same, NETNS_TW/K in each ]
#
# Scale (environment, or arguments, since the VM runner passes no
# environment): BENCH_ROUNDS (5), BENCH_BULK_SECS (3),
# BENCH_BULK_CONFIGS ("none trs nft nft+trs ct ct+trs"),
# BENCH_STORM_N (40000), BENCH_STORM_CONFIGS ("none trs tcpdump bpftrace"),
# BENCH_SPOOF_N (1000000), BENCH_FLOOD_ROUNDS (= rounds),
# BENCH_TW_SIZES
# ("1000 10000 50000 100000"), BENCH_NETNS ("1 4 8 16"), BENCH_NETNS_TW
# (16000), BENCH_READ_ROWS (4096).
. "$(dirname "$0")/../tests/vm/lib.sh"
while [ $# -gt 0 ] && [[ $1 =~ ^BENCH_[A-Z_]+= ]]; do export "$1"; shift; done
BENCH=$TOP/bench
KO=$TOP/kmod/tcpresetstat.ko
CLI=$TOP/tools/tcpresetstat
RSTGEN=$BENCH/rstgen
TWGEN=$BENCH/twgen
OUT=${TRS_OUT:-/tmp}/bench.jsonl
ROUNDS=${BENCH_ROUNDS:-5}
BULK_SECS=${BENCH_BULK_SECS:-3}
STORM_N=${BENCH_STORM_N:-40000}
BULK_CONFIGS=${BENCH_BULK_CONFIGS:-none trs nft nft+trs ct ct+trs}
STORM_CONFIGS=${BENCH_STORM_CONFIGS:-none trs tcpdump bpftrace}
SPOOF_N=${BENCH_SPOOF_N:-1000000}
FLOOD_ROUNDS=${BENCH_FLOOD_ROUNDS:-$ROUNDS}
TW_SIZES=${BENCH_TW_SIZES:-1000 10000 50000 100000}
NETNS=${BENCH_NETNS:-1 4 8 16}
NETNS_TW=${BENCH_NETNS_TW:-16000}
READ_ROWS=${BENCH_READ_ROWS:-4096}
BPF_KEYS=${BENCH_BPF_KEYS:-65536}
HZ_USER=$(getconf CLK_TCK)
SCRATCH=$(mktemp -d)

for bin in "$RSTGEN" "$TWGEN" "$CLI"; do
	[ -x "$bin" ] || fail "$bin is not built (make bench builds it)"
done
[ -f "$KO" ] || fail "$KO is not built"

# emit SECTION CONFIG ROUND KEY=VALUE...: one JSON line.  A value that
# looks like a number is written as one, anything else as a string.
emit() {
	local line kv k v
	line=$(printf '{"section": "%s", "config": "%s", "round": %s' "$1" "$2" "$3")
	shift 3
	for kv; do
		k=${kv%%=*} v=${kv#*=}
		if [[ $v =~ ^-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?$ ]]; then
			line+=", \"$k\": $v"
		else
			line+=", \"$k\": \"${v//\"/\\\"}\""
		fi
	done
	echo "$line}" >> "$OUT"
}

# jget KEY JSON: a top-level number from a flat JSON object.
jget() { sed -n "s/.*\"$1\": *\([-0-9.e+]*\).*/\1/p" <<<"$2" | head -n1; }

# Busy CPU time of all CPUs so far, in nanoseconds.
cpu_busy_ns() {
	awk -v hz="$HZ_USER" '$1 == "cpu" { printf "%.0f\n", ($2 + $3 + $4 + $7 + $8 + $9) * (1e9 / hz); exit }' /proc/stat
}

# Time tasks ran on all CPUs so far, in nanoseconds, from the scheduler's
# clock (/proc/schedstat: rq_cpu_time), exited tasks included, idle not:
# under icount exact to the instruction, where /proc/stat counts in 10 ms.
sched_busy_ns() {
	awk '$1 ~ /^cpu[0-9]/ { s += $8 } END { printf "%.0f\n", s }' /proc/schedstat
}

mod_loaded() { [ -d /sys/module/tcpresetstat ]; }
mod_load() { mod_loaded && rmmod tcpresetstat; insmod "$KO" "$@"; }
mod_unload() { if mod_loaded; then rmmod tcpresetstat; fi; }

# set_config CONFIG: the module loaded ("trs") or not (anything else).
set_module() { if [ "$1" = trs ]; then mod_loaded || insmod "$KO"; else mod_unload; fi; }

# rotate ROUND ITEM...: the items, rotated left by ROUND - 1.
rotate() {
	local n=$(($# - 1)) r
	r=$(( ($1 + n - 1) % n )); shift
	echo "${@:r+1}" "${@:1:r}"
}

del_all_ns() {
	local ns
	for ns in "${NS_LIST[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
	NS_LIST=()
}

# wait_for FILE PATTERN: bounded wait (60 s) for a line in a log.
wait_for() {
	local i
	for i in $(seq 600); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "timed out waiting for '$2' in $1: $(tail -n 5 "$1")"
}

# wait_listen NS PORT [LOG]: bounded wait (60 s) for a TCP listener; on
# failure, what ss says and the server's LOG.
wait_listen() {
	local i
	for i in $(seq 600); do
		[ -n "$(in_ns "$1" ss -Hltn "sport = :$2")" ] && return 0
		sleep 0.1
	done
	fail "nothing listens on port $2 in $1: ss -ltn: $(in_ns "$1" ss -Hltn 2>&1 | head -n 5)${3:+; $3: $(tail -n 5 "$3")}"
}

# ---------------------------------------------------------------------------
# 1. Hook cost on bulk traffic: iperf3 over loopback and through a router,
#    module unloaded vs loaded.

# iperf_run TOPO CONFIG ROUND NS SERVER
iperf_run() {
	local topo=$1 cfg=$2 round=$3 ns=$4 server=$5 b0 b1 s0 s1 json
	b0=$(cpu_busy_ns) s0=$(sched_busy_ns)
	json=$(in_ns "$ns" iperf3 -c "$server" -t "$BULK_SECS" -O 1 -J) || fail "iperf3 to $server: $json"
	b1=$(cpu_busy_ns) s1=$(sched_busy_ns)
	python3 - "$json" > "$SCRATCH/iperf" <<-'EOF'
	import json, sys
	d = json.loads(sys.argv[1])["end"]
	r = d["sum_received"]
	print(r["bits_per_second"], r["bytes"], r["seconds"])
	EOF
	read -r bps bytes secs < "$SCRATCH/iperf"
	emit "bulk_$topo" "$cfg" "$round" bits_per_second="$bps" bytes="$bytes" \
		seconds="$secs" cpu_busy_ns=$((b1 - b0)) sched_busy_ns=$((s1 - s0))
	log "bulk $topo $cfg round $round: $bps bit/s"
}

# set_nft on|ct|off NS...: an empty nftables base chain at each hook point
# the module uses (input, output, forward; policy accept) in each
# namespace, or none.  What netfilter's dispatch costs with any hook there:
# most machines already have one (a firewall, conntrack).  ct: the same
# chains, and a rule in forward that turns conntrack on, as on every NAT
# router: the forwarded table then follows each open (kmod/forward.c).
set_nft() {
	local want=$1 ns rule=; shift
	[ "$want" = ct ] && rule="ct state invalid counter"
	for ns; do
		in_ns "$ns" nft delete table inet trsbench 2>/dev/null || true
		[ "$want" = off ] && continue
		in_ns "$ns" nft -f - <<-EOF || fail "nft in $ns"
		table inet trsbench {
			chain input { type filter hook input priority 0; }
			chain output { type filter hook output priority 0; }
			chain forward {
				type filter hook forward priority 0;
				$rule
			}
		}
		EOF
	done
}

section_bulk() {
	local round cfg nft lo client router server
	log "== bulk: iperf3 ${BULK_SECS}s (after 1s omitted), $ROUNDS rounds"
	new_ns lo
	new_ns client
	new_ns router
	new_ns server
	veth "$client" c0 192.0.2.1/24 "$router" rc 192.0.2.2/24
	veth "$server" s0 198.51.100.1/24 "$router" rs 198.51.100.2/24
	ip -n "$client" route add 198.51.100.0/24 via 192.0.2.2
	ip -n "$server" route add 192.0.2.0/24 via 198.51.100.2
	in_ns "$router" sysctl -qw net.ipv4.ip_forward=1
	ip netns exec "$lo" iperf3 -s -B 127.0.0.1 > "$SCRATCH/iperf-lo" 2>&1 &
	BG_PIDS+=($!)
	ip netns exec "$server" iperf3 -s -B 198.51.100.1 > "$SCRATCH/iperf-srv" 2>&1 &
	BG_PIDS+=($!)
	wait_listen "$lo" 5201 "$SCRATCH/iperf-lo"
	wait_listen "$server" 5201 "$SCRATCH/iperf-srv"
	for round in $(seq "$ROUNDS"); do
		# shellcheck disable=SC2086 # a list of words
		for cfg in $(rotate "$round" $BULK_CONFIGS); do
			case $cfg in *trs) set_module trs ;; *) set_module none ;; esac
			case $cfg in nft*) nft=on ;; ct*) nft=ct ;; *) nft=off ;; esac
			set_nft $nft "$lo" "$client" "$router" "$server"
			iperf_run loopback "$cfg" "$round" "$lo" 127.0.0.1
			iperf_run routed "$cfg" "$round" "$client" 198.51.100.1
		done
	done
	kill "${BG_PIDS[@]}" 2>/dev/null; wait 2>/dev/null || true; BG_PIDS=()
	set_nft off "$lo" "$client" "$router" "$server"
	mod_unload
	del_all_ns
}

# ---------------------------------------------------------------------------
# 2. Cost per RST: a storm of refused connects, with nothing watching, with
#    the module, with tcpdump, with bpftrace.

# proc_of NS: one read of the namespace's totals, "name value" lines.
proc_of() { in_ns "$1" awk 'NR > 1 && $1 == "table" { exit } NR > 1' /proc/tcpresetstat; }
total_of() { awk -v n="$2" '$1 == n { print $2 }' <<<"$1"; }

storm_round() {
	local cfg=$1 round=$2 client=$3 server=$4 pid= b0 b1 s0 s1 out counted lost extra=()
	local cpre spre cpost spost

	set_module "$([ "$cfg" = trs ] && echo trs || echo none)"
	case $cfg in
	tcpdump)
		# One capture per namespace: the module counts in both.
		local side
		for side in client server; do
			ip netns exec "${!side}" tcpdump -i any -w /dev/null \
				'tcp[tcpflags] & (tcp-rst) != 0' > "$SCRATCH/tcpdump-$side" 2>&1 &
			pid="$pid $!"
		done
		wait_for "$SCRATCH/tcpdump-client" "listening on"
		wait_for "$SCRATCH/tcpdump-server" "listening on"
		;;
	bpftrace)
		# Received RSTs are keyed by the client's ephemeral port: the
		# default of 4096 keys per map would silently drop most of them.
		BPFTRACE_MAP_KEYS_MAX=$BPF_KEYS bpftrace "$BENCH/rst-count.bt" > "$SCRATCH/bpftrace" 2>&1 &
		pid=$!
		wait_for "$SCRATCH/bpftrace" "^ready"
		;;
	trs)
		cpre=$(proc_of "$client") spre=$(proc_of "$server")
		;;
	esac

	b0=$(cpu_busy_ns) s0=$(sched_busy_ns)
	out=$(in_ns "$client" "$RSTGEN" storm 192.0.2.2 7211 "$STORM_N") || fail "rstgen: $out"
	# Let a watcher drain what it has queued before the CPU time is read:
	# libpcap hands over a ring buffer block when it is full or after
	# its timeout (1 s for tcpdump).
	sleep 1.5
	b1=$(cpu_busy_ns) s1=$(sched_busy_ns)

	case $cfg in
	tcpdump)
		kill -INT $pid; wait $pid || true
		local side captured received dropped
		counted=$STORM_N lost=0
		for side in client server; do
			captured=$(awk '/packets captured/ { print $1 }' "$SCRATCH/tcpdump-$side")
			received=$(awk '/received by filter/ { print $1 }' "$SCRATCH/tcpdump-$side")
			dropped=$(awk '/dropped by kernel/ { print $1 }' "$SCRATCH/tcpdump-$side")
			extra+=(${side}_captured="$captured" ${side}_received_by_filter="$received"
				${side}_dropped_by_kernel="$dropped")
			counted=$(( captured < counted ? captured : counted ))
			lost=$(( lost + dropped ))
		done
		lost=$(( lost + STORM_N - counted ))
		;;
	bpftrace)
		# Programs the kernel skipped because another BPF program was
		# running on that CPU (6.1 reports them per program).
		extra=(recursion_misses="$(bpftool -j prog show 2>/dev/null | python3 -c '
import json, sys
print(sum(p.get("recursion_misses", 0) for p in json.load(sys.stdin)))' || echo -1)")
		kill -INT "$pid"; wait "$pid" || true
		local sent received
		sent=$(awk -F': ' '/^@sent\[7211\]/ { s += $2 } END { print s + 0 }' "$SCRATCH/bpftrace")
		received=$(awk -F': ' '/^@received\[/ { s += $2 } END { print s + 0 }' "$SCRATCH/bpftrace")
		extra+=(sent_7211="$sent" received="$received" map_keys_max="$BPF_KEYS")
		counted=$(( sent < received ? sent : received ))
		lost=$((STORM_N - counted))
		;;
	trs)
		cpost=$(proc_of "$client") spost=$(proc_of "$server")
		local rin=$(( $(total_of "$cpost" rst_in_refused) - $(total_of "$cpre" rst_in_refused) ))
		local rout=$(( $(total_of "$spost" rst_out_refused) - $(total_of "$spre" rst_out_refused) ))
		local fail=$(( $(total_of "$cpost" open_fail_active_refused) - $(total_of "$cpre" open_fail_active_refused) ))
		extra=(rst_out_refused="$rout" rst_in_refused="$rin" open_fail_active_refused="$fail")
		counted=$(( rin < rout ? rin : rout ))
		counted=$(( fail < counted ? fail : counted ))
		lost=$((STORM_N - counted))
		;;
	*)
		counted=0 lost=0
		;;
	esac
	emit storm "$cfg" "$round" count="$STORM_N" elapsed_ns="$(jget elapsed_ns "$out")" \
		sender_user_ns="$(jget user_ns "$out")" sender_sys_ns="$(jget sys_ns "$out")" \
		cpu_busy_ns=$((b1 - b0)) sched_busy_ns=$((s1 - s0)) counted="$counted" lost="$lost" \
		"${extra[@]}"
	log "storm $cfg round $round: $(jget elapsed_ns "$out") ns, counted $counted, lost $lost"
}

section_storm() {
	local round cfg client server
	log "== storm: $STORM_N refused connects, $ROUNDS rounds"
	new_ns client
	new_ns server
	veth "$client" c0 192.0.2.1/24 "$server" s0 192.0.2.2/24
	# Round 0 warms up every configuration and is not reported: until the
	# first tcpdump, bpftrace or module round had run, a storm with
	# nothing watching took 4.8k more guest instructions per connect under
	# icount (15 %), and stayed at the lower figure for the rest of the
	# boot (not explained; Documentation/performance.rst).
	for round in $(seq 0 "$ROUNDS"); do
		# shellcheck disable=SC2086 # a list of words
		for cfg in $(rotate "$round" $STORM_CONFIGS); do
			storm_round "$cfg" "$round" "$client" "$server"
		done
	done
	mod_unload
	del_all_ns
}

# ---------------------------------------------------------------------------
# 3. Memory: at load, per namespace, tables full, and under a spoofed flood.
#    SUnreclaim (slab), VmallocUsed (module text and data, kvmalloc'd
#    buckets) and Percpu, from /proc/meminfo, in KiB.

# Packets the kernel dropped before IP saw them (a CPU's input backlog
# full), all CPUs: /proc/net/softnet_stat's second column, in hex.
softnet_drops() {
	local s=0 d
	while read -r _ d _; do s=$((s + 0x$d)); done < /proc/net/softnet_stat
	echo "$s"
}

mem_kib() { awk '/^(SUnreclaim|VmallocUsed|Percpu):/ { s += $2 } END { print s }' /proc/meminfo; }

# Let deferred frees (RCU, netns cleanup) land, and give back the slab
# caches' per-CPU and partial pages, before reading memory.
settle() {
	local f
	sleep 1
	echo 2 > /proc/sys/vm/drop_caches
	for f in /sys/kernel/slab/*/shrink; do echo 1 > "$f" 2>/dev/null || true; done
	sleep 0.2
}

section_memory() {
	local round m0 m1 m2 core cfg f peak pid out extra i k
	log "== memory"
	mod_unload
	del_all_ns
	settle
	# At load: the module alone (the initial namespace), then with 50
	# idle namespaces already there, whose state the module sets up at
	# load: the difference over 50 is the cost of one idle namespace,
	# above the noise of these counters (tens of KiB).
	for k in 0 50; do
		for i in $(seq "$k"); do new_ns idle; done
		settle
		for round in $(seq "$ROUNDS"); do
			m0=$(mem_kib)
			insmod "$KO"
			settle
			m1=$(mem_kib)
			core=$(cat /sys/module/tcpresetstat/coresize)
			rmmod tcpresetstat
			settle
			m2=$(mem_kib)
			emit mem_load "ns_$k" "$round" namespaces="$k" load_kib=$((m1 - m0)) \
				after_unload_kib=$((m2 - m0)) coresize="$core"
		done
		del_all_ns
	done
	settle

	# Every table full (default 256 rows each) in 10 namespaces: in each,
	# 600 refusals from 600 distinct addresses to 600 distinct ports.
	for round in $(seq "$ROUNDS"); do
		mod_load
		for i in $(seq 10); do new_ns f; done
		settle
		m0=$(mem_kib)
		for f in "${NS_LIST[@]}"; do
			in_ns "$f" "$RSTGEN" storm 127.1.0.1 2000 600 600 600 > /dev/null
		done
		settle
		m1=$(mem_kib)
		emit mem_full trs "$round" namespaces=10 full_kib=$(( (m1 - m0) / 10 )) \
			rows="$(get "$f" rows:ports rows:peers rows:destinations | tr '\n' ' ')"
		del_all_ns
		mod_unload
	done

	# A flood of RSTs from SPOOF_N spoofed sources to 5000 ports, with the
	# module (tables already full) and without: what the kernel itself
	# allocates meanwhile shows in both.
	for round in $(seq "$FLOOD_ROUNDS"); do
		for cfg in $(rotate "$round" none trs); do
			set_module "$cfg"
			new_ns f
			[ "$cfg" = trs ] && in_ns "$f" "$RSTGEN" storm 127.1.0.1 2000 600 600 600 > /dev/null
			settle
			local before=0 after=0
			[ "$cfg" = trs ] && before=$(get "$f" rst_in)
			local d0 d1
			d0=$(softnet_drops)
			m0=$(mem_kib)
			(while sleep 0.5; do mem_kib; done) > "$SCRATCH/mem-peak" &
			pid=$!
			out=$(in_ns "$f" "$RSTGEN" spoof 127.0.0.1 1000 "$SPOOF_N" "$SPOOF_N" 5000) || fail "spoof: $out"
			kill "$pid"; wait "$pid" 2>/dev/null || true
			m1=$(mem_kib)
			d1=$(softnet_drops)
			peak=$(sort -n "$SCRATCH/mem-peak" | tail -n1)
			settle
			m2=$(mem_kib)
			extra=()
			if [ "$cfg" = trs ]; then
				after=$(get "$f" rst_in)
				extra=(rst_in_counted=$((after - before))
				       rows="$(get "$f" rows:ports rows:peers rows:destinations | tr '\n' ' ')"
				       other_rst_in="$(get "$f" peers/other/rst_in)")
			fi
			emit mem_flood "$cfg" "$round" packets="$SPOOF_N" sources="$SPOOF_N" \
				elapsed_ns="$(jget elapsed_ns "$out")" after_kib=$((m1 - m0)) \
				peak_kib=$((${peak:-$m1} - m0)) settled_kib=$((m2 - m0)) \
				backlog_drops=$((d1 - d0)) "${extra[@]}"
			log "flood $cfg: $SPOOF_N spoofed RSTs in $(jget elapsed_ns "$out") ns, memory +$((m2 - m0)) KiB settled (peak +$((${peak:-$m1} - m0)))"
			del_all_ns
		done
	done
	mod_unload
}

# ---------------------------------------------------------------------------
# 4. Sampler: time per sample against the number of TIME_WAIT sockets.

# read_sampler PID: runs, ns_total, sockets and tw_total of PID's namespace,
# without entering it.
read_sampler() {
	awk '$1 == "sampler_runs" { r = $2 } $1 == "sampler_ns_total" { t = $2 }
	     $1 == "sampler_sockets" { s = $2 } $1 == "tw_total" { w = $2 }
	     END { print r, t, s, w }' "/proc/$1/net/tcpresetstat" 2>/dev/null
}

# tw_sysctls NS N: room for N TIME_WAIT sockets in NS, kept (no reuse),
# on ephemeral ports from a wide range.
tw_sysctls() {
	in_ns "$1" sysctl -qw net.ipv4.tcp_tw_reuse=0 net.ipv4.tcp_max_tw_buckets=$((2 * $2 + 1000)) \
		net.ipv4.ip_local_port_range="10000 65000"
}

section_sampler() {
	local n t holder r0 ns0 s0 r ns s tw i samples out start
	log "== sampler: TIME_WAIT sizes $TW_SIZES"
	mod_unload
	del_all_ns
	for n in $TW_SIZES; do
		settle
		new_ns t
		tw_sysctls "$t" "$n"
		# 2 jobs x 8 destinations: at most n/16 ports of each in use.
		start=$SECONDS
		out=$(in_ns "$t" "$TWGEN" 127.0.0.1 8000 8 "$n" 2) || fail "twgen: $out"
		log "$n TIME_WAIT sockets in $((SECONDS - start)) s"
		ip netns exec "$t" sleep 600 &
		holder=$!
		BG_PIDS+=($holder)
		# A 250 ms period gives a sample every 250 ms; a sample's cost
		# does not depend on the period.
		mod_load sample_interval_ms=250
		samples=0
		# Skip the first sample (cold caches right after load).
		for i in $(seq 100); do
			read -r r0 _ _ _ < <(read_sampler "$holder")
			[ "${r0:-0}" -ge 1 ] && break
			sleep 0.05
		done
		read -r r0 ns0 s0 _ < <(read_sampler "$holder")
		for i in $(seq 400); do
			sleep 0.05
			read -r r ns s tw < <(read_sampler "$holder")
			[ "$r" -gt "$r0" ] || continue
			samples=$((samples + 1))
			emit sampler "tw_$n" "$samples" time_wait="$n" tw_total="$tw" \
				sample_ns=$(( (ns - ns0) / (r - r0) )) sockets=$(( (s - s0) / (r - r0) )) \
				interval_ms=250
			r0=$r ns0=$ns s0=$s
			[ "$samples" -ge $((2 * ROUNDS)) ] && break
		done
		mod_unload
		# What users run instead to see TIME_WAIT per destination.
		in_ns "$t" python3 "$BENCH/cmdtime.py" "sampler_ss_$n" "$ROUNDS" \
			true=/bin/true ss="ss -Htan state time-wait" >> "$OUT"
		kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null || true
		BG_PIDS=()
		del_all_ns
	done
	for n in $NETNS; do
		sampler_netns "$n"
	done
}

# sampler_netns K: NETNS_TW TIME_WAIT sockets split over K busy
# namespaces.  One walk serves up to 8 of them, so a round (each
# namespace sampled once) visits the shared hash once per 8 namespaces:
# the round's cost summed over the namespaces, and the sockets visited.
sampler_netns() {
	local k=$1 j t i r ns s w tw samples sum socks missing start
	local -a names=() gens=() holders=() r0 ns0 s0
	settle
	for j in $(seq "$k"); do
		new_ns t
		names+=("$t")
		tw_sysctls "$t" $((NETNS_TW / k))
	done
	# All at once, so that the first sockets do not leave TIME_WAIT
	# (60 s) before the last are made; 2 jobs x 8 destinations each.
	start=$SECONDS
	for t in "${names[@]}"; do
		in_ns "$t" "$TWGEN" 127.0.0.1 8000 8 $((NETNS_TW / k)) 2 > /dev/null &
		gens+=($!)
	done
	for j in "${gens[@]}"; do wait "$j" || fail "twgen failed"; done
	for t in "${names[@]}"; do
		ip netns exec "$t" sleep 600 &
		holders+=($!)
		BG_PIDS+=($!)
	done
	log "sampler: $k namespaces with $((NETNS_TW / k)) TIME_WAIT each, made in $((SECONDS - start)) s"
	mod_load sample_interval_ms=250
	# Skip the first samples: the namespaces line up in the first walks.
	for i in $(seq 100); do
		read -r r _ _ _ < <(read_sampler "${holders[0]}")
		[ "${r:-0}" -ge 3 ] && break
		sleep 0.05
	done
	for samples in $(seq "$ROUNDS"); do
		for j in "${!holders[@]}"; do
			read -r r0[j] ns0[j] s0[j] _ < <(read_sampler "${holders[j]}")
		done
		for i in $(seq 400); do
			sleep 0.05
			read -r r _ _ _ < <(read_sampler "${holders[0]}")
			[ "$r" -ge $((r0[0] + 2)) ] && break
		done
		sum=0 socks=0 tw=0 missing=0
		for j in "${!holders[@]}"; do
			read -r r ns s w < <(read_sampler "${holders[j]}")
			if [ "$r" -le "${r0[j]}" ]; then missing=$((missing + 1)); continue; fi
			sum=$((sum + (ns - ns0[j]) / (r - r0[j])))
			socks=$((socks + (s - s0[j]) / (r - r0[j])))
			tw=$((tw + w))
		done
		if [ "$missing" -gt 0 ]; then
			log "sampler: $missing of $k namespaces not sampled in round $samples"
			continue
		fi
		# Sockets made first leave TIME_WAIT after 60 s: only whole rounds.
		if [ "$tw" -ne "$NETNS_TW" ]; then
			log "sampler: $tw TIME_WAIT of $NETNS_TW left in round $samples, stopped"
			break
		fi
		emit sampler_netns "netns_$k" "$samples" netns="$k" time_wait="$NETNS_TW" \
			tw_total="$tw" round_ns="$sum" round_sockets="$socks" interval_ms=250
	done
	mod_unload
	kill "${holders[@]}" 2>/dev/null; wait "${holders[@]}" 2>/dev/null || true
	BG_PIDS=()
	del_all_ns
}

# ---------------------------------------------------------------------------
# 5. Read path: the CLI's netlink dump and a /proc read of full big tables.

# timed_reads NS LABEL: the CLI, cat and an in-process read of /proc, with
# /bin/true for the cost of starting a process, alternating, in NS.
timed_reads() {
	in_ns "$1" python3 "$BENCH/cmdtime.py" "read_$2" "$((2 * ROUNDS))" \
		true=/bin/true cli="$CLI -j" cat="cat /proc/tcpresetstat" \
		read=@read:/proc/tcpresetstat >> "$OUT"
}

section_readpath() {
	local n=$((READ_ROWS + 200)) r rows
	log "== read path: ports_max=$READ_ROWS peers_max=$READ_ROWS"
	del_all_ns
	mod_load ports_max="$READ_ROWS" peers_max="$READ_ROWS"
	new_ns r
	timed_reads "$r" empty
	run in_ns "$r" "$RSTGEN" storm 127.1.0.1 2000 "$n" "$n" "$n" > /dev/null
	rows=$(get "$r" rows:ports rows:peers rows:destinations | tr '\n' ' ')
	log "rows (ports peers destinations): $rows"
	emit read_rows trs 1 rows="$rows"
	timed_reads "$r" full
	# How many times seq_file calls the show function for one read of
	# the full tables (it starts with one page and doubles on overflow).
	BPFTRACE_MAP_KEYS_MAX=16 bpftrace -e 'BEGIN { printf("ready\n"); }
		kprobe:trs_proc_show { @show = count(); }
		kprobe:trs_table_snapshot { @snapshot = count(); }' > "$SCRATCH/bt-show" 2>&1 &
	local pid=$!
	wait_for "$SCRATCH/bt-show" "^ready"
	in_ns "$r" cat /proc/tcpresetstat > /dev/null
	kill -INT "$pid"; wait "$pid" || true
	emit read_show_calls trs 1 show=$(awk -F': ' '/^@show/ { print $2 }' "$SCRATCH/bt-show") \
		snapshot=$(awk -F': ' '/^@snapshot/ { print $2 }' "$SCRATCH/bt-show")
	mod_unload
	del_all_ns
}

# ---------------------------------------------------------------------------
# 6. Profile of the storm with the module loaded (perf, software clock).

# perf_syms DATA: "samples symbol" per symbol, self time, all CPUs.
perf_syms() {
	perf report -i "$1" --no-children --sort sym --stdio -n -g none 2>/dev/null |
		awk '!/^#/ && $1 ~ /%$/ { print $2, $NF }'
}

section_profile() {
	local client server cfg
	command -v perf > /dev/null || { log "no perf: profile skipped"; return 0; }
	log "== profile: the storm with the module unloaded and loaded (perf, 4 kHz)"
	new_ns client
	new_ns server
	veth "$client" c0 192.0.2.1/24 "$server" s0 192.0.2.2/24
	in_ns "$client" "$RSTGEN" storm 192.0.2.2 7211 1000 > /dev/null
	for cfg in none trs; do
		set_module "$cfg"
		if ! perf record -a -g -F 4000 -o "$SCRATCH/perf-$cfg.data" -- \
			ip netns exec "$client" "$RSTGEN" storm 192.0.2.2 7211 "$STORM_N" \
			> "$SCRATCH/perf.log" 2>&1; then
			log "perf record failed: $(tail -n 3 "$SCRATCH/perf.log")"
			mod_unload; del_all_ns; return 0
		fi
		perf_syms "$SCRATCH/perf-$cfg.data" > "$SCRATCH/syms-$cfg"
	done
	# Where the added samples are: per symbol, loaded minus unloaded.
	awk 'NR == FNR { none[$2] = $1; next } { d = $1 - none[$2]; delete none[$2]; print d, $1, $2 }
	     END { for (s in none) print -none[s], 0, s }' "$SCRATCH/syms-none" "$SCRATCH/syms-trs" |
		sort -rn > "$TRS_OUT/profile-storm-diff.txt"
	perf report -i "$SCRATCH/perf-trs.data" --children --sort sym --stdio -g none 2>/dev/null |
		grep '%' | grep -v '^#' > "$SCRATCH/perf-children.txt" || true
	grep -E '\] (trs_|nf_hook_slow)' "$SCRATCH/perf-children.txt" > "$TRS_OUT/profile-storm-trs.txt" || true
	# Samples: all and busy (not idle) in each run, the module's own
	# functions (trs_*, and nf_hook_slow, which runs only because the
	# module registered hooks), and the module with its callees
	# (hsiphash...) from the call graph.  The hooks' RST path runs under
	# nf_hook_slow; trs_probe_set_state ends in a tail call, so it and
	# trs_probe_closed are never both on the stack: add them.
	emit profile trs 1 count="$STORM_N" hz=4000 $(awk '
		FILENAME ~ /none$/ && $2 !~ /^(native_safe_halt|default_idle|acpi_idle|poll_idle)/ { bn += $1 }
		FILENAME ~ /trs$/ { all += $1 }
		FILENAME ~ /trs$/ && $2 !~ /^(native_safe_halt|default_idle|acpi_idle|poll_idle)/ { bt += $1 }
		FILENAME ~ /trs$/ && ($2 ~ /^trs_/ || $2 == "nf_hook_slow") { m += $1 }
		END { printf "busy_samples_none=%d busy_samples_trs=%d all_samples_trs=%d module_self_samples=%d", bn, bt, all, m }' \
		"$SCRATCH/syms-none" "$SCRATCH/syms-trs") $(awk '
		{ p = $1; sub("%", "", p); c[$NF] = p }
		END {
			t = c["nf_hook_slow"] + c["trs_walk_work"]
			t += c["trs_probe_set_state"] + c["trs_probe_closed"]
			t += c["trs_probe_receive_reset"]
			printf "module_children_pct=%.3f", t
		}' "$SCRATCH/perf-children.txt")
	del_all_ns

	# Bulk traffic over loopback with the module loaded: the share of the
	# module's hooks in all busy samples.
	new_ns lo
	ip netns exec "$lo" iperf3 -s -B 127.0.0.1 > /dev/null 2>&1 &
	BG_PIDS+=($!)
	wait_listen "$lo" 5201
	perf record -a -g -F 4000 -o "$SCRATCH/perf-bulk.data" -- \
		ip netns exec "$lo" iperf3 -c 127.0.0.1 -t "$BULK_SECS" > /dev/null 2>&1 ||
		log "perf record (bulk) failed"
	perf_syms "$SCRATCH/perf-bulk.data" > "$SCRATCH/syms-bulk"
	perf report -i "$SCRATCH/perf-bulk.data" --children --sort sym --stdio -g none 2>/dev/null |
		grep '%' | grep -v '^#' > "$SCRATCH/perf-bulk-children.txt" || true
	grep -E '\] (trs_|nf_hook_slow)' "$SCRATCH/perf-bulk-children.txt" > "$TRS_OUT/profile-bulk-trs.txt" || true
	emit profile_bulk trs 1 $(awk '
		$2 !~ /^(native_safe_halt|default_idle|acpi_idle|poll_idle)/ { busy += $1 }
		$2 ~ /^trs_/ || $2 == "nf_hook_slow" { m += $1 }
		END { printf "busy_samples=%d module_self_samples=%d", busy, m }' "$SCRATCH/syms-bulk") $(awk '
		{ p = $1; sub("%", "", p); c[$NF] = p }
		END { printf "nf_hook_slow_children_pct=%.3f", c["nf_hook_slow"] }' "$SCRATCH/perf-bulk-children.txt")
	kill "${BG_PIDS[@]}" 2>/dev/null; wait 2>/dev/null || true; BG_PIDS=()
	mod_unload
	del_all_ns
}

# ---------------------------------------------------------------------------

echo "guest $(uname -r), $(nproc) vCPUs, $(awk '/MemTotal/ { print $2 }' /proc/meminfo) KiB" >&2
emit machine guest 0 kernel="$(uname -r)" vcpus="$(nproc)" \
	mem_kib="$(awk '/MemTotal/ { print $2 }' /proc/meminfo)" \
	ehash_max_tw="$(sysctl -n net.ipv4.tcp_max_tw_buckets)"
out=$("$BENCH/calib" 16) && emit calib guest 0 mib=16 ns_per_step="$(jget ns_per_step "$out")"
out=$("$BENCH/calib" 1) && emit calib guest 0 mib=1 ns_per_step="$(jget ns_per_step "$out")"

[ $# -gt 0 ] || set -- bulk storm memory sampler readpath profile
for s in "$@"; do
	start=$SECONDS
	"section_$s"
	log "== $s took $((SECONDS - start)) s"
	emit duration "$s" 0 seconds=$((SECONDS - start))
done
