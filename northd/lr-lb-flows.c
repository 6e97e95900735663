/* lr-lb-flows.c: load balancing in logical routers.
 *
 * This module owns the flows of stages lr_in_defrag, lr_in_ct_extract,
 * lr_in_lb_aff_check and lr_in_lb_aff_learn, and the load balancer flows
 * of lr_in_dnat, lr_in_unsnat, lr_out_undnat, lr_out_snat and
 * lr_in_gw_redirect.
 *
 * Traffic to a VIP of a router's load balancers goes through conntrack
 * (lr_in_defrag), which DNATs established connections; new connections
 * pick one of the VIP's (live) backends in lr_in_dnat, flagged for SNAT to
 * the router's force-SNAT address (options:lb_force_snat_ip) or for no
 * SNAT at all (the load balancer's options:skip_snat).  On a router with
 * distributed gateway ports, load balancing happens on the gateway
 * chassis, where the backends' replies are brought back for unDNAT.  With
 * an affinity timeout, a client's new connections go to the backend its
 * previous ones went to.
 *
 * The flows of each VIP are built once per load balancer and shared by
 * every router it applies to where they are the same. */

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
#include "northd/lr-common.h"
#include "northd/lr-stateful.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"
#include "uuid.h"

/* Registers of the router's load balancing stages. */
#define REG_CT_PROTO "reg1[16..23]"     /* Protocol of a new connection. */
#define REG_CT_TP_DST "reg1[0..15]"     /* Its original destination port. */
#define REG_ORIG_TP_DPORT_ROUTER "reg9[16..31]"  /* VIP port, for
                                                  * affinity. */
#define REG_LB_AFF_BACKEND_IP4 "reg4"   /* Affinity backend (IPv4). */
#define REG_LB_AFF_BACKEND_IP6 "xxreg1" /* Affinity backend (IPv6). */
#define REG_LB_AFF_MATCH_PORT "reg8[0..15]"  /* Affinity backend port. */

/* What a router does with the source of load-balanced traffic. */
enum lr_lb_snat {
    LR_LB_SNAT_NORMAL,          /* What its NAT rules say. */
    LR_LB_SNAT_SKIP,            /* Nothing (options:skip_snat). */
    LR_LB_SNAT_FORCE,           /* Force-SNAT (options:lb_force_snat_ip). */
    LR_LB_SNAT_N
};

/* What building the flows of one load balancer needs. */
struct lr_lb_ctx {
    const struct northd_lb *lb;             /* The load balancer. */
    const struct lflow_build_input *input;  /* What builders read. */
    struct lflow_table *lflows;             /* Where flows go. */
    size_t n_bits;                          /* Bits in datapath maps. */
};

/* Returns what router 'lrs' does with the source of traffic that 'lb'
 * balances. */
static enum lr_lb_snat
lr_lb_snat_type(const struct northd_lb *lb, const struct lr_stateful *lrs)
{
    if (lb->skip_snat) {
        return LR_LB_SNAT_SKIP;
    }
    const struct lr_nat *nat = &lrs->nat;
    if (nat->lb_force_snat_router_ip || nat->lb_force_snat_addrs.n_ipv4_addrs
        || nat->lb_force_snat_addrs.n_ipv6_addrs) {
        return LR_LB_SNAT_FORCE;
    }
    return LR_LB_SNAT_NORMAL;
}

/* Adds a flow to every router in 'map'. */
static void
add_lr_lb_flow(const struct lr_lb_ctx *ctx, const unsigned long *map,
               enum ovn_stage stage, uint16_t priority, const char *match,
               const char *actions)
{
    ovn_lflow_add_dps(ctx->lflows, map, ctx->n_bits, stage, priority, match,
                      actions, &ctx->lb->nlb->header_, ctx->lb->lflow_ref);
}

/* Adds a flow that sends packets to ovn-controller to every router in
 * 'map', each with the controller meter its Copp gives 'proto' (those
 * without one share the flow). */
