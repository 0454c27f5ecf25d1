#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tests/arch/check.py CONSOLE N: judges a make check-arch guest's console
(tests/arch/init prints it): exact counts in each namespace's
/proc/tcpresetstat, the CLI's JSON over netlink equal to its JSON from
/proc, a reset ACKed, a clean unload and no splat.  Prints what is wrong;
exit 0 when nothing is."""
import json
import re
import sys

SPLAT = re.compile(r"BUG:|WARNING:|Oops|Call trace|Unable to handle|UBSAN|KASAN|"
                   r"general protection|soft lockup|hung task|kmemleak|"
                   r"tcpresetstat: .*(error|fail)", re.I)


def blocks(text):
    """{(kind, ns): (lines, rc)} of the TRS-BEGIN/TRS-END blocks."""
    out, cur = {}, None
    for line in text.splitlines():
        line = line.rstrip("\r")
        m = re.match(r"TRS-BEGIN (\w+)(?: (\w+))?$", line)
        if m:
            cur, lines = (m.group(1), m.group(2)), []
            continue
        m = re.match(r"TRS-END (\w+)(?: (\w+))? (\d+)$", line)
        if m and cur == (m.group(1), m.group(2)):
            out[cur] = (lines, int(m.group(3)))
            cur = None
            continue
        if cur:
            lines.append(line)
    return out


def parse_proc(lines):
    """totals {name: value}, tables {name: {key tuple: {col: value}}}"""
    totals, tables, i = {}, {}, 0
    while i < len(lines):
        f = lines[i].split()
        if f and f[0] == "table":
            name, rows = f[1], int(f[2])
            head = lines[i + 1].split()
            k = {"destinations": 3, "forwarded": 2}.get(name, 1)
            t = tables[name] = {}
            for row in lines[i + 2:i + 2 + rows]:
                v = row.split()
                t[tuple(v[:k])] = dict(zip(head[k:], map(int, v[k:])))
            i += 2 + rows
            continue
        if len(f) == 2 and f[0] != "version":
            totals[f[0]] = int(f[1])
        i += 1
    return totals, tables


def expected(n):
    """What each namespace must show: totals (others 0) and table cells."""
    return {
        "client": ({"rst_in": 2 * n, "rst_in_refused": 2 * n, "open_fail_active": 2 * n,
                    "open_fail_active_refused": 2 * n},
                   {("peers", ("198.51.100.1",), "rst_in"): n,
                    ("peers", ("2001:db8:2::1",), "rst_in"): n,
                    ("peers", ("198.51.100.1",), "open_fail_active"): n,
                    ("destinations", ("192.0.2.1", "198.51.100.1", "7600"),
                     "open_fail_active_refused"): n,
                    ("destinations", ("2001:db8:1::1", "2001:db8:2::1", "7600"),
                     "rst_in_refused"): n,
                    ("ports", ("ephemeral",), "rst_in_refused"): 2 * n}),
        "router": ({"rst_fwd": 2 * n},
                   {("peers", ("198.51.100.1",), "rst_fwd_sent"): n,
                    ("peers", ("2001:db8:2::1",), "rst_fwd_sent"): n,
                    ("peers", ("192.0.2.1",), "rst_fwd_rcvd"): n,
                    ("peers", ("2001:db8:1::1",), "rst_fwd_rcvd"): n}),
        "server": ({"rst_in": 3 * n, "rst_in_refused": 2 * n, "rst_in_reset": n,
                    "rst_out": 5 * n, "rst_out_refused": 4 * n, "rst_out_abort": n,
                    "open_fail_active": 2 * n, "open_fail_active_refused": 2 * n,
                    "estab_reset": 2 * n},
                   {("ports", ("7211",), "rst_out_refused"): 2 * n,
                    ("ports", ("7600",), "rst_out_refused"): 2 * n,
                    ("ports", ("7300",), "rst_out_abort"): n,
                    ("peers", ("127.0.0.1",), "rst_in"): 2 * n,
                    ("peers", ("::1",), "rst_in"): n,
                    ("peers", ("192.0.2.1",), "rst_out"): n,
                    ("peers", ("2001:db8:1::1",), "rst_out"): n,
                    ("destinations", ("::1", "::1", "7211"), "rst_in_refused"): n}),
    }


def counters(j):
    """A JSON snapshot less what moves by itself between two reads."""
    j = dict(j)
    j["totals"] = {k: v for k, v in j.get("totals", {}).items()
                   if not k.startswith("sampler_")}
    return j


def main():
    text = open(sys.argv[1], errors="replace").read()
    n = int(sys.argv[2])
    errors = []
    if "TRS-ARCH:" not in text:
        errors.append("the guest never ran its script")
    errors += [l for l in text.splitlines() if l.startswith("TRS-FAIL")]
    b = blocks(text)
    for ns, (want_totals, want_cells) in expected(n).items():
        for kind in ("proc", "netlink", "procjson"):
            if (kind, ns) not in b:
                errors.append(f"{ns}: no {kind} output")
            elif b[kind, ns][1]:
                errors.append(f"{ns}: {kind} exited {b[kind, ns][1]}: "
                              + " ".join(b[kind, ns][0])[:300])
        if ("proc", ns) not in b:
            continue
        totals, tables = parse_proc(b["proc", ns][0])
        for name, value in totals.items():
            if name.startswith(("sampler_", "alerts_", "tw_", "port_range_",
                                "ephemeral_ports", "max_tw_buckets")):
                continue
            if value != want_totals.get(name, 0):
                errors.append(f"{ns}: {name} = {value}, want {want_totals.get(name, 0)}")
        for (table, key, col), want in want_cells.items():
            got = tables.get(table, {}).get(key, {}).get(col)
            if got != want:
                errors.append(f"{ns}: {table} {' '.join(key)} {col} = {got}, want {want}")
        try:
            nl = json.loads("\n".join(b["netlink", ns][0]))
            pj = json.loads("\n".join(b["procjson", ns][0]))
            if counters(nl) != counters(pj):
                errors.append(f"{ns}: the CLI's JSON over netlink differs from /proc's")
            if counters(pj)["totals"] != \
               counters({"totals": {k: totals.get(k) for k in pj["totals"]}})["totals"]:
                errors.append(f"{ns}: the CLI's totals differ from /proc")
        except (KeyError, ValueError) as e:
            errors.append(f"{ns}: no JSON to compare ({e})")
    m = re.search(r"^TRS-RESET: (\d+) (\S*) (\S*)", text, re.M)
    if not m or m.groups() != ("0", "0", "0"):
        errors.append(f"reset: {m.groups() if m else 'never ran'}, want exit 0 and zeros")
    m = re.search(r"^TRS-RMMOD: (\d+)", text, re.M)
    if not m or m.group(1) != "0":
        errors.append("the module did not unload")
    splats = [l for l in text.splitlines()
              if SPLAT.search(l) and "module verification failed" not in l]
    errors += [f"console: {l}" for l in splats[:10]]
    for e in errors:
        print(f"arch: {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
