/* lr-nat-arp.c: the neighbors' view of NAT and load balancer addresses in
 * logical routers.
 *
 * This module owns the flows outside the NAT stages that a router's NAT
 * rules and load balancer VIPs call for:
 *
 *   - lr_in_ip_input: replies to ARP requests and neighbor solicitations
 *     for NAT external addresses (on a distributed gateway port, only on
 *     the chassis that handles the rule, with the rule's external MAC for
 *     distributed rules; dropped elsewhere) and for the reachable VIPs of
 *     its load balancers (through the "_rtr_lb_KEY_ip4/ip6" address sets);
 *     letting through traffic from SNAT addresses that a distributed
 *     gateway port receives; "fragmentation needed" replies for
 *     distributed NAT addresses of a port with options:gateway_mtu;
 *   - lr_in_admission: frames to the external MAC of distributed NAT rules
 *     on the chassis of their logical port;
 *   - lr_in_arp_resolve: the MAC of NAT external addresses behind a
 *     distributed gateway port, and not sending what still has a NAT
 *     external address as its destination back out of the port it came
 *     in;
 *   - lr_in_gw_redirect: traffic of distributed NAT rules stays on the
 *     chassis of their logical port, with the rule's MAC and address as
 *     source for ARP;
 *   - lr_in_ip_routing and lr_in_arp_resolve of the other routers on a
 *     switch: routes to, and the MACs of, the "routable" addresses of a
 *     router port on it (IPv4 external addresses of its DNAT rules with
 *     options:add_route=true, VIPs of its load balancers with
 *     options:add_route=true), so that those routers need neither static
 *     routes nor ARP for them. */

#include <config.h>

#include <sys/socket.h>

#include "lib/ovn-nb-idl.h"
#include "northd/copp.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/lr-common.h"
#include "northd/lr-stateful.h"
#include "northd/northd.h"
#include "northd/lr-routes.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"
#include "svec.h"

/* Adds to 'lflows' a flow of router 'od' in lr_in_ip_input at 'priority'
 * that answers ARP requests for 'ip' (an address or an address set
 * reference) with MAC 'mac' (an address or a register), or drops them if
 * 'drop'.  The request must come in through 'op' if nonnull and satisfy
 * 'extra_match' if nonempty. */
static void
build_arp_reply_flow(const struct ovn_datapath *od, const struct ovn_port *op,
                     const char *ip, const char *mac, const char *extra_match,
                     bool drop, uint16_t priority,
                     const struct ovsdb_idl_row *hint,
                     struct lflow_ref *ref, struct lflow_table *lflows)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    if (op) {
        ds_put_format(&match, "inport == %s && ", op->json_key);
    }
    ds_put_format(&match, "arp.op == 1 && arp.tpa == %s", ip);
    if (extra_match && extra_match[0]) {
        ds_put_format(&match, " && %s", extra_match);
    }
    if (drop) {
        ds_put_cstr(&actions, "drop;");
    } else {
        ds_put_format(&actions, "eth.dst = eth.src; eth.src = %s; "
                      "arp.op = 2; /* ARP reply */ arp.tha = arp.sha; "
                      "arp.sha = %s; arp.tpa <-> arp.spa; "
                      "outport = inport; flags.loopback = 1; output;",
                      mac, mac);
    }
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_IP_INPUT, priority,
                            ds_cstr(&match), ds_cstr(&actions), hint, ref);
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Same as build_arp_reply_flow() for neighbor solicitations for 'ip'
 * (whose solicited-node address is 'sn_ip', if nonnull). */
