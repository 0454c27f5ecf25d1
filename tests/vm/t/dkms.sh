#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The module as the tcpresetstat-dkms package builds it: tests/package.sh
# installs the package in a chroot with this kernel's headers, and DKMS's
# module lands in tests/vm/dkms.  It replaces the tree's module, must say
# its version, and count a known burst exactly:
#
#   [ ns: 7 connects refused by :7211 ]
#
# Then the tree's module is back for the tests after.
. "$(dirname "$0")/../lib.sh"
require_module
dkms_ko=$VMDIR/dkms/tcpresetstat.ko
[ -f "$dkms_ko" ] || skip "no DKMS-built module: tests/package.sh makes it"
[ "$(cat "$VMDIR/dkms/release")" = "$(uname -r)" ] ||
	skip "DKMS built it for $(cat "$VMDIR/dkms/release"), this is $(uname -r)"
trap 'cleanup_ns; rmmod tcpresetstat 2> /dev/null; insmod "$KO"' EXIT
run rmmod tcpresetstat
run insmod "$dkms_ko"
require_module
assert_eq "version" "$(cat /sys/module/tcpresetstat/version)" \
	"$(sed -n 's/^#define TRS_RELEASE "\(.*\)"$/\1/p' "$TOP/kmod/version.h")"
new_ns ns
refuse "$ns" 127.0.0.1 7211 7
assert_eq "rst_out_refused" "$(ctr rst_out_refused "$ns")" 7
assert_eq "port 7211: rst_out_refused" "$(cell ports 7211 rst_out_refused "$ns")" 7
assert_eq "open_fail_active_refused" "$(ctr open_fail_active_refused "$ns")" 7
