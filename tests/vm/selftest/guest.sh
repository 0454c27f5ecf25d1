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
assert)	. "$here/../lib.sh"; assert_eq "deliberately wrong" 1 2 ;;
esac