static void
build_nd_reply_flow(const struct ovn_datapath *od, const struct ovn_port *op,
                    const char *ip, const char *sn_ip, const char *mac,
                    const char *extra_match, bool drop, uint16_t priority,
                    const struct ovsdb_idl_row *hint,
                    const struct lflow_build_input *input,
                    struct lflow_ref *ref, struct lflow_table *lflows)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    if (op) {
        ds_put_format(&match, "inport == %s && ", op->json_key);
    }
    if (sn_ip) {
        ds_put_format(&match, "ip6.dst == {%s, %s} && ", ip, sn_ip);
    }
    ds_put_format(&match, "nd_ns && nd.target == %s", ip);
    if (extra_match && extra_match[0]) {
        ds_put_format(&match, " && %s", extra_match);
    }
    if (drop) {
        ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_IP_INPUT, priority,
                                ds_cstr(&match), "drop;", hint, ref);
    } else {
        ds_put_format(&actions, "nd_na { eth.src = %s; ip6.src = nd.target; "
                      "nd.tll = %s; outport = inport; flags.loopback = 1; "
                      "output; };", mac, mac);
        const char *meter = copp_meter_get(od->nbr->copp, COPP_ND_NA,
                                           input->nb_idl);
        ovn_lflow_metered(lflows, od, S_ROUTER_IN_IP_INPUT, priority,
                          ds_cstr(&match), ds_cstr(&actions), meter, hint,
                          ref);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Router-wide replies to ARP and neighbor solicitations for the external
 * address of NAT rule 'e'. */
static void
build_nat_neigh_reply(const struct ovn_datapath *od,
                      const struct lr_nat_entry *e,
                      const struct lflow_build_input *input,
                      struct lflow_table *lflows)
{
    const struct ovsdb_idl_row *hint = &e->nb->header_;
    if (e->is_v6) {
        const struct ipv6_netaddr *a = &e->ext_addrs.ipv6_addrs[0];
        build_nd_reply_flow(od, NULL, a->addr_s, a->sn_addr_s,
                            REG_INPORT_ETH_ADDR, NULL, false, 90, hint, input,
                            od->lflow_ref, lflows);
    } else {
        build_arp_reply_flow(od, NULL, e->ext_addrs.ipv4_addrs[0].addr_s,
                             REG_INPORT_ETH_ADDR, NULL, false, 90, hint,
                             od->lflow_ref, lflows);
    }
}

/* Replies to ARP and neighbor solicitations for the external address of
 * NAT rule 'e' received on distributed gateway port 'op': only on the
 * chassis that handles the rule (with the rule's external MAC if it is
 * distributed), dropped on the others. */
static void
build_nat_dgp_neigh_reply(const struct ovn_port *op,
                          const struct lr_nat_entry *e,
                          const struct lflow_build_input *input,
                          struct lflow_table *lflows)
{
    const struct nbrec_nat *nb = e->nb;
    if (!lr_nat_entry_on_gateway_port(e, op)) {
        return;
    }

    struct ds resident = DS_EMPTY_INITIALIZER;
    const char *mac = REG_INPORT_ETH_ADDR;
    struct eth_addr ea;
    if (nb->external_mac && nb->logical_port
        && eth_addr_from_string(nb->external_mac, &ea)) {
        mac = nb->external_mac;
        ds_put_format(&resident, "is_chassis_resident(\"%s\")",
                      nb->logical_port);
    } else {
        ds_put_format(&resident, "is_chassis_resident(%s)",
                      op->cr_port->json_key);
    }

    const struct ovsdb_idl_row *hint = &nb->header_;
    if (e->is_v6) {
        const struct ipv6_netaddr *a = &e->ext_addrs.ipv6_addrs[0];
        build_nd_reply_flow(op->od, op, a->addr_s, a->sn_addr_s, mac,
                            ds_cstr(&resident), false, 92, hint, input,
                            op->lflow_ref, lflows);
        build_nd_reply_flow(op->od, op, a->addr_s, a->sn_addr_s, mac, NULL,
                            true, 91, hint, input, op->lflow_ref, lflows);
    } else {
        const char *ip = e->ext_addrs.ipv4_addrs[0].addr_s;
        build_arp_reply_flow(op->od, op, ip, mac, ds_cstr(&resident), false,
                             92, hint, op->lflow_ref, lflows);
        build_arp_reply_flow(op->od, op, ip, mac, NULL, true, 91, hint,
                             op->lflow_ref, lflows);
    }
    ds_destroy(&resident);
}

/* Admission of frames to the external MAC of distributed NAT rule 'e', on
 * the chassis of its logical port, with the large packet check of its
 * gateway port. */
static void
build_nat_admission(const struct ovn_datapath *od,
                    const struct lr_nat_entry *e,
                    const struct lflow_build_input *input,
                    struct lflow_table *lflows)
{
    const struct ovn_port *gw = e->l3dgw_port;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;
    int gw_mtu = smap_get_int(&gw->nbrp->options, "gateway_mtu", 0);

    ds_put_format(&match, "eth.dst == "ETH_ADDR_FMT" && inport == %s && "
                  "is_chassis_resident(\"%s\")", ETH_ADDR_ARGS(e->mac),
                  gw->json_key, e->nb->logical_port);
    if (gw_mtu > 0) {
        ds_put_format(&actions, REGBIT_PKT_LARGER" = check_pkt_larger(%d); ",
                      gw_mtu + ETH_HEADER_LEN);
    }
    size_t len = actions.length;
    ds_put_format(&actions, REG_INPORT_ETH_ADDR" = %s; next;",
                  gw->lrp_networks.ea_s);
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_ADMISSION, 50,
                            ds_cstr(&match), ds_cstr(&actions),
                            &e->nb->header_, od->lflow_ref);
    if (gw_mtu > 0) {
        ds_put_format(&match, " && (%s)",
                      smap_get_def(&gw->nbrp->options, "gateway_mtu_bypass",
                                   "arp"));
        ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_ADMISSION, 55,
                                ds_cstr(&match), ds_cstr(&actions) + len,
                                &e->nb->header_, od->lflow_ref);

        /* Too big for the gateway port: "fragmentation needed" back to
         * the sender, from the NAT address. */
        ds_clear(&match);
        ds_clear(&actions);
        ds_put_format(&match, "inport == %s && "REGBIT_PKT_LARGER" && "
                      REGBIT_EGRESS_LOOPBACK" == 0 && ip%c && ip%c.dst == %s",
                      gw->json_key, e->is_v6 ? '6' : '4',
                      e->is_v6 ? '6' : '4', e->nb->external_ip);
        if (e->is_v6) {
            ds_put_format(&actions, "icmp6_error {"REGBIT_EGRESS_LOOPBACK
                          " = 1; "REGBIT_PKT_LARGER" = 0; "
                          "eth.dst = eth.src; eth.src = %s; "
                          "ip6.dst = ip6.src; ip6.src = %s; ip.ttl = 254; "
                          "icmp6.type = 2; /* Packet Too Big. */ "
                          "icmp6.code = 0; icmp6.frag_mtu = %d; "
                          "outport = %s; flags.loopback = 1; output; };",
                          e->nb->external_mac, e->nb->external_ip, gw_mtu,
                          gw->json_key);
        } else {
            ds_put_format(&actions, "icmp4_error {"REGBIT_EGRESS_LOOPBACK
                          " = 1; "REGBIT_PKT_LARGER" = 0; "
                          "eth.dst = eth.src; eth.src = %s; "
                          "ip4.dst = ip4.src; ip4.src = %s; ip.ttl = 254; "
                          "icmp4.type = 3; /* Destination Unreachable. */ "
                          "icmp4.code = 4; /* Frag Needed and DF was Set. */ "
                          "icmp4.frag_mtu = %d; "
                          "outport = %s; flags.loopback = 1; output; };",
                          e->nb->external_mac, e->nb->external_ip, gw_mtu,
                          gw->json_key);
        }
        const char *meter = copp_meter_get(od->nbr->copp,
                                           e->is_v6 ? COPP_ICMP6_ERR
                                                    : COPP_ICMP4_ERR,
                                           input->nb_idl);
        ovn_lflow_metered(lflows, od, S_ROUTER_IN_IP_INPUT, 160,
                          ds_cstr(&match), ds_cstr(&actions), meter,
                          &e->nb->header_, od->lflow_ref);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* lr_in_gw_redirect: traffic from the logical address of distributed NAT
 * rule 'e' to its gateway port is handled on the chassis of its logical
 * port, and ARP requests it triggers go out with the rule's MAC and
 * address.  Until a virtual logical port is claimed, such traffic would be
 * centralized, so it is dropped. */
static void
build_nat_gw_redirect(const struct ovn_datapath *od,
                      const struct lr_nat_entry *e,
                      const struct lflow_build_input *input,
                      struct lflow_table *lflows)
{
    const struct nbrec_nat *nb = e->nb;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    ds_put_format(&match, "ip%c.src == %s && outport == %s",
                  e->is_v6 ? '6' : '4', nb->logical_ip,
                  e->l3dgw_port->json_key);
    const struct ovn_port *lport = ovn_port_find(input->ports,
                                                 nb->logical_port);
    if (lport && lport->nbsp && !strcmp(lport->nbsp->type, "virtual")) {
        ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_GW_REDIRECT, 80,
                                ds_cstr(&match), "drop;", &nb->header_,
                                od->lflow_ref);
    }
    ds_put_format(&match, " && is_chassis_resident(\"%s\")",
                  nb->logical_port);
    ds_put_format(&actions, "eth.src = %s; %s = %s; next;", nb->external_mac,
                  e->is_v6 ? REG_SRC_IPV6 : REG_SRC_IPV4, nb->external_ip);
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_GW_REDIRECT, 100,
                            ds_cstr(&match), ds_cstr(&actions), &nb->header_,
                            od->lflow_ref);
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* lr_in_arp_resolve (distributed routers): traffic to NAT external
 * address of rule 'e' that routing sends out of its gateway port goes to
 * the rule's MAC (E/W traffic between NAT addresses), unless it came in
 * through that port and so failed to be translated. */
