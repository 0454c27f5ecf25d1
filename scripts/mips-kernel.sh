#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The big-endian MIPS kernel of make check-arch: Debian has none, so it is
# built from Debian's linux-source-6.1 (scripts/linux-source.sh 6.1) with
# gcc-mips-linux-gnu, allnoconfig plus tests/mips.config (qemu's malta
# board), in ~/.cache/tcpresetstat/kernels/mips/build.  Rebuilt only when
# the fragment, this script or the source changes.
#
#   scripts/mips-kernel.sh build     build if needed; prints nothing on stdout
#   scripts/mips-kernel.sh kdir      the build directory (make -C DIR M=...)
#   scripts/mips-kernel.sh image     the vmlinux qemu's malta boots
#   scripts/mips-kernel.sh release   the kernel release (uname -r)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tcpresetstat
d=$cache/kernels/mips
build=$d/build
fragment=$top/tests/mips.config
kmake=(ARCH=mips CROSS_COMPILE=mips-linux-gnu-)

say() { echo "mips-kernel: $*" >&2; }
die() { say "$*"; exit 1; }

want_stamp() {
	{ cat "$fragment" "$0"; cat "$cache/linux-source-6.1/.trs-stamp" 2>/dev/null; } |
		sha256sum | cut -d' ' -f1
}

built() {
	[ -s "$d/stamp" ] && [ "$(cat "$d/stamp")" = "$(want_stamp)" ] &&
		[ -s "$build/vmlinux" ] && [ -s "$build/Module.symvers" ] && [ -s "$d/release" ]
}

do_build() {
	local src log kind start
	# One heavy job (a VM or a kernel build) at a time on this machine;
	# KUnit, which holds it too, is the 6.1 tree's other user.
	exec 9>"${TMPDIR:-/tmp}/tcpresetstat-heavy.lock"
	flock -n 9 || { say "waiting for the heavy-job lock"; flock 9; }
	built && return 0
	src=$("$top/scripts/linux-source.sh" 6.1)
	mkdir -p "$build"
	log=$build/build.log
	KCONFIG_ALLCONFIG=$fragment make -C "$src" O="$build" "${kmake[@]}" allnoconfig \
		> "$log" 2>&1 || { tail -n 20 "$log" >&2; die "allnoconfig failed"; }
	if ! missing=$("$top/scripts/kconfig-check.sh" "$build/.config" "$fragment"); then
		say "options missing from $build/.config:"
		sed 's/^/mips-kernel:   /' <<<"$missing" >&2
		die "configuration failed"
	fi
	if [ -e "$build/vmlinux" ]; then kind=incremental; else kind=cold; fi
	say "$kind build of the big-endian MIPS kernel in $build (log: $log)"
	start=$SECONDS
	# all: vmlinux, and the Module.symvers that modules are built against.
	make -C "$src" O="$build" "${kmake[@]}" -j"$(nproc)" all \
		>> "$log" 2>&1 || { tail -n 30 "$log" >&2; die "build failed"; }
	cat "$build/include/config/kernel.release" > "$d/release"
	want_stamp > "$d/stamp"
	say "$kind build $((SECONDS - start))s, vmlinux $(stat -c %s "$build/vmlinux") bytes"
}

need_built() { built || do_build >&2 || exit 1; }

case ${1:-} in
build)		need_built ;;
kdir)		need_built; echo "$build" ;;
image)		need_built; echo "$build/vmlinux" ;;
release)	need_built; cat "$d/release" ;;
*)		die "usage: mips-kernel.sh build | kdir | image | release" ;;
esac
