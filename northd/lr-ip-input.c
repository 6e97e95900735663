/* lr-ip-input.c: IP input of logical routers.
 *
 * This module owns the flows of stage lr_in_ip_input that make a router
 * behave as an IP host on its own addresses and drop what no router should
 * forward:
 *
 *   - sanity: packets from multicast, broadcast, loopback and "this
 *     network" sources or to loopback and "this network" destinations,
 *     packets from the router's own or broadcast addresses (unless they
 *     came back through egress loopback), Ethernet broadcast, expired TTL
 *     (with an ICMP time exceeded reply from the receiving port, except for
 *     multicast and later fragments), ARP and ND not answered earlier,
 *     reserved IPv6 multicast, and other multicast unless the router relays
 *     it (options:mcast_relay);
 *
 *   - host functions: ICMP echo replies, ARP replies and neighbor
 *     advertisements for the router's addresses (only on the gateway
 *     chassis for a distributed gateway port's addresses), TCP resets,
 *     SCTP aborts and ICMP unreachables for other traffic to them (except
 *     on gateways, whose addresses NAT and load balancers may use), BFD
 *     control packets for ports with BFD sessions, DHCPv6 replies for ports
 *     that request IPv6 prefix delegation; and dropping the rest of the
 *     traffic to the router's addresses that no SNAT rule or VIP shares. */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "northd/copp.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/lr-common.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"
#include "sset.h"

/* Flows of router 'od' as a whole. */
static void
build_ip_input_od(const struct ovn_datapath *od,
                  const struct lflow_build_input *input OVS_UNUSED,
                  struct lflow_table *lflows)
{
    if (!od->nbr) {
        return;
    }
    struct lflow_ref *ref = od->lflow_ref;

    ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_INPUT, 0, "1", "next;", ref);

    /* Martian sources and destinations. */
    ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_INPUT, 100,
                  "ip4.src_mcast ||"
                  "ip4.src == 255.255.255.255 || "
                  "ip4.src == 127.0.0.0/8 || "
                  "ip4.dst == 127.0.0.0/8 || "
                  "ip4.src == 0.0.0.0/8 || "
                  "ip4.dst == 0.0.0.0/8", "drop;", ref);

    /* ARP and ND that no responder took. */
    ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_INPUT, 85, "arp || nd", "drop;",
                  ref);
    /* Router solicitations and advertisements are for later stages; other
     * reserved IPv6 multicast is not for routing. */
    ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_INPUT, 84, "nd_rs || nd_ra",
                  "next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_INPUT, 83, "ip6.mcast_rsvd",
                  "drop;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_INPUT, 82,
                  "ip4.mcast || ip6.mcast",
                  smap_get_bool(&od->nbr->options, "mcast_relay", false)
                  ? "next;" : "drop;", ref);

    ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_INPUT, 50, "eth.bcast", "drop;",
                  ref);

    /* Expired TTL: multicast and later fragments get no error back. */
    ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_INPUT, 32,
                  "ip.ttl == {0, 1} && !ip.later_frag && "
                  "(ip4.mcast || ip6.mcast)", "drop;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_IP_INPUT, 29, "ip.ttl == {0, 1}",
                  "drop;", ref);
}

/* Returns the "is_chassis_resident(...)" condition, or NULL, that limits
 * the ARP replies of router port 'op' to one chassis: the gateway chassis
 * of a distributed gateway port, or of the router's only one for a port
 * that resides on it, when the port's switch reaches a physical network
 * (so that upstream MAC learning points to the gateway chassis and only
 * one reply goes out). */
static const char *
arp_reply_resident_port(const struct ovn_port *op)
{
    if (!op->od->n_l3dgw_ports || !lrp_peer_has_localnet(op)) {
        return NULL;
    }
    if (lrp_is_l3dgw(op)) {
        return op->cr_port->json_key;
    }
    if (lrp_resides_on_redirect_chassis(op)) {
        return op->od->l3dgw_ports[0]->cr_port->json_key;
    }
    return NULL;
}

