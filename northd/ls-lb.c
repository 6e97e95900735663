/* ls-lb.c: load balancing in logical switches.
 *
 * This module owns the flows of stages ls_in_pre_lb, ls_out_pre_lb,
 * ls_in_ct_extract, ls_in_lb_aff_check, ls_in_lb, ls_in_lb_aff_learn,
 * ls_in_pre_hairpin, ls_in_nat_hairpin and ls_in_hairpin, the load
 * balancer flows of ls_in_pre_stateful, and the ARP/ND responders (in
 * ls_in_arp_rsp) for the source addresses of service monitor probes.
 *
 * A switch with some load balancer VIP sends all its IP traffic through
 * conntrack (ct_lb_mark), so that established connections to VIPs are
 * DNATed and replies un-DNATed; new connections to a VIP choose a backend
 * in ls_in_lb, remembering the VIP (reg4 or xxreg1, reg2[0..15]) for
 * hairpinning, and a backend that talks to its own VIP gets its traffic
 * back SNATed to the VIP.  Traffic that no load balancer may care about
 * (multicast, neighbor discovery, service monitor probes, ICMP errors
 * from tunnels, packets marked stateless, traffic of router and localnet
 * ports) skips conntrack.
 *
 * The flows of each VIP are built once per load balancer and shared by
 * every switch it applies to. */

#include <config.h>

#include <string.h>
#include <sys/socket.h>

#include "bitmap.h"
#include "lib/ovn-nb-idl.h"
#include "northd/copp.h"
#include "northd/en-global-config.h"
#include "northd/lb.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/ls-acl-data.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"
#include "uuid.h"

/* Registers that carry what load balancing decided. */
#define REG_ORIG_DIP_IPV4 "reg4"        /* VIP (IPv4). */
#define REG_ORIG_DIP_IPV6 "xxreg1"      /* VIP (IPv6). */
#define REG_ORIG_TP_DPORT "reg2[0..15]" /* VIP port. */
#define REG_CT_PROTO "reg1[16..23]"     /* Protocol of a new connection. */
#define REG_CT_TP_DST "reg1[0..15]"     /* Its original destination port. */
#define REG_LB_AFF_BACKEND_IP4 "reg4"   /* Affinity backend (IPv4). */
#define REG_LB_AFF_BACKEND_IP6 "xxreg1" /* Affinity backend (IPv6). */
#define REG_LB_AFF_MATCH_PORT "reg2[0..15]"  /* Affinity backend port. */

