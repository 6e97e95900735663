/* lr-mcast.c: IP multicast relay in logical routers.
 *
 * This module owns the flows of lr_in_ip_input and lr_in_ip_routing that
 * relay IP multicast between the switches of a router with
 * options:mcast_relay (see multicast-groups.h for the groups):
 *
 *   - traffic to a group that hosts on the connected switches joined goes
 *     to the router's group of the same name (and to its ports with
 *     options:mcast_flood, if any);
 *   - with ports that flood multicast: IGMP and MLD reports go to those
 *     ports as they are (their TTL is 1, so IP input lets them through),
 *     unless the router itself sent them (which would loop), and other
 *     multicast goes to them with its TTL decremented;
 *   - without: other multicast is dropped. */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/lr-common.h"
#include "northd/multicast-groups.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"

/* Flows of router 'od' as a whole. */
static void
build_mcast_od(const struct ovn_datapath *od,
               const struct lflow_build_input *input OVS_UNUSED,
               struct lflow_table *lflows)
{
    if (!od->nbr || !od->mcast_info || !od->mcast_info->relay) {
        return;
    }
    const struct od_mcast_info *mc = od->mcast_info;
    struct lflow_ref *ref = od->lflow_ref;
    const struct ovn_port *op;

    /* Whether some port floods IP multicast (options:mcast_flood). */
    bool flood_static = false;
    OVN_DATAPATH_FOR_EACH_PORT (op, od) {
        if (op->nbrp && !op->is_chassisredirect
            && lrp_is_enabled(op->nbrp) && lsp_floods_mcast(op)) {
            flood_static = true;
        }
    }
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < mc->n_groups; i++) {
        const struct mcast_learned_group *g = &mc->groups[i];
        if (!g->tunnel_key) {
            continue;
        }
        bool v4 = IN6_IS_ADDR_V4MAPPED(&g->address);
        ds_clear(&match);
        /* (26.03 spells it with a trailing space, like the switches'.) */
        ds_put_format(&match, "ip%s && ip%s.dst == %s ", v4 ? "4" : "6",
                      v4 ? "4" : "6", g->name);
        ds_clear(&actions);
        if (flood_static) {
            ds_put_cstr(&actions, "clone { outport = \""MC_STATIC"\"; "
                        "ip.ttl--; next; };");
        }
        ds_put_format(&actions, "outport = \"%s\"; ip.ttl--; next;",
                      g->name);
        ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_ROUTING, 10500,
                      ds_cstr(&match), ds_cstr(&actions), ref);
    }

    if (flood_static) {
        ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_INPUT, 120, "igmp",
                      "next;", ref);
        ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_INPUT, 120,
                      "mldv1 || mldv2", "next;", ref);

        OVN_DATAPATH_FOR_EACH_PORT (op, od) {
            if (!op->nbrp || op->is_chassisredirect) {
                continue;
            }
            ds_clear(&match);
            ds_put_format(&match, "(mldv1 || mldv2 || igmp) && eth.src == %s",
                          op->lrp_networks.ea_s);
            ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_ROUTING, 10550,
                          ds_cstr(&match), "drop;", ref);
        }
        ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_ROUTING, 10460, "igmp",
                      "clone { outport = \""MC_STATIC"\"; next; };", ref);
        ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_ROUTING, 10460,
                      "mldv1 || mldv2",
                      "clone { outport = \""MC_STATIC"\"; next; };", ref);
        ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_ROUTING, 10450,
                      "ip4.mcast || ip6.mcast",
                      "clone { outport = \""MC_STATIC"\"; ip.ttl--; "
                      "next; };", ref);
    } else {
        ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_ROUTING, 10450,
                      "ip4.mcast || ip6.mcast", "drop;", ref);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* The family. */
const struct lflow_stage_family lr_mcast_family = {
    .name = "lr_mcast",
    .build_datapath = build_mcast_od,
};