static void
build_nat_arp_resolve(const struct ovn_datapath *od,
                      const struct lr_nat_entry *e,
                      struct lflow_table *lflows)
{
    const struct ovn_port *gw = e->l3dgw_port;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    ds_put_format(&match, "inport == %s && outport == %s && ip%c.dst == %s",
                  gw->json_key, gw->json_key, e->is_v6 ? '6' : '4',
                  e->nb->external_ip);
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_ARP_RESOLVE, 150,
                            ds_cstr(&match), "drop;", &e->nb->header_,
                            od->lflow_ref);

    ds_clear(&match);
    ds_put_format(&match, "outport == %s && %s == %s", gw->json_key,
                  e->is_v6 ? REG_NEXT_HOP_IPV6 : REG_NEXT_HOP_IPV4,
                  e->nb->external_ip);
    ds_put_format(&actions, "eth.dst = %s; next;",
                  e->distributed ? e->nb->external_mac
                                 : gw->lrp_networks.ea_s);
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_ARP_RESOLVE, 100,
                            ds_cstr(&match), ds_cstr(&actions),
                            &e->nb->header_, od->lflow_ref);
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Flows of router 'od' as a whole. */
static void
build_nat_arp_od(const struct ovn_datapath *od,
                 const struct lflow_build_input *input,
                 struct lflow_table *lflows)
{
    if (!od->nbr) {
        return;
    }
    const struct lr_stateful *lrs = lr_stateful_find(input->lr_stateful, od);
    if (!lrs) {
        return;
    }
    const struct lr_nat *nat = &lrs->nat;

