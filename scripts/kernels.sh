#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernels the module is built and booted on, each from Debian's archive,
# fetched on first use and cached under ~/.cache/tcpresetstat/kernels/NAME.
# Nothing here changes the machine's own package set.
#
#   kernels.sh list                 the names, one a line
#   kernels.sh release NAME         the kernel release (uname -r) of NAME
#   kernels.sh kdir NAME            its build directory, as the build sees it
#   kernels.sh boot-files NAME      two lines: the bootable image, and the
#                                   directory of its modules (.../lib/modules/REL)
#   kernels.sh cmdline NAME         what NAME's guests add to the kernel
#                                   command line (one line, maybe empty)
#   kernels.sh make NAME ARGS...    make -C <build dir> ARGS, where that
#                                   kernel's compiler and host tools run
#   kernels.sh fetch NAME           fetch everything NAME needs
#
# How each kernel is had (Documentation/kernels.rst says why):
#   6.1      the machine's own bookworm headers and image (scripts/kdir.sh)
#   6.12     bookworm-security, in the machine's own apt sources: the .debs
#   6.12-rt  are downloaded and unpacked under the cache, built with the
#            host's gcc-12 (and pahole, for the modules' BTF)
#   5.10     built inside a minimal chroot of their own suite (bullseye,
#   7.2      sid; made once with mmdebstrap), which brings the compiler the
#            kernel was built with (gcc-10) and host tools linked against the
#            suite's glibc (7.2's objtool and modpost need glibc >= 2.38);
#            the image and modules are downloaded through a private apt
#            configuration and unpacked under the cache
#   debug    built here from Debian's linux-source-6.12 (scripts/built-kernel.sh):
#   notrace  debug with the kernel's checkers on (tests/debug.config),
#            notrace as OpenWrt builds its kernels, with no tracers,
#            tracepoints or kprobes (tests/notrace.config)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tcpresetstat
kc=$cache/kernels
NAMES="5.10 6.1 6.12 6.12-rt 7.2 debug notrace"

die() { echo "kernels.sh: $*" >&2; exit 1; }
say() { echo "kernels.sh: $*" >&2; }

# spec NAME: sets suite, how (host, unpack, chroot, build) and image_meta,
# the package whose dependencies name the release.
spec() {
	suite='' image_meta=''
	case $1 in
	5.10)	suite=bullseye how=chroot image_meta=linux-image-amd64 ;;
	6.1)	suite=bookworm how=host ;;
	6.12)	suite=bookworm how=unpack image_meta=linux-image-6.12-amd64 ;;
	6.12-rt) suite=bookworm how=unpack image_meta=linux-image-6.12-rt-amd64 ;;
	7.2)	suite=sid how=chroot image_meta=linux-image-amd64 ;;
	debug|notrace) how=build ;;
	*)	die "unknown kernel '$1' (known: $NAMES)" ;;
	esac
}

mirror() { # the Debian mirror the machine's own sources use
	local u
	u=$(grep -rhoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | head -n1 | tr -d ' ')
	echo "${u:-http://deb.debian.org/debian}"
}

# apt with a private configuration for another suite: own sources, lists
# and cache under $kc/apt-SUITE, the machine's dpkg state left alone.
papt_init() {
	local d=$kc/apt-$suite
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial"
	echo "deb $(mirror) $suite main" > "$d/sources.list"
	: > "$d/status"
	# An empty dpkg status: the machine's installed kernels must not
	# answer for the suite's.  The archive's copy here may be a snapshot
	# older than sid's one-week Valid-Until.
	papt=(-o "Dir::Etc::SourceList=$d/sources.list" -o Dir::Etc::SourceParts=/dev/null
	      -o "Dir::State::Lists=$d/lists" -o "Dir::State::status=$d/status"
	      -o "Dir::Cache=$d/cache" -o Debug::NoLocking=1
	      -o Acquire::Check-Valid-Until=false)
	# Lists are refreshed at most once a day.
	if [ -z "$(find "$d/lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -n1)" ]; then
		say "updating the private apt lists of $suite"
		apt-get "${papt[@]}" update -q >&2 || die "apt-get update ($suite, private lists) failed"
	fi
}

# The machine's own apt: 6.12 is in its sources already.
hapt_init() {
	papt=()
	if ! apt-cache show "$image_meta" >/dev/null 2>&1; then
		say "apt-get update (the machine's lists do not know $image_meta)"
		apt-get update -q >&2 || true
	fi
}

apt_for() { if [ "$how" = chroot ]; then papt_init; else hapt_init; fi; }

# dep_of META: the versioned package META depends on.
dep_of() {
	local pat=$1 line
	line=$(apt-cache "${papt[@]}" depends "$pat" 2>/dev/null |
		awk '/Depends: linux-(image|headers)-[0-9]/ { print $2; exit }')
	[ -n "$line" ] || die "cannot resolve $pat ($suite)"
	echo "$line"
}

