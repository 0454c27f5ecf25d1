#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The netlink fuzzer (tests/fuzz/nlfuzz.c, built on the host by
# make -C tests/fuzz) against the family, as root and as a user:
#
#   [ ns: 300 connects refused on lo (ports 2000-2299, some over ::1):
#         256 port rows + other, peers 127.0.0.1 and ::1, destinations;
#         idle_timeout 0, sample_interval_ms 0: nothing moves by itself ]
#     nlfuzz -m root        root of the host, in ns
#     nlfuzz -m user        nobody, as root of a user namespace it made
#                           (unshare -U -r): no CAP_NET_ADMIN over ns
#   each with a scratch namespace of its own that it may change at will
#
# Every request must be answered as the kernel must answer it (nlfuzz
# checks each answer and ns's counters as it goes), and afterwards
# /proc/tcpresetstat of ns must read byte for byte as before: in ns the
# counters change only through a valid reset or config from root, and
# root's buffers that could do either go to the scratch namespace.
# TRS_FUZZ_SEED (default below) and TRS_FUZZ_COUNT (buffers per mode,
# default 10000) change the run; a failure prints the seed, the buffer's
# index and its bytes.  TRS_FUZZ_PARALLEL=1 (tests/vm/nl_fuzz_long.sh)
# then runs both modes once more at the same time, with the next seed.
. "$(dirname "$0")/../lib.sh"
require_module
fuzz=$TOP/tests/fuzz/nlfuzz
[ -x "$fuzz" ] || fail "$fuzz is missing: build it on the host first (make -C tests/fuzz)"
seed=${TRS_FUZZ_SEED:-20261204}
count=${TRS_FUZZ_COUNT:-10000}
GENL="python3 -S $VMDIR/genl.py"

new_ns ns
run in_ns "$ns" $GENL config idle_timeout=0 sample_interval_ms=0 > /dev/null
refused=$(in_ns "$ns" python3 -S -c '
import socket
n = 0
for i in range(300):
    fam, host = (socket.AF_INET6, "::1") if i % 10 == 9 else (socket.AF_INET, "127.0.0.1")
    s = socket.socket(fam, socket.SOCK_STREAM)
    try:
        s.connect((host, 2000 + i))
    except ConnectionRefusedError:
        n += 1
    s.close()
print(n)')
assert_eq "connects refused" "$refused" 300
assert_eq "ports rows" "$(rows ports "$ns")" 257
before=$(in_ns "$ns" cat /proc/tcpresetstat)

log "root: $count buffers, seed $seed"
start=$SECONDS
run in_ns "$ns" "$fuzz" -m root -n "$count" -s "$seed" || fail "nlfuzz -m root -s $seed failed"
log "root: $((SECONDS - start))s"
assert_eq "root: /proc/tcpresetstat unchanged" "$(in_ns "$ns" cat /proc/tcpresetstat)" "$before"

nobody() { in_ns "$ns" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }
if nobody unshare -U -r true 2>/dev/null; then
	user="unshare -U -r"
else
	log "nobody cannot make a user namespace here: running as plain nobody"
	user=
fi
log "user: $count buffers, seed $seed"
start=$SECONDS
# shellcheck disable=SC2086 # $user: a command and its options, or nothing
run nobody $user "$fuzz" -m user -n "$count" -s "$seed" || fail "nlfuzz -m user -s $seed failed"
log "user: $((SECONDS - start))s"
assert_eq "user: /proc/tcpresetstat unchanged" "$(in_ns "$ns" cat /proc/tcpresetstat)" "$before"

[ "${TRS_FUZZ_PARALLEL:-0}" = 1 ] || exit 0
seed=$((seed + 1))
log "root and user at once: $count buffers each, seed $seed"
start=$SECONDS
out_root=$(mktemp) out_user=$(mktemp)
in_ns "$ns" "$fuzz" -m root -n "$count" -s "$seed" > "$out_root" 2>&1 &
BG_PIDS+=($!)
pid_root=$!
# shellcheck disable=SC2086 # as above
nobody $user "$fuzz" -m user -n "$count" -s "$seed" > "$out_user" 2>&1 &
BG_PIDS+=($!)
pid_user=$!
rc_root=0 rc_user=0
wait "$pid_root" || rc_root=$?
wait "$pid_user" || rc_user=$?
BG_PIDS=()
cat "$out_root" "$out_user"
log "at once: $((SECONDS - start))s"
assert_eq "at once: nlfuzz exit codes (root user)" "$rc_root $rc_user" "0 0"
assert_eq "at once: /proc/tcpresetstat unchanged" "$(in_ns "$ns" cat /proc/tcpresetstat)" "$before"
