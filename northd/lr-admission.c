/* lr-admission.c: L2 admission and neighbor learning of logical routers.
 *
 * This module owns the flows of stages lr_in_admission,
 * lr_in_lookup_neighbor and lr_in_learn_neighbor: which frames a router
 * accepts at all (its ports' own and multicast MACs, on the chassis where
 * a distributed gateway port lives for that port's MAC; never VLAN-tagged
 * frames or frames from a multicast source), with the MAC of the receiving
 * port kept in a register for the replies that later stages build; and
 * learning IP/MAC bindings from ARP and neighbor discovery packets when
 * the MAC_Binding table does not already have them (ARP requests only from
 * the networks of the receiving port, and only for the router's own
 * addresses when options:always_learn_from_arp_request is false). */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "northd/copp.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/lr-common.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"

/* Whether router 'od' learns bindings from any ARP request from a
 * connected network, not only from requests for its own addresses. */
static bool
lr_always_learns_from_arp_request(const struct ovn_datapath *od)
{
    return smap_get_bool(&od->nbr->options, "always_learn_from_arp_request",
                         true);
}

/* Flows of router 'od' as a whole. */
static void
build_admission_od(const struct ovn_datapath *od,
                   const struct lflow_build_input *input,
                   struct lflow_table *lflows)
{
    if (!od->nbr) {
        return;
    }
    struct lflow_ref *ref = od->lflow_ref;
    bool always_learn = lr_always_learns_from_arp_request(od);

    ovn_lflow_add(lflows, od, S_ROUTER_IN_ADMISSION, 0, "1", "drop;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_ADMISSION, 100,
                  "vlan.present || eth.src[40]", "drop;", ref);
    /* "Packet too big" errors that a tunnel brought are for the chassis
     * that forwarded the big packet, not for the router. */
    ovn_lflow_add(lflows, od, S_ROUTER_IN_ADMISSION, 110,
                  LR_ICMP_PKT_TOO_BIG " && flags.tunnel_rx == 1", "drop;",
                  ref);

    /* Neighbor lookup: whether the binding a packet announces is new. */
    const char *known = always_learn ? "" : REGBIT_LOOKUP_NEIGHBOR_IP_RESULT
                                            " = 1; ";
    struct ds actions = DS_EMPTY_INITIALIZER;
    ovn_lflow_add(lflows, od, S_ROUTER_IN_LOOKUP_NEIGHBOR, 0, "1",
                  REGBIT_LOOKUP_NEIGHBOR_RESULT" = 1; next;", ref);
    ds_put_format(&actions, REGBIT_LOOKUP_NEIGHBOR_RESULT" = "
                  "lookup_arp(inport, arp.spa, arp.sha); %snext;", known);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_LOOKUP_NEIGHBOR, 100, "arp.op == 2",
                  ds_cstr(&actions), ref);
    ds_clear(&actions);
    ds_put_format(&actions, REGBIT_LOOKUP_NEIGHBOR_RESULT" = "
                  "lookup_nd(inport, nd.target, nd.tll); %snext;", known);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_LOOKUP_NEIGHBOR, 100, "nd_na",
                  ds_cstr(&actions), ref);
    ds_clear(&actions);
    ds_put_format(&actions, REGBIT_LOOKUP_NEIGHBOR_RESULT" = "
                  "lookup_nd(inport, ip6.src, nd.sll); %snext;",
                  always_learn ? "" : REGBIT_LOOKUP_NEIGHBOR_IP_RESULT
                                      " = lookup_nd_ip(inport, ip6.src); ");
    ovn_lflow_add(lflows, od, S_ROUTER_IN_LOOKUP_NEIGHBOR, 100, "nd_ns",
                  ds_cstr(&actions), ref);
    if (!always_learn) {
        /* An unsolicited advertisement from a link-local address to a
         * multicast group (the IPv6 flavour of gratuitous ARP) only
         * refreshes a binding the router already has for its target. */
        ds_clear(&actions);
        ds_put_cstr(&actions, REGBIT_LOOKUP_NEIGHBOR_RESULT" = "
                    "lookup_nd(inport, nd.target, nd.tll); "
                    REGBIT_LOOKUP_NEIGHBOR_IP_RESULT" = "
                    "lookup_nd_ip(inport, nd.target); next;");
        ovn_lflow_add(lflows, od, S_ROUTER_IN_LOOKUP_NEIGHBOR, 110,
                      "nd_na && ip6.src == fe80::/10 && ip6.dst == ff00::/8",
                      ds_cstr(&actions), ref);
    }
    ds_destroy(&actions);

    /* Neighbor learning. */
    ovn_lflow_add(lflows, od, S_ROUTER_IN_LEARN_NEIGHBOR, 0, "1", "drop;",
                  ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_LEARN_NEIGHBOR, 100,
                  always_learn
                  ? REGBIT_LOOKUP_NEIGHBOR_RESULT" == 1"
                  : REGBIT_LOOKUP_NEIGHBOR_RESULT" == 1 || "
                    REGBIT_LOOKUP_NEIGHBOR_IP_RESULT" == 0",
                  "mac_cache_use; next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_LEARN_NEIGHBOR, 95,
                  "nd_ns && (ip6.src == 0 || nd.sll == 0)", "next;", ref);
    /* The bindings go through ovn-controller, under the router's Copp. */
    const char *na_meter = lr_copp_meter(od, COPP_ND_NA, input);
    ovn_lflow_metered(lflows, od, S_ROUTER_IN_LEARN_NEIGHBOR, 95,
                      "nd_na && nd.tll == 0",
                      "put_nd(inport, nd.target, eth.src); next;", na_meter,
                      NULL, ref);
    ovn_lflow_metered(lflows, od, S_ROUTER_IN_LEARN_NEIGHBOR, 90, "arp",
                      "put_arp(inport, arp.spa, arp.sha); next;",
                      lr_copp_meter(od, COPP_ARP, input), NULL, ref);
    ovn_lflow_metered(lflows, od, S_ROUTER_IN_LEARN_NEIGHBOR, 90, "nd_na",
                      "put_nd(inport, nd.target, nd.tll); next;", na_meter,
                      NULL, ref);
    ovn_lflow_metered(lflows, od, S_ROUTER_IN_LEARN_NEIGHBOR, 90, "nd_ns",
                      "put_nd(inport, ip6.src, nd.sll); next;",
                      lr_copp_meter(od, COPP_ND_NS, input), NULL, ref);
}

