#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Debian's linux-source-6.12, extracted once per source package version
# into ~/.cache/tcpresetstat/linux-source-6.12, for the kernels built from
# it (tests/builtin.sh, scripts/debug-kernel.sh).  Prints the tree's path.
# The caller holds the tree's lock ($cache/builtin.lock), which every user
# of the tree takes: builtin.sh wires our module into it.
#
#   scripts/linux-source.sh
set -euo pipefail

cache=${XDG_CACHE_HOME:-$HOME/.cache}/tcpresetstat
tarball=/usr/src/linux-source-6.12.tar.xz
src=$cache/linux-source-6.12
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
