/* ls-acl.c: access control lists of logical switches, switch-wide flows.
 *
 * This module owns the flows of stages ls_in_pre_acl, ls_in_acl_hint,
 * ls_in_acl_eval, ls_in_acl_sample, ls_in_acl_action,
 * ls_in_acl_after_lb_eval, ls_in_acl_after_lb_sample,
 * ls_in_acl_after_lb_action and their egress counterparts that do not come
 * from one ACL (ls-acl-eval.c writes those):
 *
 *   - pre-ACL: with stateful ACLs, IP traffic goes to conntrack, but for
 *     multicast, neighbor discovery, DHCPv6, service monitor traffic and
 *     traffic of router and localnet ports;
 *
 *   - hints: with stateful ACLs or load balancers, what conntrack says
 *     about the packet narrows down which ACL flows it may hit;
 *
 *   - evaluation: the defaults around the ACLs (replies and related
 *     traffic of allowed connections pass, invalid traffic and replies of
 *     blocked connections do not, neighbor discovery always passes, as do
 *     service monitor traffic, DHCP and DNS replies that ovn-controller
 *     sends);
 *
 *   - action: acting on the verdict (allow, drop, reject), and going
 *     through the evaluation stage again for each ACL tier.
 *
 * The flows of a switch depend on the summary of its ACLs (ls-acl-data.h):
 * when that changes, everything is rebuilt. */

#include <config.h>

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "northd/acl-regs.h"
#include "northd/copp.h"
#include "northd/en-global-config.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/ls-acl-data.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "packets.h"
#include "smap.h"

/* Traffic that never goes to conntrack for ACLs. */
#define ND_AND_DHCPV6 \
    "nd || nd_rs || nd_ra || mldv1 || mldv2 || " \
    "(udp && udp.src == 546 && udp.dst == 547)"
#define ICMP_PKT_TOO_BIG_FROM_TUNNEL \
    "((ip4 && icmp4.type == 3 && icmp4.code == 4) || " \
    "(ip6 && icmp6.type == 2 && icmp6.code == 0)) && flags.tunnel_rx == 1"

/* The "allow" verdict. */
#define ALLOW_NEXT REGBIT_ACL_VERDICT_ALLOW " = 1; next;"

/* Adds the flows of router or localnet port 'op' that keep its IP traffic
 * away from conntrack in the pre-ACL stages. */
static void
skip_port_from_conntrack(const struct ovn_port *op,
                         struct lflow_table *lflows, struct lflow_ref *ref)
{
    char *match = xasprintf("ip && inport == %s", op->json_key);
    ovn_lflow_add_with_lport_and_hint(lflows, op->od, S_SWITCH_IN_PRE_ACL,
                                      110, match, "next;", op->key,
                                      &op->nbsp->header_, ref);
    free(match);
    match = xasprintf("ip && outport == %s", op->json_key);
    ovn_lflow_add_with_lport_and_hint(lflows, op->od, S_SWITCH_OUT_PRE_ACL,
                                      110, match, "next;", op->key,
                                      &op->nbsp->header_, ref);
    free(match);
}

/* Pre-ACL stages of switch 'od'. */
static void
build_pre_acls(const struct ovn_datapath *od, const struct ls_acl_summary *s,
               struct lflow_table *lflows, struct lflow_ref *ref)
{
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_ACL, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_ACL, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_ACL, 110,
                  "eth.dst == $svc_monitor_mac", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_ACL, 110,
                  "eth.src == $svc_monitor_mac", "next;", ref);

    if (!s->has_stateful_acl) {
        return;
    }

    /* Router ports (unless told to apply ACLs) and localnet ports stay
     * out of conntrack.  (Such ports are never changed incrementally, so
     * building their flows here with the switch's is safe.) */
    const struct ovn_port *op;
    OVN_DATAPATH_FOR_EACH_PORT (op, od) {
        if (!op->nbsp) {
            continue;
        }
        if (lsp_is_router(op->nbsp)
            ? op->peer && !smap_get_bool(&op->nbsp->options,
                                         "enable_router_port_acl", false)
            : !strcmp(op->nbsp->type, "localnet")) {
            skip_port_from_conntrack(op, lflows, ref);
        }
    }

    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_ACL, 110, ND_AND_DHCPV6,
                  "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_ACL, 110, ND_AND_DHCPV6,
                  "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_ACL, 110,
                  ICMP_PKT_TOO_BIG_FROM_TUNNEL, "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_ACL, 100, "ip",
                  REGBIT_CONNTRACK_DEFRAG " = 1; next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_ACL, 100, "ip",
                  REGBIT_CONNTRACK_DEFRAG " = 1; next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_PRE_ACL, 110, "eth.mcast", "next;",
                  ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_PRE_ACL, 110, "eth.mcast",
                  "next;", ref);
}

