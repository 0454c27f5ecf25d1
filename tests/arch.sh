#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/arch.sh [ARCH...] (make check-arch): the module and the CLI on the
# routers' architectures, booted under qemu's TCG: armhf (Debian's armmp
# kernel on qemu's virt board), arm64 (virt), mipsel (4kc-malta on malta),
# all 6.1 from bookworm, and big-endian mips (malta), whose kernel
# scripts/mips-kernel.sh builds from linux-source-6.1 and whose busybox is
# built here from Debian's source (Debian has no big-endian MIPS port
# since buster).  Each guest is an initramfs of busybox-static, the module
# (built with W=1 by tests/foreign.sh), veth.ko of that kernel (built in
# for mips), tests/arch/trsnet and the CLI linked statically against
# libnl-tiny (../shared/third_party); tests/arch/init says what it runs
# and tests/arch/check.py what must come of it.  Prints "PASS: arch/ARCH"
# or "FAIL: arch/ARCH" each, with the static CLI's size.
#
# tests/arch.sh --bench ROUNDS [ARCH...] (make bench-arch; x86_64, the
# host's Debian kernel, is one more ARCH there): boots each with one vCPU
# under qemu -icount shift=0, where the guest's clock counts instructions,
# times TRS_ARCH_N (2000) refused connects on loopback without the module
# and with it, ROUNDS times, and prints the module's cost per refused
# connect (one RST sent, one received, one failed open) in instructions;
# bench/results-arch.json keeps the figures.  --against REV (after
# --bench ROUNDS) also times the module of commit REV in each round, for a
# change's cost side by side.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/foreign.sh"
cache=$foreign_cache
log=$cache/arch.log
bench= against=
if [ "${1:-}" = --bench ]; then
	bench=${2:?--bench ROUNDS}
	shift 2
fi
if [ -n "$bench" ] && [ "${1:-}" = --against ]; then
	against=${2:?--against REV}
	shift 2
