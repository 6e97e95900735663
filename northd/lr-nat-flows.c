/* lr-nat-flows.c: NAT in logical routers.
 *
 * This module owns the flows of stages lr_in_unsnat, lr_in_post_unsnat,
 * lr_in_dnat (but the load balancers'), lr_out_chk_dnat_local,
 * lr_out_undnat (but the load balancers'), lr_out_post_undnat,
 * lr_out_snat, lr_out_post_snat and lr_out_egr_loop: the defaults every
 * router has, and for each NAT rule of a gateway router or of a router
 * with distributed gateway ports, the conntrack actions that translate
 * traffic one way and the other, the loop back into the ingress pipeline
 * that traffic from one NAT address to another needs on a distributed
 * gateway port, and the force-SNAT flows of gateway routers.
 *
 * Rules that can be handled in a distributed way (dnat_and_snat with a
 * logical port and an external MAC) are applied on the chassis of their
 * logical port; other rules of a distributed router only on the chassis
 * of the gateway port ("is_chassis_resident"). */

#include <config.h>

#include "lib/ovn-nb-idl.h"
#include "northd/en-global-config.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/lr-common.h"
#include "northd/lr-stateful.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"

/* Registers that the egress loopback clears: reg0 to reg9. */
#define N_LOGICAL_REGS 10

/* Appends to 'match' the restriction of NAT rule 'e' to its allowed or
 * exempted external addresses, which are sources ('is_src', DNAT) or
 * destinations (SNAT).  For exempted addresses, adds the flow at
 * 'exempt_priority' in 'stage' that lets their traffic through untouched,
 * matching 'match' as it stands plus the exempted addresses. */
static void
nat_add_ext_ip_match(const struct ovn_datapath *od,
                     const struct lr_nat_entry *e, struct ds *match,
                     bool is_src, enum ovn_stage stage,
                     uint16_t exempt_priority, struct lflow_table *lflows)
{
    const struct nbrec_nat *nb = e->nb;
    const char *dir = is_src ? "src" : "dst";
    char family = e->is_v6 ? '6' : '4';

    if (nb->allowed_ext_ips) {
        ds_put_format(match, " && ip%c.%s == $%s", family, dir,
                      nb->allowed_ext_ips->name);
    } else if (nb->exempted_ext_ips) {
        struct ds exempt = DS_EMPTY_INITIALIZER;
        ds_put_format(&exempt, "%s && ip%c.%s == $%s", ds_cstr(match),
                      family, dir, nb->exempted_ext_ips->name);
        ovn_lflow_add_with_hint(lflows, od, stage, exempt_priority,
                                ds_cstr(&exempt), "next;", &nb->header_,
                                od->lflow_ref);
        ds_destroy(&exempt);
    }
}

/* Appends the Northbound "match" of NAT rule 'e', if any, to 'match'. */
static void
nat_add_rule_match(const struct lr_nat_entry *e, struct ds *match)
{
    if (e->nb->match && e->nb->match[0]) {
        ds_put_format(match, " && (%s)", e->nb->match);
    }
}

/* Appends to 'match' where rule 'e' of distributed router 'od' applies:
 * traffic through its gateway port, on the gateway chassis unless the
 * rule is distributed.  'dir' is "inport" or "outport". */
static void
nat_add_dgp_match(const struct lr_nat_entry *e, const char *dir,
                  struct ds *match)
{
    ds_put_format(match, " && %s == %s", dir, e->l3dgw_port->json_key);
    if (!e->distributed) {
        ds_put_format(match, " && is_chassis_resident(%s)",
                      e->l3dgw_port->cr_port->json_key);
    }
}

/* lr_in_unsnat: replies to SNATed traffic, addressed to the external
 * address, get their destination translated back. */
static void
build_unsnat_flows(const struct ovn_datapath *od, const struct lr_nat *nat,
                   const struct lr_nat_entry *e, struct ds *match,
                   struct lflow_table *lflows)
{
    const struct nbrec_nat *nb = e->nb;
    if (e->type == LR_NAT_DNAT) {
        return;
    }

