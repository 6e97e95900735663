/* lr-policy.c: router policies.
 *
 * This module owns the flows of stages lr_in_policy and
 * lr_in_policy_ecmp, which apply a router's Northbound
 * Logical_Router_Policy rows after routing: "allow" (optionally marking
 * the packet with options:pkt_mark), "drop", and "reroute" to one next
 * hop, or to one of several (an ECMP group of the policy stage, members
 * chosen by hash), and "jump" to the policies of another chain.  Next hops
 * whose BFD session (bfd_sessions) is down are left out.  The next hop's
 * port is options' output_port or the first port on whose networks it is.
 *
 * Chains: policies without a "chain" form the main chain, which every
 * routed packet goes through.  The other chains are numbered from 1 in the
 * order of their names; a "jump" stores the number in REG_POLICY_CHAIN and
 * goes through lr_in_policy again.  A chain's policies match on that
 * number and have 32768 added to their priority, so that they (and the
 * chain's own default, "allow", at 32768) take precedence over the main
 * chain's; a router without chains gets exactly the main chain's flows. */

#include <config.h>

#include <string.h>

#include "lib/ovn-nb-idl.h"
#include "northd/lflow-build.h"
#include "northd/lflow-mgr.h"
#include "northd/lr-common.h"
#include "northd/northd.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "smap.h"
#include "svec.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(lr_policy);

/* The chain a packet is going through in lr_in_policy, 0 for the main
 * chain.  Nothing earlier in the router's ingress pipeline writes it. */
#define REG_POLICY_CHAIN "reg6"

/* Flow priorities of a chain's policies start here. */
#define POLICY_CHAIN_PRIORITY_BASE 32768

/* The policy chains of a router: their names, in order (the chain with
 * number N is names.names[N - 1]). */
struct policy_chains {
    struct svec names;          /* Sorted names of the non-main chains. */
};

/* Returns the number of chain 'name' in 'chains', 0 for the main chain
 * (NULL or empty), -1 if no policy is in that chain. */
static int
policy_chain_id(const struct policy_chains *chains, const char *name)
{
    if (!name || !name[0]) {
        return 0;
    }
    size_t lo = 0, hi = chains->names.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = strcmp(name, chains->names.names[mid]);
        if (!cmp) {
            return mid + 1;
        } else if (cmp < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return -1;
}

/* Fills 'chains' with the chains of the policies of router 'nbr'. */
static void
policy_chains_init(struct policy_chains *chains,
                   const struct nbrec_logical_router *nbr)
{
    svec_init(&chains->names);
    for (size_t i = 0; i < nbr->n_policies; i++) {
        const char *chain = nbr->policies[i]->chain;
        if (chain && chain[0]) {
            svec_add(&chains->names, chain);
        }
    }
    svec_sort_unique(&chains->names);
}

/* Finds the port of router 'od' to reach 'nexthop' of 'policy' by, and
 * its address on the next hop's network. */
static const struct ovn_port *
policy_out_port(const struct ovn_datapath *od,
                const struct nbrec_logical_router_policy *policy,
                const char *nexthop, const char **lrp_addr_s)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
    const struct ovn_port *op;

    OVN_DATAPATH_FOR_EACH_PORT (op, od) {
        if (!op->nbrp || op->is_chassisredirect
            || (policy->output_port && op->nbrp != policy->output_port)) {
            continue;
        }
        *lrp_addr_s = lrp_find_member_ip(op, nexthop);
        if (*lrp_addr_s) {
            return op;
        }
    }
    VLOG_WARN_RL(&rl, "No path for routing policy priority %"PRId64
                 " on router %s; next hop %s", policy->priority,
                 od->nbr->name, nexthop);
    return NULL;
}

/* Whether 'nexthop' of 'policy' is usable: no BFD session of the policy
 * watches it, or its session is not down. */
static bool
policy_nexthop_is_up(const struct nbrec_logical_router_policy *policy,
                     const char *nexthop)
{
    for (size_t i = 0; i < policy->n_bfd_sessions; i++) {
        const struct nbrec_bfd *bfd = policy->bfd_sessions[i];
        if (ip_addresses_equal(bfd->dst_ip, nexthop)) {
            return !bfd->status || strcmp(bfd->status, "down");
        }
    }
    return true;
}

/* Appends to 'actions' the pkt.mark action of 'policy', if any. */
static void
put_pkt_mark(const struct nbrec_logical_router_policy *policy,
             struct ds *actions)
{
    uint32_t pkt_mark = smap_get_uint(&policy->options, "pkt_mark", 0);
    if (pkt_mark) {
        ds_put_format(actions, "pkt.mark = %"PRIu32"; ", pkt_mark);
    }
}

