#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Traffic for the VM tests.  Each subcommand makes a known number of
events and exits non-zero if the stack did not behave as the test expects,
so a count that matches for the wrong reason cannot pass."""
import errno
import socket
import struct
import sys


def family(host):
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def refused(host, port, count):
    """connect() to a port with no listener COUNT times: each must fail with
    ECONNREFUSED (one RST sent, one received)."""
    for _ in range(count):
        s = socket.socket(family(host), socket.SOCK_STREAM)
        try:
            s.connect((host, port))
        except ConnectionRefusedError:
            pass
        else:
            sys.exit(f"connect to {host}:{port} succeeded")
        finally:
            s.close()
    print(f"refused {count}")


def abort(host, port, count):
    """COUNT connections to a local server that closes each one with
    SO_LINGER 0: one RST from the server's socket, which the client
    receives as "connection reset by peer"."""
    fam = family(host)
    srv = socket.socket(fam, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen(count)
    for _ in range(count):
        c = socket.create_connection((host, port))
        a, _ = srv.accept()
        a.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                     struct.pack("ii", 1, 0))
        a.close()
        try:
            c.recv(1)
        except ConnectionResetError:
            pass
        else:
            sys.exit("client did not see the reset")
        c.close()
    srv.close()
    print(f"aborted {count}")


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "refused":
        refused(args[0], int(args[1]), int(args[2]))
    elif cmd == "abort":
        abort(args[0], int(args[1]), int(args[2]))
    else:
        sys.exit(f"tcp.py: unknown command {cmd}")


if __name__ == "__main__":
    main()