/* Flows of switch 'od' as a whole. */
static void
build_lb_od(const struct ovn_datapath *od,
            const struct lflow_build_input *input OVS_UNUSED,
            struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    struct lflow_ref *ref = od->lflow_ref;

    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_LB, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_LB, 0, "1", "next;", ref);

    /* What never goes through a load balancer. */
    static const char *nd = "nd || nd_rs || nd_ra || mldv1 || mldv2";
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_LB, 110, "eth.mcast", "next;",
                  ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_LB, 110, "eth.mcast", "next;",
                  ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_LB, 110, nd, "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_LB, 110, nd, "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_LB, 110,
                  "eth.dst == $svc_monitor_mac", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_LB, 110,
                  "eth.src == $svc_monitor_mac", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_LB, 110,
                  "((ip4 && icmp4.type == 3 && icmp4.code == 4) ||"
                  "(ip6 && icmp6.type == 2 && icmp6.code == 0)) && "
                  "flags.tunnel_rx == 1", "next;", ref);
    /* Packets an ACL marked stateless. */
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_LB, 110, "reg0[16] == 1",
                  "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_LB, 110, "reg0[16] == 1",
                  "next;", ref);

    ovn_lflow_add(lflows, od, S_SWITCH_IN_CT_EXTRACT, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_LB_AFF_CHECK, 0, "1", "next;",
                  ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_LB, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_LB_AFF_LEARN, 0, "1", "next;",
                  ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_HAIRPIN, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_NAT_HAIRPIN, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_HAIRPIN, 0, "1", "next;", ref);

    if (!ls_has_lb_vip(od)) {
        return;
    }

    /* All IP traffic goes to conntrack (pre_stateful), to be DNATed if it
     * belongs to a load balanced connection, and so that invalid replies
     * from backends are caught. */
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_LB, 100, "ip",
                  "reg0[2] = 1; next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_LB, 100, "ip",
                  "reg0[2] = 1; next;", ref);

    /* New connections: their protocol and original destination port, as
     * conntrack saw them (fragments carry no port). */
    ovn_lflow_add(lflows, od, S_SWITCH_IN_CT_EXTRACT, 100, "ct.new && ip",
                  REG_CT_PROTO " = ct_proto(); "
                  REG_CT_TP_DST " = ct_tp_dst(); next;", ref);

    /* Established connections that arrived fragmented (reg0[19]): the VIP
     * comes from conntrack, for hairpin checks. */
    ovn_lflow_add(lflows, od, S_SWITCH_IN_LB, 110,
                  "ct.trk && ct.est && !ct.rpl && reg0[19] == 1 && ip4",
                  REG_ORIG_DIP_IPV4 " = ct_nw_dst(); "
                  REG_ORIG_TP_DPORT " = ct_tp_dst(); next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_LB, 110,
                  "ct.trk && ct.est && !ct.rpl && reg0[19] == 1 && ip6",
                  REG_ORIG_DIP_IPV6 " = ct_ip6_dst(); "
                  REG_ORIG_TP_DPORT " = ct_tp_dst(); next;", ref);

    /* Hairpin: a backend reaching itself through a VIP (reg0[6]) gets the
     * packet back with the VIP as source; replies of such connections
     * (reg0[12]) are unSNATed. */
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_HAIRPIN, 100, "ip && ct.trk",
                  "reg0[6] = chk_lb_hairpin(); "
                  "reg0[12] = chk_lb_hairpin_reply(); next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_NAT_HAIRPIN, 100,
                  "ip && ct.new && ct.trk && reg0[6] == 1",
                  "ct_snat_to_vip; next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_NAT_HAIRPIN, 100,
                  "ip && ct.est && ct.trk && reg0[6] == 1", "ct_snat;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_NAT_HAIRPIN, 90,
                  "ip && reg0[12] == 1", "ct_snat;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_HAIRPIN, 1,
                  "(reg0[6] == 1 || reg0[12] == 1)",
                  "eth.dst <-> eth.src; outport = inport; "
                  "flags.loopback = 1; output;", ref);
}

/* Flows of port 'op': router and localnet ports never use conntrack in
 * the switch (the router, or the outside, does its own).  Traffic to them
 * forgets its conntrack state, unless the switch has stateful ACLs (which
 * need it: ls-acl.c).  (Such ports are never changed incrementally, and a
 * change of the switch's ACL summary rebuilds everything.) */
static void
build_lb_op(const struct ovn_port *op,
            const struct lflow_build_input *input,
            struct lflow_table *lflows)
{
    if (!op->nbsp || !op->od->nbs) {
        return;
    }
    bool is_router = lsp_is_router(op->nbsp) && op->peer;
    bool is_localnet = !strcmp(op->nbsp->type, "localnet");
    if (!is_router && !is_localnet) {
        return;
    }

    struct ds match = DS_EMPTY_INITIALIZER;
    ds_put_format(&match, "ip && inport == %s", op->json_key);
    ovn_lflow_add_with_lport_and_hint(lflows, op->od, S_SWITCH_IN_PRE_LB,
                                      110, ds_cstr(&match), "next;",
                                      op->key, &op->nbsp->header_,
                                      op->lflow_ref);
    ds_clear(&match);
    ds_put_format(&match, "ip && outport == %s", op->json_key);
    const struct ls_acl_info *acls = ls_acl_data_find(input->ls_acls,
                                                      op->od);
    ovn_lflow_add_with_lport_and_hint(lflows, op->od, S_SWITCH_OUT_PRE_LB,
                                      110, ds_cstr(&match),
                                      acls && acls->summary.has_stateful_acl
                                      ? "next;"
                                      : "flags.pkt_sampled = 0; ct_clear; "
                                        "next;",
                                      op->key, &op->nbsp->header_,
                                      op->lflow_ref);
    ds_destroy(&match);
}

/* Load balancer flows. */

