/* lr-gw-mtu.c: the MTU of logical router gateway ports.
 *
 * This module owns the flows of stages lr_in_chk_pkt_len and
 * lr_in_larger_pkts, and those of lr_in_ip_input that answer too large
 * packets, for the gateway ports (distributed gateway ports, and every port
 * of a gateway router) with options:gateway_mtu: packets that leave through
 * such a port are checked against its MTU (except those that
 * options:gateway_mtu_bypass selects, ARP by default), and a packet that
 * is too large gets an ICMP "fragmentation needed" or ICMPv6 "packet too
 * big" error back from the port it came in through, which goes through
 * the router pipeline again (with the egress loopback bit set).  (The
 * admission stage marks too large packets that arrive through such a
 * port; see lr-admission.c.) */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "northd/copp.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/lr-common.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"

/* Adds to 'stage' the flows that answer packets marked too large that
 * came in through router port 'in' (and leave through 'out', if nonnull)
 * with an ICMP error from 'in' that carries 'mtu'. */
static void
build_too_big_replies(const struct ovn_port *in, const struct ovn_port *out,
                      int mtu, enum ovn_stage stage,
                      const struct lflow_build_input *input,
                      struct lflow_table *lflows)
{
    const struct lport_addresses *n = &in->lrp_networks;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    for (int family = 4; family <= 6; family += 2) {
        bool v4 = family == 4;
        if (v4 ? !n->n_ipv4_addrs : !n->n_ipv6_addrs) {
            continue;
        }
        const char *src = v4 ? n->ipv4_addrs[0].addr_s
                             : n->ipv6_addrs[0].addr_s;
        ds_clear(&match);
        ds_put_format(&match, "inport == %s && ", in->json_key);
        if (out) {
            ds_put_format(&match, "outport == %s && ", out->json_key);
        }
        ds_put_format(&match, "ip%d && "REGBIT_PKT_LARGER" && "
                      REGBIT_EGRESS_LOOPBACK" == 0", family);

        ds_clear(&actions);
        ds_put_format(&actions, REGBIT_EGRESS_LOOPBACK" = 1; "
                      REGBIT_PKT_LARGER" = 0; eth.dst = %s; "
                      "ip%d.dst = ip%d.src; ip%d.src = %s; ip.ttl = 255; ",
                      n->ea_s, family, family, family, src);
        if (v4) {
            ds_put_format(&actions, "icmp4.type = 3; /* Destination "
                          "Unreachable. */ icmp4.code = 4; /* Frag Needed "
                          "and DF was Set. */ icmp4.frag_mtu = %d; ", mtu);
        } else {
            ds_put_format(&actions, "icmp6.type = 2; /* Packet Too Big. */ "
                          "icmp6.code = 0; icmp6.frag_mtu = %d; ", mtu);
        }
        ds_put_format(&actions, "next(pipeline=ingress, table=%d); };",
                      ovn_stage_get_table(S_ROUTER_IN_ADMISSION));

        const char *meter = lr_copp_meter(in->od, v4 ? COPP_ICMP4_ERR
                                                     : COPP_ICMP6_ERR,
                                          input);
        char *error = xasprintf("icmp%d_error {%s", family,
                                ds_cstr(&actions));
        ovn_lflow_metered(lflows, in->od, stage, 150, ds_cstr(&match),
                          error, meter, &in->nbrp->header_,
                          in->od->lflow_ref);
        free(error);

        if (out) {
            /* Replies of DNATed connections: the error goes through
             * SNAT too. */
            ds_put_cstr(&match, " && ct.trk && ct.rpl && ct.dnat");
            error = xasprintf("icmp%d_error {flags.icmp_snat = 1; %s",
                              family, ds_cstr(&actions));
            ovn_lflow_metered(lflows, in->od, stage, 160,
                              ds_cstr(&match), error, meter,
                              &in->nbrp->header_, in->od->lflow_ref);
            free(error);
        }
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Adds the flows of gateway port 'gw' of router 'od', if it has an MTU. */
static void
build_gateway_port_mtu(const struct ovn_datapath *od,
                       const struct ovn_port *gw,
                       const struct lflow_build_input *input,
                       struct lflow_table *lflows)
{
    int mtu = smap_get_int(&gw->nbrp->options, "gateway_mtu", 0);
    if (mtu <= 0) {
        return;
    }

    char *match = xasprintf("outport == %s", gw->json_key);
    char *actions = xasprintf(REGBIT_PKT_LARGER" = check_pkt_larger(%d); "
                              "next;", mtu + ETH_HEADER_LEN);
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_CHK_PKT_LEN, 50, match,
                            actions, &gw->nbrp->header_, od->lflow_ref);
    free(actions);
    char *bypass = xasprintf("%s && (%s)", match,
                             smap_get_def(&gw->nbrp->options,
                                          "gateway_mtu_bypass", "arp"));
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_CHK_PKT_LEN, 55, bypass,
                            "next;", &gw->nbrp->header_, od->lflow_ref);
    free(bypass);
    free(match);

    /* Too large packets that arrived through the gateway port... */
    build_too_big_replies(gw, NULL, mtu, S_ROUTER_IN_IP_INPUT, input,
                          lflows);

    /* ...and those that would leave through it. */
    const struct ovn_port *op;
    OVN_DATAPATH_FOR_EACH_PORT (op, od) {
        if (op != gw && op->nbrp && !op->is_chassisredirect) {
            build_too_big_replies(op, gw, mtu, S_ROUTER_IN_LARGER_PKTS,
                                  input, lflows);
        }
    }
}

/* Flows of router 'od' as a whole. */
static void
build_gw_mtu_od(const struct ovn_datapath *od,
                const struct lflow_build_input *input,
                struct lflow_table *lflows)
{
    if (!od->nbr) {
        return;
    }
    ovn_lflow_add(lflows, od, S_ROUTER_IN_CHK_PKT_LEN, 0, "1", "next;",
                  od->lflow_ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_LARGER_PKTS, 0, "1", "next;",
                  od->lflow_ref);

    for (size_t i = 0; i < od->n_l3dgw_ports; i++) {
        build_gateway_port_mtu(od, od->l3dgw_ports[i], input, lflows);
    }
    if (od->is_gw_router) {
        const struct ovn_port *op;
        OVN_DATAPATH_FOR_EACH_PORT (op, od) {
            if (op->nbrp && !op->is_chassisredirect) {
                build_gateway_port_mtu(od, op, input, lflows);
            }
        }
    }
}

/* The family. */
const struct lflow_stage_family lr_gw_mtu_family = {
    .name = "lr_gw_mtu",
    .build_datapath = build_gw_mtu_od,
};
