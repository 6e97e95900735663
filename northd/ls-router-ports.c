/* ls-router-ports.c: what logical switches do for the routers they
 * connect to.
 *
 * This module owns the flows that switch ports of type "router" (linked
 * to a router port) get in their switch:
 *
 *   - ls_in_check_port_sec: traffic from the router skips port security
 *     (reg0[18]); an ICMP "packet too big" for the router's MAC that came
 *     through a tunnel goes straight back to where the big packet came from
 *     (the destination lookup, with inport and outport swapped);
 *
 *   - ls_in_l2_lkup: unicast to the router port's MAC goes to the router
 *     port (on the gateway chassis only when the router port is a
 *     distributed gateway port, or resides on the redirect chassis, and
 *     the switch reaches a physical network); ARP requests and neighbor
 *     solicitations for the router port's addresses go to the router port
 *     only (and are flooded to the other ports too, which may be
 *     listening); ARP, RARP and neighbor solicitations that the router
 *     itself sends are flooded to the L2 domain.
 *
 * ARP and ND responders for router addresses are in ls-arp-nd.c, with
 * those of the other ports. */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/lr-common.h"
#include "northd/lr-stateful.h"
#include "northd/multicast-groups.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"
#include "sset.h"

/* Returns the "is_chassis_resident(...)" port, or NULL, that limits the
 * delivery of unicast for the MAC of router port 'lrp' from its switch
 * (which has a localnet port) to one chassis. */
static const char *
router_mac_resident_port(const struct ovn_port *lrp)
{
    if (!lrp->od->n_l3dgw_ports || !lrp_peer_has_localnet(lrp)) {
        return NULL;
    }
    if (lrp_is_l3dgw(lrp)) {
        return lrp->cr_port->json_key;
    }
    if (lrp_resides_on_redirect_chassis(lrp)) {
        return lrp->od->l3dgw_ports[0]->cr_port->json_key;
    }
    return NULL;
}

/* Adds the flow that sends ARP requests or neighbor solicitations (per
 * 'family', 4 or 6) for 'ip', an address of router port 'lrp', that
 * arrive on switch port 'op' (linked to 'lrp') to the router; the other
 * ports of the switch, if any, get a copy. */
static void
build_rport_arp_req(const struct ovn_port *op, const struct ovn_port *lrp,
                    const char *ip, int family, struct lflow_table *lflows)
{
    const struct ovn_datapath *ls = op->od;
    char *match = xasprintf("flags[1] == 0 && %s == %s",
                            family == 4 ? "arp.op == 1 && arp.tpa"
                                        : "nd_ns && nd.target", ip);
    char *actions;
    if (ls->n_router_ports != ls->n_ports) {
        actions = xasprintf("clone {outport = %s; output; }; "
                            "outport = \""MC_FLOOD_L2"\"; output;",
                            op->json_key);
    } else {
        actions = xasprintf("outport = %s; output;", op->json_key);
    }
    ovn_lflow_add_with_hint(lflows, ls, S_SWITCH_IN_L2_LKUP, 80, match,
                            actions, &lrp->nbrp->header_, op->lflow_ref);
    free(match);
    free(actions);
}

/* Adds to 'lflows' what switch port 'op', linked to router port 'lrp',
 * does for the NAT rules and load balancers of the router ('rec'): ARP
 * requests and neighbor solicitations for the external addresses of its
 * NAT rules (to any of its ports) and for its VIPs (those on the networks
 * of 'lrp') go to the router; frames to the external MACs of its
 * distributed NAT rules go to it from the chassis of their logical ports;
 * and adds those MACs to 'macs'. */
static void
build_router_nat_lb(const struct ovn_port *op, const struct ovn_port *lrp,
                    const struct lr_stateful *rec, struct sset *macs,
                    struct lflow_table *lflows)
{
    const struct sset *vips[2] = { &rec->lb_ips.ips_v4_reachable,
                                   &rec->lb_ips.ips_v6_reachable };
    for (int i = 0; i < 2; i++) {
        const char *vip;
        SSET_FOR_EACH (vip, vips[i]) {
            if (lrp_find_member_ip(lrp, vip)) {
                build_rport_arp_req(op, lrp, vip, i ? 6 : 4, lflows);
            }
        }
    }

    for (size_t i = 0; i < rec->nat.n_entries; i++) {
        const struct lr_nat_entry *e = &rec->nat.entries[i];
        if (!e->is_valid) {
            continue;
        }
        /* (An SNAT address that is a router port address has its flows
         * already.) */
        if (!(e->type == LR_NAT_SNAT && e->is_router_ip)
            && !sset_contains(e->is_v6 ? &rec->lb_ips.ips_v6
                                       : &rec->lb_ips.ips_v4,
                              e->nb->external_ip)) {
            build_rport_arp_req(op, lrp, e->nb->external_ip,
                                e->is_v6 ? 6 : 4, lflows);
        }
        if (e->has_flows && e->distributed) {
            char mac[ETH_ADDR_STRLEN + 1];
            snprintf(mac, sizeof mac, ETH_ADDR_FMT, ETH_ADDR_ARGS(e->mac));
            sset_add(macs, mac);
            if (lrp_is_l3dgw(lrp) && e->l3dgw_port == lrp
                && lsp_is_enabled(op->nbsp)) {
                char *match = xasprintf("eth.dst == %s && "
                                        "is_chassis_resident(\"%s\")",
                                        mac, e->nb->logical_port);
                char *actions = xasprintf("outport = %s; output;",
                                          op->json_key);
                ovn_lflow_add_with_hint(lflows, op->od, S_SWITCH_IN_L2_LKUP,
                                        50, match, actions, &e->nb->header_,
                                        op->lflow_ref);
                free(match);
                free(actions);
            }
        }
    }
}