# release NAME (cached once resolved: the kernel does not move under a cache)
release() {
	local n=$1 rf pkg
	spec "$n"
	if [ "$how" = host ]; then "$top/scripts/kdir.sh" --release; return; fi
	if [ "$how" = build ]; then "$top/scripts/built-kernel.sh" "$n" release; return; fi
	rf=$kc/$n/release
	if [ -s "$rf" ]; then cat "$rf"; return; fi
	apt_for
	pkg=$(dep_of "$image_meta")
	mkdir -p "$kc/$n"
	pkg=${pkg#linux-image-}
	echo "${pkg%-unsigned}" > "$rf"
	cat "$rf"
}

lock() { mkdir -p "$kc"; exec 8>"$kc/.lock"; flock 8; }

# download PKG... into DIR (the archive's .deb files)
download() {
	local dir=$1; shift
	mkdir -p "$dir"
	(cd "$dir" && apt-get "${papt[@]}" download "$@" >&2) || die "download of $* failed"
}

fetch_image() { # the image and modules, unpacked, with modules.dep
	local n=$1 rel=$2 d=$kc/$1 deb parts
	[ -e "$d/root/boot/vmlinuz-$rel" ] && [ -s "$d/root/lib/modules/$rel/modules.dep" ] && return 0
	apt_for
	say "$n: fetching linux-image-$rel"
	rm -rf "$d/debs-image" "$d/root.new"
	# sid splits the image into linux-{base,binary,modules}-REL.
	mapfile -t parts < <(apt-cache "${papt[@]}" depends "linux-image-$rel" |
		awk -v r="$rel" '$1 == "Depends:" && $2 ~ "^linux-(base|binary|modules)-" && substr($2, length($2) - length(r) + 1) == r { print $2 }')
	download "$d/debs-image" "linux-image-$rel" "${parts[@]}"
	mkdir -p "$d/root.new"
	for deb in "$d"/debs-image/*.deb; do dpkg -x "$deb" "$d/root.new"; done
	rm -rf "$d/root/boot" "$d/root/lib"
	mkdir -p "$d/root/boot" "$d/root/lib"
	# usr-merged suites ship /usr/lib/modules, sid the image inside it.
	if [ -d "$d/root.new/lib/modules" ]; then mv "$d/root.new/lib/modules" "$d/root/lib/"
	else mv "$d/root.new/usr/lib/modules" "$d/root/lib/"; fi
	if [ -e "$d/root.new/boot/vmlinuz-$rel" ]; then mv "$d/root.new/boot/vmlinuz-$rel" "$d/root/boot/"
	else mv "$d/root/lib/modules/$rel/vmlinuz" "$d/root/boot/vmlinuz-$rel"; fi
	rm -rf "$d/root.new" "$d/debs-image"
	depmod -b "$d/root" "$rel" || die "depmod for $rel failed"
}

fetch_headers_unpack() {
	local n=$1 rel=$2 d=$kc/$1 h common kbuild deb
	h=$d/root/usr/src/linux-headers-$rel
	[ -f "$h/.trs-ok" ] && return 0
	apt_for
	say "$n: fetching linux-headers-$rel"
	common=$(apt-cache depends "linux-headers-$rel" | awk '/Depends: linux-headers-.*-common/ { print $2; exit }')
	kbuild=$(apt-cache depends "linux-headers-$rel" | awk '/Depends: linux-kbuild-/ { print $2; exit }')
	if [ -z "$common" ] || [ -z "$kbuild" ]; then die "cannot resolve the headers' common and kbuild packages"; fi
	rm -rf "$d/debs-headers" "$d/root/usr"
	download "$d/debs-headers" "linux-headers-$rel" "$common" "$kbuild"
	for deb in "$d"/debs-headers/*.deb; do dpkg -x "$deb" "$d/root"; done
	rm -rf "$d/debs-headers" "$d/root/usr/share"
	# The flavour's Makefile includes the common one by absolute path.
	sed -i "s|^include /usr/src/|include $d/root/usr/src/|" "$h/Makefile"
	touch "$h/.trs-ok"
}

fetch_chroot() {
	local n=$1 rel=$2 r=$kc/$1/chroot m
	[ -f "$r/.trs-ok" ] && return 0
	command -v mmdebstrap >/dev/null || die "mmdebstrap is missing: scripts/deps.sh kernels"
	m=$(mirror)
	say "$n: making a $suite chroot with linux-headers-$rel (once)"
	rm -rf "$r"
	# Only what a module build needs; apt's own cache stays empty.
	# shellcheck disable=SC2016 # the hook's "$1" is mmdebstrap's
	mmdebstrap --variant=minbase --mode=root \
		--include="make,gcc,libc6-dev,bc,kmod,dwarves,libelf1,linux-headers-$rel" \
		--aptopt='APT::Install-Recommends "false"' \
		--aptopt='Acquire::Check-Valid-Until "false"' \
		--customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*' \
		"$suite" "$r" "deb $m $suite main" >&2 || { rm -rf "$r"; die "mmdebstrap $suite failed"; }
	touch "$r/.trs-ok"
}

fetch() {
	local n=$1 rel
	spec "$n"
	[ "$how" = host ] && { "$top/scripts/kdir.sh" >/dev/null; return; }
	[ "$how" = build ] && { "$top/scripts/built-kernel.sh" "$n" build; return; }
	lock
	rel=$(release "$n")
	case $how in
	unpack) fetch_headers_unpack "$n" "$rel" ;;
	chroot) fetch_chroot "$n" "$rel" ;;
	esac
	fetch_image "$n" "$rel"
}

kdir() {
	local n=$1 rel
	spec "$n"
	[ "$how" = host ] && { "$top/scripts/kdir.sh"; return; }
	[ "$how" = build ] && { "$top/scripts/built-kernel.sh" "$n" kdir; return; }
	rel=$(release "$n")
	case $how in
	unpack) fetch_headers_unpack "$n" "$rel"; echo "$kc/$n/root/usr/src/linux-headers-$rel" ;;
	chroot) fetch_chroot "$n" "$rel"; echo "$kc/$n/chroot/usr/src/linux-headers-$rel" ;;
	esac
}

# make NAME ARGS: in a chroot the build runs in a private mount namespace
# where the checkout (and $TMPDIR-style directories passed as M=) appear at
# their own paths, so messages and M= are the same as on the host.
kmake() {
	local n=$1 rel r k; shift
	spec "$n"
	if [ "$how" != chroot ]; then
		k=$(kdir "$n")
		exec make -C "$k" "$@"
	fi
	( lock; fetch_chroot "$n" "$(release "$n")" )
	rel=$(release "$n")
	r=$kc/$n/chroot
	local binds=() a
	for a in "$top" "$@"; do
		case $a in M=/*) binds+=("${a#M=}") ;; /*) [ "$a" = "$top" ] && binds+=("$a") ;; esac
	done
	# shellcheck disable=SC2016 # the inner shell expands its own arguments
	exec unshare -m bash -c '
		r=$1 rel=$2; shift 2
		mount --make-rprivate / 2>/dev/null || true
		while [ "$1" != -- ]; do
			mkdir -p "$r$1" && mount --bind "$1" "$r$1" || exit 1
			shift
		done
		shift
		for d in proc dev; do mount --rbind /$d "$r/$d" || exit 1; done
		exec chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp \
			make -C "/usr/src/linux-headers-$rel" "$@"
	' kmake "$r" "$rel" "${binds[@]}" -- "$@"
}

boot_files() {
	local n=$1 rel
	spec "$n"
	if [ "$how" = host ]; then
		rel=$("$top/scripts/kdir.sh" --release)
		echo "/boot/vmlinuz-$rel"; echo "/lib/modules/$rel"; return
	fi
	if [ "$how" = build ]; then
		"$top/scripts/built-kernel.sh" "$n" image
		"$top/scripts/built-kernel.sh" "$n" moddir
		return
	fi
	( lock; fetch_image "$n" "$(release "$n")" )
	rel=$(release "$n")
	echo "$kc/$n/root/boot/vmlinuz-$rel"
	echo "$kc/$n/root/lib/modules/$rel"
}

cmd=${1:-}; [ $# -gt 0 ] && shift
case $cmd in
list)		for n in $NAMES; do echo "$n"; done ;;
release)	[ $# = 1 ] || die "usage: kernels.sh release NAME"; spec "$1"; release "$1" ;;
kdir)		[ $# = 1 ] || die "usage: kernels.sh kdir NAME"; ( lock; kdir "$1" ) ;;
boot-files)	[ $# = 1 ] || die "usage: kernels.sh boot-files NAME"; boot_files "$1" ;;
cmdline)	[ $# = 1 ] || die "usage: kernels.sh cmdline NAME"; spec "$1"
		if [ "$how" = build ]; then "$top/scripts/built-kernel.sh" "$1" cmdline; else echo; fi ;;
fetch)		[ $# = 1 ] || die "usage: kernels.sh fetch NAME"; fetch "$1" ;;
make)		[ $# -ge 1 ] || die "usage: kernels.sh make NAME ARGS..."; kmake "$@" ;;
*)		die "usage: kernels.sh list | release NAME | kdir NAME | boot-files NAME | cmdline NAME | fetch NAME | make NAME ARGS..." ;;
esac
