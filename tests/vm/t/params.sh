#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bad input where the module starts, and where it is read:
#
# - a module parameter out of range, not a number, or empty makes insmod
#   fail with the right errno and a log line naming the parameter, and
#   leaves no module; the limits themselves load and show in config;
# - a load without parameters after all that has the defaults;
# - any bytes written to /proc/tcpresetstat or /proc/net/tcpresetstat are
#   refused and change nothing.
. "$(dirname "$0")/../lib.sh"
require_module
trap 'cleanup_ns; [ -e /proc/tcpresetstat ] || insmod "$KO"' EXIT
CLI=$TOP/tools/tcpresetstat
run rmmod tcpresetstat

bad() { # bad PARAM=VALUE ERRNO_TEXT LOG_TEXT
	local lines out
	lines=$(dmesg | wc -l)
	out=$(insmod "$KO" "$1" 2>&1) && fail "insmod $1 succeeded"
	case $out in *"$2"*) ;; *) fail "insmod $1: '$out', want '$2'" ;; esac
	grep -q '^tcpresetstat ' /proc/modules && fail "insmod $1 left the module loaded"
	dmesg | tail -n +$((lines + 1)) | grep -qF -- "$3" ||
		fail "insmod $1: no '$3' in the log: $(dmesg | tail -n +$((lines + 1)))"
	echo "ok: $1 refused: $2, '$3'"
}
# kmod's insmod words EINVAL its own way.
ERANGE="Numerical result out of range" EINVAL="Invalid parameters"
bad ports_max=1048577 "$ERANGE" "1048577 is out of range; ports_max"
bad peers_max=4294967295 "$ERANGE" "4294967295 is out of range; peers_max"
bad destinations_max=4294967296 "$ERANGE" "destinations_max: '4294967296' is not a number"
bad sample_interval_ms=99 "$ERANGE" "99 is out of range; sample_interval_ms"
bad exhaustion_pct=0 "$ERANGE" "0 is out of range; exhaustion_pct"
bad exhaustion_pct=101 "$ERANGE" "101 is out of range; exhaustion_pct"
bad alert_max_per_sec=10001 "$ERANGE" "10001 is out of range; alert_max_per_sec"
bad idle_timeout=abc "$EINVAL" "idle_timeout: 'abc' is not a number"
bad pressure_top=-1 "$EINVAL" "pressure_top: '-1' is not a number"
bad alert_peer_rst= "$EINVAL" "alert_peer_rst: '' is not a number"
bad fold_ephemeral=maybe "$EINVAL" "fold_ephemeral"

log "the limits load"
run insmod "$KO" ports_max=1048576 sample_interval_ms=0 exhaustion_pct=100 alert_max_per_sec=10000
new_ns ns
assert_eq "config at the limits" "$(in_ns "$ns" "$CLI" config | awk '{ print $1, $2 }' | grep -E '^(ports_max|sample_interval_ms|exhaustion_pct|alert_max_per_sec) ')" \
	"$(printf '%s\n' 'ports_max 1048576' 'sample_interval_ms 0' 'exhaustion_pct 100' 'alert_max_per_sec 10000')"
run rmmod tcpresetstat
run insmod "$KO"
new_ns fresh
assert_eq "defaults again" "$(in_ns "$fresh" "$CLI" config | awk '{ print $1, $2 }' | grep -E '^(ports_max|sample_interval_ms|exhaustion_pct|alert_max_per_sec) ')" \
	"$(printf '%s\n' 'ports_max 256' 'sample_interval_ms 1000' 'exhaustion_pct 80' 'alert_max_per_sec 10')"

log "writes of any bytes to /proc"
in_ns "$fresh" $TCP refused 127.0.0.1 7211 2 > /dev/null
await "$fresh" rst_out 2
before=$(in_ns "$fresh" grep -v '^sampler_' /proc/tcpresetstat)
for f in /proc/tcpresetstat /proc/net/tcpresetstat; do
	for n in 1 7 4096 65536; do
		in_ns "$fresh" bash -c "head -c $n /dev/urandom > $f" 2> /dev/null &&
			fail "a write of $n random bytes to $f succeeded"
	done
	in_ns "$fresh" bash -c "printf 'reset\n' > $f" 2> /dev/null && fail "'reset' written to $f"
done
echo "ok: every write refused"
assert_eq "nothing changed" "$(in_ns "$fresh" grep -v '^sampler_' /proc/tcpresetstat)" "$before"