fi
N=${TRS_ARCH_N:-$([ -n "$bench" ] && echo 2000 || echo 3)}
[ $# -gt 0 ] || set -- armhf arm64 mipsel mips
# qemu per ARCH: binary, board and CPUs, console
declare -A qemu=([armhf]="qemu-system-arm -M virt,highmem=off -cpu cortex-a15 -smp 2"
		 [arm64]="qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 2"
		 [mipsel]="qemu-system-mipsel -M malta -smp 1"
		 [mips]="qemu-system-mips -M malta -smp 1"
		 [x86_64]="qemu-system-x86_64 -M pc -smp 2")
declare -A console=([armhf]=ttyAMA0 [arm64]=ttyAMA0 [mipsel]=ttyS0 [mips]=ttyS0
		    [x86_64]=ttyS0)
tiny=$(ls "$top"/../shared/third_party/libnl-tiny-*.tar.gz 2>/dev/null | head -n1)

# libnl_tiny ARCH: libnl-tiny built for ARCH (once); prints its directory.
libnl_tiny() {
	local a=$1 d=$cache/libnl-tiny/$1 src o
	if [ ! -f "$d/.trs-ok" ] || [ "$(cat "$d/.trs-ok")" != "$tiny" ]; then
		rm -rf "$d" && mkdir -p "$d/src" && tar -xzf "$tiny" -C "$d/src" || return 1
		src=$(echo "$d"/src/libnl-tiny-*)
		for c in "$src"/*.c; do
			o=$d/$(basename "$c" .c).o
			"${prefix[$a]}gcc" -Os -I"$src/include" -c "$c" -o "$o" ||
				return 1
		done
		"${prefix[$a]}ar" rcs "$d/libnl-tiny.a" "$d"/*.o && cp -a "$src/include" "$d/" &&
			echo "$tiny" > "$d/.trs-ok" || return 1
	fi
	echo "$d"
}

# debian_sys ARCH REL: Debian's kernel REL and busybox-static for ARCH in
# $cache/sys/ARCH (once).
debian_sys() {
	local a=$1 rel=$2 sys=$cache/sys/$1
	[ -f "$sys/.trs-$rel" ] && return 0
	rm -rf "$sys" && mkdir -p "$sys" &&
	(cd "$sys" && apt-get "${papt[@]}" download "linux-image-$rel:$a" \
		"busybox-static:$a") >&2 || return 1
	dpkg-deb --fsys-tarfile "$sys"/linux-image-*.deb |
		tar -x -C "$sys" --wildcards './boot/vmlinu*' \
			'./lib/modules/*/kernel/drivers/net/veth.ko' &&
	dpkg-deb --fsys-tarfile "$sys"/busybox-static_*.deb | tar -x -C "$sys" ./bin/busybox &&
	rm -f "$sys"/*.deb && touch "$sys/.trs-$rel"
}

# mips_busybox: busybox-static from Debian's source, built with Debian's
# own static configuration for big-endian mips (once); prints its path.
mips_busybox() {
	local d=$cache/sys/mips src
	if [ ! -f "$d/.trs-ok" ]; then
		rm -rf "$d" && mkdir -p "$d/src" &&
		(cd "$d/src" && apt-get "${papt[@]}" source --download-only busybox &&
			dpkg-source -x busybox_*.dsc busybox) >&2 || return 1
		src=$d/src/busybox
		cp "$src/debian/config/pkg/static" "$src/.config" &&
		# tc does not build against 6.1's uapi headers (Debian patches
		# its build; we do not need it).
		sed -i 's/^CONFIG_TC=y/# CONFIG_TC is not set/' "$src/.config" &&
		make -C "$src" ARCH=mips CROSS_COMPILE=mips-linux-gnu- oldconfig < /dev/null >&2 &&
		make -C "$src" ARCH=mips CROSS_COMPILE=mips-linux-gnu- -j"$(nproc)" busybox >&2 &&
		mkdir -p "$d/bin" && mips-linux-gnu-strip -o "$d/bin/busybox" "$src/busybox" &&
		rm -rf "$d/src" && touch "$d/.trs-ok" || return 1
	fi
	echo "$d/bin/busybox"
}

# guest ARCH BUSYBOX VETH: the initramfs for ARCH (VETH: veth.ko, or
# nothing when built in); prints its path.
guest() {
	local a=$1 busybox=$2 veth=$3 b=$cache/arch/$1 lib cc=${prefix[$1]}gcc
	lib=$(libnl_tiny "$a") || return 1
	# The CLI, built apart from the host's objects.
	rm -rf "$b" && mkdir -p "$b/src/kmod" && cp -a "$top/tools" "$b/src/" &&
	cp -a "$top/kmod/uapi" "$b/src/kmod/" &&
	make -s -C "$b/src/tools" clean > /dev/null &&
	make -s -C "$b/src/tools" CC="$cc" LIBNL_TINY="$lib" tcpresetstat >&2 &&
	"${prefix[$a]}strip" -o "$b/tcpresetstat" "$b/src/tools/tcpresetstat" &&
	"$cc" -static -Os -std=gnu11 -Wall -Wextra -Werror -o "$b/trsnet" \
		"$top/tests/arch/trsnet.c" && "${prefix[$a]}strip" "$b/trsnet" || return 1
	mkdir -p "$b/root/bin" "$b/root/proc" "$b/root/sys" "$b/root/dev" &&
	cp "$busybox" "$b/tcpresetstat" "$b/trsnet" "$b/root/bin/" &&
	cp "$top/tests/arch/init" "$b/root/init" &&
	{ [ -z "$veth" ] || cp "$veth" "$b/root/"; } &&
	"${prefix[$a]}strip" --strip-debug -o "$b/root/tcpresetstat.ko" \
		"$cache/build/$a/kmod/tcpresetstat.ko" &&
	{ [ -z "$against" ] || base_module "$a" "$b/root/tcpresetstat-base.ko"; } &&
	(cd "$b/root" && find . | cpio -o -H newc --quiet | gzip -1) > "$b/initrd.gz" ||
		return 1
	echo "$b/initrd.gz"
}

# base_module ARCH KO: the module of commit $against for ARCH's kernel
# (headers or build tree $kdir), stripped into KO.
base_module() {
	local d=$cache/arch/$1/base
	rm -rf "$d" && mkdir -p "$d" &&
	git -C "$top" archive "$against" Kbuild kmod | tar -x -C "$d" &&
	make -C "$kdir" M="$d" ARCH="${karch[$1]}" CROSS_COMPILE="${prefix[$1]}" modules \
		> "$d/build.log" 2>&1 &&
	"${prefix[$1]}strip" --strip-debug -o "$2" "$d/kmod/tcpresetstat.ko"
}

# prepare ARCH: kernel, module and initramfs; sets rel, image, initrd.
prepare() {
	local a=$1 h sys=$cache/sys/$1 busybox
	if [ "$a" = x86_64 ]; then
		h=$("$top/scripts/kdir.sh") && kdir=$h && rel=${h##*/linux-headers-} &&
		image=/boot/vmlinuz-$rel && foreign_module "$a" "$h" &&
		initrd=$(guest "$a" /bin/busybox "/lib/modules/$rel/kernel/drivers/net/veth.ko")
		return
	fi
	if [ "$a" = mips ]; then
		rel=$("$top/scripts/mips-kernel.sh" release) &&
		h=$("$top/scripts/mips-kernel.sh" kdir) && kdir=$h &&
		image=$("$top/scripts/mips-kernel.sh" image) &&
		foreign_module "$a" "$h" && busybox=$(mips_busybox) &&
		initrd=$(guest "$a" "$busybox" "")
		return
	fi
	rel=$(foreign_release "$a") && [ -n "$rel" ] && h=$(foreign_headers "$a") && kdir=$h &&
	foreign_module "$a" "$h" && debian_sys "$a" "$rel" &&
	image=$(ls "$sys/boot/vmlinu"*"$rel" | head -n1) &&
	initrd=$(guest "$a" "$sys/bin/busybox" \
		"$sys/lib/modules/$rel/kernel/drivers/net/veth.ko")
}

