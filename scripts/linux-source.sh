#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Debian's linux-source-VERSION (6.12 unless told), extracted once per
# source package version into ~/.cache/tcpresetstat/linux-source-VERSION,
# for the kernels built from it (6.12: tests/builtin.sh,
# scripts/built-kernel.sh; 6.1: scripts/mips-kernel.sh, and KUnit's
# tests/kunit/run.sh, which extracts it the same way).  Prints the tree's
# path.  The caller holds the tree's lock: 6.12's is $cache/builtin.lock,
# which every user of that tree takes (builtin.sh wires our module into
# it); 6.1's is the heavy-job lock, which kunit/run.sh holds.
#
#   scripts/linux-source.sh [VERSION]
set -euo pipefail

cache=${XDG_CACHE_HOME:-$HOME/.cache}/tcpresetstat
v=${1:-6.12}
tarball=/usr/src/linux-source-$v.tar.xz
src=$cache/linux-source-$v
[ -r "$tarball" ] || { echo "linux-source.sh: $tarball is missing: scripts/deps.sh matrix" >&2; exit 1; }
stamp=$(stat -c '%s-%Y' "$tarball")
if [ "$(cat "$src/.trs-stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "linux-source.sh: extracting $tarball into $cache" >&2
	rm -rf "$src"
	mkdir -p "$cache"
	tar -xJf "$tarball" -C "$cache"
	echo "$stamp" > "$src/.trs-stamp"
fi
echo "$src"
