#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A minimal generic netlink client for the VM tests: talks to the
tcpresetstat family with raw sockets (no library), so tests can send both
well-formed and deliberately malformed requests.

    genl.py get                       totals and pressure, "name value" lines
    genl.py dump TABLE [FILTER...]    rows, one per line: key then columns
    genl.py reset [TABLE[,TABLE...] [COUNT [PAUSE]]]
                                      COUNT resets (1), the tables in turn,
                                      PAUSE seconds apart
    genl.py config [NAME=VALUE...]    set, then print every setting
    genl.py listen SECONDS COUNT      join "alerts": print "joined", then
                                      one line per alert (at most COUNT)
    genl.py raw CMD HEXATTRS [dump]   send anything; prints "error N MSG"
    genl.py hold TABLE                start a dump, read its first message,
                                      print "holding" and wait for SIGKILL
FILTER: port=N addr=A prefix=N min=N.  Prints "error ERRNO EXTACK" and
exits 3 on a netlink error."""
import ipaddress
import os
import socket
import struct
import sys
import time

NETLINK_GENERIC = 16
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLM_F_DUMP_INTR, NLM_F_ACK_TLVS = 0x10, 0x200
NLMSG_ERROR, NLMSG_DONE = 2, 3
GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 0x10, 3, 1, 2
NLMSGERR_ATTR_MSG = 1
NLA_F_NESTED = 0x8000

CTRL_ATTR_MCAST_GROUPS, CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID = 7, 1, 2
CMD = {"get": 1, "ports": 2, "peers": 3, "destinations": 4, "reset": 5,
       "config": 6, "alert": 7, "forwarded": 8}
A_TOTALS, A_PRESSURE, A_TABLE, A_ROW_KIND, A_PORT, A_ADDR, A_LOCAL_ADDR, \
    A_COUNTERS, A_FILTER_PORT, A_FILTER_ADDR, A_FILTER_PREFIX, A_FILTER_MIN, \
    A_CONFIG, A_ALERT_KIND, A_ALERT_VALUE, A_ALERT_THRESHOLD, A_ALERT_WINDOW_MS, \
    A_ALERT_SUPPRESSED, A_REASONS, A_REASON, A_REASON_NAME, \
    A_UNAVAILABLE = range(2, 24)
CONFIG = ["ports_max", "peers_max", "destinations_max", "idle_timeout",
          "sample_interval_ms", "pressure_top", "exhaustion_pct",
          "alert_port_open_fail", "alert_dest_open_fail", "alert_peer_rst",
          "alert_max_per_sec", "forwarded_max", "forwarded_pending"]
ALERTS = ["port_open_fail", "dest_open_fail", "peer_rst", "dest_exhaustion"]
ALERT_TABLE = ["ports", "destinations", "peers", "destinations"]
TABLES = {"ports": 0, "peers": 1, "destinations": 2, "forwarded": 3}
KINDS = {0: None, 1: "other", 2: "ephemeral"}


def attr(t, payload):
    a = struct.pack("HH", 4 + len(payload), t) + payload
    return a + b"\0" * (-len(a) % 4)


def parse_attrs(buf):
    out = {}
    while len(buf) >= 4:
        ln, t = struct.unpack_from("HH", buf)
        if ln < 4:
            break
        out.setdefault(t & 0x3FFF, buf[4:ln])
        buf = buf[(ln + 3) & ~3:]
    return out


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.setsockopt(270, 11, 1)  # SOL_NETLINK, NETLINK_EXT_ACK
        self.s.bind((0, 0))
        self.seq = 0
        msgs = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                            attr(CTRL_ATTR_FAMILY_NAME, b"tcpresetstat\0"))
        self.family = struct.unpack("H", msgs[0][CTRL_ATTR_FAMILY_ID][:2])[0]
        self.groups = {}
        for g in parse_attrs(msgs[0].get(CTRL_ATTR_MCAST_GROUPS, b"")).values():
            g = parse_attrs(g)
            name = g[CTRL_ATTR_MCAST_GRP_NAME].rstrip(b"\0").decode()
            self.groups[name] = struct.unpack("I", g[CTRL_ATTR_MCAST_GRP_ID])[0]
        self.intr = False

    def request(self, family, cmd, attrs=b"", dump=False):
        self.seq += 1
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        body = struct.pack("BBH", cmd, 1, 0) + attrs
        self.s.send(struct.pack("IHHII", 16 + len(body), family, flags, self.seq, 0) + body)
        out = []
        while True:
            data = self.s.recv(1 << 20)
            while data:
                ln, typ, flags, seq, _ = struct.unpack_from("IHHII", data)
                msg, data = data[16:ln], data[(ln + 3) & ~3:]
                if seq != self.seq:
                    continue
                if typ in (NLMSG_ERROR, NLMSG_DONE):
                    err = -struct.unpack_from("i", msg)[0] if msg else 0
                    if err == 0:
                        return out
                    # The TLVs follow the original message in an error,
                    # the error code in a DONE.
                    skip = 4
                    if typ == NLMSG_ERROR:
                        skip += struct.unpack_from("I", msg[4:])[0]
                    ext = parse_attrs(msg[skip:]) if flags & NLM_F_ACK_TLVS else {}
                    text = ext.get(NLMSGERR_ATTR_MSG, b"").rstrip(b"\0").decode()
                    raise OSError(err, text or os.strerror(err))
                if flags & NLM_F_DUMP_INTR:
                    self.intr = True
                out.append(parse_attrs(msg[4:]))


def u64s(nest):
    return {t - 1: struct.unpack("Q", v)[0] for t, v in parse_attrs(nest).items() if t}


def addr(b):
    a = ipaddress.IPv6Address(b)
    return str(a.ipv4_mapped or a)


def row_key(table, m):
    kind = KINDS[m[A_ROW_KIND][0]]
    if kind == "other" and table in ("destinations", "forwarded"):
        return ["other"] * (3 if table == "destinations" else 2)
    if kind:
        return [kind]
    if table == "ports":
        return [str(struct.unpack("H", m[A_PORT])[0])]
    if table == "peers":
        return [addr(m[A_ADDR])]
    if table == "forwarded":
        return [addr(m[A_ADDR]), str(struct.unpack("H", m[A_PORT])[0])]
    return [addr(m[A_LOCAL_ADDR]), addr(m[A_ADDR]),
            str(struct.unpack("H", m[A_PORT])[0])]


def listen(g, seconds, count):
    """Print alerts as "KIND KEY... value=V threshold=T window_ms=W
    suppressed=S" until @count of them or @seconds pass."""
    import select
    g.s.setsockopt(270, 1, g.groups["alerts"])  # NETLINK_ADD_MEMBERSHIP
    print("joined", flush=True)
    end = time.monotonic() + seconds
    while count > 0 and select.select([g.s], [], [], max(0, end - time.monotonic()))[0]:
        data = g.s.recv(1 << 16)
        while data:
            ln = struct.unpack_from("I", data)[0]
            msg, data = data[16:ln], data[(ln + 3) & ~3:]
            if msg[0] != CMD["alert"]:
                continue
            m = parse_attrs(msg[4:])
            kind = m[A_ALERT_KIND][0]
            q = lambda a: struct.unpack("Q", m[a])[0]
            w = struct.unpack("I", m[A_ALERT_WINDOW_MS])[0] if A_ALERT_WINDOW_MS in m else 0
            print(" ".join([ALERTS[kind]] + row_key(ALERT_TABLE[kind], m) +
                           [f"value={q(A_ALERT_VALUE)}", f"threshold={q(A_ALERT_THRESHOLD)}",
                            f"window_ms={w}", f"suppressed={q(A_ALERT_SUPPRESSED)}"]),
                  flush=True)
            count -= 1


