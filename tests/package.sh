#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: the Debian packages (debian/, dkms.conf).
#
#   build     dpkg-buildpackage -us -uc -b in a copy of the tree's files (not
#             what .gitignore names: build products), as
#             a clean clone has it: tcpresetstat-dkms and tcpresetstat;
#   lintian   no error (warnings and notes printed);
#   version   debian/changelog, dkms.conf, kmod/version.h and the tool agree;
#   headers   in a throwaway chroot without kernel headers, installing the
#             dkms package succeeds and says why nothing was built (dkms
#             builds it once headers come);
#   dkms      in one with Debian's 6.1 headers (the stock VM kernel's),
#             installing it builds the module for 6.1, and installing the
#             6.12 headers (a kernel upgrade) builds it for 6.12 too, by
#             dkms' own hook (/etc/kernel/header_postinst.d; the image,
#             which the headers depend on, is left out: --force-depends);
#             the 6.1 module is kept for the VM test t/dkms.sh, which
#             loads it and counts a known burst.
#
# The chroot (mmdebstrap, bookworm, with dkms and what the headers need)
# and the headers' packages
# are made once under ~/.cache/tcpresetstat/dkms; each run works in an
# overlay of it, in a private mount namespace, and throws that away.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tcpresetstat/dkms
# Where t/dkms.sh finds the module DKMS built for 6.1.
out=$top/tests/vm/dkms
work=$(mktemp -d)
trap 'umount -R "$work/mnt" 2>/dev/null; rm -rf "$work"' EXIT

pass() { echo "PASS: package/$1"; }
fail() { echo "FAIL: package/$1: $2"; failed=1; }
skip() { echo "SKIP: package/$1: $2"; }
failed=0

if [ "$(id -u)" != 0 ]; then
	skip all "needs root (the chroots)"
	exit 0
fi
"$top/scripts/deps.sh" package || exit 1

# build
src=$work/src
mkdir -p "$src"
(cd "$top" && git ls-files -z -co --exclude-standard 2>/dev/null | cpio -0 -pdm --quiet "$src") ||
	(cd "$top" && cp -a . "$src")
if (cd "$src" && dpkg-buildpackage -us -uc -b > "$work/build.log" 2>&1); then
	pass build
else
	tail -30 "$work/build.log"
	fail build "dpkg-buildpackage failed"
	exit 1
fi
version=$(cd "$src" && dpkg-parsechangelog -SVersion)
dkms_deb=$work/tcpresetstat-dkms_${version}_all.deb
cli_deb=$(ls "$work"/tcpresetstat_"${version}"_*.deb)

