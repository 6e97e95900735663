#! /usr/bin/env python3
"""Churns an OVN Northbound database with a seeded random sequence of
transactions, to shake out crashes and stale state in a running ovn-northd.

usage: northd-churn.py --db unix:PATH [--seed N] [--count N] [--burst]

Talks JSON-RPC straight to ovsdb-server (no OVS Python library), one
transaction at a time, as fast as the server answers, so that ovn-northd
sees objects born, given ports or load balancers and deleted again within a
few milliseconds.  The generator keeps a model of the rows it created
(names and UUIDs) and applies a transaction's effect on the model only when
the server commits it.  Some transactions are wrong on purpose (they point
at rows that are gone, reuse an indexed name, delete a row that is still
referenced): the server rejects them and they are only counted.  Some
values are malformed on purpose (bad CIDR, bad MAC, bad match): the server
takes them and ovn-northd has to live with them.

The sequence of transactions depends only on the seed (and on which of
them the server commits, which depends only on the sequence), so a seed
that finds a bug finds it again.

--burst only creates a router, gives it a port and a load balancer and
deletes it, over and over, in every order of those steps.

At the end it prints one line of counters.
"""

import argparse
import codecs
import json
import random
import socket
import subprocess
import sys
import time

DB_NAME = "OVN_Northbound"
CHASSIS = ["hv1", "hv2", "hv3"]        # hv3 is never registered in SB.


class JsonRpc:
    """A blocking JSON-RPC 1.0 client on a unix socket, enough to send
    "transact" requests to ovsdb-server and answer its "echo" probes."""

    def __init__(self, path):
        """Connects to the unix socket at 'path'."""
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buf = ""
        self.utf8 = codecs.getincrementaldecoder("utf-8")()
        self.decoder = json.JSONDecoder()
        self.next_id = 0

    def send(self, msg):
        """Sends JSON-RPC message 'msg'."""
        self.sock.sendall(json.dumps(msg).encode())

    def recv(self):
        """Returns the next complete JSON message from the server."""
        while True:
            text = self.buf.lstrip()
            if text:
                try:
                    msg, end = self.decoder.raw_decode(text)
                    self.buf = text[end:]
                    return msg
                except ValueError:
                    pass
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("ovsdb-server closed the connection")
            self.buf += self.utf8.decode(data)

    def transact(self, ops):
        """Runs 'ops' as one transaction; returns (result, error)."""
        self.next_id += 1
        my_id = self.next_id
        self.send({"method": "transact", "params": [DB_NAME] + ops,
                   "id": my_id})
        while True:
            msg = self.recv()
            if msg.get("method") == "echo":
                self.send({"result": msg.get("params", []), "error": None,
                           "id": msg.get("id")})
            elif msg.get("id") == my_id:
                return msg.get("result"), msg.get("error")


class Ref:
    """A row inserted by a transaction being built: named in its
    operations, its real UUID known once the server commits it."""

    def __init__(self, name, index):
        """Names the row inserted by operation 'index'."""
        self.name = name        # The "uuid-name" in the insert operation.
        self.index = index      # Index of the insert among the operations.
        self.uuid = None        # Set when the transaction commits.

    def json(self):
        """The reference, in OVSDB JSON."""
        return ["named-uuid", self.name]


def uuid_atom(uuid):
    """A reference to an existing row, in OVSDB JSON."""
    return ["uuid", uuid]


def oset(values):
    """An OVSDB set of the atoms in 'values'."""
    return ["set", list(values)]


def omap(pairs):
    """An OVSDB map of dict 'pairs', in a stable order."""
    return ["map", [[k, v] for k, v in sorted(pairs.items())]]


class Txn:
    """A transaction being built, with what to do to the model if the
    server commits it."""

    def __init__(self):
        """Starts an empty transaction."""
        self.ops = []           # The operations.
        self.on_commit = []     # Functions of the results, run on commit.
        self.refs = []          # Refs to resolve on commit.

    def insert(self, table, row):
        """Inserts a row into 'table'; returns its Ref."""
        ref = Ref("row%d" % len(self.ops), len(self.ops))
        self.ops.append({"op": "insert", "table": table, "row": row,
                         "uuid-name": ref.name})
        self.refs.append(ref)
        return ref

    def mutate(self, table, uuid, mutations):
        """Mutates the row 'uuid' (a string) or every row (None); returns
        the index of the operation, whose result has the count."""
        where = [] if uuid is None else [["_uuid", "==", uuid_atom(uuid)]]
        self.ops.append({"op": "mutate", "table": table, "where": where,
                         "mutations": mutations})
        return len(self.ops) - 1

    def update(self, table, uuid, row):
        """Updates the row 'uuid' (a string) or every row (None)."""
        where = [] if uuid is None else [["_uuid", "==", uuid_atom(uuid)]]
        self.ops.append({"op": "update", "table": table, "where": where,
                         "row": row})
        return len(self.ops) - 1

    def delete(self, table, uuid):
        """Deletes the row 'uuid' (a string)."""
        self.ops.append({"op": "delete", "table": table,
                         "where": [["_uuid", "==", uuid_atom(uuid)]]})
        return len(self.ops) - 1

    def then(self, fn):
        """Runs 'fn' with the results if the transaction commits."""
        self.on_commit.append(fn)