/* Appends to 'actions' what sends a packet to 'nexthop' through 'out'. */
static void
put_reroute_actions(const char *nexthop, const char *lrp_addr_s,
                    const struct ovn_port *out, struct ds *actions)
{
    bool v4 = strchr(nexthop, '.') != NULL;
    ds_put_format(actions, "%s = %s; %s = %s; eth.src = %s; outport = %s; "
                  "flags.loopback = 1; ",
                  v4 ? REG_NEXT_HOP_IPV4 : REG_NEXT_HOP_IPV6, nexthop,
                  v4 ? REG_SRC_IPV4 : REG_SRC_IPV6, lrp_addr_s,
                  out->lrp_networks.ea_s, out->json_key);
}

/* Adds the flows of a reroute 'policy' of router 'od' over several next
 * hops 'nexthops' (as ECMP group 'group_id' of the policy stage); its
 * lr_in_policy flow has 'priority' and 'policy_match'. */
static void
build_ecmp_reroute(const struct ovn_datapath *od,
                   const struct nbrec_logical_router_policy *policy,
                   int priority, const char *policy_match,
                   const char **nexthops, size_t n, uint16_t group_id,
                   struct lflow_table *lflows)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < n; i++) {
        const char *lrp_addr_s;
        const struct ovn_port *out = policy_out_port(od, policy, nexthops[i],
                                                     &lrp_addr_s);
        if (!out) {
            goto out;
        }
        ds_clear(&actions);
        put_pkt_mark(policy, &actions);
        put_reroute_actions(nexthops[i], lrp_addr_s, out, &actions);
        ds_put_format(&actions, REGBIT_NEXTHOP_IS_IPV4" = %d; next;",
                      strchr(nexthops[i], '.') != NULL);
        ds_clear(&match);
        ds_put_format(&match, REG_ECMP_GROUP_ID" == %"PRIu16" && "
                      REG_ECMP_MEMBER_ID" == %"PRIuSIZE, group_id, i + 1);
        ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_POLICY_ECMP, 100,
                                ds_cstr(&match), ds_cstr(&actions),
                                &policy->header_, od->lflow_ref);
    }

    ds_clear(&actions);
    ds_put_format(&actions, REG_ECMP_GROUP_ID" = %"PRIu16"; "
                  REG_ECMP_MEMBER_ID" = select(", group_id);
    for (size_t i = 0; i < n; i++) {
        ds_put_format(&actions, "%s%"PRIuSIZE, i ? ", " : "", i + 1);
    }
    ds_put_cstr(&actions, ");");
    ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_POLICY, priority,
                            policy_match, ds_cstr(&actions),
                            &policy->header_, od->lflow_ref);
out:
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Appends to 'actions' what sends a packet through chain 'jump_chain' of
 * 'chains' for 'policy' of router 'od' in chain 'chain_id'.  Returns false
 * (after a warning) if the jump cannot be made. */
static bool
put_jump_actions(const struct ovn_datapath *od,
                 const struct nbrec_logical_router_policy *policy,
                 const struct policy_chains *chains, int chain_id,
                 struct ds *actions)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
    const char *target = policy->jump_chain;
    int target_id = target && target[0] ? policy_chain_id(chains, target)
                                        : -1;
    if (target_id <= 0) {
        VLOG_WARN_RL(&rl, "Routing policy priority %"PRId64" on router %s "
                     "jumps to chain \"%s\", which has no policy",
                     policy->priority, od->nbr->name, target ? target : "");
        return false;
    }
    if (target_id == chain_id) {
        VLOG_WARN_RL(&rl, "Routing policy priority %"PRId64" on router %s "
                     "jumps to its own chain \"%s\"", policy->priority,
                     od->nbr->name, target);
        return false;
    }
    put_pkt_mark(policy, actions);
    ds_put_format(actions, REG_POLICY_CHAIN" = %d; "
                  "next(pipeline=ingress, table=%d);", target_id,
                  ovn_stage_get_table(S_ROUTER_IN_POLICY));
    return true;
}

/* Adds the flows of 'policy' of router 'od', whose chains are 'chains'; a
 * reroute over several next hops takes the next ECMP group id from
 * '*next_group_id'. */
static void
build_policy(const struct ovn_datapath *od,
             const struct nbrec_logical_router_policy *policy,
             const struct policy_chains *chains, uint16_t *next_group_id,
             struct lflow_table *lflows)
{
    struct ds actions = DS_EMPTY_INITIALIZER;
    struct ds chain_match = DS_EMPTY_INITIALIZER;