/* ACL hint stages of switch 'od': what conntrack knows about the packet
 * tells which kinds of ACL flows it may match. */
static void
build_acl_hints(const struct ovn_datapath *od, const struct ls_acl_summary *s,
                struct lflow_table *lflows, struct lflow_ref *ref)
{
    static const struct {
        uint16_t priority;
        const char *match;
        const char *actions;
    } hints[] = {
        /* New connections may hit allow ACLs (and be committed) or drop
         * ACLs. */
        { 7, "ct.new && !ct.est",
          REGBIT_ACL_HINT_ALLOW_NEW " = 1; " REGBIT_ACL_HINT_DROP " = 1; "
          REGBIT_CONNTRACK_COMMIT " = 1; next;" },
        /* So may requests of blocked connections, which an allow ACL
         * added since may let through again. */
        { 6, "!ct.new && ct.est && !ct.rpl && ct_mark.blocked == 1",
          REGBIT_ACL_HINT_ALLOW_NEW " = 1; " REGBIT_ACL_HINT_DROP " = 1; "
          REGBIT_CONNTRACK_COMMIT " = 1; next;" },
        /* Untracked traffic may be allowed or dropped. */
        { 5, "!ct.trk",
          REGBIT_ACL_HINT_ALLOW " = 1; " REGBIT_ACL_HINT_DROP " = 1; "
          "next;" },
        /* Requests of allowed connections may hit allow ACLs, or drop
         * ACLs that must then mark the connection blocked. */
        { 4, "!ct.new && ct.est && !ct.rpl && ct_mark.blocked == 0",
          REGBIT_ACL_HINT_ALLOW " = 1; " REGBIT_ACL_HINT_BLOCK " = 1; "
          "next;" },
        { 3, "!ct.est", REGBIT_ACL_HINT_DROP " = 1; next;" },
        { 2, "ct.est && ct_mark.blocked == 1",
          REGBIT_ACL_HINT_DROP " = 1; next;" },
        { 1, "ct.est && ct_mark.blocked == 0",
          REGBIT_ACL_HINT_BLOCK " = 1; next;" },
    };
    static const enum ovn_stage stages[] = {
        S_SWITCH_IN_ACL_HINT, S_SWITCH_OUT_ACL_HINT,
    };

    for (size_t i = 0; i < ARRAY_SIZE(stages); i++) {
        ovn_lflow_add(lflows, od, stages[i],
                      s->has_acls || s->has_lb_vip ? 0 : UINT16_MAX,
                      "1", "next;", ref);
        if (!s->has_stateful_acl && !s->has_lb_vip) {
            continue;
        }
        for (size_t j = 0; j < ARRAY_SIZE(hints); j++) {
            ovn_lflow_add(lflows, od, stages[i], hints[j].priority,
                          hints[j].match, hints[j].actions, ref);
        }
    }
}

/* Flows of the ACL evaluation stages that conntrack state decides, for a
 * switch with stateful ACLs or load balancers. */
static void
build_acl_eval_stateful(const struct ovn_datapath *od,
                        const struct global_config *config,
                        struct lflow_table *lflows, struct lflow_ref *ref)
{
    /* What no ACL matched: new connections are up to the default verdict
     * (their commit is already hinted); established ones that were
     * blocked are allowed again. */
    static const char *est_blocked = "ip && ct.est && ct_mark.blocked == 1";
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_EVAL, 1, "ip && !ct.est",
                  "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_EVAL, 1, "ip && !ct.est",
                  "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_EVAL, 1, est_blocked,
                  ALLOW_NEXT, ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_EVAL, 1, est_blocked,
                  ALLOW_NEXT, ref);

    /* Invalid traffic, and replies of connections that a policy change
     * blocked, never pass. */
    bool use_ct_inv = smap_get_bool(&config->nb_options, "use_ct_inv_match",
                                    true);
    char *match = xasprintf("%s(ct.est && ct.rpl && ct_mark.blocked == 1)",
                            use_ct_inv ? "ct.inv || " : "");
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_EVAL, UINT16_MAX - 3, match,
                  REGBIT_ACL_VERDICT_DROP " = 1; next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_EVAL, UINT16_MAX - 3, match,
                  REGBIT_ACL_VERDICT_DROP " = 1; next;", ref);
    free(match);

    /* Replies of allowed connections pass, as does related traffic (NATed
     * like its connection), and everything of a connection committed as
     * persistent.  Ingress remembers it for the ACLs after load
     * balancing; a connection through a network function keeps going
     * through it. */
    static const char *rpl = "ct.est && !ct.rel && ct.rpl && "
                             "ct_mark.blocked == 0";
    static const char *rel = "!ct.est && ct.rel && !ct.new && "
                             "ct_mark.blocked == 0";
    static const char *persist = "ct.est && ct_mark.allow_established == 1";
