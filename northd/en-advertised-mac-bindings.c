/* en-advertised-mac-bindings.c: the "advertised_mac_binding_sync" engine
 * node.
 *
 * This module owns the Southbound Advertised_MAC_Binding table: the IP to
 * MAC bindings that the chassis announce over EVPN (as static neighbor
 * entries their routing daemon advertises) for the switches extended over
 * EVPN that redistribute "ip" (other_config:dynamic-routing-vni and
 * other_config:dynamic-routing-redistribute, see dynamic-routing.h).  Each
 * address of each VIF and "router" port of such a switch gets a row with
 * the port's MAC; IPv6 link-local addresses are left out.  The node
 * recomputes the table whenever switches or their ports change and writes
 * only the differences. */

#include <config.h>

#include "northd/en-advertised-mac-bindings.h"

#include <string.h>

#include "hash.h"
#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/dynamic-routing.h"
#include "northd/en-northd.h"
#include "northd/inc-proc-northd.h"
#include "northd/lr-common.h"
#include "northd/northd.h"
#include "openvswitch/hmap.h"
#include "util.h"

/* One row the table should have. */
struct amb_entry {
    struct hmap_node node;          /* In a hmap by amb_hash(). */
    const struct ovn_port *port;    /* The switch port. */
    const char *ip;                 /* Its address (in the port's parsed
                                     * addresses). */
    const char *mac;                /* Its MAC (same). */
    bool found;                     /* The database has it. */
};

/* Hash of a row's key: the bindings of its datapath and port, its address
 * and MAC. */
static uint32_t
amb_hash(const struct uuid *dp, const struct uuid *port, const char *ip,
         const char *mac)
{
    uint32_t hash = hash_string(ip, uuid_hash(dp));
    hash = hash_string(mac, hash);
    return hash_add(hash, uuid_hash(port));
}

/* Returns the entry of 'entries' with the given key, or NULL. */
static struct amb_entry *
amb_find(const struct hmap *entries, const struct uuid *dp,
         const struct uuid *port, const char *ip, const char *mac)
{
    struct amb_entry *e;
    HMAP_FOR_EACH_WITH_HASH (e, node, amb_hash(dp, port, ip, mac),
                             entries) {
        if (uuid_equals(&e->port->od->sb_uuid, dp)
            && uuid_equals(&e->port->sb_uuid, port)
            && !strcmp(e->ip, ip) && !strcmp(e->mac, mac)) {
            return e;
        }
    }
    return NULL;
}

/* Adds the binding of 'ip' to 'mac' on switch port 'op' to 'entries',
 * unless it is there already. */
static void
amb_add(struct hmap *entries, const struct ovn_port *op, const char *ip,
        const char *mac)
{
    const struct uuid *dp = &op->od->sb_uuid;
    if (amb_find(entries, dp, &op->sb_uuid, ip, mac)) {
        return;
    }
    struct amb_entry *e = xzalloc(sizeof *e);
    e->port = op;
    e->ip = ip;
    e->mac = mac;
    hmap_insert(entries, &e->node, amb_hash(dp, &op->sb_uuid, ip, mac));
}

/* Whether the bindings of switch port 'op' are advertised: those of VIFs
 * and of ports linked to routers. */
static bool
lsp_is_advertised(const struct ovn_port *op)
{
    return op->nbsp && (!op->nbsp->type[0] || lsp_is_router(op->nbsp));
}

/* Adds the bindings of the ports of EVPN switch 'od' to 'entries'. */
static void
add_switch_bindings(struct hmap *entries, const struct ovn_datapath *od)
{
    const struct ovn_port *op;
    OVN_DATAPATH_FOR_EACH_PORT (op, od) {
        if (!lsp_is_advertised(op)) {
            continue;
        }
        for (size_t i = 0; i < op->n_lsp_addrs; i++) {
            const struct lport_addresses *a = &op->lsp_addrs[i];
            for (size_t j = 0; j < a->n_ipv4_addrs; j++) {
                amb_add(entries, op, a->ipv4_addrs[j].addr_s, a->ea_s);
            }
            for (size_t j = 0; j < a->n_ipv6_addrs; j++) {
                if (!ipv6_is_lla(&a->ipv6_addrs[j].network)) {
                    amb_add(entries, op, a->ipv6_addrs[j].addr_s, a->ea_s);
                }
            }
        }
    }
}

/* Makes the Advertised_MAC_Binding table hold exactly 'entries'. */
static void
amb_sync_to_sb(struct hmap *entries, struct ovsdb_idl *sb_idl,
               struct ovsdb_idl_txn *txn)
{
    const struct sbrec_advertised_mac_binding *row;
    SBREC_ADVERTISED_MAC_BINDING_FOR_EACH_SAFE (row, sb_idl) {
        struct amb_entry *e = NULL;
        if (row->datapath && row->logical_port) {
            e = amb_find(entries, &row->datapath->header_.uuid,
                         &row->logical_port->header_.uuid, row->ip,
                         row->mac);
        }
        if (e && !e->found) {
            e->found = true;
        } else {
            sbrec_advertised_mac_binding_delete(row);
        }
    }

    struct amb_entry *e;
    HMAP_FOR_EACH (e, node, entries) {
        if (e->found) {
            continue;
        }
        const struct sbrec_datapath_binding *dp
            = ovn_datapath_get_sb(e->port->od, sb_idl);
        const struct sbrec_port_binding *pb
            = ovn_port_get_sb(e->port, sb_idl);
        if (!dp || !pb) {
            continue;
        }
        row = sbrec_advertised_mac_binding_insert(txn);
        sbrec_advertised_mac_binding_set_datapath(row, dp);
        sbrec_advertised_mac_binding_set_logical_port(row, pb);
        sbrec_advertised_mac_binding_set_ip(row, e->ip);
        sbrec_advertised_mac_binding_set_mac(row, e->mac);
    }
}

/* Computes every binding and makes the table match. */
static enum engine_node_state
en_advertised_mac_bindings_run(struct engine_node *node,
                               void *data OVS_UNUSED)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));

    struct hmap entries = HMAP_INITIALIZER(&entries);
    for (size_t i = 0; i < nd->datapaths.n; i++) {
        const struct ovn_datapath *od = nd->datapaths.array[i];
        if (ls_evpn_redistribute(od) & EVPN_REDISTRIBUTE_IP) {
            add_switch_bindings(&entries, od);
        }
    }
    amb_sync_to_sb(&entries, eng->sb_idl, eng->ovnsb_txn);

    struct amb_entry *e;
    HMAP_FOR_EACH_POP (e, node, &entries) {
        free(e);
    }
    hmap_destroy(&entries);
    return EN_UPDATED;
}

/* What the node does. */
static const struct engine_node_ops en_advertised_mac_bindings_ops = {
    .run = en_advertised_mac_bindings_run,
};

/* Adds the "advertised_mac_binding_sync" node and its inputs to 'engine'.
 * Any change of an input recomputes the table (which only EVPN switches
 * have rows in). */
struct engine_node *
en_advertised_mac_bindings_create(
    struct engine *engine, const struct advertised_mac_bindings_inputs *in)
{
    struct engine_node *node = engine_add_node(
        engine, "advertised_mac_binding_sync",
        &en_advertised_mac_bindings_ops);
    engine_add_input(node, in->northd, NULL);
    engine_add_input(node, in->sb_advertised_mac_binding, NULL);
    return node;
}