/* What building the flows of one load balancer needs. */
struct lb_flow_ctx {
    const struct northd_lb *lb;             /* The load balancer. */
    const struct lflow_build_input *input;  /* What builders read. */
    struct lflow_table *lflows;             /* Where flows go. */
    size_t n_bits;                          /* Bits in datapath maps. */
};

/* Adds a flow to every switch of the load balancer. */
static void
add_lb_flow(const struct lb_flow_ctx *ctx, enum ovn_stage stage,
            uint16_t priority, const char *match, const char *actions)
{
    ovn_lflow_add_dps(ctx->lflows, ctx->lb->ls_map, ctx->n_bits, stage,
                      priority, match, actions, &ctx->lb->nlb->header_,
                      ctx->lb->lflow_ref);
}

/* Adds a flow that sends packets to ovn-controller to every switch of the
 * load balancer, each with the controller meter its Copp gives 'proto'
 * (those without one share the flow). */
static void
add_lb_flow_metered(const struct lb_flow_ctx *ctx, enum ovn_stage stage,
                    uint16_t priority, const char *match,
                    const char *actions, const char *proto)
{
    const struct ovn_datapaths *dps = ctx->input->datapaths;
    unsigned long *unmetered = bitmap_clone(ctx->lb->ls_map, ctx->n_bits);
    size_t idx;
    BITMAP_FOR_EACH_1 (idx, ctx->n_bits, ctx->lb->ls_map) {
        const struct ovn_datapath *od = dps->array[idx];
        const char *meter = copp_meter_get(od->nbs->copp, proto,
                                           ctx->input->nb_idl);
        if (meter) {
            bitmap_set0(unmetered, idx);
            ovn_lflow_metered(ctx->lflows, od, stage, priority, match,
                              actions, meter, &ctx->lb->nlb->header_,
                              ctx->lb->lflow_ref);
        }
    }
    if (!bitmap_is_all_zeros(unmetered, ctx->n_bits)) {
        ovn_lflow_add_dps(ctx->lflows, unmetered, ctx->n_bits, stage,
                          priority, match, actions, &ctx->lb->nlb->header_,
                          ctx->lb->lflow_ref);
    }
    free(unmetered);
}

/* Whether 'vip' is IPv4. */
static bool
vip_is_ipv4(const struct northd_lb_vip *vip)
{
    return vip->address_family == AF_INET;
}

/* ls_in_pre_stateful: packets to the VIP go to conntrack remembering the
 * VIP, so that established connections are DNATed and hairpin checks know
 * what the packet was sent to. */