/* Adds the ICMP time exceeded replies of router port 'op' for IP family
 * 'family' (4 or 6), sent from the address of the network the expired
 * packet came from, or else from the port's first address of that
 * family. */
static void
build_ttl_exceeded(const struct ovn_port *op, int family,
                   const struct lflow_build_input *input,
                   struct lflow_table *lflows)
{
    const struct lport_addresses *n = &op->lrp_networks;
    bool v4 = family == 4;
    size_t n_addrs = v4 ? n->n_ipv4_addrs : n->n_ipv6_addrs;
    if (!n_addrs) {
        return;
    }
    const char *icmp_type = (v4
                             ? "icmp4.type = 11; /* Time exceeded */ "
                               "icmp4.code = 0; /* TTL exceeded in transit */"
                             : "icmp6.type = 3; /* Time exceeded */ "
                               "icmp6.code = 0; /* TTL exceeded in transit */");
    const char *meter = lr_copp_meter(op->od, v4 ? COPP_ICMP4_ERR
                                                 : COPP_ICMP6_ERR, input);
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < n_addrs; i++) {
        const char *addr_s, *network_s;
        unsigned int plen;
        if (v4) {
            addr_s = n->ipv4_addrs[i].addr_s;
            network_s = n->ipv4_addrs[i].network_s;
            plen = n->ipv4_addrs[i].plen;
        } else {
            if (ipv6_is_lla(&n->ipv6_addrs[i].network)) {
                continue;
            }
            addr_s = n->ipv6_addrs[i].addr_s;
            network_s = n->ipv6_addrs[i].network_s;
            plen = n->ipv6_addrs[i].plen;
        }
        ds_clear(&match);
        ds_put_format(&match, "inport == %s && ip%d && ip%d.src == %s/%u && "
                      "ip.ttl == {0, 1} && !ip.later_frag", op->json_key,
                      family, family, network_s, plen);
        ds_clear(&actions);
        ds_put_format(&actions, "icmp%d {eth.dst <-> eth.src; ", family);
        if (v4) {
            ds_put_format(&actions, "%s ", icmp_type);
        }
        /* A distributed gateway port answers from the address the packet
         * was sent to, which may be a NAT address. */
        if (lrp_is_l3dgw(op)) {
            ds_put_format(&actions, "ip%d.dst <-> ip%d.src ;", family,
                          family);
        } else {
            ds_put_format(&actions, "ip%d.dst = ip%d.src; ip%d.src = %s ;",
                          family, family, family, addr_s);
        }
        ds_put_cstr(&actions, " ip.ttl = 254; ");
        if (!v4) {
            ds_put_format(&actions, "%s ", icmp_type);
        }
        ds_put_format(&actions, "outport = %s; flags.loopback = 1; "
                      "output; };", op->json_key);
        ovn_lflow_metered(lflows, op->od, S_ROUTER_IN_IP_INPUT, 31,
                          ds_cstr(&match), ds_cstr(&actions), meter,
                          &op->nbrp->header_, op->lflow_ref);
    }

    const char *first = (v4 ? n->ipv4_addrs[0].addr_s
                         : n->ipv6_addrs[0].addr_s);
    ds_clear(&match);
    ds_put_format(&match, "inport == %s && ip%d && ip.ttl == {0, 1} && "
                  "!ip.later_frag", op->json_key, family);
    ds_clear(&actions);
    ds_put_format(&actions, "icmp%d {eth.dst <-> eth.src; ", family);
    if (v4) {
        ds_put_format(&actions, "%s ", icmp_type);
    }
    ds_put_format(&actions, "ip%d.dst = ip%d.src; ip%d.src = %s; "
                  "ip.ttl = 254; ", family, family, family, first);
    if (!v4) {
        ds_put_format(&actions, "%s ", icmp_type);
    }
    ds_put_format(&actions, "outport = %s; flags.loopback = 1; output; };",
                  op->json_key);
    ovn_lflow_metered(lflows, op->od, S_ROUTER_IN_IP_INPUT, 30,
                      ds_cstr(&match), ds_cstr(&actions), meter,
                      &op->nbrp->header_, op->lflow_ref);
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Adds the replies of router port 'op' to TCP, SCTP, UDP and other
 * traffic to its address 'addr_s' of family 'family' (4 or 6): a TCP
 * reset, an SCTP abort, an ICMP port unreachable, an ICMP protocol (IPv4)
 * or address (IPv6) unreachable. */
