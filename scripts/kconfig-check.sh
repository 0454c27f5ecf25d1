#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every CONFIG_ line of the fragments must be in the .config made from
# them: a menu parent left unset drops its children silently, and
# allnoconfig turns off what a fragment does not name.  Every "# CONFIG_X
# is not set" line must hold too: a select turns an option on whatever the
# fragment says.  Prints one line per option not as wanted, with what the
# .config has instead (and, for an option set against the fragment, the
# options set that select it, from the kernel tree that an O= build
# directory links as "source"), and exits 1 if any.
#
#   scripts/kconfig-check.sh .config FRAGMENT...
set -eu
[ $# -ge 2 ] || { echo "usage: $0 .config FRAGMENT..." >&2; exit 2; }
config=$1; shift
tree=$(dirname "$config")/source
rc=0

# selectors SYMBOL: which options set in the .config select SYMBOL, from
# their Kconfig entries, if the tree is at hand.
selectors() {
	local s by=
	[ -d "$tree" ] || return 0
	# shellcheck disable=SC2016 # an awk program
	for s in $(find -L "$tree" -name 'Kconfig*' -type f -print0 | xargs -0 awk -v s="${1#CONFIG_}" '
		$1 ~ /^(menu)?config$/ { c = $2 }
		$1 == "select" && $2 == s { print c }' | sort -u); do
		if grep -qE "^CONFIG_$s=[ym]" "$config"; then by="$by CONFIG_$s"; fi
	done
	if [ -n "$by" ]; then echo ", selected by$by"; else echo "; no option set selects it"; fi
}

for f in "$@"; do
	while read -r line; do
		case $line in
		'# '*)	sym=${line#\# }; sym=${sym%% *}
			grep -qE "^$sym=" "$config" || continue
			echo "$f: $sym (wanted not set, got $(grep -E "^$sym=" "$config")$(selectors "$sym"))" ;;
		*)	grep -qxF "$line" "$config" && continue
			echo "$f: ${line%%=*} (wanted ${line#*=}, got $(
				grep -E "^(# )?${line%%=*}[= ]" "$config" || echo 'no such symbol'))" ;;
		esac
		rc=1
	done < <(grep -E '^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set$)' "$f")
done
exit $rc
