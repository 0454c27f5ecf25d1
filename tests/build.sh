#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build hygiene: the module builds from a clean copy with W=1, also without
# IPv6, and sparse (C=1) with no warning at all, and checkpatch is clean on
# kmod/ (when the KUnit cache has a kernel tree to take checkpatch.pl from).
top=$(cd "$(dirname "$0")/.." && pwd)
kdir=${KDIR:-$("$top/scripts/kdir.sh")} || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -a "$top/Kbuild" "$top/kmod" "$tmp/"
# No objects: each build below compiles everything, under its own options.
clean() { rm -f "$tmp"/kmod/*.o "$tmp"/kmod/.*.cmd; }
clean

failed=0
# Both cores: the builds below are most of this runner's time.
jobs=$(nproc)
check() { # check NAME LOGFILE: PASS when the log has no warning or error
	if grep -E 'warning|error|ERROR' "$2" >/dev/null; then
		echo "FAIL: build/$1"; failed=1
		grep -E 'warning|error|ERROR' -A3 "$2" | head -n 30
	else
		echo "PASS: build/$1"
	fi
}
make -C "$kdir" M="$tmp" -j"$jobs" W=1 modules > "$tmp/w1.log" 2>&1 || echo "error: build failed" >> "$tmp/w1.log"
check w1 "$tmp/w1.log"
# The module of a kernel without tracepoints and kretprobes (OpenWrt's;
# kmod/compat.h), built here against headers that have them; the first
# build is also without conntrack (no forwarded table: forward.c).
noprobes="-DTRS_HAVE_TRACEPOINTS=0 -DTRS_HAVE_KRETPROBES=0"
clean
make -C "$kdir" M="$tmp" -j"$jobs" W=1 KCFLAGS="$noprobes -DTRS_HAVE_CONNTRACK=0" modules \
	> "$tmp/noprobes.log" 2>&1 ||
	echo "error: build failed" >> "$tmp/noprobes.log"
check w1-noprobes "$tmp/noprobes.log"
# Kconfig allows the module without IPv6 (embedded routers), which Debian's
# kernel has: the same headers with every IPv6 option taken out of their
# configuration, enough to compile and to find undefined symbols (modpost).
kdir6=$(mktemp -d)
trap 'rm -rf "$tmp" "$kdir6"' EXIT
cp -a "$(readlink -f "$kdir")/." "$kdir6"
clean
sed -i -E '/CONFIG_[A-Z0-9_]*(IPV6|IP6|INET6)[A-Z0-9_]*/d' \
	"$kdir6/include/generated/autoconf.h" "$kdir6/include/config/auto.conf"
make -C "$kdir6" M="$tmp" -j"$jobs" W=1 modules > "$tmp/noipv6.log" 2>&1 || echo "error: build failed" >> "$tmp/noipv6.log"
grep -q IPV6 "$kdir6/include/generated/autoconf.h" && echo "error: IPv6 still configured" >> "$tmp/noipv6.log"
check w1-noipv6 "$tmp/noipv6.log"
# A router's usual kernel: neither IPv6 nor probes.
clean
make -C "$kdir6" M="$tmp" -j"$jobs" W=1 KCFLAGS="$noprobes" modules > "$tmp/noipv6p.log" 2>&1 ||
	echo "error: build failed" >> "$tmp/noipv6p.log"
check w1-noipv6-noprobes "$tmp/noipv6p.log"
clean
if command -v sparse >/dev/null; then
	make -C "$kdir" M="$tmp" -j"$jobs" C=1 modules > "$tmp/sparse.log" 2>&1 || echo "error: build failed" >> "$tmp/sparse.log"
	check sparse "$tmp/sparse.log"
else
	echo "SKIP: build/sparse (sparse not installed)"
fi
cp=${XDG_CACHE_HOME:-$HOME/.cache}/tcpresetstat/linux-source-6.1/scripts/checkpatch.pl
if [ -f "$cp" ]; then
	(cd "$top" && perl "$cp" --no-tree --terse --show-types \
		--ignore SPDX_LICENSE_TAG,FILE_PATH_CHANGES,LINUX_VERSION_CODE \
		-f kmod/*.c kmod/*.h kmod/uapi/*.h) > "$tmp/cp.log" 2>&1
	if grep -E 'ERROR|WARNING' "$tmp/cp.log" >/dev/null; then
		echo "FAIL: build/checkpatch"; failed=1; grep -E 'ERROR|WARNING' "$tmp/cp.log" | head -n 20
	else
		echo "PASS: build/checkpatch"
	fi
else
	echo "SKIP: build/checkpatch (no kernel tree in the cache yet)"
fi
exit $failed
