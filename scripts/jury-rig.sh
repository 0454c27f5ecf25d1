#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Wire this checkout into a kernel source tree so it builds in tree:
# one symlink (net/tcpresetstat), a source line in net/Kconfig, an obj- line
# in net/Makefile.  Idempotent.  Usage: jury-rig.sh /path/to/linux
set -eu
[ $# -eq 1 ] && [ -f "$1/net/Kconfig" ] || { echo "usage: $0 /path/to/linux" >&2; exit 2; }
tree=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
ln -sfn "$top" "$tree/net/tcpresetstat"
grep -q 'net/tcpresetstat/kmod/Kconfig' "$tree/net/Kconfig" ||
	echo 'source "net/tcpresetstat/kmod/Kconfig"' >> "$tree/net/Kconfig"
grep -q 'CONFIG_TCPRESETSTAT' "$tree/net/Makefile" ||
	echo 'obj-$(CONFIG_TCPRESETSTAT) += tcpresetstat/' >> "$tree/net/Makefile"
echo "tcpresetstat wired into $tree/net/tcpresetstat; enable CONFIG_TCPRESETSTAT"