    /* Replies for every DNAT address and every SNAT address (once). */
    for (size_t i = 0; i < nat->n_entries; i++) {
        const struct lr_nat_entry *e = &nat->entries[i];
        if (e->is_valid && e->type != LR_NAT_SNAT) {
            build_nat_neigh_reply(od, e, input, lflows);
        }
    }
    struct shash_node *node;
    SHASH_FOR_EACH (node, &nat->snat_ips) {
        const struct lr_nat_entry *e = lr_nat_snat_ip_entry(node);
        if (e) {
            build_nat_neigh_reply(od, e, input, lflows);
        }
    }

    if (od->is_gw_router || !od->n_l3dgw_ports) {
        return;
    }

    struct sset resolved = SSET_INITIALIZER(&resolved);
    struct ds match = DS_EMPTY_INITIALIZER;
    for (size_t i = 0; i < nat->n_entries; i++) {
        const struct lr_nat_entry *e = &nat->entries[i];
        if (!e->is_valid || !e->has_flows) {
            continue;
        }
        if (sset_add(&resolved, e->nb->external_ip)) {
            build_nat_arp_resolve(od, e, lflows);
        }
        if (e->type == LR_NAT_SNAT) {
            /* E/W traffic SNATed to this address comes back in through
             * the gateway port. */
            ds_clear(&match);
            ds_put_format(&match, "inport == %s && ip%c.src == %s",
                          e->l3dgw_port->json_key, e->is_v6 ? '6' : '4',
                          e->nb->external_ip);
            ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_IP_INPUT, 120,
                                    ds_cstr(&match), "next;",
                                    &e->nb->header_, od->lflow_ref);
        }
        if (e->distributed) {
            build_nat_admission(od, e, input, lflows);
            build_nat_gw_redirect(od, e, input, lflows);
        }
    }
    ds_destroy(&match);
    sset_destroy(&resolved);
}

