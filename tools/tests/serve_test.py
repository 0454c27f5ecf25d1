#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tcpresetstat serve against well-behaved and hostile clients, on
127.0.0.1 with the unit tests' fixtures (TCPRESETSTAT_PROC) and short
deadlines (TCPRESETSTAT_SERVE_TIMEOUT_MS).  Usage: serve_test.py TOOL.
Prints "ok: ..." per check; exits 1 at the first that fails."""
import atexit
import os
import resource
import signal
import socket
import subprocess
import sys
import time

TOOL = os.path.abspath(sys.argv[1])
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
TABLES = os.path.join(DATA, "tables.txt")
TIMEOUT_MS = 400


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def ok(msg):
    print(f"ok: {msg}")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


RUNNING = []


@atexit.register
def kill_left():
    """No server outlives the test, whatever failed."""
    for p in RUNNING:
        if p.poll() is None:
            p.kill()
            p.wait()


class Server:
    def __init__(self, proc_file=TABLES, args=(), env=None, ready="serving /metrics",
                 **popen):
        self.port = free_port()
        e = dict(os.environ, TCPRESETSTAT_PROC=proc_file,
                 TCPRESETSTAT_SERVE_TIMEOUT_MS=str(TIMEOUT_MS))
        e.update(env or {})
        cmd = popen.pop("cmd", [TOOL, "serve", "-l", f"127.0.0.1:{self.port}", *args])
        self.p = subprocess.Popen(cmd, env=e, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True, **popen)
        RUNNING.append(self.p)
        # Ready when it says so on stderr.
        self.ready = self.p.stderr.readline()
        if ready not in self.ready:
            fail(f"serve did not start: {self.ready!r}")

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        try:
            rc = self.p.wait(10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            fail("serve did not stop on SIGTERM")
        return rc


def connect(port):
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def exchange(port, data, shut=False):
    """Sends @data, reads until the server closes: (status, headers, body)."""
    with connect(port) as c:
        c.sendall(data)
        if shut:
            c.shutdown(socket.SHUT_WR)
        got = b""
        while True:
            b = c.recv(65536)
            if not b:
                break
            got += b
    head, _, body = got.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    status = int(lines[0].split()[1]) if lines[0].startswith("HTTP/1.1 ") else None
    headers = dict(l.split(": ", 1) for l in lines[1:] if ": " in l)
    return status, headers, body


def get(port, path="/metrics", method="GET"):
    return exchange(port, f"{method} {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())


def closed_within(c, seconds):
    """The server closes @c (EOF) within @seconds."""
    c.settimeout(seconds)
    try:
        while c.recv(4096):
            pass
        return True
    except socket.timeout:
        return False
    except ConnectionResetError:
        return True


# Runs serve as systemd would: the socket on fd 3, LISTEN_PID serve's own
# (exec keeps the pid).  In python: sh names one-digit fds only.
EXEC_ACTIVATED = """
import os, sys
fd = int(sys.argv[1])
if fd != 3:
    os.dup2(fd, 3)
    os.close(fd)
