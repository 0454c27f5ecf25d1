#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One walk of the shared hashes serves every busy namespace:
#
#   [ a: clients -> lo -> 127.0.0.1:7900: 600 in TIME_WAIT ]
#   [ b: clients -> lo -> 127.0.0.1:7900: 300 in TIME_WAIT ]
#   [ c: clients -> lo -> 127.0.0.1:7900: 150 in TIME_WAIT ]
#   [ d: no TCP socket ]
#
# The destination's key is the same in a, b and c; each must count only
# its own sockets.  The established hash is shared, so every walk visits
# all 1050 sockets (ss -a in every namespace must add up to that).  A
# walk serving the three charges each a third: sampler_sockets grows by
# 350 per sampler_runs in each.  A walk per namespace would charge 1050.
# d takes no part in a walk (sampler_sockets stays 0) and is still
# sampled.  Then b and c go away: a's walks are its own, 600 per run.
. "$(dirname "$0")/../lib.sh"
require_module
new_ns a; new_ns b; new_ns c; new_ns d
for ns in "$a" "$b" "$c"; do run in_ns "$ns" sysctl -qw net.ipv4.tcp_tw_reuse=0; done
start=$SECONDS
run in_ns "$a" $TCP time_wait 127.0.0.1 7900 600
run in_ns "$b" $TCP time_wait 127.0.0.1 7900 300
run in_ns "$c" $TCP time_wait 127.0.0.1 7900 150
log "made in $((SECONDS - start)) s"
dest="destinations/127.0.0.1 127.0.0.1 7900"

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
	local want=$1 all got ns; shift
	local deadline=$((SECONDS + 25))
	while :; do
		all=$(sockets_all)
		got=$(for ns in "$@"; do per_run "$ns"; done | paste -sd' ')
		[ "$all" = "$want" ] && [ "$got" = "$(printf "$((want / $#)) %.0s" "$@" | sed 's/ $//')" ] && break
		[ $SECONDS -lt $deadline ] || break
	done
	echo "$all|$got"
}

IFS='|' read -r all got < <(shares 1050 "$a" "$b" "$c")
assert_eq "sockets in all namespaces" "$all" 1050
assert_eq "sampler_sockets per run in a, b, c" "$got" "350 350 350"
mapfile -t va < <(get "$a" "$dest/tw" tw_total)
mapfile -t vb < <(get "$b" "$dest/tw" tw_total)
mapfile -t vc < <(get "$c" "$dest/tw" tw_total)
assert_eq "a: tw, tw_total" "${va[*]}" "600 600"
assert_eq "b: tw, tw_total" "${vb[*]}" "300 300"
assert_eq "c: tw, tw_total" "${vc[*]}" "150 150"
mapfile -t vd < <(get "$d" sampler_runs sampler_sockets tw_total rows:destinations)
[ "${vd[0]}" -gt 0 ] || fail "d: sampler_runs ${vd[0]}, want > 0"
assert_eq "d: sampler_sockets, tw_total, destination rows" "${vd[*]:1}" "0 0 1"

run ip netns del "$b"
run ip netns del "$c"
IFS='|' read -r all got < <(shares 600 "$a")
assert_eq "sockets in all namespaces, b and c gone" "$all" 600
assert_eq "sampler_sockets per run in a alone" "$got" 600
assert_eq "a: tw" "$(get "$a" "$dest/tw")" 600
