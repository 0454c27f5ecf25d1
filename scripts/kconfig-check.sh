#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every CONFIG_ line of the fragments must be in the .config made from
# them: a menu parent left unset drops its children silently, and
# allnoconfig turns off what a fragment does not name.  Prints one line per
# option missing, with what the .config has instead, and exits 1 if any.
#
#   scripts/kconfig-check.sh .config FRAGMENT...
set -eu
[ $# -ge 2 ] || { echo "usage: $0 .config FRAGMENT..." >&2; exit 2; }
config=$1; shift
rc=0
for f in "$@"; do
	while read -r line; do
		grep -qxF "$line" "$config" && continue
		echo "$f: ${line%%=*} (wanted ${line#*=}, got $(
			grep -E "^(# )?${line%%=*}[= ]" "$config" || echo 'no such symbol'))"
		rc=1
	done < <(grep -E '^CONFIG_[A-Za-z0-9_]+=' "$f")
done
exit $rc
