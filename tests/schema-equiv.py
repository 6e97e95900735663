#!/usr/bin/env python3
"""Compares two OVSDB schema files table by table.

usage: schema-equiv.py OURS REFERENCE

Prints one line per table of either schema, "TABLE: same" or "TABLE: ..."
naming what differs (columns, their types and constraints, isRoot, maxRows,
indexes), then the schema-level verdict.  Exits 0 only if the two schemas
are equivalent: same name, version and tables, and every table the same
once JSON spelling differences (key order, "key": "string" versus
"key": {"type": "string"}, set and map defaults) are normalised away.
"""
import json
import sys


def norm_base(t):
    """A base type as a dict with its defaults made explicit."""
    if isinstance(t, str):
        t = {"type": t}
    t = dict(t)
    if "enum" in t:
        e = t["enum"]
        if isinstance(e, list) and len(e) == 2 and e[0] == "set":
            e = e[1]
        elif not isinstance(e, list):
            e = [e]
        t["enum"] = sorted(e, key=lambda x: json.dumps(x))
    if t.get("type") == "uuid":
        t.setdefault("refType", "strong")
    return t


def norm_type(t):
    """A column type as a dict with min/max and base types normalised."""
    if isinstance(t, str) or "key" not in t:
        t = {"key": t}
    t = dict(t)
    t["key"] = norm_base(t["key"])
    if "value" in t:
        t["value"] = norm_base(t["value"])
    t.setdefault("min", 1)
    t.setdefault("max", 1)
    return t


def norm_table(tab):
    """Everything about a table that matters to its meaning."""
    return {
        "columns": {c: {"type": norm_type(d["type"]),
                        "ephemeral": d.get("ephemeral", False),
                        "mutable": d.get("mutable", True)}
                    for c, d in tab["columns"].items()},
        "isRoot": tab.get("isRoot", False),
        "maxRows": tab.get("maxRows"),
        "indexes": sorted(sorted(i) for i in tab.get("indexes", [])),
    }


def main():
    ours = json.load(open(sys.argv[1]))
    ref = json.load(open(sys.argv[2]))
    ok = True
    for key in ("name", "version"):
        if ours.get(key) != ref.get(key):
            print("schema %s: %r versus %r" % (key, ours.get(key),
                                               ref.get(key)))
            ok = False
    for t in sorted(set(ours["tables"]) | set(ref["tables"])):
        if t not in ours["tables"]:
            print("%s: missing" % t)
            ok = False
            continue
        if t not in ref["tables"]:
            print("%s: not in the reference" % t)
            ok = False
            continue
        a, b = norm_table(ours["tables"][t]), norm_table(ref["tables"][t])
        diffs = []
        for c in sorted(set(a["columns"]) | set(b["columns"])):
            if a["columns"].get(c) != b["columns"].get(c):
                diffs.append("column %s" % c)
        for k in ("isRoot", "maxRows", "indexes"):
            if a[k] != b[k]:
                diffs.append(k)
        print("%s: %s" % (t, ", ".join(diffs) + " differ" if diffs
                          else "same"))
        ok = ok and not diffs
    print("%s %s: %s" % (ref["name"], ref["version"],
                         "equivalent" if ok else "DIFFERENT"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
