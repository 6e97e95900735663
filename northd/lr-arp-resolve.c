/* lr-arp-resolve.c: next hop MAC resolution of logical routers.
 *
 * This module owns the flows of stage lr_in_arp_resolve, which turn the
 * next hop that routing chose into a destination MAC: statically for the
 * addresses that the Northbound database gives (the ports of the switches
 * a router port connects to, and the other routers on those switches or
 * directly connected, unless options:dynamic_neigh_routers says to learn
 * them), or else from the MAC_Binding table (get_arp()/get_nd()).
 * Multicast already has its destination; traffic still addressed to a
 * router address that SNAT shares (unSNAT did not take it) is dropped; a
 * distributed gateway port with redirect-type=bridged sends to its own MAC
 * away from the gateway chassis.
 *
 * Flows for a switch port's addresses belong to the switch port (so that
 * an incremental change of the port rebuilds them) although they go to the
 * routers of its switch. */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/lr-common.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"

/* Flows of router 'od' as a whole. */
static void
build_arp_resolve_od(const struct ovn_datapath *od,
                     const struct lflow_build_input *input OVS_UNUSED,
                     struct lflow_table *lflows)
{
    if (!od->nbr) {
        return;
    }
    struct lflow_ref *ref = od->lflow_ref;

    ovn_lflow_add(lflows, od, S_ROUTER_IN_ARP_RESOLVE, 500,
                  "ip4.mcast || ip6.mcast", "next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_ARP_RESOLVE, 1,
                  REGBIT_NEXTHOP_IS_IPV4" == 1",
                  "get_arp(outport, "REG_NEXT_HOP_IPV4"); next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_ARP_RESOLVE, 1,
                  REGBIT_NEXTHOP_IS_IPV4" == 0",
                  "get_nd(outport, "REG_NEXT_HOP_IPV6"); next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_ARP_RESOLVE, 0, "1", "drop;", ref);
}

/* Adds to 'lflows', on behalf of 'owner' (with Northbound row 'hint'), the
 * static bindings of the addresses in 'addrs' that router port 'lrp'
 * reaches, to the MAC of 'addrs'. */
static void
add_static_bindings(const struct ovn_port *lrp,
                    const struct lport_addresses *addrs,
                    const struct ovsdb_idl_row *hint,
                    struct lflow_ref *owner, struct lflow_table *lflows)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    char *actions = xasprintf("eth.dst = %s; next;", addrs->ea_s);

    for (size_t i = 0; i < addrs->n_ipv4_addrs + addrs->n_ipv6_addrs; i++) {
        bool v4 = i < addrs->n_ipv4_addrs;
        const char *ip = (v4 ? addrs->ipv4_addrs[i].addr_s
                          : addrs->ipv6_addrs[i - addrs->n_ipv4_addrs].addr_s);
        if (!lrp_find_member_ip(lrp, ip)) {
            continue;
        }
        ds_clear(&match);
        ds_put_format(&match, "outport == %s && %s == %s", lrp->json_key,
                      v4 ? REG_NEXT_HOP_IPV4 : REG_NEXT_HOP_IPV6, ip);
        ovn_lflow_add_with_hint(lflows, lrp->od, S_ROUTER_IN_ARP_RESOLVE,
                                100, ds_cstr(&match), actions, hint, owner);
    }
    free(actions);
    ds_destroy(&match);
}

/* Flows of router port 'op'. */
static void
build_arp_resolve_lrp(const struct ovn_port *op,
                      const struct lflow_build_input *input,
                      struct lflow_table *lflows)
{
    const struct ovn_datapath *od = op->od;
    bool dynamic_neighbors = smap_get_bool(&od->nbr->options,
                                           "dynamic_neigh_routers", false);

    /* Traffic to an address that SNAT shares that unSNAT did not take. */
    lrp_build_drop_own_dest(op, input->lr_stateful, S_ROUTER_IN_ARP_RESOLVE, 2,
                            true, lflows);

    if (lrp_is_l3dgw(op)) {
        const char *redirect_type = smap_get(&op->nbrp->options,
                                             "redirect-type");
        if (redirect_type && !strcasecmp(redirect_type, "bridged")) {
            /* Away from the gateway chassis, a bridged gateway port sends
             * through the localnet port to the gateway chassis's MAC. */
            char *match = xasprintf("outport == %s && "
                                    "!is_chassis_resident(%s)",
                                    op->json_key, op->cr_port->json_key);
            char *actions = xasprintf("eth.dst = %s; next;",
                                      op->lrp_networks.ea_s);
            ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_ARP_RESOLVE, 50,
                                    match, actions, &op->nbrp->header_,
                                    op->lflow_ref);
            free(match);
            free(actions);
        }
    }

    if (dynamic_neighbors || !op->peer) {
        return;
    }
    if (op->peer->nbrp) {
        /* A router port directly connected to this one. */
        add_static_bindings(op, &op->peer->lrp_networks, &op->nbrp->header_,
                            op->lflow_ref, lflows);
        return;
    }
    /* The other routers on the switch this port connects to. */
    const struct ovn_datapath *ls = op->peer->od;
    for (size_t i = 0; i < ls->n_linked_router_ports; i++) {
        const struct ovn_port *other = ls->linked_router_ports[i]->peer;
        if (other != op) {
            add_static_bindings(op, &other->lrp_networks,
                                &op->nbrp->header_, op->lflow_ref, lflows);
        }
    }
}

/* Flows of switch port 'op' in the routers of its switch. */
static void
build_arp_resolve_lsp(const struct ovn_port *op, struct lflow_table *lflows)
{
    if (lsp_is_router(op->nbsp) || !strcmp(op->nbsp->type, "virtual")) {
        return;
    }
    const struct ovn_datapath *ls = op->od;
    for (size_t i = 0; i < ls->n_linked_router_ports; i++) {
        const struct ovn_port *lrp = ls->linked_router_ports[i]->peer;
        for (size_t j = 0; j < op->n_lsp_addrs; j++) {
            add_static_bindings(lrp, &op->lsp_addrs[j], &op->nbsp->header_,
                                op->lflow_ref, lflows);
        }
    }
}

/* Flows of port 'op'. */
static void
build_arp_resolve_op(const struct ovn_port *op,
                     const struct lflow_build_input *input,
                     struct lflow_table *lflows)
{
    if (op->nbsp) {
        build_arp_resolve_lsp(op, lflows);
    } else if (op->nbrp && !op->is_chassisredirect) {
        build_arp_resolve_lrp(op, input, lflows);
    }
}

/* The family. */
const struct lflow_stage_family lr_arp_resolve_family = {
    .name = "lr_arp_resolve",
    .build_datapath = build_arp_resolve_od,
    .build_port = build_arp_resolve_op,
};
