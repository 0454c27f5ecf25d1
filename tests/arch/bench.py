#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tests/arch/bench.py CONSOLE ARCH KERNEL JSON [REV]: the figures of a bench
guest (tests/arch/init with trs_bench=ROUNDS, under qemu -icount shift=0,
so nanoseconds are instructions): each round times N refused connects
without the module and N with it; the module's cost per connect is the
median over rounds of the paired difference.  Each round's count must be
exact (the warm-up's 100 and the N timed).  With REV, each round also
timed commit REV's module: its cost, and ours against it, the same way.
Prints the figures and keeps them in JSON under ARCH."""
import json
import os
import re
import statistics
import sys


def main():
    text = open(sys.argv[1], errors="replace").read()
    arch, kernel, out = sys.argv[2], sys.argv[3], sys.argv[4]
    rev = sys.argv[5] if len(sys.argv) > 5 else ""
    off = [(int(n), int(t)) for n, t in re.findall(r"^TRS-BENCH: off (\d+) (\d+)", text, re.M)]
    on = [(int(n), int(t)) for n, t in re.findall(r"^TRS-BENCH: on (\d+) (\d+)", text, re.M)]
    base = [(int(n), int(t)) for n, t in re.findall(r"^TRS-BENCH: base (\d+) (\d+)", text, re.M)]
    counted = [int(c) for c in re.findall(r"^TRS-BENCH: counted (\d+)", text, re.M)]
    fails = re.findall(r"^TRS-FAIL.*", text, re.M)
    if fails or not off or len(off) != len(on) or \
       len(base) != (len(on) if rev else 0) or len(counted) != len(on) + len(base):
        print(f"bench-arch: {arch}: incomplete run {fails[:3]}")
        return 1
    n = off[0][0]
    bad = [c for c in counted if c != n + 100]
    if bad:
        print(f"bench-arch: {arch}: rst_out_refused {bad}, want {n + 100} each round")
        return 1
    per_off = statistics.median(t / n for _, t in off)
    per_on = statistics.median(t / n for _, t in on)
    delta = statistics.median((b - a) / n for (_, a), (_, b) in zip(off, on))
    spread = max((b - a) / n for (_, a), (_, b) in zip(off, on)) - \
        min((b - a) / n for (_, a), (_, b) in zip(off, on))
    fig = {"kernel": kernel, "connects": n, "rounds": len(off),
           "insns_per_connect_without": round(per_off),
           "insns_per_connect_with": round(per_on),
           "module_insns_per_connect": round(delta),
           "module_pct": round(100 * delta / per_off, 1),
           "spread_insns": round(spread)}
    if rev:
        fig["against"] = rev
        fig["insns_per_connect_against"] = round(statistics.median(t / n for _, t in base))
        fig["module_vs_against_insns"] = round(statistics.median(
            (b - a) / n for (_, a), (_, b) in zip(base, on)))
    print(f"bench-arch: {arch} ({kernel}): a refused connect on loopback takes "
          f"{fig['insns_per_connect_without']} instructions without the module, "
          f"{fig['insns_per_connect_with']} with it: +{fig['module_insns_per_connect']} "
          f"({fig['module_pct']}%; rounds spread {fig['spread_insns']})")
    if rev:
        print(f"bench-arch: {arch}: with {rev}'s module {fig['insns_per_connect_against']}: "
              f"this one {fig['module_vs_against_insns']:+d} per connect")
    results = {}
    if os.path.exists(out):
        results = json.load(open(out))
    results[arch] = fig
    with open(out, "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