class Churn:
    """The model of what the generator created, and the actions that
    change both the database and the model."""

    def __init__(self, rpc, seed, count):
        """Churns through 'rpc' with 'count' transactions
        from 'seed'."""
        self.rpc = rpc
        self.rng = random.Random(seed)
        self.count = count
        self.n_txns = 0         # Transactions sent.
        self.n_errors = 0       # Transactions the server rejected.
        self.serial = 0         # Makes names unique.
        # Name -> {"uuid", "ports": [lsp names], "acls": [uuids]}.
        self.switches = {}
        # Name -> {"uuid", "ports": [lrp names], "nats", "routes",
        # "policies": [uuids]}.
        self.routers = {}
        self.lsps = {}          # Name -> {"uuid", "ls", "type"}.
        self.lrps = {}          # Name -> {"uuid", "lr"}.
        self.lbs = {}           # Name -> uuid.
        self.lb_groups = {}     # Name -> uuid.
        self.port_groups = {}   # Name -> {"uuid", "acls": [uuids]}.
        self.addr_sets = {}     # Name -> uuid.
        self.dhcp_options = []  # UUIDs of DHCP_Options rows.
        self.gone = []          # UUIDs of rows deleted lately.
        self.debug = False      # Print refused transactions' errors?
        # While "paced", every transaction waits for ovn-northd to have
        # handled it, so that ovn-northd sees each change on its own and
        # takes its incremental paths; otherwise changes pile up and
        # ovn-northd sees many at once.
        self.paced = False
        self.may_wait = True    # False if no ovn-northd is running.
        self.phase_left = 0     # Transactions left in this phase.
        self.n_syncs = 0        # Waits for ovn-northd.
        self.n_timeouts = 0     # Waits that timed out.
        self.tail = min(300, count // 10)   # Length of the last phase.

    # ------------------------------------------------------------------
    # Running transactions.

    def done(self):
        """Whether all the transactions asked for were sent."""
        return self.n_txns >= self.count

    def run(self, txn):
        """Sends 'txn'; on commit, updates the model.  Returns True if the
        server committed it."""
        if not txn.ops or self.done():
            return False
        self.n_txns += 1
        result, error = self.rpc.transact(txn.ops)
        if error is not None or result is None or any(
                isinstance(r, dict) and "error" in r for r in result):
            self.n_errors += 1
            if self.debug:
                sys.stderr.write("refused: %s\n" % json.dumps(
                    error or [r for r in result or []
                              if isinstance(r, dict) and "error" in r]))
            return False
        for ref in txn.refs:
            ref.uuid = result[ref.index]["uuid"][1]
        for fn in txn.on_commit:
            fn(result)
        if self.paced and self.may_wait:
            self.sync()
        return True

    def sync(self):
        """Bumps nb_cfg and waits until ovn-northd reports, in sb_cfg,
        that the Southbound database has caught up with it."""
        result, error = self.rpc.transact([
            {"op": "mutate", "table": "NB_Global", "where": [],
             "mutations": [["nb_cfg", "+=", 1]]},
            {"op": "select", "table": "NB_Global", "where": [],
             "columns": ["nb_cfg"]}])
        if error is not None or not result[1].get("rows"):
            return
        cfg = result[1]["rows"][0]["nb_cfg"]
        self.n_syncs += 1
        result, error = self.rpc.transact([
            {"op": "wait", "table": "NB_Global", "where": [],
             "columns": ["sb_cfg"], "until": "==",
             "rows": [{"sb_cfg": cfg}], "timeout": 30000}])
        if error is not None or any("error" in r for r in result):
            # ovn-northd is stuck or gone: waiting more would only make
            # the run last for ages.  The run fails at the end.
            self.n_timeouts += 1
            self.may_wait = False

    def forget(self, uuid):
        """Remembers 'uuid' among the rows deleted lately, for
        transactions that use a row that is gone."""
        self.gone.append(uuid)
        del self.gone[:-20]

    # ------------------------------------------------------------------
    # Random values, valid most of the time.

    def name(self, prefix):
        """A new name that starts with 'prefix'."""
        self.serial += 1
        return "%s%d" % (prefix, self.serial)

    def chance(self, p):
        """True with probability 'p'."""
        return self.rng.random() < p

    def pick(self, seq):
        """A random element of 'seq', or None if it is empty."""
        seq = list(seq)
        return self.rng.choice(seq) if seq else None

    def sample(self, seq, n):
        """At most 'n' distinct random elements of 'seq'."""
        seq = list(seq)
        return self.rng.sample(seq, min(n, len(seq)))

    def mac(self):
        """A random Ethernet address, now and then a bad one."""
        if self.chance(0.03):
            return self.pick(["00:00:00:00:01", "zz:00:00:00:00:01",
                              "ff:ff:ff:ff:ff:ff", "01:00:00:00:00:01"])
        return "00:00:%02x:%02x:%02x:%02x" % (
            self.rng.randrange(4), self.rng.randrange(256),
            self.rng.randrange(256), self.rng.randrange(1, 255))

    def subnet(self):
        """(a, b) of a 10.a.b.0/24 subnet: few enough that they overlap."""
        return self.rng.randrange(3), self.rng.randrange(12)

    def ip4(self, subnet=None):
        """A random IPv4 address in 'subnet', now and then a bad one."""
        if self.chance(0.02):
            return self.pick(["10.0.0.256", "10.0.0", "1.2.3.4.5", "x"])
        a, b = subnet or self.subnet()
        return "10.%d.%d.%d" % (a, b, self.rng.randrange(2, 250))

    def ip6(self, subnet=None):
        """A random IPv6 address in 'subnet'."""
        a, b = subnet or self.subnet()
        return "fd%02x:%x::%x" % (a, b, self.rng.randrange(2, 250))

    def cidr4(self):
        """A random IPv4 network, now and then a bad one."""
        if self.chance(0.03):
            return self.pick(["10.1.2.0/33", "10.1.2.300/24", "10.1/8",
                              "bogus", "10.1.2.3/24"])
        a, b = self.subnet()
        return "10.%d.%d.0/%d" % (a, b, self.pick([24, 24, 16, 28]))

    def external_ip(self):
        """A random NAT external address, now and then a bad
        one."""
        if self.chance(0.03):
            return self.pick(["172.16.0.300", "172.16", "fd::zz"])
        if self.chance(0.15):
            return "fe00::%x" % self.rng.randrange(1, 200)
        return "172.16.%d.%d" % (self.rng.randrange(3),
                                 self.rng.randrange(1, 250))

    def lrp_networks(self):
        """Random networks for a router port."""
        nets = []
        for _ in range(self.pick([1, 1, 1, 2])):
            if self.chance(0.04):
                nets.append(self.pick(["10.1.2.1/33", "10.1.2.1",
                                       "300.1.1.1/24", "fd00::1/129"]))
            elif self.chance(0.2):
                a, b = self.subnet()
                nets.append("fd%02x:%x::1/64" % (a, b))
            elif self.chance(0.15):
                nets.append("172.16.%d.1/24" % self.rng.randrange(3))
            else:
                a, b = self.subnet()
                nets.append("10.%d.%d.1/24" % (a, b))
        return nets

    def vif_addresses(self):
        """Random "addresses" for a VIF: MAC and IPs, "unknown",
        "dynamic", none, or bad ones."""
        r = self.rng.random()
        if r < 0.05:
            return ["unknown"]
        if r < 0.09:
            return ["dynamic"]
        if r < 0.12:
            return [self.mac() + " dynamic"]
        if r < 0.15:
            return [self.pick(["00:00:00:00:00:zz 10.0.0.1",
                               "00:00:00:00:00:01 10.0.0.300",
                               "10.0.0.1", "00:00:00:00:00:01 bogus"])]
        if r < 0.18:
            return []
        sub = self.subnet()
        addr = self.mac() + " " + self.ip4(sub)
        if self.chance(0.3):
            addr += " " + self.ip6(sub)
        addrs = [addr]
        if self.chance(0.1):
            addrs.append("unknown")
        return addrs

    def acl_match(self):
        """A random ACL match, naming port groups, address sets
        and ports that exist (or not)."""
        pool = ["ip4", "ip6", "ip", "tcp.dst == 80", "udp && udp.dst == 53",
                "icmp4", "arp", "ip4.src == 10.0.0.0/8",
                "tcp.dst == {22, 443}"]
        if self.port_groups:
            pg = self.pick(self.port_groups)
            pool += ["inport == @%s && ip4" % pg, "outport == @%s" % pg,
                     "ip4.src == $%s_ip4" % pg]
        if self.addr_sets:
            pool.append("ip4.dst == $%s" % self.pick(self.addr_sets))
        if self.lsps:
            pool.append('inport == "%s"' % self.pick(self.lsps))
        if self.chance(0.05):
            return self.pick(["ip4.src ==", "foo == 1", "tcp.dst == 99999",
                              "outport == @no_such_pg", "ip4.dst == $nope",
                              "((ip4"])
        return self.pick(pool)

    def acl_row(self):
        """A random ACL row."""
        row = {"direction": self.pick(["from-lport", "to-lport"]),
               "priority": self.rng.randrange(0, 32768),
               "match": self.acl_match(),
               "action": self.pick(["allow", "allow-related",
                                    "allow-stateless", "drop", "reject",
                                    "pass"])}
        if self.chance(0.15):
            row["label"] = self.rng.randrange(1, 1000)
        if self.chance(0.15):
            row["log"] = True
            if self.chance(0.5):
                row["name"] = self.name("acl")
            if self.chance(0.5):
                row["severity"] = self.pick(["alert", "warning", "info"])
        if self.chance(0.1):
            row["tier"] = self.rng.randrange(0, 4)
        if self.chance(0.1):
            row["options"] = omap({"apply-after-lb": "true"})
        return row

    def lb_vips(self):
        """Random VIPs of a load balancer; returns (vips, protocol)."""
        vips = {}
        proto = None
        for _ in range(self.pick([1, 1, 2, 3])):
            ipv6 = self.chance(0.2)
            port = self.chance(0.7)
            if port:
                proto = proto or self.pick(["tcp", "tcp", "udp", "sctp"])
            if ipv6:
                vip = "fe00::%x" % self.rng.randrange(1, 100)
                backends = ["fd%02x:%x::%x" % (a, b, c) for a, b, c in [
                    (*self.subnet(), self.rng.randrange(2, 250))
                    for _ in range(self.rng.randrange(0, 3))]]
                if port:
                    vip = "[%s]:%d" % (vip, self.pick([80, 443, 8080]))
                    backends = ["[%s]:%d" % (b, self.pick([80, 8080]))
                                for b in backends]
            else:
                vip = "30.0.%d.%d" % (self.rng.randrange(2),
                                      self.rng.randrange(1, 50))
                backends = [self.ip4() for _ in
                            range(self.rng.randrange(0, 4))]
                if port:
                    vip += ":%d" % self.pick([80, 443, 8080])
                    backends = ["%s:%d" % (b, self.pick([80, 8080]))
                                for b in backends]
            if self.chance(0.03):
                vip = self.pick(["30.0.0.300:80", "30.0.0.1:99999",
                                 "[fe00::1:80", "bogus"])
            if self.chance(0.03):
                backends = ["10.0.0.1:80:90", "bogus"]
            vips[vip] = ",".join(backends)
        return vips, proto

    def lb_row(self, name):
        """A random Load_Balancer row named 'name'."""
        vips, proto = self.lb_vips()
        row = {"name": name, "vips": omap(vips)}
        if proto:
            row["protocol"] = proto
        opts = {}
        if self.chance(0.1):
            opts["reject"] = "true"
        if self.chance(0.1):
            opts["skip_snat"] = "true"
        if self.chance(0.05):
            opts["hairpin_snat_ip"] = "169.254.0.1"
        if self.chance(0.05):
            opts["neighbor_responder"] = self.pick(["all", "none"])
        if opts:
            row["options"] = omap(opts)
        return row

    # ------------------------------------------------------------------
    # Building blocks: rows added to a transaction, with the model update.

    def add_switch(self, txn, name, n_ports=0, lbs=(), lb_groups=()):
        """Inserts switch 'name' with 'n_ports' VIFs and the
        load balancers (groups) given; returns its Ref."""
        row = {"name": name}
        if lbs:
            row["load_balancer"] = oset(uuid_atom(u) for u in lbs)
        if lb_groups:
            row["load_balancer_group"] = oset(uuid_atom(u)
                                              for u in lb_groups)
        if self.chance(0.15):
            row["other_config"] = omap(self.switch_other_config())
        ls_ref = txn.insert("Logical_Switch", row)
        info = {"uuid": None, "ports": [], "acls": []}

        def commit(_result):
            info["uuid"] = ls_ref.uuid
            self.switches[name] = info
        txn.then(commit)
        port_refs = []
        for _ in range(n_ports):
            ref, pname = self.vif_row(txn)
            self.register_lsp(txn, info, name, ref, pname, "")
            port_refs.append(ref)
        if port_refs:
            row["ports"] = oset(r.json() for r in port_refs)
        return ls_ref

    def register_lsp(self, txn, ls_info, ls_name, ref, pname, kind,
                     idx=None):
        """Adds switch port 'pname' to the model when 'txn' commits, if
        the mutation of its switch at 'idx' (if any) found the switch."""
        def commit(result):
            if idx is None or result[idx]["count"]:
                ls_info["ports"].append(pname)
                self.lsps[pname] = {"uuid": ref.uuid, "ls": ls_name,
                                    "type": kind}
        txn.then(commit)

    def register_lrp(self, txn, lr_info, lr_name, ref, pname, idx=None):
        """Adds router port 'pname' to the model when 'txn' commits, if
        the mutation of its router at 'idx' (if any) found the router."""
        def commit(result):
            if idx is None or result[idx]["count"]:
                lr_info["ports"].append(pname)
                self.lrps[pname] = {"uuid": ref.uuid, "lr": lr_name}
        txn.then(commit)

    def switch_other_config(self):
        """Random other_config for a switch (IPAM,
        multicast...)."""
        r = self.rng.random()
        if r < 0.3:
            a, b = self.subnet()
            oc = {"subnet": "10.%d.%d.0/24" % (a, b)}
            if self.chance(0.3):
                oc["exclude_ips"] = "10.%d.%d.2..10.%d.%d.9" % (a, b, a, b)
            return oc
        if r < 0.5:
            return {"mcast_snoop": "true"}
        if r < 0.6:
            return {"vlan-passthru": "true"}
        if r < 0.7:
            return {"broadcast-arps-to-all-routers": "false"}
        if r < 0.8:
            return {"subnet": "bogus"}
        return {}

    def vif_row(self, txn):
        """Inserts a VIF; returns (ref, name).  The caller links it."""
        pname = self.name("lsp")
        addrs = self.vif_addresses()
        row = {"name": pname, "addresses": oset(addrs)}
        if addrs and self.chance(0.3):
            ps = addrs[0] if "dynamic" not in addrs[0] else self.mac()
            row["port_security"] = oset([ps])
        if self.chance(0.05):
            row["enabled"] = False
        ref = txn.insert("Logical_Switch_Port", row)
        return ref, pname

    def special_lsp_row(self, txn, ls_name):
        """Inserts a router-type or localnet port for 'ls_name'."""
        pname = self.name("lsp")
        kind = self.pick(["router", "router", "localnet", "virtual"])
        if kind == "router":
            rp = self.pick(self.lrps) or "no-such-lrp"
            if self.chance(0.05):
                rp = "no-such-lrp"
            row = {"name": pname, "type": "router",
                   "addresses": oset(["router"]),
                   "options": omap({"router-port": rp})}
            if self.chance(0.2):
                row["addresses"] = oset([])
        elif kind == "localnet":
            row = {"name": pname, "type": "localnet",
                   "addresses": oset(["unknown"]),
                   "options": omap({"network_name":
                                    self.pick(["phys", "phys2"])})}
            if self.chance(0.2):
                row["tag_request"] = self.rng.randrange(1, 4095)
        else:
            parents = self.sample(self.switches[ls_name]["ports"], 2)
            row = {"name": pname, "type": "virtual",
                   "options": omap({"virtual-ip": self.ip4(),
                                    "virtual-parents": ",".join(parents)})}
        ref = txn.insert("Logical_Switch_Port", row)
        return ref, pname, kind

    # ------------------------------------------------------------------
    # Actions.  Each one builds and runs one or a few transactions.

    def act_ls_create(self):
        """Creates a switch, maybe with ports and LBs."""
        if len(self.switches) > 14:
            return self.act_ls_delete()
        txn = Txn()
        lbs = self.sample(self.lbs.values(), self.pick([0, 0, 1, 2]))
        groups = self.sample(self.lb_groups.values(),
                             self.pick([0, 0, 0, 1]))
        name = self.name("ls")
        self.add_switch(txn, name, self.pick([0, 1, 2, 3]), lbs, groups)
        self.run(txn)

    def delete_datapath(self, datapaths, ports, table):
        """Deletes a random switch or router of 'datapaths' (by name), a
        row of 'table', and forgets its ports, which are in 'ports'."""
        name = self.pick(datapaths)
        if name is None:
            return
        info = datapaths[name]
        txn = Txn()
        txn.delete(table, info["uuid"])

        def commit(_result):
            datapaths.pop(name, None)
            for p in info["ports"]:
                ports.pop(p, None)
            self.forget(info["uuid"])
        txn.then(commit)
        self.run(txn)

    def act_ls_delete(self):
        """Deletes a switch, with its ports."""
        self.delete_datapath(self.switches, self.lsps, "Logical_Switch")

    def act_lsp_add(self):
        """Adds a port to a switch (maybe one that is gone)."""
        ls = self.pick(self.switches)
        if ls is None:
            return self.act_ls_create()
        info = self.switches[ls]
        txn = Txn()
        if self.chance(0.6):
            ref, pname = self.vif_row(txn)
            kind = ""
        else:
            ref, pname, kind = self.special_lsp_row(txn, ls)
        target = info["uuid"]
        if self.chance(0.03) and self.gone:
            target = self.pick(self.gone)     # Parent gone: row dropped.
        idx = txn.mutate("Logical_Switch", target,
                         [["ports", "insert", oset([ref.json()])]])
        self.register_lsp(txn, info, ls, ref, pname, kind, idx)
        self.run(txn)

    def delete_port(self, ports, parents, parent_key, table, pname=None,
                    also=None):
        """Deletes port 'pname', or a random port, of 'ports' (switch or
        router ports, by name) from its parent in 'parents' (whose name is
        the port's 'parent_key'), a row of 'table'; 'also', if set, adds
        more to the same transaction."""
        if pname is None:
            pname = self.pick(ports)
        if pname is None:
            return
        port = ports[pname]
        parent = parents.get(port[parent_key])
        if parent is None:
            ports.pop(pname)
            return
        txn = Txn()
        txn.mutate(table, parent["uuid"],
                   [["ports", "delete", oset([uuid_atom(port["uuid"])])]])
        if also:
            also(txn)

        def commit(_result):
            ports.pop(pname, None)
            if pname in parent["ports"]:
                parent["ports"].remove(pname)
            self.forget(port["uuid"])
        txn.then(commit)
        self.run(txn)

    def act_lsp_delete(self):
        """Deletes a switch port, now and then while changing a port
        group's ACLs (the group may hold the port: ovsdb-server can then
        leave the port's weak reference in the group)."""
        pname = self.pick(self.lsps)
        also = None
        if pname is not None and self.port_groups and self.chance(0.3):
            info = self.port_groups[self.pick(self.port_groups)]
            txn = Txn()
            txn.mutate("Port_Group", info["uuid"], [[
                "ports", "insert",
                oset([uuid_atom(self.lsps[pname]["uuid"])])]])
            self.run(txn)

            def also(txn):
                self.acl_change(txn, "Port_Group", info)
        self.delete_port(self.lsps, self.switches, "ls", "Logical_Switch",
                         pname, also)

    def act_lsp_modify(self):
        """Changes a switch port's addresses, type or options."""
        pname = self.pick(self.lsps)
        if pname is None:
            return
        port = self.lsps[pname]
        txn = Txn()
        r = self.rng.random()
        if port["type"] in ("", "localport"):
            if r < 0.5:
                row = {"addresses": oset(self.vif_addresses())}
            elif r < 0.7:
                row = {"port_security": oset(
                    [] if self.chance(0.3) else
                    [self.mac() + " " + self.ip4()])}
            elif r < 0.8:
                row = {"enabled": self.chance(0.5)}
            elif r < 0.9:
                row = {"type": self.pick(["", "localport"])}
                new_type = row["type"]

                def commit(_result):
                    port["type"] = new_type
                txn.then(commit)
            else:
                row = {"options": omap(self.pick([
                    {}, {"requested-chassis": "hv1"},
                    {"requested-chassis": "hv2,hv1"}]))}
                # Not qos_max_rate: ovn-northd numbers the queues of a
                # chassis in the order it meets their ports, so a fresh
                # one numbers them differently.
        elif port["type"] == "router":
            rp = self.pick(self.lrps) or "no-such-lrp"
            row = {"options": omap({"router-port": rp})}
            if self.chance(0.3):
                row["options"] = omap({"router-port": rp,
                                       "nat-addresses": "router"})
        elif port["type"] == "localnet":
            row = {"options": omap({"network_name":
                                    self.pick(["phys", "phys2"])})}
        else:
            row = {"options": omap({"virtual-ip": self.ip4()})}
        txn.update("Logical_Switch_Port", port["uuid"], row)
        self.run(txn)

    def act_lr_create(self):
        """Creates a router, maybe with ports and LBs."""
        if len(self.routers) > 10:
            return self.act_lr_delete()
        txn = Txn()
        name = self.name("lr")
        row = {"name": name}
        lbs = self.sample(self.lbs.values(), self.pick([0, 0, 1, 2]))
        if lbs:
            row["load_balancer"] = oset(uuid_atom(u) for u in lbs)
        if self.lb_groups and self.chance(0.2):
            row["load_balancer_group"] = oset(
                [uuid_atom(self.pick(self.lb_groups.values()))])
        if self.chance(0.25):
            row["options"] = omap({"chassis": self.pick(CHASSIS)})
        info = {"uuid": None, "ports": [], "nats": [], "routes": [],
                "policies": []}
        lrp_refs = []
        for _ in range(self.pick([0, 1, 1, 2])):
            lrp, pname = self.lrp_row(txn)
            self.register_lrp(txn, info, name, lrp, pname)
            lrp_refs.append(lrp)
        if lrp_refs:
            row["ports"] = oset(r.json() for r in lrp_refs)
        ref = txn.insert("Logical_Router", row)

        def commit(_result):
            info["uuid"] = ref.uuid
            self.routers[name] = info
        txn.then(commit)
        self.run(txn)

    def lrp_row(self, txn):
        """Inserts a router port; returns (ref, name).  The caller links
        it."""
        pname = self.name("lrp")
        row = {"name": pname, "mac": self.mac(),
               "networks": oset(self.lrp_networks())}
        if self.chance(0.15) and self.lrps:
            row["peer"] = self.pick(self.lrps)
        if self.chance(0.2):
            gcs = []
            for prio, ch in enumerate(self.sample(CHASSIS, 2)):
                gc = txn.insert("Gateway_Chassis",
                                {"name": self.name("gc"),
                                 "chassis_name": ch,
                                 "priority": 10 + prio})
                gcs.append(gc.json())
            row["gateway_chassis"] = oset(gcs)
        if self.chance(0.1):
            row["options"] = omap(self.pick([
                {"gateway_mtu": "1400"},
                {"reside-on-redirect-chassis": "true"},
                {"dynamic-routing-redistribute": "connected"}]))
        if self.chance(0.05):
            row["enabled"] = False
        ref = txn.insert("Logical_Router_Port", row)
        return ref, pname

    def act_lr_delete(self):
        """Deletes a router, with its ports, NAT and routes."""
        self.delete_datapath(self.routers, self.lrps, "Logical_Router")

    def act_lrp_add(self):
        """Adds a port to a router (maybe one that is gone)."""
        lr = self.pick(self.routers)
        if lr is None:
            return self.act_lr_create()
        info = self.routers[lr]
        txn = Txn()
        target = info["uuid"]
        if self.chance(0.03) and self.gone:
            target = self.pick(self.gone)
        ref, pname = self.lrp_row(txn)
        idx = txn.mutate("Logical_Router", target,
                         [["ports", "insert", oset([ref.json()])]])
        self.register_lrp(txn, info, lr, ref, pname, idx)
        self.run(txn)

    def act_lrp_delete(self):
        """Deletes a router port."""
        self.delete_port(self.lrps, self.routers, "lr", "Logical_Router")

    def act_lrp_modify(self):
        """Changes a router port's networks, MAC, peer, gateway
        chassis or options."""
        pname = self.pick(self.lrps)
        if pname is None:
            return
        port = self.lrps[pname]
        txn = Txn()
        r = self.rng.random()
        if r < 0.4:
            row = {"networks": oset(self.lrp_networks())}
        elif r < 0.55:
            row = {"mac": self.mac()}
        elif r < 0.7:
            row = {"peer": oset([self.pick(self.lrps)]
                                if self.chance(0.6) else [])}
        elif r < 0.85:
            gcs = []
            for prio, ch in enumerate(self.sample(CHASSIS,
                                                  self.pick([0, 1, 2]))):
                gc = txn.insert("Gateway_Chassis",
                                {"name": self.name("gc"),
                                 "chassis_name": ch, "priority": prio})
                gcs.append(gc.json())
            row = {"gateway_chassis": oset(gcs)}
        else:
            row = {"options": omap(self.pick([
                {}, {"gateway_mtu": "1300"},
                {"reside-on-redirect-chassis": "true"}]))}
        txn.update("Logical_Router_Port", port["uuid"], row)
        self.run(txn)

    def act_connect(self):
        """A router port and the switch port that points at it, in one
        transaction, on new or existing objects."""
        ls = self.pick(self.switches)
        lr = self.pick(self.routers)
        if ls is None or lr is None:
            return self.pick([self.act_ls_create, self.act_lr_create])()
        ls_info = self.switches[ls]
        lr_info = self.routers[lr]
        txn = Txn()
        lrp_ref, lrp_name = self.lrp_row(txn)
        self.register_lrp(txn, lr_info, lr, lrp_ref, lrp_name)
        lsp_name = self.name("lsp")
        lsp_ref = txn.insert("Logical_Switch_Port", {
            "name": lsp_name, "type": "router",
            "addresses": oset(["router"]),
            "options": omap({"router-port": lrp_name})})
        txn.mutate("Logical_Router", lr_info["uuid"],
                   [["ports", "insert", oset([lrp_ref.json()])]])
        txn.mutate("Logical_Switch", ls_info["uuid"],
                   [["ports", "insert", oset([lsp_ref.json()])]])
        self.register_lsp(txn, ls_info, ls, lsp_ref, lsp_name, "router")
        self.run(txn)

    def act_nat_add(self):
        """Adds a NAT rule of a random kind to a router."""
        lr = self.pick(self.routers)
        if lr is None:
            return
        info = self.routers[lr]
        kind = self.pick(["snat", "dnat", "dnat_and_snat", "dnat_and_snat"])
        row = {"type": kind, "external_ip": self.external_ip()}
        if kind == "snat":
            row["logical_ip"] = self.cidr4()
        else:
            row["logical_ip"] = self.ip4()
        if kind == "dnat_and_snat" and self.chance(0.5) and self.lsps:
            row["logical_port"] = self.pick(self.lsps)
            row["external_mac"] = self.mac()
        if self.chance(0.1):
            row["external_port_range"] = "1000-2000"
        if self.chance(0.1) and info["ports"]:
            row["gateway_port"] = oset([uuid_atom(
                self.lrps[self.pick(info["ports"])]["uuid"])])
        if self.chance(0.05) and self.addr_sets:
            row["allowed_ext_ips"] = oset([uuid_atom(
                self.pick(self.addr_sets.values()))])
        if self.chance(0.05):
            row["options"] = omap({"stateless": "true"})
        txn = Txn()
        ref = txn.insert("NAT", row)
        txn.mutate("Logical_Router", info["uuid"],
                   [["nat", "insert", oset([ref.json()])]])
        txn.then(lambda _r: info["nats"].append(ref.uuid))
        self.run(txn)

    def act_nat_delete(self):
        """Deletes a NAT rule."""
        lr = self.pick(n for n, i in self.routers.items() if i["nats"])
        if lr is None:
            return
        info = self.routers[lr]
        nat = self.pick(info["nats"])
        txn = Txn()
        txn.mutate("Logical_Router", info["uuid"],
                   [["nat", "delete", oset([uuid_atom(nat)])]])
        txn.then(lambda _r: info["nats"].remove(nat))
        self.run(txn)

    def act_lb_create(self):
        """Creates a load balancer, often attached right away."""
        if len(self.lbs) > 20:
            return self.act_lb_delete()
        name = self.name("lb")
        txn = Txn()
        ref = txn.insert("Load_Balancer", self.lb_row(name))
        # Often attached right away to a switch, a router or a group.
        r = self.rng.random()
        if r < 0.25 and self.switches:
            txn.mutate("Logical_Switch",
                       self.switches[self.pick(self.switches)]["uuid"],
                       [["load_balancer", "insert", oset([ref.json()])]])
        elif r < 0.5 and self.routers:
            txn.mutate("Logical_Router",
                       self.routers[self.pick(self.routers)]["uuid"],
                       [["load_balancer", "insert", oset([ref.json()])]])
        elif r < 0.6 and self.lb_groups:
            txn.mutate("Load_Balancer_Group",
                       self.pick(self.lb_groups.values()),
                       [["load_balancer", "insert", oset([ref.json()])]])

        def commit(_result):
            self.lbs[name] = ref.uuid
        txn.then(commit)
        self.run(txn)

    def act_lb_delete(self):
        """Deletes a load balancer (weak references go with it)."""
        name = self.pick(self.lbs)
        if name is None:
            return
        uuid = self.lbs[name]
        txn = Txn()
        txn.delete("Load_Balancer", uuid)

        def commit(_result):
            self.lbs.pop(name, None)
            self.forget(uuid)
        txn.then(commit)
        self.run(txn)

    def act_lb_modify(self):
        """Rewrites a load balancer's VIPs, protocol and options."""
        name = self.pick(self.lbs)
        if name is None:
            return
        txn = Txn()
        row = self.lb_row(name)
        if "protocol" not in row:
            row["protocol"] = oset([])
        if "options" not in row:
            row["options"] = omap({})
        txn.update("Load_Balancer", self.lbs[name], row)
        self.run(txn)

    def act_lb_attach(self):
        """Attaches a load balancer to, or detaches it from, a
        switch, router or group."""
        lb = self.pick(self.lbs.values())
        if lb is None:
            return
        if self.chance(0.05) and self.gone:
            lb = self.pick(self.gone)        # Weak: silently dropped.
        op = self.pick(["insert", "insert", "delete"])
        txn = Txn()
        r = self.rng.random()
        if r < 0.4 and self.switches:
            txn.mutate("Logical_Switch",
                       self.switches[self.pick(self.switches)]["uuid"],
                       [["load_balancer", op, oset([uuid_atom(lb)])]])
        elif r < 0.8 and self.routers:
            txn.mutate("Logical_Router",
                       self.routers[self.pick(self.routers)]["uuid"],
                       [["load_balancer", op, oset([uuid_atom(lb)])]])
        elif self.lb_groups:
            txn.mutate("Load_Balancer_Group",
                       self.pick(self.lb_groups.values()),
                       [["load_balancer", op, oset([uuid_atom(lb)])]])
        self.run(txn)

    def act_lbg_create(self):
        """Creates a load balancer group, maybe attached."""
        if len(self.lb_groups) > 6:
            return self.act_lbg_delete()
        name = self.name("lbg")
        if self.chance(0.03) and self.lb_groups:
            name = self.pick(self.lb_groups)     # Index violation.
        txn = Txn()
        lbs = self.sample(self.lbs.values(), self.pick([0, 1, 2, 3]))
        ref = txn.insert("Load_Balancer_Group",
                         {"name": name,
                          "load_balancer": oset(uuid_atom(u) for u in lbs)})
        if self.chance(0.5) and self.switches:
            txn.mutate("Logical_Switch",
                       self.switches[self.pick(self.switches)]["uuid"],
                       [["load_balancer_group", "insert",
                         oset([ref.json()])]])
        if self.chance(0.5) and self.routers:
            txn.mutate("Logical_Router",
                       self.routers[self.pick(self.routers)]["uuid"],
                       [["load_balancer_group", "insert",
                         oset([ref.json()])]])

        def commit(_result):
            self.lb_groups[name] = ref.uuid
        txn.then(commit)
        self.run(txn)

    def act_lbg_attach(self):
        """Attaches a group to, or detaches it from, a switch or
        router."""
        group = self.pick(self.lb_groups.values())
        if group is None:
            return
        if self.chance(0.05) and self.gone:
            group = self.pick(self.gone)    # Strong: the server refuses.
        op = self.pick(["insert", "delete"])
        txn = Txn()
        if self.chance(0.5) and self.switches:
            txn.mutate("Logical_Switch",
                       self.switches[self.pick(self.switches)]["uuid"],
                       [["load_balancer_group", op,
                         oset([uuid_atom(group)])]])
        elif self.routers:
            txn.mutate("Logical_Router",
                       self.routers[self.pick(self.routers)]["uuid"],
                       [["load_balancer_group", op,
                         oset([uuid_atom(group)])]])
        self.run(txn)

    def act_lbg_delete(self):
        """Deletes a load balancer group."""
        name = self.pick(self.lb_groups)
        if name is None:
            return
        uuid = self.lb_groups[name]
        txn = Txn()
        if self.chance(0.8):
            # Detach it everywhere first; otherwise the server refuses to
            # delete a group that a switch or router still uses.
            for table in ("Logical_Switch", "Logical_Router"):
                txn.mutate(table, None, [["load_balancer_group", "delete",
                                          oset([uuid_atom(uuid)])]])
        txn.delete("Load_Balancer_Group", uuid)

        def commit(_result):
            self.lb_groups.pop(name, None)
            self.forget(uuid)
        txn.then(commit)
        self.run(txn)

    def act_pg(self):
        """Creates, deletes or changes a port group or its ACLs."""
        r = self.rng.random()
        txn = Txn()
        if r < 0.3 or not self.port_groups:
            if len(self.port_groups) > 8:
                return
            name = self.name("pg")
            ports = self.sample((p["uuid"] for p in self.lsps.values()),
                                self.rng.randrange(0, 4))
            acl_refs = [txn.insert("ACL", self.acl_row())
                        for _ in range(self.rng.randrange(0, 3))]
            ref = txn.insert("Port_Group", {
                "name": name,
                "ports": oset(uuid_atom(u) for u in ports),
                "acls": oset(a.json() for a in acl_refs)})

            def commit(_result):
                self.port_groups[name] = {
                    "uuid": ref.uuid, "acls": [a.uuid for a in acl_refs]}
            txn.then(commit)
        elif r < 0.45:
            name = self.pick(self.port_groups)
            info = self.port_groups[name]
            txn.delete("Port_Group", info["uuid"])

            def commit(_result):
                self.port_groups.pop(name, None)
                self.forget(info["uuid"])
            txn.then(commit)
        elif r < 0.75:
            info = self.port_groups[self.pick(self.port_groups)]
            op = self.pick(["insert", "delete"])
            ports = self.sample((p["uuid"] for p in self.lsps.values()),
                                self.rng.randrange(1, 3))
            if self.chance(0.05) and self.gone:
                ports.append(self.pick(self.gone))   # Weak: dropped.
            txn.mutate("Port_Group", info["uuid"],
                       [["ports", op, oset(uuid_atom(u) for u in ports)]])
        else:
            info = self.port_groups[self.pick(self.port_groups)]
            self.acl_change(txn, "Port_Group", info)
        self.run(txn)

    def acl_change(self, txn, table, info):
        """Adds, changes or removes an ACL of a switch or port group."""
        r = self.rng.random()
        if r < 0.5 or not info["acls"]:
            ref = txn.insert("ACL", self.acl_row())
            txn.mutate(table, info["uuid"],
                       [["acls", "insert", oset([ref.json()])]])
            txn.then(lambda _r: info["acls"].append(ref.uuid))
        elif r < 0.75:
            acl = self.pick(info["acls"])
            txn.mutate(table, info["uuid"],
                       [["acls", "delete", oset([uuid_atom(acl)])]])
            txn.then(lambda _r: info["acls"].remove(acl))
        else:
            acl = self.pick(info["acls"])
            row = self.acl_row()
            del row["direction"]
            txn.update("ACL", acl, row)

    def act_ls_acl(self):
        """Changes the ACLs of a switch."""
        ls = self.pick(self.switches)
        if ls is None:
            return
        txn = Txn()
        self.acl_change(txn, "Logical_Switch", self.switches[ls])
        self.run(txn)

    def act_addr_set(self):
        """Creates, deletes or changes an address set."""
        txn = Txn()
        r = self.rng.random()
        if r < 0.3 or not self.addr_sets:
            name = self.name("as")
            addrs = [self.ip4() for _ in range(self.rng.randrange(0, 4))]
            if self.chance(0.3):
                addrs.append(self.cidr4())
            ref = txn.insert("Address_Set",
                             {"name": name, "addresses": oset(addrs)})
            txn.then(lambda _r: self.addr_sets.__setitem__(name, ref.uuid))
        elif r < 0.45:
            name = self.pick(self.addr_sets)
            uuid = self.addr_sets[name]
            txn.delete("Address_Set", uuid)   # Refused if a NAT uses it.

            def commit(_result):
                self.addr_sets.pop(name, None)
                self.forget(uuid)
            txn.then(commit)
        else:
            uuid = self.addr_sets[self.pick(self.addr_sets)]
            txn.mutate("Address_Set", uuid,
                       [["addresses", self.pick(["insert", "delete"]),
                         oset([self.ip4()])]])
        self.run(txn)

    def act_route(self):
        """Adds or removes a static route or a policy."""
        lr = self.pick(self.routers)
        if lr is None:
            return
        info = self.routers[lr]
        txn = Txn()
        r = self.rng.random()
        if self.chance(0.2) and (info["routes"] or info["policies"]):
            # Changes a route or a policy in place.
            if info["routes"] and (not info["policies"] or self.chance(0.5)):
                txn.update("Logical_Router_Static_Route",
                           self.pick(info["routes"]),
                           {"nexthop": self.pick([self.ip4(), "discard"])})
            else:
                txn.update("Logical_Router_Policy",
                           self.pick(info["policies"]),
                           {"priority": self.rng.randrange(0, 32768)})
        elif r < 0.35 or (r < 0.7 and not info["routes"]):
            row = {"ip_prefix": self.pick([self.cidr4(), "0.0.0.0/0",
                                           "fd00::/64"]),
                   "nexthop": self.pick([self.ip4(), self.ip4(),
                                         "discard", "fd00::1"])}
            if self.chance(0.3) and info["ports"]:
                row["output_port"] = self.pick(info["ports"])
            if self.chance(0.1):
                row["policy"] = "src-ip"
            if self.chance(0.1):
                row["route_table"] = "rtb1"
            if self.chance(0.05):
                row["options"] = omap({"ecmp_symmetric_reply": "true"})
            ref = txn.insert("Logical_Router_Static_Route", row)
            txn.mutate("Logical_Router", info["uuid"],
                       [["static_routes", "insert", oset([ref.json()])]])
            txn.then(lambda _r: info["routes"].append(ref.uuid))
        elif r < 0.5 and info["routes"]:
            route = self.pick(info["routes"])
            txn.mutate("Logical_Router", info["uuid"],
                       [["static_routes", "delete",
                         oset([uuid_atom(route)])]])
            txn.then(lambda _r: info["routes"].remove(route))
        elif r < 0.85 or not info["policies"]:
            row = {"priority": self.rng.randrange(0, 32768),
                   "match": self.pick(["ip4.src == 10.0.0.0/8", "ip4",
                                       "ip6.dst == fd00::/64", "bad ==",
                                       "tcp.dst == 80"]),
                   "action": self.pick(["allow", "drop", "reroute",
                                        "jump"])}
            if row["action"] == "reroute":
                row["nexthops"] = oset([self.ip4()])
            elif row["action"] == "jump":
                row["jump_chain"] = self.pick(["c1", "c2"])
            if self.chance(0.3):
                row["chain"] = self.pick(["c1", "c2"])
            ref = txn.insert("Logical_Router_Policy", row)
            txn.mutate("Logical_Router", info["uuid"],
                       [["policies", "insert", oset([ref.json()])]])
            txn.then(lambda _r: info["policies"].append(ref.uuid))
        else:
            pol = self.pick(info["policies"])
            txn.mutate("Logical_Router", info["uuid"],
                       [["policies", "delete", oset([uuid_atom(pol)])]])
            txn.then(lambda _r: info["policies"].remove(pol))
        self.run(txn)

    def act_options(self):
        """Flips options of a router, a switch or NB_Global."""
        txn = Txn()
        r = self.rng.random()
        if r < 0.35 and self.routers:
            info = self.routers[self.pick(self.routers)]
            opts = self.pick([
                {}, {"chassis": self.pick(CHASSIS)},
                {"lb_force_snat_ip": "router_ip"},
                {"dynamic_neigh_routers": "true"},
                {"mcast_relay": "true"},
                {"always_learn_from_arp_request": "false"},
                {"snat-ct-zone": "10"},
                {"chassis": "hv1", "lb_force_snat_ip": "172.16.0.100"}])
            txn.update("Logical_Router", info["uuid"],
                       {"options": omap(opts)})
            if self.chance(0.1):
                txn.update("Logical_Router", info["uuid"],
                           {"enabled": oset([self.chance(0.5)])})
        elif r < 0.7 and self.switches:
            info = self.switches[self.pick(self.switches)]
            txn.update("Logical_Switch", info["uuid"],
                       {"other_config": omap(self.switch_other_config())})
        else:
            key, values = self.pick([
                ("ignore_lsp_down", ["true", "false"]),
                ("use_ct_inv_match", ["true", "false"]),
                ("default_acl_drop", ["true", "false"]),
                ("install_ls_lb_from_router", ["true", "false"]),
                ("svc_monitor_mac", ["00:00:00:00:fe:01", "bogus"]),
                ("mcast_snoop", ["true"])])
            txn.mutate("NB_Global", None, [
                ["options", "delete", oset([key])]])
            if self.chance(0.7):
                txn.mutate("NB_Global", None, [
                    ["options", "insert",
                     omap({key: self.pick(values)})]])
        self.run(txn)

    def act_nb_cfg(self):
        """Bumps nb_cfg without waiting."""
        txn = Txn()
        txn.mutate("NB_Global", None, [["nb_cfg", "+=", 1]])
        self.run(txn)

    def act_flash(self):
        """An object created, given ports or load balancers and deleted
        again, in consecutive transactions with no wait."""
        if self.chance(0.5):
            self.flash_router()
        else:
            self.flash_switch()

    def flash_router(self):
        """A router created, given ports, LBs, groups or NAT in
        the next transactions, and deleted right after."""
        name = self.name("lr")
        info = {"uuid": None, "ports": [], "nats": [], "routes": [],
                "policies": []}
        txn = Txn()
        row = {"name": name}
        steps = []
        if self.chance(0.3):
            lrp, pname = self.lrp_row(txn)
            self.register_lrp(txn, info, name, lrp, pname)
            row["ports"] = oset([lrp.json()])
        if self.chance(0.3) and self.lbs:
            row["load_balancer"] = oset([uuid_atom(
                self.pick(self.lbs.values()))])
        ref = txn.insert("Logical_Router", row)

        def commit(_result):
            info["uuid"] = ref.uuid
            self.routers[name] = info
        txn.then(commit)
        if not self.run(txn):
            return
        steps = ["lrp", "lb", "nat", "lbg", "lb_new"]
        self.rng.shuffle(steps)
        for step in steps[:self.rng.randrange(1, len(steps) + 1)]:
            txn = Txn()
            if step == "lrp":
                lrp, pname = self.lrp_row(txn)
                txn.mutate("Logical_Router", info["uuid"],
                           [["ports", "insert", oset([lrp.json()])]])
                self.register_lrp(txn, info, name, lrp, pname)
            elif step == "lb" and self.lbs:
                txn.mutate("Logical_Router", info["uuid"],
                           [["load_balancer", "insert", oset([uuid_atom(
                               self.pick(self.lbs.values()))])]])
            elif step == "lb_new":
                lb_name = self.name("lb")
                lb = txn.insert("Load_Balancer", self.lb_row(lb_name))
                txn.mutate("Logical_Router", info["uuid"],
                           [["load_balancer", "insert",
                             oset([lb.json()])]])
                txn.then(lambda _r, n=lb_name, lb=lb:
                         self.lbs.__setitem__(n, lb.uuid))
            elif step == "lbg" and self.lb_groups:
                txn.mutate("Logical_Router", info["uuid"],
                           [["load_balancer_group", "insert",
                             oset([uuid_atom(
                                 self.pick(self.lb_groups.values()))])]])
            elif step == "nat":
                nat = txn.insert("NAT", {
                    "type": "snat", "external_ip": self.external_ip(),
                    "logical_ip": self.cidr4()})
                txn.mutate("Logical_Router", info["uuid"],
                           [["nat", "insert", oset([nat.json()])]])
                txn.then(lambda _r, nat=nat: info["nats"].append(nat.uuid))
            self.run(txn)
            if self.chance(0.1):
                break
        if self.chance(0.9) and name in self.routers:
            self.routers_delete(name)

    def routers_delete(self, name):
        """Deletes router 'name'."""
        info = self.routers[name]
        txn = Txn()
        txn.delete("Logical_Router", info["uuid"])

        def commit(_result):
            self.routers.pop(name, None)
            for p in info["ports"]:
                self.lrps.pop(p, None)
            self.forget(info["uuid"])
        txn.then(commit)
        self.run(txn)

    def flash_switch(self):
        """A switch created, given ports, LBs or ACLs in the next
        transactions, and deleted right after."""
        name = self.name("ls")
        txn = Txn()
        self.add_switch(txn, name, self.pick([0, 1, 2]))
        if not self.run(txn):
            return
        info = self.switches[name]
        for _ in range(self.rng.randrange(1, 4)):
            txn = Txn()
            r = self.rng.random()
            if r < 0.5:
                if self.chance(0.5):
                    ref, pname = self.vif_row(txn)
                    kind = ""
                else:
                    ref, pname, kind = self.special_lsp_row(txn, name)
                self.register_lsp(txn, info, name, ref, pname, kind)
                txn.mutate("Logical_Switch", info["uuid"],
                           [["ports", "insert", oset([ref.json()])]])
            elif r < 0.75 and self.lbs:
                txn.mutate("Logical_Switch", info["uuid"],
                           [["load_balancer", "insert", oset([uuid_atom(
                               self.pick(self.lbs.values()))])]])
            else:
                self.acl_change(txn, "Logical_Switch", info)
            self.run(txn)
        if self.chance(0.9):
            txn = Txn()
            txn.delete("Logical_Switch", info["uuid"])
            if self.chance(0.2):
                # And a port for it in the same transaction: dropped.
                ref, _ = self.vif_row(txn)
                txn.mutate("Logical_Switch", info["uuid"],
                           [["ports", "insert", oset([ref.json()])]])

            def commit(_result):
                self.switches.pop(name, None)
                for p in info["ports"]:
                    self.lsps.pop(p, None)
                self.forget(info["uuid"])
            txn.then(commit)
            self.run(txn)

    def act_stale(self):
        """A transaction that uses a row that is gone, or a name that is
        taken: the server refuses it."""
        if not self.gone:
            return
        gone = self.pick(self.gone)
        txn = Txn()
        r = self.rng.random()
        if r < 0.4:
            txn.insert("Logical_Switch", {
                "name": self.name("ls"),
                "load_balancer_group": oset([uuid_atom(gone)])})
        elif r < 0.7:
            txn.insert("Logical_Switch", {
                "name": self.name("ls"),
                "acls": oset([uuid_atom(gone)])})
        else:
            txn.insert("Logical_Router", {
                "name": self.name("lr"),
                "nat": oset([uuid_atom(gone)])})
        self.run(txn)

    def act_lsp_move(self):
        """A switch port that moves to another switch, keeping its row."""
        pname = self.pick(self.lsps)
        if pname is None or len(self.switches) < 2:
            return
        port = self.lsps[pname]
        src = self.switches.get(port["ls"])
        dst_name = self.pick(n for n in self.switches if n != port["ls"])
        if src is None:
            return
        dst = self.switches[dst_name]
        txn = Txn()
        port_set = oset([uuid_atom(port["uuid"])])
        txn.mutate("Logical_Switch", src["uuid"],
                   [["ports", "delete", port_set]])
        txn.mutate("Logical_Switch", dst["uuid"],
                   [["ports", "insert", port_set]])

        def commit(_result):
            src["ports"].remove(pname)
            dst["ports"].append(pname)
            port["ls"] = dst_name
        txn.then(commit)
        self.run(txn)

    def act_rename(self):
        """A switch, router or switch port that changes its name."""
        r = self.rng.random()
        txn = Txn()
        if r < 0.3 and self.switches:
            old = self.pick(self.switches)
            new = self.name("ls")
            txn.update("Logical_Switch", self.switches[old]["uuid"],
                       {"name": new})
            model = self.switches
        elif r < 0.6 and self.routers:
            old = self.pick(self.routers)
            new = self.name("lr")
            txn.update("Logical_Router", self.routers[old]["uuid"],
                       {"name": new})
            model = self.routers
        elif self.lsps:
            old = self.pick(self.lsps)
            new = self.name("lsp")
            txn.update("Logical_Switch_Port", self.lsps[old]["uuid"],
                       {"name": new})
            model = self.lsps
        else:
            return

        def commit(_result):
            model[new] = model.pop(old)
            if model is self.switches:
                for p in model[new]["ports"]:
                    self.lsps[p]["ls"] = new
            elif model is self.routers:
                for p in model[new]["ports"]:
                    self.lrps[p]["lr"] = new
            else:
                ls = self.switches.get(model[new]["ls"])
                if ls and old in ls["ports"]:
                    ls["ports"][ls["ports"].index(old)] = new
        txn.then(commit)
        self.run(txn)

    def act_container(self):
        """A container port, with a parent VIF and a VLAN tag."""
        parent = self.pick(n for n, p in self.lsps.items()
                           if p["type"] == "")
        if parent is None:
            return
        ls_name = self.lsps[parent]["ls"]
        info = self.switches.get(ls_name)
        if info is None:
            return
        txn = Txn()
        pname = self.name("lsp")
        row = {"name": pname, "parent_name": parent,
               "addresses": oset([self.mac() + " " + self.ip4()])}
        if self.chance(0.5):
            row["tag_request"] = self.pick([0, 0, self.rng.randrange(1, 20)])
        ref = txn.insert("Logical_Switch_Port", row)
        idx = txn.mutate("Logical_Switch", info["uuid"],
                         [["ports", "insert", oset([ref.json()])]])
        self.register_lsp(txn, info, ls_name, ref, pname, "container", idx)
        self.run(txn)

    def act_dhcp(self):
        """DHCP options, and switch ports that use them."""
        txn = Txn()
        if not self.dhcp_options or self.chance(0.3):
            cidr = self.cidr4()
            ref = txn.insert("DHCP_Options", {
                "cidr": cidr,
                "options": omap({"server_id": "10.0.0.1",
                                 "server_mac": self.mac(),
                                 "lease_time": "3600",
                                 "router": "10.0.0.1"})})
            txn.then(lambda _r: self.dhcp_options.append(ref.uuid))
        elif self.chance(0.2):
            uuid = self.pick(self.dhcp_options)
            txn.delete("DHCP_Options", uuid)
            txn.then(lambda _r: self.dhcp_options.remove(uuid))
        elif self.lsps:
            port = self.lsps[self.pick(self.lsps)]
            uuid = self.pick(self.dhcp_options)
            txn.update("Logical_Switch_Port", port["uuid"], {
                "dhcpv4_options": oset([uuid_atom(uuid)]
                                       if self.chance(0.8) else [])})
        self.run(txn)

    def act_ha_group(self):
        """A router port that gets (or loses) an HA chassis group."""
        pname = self.pick(self.lrps)
        if pname is None:
            return
        txn = Txn()
        if self.chance(0.3):
            row = {"ha_chassis_group": oset([])}
        else:
            members = []
            for prio, ch in enumerate(self.sample(CHASSIS, 2)):
                members.append(txn.insert("HA_Chassis", {
                    "chassis_name": ch, "priority": 20 + prio}).json())
            group = txn.insert("HA_Chassis_Group", {
                "name": self.name("hag"), "ha_chassis": oset(members)})
            row = {"ha_chassis_group": oset([group.json()])}
        txn.update("Logical_Router_Port", self.lrps[pname]["uuid"], row)
        self.run(txn)

    def act_dup_name(self):
        """A switch port whose name is taken: the index refuses it."""
        if not self.lsps or not self.switches:
            return
        txn = Txn()
        ref = txn.insert("Logical_Switch_Port",
                         {"name": self.pick(self.lsps)})
        txn.mutate("Logical_Switch",
                   self.switches[self.pick(self.switches)]["uuid"],
                   [["ports", "insert", oset([ref.json()])]])
        self.run(txn)

    def step(self):
        """Runs one random action."""
        actions = [
            (self.act_ls_create, 6), (self.act_ls_delete, 3),
            (self.act_lsp_add, 10), (self.act_lsp_delete, 5),
            (self.act_lsp_modify, 6), (self.act_lr_create, 5),
            (self.act_lr_delete, 3), (self.act_lrp_add, 5),
            (self.act_lrp_delete, 3), (self.act_lrp_modify, 4),
            (self.act_connect, 5), (self.act_nat_add, 5),
            (self.act_nat_delete, 3), (self.act_lb_create, 5),
            (self.act_lb_delete, 3), (self.act_lb_modify, 3),
            (self.act_lb_attach, 5), (self.act_lbg_create, 2),
            (self.act_lbg_attach, 3), (self.act_lbg_delete, 1),
            (self.act_pg, 6), (self.act_ls_acl, 5),
            (self.act_addr_set, 3), (self.act_route, 4),
            (self.act_options, 3), (self.act_nb_cfg, 2),
            (self.act_flash, 8), (self.act_stale, 1),
            (self.act_dup_name, 1), (self.act_lsp_move, 2),
            (self.act_rename, 2), (self.act_container, 2),
            (self.act_dhcp, 2), (self.act_ha_group, 1)]
        if self.count - self.n_txns <= self.tail:
            # The last changes are the kinds that ovn-northd handles
            # incrementally, one at a time: a stale row that they leave
            # behind is not washed away by a later recompute.
            self.paced = True
            actions = [(a, w) for a, w in actions if a in (
                self.act_lsp_add, self.act_lsp_delete, self.act_lsp_modify,
                self.act_ls_acl, self.act_pg, self.act_addr_set,
                self.act_lb_create, self.act_lb_delete, self.act_lb_modify,
                self.act_lb_attach, self.act_lbg_attach,
                self.act_nat_add, self.act_nat_delete, self.act_route,
                self.act_nb_cfg)]
        elif self.phase_left <= 0:
            self.phase_left = self.rng.randrange(20, 200)
            self.paced = self.chance(0.3)
        self.phase_left -= 1
        fns = [a for a, _ in actions]
        weights = [w for _, w in actions]
        self.rng.choices(fns, weights)[0]()
        if self.chance(0.02):
            # Now and then let ovn-northd catch up a little, so that it
            # sees intermediate states too.
            time.sleep(self.rng.random() * 0.02)

    def burst(self):
        """Only routers created, given a port and a load balancer and
        deleted at once, in all orders."""
        lb_txn = Txn()
        lb = lb_txn.insert("Load_Balancer", {
            "name": "burst-lb", "protocol": "tcp",
            "vips": omap({"30.0.0.1:80": "10.0.0.2:80,10.0.0.3:80",
                          "[fe00::1]:80": "[fd00::2]:80"})})
        self.run(lb_txn)
        group_txn = Txn()
        group = group_txn.insert("Load_Balancer_Group", {
            "name": "burst-lbg", "load_balancer": oset([lb.json()])})
        self.run(group_txn)
        sw_txn = Txn()
        sw = sw_txn.insert("Logical_Switch", {"name": "burst-ls"})
        self.run(sw_txn)
        i = 0
        while not self.done():
            i += 1
            name = "burst-lr%d" % i
            lrp_name = "burst-lrp%d" % i
            order = i % 6
            txn = Txn()
            lr = txn.insert("Logical_Router", {"name": name})
            if order == 0:
                # Everything in the creating transaction.
                lrp = txn.insert("Logical_Router_Port", {
                    "name": lrp_name, "mac": "00:00:00:00:ff:01",
                    "networks": oset(["10.0.0.1/24"])})
                txn.ops[-2]["row"]["ports"] = oset([lrp.json()])
                txn.ops[-2]["row"]["load_balancer"] = oset(
                    [uuid_atom(lb.uuid)])
                self.run(txn)
            else:
                self.run(txn)
                steps = ["lrp", "lb", "lbg", "lsp"]
                if order % 2:
                    steps.reverse()
                for s in steps[:order % 4 + 1]:
                    txn = Txn()
                    if s == "lrp":
                        lrp = txn.insert("Logical_Router_Port", {
                            "name": lrp_name, "mac": "00:00:00:00:ff:01",
                            "networks": oset(["10.0.0.1/24",
                                              "fd00::1/64"])})
                        txn.mutate("Logical_Router", lr.uuid,
                                   [["ports", "insert", oset([lrp.json()])]])
                    elif s == "lb":
                        txn.mutate("Logical_Router", lr.uuid,
                                   [["load_balancer", "insert",
                                     oset([uuid_atom(lb.uuid)])]])
                    elif s == "lbg":
                        txn.mutate("Logical_Router", lr.uuid,
                                   [["load_balancer_group", "insert",
                                     oset([uuid_atom(group.uuid)])]])
                    else:
                        lsp = txn.insert("Logical_Switch_Port", {
                            "name": "burst-lsp%d" % i, "type": "router",
                            "addresses": oset(["router"]),
                            "options": omap({"router-port": lrp_name})})
                        txn.mutate("Logical_Switch", sw.uuid,
                                   [["ports", "insert", oset([lsp.json()])]])
                    self.run(txn)
            txn = Txn()
            txn.delete("Logical_Router", lr.uuid)
            if i % 3 == 0:
                # The switch port that pointed at the router goes in the
                # same transaction.
                txn.update("Logical_Switch", sw.uuid, {"ports": oset([])})
            self.run(txn)


def verify_model(churn):
    """Exits with an error if the rows the model knows differ from those in
    the database: a bug in the generator, not in ovn-northd."""
    checks = [("Logical_Switch", churn.switches),
              ("Logical_Router", churn.routers),
              ("Logical_Switch_Port", churn.lsps),
              ("Logical_Router_Port", churn.lrps),
              ("Load_Balancer", churn.lbs),
              ("Load_Balancer_Group", churn.lb_groups),
              ("Port_Group", churn.port_groups),
              ("Address_Set", churn.addr_sets)]
    ops = [{"op": "select", "table": t, "where": [],
            "columns": ["name", "_uuid"]} for t, _ in checks]
    result, error = churn.rpc.transact(ops)
    ok = error is None
    for (table, model), res in zip(checks, result or []):
        db = {r["name"]: r["_uuid"][1] for r in res["rows"]
              if not r["name"].startswith("burst-")}
        mine = {n: (v if isinstance(v, str) else v["uuid"])
                for n, v in model.items()}
        if db != mine:
            ok = False
            sys.stderr.write("%s: model %s, database %s\n"
                             % (table, sorted(set(mine) - set(db)),
                                sorted(set(db) - set(mine))))
    if not ok:
        sys.exit(1)


def main():
    """Parses the command line and runs the churn."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="unix:PATH")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--burst", action="store_true")
    parser.add_argument("--checkpoint-every", type=int, default=0,
                        metavar="N", help="run --checkpoint-cmd every N "
                        "transactions, once ovn-northd caught up")
    parser.add_argument("--checkpoint-cmd", metavar="CMD",
                        help="shell command that checks the Southbound "
                        "database (say, against a recompute)")
    parser.add_argument("--tail", type=int, metavar="N",
                        help="length of the last phase, paced and made of "
                        "changes handled incrementally (default: a tenth "
                        "of --count, at most 300)")
    parser.add_argument("--no-wait", action="store_true",
                        help="never wait for ovn-northd (none running)")
    parser.add_argument("--verify", action="store_true",
                        help="check the model against the database")
    args = parser.parse_args()
    if not args.db.startswith("unix:"):
        parser.error("--db must be unix:PATH")
    churn = Churn(JsonRpc(args.db[5:]), args.seed, args.count)
    churn.debug = args.verify
    if args.tail is not None:
        churn.tail = args.tail
    churn.may_wait = not args.no_wait
    if args.burst:
        churn.burst()
    else:
        next_checkpoint = args.checkpoint_every
        while not churn.done():
            churn.step()
            if (args.checkpoint_cmd and next_checkpoint
                    and churn.n_txns >= next_checkpoint):
                next_checkpoint += args.checkpoint_every
                churn.sync()
                if subprocess.run(args.checkpoint_cmd, shell=True).returncode:
                    sys.stderr.write("checkpoint failed after transaction "
                                     "%d (seed %d)\n"
                                     % (churn.n_txns, args.seed))
                    return 1
    if args.verify:
        verify_model(churn)
    print("transactions: %d, refused: %d, syncs: %d, switches: %d, "
          "routers: %d, load balancers: %d"
          % (churn.n_txns, churn.n_errors, churn.n_syncs,
             len(churn.switches), len(churn.routers), len(churn.lbs)))
    if churn.n_timeouts:
        sys.stderr.write("%d waits for ovn-northd timed out\n"
                         % churn.n_timeouts)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