/* One group of routable addresses of a router port: IPv4 addresses that
 * answer to one MAC. */
struct routable_group {
    struct eth_addr mac;        /* The MAC. */
    struct svec ips;            /* The IPv4 addresses, as text. */
};

/* Appends IPv4 address 'ip' (text), if it is one exact address, to
 * 'group', normalized. */
static void
routable_group_add_ip(struct routable_group *group, const char *ip)
{
    ovs_be32 addr, mask;
    char *error = ip_parse_masked(ip, &addr, &mask);
    if (error || mask != OVS_BE32_MAX) {
        free(error);
        return;
    }
    svec_add_nocopy(&group->ips, xasprintf(IP_FMT, IP_ARGS(addr)));
}

/* Computes into 'groups' (of which it stores the number in '*n') the
 * routable addresses of router port 'rp', whose router's state is 'lrs':
 * the IPv4 external addresses of the DNAT and dnat_and_snat rules with
 * options:add_route=true that apply to 'rp' (distributed rules under their
 * external MAC, one group each; the others under 'rp''s MAC, but for
 * addresses of 'rp' itself) and the IPv4 VIPs of the router's load
 * balancers with options:add_route=true (under 'rp''s MAC).  A router
 * with several distributed gateway ports has none.  The caller frees
 * the result with routable_groups_destroy(). */
