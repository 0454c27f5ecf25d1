#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the tcpresetstat KUnit suites with the kernel's own kunit.py (UML),
# KASAN and lockdep on (kmod/.kunitconfig).  The kernel source is extracted
# once into the cache; kmod/ is copied (not linked) into it as
# net/tcpresetstat so objects of the out-of-tree build never mix in.
#
#   tests/kunit/run.sh [KUNIT.PY RUN OPTIONS...]   e.g. --arch=x86_64
#
# Prints one "PASS: kunit/<suite>.<case>" / "FAIL: ..." line per test case
# (parameterised cases once each) and exits non-zero on any failure, on a
# kernel log with BUG/WARNING/lockdep reports, or on a failed build.
set -euo pipefail

# One heavy job (a VM or a kernel build) at a time on this machine: the
# timing-sensitive tests flake when two compete for the CPUs.
exec 9>"${TMPDIR:-/tmp}/tcpresetstat-heavy.lock"
flock 9

top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tcpresetstat
tarball=$(ls /usr/src/linux-source-6.1.tar.xz)
src=$cache/linux-source-6.1
build=$cache/kunit-build
stamp=$(stat -c '%s-%Y' "$tarball")
mkdir -p "$cache"

# Extract once per Debian source package version.
if [ "$(cat "$src/.trs-stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "kunit: extracting $tarball into $cache" >&2
	rm -rf "$src" "$build"
	tar -xJf "$tarball" -C "$cache"
	echo "$stamp" > "$src/.trs-stamp"
fi

# Wire net/tcpresetstat into the tree (idempotent).
grep -q tcpresetstat "$src/net/Kconfig" ||
	echo 'source "net/tcpresetstat/kmod/Kconfig"' >> "$src/net/Kconfig"
grep -q tcpresetstat "$src/net/Makefile" ||
	echo 'obj-$(CONFIG_TCPRESETSTAT) += tcpresetstat/' >> "$src/net/Makefile"
# Mirror kmod/ into the tree by content: a file that differs is copied
# and so stamped now, which makes make rebuild what uses it even when the
# checkout's copy is older than the last build's objects (an edit made
# while that build ran); an unchanged file keeps its stamp and is not
# rebuilt; a file gone from kmod/ goes from the tree.
dst=$src/net/tcpresetstat
mkdir -p "$dst/kmod"
want=$(cd "$top" && { echo Kbuild; find kmod \( -name '*.[ch]' ! -name '*.mod.c' \) \
	-o -name Kconfig -o -name Kbuild -o -name .kunitconfig; } | sort)
have=$(cd "$dst" && find . -type f | sed 's|^\./||' | sort)
comm -13 <(echo "$want") <(echo "$have") | (cd "$dst" && xargs -r rm -f)
for f in $want; do
	mkdir -p "$dst/$(dirname "$f")"
	cmp -s "$top/$f" "$dst/$f" || cp "$top/$f" "$dst/$f"
done

log=$build.log
mkdir -p "$build"
set +e
(cd "$src" && python3 tools/testing/kunit/kunit.py run \
	--kunitconfig="$top/kmod/.kunitconfig" --build_dir="$build" \
	--jobs="$(nproc)" --kernel_args kasan_multi_shot --raw_output=all \
	"$@" 'tcpresetstat*') > "$log" 2>&1
rc=$?
set -e

# The raw KTAP output: "ok N name" / "not ok N name" at suite and case
# level (indented); parameter rows are one level deeper and fold into their
# case.
awk '
	/^ *# Subtest: / { sub(/^ *# Subtest: /, ""); depth++; name[depth] = $0; next }
	/^ *(not )?ok [0-9]+ / {
		indent = match($0, /[^ ]/) - 1
		lvl = indent / 4
		verdict = ($0 ~ /^ *not ok/) ? "FAIL" : "PASS"
		t = $0; sub(/^ *(not )?ok [0-9]+ /, "", t); sub(/ #.*/, "", t)
		if ($0 ~ /# SKIP/) verdict = "SKIP"
		if (lvl == 1 && depth >= 1) print verdict ": kunit/" name[1] "." t
		if (lvl == 0 && depth > 0) depth = 0
		if (lvl < depth - 1) depth = lvl + 1
	}' "$log" > "$build.results"

bad='BUG:|WARNING:|circular locking|possible recursive locking|KASAN:|Kernel panic|UBSAN:'
# UML's virt-pci warns at boot when no virtio PCI device is configured
# (harmless, known); anything else fails the run.
if grep -aE "$bad" "$log" | grep -av 'arch/um/drivers/virt-pci.c' > "$build.bad"; then
	echo "kunit: kernel log shows:" >&2
	head -n 20 "$build.bad" >&2
	echo "FAIL: kunit/kernel-log"
	rc=1
fi
if [ ! -s "$build.results" ]; then
	echo "kunit: no test results (build failed?); last lines of $log:" >&2
	tail -n 30 "$log" >&2
	echo "FAIL: kunit/build"
	exit 1
fi
cat "$build.results"
grep -q '^FAIL' "$build.results" && rc=1
exit $rc