# lintian: errors fail, the rest is shown.
lint=$(lintian --info --tag-display-limit 0 "$work"/*.changes 2>&1 | grep -v 'running with root')
[ -z "$lint" ] || echo "$lint"
if grep -q '^E: ' <<<"$lint"; then fail lintian "errors above"; else pass lintian; fi

# version
rel=$(sed -n 's/^#define TRS_RELEASE "\(.*\)"$/\1/p' "$top/kmod/version.h")
conf=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
tool=$(dpkg-deb --fsys-tarfile "$cli_deb" | tar -xO ./usr/sbin/tcpresetstat > "$work/tool" &&
	chmod +x "$work/tool" && "$work/tool" -V | cut -d' ' -f2)
if [ "$version" = "$rel" ] && [ "$conf" = "$rel" ] && [ "$tool" = "$rel" ]; then
	pass version
else
	fail version "changelog $version, dkms.conf $conf, kmod/version.h $rel, tool $tool"
fi

# The chroot and the headers, once.
rel61=$("$top/scripts/kdir.sh" --release) || exit 1
rel612=$("$top/scripts/kernels.sh" release 6.12) || exit 1
base=$cache/chroot
# Made again when what it must hold changes.
base_pkgs=dkms,kmod,libelf1,libssl3,zlib1g,pahole,linux-base
if [ "$(cat "$base/.trs-ok" 2>/dev/null)" != "$base_pkgs" ]; then
	echo "package: making a bookworm chroot with dkms (once)"
	rm -rf "$base"
	mkdir -p "$cache"
	# shellcheck disable=SC2016 # the hook's "$1" is mmdebstrap's
	mmdebstrap --variant=minbase --mode=root \
		--include="$base_pkgs" \
		--aptopt='APT::Install-Recommends "false"' \
		--customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*' \
		bookworm "$base" "deb $(grep -rhoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list \
			/etc/apt/sources.list.d/ 2>/dev/null | head -n1 | tr -d ' ' ||
			echo http://deb.debian.org/debian) bookworm main" > "$work/mmdebstrap.log" 2>&1 ||
		{ tail -20 "$work/mmdebstrap.log"; fail chroot "mmdebstrap failed"; exit 1; }
	echo "$base_pkgs" > "$base/.trs-ok"
fi
# headers_debs REL: the .deb files of linux-headers-REL and what it needs
# of the kernel's (common headers, kbuild, the compiler's marker package),
# from the machine's sources.
headers_debs() {
	local rel=$1 d=$cache/headers-$1 pkgs
	if [ ! -f "$d/.trs-ok" ]; then
		rm -rf "$d"
		mkdir -p "$d"
		pkgs=$(apt-cache depends "linux-headers-$rel" |
		       awk '/Depends: linux-(headers-.*-common|kbuild-|compiler-)/ { print $2 }')
		(cd "$d" && apt-get download "linux-headers-$rel" $pkgs > /dev/null 2>&1) ||
			{ echo "cannot download linux-headers-$rel" >&2; return 1; }
		touch "$d/.trs-ok"
	fi
	ls "$d"/*.deb
}
debs61=$(headers_debs "$rel61") || { fail dkms "no headers for $rel61"; exit 1; }
debs612=$(headers_debs "$rel612") || { fail dkms "no headers for $rel612"; exit 1; }

# in_chroot NAME SCRIPT: SCRIPT in a throwaway overlay of the chroot, the
# packages built in /debs, the headers' in /cache; its output in
# $work/NAME.log.
in_chroot() {
	local name=$1 script=$2
	mkdir -p "$work/$name/upper" "$work/$name/work" "$work/mnt"
	unshare -m bash -c '
		set -e
		mount -t overlay overlay -o lowerdir="$1",upperdir="$2/upper",workdir="$2/work" "$3"
		mkdir -p "$3/debs" "$3/cache" && mount --bind "$4" "$3/debs"
		mount --bind "$6" "$3/cache"
		mount -t proc proc "$3/proc"
		chroot "$3" /bin/bash -c "$5"' - "$base" "$work/$name" "$work/mnt" "$work" "$script" \
		"$cache" \
		> "$work/$name.log" 2>&1
}

# headers: none installed; the package installs, and says so.
if in_chroot noheaders "dpkg -i /debs/$(basename "$dkms_deb") &&
	dpkg-query -W -f='\${db:Status-Abbrev}' tcpresetstat-dkms | grep -qx 'ii ' &&
	dkms status tcpresetstat"; then
	if grep -q "tcpresetstat-dkms: no kernel headers" "$work/noheaders.log" &&
	   grep -q "tcpresetstat/$version: added" "$work/noheaders.log"; then
		pass no_headers
	else
		cat "$work/noheaders.log"
		fail no_headers "no message about the headers, or not added"
	fi
else
	cat "$work/noheaders.log"
	fail no_headers "the package did not install without headers"
fi

# dkms: 6.1 headers, the package, then 6.12 headers.
in_cache() { local d; for d in "$@"; do printf '/cache/%s ' "${d#"$cache"/}"; done; }
# shellcheck disable=SC2046,SC2086 # one word per file
if in_chroot dkms "dpkg -i $(in_cache $debs61) > /dev/null &&
	dpkg -i /debs/$(basename "$dkms_deb") &&
	modinfo -F vermagic /lib/modules/$rel61/updates/dkms/tcpresetstat.ko* &&
	dpkg -i --force-depends $(in_cache $debs612) &&
	modinfo -F vermagic /lib/modules/$rel612/updates/dkms/tcpresetstat.ko* &&
	modinfo -F version /lib/modules/$rel612/updates/dkms/tcpresetstat.ko* &&
	dkms status tcpresetstat"; then
	pass dkms_build
else
	tail -40 "$work/dkms.log"
	fail dkms_build "see above"
fi

# The 6.1 module, for t/dkms.sh; its vermagic and version as DKMS built them.
rm -rf "$out"
# (/lib is /usr/lib in bookworm's merged /usr.)
ko=$(ls "$work"/dkms/upper/{usr/,}lib/modules/"$rel61"/updates/dkms/tcpresetstat.ko 2>/dev/null |
     head -n1)
if [ -n "$ko" ] && grep -q "^$rel61 SMP" "$work/dkms.log" &&
   grep -q "^$rel612 SMP" "$work/dkms.log" && grep -qx "$version" "$work/dkms.log"; then
	mkdir -p "$out" && cp "$ko" "$out/" && echo "$rel61" > "$out/release"
	pass dkms_modules
else
	cat "$work/dkms.log"
	fail dkms_modules "no module for $rel61 and $rel612 of version $version"
fi
exit $failed