static void
build_unreachables(const struct ovn_port *op, int family, const char *addr_s,
                   const struct lflow_build_input *input,
                   struct lflow_table *lflows)
{
    /* SCTP aborts share the meter of TCP resets. */
    const char *reset_meter = lr_copp_meter(op->od, COPP_TCP_RESET, input);
    const char *icmp_meter = lr_copp_meter(op->od, family == 4
                                                   ? COPP_ICMP4_ERR
                                                   : COPP_ICMP6_ERR, input);
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;
    char *base = xasprintf("ip%d && ip%d.dst == %s && !ip.later_frag",
                           family, family, addr_s);
    static const char *protos[] = { "tcp", "sctp", "udp" };

    for (size_t i = 0; i < ARRAY_SIZE(protos); i++) {
        ds_clear(&match);
        ds_put_format(&match, "%s && %s", base, protos[i]);
        ds_clear(&actions);
        if (!strcmp(protos[i], "tcp")) {
            ds_put_format(&actions, "tcp_reset {eth.dst <-> eth.src; "
                          "ip%d.dst <-> ip%d.src; next; };", family, family);
        } else if (!strcmp(protos[i], "sctp")) {
            ds_put_format(&actions, "sctp_abort {eth.dst <-> eth.src; "
                          "ip%d.dst <-> ip%d.src; next; };", family, family);
        } else {
            ds_put_format(&actions, "icmp%d {eth.dst <-> eth.src; "
                          "ip%d.dst <-> ip%d.src; ip.ttl = 255; "
                          "icmp%d.type = %d; icmp%d.code = %d; next; };",
                          family, family, family, family,
                          family == 4 ? 3 : 1, family,
                          family == 4 ? 3 : 4);
        }
        ovn_lflow_metered(lflows, op->od, S_ROUTER_IN_IP_INPUT, 80,
                          ds_cstr(&match), ds_cstr(&actions),
                          strcmp(protos[i], "udp") ? reset_meter : icmp_meter,
                          &op->nbrp->header_, op->lflow_ref);
    }

    ds_clear(&actions);
    ds_put_format(&actions, "icmp%d {eth.dst <-> eth.src; "
                  "ip%d.dst <-> ip%d.src; ip.ttl = 255; icmp%d.type = %d; "
                  "icmp%d.code = %d; next; };", family, family, family,
                  family, family == 4 ? 3 : 1, family, family == 4 ? 2 : 3);
    ovn_lflow_metered(lflows, op->od, S_ROUTER_IN_IP_INPUT, 70, base,
                      ds_cstr(&actions), icmp_meter, &op->nbrp->header_,
                      op->lflow_ref);
    free(base);
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Adds the BFD flows of router port 'op' for family 'family': BFD control
 * packets to its addresses go to ovn-controller, those it sends go on. */
static void
build_bfd(const struct ovn_port *op, int family,
          const struct lflow_build_input *input, struct lflow_table *lflows)
{
    struct ds addrs = DS_EMPTY_INITIALIZER;
    if (family == 4) {
        if (!op->lrp_networks.n_ipv4_addrs) {
            return;
        }
        lrp_put_ipv4_addrs(&addrs, op, false);
    } else {
        lrp_put_ipv6_addrs(&addrs, op);
    }

    char *match = xasprintf("ip%d.src == %s && udp.dst == %d", family,
                            ds_cstr(&addrs), BFD_UDP_DST_PORT);
    ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_IP_INPUT, 110, match,
                            "next; ", &op->nbrp->header_, op->lflow_ref);
    free(match);
    match = xasprintf("ip%d.dst == %s && udp.dst == %d", family,
                      ds_cstr(&addrs), BFD_UDP_DST_PORT);
    ovn_lflow_metered(lflows, op->od, S_ROUTER_IN_IP_INPUT, 110, match,
                      "handle_bfd_msg(); ",
                      lr_copp_meter(op->od, COPP_BFD, input),
                      &op->nbrp->header_, op->lflow_ref);
    free(match);
    ds_destroy(&addrs);
}