    ds_clear(match);
    ds_put_format(match, "ip && ip%c.dst == %s", e->is_v6 ? '6' : '4',
                  nb->external_ip);
    if (od->is_gw_router) {
        ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_UNSNAT, 90,
                                ds_cstr(match),
                                e->stateless ? "next;" : "ct_snat;",
                                &nb->header_, od->lflow_ref);
        return;
    }

    nat_add_dgp_match(e, "inport", match);
    if (e->stateless || !nat->use_common_zone) {
        ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_UNSNAT, 100,
                                ds_cstr(match),
                                e->stateless ? "next;" : "ct_snat;",
                                &nb->header_, od->lflow_ref);
        return;
    }

    /* With a common zone: unSNAT there, but traffic looped back after SNAT
     * in the SNAT zone is unSNATed in that zone. */
    size_t len = match->length;
    ds_put_cstr(match, " && flags.loopback == 0");
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_UNSNAT, 100,
                            ds_cstr(match), "ct_snat_in_czone;",
                            &nb->header_, od->lflow_ref);
    ds_truncate(match, len);
    ds_put_cstr(match, " && flags.loopback == 1 && flags.use_snat_zone == 1");
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_UNSNAT, 100,
                            ds_cstr(match), "ct_snat;",
                            &nb->header_, od->lflow_ref);
}

/* lr_in_dnat: traffic to the external address of a DNAT rule gets its
 * destination translated to the logical address. */
static void
build_dnat_flows(const struct ovn_datapath *od, const struct lr_nat *nat,
                 const struct lr_nat_entry *e, struct ds *match,
                 struct ds *actions, struct lflow_table *lflows)
{
    const struct nbrec_nat *nb = e->nb;
    if (e->type == LR_NAT_SNAT) {
        return;
    }

    ds_clear(match);
    ds_clear(actions);
    ds_put_format(match, "ip && ip%c.dst == %s", e->is_v6 ? '6' : '4',
                  nb->external_ip);
    if (od->is_gw_router) {
        if (nat->dnat_force_snat_addrs.n_ipv4_addrs
            || nat->dnat_force_snat_addrs.n_ipv6_addrs) {
            /* The egress SNAT stage must SNAT what was DNATed here. */
            ds_put_cstr(actions, "flags.force_snat_for_dnat = 1; ");
        }
        /* The router may send the packet back out of the port it came
         * in. */
        ds_put_cstr(actions, "flags.loopback = 1; ");
    } else {
        nat_add_dgp_match(e, "inport", match);
    }
    if (nb->allowed_ext_ips || nb->exempted_ext_ips) {
        nat_add_ext_ip_match(od, e, match, true, S_ROUTER_IN_DNAT, 102,
                             lflows);
    }
    nat_add_rule_match(e, match);

    if (e->stateless) {
        ds_put_format(actions, "ip%c.dst=%s; next;", e->is_v6 ? '6' : '4',
                      nb->logical_ip);
    } else {
        ds_put_format(actions, "%s(%s",
                      nat->use_common_zone ? "ct_dnat_in_czone" : "ct_dnat",
                      nb->logical_ip);
        if (nb->external_port_range[0]) {
            ds_put_format(actions, ",%s", nb->external_port_range);
        }
        ds_put_cstr(actions, ");");
    }
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_DNAT, 100,
                            ds_cstr(match), ds_cstr(actions), &nb->header_,
                            od->lflow_ref);
}

/* lr_out_chk_dnat_local (common zone only): notes that traffic to an
 * external address is DNATed on this chassis, so that SNAT uses its own
 * zone. */
static void
build_chk_dnat_local_flow(const struct ovn_datapath *od,
                          const struct lr_nat *nat,
                          const struct lr_nat_entry *e, struct ds *match,
                          struct lflow_table *lflows)
{
    if (!nat->use_common_zone) {
        return;
    }
    ds_clear(match);
    ds_put_format(match, "ip && ip%c.dst == %s && ", e->is_v6 ? '6' : '4',
                  e->nb->external_ip);
    if (e->distributed) {
        ds_put_format(match, "is_chassis_resident(\"%s\")",
                      e->nb->logical_port);
    } else {
        ds_put_format(match, "is_chassis_resident(%s)",
                      e->l3dgw_port->cr_port->json_key);
    }
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_OUT_CHK_DNAT_LOCAL, 50,
                            ds_cstr(match),
                            REGBIT_DST_NAT_IP_LOCAL" = 1; next;",
                            &e->nb->header_, od->lflow_ref);
}

/* lr_out_undnat (distributed routers): replies to DNATed traffic, leaving
 * through the gateway port, get their source translated back. */
