#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A minimal generic netlink client for the VM tests: talks to the
tcpresetstat family with raw sockets (no library), so tests can send both
well-formed and deliberately malformed requests.

    genl.py get                       totals and pressure, "name value" lines
    genl.py dump TABLE [FILTER...]    rows, one per line: key then columns
    genl.py reset [TABLE]
    genl.py raw CMD HEXATTRS [dump]   send anything; prints "error N MSG"
FILTER: port=N addr=A prefix=N min=N.  Prints "error ERRNO EXTACK" and
exits 3 on a netlink error."""
import ipaddress
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLM_F_DUMP_INTR, NLM_F_ACK_TLVS = 0x10, 0x200
NLMSG_ERROR, NLMSG_DONE = 2, 3
GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 0x10, 3, 1, 2
NLMSGERR_ATTR_MSG = 1

CMD = {"get": 1, "ports": 2, "peers": 3, "destinations": 4, "reset": 5}
A_TOTALS, A_PRESSURE, A_TABLE, A_ROW_KIND, A_PORT, A_ADDR, A_LOCAL_ADDR, \
    A_COUNTERS, A_FILTER_PORT, A_FILTER_ADDR, A_FILTER_PREFIX, A_FILTER_MIN = range(2, 14)
TABLES = {"ports": 0, "peers": 1, "destinations": 2}
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


def main():
    g = Genl()
    cmd, args = sys.argv[1], sys.argv[2:]
    try:
        if cmd == "get":
            m = g.request(g.family, CMD["get"])[0]
            for k in (A_TOTALS, A_PRESSURE):
                for i, v in sorted(u64s(m[k]).items()):
                    print(("t" if k == A_TOTALS else "p"), i, v)
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
                kind = KINDS[m[A_ROW_KIND][0]]
                if kind == "other" and args[0] == "destinations":
                    key = ["other"] * 3
                elif kind:
                    key = [kind]
                elif args[0] == "ports":
                    key = [str(struct.unpack("H", m[A_PORT])[0])]
                elif args[0] == "peers":
                    key = [addr(m[A_ADDR])]
                else:
                    key = [addr(m[A_LOCAL_ADDR]), addr(m[A_ADDR]),
                           str(struct.unpack("H", m[A_PORT])[0])]
                c = u64s(m[A_COUNTERS])
                print(" ".join(key + [str(c[i]) for i in sorted(c)]))
            if g.intr:
                print("interrupted")
        elif cmd == "reset":
            attrs = attr(A_TABLE, struct.pack("B", TABLES[args[0]])) if args else b""
            g.request(g.family, CMD["reset"], attrs)
        elif cmd == "raw":
            g.request(g.family, int(args[0]), bytes.fromhex(args[1]),
                      dump=len(args) > 2)
            print("ok")
    except OSError as e:
        print(f"error {e.errno} {e.strerror}")
        sys.exit(3)


if __name__ == "__main__":
    main()
