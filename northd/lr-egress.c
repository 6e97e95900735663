/* lr-egress.c: the last steps of a logical router's pipeline.
 *
 * This module owns the flows of stages lr_in_gw_redirect (traffic to a
 * distributed gateway port goes to its chassis-redirect port, that is to
 * the gateway chassis), lr_in_network_id (which network of the output port
 * the next hop is on, in flags.network_id, for stages that pick a port
 * address by network), lr_in_arp_request (an ARP request or neighbor
 * solicitation instead of the packet while the next hop's MAC is unknown;
 * solicitations for static routes' IPv6 next hops to their solicited-node
 * address) and lr_out_delivery (output to enabled ports, with the port's
 * source MAC for relayed multicast). */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "northd/copp.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/lr-common.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "smap.h"

VLOG_DEFINE_THIS_MODULE(lr_egress);

/* Largest network id (flags.network_id has 4 bits). */
#define MAX_NETWORK_ID 15

/* Adds the neighbor solicitations for the IPv6 next hops of router 'od''s
 * static routes, which go to the next hop's solicited-node address through
 * controller meter 'meter' (may be NULL). */
static void
build_static_nexthop_solicitations(const struct ovn_datapath *od,
                                   const char *meter,
                                   struct lflow_table *lflows)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < od->nbr->n_static_routes; i++) {
        const struct nbrec_logical_router_static_route *route
            = od->nbr->static_routes[i];
        struct in6_addr nexthop;
        unsigned int plen;
        char *error = ipv6_parse_cidr(route->nexthop, &nexthop, &plen);
        if (error || plen != 128) {
            free(error);
            continue;
        }

        struct in6_addr sn_addr;
        struct eth_addr sn_mac;
        char sn_addr_s[INET6_ADDRSTRLEN];
        in6_addr_solicited_node(&sn_addr, &nexthop);
        ipv6_multicast_to_ethernet(&sn_mac, &sn_addr);
        ipv6_string_mapped(sn_addr_s, &sn_addr);

        ds_clear(&match);
        ds_put_format(&match, "eth.dst == 00:00:00:00:00:00 && "
                      REGBIT_NEXTHOP_IS_IPV4" == 0 && "
                      REG_NEXT_HOP_IPV6" == %s", route->nexthop);
        ds_clear(&actions);
        ds_put_format(&actions, "nd_ns { eth.dst = "ETH_ADDR_FMT"; "
                      "ip6.dst = %s; nd.target = %s; output; }; next;",
                      ETH_ADDR_ARGS(sn_mac), sn_addr_s, route->nexthop);
        ovn_lflow_metered(lflows, od, S_ROUTER_IN_ARP_REQUEST, 200,
                          ds_cstr(&match), ds_cstr(&actions), meter,
                          &route->header_, od->lflow_ref);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Flows of router 'od' as a whole. */
static void
build_egress_od(const struct ovn_datapath *od,
                const struct lflow_build_input *input,
                struct lflow_table *lflows)
{
    if (!od->nbr) {
        return;
    }
    struct lflow_ref *ref = od->lflow_ref;

    ovn_lflow_add(lflows, od, S_ROUTER_IN_GW_REDIRECT, 0, "1", "next;", ref);

    ovn_lflow_add(lflows, od, S_ROUTER_IN_NETWORK_ID, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_NETWORK_ID, 105, "1",
                  "flags.network_id = 0; next;", ref);

    ovn_lflow_add(lflows, od, S_ROUTER_IN_ARP_REQUEST, 0, "1", "next;", ref);
    const char *ns_meter = lr_copp_meter(od, COPP_ND_NS_RESOLVE, input);
    ovn_lflow_metered(lflows, od, S_ROUTER_IN_ARP_REQUEST, 100,
                      "eth.dst == 00:00:00:00:00:00 && "
                      REGBIT_NEXTHOP_IS_IPV4" == 1",
                      "arp { eth.dst = ff:ff:ff:ff:ff:ff; "
                      "arp.spa = "REG_SRC_IPV4"; "
                      "arp.tpa = "REG_NEXT_HOP_IPV4"; "
                      "arp.op = 1; output; }; next;",
                      lr_copp_meter(od, COPP_ARP_RESOLVE, input), NULL, ref);
    ovn_lflow_metered(lflows, od, S_ROUTER_IN_ARP_REQUEST, 100,
                      "eth.dst == 00:00:00:00:00:00 && "
                      REGBIT_NEXTHOP_IS_IPV4" == 0",
                      "nd_ns { nd.target = "REG_NEXT_HOP_IPV6"; output; }; "
                      "next;", ns_meter, NULL, ref);
    build_static_nexthop_solicitations(od, ns_meter, lflows);

    ovn_lflow_add(lflows, od, S_ROUTER_OUT_DELIVERY, 0, "1", "drop;", ref);
}

/* Adds the network id flows of router port 'op'. */
static void
build_network_ids(const struct ovn_port *op, struct lflow_table *lflows)
{
    const struct lport_addresses *n = &op->lrp_networks;
    struct ds match = DS_EMPTY_INITIALIZER;
    char actions[64];
    int id = 0;

    for (size_t i = 0; i < n->n_ipv4_addrs; i++, id++) {
        if (id > MAX_NETWORK_ID) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
            VLOG_WARN_RL(&rl, "Logical router port %s has more than %d IPv4 "
                         "networks; the others get no network id",
                         op->key, MAX_NETWORK_ID + 1);
            break;
        }
        const struct ipv4_netaddr *na = &n->ipv4_addrs[i];
        ds_clear(&match);
        ds_put_format(&match, "outport == %s && ip4 && "
                      REG_NEXT_HOP_IPV4" == %s/%u", op->json_key,
                      na->addr_s, na->plen);
        snprintf(actions, sizeof actions, "flags.network_id = %d; next;",
                 id);
        ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_NETWORK_ID, 110,
                                ds_cstr(&match), actions, &op->nbrp->header_,
                                op->lflow_ref);
    }

    id = 0;
    for (size_t i = 0; i < n->n_ipv6_addrs; i++) {
        const struct ipv6_netaddr *na = &n->ipv6_addrs[i];
        if (ipv6_is_lla(&na->network)) {
            continue;
        }
        if (id > MAX_NETWORK_ID) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
            VLOG_WARN_RL(&rl, "Logical router port %s has more than %d IPv6 "
                         "networks; the others get no network id",
                         op->key, MAX_NETWORK_ID + 1);
            break;
        }
        ds_clear(&match);
        ds_put_format(&match, "outport == %s && ip6 && "
                      REG_NEXT_HOP_IPV6" == %s/%u", op->json_key,
                      na->addr_s, na->plen);
        snprintf(actions, sizeof actions, "flags.network_id = %d; next;",
                 id++);
        ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_NETWORK_ID, 110,
                                ds_cstr(&match), actions, &op->nbrp->header_,
                                op->lflow_ref);
    }
    ds_destroy(&match);
}