/* Adds to 'lflows' the admission flow of 'op' at 'priority' for frames
 * that 'match' selects, with actions 'actions' preceded by the large
 * packet check when the port has options:gateway_mtu; and then the flow
 * that lets the packets of options:gateway_mtu_bypass (ARP by default)
 * skip that check. */
static void
add_admission_with_mtu_check(const struct ovn_port *op, struct ds *match,
                             const char *actions,
                             struct lflow_table *lflows)
{
    int gw_mtu = smap_get_int(&op->nbrp->options, "gateway_mtu", 0);
    struct ds all_actions = DS_EMPTY_INITIALIZER;

    if (gw_mtu > 0) {
        ds_put_format(&all_actions, REGBIT_PKT_LARGER
                      " = check_pkt_larger(%d); ", gw_mtu + ETH_HEADER_LEN);
    }
    ds_put_cstr(&all_actions, actions);
    ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_ADMISSION, 50,
                            ds_cstr(match), ds_cstr(&all_actions),
                            &op->nbrp->header_, op->lflow_ref);
    if (gw_mtu > 0) {
        const char *bypass = smap_get_def(&op->nbrp->options,
                                          "gateway_mtu_bypass", "arp");
        ds_put_format(match, " && (%s)", bypass);
        ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_ADMISSION, 55,
                                ds_cstr(match), actions,
                                &op->nbrp->header_, op->lflow_ref);
    }
    ds_destroy(&all_actions);
}

/* Admission flows of router port 'op'. */
static void
build_admission_lrp(const struct ovn_port *op, struct lflow_table *lflows)
{
    if (!lrp_is_enabled(op->nbrp)) {
        return;
    }
    const char *mac = op->lrp_networks.ea_s;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    ds_put_format(&actions, REG_INPORT_ETH_ADDR" = %s; next;", mac);
    ds_put_format(&match, "eth.mcast && inport == %s", op->json_key);
    ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_ADMISSION, 50,
                            ds_cstr(&match), ds_cstr(&actions),
                            &op->nbrp->header_, op->lflow_ref);

    ds_clear(&match);
    ds_put_format(&match, "eth.dst == %s && inport == %s", mac, op->json_key);
    /* Unicast to a distributed gateway port's MAC is for the chassis where
     * it lives; switches with VTEP ports reach router services (NAT, load
     * balancers) from anywhere, though. */
    if (lrp_is_l3dgw(op) && !lrp_peer_has_vtep(op)) {
        ds_put_format(&match, " && is_chassis_resident(%s)",
                      op->cr_port->json_key);
    }
    add_admission_with_mtu_check(op, &match, ds_cstr(&actions), lflows);

    if (lrp_is_l3dgw(op)) {
        /* A "packet too big" for the gateway port's MAC that arrived
         * elsewhere goes back to where the big packet came from. */
        ds_clear(&match);
        ds_put_format(&match, LR_ICMP_PKT_TOO_BIG " && eth.dst == %s && "
                      "!is_chassis_resident(%s) && flags.tunnel_rx == 1",
                      mac, op->cr_port->json_key);
        ds_clear(&actions);
        ds_put_format(&actions, "outport <-> inport; inport = %s; next;",
                      op->json_key);
        ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_ADMISSION, 120,
                                ds_cstr(&match), ds_cstr(&actions),
                                &op->nbrp->header_, op->lflow_ref);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Neighbor lookup flows of router port 'op'. */
