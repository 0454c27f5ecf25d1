#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Traffic for the VM tests.  Each subcommand makes a known number of
events and exits non-zero if the stack did not behave as the test expects,
so a count that matches for the wrong reason cannot pass."""
import errno
import os
import select
import signal
import socket
import struct
import subprocess
import time
import sys


def family(host):
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def server(host, port, backlog):
    """A listening socket on host:port."""
    srv = socket.socket(family(host), socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen(backlog)
    return srv


def expect_reset(c):
    """The peer reset the connection: a read fails with ECONNRESET."""
    try:
        c.recv(100)
    except ConnectionResetError:
        return
    sys.exit("the client did not see a reset")


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
    if count > 1:
        print(f"refused {count}")


def abort(host, port, count):
    """COUNT connections to a local server that closes each one with
    SO_LINGER 0: one RST from the server's socket, which the client
    receives as "connection reset by peer"."""
    srv = server(host, port, count)
    for _ in range(count):
        c = socket.create_connection((host, port))
        a, _ = srv.accept()
        a.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                     struct.pack("ii", 1, 0))
        a.close()
        expect_reset(c)
        c.close()
    srv.close()
    print(f"aborted {count}")


def abort_migrating(host, port, count):
    """abort(), while a child moves this process from CPU to CPU as fast as
    it can: on a preemptible kernel, some of the aborts' tasks migrate
    between the RST's hook and its tracepoint (kmod/account.c,
    trs_why_abort_take)."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        print("one CPU: nowhere to migrate to, plain aborts")
        abort(host, port, count)
        return
    me = os.getpid()
    child = os.fork()
    if child == 0:
        i = 0
        while True:
            os.sched_setaffinity(me, {cpus[i % len(cpus)]})
            i += 1
    try:
        abort(host, port, count)
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        os.sched_setaffinity(0, cpus)


def unread(host, port, count):
    """COUNT connections whose server closes with unread data: the stack
    sends a RST instead of a FIN (RFC 2525), which the client reads as a
    reset."""
    srv = server(host, port, count)
    for _ in range(count):
        c = socket.create_connection((host, port))
        a, _ = srv.accept()
        c.sendall(b"unread")
        # Wait until the data is queued on the server before closing.
        if not select.select([a], [], [], 5)[0]:
            sys.exit("data never reached the server")
        a.close()
        expect_reset(c)
        c.close()
    srv.close()
    print(f"unread {count}")


TCP_CLOSE = 7


def closed(s):
    """Wait (bounded, 2 s) until TCP has closed s.  An ICMP error in
    SYN_SENT and SYN retries exhausted store sk_err before tcp_done()
    changes the state, and reading SO_ERROR clears sk_err: a reader that
    fast, on another CPU, leaves the state change no errno, and the failed
    open counts as open_fail_active_other (counters.rst).  A blocking
    connect() cannot race: it retakes the socket lock first.  The tests
    read the error after the close, as a blocking connect() does."""
    for _ in range(200):
        if s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0] == TCP_CLOSE:
            return
        time.sleep(0.01)
    sys.exit("socket not closed 2 s after its error")


