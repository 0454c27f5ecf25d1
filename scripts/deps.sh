#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages a make target needs, if any are missing.
# As root this runs apt-get; otherwise it prints the exact command and fails.
# Usage: deps.sh GROUP...   GROUP: build vm kunit check bench kernels matrix cross arch package
set -eu

pkgs=
for group in "$@"; do
	case $group in
	build)	pkgs="$pkgs make gcc libc6-dev pkg-config libnl-genl-3-dev
		      linux-headers-amd64 linux-image-amd64 kmod" ;;
	vm)	pkgs="$pkgs qemu-system-x86 busybox-static linux-image-amd64
		      python3 iproute2 cpio gzip procps nftables" ;;
	kunit)	pkgs="$pkgs linux-source-6.1 xz-utils bc flex bison libelf-dev
		      libssl-dev python3 gcc make" ;;
	# promtool checks --prometheus; smitools the MIB (tests/snmp.sh), snmpd
	# and snmp serve it in the VM (tests/vm/t/snmp.sh); clang and its
	# libFuzzer: make -C tools fuzz; docutils: tests/docs.py
	check)	pkgs="$pkgs sparse python3 python3-yaml prometheus smitools snmpd snmp clang
		      libclang-rt-14-dev lua5.1 python3-docutils" ;;
	kernels) pkgs="$pkgs mmdebstrap dwarves xz-utils" ;;	# scripts/kernels.sh
	# tests/package.sh: the Debian packages, built and installed in a chroot
	package) pkgs="$pkgs dpkg-dev debhelper dh-dkms lintian fakeroot mmdebstrap
		      libnl-genl-3-dev pkg-config cpio" ;;
	# tests/cross.sh: the routers' compilers (their headers it fetches)
	cross)	pkgs="$pkgs gcc-arm-linux-gnueabihf gcc-aarch64-linux-gnu
		      gcc-mipsel-linux-gnu" ;;
	# tests/arch.sh: boots them (Debian's kernels and busybox it fetches;
	# big-endian mips: scripts/mips-kernel.sh builds one from 6.1's source,
	# and busybox is built from Debian's)
	arch)	pkgs="$pkgs qemu-system-arm qemu-system-mips cpio gzip python3
		      gcc-mips-linux-gnu linux-source-6.1 xz-utils bc flex bison
		      dpkg-dev" ;;
	matrix)	pkgs="$pkgs linux-source-6.12 xz-utils bc flex bison libelf-dev
		      libssl-dev dwarves" ;;	# the module built into a kernel
	bench)	pkgs="$pkgs gcc libc6-dev python3 iperf3 tcpdump bpftrace bpftool
		      linux-perf iproute2" ;;
	*)	echo "deps.sh: unknown group '$group'" >&2; exit 2 ;;
	esac
done

missing=
for p in $pkgs; do
	case " $missing " in *" $p "*) continue ;; esac
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

cmd="apt-get install -y$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing packages:$missing" >&2
	echo "deps.sh: run as root: apt-get update && $cmd" >&2
	exit 1
fi
echo "deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2 || true
# shellcheck disable=SC2086
apt-get install -y -q $missing >&2