static struct routable_group *
get_routable_groups(const struct ovn_port *rp, const struct lr_stateful *lrs,
                    size_t *n)
{
    const struct ovn_datapath *od = rp->od;
    struct eth_addr rp_mac;

    *n = 0;
    if ((!od->nbr->n_nat && !lrs->has_lb_vip)
        || !eth_addr_from_string(rp->nbrp->mac, &rp_mac)
        || od->n_l3dgw_ports > 1) {
        return NULL;
    }

    const struct lr_nat *nat = &lrs->nat;
    struct routable_group *groups = xcalloc(nat->n_entries + 1,
                                            sizeof *groups);
    struct routable_group central;
    central.mac = rp_mac;
    svec_init(&central.ips);

    for (size_t i = 0; i < nat->n_entries; i++) {
        const struct lr_nat_entry *e = &nat->entries[i];
        const struct nbrec_nat *nb = e->nb;
        if (e->type == LR_NAT_SNAT
            || !smap_get_bool(&nb->options, "add_route", false)) {
            continue;
        }
        if (!lr_nat_entry_is_ipv4_host_on(e, rp)) {
            continue;
        }

        if (od->n_l3dgw_ports && e->type == LR_NAT_DNAT_AND_SNAT
            && nb->logical_port && nb->external_mac) {
            struct eth_addr ext_mac;
            if (eth_addr_from_string(nb->external_mac, &ext_mac)) {
                struct routable_group *g = &groups[(*n)++];
                g->mac = ext_mac;
                svec_init(&g->ips);
                routable_group_add_ip(g, nb->external_ip);
            }
            continue;
        }

        /* The port's own addresses are not routed this way. */
        if (!lrp_has_ipv4_addr(rp, nb->external_ip)) {
            routable_group_add_ip(&central, nb->external_ip);
        }
    }

    const char *vip;
    SSET_FOR_EACH (vip, &lrs->lb_ips.ips_v4_routable) {
        routable_group_add_ip(&central, vip);
    }

    if (central.ips.n) {
        /* In a stable order, whatever the order of the rows. */
        svec_sort_unique(&central.ips);
        groups[(*n)++] = central;
    } else {
        svec_destroy(&central.ips);
    }
    return groups;
}

/* Frees the 'n' 'groups' that get_routable_groups() returned. */
static void
routable_groups_destroy(struct routable_group *groups, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        svec_destroy(&groups[i].ips);
    }
    free(groups);
}

/* Adds to the router of router port 'peer' the routes to, and the MACs
 * of, the routable addresses 'groups' (of which there are 'n') of another
 * router port on the same switch.  The routes are like those of connected
 * networks: through 'peer', with the destination as next hop.  A router
 * with options:dynamic_neigh_routers=true gets only the routes. */
static void
build_routable_flows(const struct ovn_port *peer,
                     const struct routable_group *groups, size_t n,
                     const struct ovsdb_idl_row *hint, struct lflow_ref *ref,
                     struct lflow_table *lflows)
{
    const struct ovn_datapath *od = peer->od;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    if (peer->lrp_networks.n_ipv4_addrs) {
        uint16_t priority = 32 * 8
            + route_source_priority_offset(ROUTE_SOURCE_CONNECTED);
        ds_put_format(&actions, "ip.ttl--; "REG_ECMP_GROUP_ID" = 0; "
                      REG_NEXT_HOP_IPV4" = ip4.dst; "REG_SRC_IPV4" = %s; "
                      "eth.src = %s; outport = %s; flags.loopback = 1; "
                      REGBIT_NEXTHOP_IS_IPV4" = 1; next;",
                      peer->lrp_networks.ipv4_addrs[0].addr_s,
                      peer->lrp_networks.ea_s, peer->json_key);
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < groups[i].ips.n; j++) {
                ds_clear(&match);
                ds_put_format(&match, "ip4.dst == %s/32",
                              groups[i].ips.names[j]);
                ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_IP_ROUTING,
                                        priority, ds_cstr(&match),
                                        ds_cstr(&actions), hint, ref);
            }
        }
    }

    if (!smap_get_bool(&od->nbr->options, "dynamic_neigh_routers", false)) {
        for (size_t i = 0; i < n; i++) {
            ds_clear(&match);
            ds_put_format(&match, "outport == %s && "REG_NEXT_HOP_IPV4
                          " == {", peer->json_key);
            for (size_t j = 0; j < groups[i].ips.n; j++) {
                ds_put_format(&match, "%s%s", j ? ", " : "",
                              groups[i].ips.names[j]);
            }
            ds_put_cstr(&match, "}");
            ds_clear(&actions);
            ds_put_format(&actions, "eth.dst = "ETH_ADDR_FMT"; next;",
                          ETH_ADDR_ARGS(groups[i].mac));
            ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_ARP_RESOLVE, 100,
                                    ds_cstr(&match), ds_cstr(&actions),
                                    hint, ref);
        }
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Flows of switch port 'op', of type "router": the routable addresses of
 * its router port for the other routers on its switch. */