static void
add_lr_lb_flow_metered(const struct lr_lb_ctx *ctx, const unsigned long *map,
                       enum ovn_stage stage, uint16_t priority,
                       const char *match, const char *actions,
                       const char *proto)
{
    const struct ovn_datapaths *dps = ctx->input->datapaths;
    unsigned long *unmetered = bitmap_clone(map, ctx->n_bits);
    size_t idx;
    BITMAP_FOR_EACH_1 (idx, ctx->n_bits, map) {
        const struct ovn_datapath *od = dps->array[idx];
        const char *meter = copp_meter_get(od->nbr->copp, proto,
                                           ctx->input->nb_idl);
        if (meter) {
            bitmap_set0(unmetered, idx);
            ovn_lflow_metered(ctx->lflows, od, stage, priority, match,
                              actions, meter, &ctx->lb->nlb->header_,
                              ctx->lb->lflow_ref);
        }
    }
    add_lr_lb_flow(ctx, unmetered, stage, priority, match, actions);
    free(unmetered);
}

/* Returns "ip4" or "ip6" for 'vip'. */
static const char *
vip_ip(const struct northd_lb_vip *vip)
{
    return vip->address_family == AF_INET ? "ip4" : "ip6";
}

/* lr_in_defrag: traffic to the VIP goes through conntrack, reassembled,
 * and established connections get DNATed. */
static void
build_vip_defrag(const struct lr_lb_ctx *ctx, const struct northd_lb_vip *vip)
{
    char *match = xasprintf("ip && %s.dst == %s", vip_ip(vip), vip->vip_str);
    add_lr_lb_flow(ctx, ctx->lb->lr_map, S_ROUTER_IN_DEFRAG, 100, match,
                   "ct_dnat;");
    free(match);
}

/* ls_in_dnat actions for new connections to 'vip', for each kind of
 * router, into 'actions'.  Returns whether they reject (no live backend
 * and options:reject), for the controller meter. */
static bool
build_vip_actions(const struct lr_lb_ctx *ctx,
                  const struct northd_lb_vip *vip,
                  struct ds actions[LR_LB_SNAT_N])
{
    const struct northd_lb *lb = ctx->lb;
    struct ds backends = DS_EMPTY_INITIALIZER;
    bool has_backends = northd_lb_vip_put_backends(
        lb, vip, ctx->input->svc_monitors, &backends);

    bool reject = false;
    if (!has_backends && (lb->reject || vip->health_check)) {
        /* Reject, or drop when every backend is down; the flags still say
         * what to do with the source. */
        reject = lb->reject;
        ds_put_cstr(&actions[LR_LB_SNAT_SKIP], "flags.skip_snat_for_lb = 1; ");
        ds_put_cstr(&actions[LR_LB_SNAT_FORCE],
                    "flags.force_snat_for_lb = 1; ");
        for (int i = 0; i < LR_LB_SNAT_N; i++) {
            if (reject) {
                ds_put_format(&actions[i], "reg0 = 0; reject { outport <-> "
                              "inport; next(pipeline=egress,table=%d);};",
                              ovn_stage_get_table(S_ROUTER_OUT_SNAT));
            } else {
                ds_put_cstr(&actions[i], "drop;");
            }
        }
    } else {
        struct ds ct_lb = DS_EMPTY_INITIALIZER;
        ds_put_format(&ct_lb, "ct_lb_mark(backends=%s", ds_cstr(&backends));
        if (lb->hash_fields) {
            ds_put_format(&ct_lb, "; hash_fields=\"%s\"", lb->hash_fields);
        }
        ds_put_format(&actions[LR_LB_SNAT_NORMAL], "%s);", ds_cstr(&ct_lb));
        ds_put_format(&actions[LR_LB_SNAT_SKIP],
                      "flags.skip_snat_for_lb = 1; %s; skip_snat);",
                      ds_cstr(&ct_lb));
        ds_put_format(&actions[LR_LB_SNAT_FORCE],
                      "flags.force_snat_for_lb = 1; %s; force_snat);",
                      ds_cstr(&ct_lb));
        ds_destroy(&ct_lb);
    }
    ds_destroy(&backends);
    return reject;
}

