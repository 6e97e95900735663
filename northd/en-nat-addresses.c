/* en-nat-addresses.c: the "sync_to_sb_pb" engine node.
 *
 * This module owns the "nat_addresses" column of the Southbound
 * Port_Binding rows of logical switch ports of type "router": the MAC and
 * IP addresses that ovn-controller announces with gratuitous ARPs on
 * behalf of the router port on the other side.
 *
 *   - With options:nat-addresses=router, on ports linked to a gateway
 *     router or to a router with one distributed gateway port: the router
 *     port's MAC with the external addresses of the router's centralized
 *     NAT rules (those of that port) and its load balancer VIPs (unless
 *     options:exclude-lb-vips-from-garp), restricted to the gateway
 *     chassis for a distributed gateway port; and each distributed
 *     dnat_and_snat rule's external MAC and address, restricted to the
 *     chassis of its logical port.
 *   - With options:nat-addresses set to "MAC IP...": that, restricted to
 *     the gateway chassis on routers with distributed gateway ports.
 *   - The router port's own MAC and IPv4 addresses, when it is a
 *     distributed gateway port (or resides on the gateway chassis), or
 *     belongs to a gateway router and the switch has a localnet port.
 *
 * Changes of plain switch ports change nothing here; anything else
 * recomputes the column of every such port. */

#include <config.h>

#include "northd/en-nat-addresses.h"

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "lib/ovn-sb-idl.h"
#include "northd/en-lr-stateful.h"
#include "northd/en-northd.h"
#include "northd/inc-proc-northd.h"
#include "northd/lr-common.h"
#include "northd/lr-stateful.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "smap.h"
#include "sset.h"
#include "svec.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(en_nat_addresses);

/* Appends to 'nats' what options:nat-addresses=router announces for router
 * port 'rp' of the router whose state is 'lrs' (with its VIPs if
 * 'include_lb_ips'). */
static void
get_router_nat_addresses(const struct ovn_port *rp,
                         const struct lr_stateful *lrs, bool include_lb_ips,
                         struct svec *nats)
{
    const struct ovn_datapath *od = rp->od;
    struct eth_addr mac;
    if ((!od->nbr->n_nat && !lrs->has_lb_vip)
        || !eth_addr_from_string(rp->nbrp->mac, &mac)
        || od->n_l3dgw_ports > 1) {
        return;
    }

    struct ds central = DS_EMPTY_INITIALIZER;
    bool has_central = false;
    ds_put_format(&central, ETH_ADDR_FMT, ETH_ADDR_ARGS(mac));

    const struct lr_nat *nat = &lrs->nat;
    for (size_t i = 0; i < nat->n_entries; i++) {
        const struct lr_nat_entry *e = &nat->entries[i];
        const struct nbrec_nat *nb = e->nb;
        if (!lr_nat_entry_is_ipv4_host_on(e, rp)) {
            continue;
        }

        struct eth_addr ext_mac;
        if (od->n_l3dgw_ports && e->type == LR_NAT_DNAT_AND_SNAT
            && nb->logical_port && nb->external_mac) {
            if (eth_addr_from_string(nb->external_mac, &ext_mac)) {
                svec_add_nocopy(nats, xasprintf(
                    ETH_ADDR_FMT" %s is_chassis_resident(\"%s\")",
                    ETH_ADDR_ARGS(ext_mac), nb->external_ip,
                    nb->logical_port));
            }
            continue;
        }

        /* The port's own addresses are announced anyway. */
        if (!lrp_has_ipv4_addr(rp, nb->external_ip)) {
            ds_put_format(&central, " %s", nb->external_ip);
            has_central = true;
        }
    }

    if (include_lb_ips && !sset_is_empty(&lrs->lb_ips.ips_v4)) {
        /* In a stable order: the set's own order depends on its history,
         * which differs between an incremental change and a recompute. */
        const char **ips = sset_sort(&lrs->lb_ips.ips_v4);
        for (size_t i = 0; i < sset_count(&lrs->lb_ips.ips_v4); i++) {
            ds_put_format(&central, " %s", ips[i]);
        }
        free(ips);
        has_central = true;
    }

