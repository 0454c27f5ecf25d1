#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Reads of /proc/tcpresetstat that cat does not make, for t/proc_read.sh.
Each subcommand prints what it read on stdout and exits non-zero if the
reads disagree with each other."""
import ctypes
import os
import subprocess
import sys

PATH = "/proc/tcpresetstat"
CLONE_NEWNET = 0x40000000


def read_fd(fd, chunk):
    parts = []
    while True:
        b = os.read(fd, chunk)
        if not b:
            return b"".join(parts)
        parts.append(b)


def read_path(chunk):
    fd = os.open(PATH, os.O_RDONLY)
    try:
        return read_fd(fd, chunk)
    finally:
        os.close(fd)


def untimed(text):
    """TEXT without the sampler's own counters, which move with time."""
    return b"".join(line for line in text.splitlines(keepends=True)
                    if not line.startswith(b"sampler_"))


def chunks():
    """The file read in one go, then in reads of 1, 7, 4096 and 65536
    bytes: with no traffic in between, every read must give the same
    bytes (but for the sampler's counters)."""
    whole = read_path(1 << 22)
    for n in (1, 7, 4096, 65536):
        got = read_path(n)
        if untimed(got) != untimed(whole):
            sys.exit(f"reads of {n} bytes gave {len(got)} bytes, "
                     f"one read {len(whole)}")
    sys.stdout.buffer.write(whole)


def open_then(cmd):
    """Open the file, run CMD (traffic that adds rows), then read: the
    read shows the tables as they are then, not as they were at open."""
    fd = os.open(PATH, os.O_RDONLY)
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    sys.stdout.buffer.write(read_fd(fd, 1 << 22))
    os.close(fd)


def setns(name):
    """Read, move this process to network namespace NAME, read the same
    path again: the second read is NAME's file (the two reads are printed
    separated by a line "--")."""
    before = read_path(1 << 22)
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        sys.exit(f"setns: {os.strerror(ctypes.get_errno())}")
    os.close(fd)
    sys.stdout.buffer.write(before + b"--\n" + read_path(1 << 22))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "chunks":
        chunks()
    elif cmd == "open_then":
        open_then(args)
    elif cmd == "setns":
        setns(args[0])
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