    /* The flow's priority and match: a chain's policy also matches on the
     * chain. */
    int chain_id = policy_chain_id(chains, policy->chain);
    int priority = policy->priority;
    const char *match = policy->match;
    if (chain_id > 0) {
        priority += POLICY_CHAIN_PRIORITY_BASE;
        ds_put_format(&chain_match, REG_POLICY_CHAIN" == %d && (%s)",
                      chain_id, policy->match);
        match = ds_cstr(&chain_match);
    }

    if (!strcmp(policy->action, "reroute")) {
        /* The next hops that are up, from 'nexthops' or else from the
         * older 'nexthop'. */
        size_t n_all = policy->n_nexthops ? policy->n_nexthops
                                          : policy->nexthop ? 1 : 0;
        const char **nexthops = xcalloc(MAX(n_all, 1), sizeof *nexthops);
        size_t n = 0;
        for (size_t i = 0; i < n_all; i++) {
            const char *nh = (policy->n_nexthops ? policy->nexthops[i]
                              : policy->nexthop);
            if (policy_nexthop_is_up(policy, nh)) {
                nexthops[n++] = nh;
            }
        }
        if (n > 1) {
            build_ecmp_reroute(od, policy, priority, match, nexthops, n,
                               (*next_group_id)++, lflows);
        } else if (n == 1) {
            const char *lrp_addr_s;
            const struct ovn_port *out = policy_out_port(od, policy,
                                                         nexthops[0],
                                                         &lrp_addr_s);
            if (out) {
                put_pkt_mark(policy, &actions);
                put_reroute_actions(nexthops[0], lrp_addr_s, out, &actions);
                ds_put_format(&actions, REG_ECMP_GROUP_ID" = 0; "
                              REGBIT_NEXTHOP_IS_IPV4" = %d; next;",
                              strchr(nexthops[0], '.') != NULL);
                ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_POLICY,
                                        priority, match, ds_cstr(&actions),
                                        &policy->header_, od->lflow_ref);
            }
        }
        free(nexthops);
    } else if (!strcmp(policy->action, "drop")) {
        ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_POLICY, priority,
                                match, "drop;", &policy->header_,
                                od->lflow_ref);
    } else if (!strcmp(policy->action, "allow")) {
        put_pkt_mark(policy, &actions);
        ds_put_cstr(&actions, REG_ECMP_GROUP_ID" = 0; next;");
        ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_POLICY, priority,
                                match, ds_cstr(&actions), &policy->header_,
                                od->lflow_ref);
    } else if (!strcmp(policy->action, "jump")) {
        if (put_jump_actions(od, policy, chains, chain_id, &actions)) {
            ovn_lflow_add_with_hint(lflows, od, S_ROUTER_IN_POLICY,
                                    priority, match, ds_cstr(&actions),
                                    &policy->header_, od->lflow_ref);
        }
    }
    ds_destroy(&chain_match);
    ds_destroy(&actions);
}

/* Flows of router 'od' as a whole. */
static void
build_policy_od(const struct ovn_datapath *od,
                const struct lflow_build_input *input OVS_UNUSED,
                struct lflow_table *lflows)
{
    if (!od->nbr) {
        return;
    }
    ovn_lflow_add(lflows, od, S_ROUTER_IN_POLICY, 0, "1",
                  REG_ECMP_GROUP_ID" = 0; next;", od->lflow_ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_POLICY_ECMP, 150,
                  REG_ECMP_GROUP_ID" == 0", "next;", od->lflow_ref);
    ovn_lflow_add(lflows, od, S_ROUTER_IN_POLICY_ECMP, 0, "1", "drop;",
                  od->lflow_ref);

    struct policy_chains chains;
    policy_chains_init(&chains, od->nbr);

    /* A packet that matches none of a chain's policies is allowed. */
    for (size_t i = 0; i < chains.names.n; i++) {
        char *match = xasprintf(REG_POLICY_CHAIN" == %"PRIuSIZE, i + 1);
        ovn_lflow_add(lflows, od, S_ROUTER_IN_POLICY,
                      POLICY_CHAIN_PRIORITY_BASE, match,
                      REG_ECMP_GROUP_ID" = 0; next;", od->lflow_ref);
        free(match);
    }

    uint16_t next_group_id = 1;
    for (size_t i = 0; i < od->nbr->n_policies; i++) {
        build_policy(od, od->nbr->policies[i], &chains, &next_group_id,
                     lflows);
    }
    svec_destroy(&chains.names);
}

/* The family. */
const struct lflow_stage_family lr_policy_family = {
    .name = "lr_policy",
    .build_datapath = build_policy_od,
};