def main():
    g = Genl()
    cmd, args = sys.argv[1], sys.argv[2:]
    try:
        if cmd == "get":
            m = g.request(g.family, CMD["get"])[0]
            for k in (A_TOTALS, A_PRESSURE):
                for i, v in sorted(u64s(m[k]).items()):
                    print(("t" if k == A_TOTALS else "p"), i, v)
        elif cmd == "unavailable":
            # "SET COLUMN" per column left out: SET 0 totals, 1 + table id.
            m = g.request(g.family, CMD["get"])[0]
            for i, mask in sorted(u64s(m.get(A_UNAVAILABLE, b"")).items()):
                for c in range(64):
                    if mask >> c & 1:
                        print(i, c)
        elif cmd == "dump":
            attrs = b""
            for f in args[1:]:
                k, v = f.split("=")
                if k == "port":
                    attrs += attr(A_FILTER_PORT, struct.pack("H", int(v)))
                elif k == "addr":
                    a = ipaddress.ip_address(v)
                    if a.version == 4:
                        a = ipaddress.IPv6Address("::ffff:" + v)
                    attrs += attr(A_FILTER_ADDR, a.packed)
                elif k == "prefix":
                    attrs += attr(A_FILTER_PREFIX, struct.pack("B", int(v)))
                elif k == "min":
                    attrs += attr(A_FILTER_MIN, struct.pack("Q", int(v)))
            for m in g.request(g.family, CMD[args[0]], attrs, dump=True):
                key = row_key(args[0], m)
                c = u64s(m[A_COUNTERS])
                print(" ".join(key + [str(c[i]) for i in sorted(c)]))
            if g.intr:
                print("interrupted")
        elif cmd == "reset":
            tables = [attr(A_TABLE, struct.pack("B", TABLES[t]))
                      for t in args[0].split(",")] if args else [b""]
            for i in range(int(args[1]) if len(args) > 1 else 1):
                if i and len(args) > 2:
                    time.sleep(float(args[2]))
                g.request(g.family, CMD["reset"], tables[i % len(tables)])
        elif cmd == "config":
            nest = b""
            for a in args:
                k, v = a.split("=")
                nest += attr(CONFIG.index(k) + 1, struct.pack("I", int(v)))
            m = g.request(g.family, CMD["config"], attr(A_CONFIG | NLA_F_NESTED, nest) if args else b"")[0]
            for t, v in sorted(parse_attrs(m[A_CONFIG]).items()):
                print(CONFIG[t - 1], struct.unpack("I", v)[0])
        elif cmd == "listen":
            listen(g, float(args[0]), int(args[1]))
        elif cmd == "hold":
            # A dump left in flight: the kernel keeps its state (and the
            # namespace) until the socket goes.
            g.s.send(struct.pack("IHHII", 20, g.family, NLM_F_REQUEST | NLM_F_DUMP, 1, 0) +
                     struct.pack("BBH", CMD[args[0]], 1, 0))
            g.s.recv(4096, socket.MSG_TRUNC)
            print("holding", flush=True)
            time.sleep(3600)
        elif cmd == "raw":
            g.request(g.family, int(args[0]), bytes.fromhex(args[1]),
                      dump=len(args) > 2)
            print("ok")
    except OSError as e:
        print(f"error {e.errno} {e.strerror}")
        sys.exit(3)


if __name__ == "__main__":
    main()