/* IPv4 flows of router port 'op'. */
static void
build_ipv4_input(const struct ovn_port *op, bool is_gateway,
                 const struct lflow_build_input *input,
                 struct lflow_table *lflows)
{
    const struct lport_addresses *n = &op->lrp_networks;
    if (!n->n_ipv4_addrs) {
        return;
    }
    struct ds match = DS_EMPTY_INITIALIZER;

    ds_put_cstr(&match, "ip4.src == ");
    lrp_put_ipv4_addrs(&match, op, true);
    ds_put_cstr(&match, " && "REGBIT_EGRESS_LOOPBACK" == 0");
    ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_IP_INPUT, 100,
                            ds_cstr(&match), "drop;", &op->nbrp->header_,
                            op->lflow_ref);

    /* ICMP echo: whichever port it came in, whatever its TTL (RFC 1812,
     * section 4.2.2.9). */
    ds_clear(&match);
    ds_put_cstr(&match, "ip4.dst == ");
    lrp_put_ipv4_addrs(&match, op, false);
    ds_put_cstr(&match, " && icmp4.type == 8 && icmp4.code == 0");
    ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_IP_INPUT, 90,
                            ds_cstr(&match),
                            "ip4.dst <-> ip4.src; ip.ttl = 255; "
                            "icmp4.type = 0; flags.loopback = 1; next; ",
                            &op->nbrp->header_, op->lflow_ref);

    /* ARP replies, to requesters on the port's networks only. */
    const char *resident = arp_reply_resident_port(op);
    for (size_t i = 0; i < n->n_ipv4_addrs; i++) {
        const struct ipv4_netaddr *na = &n->ipv4_addrs[i];
        ds_clear(&match);
        ds_put_format(&match, "inport == %s && arp.op == 1 && arp.tpa == %s "
                      "&& arp.spa == %s/%u", op->json_key, na->addr_s,
                      na->network_s, na->plen);
        if (resident) {
            ds_put_format(&match, " && is_chassis_resident(%s)", resident);
        }
        ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_IP_INPUT, 90,
                                ds_cstr(&match),
                                "eth.dst = eth.src; "
                                "eth.src = "REG_INPORT_ETH_ADDR"; "
                                "arp.op = 2; /* ARP reply */ "
                                "arp.tha = arp.sha; "
                                "arp.sha = "REG_INPORT_ETH_ADDR"; "
                                "arp.tpa <-> arp.spa; "
                                "outport = inport; flags.loopback = 1; "
                                "output;",
                                &op->nbrp->header_, op->lflow_ref);
        if (!is_gateway) {
            build_unreachables(op, 4, na->addr_s, input, lflows);
        }
    }
    build_ttl_exceeded(op, 4, input, lflows);
    ds_destroy(&match);
}

/* IPv6 flows of router port 'op'. */
static void
build_ipv6_input(const struct ovn_port *op, bool is_gateway,
                 const struct lflow_build_input *input,
                 struct lflow_table *lflows)
{
    const struct lport_addresses *n = &op->lrp_networks;
    if (!n->n_ipv6_addrs) {
        return;
    }
    struct ds match = DS_EMPTY_INITIALIZER;

