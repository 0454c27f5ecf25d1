#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: snmp/TCPRESETSTAT-MIB.txt.  smilint reports nothing on it at
# its strictest level (9), and its objects are exactly those "tcpresetstat
# snmp" serves (tcpresetstat help oids): the same descriptors at the same
# OIDs, the ports table's index aside (not-accessible, no instances).
# smilint and smidump are in Debian's smitools (scripts/deps.sh check);
# without them, SKIP.  The SMIv2 modules the MIB imports are IETF's when
# smilint finds them (snmp-mibs-downloader), else tests/snmp-smi's.
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
if ! command -v smilint > /dev/null || ! command -v smidump > /dev/null; then
	echo "SKIP: snmp (no smilint: Debian package smitools)"
	exit 0
fi
MIB=snmp/TCPRESETSTAT-MIB.txt
if smilint -l 1 "$MIB" 2>&1 | grep -q "failed to locate MIB module"; then
	export SMIPATH=$top/tests/snmp-smi
	echo "# SNMPv2-SMI and SNMPv2-CONF: tests/snmp-smi's stand-ins"
fi
failed=0
out=$(smilint -l 9 -s "$MIB" 2>&1)
if [ $? -eq 0 ] && [ -z "$out" ]; then
	echo "PASS: snmp/smilint"
else
	printf '%s\n' "$out"
	echo "FAIL: snmp/smilint"
	failed=1
fi

mib=$(smidump -f identifiers "$MIB" 2>&1 |
	awk '($3 == "scalar" || $3 == "column") && $2 != "trsPortIndex" { print "." $4, $2 }' | sort)
tool=$(tools/tcpresetstat help oids | awk '{ print $1, $2 }' | sort)
if [ -n "$tool" ] && [ "$mib" = "$tool" ]; then
	echo "PASS: snmp/oids ($(wc -l <<<"$tool") objects, as the tool serves them)"
else
	diff <(printf '%s\n' "$mib") <(printf '%s\n' "$tool") | sed 's/^</MIB only:/; s/^>/tool only:/'
	echo "FAIL: snmp/oids"
	failed=1
fi
exit "$failed"