    if (has_central) {
        if (lrp_is_l3dgw(rp)) {
            ds_put_format(&central, " is_chassis_resident(%s)",
                          rp->cr_port->json_key);
        }
        svec_add_nocopy(nats, ds_steal_cstr(&central));
    }
    ds_destroy(&central);
}

/* Returns the chassis-redirect port through which router port 'rp''s
 * router reaches the gateway chassis. */
static const struct ovn_port *
gateway_cr_port(const struct ovn_port *rp)
{
    return (lrp_is_l3dgw(rp) ? rp->cr_port
            : rp->od->l3dgw_ports[0]->cr_port);
}

/* Computes into 'nats' the nat_addresses of switch port 'op', of type
 * "router" and linked to router port 'op->peer'. */
static void
compute_nat_addresses(const struct ovn_port *op,
                      const struct lr_stateful_table *table,
                      struct svec *nats)
{
    const struct ovn_port *rp = op->peer;
    const struct ovn_datapath *rod = rp->od;
    const char *chassis = smap_get(&rod->nbr->options, "chassis");
    bool has_dgps = rod->n_l3dgw_ports > 0;
    const char *nat_addresses = smap_get(&op->nbsp->options, "nat-addresses");

    if (nat_addresses && !strcmp(nat_addresses, "router")) {
        const struct lr_stateful *lrs = lr_stateful_find(table, rod);
        if (lrs && (chassis || has_dgps)) {
            bool exclude_lb_vips = smap_get_bool(&op->nbsp->options,
                                                 "exclude-lb-vips-from-garp",
                                                 false);
            get_router_nat_addresses(rp, lrs, !exclude_lb_vips, nats);
        }
    } else if (nat_addresses && (chassis || has_dgps)) {
        struct lport_addresses laddrs;
        if (!extract_lsp_addresses(nat_addresses, &laddrs)) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
            VLOG_WARN_RL(&rl, "Error extracting nat-addresses.");
        } else {
            destroy_lport_addresses(&laddrs);
            if (has_dgps) {
                svec_add_nocopy(nats, xasprintf(
                    "%s is_chassis_resident(%s)", nat_addresses,
                    gateway_cr_port(rp)->json_key));
            } else {
                svec_add(nats, nat_addresses);
            }
        }
    }

    /* The router port's own addresses. */
    if (lrp_is_l3dgw(rp) || lrp_resides_on_redirect_chassis(rp)
        || (chassis && op->od->n_localnet_ports)) {
        struct ds garp = DS_EMPTY_INITIALIZER;
        ds_put_cstr(&garp, rp->lrp_networks.ea_s);
        for (size_t i = 0; i < rp->lrp_networks.n_ipv4_addrs; i++) {
            ds_put_format(&garp, " %s", rp->lrp_networks.ipv4_addrs[i].addr_s);
        }
        if (has_dgps) {
            ds_put_format(&garp, " is_chassis_resident(%s)",
                          gateway_cr_port(rp)->json_key);
        }
        svec_add_nocopy(nats, ds_steal_cstr(&garp));
    }
}