static void
build_lookup_neighbor_lrp(const struct ovn_port *op,
                          struct lflow_table *lflows)
{
    bool always_learn = lr_always_learns_from_arp_request(op->od);
    struct ds resident = DS_EMPTY_INITIALIZER;
    struct ds match = DS_EMPTY_INITIALIZER;

    if (lrp_is_l3dgw(op)) {
        ds_put_format(&resident, " && is_chassis_resident(%s)",
                      op->cr_port->json_key);
    }

    for (size_t i = 0; i < op->lrp_networks.n_ipv4_addrs; i++) {
        const struct ipv4_netaddr *na = &op->lrp_networks.ipv4_addrs[i];
        if (!always_learn) {
            ds_clear(&match);
            ds_put_format(&match, "inport == %s && arp.spa == %s/%u && "
                          "arp.tpa == %s && arp.op == 1%s", op->json_key,
                          na->network_s, na->plen, na->addr_s,
                          ds_cstr(&resident));
            ovn_lflow_add_with_hint(lflows, op->od,
                                    S_ROUTER_IN_LOOKUP_NEIGHBOR, 110,
                                    ds_cstr(&match),
                                    REGBIT_LOOKUP_NEIGHBOR_RESULT" = "
                                    "lookup_arp(inport, arp.spa, arp.sha); "
                                    REGBIT_LOOKUP_NEIGHBOR_IP_RESULT" = 1; "
                                    "next;",
                                    &op->nbrp->header_, op->lflow_ref);
        }
        ds_clear(&match);
        ds_put_format(&match, "inport == %s && arp.spa == %s/%u && "
                      "arp.op == 1%s", op->json_key, na->network_s, na->plen,
                      ds_cstr(&resident));
        ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_LOOKUP_NEIGHBOR,
                                100, ds_cstr(&match),
                                always_learn
                                ? REGBIT_LOOKUP_NEIGHBOR_RESULT" = "
                                  "lookup_arp(inport, arp.spa, arp.sha); "
                                  "next;"
                                : REGBIT_LOOKUP_NEIGHBOR_RESULT" = "
                                  "lookup_arp(inport, arp.spa, arp.sha); "
                                  REGBIT_LOOKUP_NEIGHBOR_IP_RESULT" = "
                                  "lookup_arp_ip(inport, arp.spa); next;",
                                &op->nbrp->header_, op->lflow_ref);
    }

    if (lrp_is_l3dgw(op)) {
        /* Multicast neighbor discovery reaches every chassis: only the
         * gateway chassis learns from it. */
        ds_clear(&match);
        ds_put_format(&match, "inport == %s && (nd_na || nd_ns) && "
                      "eth.mcast && !is_chassis_resident(%s)",
                      op->json_key, op->cr_port->json_key);
        ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_LOOKUP_NEIGHBOR,
                                120, ds_cstr(&match),
                                REGBIT_LOOKUP_NEIGHBOR_RESULT" = 1; next;",
                                &op->nbrp->header_, op->lflow_ref);
    }
    ds_destroy(&match);
    ds_destroy(&resident);
}

/* Flows of port 'op'. */
static void
build_admission_op(const struct ovn_port *op,
                   const struct lflow_build_input *input OVS_UNUSED,
                   struct lflow_table *lflows)
{
    if (!op->nbrp || op->is_chassisredirect) {
        return;
    }
    build_admission_lrp(op, lflows);
    build_lookup_neighbor_lrp(op, lflows);
}

/* The family. */
const struct lflow_stage_family lr_admission_family = {
    .name = "lr_admission",
    .build_datapath = build_admission_od,
    .build_port = build_admission_op,
};
