#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Load and unload a module by system call, one request a line on stdin
and one answer a line on stdout, for a test that reloads a module many
times (t/reload_storm.sh): on the debug kernel under a storm, starting
insmod or rmmod costs more than the load or unload itself.

    load PATH [PARAM...]    finit_module(2) of PATH with the parameters
    unload NAME             delete_module(2), O_NONBLOCK, as rmmod does

Answers "ok", or "error ERRNO_NAME MESSAGE" (EAGAIN from unload: the
module is in use, e.g. by a netlink dump in flight; ENOSYS from load on
a machine whose finit_module number it does not know); a malformed
request answers "error EINVAL ..." too."""
import ctypes
import errno
import os
import sys

# finit_module(2) has no glibc wrapper on every distribution: its number
# on the guests that run the test.
FINIT_MODULE = {"x86_64": 313, "aarch64": 273}
libc = ctypes.CDLL(None, use_errno=True)


def error(e):
    return "error %s %s" % (errno.errorcode.get(e, str(e)), os.strerror(e))


def answer(rc):
    return "ok" if rc == 0 else error(ctypes.get_errno())


def load(path, params):
    nr = FINIT_MODULE.get(os.uname().machine)
    if nr is None:
        return error(errno.ENOSYS)
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        return answer(libc.syscall(ctypes.c_long(nr), fd, params.encode(), 0))
    finally:
        os.close(fd)


def main():
    for line in sys.stdin:
        words = line.split()
        try:
            if len(words) >= 2 and words[0] == "load":
                out = load(words[1], " ".join(words[2:]))
            elif len(words) == 2 and words[0] == "unload":
                out = answer(libc.delete_module(words[1].encode(), os.O_NONBLOCK))
            else:
                out = "error EINVAL not a request: %r" % line.strip()
        except OSError as e:
            out = error(e.errno)
        print(out, flush=True)


if __name__ == "__main__":
    main()
