#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The vendor drop-in: tcpresetstat built INTO a kernel (CONFIG_TCPRESETSTAT=y),
# then booted.  Debian's linux-source-6.12 is extracted once into the cache;
# a copy of the checkout's Kbuild, kmod/ and scripts/ (sources only: kbuild
# must not see the out-of-tree objects in kmod/) is wired into it with that
# copy's scripts/jury-rig.sh; a small x86_64 kernel is configured from
# allnoconfig plus tests/builtin.config, every option of which must be in
# the resulting .config, and built (-j2, incrementally, in the cache) with
# no warning from our files.  The bzImage then boots under tests/vm/run.sh
# -i, with nothing to load, for the VM smoke set (or the tests named).
#
#   tests/builtin.sh [--rt-debug] [TEST...]
#
# Prints "PASS: builtin/..." / "FAIL: builtin/..." lines (config, build,
# then the guest's vm/... lines as builtin/vm/...) and exits non-zero on
# any failure.
#
# --rt-debug: the same kernel made PREEMPT_RT, with lockdep, might_sleep()
# and the preemption and object checks on (tests/rt-debug.config, applied
# to the plain .config with olddefconfig: EXPERT, which PREEMPT_RT needs,
# would make allnoconfig turn off what it unhides), built in a build
# directory of its own, and booted for every VM test that neither unloads
# nor loads the module (or the tests named), with a longer timeout.  Its
# lines say builtin-rt-debug/...; the guest's output files (console,
# dmesg) are kept in the build directory's vm-out, and the reports of the
# kernel's checkers in its log are listed at the end.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tcpresetstat
copy=$cache/builtin-src
build=$cache/builtin-build
fragment=$top/tests/builtin.config
# Applied on top of the .config that allnoconfig makes from $fragment.
more=()
name=builtin vm_timeout=1800 keep=
if [ "${1:-}" = --rt-debug ]; then
	shift
	name=builtin-rt-debug vm_timeout=2400
	build=$cache/builtin-build-rt-debug
	more=("$top/tests/rt-debug.config")
	keep=$build/vm-out
	# Every VM test that neither unloads nor loads the module: built in,
	# there is none to load (cli, load_fail, netlink_dump).
	if [ $# -eq 0 ]; then
		for t in "$top"/tests/vm/t/*.sh; do
			grep -qwE 'rmmod|insmod' "$t" || set -- "$@" "$(basename "$t" .sh)"
		done
	fi
fi
# One test of each subsystem, as tests/kernels.sh runs on every kernel.
SMOKE=(smoke)
[ $# -gt 0 ] || set -- "${SMOKE[@]}"

"$top/scripts/deps.sh" build vm matrix
mkdir -p "$cache"
# Two runs of this script would share the tree, the copy and the build
# (and scripts/built-kernel.sh the tree).
exec 8>"$cache/builtin.lock"
flock 8

src=$("$top/scripts/linux-source.sh")

# Refresh the copy by content: a file that differs is copied (and so
# stamped now, which makes make rebuild what uses it); an unchanged one
# keeps its stamp; one gone from the checkout goes from the copy.
want=$(cd "$top" && find Kbuild kmod scripts -type f \
	! -name '*.o' ! -name '*.ko' ! -name '.*.cmd' ! -name '*.mod*' \
	! -name '*.a' ! -name '*.order' ! -name '*.symvers' ! -name .cache.mk \
	! -path '*/.tmp_versions/*' ! -path '*/__pycache__/*' | sort)
mkdir -p "$copy"
have=$(cd "$copy" && find . -type f | sed 's|^\./||' | sort)
comm -13 <(echo "$want") <(echo "$have") | (cd "$copy" && xargs -r rm -f)
for f in $want; do
	mkdir -p "$copy/$(dirname "$f")"
	cmp -s "$top/$f" "$copy/$f" || cp --preserve=mode "$top/$f" "$copy/$f"
done
# jury-rig.sh links the tree to the checkout it runs from (the copy); it
# replaces a link to elsewhere, but not a directory put there by hand.
[ -L "$src/net/tcpresetstat" ] || rm -rf "$src/net/tcpresetstat"
"$copy/scripts/jury-rig.sh" "$src" >&2

failed=0
mk() { make -C "$src" O="$build" ARCH=x86_64 "$@"; }
mkdir -p "$build"

# One heavy job (a VM or a kernel build) at a time on this machine.
exec 9>"${TMPDIR:-/tmp}/tcpresetstat-heavy.lock"
flock -n 9 || { echo "$name: waiting for the heavy-job lock" >&2; flock 9; }

# Configure: allnoconfig plus the fragment, every time (a few seconds;
# kbuild rebuilds only what a changed option touches), then any further
# fragment appended to that .config (its lines override) and resolved by
# olddefconfig.  Menu parents left unset drop their children silently:
# check every line of every fragment.
config_ok=1
KCONFIG_ALLCONFIG=$fragment mk allnoconfig > "$build/config.log" 2>&1 || config_ok=
for f in ${more[@]+"${more[@]}"}; do
	[ -n "$config_ok" ] || break
	cat "$f" >> "$build/.config"
	mk olddefconfig >> "$build/config.log" 2>&1 || config_ok=
done
if [ -z "$config_ok" ]; then
	tail -n 20 "$build/config.log" >&2
	echo "FAIL: $name/config"
	exit 1
fi
if ! missing=$("$top/scripts/kconfig-check.sh" "$build/.config" "$fragment" ${more[@]+"${more[@]}"}); then
	echo "$name: options missing from $build/.config:" >&2
	while read -r line; do echo "$name:   $line"; done <<<"$missing" >&2
	grep -A3 'WARNING: unmet' "$build/config.log" | head -n 20 >&2 || true
	echo "FAIL: $name/config"
	exit 1
fi
echo "PASS: $name/config"

# Build.  Our objects are removed first so that they compile, and are
# checked for warnings, in every run; they compile alone first, so that
# any warning in that log is ours.  The link's warnings (objtool on
# vmlinux.o, modpost's section mismatches) are ours when they name our
# files or our functions (trs_*).
if [ -e "$build/vmlinux" ]; then kind=incremental; else kind=cold; fi
rm -rf "$build/net/tcpresetstat"
start=$SECONDS
set +e
mk -j2 net/tcpresetstat/ > "$build/build-ours.log" 2>&1
rc_ours=$?
rc=1
[ $rc_ours != 0 ] || { mk -j2 bzImage > "$build/build.log" 2>&1; rc=$?; }
set -e
secs=$((SECONDS - start))
image=$build/arch/x86/boot/bzImage
ours=$({ sed -n '/net\/tcpresetstat/,$p' "$build/build-ours.log" | grep -iE 'warning|error'
	grep -iE 'warning|error' "$build/build.log" 2>/dev/null | grep -E 'tcpresetstat|\btrs_'
	} || true)
if [ $rc != 0 ]; then
	echo "$name: build failed after ${secs}s; last lines:" >&2
	tail -n 30 "$build/build-ours.log" "$build/build.log" 2>/dev/null >&2 || true
	echo "FAIL: $name/build"
	exit 1
fi
echo "$name: $kind build ${secs}s, bzImage $(stat -c %s "$image") bytes ($image)" >&2
if [ -n "$ours" ]; then
	echo "$name: warnings from net/tcpresetstat:" >&2
	head -n 40 <<<"$ours" >&2
	echo "FAIL: $name/build"
	failed=1
else
	echo "PASS: $name/build"
fi
# run.sh takes the heavy-job lock itself.
exec 9>&-

# Boot it: nothing to load (run.sh -i tells tests.sh TRS_BUILTIN=1).
out=$build/vm.log
[ -z "$keep" ] || rm -rf "$keep"
set +e
${keep:+env TRS_VM_KEEP="$keep"} "$top/tests/vm/run.sh" -i "$image" -t "$vm_timeout" "$top/tests/vm/tests.sh" "$@" 2>&1 |
	tee "$out" | sed -u -E "s/^(PASS|FAIL|SKIP): vm\//\1: $name\/vm\//"
rc=${PIPESTATUS[0]}
set -e
for t in load "$@"; do
	grep -qE "^(PASS|FAIL|SKIP): vm/$t( |\$)" "$out" || { echo "FAIL: $name/vm/$t (no result)"; failed=1; }
done
grep -q '^FAIL: vm/' "$out" && failed=1
[ "$rc" = 0 ] || { echo "FAIL: $name/vm (run.sh exit $rc)"; failed=1; }

# The checkers' reports in the whole kernel log, boot included (run.sh
# judges only what follows the module's "loaded"), one line each, marked
# when a function of ours is in it.  Lockdep turns itself off after its
# first report of a locking problem (not after an RCU-usage one, of which
# each check site reports once).
if [ -n "$keep" ]; then
	klog=$keep/dmesg
	[ -s "$klog" ] || klog=$keep/console
	[ -f "$klog" ] || klog=/dev/null
	echo "$name: guest output in $keep (console, dmesg, output)" >&2
	[ ! -s "$keep/dmesg" ] || grep -aq 'Linux version .*PREEMPT_RT' "$keep/dmesg" ||
		echo "$name: $keep/dmesg does not show a PREEMPT_RT kernel booting" >&2
	awk -v name="$name" '
		function done() { if (title != "") print name ": report: " title (ours ? "  [trs_ in it]" : "") }
		{ line = $0; sub(/^[[][ 0-9.]*[]] */, "", line) }
		line ~ /^([[] )?(BUG|WARNING|INFO|ODEBUG|UBSAN):|^rcu: INFO:|Oops|general protection|Kernel panic|kernel BUG/ &&
		    line !~ /^INFO: lockdep is turned off/ {
			done(); title = line; ours = 0
		}
		/[^a-z_]trs_[a-z_0-9]+/ { ours = 1 }
		END { done() }' "$klog" >&2 || true
fi
exit $failed
