#! /usr/bin/env python3
# dbcompare.py: compares the contents of two OVSDB databases, ignoring
# UUIDs.
#
# usage: dbcompare.py SCHEMA EXPECTED ACTUAL [TABLE...]
#        dbcompare.py --map SCHEMA DB TABLE COLUMN KEY...
#
# EXPECTED and ACTUAL are each a database file (read with "ovsdb-tool
# query") or a remote such as unix:PATH (read with "ovsdb-client
# transact").  Every table of SCHEMA is compared (or only the TABLEs
# named): both databases must hold the same rows with the same column
# values.  A reference to another row is compared by the identity of that
# row (its table and column values, recursively), so that the UUIDs that
# each database chose do not matter.  Prints the differences and exits
# with status 1 if there are any, 0 otherwise.
#
# With --map, prints the KEYs of map COLUMN of the first row of TABLE in DB
# that the row has, one 'COLUMN:KEY="VALUE"' argument of "ovn-nbctl set" per
# line, e.g. to copy NB_Global options from one database to another.

import json
import os
import subprocess
import sys


def load_schema(path):
    """Returns the schema in file 'path' as a dict."""
    with open(path) as f:
        return json.load(f)


def query(source, schema, tables):
    """Returns {table: {uuid: row}} for 'tables' of 'source' (a file or a
    remote), each row a dict of column names to OVSDB JSON values."""
    ops = [schema["name"]] + [{"op": "select", "table": t, "where": []}
                              for t in tables]
    if os.path.exists(source):
        cmd = ["ovsdb-tool", "query", source, json.dumps(ops)]
    else:
        cmd = ["ovsdb-client", "transact", source, json.dumps(ops)]
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE,
                         universal_newlines=True).stdout
    results = json.loads(out)
    db = {}
    for table, result in zip(tables, results):
        if "error" in result:
            sys.exit("%s: %s: %s" % (source, table, result))
        rows = {}
        for row in result["rows"]:
            uuid = row.pop("_uuid")[1]
            row.pop("_version", None)
            rows[uuid] = row
        db[table] = rows
    return db


class Canonicalizer:
    """Turns rows into hashable values in which every UUID reference is
    replaced by the identity of the row that it points to."""

    def __init__(self, db):
        self.db = db
        self.where = {}         # uuid -> table
        for table, rows in db.items():
            for uuid in rows:
                self.where[uuid] = table
        self.memo = {}          # uuid -> identity
        self.active = set()     # uuids being canonicalized (cycles)

    def atom(self, value):
        """Canonical form of an atom."""
        if isinstance(value, list) and value and value[0] == "uuid":
            return self.identity(value[1])
        return json.dumps(value, sort_keys=True)

    def datum(self, value):
        """Canonical form of a column value."""
        if isinstance(value, list) and value and value[0] == "set":
            return ("set",) + tuple(sorted(self.atom(a) for a in value[1]))
        if isinstance(value, list) and value and value[0] == "map":
            return ("map",) + tuple(sorted((self.atom(k), self.atom(v))
                                           for k, v in value[1]))
        return ("set", self.atom(value))

    def row(self, table, row):
        """Canonical form of 'row' of 'table'."""
        return (table,) + tuple(sorted((column, self.datum(value))
                                       for column, value in row.items()))

    def identity(self, uuid):
        """Canonical form of the row with 'uuid', as a string."""
        if uuid in self.memo:
            return self.memo[uuid]
        table = self.where.get(uuid)
        if table is None:
            return "<dangling reference>"
        if uuid in self.active:
            return "<reference cycle to %s>" % table
        self.active.add(uuid)
        identity = repr(self.row(table, self.db[table][uuid]))
        self.active.discard(uuid)
        self.memo[uuid] = identity
        return identity


def describe(table, row):
    """A readable one-line summary of 'row' of 'table'."""
    cols = ", ".join("%s=%s" % (c, json.dumps(v, sort_keys=True))
                     for c, v in sorted(row.items())
                     if v not in (["set", []], ["map", []], "", 0, False))
    return "%s: {%s}" % (table, cols)


def print_map(args):
    """Implements --map SCHEMA DB TABLE COLUMN KEY..."""
    if len(args) < 5:
        sys.exit("usage: %s --map SCHEMA DB TABLE COLUMN KEY..."
                 % sys.argv[0])
    schema_file, source, table, column = args[:4]
    db = query(source, load_schema(schema_file), [table])
    for row in db[table].values():
        for key, value in row[column][1]:
            if key in args[4:]:
                print('%s:%s=%s' % (column, key, json.dumps(value)))
        break


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--map":
        print_map(sys.argv[2:])
        return
    if len(sys.argv) < 4:
        sys.exit("usage: %s SCHEMA EXPECTED ACTUAL [TABLE...]" % sys.argv[0])
    schema = load_schema(sys.argv[1])
    tables = sys.argv[4:] or sorted(schema["tables"])
    expected = query(sys.argv[2], schema, tables)
    actual = query(sys.argv[3], schema, tables)
    exp_canon = Canonicalizer(expected)
    act_canon = Canonicalizer(actual)

    n_differences = 0
    for table in tables:
        exp_rows = {}
        for uuid, row in expected[table].items():
            exp_rows.setdefault(exp_canon.identity(uuid), []).append(row)
        act_rows = {}
        for uuid, row in actual[table].items():
            act_rows.setdefault(act_canon.identity(uuid), []).append(row)

        for key in sorted(set(exp_rows) | set(act_rows)):
            exp = exp_rows.get(key, [])
            act = act_rows.get(key, [])
            for row in exp[len(act):]:
                print("missing  %s" % describe(table, row))
                n_differences += 1
            for row in act[len(exp):]:
                print("extra    %s" % describe(table, row))
                n_differences += 1

    if n_differences:
        print("%d rows differ" % n_differences)
        sys.exit(1)


if __name__ == "__main__":
    main()
