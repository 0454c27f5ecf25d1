#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The YAML netlink spec (Documentation/netlink/tcpresetstat.yaml) says
what the uapi header says: every enum, attribute, command and name, in the
same order (so the same values).  Prints one PASS:/FAIL: line per part."""
import os
import re
import sys

import yaml

TOP = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))


def read(path):
    with open(os.path.join(TOP, path)) as f:
        return f.read()


def c_enum(header, name, prefix):
    """Members of enum NAME, without PREFIX, sentinels or UNSPEC, kebab-case."""
    body = re.search(r"enum %s \{(.*?)\};" % name, header, re.S).group(1)
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    out = []
    for m in re.finditer(r"\b(\w+)\s*(?:=[^,]*)?,", body):
        ident = m.group(1)
        if ident.startswith("__") or ident in (prefix + "MAX", prefix + "UNSPEC"):
            continue
        out.append(ident[len(prefix):].lower().replace("_", "-"))
    return out


def c_names(names, array):
    body = re.search(r"%s\[\] = \{(.*?)\};" % array, names, re.S).group(1)
    return [n.replace("_", "-") for n in re.findall(r'"(\w+)"', body)]


def main():
    header = read("kmod/uapi/tcpresetstat.h")
    names = read("kmod/uapi/tcpresetstat_names.h")
    spec = yaml.safe_load(read("Documentation/netlink/tcpresetstat.yaml"))
    defs = {d["name"]: d["entries"] for d in spec["definitions"]}
    sets = {s["name"]: [a["name"] for a in s["attributes"]] for s in spec["attribute-sets"]}
    checks = [
        ("enum counter", defs["counter"], c_enum(header, "trs_counter", "TRS_CTR_")),
        ("enum pressure", defs["pressure"], c_enum(header, "trs_pressure", "TRS_PR_")),
        ("enum table-id", defs["table-id"], c_enum(header, "trs_table_id", "TRS_TBL_")),
        ("enum row-kind", defs["row-kind"], c_enum(header, "trs_row_kind", "TRS_ROW_")),
        ("enum config", defs["config"], c_enum(header, "trs_config", "TRS_CFG_")),
        ("enum alert-kind", defs["alert-kind"], c_enum(header, "trs_alert_kind", "TRS_ALERT_")),
        ("attributes", sets["tcpresetstat"], c_enum(header, "trs_attr", "TRS_A_")),
        ("operations", [o["name"] for o in spec["operations"]["list"]],
         c_enum(header, "trs_cmd", "TRS_CMD_")),
        ("totals", sets["totals"], c_names(names, "trs_counter_cols")),
        ("pressure", sets["pressure"], c_names(names, "trs_pressure_cols")),
        ("port-cols", sets["port-cols"], c_names(names, "trs_port_cols")),
        ("peer-cols", sets["peer-cols"], c_names(names, "trs_peer_cols")),
        ("dest-cols", sets["dest-cols"], c_names(names, "trs_dest_cols")),
        ("fwd-cols", sets["fwd-cols"], c_names(names, "trs_fwd_cols")),
        ("reason-cols", sets["reason-cols"], c_names(names, "trs_reason_cols")),
        ("config", sets["config"], c_names(names, "trs_config_names")),
        ("alert names", defs["alert-kind"], c_names(names, "trs_alert_names")),
        ("mcast group", [g["name"] for g in spec["mcast-groups"]["list"]],
         re.findall(r'#define TRS_MCGRP_ALERTS\s+"(\w+)"', header)),
        ("family", [spec["name"], spec["version"]],
         [re.search(r'#define TRS_GENL_NAME\s+"(\w+)"', header).group(1),
          int(re.search(r"#define TRS_GENL_VERSION\s+(\d+)", header).group(1))]),
    ]
    failed = 0
    for what, got, want in checks:
        if got == want and want:
            print(f"PASS: spec/{what.replace(' ', '-')}")
        else:
            failed += 1
            print(f"FAIL: spec/{what.replace(' ', '-')}: yaml {got} != header {want}")
    # Values count from 1 where the header's do.
    first = {s["name"]: s["attributes"][0].get("value") for s in spec["attribute-sets"]}
    ok = all(v == 1 for v in first.values()) and spec["operations"]["list"][0].get("value") == 1
    print(f"{'PASS' if ok else 'FAIL'}: spec/values-from-1")
    return 1 if failed or not ok else 0


if __name__ == "__main__":
    sys.exit(main())
