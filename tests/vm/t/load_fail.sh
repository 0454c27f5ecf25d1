#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A load that fails in one namespace must leave nothing behind:
#
#   [ init, p, q: nothing ]
#   [ full: 1024 nft base chains on ip input, netfilter's limit per hook ]
#
# The module's init succeeds in the initial namespace, p and q, each
# first sample queues the sampler's work, then the hooks cannot be
# registered in full (E2BIG) and the load fails.  The work and its timer
# live in the module: they must be gone with it, not fire into freed
# memory at the next sample, 1 s later.  Then, with full's chains
# flushed, the module loads and samples in every namespace.
. "$(dirname "$0")/../lib.sh"
require_module
command -v nft >/dev/null || skip "nft not installed"
trap 'cleanup_ns; [ -e /proc/tcpresetstat ] || insmod "$KO"' EXIT
new_ns p; new_ns q; new_ns full
# The module's own hook would be one of the 1024.
run rmmod tcpresetstat
in_ns "$full" nft add table ip t || skip "nf_tables not available"
for i in $(seq 0 1023); do
	echo "add chain ip t c$i { type filter hook input priority $i; }"
done | in_ns "$full" nft -f - || fail "1024 base chains on input"
lines=$(dmesg | wc -l)

set +e
out=$(insmod "$KO" 2>&1); rc=$?
set -e
log "insmod: $out"
[ $rc -ne 0 ] || fail "insmod succeeded with 1024 hooks on input in $full"
case $out in *"Argument list too long"*) echo "ok: E2BIG" ;; *) fail "insmod: $out" ;; esac
assert_eq "module gone" "$(grep -c '^tcpresetstat ' /proc/modules)" 0
for ns in "" "$p" "$q" "$full"; do
	in_ns "$ns" test ! -e /proc/net/tcpresetstat || fail "${ns:-init}: /proc/net/tcpresetstat left"
done
echo "ok: no /proc/net/tcpresetstat left"

# The sampler's timer, armed for the next sample 1 s after the last one,
# would fire then: watch the log for 3 s (bounded; there is nothing else
# to wait for).
for i in $(seq 30); do
	dmesg | tail -n +$((lines + 1)) | grep -E 'BUG|Oops|WARNING|general protection' &&
		fail "the kernel complained after the failed load"
	sleep 0.1
done
echo "ok: nothing in the kernel log after the failed load"

run in_ns "$full" nft flush ruleset
run insmod "$KO"
for ns in "" "$p" "$q" "$full"; do await_sampled "$ns" 0; done
echo "ok: loaded and sampled in every namespace"