def failing_connects(host, port, count, want_errno, parallel):
    """COUNT connect()s, all at once or one after the other, each of which
    must fail with want_errno."""
    def start():
        s = socket.socket(family(host), socket.SOCK_STREAM)
        s.setblocking(False)
        err = s.connect_ex((host, port))
        if err != errno.EINPROGRESS:
            sys.exit(f"connect: {errno.errorcode.get(err, err)}, want EINPROGRESS")
        return s

    def finish(s):
        # Bounded: SYN retries are shortened by the test.
        select.select([], [s], [], 60)
        closed(s)
        err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if err != want_errno:
            sys.exit(f"connect: {errno.errorcode.get(err, err)}, "
                     f"want {errno.errorcode[want_errno]}")
        s.close()

    if parallel:
        for s in [start() for _ in range(count)]:
            finish(s)
    else:
        for _ in range(count):
            finish(start())
    print(f"{errno.errorcode[want_errno]} {count}")


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def rawsyn(src, dst, dport, count, first_sport, flags=0x02, what="syn"):
    """Send COUNT bare SYNs (IPv4) from src to dst:dport with no socket
    behind them, from source ports first_sport.. : the listener creates a
    request socket for each, and whatever answers its SYN-ACK (the sender's
    stack with a RST, or nobody) decides how it ends.  With flags 0x10,
    bare ACKs: a closed port answers each with a RST (<SEQ=SEG.ACK>)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    for i in range(count):
        sport = first_sport + i
        ack = 5000 + i if flags & 0x10 else 0
        hdr = struct.pack("!HHIIBBHHH", sport, dport, 1000 + i, ack,
                          5 << 4, flags, 65535, 0, 0)
        pseudo = (socket.inet_aton(src) + socket.inet_aton(dst) +
                  struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(hdr)))
        csum = checksum(pseudo + hdr)
        hdr = hdr[:16] + struct.pack("!H", csum) + hdr[18:]
        s.sendto(hdr, (dst, 0))
    s.close()
    print(f"{what} {count}")


def spoof(dst, dport, count, flags, first=0):
    """Send COUNT bare TCP segments (IPv4, FLAGS: "syn" or "rst") to
    dst:dport, each from a source of its own: addresses 10.0.0.1 on, in
    order (segment i from 10.0.0.0 + i + 1), source ports spread over
    1024-65023, so that COUNT up to 16 M are COUNT distinct peers.  DPORT
    0 spreads the destination ports too: 1024 + (i * 7919) % 31000, below
    the ephemeral range, distinct for every 31000 in a row.  No socket is
    behind any of them.  FIRST: the first segment's i, so that senders in
    parallel can share one flood's segments.  Every 100 000th segment
    sent is logged on stderr (a long flood's progress)."""
    f = {"syn": 0x02, "rst": 0x04}[flags]
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    d = socket.inet_aton(dst)
    for i in range(first, first + count):
        src = struct.pack("!I", (10 << 24) + ((i + 1) & 0xFFFFFF))
        sport = 1024 + (i * 7919) % 64000
        dp = dport or 1024 + (i * 7919) % 31000
        tcp = struct.pack("!HHIIBBHHH", sport, dp, 1000 + i, 0,
                          5 << 4, f, 65535, 0, 0)
        csum = checksum(src + d + struct.pack("!BBH", 0, socket.IPPROTO_TCP, 20) + tcp)
        tcp = tcp[:16] + struct.pack("!H", csum) + tcp[18:]
        # IP_HDRINCL (implied by IPPROTO_RAW): the kernel fills in the
        # header's checksum, and the id when it is 0.
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, 0, 0, 64,
                         socket.IPPROTO_TCP, 0, src, d)
        s.sendto(ip + tcp, (dst, 0))
        if (i + 1 - first) % 100000 == 0:
            print(f"spoof: {flags} {i + 1 - first} of {count} sent", file=sys.stderr, flush=True)
    s.close()
    print(f"{flags} {count}")


def peers(prefix, count, port):
    """connect() to a closed port on COUNT distinct loopback addresses
    PREFIX.0.1, PREFIX.0.2, ...: COUNT distinct peers."""
    for i in range(count):
        host = f"{prefix}.{(i + 1) // 256}.{(i + 1) % 256}"
        refused(host, port, 1)


def reject_established(host, port, count):
    """COUNT established connections, then an nft rule REJECTs segments to
    the server's port: each client's next data segment is answered with a
    RST by netfilter.  Keeps every socket open until stdin closes, so that
    the caller can read the counters before any FIN adds traffic."""
    srv = server(host, port, count)
    conns = []
    for _ in range(count):
        c = socket.create_connection((host, port))
        a, _ = srv.accept()
        conns.append((c, a))
    subprocess.run(["nft", "add", "rule", "inet", "t", "input", "tcp",
                    "dport", str(port), "reject", "with", "tcp", "reset"],
                   check=True)
    for c, _ in conns:
        c.sendall(b"x")
        expect_reset(c)
    print(f"rejected {count}", flush=True)
    sys.stdin.read()


def abort_server(host, port, count):
    """An upstream that accepts COUNT connections, reads a request from
    each and aborts it (SO_LINGER 0): its clients see ECONNRESET."""
    srv = server(host, port, count)
    print("listening", flush=True)
    for _ in range(count):
        a, _ = srv.accept()
        a.recv(100)
        a.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                     struct.pack("ii", 1, 0))
        a.close()


def reset_client(host, port, count):
    """COUNT requests to a server that resets each connection."""
    for _ in range(count):
        c = socket.create_connection((host, port))
        c.sendall(b"GET / HTTP/1.0\r\n\r\n")
        expect_reset(c)
        c.close()
    print(f"reset {count}")


