#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: describe the host, time the calibration loop on it, run every
# benchmark in one VM boot (bench/guest.sh), then print the tables and
# write bench/results.json (bench/report.py).
#
#   bench/run.sh [BENCH_X=VALUE...] [SECTION...]     (arguments go to guest.sh)
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

start=$SECONDS
TRS_VM_KEEP=$work/out tests/vm/run.sh -t 2700 bench/guest.sh "$@"
echo "bench: VM run took $((SECONDS - start)) s"
cp "$work/out/bench.jsonl" bench/results.jsonl
for f in profile-storm-diff.txt profile-storm-trs.txt; do
	[ -f "$work/out/$f" ] && cp "$work/out/$f" "bench/$f"
done
cp "$work/host.json" bench/results-host.json
python3 bench/report.py --host bench/results-host.json --profile bench/profile-storm-diff.txt \
	-o bench/results.json bench/results.jsonl