#define NF_ALLOW REGBIT_NF_ENABLED " = ct_label.nf; " \
                 REGBIT_ACL_VERDICT_ALLOW " = 1; "
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_EVAL, UINT16_MAX - 3, rpl,
                  REGBIT_ACL_HINT_DROP " = 0; " REGBIT_ACL_HINT_BLOCK " = 0; "
                  REGBIT_ACL_HINT_ALLOW_REL " = 1; " NF_ALLOW "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_EVAL, UINT16_MAX - 3, rpl,
                  NF_ALLOW "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_EVAL, UINT16_MAX - 3, rel,
                  REGBIT_ACL_HINT_ALLOW_REL " = 1; " NF_ALLOW
                  "ct_commit_nat;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_EVAL, UINT16_MAX - 3, rel,
                  NF_ALLOW "ct_commit_nat;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_EVAL, UINT16_MAX - 3, persist,
                  REGBIT_ACL_ALLOW_EST " = 1; " NF_ALLOW "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_EVAL, UINT16_MAX - 3,
                  persist, NF_ALLOW "next;", ref);
#undef NF_ALLOW

    /* What the evaluation before load balancing allowed as reply, related
     * or persistent passes the ACLs after it too. */
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_AFTER_LB_EVAL, UINT16_MAX - 3,
                  REGBIT_ACL_HINT_ALLOW_REL " == 1", ALLOW_NEXT, ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_AFTER_LB_EVAL, UINT16_MAX - 3,
                  REGBIT_ACL_ALLOW_EST " == 1", ALLOW_NEXT, ref);
}

/* ACL evaluation stages of switch 'od', but for the ACLs themselves. */
static void
build_acl_eval(const struct ovn_datapath *od, const struct ls_acl_summary *s,
               const struct lflow_build_input *input,
               struct lflow_table *lflows, struct lflow_ref *ref)
{
    bool has_stateful = s->has_stateful_acl || s->has_lb_vip;

    /* Without ACLs or load balancers, these stages do nothing. */
    uint16_t default_priority = s->has_acls || s->has_lb_vip ? 0 : UINT16_MAX;
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_EVAL, default_priority, "1",
                  "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_EVAL, default_priority, "1",
                  "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_AFTER_LB_EVAL, 0, "1",
                  "next;", ref);

    if (has_stateful) {
        build_acl_eval_stateful(od, input->config, lflows, ref);
    }

    /* Neighbor discovery always passes. */
    static const char *nd = "nd || nd_ra || nd_rs || mldv1 || mldv2";
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_EVAL, UINT16_MAX - 3, nd,
                  ALLOW_NEXT, ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_EVAL, UINT16_MAX - 3, nd,
                  ALLOW_NEXT, ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_AFTER_LB_EVAL, UINT16_MAX - 3,
                  nd, ALLOW_NEXT, ref);

    /* So does service monitor traffic, to and from ovn-controller. */
    if (s->has_acls || s->has_lb_vip) {
        ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_EVAL, 34000,
                      "eth.dst == $svc_monitor_mac", ALLOW_NEXT, ref);
        ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_EVAL, 34000,
                      "eth.src == $svc_monitor_mac", ALLOW_NEXT, ref);
    }

    /* And DNS replies of ovn-controller's DNS responder. */
    for (size_t i = 0; i < od->nbs->n_dns_records; i++) {
        if (!smap_is_empty(&od->nbs->dns_records[i]->records)) {
            ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_EVAL, 34000,
                          "flags.from_ctrl && udp.src == 53", ALLOW_NEXT,
                          ref);
            break;
        }
    }
}

/* ACL action stages of switch 'od': acting on the verdict, and going
 * through the ACLs again for each tier. */