static void
build_undnat_flow(const struct ovn_datapath *od, const struct lr_nat *nat,
                  const struct lr_nat_entry *e, struct ds *match,
                  struct ds *actions, struct lflow_table *lflows)
{
    const struct nbrec_nat *nb = e->nb;
    if (od->is_gw_router || e->type == LR_NAT_SNAT) {
        return;
    }

    ds_clear(match);
    ds_clear(actions);
    ds_put_format(match, "ip && ip%c.src == %s", e->is_v6 ? '6' : '4',
                  nb->logical_ip);
    nat_add_dgp_match(e, "outport", match);
    if (e->distributed) {
        ds_put_format(actions, "eth.src = "ETH_ADDR_FMT"; ",
                      ETH_ADDR_ARGS(e->mac));
    }
    ds_put_cstr(actions, (e->stateless ? "next;"
                          : nat->use_common_zone ? "ct_dnat_in_czone;"
                          : "ct_dnat;"));
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_OUT_UNDNAT, 100,
                            ds_cstr(match), ds_cstr(actions), &nb->header_,
                            od->lflow_ref);
}

/* lr_out_snat: traffic from the logical network of an SNAT rule gets its
 * source translated to the external address, longest prefixes first.
 * With 'track_snat_network' (every chassis can look up and commit to the
 * SNAT zone explicitly), distributed routers also track connections made
 * into the network, whose replies must not be SNATed. */
static void
build_snat_flows(const struct ovn_datapath *od, const struct lr_nat *nat,
                 const struct lr_nat_entry *e, bool track_snat_network,
                 struct ds *match, struct ds *actions,
                 struct lflow_table *lflows)
{
    const struct nbrec_nat *nb = e->nb;
    if (e->type == LR_NAT_DNAT) {
        return;
    }

    uint16_t priority = e->cidr_bits + 1;
    if (!od->is_gw_router) {
        priority += 128;
    }

    ds_clear(match);
    ds_clear(actions);
    ds_put_format(match, "ip && ip%c.src == %s", e->is_v6 ? '6' : '4',
                  nb->logical_ip);
    if (!od->is_gw_router) {
        ds_put_format(match, " && outport == %s && is_chassis_resident(\"%s\")",
                      e->l3dgw_port->json_key,
                      e->distributed ? nb->logical_port
                                     : e->l3dgw_port->cr_port->key);
        if (e->distributed) {
            ds_put_format(actions, "eth.src = "ETH_ADDR_FMT"; ",
                          ETH_ADDR_ARGS(e->mac));
        }
    }
    if (nb->allowed_ext_ips || nb->exempted_ext_ips) {
        nat_add_ext_ip_match(od, e, match, false, S_ROUTER_OUT_SNAT,
                             priority + 2, lflows);
    }
    nat_add_rule_match(e, match);

    if (e->stateless) {
        ds_put_format(actions, "ip%c.src=%s; next;", e->is_v6 ? '6' : '4',
                      nb->external_ip);
        ovn_lflow_add_with_hint(lflows, od, S_ROUTER_OUT_SNAT, priority,
                                ds_cstr(match), ds_cstr(actions),
                                &nb->header_, od->lflow_ref);
        return;
    }

    if (track_snat_network && !nat->use_common_zone
        && !od->is_gw_router) {
        /* Traffic from the network gets its SNAT zone state looked up
         * before lr_out_snat, so that replies to connections made into the
         * network from outside, which are committed to that zone on the
         * way in, are not SNATed. */
        ovn_lflow_add(lflows, od, S_ROUTER_OUT_POST_UNDNAT, 70,
                      ds_cstr(match), "ct_next(snat);", od->lflow_ref);

        struct ds reverse = DS_EMPTY_INITIALIZER;
        ds_put_format(&reverse, "ip && ip%c.dst == %s && inport == %s && "
                      "is_chassis_resident(\"%s\")", e->is_v6 ? '6' : '4',
                      nb->logical_ip, e->l3dgw_port->json_key,
                      e->distributed ? nb->logical_port
                                     : e->l3dgw_port->cr_port->key);
        if (nb->allowed_ext_ips || nb->exempted_ext_ips) {
            nat_add_ext_ip_match(od, e, &reverse, true, S_ROUTER_OUT_SNAT,
                                 priority + 2, lflows);
        }
        nat_add_rule_match(e, &reverse);
        ovn_lflow_add(lflows, od, S_ROUTER_OUT_SNAT, priority,
                      ds_cstr(&reverse), "ct_snat;", od->lflow_ref);
        ds_put_cstr(&reverse, " && ct.new");
        ovn_lflow_add(lflows, od, S_ROUTER_OUT_POST_SNAT, priority,
                      ds_cstr(&reverse), "ct_commit_to_zone(snat);",
                      od->lflow_ref);
        ds_destroy(&reverse);
    }

