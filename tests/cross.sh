#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/cross.sh [ARCH...]: the module cross-built, with W=1, for the
# routers' architectures, against Debian's own headers for them (bookworm,
# 6.1): armhf (armmp), arm64 and mipsel (4kc-malta).  Prints one
# "PASS: cross/ARCH" or "FAIL: cross/ARCH" line each.
#
# The headers come with a private apt configuration for those
# architectures (lists and debs under ~/.cache/tcpresetstat/cross; the
# machine's dpkg architectures are left alone), unpacked there and used
# with the host's linux-kbuild-6.1 (scripts/deps.sh cross installs the
# compilers).  Building is all this checks: booting them is make
# check-arch's, still to come.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tcpresetstat/cross
# ARCH: Debian architecture, headers flavour, kernel ARCH, cross prefix
declare -A flavour=([armhf]=armmp [arm64]=arm64 [mipsel]=4kc-malta)
declare -A karch=([armhf]=arm [arm64]=arm64 [mipsel]=mips)
declare -A prefix=([armhf]=arm-linux-gnueabihf- [arm64]=aarch64-linux-gnu-
		   [mipsel]=mipsel-linux-gnu-)
[ $# -gt 0 ] || set -- armhf arm64 mipsel

apt=$cache/apt
papt=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o "Dir::State::Lists=$apt/lists" -o "Dir::State::status=$apt/status"
      -o "Dir::Cache=$apt/cache" -o Debug::NoLocking=1 -o APT::Architecture=armhf)
for a in "${!flavour[@]}"; do papt+=(-o "APT::Architectures::=$a"); done

# The private lists, refreshed at most once a day.
lists() {
	local m
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
	m=$(grep -rhoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list \
		/etc/apt/sources.list.d/ 2>/dev/null | head -n1 | tr -d ' ')
	m=${m:-http://deb.debian.org/debian}
	printf 'deb [arch=%s] %s bookworm main\n' "$(IFS=,; echo "${!flavour[*]}")" "$m" \
		> "$apt/sources.list"
	: > "$apt/status"
	[ -n "$(find "$apt/lists" -maxdepth 1 -name '*Packages*' -mtime -1 | head -n1)" ] ||
		apt-get "${papt[@]}" update -q
}

# headers ARCH: the unpacked headers' directory, fetched once.
headers() {
	local a=$1 f=${flavour[$1]} pkg rel h
	pkg=$(apt-cache "${papt[@]}" depends "linux-headers-$f:$a" 2>/dev/null |
		awk '/Depends: linux-headers-[0-9]/ { sub(":.*", "", $2); print $2; exit }')
	[ -n "$pkg" ] || { echo "cross: cannot resolve linux-headers-$f:$a" >&2; return 1; }
	rel=${pkg#linux-headers-}
	h=$cache/root/usr/src/$pkg
	if [ ! -f "$h/.trs-ok" ]; then
		rm -rf "$cache/debs" && mkdir -p "$cache/debs" &&
		(cd "$cache/debs" && apt-get "${papt[@]}" download "$pkg:$a" \
			"linux-headers-${rel%-"$f"}-common") >&2 || return 1
		for deb in "$cache"/debs/*.deb; do dpkg -x "$deb" "$cache/root" || return 1; done
		rm -rf "$cache/debs"
		# Their kbuild is the host's; their Makefile includes the
		# common one by absolute path.
		mkdir -p "$cache/root/usr/lib"
		ln -sfn /usr/lib/linux-kbuild-6.1 "$cache/root/usr/lib/linux-kbuild-6.1"
		sed -i "s|^include /usr/src/|include $cache/root/usr/src/|" "$h/Makefile"
		touch "$h/.trs-ok"
	fi
	echo "$h"
}

lists > "$cache.log" 2>&1 || { mkdir -p "$cache"; tail "$cache.log"; echo "FAIL: cross/apt-lists"; exit 1; }
failed=0
for a; do
	out=$cache/build/$a
	if ! h=$(headers "$a" 2>> "$cache.log"); then
		tail -n 5 "$cache.log"
		echo "FAIL: cross/$a (no headers)"
		failed=1
		continue
	fi
	rm -rf "$out" && mkdir -p "$out" && cp -a "$top/Kbuild" "$top/kmod" "$out/"
	find "$out" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \
		-o -name modules.order -o -name Module.symvers \) -delete
	if make -C "$h" M="$out" ARCH="${karch[$a]}" CROSS_COMPILE="${prefix[$a]}" W=1 \
		modules > "$out/build.log" 2>&1 &&
	   ! grep -E 'warning|error|ERROR' "$out/build.log" > /dev/null; then
		echo "PASS: cross/$a ($(basename "$h"), $(stat -c %s "$out/kmod/tcpresetstat.ko") bytes)"
	else
		grep -E 'warning|error|ERROR' "$out/build.log" | head -n 20
		echo "FAIL: cross/$a"
		failed=1
	fi
done
exit $failed