static void
build_acl_action(const struct ovn_datapath *od,
                 const struct ls_acl_summary *s,
                 const struct lflow_build_input *input,
                 struct lflow_table *lflows, struct lflow_ref *ref)
{
    static const struct {
        enum ovn_stage stage;           /* Action stage. */
        enum ovn_stage eval;            /* Its evaluation stage. */
        enum acl_eval_stage tier_stage; /* Whose tiers. */
    } stages[] = {
        { S_SWITCH_IN_ACL_ACTION, S_SWITCH_IN_ACL_EVAL, ACL_EVAL_IN },
        { S_SWITCH_IN_ACL_AFTER_LB_ACTION, S_SWITCH_IN_ACL_AFTER_LB_EVAL,
          ACL_EVAL_IN_AFTER_LB },
        { S_SWITCH_OUT_ACL_ACTION, S_SWITCH_OUT_ACL_EVAL, ACL_EVAL_OUT },
    };
    bool default_drop = smap_get_bool(&input->config->nb_options,
                                      "default_acl_drop", false);
    const char *reject_meter = NULL;
    if (s->has_acls) {
        reject_meter = copp_meter_get(od->nbs->copp, COPP_REJECT,
                                      input->nb_idl);
    }
    struct ds actions = DS_EMPTY_INITIALIZER;
    struct ds match = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < ARRAY_SIZE(stages); i++) {
        enum ovn_stage stage = stages[i].stage;
        if (!s->has_acls) {
            ovn_lflow_add(lflows, od, stage, 0, "1", "next;", ref);
            continue;
        }
        uint8_t max_tier = s->max_tier[stages[i].tier_stage];
        bool ingress = ovn_stage_get_pipeline(stage) == P_IN;

        /* Every verdict clears the verdict bits (and the tier) for the
         * next ACL stage. */
        ds_clear(&actions);
        ds_put_cstr(&actions, REGBIT_ACL_VERDICT_ALLOW " = 0; "
                    REGBIT_ACL_VERDICT_DROP " = 0; "
                    REGBIT_ACL_VERDICT_REJECT " = 0; ");
        if (max_tier) {
            ds_put_cstr(&actions, REG_ACL_TIER " = 0; ");
        }
        size_t reset_len = actions.length;

        ds_put_cstr(&actions, "next;");
        ovn_lflow_add(lflows, od, stage, 1000,
                      REGBIT_ACL_VERDICT_ALLOW " == 1", ds_cstr(&actions),
                      ref);

        ds_truncate(&actions, reset_len);
        ds_put_cstr(&actions, "/* drop */");
        ovn_lflow_add(lflows, od, stage, 1000,
                      REGBIT_ACL_VERDICT_DROP " == 1", ds_cstr(&actions),
                      ref);

        /* Rejecting sends a TCP reset or ICMP error back through the
         * other pipeline: egress from its QoS stage, ingress from L2
         * lookup. */
        ds_truncate(&actions, reset_len);
        ds_put_format(&actions, "reg0 = 0; reject { /* eth.dst <-> eth.src; "
                      "ip.dst <-> ip.src; is implicit. */ outport <-> inport; "
                      "next(pipeline=%s,table=%d); };",
                      ingress ? "egress" : "ingress",
                      ovn_stage_get_table(ingress ? S_SWITCH_OUT_QOS
                                                  : S_SWITCH_IN_L2_LKUP));
        ovn_lflow_metered(lflows, od, stage, 1000,
                          REGBIT_ACL_VERDICT_REJECT " == 1",
                          ds_cstr(&actions), reject_meter, NULL, ref);

        /* No verdict: the default one. */
        ds_truncate(&actions, reset_len);
        ds_put_cstr(&actions, default_drop ? "/* drop */" : "next;");
        ovn_lflow_add(lflows, od, stage, 0, "1", ds_cstr(&actions), ref);

        /* No verdict in this tier: evaluate the next one. */
        for (uint8_t tier = 0; tier < max_tier; tier++) {
            ds_clear(&match);
            ds_put_format(&match, REG_ACL_TIER " == %d", tier);
            ds_clear(&actions);
            ds_put_format(&actions, REG_ACL_TIER " = %d; "
                          "next(pipeline=%s,table=%d);", tier + 1,
                          ingress ? "ingress" : "egress",
                          ovn_stage_get_table(stages[i].eval));
            ovn_lflow_add(lflows, od, stage, 500, ds_cstr(&match),
                          ds_cstr(&actions), ref);
        }
    }
    ds_destroy(&actions);
    ds_destroy(&match);
}

/* Flows of switch 'od' as a whole. */
static void
build_acl_od(const struct ovn_datapath *od,
             const struct lflow_build_input *input,
             struct lflow_table *lflows)
{
    if (!od->nbs) {
        return;
    }
    static const struct ls_acl_summary no_acls;
    const struct ls_acl_info *ls = ls_acl_data_find(input->ls_acls, od);
    const struct ls_acl_summary *s = ls ? &ls->summary : &no_acls;
    struct lflow_ref *ref = od->lflow_ref;

    build_pre_acls(od, s, lflows, ref);
    build_acl_hints(od, s, lflows, ref);
    build_acl_eval(od, s, input, lflows, ref);

    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_SAMPLE, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_OUT_ACL_SAMPLE, 0, "1", "next;", ref);
    ovn_lflow_add(lflows, od, S_SWITCH_IN_ACL_AFTER_LB_SAMPLE, 0, "1",
                  "next;", ref);

    build_acl_action(od, s, input, lflows, ref);
}

/* The family. */
const struct lflow_stage_family ls_acl_family = {
    .name = "ls_acl",
    .build_datapath = build_acl_od,
};