    ds_put_cstr(match, " && (!ct.trk || !ct.rpl)");
    size_t actions_len = actions->length;
    ds_put_format(actions, "%s(%s",
                  nat->use_common_zone ? "ct_snat_in_czone" : "ct_snat",
                  nb->external_ip);
    if (nb->external_port_range[0]) {
        ds_put_format(actions, ",%s", nb->external_port_range);
    }
    ds_put_cstr(actions, ");");
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_OUT_SNAT, priority,
                            ds_cstr(match), ds_cstr(actions), &nb->header_,
                            od->lflow_ref);

    if (nat->use_common_zone) {
        /* Traffic DNATed on this chassis is SNATed in the SNAT zone. */
        ds_truncate(actions, actions_len);
        ds_put_format(actions, REGBIT_DST_NAT_IP_LOCAL" = 0; ct_snat(%s",
                      nb->external_ip);
        if (nb->external_port_range[0]) {
            ds_put_format(actions, ",%s", nb->external_port_range);
        }
        ds_put_cstr(actions, ");");
        ds_put_cstr(match, " && "REGBIT_DST_NAT_IP_LOCAL" == 1");
        ovn_lflow_add_with_hint(lflows, od, S_ROUTER_OUT_SNAT, priority + 1,
                                ds_cstr(match), ds_cstr(actions),
                                &nb->header_, od->lflow_ref);
    }
}

/* lr_out_egr_loop (distributed routers): traffic that leaves through the
 * gateway port towards a NAT external address of the router goes through
 * the ingress pipeline again, for unSNAT and DNAT, instead of out. */
static void
build_egr_loop_flow(const struct ovn_datapath *od, const struct lr_nat *nat,
                    const struct lr_nat_entry *e, struct ds *match,
                    struct ds *actions, struct lflow_table *lflows)
{
    if (od->is_gw_router) {
        return;
    }

    ds_clear(match);
    ds_put_format(match, "ip%c.dst == %s && outport == %s",
                  e->is_v6 ? '6' : '4', e->nb->external_ip,
                  e->l3dgw_port->json_key);
    if (e->distributed) {
        ds_put_format(match, " && is_chassis_resident(\"%s\")",
                      e->nb->logical_port);
    } else {
        ds_put_format(match, " && is_chassis_resident(%s)",
                      e->l3dgw_port->cr_port->json_key);
    }

    ds_clear(actions);
    ds_put_cstr(actions, "clone { ct_clear; inport = outport; "
                "outport = \"\"; eth.dst <-> eth.src; flags = 0; "
                "flags.loopback = 1; ");
    if (nat->use_common_zone) {
        ds_put_cstr(actions,
                    "flags.use_snat_zone = "REGBIT_DST_NAT_IP_LOCAL"; ");
    }
    for (int i = 0; i < N_LOGICAL_REGS; i++) {
        ds_put_format(actions, "reg%d = 0; ", i);
    }
    ds_put_format(actions, REGBIT_EGRESS_LOOPBACK" = 1; "
                  "next(pipeline=ingress, table=%d); };",
                  ovn_stage_get_table(S_ROUTER_IN_ADMISSION));
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_OUT_EGR_LOOP, 100,
                            ds_cstr(match), ds_cstr(actions),
                            &e->nb->header_, od->lflow_ref);
}

/* Gateway routers: unSNAT of replies to traffic force-SNATed to 'ip' (of
 * family 'family', '4' or '6'), and the force-SNAT itself of traffic
 * flagged by DNAT ('context' "dnat") or load balancing ("lb"). */
