# SPDX-License-Identifier: GPL-2.0
# Sourced in the guest (tests.sh, selftest/guest.sh): kmemleak's rule.  On
# a kernel with kmemleak (the debug kernel), whatever leaks between
# kmemleak_forget and kmemleak_check fails the run.
KMEMLEAK=/sys/kernel/debug/kmemleak

have_kmemleak() { [ -w $KMEMLEAK ]; }

# What leaked so far (boot's leftovers) is not ours: the first scan finds
# it, the clear forgets it.
kmemleak_forget() {
	have_kmemleak || return 0
	echo scan > $KMEMLEAK && echo clear > $KMEMLEAK || echo "kmemleak: cannot scan"
}

# 0 if nothing leaked since kmemleak_forget, else the report and 1.  Two
# scans: an object is reported once it was unreferenced in a scan and is
# older than kmemleak's minimum age (5 s, waited first).  A module's frames
# no longer resolve to names once it is gone: addresses print as they are.
kmemleak_check() {
	local leaks
	sleep 5
	echo scan > $KMEMLEAK
	echo scan > $KMEMLEAK
	leaks=$(cat $KMEMLEAK)
	[ -z "$leaks" ] && return 0
	echo "$leaks" | head -n 100
	echo "kmemleak: $(grep -c '^unreferenced object' <<<"$leaks") objects leaked"
	return 1
}