static void
build_vip_pre_stateful(const struct lb_flow_ctx *ctx,
                       const struct northd_lb_vip *vip)
{
    const struct northd_lb *lb = ctx->lb;
    bool ipv4 = vip_is_ipv4(vip);
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    ds_put_format(&match, "reg0[2] == 1 && %s.dst == %s",
                  ipv4 ? "ip4" : "ip6", vip->vip_str);
    ds_put_format(&actions, "%s = %s; ",
                  ipv4 ? REG_ORIG_DIP_IPV4 : REG_ORIG_DIP_IPV6,
                  vip->vip_str);
    if (vip->port_str) {
        ds_put_format(&match, " && %s.dst == %s", lb->proto, vip->port_str);
        ds_put_format(&actions, REG_ORIG_TP_DPORT " = %s; ", vip->port_str);
    }
    ds_put_cstr(&actions, "ct_lb_mark;");
    add_lb_flow(ctx, S_SWITCH_IN_PRE_STATEFUL, 120, ds_cstr(&match),
                ds_cstr(&actions));
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* ls_in_pre_lb: with controller events enabled, packets to a VIP without
 * backends are reported to ovn-controller instead. */
static void
build_vip_empty_event(const struct lb_flow_ctx *ctx,
                      const struct northd_lb_vip *vip)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;
    if (northd_lb_empty_event_flow(ctx->lb, vip,
                                   &ctx->input->config->nb_options,
                                   &match, &actions)) {
        add_lb_flow_metered(ctx, S_SWITCH_IN_PRE_LB, 130, ds_cstr(&match),
                            ds_cstr(&actions), COPP_EVENT_ELB);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* ls_in_lb: new connections to the VIP go to one of its (live) backends,
 * or are rejected or dropped when there is none. */
static void
build_vip_lb(const struct lb_flow_ctx *ctx, const struct northd_lb_vip *vip)
{
    const struct northd_lb *lb = ctx->lb;
    bool ipv4 = vip_is_ipv4(vip);
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;
    uint16_t priority = 110;

    ds_put_format(&match, "ct.new && %s.dst == %s", ipv4 ? "ip4" : "ip6",
                  vip->vip_str);
    if (vip->port_str) {
        ds_put_format(&match, " && " REG_CT_PROTO " == %d && "
                      REG_CT_TP_DST " == %s", lb->ip_proto, vip->port_str);
        priority = 120;
    }

    ds_put_format(&actions, "%s = %s; ",
                  ipv4 ? REG_ORIG_DIP_IPV4 : REG_ORIG_DIP_IPV6,
                  vip->vip_str);
    if (vip->port_str) {
        ds_put_format(&actions, REG_ORIG_TP_DPORT " = %s; ", vip->port_str);
    }
    ds_put_cstr(&actions, "ct_lb_mark(backends=");
    bool has_backends = northd_lb_vip_put_backends(
        lb, vip, ctx->input->svc_monitors, &actions);

    if (!has_backends && lb->reject) {
        ds_clear(&actions);
        ds_put_format(&actions, "reg0 = 0; reject { outport <-> inport; "
                      "next(pipeline=egress,table=%d);};",
                      ovn_stage_get_table(S_SWITCH_OUT_QOS));
        add_lb_flow_metered(ctx, S_SWITCH_IN_LB, priority, ds_cstr(&match),
                            ds_cstr(&actions), COPP_REJECT);
    } else {
        if (!has_backends && vip->health_check) {
            /* Every backend is down. */
            ds_clear(&actions);
            ds_put_cstr(&actions, "drop;");
        } else {
            if (lb->hash_fields) {
                ds_put_format(&actions, "; hash_fields=\"%s\"",
                              lb->hash_fields);
            }
            ds_put_cstr(&actions, ");");
        }
        add_lb_flow(ctx, S_SWITCH_IN_LB, priority, ds_cstr(&match),
                    ds_cstr(&actions));
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* ls_in_lb_aff_check, ls_in_lb and ls_in_lb_aff_learn: with an affinity
 * timeout, a client's new connections to the VIP go to the backend its
 * previous ones went to (chk_lb_aff() finds it, priority 150 in ls_in_lb
 * sends to it), and the backend chosen for a new client is remembered
 * (commit_lb_aff()). */
static void
build_vip_affinity(const struct lb_flow_ctx *ctx,
                   const struct northd_lb_vip *vip)
{
    const struct northd_lb *lb = ctx->lb;
    if (!lb->affinity_timeout || lb->is_template || !vip->n_backends) {
        return;
    }
    bool ipv4 = vip_is_ipv4(vip);
    const char *ip = ipv4 ? "ip4" : "ip6";
    const char *reg_vip = ipv4 ? REG_ORIG_DIP_IPV4 : REG_ORIG_DIP_IPV6;
    const char *reg_backend = (ipv4 ? REG_LB_AFF_BACKEND_IP4
                               : REG_LB_AFF_BACKEND_IP6);
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    ds_put_format(&match, "ct.new && %s && %s.dst == %s", ip, ip,
                  vip->vip_str);
    if (vip->port_str) {
        ds_put_format(&match, " && %s.dst == %s", lb->proto, vip->port_str);
    }
    add_lb_flow(ctx, S_SWITCH_IN_LB_AFF_CHECK, 100, ds_cstr(&match),
                REGBIT_KNOWN_LB_SESSION " = chk_lb_aff(); next;");

    for (size_t i = 0; i < vip->n_backends; i++) {
        const struct northd_lb_backend *b = &vip->backends[i];

        /* A known client: straight to its backend. */
        ds_clear(&match);
        ds_put_format(&match, REGBIT_KNOWN_LB_SESSION " == 1 && ct.new && "
                      "%s.dst == %s && %s == %s", ip, vip->vip_str,
                      reg_backend, b->ip_str);
        if (b->port_str) {
            ds_put_format(&match, " && " REG_LB_AFF_MATCH_PORT " == %s",
                          b->port_str);
        }
        ds_clear(&actions);
        ds_put_format(&actions, "%s = %s; ", reg_vip, vip->vip_str);
        if (vip->port_str) {
            ds_put_format(&actions, REG_ORIG_TP_DPORT " = %s; ",
                          vip->port_str);
        }
        ds_put_cstr(&actions, "ct_lb_mark(backends=");
        northd_lb_backend_format(vip, b, &actions);
        ds_put_cstr(&actions, ");");
        add_lb_flow(ctx, S_SWITCH_IN_LB, 150, ds_cstr(&match),
                    ds_cstr(&actions));

        /* A new client: remember where it went. */
        northd_lb_aff_learn_flow(lb, vip, b, reg_vip, REG_ORIG_TP_DPORT,
                                 &match, &actions);
        add_lb_flow(ctx, S_SWITCH_IN_LB_AFF_LEARN, 100, ds_cstr(&match),
                    ds_cstr(&actions));
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* ls_in_arp_rsp: the switch of the logical port that probes a backend
 * answers ARP and neighbor solicitations for the probes' source address
 * with the service monitor MAC, so that backends can reply. */
static void
build_vip_svc_mon_responders(const struct lb_flow_ctx *ctx,
                             const struct northd_lb_vip *vip)
{
    if (!vip->health_check) {
        return;
    }
    const char *mac = ctx->input->config->svc_monitor_mac;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < vip->n_backends; i++) {
        const struct northd_lb_backend *b = &vip->backends[i];
        if (!b->health_check || b->svc_mon_az) {
            continue;
        }
        const struct ovn_port *op = ovn_port_find(ctx->input->ports,
                                                  b->svc_mon_lport);
        if (!op || !op->nbsp || !op->od->nbs) {
            continue;
        }

        ds_clear(&match);
        ds_clear(&actions);
        if (vip_is_ipv4(vip)) {
            ds_put_format(&match, "arp.tpa == %s && arp.op == 1",
                          b->svc_mon_src_ip);
            ds_put_format(&actions,
                          "eth.dst = eth.src; eth.src = %s; "
                          "arp.op = 2; /* ARP reply */ arp.tha = arp.sha; "
                          "arp.sha = %s; arp.tpa = arp.spa; arp.spa = %s; "
                          "outport = inport; flags.loopback = 1; output;",
                          mac, mac, b->svc_mon_src_ip);
        } else {
            ds_put_format(&match, "nd_ns && nd.target == %s",
                          b->svc_mon_src_ip);
            ds_put_format(&actions,
                          "nd_na { eth.dst = eth.src; eth.src = %s; "
                          "nd.tll = %s; ip6.src = %s; nd.target = %s; "
                          "outport = inport; flags.loopback = 1; "
                          "output; };",
                          mac, mac, b->svc_mon_src_ip, b->svc_mon_src_ip);
        }
        ovn_lflow_add_with_hint(ctx->lflows, op->od, S_SWITCH_IN_ARP_ND_RSP,
                                110, ds_cstr(&match), ds_cstr(&actions),
                                &ctx->lb->nlb->header_,
                                ctx->lb->lflow_ref);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Flows of load balancer 'lb' in the switches it applies to. */
static void
build_lb_lb(const struct northd_lb *lb,
            const struct lflow_build_input *input,
            struct lflow_table *lflows)
{
    struct lb_flow_ctx ctx = {
        .lb = lb,
        .input = input,
        .lflows = lflows,
        .n_bits = input->datapaths->n,
    };

    for (size_t i = 0; i < lb->n_vips; i++) {
        const struct northd_lb_vip *vip = &lb->vips[i];
        build_vip_svc_mon_responders(&ctx, vip);
        if (!lb->n_ls) {
            continue;
        }
        build_vip_pre_stateful(&ctx, vip);
        build_vip_empty_event(&ctx, vip);
        build_vip_lb(&ctx, vip);
        build_vip_affinity(&ctx, vip);
    }
}

/* The family. */
const struct lflow_stage_family ls_lb_family = {
    .name = "ls_lb",
    .build_datapath = build_lb_od,
    .build_port = build_lb_op,
    .build_lb = build_lb_lb,
};