    ds_put_cstr(&match, "ip6.dst == ");
    lrp_put_ipv6_addrs(&match, op);
    ds_put_cstr(&match, " && icmp6.type == 128 && icmp6.code == 0");
    ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_IP_INPUT, 90,
                            ds_cstr(&match),
                            "ip6.dst <-> ip6.src; ip.ttl = 255; "
                            "icmp6.type = 129; flags.loopback = 1; next; ",
                            &op->nbrp->header_, op->lflow_ref);

    /* Neighbor advertisements for the port's addresses, from the gateway
     * chassis only for a distributed gateway port. */
    for (size_t i = 0; i < n->n_ipv6_addrs; i++) {
        const struct ipv6_netaddr *na = &n->ipv6_addrs[i];
        ds_clear(&match);
        ds_put_format(&match, "inport == %s && ip6.dst == {%s, %s} && "
                      "nd_ns && nd.target == %s", op->json_key, na->addr_s,
                      na->sn_addr_s, na->addr_s);
        if (lrp_is_l3dgw(op)) {
            ds_put_format(&match, " && is_chassis_resident(%s)",
                          op->cr_port->json_key);
        }
        ovn_lflow_metered(lflows, op->od, S_ROUTER_IN_IP_INPUT, 90,
                          ds_cstr(&match),
                          "nd_na_router { "
                          "eth.src = "REG_INPORT_ETH_ADDR"; "
                          "ip6.src = nd.target; "
                          "nd.tll = "REG_INPORT_ETH_ADDR"; "
                          "outport = inport; flags.loopback = 1; "
                          "output; };",
                          lr_copp_meter(op->od, COPP_ND_NA, input),
                          &op->nbrp->header_, op->lflow_ref);
        if (!is_gateway) {
            build_unreachables(op, 6, na->addr_s, input, lflows);
        }
    }

    /* Replies of the prefix delegation server. */
    if (smap_get_bool(&op->nbrp->options, "prefix_delegation", false)) {
        for (size_t i = 0; i < n->n_ipv6_addrs; i++) {
            ds_clear(&match);
            ds_put_format(&match, "ip6.dst == %s && udp.src == 547 && "
                          "udp.dst == 546", n->ipv6_addrs[i].addr_s);
            ovn_lflow_add_with_hint(lflows, op->od, S_ROUTER_IN_IP_INPUT,
                                    100, ds_cstr(&match),
                                    "reg0 = 0; handle_dhcpv6_reply;",
                                    &op->nbrp->header_, op->lflow_ref);
        }
    }
    build_ttl_exceeded(op, 6, input, lflows);
    ds_destroy(&match);
}

/* Flows of port 'op'. */
static void
build_ip_input_op(const struct ovn_port *op,
                  const struct lflow_build_input *input,
                  struct lflow_table *lflows)
{
    if (!op->nbrp || op->is_chassisredirect) {
        return;
    }
    /* Gateways may use their addresses for NAT and load balancing, so
     * they do not answer for them with errors. */
    bool is_gateway = op->od->is_gw_router || op->od->n_l3dgw_ports;

    build_ipv4_input(op, is_gateway, input, lflows);
    build_ipv6_input(op, is_gateway, input, lflows);
    if (input->bfd_ports && sset_contains(input->bfd_ports, op->key)) {
        build_bfd(op, 4, input, lflows);
        build_bfd(op, 6, input, lflows);
    }
    /* When every address of the router's ports is an SNAT address, the
     * traffic to them is left for unSNAT. */
    if (!lr_lb_force_snat_router_ip(op->od, input->lr_stateful)) {
        lrp_build_drop_own_dest(op, input->lr_stateful, S_ROUTER_IN_IP_INPUT,
                                60, false, lflows);
    }
}

/* The family. */
const struct lflow_stage_family lr_ip_input_family = {
    .name = "lr_ip_input",
    .build_datapath = build_ip_input_od,
    .build_port = build_ip_input_op,
};