os.set_inheritable(3, True)
os.environ["LISTEN_PID"] = str(os.getpid())
os.execv(sys.argv[2], sys.argv[2:])
"""


def activate(sock):
    """The command line, and pass_fds=(sock.fileno(),) with it."""
    return [sys.executable, "-c", EXEC_ACTIVATED, str(sock.fileno()), TOOL, "serve"]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def prometheus(proc_file, *args):
    return subprocess.run([TOOL, "--prometheus", *args], env=dict(
        os.environ, TCPRESETSTAT_PROC=proc_file), capture_output=True,
        check=True).stdout


def main():
    s = Server()
    port = s.port
    if s.ready != f"tcpresetstat: serving /metrics on 127.0.0.1:{port}\n":
        fail(f"the start message: {s.ready!r}")
    ok("the start message names the address")

    status, h, body = get(port)
    want = prometheus(TABLES)
    if status != 200 or not body.startswith(want):
        fail(f"GET /metrics: {status}, body not --prometheus's")
    if int(h["Content-Length"]) != len(body) or "version=0.0.4" not in h["Content-Type"]:
        fail(f"GET /metrics: headers {h}")
    extra = body[len(want):].decode()
    if ('tcpresetstat_build_info{version="' not in extra or
            "\ntcpresetstat_scrape_duration_seconds " not in extra):
        fail(f"GET /metrics: no build_info or scrape duration: {extra!r}")
    ok("GET /metrics: --prometheus's metrics (ports, reasons), build_info, scrape duration")
    if b"tcpresetstat_peers_" in body or b"tcpresetstat_reasons_" not in body:
        fail("GET /metrics: tables other than ports and reasons by default")
    ok("GET /metrics: no series keyed by address by default")

    status, h2, body = get(port, method="HEAD")
    if status != 200 or body or h2["Content-Length"] != h["Content-Length"]:
        fail(f"HEAD /metrics: {status} {h2} {body!r}")
    ok("HEAD /metrics: the headers, no body")

    status, _, body = get(port, "/metrics?name[]=x")
    if status != 200:
        fail(f"GET /metrics?query: {status}")
    ok("GET /metrics with a query string: 200")

    status, h, _ = get(port, method="POST")
    if status != 405 or h.get("Allow") != "GET, HEAD":
        fail(f"POST /metrics: {status} {h}")
    status, _, _ = get(port, method="DELETE")
    if status != 405:
        fail(f"DELETE /metrics: {status}")
    ok("POST, DELETE /metrics: 405 with Allow")

    for path in ("/metric", "/metrics/", "/../etc/passwd", "/favicon.ico"):
        status, _, _ = get(port, path)
        if status != 404:
            fail(f"GET {path}: {status}")
    status, _, body = get(port, "/")
    if status != 200 or b"/metrics" not in body:
        fail(f"GET /: {status} {body!r}")
    ok("other paths: 404; /: a line naming /metrics")

    for garbage in (b"hello\r\n\r\n", b"GET\r\n\r\n", b"GET /metrics\r\n\r\n",
                    b"GET /metrics HTTP/2.0\r\n\r\n", b"GET metrics HTTP/1.1\r\n\r\n",
                    b"G(T /metrics HTTP/1.1\r\n\r\n", b"GET /metrics  HTTP/1.1\r\n\r\n",
                    b"GET /met\x00rics HTTP/1.1\r\n\r\n", bytes(range(1, 256)) + b"\n\n",
                    b"\r\n\r\n"):
        status, _, _ = exchange(port, garbage)
        if status != 400:
            fail(f"{garbage[:30]!r}: {status}, not 400")
    ok("malformed requests (10 kinds): 400")

    status, _, _ = exchange(port, b"GET /metrics HTTP/1.1\r\nX: " + b"a" * 5000)
    if status != 431:
        fail(f"a 5000-byte head: {status}")
    ok("a head past 4096 bytes: 431")

    status, _, body = exchange(port, b"GET /metrics HTTP/1.0\n\n", shut=True)
    if status != 200 or not body.startswith(want):
        fail(f"bare LFs, HTTP/1.0, write side shut: {status}")
    ok("HTTP/1.0 with bare LFs, the client's write side shut after it: 200")

    # Slow and half-open clients: each is closed after the deadline, and
    # others are answered meanwhile.
    slow = connect(port)
    slow.sendall(b"GET /met")
    mute = connect(port)
    half = connect(port)
    half.shutdown(socket.SHUT_WR)
    if not closed_within(half, 5):
        fail("a client that shut its write side, having sent nothing: not closed")
    status, _, _ = get(port)
    if status != 200:
        fail(f"GET while a slow client waits: {status}")
    if not closed_within(slow, TIMEOUT_MS / 1000 * 10) or not closed_within(mute, 5):
        fail("a slow or mute client was not closed after the deadline")
    slow.close()
    mute.close()
    half.close()
    ok("slow, mute and half-open clients: closed by the deadline, others answered meanwhile")

    # More idle connections than slots: a request after them is answered
    # once the deadline frees slots.
    idle = [connect(port) for _ in range(40)]
    start = time.monotonic()
    status, _, _ = get(port)
    took = time.monotonic() - start
    for c in idle:
        c.close()
    if status != 200:
        fail(f"GET behind 40 idle connections: {status}")
    ok(f"40 idle connections (32 slots): the next request answered ({took:.1f} s)")

    # Clients that reset instead of reading.
    for _ in range(20):
        c = connect(port)
        c.sendall(b"GET /metrics HTTP/1.1\r\n\r\n")
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        c.close()
    status, _, _ = get(port)
    if status != 200 or s.p.poll() is not None:
        fail("after 20 clients that reset without reading: serve not answering")
    ok("20 clients reset without reading: serve still answers")

    rc = s.stop()
    if rc != 0:
        fail(f"SIGTERM: exit {rc}")
    ok("SIGTERM: exit 0")

    # Out of fds: accept() fails and leaves the connection queued.  serve
    # must not spin on it (a spinning loop takes a whole CPU), and answers
    # once fds are free again.
    s = Server(preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (6, 6)))
    hold = [connect(s.port) for _ in range(4)]
    time.sleep(0.05)
    before, start = cpu_seconds(s.p.pid), time.monotonic()
    while time.monotonic() - start < 1.0:
        time.sleep(0.1)
    spent = cpu_seconds(s.p.pid) - before
    if spent > 0.1:
        fail(f"out of fds: serve spun ({spent:.2f} s of CPU in 1 s)")
    for c in hold:
        c.close()
    status, _, _ = get(s.port)
    if status != 200 or s.stop() != 0:
        fail(f"out of fds, then fds free: {status}")
    ok(f"out of fds: no spin ({spent:.2f} s of CPU in 1 s), answers once fds are free")

    # The counters unreadable: 503 naming why, and serve goes on.
    s = Server(proc_file=os.path.join(DATA, "missing.txt"))
    for _ in range(2):
        status, _, body = get(s.port)
        if status != 503 or b"No such file or directory" not in body:
            fail(f"counters missing: {status} {body!r}")
    if s.stop() != 0:
        fail("SIGTERM after 503s")
    ok("counters unreadable: 503 with the error, twice, and serve goes on")

    # --tables all: the tables keyed by address too.
    s = Server(args=("--tables", "all"))
    status, _, body = get(s.port)
    if status != 200 or not body.startswith(prometheus(TABLES, "--tables", "all")):
        fail("--tables all: not --prometheus --tables all's metrics")
    s.stop()
    ok("serve --tables all: the peers, destinations and forwarded series too")

    # systemd's socket activation: the socket on fd 3, LISTEN_PID ours.
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(8)
    lport = lsock.getsockname()[1]

    s = Server(cmd=activate(lsock), env={"LISTEN_FDS": "1"}, pass_fds=(lsock.fileno(),),
               ready="serving /metrics on the socket systemd passed")
    lsock.close()
    status, _, body = get(lport)
    if status != 200 or not body.startswith(want):
        fail(f"socket activation: {status}")
    s.stop()
    ok("socket activation (LISTEN_FDS=1, fd 3): answers on the socket passed")

    # A socket that does not listen (a unit with Accept=yes): refused.
    a, b = socket.socketpair()
    r = subprocess.run(activate(a), env=dict(os.environ, TCPRESETSTAT_PROC=TABLES,
                                             LISTEN_FDS="1"),
                       pass_fds=(a.fileno(),), capture_output=True, text=True, timeout=10)
    a.close()
    b.close()
    if r.returncode != 1 or "not listening for TCP" not in r.stderr:
        fail(f"a connected socket passed: {r.returncode} {r.stderr!r}")
    ok("a socket passed that does not listen: exit 1, said so")

    # The same through systemd's own helper, when it is there.
    if subprocess.run(["sh", "-c", "command -v systemd-socket-activate"],
                      capture_output=True).returncode == 0:
        sport = free_port()
        s = Server(cmd=["systemd-socket-activate", "-l", f"127.0.0.1:{sport}",
                        "-E", "TCPRESETSTAT_PROC", "-E", "TCPRESETSTAT_SERVE_TIMEOUT_MS",
                        TOOL, "serve"], ready="Listening on")
        status, _, body = get(sport)
        if status != 200 or not body.startswith(want):
            fail(f"systemd-socket-activate: {status}")
        s.stop()
        ok("systemd-socket-activate: answers on the socket it passed")

    # Two sockets passed: refused, clearly.
    r = subprocess.run(["sh", "-c", 'LISTEN_PID=$$ LISTEN_FDS=2 exec "$0" serve', TOOL],
                       env=dict(os.environ, TCPRESETSTAT_PROC=TABLES),
                       capture_output=True, text=True, timeout=10)
    if r.returncode != 1 or "serve takes one listening TCP socket" not in r.stderr:
        fail(f"LISTEN_FDS=2: {r.returncode} {r.stderr!r}")
    ok("LISTEN_FDS=2: exit 1, serve takes one listening TCP socket")

    # A port in use: a clear error, exit 1.
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    r = subprocess.run([TOOL, "serve", "-l", f"127.0.0.1:{busy.getsockname()[1]}"],
                       env=dict(os.environ, TCPRESETSTAT_PROC=TABLES),
                       capture_output=True, text=True, timeout=10)
    busy.close()
    if r.returncode != 1 or "Address already in use" not in r.stderr:
        fail(f"a port in use: {r.returncode} {r.stderr!r}")
    ok("a port in use: exit 1, Address already in use")
    print("PASS")


if __name__ == "__main__":
    main()