static void
build_force_snat_flows(const struct ovn_datapath *od, char family,
                       const char *ip, const char *context,
                       struct ds *match, struct ds *actions,
                       struct lflow_table *lflows)
{
    ds_clear(match);
    ds_put_format(match, "ip%c && ip%c.dst == %s", family, family, ip);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_UNSNAT, 110, ds_cstr(match),
                  "ct_snat;", od->lflow_ref);

    ds_clear(match);
    ds_clear(actions);
    ds_put_format(match, "flags.force_snat_for_%s == 1 && ip%c", context,
                  family);
    ds_put_format(actions, "ct_snat(%s);", ip);
    ovn_lflow_add(lflows, od, S_ROUTER_OUT_SNAT, 100, ds_cstr(match),
                  ds_cstr(actions), od->lflow_ref);
}

/* Adds the force-SNAT flows of gateway router 'od' for the first address
 * of each family of 'addrs'. */
static void
build_force_snat_addrs_flows(const struct ovn_datapath *od,
                             const struct lport_addresses *addrs,
                             const char *context, struct ds *match,
                             struct ds *actions, struct lflow_table *lflows)
{
    if (addrs->n_ipv4_addrs) {
        build_force_snat_flows(od, '4', addrs->ipv4_addrs[0].addr_s, context,
                               match, actions, lflows);
    }
    if (addrs->n_ipv6_addrs) {
        build_force_snat_flows(od, '6', addrs->ipv6_addrs[0].addr_s, context,
                               match, actions, lflows);
    }
}

/* The defaults of the NAT stages, which every router has. */
static void
build_nat_defaults(const struct ovn_datapath *od, struct lflow_table *lflows)
{
    struct lflow_ref *ref = od->lflow_ref;

    ovn_lflow_add(lflows, od, S_ROUTER_IN_UNSNAT, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_POST_UNSNAT, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_DNAT, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_OUT_CHK_DNAT_LOCAL, 0, "1",
                  REGBIT_DST_NAT_IP_LOCAL" = 0; next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_OUT_UNDNAT, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_OUT_POST_UNDNAT, 0, "1", "next;",
                  ref);
    ovn_lflow_add(lflows, od, S_ROUTER_OUT_SNAT, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_OUT_POST_SNAT, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_OUT_EGR_LOOP, 0, "1", "next;", ref);

    /* Neighbor solicitations that ovn-controller makes (nd_ns) must not go
     * through conntrack. */
    ovn_lflow_add(lflows, od, S_ROUTER_OUT_SNAT, 120, "nd_ns", "next;", ref);
}

/* Flows of router 'od' as a whole. */
static void
build_nat_od(const struct ovn_datapath *od,
             const struct lflow_build_input *input,
             struct lflow_table *lflows)
{
    if (!od->nbr) {
        return;
    }
    build_nat_defaults(od, lflows);

    const struct lr_stateful *lrs = lr_stateful_find(input->lr_stateful, od);
    if (!lrs) {
        return;
    }
    const struct lr_nat *nat = &lrs->nat;
    struct lflow_ref *ref = od->lflow_ref;

    /* A gateway router sends all IP traffic through its DNAT zone on the
     * way out, so that replies to DNATed or load-balanced traffic get
     * unDNATed, and commits what is new there so that it is tracked. */
    if (od->is_gw_router && (od->nbr->n_nat || lrs->has_lb_vip)) {
        ovn_lflow_add(lflows, od, S_ROUTER_OUT_UNDNAT, 100,
                      "nd || nd_rs || nd_ra", "next;", ref);
        ovn_lflow_add(lflows, od, S_ROUTER_OUT_UNDNAT, 50, "ip",
                      "flags.loopback = 1; ct_dnat;", ref);
        ovn_lflow_add(lflows, od, S_ROUTER_OUT_POST_UNDNAT, 50,
                      "ip && ct.new", "ct_commit { } ; next; ", ref);
    }

    if (!od->is_gw_router && !od->n_l3dgw_ports) {
        return;
    }

    const struct chassis_features *features = &input->config->features;
    bool track_snat_network = (features->ct_commit_to_zone
                               && features->ct_next_zone);
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;
    for (size_t i = 0; i < nat->n_entries; i++) {
        const struct lr_nat_entry *e = &nat->entries[i];
        if (!e->is_valid || !e->has_flows) {
            continue;
        }
        build_unsnat_flows(od, nat, e, &match, lflows);
        build_dnat_flows(od, nat, e, &match, &actions, lflows);
        build_chk_dnat_local_flow(od, nat, e, &match, lflows);
        build_undnat_flow(od, nat, e, &match, &actions, lflows);
        build_snat_flows(od, nat, e, track_snat_network, &match, &actions,
                         lflows);
        build_egr_loop_flow(od, nat, e, &match, &actions, lflows);
    }

