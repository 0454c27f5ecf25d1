#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Print the kernel build directory to build against (or, with --release, the
# kernel release it belongs to): the running kernel's when its headers exist,
# else the newest installed Debian linux-headers-*-<flavour> that has a
# matching /boot/vmlinuz-*, so the module can be booted in the VM.
# Usage: kdir.sh [--release] [FLAVOUR]   (FLAVOUR defaults to amd64)
set -eu
want=dir
[ "${1:-}" = --release ] && { want=release; shift; }
flavour=${1:-amd64}

pick() {
	if [ "$want" = release ]; then echo "$1"; else echo "$2"; fi
	exit 0
}

run=$(uname -r)
if [ "$flavour" = amd64 ] && [ -d "/lib/modules/$run/build" ] && [ -e "/boot/vmlinuz-$run" ]; then
	pick "$run" "/lib/modules/$run/build"
fi
for d in $(ls -d /usr/src/linux-headers-*-"$flavour" 2>/dev/null | sort -rV); do
	rel=${d#/usr/src/linux-headers-}
	[ -e "/boot/vmlinuz-$rel" ] && [ -f "$d/Makefile" ] && pick "$rel" "$d"
done
[ -d "/lib/modules/$run/build" ] && pick "$run" "/lib/modules/$run/build"
echo "kdir.sh: no kernel headers with a matching /boot/vmlinuz-*-$flavour;" \
     "run scripts/deps.sh build (or: apt-get install linux-headers-$flavour linux-image-$flavour)" >&2
exit 1