/* Whether the strings of 'pb''s nat_addresses are those of 'nats'. */
static bool
nat_addresses_equal(const struct sbrec_port_binding *pb,
                    const struct svec *nats)
{
    if (pb->n_nat_addresses != nats->n) {
        return false;
    }
    for (size_t i = 0; i < nats->n; i++) {
        bool found = false;
        for (size_t j = 0; j < pb->n_nat_addresses && !found; j++) {
            found = !strcmp(nats->names[i], pb->nat_addresses[j]);
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

/* Brings the nat_addresses of 'op''s binding in line. */
static void
sync_nat_addresses(const struct ovn_port *op,
                   const struct lr_stateful_table *table,
                   struct ovsdb_idl *sb_idl)
{
    const struct sbrec_port_binding *pb = ovn_port_get_sb(op, sb_idl);
    if (!pb) {
        return;
    }
    struct svec nats = SVEC_EMPTY_INITIALIZER;
    if (op->nbsp && lsp_is_router(op->nbsp) && op->peer && op->peer->nbrp
        && op->peer->od->nbr) {
        compute_nat_addresses(op, table, &nats);
    }
    if (!nat_addresses_equal(pb, &nats)) {
        sbrec_port_binding_set_nat_addresses(pb, (const char **) nats.names,
                                             nats.n);
    }
    svec_destroy(&nats);
}

/* Recomputes the nat_addresses of every binding. */
static enum engine_node_state
en_nat_addresses_run(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    const struct lr_stateful_table *table
        = en_lr_stateful_get_data(engine_get_input("lr_stateful", node));

    const struct ovn_port *op;
    HMAP_FOR_EACH (op, key_node, &nd->ports) {
        sync_nat_addresses(op, table, eng->sb_idl);
    }
    return EN_UPDATED;
}

/* Switch port changes that "northd" handles incrementally concern plain
 * VIFs, which have no NAT addresses (a new binding starts without). */
static enum engine_input_handler_result
nat_addresses_northd_handler(struct engine_node *node, void *data OVS_UNUSED)
{
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    return nd->has_tracked_data ? EN_HANDLED_UNCHANGED : EN_UNHANDLED;
}

/* Port_Binding rows changed: put back the nat_addresses of those whose
 * column someone else changed. */
static enum engine_input_handler_result
nat_addresses_sb_port_binding_handler(struct engine_node *node,
                                      void *data OVS_UNUSED)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    const struct lr_stateful_table *table
        = en_lr_stateful_get_data(engine_get_input("lr_stateful", node));
    const struct sbrec_port_binding *pb;

    SBREC_PORT_BINDING_FOR_EACH_TRACKED (pb, eng->sb_idl) {
        if (sbrec_port_binding_is_deleted(pb)
            || !sbrec_port_binding_is_updated(
                pb, SBREC_PORT_BINDING_COL_NAT_ADDRESSES)) {
            continue;
        }
        const struct ovn_port *op = ovn_port_find(&nd->ports,
                                                  pb->logical_port);
        if (op && uuid_equals(&op->sb_uuid, &pb->header_.uuid)) {
            sync_nat_addresses(op, table, eng->sb_idl);
        }
    }
    return EN_HANDLED_UNCHANGED;
}

/* Routers' NAT rules or load balancer VIPs changed: the switch ports
 * linked to those routers get their nat_addresses again. */
static enum engine_input_handler_result
nat_addresses_lr_stateful_handler(struct engine_node *node,
                                  void *data OVS_UNUSED)
{
    const struct northd_engine_context *eng = engine_get_context(node);
    const struct northd_data *nd
        = en_northd_get_data(engine_get_input("northd", node));
    const struct lr_stateful_table *table
        = en_lr_stateful_get_data(engine_get_input("lr_stateful", node));
    if (!table->has_tracked_data) {
        return EN_UNHANDLED;
    }

    struct hmapx routers = HMAPX_INITIALIZER(&routers);
    const struct hmapx *sets[] = { &table->changed, &table->vips_changed };
    for (size_t i = 0; i < ARRAY_SIZE(sets); i++) {
        struct hmapx_node *hn;
        HMAPX_FOR_EACH (hn, sets[i]) {
            const struct lr_stateful *lrs = hn->data;
            hmapx_add(&routers, (void *) lrs->od);
        }
    }
    if (!hmapx_is_empty(&routers)) {
        /* Several switch ports may name the same router port. */
        const struct ovn_port *op;
        HMAP_FOR_EACH (op, key_node, &nd->ports) {
            if (op->nbsp && op->peer && op->peer->nbrp
                && hmapx_contains(&routers, op->peer->od)) {
                sync_nat_addresses(op, table, eng->sb_idl);
            }
        }
    }
    hmapx_destroy(&routers);
    return EN_HANDLED_UNCHANGED;
}

/* What the node does. */
static const struct engine_node_ops en_nat_addresses_ops = {
    .run = en_nat_addresses_run,
};

/* Adds the "sync_to_sb_pb" node and its inputs to 'engine'. */
struct engine_node *
en_nat_addresses_create(struct engine *engine,
                        const struct nat_addresses_inputs *in)
{
    struct engine_node *node = engine_add_node(engine, "sync_to_sb_pb",
                                               &en_nat_addresses_ops);
    engine_add_input(node, in->northd, nat_addresses_northd_handler);
    engine_add_input(node, in->lr_stateful,
                     nat_addresses_lr_stateful_handler);
    engine_add_input(node, in->sb_port_binding,
                     nat_addresses_sb_port_binding_handler);
    return node;
}