/* Flows of port 'op'. */
static void
build_egress_op(const struct ovn_port *op,
                const struct lflow_build_input *input OVS_UNUSED,
                struct lflow_table *lflows)
{
    if (!op->nbrp || op->is_chassisredirect) {
        return;
    }
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    if (lrp_is_l3dgw(op)) {
        ds_put_format(&match, "outport == %s", op->json_key);
        ds_put_format(&actions, "outport = %s; next;",
                      op->cr_port->json_key);
        ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_GW_REDIRECT, 50,
                                ds_cstr(&match), ds_cstr(&actions),
                                &op->nbrp->header_, op->lflow_ref);
    }

    build_network_ids(op, lflows);

    if (lrp_is_enabled(op->nbrp)) {
        if (smap_get_bool(&op->od->nbr->options, "mcast_relay", false)) {
            ds_clear(&match);
            ds_put_format(&match, "(ip4.mcast || ip6.mcast) && outport == %s",
                          op->json_key);
            ds_clear(&actions);
            ds_put_format(&actions, "eth.src = %s; output;",
                          op->lrp_networks.ea_s);
            ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_OUT_DELIVERY,
                                    110, ds_cstr(&match), ds_cstr(&actions),
                                    &op->nbrp->header_, op->lflow_ref);
        }
        ds_clear(&match);
        ds_put_format(&match, "outport == %s", op->json_key);
        ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_OUT_DELIVERY, 100,
                                ds_cstr(&match), "output;",
                                &op->nbrp->header_, op->lflow_ref);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* The family. */
const struct lflow_stage_family lr_egress_family = {
    .name = "lr_egress",
    .build_datapath = build_egress_od,
    .build_port = build_egress_op,
};
