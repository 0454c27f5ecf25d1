#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""No two files of kmod/ or of tools/ may depend on each other in a loop.

Calls (and data): from the built objects, by nm: a file depends on the file
that defines a symbol it uses.  Includes: from the sources, "#include "x.h""
between the headers of the same directory.  Prints PASS:/FAIL: deps/DIR/calls
and deps/DIR/includes.

It finds, for instance, what kmod/ had until main.c became module init and
exit only: every file in one loop through main.c's per-namespace state.
"""
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def symbols(obj):
    defs, uses = set(), set()
    out = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "TDRBCVWG":
            defs.add(f[2])
        elif len(f) == 2 and f[0] == "U":
            uses.add(f[1])
    return defs, uses


def call_graph(objs):
    defs, uses = {}, {}
    for o in objs:
        name = os.path.basename(o)[:-2]
        d, uses[name] = symbols(o)
        for s in d:
            defs.setdefault(s, name)
    return {n: {defs[s] for s in u if s in defs and defs[s] != n} for n, u in uses.items()}


def include_graph(d):
    g = {}
    for f in os.listdir(d):
        if f.endswith(".h"):
            text = open(os.path.join(d, f), encoding="utf-8").read()
            g[f] = {h for h in re.findall(r'^#include "([^"/]+)"', text, re.M)
                    if os.path.exists(os.path.join(d, h)) and h != f}
    return g


def loops(g):
    """The strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def report(name, found):
    for c in found:
        print(f"# loop: {' '.join(c)}")
    print(f"{'FAIL' if found else 'PASS'}: deps/{name}")
    return not found


def objects(d, skip):
    objs = sorted(os.path.join(d, f) for f in os.listdir(d)
                  if f.endswith(".o") and not re.search(skip, f))
    return objs


def main():
    ok = True
    tools = objects(os.path.join(TOP, "tools"), r"^$")
    kmod = objects(os.path.join(TOP, "kmod"), r"_test\.o$|\.mod\.o$|^tcpresetstat\.o$")
    if not tools or not kmod:
        print("# build first: make")
        print("FAIL: deps/objects")
        return 1
    ok &= report("tools/calls", loops(call_graph(tools)))
    ok &= report("tools/includes", loops(include_graph(os.path.join(TOP, "tools"))))
    ok &= report("kmod/calls", loops(call_graph(kmod)))
    ok &= report("kmod/includes", loops(include_graph(os.path.join(TOP, "kmod"))))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
