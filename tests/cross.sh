#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/cross.sh [ARCH...]: the module cross-built, with W=1, for the
# routers' architectures, against Debian's own headers for them (bookworm,
# 6.1): armhf (armmp), arm64 and mipsel (4kc-malta), and armhf's 6.12
# from bookworm-backports (armhf-6.12: the reasons' code of 6.10 and
# later, whose marks are one word on 32-bit).  Prints one
# "PASS: cross/ARCH" or "FAIL: cross/ARCH" line each, and for the 32-bit
# ones whether the module is free of 64-bit atomics (cross/ARCH/no-atomic64).
#
# The headers come with a private apt configuration for those
# architectures (lists and debs under ~/.cache/tcpresetstat/cross; the
# machine's dpkg architectures are left alone), unpacked there and used
# with the host's linux-kbuild-6.1 (6.12: its own; scripts/deps.sh cross installs the
# compilers).  Building is all this checks: tests/arch.sh boots them.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/foreign.sh"
cache=$foreign_cache
[ $# -gt 0 ] || set -- armhf arm64 mipsel armhf-6.12

foreign_lists > "$cache.log" 2>&1 || { mkdir -p "$cache"; tail "$cache.log"; echo "FAIL: cross/apt-lists"; exit 1; }
failed=0
for a; do
	out=$cache/build/$a
	if ! h=$(foreign_headers "$a" 2>> "$cache.log"); then
		tail -n 5 "$cache.log"
		echo "FAIL: cross/$a (no headers)"
		failed=1
		continue
	fi
	foreign_lock "$a"
	if foreign_module "$a" "$h"; then
		echo "PASS: cross/$a ($(basename "$h"), $(stat -c %s "$out/kmod/tcpresetstat.ko") bytes)"
	else
		grep -E 'warning|error|ERROR' "$out/build.log" | head -n 20
		echo "FAIL: cross/$a"
		failed=1
		foreign_unlock
		continue
	fi
	# No 64-bit atomics in a 32-bit module (kmod/counter.h): MIPS32's are
	# calls to lib/atomic64.c (a spinlock, interrupts off), ARM's ldrexd.
	case $a in
	mipsel)	n=$("${prefix[$a]}nm" -u "$out/kmod/tcpresetstat.ko" | grep -c atomic64) ;;
	armhf*)	n=$("${prefix[$a]}objdump" -d "$out/kmod/tcpresetstat.ko" |
			grep -cE '[[:space:]](ldrexd|strexd)[[:space:]]') ;;
	*)	foreign_unlock; continue ;;
	esac
	foreign_unlock
	if [ "$n" = 0 ]; then
		echo "PASS: cross/$a/no-atomic64"
	else
		echo "FAIL: cross/$a/no-atomic64 ($n 64-bit atomic operations)"
		failed=1
	fi
done
exit $failed
