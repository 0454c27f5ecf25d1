#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: describe the host, time the calibration loop on it, run the
# benchmarks (bench/guest.sh) in two VM boots, then print the tables and
# write bench/results.json (bench/report.py):
#
#  - plain tcg, 2 vCPUs: everything measured in time or memory (bulk,
#    storm, memory, sampler, readpath);
#  - icount (qemu -icount shift=0), 1 vCPU: the guest's clock counts the
#    instructions it executes, one per nanosecond, so bulk, storm and
#    sampler costs come out in instructions, repeatable to a fraction of a
#    percent where tcg's times spread by a tenth or more; and the profiles
#    (storm, bulk), whose samples are then evenly spaced in instructions.
#    qemu 7.2 does not boot an SMP guest with icount, and icount runs vCPUs
#    one at a time anyway.
#
# Each boot compares its configurations with each other, side by side.
#
#   bench/run.sh [BENCH_X=VALUE...] [SECTION...]     (arguments go to guest.sh;
#	the sections are shared out between the two boots)
#
# BENCH_KERNEL=NAME boots that kernel of scripts/kernels.sh list (make bench
# builds the module for it first); the default is the machine's 6.1.
# BENCH_BOOTS="tcg icount" (the default) chooses the boots; a boot left
# out keeps its results of the last run in bench/.  A boot that fails
# (a timeout, say) still keeps what it measured, the report is still
# written from it, and make bench fails.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
work=$(mktemp -d "${TMPDIR:-/tmp}/trs-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The host, for the report; the calibration runs before the VM exists.
python3 - "$work/host.json" <<PY
import json, os, platform, subprocess, sys
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
            if l.startswith("model name")), platform.machine())
mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
qemu = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True,
                      text=True).stdout.splitlines()[0]
calib = {}
for mib in ("16", "1"):
    out = subprocess.run(["$top/bench/calib", mib], capture_output=True, text=True,
                         check=True).stdout
    calib[mib] = json.loads(out)["ns_per_step"]
json.dump({"date": subprocess.run(["date", "-u", "+%Y-%m-%d"], capture_output=True,
                                   text=True).stdout.strip(),
           "commit": subprocess.run(["git", "-C", "$top", "describe", "--always", "--dirty"],
                                    capture_output=True, text=True).stdout.strip(),
           "cpu": cpu, "cores": os.cpu_count(), "mem_kib": mem,
           "kernel": platform.release(), "qemu": qemu, "calib": calib},
          open(sys.argv[1], "w"))
PY

settings=() sections=() boots="tcg icount" rc=0
for a; do
	case $a in
	BENCH_BOOTS=*) boots=${a#BENCH_BOOTS=} ;;
	BENCH_*=*) settings+=("$a") ;;
	*) sections+=("$a") ;;
	esac
done
[ ${#sections[@]} -gt 0 ] || sections=(bulk storm memory sampler readpath profile)
tcg=() icount=()
for s in "${sections[@]}"; do
	case $s in
	bulk|storm|sampler) tcg+=("$s"); icount+=("$s") ;;
	profile) icount+=(profile) ;;
	memory|readpath) tcg+=("$s") ;;
	*) echo "bench: unknown section '$s'" >&2; exit 2 ;;
	esac
done

case " $boots " in *" tcg "*) ;; *) tcg=() ;; esac
case " $boots " in *" icount "*) ;; *) icount=() ;; esac
[ ${#tcg[@]} -eq 0 ] || rm -f bench/results.jsonl
[ ${#icount[@]} -eq 0 ] || rm -f bench/results-icount.jsonl bench/profile-*.txt
# The icount boot's wall time follows the host's speed: one run took 38
# minutes for bulk alone, 7 on a quiet host.
kernel=()
[ -z "${BENCH_KERNEL:-}" ] || kernel=(-K "$BENCH_KERNEL")
if [ ${#tcg[@]} -gt 0 ]; then
	start=$SECONDS
	TRS_VM_KEEP=$work/tcg tests/vm/run.sh "${kernel[@]}" -t 5400 bench/guest.sh "${settings[@]}" "${tcg[@]}" ||
		{ rc=$?; echo "bench: the tcg VM run failed ($rc); keeping what it measured" >&2; }
	echo "bench: tcg VM run took $((SECONDS - start)) s"
	[ ! -f "$work/tcg/bench.jsonl" ] || cp "$work/tcg/bench.jsonl" bench/results.jsonl
fi
if [ ${#icount[@]} -gt 0 ]; then
	start=$SECONDS
	TRS_VM_KEEP=$work/icount tests/vm/run.sh "${kernel[@]}" -c 1 -q "-icount shift=0" -t 7200 \
		bench/guest.sh "${settings[@]}" "${icount[@]}" ||
		{ rc=$?; echo "bench: the icount VM run failed ($rc); keeping what it measured" >&2; }
	echo "bench: icount VM run took $((SECONDS - start)) s"
	[ ! -f "$work/icount/bench.jsonl" ] || cp "$work/icount/bench.jsonl" bench/results-icount.jsonl
	for f in profile-storm-diff.txt profile-storm-trs.txt profile-bulk-trs.txt; do
		[ -f "$work/icount/$f" ] && cp "$work/icount/$f" "bench/$f"
	done
fi
# Each boot's results keep the host description (commit, date, the
# calibration that tcg figures are scaled by) of the run that made them.
[ ${#tcg[@]} -eq 0 ] || cp "$work/host.json" bench/results-host.json
[ ${#icount[@]} -eq 0 ] || cp "$work/host.json" bench/results-icount-host.json
[ -f bench/results-host.json ] || cp "$work/host.json" bench/results-host.json
args=(--host bench/results-host.json --profile bench/profile-storm-diff.txt -o bench/results.json)
[ -f bench/results-icount.jsonl ] && args+=(--icount bench/results-icount.jsonl)
[ -f bench/results-icount-host.json ] && args+=(--icount-host bench/results-icount-host.json)
[ -f bench/results.jsonl ] || : > bench/results.jsonl
python3 bench/report.py "${args[@]}" bench/results.jsonl
exit $rc
