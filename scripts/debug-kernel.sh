#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The debug kernel: Debian's linux-source-6.12 (scripts/linux-source.sh),
# x86_64, configured from allnoconfig plus tests/builtin.config (less our
# module) plus tests/debug.config (modules, KASAN, lockdep, kmemleak,
# UBSAN, KFENCE, object and sleep checks), built -j2 in
# ~/.cache/tcpresetstat/kernels/debug/build and its (built-in only)
# modules directory installed beside it, so that scripts/kernels.sh can
# treat it as one more kernel: "debug".  Rebuilt only when a fragment, this
# script or the source changes; the first build took 362 s here, -j2
# (Documentation/testing.rst), later ones are incremental.
#
#   scripts/debug-kernel.sh build     build if needed; prints nothing on stdout
#   scripts/debug-kernel.sh release   the kernel release (uname -r)
#   scripts/debug-kernel.sh kdir      the build directory (make -C DIR M=...)
#   scripts/debug-kernel.sh image     the bzImage
#   scripts/debug-kernel.sh moddir    its lib/modules/RELEASE
#   scripts/debug-kernel.sh cmdline   what its guests' command line adds
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tcpresetstat
d=$cache/kernels/debug
build=$d/build
stage=$d/root
fragments=("$top/tests/builtin.config" "$top/tests/debug.config")

say() { echo "debug-kernel: $*" >&2; }
die() { say "$*"; exit 1; }

# What the built kernel was made from: when this changes, build again.
want_stamp() {
	{ cat "${fragments[@]}" "$0"; cat "$cache/linux-source-6.12/.trs-stamp" 2>/dev/null; } | sha256sum | cut -d' ' -f1
}

built() {
	[ -s "$d/stamp" ] && [ "$(cat "$d/stamp")" = "$(want_stamp)" ] &&
		[ -s "$build/arch/x86/boot/bzImage" ] && [ -s "$d/release" ] &&
		[ -f "$stage/lib/modules/$(cat "$d/release")/modules.dep" ]
}

do_build() {
	local src log kind start secs rel
	"$top/scripts/deps.sh" matrix
	mkdir -p "$d"
	# The tree is shared with tests/builtin.sh, which wires our module
	# into it; concurrent callers of this script wait here too.
	exec 8>"$cache/builtin.lock"
	flock 8
	built && return 0
	src=$("$top/scripts/linux-source.sh")
	# One heavy job (a VM or a kernel build) at a time on this machine.
	exec 9>"${TMPDIR:-/tmp}/tcpresetstat-heavy.lock"
	flock -n 9 || { say "waiting for the heavy-job lock"; flock 9; }
	mkdir -p "$build"
	log=$build/build.log
	# The module is not built in here: builtin.config's last line aside.
	grep -vx 'CONFIG_TCPRESETSTAT=y' "$top/tests/builtin.config" > "$d/allconfig"
	cat "$top/tests/debug.config" >> "$d/allconfig"
	KCONFIG_ALLCONFIG=$d/allconfig make -C "$src" O="$build" ARCH=x86_64 allnoconfig > "$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; die "allnoconfig failed"; }
	if ! missing=$("$top/scripts/kconfig-check.sh" "$build/.config" "$d/allconfig"); then
		say "options missing from $build/.config:"
		sed 's/^/debug-kernel:   /' <<<"$missing" >&2
		grep -A3 'WARNING: unmet' "$log" | head -n 20 >&2 || true
		die "configuration failed"
	fi
	if [ -e "$build/vmlinux" ]; then kind=incremental; else kind=cold; fi
	say "$kind build of the debug kernel in $build (log: $log)"
	start=$SECONDS
	make -C "$src" O="$build" ARCH=x86_64 -j2 all >> "$log" 2>&1 ||
		{ tail -n 30 "$log" >&2; die "build failed after $((SECONDS - start))s"; }
	secs=$((SECONDS - start))
	rel=$(cat "$build/include/config/kernel.release")
	# Nothing is a module, but kbuild's modules.dep, modules.builtin and
	# the path are what run.sh and modprobe in the guest expect.
	rm -rf "$stage"
	make -C "$src" O="$build" ARCH=x86_64 INSTALL_MOD_PATH="$stage" modules_install >> "$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; die "modules_install failed"; }
	echo "$rel" > "$d/release"
	want_stamp > "$d/stamp"
	say "$kind build ${secs}s, bzImage $(stat -c %s "$build/arch/x86/boot/bzImage") bytes, release $rel"
}

need_built() { built || do_build >&2 || exit 1; }

case ${1:-} in
build)		need_built ;;
release)	need_built; cat "$d/release" ;;
kdir)		need_built; echo "$build" ;;
image)		need_built; echo "$build/arch/x86/boot/bzImage" ;;
moddir)		need_built; echo "$stage/lib/modules/$(cat "$d/release")" ;;
# Any WARN() ends the run at once with its report (run.sh fails on it);
# KASAN, UBSAN and KFENCE reports panic through it too.
cmdline)	echo "panic_on_warn=1" ;;
*)		die "usage: debug-kernel.sh build | release | kdir | image | moddir | cmdline" ;;
esac
