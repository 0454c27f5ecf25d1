#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernels built here rather than fetched: Debian's linux-source-6.12
# (scripts/linux-source.sh), x86_64, configured from allnoconfig plus
# tests/builtin.config (less our module, and less whatever else the kernel
# leaves out) plus the kernel's own fragment, built -j2 in
# ~/.cache/tcpresetstat/kernels/NAME/build and its (built-in only) modules
# directory installed beside it, so that scripts/kernels.sh can treat each
# as one more kernel.  Rebuilt only when a fragment, this script or the
# source changes; later builds are incremental.
#
#   debug    tests/debug.config: modules, KASAN, lockdep, kmemleak, UBSAN,
#            KFENCE, object and sleep checks; 362 s cold here, -j2
#            (Documentation/testing.rst)
#   notrace  tests/notrace.config: modules, and no tracers, tracepoints or
#            kprobes, as OpenWrt builds its kernels; 779 s cold here, -j2,
#            beside a make check (Documentation/kernels.rst)
#
#   scripts/built-kernel.sh NAME build     build if needed; prints nothing on stdout
#   scripts/built-kernel.sh NAME release   the kernel release (uname -r)
#   scripts/built-kernel.sh NAME kdir      the build directory (make -C DIR M=...)
#   scripts/built-kernel.sh NAME image     the bzImage
#   scripts/built-kernel.sh NAME moddir    its lib/modules/RELEASE
#   scripts/built-kernel.sh NAME cmdline   what its guests' command line adds
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tcpresetstat
name=${1:-}

say() { echo "$name-kernel: $*" >&2; }
die() { say "$*"; exit 1; }
usage() { echo "usage: built-kernel.sh debug|notrace build | release | kdir | image | moddir | cmdline" >&2; exit 1; }

# Per kernel: its fragment, the lines of builtin.config it leaves out (our
# module is never built in here: it is loaded), and its guests' cmdline.
case $name in
debug)
	fragment=$top/tests/debug.config
	drop=(CONFIG_TCPRESETSTAT=y)
	# Any WARN() ends the run at once with its report (run.sh fails on
	# it); KASAN, UBSAN and KFENCE reports panic through it too.
	cmdline=panic_on_warn=1 ;;
notrace)
	fragment=$top/tests/notrace.config
	# What builtin.config turns on for the module's probes.
	drop=(CONFIG_TCPRESETSTAT=y CONFIG_FTRACE=y CONFIG_ENABLE_DEFAULT_TRACERS=y
	      CONFIG_TRACING=y CONFIG_TRACEPOINTS=y CONFIG_KPROBES=y CONFIG_KRETPROBES=y)
	# As Debian's kernels: run.sh fails a run on a WARNING anyway.
	cmdline= ;;
*)	usage ;;
esac
d=$cache/kernels/$name
build=$d/build
stage=$d/root

# What the built kernel was made from: when this changes, build again.
want_stamp() {
	{ cat "$top/tests/builtin.config" "$fragment" "$0"; cat "$cache/linux-source-6.12/.trs-stamp" 2>/dev/null; } |
		sha256sum | cut -d' ' -f1
}

built() {
	[ -s "$d/stamp" ] && [ "$(cat "$d/stamp")" = "$(want_stamp)" ] &&
		[ -s "$build/arch/x86/boot/bzImage" ] && [ -s "$d/release" ] &&
		[ -f "$stage/lib/modules/$(cat "$d/release")/modules.dep" ]
}

do_build() {
	local src log kind start secs rel missing line
	"$top/scripts/deps.sh" matrix
	mkdir -p "$d"
	# The tree is shared with tests/builtin.sh, which wires our module
	# into it, and with the other kernels built here; concurrent callers
	# of this script wait here too.
	exec 8>"$cache/builtin.lock"
	flock 8
	built && return 0
	src=$("$top/scripts/linux-source.sh")
	# One heavy job (a VM or a kernel build) at a time on this machine.
	exec 9>"${TMPDIR:-/tmp}/tcpresetstat-heavy.lock"
	flock -n 9 || { say "waiting for the heavy-job lock"; flock 9; }
	mkdir -p "$build"
	log=$build/build.log
	{ grep -vxF -f <(printf '%s\n' "${drop[@]}") "$top/tests/builtin.config"; cat "$fragment"; } > "$d/allconfig"
	KCONFIG_ALLCONFIG=$d/allconfig make -C "$src" O="$build" ARCH=x86_64 allnoconfig > "$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; die "allnoconfig failed"; }
	if ! missing=$("$top/scripts/kconfig-check.sh" "$build/.config" "$d/allconfig"); then
		say "options not as wanted in $build/.config:"
		while IFS= read -r line; do say "  $line"; done <<<"$missing"
		grep -A3 'WARNING: unmet' "$log" | head -n 20 >&2 || true
		die "configuration failed"
	fi
	if [ -e "$build/vmlinux" ]; then kind=incremental; else kind=cold; fi
	say "$kind build of the $name kernel in $build (log: $log)"
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

case ${2:-} in
build)		need_built ;;
release)	need_built; cat "$d/release" ;;
kdir)		need_built; echo "$build" ;;
image)		need_built; echo "$build/arch/x86/boot/bzImage" ;;
moddir)		need_built; echo "$stage/lib/modules/$(cat "$d/release")" ;;
cmdline)	echo "$cmdline" ;;
*)		usage ;;
esac