static void
build_nat_arp_lsp(const struct ovn_port *op,
                  const struct lflow_build_input *input,
                  struct lflow_table *lflows)
{
    const struct ovn_port *rp = op->peer;
    if (!lsp_is_router(op->nbsp) || !rp || !rp->nbrp) {
        return;
    }
    const struct lr_stateful *lrs = lr_stateful_find(input->lr_stateful,
                                                     rp->od);
    if (!lrs) {
        return;
    }

    size_t n;
    struct routable_group *groups = get_routable_groups(rp, lrs, &n);
    if (!n) {
        free(groups);
        return;
    }
    const struct ovn_datapath *ls = op->od;
    for (size_t i = 0; i < ls->n_linked_router_ports; i++) {
        const struct ovn_port *peer = ls->linked_router_ports[i]->peer;
        if (peer && peer->nbrp && peer != rp) {
            build_routable_flows(peer, groups, n, &peer->nbrp->header_,
                                 op->lflow_ref, lflows);
        }
    }
    routable_groups_destroy(groups, n);
}

/* Flows of port 'op': for a router port, NAT replies on distributed gateway
 * ports, and replies for the reachable VIPs of the router's load
 * balancers; for a switch port of type "router", see
 * build_nat_arp_lsp(). */
static void
build_nat_arp_op(const struct ovn_port *op,
                 const struct lflow_build_input *input,
                 struct lflow_table *lflows)
{
    if (op->nbsp) {
        build_nat_arp_lsp(op, input, lflows);
        return;
    }
    if (!op->nbrp || op->is_chassisredirect) {
        return;
    }
    const struct lr_stateful *lrs = lr_stateful_find(input->lr_stateful,
                                                     op->od);
    if (!lrs) {
        return;
    }

    if (lrp_is_l3dgw(op)) {
        const struct lr_nat *nat = &lrs->nat;
        for (size_t i = 0; i < nat->n_entries; i++) {
            const struct lr_nat_entry *e = &nat->entries[i];
            if (e->is_valid && e->type != LR_NAT_SNAT) {
                build_nat_dgp_neigh_reply(op, e, input, lflows);
            }
        }
        struct shash_node *node;
        SHASH_FOR_EACH (node, &nat->snat_ips) {
            const struct lr_nat_entry *e = lr_nat_snat_ip_entry(node);
            if (e) {
                build_nat_dgp_neigh_reply(op, e, input, lflows);
            }
        }
    }

    /* One reply flow for all the reachable VIPs of each family. */
    char *resident = (lrp_is_l3dgw(op)
                      ? xasprintf("is_chassis_resident(%s)",
                                  op->cr_port->json_key)
                      : NULL);
    if (!sset_is_empty(&lrs->lb_ips.ips_v4_reachable)) {
        char *name = lr_lb_address_set_name(op->od, AF_INET);
        char *ref = xasprintf("$%s", name);
        build_arp_reply_flow(op->od, op, ref, REG_INPORT_ETH_ADDR, resident,
                             false, 90, NULL, op->lflow_ref, lflows);
        free(ref);
        free(name);
    }
    if (!sset_is_empty(&lrs->lb_ips.ips_v6_reachable)) {
        char *name = lr_lb_address_set_name(op->od, AF_INET6);
        char *ref = xasprintf("$%s", name);
        build_nd_reply_flow(op->od, op, ref, NULL, REG_INPORT_ETH_ADDR,
                            resident, false, 90, NULL, input, op->lflow_ref,
                            lflows);
        free(ref);
        free(name);
    }
    free(resident);
}

/* The family. */
const struct lflow_stage_family lr_nat_arp_family = {
    .name = "lr_nat_arp",
    .build_datapath = build_nat_arp_od,
    .build_port = build_nat_arp_op,
};