/* Appends to 'match' the backends of 'vip' as sources: "(ip4.src == B &&
 * tcp.src == P) || ...". */
static void
put_backends_as_sources(const struct northd_lb *lb,
                        const struct northd_lb_vip *vip, struct ds *match)
{
    for (size_t i = 0; i < vip->n_backends; i++) {
        const struct northd_lb_backend *b = &vip->backends[i];
        ds_put_format(match, "%s(%s.src == %s", i ? " || " : "",
                      vip_ip(vip), b->ip_str);
        if (b->port_str) {
            ds_put_format(match, " && %s.src == %s", lb->proto, b->port_str);
        }
        ds_put_char(match, ')');
    }
}

/* The flows of 'vip' in router 'od', which has distributed gateway ports:
 * load balancing on the gateway chassis of each, and the replies of the
 * backends brought there for unDNAT. */
static void
build_vip_dgp_flows(const struct lr_lb_ctx *ctx,
                    const struct northd_lb_vip *vip,
                    const struct ovn_datapath *od, enum lr_lb_snat type,
                    const struct lr_stateful *lrs, const char *new_match,
                    uint16_t priority, const char *new_action, bool reject)
{
    const struct northd_lb *lb = ctx->lb;
    const char *meter = (reject
                         ? copp_meter_get(od->nbr->copp, COPP_REJECT,
                                          ctx->input->nb_idl)
                         : NULL);
    const char *undnat_action = (type == LR_LB_SNAT_FORCE
                                 ? "flags.force_snat_for_lb = 1; next;"
                                 : type == LR_LB_SNAT_SKIP
                                 ? "flags.skip_snat_for_lb = 1; next;"
                                 : lrs->nat.use_common_zone
                                 ? "ct_dnat_in_czone;" : "ct_dnat;");
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < od->n_l3dgw_ports; i++) {
        const struct ovn_port *dgp = od->l3dgw_ports[i];

        ds_clear(&match);
        ds_put_cstr(&match, new_match);
        if (vip->n_backends || !lb->reject) {
            ds_put_format(&match, " && is_chassis_resident(%s)",
                          dgp->cr_port->json_key);
        }
        ovn_lflow_metered(ctx->lflows, od, S_ROUTER_IN_DNAT, priority,
                          ds_cstr(&match), new_action, meter,
                          &lb->nlb->header_, lb->lflow_ref);

        if (!vip->n_backends) {
            continue;
        }

        /* Replies of the backends go to the gateway chassis. */
        ds_clear(&match);
        ds_put_format(&match, "%s && (", vip_ip(vip));
        put_backends_as_sources(lb, vip, &match);
        ds_put_format(&match, ") && outport == %s", dgp->json_key);
        ds_clear(&actions);
        ds_put_format(&actions, "outport = %s; next;",
                      dgp->cr_port->json_key);
        ovn_lflow_add_with_hint(ctx->lflows, od, S_ROUTER_IN_GW_REDIRECT,
                                200, ds_cstr(&match), ds_cstr(&actions),
                                &lb->nlb->header_, lb->lflow_ref);

        ds_clear(&match);
        ds_put_format(&match, "%s && (", vip_ip(vip));
        put_backends_as_sources(lb, vip, &match);
        ds_put_format(&match, ") && (inport == %s || outport == %s) && "
                      "is_chassis_resident(%s)", dgp->json_key,
                      dgp->json_key, dgp->cr_port->json_key);
        ovn_lflow_add_with_hint(ctx->lflows, od, S_ROUTER_OUT_UNDNAT, 120,
                                ds_cstr(&match), undnat_action,
                                &lb->nlb->header_, lb->lflow_ref);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* lr_in_dnat: with controller events enabled, packets to a VIP without
 * backends are reported to ovn-controller. */
static void
build_vip_empty_event(const struct lr_lb_ctx *ctx,
                      const struct northd_lb_vip *vip)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;
    if (northd_lb_empty_event_flow(ctx->lb, vip,
                                   &ctx->input->config->nb_options,
                                   &match, &actions)) {
        add_lr_lb_flow_metered(ctx, ctx->lb->lr_map, S_ROUTER_IN_DNAT, 130,
                               ds_cstr(&match), ds_cstr(&actions),
                               COPP_EVENT_ELB);
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* lr_in_lb_aff_check, lr_in_dnat and lr_in_lb_aff_learn: with an affinity
 * timeout, a client's new connections to 'vip' go to the backend its
 * previous ones went to, and the backend chosen for a new client is
 * remembered; in the routers of 'map' that do 'type' with the source. */
static void
build_vip_affinity(const struct lr_lb_ctx *ctx,
                   const struct northd_lb_vip *vip, const char *new_match,
                   const unsigned long *map, enum lr_lb_snat type)
{
    const struct northd_lb *lb = ctx->lb;
    if (!lb->affinity_timeout || lb->is_template || !vip->n_backends
        || bitmap_is_all_zeros(map, ctx->n_bits)) {
        return;
    }
    bool ipv4 = vip->address_family == AF_INET;
    const char *ip = vip_ip(vip);
    const char *reg_vip = ipv4 ? REG_NEXT_HOP_IPV4 : REG_NEXT_HOP_IPV6;
    const char *reg_backend = (ipv4 ? REG_LB_AFF_BACKEND_IP4
                               : REG_LB_AFF_BACKEND_IP6);
    const char *snat_action = (type == LR_LB_SNAT_FORCE
                               ? "flags.force_snat_for_lb = 1; "
                               : type == LR_LB_SNAT_SKIP
                               ? "flags.skip_snat_for_lb = 1; " : "");
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    ds_put_format(&actions, "%s = %s.dst; ", reg_vip, ip);
    if (vip->port_str) {
        ds_put_format(&actions, REG_ORIG_TP_DPORT_ROUTER" = %s.dst; ",
                      lb->proto);
    }
    ds_put_cstr(&actions, REGBIT_KNOWN_LB_SESSION" = chk_lb_aff(); next;");
    add_lr_lb_flow(ctx, map, S_ROUTER_IN_LB_AFF_CHECK, 100, new_match,
                   ds_cstr(&actions));

    for (size_t i = 0; i < vip->n_backends; i++) {
        const struct northd_lb_backend *b = &vip->backends[i];

        /* A known client: straight to its backend. */
        ds_clear(&match);
        ds_put_format(&match, REGBIT_KNOWN_LB_SESSION" == 1 && ct.new && "
                      "%s.dst == %s && %s == %s", ip, vip->vip_str,
                      reg_backend, b->ip_str);
        if (b->port_str) {
            ds_put_format(&match, " && "REG_LB_AFF_MATCH_PORT" == %s",
                          b->port_str);
        }
        ds_clear(&actions);
        ds_put_format(&actions, "%s = %s; %sct_lb_mark(backends=", reg_vip,
                      vip->vip_str, snat_action);
        northd_lb_backend_format(vip, b, &actions);
        ds_put_cstr(&actions, ");");
        add_lr_lb_flow(ctx, map, S_ROUTER_IN_DNAT, 150, ds_cstr(&match),
                       ds_cstr(&actions));

        /* A new client: remember where it went. */
        northd_lb_aff_learn_flow(lb, vip, b, reg_vip,
                                 REG_ORIG_TP_DPORT_ROUTER, &match, &actions);
        add_lr_lb_flow(ctx, map, S_ROUTER_IN_LB_AFF_LEARN, 100,
                       ds_cstr(&match), ds_cstr(&actions));
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* The flows of 'vip' in the routers it applies to. */
static void
build_vip_flows(const struct lr_lb_ctx *ctx, const struct northd_lb_vip *vip)
{
    const struct northd_lb *lb = ctx->lb;
    const struct ovn_datapaths *dps = ctx->input->datapaths;
    const char *ip = vip_ip(vip);
    struct ds new_match = DS_EMPTY_INITIALIZER;
    uint16_t priority = 110;

    ds_put_format(&new_match, "ct.new && !ct.rel && %s && %s.dst == %s", ip,
                  ip, vip->vip_str);
    if (vip->port_str) {
        priority = 120;
        ds_put_format(&new_match, " && "REG_CT_PROTO" == %d && "
                      REG_CT_TP_DST" == %s", lb->ip_proto, vip->port_str);
    }

    struct ds actions[LR_LB_SNAT_N];
    for (int i = 0; i < LR_LB_SNAT_N; i++) {
        ds_init(&actions[i]);
    }
    bool reject = build_vip_actions(ctx, vip, actions);

    /* Routers without distributed gateway ports share flows by kind;
     * affinity flows are shared by kind by all. */
    unsigned long *gw_maps[LR_LB_SNAT_N];
    unsigned long *aff_maps[LR_LB_SNAT_N];
    for (int i = 0; i < LR_LB_SNAT_N; i++) {
        gw_maps[i] = bitmap_allocate(ctx->n_bits);
        aff_maps[i] = bitmap_allocate(ctx->n_bits);
    }
    unsigned long *unsnat_map = bitmap_allocate(ctx->n_bits);
    bool any_unsnat = false;

    size_t idx;
    BITMAP_FOR_EACH_1 (idx, ctx->n_bits, lb->lr_map) {
        const struct ovn_datapath *od = dps->array[idx];
        const struct lr_stateful *lrs
            = lr_stateful_find(ctx->input->lr_stateful, od);
        if (!lrs) {
            continue;
        }
        enum lr_lb_snat type = lr_lb_snat_type(lb, lrs);
        if (!od->n_l3dgw_ports) {
            bitmap_set1(gw_maps[type], idx);
        } else {
            build_vip_dgp_flows(ctx, vip, od, type, lrs, ds_cstr(&new_match),
                                priority, ds_cstr(&actions[type]), reject);
        }
        bitmap_set1(aff_maps[type], idx);
        if (sset_contains(&lrs->nat.external_ips, vip->vip_str)) {
            /* The VIP is also a NAT address: traffic to it skips unSNAT,
             * so that established connections match in lr_in_dnat. */
            bitmap_set1(unsnat_map, idx);
            any_unsnat = true;
        }
    }

    for (int i = 0; i < LR_LB_SNAT_N; i++) {
        if (!bitmap_is_all_zeros(gw_maps[i], ctx->n_bits)) {
            if (reject) {
                add_lr_lb_flow_metered(ctx, gw_maps[i], S_ROUTER_IN_DNAT,
                                       priority, ds_cstr(&new_match),
                                       ds_cstr(&actions[i]), COPP_REJECT);
            } else {
                add_lr_lb_flow(ctx, gw_maps[i], S_ROUTER_IN_DNAT, priority,
                               ds_cstr(&new_match), ds_cstr(&actions[i]));
            }
        }
        build_vip_affinity(ctx, vip, ds_cstr(&new_match), aff_maps[i], i);
    }

    if (any_unsnat) {
        struct ds match = DS_EMPTY_INITIALIZER;
        ds_put_format(&match, "%s && %s.dst == %s && %s", ip, ip,
                      vip->vip_str, lb->proto);
        if (vip->port_str) {
            ds_put_format(&match, " && %s.dst == %s", lb->proto,
                          vip->port_str);
        }
        add_lr_lb_flow(ctx, unsnat_map, S_ROUTER_IN_UNSNAT, 120,
                       ds_cstr(&match), "next;");
        ds_destroy(&match);
    }

    for (int i = 0; i < LR_LB_SNAT_N; i++) {
        ds_destroy(&actions[i]);
        free(gw_maps[i]);
        free(aff_maps[i]);
    }
    free(unsnat_map);
    ds_destroy(&new_match);
}

/* Flows of load balancer 'lb' in the routers it applies to. */
static void
build_lr_lb_lb(const struct northd_lb *lb,
               const struct lflow_build_input *input,
               struct lflow_table *lflows)
{
    if (!lb->n_lr || !input->lr_stateful) {
        return;
    }
    struct lr_lb_ctx ctx = {
        .lb = lb,
        .input = input,
        .lflows = lflows,
        .n_bits = input->datapaths->n,
    };

    for (size_t i = 0; i < lb->n_vips; i++) {
        const struct northd_lb_vip *vip = &lb->vips[i];
        build_vip_defrag(&ctx, vip);
        build_vip_flows(&ctx, vip);
        build_vip_empty_event(&ctx, vip);
    }

    if (lb->skip_snat) {
        add_lr_lb_flow(&ctx, lb->lr_map, S_ROUTER_OUT_SNAT, 120,
                       "flags.skip_snat_for_lb == 1 && ip", "next;");
    }
}

/* Flows of router 'od' as a whole: the defaults of the load balancing
 * stages, and for routers with VIPs the extraction of what conntrack
 * knows of new connections and the handling of established and related
 * ones, which keep the SNAT decision made when they were new. */
static void
build_lr_lb_od(const struct ovn_datapath *od,
               const struct lflow_build_input *input,
               struct lflow_table *lflows)
{
    if (!od->nbr) {
        return;
    }
    struct lflow_ref *ref = od->lflow_ref;

    ovn_lflow_add(lflows, od, S_ROUTER_IN_DEFRAG, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_CT_EXTRACT, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_LB_AFF_CHECK, 0, "1", "next;",
                  ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_LB_AFF_LEARN, 0, "1", "next;",
                  ref);

    const struct lr_stateful *lrs = lr_stateful_find(input->lr_stateful, od);
    if (!lrs || !lrs->has_lb_vip) {
        return;
    }

    ovn_lflow_add(lflows, od, S_ROUTER_IN_CT_EXTRACT, 100, "ct.new && ip",
                  REG_CT_PROTO" = ct_proto(); "REG_CT_TP_DST" = ct_tp_dst(); "
                  "next;", ref);

    static const char *est = "ct.est && !ct.rel && !ct.new && !ct.rpl && "
                             "ct_mark.natted";
    static const char *rel = "ct.rel && !ct.est && !ct.new && !ct.rpl";
    struct ds match = DS_EMPTY_INITIALIZER;

    ovn_lflow_add(lflows, od, S_ROUTER_IN_DNAT, 50, est, "next;", ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_DNAT, 50, rel, "ct_commit_nat;",
                  ref);

    ds_put_format(&match, "%s && ct_mark.force_snat == 1", est);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_DNAT, 70, ds_cstr(&match),
                  "flags.force_snat_for_lb = 1; next;", ref);
    ds_clear(&match);
    ds_put_format(&match, "%s && ct_mark.skip_snat == 1", est);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_DNAT, 70, ds_cstr(&match),
                  "flags.skip_snat_for_lb = 1; next;", ref);
    ds_clear(&match);
    ds_put_format(&match, "%s && ct_mark.force_snat == 1", rel);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_DNAT, 70, ds_cstr(&match),
                  "flags.force_snat_for_lb = 1; ct_commit_nat;", ref);
    ds_clear(&match);
    ds_put_format(&match, "%s && ct_mark.skip_snat == 1", rel);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_DNAT, 70, ds_cstr(&match),
                  "flags.skip_snat_for_lb = 1; ct_commit_nat;", ref);
    ds_destroy(&match);
}

/* The family. */
const struct lflow_stage_family lr_lb_family = {
    .name = "lr_lb",
    .build_datapath = build_lr_lb_od,
    .build_lb = build_lr_lb_lb,
};
