#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One walk of the shared hashes serves every busy namespace:
#
#   [ a: clients -> lo -> 127.0.0.1:7900: 600 in TIME_WAIT;
#        a listener on 127.0.0.1:7901, backlog 3 ]
#   [ b: the same with 300, backlog 5 ]
#   [ c: the same with 150, backlog 7 ]
#   [ d: no TCP socket ]
#
# The keys are the same in a, b and c; each must count only its own
# sockets.  The hashes are shared, so every walk visits all 1053 sockets
# (ss -a in every namespace must add up to that).  A walk serving the
# three charges each a third: sampler_sockets grows by 351 per
# sampler_runs in each.  A walk per namespace would charge 1053.  d takes
# no part in a walk (sampler_sockets stays 0) and is still sampled.  Then
# b and c go away: a's walks are its own, 601 per run.
. "$(dirname "$0")/../lib.sh"
require_module
new_ns a; new_ns b; new_ns c; new_ns d

# Every TCP socket of every namespace there is.
sockets_all() {
	local n=0 ns
	for ns in "" $(ip netns list | cut -d' ' -f1); do
		n=$((n + $(in_ns "$ns" ss -Htan | wc -l)))
	done
	echo $n
}

# per_run NS: sampler_sockets charged to NS per sampler_runs, over the
# next run or runs (waits for one, at most 5 s); "S/R" if not a whole
# number.
per_run() {
	local r1 s1 r2 s2 i
	read -r r1 s1 < <(get "$1" sampler_runs sampler_sockets | paste -sd' ')
	for i in $(seq 50); do
		read -r r2 s2 < <(get "$1" sampler_runs sampler_sockets | paste -sd' ')
		[ "$r2" -gt "$r1" ] && break
		sleep 0.1
	done
	if [ "$r2" -eq "$r1" ]; then echo "no-run"
	elif [ $(((s2 - s1) % (r2 - r1))) -eq 0 ]; then echo $(((s2 - s1) / (r2 - r1)))
	else echo "$((s2 - s1))/$((r2 - r1))"; fi
}

# Poll (25 s, well before the first TIME_WAIT expires): namespaces with
# the same interval share every walk once the first walk after the last
# new namespace has lined them up.
shares() {
	local want=$1 all got ns each=; shift
	local deadline=$((SECONDS + 25))
	for ns in "$@"; do each+="${each:+ }$((want / $#))"; done
	while :; do
		all=$(sockets_all)
		got=$(for ns in "$@"; do per_run "$ns"; done | paste -sd' ')
		[ "$all" = "$want" ] && [ "$got" = "$each" ] && break
		[ $SECONDS -lt $deadline ] || break
	done
	echo "$all|$got"
}

# A deleted namespace still alive (orphans retransmitting keep it) is
# busy and shares the walks, but ss cannot see it.  First, with only a's
# listener: a must be charged exactly the sockets ss sees, alone.
start_listener "$a" 127.0.0.1 7901 3
deadline=$((SECONDS + 30))
while :; do
	all=$(sockets_all) got=$(per_run "$a")
	[ "$got" = "$all" ] && break
	[ $SECONDS -lt $deadline ] ||
		fail "a busy namespace ss cannot see: a alone is charged $got sockets per run, ss sees $all"
done
log "a alone: charged $got per run, ss sees $all"

for ns in "$a" "$b" "$c"; do run in_ns "$ns" sysctl -qw net.ipv4.tcp_tw_reuse=0; done
start=$SECONDS
run in_ns "$a" $TCP time_wait 127.0.0.1 7900 600
run in_ns "$b" $TCP time_wait 127.0.0.1 7900 300
run in_ns "$c" $TCP time_wait 127.0.0.1 7900 150
start_listener "$b" 127.0.0.1 7901 5
pid_b=${BG_PIDS[-1]}
start_listener "$c" 127.0.0.1 7901 7
pid_c=${BG_PIDS[-1]}
log "made in $((SECONDS - start)) s"
dest="destinations/127.0.0.1 127.0.0.1 7900"

IFS='|' read -r all got < <(shares 1053 "$a" "$b" "$c")
assert_eq "sockets in all namespaces" "$all" 1053
assert_eq "sampler_sockets per run in a, b, c" "$got" "351 351 351"
mapfile -t va < <(get "$a" "$dest/tw" tw_total ports/7901/listen_max)
mapfile -t vb < <(get "$b" "$dest/tw" tw_total ports/7901/listen_max)
mapfile -t vc < <(get "$c" "$dest/tw" tw_total ports/7901/listen_max)
assert_eq "a: tw, tw_total, listen_max" "${va[*]}" "600 600 3"
assert_eq "b: tw, tw_total, listen_max" "${vb[*]}" "300 300 5"
assert_eq "c: tw, tw_total, listen_max" "${vc[*]}" "150 150 7"
mapfile -t vd < <(get "$d" sampler_runs sampler_sockets tw_total rows:destinations)
[ "${vd[0]}" -gt 0 ] || fail "d: sampler_runs ${vd[0]}, want > 0"
assert_eq "d: sampler_sockets, tw_total, destination rows" "${vd[*]:1}" "0 0 1"

# Their listeners hold b and c: they go first.
run kill "$pid_b" "$pid_c"
run ip netns del "$b"
run ip netns del "$c"
IFS='|' read -r all got < <(shares 601 "$a")
assert_eq "sockets in all namespaces, b and c gone" "$all" 601
assert_eq "sampler_sockets per run in a alone" "$got" 601
mapfile -t va < <(get "$a" "$dest/tw" ports/7901/listen_max)
assert_eq "a: tw, listen_max" "${va[*]}" "600 3"
