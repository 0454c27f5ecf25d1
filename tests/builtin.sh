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
#   tests/builtin.sh [TEST...]
#
# Prints "PASS: builtin/..." / "FAIL: builtin/..." lines (config, build,
# then the guest's vm/... lines as builtin/vm/...) and exits non-zero on
# any failure.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tcpresetstat
tarball=/usr/src/linux-source-6.12.tar.xz
src=$cache/linux-source-6.12
copy=$cache/builtin-src
build=$cache/builtin-build
fragment=$top/tests/builtin.config
# One test of each subsystem, as tests/kernels.sh runs on every kernel.
SMOKE=(smoke)
[ $# -gt 0 ] || set -- "${SMOKE[@]}"

"$top/scripts/deps.sh" build vm matrix
mkdir -p "$cache"
# Two runs of this script would share the tree, the copy and the build.
exec 8>"$cache/builtin.lock"
flock 8

# Extract once per Debian source package version.
stamp=$(stat -c '%s-%Y' "$tarball")
if [ "$(cat "$src/.trs-stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "builtin: extracting $tarball into $cache" >&2
	rm -rf "$src" "$build"
	tar -xJf "$tarball" -C "$cache"
	echo "$stamp" > "$src/.trs-stamp"
fi

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
flock -n 9 || { echo "builtin: waiting for the heavy-job lock" >&2; flock 9; }

# Configure: allnoconfig plus the fragment, every time (a few seconds;
# kbuild rebuilds only what a changed option touches).  Menu parents left
# unset drop their children silently: check every line of the fragment.
if ! KCONFIG_ALLCONFIG=$fragment mk allnoconfig > "$build/config.log" 2>&1; then
	tail -n 20 "$build/config.log" >&2
	echo "FAIL: builtin/config"
	exit 1
fi
missing=$(grep -E '^CONFIG_[A-Za-z0-9_]+=' "$fragment" | while read -r line; do
	grep -qxF "$line" "$build/.config" || echo "${line%%=*} (wanted ${line#*=}, got $(
		grep -E "^(# )?${line%%=*}[= ]" "$build/.config" || echo 'no such symbol'))"
done)
if [ -n "$missing" ]; then
	echo "builtin: options of $fragment missing from $build/.config:" >&2
	while read -r line; do echo "builtin:   $line"; done <<<"$missing" >&2
	grep -A3 'WARNING: unmet' "$build/config.log" | head -n 20 >&2 || true
	echo "FAIL: builtin/config"
	exit 1
fi
echo "PASS: builtin/config"

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
	echo "builtin: build failed after ${secs}s; last lines:" >&2
	tail -n 30 "$build/build-ours.log" "$build/build.log" 2>/dev/null >&2 || true
	echo "FAIL: builtin/build"
	exit 1
fi
echo "builtin: $kind build ${secs}s, bzImage $(stat -c %s "$image") bytes ($image)" >&2
if [ -n "$ours" ]; then
	echo "builtin: warnings from net/tcpresetstat:" >&2
	head -n 40 <<<"$ours" >&2
	echo "FAIL: builtin/build"
	failed=1
else
	echo "PASS: builtin/build"
fi
# run.sh takes the heavy-job lock itself.
exec 9>&-

# Boot it: nothing to load (run.sh -i tells tests.sh TRS_BUILTIN=1).
out=$build/vm.log
set +e
"$top/tests/vm/run.sh" -i "$image" -t 1800 "$top/tests/vm/tests.sh" "$@" 2>&1 |
	tee "$out" | sed -u -E 's/^(PASS|FAIL|SKIP): vm\//\1: builtin\/vm\//'
rc=${PIPESTATUS[0]}
set -e
for t in load "$@"; do
	grep -qE "^(PASS|FAIL|SKIP): vm/$t( |\$)" "$out" || { echo "FAIL: builtin/vm/$t (no result)"; failed=1; }
done
grep -q '^FAIL: vm/' "$out" && failed=1
[ "$rc" = 0 ] || { echo "FAIL: builtin/vm (run.sh exit $rc)"; failed=1; }
exit $failed
