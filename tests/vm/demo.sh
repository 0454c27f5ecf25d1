#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: inside the VM, load the module, make a few kinds of reset in a
# namespace of their own and show what tcpresetstat saw.
#
#   [ ns demo: client -> lo -> dead port 7211 (connection refused)
#              client <- lo <- server that aborts with SO_LINGER 0 ]
. "$(dirname "$0")/lib.sh"
insmod "$TOP/kmod/tcpresetstat.ko" || fail "cannot load the module"
new_ns ns

log "a client connecting 5 times to a dead port (7211) on 127.0.0.1 and ::1"
in_ns "$ns" $TCP refused 127.0.0.1 7211 5
in_ns "$ns" $TCP refused ::1 7211 5
log "a server that aborts 3 established connections (SO_LINGER 0)"
in_ns "$ns" $TCP abort 127.0.0.1 7300 3

echo
log "tcpresetstat (the CLI, in that namespace):"
in_ns "$ns" "$TOP/tools/tcpresetstat"
echo
log "tcpresetstat -j show:"
in_ns "$ns" "$TOP/tools/tcpresetstat" -j show
echo
log "cat /proc/tcpresetstat:"
in_ns "$ns" cat /proc/tcpresetstat