    if (nat->use_common_zone && od->nbr->n_nat) {
        /* Traffic DNATed in the ingress pipeline is DNATed locally. */
        ovn_lflow_add(lflows, od, S_ROUTER_OUT_CHK_DNAT_LOCAL, 50,
                      "ip && ct_mark.natted == 1",
                      REGBIT_DST_NAT_IP_LOCAL" = 1; next;", ref);
    }

    if (od->is_gw_router) {
        build_force_snat_addrs_flows(od, &nat->dnat_force_snat_addrs, "dnat",
                                     &match, &actions, lflows);
        build_force_snat_addrs_flows(od, &nat->lb_force_snat_addrs, "lb",
                                     &match, &actions, lflows);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* The largest network id that flags.network_id holds (4 bits). */
#define MAX_NETWORK_ID 15

/* Router port flows: with options:lb_force_snat_ip=router_ip, a gateway
 * router SNATs load-balanced traffic to the address of the port it leaves
 * through (of the network that lr_in_network_id found for its next hop,
 * IPv4; the first address otherwise), and unSNATs the replies. */
static void
build_nat_op(const struct ovn_port *op,
             const struct lflow_build_input *input,
             struct lflow_table *lflows)
{
    if (!op->nbrp || op->is_chassisredirect || !op->peer) {
        return;
    }
    const struct lr_stateful *lrs = lr_stateful_find(input->lr_stateful,
                                                     op->od);
    if (!lrs || !lrs->nat.lb_force_snat_router_ip) {
        return;
    }

    const struct lport_addresses *n = &op->lrp_networks;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;
    struct lflow_ref *ref = op->lflow_ref;

    if (n->n_ipv4_addrs) {
        ds_put_format(&match, "flags.force_snat_for_lb == 1 && ip4 && "
                      "outport == %s", op->json_key);
        ds_put_format(&actions, "ct_snat(%s);", n->ipv4_addrs[0].addr_s);
        ovn_lflow_add(lflows, op->od, S_ROUTER_OUT_SNAT, 105,
                      ds_cstr(&match), ds_cstr(&actions), ref);

        for (size_t i = 0; i < n->n_ipv4_addrs && i <= MAX_NETWORK_ID;
             i++) {
            const char *ip = n->ipv4_addrs[i].addr_s;
            ds_clear(&match);
            ds_put_format(&match, "inport == %s && ip4.dst == %s",
                          op->json_key, ip);
            ovn_lflow_add(lflows, op->od, S_ROUTER_IN_UNSNAT, 110,
                          ds_cstr(&match), "ct_snat;", ref);

            ds_clear(&match);
            ds_clear(&actions);
            ds_put_format(&match, "flags.force_snat_for_lb == 1 && "
                          "flags.network_id == %"PRIuSIZE" && ip4 && "
                          "outport == %s", i, op->json_key);
            ds_put_format(&actions, "ct_snat(%s);", ip);
            ovn_lflow_add(lflows, op->od, S_ROUTER_OUT_SNAT, 110,
                          ds_cstr(&match), ds_cstr(&actions), ref);
        }
    }

    /* The last IPv6 address is the link-local one, which is not used. */
    if (n->n_ipv6_addrs > 1) {
        const char *ip = n->ipv6_addrs[0].addr_s;
        ds_clear(&match);
        ds_put_format(&match, "inport == %s && ip6.dst == %s",
                      op->json_key, ip);
        ovn_lflow_add(lflows, op->od, S_ROUTER_IN_UNSNAT, 110,
                      ds_cstr(&match), "ct_snat;", ref);

        ds_clear(&match);
        ds_clear(&actions);
        ds_put_format(&match, "flags.force_snat_for_lb == 1 && ip6 && "
                      "outport == %s", op->json_key);
        ds_put_format(&actions, "ct_snat(%s);", ip);
        ovn_lflow_add(lflows, op->od, S_ROUTER_OUT_SNAT, 110,
                      ds_cstr(&match), ds_cstr(&actions), ref);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* The family. */
const struct lflow_stage_family lr_nat_family = {
    .name = "lr_nat",
    .build_datapath = build_nat_od,
    .build_port = build_nat_op,
};