foreign_lists > "$log" 2>&1 || { tail "$log"; echo "FAIL: arch/apt-lists"; exit 1; }
[ -n "$tiny" ] || { echo "FAIL: arch/libnl-tiny (not in ../shared/third_party)"; exit 1; }
failed=0
for a; do
	start=$SECONDS
	if [ -z "${qemu[$a]:-}" ]; then
		echo "FAIL: arch/$a (unknown: armhf, arm64, mipsel, mips, x86_64)"
		failed=1
		continue
	fi
	foreign_lock "$a"
	if ! prepare "$a" 2>> "$log"; then
		foreign_unlock
		tail -n 20 "$log"
		echo "FAIL: arch/$a (build)"
		failed=1
		continue
	fi
	out=$cache/arch/$a/console.log
	q=${qemu[$a]} append="console=${console[$a]} panic=-1 loglevel=4 trs_n=$N" t=600
	if [ -n "$bench" ]; then
		# qemu 7.2 boots no SMP guest with icount.  The RTC on the
		# virtual clock: malta's kernel times its CPU counter against
		# it, and on the host's clock a mipsel instruction read as
		# 24 ns.
		q="${q/-smp [0-9]/-smp 1} -icount shift=0 -rtc clock=vm"
		append="$append trs_bench=$bench" t=3600
	fi
	# One heavy job (a VM or a kernel build) at a time on this machine.
	exec 9>"${TMPDIR:-/tmp}/tcpresetstat-heavy.lock"
	flock 9
	# Each boots and runs in 5 to 15 s here (a bench: minutes); a hang fails.
	timeout $t $q -m 512 -nographic -no-reboot -kernel "$image" -initrd "$initrd" \
		-append "$append" < /dev/null > "$out" 2>&1
	exec 9>&-
	if [ -n "$bench" ]; then
		if python3 "$top/tests/arch/bench.py" "$out" "$a" "$rel" \
			"$top/bench/results-arch.json" "$against"; then
			echo "PASS: bench-arch/$a"
		else
			echo "FAIL: bench-arch/$a (console: $out)"
			failed=1
		fi
	elif python3 "$top/tests/arch/check.py" "$out" "$N"; then
		echo "PASS: arch/$a ($rel, $((SECONDS - start)) s; CLI $(stat -c %s "$cache/arch/$a/tcpresetstat") bytes static)"
	else
		echo "FAIL: arch/$a (console: $out)"
		failed=1
	fi
	foreign_unlock
done
exit $failed
