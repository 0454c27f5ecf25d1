# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/cross.sh and tests/arch.sh: the routers' architectures
# from Debian bookworm (6.1), through a private apt configuration (lists
# and debs under ~/.cache/tcpresetstat/cross; the machine's dpkg
# architectures are left alone).
#
#   foreign_lists             the private lists, refreshed at most daily
#   foreign_headers ARCH      unpacks the kernel headers once; prints their
#                             directory (used with the host's linux-kbuild-6.1)
#   foreign_lock ARCH         waits for, then holds until the caller exits
#                             or foreign_unlock, ARCH's build directory:
#                             another checkout's make check may be using it
#   foreign_module ARCH HDRS  builds the module with W=1 into
#                             $foreign_cache/build/ARCH (unless its sources
#                             are those of the last clean build); 0 if clean
foreign_cache=${XDG_CACHE_HOME:-$HOME/.cache}/tcpresetstat/cross
# ARCH: Debian architecture, kernel flavour, kernel ARCH, cross prefix;
# ARCH-6.12: that architecture's 6.12 from bookworm-backports (OpenWrt's
# kernel series, and the first with the RST reasons' 32-bit marks)
# (big-endian mips: no Debian port since buster; scripts/mips-kernel.sh)
declare -A flavour=([armhf]=armmp [arm64]=arm64 [mipsel]=4kc-malta)
# (x86_64: the host's own, for bench/arch.sh's side-by-side figures)
declare -A karch=([armhf]=arm [arm64]=arm64 [mipsel]=mips [mips]=mips [x86_64]=x86
		  [armhf-6.12]=arm)
declare -A prefix=([armhf]=arm-linux-gnueabihf- [arm64]=aarch64-linux-gnu-
		   [mipsel]=mipsel-linux-gnu- [mips]=mips-linux-gnu- [x86_64]=
		   [armhf-6.12]=arm-linux-gnueabihf-)

foreign_apt=$foreign_cache/apt
papt=(-o "Dir::Etc::SourceList=$foreign_apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o "Dir::State::Lists=$foreign_apt/lists" -o "Dir::State::status=$foreign_apt/status"
      -o "Dir::Cache=$foreign_apt/cache" -o Debug::NoLocking=1 -o APT::Architecture=armhf
      -o APT::Sandbox::User=root -o APT::Architectures::=amd64)
for a in "${!flavour[@]}"; do papt+=(-o "APT::Architectures::=$a"); done

foreign_lists() {
	local m
	mkdir -p "$foreign_apt/lists/partial" "$foreign_apt/cache/archives/partial"
	m=$(grep -rhoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list \
		/etc/apt/sources.list.d/ 2>/dev/null | head -n1 | tr -d ' ')
	m=${m:-http://deb.debian.org/debian}
	# deb-src: busybox for big-endian mips is built from Debian's source;
	# backports: armhf's 6.12 (with amd64's kbuild for it).
	printf 'deb [arch=%s] %s bookworm main\ndeb-src %s bookworm main\n' \
		"$(IFS=,; echo "${!flavour[*]}")" "$m" "$m" > "$foreign_apt/sources.new"
	printf 'deb [arch=armhf,amd64] %s bookworm-backports main\n' "$m" \
		>> "$foreign_apt/sources.new"
	: > "$foreign_apt/status"
	# Fetched again once a day, or when the sources changed.
	if cmp -s "$foreign_apt/sources.new" "$foreign_apt/sources.list" &&
	   [ -n "$(find "$foreign_apt/lists" -maxdepth 1 -name '*Packages*' -mtime -1 | head -n1)" ]; then
		rm -f "$foreign_apt/sources.new"
		return 0
	fi
	mv "$foreign_apt/sources.new" "$foreign_apt/sources.list" &&
		apt-get "${papt[@]}" update -q
}

# foreign_release ARCH: the kernel release Debian's linux-headers-FLAVOUR
# points at, e.g. 6.1.0-50-armmp.
foreign_release() {
	local a=${1%-6.12} f=${flavour[${1%-6.12}]} t=bookworm
	[ "$a" = "$1" ] || t=bookworm-backports
	apt-cache "${papt[@]}" -o "APT::Default-Release=$t" depends "linux-headers-$f:$a" 2>/dev/null |
		awk '/Depends: linux-headers-[0-9]/ { sub(":.*", "", $2);
			sub("^linux-headers-", "", $2); print $2; exit }'
}

foreign_headers() {
	local a=${1%-6.12} f=${flavour[${1%-6.12}]} rel h v kbuild
	rel=$(foreign_release "$1")
	[ -n "$rel" ] || { echo "foreign: cannot resolve linux-headers-$f:$a" >&2; return 1; }
	h=$foreign_cache/root/usr/src/linux-headers-$rel
	if [ ! -f "$h/.trs-ok" ]; then
		rm -rf "$foreign_cache/debs" && mkdir -p "$foreign_cache/debs" &&
		v=${rel%-"$f"}
		# 6.1's kbuild is the host's; another's comes with it.
		case $v in
		6.1.0-*) kbuild= ;;
		*)	 kbuild=linux-kbuild-$v:amd64 ;;
		esac
		(cd "$foreign_cache/debs" && apt-get "${papt[@]}" download \
			"linux-headers-$rel:$a" "linux-headers-$v-common" $kbuild) >&2 ||
			return 1
		for deb in "$foreign_cache"/debs/*.deb; do
			dpkg -x "$deb" "$foreign_cache/root" || return 1
		done
		rm -rf "$foreign_cache/debs"
		# Their Makefile includes the common one by absolute path.
		mkdir -p "$foreign_cache/root/usr/lib"
		[ -n "$kbuild" ] ||
			ln -sfn /usr/lib/linux-kbuild-6.1 "$foreign_cache/root/usr/lib/linux-kbuild-6.1"
		sed -i "s|^include /usr/src/|include $foreign_cache/root/usr/src/|" "$h/Makefile"
		touch "$h/.trs-ok"
	fi
	echo "$h"
}

foreign_lock() {
	mkdir -p "$foreign_cache/build"
	exec 8>"$foreign_cache/build/$1.lock"
	flock 8
}

foreign_unlock() { exec 8>&-; }

foreign_module() {
	local a=$1 h=$2 out=$foreign_cache/build/$1 sum
	# The same sources and headers as the last clean build: nothing to do.
	sum=$( (cd "$top" && find Kbuild kmod -type f ! -name '*.o' ! -name '*.ko' \
		! -name '.*' ! -name '*.mod*' ! -name modules.order ! -name Module.symvers -print0 | sort -z | xargs -0 sha1sum
		echo "$h") | sha1sum)
	[ -f "$out/kmod/tcpresetstat.ko" ] && [ "$(cat "$out/.trs-sum" 2>/dev/null)" = "$sum" ] &&
		return 0
	rm -rf "$out" && mkdir -p "$out" && cp -a "$top/Kbuild" "$top/kmod" "$out/" &&
	find "$out" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \
		-o -name modules.order -o -name Module.symvers \) -delete &&
	make -C "$h" -j"$(nproc)" M="$out" ARCH="${karch[$a]}" CROSS_COMPILE="${prefix[$a]}" W=1 \
		modules > "$out/build.log" 2>&1 &&
	! grep -E 'warning|error|ERROR' "$out/build.log" > /dev/null &&
	echo "$sum" > "$out/.trs-sum"
}
