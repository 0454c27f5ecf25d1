#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Time commands from one process, so that entering a namespace and
starting an interpreter are paid once, not per measurement.

    cmdtime.py SECTION ROUNDS NAME=COMMAND...

Each round runs every command once, in an order rotated from round to round,
and prints one JSON line per run (bench/guest.sh's format): wall time, the
child's user and system CPU time (wait4), and the bytes it wrote to stdout.
A COMMAND of the form "@read:PATH" is not a process: PATH is read whole
in this process (open, read until EOF, close), and only the wall time of
that counts, which for a /proc file is the kernel's time to produce it.
"""
import json
import os
import shlex
import sys
import time


def run(cmd):
    if cmd.startswith("@read:"):
        t0 = time.perf_counter_ns()
        n = 0
        with open(cmd[len("@read:"):], "rb", buffering=0) as f:
            while True:
                b = f.read(1 << 20)
                if not b:
                    break
                n += len(b)
        return {"elapsed_ns": time.perf_counter_ns() - t0, "bytes": n}
    argv = shlex.split(cmd)
    r, w = os.pipe()
    t0 = time.perf_counter_ns()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        os.dup2(w, 1)
        os.execvp(argv[0], argv)
    os.close(w)
    n = 0
    while True:
        b = os.read(r, 1 << 20)
        if not b:
            break
        n += len(b)
    os.close(r)
    _, status, ru = os.wait4(pid, 0)
    elapsed = time.perf_counter_ns() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"cmdtime: {cmd} failed: {status}")
    return {"elapsed_ns": elapsed, "user_ns": int(ru.ru_utime * 1e9),
            "sys_ns": int(ru.ru_stime * 1e9), "bytes": n}


def main():
    section, rounds = sys.argv[1], int(sys.argv[2])
    cmds = [a.split("=", 1) for a in sys.argv[3:]]
    for rnd in range(1, rounds + 1):
        k = (rnd - 1) % len(cmds)
        for name, cmd in cmds[k:] + cmds[:k]:
            rec = {"section": section, "config": name, "round": rnd}
            rec.update(run(cmd))
            print(json.dumps(rec), flush=True)


if __name__ == "__main__":
    main()
