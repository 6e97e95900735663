#! /usr/bin/env python3
"""Prints an OVN Southbound database as sorted text that two ovn-northds
which computed the same thing print the same way, however they got there.

usage: sbnormalize.py REMOTE SCHEMA [--with-hints]

Reads every table through "ovsdb-client transact REMOTE" and prints one line
per row (per datapath of each logical flow), with:
  - row UUIDs left out, references shown as the name of the row they point
    to (a datapath's external_ids:name, a port binding's logical_port, a
    row's "name", or the table name);
  - tunnel keys of datapaths and ports left out (they depend on the order
    in which things were created), and the datapath key that prefixes
    Port_Group names, and that names the "_rtr_lb_KEY_ip4/ip6" address
    sets of routers, replaced by the datapath's name, as are the port keys
    that logical flows store in ct_mark.ecmp_reply_port by the port's;
  - Logical_DP_Group rows folded into the flows that use them;
  - SB_Global's nb_cfg left out, as are BFD's disc and src_port (northd
    picks them at random), and so are the "source" and "stage-hint"
    of logical flows, which name whichever code or row first added a flow
    that several add (--with-hints keeps "stage-hint", for comparing two
    full computes, which must agree on it).
"""

import json
import re
import subprocess
import sys

NAME_COLUMNS = ("logical_port", "name", "chassis_name")


def select_all(remote, schema):
    tables = sorted(schema["tables"])
    ops = [schema["name"]] + [{"op": "select", "table": t, "where": []}
                              for t in tables]
    out = subprocess.run(["ovsdb-client", "transact", remote,
                          json.dumps(ops)],
                         check=True, capture_output=True, text=True).stdout
    return dict(zip(tables, (r["rows"] for r in json.loads(out))))


def row_name(table, row):
    if table == "Datapath_Binding":
        ids = dict(row["external_ids"][1])
        if "name" in ids:
            return ids["name"]
    for col in NAME_COLUMNS:
        if isinstance(row.get(col), str) and row[col]:
            return "%s:%s" % (table, row[col])
    return "<%s>" % table


def fmt_atom(atom, names):
    if isinstance(atom, list) and atom[0] == "uuid":
        return names.get(atom[1], "<missing>")
    return json.dumps(atom)


def fmt_value(value, names):
    if isinstance(value, list) and value[0] == "set":
        return "[" + ", ".join(sorted(fmt_atom(a, names)
                                      for a in value[1])) + "]"
    if isinstance(value, list) and value[0] == "map":
        return "{" + ", ".join(sorted("%s=%s" % (fmt_atom(k, names),
                                                 fmt_atom(v, names))
                                      for k, v in value[1])) + "}"
    return fmt_atom(value, names)


def main():
    remote, schema_file = sys.argv[1:3]
    dropped_ids = ("source",) if "--with-hints" in sys.argv[3:] \
        else ("source", "stage-hint")
    schema = json.load(open(schema_file))
    db = select_all(remote, schema)

    names = {}
    for table, rows in db.items():
        for row in rows:
            names[row["_uuid"][1]] = row_name(table, row)
    dp_by_key = {row["tunnel_key"]: row_name("Datapath_Binding", row)
                 for row in db["Datapath_Binding"]}
    groups = {row["_uuid"][1]: row["datapaths"]
              for row in db["Logical_DP_Group"]}
    port_by_key = {(row["datapath"][1], row["tunnel_key"]):
                   row["logical_port"]
                   for row in db["Port_Binding"]
                   if row["datapath"] != ["set", []]}

    def rtr_lb_name(text):
        return re.sub(r"_rtr_lb_(\d+)_ip",
                      lambda m: "_rtr_lb_%s_ip" % dp_by_key.get(
                          int(m.group(1)), "?"), text)

    def flow_line(dp_uuid, text):
        text = rtr_lb_name(text)
        return re.sub(r"ecmp_reply_port = (\d+)",
                      lambda m: "ecmp_reply_port = %s" % port_by_key.get(
                          (dp_uuid, int(m.group(1))), "?"), text)

    lines = []
    for table in sorted(db):
        if table == "Logical_DP_Group":
            continue
        for row in db[table]:
            if table == "Logical_Flow":
                dps = []
                if row["logical_datapath"] != ["set", []]:
                    dps.append(row["logical_datapath"])
                group = row["logical_dp_group"]
                if group != ["set", []]:
                    members = groups[group[1]]
                    if members[0] != "set":
                        members = ["set", [members]]
                    dps += members[1]
                ids = row["external_ids"]
                row["external_ids"] = ["map", [kv for kv in ids[1]
                                               if kv[0] not in dropped_ids]]
                rest = " ".join("%s=%s" % (c, fmt_value(row[c], names))
                                for c in sorted(row)
                                if c not in ("_uuid", "_version",
                                             "logical_datapath",
                                             "logical_dp_group"))
                lines += ["Logical_Flow %s %s" % (fmt_atom(dp, names),
                                                  flow_line(dp[1], rest))
                          for dp in dps]
                continue
            cols = []
            for col in sorted(row):
                if col in ("_uuid", "_version"):
                    continue
                if col == "tunnel_key" and table in ("Datapath_Binding",
                                                     "Port_Binding"):
                    continue
                if table == "SB_Global" and col == "nb_cfg":
                    continue
                if table == "BFD" and col in ("disc", "src_port"):
                    continue
                value = row[col]
                if table == "Address_Set" and col == "name":
                    value = rtr_lb_name(value)
                if table == "Port_Group" and col == "name":
                    m = re.match(r"(\d+)_(.*)", value)
                    if m:
                        value = "%s_%s" % (dp_by_key.get(int(m.group(1)),
                                                         "?"), m.group(2))
                cols.append("%s=%s" % (col, fmt_value(value, names)))
            lines.append("%s %s" % (table, " ".join(cols)))
    for line in sorted(lines):
        print(line)


if __name__ == "__main__":
    main()
