#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/vm/selftest.sh: misbehave in the way MODE names.
here=$(cd "$(dirname "$0")" && pwd)
case $1 in
exit3)	exit 3 ;;
warn|bug)
	insmod "$here/../../../kmod/tcpresetstat.ko" || exit 9
	insmod "$here/trs_oops.ko" mode="$1"
	exit 0 ;;
hang)	sleep 3600 ;;
leak)	# $2: trs_oops.ko built for the booted kernel (the debug kernel)
	. "$here/../kmemleak.sh"
	have_kmemleak || { echo "no kmemleak here"; exit 0; }
	kmemleak_forget
	insmod "$2" mode=leak && rmmod trs_oops || exit 9
	kmemleak_check
	exit ;;
assert)	. "$here/../lib.sh"; assert_eq "deliberately wrong" 1 2 ;;
esac