/* Flows of switch port 'op', of type "router". */
static void
build_router_port_op(const struct ovn_port *op,
                     const struct lflow_build_input *input,
                     struct lflow_table *lflows)
{
    if (!op->nbsp || !lsp_is_router(op->nbsp) || !op->peer
        || !op->peer->nbrp) {
        return;
    }
    const struct ovn_datapath *ls = op->od;
    const struct ovn_port *lrp = op->peer;
    const char *mac = lrp->lrp_networks.ea_s;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    /* Port security does not apply to what the router sends. */
    ds_put_format(&match, "inport == %s", op->json_key);
    ovn_lflow_add_with_lport_and_hint(lflows, ls, S_SWITCH_IN_CHECK_PORT_SEC,
                                      70, ds_cstr(&match),
                                      "reg0[18] = 1; next;", op->key,
                                      &op->nbsp->header_, op->lflow_ref);

    ds_clear(&match);
    if (lrp->od->is_gw_router) {
        /* The gateway router's chassis sent the big packet itself. */
        ds_put_format(&match, LR_ICMP_PKT_TOO_BIG " && eth.src == %s && "
                      "outport == %s && flags.tunnel_rx == 1", mac,
                      op->json_key);
        ds_put_cstr(&actions, "outport <-> inport; next;");
    } else {
        ds_put_format(&match, LR_ICMP_PKT_TOO_BIG " && eth.dst == %s && "
                      "flags.tunnel_rx == 1", mac);
        ds_put_format(&actions, "outport <-> inport; "
                      "next(pipeline=ingress,table=%d);",
                      ovn_stage_get_table(S_SWITCH_IN_L2_LKUP));
    }
    ovn_lflow_add_with_hint(lflows, ls, S_SWITCH_IN_CHECK_PORT_SEC, 120,
                            ds_cstr(&match), ds_cstr(&actions),
                            &op->nbsp->header_, op->lflow_ref);

    /* Unicast to the router port. */
    if (lsp_is_enabled(op->nbsp)) {
        ds_clear(&match);
        ds_put_format(&match, "eth.dst == %s", mac);
        const char *resident = router_mac_resident_port(lrp);
        if (resident) {
            ds_put_format(&match, " && is_chassis_resident(%s)", resident);
        }
        ds_clear(&actions);
        ds_put_format(&actions, "outport = %s; output;", op->json_key);
        ovn_lflow_add_with_hint(lflows, ls, S_SWITCH_IN_L2_LKUP, 50,
                                ds_cstr(&match), ds_cstr(&actions),
                                &op->nbsp->header_, op->lflow_ref);
    }

    /* ARP and ND for the router port's addresses. */
    const struct lport_addresses *n = &lrp->lrp_networks;
    for (size_t i = 0; i < n->n_ipv4_addrs; i++) {
        build_rport_arp_req(op, lrp, n->ipv4_addrs[i].addr_s, 4, lflows);
    }
    for (size_t i = 0; i < n->n_ipv6_addrs; i++) {
        build_rport_arp_req(op, lrp, n->ipv6_addrs[i].addr_s, 6, lflows);
    }

    struct sset macs = SSET_INITIALIZER(&macs);
    const struct lr_stateful *rec = (input->lr_stateful
                                     ? lr_stateful_find(input->lr_stateful,
                                                        lrp->od)
                                     : NULL);
    if (rec) {
        build_router_nat_lb(op, lrp, rec, &macs, lflows);
    }

    /* What the router sends to resolve addresses is flooded, unless the
     * switch has nothing but routers. */
    if (ls->n_router_ports != ls->n_ports) {
        ds_clear(&match);
        ds_put_format(&match, "eth.src == {%s", mac);
        const char **sorted = sset_sort(&macs);
        for (size_t i = 0; i < sset_count(&macs); i++) {
            ds_put_format(&match, ", %s", sorted[i]);
        }
        free(sorted);
        ds_put_cstr(&match, "} && eth.dst == ff:ff:ff:ff:ff:ff && "
                    "(arp.op == 1 || rarp.op == 3 || nd_ns)");
        ovn_lflow_add_with_hint(lflows, ls, S_SWITCH_IN_L2_LKUP, 75,
                                ds_cstr(&match),
                                "outport = \""MC_FLOOD_L2"\"; output;",
                                &op->nbsp->header_, op->lflow_ref);
    }
    sset_destroy(&macs);
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* The family. */
const struct lflow_stage_family ls_router_ports_family = {
    .name = "ls_router_ports",
    .build_port = build_router_port_op,
};