def syns(host, port, count, seconds):
    """COUNT non-blocking connect()s left to retry for SECONDS, then
    closed (a socket still in SYN_SENT closes silently)."""
    socks = []
    for _ in range(count):
        s = socket.socket(family(host), socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex((host, port))
        socks.append(s)
    time.sleep(seconds)
    for s in socks:
        s.close()
    print(f"syns {count}")


def time_wait(host, port, count, to=None):
    """COUNT short connections where the client closes first: each leaves
    the client's ephemeral port in TIME_WAIT toward host:port.  The client
    connects to TO if given (e.g. host's IPv4-mapped IPv6 address)."""
    srv = server(host, port, 128)
    for _ in range(count):
        c = socket.create_connection((to or host, port))
        a, _ = srv.accept()
        c.close()
        if a.recv(1) != b"":
            sys.exit("expected the client's FIN")
        a.close()
    srv.close()
    print(f"time_wait {count}")


def exhaust(host, port, attempts):
    """Up to ATTEMPTS connections to one destination, all kept open, until
    the ephemeral ports run out: prints how many connected and how many
    connect()s failed with EADDRNOTAVAIL, then holds them until killed."""
    srv = server(host, port, attempts)
    kept, ok, failed = [], 0, 0
    for _ in range(attempts):
        c = socket.socket(family(host), socket.SOCK_STREAM)
        try:
            c.connect((host, port))
        except OSError as e:
            if e.errno != errno.EADDRNOTAVAIL:
                sys.exit(f"connect: {e}")
            failed += 1
            c.close()
            continue
        ok += 1
        kept.append(c)
        kept.append(srv.accept()[0])
    print(f"connected {ok} failed {failed}", flush=True)
    signal.pause()


def listen(host, port, backlog):
    """A listener that never accepts, until killed."""
    srv = server(host, port, backlog)
    print("listening", flush=True)
    signal.pause()


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "refused":
        refused(args[0], int(args[1]), int(args[2]))
    elif cmd == "refused_ports":  # HOST FIRST_PORT PORTS COUNT: one burst per port
        for port in range(int(args[1]), int(args[1]) + int(args[2])):
            refused(args[0], port, int(args[3]))
    elif cmd == "abort":
        abort(args[0], int(args[1]), int(args[2]))
    elif cmd == "abort_migrating":
        abort_migrating(args[0], int(args[1]), int(args[2]))
    elif cmd == "unread":
        unread(args[0], int(args[1]), int(args[2]))
    elif cmd == "timeout":
        failing_connects(args[0], int(args[1]), int(args[2]), errno.ETIMEDOUT,
                         True)
    elif cmd == "unreach":  # HOST PORT COUNT [ERRNO]: EHOSTUNREACH by default
        want = getattr(errno, args[3]) if len(args) > 3 else errno.EHOSTUNREACH
        failing_connects(args[0], int(args[1]), int(args[2]), want, False)
    elif cmd == "rawsyn":
        rawsyn(args[0], args[1], int(args[2]), int(args[3]), int(args[4]))
    elif cmd == "rawack":  # SRC DST DPORT COUNT FIRST_SPORT
        rawsyn(args[0], args[1], int(args[2]), int(args[3]), int(args[4]),
               0x10, "ack")
    elif cmd == "reject_established":
        reject_established(args[0], int(args[1]), int(args[2]))
    elif cmd == "abort_server":
        abort_server(args[0], int(args[1]), int(args[2]))
    elif cmd == "reset_client":
        reset_client(args[0], int(args[1]), int(args[2]))
    elif cmd == "syns":
        syns(args[0], int(args[1]), int(args[2]), float(args[3]))
    elif cmd == "time_wait":
        time_wait(args[0], int(args[1]), int(args[2]), *args[3:4])
    elif cmd == "exhaust":
        exhaust(args[0], int(args[1]), int(args[2]))
    elif cmd == "listen":
        listen(args[0], int(args[1]), int(args[2]))
    elif cmd == "spoof":  # DST DPORT COUNT syn|rst [FIRST]
        spoof(args[0], int(args[1]), int(args[2]), args[3], *map(int, args[4:5]))
    elif cmd == "peers":
        peers(args[0], int(args[1]), int(args[2]))
    else:
        sys.exit(f"tcp.py: unknown command {cmd}")


if __name__ == "__main__":
    main()
