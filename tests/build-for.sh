#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/build-for.sh KERNEL OUT: build the module for KERNEL (a name of
# scripts/kernels.sh list) in a copy of its own under OUT, with W=1, and
# the test controls (tests/vm/control: trs_hold.ko for t/reload_storm.sh)
# beside it in OUT/control.  Builds for different kernels never share
# objects.  The log is OUT/build.log; exit 1 if either build fails or the
# module's warns (the controls are test tools: only their failure counts).
# For the guest: TRS_KO=OUT/kmod/tcpresetstat.ko
# TRS_HOLD_KO=OUT/control/trs_hold.ko.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# = 2 ] || { echo "usage: $0 KERNEL OUT" >&2; exit 2; }
k=$1 out=$2
rm -rf "$out"
mkdir -p "$out"
cp -a "$top/Kbuild" "$top/kmod" "$out/"
cp -a "$top/tests/vm/control" "$out/control"
find "$out" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \
	-o -name modules.order -o -name Module.symvers \) -delete
log=$out/build.log
"$top/scripts/kernels.sh" make "$k" -j"$(nproc)" M="$out" W=1 modules > "$log" 2>&1 &&
	! grep -E 'warning|error|ERROR' "$log" > /dev/null || exit 1
"$top/scripts/kernels.sh" make "$k" -j"$(nproc)" M="$out/control" modules >> "$log" 2>&1
